"""qalam: the news portal core, from Python.

A thin binding of the C library libqalam (cffi, API mode): every piece of
logic lives in C; this package converts types, errors and lifetimes.

>>> import qalam
>>> from datetime import datetime, timedelta, timezone
>>> with qalam.Store(":memory:") as store:
...     store.offset = timedelta(hours=5)
...     store.add_section("news", "News")
...     a = store.add_article(title="Сәлем, әлем!", body="*Hello*",
...                           sections=["news"], lang="kk",
...                           published=datetime(2026, 2, 13, 10, 30,
...                                              tzinfo=timezone.utc))
...     print(a.slug, a.published.isoformat())
salem-alem 2026-02-13T15:30:00+05:00

See docs/python.md for the whole API.
"""

from __future__ import annotations

from ._qalam import ffi as _ffi, lib as _lib
from ._errors import (Busy, Closed, Conflict, Corrupt, Error, FileError,
                      InvalidInput, NotFound, OutOfMemory, ReadOnly,
                      SchemaError, strerror)
from ._text import (SLUG_MAX, TIME_MAX, TIME_MIN, date_style_pattern,
                    excerpt, format_date, format_date_style, format_relative,
                    format_rfc3339, format_rfc822, html_escape,
                    markdown_to_html, markdown_to_text, parse_date, slugify,
                    validate_utf8, xml_escape)
from ._store import (FEED_LIMIT, PAGE_SIZE, SCHEMA_VERSION, SITEMAP_URLS,
                     Article, Change, Cursor, Hit, ImportStats, Page,
                     Section, SitemapPart, Store)

#: The version of the libqalam actually loaded, e.g. ``"0.4.0"``.
__version__: str = _ffi.string(_lib.qalam_version_string()).decode("ascii")
#: The loaded library's version as one number (major * 10000 + minor * 100
#: + patch), and the version of the headers this module was built with.
VERSION: int = _lib.qalam_version()
HEADER_VERSION: int = _lib.QALAM_VERSION
#: The SONAME number of the ABI the module was built against.
ABI_VERSION: int = _lib.QALAM_ABI_VERSION

__all__ = [
    "__version__", "VERSION", "HEADER_VERSION", "ABI_VERSION",
    "Error", "InvalidInput", "NotFound", "Conflict", "OutOfMemory",
    "FileError", "Busy", "Corrupt", "SchemaError", "ReadOnly", "Closed",
    "strerror",
    "Store", "Article", "Cursor", "Section", "Hit", "Page", "ImportStats",
    "Change", "SitemapPart",
    "PAGE_SIZE", "FEED_LIMIT", "SITEMAP_URLS", "SCHEMA_VERSION", "SLUG_MAX",
    "TIME_MIN", "TIME_MAX",
    "validate_utf8", "html_escape", "xml_escape", "slugify", "excerpt",
    "markdown_to_html", "markdown_to_text",
    "format_date", "format_date_style", "date_style_pattern",
    "format_relative", "format_rfc822", "format_rfc3339", "parse_date",
]
