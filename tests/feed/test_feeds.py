"""The feeds and sitemap that make_feeds writes, read back by real parsers:
feedparser for RSS and Atom, xml.etree for the sitemap, and a JSON Schema
of JSON Feed 1.1 (jsonfeed-1.1.schema.json) plus the rules of the spec a
schema cannot express. Expected values come from this file and from the
store make_feeds leaves behind (read with sqlite3), never from the feeds."""
import html
import json
import pathlib
import sqlite3
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest

HERE = pathlib.Path(__file__).parent
BASE = "https://qalam.example/portal"
TZ = timezone(timedelta(hours=5))
SITE = "Qalam «Daily» & Sons <Press> \"Q\" 'K'"
NEWS = "Жаңалықтар & <Events>"
SOCIETY = "Общество «Город» \"Q\""
KK = "Алматыда “жылы” күн & <ауа> 'райы' \"бүгін\""
RU = "Новости «Москва» & \"Астана\" <b>жирный</b>"
EN = "Tom & Jerry's \"Best\" <Day>"
SECTIONS = {KK: [NEWS, SOCIETY], RU: [NEWS], EN: ["Culture"]}
AUTHORS = {KK: "Әлия \"Editor\" O'Brien", RU: None, EN: "J. Smith"}
TAGS = {KK: ["ауа райы", "C&A <tag> \"q\""], RU: ["Москва"], EN: []}
# Newest first, as every feed lists them.
ALL = [EN, RU, KK]
FEEDS = {"": ALL, "news": [RU, KK], "kk": [KK], "lead": ALL}
HIDDEN = ["Draft must not appear", "Scheduled must not appear"]


@pytest.fixture(scope="session")
def store(feeds_dir):
    db = sqlite3.connect(feeds_dir / "store.db")
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT * FROM articles").fetchall()
    db.close()
    return {r["title"]: dict(r) for r in rows}


def url(a):
    return f"{BASE}/{a['lang']}/article/{a['slug']}.html"


def updated(a):
    return max(a["updated"], a["published"])


def rfc3339(t):
    return datetime.fromtimestamp(t, TZ).isoformat()


def rfc822(t):
    return format_datetime(datetime.fromtimestamp(t, TZ))


def read(feeds_dir, rel):
    return (feeds_dir / rel).read_bytes()


def parse(feeds_dir, rel):
    d = feedparser.parse(read(feeds_dir, rel), sanitize_html=False)
    assert d.bozo == 0, (rel, d.get("bozo_exception"))
    return d


def feed_title(folder):
    return SITE + " — " + NEWS if folder == "news" else SITE


def feed_lang(folder):
    return "kk"  # the filter for kk/, the store's language for the others


def home(folder):
    return f"{BASE}/kk/news/index.html" if folder == "news" else \
        f"{BASE}/kk/index.html"


def self_url(folder, name):
    # make_feeds writes the feeds where the layout puts them, except lead/.
    return f"{BASE}/{folder}/{name}" if folder in ("news", "kk") else \
        f"{BASE}/{name}"


def test_the_store_holds_what_make_feeds_wrote(store):
    assert set(store) == set(ALL) | set(HIDDEN)
    assert {store[t]["lang"] for t in ALL} == {"kk", "ru", "en"}


@pytest.mark.parametrize("folder", FEEDS)
def test_nothing_unlisted_anywhere(feeds_dir, store, folder):
    for name in ("feed.xml", "atom.xml", "feed.json"):
        text = read(feeds_dir, f"{folder}/{name}".lstrip("/")).decode()
        for title in HIDDEN:
            assert title not in text
            assert store[title]["slug"] not in text


# --- RSS 2.0 -----------------------------------------------------------------

@pytest.mark.parametrize("folder", FEEDS)
def test_rss(feeds_dir, store, folder):
    rel = f"{folder}/feed.xml".lstrip("/")
    d = parse(feeds_dir, rel)
    assert d.version == "rss20"
    assert d.feed.title == feed_title(folder)
    assert d.feed.link == home(folder)
    assert d.feed.language == feed_lang(folder)
    assert {"rel": "self", "href": self_url(folder, "feed.xml"),
            "type": "application/rss+xml"} in d.feed.links
    newest = max(updated(store[t]) for t in FEEDS[folder])
    assert d.feed.updated == rfc822(newest)
    assert [e.title for e in d.entries] == FEEDS[folder]
    lead_only = folder == "lead"
    for e in d.entries:
        a = store[e.title]
        assert e.link == url(a)
        assert e.id == url(a)
        assert e.published == rfc822(a["published"])
        assert e.get("author") == AUTHORS[e.title]
        assert [t.term for t in e.tags] == SECTIONS[e.title]
        if lead_only and a["lead"]:
            # The lead is plain text, escaped to HTML for <description>.
            assert "<b>" not in e.description
            assert html.unescape(e.description) == a["lead"]
        else:
            assert e.description == a["html"].strip()


