"""Exceptions, and the one function that turns a return code into one."""

from __future__ import annotations

from ._qalam import ffi, lib

__all__ = [
    "Error", "InvalidInput", "NotFound", "Conflict", "OutOfMemory",
    "FileError", "Busy", "Corrupt", "SchemaError", "ReadOnly", "Closed",
    "strerror",
]


class Error(Exception):
    """Base class of every error qalam raises.

    ``str(error)`` is the library's message (``qalam_error_message()``),
    ``error.code`` the ``QALAM_E*`` code (an ``int``; ``None`` for
    :class:`Closed`, which the binding raises itself).
    """

    code: int | None = None

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidInput(Error, ValueError):
    """Invalid argument or input (``QALAM_EINVAL``), or text that is not
    valid UTF-8 (``QALAM_EUTF8``; ``code`` tells them apart). Also raised
    before calling C for a ``str`` holding a NUL character and for a naive
    ``datetime``."""


class NotFound(Error, KeyError):
    """The thing asked for does not exist (``QALAM_ENOTFOUND``)."""


class Conflict(Error):
    """It already exists, e.g. a duplicate slug (``QALAM_EEXISTS``)."""


class OutOfMemory(Error, MemoryError):
    """An allocation failed (``QALAM_ENOMEM``)."""


class FileError(Error, OSError):
    """Reading or writing a file failed (``QALAM_EIO``)."""


class Busy(Error):
    """The store is locked by another writer (``QALAM_EBUSY``)."""


class Corrupt(Error):
    """The data is damaged or not what it claims (``QALAM_ECORRUPT``)."""


class SchemaError(Error):
    """The store's schema is unknown or newer than this library
    (``QALAM_ESCHEMA``)."""


class ReadOnly(Error):
    """A write to a store opened read-only (``QALAM_EREADONLY``)."""


class Closed(Error):
    """A store, or something obtained from it, used after ``close()``."""


_CLASSES: dict[int, type[Error]] = {
    lib.QALAM_EINVAL: InvalidInput,
    lib.QALAM_EUTF8: InvalidInput,
    lib.QALAM_ENOTFOUND: NotFound,
    lib.QALAM_EEXISTS: Conflict,
    lib.QALAM_ENOMEM: OutOfMemory,
    lib.QALAM_EIO: FileError,
    lib.QALAM_EBUSY: Busy,
    lib.QALAM_ECORRUPT: Corrupt,
    lib.QALAM_ESCHEMA: SchemaError,
    lib.QALAM_EREADONLY: ReadOnly,
}


def strerror(code: int) -> str:
    """The name and meaning of a return code, e.g.
    ``'QALAM_ENOTFOUND: not found'`` (``qalam_strerror()``)."""
    return ffi.string(lib.qalam_strerror(code)).decode("utf-8")


def make_error(code: int, message: str | None = None) -> Error:
    """The exception for return code ``code``. Without ``message``, the
    library's message for the call that just failed; call it right after
    that call, before any other qalam call."""
    if message is None:
        message = ffi.string(lib.qalam_error_message()).decode(
            "utf-8", "replace") or strerror(code)
    error = _CLASSES.get(code, Error)(message)
    error.code = code
    return error


def check(code: int) -> None:
    """Raises the exception for a negative return code."""
    if code < 0:
        raise make_error(code)


def invalid(message: str) -> InvalidInput:
    """An InvalidInput raised by the binding itself (code QALAM_EINVAL)."""
    error = InvalidInput(message)
    error.code = lib.QALAM_EINVAL
    return error


def closed(what: str = "store") -> Closed:
    return Closed(f"{what} is closed")
