"""The store, articles, listings (qalam/store.h, article.h, query.h,
feed.h, files.h, changes.h).

Lifetimes
---------
C objects are owned by Python objects and freed when those are collected
(``ffi.gc``) or at once by ``Store.close()``:

* a :class:`Store` owns its ``qalam_store`` and every cursor open on it.
  The C API requires cursors to be freed before their store is closed, so
  the store's handle (:class:`_Handle`) keeps the raw cursor pointers and
  closing frees them first, whatever order the garbage collector finds
  things in;
* an iterator (:class:`Cursor`) keeps its store alive and frees its cursor
  when exhausted, when collected or when the store is closed;
* an :class:`Article` from the store keeps its store alive; rows of an
  iterator keep the iterator alive. Every article bound to a store raises
  :class:`Closed` once the store is closed; :meth:`Article.copy` makes an
  unbound copy that outlives it.
"""

from __future__ import annotations

import os
import weakref
from datetime import datetime, timedelta, timezone
from typing import (Any, Callable, Iterable, Literal, NamedTuple,
                    Optional, Union)

from ._convert import (at_zone, cpath, cstr, cstr_or_null, from_unix,
                       integer, minutes, pystr, size, unix, zone)
from ._errors import Error, check, closed, invalid, make_error
from ._qalam import ffi, lib
from ._text import take_string

__all__ = ["Store", "Article", "Cursor", "Section", "Hit", "Page",
           "ImportStats", "Change", "SitemapPart", "PAGE_SIZE",
           "FEED_LIMIT", "SITEMAP_URLS", "SCHEMA_VERSION"]

PAGE_SIZE: int = lib.QALAM_PAGE_SIZE
FEED_LIMIT: int = lib.QALAM_FEED_LIMIT
SITEMAP_URLS: int = lib.QALAM_SITEMAP_URLS
SCHEMA_VERSION: int = lib.QALAM_SCHEMA_VERSION

Status = Literal["draft", "published"]
_STATUS = {"draft": lib.QALAM_DRAFT, "published": lib.QALAM_PUBLISHED}
_STATUS_NAME = {v: k for k, v in _STATUS.items()}
FeedFormat = Literal["rss", "atom", "json"]
_FEEDS = {"rss": lib.QALAM_FEED_RSS, "atom": lib.QALAM_FEED_ATOM,
          "json": lib.QALAM_FEED_JSON}
PageKind = Literal["front", "section", "article"]
_PAGES = {"front": lib.QALAM_PAGE_FRONT, "section": lib.QALAM_PAGE_SECTION,
          "article": lib.QALAM_PAGE_ARTICLE}
_ITEROVER = lib.QALAM_ITEROVER
# Called once or twice a row of a listing: bound here, they are found as
# module globals instead of as attributes of `lib` and `ffi` every time.
_cursor_next = lib.qalam_cursor_next
_article_id = lib.qalam_article_id
_published = lib.qalam_article_published
_string = ffi.string


def _choice(table: dict, value: Any, what: str) -> int:
    try:
        return table[value]
    except (KeyError, TypeError):
        raise invalid(f"unknown {what} {value!r}; use one of "
                      + ", ".join(map(repr, table))) from None


class Section(NamedTuple):
    """A section: its slug (the key), display name and front-page
    position."""
    slug: str
    name: str
    position: int


class Hit(NamedTuple):
    """A search result: the article and an HTML snippet in which the text
    is escaped and the matches are wrapped in ``<mark>``."""
    article: "Article"
    snippet: str


class Page(NamedTuple):
    """One page of a listing and the token of the next page (``None`` on
    the last page), to pass as ``after=``."""
    items: list["Article"]
    next: Optional[str]


class ImportStats(NamedTuple):
    """What :meth:`Store.import_markdown` did."""
    files: int
    imported: int
    updated: int
    failed: int


class Change(NamedTuple):
    """An article's latest change (:meth:`Store.changes`): its id, the
    revision of its latest save or delete, and whether that deleted it."""
    id: int
    revision: int
    deleted: bool


class SitemapPart(NamedTuple):
    """One file of the sitemap (:meth:`Store.sitemap_parts`): its name, the
    publication times it lists articles of, ``start`` up to but not
    including ``end`` (both ``None`` for a pages part), and its XML
    (``None`` when not asked for)."""
    name: str
    start: Optional[int]
    end: Optional[int]
    xml: Optional[str]


