#!/usr/bin/python3
"""Announces newly published articles of a qalam store in a Telegram channel.

Every listed article (published, publication time reached) that the bot has
not announced yet is sent through the Bot API's ``sendMessage`` in HTML
parse mode, oldest first:

    <b>Title</b>
    13.02.2026

    Excerpt of the lead, or of the body as plain text…

    <a href="https://site/article/slug.html">https://site/article/slug.html</a>

Usage (see docs/examples.md):

    TELEGRAM_BOT_TOKEN=123:abc TELEGRAM_CHAT_ID=@mychannel \\
        newsbot.py paper.db --once
    newsbot.py paper.db --interval 60 --state /var/lib/newsbot/state.json

The bot remembers what it has posted in a small JSON state file, replaced
atomically after every successful post, so that a restart neither reposts
nor skips. A failed post (HTTP error, network error, 429) is retried with
exponential backoff (429: after the ``retry_after`` the API asks for); the
state never moves past an article that was not posted.

Exit status: 0 done (or stopped by SIGINT/SIGTERM), 1 an article could not
be posted after every retry (it is posted by the next run), 2 a usage,
configuration, store or state-file error, 3 the API refused a post in a way
retrying cannot fix (bad token, bot not in the channel, bad request).
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import http.client
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Optional

import qalam

DEFAULT_API = "https://api.telegram.org"
#: Telegram's limit for a message's text, in UTF-16 code units.
MESSAGE_LIMIT = 4096
DATE_PATTERN = "dd.MM.y"
STATE_VERSION = 1

EXIT_OK, EXIT_RETRY, EXIT_CONFIG, EXIT_REFUSED = 0, 1, 2, 3

log = logging.getLogger("newsbot")


class ConfigError(Exception):
    """A problem with the options, the store or the state file."""


class Refused(Exception):
    """The API answered with an error that retrying cannot fix."""


class GaveUp(Exception):
    """Every attempt to post an article failed (the article stays pending)."""


class Transient(Exception):
    """A failed attempt worth retrying; ``retry_after`` in seconds or None."""

    def __init__(self, message: str, retry_after: Optional[float] = None):
        super().__init__(message)
        self.retry_after = retry_after


# --- the message -------------------------------------------------------------

def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _longest_fit(text: str, budget: int, max_chars: int) -> str:
    """The longest ``qalam.excerpt(text, n)``, n <= max_chars, whose
    HTML-escaped form fits in ``budget`` UTF-16 units ("" if none does)."""
    if not text or budget <= 0 or max_chars <= 0:
        return ""
    esc = qalam.html_escape
    full = qalam.excerpt(text, max_chars)
    if utf16_len(esc(full)) <= budget:
        return esc(full)
    best, lo, hi = "", 1, max_chars - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = esc(qalam.excerpt(text, mid))
        if utf16_len(candidate) <= budget:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best


def format_message(store: qalam.Store, article: qalam.Article, *,
                   excerpt_chars: int = 500, link_text: Optional[str] = None,
                   limit: int = MESSAGE_LIMIT) -> str:
    """The HTML text announcing ``article``: bold title, date at the store's
    offset, an excerpt (of the lead, or of the body as plain text) and the
    link (its text the URL unless ``link_text``), at most ``limit`` UTF-16
    units long with the markup intact: the excerpt is cut first, then (for
    an absurdly long title) the title."""
    if not store.base_url:
        raise ConfigError("the store has no base_url, so articles have no "
                          "links: set it (qalam init --base-url, or "
                          "_site.yaml's base_url)")
    esc = qalam.html_escape
    url = store.base_url + "/" + store.article_path(article)
    date = qalam.format_date(article.published.astimezone(store.timezone),
                             DATE_PATTERN)
    link = f'<a href="{esc(url)}">{esc(link_text or url)}</a>'
    # The frame: everything but the title's and the excerpt's text.
    frame = utf16_len("<b></b>\n" + esc(date) + "\n\n" + link)
    title = esc(article.title)
    if utf16_len(title) > limit - frame:
        title = _longest_fit(article.title, limit - frame,
                             len(article.title))
    if not title:
        raise ValueError(f"article {article.id}: the link alone exceeds "
                         f"{limit} characters")
    head = f"<b>{title}</b>\n{esc(date)}"
    source = article.lead or qalam.markdown_to_text(article.body)
    source = source.strip()
    budget = limit - utf16_len(head + "\n\n" + "\n\n" + link)
    teaser = _longest_fit(source, budget, excerpt_chars)
    if teaser:
        return f"{head}\n\n{teaser}\n\n{link}"
    return f"{head}\n\n{link}"


# --- the Bot API -------------------------------------------------------------

@dataclass
class Api:
    base: str
    token: str
    chat_id: str
    timeout: float = 30.0

    def redacted(self, text: str) -> str:
        return text.replace(self.token, "<token>") if self.token else text

    def send_message(self, text: str) -> dict:
        """One sendMessage call. Raises Transient or Refused."""
        url = f"{self.base.rstrip('/')}/bot{self.token}/sendMessage"
        payload = json.dumps({"chat_id": self.chat_id, "text": text,
                              "parse_mode": "HTML"}).encode("utf-8")
        request = urllib.request.Request(
            url, data=payload, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request,
                                        timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as e:
            raise _api_error(e.code, _read_quietly(e)) from None
        except (urllib.error.URLError, http.client.HTTPException,
                OSError) as e:
            reason = getattr(e, "reason", None) or e
            raise Transient(self.redacted(f"network error: {reason}")) \
                from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise Transient("the API's answer is not JSON") from None
        if not isinstance(answer, dict) or answer.get("ok") is not True:
            raise _api_error(
                answer.get("error_code", 0) if isinstance(answer, dict)
                else 0, body)
        return answer


def _read_quietly(response: Any) -> bytes:
    try:
        return response.read()
    except (OSError, http.client.HTTPException):
        return b""


def _api_error(status: int, body: bytes) -> Exception:
    """Transient or Refused for an error answer (``status`` the HTTP or the
    API's error code)."""
    description, retry_after = "", None
    try:
        answer = json.loads(body)
        description = str(answer.get("description", ""))
        parameters = answer.get("parameters") or {}
        if "retry_after" in parameters:
            retry_after = max(0.0, float(parameters["retry_after"]))
    except (ValueError, AttributeError, TypeError):
        pass
    message = f"HTTP {status}" + (f": {description}" if description else "")
    if status == 429 or status >= 500 or status in (0, 408):
        return Transient(message, retry_after)
    return Refused(message)


@dataclass
class Retry:
    attempts: int = 8          # per article and run; 0: until it works
    backoff: float = 1.0       # first delay, doubled after every failure
    max_backoff: float = 300.0

    def delay(self, failures: int, retry_after: Optional[float]) -> float:
        if retry_after is not None:
            return retry_after
        return min(self.backoff * (2 ** (failures - 1)), self.max_backoff)


def post_with_retries(api: Api, text: str, retry: Retry,
                      stop: threading.Event, what: str) -> None:
    failures = 0
    while True:
        try:
            api.send_message(text)
            return
        except Transient as e:
            failures += 1
            if retry.attempts and failures >= retry.attempts:
                raise GaveUp(f"{what}: {e} (gave up after {failures} "
                             "attempts)") from None
            delay = retry.delay(failures, e.retry_after)
            log.warning("%s: %s; retrying in %.3g s", what, e, delay)
            if stop.wait(delay):
                raise GaveUp(f"{what}: stopped while retrying") from None


# --- what has been posted ----------------------------------------------------

@dataclass
class State:
    """What the bot has announced.

    Ids are not in publication order (an import numbers files in the order
    of their names; a scheduled article goes out after later-numbered ones),
    so the state keeps two marks: ``last_id``, the highest id of a run that
    posted everything it found, and ``last_published``, the publication
    time of the newest article posted. An article is pending when its id is
    above ``last_id`` or it was published at or after ``last_published``,
    and it is not in ``posted``."""
    last_id: int = 0
    last_published: Optional[datetime] = None
    posted: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, path: str) -> "State":
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read the state file '{path}': {e}") \
                from None
        try:
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"version {data.get('version')!r}")
            last = data.get("last_published")
            state = cls(int(data["last_id"]),
                        datetime.fromisoformat(last) if last else None,
                        [int(i) for i in data.get("posted", [])])
            if state.last_published is not None and \
                    state.last_published.tzinfo is None:
                raise ValueError("last_published has no UTC offset")
            return state
        except (AttributeError, KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"the state file '{path}' is not a newsbot "
                              f"state ({e}); fix or remove it") from None

    def save(self, path: str) -> None:
        """Replaces the file atomically: a crash leaves the old or the new
        state, never a mix."""
        data = {"version": STATE_VERSION, "last_id": self.last_id,
                "last_published": self.last_published.isoformat()
                if self.last_published else None,
                "posted": self.posted}
        directory = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".newsbot-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.write("\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def pending(store: qalam.Store, state: State
            ) -> tuple[list[tuple[datetime, int]], dict[int, datetime]]:
    """(published, id) of the articles to announce, in publication order,
    and the publication times of every article the two marks reach."""
    found: dict[int, datetime] = {}
    for a in store.since(state.last_id):
        found[a.id] = a.published
    if state.last_published is not None:
        for a in store.since(state.last_published):
            found[a.id] = a.published
    # Posted ids that no query returns any more can never come back.
    state.posted = [i for i in state.posted if i in found]
    done = set(state.posted)
    return (sorted((when, i) for i, when in found.items() if i not in done),
            found)


