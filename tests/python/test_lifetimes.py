"""C objects are freed when Python drops them and at once by close(),
never twice, and nothing crashes when used after its store is closed."""

import gc
import os
import textwrap
import tracemalloc

import pytest

import qalam
from conftest import run_python
from test_errors import ALLOCATOR


# Under AddressSanitizer freed memory sits in quarantine, so the resident
# size says nothing about leaks there; the counting allocator test does.
SANITIZED = bool(os.environ.get("QALAM_SANITIZED"))


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_close_is_idempotent_and_with_closes(path):
    s = qalam.Store(path)
    assert not s.closed
    s.close()
    s.close()
    assert s.closed and "closed" in repr(s)
    with qalam.Store(path) as s2:
        pass
    assert s2.closed
    with pytest.raises(qalam.Closed):
        with s2:
            pass


def test_store_used_after_close(filled):
    filled.close()
    calls = [
        lambda: filled.title, lambda: setattr(filled, "title", "x"),
        lambda: filled.offset, lambda: filled.sections(),
        lambda: filled.add_section("a", "A"),
        lambda: filled.add_article(title="x"), lambda: filled.article(1),
        lambda: filled.article_by_slug("x"), lambda: filled.delete(1),
        lambda: filled.articles(), lambda: filled.since(0),
        lambda: filled.page(), lambda: filled.front_page(),
        lambda: filled.search("x"), lambda: filled.count(),
        lambda: filled.feed(), lambda: filled.sitemap(),
        lambda: filled.page_path("front"),
        lambda: filled.export_markdown("/tmp/never"),
        lambda: filled.import_markdown("/tmp/never"),
    ]
    for call in calls:
        with pytest.raises(qalam.Closed, match="store is closed"):
            call()
    assert issubclass(qalam.Closed, qalam.Error)


def test_articles_and_iterators_after_close(filled):
    a = filled.article(1)
    kept = a.copy()
    it = filled.articles()
    row = next(it)
    rows = [next(it), next(it)]
    page = filled.page(size=2).items
    filled.close()
    for obj in [a, row, rows[0], rows[1], page[0]]:  # rows[1]: the current row
        for name in ["id", "title", "body", "html", "sections", "tags",
                     "published", "slug", "status", "story", "updated"]:
            with pytest.raises(qalam.Closed):
                getattr(obj, name)
        with pytest.raises(qalam.Closed):
            obj.title = "x"
        assert "store is closed" in repr(obj)
    with pytest.raises(qalam.Closed):
        next(it)
    assert list(it) == []  # stays finished
    # the copy belongs to no store
    assert kept.store is None
    assert kept.title == "Article 1" and kept.body == "Body 1 текст"
    assert kept.published.utcoffset().total_seconds() == 5 * 3600
    with pytest.raises(qalam.Closed):
        filled.update(a)


def test_close_frees_open_cursors(filled):
    its = [filled.articles() for _ in range(5)]
    for it in its[:3]:
        next(it)
    assert len(filled._h.cursors) == 5
    filled.close()
    assert len(filled._h.cursors) == 0
    for it in its:
        with pytest.raises(qalam.Closed):
            next(it)


def test_exhausted_and_collected_iterators_free_their_cursor(filled):
    h = filled._h
    assert len(list(filled.articles())) == 30
    assert len(h.cursors) == 0
    it = filled.articles()
    next(it)
    assert len(h.cursors) == 1
    del it
    gc.collect()
    assert len(h.cursors) == 0
    for _ in range(200):  # abandoned mid-iteration, in a loop
        it = filled.articles()
        next(it)
        next(it)
    del it
    gc.collect()
    assert len(h.cursors) == 0
    with filled.articles() as it:
        next(it)
    assert len(h.cursors) == 0
    assert list(it) == []


def test_iterator_keeps_its_store_alive(path):
    with qalam.Store(path) as s:
        for i in range(3):
            s.add_article(title=f"A{i}")
    it = qalam.Store(path).articles()
    gc.collect()
    assert [a.title for a in it] == ["A2", "A1", "A0"]
    row = next(iter(qalam.Store(path).articles()))
    gc.collect()
    assert row.title == "A2" and row.body == ""