class _Handle:
    """The C store and the cursors open on it, as raw pointers, and the
    store's zone: the C store reads its offset once, at open, and changes it
    only through ``Store.offset``'s setter, which updates ``tz`` too, so a
    listing makes no call for it a row."""

    __slots__ = ("ptr", "cursors", "tz")

    def __init__(self, ptr: Any) -> None:
        self.ptr = ptr
        self.cursors: set = set()
        self.tz = zone(lib.qalam_store_offset(ptr))

    def free_cursor(self, cursor: Any) -> None:
        if cursor in self.cursors:
            self.cursors.discard(cursor)
            lib.qalam_cursor_free(cursor)

    def close(self) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr is None:
            return
        for cursor in self.cursors:
            lib.qalam_cursor_free(cursor)
        self.cursors.clear()
        lib.qalam_store_close(ptr)


class _Query:
    """A ``qalam_query`` and the C strings it points to."""

    __slots__ = ("q", "_keep")

    def __init__(self, *, section: str | None = None,
                 lang: str | None = None, tag: str | None = None,
                 story: int | None = None, since: datetime | None = None,
                 since_id: int | None = None, limit: int | None = None,
                 page: int | None = None, after: str | None = None,
                 now: datetime | None = None, flags: int = 0) -> None:
        self.q = q = ffi.new("qalam_query *")
        self._keep: list = []
        check(lib.qalam_query_init(q, lib.QALAM_QUERY_VERSION))
        if section is not None:
            q.section = self._str(section, "section")
        if lang is not None:
            q.lang = self._str(lang, "lang")
        if tag is not None:
            q.tag = self._str(tag, "tag")
        if after is not None:
            q.after = self._str(after, "after")
        if story is not None:
            q.story = integer(story, "story")
        if since is not None:
            q.since = unix(since, "since")
        if since_id is not None:
            q.since_id = integer(since_id, "since_id")
        if limit is not None:
            q.limit = size(limit, "limit")
        if page is not None:
            q.page = size(page, "page")
        if now is not None:
            q.now = unix(now, "now")
        q.flags = flags

    def _str(self, value: Any, what: str) -> Any:
        buffer = ffi.new("char[]", cstr(value, what))
        self._keep.append(buffer)
        return buffer