def test_rss_guid_is_a_permalink(feeds_dir):
    root = ET.fromstring(read(feeds_dir, "feed.xml"))
    guids = root.findall("./channel/item/guid")
    assert len(guids) == 3
    assert all(g.get("isPermaLink") == "true" for g in guids)


# --- Atom 1.0 ----------------------------------------------------------------

@pytest.mark.parametrize("folder", FEEDS)
def test_atom(feeds_dir, store, folder):
    rel = f"{folder}/atom.xml".lstrip("/")
    d = parse(feeds_dir, rel)
    assert d.version == "atom10"
    assert d.feed.title == feed_title(folder)
    assert d.feed.title_detail.type == "text/plain"
    assert d.feed.id == self_url(folder, "atom.xml")
    newest = max(updated(store[t]) for t in FEEDS[folder])
    assert d.feed.updated == rfc3339(newest)
    links = {(l.rel, l.href) for l in d.feed.links}
    assert ("self", self_url(folder, "atom.xml")) in links
    assert ("alternate", home(folder)) in links
    assert d.feed.author == feed_title(folder)
    assert [e.title for e in d.entries] == FEEDS[folder]
    lead_only = folder == "lead"
    for e in d.entries:
        a = store[e.title]
        assert e.title_detail.type == "text/plain"
        assert e.id == url(a)
        assert e.link == url(a)
        assert e.published == rfc3339(a["published"])
        assert e.updated == rfc3339(updated(a))
        assert e.title_detail.language == a["lang"]
        # (Entries without one fall back to the feed's author.)
        assert e.get("author") == AUTHORS[e.title]
        names = dict(zip(["news", "society", "culture"],
                         [NEWS, SOCIETY, "Culture"]))
        assert [(t.term, t.label) for t in e.tags] == \
            [(k, v) for k, v in names.items() if v in SECTIONS[e.title]]
        if a["lead"]:
            assert e.summary_detail.type == "text/plain"
            assert e.summary == a["lead"]
        if lead_only and a["lead"]:
            assert "content" not in e
        else:
            assert [(c.type, c.value) for c in e.content] == \
                [("text/html", a["html"].strip())]
        if a["source_url"]:
            assert ("via", a["source_url"]) in {(l.rel, l.href)
                                                for l in e.links}


# --- JSON Feed 1.1 -----------------------------------------------------------