def test_article_keeps_its_store_alive(path):
    with qalam.Store(path) as s:
        s.add_article(title="kept")
    a = qalam.Store(path).article(1)
    gc.collect()
    assert a.title == "kept" and a.store.title == ""


def test_cycles_are_collected_in_any_order(filled):
    class Holder:
        pass
    for _ in range(50):
        h = Holder()
        h.store = qalam.Store(":memory:")
        h.store.add_article(title="x")
        h.it = h.store.articles()
        h.row = next(h.it)
        h.self = h
        del h
    gc.collect()


def test_rows_read_lazily_and_reload_when_stale(filled):
    it = filled.articles()
    first = next(it)
    assert first._owned is None            # lent, not copied
    assert first.title == "Article 30"
    assert first._owned is None
    assert first.body == "Body 30 текст"   # copies the row
    assert first._owned is not None
    second = next(it)
    third = next(it)
    assert second._owned is None
    # second is stale now: it loads itself by id
    filled.delete(third.id)
    assert second.title == "Article 29" and second._owned is not None
    assert third.title == "Article 28"     # still the current row
    next(it)
    with pytest.raises(qalam.NotFound):    # stale, and gone from the store
        third.title
    rows = list(filled.articles(limit=5))
    assert [r.title for r in rows] == [f"Article {i}" for i in
                                       (30, 29, 27, 26, 25)]


def test_rows_can_be_changed_and_updated(filled):
    for row in filled.articles(limit=3):
        row.title = row.title + " (edited)"
        filled.update(row)
    assert [a.title for a in filled.articles(limit=3)] == [
        "Article 30 (edited)", "Article 29 (edited)", "Article 28 (edited)"]


def test_del_in_loops_does_not_grow(filled):
    def churn():
        for _ in range(3000):
            a = filled.article(5)
            a.title = "changed"
            b = a.copy()
            del a, b
    churn()
    before = rss_kib()
    churn()
    churn()
    assert SANITIZED or rss_kib() - before < 2048


def test_ten_thousand_articles_iterated_without_growth():
    with qalam.Store(":memory:") as s:
        s.add_section("news", "News")
        for i in range(10000):
            s.add_article(title=f"Мақала {i} 📰", body="Мәтін " * 20,
                          sections=["news"])

        def walk():
            n = 0
            for a in s.articles("news"):
                a.title
                a.published
                n += 1
            return n

        assert walk() == 10000
        gc.collect()
        before = rss_kib()
        tracemalloc.start()
        for _ in range(3):
            assert walk() == 10000
            assert len(list(s.articles(limit=500))) == 500
        gc.collect()
        python_growth = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert python_growth < 200_000
        assert SANITIZED or rss_kib() - before < 2048
        assert len(s._h.cursors) == 0


def test_no_block_left_behind():
    """With a counting allocator installed, every block qalam allocates is
    freed once Python drops the objects."""
    result = run_python(ALLOCATOR + textwrap.dedent("""
        def work():
            s = qalam.Store(":memory:")
            s.add_section("news", "Жаңалықтар")
            for i in range(50):
                s.add_article(title=f"Мақала {i}", body="*б*",
                              sections=["news"], tags=["t"])
            a = s.article(3)
            a.title = "x"
            s.update(a)
            rows = list(s.articles(limit=10))
            [r.body for r in rows]
            it = s.articles()
            next(it)
            s.page(size=5)
            s.front_page(3)
            s.search("мақала")
            qalam.slugify("Сәлем")
            qalam.markdown_to_html("# x")
            s.sections()
            return s, it, rows, a
        s, it, rows, a = work()
        assert state["live"], "the allocator is in use"
        s.close()                 # frees the open cursor too
        del s, it, rows, a
        gc.collect()
        print("live", len(state["live"]))
        s2 = qalam.Store(":memory:")
        s2.add_article(title="y")
        it2 = s2.articles()
        next(it2)
        del s2, it2               # no close(): collection frees them
        gc.collect()
        print("live", len(state["live"]))
    """))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["live", "0", "live", "0"], \
        result.stdout + result.stderr


def test_exit_with_everything_open():
    result = run_python(textwrap.dedent("""
        import qalam
        s = qalam.Store(":memory:")
        s.add_article(title="x")
        it = s.articles()
        row = next(it)
        cycle = [s, it, row]
        cycle.append(cycle)
        print("done")
    """))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "done\n"