class Store:
    """A qalam store: one SQLite file (or ``":memory:"``) holding a site's
    settings, sections and articles.

    ``Store(path)`` opens the file, creating it when missing;
    ``readonly=True`` opens an existing store for reading only (writes
    then raise :class:`ReadOnly`). Use it as a context manager, or call
    :meth:`close`. A store must be used by one thread at a time.
    """

    def __init__(self, path: Union[str, bytes, os.PathLike], *,
                 readonly: bool = False) -> None:
        out = ffi.new("qalam_store **")
        flags = lib.QALAM_STORE_READONLY if readonly else \
            lib.QALAM_STORE_DEFAULT
        rc = lib.qalam_store_open(out, cpath(path), flags)
        if rc:
            raise make_error(rc)
        self._h = _Handle(out[0])
        self._close = weakref.finalize(self, self._h.close)
        self._path = os.fspath(path)
        self._readonly = bool(readonly)

    # --- lifetime -----------------------------------------------------------
    def close(self) -> None:
        """Frees the store and every cursor open on it, at once. Calling it
        again does nothing."""
        self._close()

    @property
    def closed(self) -> bool:
        return self._h.ptr is None

    def __enter__(self) -> "Store":
        self._ptr
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def _ptr(self) -> Any:
        ptr = self._h.ptr
        if ptr is None:
            raise closed()
        return ptr

    def __repr__(self) -> str:
        state = "closed" if self.closed else \
            ("read-only" if self._readonly else "open")
        return f"<qalam.Store {self._path!r} {state}>"

    # --- settings -----------------------------------------------------------
    @property
    def title(self) -> str:
        """The site's name (``""`` by default)."""
        return pystr(lib.qalam_store_title(self._ptr)) or ""

    @title.setter
    def title(self, value: str) -> None:
        check(lib.qalam_store_set_title(self._ptr, cstr(value, "title")))

    @property
    def base_url(self) -> str:
        """The site's absolute http(s) URL (``""`` until set; feeds and the
        sitemap need it). A trailing ``/`` is dropped."""
        return pystr(lib.qalam_store_base_url(self._ptr)) or ""

    @base_url.setter
    def base_url(self, value: str) -> None:
        check(lib.qalam_store_set_base_url(self._ptr,
                                           cstr(value, "base_url")))

    @property
    def lang(self) -> str:
        """The default language of articles (``"en"`` by default)."""
        return pystr(lib.qalam_store_lang(self._ptr)) or ""

    @lang.setter
    def lang(self, value: str) -> None:
        check(lib.qalam_store_set_lang(self._ptr, cstr(value, "lang")))

    @property
    def offset(self) -> timedelta:
        """The newsroom's UTC offset as a ``timedelta``. Set it with a
        ``timedelta`` of whole minutes or an ``int`` of minutes
        (``store.offset = 300`` is +05:00)."""
        return timedelta(minutes=lib.qalam_store_offset(self._ptr))

    @offset.setter
    def offset(self, value: Union[timedelta, int]) -> None:
        m = minutes(value, "offset")
        check(lib.qalam_store_set_offset(self._ptr, m))
        self._h.tz = zone(m)

    @property
    def timezone(self) -> timezone:
        """The store's offset as a ``datetime.timezone``: the zone of every
        time it returns."""
        self._ptr
        return self._h.tz

    # --- sections -----------------------------------------------------------
    def add_section(self, slug: str, name: str, position: int = 0) -> None:
        """Adds a section. Raises :class:`Conflict` when the slug is
        taken."""
        check(lib.qalam_section_add(self._ptr, cstr(slug, "slug"),
                                    cstr(name, "name"),
                                    integer(position, "position")))

    def update_section(self, slug: str, *, position: int,
                       name: str | None = None) -> None:
        """Moves a section and, when ``name`` is given, renames it."""
        check(lib.qalam_section_update(self._ptr, cstr(slug, "slug"),
                                       cstr_or_null(name, "name"),
                                       integer(position, "position")))

    def delete_section(self, slug: str) -> None:
        """Deletes a section; its articles stay, without it."""
        check(lib.qalam_section_delete(self._ptr, cstr(slug, "slug")))

    def sections(self) -> list[Section]:
        """The sections in front-page order."""
        out = ffi.new("qalam_section_list **")
        check(lib.qalam_section_list_open(out, self._ptr))
        sl = out[0]
        try:
            return [Section(pystr(lib.qalam_section_list_slug(sl, i)) or "",
                            pystr(lib.qalam_section_list_name(sl, i)) or "",
                            lib.qalam_section_list_position(sl, i))
                    for i in range(lib.qalam_section_list_count(sl))]
        finally:
            lib.qalam_section_list_free(sl)

    # --- articles -----------------------------------------------------------
    def add_article(self, *, title: str, body: str = "",
                    sections: Iterable[str] = (),
                    published: datetime | None = None,
                    lang: str | None = None, slug: str | None = None,
                    lead: str | None = None, author: str | None = None,
                    source_url: str | None = None, tags: Iterable[str] = (),
                    status: Status = "published",
                    story: int | None = None) -> "Article":
        """Stores a new article and returns it with its id, slug, HTML and
        times filled in.

        ``published`` is an aware ``datetime`` (``None``: now); ``lang``
        defaults to the store's; without ``slug`` one is made from the
        title. ``story`` is the id of an article whose translation group
        this one joins."""
        a = Article._new()
        p = a._owned
        check(lib.qalam_article_set_title(p, cstr(title, "title")))
        check(lib.qalam_article_set_body(p, cstr(body, "body")))
        a.sections = sections
        a.tags = tags
        a.status = status
        for name, value in (("lang", lang), ("slug", slug), ("lead", lead),
                            ("author", author), ("source_url", source_url)):
            if value is not None:
                setattr(a, name, value)
        if published is not None:
            a.published = published
        if story is not None:
            a.story = story
        check(lib.qalam_article_insert(self._ptr, p))
        a._store = self
        return a

    def article(self, id: int) -> "Article":
        """The article with this id (drafts and scheduled ones too).
        Raises :class:`NotFound`."""
        out = ffi.new("qalam_article **")
        check(lib.qalam_article_get(out, self._ptr, integer(id, "id")))
        return Article._wrap(self, out[0])

    def article_by_slug(self, slug: str, lang: str | None = None
                        ) -> "Article":
        """The article with this slug in ``lang`` (default: the store's
        language). Raises :class:`NotFound`."""
        out = ffi.new("qalam_article **")
        check(lib.qalam_article_get_by_slug(out, self._ptr,
                                            cstr(slug, "slug"),
                                            cstr_or_null(lang, "lang")))
        return Article._wrap(self, out[0])

    def update(self, article: "Article") -> None:
        """Writes every field of a stored article back; its HTML is
        re-rendered and its update time set to now."""
        if not isinstance(article, Article):
            raise TypeError("update() takes an Article")
        p = article._own()
        check(lib.qalam_article_update(self._ptr, p))

    def delete(self, article: Union[int, "Article"]) -> None:
        """Deletes an article, given by id or as an :class:`Article`."""
        id = article.id if isinstance(article, Article) else \
            integer(article, "id")
        check(lib.qalam_article_delete(self._ptr, id))

    # --- listings -----------------------------------------------------------
    def articles(self, section: str | None = None, lang: str | None = None,
                 tag: str | None = None, limit: int | None = None, *,
                 story: int | None = None, oldest_first: bool = False,
                 unlisted: bool = False, now: datetime | None = None
                 ) -> "Cursor":
        """Streams listed articles, newest first (``oldest_first``: in
        publication order). ``unlisted`` adds drafts and scheduled
        articles; ``now`` (aware) decides what is scheduled."""
        flags = ((lib.QALAM_QUERY_OLDEST_FIRST if oldest_first else 0)
                 | (lib.QALAM_QUERY_UNLISTED if unlisted else 0))
        q = _Query(section=section, lang=lang, tag=tag, story=story,
                   limit=limit, now=now, flags=flags)
        out = ffi.new("qalam_cursor **")
        check(lib.qalam_cursor_open(out, self._ptr, q.q))
        return Cursor(self, out[0])

    def since(self, when_or_id: Union[datetime, int], *,
              section: str | None = None, lang: str | None = None,
              tag: str | None = None, limit: int | None = None,
              now: datetime | None = None) -> "Cursor":
        """Streams the listed articles published at or after an aware
        ``datetime``, or with an id greater than an ``int``, oldest
        first (as a bot reads them)."""
        if isinstance(when_or_id, datetime):
            kw: dict = {"since": when_or_id}
        elif isinstance(when_or_id, int) and not isinstance(when_or_id, bool):
            kw = {"since_id": when_or_id}
        else:
            raise TypeError("since() takes an aware datetime or an int id, "
                            f"not {type(when_or_id).__name__}")
        q = _Query(section=section, lang=lang, tag=tag, limit=limit, now=now,
                   flags=lib.QALAM_QUERY_OLDEST_FIRST, **kw)
        out = ffi.new("qalam_cursor **")
        check(lib.qalam_cursor_open(out, self._ptr, q.q))
        return Cursor(self, out[0])

    def count(self, section: str | None = None, lang: str | None = None,
              tag: str | None = None, *, story: int | None = None,
              unlisted: bool = False, now: datetime | None = None) -> int:
        """How many articles :meth:`articles` would list without a limit
        (for "page 3 of 17")."""
        q = _Query(section=section, lang=lang, tag=tag, story=story, now=now,
                   flags=lib.QALAM_QUERY_UNLISTED if unlisted else 0)
        out = ffi.new("size_t *")
        check(lib.qalam_article_count(out, self._ptr, q.q))
        return out[0]

    def languages(self, *, now: datetime | None = None) -> list[str]:
        """The languages of the articles listed at ``now`` (default: the
        current time), in byte order; one index probe each, however many
        articles there are."""
        q = _Query(now=now)
        out = ffi.new("char ***")
        count = ffi.new("size_t *")
        check(lib.qalam_article_languages(out, count, self._ptr, q.q))
        block = out[0]
        try:
            return [pystr(block[i]) for i in range(count[0])]
        finally:
            lib.qalam_free(block)

    def _collect(self, opener: Callable[[Any], int],
                 row: Callable[[Any, Any], Any]) -> tuple[list, Any]:
        """Opens a cursor, turns each row into a Python value while it is
        current, and frees the cursor. Returns the values and the next-page
        token."""
        out = ffi.new("qalam_cursor **")
        check(opener(out))
        cursor = out[0]
        try:
            items = []
            lent = ffi.new("const qalam_article **")
            while True:
                rc = lib.qalam_cursor_next(lent, cursor)
                if rc == _ITEROVER:
                    break
                if rc:
                    raise make_error(rc)
                items.append(row(cursor, lent[0]))
            token = ffi.new("char **")
            check(lib.qalam_cursor_token(token, cursor))
            return items, (take_string(token) if token[0] else None)
        finally:
            lib.qalam_cursor_free(cursor)

    def _copy(self, lent: Any) -> "Article":
        out = ffi.new("qalam_article **")
        check(lib.qalam_article_copy(out, lent))
        return Article._wrap(self, out[0])

    def page(self, section: str | None = None, size: int = 20,
             after: str | None = None, *, lang: str | None = None,
             tag: str | None = None, number: int | None = None) -> Page:
        """One page of ``size`` listed articles, newest first, and the
        token of the next page (keyset paging: the next page stays the
        same while articles arrive). ``number`` picks a 1-based numbered
        page instead of ``after``."""
        q = _Query(section=section, lang=lang, tag=tag, limit=size,
                   after=after, page=number)
        ptr = self._ptr
        items, token = self._collect(
            lambda out: lib.qalam_cursor_open(out, ptr, q.q),
            lambda cursor, lent: self._copy(lent))
        return Page(items, token)

    def front_page(self, per_section: int = 5, *, lang: str | None = None,
                   now: datetime | None = None) -> dict[str, list["Article"]]:
        """The latest ``per_section`` listed articles of each section, as
        an ordered ``dict`` from section slug to articles, in front-page
        order. Sections without articles are left out."""
        q = _Query(lang=lang, now=now)
        ptr = self._ptr
        n = size(per_section, "per_section")
        rows, _ = self._collect(
            lambda out: lib.qalam_cursor_open_front_page(out, ptr, n, q.q),
            lambda cursor, lent: (pystr(lib.qalam_cursor_section(cursor)),
                                  self._copy(lent)))
        result: dict[str, list[Article]] = {}
        for section, article in rows:
            result.setdefault(section, []).append(article)
        return result

    def search(self, query: str, limit: int | None = 20, *,
               section: str | None = None, lang: str | None = None,
               tag: str | None = None) -> list[Hit]:
        """Full-text search, best match first: every word must occur; a
        word ending in ``*`` is a prefix. ``limit`` None: every hit."""
        q = _Query(section=section, lang=lang, tag=tag, limit=limit)
        ptr = self._ptr
        text = cstr(query, "query")
        hits, _ = self._collect(
            lambda out: lib.qalam_cursor_open_search(out, ptr, text, q.q),
            lambda cursor, lent: Hit(
                self._copy(lent), pystr(lib.qalam_cursor_snippet(cursor))
                or ""))
        return hits

    # --- changes ------------------------------------------------------------
    @property
    def revision(self) -> int:
        """The revision of the latest save or delete of an article (0 when
        none was ever saved). It only grows."""
        out = ffi.new("int64_t *")
        check(lib.qalam_store_revision(out, self._ptr))
        return out[0]

    def changes(self, after: int = 0, limit: int | None = None
                ) -> list[Change]:
        """The articles saved or deleted after revision ``after`` (0: every
        article ever saved), oldest change first, each once with its latest
        change; at most ``limit`` (``None`` or 0: no limit). To go on
        after a limited call, ask again after its last ``revision``."""
        out = ffi.new("qalam_change **")
        count = ffi.new("size_t *")
        check(lib.qalam_changes(out, count, self._ptr,
                                integer(after, "after"),
                                0 if limit is None else size(limit, "limit")))
        array = out[0]
        try:
            return [Change(c.id, c.revision, bool(c.deleted))
                    for c in (array[i] for i in range(count[0]))]
        finally:
            lib.qalam_free(array)

    # --- site: paths, feeds, sitemap ----------------------------------------
    def page_path(self, kind: PageKind, name: str | None = None, *,
                  lang: str | None = None, page: int = 1) -> str:
        """The path of the front page, of page ``page`` of section
        ``name``, or of the article with slug ``name``, relative to the
        site's root."""
        out = ffi.new("char **")
        check(lib.qalam_page_path(out, self._ptr,
                                  _choice(_PAGES, kind, "page kind"),
                                  cstr_or_null(lang, "lang"),
                                  cstr_or_null(name, "name"),
                                  size(page, "page")))
        return take_string(out)

    def article_path(self, article: "Article") -> str:
        """The path of an article's page, relative to the site's root."""
        if not isinstance(article, Article):
            raise TypeError("article_path() takes an Article")
        out = ffi.new("char **")
        check(lib.qalam_article_path(out, self._ptr, article._ptr_any()))
        return take_string(out)

    def feed(self, format: FeedFormat = "rss", section: str | None = None,
             limit: int = 20, *, lang: str | None = None,
             lead_only: bool = False) -> str:
        """The latest ``limit`` listed articles as an RSS 2.0, Atom 1.0 or
        JSON Feed 1.1 document (needs :attr:`base_url`)."""
        out = ffi.new("char **")
        check(lib.qalam_feed_render(
            out, self._ptr, _choice(_FEEDS, format, "feed format"),
            cstr_or_null(section, "section"), cstr_or_null(lang, "lang"),
            size(limit, "limit"),
            lib.QALAM_FEED_LEAD_ONLY if lead_only else 0))
        return take_string(out)

    def sitemap(self) -> str:
        """sitemap.xml for the whole site (needs :attr:`base_url`)."""
        out = ffi.new("char **")
        check(lib.qalam_sitemap_render(out, self._ptr))
        return take_string(out)

    def sitemap_parts(
            self, want: Callable[[SitemapPart], Any] | None = None
    ) -> tuple[str, list[SitemapPart]]:
        """The sitemap of a site of any size: the index (sitemap.xml) and
        its parts of at most :data:`SITEMAP_URLS` URLs each, to write
        beside it. ``want(part)`` (``xml`` not yet set) says which parts to
        render; without it, all are."""
        out = ffi.new("qalam_sitemap **")
        check(lib.qalam_sitemap_open(out, self._ptr))
        sitemap = out[0]
        try:
            text = ffi.new("char **")
            check(lib.qalam_sitemap_index_render(text, sitemap))
            index = take_string(text)
            parts = []
            span = ffi.new("int64_t[2]")
            for i in range(lib.qalam_sitemap_count(sitemap)):
                check(lib.qalam_sitemap_span(sitemap, i, span, span + 1))
                start, end = span  # equal (0, 0) for a pages part
                part = SitemapPart(
                    pystr(lib.qalam_sitemap_name(sitemap, i)),
                    start if start != end else None,
                    end if start != end else None, None)
                if want is None or want(part):
                    if self._h.ptr is None:  # ``want`` closed the store
                        raise closed()
                    check(lib.qalam_sitemap_part_render(text, sitemap, i))
                    part = part._replace(xml=take_string(text))
                parts.append(part)
            return index, parts
        finally:
            lib.qalam_sitemap_free(sitemap)

    # --- files ----------------------------------------------------------------
    def import_markdown(
            self, path: Union[str, os.PathLike], *, batch: int = 0,
            on_error: Callable[[str, int, Error], Any] | None = None,
            progress: Callable[[int, int], Any] | None = None
    ) -> ImportStats:
        """Imports a Markdown file with front matter, or every ``*.md``
        under a folder (Hugo and Jekyll layouts).

        A bad file is skipped; ``on_error(path, line, error)`` hears of it
        (``error`` a :class:`qalam.Error`, not raised) and
        ``progress(done, total)`` of progress. Either may return a true
        value to stop the import early; an exception raised in one stops
        it and is re-raised here. ``batch`` is files per transaction (0:
        the library's default)."""
        options = ffi.new("qalam_import_options *")
        check(lib.qalam_import_options_init(
            options, lib.QALAM_IMPORT_OPTIONS_VERSION))
        options.batch = size(batch, "batch")
        state = _ImportState(on_error, progress)
        handle = ffi.new_handle(state)
        options.payload = handle
        if on_error is not None:
            options.on_error = lib._qalam_py_import_error
        if progress is not None:
            options.progress = lib._qalam_py_import_progress
        stats = ffi.new("qalam_import_stats *")
        rc = lib.qalam_import(self._ptr, cpath(path), options, stats)
        error = make_error(rc) if rc else None
        if state.exception is not None:
            raise state.exception
        if error is not None:
            raise error
        return ImportStats(stats.files, stats.imported, stats.updated,
                           stats.failed)

    def export_markdown(self, directory: Union[str, os.PathLike]) -> int:
        """Writes every article to ``directory/<lang>/<slug>.md`` (plus
        ``_sections.yaml`` and ``_site.yaml``) so that importing the folder
        into an empty store gives the same store. Returns the number of
        articles written."""
        count = ffi.new("size_t *")
        check(lib.qalam_export(count, self._ptr, cpath(directory)))
        return count[0]