def mark_existing(store: qalam.Store, state: State) -> int:
    """Records every article listed now as announced, without posting."""
    newest = None
    for a in store.articles(limit=1):
        newest = a.published
    top = max((a.id for a in store.articles(unlisted=True)), default=0)
    state.last_id, state.last_published = top, newest
    # since() is inclusive: the articles of that very second are done too.
    state.posted = [a.id for a in store.since(newest)] if newest else []
    return store.count()


# --- a run -------------------------------------------------------------------

@dataclass
class Bot:
    store_path: str
    state_path: str
    api: Api
    retry: Retry
    excerpt_chars: int = 500
    link_text: Optional[str] = None
    dry_run: bool = False
    stop: threading.Event = field(default_factory=threading.Event)
    out: Callable[[str], None] = print

    def open_store(self) -> qalam.Store:
        """The store, read-only, opened afresh for every run (qalam.Error
        when it cannot be read: busy, damaged)."""
        if not os.path.exists(self.store_path):
            raise ConfigError(f"no store at '{self.store_path}'")
        return qalam.Store(self.store_path, readonly=True)

    def run_once(self) -> int:
        """Posts every pending article; returns how many were posted.
        Raises GaveUp or Refused at the first article that failed: later
        ones wait for it, so the channel keeps publication order."""
        state = State.load(self.state_path)
        posted = 0
        with self.open_store() as store:
            if not store.base_url:
                raise ConfigError(f"the store '{self.store_path}' has no "
                                  "base_url, so articles have no links")
            queue, found = pending(store, state)
            for when, article_id in queue:
                if self.stop.is_set():
                    return posted
                try:
                    article = store.article(article_id)
                except qalam.NotFound:
                    continue            # deleted since the listing
                if article.status != "published":
                    continue
                text = format_message(store, article,
                                      excerpt_chars=self.excerpt_chars,
                                      link_text=self.link_text)
                what = f"article {article.id} ({article.slug})"
                if self.dry_run:
                    self.out(f"--- {what}\n{text}")
                    posted += 1
                    continue
                post_with_retries(self.api, text, self.retry, self.stop,
                                  what)
                state.posted.append(article.id)
                if state.last_published is None or \
                        when > state.last_published:
                    state.last_published = when
                state.save(self.state_path)
                posted += 1
                log.info("posted %s", what)
            if found and not self.dry_run and not self.stop.is_set():
                # Everything found is posted: raise the id mark, and keep
                # only the posted ids the time mark still reaches.
                before = (state.last_id, list(state.posted))
                state.last_id = max(state.last_id, max(found))
                mark = state.last_published
                state.posted = [i for i in state.posted
                                if mark is not None and found[i] >= mark]
                if (state.last_id, state.posted) != before:
                    state.save(self.state_path)
        return posted


