"""Runs make_feeds once for the session; its path comes from --make-feeds
or the MAKE_FEEDS environment variable."""
import os
import subprocess

import pytest


def pytest_addoption(parser):
    parser.addoption("--make-feeds", default=os.environ.get("MAKE_FEEDS"),
                     help="path of the make_feeds program")


@pytest.fixture(scope="session")
def feeds_dir(request, tmp_path_factory):
    program = request.config.getoption("--make-feeds")
    if not program:
        pytest.fail("pass --make-feeds=PATH (or set MAKE_FEEDS)")
    out = tmp_path_factory.mktemp("feeds")
    subprocess.run([program, str(out)], check=True)
    return out
