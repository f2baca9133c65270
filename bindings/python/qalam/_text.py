"""Text, Markdown and date functions (qalam/text.h, markdown.h, date.h)."""

from __future__ import annotations

import time as _time
from datetime import datetime, timedelta
from typing import Any, Literal, Union, overload

from ._convert import (cbytes, cstr, cstr_or_null, from_unix, minutes,
                       offset_of, size, unix)
from ._errors import check, invalid, make_error
from ._qalam import ffi, lib

__all__ = [
    "validate_utf8", "html_escape", "xml_escape", "slugify", "excerpt",
    "markdown_to_html", "markdown_to_text", "format_date",
    "format_date_style", "date_style_pattern", "format_relative",
    "format_rfc822", "format_rfc3339", "parse_date", "SLUG_MAX",
    "TIME_MIN", "TIME_MAX",
]

SLUG_MAX: int = lib.QALAM_SLUG_MAX
TIME_MIN: int = lib.QALAM_TIME_MIN
TIME_MAX: int = lib.QALAM_TIME_MAX

DateStyle = Literal["short", "medium", "long", "full"]
_STYLES = {
    "short": lib.QALAM_DATE_SHORT,
    "medium": lib.QALAM_DATE_MEDIUM,
    "long": lib.QALAM_DATE_LONG,
    "full": lib.QALAM_DATE_FULL,
}


def take_bytes(out: Any) -> bytes:
    """The string a successful call left in ``char **out``, freed with
    ``qalam_free()``."""
    pointer = out[0]
    try:
        return ffi.string(pointer)
    finally:
        lib.qalam_free(pointer)


def take_string(out: Any) -> str:
    """As :func:`take_bytes`, decoded."""
    return take_bytes(out).decode("utf-8")


def _call(function: Any, *args: Any, take: Any = take_string) -> Any:
    """The string `function(char **out, *args)` gives, through `take`."""
    out = ffi.new("char **")
    rc = function(out, *args)
    if rc:
        raise make_error(rc)
    return take(out)


def validate_utf8(data: Union[bytes, bytearray, memoryview]) -> None:
    """Checks that ``data`` is well-formed UTF-8 (``qalam_utf8_validate()``).

    Raises :class:`InvalidInput` (``code`` ``QALAM_EUTF8``) naming the
    offset of the first bad byte, which is also its ``offset`` attribute.
    NUL bytes are valid UTF-8."""
    buffer = ffi.from_buffer(data)
    offset = ffi.new("size_t *")
    rc = lib.qalam_utf8_validate(offset, buffer, len(buffer))
    if rc:
        error = make_error(rc)
        error.offset = offset[0]  # type: ignore[attr-defined]
        raise error


def html_escape(text: str) -> str:
    """Escapes ``& < > " '`` for HTML content and quoted attributes."""
    return _call(lib.qalam_html_escape, cstr(text, "text"))


def xml_escape(text: str) -> str:
    """Escapes text for XML 1.0; characters XML cannot carry become
    U+FFFD."""
    return _call(lib.qalam_xml_escape, cstr(text, "text"))


def slugify(title: str, lang: str | None = None) -> str:
    """A URL slug of at most :data:`SLUG_MAX` bytes, transliterating
    Kazakh, Russian and accented Latin letters (``lang="kk"`` for Kazakh
    readings)."""
    return _call(lib.qalam_slugify, cstr(title, "title"),
                 cstr_or_null(lang, "lang"))


def excerpt(text: str, max_chars: int) -> str:
    """The first ``max_chars`` characters of plain text, cut after a whole
    word, with "…" appended when cut."""
    return _call(lib.qalam_excerpt, cstr(text, "text"),
                 size(max_chars, "max_chars"))


def _render(function: Any, text: Union[str, bytes], options: int) -> Any:
    """A Markdown renderer's result: ``str`` for ``str``, and for UTF-8
    ``bytes`` the UTF-8 ``bytes`` as the library wrote them. Encoding the
    text and decoding the result cost a fifth as much again as rendering,
    which a caller reading and writing files need not pay."""
    if isinstance(text, str):
        return _call(function, cstr(text, "text"), options)
    if not isinstance(text, bytes):
        raise TypeError(
            f"text must be a str or bytes, not {type(text).__name__}")
    return _call(function, cbytes(text, "text"), options, take=take_bytes)


@overload
def markdown_to_html(text: str, *, smart: bool = ..., unsafe: bool = ...,
                     hardbreaks: bool = ...) -> str: ...
@overload
def markdown_to_html(text: bytes, *, smart: bool = ..., unsafe: bool = ...,
                     hardbreaks: bool = ...) -> bytes: ...


