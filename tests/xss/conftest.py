"""Shared by both halves of the XSS suite: the corpus, and the figures
printed at the end of a run."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xsscheck  # noqa: E402

FIGURES = {}


@pytest.fixture(scope="session")
def corpus():
    return xsscheck.load_corpus()


def pytest_terminal_summary(terminalreporter):
    for line in FIGURES.values():
        terminalreporter.write_line(line)
