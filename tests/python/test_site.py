"""Feeds, the sitemap, and Markdown import and export."""

import json
import xml.etree.ElementTree as ET

import pytest

import qalam
from conftest import when


@pytest.fixture
def site(store):
    store.add_article(title="Сәлем, әлем", body="**Мәтін** & <тег>",
                      sections=["news"], lang="kk", published=when(),
                      lead="Лид 🎉")
    store.add_article(title="Hello", body="Body", sections=["world"],
                      published=when(day=14))
    return store


def test_rss_and_atom_parse(site):
    rss = ET.fromstring(site.feed("rss"))
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert titles == ["Hello", "Сәлем, әлем"]
    atom = ET.fromstring(site.feed("atom", section="news"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns)
            for e in atom.findall("a:entry", ns)] == ["Сәлем, әлем"]


def test_json_feed(site):
    feed = json.loads(site.feed("json", limit=1, lead_only=True))
    assert len(feed["items"]) == 1
    assert feed["items"][0]["title"] == "Hello"
    kk = json.loads(site.feed("json", lang="kk", lead_only=True))
    assert "Лид 🎉" in json.dumps(kk["items"][0], ensure_ascii=False)


def test_feed_invalid(site, store):
    with pytest.raises(qalam.InvalidInput, match="format"):
        site.feed("html")
    with pytest.raises(qalam.NotFound):
        site.feed("rss", section="sport")
    with pytest.raises(qalam.InvalidInput):
        site.feed("rss", limit=-1)
    with qalam.Store(":memory:") as bare:
        with pytest.raises(qalam.InvalidInput):
            bare.feed()
        with pytest.raises(qalam.InvalidInput):
            bare.sitemap()


SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_parts(site):
    index, parts = site.sitemap_parts()
    root = ET.fromstring(index)
    assert root.tag == SITEMAPS + "sitemapindex"
    assert [e.text for e in root.iter(SITEMAPS + "loc")] == [
        "https://qalam.example.kz/sitemap-pages.xml",
        "https://qalam.example.kz/sitemap-2026-02.xml"]
    assert [(p.name, p.start, p.end) for p in parts] == [
        ("sitemap-pages.xml", None, None),
        ("sitemap-2026-02.xml", 1769886000, 1772305200)]  # at +05:00
    locs = [e.text for p in parts
            for e in ET.fromstring(p.xml).iter(SITEMAPS + "loc")]
    whole = [e.text for e in ET.fromstring(site.sitemap()).iter(
        SITEMAPS + "loc")]
    assert locs == whole
    assert qalam.SITEMAP_URLS == 50000


def test_sitemap_parts_asked_for(site):
    asked = []

    def want(part):
        asked.append(part)
        return part.start is not None
    _, parts = site.sitemap_parts(want)
    assert [p.xml for p in asked] == [None, None]
    assert parts[0].xml is None and "salem-alem" in parts[1].xml


def test_sitemap_parts_errors(site, store):
    with pytest.raises(ZeroDivisionError):
        site.sitemap_parts(lambda part: 1 / 0)
    with qalam.Store(":memory:") as bare:
        with pytest.raises(qalam.InvalidInput, match="base_url"):
            bare.sitemap_parts()
    with pytest.raises(qalam.Closed):
        site.sitemap_parts(lambda part: site.close() or True)


def test_sitemap(site):
    root = ET.fromstring(site.sitemap())
    locs = [e.text for e in root.iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://qalam.example.kz/kk/article/salem-alem.html" in locs


def test_export_and_import_round_trip(site, tmp_path):
    out = tmp_path / "out"
    assert site.export_markdown(out) == 2
    assert (out / "kk" / "salem-alem.md").exists()
    with qalam.Store(":memory:") as copy:
        stats = copy.import_markdown(out)
        assert stats == qalam.ImportStats(files=2, imported=2, updated=0,
                                          failed=0)
        a = copy.article_by_slug("salem-alem", "kk")
        assert (a.title, a.body, a.lead, a.sections) == \
            ("Сәлем, әлем", "**Мәтін** & <тег>", "Лид 🎉", ["news"])
        assert a.published == when()
        assert [s.slug for s in copy.sections()] == ["news", "world"]
        again = copy.import_markdown(str(out))
        assert again.updated == 2 and again.imported == 0


def write_posts(folder):
    folder.mkdir()
    (folder / "good.md").write_text(
        "---\ntitle: Жақсы\ndate: 2026-02-13\ncategories: [news]\n---\nМәтін\n")
    (folder / "bad.md").write_text("no front matter\n")
    (folder / "worse.md").write_text("---\ntitle: x\ndate: 31.02.2026\n---\n")


def test_import_reports_bad_files(store, tmp_path):
    write_posts(tmp_path / "posts")
    errors, progress = [], []
    stats = store.import_markdown(
        tmp_path / "posts",
        on_error=lambda path, line, error: errors.append(
            (path.rsplit("/", 1)[1], line, type(error), error.code)),
        progress=lambda done, total: progress.append((done, total)))
    assert stats.files == 3 and stats.imported == 1 and stats.failed == 2
    assert sorted(e[0] for e in errors) == ["bad.md", "worse.md"]
    assert all(issubclass(e[2], qalam.Error) and e[3] < 0 for e in errors)
    assert progress and progress[-1][1] == 3
    assert store.article_by_slug(qalam.slugify("Жақсы")).title == "Жақсы"


def test_import_callbacks_stop_and_raise(store, tmp_path):
    write_posts(tmp_path / "posts")
    seen = []
    store.import_markdown(tmp_path / "posts",
                          on_error=lambda *a: seen.append(a) or True)
    assert len(seen) == 1

    class Boom(Exception):
        pass

    def explode(*args):
        raise Boom("from the callback")

    with pytest.raises(Boom):
        store.import_markdown(tmp_path / "posts", on_error=explode)
    with pytest.raises(Boom):
        store.import_markdown(tmp_path / "posts", progress=explode)


def test_import_invalid(store, tmp_path):
    with pytest.raises(qalam.NotFound):
        store.import_markdown(tmp_path / "missing")
    with pytest.raises(qalam.InvalidInput):
        store.import_markdown("a\0b")
    with pytest.raises(qalam.InvalidInput):
        store.import_markdown(tmp_path, batch=-1)