def markdown_to_html(text: Union[str, bytes], *, smart: bool = False,
                     unsafe: bool = False,
                     hardbreaks: bool = False) -> Union[str, bytes]:
    """Renders CommonMark to an HTML fragment, safely unless ``unsafe``
    (trusted input only: raw HTML and every URL pass through). UTF-8
    ``bytes`` give ``bytes``; bytes that are not UTF-8 raise
    :class:`InvalidInput` naming the offset of the first bad one."""
    options = ((lib.QALAM_MD_SMART if smart else 0)
               | (lib.QALAM_MD_UNSAFE if unsafe else 0)
               | (lib.QALAM_MD_HARDBREAKS if hardbreaks else 0))
    return _render(lib.qalam_markdown_to_html, text, options)


@overload
def markdown_to_text(text: str, *, smart: bool = ...) -> str: ...
@overload
def markdown_to_text(text: bytes, *, smart: bool = ...) -> bytes: ...


def markdown_to_text(text: Union[str, bytes], *,
                     smart: bool = False) -> Union[str, bytes]:
    """Renders CommonMark to plain text (for bots, search, excerpts); UTF-8
    ``bytes`` give ``bytes``, as for :func:`markdown_to_html`."""
    options = lib.QALAM_MD_SMART if smart else 0
    return _render(lib.qalam_markdown_to_text, text, options)


def format_date(dt: datetime, pattern: str, lang: str = "en") -> str:
    """Formats an aware ``datetime`` at its own UTC offset with a CLDR
    pattern (``"d MMMM y"``, ``"dd.MM.y"``) in ``"en"``, ``"ru"`` or
    ``"kk"``."""
    return _call(lib.qalam_date_format, unix(dt, "dt"), offset_of(dt, "dt"),
                 cstr(pattern, "pattern"), cstr(lang, "lang"))


def _style(style: str) -> int:
    try:
        return _STYLES[style]
    except (KeyError, TypeError):
        raise invalid(f"unknown date style {style!r}; use one of "
                      + ", ".join(_STYLES)) from None


def format_date_style(dt: datetime, style: DateStyle = "medium",
                      lang: str = "en") -> str:
    """Formats an aware ``datetime`` with CLDR's ``"short"``,
    ``"medium"``, ``"long"`` or ``"full"`` date pattern of ``lang``."""
    return _call(lib.qalam_date_format_style, unix(dt, "dt"),
                 offset_of(dt, "dt"), _style(style), cstr(lang, "lang"))


def date_style_pattern(style: DateStyle = "medium", lang: str = "en") -> str:
    """The CLDR pattern of a date style, e.g. ``"d MMMM y 'г'."``."""
    out = ffi.new("const char **")
    check(lib.qalam_date_style_pattern(out, _style(style), cstr(lang, "lang")))
    return ffi.string(out[0]).decode("utf-8")


def format_relative(dt: datetime, now: datetime | None = None,
                    lang: str = "en") -> str:
    """Relative time from ``now`` (default: the current time) to ``dt``:
    "3 hours ago", "in 2 days", "3 часа назад"."""
    now_seconds = int(_time.time()) if now is None else unix(now, "now")
    return _call(lib.qalam_date_format_relative, unix(dt, "dt"), now_seconds,
                 cstr(lang, "lang"))


def format_rfc822(dt: datetime) -> str:
    """RFC 822 as RSS uses it, at ``dt``'s offset:
    ``"Fri, 13 Feb 2026 10:30:00 +0500"``."""
    return _call(lib.qalam_date_rfc822, unix(dt, "dt"), offset_of(dt, "dt"))


def format_rfc3339(dt: datetime) -> str:
    """RFC 3339 as Atom and JSON Feed use it, at ``dt``'s offset:
    ``"2026-02-13T10:30:00+05:00"``."""
    return _call(lib.qalam_date_rfc3339, unix(dt, "dt"), offset_of(dt, "dt"))


def parse_date(text: str, pattern: str | None = None, *,
               default_offset: timedelta | int = 0) -> datetime:
    """Parses a date into an aware ``datetime`` at the offset it was
    written at.

    Without ``pattern``: ISO 8601 / RFC 3339 forms and ``dd.MM.y``; with
    one, the numeric CLDR letters. A text without an offset is read at
    ``default_offset`` (a ``timedelta`` or minutes; UTC by default), and
    the result then carries that offset."""
    seconds = ffi.new("int64_t *")
    offset = ffi.new("int *")
    rc = lib.qalam_date_parse(seconds, offset, cstr(text, "text"),
                              cstr_or_null(pattern, "pattern"),
                              minutes(default_offset, "default_offset"))
    if rc:
        raise make_error(rc)
    return from_unix(seconds[0], offset[0])
