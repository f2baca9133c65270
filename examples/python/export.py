#!/usr/bin/python3
"""Exports a qalam store as feeds, a JSON archive and CSV; imports a Hugo or
Jekyll content folder into a store.

    export.py export paper.db site/      # feeds, sitemap, archive, CSV
    export.py import paper.db my-jekyll-site/

``export`` writes into OUTDIR (created when missing):

- RSS 2.0 ``feed.xml``, Atom ``atom.xml`` and JSON Feed ``feed.json`` of the
  whole site and of every section, each at the path the feed names as its
  own URL (the site layout of docs/feeds.md: ``news/feed.xml``; on a site
  in several languages also one set per language under ``kk/`` ...), and
  ``sitemap.xml``: an index of the sitemaps beside it, ``sitemap-pages.xml``
  and one ``sitemap-YYYY-MM.xml`` per month of articles (50,000 URLs at
  most each, as sitemaps.org requires);
- ``archive.json``: the settings, the sections and every article (drafts
  and scheduled ones too, oldest first) with all of its fields, times in
  ISO 8601 with the store's offset;
- ``articles.csv``: one row per article (UTF-8, RFC 4180, a header row;
  the sections and tags of an article one per line within their cell).

Every file is written under a temporary name and renamed into place, so a
failed export never leaves half a file.

``import`` reads Markdown files with YAML front matter into the store
(created when missing) through the library's import: a folder of such files,
or the root of a Jekyll site (its ``_posts``) or of a Hugo site (its
``content``). A bad file is reported as ``path:line: message`` and skipped.

Exit status: 0 done, 1 an error (store, files, feeds), 2 usage, 3 the import
finished but skipped some files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional

import qalam

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

FEEDS = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
CSV_COLUMNS = ["id", "published", "updated", "lang", "status", "slug",
               "title", "lead", "author", "sections", "tags", "source_url",
               "story", "url"]
ATOM = "{http://www.w3.org/2005/Atom}"


class Failure(Exception):
    """An error to report on stderr with exit status 1."""


# --- writing files -----------------------------------------------------------

def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def iso(dt: Optional[datetime]) -> Optional[str]:
    return dt.isoformat() if dt is not None else None


def offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- feeds -------------------------------------------------------------------

def feed_self_url(format: str, document: str) -> str:
    """The URL a feed gives as its own (RSS atom:link rel=self, Atom's
    link rel=self, JSON Feed's feed_url)."""
    if format == "json":
        return json.loads(document)["feed_url"]
    root = ET.fromstring(document)
    links = (root.iter(f"{ATOM}link") if format == "rss"
             else root.findall(f"{ATOM}link"))
    for link in links:
        if link.get("rel") == "self":
            return link.get("href", "")
    raise Failure(f"the {format} feed names no URL of its own")


def site_path(store: qalam.Store, url: str) -> PurePosixPath:
    """The path below the site's root of one of the site's URLs."""
    prefix = store.base_url + "/"
    if not url.startswith(prefix):
        raise Failure(f"'{url}' is not below the base URL '{prefix}'")
    path = PurePosixPath(url[len(prefix):])
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise Failure(f"'{url}' does not name a file below the site's root")
    return path


def languages(store: qalam.Store) -> list[str]:
    """The languages of the listed articles, sorted."""
    return store.languages()


def write_feeds(store: qalam.Store, outdir: Path, formats: Iterable[str],
                limit: int, lead_only: bool) -> list[PurePosixPath]:
    """Every feed of the site and of each section (and, on a site in
    several languages, of each language): writes them where they say they
    live; returns their paths."""
    sections = [s.slug for s in store.sections()]
    langs: list[Optional[str]] = [None]
    if len(languages(store)) > 1:
        langs += languages(store)
    written = []
    for lang in langs:
        for section in [None] + sections:
            for format in formats:
                document = store.feed(format, section, limit, lang=lang,
                                      lead_only=lead_only)
                path = site_path(store, feed_self_url(format, document))
                write_atomically(outdir / path, document.encode("utf-8"))
                written.append(path)
    return written


# --- archive and CSV ---------------------------------------------------------

def article_record(store: qalam.Store, a: qalam.Article) -> dict[str, Any]:
    path = store.article_path(a)
    return {
        "id": a.id, "slug": a.slug, "lang": a.lang, "status": a.status,
        "title": a.title, "lead": a.lead, "author": a.author,
        "source_url": a.source_url,
        "published": iso(a.published), "updated": iso(a.updated),
        "sections": list(a.sections), "tags": list(a.tags),
        "story": a.story,
        "path": path, "url": store.base_url + "/" + path
        if store.base_url else None,
        "body": a.body, "html": a.html,
    }


def archive(store: qalam.Store) -> dict[str, Any]:
    """Everything in the store: settings, sections, every article (drafts
    and scheduled ones too) in publication order."""
    return {
        "format": "qalam-archive", "version": 1,
        "qalam": qalam.__version__,
        "site": {"title": store.title, "base_url": store.base_url,
                 "lang": store.lang, "offset": offset_text(store.offset)},
        "sections": [{"slug": s.slug, "name": s.name,
                      "position": s.position} for s in store.sections()],
        "articles": [article_record(store, a)
                     for a in store.articles(unlisted=True,
                                             oldest_first=True)],
    }


def csv_text(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for r in records:
        row = {k: ("" if r[k] is None else r[k]) for k in CSV_COLUMNS}
        # A tag cannot hold a control character, so a line break separates
        # them without ambiguity (and shows as lines in a spreadsheet).
        row["sections"] = "\n".join(r["sections"])
        row["tags"] = "\n".join(r["tags"])
        writer.writerow(row)
    return out.getvalue()


def cmd_export(args: argparse.Namespace) -> int:
    store_path = Path(args.store)
    if not store_path.is_file():
        raise Failure(f"no store at '{store_path}'")
    outdir = Path(args.outdir)
    formats = list(dict.fromkeys(args.formats.split(",")))
    for f in formats:
        if f not in FEEDS:
            raise Failure(f"unknown feed format '{f}' (rss, atom, json)")
    with qalam.Store(store_path, readonly=True) as store:
        written: list[Any] = []
        if not args.no_feeds:
            if not store.base_url:
                raise Failure(f"the store '{store_path}' has no base_url: "
                              "feeds need absolute links (set base_url "
                              "first, e.g. with _site.yaml and the import)")
            written += write_feeds(store, outdir, formats, args.limit,
                                   args.lead_only)
            index, parts = store.sitemap_parts()
            for part in parts:  # the index last: it names the parts
                write_atomically(outdir / part.name, part.xml.encode("utf-8"))
                written.append(part.name)
            write_atomically(outdir / "sitemap.xml", index.encode("utf-8"))
            written.append("sitemap.xml")
        data = archive(store)
    write_atomically(outdir / "archive.json",
                     (json.dumps(data, ensure_ascii=False, indent=2)
                      + "\n").encode("utf-8"))
    write_atomically(outdir / "articles.csv",
                     csv_text(data["articles"]).encode("utf-8"))
    written += ["archive.json", "articles.csv"]
    if not args.quiet:
        print(f"{len(data['articles'])} articles: {len(written)} files "
              f"written to {outdir}")
        if args.verbose:
            for path in written:
                print(f"  {path}")
    return EXIT_OK


# --- import ------------------------------------------------------------------

def content_folder(root: Path) -> tuple[Path, str]:
    """The folder to import and what kind of tree it is: the ``_posts`` of
    a Jekyll site (whose ``_`` names the library skips), the ``content``
    of a Hugo site, or the folder (or file) itself."""
    if root.is_dir():
        if (root / "_posts").is_dir() and ((root / "_config.yml").exists()
                                           or (root / "_config.yaml")
                                           .exists()):
            return root / "_posts", "Jekyll site"
        hugo = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml",
                "config.yaml", "config.json")
        if (root / "content").is_dir() and any((root / c).exists()
                                               for c in hugo):
            return root / "content", "Hugo site"
    return root, "folder" if root.is_dir() else "file"


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.content)
    if not source.exists():
        raise Failure(f"no such file or folder: '{source}'")
    folder, kind = content_folder(source)
    failures = []

    def on_error(path: str, line: int, error: qalam.Error) -> None:
        where = f"{path}:{line}" if line else path
        failures.append(where)
        print(f"{where}: {error}", file=sys.stderr)

    with qalam.Store(args.store) as store:
        # Settings first: dates without an offset are read at the store's.
        # A _site.yaml at the top of the folder is applied after these.
        for name in ("title", "base_url", "lang", "offset"):
            value = getattr(args, name)
            if value is not None:
                setattr(store, name, value)
        stats = store.import_markdown(folder, batch=args.batch,
                                      on_error=on_error)
    if not args.quiet:
        print(f"{kind} {folder}: {stats.files} files, {stats.imported} "
              f"imported, {stats.updated} updated, {stats.failed} skipped")
    return EXIT_PARTIAL if stats.failed else EXIT_OK


