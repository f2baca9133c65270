"""examples/python/newsbot.py against a fake Telegram Bot API on 127.0.0.1:
exactly what is posted for the sample newspaper, restarts, new and
scheduled articles between runs, a failing server (500, 429 with
retry_after, dropped connections, refusals), the 4096-character limit and
hostile text."""

from __future__ import annotations

import fcntl
import html
import importlib.util
import json
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

import qalam
from conftest import (CHAT, EXAMPLES, TOKEN, TelegramHTML, run_example,
                      utf16_len)

KZ = timezone(timedelta(hours=5))
BASE = "https://enbekshi-qazaq.example"
# The sample newspaper in publication order: (id, slug). The files are
# numbered newest first, so the ids run against publication order.
SAMPLE = [
    (5, "constitutional-reform-is-the-core-of-the-renewal-of-public-"
        "consciousness"),
    (4, "constitutional-reform-is-a-factor-of-national-harmony-and-unity"),
    (3, "businessmen-were-introduced-to-the-main-changes-of-the-new-"
        "constitution-in"),
    (2, "maulen-ashimbaev-discusses-the-main-meaning-of-the-draft-new-"
        "constitution-with"),
    (1, "kazakhstan-and-kyrgyzstan-continue-strengthening-allied-relations"),
]
ARTICLE_4 = (
    "<b>Constitutional reform is a factor of national harmony and unity</b>\n"
    "13.02.2026\n"
    "\n"
    "A round table was held at the Peoples&#39; Friendship University named "
    "after Academician A. Kuatbekov on the topic &quot;Constitutional reform "
    "is a factor of national harmony and unity.&quot; The event was attended "
    "by the university&#39;s management and faculty, and the essence of "
    "constitutional reforms, their impact on the development of society, and "
    "their role in strengthening national unity and social harmony were "
    "widely discussed. Candidate of Sociology Mukhamedkarim Ertayev "
    "emphasized the importance of…\n"
    "\n"
    f'<a href="{BASE}/article/{SAMPLE[1][1]}.html">'
    f"{BASE}/article/{SAMPLE[1][1]}.html</a>")


