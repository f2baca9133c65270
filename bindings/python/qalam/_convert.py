"""Converting Python values to C and back: text, paths, sizes, times."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any

from ._errors import invalid
from ._qalam import ffi

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)
_ZONES: dict[int, timezone] = {0: timezone.utc}


def cstr(value: Any, what: str) -> bytes:
    """A ``str`` as NUL-terminated UTF-8 for C.

    Lone surrogates are passed on as they are (``surrogatepass``) so that the
    library rejects them as invalid UTF-8 with its own message; a NUL
    character, which C would silently cut the text at, is rejected here.
    """
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    data = value.encode("utf-8", "surrogatepass")
    if b"\0" in data:  # searched as bytes: a third of the cost on a str
        raise invalid(f"{what} contains a NUL character")
    return data


def cstr_or_null(value: Any, what: str) -> Any:
    """As :func:`cstr`, with ``None`` passed as NULL."""
    return ffi.NULL if value is None else cstr(value, what)


def cbytes(value: bytes, what: str) -> bytes:
    """``bytes`` for C, refused when they hold a NUL byte (C would cut them
    there)."""
    if b"\0" in value:
        raise invalid(f"{what} contains a NUL byte")
    return value


def cpath(value: Any, what: str = "path") -> bytes:
    """A path (``str``, ``bytes`` or ``os.PathLike``) for C."""
    value = os.fspath(value)
    if isinstance(value, bytes):
        return cbytes(value, what)
    return cstr(value, what)


def pystr(pointer: Any) -> str | None:
    """A C string owned by the library as ``str`` (NULL gives ``None``)."""
    return ffi.string(pointer).decode("utf-8") if pointer else None


def size(value: Any, what: str) -> int:
    """A non-negative ``int`` for a ``size_t``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise invalid(f"{what} must not be negative, got {value}")
    return value


def integer(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def zone(minutes: int) -> timezone:
    """The fixed-offset ``timezone`` for a UTC offset in minutes."""
    tz = _ZONES.get(minutes)
    if tz is None:
        tz = _ZONES[minutes] = timezone(timedelta(minutes=minutes))
    return tz


def unix(dt: Any, what: str) -> int:
    """Unix seconds of an aware ``datetime`` (fractions of a second are
    dropped, rounding down). A naive one is refused: qalam would have to
    guess its zone."""
    if not isinstance(dt, datetime):
        raise TypeError(
            f"{what} must be a datetime, not {type(dt).__name__}")
    if dt.utcoffset() is None:
        raise invalid(
            f"{what} is a naive datetime ({dt.isoformat()}); give an aware "
            "one, e.g. datetime(2026, 2, 13, 10, 30, "
            "tzinfo=timezone(timedelta(hours=5)))")
    return (dt - EPOCH) // _SECOND


def minutes(value: Any, what: str) -> int:
    """A UTC offset in whole minutes from a ``timedelta`` or an ``int``."""
    if isinstance(value, timedelta):
        if value % _MINUTE:
            raise invalid(f"{what} {value} is not a whole number of minutes")
        return value // _MINUTE
    return integer(value, what)


def offset_of(dt: datetime, what: str) -> int:
    """The UTC offset of an aware ``datetime`` in minutes."""
    return minutes(dt.utcoffset(), f"the UTC offset of {what}")


def from_unix(seconds: int, offset_minutes: int) -> datetime:
    """An aware ``datetime`` at the given offset."""
    return at_zone(seconds, zone(offset_minutes))


def at_zone(seconds: int, tz: timezone) -> datetime:
    """An aware ``datetime`` in the fixed-offset zone ``tz``."""
    try:
        return datetime.fromtimestamp(seconds, tz)
    except (OverflowError, ValueError, OSError):
        # Outside what the platform's gmtime() takes but within qalam's
        # range (years 1..9999): compute it without the platform.
        return (EPOCH + timedelta(seconds=seconds)).astimezone(tz)