def _offset(text: str) -> int:
    """--offset: +05:00, +0500, +05, -03:30 or Z, as minutes."""
    m = re.fullmatch(r"([+-])(\d{2})(?::?(\d{2}))?|[Zz]", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(
            f"not a UTC offset: '{text}' (e.g. +05:00)")
    if not m.group(1):
        return 0
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return -minutes if m.group(1) == "-" else minutes


# --- the command line --------------------------------------------------------

def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="export.py",
        description="Export a qalam store as feeds, a JSON archive and CSV, "
                    "or import a Hugo or Jekyll content folder into one.",
        epilog="Exit status: 0 done, 1 error, 2 usage, 3 import with "
               "skipped files.")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list the files written")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    e = sub.add_parser("export", help="write feeds, sitemap, archive.json "
                                      "and articles.csv into OUTDIR")
    e.add_argument("store", help="the qalam store (a file)")
    e.add_argument("outdir", help="output folder (created when missing)")
    e.add_argument("--formats", default="rss,atom,json",
                   help="feed formats, comma-separated (default "
                        "rss,atom,json)")
    e.add_argument("--limit", type=int, default=20,
                   help="articles per feed (default 20)")
    e.add_argument("--lead-only", action="store_true",
                   help="feeds carry the lead instead of the body")
    e.add_argument("--no-feeds", action="store_true",
                   help="write only archive.json and articles.csv")
    e.set_defaults(run=cmd_export)

    i = sub.add_parser("import", help="import Markdown files with front "
                                      "matter (a Hugo or Jekyll site)")
    i.add_argument("store", help="the qalam store (created when missing)")
    i.add_argument("content", help="a content folder, a Jekyll or Hugo "
                                   "site's root, or one Markdown file")
    i.add_argument("--batch", type=int, default=0,
                   help="files per transaction (default: the library's)")
    i.add_argument("--title", help="set the site's title first")
    i.add_argument("--base-url", help="set the site's base URL first")
    i.add_argument("--lang", help="set the default language first")
    i.add_argument("--offset", type=_offset,
                   help="set the UTC offset first (+05:00); dates without "
                        "an offset are read at it")
    i.set_defaults(run=cmd_import)
    args = p.parse_args(argv)
    if args.command == "export" and args.limit < 1:
        p.error("--limit must be at least 1")
    if args.command == "import" and args.batch < 0:
        p.error("--batch must not be negative")
    return args


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    try:
        return args.run(args)
    except Failure as e:
        print(f"export.py: {e}", file=sys.stderr)
    except qalam.Error as e:
        print(f"export.py: {e}", file=sys.stderr)
    except OSError as e:
        where = f" '{e.filename}'" if e.filename else ""
        print(f"export.py:{where} {e.strerror or e}", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