@pytest.fixture(scope="session")
def schema():
    s = json.loads((HERE / "jsonfeed-1.1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def test_schema_rejects_what_the_spec_forbids(schema):
    v = jsonschema.Draft202012Validator(schema)
    ok = {"version": "https://jsonfeed.org/version/1.1", "title": "t",
          "items": [{"id": "1", "content_text": "x",
                     "date_published": "2026-02-13T10:30:00+05:00"}]}
    assert v.is_valid(ok)
    bad = [
        {**ok, "version": "https://jsonfeed.org/version/1"},
        {k: x for k, x in ok.items() if k != "title"},
        {**ok, "items": [{"id": "1"}]},                      # no content
        {**ok, "items": [{"content_text": "x"}]},            # no id
        {**ok, "items": [{"id": 1, "content_text": "x"}]},
        {**ok, "items": [{"id": "1", "content_text": "x",
                          "date_published": "13.02.2026"}]},
        {**ok, "items": [{"id": "1", "content_text": "x",
                          "authors": [{}]}]},
        {**ok, "items": [{"id": "1", "content_text": "x", "tags": "a"}]},
        {**ok, "author_name": "x"},                          # not an extension
    ]
    for doc in bad:
        assert not v.is_valid(doc), doc
    assert v.is_valid({**ok, "_qalam": {"x": 1}})


@pytest.mark.parametrize("folder", FEEDS)
def test_json_feed(feeds_dir, store, schema, folder):
    rel = f"{folder}/feed.json".lstrip("/")
    raw = read(feeds_dir, rel).decode("utf-8")
    doc = json.loads(raw)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    # Rules the schema cannot express.
    # Raw text: no unescaped control characters or U+2028/2029, which
    # break JavaScript consumers.
    assert not any(ord(c) < 0x20 and c != "\n" or c in "\u2028\u2029"
                   for c in raw)
    assert doc["feed_url"] == self_url(folder, "feed.json")
    assert doc["home_page_url"] == home(folder)
    for u in (doc["feed_url"], doc["home_page_url"]):
        assert urlsplit(u).scheme == "https" and urlsplit(u).netloc
    assert doc["title"] == feed_title(folder)
    assert doc["language"] == feed_lang(folder)
    items = doc["items"]
    ids = [i["id"] for i in items]
    assert len(set(ids)) == len(ids)  # ids are unique in a feed
    assert [i["title"] for i in items] == FEEDS[folder]
    dates = [datetime.fromisoformat(i["date_published"]) for i in items]
    assert dates == sorted(dates, reverse=True)
    lead_only = folder == "lead"
    for i in items:
        a = store[i["title"]]
        assert i["id"] == url(a) and i["url"] == url(a)
        assert i["date_published"] == rfc3339(a["published"])
        assert i["date_modified"] == rfc3339(updated(a))
        assert datetime.fromisoformat(i["date_modified"]) >= \
            datetime.fromisoformat(i["date_published"])
        assert i["language"] == a["lang"]
        assert i.get("tags", []) == TAGS[i["title"]]
        author = AUTHORS[i["title"]]
        assert i.get("authors") == ([{"name": author}] if author else None)
        assert i.get("external_url") == a["source_url"]
        if lead_only and a["lead"]:
            assert i["content_text"] == a["lead"]
            assert "content_html" not in i
        else:
            assert i["content_html"] == a["html"]  # exactly, newline too
            assert i.get("summary") == a["lead"]


def test_json_escapes_line_separators(feeds_dir, store):
    raw = read(feeds_dir, "feed.json").decode("utf-8")
    assert "\\u2028" in raw and "\\u2029" in raw and "\\t" in raw
    doc = json.loads(raw)
    ru = [i for i in doc["items"] if i["title"] == RU][0]
    assert "\u2028" in ru["content_html"] and "\t" in ru["content_html"]


# --- Sitemap -----------------------------------------------------------------

def test_sitemap(feeds_dir, store):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(read(feeds_dir, "sitemap.xml"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = root.findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
    assert len(locs) == len(set(locs)) <= 50000
    pages = [f"{BASE}/{lang}/{p}" for lang in ("en", "kk", "ru")
             for p in ("index.html", "news/index.html",
                       "society/index.html", "culture/index.html")]
    articles = [url(store[t]) for t in ALL]
    assert locs == pages + articles
    for u in urls:
        loc = u.findtext("s:loc", namespaces=ns)
        lastmod = u.findtext("s:lastmod", namespaces=ns)
        if loc in articles:
            a = [store[t] for t in ALL if url(store[t]) == loc][0]
            assert lastmod == rfc3339(updated(a))
        else:
            assert lastmod is None


def test_sitemap_in_parts(feeds_dir, store):
    """The index names each part beside it, with the newest lastmod of its
    articles; the parts list what the single sitemap does, in order."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(read(feeds_dir, "parts/sitemap.xml"))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    entries = [(e.findtext("s:loc", namespaces=ns),
                e.findtext("s:lastmod", namespaces=ns))
               for e in index.findall("s:sitemap", ns)]
    newest = rfc3339(max(updated(store[t]) for t in ALL))
    assert entries == [(f"{BASE}/sitemap-pages.xml", None),
                       (f"{BASE}/sitemap-2026-02.xml", newest)]
    def urls(root):
        return [(u.findtext("s:loc", namespaces=ns),
                 u.findtext("s:lastmod", namespaces=ns))
                for u in root.findall("s:url", ns)]
    whole = ET.fromstring(read(feeds_dir, "sitemap.xml"))
    got = []
    for loc, _ in entries:
        part = ET.fromstring(read(feeds_dir, "parts/" + loc[len(BASE) + 1:]))
        assert part.tag == whole.tag
        got += urls(part)
    assert got == urls(whole)
