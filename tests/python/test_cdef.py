"""The module's declarations are generated from the headers, and match
them: a header that changes without the module being rebuilt, a function
the generator misses, or a symbol of the library the module cannot reach
fails here."""

import importlib.util
import os
import re
import shutil
import subprocess

import pytest

from conftest import SOURCE_DIR
from qalam._qalam import ffi, lib

INCLUDE = os.path.join(SOURCE_DIR, "include")
BUILD_INCLUDE = os.environ.get("QALAM_BUILD_INCLUDE")


def load_builder():
    path = os.path.join(SOURCE_DIR, "bindings", "python", "build_ffi.py")
    spec = importlib.util.spec_from_file_location("build_ffi", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_ffi = load_builder()
needs_build_include = pytest.mark.skipif(
    not BUILD_INCLUDE, reason="QALAM_BUILD_INCLUDE (generated version.h) "
    "not set; run through ctest")


def headers():
    for root, _, files in os.walk(INCLUDE):
        for name in sorted(files):
            if name.endswith((".h", ".h.in")):
                yield os.path.join(root, name)


def api_functions():
    """QALAM_API function names, found independently of the generator."""
    names = set()
    for h in headers():
        text = open(h, encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        for m in re.finditer(r"QALAM_API\s[^;(]*?\b(qalam_\w+)\s*\(", text):
            names.add(m.group(1))
    return names


def numeric_macros():
    names = set()
    for h in headers():
        for line in open(h, encoding="utf-8"):
            m = re.match(r"#define (QALAM_\w+)\s+([^\s\\].*)$", line)
            if m and not m.group(2).startswith(('"', "{", "@")) and \
                    m.group(1) not in ("QALAM_API", "QALAM_BEGIN_DECL",
                                        "QALAM_END_DECL"):
                names.add(m.group(1))
    return names


@needs_build_include
def test_module_was_built_from_the_headers_as_they_are():
    current = build_ffi.generate_cdef([INCLUDE, BUILD_INCLUDE])
    built = ffi.string(lib._qalam_py_cdef).decode("utf-8")
    assert built.strip() == current.strip(), (
        "the headers changed since qalam._qalam was built: rebuild it")


def test_every_api_function_is_reachable():
    functions = api_functions()
    assert len(functions) > 80
    missing = sorted(f for f in functions if not hasattr(lib, f))
    assert missing == []


def test_every_numeric_macro_is_reachable():
    macros = numeric_macros()
    assert {"QALAM_SLUG_MAX", "QALAM_QUERY_VERSION", "QALAM_MD_UNSAFE",
            "QALAM_TIME_MIN", "QALAM_STORE_READONLY"} <= macros
    missing = sorted(m for m in macros if not hasattr(lib, m))
    assert missing == []
    assert lib.QALAM_SLUG_MAX == 80
    assert lib.QALAM_TIME_MIN == -62135596800


def test_every_exported_symbol_is_reachable():
    library = os.environ.get("QALAM_LIBRARY")
    nm = shutil.which("nm")
    if not library or not nm:
        pytest.skip("QALAM_LIBRARY or nm not available")
    out = subprocess.run([nm, "-D", "--defined-only", library],
                         capture_output=True, text=True, check=True).stdout
    symbols = {line.split()[-1].split("@")[0] for line in out.splitlines()
               if " T " in line}
    assert symbols, out
    assert sorted(s for s in symbols if not hasattr(lib, s)) == []
    assert symbols == api_functions()


def test_structs_match_the_headers():
    # The compiler checked the layout at build time; these are the sizes it
    # saw, so a struct that grew in the header shows up here too.
    q = ffi.new("qalam_query *")
    assert lib.qalam_query_init(q, lib.QALAM_QUERY_VERSION) == 0
    assert q.version == lib.QALAM_QUERY_VERSION and q.limit == 0
    assert ffi.sizeof("qalam_query") >= 11 * 4


def write(root, name, text):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def fake_tree(tmp_path, extra=""):
    """A copy of include/ with one more declaration in store.h."""
    root = str(tmp_path / "include")
    shutil.copytree(INCLUDE, root)
    if BUILD_INCLUDE:
        shutil.copy(os.path.join(BUILD_INCLUDE, "qalam", "version.h"),
                    os.path.join(root, "qalam", "version.h"))
    else:
        text = open(os.path.join(root, "qalam", "version.h.in")).read()
        write(root, "qalam/version.h", re.sub(r"@\w+@", "1", text))
    store_h = os.path.join(root, "qalam", "store.h")
    text = open(store_h).read().replace(
        "QALAM_END_DECL", extra + "\nQALAM_END_DECL")
    write(root, "qalam/store.h", text)
    return root


def test_generator_follows_the_headers(tmp_path):
    root = fake_tree(tmp_path, """
/* A new function. */
#define QALAM_STORE_NEW_FLAG (1u << 5)
#define QALAM_STORE_NAME "text"
#define QALAM_STORE_INIT {0, 0}
#define QALAM_STORE_MAX(a, b) ((a) > (b) ? (a) : (b))
#ifdef SOMETHING
QALAM_API int qalam_hidden(void);
#endif
QALAM_API int qalam_store_vacuum(qalam_store *store,
                                 unsigned int flags); // trailing
""")
    cdef = build_ffi.generate_cdef([root])
    assert "int qalam_store_vacuum(qalam_store *store,\n" in cdef
    assert "#define QALAM_STORE_NEW_FLAG ...\n" in cdef
    for absent in ("QALAM_API", "QALAM_BEGIN_DECL", "qalam_hidden",
                   "QALAM_STORE_NAME", "QALAM_STORE_INIT", "QALAM_STORE_MAX",
                   "#include", "trailing", "/*", "#ifndef", "QALAM_STORE_H"):
        assert absent not in cdef, absent
    # the generated cdef is valid for cffi
    import cffi
    cffi.FFI().cdef(cdef)
    # and the module under test does not have the new function: the drift
    # test above would fail against such headers
    assert not hasattr(lib, "qalam_store_vacuum")
    assert cdef != build_ffi.generate_cdef([fake_tree(tmp_path / "b")])


def test_generator_refuses_an_unconfigured_version_header(tmp_path):
    root = str(tmp_path / "include")
    shutil.copytree(INCLUDE, root)
    with pytest.raises(ValueError, match="unconfigured"):
        # version.h missing: only version.h.in exists
        shutil.copy(os.path.join(root, "qalam", "version.h.in"),
                    os.path.join(root, "qalam", "version.h"))
        build_ffi.generate_cdef([root])


def test_generator_reports_a_missing_header(tmp_path):
    root = fake_tree(tmp_path)
    os.remove(os.path.join(root, "qalam", "text.h"))
    with pytest.raises(FileNotFoundError, match="text.h"):
        build_ffi.generate_cdef([root])
