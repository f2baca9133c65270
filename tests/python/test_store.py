"""The store: settings, sections, articles, listings, search."""

from datetime import datetime, timedelta, timezone

import pytest

import qalam
from conftest import KZ, when


def test_settings(store):
    assert store.title == "Qalam Times"
    assert store.base_url == "https://qalam.example.kz"
    store.base_url = "https://example.kz/"
    assert store.base_url == "https://example.kz"  # trailing / dropped
    assert store.lang == "en"
    store.lang = "kk"
    assert store.lang == "kk"
    assert store.offset == timedelta(hours=5)
    assert store.timezone == KZ
    store.offset = -90
    assert store.offset == timedelta(minutes=-90)
    store.title = "Қалам 📰"
    assert store.title == "Қалам 📰"


def test_settings_invalid(store):
    for name, value in [("base_url", "ftp://x"), ("lang", "english"),
                        ("offset", 1440), ("offset", timedelta(hours=30)),
                        ("title", "a\0b"), ("base_url", "\udc80")]:
        with pytest.raises(qalam.InvalidInput):
            setattr(store, name, value)
    with pytest.raises(qalam.InvalidInput, match="minutes"):
        store.offset = timedelta(seconds=30)
    with pytest.raises(TypeError):
        store.offset = "5h"
    assert store.offset == timedelta(hours=5)


def test_listing_times_follow_the_offset(filled):
    """A row's time is at the store's offset as it is when read: set in
    the middle of a listing, and after a refused set."""
    rows = filled.articles()
    first = next(rows)
    assert first.published.utcoffset() == timedelta(hours=5)
    filled.offset = -90
    assert first.published.utcoffset() == timedelta(minutes=-90)
    assert next(rows).published.utcoffset() == timedelta(minutes=-90)
    with pytest.raises(qalam.InvalidInput):
        filled.offset = 1440
    row = next(rows)
    assert row.published.utcoffset() == timedelta(minutes=-90)
    assert filled.timezone == timezone(timedelta(minutes=-90))
    assert row.published == datetime(2026, 1, 2, 3, tzinfo=timezone.utc)


def test_times_at_the_offset_the_file_keeps(path):
    """A store opened again reads its offset from the file."""
    with qalam.Store(path) as s:
        s.offset = 345
        s.add_article(title="A", body="b", published=when())
    with qalam.Store(path, readonly=True) as s:
        assert s.timezone == timezone(timedelta(minutes=345))
        (a,) = s.articles()
        assert a.published.utcoffset() == timedelta(minutes=345)
        assert a.published == when()


def test_defaults():
    with qalam.Store(":memory:") as s:
        assert (s.title, s.base_url, s.lang, s.offset) == \
            ("", "", "en", timedelta(0))
        assert s.sections() == []
        assert list(s.articles()) == []


def test_settings_persist(path):
    with qalam.Store(path) as s:
        s.title = "Saved"
        s.offset = timedelta(hours=6)
    with qalam.Store(path, readonly=True) as s:
        assert s.title == "Saved" and s.offset == timedelta(hours=6)
        assert "read-only" in repr(s)


def test_sections(store):
    store.add_section("sport", "Спорт", 0)
    assert store.sections() == [
        qalam.Section("sport", "Спорт", 0),
        qalam.Section("news", "Жаңалықтар", 1),
        qalam.Section("world", "Мир", 2)]
    store.update_section("sport", position=9, name="Sport 🏅")
    assert store.sections()[-1] == ("sport", "Sport 🏅", 9)
    store.update_section("sport", position=3)
    assert store.sections()[-1] == ("sport", "Sport 🏅", 3)
    store.delete_section("sport")
    assert [s.slug for s in store.sections()] == ["news", "world"]
    with pytest.raises(qalam.NotFound):
        store.delete_section("sport")
    with pytest.raises(qalam.NotFound):
        store.update_section("sport", position=1)
    for slug, name in [("Not A Slug", "x"), ("ok", ""), ("ok\0", "x")]:
        with pytest.raises(qalam.InvalidInput):
            store.add_section(slug, name)


