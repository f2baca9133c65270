"""Fixtures for the Python binding's tests.

Run by ctest (test py_binding), which sets PYTHONPATH to the build tree's
bindings/python and QALAM_PYTHON_BUILD to the same directory so that the
module under test is the one just built, never an installed copy.
"""

import os
import sys
from datetime import datetime, timedelta, timezone

import pytest

import qalam

KZ = timezone(timedelta(hours=5))
SOURCE_DIR = os.environ.get(
    "QALAM_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__)))))


def pytest_report_header(config):
    return [f"qalam {qalam.__version__} from {qalam.__file__}"]


def pytest_configure(config):
    build = os.environ.get("QALAM_PYTHON_BUILD")
    if build:
        where = os.path.realpath(os.path.dirname(qalam.__file__))
        expected = os.path.realpath(os.path.join(build, "qalam"))
        if where != expected:
            raise pytest.UsageError(
                f"imported qalam from {where}, expected {expected}")


def when(day=13, hour=10, minute=30, month=2, year=2026, tz=KZ):
    return datetime(year, month, day, hour, minute, tzinfo=tz)


@pytest.fixture
def store():
    """An in-memory store at +05:00 with two sections and a base URL."""
    with qalam.Store(":memory:") as s:
        s.offset = timedelta(hours=5)
        s.base_url = "https://qalam.example.kz"
        s.title = "Qalam Times"
        s.add_section("news", "Жаңалықтар", 1)
        s.add_section("world", "Мир", 2)
        yield s


@pytest.fixture
def path(tmp_path):
    """A path for a store file."""
    return tmp_path / "paper.db"


@pytest.fixture
def filled(store):
    """The store with 30 articles: ids 1..30, published an hour apart from
    2026-01-01T00:00Z; odd ones in world only, even ones in news and world;
    every third tagged "economy"."""
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for i in range(30):
        store.add_article(
            title=f"Article {i + 1}", body=f"Body {i + 1} текст",
            sections=["world"] if i % 2 else ["news", "world"],
            tags=["economy"] if i % 3 == 0 else [],
            published=base + timedelta(hours=i))
    return store


def run_python(code, **env):
    """Runs code in a fresh interpreter with this one's environment."""
    import subprocess
    e = dict(os.environ)
    e.update(env)
    return subprocess.run([sys.executable, "-c", code], env=e,
                          capture_output=True, text=True, timeout=300)
