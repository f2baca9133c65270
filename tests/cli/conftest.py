"""Fixtures for the tests of the qalam command-line tool.

Run through ctest, or by hand:
    python3 -m pytest tests/cli --qalam=build/qalam --source-dir=.
"""
import os
import pathlib
import subprocess

import pytest


def pytest_addoption(parser):
    parser.addoption("--qalam", default=os.environ.get("QALAM_CLI"),
                     help="the qalam binary to test")
    parser.addoption("--source-dir", default=os.environ.get("QALAM_SOURCE_DIR"),
                     help="the top of the source tree (for examples/newspaper)")


@pytest.fixture(scope="session")
def qalam_bin(request):
    path = request.config.getoption("--qalam")
    if not path:
        pytest.exit("give the binary with --qalam=PATH (or QALAM_CLI)", 2)
    return str(pathlib.Path(path).resolve())


@pytest.fixture(scope="session")
def newspaper(request):
    src = request.config.getoption("--source-dir")
    if not src:
        src = pathlib.Path(__file__).resolve().parents[2]
    return pathlib.Path(src).resolve() / "examples" / "newspaper"


class Qalam:
    """Runs the tool in a temporary directory with a clean environment."""

    def __init__(self, binary, cwd):
        self.binary = binary
        self.cwd = cwd
        self.env = {k: v for k, v in os.environ.items() if k != "QALAM_DB"}

    def __call__(self, *args, input=None, env=None, stderr=subprocess.PIPE,
                 stdout=subprocess.PIPE, check=None):
        full_env = dict(self.env)
        full_env.update(env or {})
        if isinstance(input, str):
            input = input.encode()
        proc = subprocess.run([self.binary, *map(str, args)], input=input,
                              stdout=stdout, stderr=stderr, cwd=self.cwd,
                              env=full_env, timeout=60)
        result = Result(proc)
        if check is not None:
            assert result.code == check, result.describe()
        return result


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.raw = proc.stdout or b""
        self.out = self.raw.decode("utf-8", "replace")
        self.err = (proc.stderr or b"").decode("utf-8", "replace")

    def describe(self):
        return f"exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"


@pytest.fixture
def qalam(qalam_bin, tmp_path):
    return Qalam(qalam_bin, tmp_path)


@pytest.fixture
def store(qalam):
    """An empty store ./qalam.db with the newsroom's settings."""
    qalam("init", "--title", "Enbekshi QazaQ", "--base-url",
          "https://enbekshi.example.kz", "--lang", "en", "--offset", "+05:00",
          check=0)
    return qalam.cwd / "qalam.db"


@pytest.fixture
def paper(qalam, newspaper):
    """`qalam init`, then the sample newspaper imported: its _site.yaml and
    _sections.yaml give the settings and the sections News and Society."""
    qalam("init", check=0)
    r = qalam("import", newspaper, check=0)
    assert r.out == "imported 5, updated 0, failed 0\n", r.describe()
    return qalam.cwd / "qalam.db"


@pytest.fixture
def base_url(qalam, paper):
    """The store's base URL, as `qalam init` shows it."""
    out = qalam("init", check=0).out
    url = out.split("base-url: ", 1)[1].split("\n", 1)[0]
    assert url.startswith("https://"), out
    return url