class _ImportState:
    __slots__ = ("on_error", "progress", "exception")

    def __init__(self, on_error: Any, progress: Any) -> None:
        self.on_error = on_error
        self.progress = progress
        self.exception: BaseException | None = None


@ffi.def_extern()
def _qalam_py_import_error(path: Any, line: int, code: int, message: Any,
                           payload: Any) -> int:
    state = ffi.from_handle(payload)
    if state.exception is not None:
        return 1
    try:
        error = make_error(code, ffi.string(message).decode("utf-8",
                                                            "replace"))
        stop = state.on_error(os.fsdecode(ffi.string(path)), line, error)
        return 1 if stop else 0
    except BaseException as e:  # re-raised after qalam_import() returns
        state.exception = e
        return 1


@ffi.def_extern()
def _qalam_py_import_progress(done: int, total: int, payload: Any) -> int:
    state = ffi.from_handle(payload)
    if state.exception is not None:
        return 1
    try:
        return 1 if state.progress(done, total) else 0
    except BaseException as e:
        state.exception = e
        return 1


class Cursor:
    """An iterator over articles, streaming them from the store.

    It keeps its store alive and frees its C cursor when exhausted, when
    collected, or when the store is closed; iterating it after the store is
    closed raises :class:`Closed`.

    Each row is an :class:`Article` lent by the cursor: while it is the
    current row its fields are read from the cursor without copying (the
    body, HTML, sections and tags are loaded, and the row copied, on first
    use). Once the iterator has moved on, a row that is still used loads
    itself from the store by id on its first access; it then shows the
    article as stored at that moment."""

    __slots__ = ("_store", "_h", "_ptr", "_gen", "_out", "_free",
                 "__weakref__")

    def __init__(self, store: Store, ptr: Any) -> None:
        self._store = store
        self._h = h = store._h
        self._ptr = ptr
        self._gen = 0
        self._out = ffi.new("const qalam_article **")
        h.cursors.add(ptr)
        self._free = weakref.finalize(self, h.free_cursor, ptr)

    def __iter__(self) -> "Cursor":
        return self

    def __next__(self) -> "Article":
        ptr = self._ptr
        if ptr is None:
            raise StopIteration
        if self._h.ptr is None:
            self._ptr = None
            raise closed()
        rc = _cursor_next(self._out, ptr)
        self._gen += 1
        if rc == 0:
            a = Article.__new__(Article)
            a._owned = None
            a._store = self._store
            a._cursor = self
            a._lent = lent = self._out[0]
            a._gen = self._gen
            a._id = _article_id(lent)
            return a
        error = make_error(rc) if rc != _ITEROVER else None
        self.close()
        if error is None:
            raise StopIteration
        raise error

    def close(self) -> None:
        """Frees the cursor now; the iterator then ends."""
        self._ptr = None
        self._free()

    def __enter__(self) -> "Cursor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _bound(article: "Article") -> Any:
    store = article._store
    if store is not None and store._h.ptr is None:
        raise closed()
    return article._owned


