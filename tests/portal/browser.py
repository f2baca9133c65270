"""Headless Chromium over the DevTools protocol, for the portal's browser
test and its screenshot.

    Browser(chromium) starts a headless Chromium with a fresh profile;
    browser.open(url) loads a page and returns a Page with what happened
    while it loaded (console messages, exceptions, failed requests, every
    URL requested); page.eval(js) runs JavaScript in it; page.screenshot()
    returns PNG bytes.

Also a command:  python3 tests/portal/browser.py SITE_DIR OUT.png
serves SITE_DIR on 127.0.0.1 and saves a screenshot of its index.html
(docs/portal-front.png is made so).
"""
import base64
import contextlib
import functools
import http.server
import json
import os
import pathlib
import shutil
import sys
import threading
import time

import websocket

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import chromium  # noqa: E402  (tests/chromium.py)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--remote-debugging-port=0",
         "--remote-allow-origins=*"]


class Browser:
    def __init__(self, binary="chromium", width=1280, height=900, timeout=30):
        self.timeout = timeout
        self.proc, self.profile = chromium.start(
            binary, [*FLAGS, f"--window-size={width},{height}", "about:blank"],
            "qalam-chromium-")
        port_file = pathlib.Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while True:
            if port_file.is_file():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    break
            if self.proc.poll() is not None:
                self.close()
                raise RuntimeError(f"chromium exited with {self.proc.returncode}")
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{lines[0]}{lines[1]}", timeout=timeout,
            suppress_origin=True)
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method, session, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        for i, e in enumerate(self.events):
            if e["method"] == method and e.get("sessionId") == session:
                return self.events.pop(i)
        while time.monotonic() < deadline:
            e = json.loads(self.ws.recv())
            if "method" in e:
                if e["method"] == method and e.get("sessionId") == session:
                    return e
                self.events.append(e)
        raise TimeoutError(method)

    def open(self, url):
        """Loads url in a new tab; returns a Page once it has loaded."""
        self.events = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable", session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        # let late console messages and requests arrive
        self.send("Runtime.evaluate", {"expression": "1"}, session=session)
        return Page(self, target, session, url)

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        chromium.stop(self.proc, self.profile)


class Page:
    def __init__(self, browser, target, session, url):
        self.browser, self.target, self.session, self.url = browser, target, session, url
        mine = [e for e in browser.events if e.get("sessionId") == session]
        self.console = [e["params"] for e in mine
                        if e["method"] == "Runtime.consoleAPICalled"]
        self.exceptions = [e["params"] for e in mine
                           if e["method"] == "Runtime.exceptionThrown"]
        self.log = [e["params"]["entry"] for e in mine
                    if e["method"] == "Log.entryAdded"]
        self.requests = [e["params"]["request"]["url"] for e in mine
                         if e["method"] == "Network.requestWillBeSent"]
        self.failed = [e["params"] for e in mine
                       if e["method"] == "Network.loadingFailed"]
        self.responses = [e["params"]["response"] for e in mine
                          if e["method"] == "Network.responseReceived"]

    def problems(self):
        """Console errors and warnings, exceptions, failed loads, HTTP errors."""
        out = [f"console.{c['type']}: {c.get('args')}" for c in self.console
               if c["type"] in ("error", "warning", "assert")]
        out += [f"exception: {x['exceptionDetails']}" for x in self.exceptions]
        out += [f"log {e['level']}: {e['text']} {e.get('url', '')}" for e in self.log
                if e["level"] in ("error", "warning")]
        out += [f"failed: {f.get('errorText')}" for f in self.failed]
        out += [f"HTTP {r['status']}: {r['url']}" for r in self.responses
                if r["status"] >= 400]
        return out

    def eval(self, expression):
        r = self.browser.send("Runtime.evaluate",
                              {"expression": expression, "returnByValue": True},
                              session=self.session)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def screenshot(self, full_page=True):
        params = {"format": "png"}
        if full_page:
            size = self.eval("[document.documentElement.scrollWidth,"
                             " document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0],
                              "height": size[1], "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.browser.send("Page.captureScreenshot", params,
                                 session=self.session)["data"]
        return base64.b64decode(data)

    def close(self):
        self.browser.send("Target.closeTarget", {"targetId": self.target})


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serves directory on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv):
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} SITE_DIR OUT.png")
    binary = os.environ.get("QALAM_CHROMIUM") or shutil.which("chromium") or "chromium"
    with serve(argv[1]) as base:
        b = Browser(binary, width=1280, height=900)
        try:
            page = b.open(base + "index.html")
            problems = page.problems()
            if problems:
                sys.exit("\n".join(problems))
            pathlib.Path(argv[2]).write_bytes(page.screenshot())
        finally:
            b.close()


if __name__ == "__main__":
    main(sys.argv)
