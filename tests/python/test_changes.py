"""The change list: store.revision and store.changes() (qalam/changes.h)."""

import pytest

import qalam


def revisions(changes):
    return [(c.id, c.revision, c.deleted) for c in changes]


def test_fresh_store(store):
    assert store.revision == 0
    assert store.changes() == []
    assert store.changes(after=0, limit=5) == []
    assert store.changes(after=100) == []


def test_saves_and_deletes_move_articles(store):
    a = store.add_article(title="One", sections=["news"])
    b = store.add_article(title="Two")
    c = store.add_article(title="Three")
    assert store.revision == 3
    assert revisions(store.changes()) == [
        (a.id, 1, False), (b.id, 2, False), (c.id, 3, False)]

    a.title = "One, updated"
    store.update(a)
    store.delete(b)
    assert store.revision == 5
    # each article once, with its latest change, oldest change first
    assert revisions(store.changes()) == [
        (c.id, 3, False), (a.id, 4, False), (b.id, 5, True)]
    assert revisions(store.changes(after=3)) == [
        (a.id, 4, False), (b.id, 5, True)]
    assert store.changes(after=5) == []


def test_change_objects(store):
    a = store.add_article(title="One")
    store.delete(a.id)
    [change] = store.changes()
    assert isinstance(change, qalam.Change)
    assert change == qalam.Change(a.id, 2, True)
    assert (change.id, change.revision) == (a.id, 2)
    assert change.deleted is True
    assert type(change.id) is int and type(change.revision) is int
    assert "Change(id=" in repr(change)
    store.add_article(title="Two")
    assert store.changes(after=2)[0].deleted is False


def test_failed_writes_and_other_changes_move_nothing(store):
    a = store.add_article(title="One", slug="one", sections=["news"])
    with pytest.raises(qalam.Conflict):
        store.add_article(title="Again", slug="one")
    with pytest.raises(qalam.NotFound):
        store.delete(a.id + 1)
    # settings and sections are not tracked
    store.title = "Another title"
    store.delete_section("news")
    assert store.revision == 1
    assert revisions(store.changes()) == [(a.id, 1, False)]


def test_limit_and_going_on(filled):
    assert filled.revision == 30
    every = filled.changes()
    assert [c.revision for c in every] == list(range(1, 31))
    assert filled.changes(limit=None) == every
    assert filled.changes(limit=0) == every
    assert filled.changes(0, 7) == every[:7]
    assert filled.changes(after=28, limit=7) == every[28:]

    seen, after = [], 0
    while True:
        page = filled.changes(after=after, limit=7)
        if not page:
            break
        assert len(page) <= 7
        seen += page
        after = page[-1].revision
    assert seen == every
    assert after == filled.revision


def test_many_changes(store):
    # more than one growth of the C array, and every element converted
    # before it is freed
    ids = [store.add_article(title=f"Article {i}").id for i in range(300)]
    for id in ids[::3]:
        store.delete(id)
    changes = store.changes()
    assert len(changes) == 300
    assert [c.revision for c in changes] == sorted(c.revision for c in changes)
    assert {c.id for c in changes if c.deleted} == set(ids[::3])
    assert changes[-1].revision == store.revision == 400


def test_bad_arguments(store):
    store.add_article(title="One")
    with pytest.raises(qalam.InvalidInput, match="after") as e:
        store.changes(after=-1)
    assert e.value.code == qalam._qalam.lib.QALAM_EINVAL
    with pytest.raises(ValueError):
        store.changes(-5)
    with pytest.raises(qalam.InvalidInput, match="limit"):
        store.changes(limit=-1)
    for after in ("1", 1.0, True, None, b"1"):
        with pytest.raises(TypeError, match="after"):
            store.changes(after=after)
    for limit in ("2", 2.5, False):
        with pytest.raises(TypeError, match="limit"):
            store.changes(limit=limit)
    with pytest.raises(TypeError):
        store.changes(0, 1, 2)
    with pytest.raises(TypeError):
        store.changes(since=1)
    with pytest.raises(AttributeError):
        store.revision = 7
    assert store.revision == 1


def test_persists_and_reads_read_only(path):
    with qalam.Store(path) as s:
        a = s.add_article(title="One").id
        s.add_article(title="Two")
        s.delete(a)
    with qalam.Store(path, readonly=True) as s:
        assert s.revision == 3
        assert revisions(s.changes(after=2)) == [(a, 3, True)]


def test_use_after_close(store):
    store.add_article(title="One")
    store.close()
    with pytest.raises(qalam.Closed, match="store is closed"):
        store.revision
    with pytest.raises(qalam.Closed, match="store is closed"):
        store.changes()
    with pytest.raises(qalam.Closed):
        store.changes(after=1, limit=1)
