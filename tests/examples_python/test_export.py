"""examples/python/export.py: feeds that feedparser (RSS, Atom) and the JSON
Feed 1.1 schema (JSON Feed) accept, a JSON archive that round-trips every
field, CSV that reads back with csv, and the import of Jekyll and Hugo
trees."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import qalam
from conftest import NEWSPAPER, SOURCE_DIR, run_example

feedparser = pytest.importorskip("feedparser")      # python3-feedparser
jsonschema = pytest.importorskip("jsonschema")      # python3-jsonschema

KZ = timezone(timedelta(hours=5))
SCHEMA = SOURCE_DIR / "tests" / "feed" / "jsonfeed-1.1.schema.json"
FEED_FILES = ["feed.xml", "atom.xml", "feed.json"]
SITEMAPS = ["sitemap.xml", "sitemap-pages.xml", "sitemap-2026-02.xml"]
HOSTILE = "Tom & Jerry's \"Best\" <Day>, Қазақ «ru»; a,b"
FIELDS = ["id", "slug", "lang", "status", "title", "lead", "author",
          "source_url", "sections", "tags", "story", "body", "html"]


def export(*args):
    return run_example("export.py", *args)


@pytest.fixture
def imported(tmp_path):
    """A store made by `export.py import` from examples/newspaper."""
    db = tmp_path / "paper.db"
    r = export("import", db, NEWSPAPER)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (f"folder {NEWSPAPER}: 5 files, 5 imported, "
                                "0 updated, 0 skipped")
    return db


@pytest.fixture
def rich(imported):
    """The newspaper plus articles that use every field: a hostile title,
    lead, author, tags, a translation, a draft and a scheduled article."""
    with qalam.Store(imported) as s:
        a = s.add_article(
            title=HOSTILE, body="**Bold** & <i>raw</i>\n\nSecond line",
            sections=["society"], lead="Lead & <lead>",
            author="Әлия \"Editor\" O'Brien",
            source_url="https://example.org/a?b=1&c=2",
            tags=["ауа райы", "C&A <tag>, \"q\"; x"],
            published=datetime(2026, 2, 14, 9, 0, tzinfo=KZ))
        s.add_article(title="Hostile in Russian «да»", lang="ru", story=a.id,
                      sections=["news"], body="Текст",
                      published=datetime(2026, 2, 14, 9, 5, tzinfo=KZ))
        s.add_article(title="Unfinished", status="draft", sections=["news"])
        s.add_article(title="Next week", sections=["news"],
                      published=datetime.now(KZ) + timedelta(days=7))
    return imported


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA.read_text())


def parse_feed(path: Path):
    d = feedparser.parse(path.read_bytes(), sanitize_html=False)
    assert d.bozo == 0, (path, d.get("bozo_exception"))
    return d


def listed(db, section=None, lang=None):
    with qalam.Store(db, readonly=True) as s:
        return [(a.title, f"{s.base_url}/{s.article_path(a)}", a.published)
                for a in s.articles(section=section, lang=lang)]


# --- export ------------------------------------------------------------------

def test_export_writes_every_file(imported, tmp_path):
    out = tmp_path / "out"
    r = export("-v", "export", imported, out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"5 articles: 14 files written to {out}\n")
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*")
                   if p.is_file())
    assert files == sorted(
        FEED_FILES + [f"{s}/{f}" for s in ("news", "society")
                      for f in FEED_FILES]
        + SITEMAPS + ["archive.json", "articles.csv"])
    # Running it again replaces the files, leaving no temporary ones.
    assert export("export", imported, out).returncode == 0
    assert not [p for p in out.rglob(".*")]


def test_feeds_parse(imported, tmp_path, schema):
    out = tmp_path / "out"
    assert export("export", imported, out).returncode == 0
    for folder, section in (("", None), ("news", "news"),
                            ("society", "society")):
        expect = listed(imported, section)
        assert len(expect) == 5
        for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
            d = parse_feed(out / folder / name)
            assert d.version == version
            title = "Enbekshi QazaQ" + (f" — {section.capitalize()}"
                                        if section else "")
            assert d.feed.title == title
            assert [(e.title, e.link) for e in d.entries] == \
                [(t, u) for t, u, _ in expect]
            assert [datetime(*e.published_parsed[:6], tzinfo=timezone.utc)
                    for e in d.entries] == [p for _, _, p in expect]
        doc = json.loads((out / folder / "feed.json").read_text())
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
        assert doc["feed_url"] == ("https://enbekshi-qazaq.example/"
                                   + (f"{folder}/" if folder else "")
                                   + "feed.json")
        assert [(i["title"], i["url"]) for i in doc["items"]] == \
            [(t, u) for t, u, _ in expect]


def test_feeds_of_a_site_in_two_languages(rich, tmp_path, schema):
    out = tmp_path / "out"
    r = export("export", rich, out, "--limit", "3", "--lead-only")
    assert r.returncode == 0, r.stderr
    names = {str(p.relative_to(out)) for p in out.rglob("*")}
    for prefix in ("", "en/", "ru/"):
        for section in ("", "news/", "society/"):
            for f in FEED_FILES:
                assert f"{prefix}{section}{f}" in names
    for lang in (None, "en", "ru"):
        prefix = f"{lang}/" if lang else ""
        for section in (None, "news", "society"):
            folder = out / prefix / (section or "")
            expect = listed(rich, section, lang)[:3]
            for name in ("feed.xml", "atom.xml"):
                d = parse_feed(folder / name)
                assert [e.title for e in d.entries] == \
                    [t for t, _, _ in expect]
            doc = json.loads((folder / "feed.json").read_text())
            jsonschema.validate(doc, schema,
                                cls=jsonschema.Draft202012Validator)
            assert [i["url"] for i in doc["items"]] == \
                [u for _, u, _ in expect]
    # Hostile text reads back exactly; drafts and scheduled ones stay out.
    d = parse_feed(out / "en" / "society" / "atom.xml")
    assert d.entries[0].title == HOSTILE
    assert d.entries[0].summary == "Lead & <lead>"
    for path in out.rglob("*.xml"):
        text = path.read_text()
        assert "Unfinished" not in text and "Next week" not in text


def test_feed_formats_option(imported, tmp_path):
    out = tmp_path / "out"
    r = export("export", imported, out, "--formats", "atom")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == sorted(
        ["atom.xml"] * 3 + SITEMAPS + ["archive.json", "articles.csv"])
    r = export("export", imported, out, "--formats", "atom,rdf")
    assert r.returncode == 1 and "unknown feed format 'rdf'" in r.stderr


def test_archive_has_every_field(rich, tmp_path):
    out = tmp_path / "out"
    assert export("export", rich, out).returncode == 0
    data = json.loads((out / "archive.json").read_text(encoding="utf-8"))
    with qalam.Store(rich, readonly=True) as s:
        assert data["site"] == {"title": s.title, "base_url": s.base_url,
                                "lang": s.lang, "offset": "+05:00"}
        assert data["sections"] == [{"slug": x.slug, "name": x.name,
                                     "position": x.position}
                                    for x in s.sections()]
        every = list(s.articles(unlisted=True, oldest_first=True))
        assert [r["id"] for r in data["articles"]] == [a.id for a in every]
        assert len(every) == 9
        for record in data["articles"]:
            a = s.article(record["id"])
            for f in FIELDS:
                assert record[f] == getattr(a, f), f
            assert datetime.fromisoformat(record["published"]) == a.published
            assert datetime.fromisoformat(record["updated"]) == a.updated
            assert record["published"] == a.published.isoformat()
            assert record["published"].endswith("+05:00")
            assert record["url"] == f"{s.base_url}/{record['path']}"
            assert record["path"] == s.article_path(a)


def test_archive_round_trips(rich, tmp_path):
    """A store rebuilt from archive.json alone equals the original in every
    field but id and update time."""
    out = tmp_path / "out"
    assert export("export", rich, out).returncode == 0
    data = json.loads((out / "archive.json").read_text(encoding="utf-8"))
    copy = tmp_path / "copy.db"
    ids = {}
    with qalam.Store(copy) as s:
        for key in ("title", "base_url", "lang"):
            setattr(s, key, data["site"][key])
        sign = -1 if data["site"]["offset"][0] == "-" else 1
        hh, mm = data["site"]["offset"][1:].split(":")
        s.offset = sign * (int(hh) * 60 + int(mm))
        for x in data["sections"]:
            s.add_section(x["slug"], x["name"], x["position"])
        for r in data["articles"]:
            a = s.add_article(
                title=r["title"], body=r["body"], sections=r["sections"],
                published=datetime.fromisoformat(r["published"]),
                lang=r["lang"], slug=r["slug"], lead=r["lead"],
                author=r["author"], source_url=r["source_url"],
                tags=r["tags"], status=r["status"],
                # The group's first article names itself: it becomes the
                # head when the others join.
                story=ids[r["story"]] if r["story"] not in (None, r["id"])
                else None)
            ids[r["id"]] = a.id
    with qalam.Store(rich, readonly=True) as old, \
            qalam.Store(copy, readonly=True) as new:
        assert (old.title, old.base_url, old.lang, old.offset) == \
            (new.title, new.base_url, new.lang, new.offset)
        assert old.sections() == new.sections()
        for r in data["articles"]:
            a, b = old.article(r["id"]), new.article(ids[r["id"]])
            for f in FIELDS:
                if f == "id":
                    continue
                want = getattr(a, f)
                if f == "story" and want is not None:
                    want = ids[want]
                assert getattr(b, f) == want, f
            assert b.published == a.published
            assert old.article_path(a) == new.article_path(b)


def test_csv_reads_back(rich, tmp_path):
    out = tmp_path / "out"
    assert export("export", rich, out).returncode == 0
    raw = (out / "articles.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with open(out / "articles.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["id", "published", "updated", "lang", "status",
                             "slug", "title", "lead", "author", "sections",
                             "tags", "source_url", "story", "url"]
    with qalam.Store(rich, readonly=True) as s:
        every = list(s.articles(unlisted=True, oldest_first=True))
        assert [int(r["id"]) for r in rows] == [a.id for a in every]
        for row in rows:
            a = s.article(int(row["id"]))
            assert row["title"] == a.title
            assert row["slug"] == a.slug and row["lang"] == a.lang
            assert row["status"] == a.status
            assert row["lead"] == (a.lead or "")
            assert row["author"] == (a.author or "")
            assert row["source_url"] == (a.source_url or "")
            assert row["sections"].split("\n") == a.sections
            assert (row["tags"].split("\n") if row["tags"] else []) == a.tags
            assert row["story"] == (str(a.story) if a.story else "")
            assert datetime.fromisoformat(row["published"]) == a.published
            assert datetime.fromisoformat(row["updated"]) == a.updated
            assert row["url"] == f"{s.base_url}/{s.article_path(a)}"
    hostile = [r for r in rows if r["title"] == HOSTILE]
    assert len(hostile) == 1
    assert hostile[0]["tags"] == "ауа райы\nC&A <tag>, \"q\"; x"


def test_export_errors(imported, tmp_path):
    r = export("export", tmp_path / "missing.db", tmp_path / "out")
    assert r.returncode == 1
    assert r.stderr == f"export.py: no store at '{tmp_path / 'missing.db'}'\n"
    assert not (tmp_path / "missing.db").exists()
    bare = tmp_path / "bare.db"
    with qalam.Store(bare) as s:
        s.add_article(title="No base URL")
    r = export("export", bare, tmp_path / "out")
    assert r.returncode == 1 and "base_url" in r.stderr
    # Without feeds no base URL is needed.
    r = export("export", bare, tmp_path / "out", "--no-feeds")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["archive.json", "articles.csv"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = export("export", imported, blocker)
    assert r.returncode == 1 and str(blocker) in r.stderr
    not_a_store = tmp_path / "junk.db"
    not_a_store.write_bytes(b"junk" * 1000)
    r = export("export", not_a_store, tmp_path / "o2")
    assert r.returncode == 1 and r.stderr.startswith("export.py: ")
    for args in ([], ["frobnicate"], ["export", imported],
                 ["export", imported, "o", "--limit", "0"]):
        r = export(*args)
        assert r.returncode == 2, args
        assert "usage:" in r.stderr


# --- import ------------------------------------------------------------------

JEKYLL_POST = """\
---
layout: post
title:  "Welcome to Jekyll: «Қош келдіңіз» & <more>"
date:   2026-02-13 17:40:00 +0500
categories: [news, Мәдениет]
tags: jekyll
---