def load_newsbot():
    spec = importlib.util.spec_from_file_location("newsbot",
                                                  EXAMPLES / "newsbot.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["newsbot"] = module     # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


newsbot = load_newsbot()


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state.json"


def bot(db, state, api, *extra, once=True, env=None):
    args = [db, "--state", state, "--api", api.url, "--token", TOKEN,
            "--chat", CHAT, "--backoff", "0.01", "--max-backoff", "0.05",
            "--timeout", "10"]
    if once:
        args.append("--once")
    return run_example("newsbot.py", *args, *extra, env=env)


def expected(db, article_id, excerpt_chars=500):
    """The message for an article, built here from the store's fields and
    the core's text functions."""
    with qalam.Store(db, readonly=True) as s:
        a = s.article(article_id)
        teaser = qalam.excerpt(a.lead or qalam.markdown_to_text(a.body),
                               excerpt_chars)
        url = f"{s.base_url}/{s.article_path(a)}"
        date = a.published.astimezone(s.timezone).strftime("%d.%m.%Y")
        e = qalam.html_escape
        return (f"<b>{e(a.title)}</b>\n{date}\n\n{e(teaser)}\n\n"
                f'<a href="{e(url)}">{e(url)}</a>')


def slug_of(text):
    return text.rsplit("/article/", 1)[1].split(".html", 1)[0]


def posted_slugs(api):
    return [slug_of(t) for t in api.texts()]


def add(db, title, **fields):
    with qalam.Store(db) as s:
        fields.setdefault("sections", ["news"])
        fields.setdefault("body", f"Body of *{title}*.")
        return s.add_article(title=title, **fields).id


def read_state(state):
    return json.loads(state.read_text())


# --- what is posted ----------------------------------------------------------

def test_sample_newspaper_posted_exactly(newspaper_db, state, api):
    r = bot(newspaper_db, state, api)
    assert r.returncode == 0, r.stderr
    assert len(api.requests) == 5
    for req in api.requests:
        assert req["method"] == "POST"
        assert req["path"] == f"/bot{TOKEN}/sendMessage"
        assert req["content_type"].startswith("application/json")
    assert [p["chat_id"] for p in api.posted] == [CHAT] * 5
    assert [p["parse_mode"] for p in api.posted] == ["HTML"] * 5
    assert set(api.posted[0]) == {"chat_id", "text", "parse_mode"}
    # In publication order, each exactly as built from the store.
    assert posted_slugs(api) == [slug for _, slug in SAMPLE]
    assert api.texts() == [expected(newspaper_db, i) for i, _ in SAMPLE]
    assert api.texts()[1] == ARTICLE_4
    for text in api.texts():
        assert "\n13.02.2026\n" in text
        assert TelegramHTML.check(text)[1] == []
    assert TOKEN not in r.stderr
    s = read_state(state)
    assert s["version"] == 1 and s["last_id"] == 5
    assert s["last_published"] == "2026-02-13T17:40:00+05:00"


def test_restart_posts_nothing_again(newspaper_db, state, api):
    assert bot(newspaper_db, state, api).returncode == 0
    assert len(api.posted) == 5
    for _ in range(2):
        r = bot(newspaper_db, state, api)
        assert r.returncode == 0, r.stderr
    assert len(api.requests) == 5


def test_new_articles_between_runs(newspaper_db, state, api):
    assert bot(newspaper_db, state, api).returncode == 0
    now = datetime.now(KZ).replace(microsecond=0)
    fresh = add(newspaper_db, "Fresh news", published=now - timedelta(
        minutes=1))
    # Published (backdated) before everything announced so far, added
    # later: a new id, so it is announced.
    late = add(newspaper_db, "Late filing",
               published=datetime(2026, 1, 5, 9, 0, tzinfo=KZ))
    add(newspaper_db, "A draft", status="draft")
    add(newspaper_db, "Tomorrow", published=now + timedelta(days=1))
    r = bot(newspaper_db, state, api)
    assert r.returncode == 0, r.stderr
    assert posted_slugs(api)[5:] == ["late-filing", "fresh-news"]
    assert api.texts()[5:] == [expected(newspaper_db, late),
                               expected(newspaper_db, fresh)]
    assert bot(newspaper_db, state, api).returncode == 0
    assert len(api.requests) == 7


def test_scheduled_article_with_a_lower_id(newspaper_db, state, api):
    """A scheduled article goes out after articles with higher ids were
    announced: it is announced when its time comes, not skipped."""
    assert bot(newspaper_db, state, api).returncode == 0
    due = datetime.now(KZ).replace(microsecond=0) + timedelta(seconds=3)
    scheduled = add(newspaper_db, "Scheduled story", published=due)
    now = add(newspaper_db, "Breaking story")
    assert scheduled < now
    assert bot(newspaper_db, state, api).returncode == 0
    assert posted_slugs(api)[5:] == ["breaking-story"]
    assert read_state(state)["last_id"] == now
    while datetime.now(KZ) < due + timedelta(seconds=1):
        time.sleep(0.1)
    assert bot(newspaper_db, state, api).returncode == 0
    assert posted_slugs(api)[5:] == ["breaking-story", "scheduled-story"]
    assert bot(newspaper_db, state, api).returncode == 0
    assert len(api.requests) == 7


def test_skip_existing(newspaper_db, state, api):
    r = bot(newspaper_db, state, api, "--skip-existing")
    assert r.returncode == 0, r.stderr
    assert api.requests == []
    add(newspaper_db, "After the start")
    assert bot(newspaper_db, state, api, "--skip-existing").returncode == 0
    assert posted_slugs(api) == ["after-the-start"]


# --- a failing server --------------------------------------------------------

def test_failures_are_retried_in_one_run(newspaper_db, state, api):
    api.plan(500, "drop", ("429", 1), 502, "ok", "drop")
    r = bot(newspaper_db, state, api)
    assert r.returncode == 0, r.stderr
    outcomes = [q["outcome"] for q in api.requests]
    assert outcomes == [500, "drop", ("429", 1), 502] + ["ok"] * 5 \
        or outcomes == [500, "drop", ("429", 1), 502, "ok", "drop"] + \
        ["ok"] * 4
    # Every attempt carried the same message; each article posted once.
    first = [q["payload"]["text"] for q in api.requests[:5]]
    assert len(set(first)) == 1
    assert posted_slugs(api) == [slug for _, slug in SAMPLE]
    assert api.texts() == [expected(newspaper_db, i) for i, _ in SAMPLE]
    # retry_after is honoured: a second between the 429 and the next try.
    times = [q["time"] for q in api.requests]
    assert times[3] - times[2] >= 0.95
    assert "429" in r.stderr and "retrying" in r.stderr


def test_server_down_then_recovers(newspaper_db, state, api):
    """The server fails for good after two posts: the run gives up (exit 1)
    with the state after the second; the next run posts the other three,
    each once, nothing skipped."""
    api.plan("ok", "ok")
    api.default = 500
    r = bot(newspaper_db, state, api, "--retries", "3")
    assert r.returncode == 1, r.stderr
    assert "gave up after 3 attempts" in r.stderr
    assert posted_slugs(api) == [SAMPLE[0][1], SAMPLE[1][1]]
    assert len(api.requests) == 5
    s = read_state(state)
    assert s["last_id"] == 0 and sorted(s["posted"]) == [4, 5]
    # A network that is not there at all.
    dead = run_example("newsbot.py", newspaper_db, "--state", state,
                       "--api", "http://127.0.0.1:9", "--token", TOKEN,
                       "--chat", CHAT, "--backoff", "0.01", "--retries",
                       "2", "--once")
    assert dead.returncode == 1
    assert "network error" in dead.stderr
    assert read_state(state) == s
    api.default = "ok"
    r = bot(newspaper_db, state, api)
    assert r.returncode == 0, r.stderr
    assert posted_slugs(api) == [slug for _, slug in SAMPLE]
    assert read_state(state)["last_id"] == 5
    assert bot(newspaper_db, state, api).returncode == 0
    assert len(api.posted) == 5


def test_refusal_stops_without_losing(newspaper_db, state, api):
    api.plan("ok", 403)
    r = bot(newspaper_db, state, api)
    assert r.returncode == 3
    assert "refused" in r.stderr and "Forbidden" in r.stderr
    assert len(api.requests) == 2       # not retried
    assert posted_slugs(api) == [SAMPLE[0][1]]
    r = bot(newspaper_db, state, api)
    assert r.returncode == 0, r.stderr
    assert posted_slugs(api) == [slug for _, slug in SAMPLE]


def test_bad_token_is_not_logged(newspaper_db, state, api):
    r = run_example("newsbot.py", newspaper_db, "--state", state, "--api",
                    api.url, "--token", "999:wrong-secret", "--chat", CHAT,
                    "--once")
    assert r.returncode == 3
    assert "Not Found" in r.stderr
    assert "wrong-secret" not in r.stderr
    assert not state.exists()


# --- limits and escaping -----------------------------------------------------

def test_hostile_title_is_escaped(newspaper_db, state, api):
    title = ("<script>alert(\"x\")</script> & 'Tom' </b><a href=\"javascript:"
             "x\">&amp; Қазақ «ru»")
    lead = "<i>not italic</i> & \"quoted\" 'single' &lt;"
    aid = add(newspaper_db, title, lead=lead, author="<b>x</b>")
    assert bot(newspaper_db, state, api).returncode == 0
    text = api.texts()[-1]
    assert text == expected(newspaper_db, aid)
    assert text.startswith(
        "<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "&#39;Tom&#39; &lt;/b&gt;&lt;a href=&quot;javascript:x&quot;&gt;"
        "&amp;amp; Қазақ «ru»</b>\n")
    visible, errors = TelegramHTML.check(text)
    assert errors == []
    assert visible.startswith(title + "\n")
    assert lead in visible              # the lead is the excerpt's source


@pytest.mark.parametrize("title_len", [60, 5000])
def test_huge_article_fits_4096(newspaper_db, state, api, title_len):
    word = "Қазақ&<😀>"
    title = ("T" + word * title_len)[:title_len]
    body = "\n\n".join(f"Paragraph {i} " + " ".join([word] * 40)
                       for i in range(400))
    aid = add(newspaper_db, title, body=body)
    r = bot(newspaper_db, state, api, "--excerpt-chars", "100000")
    assert r.returncode == 0, r.stderr
    assert len(api.posted) == 6        # the fake API accepted it
    text = api.texts()[-1]
    assert utf16_len(text) <= 4096
    assert utf16_len(text) > 4000      # and used the room it had
    visible, errors = TelegramHTML.check(text)
    assert errors == []
    with qalam.Store(newspaper_db, readonly=True) as s:
        url = f"{s.base_url}/{s.article_path(s.article(aid))}"
    assert text.endswith(f'\n\n<a href="{url}">{url}</a>')
    assert text.startswith("<b>")
    head = text.split("</b>\n", 1)
    assert "<" not in head[0][3:]
    if title_len < 100:
        assert html.unescape(head[0][3:]) == title
        assert re.match(r"\d\d\.\d\d\.20\d\d\n\n", head[1])
        teaser = head[1].split("\n\n")[1]
        assert teaser.endswith("…")
        assert html.unescape(teaser).startswith("Paragraph 0 Қазақ&<😀>")
    else:
        assert html.unescape(head[0][3:]).endswith("…")


def test_message_limit_for_every_size():
    """format_message() in-process over many lengths: never above the
    limit, markup whole, the excerpt the only thing cut."""
    with qalam.Store(":memory:") as s:
        s.base_url = "https://x.example"
        s.add_section("news", "News")
        for n in (1, 100, 999, 2000, 2040, 2047, 2048, 4000, 4096, 9000):
            a = s.add_article(title=f"Title {n}", body="&" * 5 + "я😀 " * n,
                              sections=["news"])
            for limit in (300, 1000, 4096):
                text = newsbot.format_message(s, a, excerpt_chars=100000,
                                              limit=limit)
                assert utf16_len(text) <= limit, (n, limit)
                assert TelegramHTML.check(text)[1] == []
                assert text.startswith(f"<b>Title {n}</b>\n")
                assert text.endswith("</a>")


# --- modes, configuration, state ---------------------------------------------

def test_polling_mode(newspaper_db, state, api):
    args = [sys.executable, str(EXAMPLES / "newsbot.py"), str(newspaper_db),
            "--state", str(state), "--api", api.url, "--token", TOKEN,
            "--chat", CHAT, "--interval", "0.2", "--backoff", "0.01"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        api.wait_for(5)
        add(newspaper_db, "While polling")
        api.wait_for(6)
        api.plan(500, 500)
        add(newspaper_db, "Through errors")
        api.wait_for(7)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert posted_slugs(api) == [slug for _, slug in SAMPLE] + [
        "while-polling", "through-errors"]


def test_environment_configures(newspaper_db, state, api):
    r = run_example("newsbot.py", newspaper_db, "--state", state, "--once",
                    env={"TELEGRAM_BOT_TOKEN": TOKEN,
                         "TELEGRAM_CHAT_ID": "-1001234567890",
                         "TELEGRAM_API_URL": api.url})
    assert r.returncode == 0, r.stderr
    assert [p["chat_id"] for p in api.posted] == ["-1001234567890"] * 5


def test_default_state_path(newspaper_db, api):
    r = run_example("newsbot.py", newspaper_db, "--api", api.url, "--token",
                    TOKEN, "--chat", CHAT, "--once")
    assert r.returncode == 0, r.stderr
    path = newspaper_db.parent / (newspaper_db.name + ".newsbot.json")
    assert read_state(path)["last_id"] == 5


def test_dry_run(newspaper_db, state, api):
    r = bot(newspaper_db, state, api, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert api.requests == [] and not state.exists()
    assert ARTICLE_4 in r.stdout


def test_state_is_replaced_atomically(newspaper_db, state, api):
    assert bot(newspaper_db, state, api).returncode == 0
    leftovers = [p.name for p in state.parent.iterdir()
                 if p.name.startswith(".newsbot-")]
    assert leftovers == []


def test_bad_state_file(newspaper_db, state, api):
    state.write_text("{ not json")
    r = bot(newspaper_db, state, api)
    assert r.returncode == 2
    assert "state file" in r.stderr
    assert api.requests == []
    state.write_text('{"version": 99, "last_id": 1}')
    assert bot(newspaper_db, state, api).returncode == 2


def test_one_bot_per_state(newspaper_db, state, api):
    with open(f"{state}.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        r = bot(newspaper_db, state, api)
    assert r.returncode == 2
    assert "another newsbot" in r.stderr
    assert api.requests == []


def test_usage_errors(newspaper_db, tmp_path, api):
    r = run_example("newsbot.py", newspaper_db, "--once",
                    env={"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_CHAT_ID": CHAT})
    assert r.returncode == 2 and "no bot token" in r.stderr
    r = run_example("newsbot.py", newspaper_db, "--once", "--token", TOKEN,
                    env={"TELEGRAM_CHAT_ID": ""})
    assert r.returncode == 2 and "no chat" in r.stderr
    r = run_example("newsbot.py", tmp_path / "missing.db", "--once",
                    "--token", TOKEN, "--chat", CHAT, "--api", api.url)
    assert r.returncode == 2 and "no store" in r.stderr
    r = run_example("newsbot.py", newspaper_db, "--once", "--interval", "5")
    assert r.returncode == 2
    r = run_example("newsbot.py", newspaper_db, "--api", "ftp://x",
                    "--token", TOKEN, "--chat", CHAT)
    assert r.returncode == 2 and "--api" in r.stderr
    # A store without base_url cannot link its articles.
    bare = tmp_path / "bare.db"
    with qalam.Store(bare) as s:
        s.add_article(title="No link")
    r = run_example("newsbot.py", bare, "--once", "--token", TOKEN,
                    "--chat", CHAT, "--api", api.url)
    assert r.returncode == 2 and "base_url" in r.stderr
    assert api.requests == []