def test_add_article_fills_in_everything(store):
    a = store.add_article(
        title="Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуда",
        body="Бішкек, 13 ақпан – **маңызды** кездесу 🤝",
        sections=["news", "world"], published=when(), lang="kk",
        lead="Лид", author="Айгүл Сейітова",
        source_url="https://kaz.example/1", tags=["саясат", "Kyrgyzstan"])
    assert a.id == 1 and a.store is store
    assert a.slug == ("qazaqstan-men-qyrgyzstan-odaqtastyq-qatynastardy-"
                      "nygaituda")
    assert a.lang == "kk" and a.lead == "Лид"
    assert a.author == "Айгүл Сейітова"
    assert a.source_url == "https://kaz.example/1"
    assert a.html == ("<p>Бішкек, 13 ақпан – <strong>маңызды</strong> "
                      "кездесу 🤝</p>\n")
    assert a.sections == ["news", "world"]
    assert a.tags == ["саясат", "Kyrgyzstan"]
    assert a.status == "published" and a.story is None
    assert a.published == when()
    assert a.published.utcoffset() == timedelta(hours=5)
    assert a.updated.tzinfo == KZ
    assert abs(a.updated - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_add_article_defaults(store):
    a = store.add_article(title="Hello")
    assert a.body == "" and a.lang == "en" and a.slug == "hello"
    assert a.lead is None and a.author is None and a.source_url is None
    assert a.sections == [] and a.tags == []
    assert abs(a.published - datetime.now(timezone.utc)) < \
        timedelta(minutes=5)
    b = store.add_article(title="Hello")
    assert b.slug == "hello-2"


def test_add_article_invalid(store):
    bad = [
        dict(title=""), dict(title="a\nb"), dict(title="x\0"),
        dict(title="x", body="\udc80"), dict(title="x", lang="english"),
        dict(title="x", slug="Bad Slug"), dict(title="x", source_url="x"),
        dict(title="x", status="live"), dict(title="x", tags=[""]),
        dict(title="x", published=datetime(2026, 1, 1)),
    ]
    for kw in bad:
        with pytest.raises(qalam.InvalidInput):
            store.add_article(**kw)
    with pytest.raises(qalam.NotFound):
        store.add_article(title="x", sections=["nope"])
    with pytest.raises(qalam.NotFound):
        store.add_article(title="x", story=999)
    with pytest.raises(TypeError):
        store.add_article(title="x", sections="news")
    store.add_article(title="x", slug="taken")
    with pytest.raises(qalam.Conflict):
        store.add_article(title="y", slug="taken")
    assert store.count(unlisted=True) == 1  # nothing half-written


def test_read_by_id_and_slug(store):
    a = store.add_article(title="Жаңалық", lang="kk")
    b = store.add_article(title="Новость", lang="ru", story=a.id)
    assert store.article(a.id).title == "Жаңалық"
    assert a.slug == qalam.slugify("Жаңалық", "kk") == "janalyq"
    assert store.article_by_slug("janalyq", "kk").id == a.id
    assert store.article_by_slug("novost", "ru").story == a.id
    assert b.story == a.id
    with pytest.raises(qalam.NotFound):
        store.article_by_slug("janalyq")  # default language en
    with pytest.raises(qalam.NotFound):
        store.article(0)
    with pytest.raises(TypeError):
        store.article("1")
    with pytest.raises(qalam.InvalidInput):
        store.article_by_slug("a\0")


def test_update(store):
    a = store.add_article(title="Draft", body="one", status="draft",
                          sections=["news"])
    assert list(store.articles()) == []
    a.title = "Final title"
    a.body = "*two*"
    a.status = "published"
    a.sections = ["world"]
    a.tags = ["x"]
    a.lead = "Lead"
    a.lead = None
    a.published = when(day=1)
    store.update(a)
    b = store.article(a.id)
    assert (b.title, b.body, b.html, b.status, b.sections, b.tags, b.lead,
            b.slug) == ("Final title", "*two*", "<p><em>two</em></p>\n",
                        "published", ["world"], ["x"], None, "draft")
    assert b.published == when(day=1)
    with pytest.raises(qalam.InvalidInput):
        a.title = ""
    assert a.title == "Final title"
    with pytest.raises(AttributeError):
        a.html = "<p>no</p>"
    with pytest.raises(AttributeError):
        a.id = 5
    with pytest.raises(TypeError):
        qalam.Article()


def test_update_fails_whole(store):
    a = store.add_article(title="A", sections=["news"])
    a.title = "changed"
    a.sections = ["news"]
    store.delete_section("news")
    with pytest.raises(qalam.NotFound):
        store.update(a)
    assert store.article(a.id).title == "A"


def test_delete(store):
    a = store.add_article(title="A")
    b = store.add_article(title="B")
    store.delete(a.id)
    store.delete(b)
    with pytest.raises(qalam.NotFound):
        store.delete(a.id)
    assert store.count(unlisted=True) == 0


def test_articles_listing(filled):
    ids = [a.id for a in filled.articles()]
    assert ids == list(range(30, 0, -1))
    assert [a.id for a in filled.articles(limit=3)] == [30, 29, 28]
    assert [a.id for a in filled.articles(oldest_first=True, limit=2)] == \
        [1, 2]
    news = [a.id for a in filled.articles("news")]
    assert news == list(range(29, 0, -2))
    assert [a.id for a in filled.articles(tag="economy")] == \
        list(range(28, 0, -3))
    assert list(filled.articles(lang="kk")) == []
    with pytest.raises(qalam.NotFound):
        filled.articles("sport")
    assert filled.count() == 30 and filled.count("news") == 15
    assert filled.count(tag="economy") == 10


def test_scheduled_and_drafts(store):
    future = datetime.now(timezone.utc) + timedelta(days=3)
    s = store.add_article(title="Later", published=future)
    d = store.add_article(title="Draft", status="draft")
    assert list(store.articles()) == []
    assert {a.id for a in store.articles(unlisted=True)} == {s.id, d.id}
    assert [a.id for a in store.articles(now=future)] == [s.id]
    assert store.count(unlisted=True) == 2
    assert store.languages() == []  # neither is listed yet
    assert store.languages(now=future) == ["en"]


def test_languages(store):
    for lang in ("ru", "kk", "en", "kk"):
        store.add_article(title="T", lang=lang,
                          published=datetime(2026, 2, 13, tzinfo=timezone.utc))
    store.add_article(title="D", lang="de", status="draft")
    assert store.languages() == ["en", "kk", "ru"]
    assert store.languages(now=datetime(2026, 1, 1, tzinfo=timezone.utc)) == []
    with pytest.raises(TypeError):
        store.languages("now")
    store.close()
    with pytest.raises(qalam.Error):
        store.languages()


def test_page_tokens(filled):
    items, token = filled.page("world", size=4)
    assert [a.id for a in items] == [30, 29, 28, 27]
    # new articles do not move the next page
    filled.add_article(title="New", sections=["world"],
                       published=datetime(2026, 2, 1, tzinfo=timezone.utc))
    page = filled.page("world", size=4, after=token)
    assert [a.id for a in page.items] == [26, 25, 24, 23]
    ids = []
    token = None
    while True:
        items, token = filled.page(size=7, after=token)
        ids += [a.id for a in items]
        if token is None:
            break
    assert ids == [31] + list(range(30, 0, -1))
    assert [a.id for a in filled.page(size=5, number=2).items] == \
        [26, 25, 24, 23, 22]
    with pytest.raises(qalam.InvalidInput):
        filled.page(after="not a token")


def test_front_page(filled):
    front = filled.front_page(per_section=2)
    assert list(front) == ["news", "world"]
    assert [a.id for a in front["news"]] == [29, 27]
    assert [a.id for a in front["world"]] == [30, 29]
    assert front["news"][0].body == "Body 29 текст"
    with pytest.raises(qalam.InvalidInput):
        filled.front_page(per_section=0)


def test_search(store):
    store.add_article(title="Қазақстан жаңалықтары", body="Астанада қар")
    store.add_article(title="Погода", body="В Астане снег и мороз")
    store.add_article(title="Weather", body="Snow in Astana & Almaty")
    hits = store.search("ҚАЗАҚСТАН")
    assert [h.article.title for h in hits] == ["Қазақстан жаңалықтары"]
    assert "<mark>Қазақстан</mark>" in hits[0].snippet
    assert [h.article.title for h in store.search("астан*")] and \
        {h.article.title for h in store.search("астан*")} == \
        {"Қазақстан жаңалықтары", "Погода"}
    hit = store.search("snow")[0]
    assert hit.article.body == "Snow in Astana & Almaty"
    assert "&amp;" in hit.snippet
    assert store.search('"unbalanced AND (') == []
    with pytest.raises(qalam.InvalidInput):
        store.search("   ")
    with pytest.raises(qalam.InvalidInput):
        store.search("a\0")


def test_search_limit(filled):
    assert len(filled.search("текст", limit=3)) == 3


def test_since(filled):
    assert [a.id for a in filled.since(27)] == [28, 29, 30]
    when_ = datetime(2026, 1, 2, 3, tzinfo=timezone.utc)  # id 28's time
    assert [a.id for a in filled.since(when_)] == [28, 29, 30]
    assert [a.id for a in filled.since(when_.astimezone(KZ))] == [28, 29, 30]
    assert [a.id for a in filled.since(0, limit=2)] == [1, 2]
    assert [a.id for a in filled.since(25, section="news")] == [27, 29]
    with pytest.raises(TypeError):
        filled.since("yesterday")
    with pytest.raises(TypeError):
        filled.since(True)


def test_non_ascii_round_trip(path):
    text = "Қазақ тілі: әңғөқұүһі; русский: ёжик; emoji: 👩‍💻🇰🇿"
    with qalam.Store(path) as s:
        s.add_section("kz", "Қазақстан 🇰🇿")
        a = s.add_article(title=text, body=text, lead=text, author=text,
                          tags=[text], sections=["kz"], lang="kk")
        id_ = a.id
    with qalam.Store(path) as s:
        b = s.article(id_)
        assert (b.title, b.body, b.lead, b.author, b.tags) == \
            (text, text, text, text, [text])
        assert s.sections()[0].name == "Қазақстан 🇰🇿"
        assert [x.title for x in s.articles()] == [text]


def test_paths(store):
    a = store.add_article(title="Сәлем", lang="kk", sections=["news"])
    assert store.page_path("front") == "index.html"
    assert store.page_path("section", "news", page=3) == \
        "news/page-3.html"
    assert store.article_path(a) == "article/salem.html"
    store.add_article(title="Hi", lang="en")
    assert store.article_path(a) == "kk/article/salem.html"
    assert store.page_path("front", lang="en") == "en/index.html"
    with pytest.raises(qalam.InvalidInput):
        store.page_path("index")
    with pytest.raises(TypeError):
        store.article_path(1)
