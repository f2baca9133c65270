"""XSS suite, second half: a store with every input of tests/xss/corpus as
an article body (and the one-line ones as titles and leads), built into a
site by the portal (examples/portal), every page of it opened in headless
Chromium with a trap that records any script that runs (browser.py)."""

import os
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

import qalam
import browser
import xsscheck
from conftest import FIGURES

SOURCE = os.environ.get("QALAM_SOURCE_DIR", "")
BUILD = os.environ.get("QALAM_BUILD_DIR", "")
CHROMIUM = os.environ.get("QALAM_XSS_CHROMIUM", "chromium")
LUA = os.environ.get("QALAM_XSS_LUA", "lua5.4")

CONTROL = """<!doctype html><html><head><title>control</title></head><body>
<script>alert('inline')</script>
<img src="x" onerror="alert('onerror')">
<a href="java&#x09;script:alert(1)">x</a>
</body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    root = tmp_path_factory.mktemp("xss")
    store_path = str(root / "hostile.db")
    stats = {"articles": 0, "titles": 0, "leads": 0, "refused": 0}
    start = datetime(2026, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=5)))
    with qalam.Store(store_path) as store:
        store.title = "XSS <script>alert('site')</script>"
        store.base_url = "https://xss.example"
        store.add_section("news", "News <img src=x onerror=alert(1)>",
                          position=1)
        for n, (where, markdown) in enumerate(corpus, 1):
            body = markdown.replace("\0", "\ufffd")
            one_line = "\n" not in body and len(body) <= 200
            fields = {"title": f"Input {n} ({where})", "body": body,
                      "sections": ["news"], "lang": "en",
                      "slug": f"input-{n}",
                      "published": start + timedelta(minutes=n)}
            if one_line and n % 2 == 0:
                fields["title"] = body
            if one_line and n % 3 == 0:
                fields["lead"] = body
            try:
                store.add_article(**fields)
            except qalam.InvalidInput:
                # A title or lead the core refuses (control characters):
                # the body alone still goes in.
                stats["refused"] += 1
                fields["title"] = f"Input {n} ({where})"
                fields.pop("lead", None)
                store.add_article(**fields)
            else:
                stats["titles"] += fields["title"] == body
                stats["leads"] += "lead" in fields
            stats["articles"] += 1
    out = root / "site"
    env = dict(os.environ,
               LUA_CPATH=os.path.join(BUILD, "lua", "?.so") + ";;")
    done = subprocess.run(
        [LUA, os.path.join(SOURCE, "examples", "portal", "portal.lua"),
         store_path, str(out)],
        env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"portal failed:\n{done.stdout}\n{done.stderr}"
    pages = sorted(os.path.relpath(os.path.join(d, f), out)
                   for d, _, files in os.walk(out) for f in files
                   if f.endswith(".html"))
    (out / "__xss_control__.html").write_text(CONTROL, encoding="utf-8")
    return {"root": str(out), "pages": pages, "stats": stats}


@pytest.fixture(scope="module")
def chromium(site):
    server = browser.Server(site["root"])
    b = browser.Browser(CHROMIUM)
    yield server, b
    b.close()
    server.close()


def test_the_trap_works(chromium):
    server, b = chromium
    seen = b.visit(server.base + "__xss_control__.html")
    assert len(seen["scripts"]) >= 2, seen
    assert "alert(inline)" in seen["calls"] and "alert(onerror)" in seen["calls"]
    assert any(f.startswith("javascript:") for f in seen["found"]), seen


def test_no_script_runs_on_any_page(site, chromium, corpus):
    server, b = chromium
    stats = site["stats"]
    assert stats["articles"] == len(corpus)
    article_pages = [p for p in site["pages"] if "input-" in p]
    assert len(article_pages) >= len(corpus), site["pages"][:20]
    ran, latent, calls = [], [], []
    for page in site["pages"]:
        seen = b.visit(server.base + page)
        ran += [(page, s) for s in seen["scripts"]]
        calls += [(page, c) for c in seen["calls"]]
        latent += [(page, f) for f in seen["found"]]
    FIGURES["portal"] = (
        f"xss portal: {len(corpus)} inputs as article bodies "
        f"({stats['titles']} also as titles, {stats['leads']} as leads, "
        f"{stats['refused']} titles/leads refused by the core), "
        f"{len(site['pages'])} pages opened ({len(article_pages)} articles), "
        f"{len(ran) + len(calls)} scripts run, {len(latent)} latent findings")
    assert not ran, f"scripts ran: {ran[:20]}"
    assert not calls, f"trapped calls: {calls[:20]}"
    assert not latent, f"executable markup left in pages: {latent[:20]}"
