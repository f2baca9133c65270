#!/usr/bin/python3
"""Builds qalam's cffi extension module, ``qalam._qalam``.

The declarations handed to cffi (the *cdef*) are generated from the public
headers every time the module is built, never kept by hand: the headers are
read from ``qalam.h`` down through its ``#include "..."`` lines (plus
``qalam/sys/alloc.h``), comments and preprocessor plumbing (include guards,
``#include``, the ``QALAM_API`` and ``QALAM_BEGIN_DECL`` definitions) are
dropped, the declarations are kept as they are, and every object-like macro
with a numeric value becomes a cdef ``#define NAME ...`` line whose value
the C compiler takes from the real header.

The module is compiled in cffi's out-of-line API mode against the same
headers and linked with libqalam, so the compiler checks every declaration.

Used three ways:

* by CMake (``bindings/python/CMakeLists.txt``) to build the module into the
  build tree against the library just built;
* by ``setup.py`` (``pip install bindings/python``) against an installed
  library found with pkg-config;
* by the tests, which call :func:`generate_cdef` to check that the module
  they import was built from the headers as they are now.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

# Headers read besides those qalam.h includes.
EXTRA_HEADERS = ("qalam/sys/alloc.h",)

# Callbacks the binding implements in Python (qalam/files.h's import
# callbacks). They are the binding's own declarations, not the library's.
PYTHON_CALLBACKS = """
extern "Python" int _qalam_py_import_error(const char *, size_t, int,
                                           const char *, void *);
extern "Python" int _qalam_py_import_progress(size_t, size_t, void *);
"""

SOURCE = """
#include <qalam.h>
#include <qalam/sys/alloc.h>
"""

# The generated cdef is compiled into the module too, so that the tests can
# check that the module they import matches the headers as they are now.
CDEF_CONSTANT = "static const char *const _qalam_py_cdef;\n"


def _c_string(text: str) -> str:
    """``text`` as a C string literal (ASCII, octal escapes)."""
    parts = []
    for line in text.encode("utf-8").split(b"\n"):
        esc = "".join(
            chr(b) if 0x20 <= b < 0x7f and b not in (0x22, 0x5c, 0x3f)
            else "\\%03o" % b for b in line)
        parts.append('"%s\\n"' % esc)
    return "\n".join(parts)


_PLUMBING = re.compile(r"\b(QALAM_API|QALAM_BEGIN_DECL|QALAM_END_DECL)\b")
_DEFINE = re.compile(r"#\s*define\s+([A-Za-z_]\w*)(\(?)\s*(.*)$")
_INCLUDE = re.compile(r'#\s*include\s+(["<])([^">]+)[">]')
_CONDITIONAL_OPEN = re.compile(r"#\s*(if|ifdef|ifndef)\b")
_CONDITIONAL_CLOSE = re.compile(r"#\s*endif\b")


def _strip_comments(text: str) -> str:
    """Removes C comments, keeping string literals and line structure."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ValueError("unterminated comment")
            out.append("\n" * text.count("\n", i, j) or " ")
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _logical_lines(text: str) -> list[str]:
    """Joins backslash-continued lines."""
    return text.replace("\\\n", " ").split("\n")


def _numeric_macro(value: str) -> bool:
    """True for a macro the C compiler can evaluate as an integer constant:
    not empty, not a string, not a braced initialiser."""
    value = value.strip()
    return bool(value) and not value.startswith(('"', "{", "'"))


def _find(name: str, include_dirs: list[str], current_dir: str | None):
    candidates = ([current_dir] if current_dir else []) + list(include_dirs)
    for d in candidates:
        path = os.path.join(d, name)
        if os.path.isfile(path):
            return os.path.normpath(path)
    raise FileNotFoundError(
        f"header {name!r} not found in {', '.join(candidates)}")


