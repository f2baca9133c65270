"""Runs one half of the XSS suite under pytest, or exits 77 (skipped) when
what it needs is missing (docs/security.md).

usage: /usr/bin/python3 tests/xss/run.py markdown|portal SOURCE_DIR BUILD_DIR
"""

import importlib.util
import os
import shutil
import sys


def skip(why):
    print(f"skipped: {why}")
    sys.exit(77)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("markdown", "portal"):
        sys.exit(__doc__)
    half, source, build = sys.argv[1], *map(os.path.abspath, sys.argv[2:])
    binding = os.path.join(build, "bindings", "python")
    if not os.path.isdir(os.path.join(binding, "qalam")):
        skip(f"the Python binding is not built in {binding}")
    sys.path.insert(0, binding)
    os.environ["PYTHONPATH"] = binding
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    os.environ["QALAM_SOURCE_DIR"] = source
    os.environ["QALAM_BUILD_DIR"] = build
    if importlib.util.find_spec("pytest") is None:
        skip("pytest is missing (python3-pytest)")
    if half == "portal":
        portal = os.path.join(source, "examples", "portal", "portal.lua")
        if not os.path.isfile(portal):
            skip(f"the portal is missing ({portal})")
        if not os.path.isfile(os.path.join(build, "lua", "qalam.so")):
            skip("the Lua module is not built (liblua5.4-dev)")
        lua = shutil.which("lua5.4")
        if not lua:
            skip("lua5.4 is missing")
        chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
        if not chromium:
            skip("chromium is missing (Debian: chromium)")
        if importlib.util.find_spec("websocket") is None:
            skip("python3-websocket is missing")
        os.environ["QALAM_XSS_CHROMIUM"] = chromium
        os.environ["QALAM_XSS_LUA"] = lua
    import pytest
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-rs",
                          "-W", "ignore::DeprecationWarning",
                          os.path.join(here, f"test_xss_{half}.py")]))


if __name__ == "__main__":
    main()