You’ll find this post in your `_posts` directory. **Bold** text.
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_import_jekyll_site(tmp_path):
    site = tmp_path / "blog"
    write(site / "_config.yml", "title: My blog\nurl: https://blog.example\n")
    write(site / "_posts" / "2026-02-13-welcome-to-jekyll.md", JEKYLL_POST)
    write(site / "_posts" / "2026-02-12-local-time.markdown",
          "---\ntitle: Local time\ndate: 2026-02-12 08:00\n---\nBody\n")
    write(site / "_posts" / "2026-02-14-broken.md",
          "---\nlayout: post\ndate: 2026-02-14\n---\nNo title here.\n")
    write(site / "_drafts" / "later.md", "---\ntitle: Draft\n---\n")
    write(site / "about.md", "---\nlayout: page\ntitle: About\n---\n")
    db = tmp_path / "blog.db"
    r = export("import", db, site, "--base-url", "https://blog.example",
               "--title", "My blog", "--offset", "+05:00", "--lang", "kk")
    assert r.returncode == 3, r.stderr
    assert r.stdout == (f"Jekyll site {site / '_posts'}: 3 files, 2 "
                        "imported, 0 updated, 1 skipped\n")
    broken = site / "_posts" / "2026-02-14-broken.md"
    assert r.stderr.startswith(f"{broken}:1: ")
    assert "title" in r.stderr
    with qalam.Store(db, readonly=True) as s:
        assert (s.title, s.base_url, s.lang) == ("My blog",
                                                 "https://blog.example", "kk")
        assert s.offset == timedelta(hours=5)
        titles = [a.title for a in s.articles(unlisted=True)]
        assert titles == ["Welcome to Jekyll: «Қош келдіңіз» & <more>",
                          "Local time"]
        a = next(s.articles(limit=1))
        assert a.published == datetime(2026, 2, 13, 17, 40, tzinfo=KZ)
        assert a.sections == ["news", "madeniet"]
        assert a.tags == ["jekyll"]
        assert "<strong>Bold</strong>" in a.html
        assert [x.slug for x in s.sections()] == ["news", "madeniet"]
        local = s.article_by_slug("local-time")
        assert local.published == datetime(2026, 2, 12, 8, 0, tzinfo=KZ)
    # Importing again updates the same articles.
    r = export("import", db, site)
    assert r.returncode == 3
    assert "0 imported, 2 updated, 1 skipped" in r.stdout
    # Then the exporter's feeds of the imported store parse.
    out = tmp_path / "out"
    assert export("export", db, out).returncode == 0
    d = parse_feed(out / "feed.xml")
    assert [e.title for e in d.entries] == titles


