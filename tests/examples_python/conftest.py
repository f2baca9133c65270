"""Fixtures for the tests of the Python examples (examples/python/).

Run by ctest (tests py_example_export and py_example_newsbot) with the
environment of py_binding: PYTHONPATH names the build tree's
bindings/python, so `import qalam` and the examples, run as programs, use
the module just built. By hand:

    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest \\
        tests/examples_python
"""

from __future__ import annotations

import collections
import html.parser
import json
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

try:
    import qalam
except ImportError as e:            # the binding is not built
    qalam = None
    _NO_QALAM = str(e)

SOURCE_DIR = Path(os.environ.get(
    "QALAM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLES = SOURCE_DIR / "examples" / "python"
NEWSPAPER = SOURCE_DIR / "examples" / "newspaper"


def pytest_configure(config):
    if qalam is None:
        pytest.exit(f"skipped: cannot import qalam ({_NO_QALAM}); build the "
                    "Python binding (python3-cffi)", returncode=77)
    build = os.environ.get("QALAM_PYTHON_BUILD")
    if build:
        where = Path(qalam.__file__).resolve().parent
        if where != (Path(build) / "qalam").resolve():
            raise pytest.UsageError(f"imported qalam from {where}, expected "
                                    f"{build}/qalam")


def pytest_report_header(config):
    return [f"qalam {qalam.__version__} from {qalam.__file__}",
            f"examples from {EXAMPLES}"]


def run_example(script: str, *args, env: dict | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """Runs examples/python/<script> with this interpreter and environment
    (plus ``env``)."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, str(EXAMPLES / script),
                           *map(str, args)],
                          env=e, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def newspaper_db(tmp_path) -> Path:
    """A store file holding examples/newspaper (ids 1..5, newest first)."""
    path = tmp_path / "paper.db"
    with qalam.Store(path) as store:
        stats = store.import_markdown(NEWSPAPER)
    assert stats == qalam.ImportStats(5, 5, 0, 0)
    return path


# --- a fake Telegram Bot API -------------------------------------------------

TOKEN = "123456:TEST-token_ABC"
CHAT = "@qalam_test_channel"


class TelegramHTML(html.parser.HTMLParser):
    """Checks text the way Telegram's HTML parse mode reads it: only its
    tags, balanced, and every entity known. ``text`` is what the reader
    sees."""

    ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
               "a", "code", "pre", "span", "tg-spoiler", "blockquote",
               "tg-emoji"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.errors.append(f"unsupported start tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected end tag </{tag}>")

    def handle_data(self, data):
        self.parts.append(data)

    @classmethod
    def check(cls, text: str) -> tuple[str, list[str]]:
        p = cls()
        errors = p.errors
        # Every "<" starts a tag and every "&" an entity Telegram knows.
        for m in re.finditer(r"<", text):
            if not re.match(r"</?[a-z-]+(\s+[a-z-]+=\"[^\"<>]*\")*>",
                            text[m.start():]):
                errors.append(f"stray '<' at {m.start()}")
        for m in re.finditer(r"&", text):
            if not re.match(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);",
                            text[m.start():]):
                errors.append(f"stray '&' at {m.start()}")
        p.feed(text)
        p.close()
        if p.stack:
            errors.append(f"unclosed tags {p.stack}")
        return "".join(p.parts), errors


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeBotApi:
    """An HTTP server on 127.0.0.1 (ephemeral port) that answers
    /bot<TOKEN>/sendMessage like Telegram.

    ``plan(...)`` queues what the next requests get: "ok", an HTTP status
    (500, 400, 403, ...), ("429", seconds) or "drop" (the connection is
    closed without an answer); ``default`` is what every other request
    gets. ``requests`` records every request (with its outcome and time);
    ``posted`` the payloads of the messages accepted."""

    def __init__(self):
        self.requests: list[dict] = []
        self.posted: list[dict] = []
        self.queue: collections.deque = collections.deque()
        self.default = "ok"
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                api._handle(self)

            def do_GET(self):
                api._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def plan(self, *outcomes) -> None:
        with self.lock:
            self.queue.extend(outcomes)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def texts(self) -> list[str]:
        with self.lock:
            return [p["text"] for p in self.posted]

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.posted) >= count:
                    return
            time.sleep(0.02)
        raise AssertionError(f"{len(self.posted)} messages posted, "
                             f"expected {count}")

    # --- the handler ---
    def _reply(self, h, status: int, answer: dict) -> None:
        body = json.dumps(answer).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def _error(self, h, status: int, description: str, **parameters):
        answer = {"ok": False, "error_code": status,
                  "description": description}
        if parameters:
            answer["parameters"] = parameters
        self._reply(h, status, answer)

    def _handle(self, h) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        with self.lock:
            outcome = self.queue.popleft() if self.queue else self.default
            record = {"method": h.command, "path": h.path,
                      "content_type": h.headers.get("Content-Type"),
                      "payload": payload, "outcome": outcome,
                      "time": time.monotonic()}
            self.requests.append(record)
        if h.path != f"/bot{TOKEN}/sendMessage" or h.command != "POST":
            record["outcome"] = 404
            return self._error(h, 404, "Not Found")
        if outcome == "drop":
            h.close_connection = True
            return
        if isinstance(outcome, tuple) and outcome[0] == "429":
            return self._error(h, 429, "Too Many Requests: retry after "
                               f"{outcome[1]}", retry_after=outcome[1])
        if isinstance(outcome, int):
            names = {400: "Bad Request", 401: "Unauthorized",
                     403: "Forbidden: bot is not a member of the channel "
                          "chat", 500: "Internal Server Error",
                     502: "Bad Gateway"}
            return self._error(h, outcome, names.get(outcome, "Error"))
        # "ok": check what Telegram checks.
        if not isinstance(payload, dict) or not payload.get("text"):
            record["outcome"] = 400
            return self._error(h, 400, "Bad Request: message text is empty")
        if payload.get("parse_mode") == "HTML":
            visible, errors = TelegramHTML.check(payload["text"])
            if errors:
                record["outcome"] = 400
                return self._error(h, 400, "Bad Request: can't parse "
                                   f"entities: {errors}")
        else:
            visible = payload["text"]
        if utf16_len(visible) > 4096:
            record["outcome"] = 400
            return self._error(h, 400, "Bad Request: message is too long")
        with self.lock:
            self.posted.append(payload)
            n = len(self.posted)
        self._reply(h, 200, {"ok": True, "result": {
            "message_id": n, "date": int(time.time()),
            "chat": {"id": -1001, "type": "channel"},
            "text": visible}})


@pytest.fixture
def api():
    server = FakeBotApi()
    yield server
    server.close()
