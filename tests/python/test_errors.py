"""Every return code maps to its exception class, with the library's
message read right after the failing call."""

import sqlite3
import textwrap

import pytest

import qalam
from qalam._errors import check, make_error
from qalam._qalam import lib
from conftest import run_python

CODES = [
    (lib.QALAM_EINVAL, qalam.InvalidInput, ValueError),
    (lib.QALAM_EUTF8, qalam.InvalidInput, ValueError),
    (lib.QALAM_ENOTFOUND, qalam.NotFound, KeyError),
    (lib.QALAM_EEXISTS, qalam.Conflict, qalam.Error),
    (lib.QALAM_ENOMEM, qalam.OutOfMemory, MemoryError),
    (lib.QALAM_EIO, qalam.FileError, OSError),
    (lib.QALAM_EBUSY, qalam.Busy, qalam.Error),
    (lib.QALAM_ECORRUPT, qalam.Corrupt, qalam.Error),
    (lib.QALAM_ESCHEMA, qalam.SchemaError, qalam.Error),
    (lib.QALAM_EREADONLY, qalam.ReadOnly, qalam.Error),
]


@pytest.mark.parametrize("code,cls,builtin", CODES)
def test_each_code_has_its_class(code, cls, builtin):
    error = make_error(code, "a message")
    assert type(error) is cls
    assert isinstance(error, qalam.Error) and isinstance(error, builtin)
    assert error.code == code
    assert str(error) == "a message"
    with pytest.raises(cls):
        check(code)


def test_every_code_in_the_header_is_mapped():
    codes = {v for k, v in vars(lib).items()
             if k.startswith("QALAM_E") and isinstance(v, int)}
    assert codes == {c for c, _, _ in CODES}


def test_unknown_code_is_the_base_class():
    error = make_error(-55)
    assert type(error) is qalam.Error and error.code == -55
    assert str(error)  # falls back to qalam_strerror()


def test_success_does_not_raise():
    check(0)
    check(1)


def test_strerror():
    assert qalam.strerror(lib.QALAM_ENOTFOUND).startswith("QALAM_ENOTFOUND")
    assert qalam.strerror(12345) == "unknown error"


def test_message_is_the_library_message():
    with pytest.raises(qalam.InvalidInput) as info:
        qalam.parse_date("31.02.2026")
    assert str(info.value) == ("invalid date '31.02.2026': day 31 is out of "
                               "range for February 2026")
    assert info.value.code == lib.QALAM_EINVAL


def test_not_found_is_a_key_error_with_a_plain_message(store):
    with pytest.raises(KeyError) as info:
        store.article(404)
    assert isinstance(info.value, qalam.NotFound)
    assert info.value.code == lib.QALAM_ENOTFOUND
    assert str(info.value) == "no article 404"  # not KeyError's repr


def test_invalid_utf8_is_invalid_input():
    with pytest.raises(qalam.InvalidInput) as info:
        qalam.slugify("bad \udc80 surrogate")
    assert info.value.code == lib.QALAM_EUTF8
    assert "UTF-8" in str(info.value)


def test_nul_is_refused_before_c():
    with pytest.raises(qalam.InvalidInput, match="NUL") as info:
        qalam.html_escape("a\0b")
    assert info.value.code == lib.QALAM_EINVAL


def test_conflict(store):
    with pytest.raises(qalam.Conflict, match="news"):
        store.add_section("news", "Again")


def test_file_error(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(qalam.FileError) as info:
        store.export_markdown(blocker / "sub")
    assert isinstance(info.value, OSError)
    assert info.value.code == lib.QALAM_EIO
    with pytest.raises(qalam.FileError):
        qalam.Store(tmp_path / "missing" / "dir" / "x.db")


def test_read_only(path):
    qalam.Store(path).close()
    with qalam.Store(path, readonly=True) as ro:
        with pytest.raises(qalam.ReadOnly):
            ro.title = "x"
        with pytest.raises(qalam.ReadOnly):
            ro.add_section("a", "A")
        with pytest.raises(qalam.ReadOnly):
            ro.add_article(title="x")


def test_not_found_opening_read_only(tmp_path):
    with pytest.raises(qalam.NotFound):
        qalam.Store(tmp_path / "nothing.db", readonly=True)


def test_corrupt(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all\n" * 100)
    with pytest.raises(qalam.Corrupt):
        qalam.Store(junk)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    with pytest.raises(qalam.Corrupt):
        qalam.Store(other)


def test_schema_error(path):
    qalam.Store(path).close()
    con = sqlite3.connect(path)
    con.execute("pragma user_version = 99")
    con.commit()
    con.close()
    with pytest.raises(qalam.SchemaError):
        qalam.Store(path)


def test_busy(path):
    with qalam.Store(path) as s:
        s.add_section("news", "News")
    con = sqlite3.connect(path, timeout=0, isolation_level=None)
    con.execute("begin immediate")
    try:
        with qalam.Store(path) as s:
            with pytest.raises(qalam.Busy):
                s.title = "blocked"   # waits the 5 s busy timeout
    finally:
        con.execute("rollback")
        con.close()


ALLOCATOR = textwrap.dedent("""
    import cffi, gc, sys
    from qalam._qalam import ffi, lib
    c = cffi.FFI()
    c.cdef("void *malloc(size_t); void *realloc(void *, size_t);"
           "void free(void *);")
    libc = c.dlopen(None)
    state = {"fail": False, "live": set()}

    def addr(p):
        return int(c.cast("uintptr_t", p))

    @ffi.callback("void *(size_t, void *)")
    def my_malloc(n, payload):
        if state["fail"]:
            return ffi.NULL
        p = addr(libc.malloc(n))
        state["live"].add(p)
        return ffi.cast("void *", p)

    @ffi.callback("void *(void *, size_t, void *)")
    def my_realloc(old, n, payload):
        if state["fail"]:
            return ffi.NULL
        o = int(ffi.cast("uintptr_t", old))
        p = addr(libc.realloc(c.cast("void *", o), n))
        if p:
            state["live"].discard(o)
            state["live"].add(p)
        return ffi.cast("void *", p)

    @ffi.callback("void (void *, void *)")
    def my_free(p, payload):
        o = int(ffi.cast("uintptr_t", p))
        state["live"].discard(o)
        libc.free(c.cast("void *", o))

    allocator = ffi.new("qalam_allocator *")
    allocator.version = lib.QALAM_ALLOCATOR_VERSION
    allocator.malloc = my_malloc
    allocator.realloc = my_realloc
    allocator.free = my_free
    assert lib.qalam_set_allocator(allocator) == 0
    import qalam
""")


def test_out_of_memory():
    result = run_python(ALLOCATOR + textwrap.dedent("""
        state["fail"] = True
        try:
            qalam.slugify("Сәлем")
        except qalam.OutOfMemory as e:
            assert isinstance(e, MemoryError) and isinstance(e, qalam.Error)
            assert e.code == lib.QALAM_ENOMEM, e.code
            print("ENOMEM:", e)
        state["fail"] = False
        assert qalam.slugify("Сәлем") == "salem"
        print("ok")
    """))
    assert result.returncode == 0, result.stderr
    assert "ENOMEM:" in result.stdout and "ok" in result.stdout