def test_import_hugo_site(tmp_path):
    site = tmp_path / "hugo"
    write(site / "hugo.toml", 'baseURL = "https://hugo.example/"\n')
    write(site / "content" / "_index.md", "---\ntitle: Home\n---\n")
    write(site / "content" / "posts" / "_index.md", "---\ntitle: Posts\n---\n")
    write(site / "content" / "posts" / "first.md",
          "---\ntitle: First post\ndate: 2026-02-13T10:30:00+05:00\n"
          "draft: true\nsummary: The lead\n---\n\nHello\n")
    write(site / "content" / "posts" / "second.md",
          "---\ntitle: Second post\ndate: 2026-02-13T11:30:00+05:00\n"
          "tags: [a, b]\n---\n\nHi\n")
    db = tmp_path / "hugo.db"
    r = export("-q", "import", db, site)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    with qalam.Store(db, readonly=True) as s:
        first, second = s.article_by_slug("first-post"), \
            s.article_by_slug("second-post")
        assert first.status == "draft" and first.lead == "The lead"
        assert second.tags == ["a", "b"]
        assert s.count() == 1


def test_import_one_file_and_errors(tmp_path):
    post = tmp_path / "one.md"
    write(post, JEKYLL_POST)
    db = tmp_path / "one.db"
    r = export("import", db, post)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"file {post}: 1 files, 1 imported")
    r = export("import", db, tmp_path / "nothing-here")
    assert r.returncode == 1 and "no such file or folder" in r.stderr
    r = export("import", tmp_path / "no" / "dir" / "x.db", post)
    assert r.returncode == 1 and r.stderr.startswith("export.py: ")
    r = export("import", db, post, "--offset", "5 hours")
    assert r.returncode == 2 and "not a UTC offset" in r.stderr
    r = export("import", db, post, "--base-url", "ftp://x")
    assert r.returncode == 1 and r.stderr.startswith("export.py: ")


def test_round_trip_through_markdown(rich, tmp_path):
    """export_markdown + `export.py import` gives the same archive (but for
    ids and update times)."""
    folder = tmp_path / "md"
    with qalam.Store(rich, readonly=True) as s:
        assert s.export_markdown(folder) == 9
    copy = tmp_path / "copy.db"
    r = export("import", copy, folder)
    assert r.returncode == 0, r.stderr
    a, b = tmp_path / "a", tmp_path / "b"
    assert export("export", rich, a).returncode == 0
    assert export("export", copy, b).returncode == 0

    def strip(path):
        data = json.loads(path.read_text())
        slugs = {r["id"]: (r["lang"], r["slug"]) for r in data["articles"]}
        for r in data["articles"]:
            r.pop("updated")
            r["id"] = slugs[r["id"]]
            r["story"] = slugs[r["story"]] if r["story"] else None
        return data
    assert strip(b / "archive.json") == strip(a / "archive.json")
    # The feeds list the same entries.
    for f in ("feed.xml", "en/atom.xml"):
        assert [(e.title, e.link, e.published) for e in
                parse_feed(a / f).entries] == \
            [(e.title, e.link, e.published) for e in
             parse_feed(b / f).entries]
