"""Fixtures of the portal tests (examples/portal).

Run through ctest (`ctest -R portal`), or by hand from the top of the tree:
    /usr/bin/python3 -m pytest tests/portal --lua=lua5.4 --cpath=build/lua
"""
import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
TOP = HERE.parents[1]


def pytest_addoption(parser):
    parser.addoption("--lua", default=os.environ.get("QALAM_LUA", "lua5.4"),
                     help="the Lua 5.4 interpreter")
    parser.addoption("--cpath", default=os.environ.get("QALAM_LUA_CPATH"),
                     help="the folder holding the built qalam.so")
    parser.addoption("--source-dir", default=str(TOP),
                     help="the top of the source tree")
    parser.addoption("--preload", default=os.environ.get("QALAM_LUA_PRELOAD"),
                     help="a library to LD_PRELOAD into lua (the ASan runtime)")
    parser.addoption("--chromium", default=os.environ.get("QALAM_CHROMIUM"),
                     help="the Chromium binary (default: chromium on PATH)")


class Lua:
    """Runs the portal and Lua snippets with the built module."""

    def __init__(self, config):
        self.lua = config.getoption("--lua")
        cpath = config.getoption("--cpath")
        if not cpath:
            pytest.exit("give the module's folder with --cpath=DIR", 2)
        self.src = pathlib.Path(config.getoption("--source-dir")).resolve()
        self.env = dict(os.environ)
        self.env["LUA_CPATH"] = str(pathlib.Path(cpath).resolve() / "?.so") + ";;"
        self.env["LUA_PATH"] = str(HERE / "?.lua") + ";;"
        preload = config.getoption("--preload")
        if preload:
            self.env["LD_PRELOAD"] = preload
        self.portal_lua = self.src / "examples" / "portal" / "portal.lua"
        self.newspaper = self.src / "examples" / "newspaper"

    def run(self, code, *args):
        """Runs a Lua snippet (with `h` the helpers) and returns its stdout;
        a snippet that prints JSON gets it parsed."""
        script = "local h = require 'helpers'\nlocal qalam = h.qalam\n" + code
        p = subprocess.run([self.lua, "-", *map(str, args)], input=script,
                           capture_output=True, text=True, env=self.env)
        assert p.returncode == 0, p.stderr
        out = p.stdout.strip()
        if out.startswith(("{", "[")):
            return json.loads(out)
        return out

    def portal(self, store, out, *options, check=True):
        p = subprocess.run([self.lua, str(self.portal_lua), *options,
                            str(store), str(out)],
                           capture_output=True, text=True, env=self.env)
        if check:
            assert p.returncode == 0, p.stderr + p.stdout
        return p

    def build(self, store, out, *options):
        """Builds and returns the counts the portal printed."""
        p = self.portal(store, out, *options)
        return counts(p.stdout)

    def sample(self, path):
        self.run("h.sample(arg[1], arg[2]):close()", path, self.newspaper)
        return path

    def articles(self, store):
        return self.run("local s <close> = h.open(arg[1])\n"
                        "h.print(h.articles(s))", store)


COUNTS = re.compile(r"pages: (\d+) written, (\d+) skipped; other files: "
                    r"(\d+) written, (\d+) skipped; removed: (\d+)")


def counts(stdout):
    m = COUNTS.search(stdout)
    assert m, stdout
    keys = ("pages_written", "pages_skipped", "files_written",
            "files_skipped", "removed")
    return dict(zip(keys, map(int, m.groups())))


@pytest.fixture(scope="session")
def lua(request):
    return Lua(request.config)


@pytest.fixture(scope="session")
def sample_site(lua, tmp_path_factory):
    """The sample newspaper's store and site, built once (read-only)."""
    d = tmp_path_factory.mktemp("sample")
    store = lua.sample(d / "sample.db")
    lua.build(store, d / "site")
    return store, d / "site"


# -- a small DOM from html.parser, enough to query the pages -------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.attrs.get("class", "").split():
                continue
            if any(n.attrs.get(k) != v for k, v in attrs.items()):
                continue
            yield n

    def find(self, tag=None, cls=None, **attrs):
        return next(self.find_all(tag, cls, **attrs), None)


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        assert n is not self.root, f"stray </{tag}>"
        self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    b = Builder()
    b.feed(pathlib.Path(path).read_text(encoding="utf-8"))
    b.close()
    assert b.cur is b.root, f"{path}: unclosed <{b.cur.tag}>"
    return b.root


def squash(text):
    return " ".join(text.split())


def chromium_binary(config):
    return config.getoption("--chromium") or shutil.which("chromium")