def generate_cdef(include_dirs: list[str], skip: frozenset[str] = frozenset()
                  ) -> str:
    """The cdef for qalam's public headers found in ``include_dirs``.

    ``skip`` names functions to leave out (for building against a library
    that does not have them yet); it is empty for every real build.
    """
    seen: set[str] = set()
    out: list[str] = []

    def process(path: str) -> None:
        if path in seen:
            return
        seen.add(path)
        with open(path, encoding="utf-8") as f:
            text = _strip_comments(f.read())
        if "@" in text and re.search(r"@\w+@", text):
            raise ValueError(f"{path} is an unconfigured template; pass the "
                             "build tree's include directory too")
        depth = 0          # conditional nesting; 1 is the include guard
        decls: list[str] = []
        for line in _logical_lines(text):
            s = line.strip()
            if not s.startswith("#"):
                if depth <= 1 and s:
                    decls.append(line.rstrip())
                continue
            if _CONDITIONAL_OPEN.match(s):
                depth += 1
                continue
            if _CONDITIONAL_CLOSE.match(s):
                depth -= 1
                continue
            if depth > 1:
                continue   # #else branches, #if blocks: plumbing only
            m = _INCLUDE.match(s)
            if m:
                if decls:
                    out.append(_join(decls, skip))
                    decls = []
                if m.group(1) == '"':
                    process(_find(m.group(2), include_dirs,
                                  os.path.dirname(path)))
                continue
            m = _DEFINE.match(s)
            if m:
                name, paren, value = m.groups()
                if not paren and name.startswith("QALAM_") and \
                        not _PLUMBING.fullmatch(name) and \
                        _numeric_macro(value):
                    decls.append(f"#define {name} ...")
                continue
            # #error, #pragma, #undef: nothing to declare
        if decls:
            out.append(_join(decls, skip))

    for name in ("qalam.h",) + EXTRA_HEADERS:
        process(_find(name, include_dirs, None))
    return "\n".join(out) + "\n"


def _join(lines: list[str], skip: frozenset[str]) -> str:
    text = "\n".join(lines)
    text = _PLUMBING.sub("", text)
    if skip:
        for name in skip:
            text = re.sub(r"[^;{}]*\b%s\s*\([^;]*\);" % re.escape(name), "",
                          text)
    # Drop the blank lines left behind.
    return "\n".join(l for l in text.split("\n") if l.strip())


def make_builder(include_dirs: list[str], library_dirs: list[str],
                 rpath: list[str] | None = None,
                 skip: frozenset[str] = frozenset()):
    """A cffi FFI builder for ``qalam._qalam``."""
    import cffi

    include_dirs = [os.path.abspath(d) for d in include_dirs]
    library_dirs = [os.path.abspath(d) for d in library_dirs]
    cdef = generate_cdef(include_dirs, skip)
    ffibuilder = cffi.FFI()
    ffibuilder.cdef(cdef + PYTHON_CALLBACKS + CDEF_CONSTANT)
    source = (SOURCE + "static const char *const _qalam_py_cdef =\n"
              + _c_string(cdef.rstrip("\n")) + ";\n")
    ffibuilder.set_source(
        "qalam._qalam", source,
        include_dirs=list(include_dirs),
        library_dirs=list(library_dirs),
        runtime_library_dirs=list(rpath or []),
        libraries=["qalam"])
    return ffibuilder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-I", "--include", action="append", default=[],
                   help="directory holding qalam.h (repeat for the build "
                        "tree's generated qalam/version.h)")
    p.add_argument("-L", "--libdir", action="append", default=[],
                   help="directory holding libqalam.so")
    p.add_argument("--rpath", action="append", default=[],
                   help="run-time search path to record in the module")
    p.add_argument("--out", required=True,
                   help="directory that gets qalam/_qalam.*.so")
    p.add_argument("--print-cdef", action="store_true",
                   help="print the generated cdef and exit")
    p.add_argument("--skip", default=os.environ.get("QALAM_CDEF_SKIP", ""),
                   help="comma-separated functions to leave out "
                        "(development only)")
    args = p.parse_args(argv)
    skip = frozenset(filter(None, args.skip.split(",")))
    if args.print_cdef:
        sys.stdout.write(generate_cdef(args.include, skip))
        return 0
    builder = make_builder(args.include, args.libdir, args.rpath, skip)
    os.makedirs(args.out, exist_ok=True)
    builder.compile(tmpdir=args.out, verbose=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
