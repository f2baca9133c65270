"""Headless Chromium over the DevTools protocol, for the XSS suite.

Pages are served from a directory by http.server on 127.0.0.1 and opened
one after the other in one tab. Before any script of a page runs, a trap
(Page.addScriptToEvaluateOnNewDocument) replaces alert, confirm, prompt,
print, open and friends with recorders; the Debugger domain reports every
script the page compiles (inline scripts, event handlers when they fire,
javascript: URLs, eval). After the load event and a short settle, an audit
in the page lists what could still run later: event-handler attributes,
links and frames whose protocol (as the browser parsed it) is javascript:,
vbscript: or data:, and active elements.
"""

import functools
import http.server
import json
import os
import sys
import threading
import time
import urllib.request

import websocket

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import chromium as chromium_process  # noqa: E402  (tests/chromium.py)

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
    "--remote-allow-origins=*",
    # Nothing but the local server: a payload that loads a remote script
    # fails at once instead of waiting for DNS.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

TRAP_URL = "qalam-xss-trap.js"
AUDIT_URL = "qalam-xss-audit.js"

TRAP = """
(() => {
  const log = [];
  Object.defineProperty(window, '__xss', {value: log});
  const record = (name) => function () {
    log.push(name + '(' + Array.from(arguments).map(String).join(',') + ')');
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open',
                      'fetch', 'postMessage']) {
    try { window[name] = record(name); } catch (e) {}
  }
  try { document.write = record('document.write'); } catch (e) {}
})();
//# sourceURL=""" + TRAP_URL

AUDIT = """
(() => {
  const found = [];
  const active = new Set(['SCRIPT', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT',
    'EMBED', 'APPLET', 'SVG', 'MATH', 'FORM', 'BASE', 'TEMPLATE', 'PORTAL']);
  const okData = /^data:image\\/(png|gif|jpeg|webp)[;,]/i;
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toUpperCase();
    const where = tag.toLowerCase() + (el.id ? '#' + el.id : '');
    if (active.has(tag)) found.push('<' + tag.toLowerCase() + '> element');
    if (tag === 'STYLE' && !el.closest('head'))
      found.push('<style> outside head');
    if ((tag === 'LINK' || tag === 'META') && !el.closest('head'))
      found.push('<' + tag.toLowerCase() + '> outside head');
    if (tag === 'META' && el.httpEquiv) found.push('meta http-equiv');
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(name + ' on ' + where);
      if (name === 'style') found.push('style attribute on ' + where);
      if (name === 'srcdoc') found.push('srcdoc on ' + where);
    }
    for (const prop of ['href', 'src', 'action', 'formAction', 'data']) {
      let value = el[prop];
      if (value && typeof value === 'object' && 'baseVal' in value)
        value = value.baseVal;
      if (typeof value !== 'string' || !value) continue;
      let protocol;
      try { protocol = new URL(value, document.baseURI).protocol; }
      catch (e) { continue; }
      if (protocol === 'javascript:' || protocol === 'vbscript:')
        found.push(protocol + ' in ' + where + '.' + prop);
      // An empty favicon (<link rel="icon" href="data:,">) in the page's
      // own head never runs: the portal uses one to save a request.
      const icon = tag === 'LINK' && el.relList.contains('icon') &&
                   el.closest('head') && /^data:(image[/]|,)/i.test(value);
      if (protocol === 'data:' && !icon &&
          !(tag === 'IMG' && prop === 'src' && okData.test(value)))
        found.push('data: in ' + where + '.' + prop);
    }
  }
  return {calls: window.__xss ? window.__xss.slice() : ['trap missing'],
          found: found, title: document.title};
})()
//# sourceURL=""" + AUDIT_URL


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """http.server on 127.0.0.1, a free port, serving `root`."""

    def __init__(self, root):
        handler = functools.partial(_QuietHandler, directory=root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Browser:
    """One headless Chromium with a fresh profile and one instrumented tab."""

    def __init__(self, chromium, settle=0.05, timeout=15.0):
        self.settle = settle
        self.timeout = timeout
        self.proc, self.profile = chromium_process.start(
            chromium, [*CHROMIUM_FLAGS, "--remote-debugging-port=0",
                       "about:blank"], "qalam-xss-chromium-")
        port = self._devtools_port()
        targets = json.load(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/json/list", timeout=self.timeout))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=self.timeout,
            suppress_origin=True)
        self.next_id = 0
        self.events = []
        for method in ("Page.enable", "Runtime.enable", "Debugger.enable"):
            self.call(method)
        self.call("Page.addScriptToEvaluateOnNewDocument", source=TRAP)

    def _devtools_port(self):
        path = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.proc.returncode}")
            try:
                with open(path) as f:
                    port = f.readline().strip()
                if port:
                    return int(port)
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def _receive(self):
        message = json.loads(self.ws.recv())
        if "id" not in message:
            self.events.append(message)
        return message

    def call(self, method, **params):
        self.next_id += 1
        wanted = self.next_id
        self.ws.send(json.dumps({"id": wanted, "method": method,
                                 "params": params}))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
        raise TimeoutError(method)

    def _wait_event(self, method):
        deadline = time.monotonic() + self.timeout
        seen = 0
        while time.monotonic() < deadline:
            for e in self.events[seen:]:
                if e.get("method") == method:
                    return e
            seen = len(self.events)
            self._receive()
        raise TimeoutError(method)

    def _drain(self, seconds):
        end = time.monotonic() + seconds
        self.ws.settimeout(seconds)
        try:
            while time.monotonic() < end:
                self._receive()
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.ws.settimeout(self.timeout)

    def visit(self, url):
        """Loads `url`; returns {"scripts": [urls of scripts the page
        compiled], "calls": [trapped calls], "found": [audit findings]}."""
        self.events = []
        self.call("Page.navigate", url=url)
        self._wait_event("Page.loadEventFired")
        self._drain(self.settle)
        scripts = [e["params"].get("url", "") or "(inline)"
                   for e in self.events
                   if e.get("method") == "Debugger.scriptParsed"
                   and e["params"].get("url") != TRAP_URL]
        dialogs = [e for e in self.events
                   if e.get("method") == "Page.javascriptDialogOpening"]
        result = self.call("Runtime.evaluate", expression=AUDIT,
                           returnByValue=True)
        value = result.get("result", {}).get("value") or {}
        calls = list(value.get("calls", ["audit failed"]))
        calls += [f"dialog {d['params'].get('message')}" for d in dialogs]
        return {"scripts": scripts, "calls": calls,
                "found": value.get("found", ["audit failed"]),
                "title": value.get("title")}

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        chromium_process.stop(self.proc, self.profile)
