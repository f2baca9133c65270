"""The sample newspaper's site in headless Chromium: served on 127.0.0.1,
every page loaded, the rendered DOM checked, and no script, no console
message, no failed request allowed. Exits 77 (a skip for ctest) when
Chromium is not installed."""
import pathlib
import urllib.parse

import pytest

from conftest import chromium_binary, squash

try:
    import browser as cdp
except ImportError as e:  # python3-websocket missing
    cdp = None
    _import_error = e


@pytest.fixture(scope="module")
def chrome(request):
    binary = chromium_binary(request.config)
    if not binary or not pathlib.Path(binary).exists():
        pytest.exit("skipped: chromium is not installed "
                    "(Debian: apt-get install chromium)", 77)
    assert cdp is not None, f"python3-websocket is needed: {_import_error}"
    b = cdp.Browser(binary)
    yield b
    b.close()


@pytest.fixture(scope="module")
def served(sample_site):
    store, site = sample_site
    with cdp.serve(site) as base:
        yield store, site, base


def load(chrome, url):
    page = chrome.open(url)
    assert page.problems() == [], url
    origin = urllib.parse.urlsplit(url)[:2]
    for r in page.requests:
        # no external resources: only the site itself (and data: URLs)
        assert r.startswith("data:") or urllib.parse.urlsplit(r)[:2] == origin, r
    assert page.eval("document.scripts.length") == 0
    # the stylesheet was applied
    assert page.eval("getComputedStyle(document.body).fontFamily").startswith("Georgia")
    return page


def test_front_page_in_the_browser(chrome, served, lua):
    store, site, base = served
    page = load(chrome, base + "index.html")
    dom = page.eval("""Array.from(document.querySelectorAll('section.front-section'))
        .map(s => ({
          name: s.querySelector('h2').innerText,
          more: s.querySelector('a.more').href,
          items: Array.from(s.querySelectorAll('li.item')).map(li => ({
            title: li.querySelector('h3').textContent,
            date: li.querySelector('time').textContent,
            href: li.querySelector('a').href,
            visible: li.getBoundingClientRect().height > 0 })) }))""")
    assert page.eval("document.title") == "Enbekshi QazaQ"
    assert page.eval("document.querySelector('.site-title').textContent") == "Enbekshi QazaQ"
    arts = lua.articles(store)
    assert [s["name"].upper() for s in dom] == ["NEWS", "SOCIETY"]
    for s in dom:
        assert s["more"] == base + s["name"].lower() + "/index.html"
        assert len(s["items"]) == 5
        assert [i["title"] for i in s["items"]] == [a["title"] for a in arts]
        assert {i["date"] for i in s["items"]} == {"13.02.2026"}
        assert all(i["visible"] for i in s["items"])
        assert [i["href"] for i in s["items"]] == [base + a["path"] for a in arts]
    # two columns side by side on a wide window
    tops = page.eval("Array.from(document.querySelectorAll('section.front-section'))"
                     ".map(s => s.getBoundingClientRect().top)")
    assert tops[0] == tops[1]
    page.close()


def test_every_page_loads_cleanly_and_shows_the_same_text(chrome, served, lua):
    store, site, base = served
    arts = lua.articles(store)
    titles = {a["title"] for a in arts}
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        page = load(chrome, base + path)
        shown = page.eval("Array.from(document.querySelectorAll('li.item h3, h1.article-title'))"
                          ".map(e => e.textContent)")
        assert shown and set(shown) <= titles, path
        assert set(page.eval("Array.from(document.querySelectorAll('time'))"
                             ".map(e => e.textContent)")) == {"13.02.2026"}
        page.close()
    for a in arts:
        page = load(chrome, base + a["path"])
        assert page.eval("document.querySelector('h1').textContent") == a["title"]
        body = page.eval("document.querySelector('.article-body').textContent")
        assert squash(body) == squash(a["text"])
        # links from the page land on pages that exist
        for href in page.eval("Array.from(document.querySelectorAll('a[href]'))"
                              ".map(e => e.href)"):
            if href.startswith(base):
                assert (site / urllib.parse.urlsplit(href).path.lstrip("/")).is_file(), href
        page.close()


def test_narrow_screen(chrome, served):
    _, _, base = served
    page = load(chrome, base + "index.html")
    chrome.send("Emulation.setDeviceMetricsOverride",
                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
                session=page.session)
    # one column, nothing wider than the screen
    tops = page.eval("Array.from(document.querySelectorAll('section.front-section'))"
                     ".map(s => s.getBoundingClientRect().top)")
    assert tops[1] > tops[0]
    assert page.eval("document.documentElement.scrollWidth") <= 390
    page.close()


def test_screenshot(chrome, served, tmp_path):
    _, _, base = served
    page = load(chrome, base + "index.html")
    png = page.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000
    (tmp_path / "front.png").write_bytes(png)
    page.close()