class StateLock:
    """An exclusive lock next to the state file: two bots on one state
    would post everything twice."""

    def __init__(self, state_path: str):
        self.path = state_path + ".lock"
        self.fd: Optional[int] = None

    def __enter__(self) -> "StateLock":
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if self.fd is not None:
                os.close(self.fd)
            if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise ConfigError(f"another newsbot uses '{self.path}'") \
                    from None
            raise ConfigError(f"cannot lock '{self.path}': "
                              f"{e.strerror}") from None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.fd is not None:
            os.close(self.fd)


# --- the command line --------------------------------------------------------

def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="newsbot.py",
        description="Announce newly published articles of a qalam store in "
                    "a Telegram channel (Bot API sendMessage, HTML).",
        epilog="Exit status: 0 done, 1 a post failed after every retry "
               "(the next run posts it), 2 usage/configuration/store error, "
               "3 the API refused a post (bad token, chat or request).")
    p.add_argument("store", help="the qalam store (a file)")
    p.add_argument("--state", help="state file (default: STORE.newsbot.json)")
    p.add_argument("--token", default=os.environ.get("TELEGRAM_BOT_TOKEN"),
                   help="bot token (default: $TELEGRAM_BOT_TOKEN)")
    p.add_argument("--chat", default=os.environ.get("TELEGRAM_CHAT_ID"),
                   help="channel (@name) or chat id (default: "
                        "$TELEGRAM_CHAT_ID)")
    p.add_argument("--api", default=os.environ.get("TELEGRAM_API_URL",
                                                   DEFAULT_API),
                   help=f"Bot API base URL (default: $TELEGRAM_API_URL or "
                        f"{DEFAULT_API})")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true",
                      help="post what is new, then exit")
    mode.add_argument("--interval", type=_positive, default=60.0,
                      help="seconds between polls of the store (default 60)")
    p.add_argument("--excerpt-chars", type=int, default=500,
                   help="longest excerpt in characters (default 500)")
    p.add_argument("--link-text",
                   help="text of the link (default: the article's URL)")
    p.add_argument("--retries", type=int, default=8,
                   help="attempts per article and run, 0 for no limit "
                        "(default 8)")
    p.add_argument("--backoff", type=_positive, default=1.0,
                   help="first retry delay in seconds, doubled each time "
                        "(default 1)")
    p.add_argument("--max-backoff", type=_positive, default=300.0,
                   help="longest retry delay in seconds (default 300)")
    p.add_argument("--timeout", type=_positive, default=30.0,
                   help="HTTP timeout in seconds (default 30)")
    p.add_argument("--skip-existing", action="store_true",
                   help="on the first run (no state file), mark the "
                        "articles already published as announced")
    p.add_argument("--dry-run", action="store_true",
                   help="print the messages instead of posting them; the "
                        "state is not changed")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.excerpt_chars < 1:
        p.error("--excerpt-chars must be at least 1")
    if args.retries < 0:
        p.error("--retries must not be negative")
    if not args.dry_run and not args.token:
        p.error("no bot token: give --token or set TELEGRAM_BOT_TOKEN")
    if not args.dry_run and not args.chat:
        p.error("no chat: give --chat or set TELEGRAM_CHAT_ID")
    if not args.api.startswith(("http://", "https://")):
        p.error(f"--api must be an http(s) URL, not '{args.api}'")
    args.state = args.state or args.store + ".newsbot.json"
    return args


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: '{text}'") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: '{text}'")
    return value


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        format="newsbot: %(message)s",
        level=logging.DEBUG if args.verbose else
        logging.WARNING if args.quiet else logging.INFO)
    bot = Bot(args.store, args.state,
              Api(args.api, args.token or "", args.chat or "", args.timeout),
              Retry(args.retries, args.backoff, args.max_backoff),
              excerpt_chars=args.excerpt_chars, link_text=args.link_text,
              dry_run=args.dry_run)

    def stop(signum: int, frame: Any) -> None:
        log.info("stopping (signal %d)", signum)
        bot.stop.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    try:
        with StateLock(args.state):
            if args.skip_existing and not os.path.exists(args.state) \
                    and not args.dry_run:
                state = State()
                with bot.open_store() as store:
                    n = mark_existing(store, state)
                state.save(args.state)
                log.info("marked %d published articles as announced", n)
            while True:
                try:
                    n = bot.run_once()
                    if n:
                        log.debug("%d article(s) posted", n)
                except GaveUp as e:
                    log.error("%s", e)
                    if args.once:
                        return EXIT_RETRY
                except qalam.Error as e:
                    # The store could not be read (busy, damaged): when
                    # polling, try again at the next poll.
                    log.error("store '%s': %s", args.store, e)
                    if args.once:
                        return EXIT_CONFIG
                if args.once or bot.stop.wait(args.interval):
                    return EXIT_OK
    except ConfigError as e:
        log.error("%s", e)
        return EXIT_CONFIG
    except qalam.Error as e:
        log.error("store '%s': %s", args.store, e)
        return EXIT_CONFIG
    except OSError as e:
        # The state file could not be written (disk full, permissions).
        log.error("%s", e)
        return EXIT_CONFIG
    except Refused as e:
        log.error("the API refused the post: %s (not retried; the article "
                  "stays pending)", bot.api.redacted(str(e)))
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
