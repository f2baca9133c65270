"""Builds the qalam package against an installed libqalam.

    pip install bindings/python --no-build-isolation

finds the library with pkg-config (set PKG_CONFIG_PATH for a prefix
outside the default search path) or with QALAM_INCLUDE_DIR and
QALAM_LIBRARY_DIR. The library's directory is recorded as the module's
run-time search path unless it is a system directory (or QALAM_RPATH=0).
The package version is the library's. See docs/python.md.
"""

import os
import subprocess
import sys

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_ffi  # noqa: E402


def pkg_config(*args):
    try:
        return subprocess.run(["pkg-config", *args, "qalam"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or str(e)
        sys.exit("qalam: libqalam not found with pkg-config "
                 f"({detail.strip()}); install it, set PKG_CONFIG_PATH, or "
                 "set QALAM_INCLUDE_DIR and QALAM_LIBRARY_DIR")


include_dir = os.path.normpath(os.environ.get("QALAM_INCLUDE_DIR") or
                               pkg_config("--variable=includedir"))
library_dir = os.path.normpath(os.environ.get("QALAM_LIBRARY_DIR") or
                               pkg_config("--variable=libdir"))
system = library_dir.rstrip("/") in ("/usr/lib", "/lib", "/usr/lib64",
                                     "/lib64") or \
    library_dir.startswith(("/usr/lib/", "/lib/"))
rpath = [] if system or os.environ.get("QALAM_RPATH") == "0" else \
    [library_dir]


def library_version():
    with open(os.path.join(include_dir, "qalam", "version.h")) as f:
        for line in f:
            if line.startswith("#define QALAM_VERSION_STRING"):
                return line.split('"')[1]
    sys.exit(f"qalam: no QALAM_VERSION_STRING in {include_dir}")


ffibuilder = build_ffi.make_builder([include_dir], [library_dir], rpath)
setup(version=library_version(),
      ext_modules=[ffibuilder.distutils_extension(
          os.path.join("build", "cffi"))])