def _text_property(getter: Any, setter: Any, name: str, doc: str,
                   lazy: bool = False) -> property:
    def get(self: "Article") -> Optional[str]:
        p = self._owned
        if p is not None:
            _bound(self)
        elif lazy:
            p = self._own()
        else:
            # the current row of an open cursor (Article._current() inlined:
            # this is the hot path of a listing) is read in place
            c = self._cursor
            if c._gen == self._gen and c._ptr is not None and \
                    c._h.ptr is not None:
                p = self._lent
            else:
                p = self._own()
        q = getter(p)
        return _string(q).decode("utf-8") if q else None

    def set(self: "Article", value: Optional[str]) -> None:
        check(setter(self._own(), cstr_or_null(value, name)))

    return property(get, set if setter is not None else None, doc=doc)


def _strings(values: Iterable[str], what: str) -> tuple[Any, list]:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{what} must be a list of str, not a single "
                        f"{type(values).__name__}")
    keep = [ffi.new("char[]", cstr(v, what)) for v in values]
    return ffi.new("const char *[]", keep), keep


class Article:
    """An article: a value whose fields are properties.

    Setting a field changes this object only (the library validates the
    value at once); :meth:`Store.update` writes it back. ``published`` and
    ``updated`` are aware datetimes at the store's offset (setting
    ``published`` needs an aware one). Articles are made by
    :meth:`Store.add_article` and read by :meth:`Store.article`,
    :meth:`Store.article_by_slug` and the listings."""

    __slots__ = ("_owned", "_store", "_cursor", "_lent", "_gen", "_id",
                 "_offset", "__weakref__")

    # --- construction and lifetime ------------------------------------------
    @classmethod
    def _new(cls) -> "Article":
        out = ffi.new("qalam_article **")
        check(lib.qalam_article_new(out))
        return cls._wrap(None, out[0])

    @classmethod
    def _wrap(cls, store: Optional[Store], ptr: Any) -> "Article":
        a = cls.__new__(cls)
        a._owned = ffi.gc(ptr, lib.qalam_article_free)
        a._store = store
        a._cursor = a._lent = None
        a._offset = 0
        return a

    def __init__(self) -> None:
        raise TypeError("articles are made with Store.add_article()")

    def _current(self) -> bool:
        """Whether this lent row is still the cursor's current row (and the
        store is open: closing it frees the cursor and the row)."""
        cursor = self._cursor
        return cursor._gen == self._gen and cursor._ptr is not None and \
            cursor._h.ptr is not None

    def _ptr_any(self) -> Any:
        """A pointer for reading fields that a lent article always has."""
        p = self._owned
        if p is not None:
            return _bound(self)
        if self._current():
            return self._lent
        return self._own()

    def _own(self) -> Any:
        """The owned C article, copying or loading a lent row first."""
        p = self._owned
        if p is not None:
            return _bound(self)
        store = self._store
        sp = store._ptr
        out = ffi.new("qalam_article **")
        if self._current():
            rc = lib.qalam_article_copy(out, self._lent)
        else:
            rc = lib.qalam_article_get(out, sp, self._id)
        if rc:
            raise make_error(rc)
        self._owned = p = ffi.gc(out[0], lib.qalam_article_free)
        self._cursor = self._lent = None
        self._offset = 0
        return p

    def copy(self) -> "Article":
        """A copy of this article that belongs to no store: it stays
        readable after the store is closed."""
        out = ffi.new("qalam_article **")
        p = self._own() if self._owned is None and not self._current() \
            else self._ptr_any()
        check(lib.qalam_article_copy(out, p))
        a = Article._wrap(None, out[0])
        a._offset = self._zone_minutes()
        return a

    @property
    def store(self) -> Optional[Store]:
        """The store this article was read from (``None`` for a copy)."""
        return self._store

    def _zone_minutes(self) -> int:
        store = self._store
        if store is None:
            return self._offset
        return lib.qalam_store_offset(store._ptr)

    # --- fields ---------------------------------------------------------------
    @property
    def id(self) -> int:
        """The article's id in its store."""
        return lib.qalam_article_id(self._ptr_any())

    slug = _text_property(lib.qalam_article_slug, lib.qalam_article_set_slug,
                          "slug", "The URL slug, unique per language.")
    lang = _text_property(lib.qalam_article_lang, lib.qalam_article_set_lang,
                          "lang", 'The language, e.g. "kk", "ru", "en".')
    title = _text_property(lib.qalam_article_title,
                           lib.qalam_article_set_title, "title",
                           "The title.")
    lead = _text_property(lib.qalam_article_lead, lib.qalam_article_set_lead,
                          "lead", "The lead paragraph, or None.")
    body = _text_property(lib.qalam_article_body, lib.qalam_article_set_body,
                          "body", "The Markdown source of the body.",
                          lazy=True)
    html = _text_property(lib.qalam_article_html, None, "html",
                          "The body as HTML, rendered (safe mode) when the "
                          "article was last saved.", lazy=True)
    author = _text_property(lib.qalam_article_author,
                            lib.qalam_article_set_author, "author",
                            "The author, or None.")
    source_url = _text_property(lib.qalam_article_source_url,
                                lib.qalam_article_set_source_url,
                                "source_url",
                                "An absolute http(s) URL of the source, or "
                                "None.")

    @property
    def status(self) -> Status:
        """``"published"`` or ``"draft"``. A published article is listed
        from its publication time on."""
        return _STATUS_NAME.get(lib.qalam_article_status(self._ptr_any()),
                                "draft")

    @status.setter
    def status(self, value: Status) -> None:
        check(lib.qalam_article_set_status(
            self._own(), _choice(_STATUS, value, "status")))

    @property
    def published(self) -> Optional[datetime]:
        """The publication time, an aware datetime at the store's offset
        (``None`` when not set)."""
        if self._owned is None:
            c = self._cursor
            h = c._h
            if c._gen == self._gen and c._ptr is not None and \
                    h.ptr is not None:
                # the current row (the hot path of a listing)
                seconds = _published(self._lent)
                return at_zone(seconds, h.tz) if seconds else None
        seconds = lib.qalam_article_published(self._ptr_any())
        return from_unix(seconds, self._zone_minutes()) if seconds else None

    @published.setter
    def published(self, value: Optional[datetime]) -> None:
        seconds = 0 if value is None else unix(value, "published")
        check(lib.qalam_article_set_published(self._own(), seconds))

    @property
    def updated(self) -> Optional[datetime]:
        """When the article was last written, at the store's offset."""
        seconds = lib.qalam_article_updated(self._ptr_any())
        return from_unix(seconds, self._zone_minutes()) if seconds else None

    @property
    def story(self) -> Optional[int]:
        """The id of the first article of this story's translation group,
        or ``None`` when the article stands alone. Set it to an id to join
        that article's group, ``None`` to leave."""
        story = lib.qalam_article_story(self._ptr_any())
        return story or None

    @story.setter
    def story(self, value: Union[int, "Article", None]) -> None:
        if isinstance(value, Article):
            value = value.id
        story = 0 if value is None else integer(value, "story")
        check(lib.qalam_article_set_story(self._own(), story))

    @property
    def sections(self) -> list[str]:
        """The slugs of the article's sections, in the order set."""
        p = self._own()
        return [ffi.string(lib.qalam_article_section(p, i)).decode("utf-8")
                for i in range(lib.qalam_article_section_count(p))]

    @sections.setter
    def sections(self, value: Iterable[str]) -> None:
        array, keep = _strings(value, "sections")
        check(lib.qalam_article_set_sections(self._own(), array, len(keep)))

    @property
    def tags(self) -> list[str]:
        """The article's tags."""
        p = self._own()
        return [ffi.string(lib.qalam_article_tag(p, i)).decode("utf-8")
                for i in range(lib.qalam_article_tag_count(p))]

    @tags.setter
    def tags(self, value: Iterable[str]) -> None:
        array, keep = _strings(value, "tags")
        check(lib.qalam_article_set_tags(self._own(), array, len(keep)))

    def __repr__(self) -> str:
        try:
            return (f"<qalam.Article id={self.id} slug={self.slug!r} "
                    f"lang={self.lang!r} title={self.title!r}>")
        except Error as e:
            return f"<qalam.Article ({e})>"
