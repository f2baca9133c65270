"""The portal (examples/portal/portal.lua) builds the sample newspaper and
other stores; these tests read the pages it writes."""
import hashlib
import pathlib
import re
import shutil
import urllib.parse
import xml.etree.ElementTree as ET

from conftest import parse, squash

SECTIONS = ["News", "Society"]


def pages(site):
    return sorted(p for p in pathlib.Path(site).rglob("*.html"))


def snapshot(site):
    """path -> (sha256, mtime_ns, inode) of every file of the site."""
    out = {}
    for p in pathlib.Path(site).rglob("*"):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(site).as_posix()] = (
                hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_ino)
    return out


def changed(before, after):
    return sorted(k for k in after if k in before and after[k] != before[k])


def internal_links(doc):
    for n in doc.iter():
        for attr in ("href", "src"):
            v = n.attrs.get(attr)
            if v is None:
                continue
            u = urllib.parse.urlsplit(v)
            if u.scheme or u.netloc:
                continue
            yield n, v, u


def check_links(site):
    """Every internal href/src of every page names a file of the site (and
    every #fragment an id on its page). Returns how many links were seen."""
    site = pathlib.Path(site).resolve()
    seen = 0
    for page in pages(site):
        doc = parse(page)
        ids = {n.attrs.get("id") for n in doc.iter()}
        for _, v, u in internal_links(doc):
            seen += 1
            if not u.path:
                # "" is the page itself (the core renders a dangerous URL so)
                assert not u.fragment or u.fragment in ids, f"{page}: no id for {v}"
                continue
            target = (page.parent / urllib.parse.unquote(u.path)).resolve()
            assert target.is_relative_to(site), f"{page}: {v} leaves the site"
            assert target.is_file(), f"{page}: {v} does not resolve"
    return seen


SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locs(site, base):
    """Every URL of the sitemap: sitemap.xml is an index of the parts."""
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == SITEMAPS + "sitemapindex"
    locs = []
    for part in index.iter(SITEMAPS + "loc"):
        assert part.text.startswith(base) and "/" not in part.text[len(base):]
        urlset = ET.parse(site / part.text[len(base):]).getroot()
        assert urlset.tag == SITEMAPS + "urlset"
        locs += [e.text for e in urlset.iter(SITEMAPS + "loc")]
    return locs


def front_sections(site, path="index.html"):
    doc = parse(pathlib.Path(site) / path)
    out = []
    for sec in doc.find_all("section", cls="front-section"):
        name = sec.find("h2").text().strip()
        items = [(squash(li.find("h3").text()), li.find("time").text(),
                  li.find("a").attrs["href"])
                 for li in sec.find_all("li", cls="item")]
        more = sec.find("a", cls="more")
        out.append((name, items, more))
    return out


# -- the sample newspaper --------------------------------------------------

def test_front_page_shows_both_sections_with_five_stories(sample_site, lua):
    store, site = sample_site
    doc = parse(site / "index.html")
    assert doc.find("a", cls="site-title").text() == "Enbekshi QazaQ"
    assert doc.find("title").text() == "Enbekshi QazaQ"
    assert doc.find("html").attrs["lang"] == "en"
    secs = front_sections(site)
    assert [s[0] for s in secs] == SECTIONS
    titles = [a["title"] for a in lua.articles(store)]
    for name, items, more in secs:
        assert len(items) == 5
        assert [i[0] for i in items] == titles  # newest first
        assert more is not None and more.text() == "More"
        assert more.attrs["href"] == name.lower() + "/index.html"


def test_every_file_of_the_site(sample_site, lua):
    store, site = sample_site
    files = sorted(p.relative_to(site).as_posix()
                   for p in site.rglob("*") if p.is_file())
    articles = sorted(a["path"] for a in lua.articles(store))
    feeds = ["atom.xml", "feed.json", "feed.xml"]
    assert files == sorted(
        [".portal-articles", ".portal-manifest", ".portal-state", "index.html",
         "sitemap.xml", "sitemap-pages.xml", "sitemap-2026-02.xml",
         "style.css"] + feeds
        + articles + [f"{s}/{f}" for s in ("news", "society")
                      for f in feeds + ["index.html"]])


def test_every_internal_link_resolves(sample_site):
    _, site = sample_site
    assert check_links(site) > 100


def test_sitemap_and_feeds_name_pages_that_exist(sample_site):
    _, site = sample_site
    base = "https://enbekshi-qazaq.example/"
    locs = sitemap_locs(site, base)
    assert len(locs) == 1 + 2 + 5
    for loc in locs:
        assert loc.startswith(base)
        assert (site / loc[len(base):]).is_file(), loc
    rss = ET.parse(site / "news" / "feed.xml")
    links = [e.text for e in rss.findall("./channel/item/link")]
    assert len(links) == 5
    for loc in links:
        assert (site / loc[len(base):]).is_file(), loc


def test_pages_link_their_feeds(sample_site):
    _, site = sample_site
    for page in pages(site):
        doc = parse(page)
        alt = [n for n in doc.find("head").find_all("link", rel="alternate")
               if n.attrs.get("type")]
        types = {n.attrs["type"] for n in alt}
        assert types == {"application/rss+xml", "application/atom+xml",
                         "application/feed+json"}, page
    doc = parse(site / "news" / "index.html")
    hrefs = [n.attrs["href"] for n in doc.find("head").find_all("link", rel="alternate")]
    assert hrefs == ["../feed.xml", "../atom.xml", "../feed.json",
                     "feed.xml", "atom.xml", "feed.json"]


def test_dates_read_13_02_2026(sample_site):
    _, site = sample_site
    n = 0
    for page in pages(site):
        for t in parse(page).find_all("time"):
            assert t.text() == "13.02.2026", page
            assert t.attrs["datetime"].startswith("2026-02-13T")
            assert t.attrs["datetime"].endswith("+05:00")
            n += 1
    assert n == 5 + 5 + 5 + 5 + 5  # front (2 x 5), two section pages, 5 articles


def test_each_story_reads_the_same_on_every_page(sample_site, lua):
    store, site = sample_site
    arts = lua.articles(store)
    assert len(arts) == 5
    listings = [site / "index.html", site / "news" / "index.html",
                site / "society" / "index.html"]
    for a in arts:
        seen = 0
        for page in listings:
            doc = parse(page)
            for li in doc.find_all("li", cls="item"):
                link = li.find("h3").find("a")
                target = (page.parent / link.attrs["href"]).resolve()
                if target == (site / a["path"]).resolve():
                    assert link.text() == a["title"], page
                    excerpt = li.find("p", cls="item-excerpt").text()
                    assert excerpt.endswith("…")
                    # the excerpt is the start of the stored text, quotes and all
                    assert squash(a["text"]).startswith(squash(excerpt[:-1]))
                    seen += 1
        assert seen == 4  # the front page twice, each section page once
        doc = parse(site / a["path"])
        assert doc.find("h1").text() == a["title"]
        assert doc.find("title").text() == a["title"] + " — Enbekshi QazaQ"
        body = doc.find("div", cls="article-body")
        assert squash(body.text()) == squash(a["text"])
        assert doc.find("p", cls="article-meta").find("time").text() == "13.02.2026"
        secs = doc.find("p", cls="article-sections").find_all("a")
        assert [(s.text(), s.attrs["href"]) for s in secs] == [
            ("News", "../news/index.html"), ("Society", "../society/index.html")]
        src = doc.find("p", cls="source")
        if a["source_url"]:
            assert src.find("a").attrs["href"] == a["source_url"]
            assert src.find("a").text() == a["source_url"]
        else:
            assert src is None


def test_quotes_survive(sample_site, lua):
    store, site = sample_site
    arts = {a["id"]: a for a in lua.articles(store)}
    shymkent = arts[3]
    assert '"Aina"' in shymkent["text"]
    # the Society copy of the original site lost them; here every page keeps them
    for page in ["index.html", "news/index.html", "society/index.html", shymkent["path"]]:
        text = parse(site / page).text()
        assert 'the "Aina" market' in text, page
        assert "“Golden Bridge”" in parse(site / arts[1]["path"]).text()
    assert "Peoples' Friendship University" in parse(site / "society/index.html").text()
    raw = (site / "society" / "index.html").read_text()
    assert "&quot;Aina&quot;" in raw and "Peoples&#39; Friendship" in raw


def test_a_second_build_writes_nothing(lua, tmp_path):
    store = lua.sample(tmp_path / "s.db")
    first = lua.build(store, tmp_path / "site")
    assert first == dict(pages_written=8, pages_skipped=0, files_written=13,
                         files_skipped=0, removed=0)
    before = snapshot(tmp_path / "site")
    # nothing changed: nothing is even rendered
    p = lua.portal(store, tmp_path / "site")
    assert "changes only: pages: 0 written, 0 skipped; other files: 0 written, 0 skipped" in p.stdout
    # a full build renders every page, and finds them all the same
    third = lua.build(store, tmp_path / "site", "--full")
    assert third == dict(pages_written=0, pages_skipped=8, files_written=0,
                         files_skipped=13, removed=0)
    after = snapshot(tmp_path / "site")
    # the state holds the time of the build
    del after[".portal-state"], before[".portal-state"]
    assert after == before


def test_incremental_build_rewrites_only_the_pages_that_show_a_change(lua, tmp_path):
    store = lua.sample(tmp_path / "s.db")
    site = tmp_path / "site"
    lua.build(store, site)
    arts = {a["id"]: a for a in lua.articles(store)}
    feeds = ["feed.xml", "atom.xml", "feed.json"]
    all_feeds = feeds + [f"{s}/{f}" for s in ("news", "society") for f in feeds]

    # a new title: the listings and the article's page show it
    before = snapshot(site)
    lua.run("""local s <close> = h.open(arg[1])
               local a = assert(s:article(3))
               assert(a:set{title = 'Businessmen met the "new" Constitution'})
               assert(s:update(a))""", store)
    got = lua.build(store, site)
    # the sitemap's lastmod is the update time in seconds: its month's part
    # changes unless the update came within the second of the import, and
    # the index when it is later than the month's newest; the pages part is
    # made again and found the same
    diff = changed(before, snapshot(site))
    sm = [f for f in ("sitemap.xml", "sitemap-2026-02.xml") if f in diff]
    assert sm in ([], ["sitemap-2026-02.xml"], ["sitemap.xml", "sitemap-2026-02.xml"])
    assert got == dict(pages_written=4, pages_skipped=0, files_written=9 + len(sm),
                       files_skipped=3 - len(sm), removed=0)
    assert diff == sorted(
        [".portal-articles", ".portal-state", "index.html", "news/index.html",
         "society/index.html", arts[3]["path"]] + sm + all_feeds)
    for page in ["index.html", "news/index.html", arts[3]["path"]]:
        assert 'Businessmen met the "new" Constitution' in parse(site / page).text()

    # a change at the end of a body, beyond the excerpts: only its own page
    before = snapshot(site)
    lua.run("""local s <close> = h.open(arg[1])
               local a = assert(s:article(2))
               assert(a:set{body = a.body .. '\\n\\nA closing line, "quoted".\\n'})
               assert(s:update(a))""", store)
    got = lua.build(store, site, "--verbose")
    diff = changed(before, snapshot(site))
    # the month's sitemap and the index as above
    sm = [f for f in ("sitemap.xml", "sitemap-2026-02.xml") if f in diff]
    assert sm in ([], ["sitemap-2026-02.xml"], ["sitemap.xml", "sitemap-2026-02.xml"])
    # its page, and the pages that list it, rendered again and found the same
    assert got["pages_written"] == 1 and got["files_written"] == 9 + len(sm)
    assert got["removed"] == 0
    assert diff == sorted([".portal-articles", ".portal-state", arts[2]["path"]]
                          + sm + all_feeds)
    body = parse(site / arts[2]["path"]).find("div", cls="article-body").text()
    assert squash(body).endswith('A closing line, "quoted".')

    # a deleted article: its page is removed, the listings no longer show it
    before = snapshot(site)
    p = lua.portal(store, site)  # nothing changed yet
    assert "pages: 0 written, 0 skipped" in p.stdout
    lua.run("local s <close> = h.open(arg[1]); assert(s:delete(5))", store)
    p = lua.portal(store, site, "-v")
    assert f"removed {arts[5]['path']}" in p.stdout
    got = lua.build(store, site)  # and once more: nothing left to do
    assert got["removed"] == 0 and got["pages_written"] == 0
    after = snapshot(site)
    assert arts[5]["path"] not in after
    # the month's sitemap lists one article less; the index changes only if
    # the article was the month's latest change
    diff = changed(before, after)
    assert diff == sorted(
        [".portal-articles", ".portal-manifest", ".portal-state", "index.html",
         "news/index.html", "society/index.html", "sitemap-2026-02.xml"]
        + ["sitemap.xml"] * ("sitemap.xml" in diff) + all_feeds)
    locs = sitemap_locs(site, "https://enbekshi-qazaq.example/")
    assert len(locs) == 1 + 2 + 4 and not any(arts[5]["path"] in u for u in locs)
    for name, items, _ in front_sections(site):
        assert len(items) == 4
    check_links(site)
    manifest = (site / ".portal-manifest").read_text().split()
    assert arts[5]["path"] not in manifest and "index.html" in manifest


def test_files_of_others_are_left_alone(lua, tmp_path):
    store = lua.sample(tmp_path / "s.db")
    site = tmp_path / "site"
    (site / "article").mkdir(parents=True)
    (site / "article" / "mine.html").write_text("<p>kept</p>")
    (site / "CNAME").write_text("example.kz\n")
    lua.build(store, site)
    lua.run("local s <close> = h.open(arg[1]); for a in s:articles{} do assert(s:delete(a)) end", store)
    got = lua.build(store, site)
    assert got["removed"] == 5 + 1  # the pages, and the month's sitemap
    assert not (site / "sitemap-2026-02.xml").exists()
    assert sitemap_locs(site, "https://enbekshi-qazaq.example/") == [
        "https://enbekshi-qazaq.example/" + p
        for p in ("index.html", "news/index.html", "society/index.html")]
    assert (site / "article" / "mine.html").read_text() == "<p>kept</p>"
    assert (site / "CNAME").is_file()
    # an empty site still has its pages, saying so
    doc = parse(site / "index.html")
    assert doc.find("p", cls="empty").text() == "No articles yet."
    assert parse(site / "news" / "index.html").find("p", cls="empty") is not None


# -- languages ------------------------------------------------------------

TRANSLATE = """
local s <close> = h.open(arg[1])
local en = assert(s:article(1))
local kk = assert(s:add_article{
  title = "Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуда",
  body = "Бішкек, 13 ақпан 2026 – «Ресми сапар» аясында...\\n\\nЕкінші абзац.",
  lang = "kk", story = en, sections = { "news", "society" },
  published = "2026-02-13T17:45:00+05:00",
  source_url = en.source_url })
local ru = assert(s:add_article{
  title = "Казахстан и Кыргызстан укрепляют союзнические отношения",
  body = "Бишкек, 13 февраля 2026 – В рамках \\"официального визита\\"...",
  lang = "ru", story = en, sections = { "news" },
  published = "2026-02-13T17:50:00+05:00" })
h.print{ kk = assert(s:path(kk)), ru = assert(s:path(ru)),
         en = assert(s:path(assert(s:article(1)))) }
"""


def test_a_store_in_three_languages(lua, tmp_path):
    store = lua.sample(tmp_path / "s.db")
    site = tmp_path / "site"
    lua.build(store, site)
    single_article = lua.articles(store)[0]["path"]
    paths = lua.run(TRANSLATE, store)
    assert paths["kk"].startswith("kk/article/") and paths["ru"].startswith("ru/article/")
    assert paths["en"] == "en/" + single_article
    got = lua.build(store, site)
    # every page moved under a language folder: the old ones are removed
    # the root index.html becomes the language choice and the root feeds
    # stay (of every language); the other pages are removed
    assert got["removed"] == 7
    assert not (site / single_article).exists()
    for lang in ("en", "kk", "ru"):
        for f in ("index.html", "news/index.html", "society/index.html",
                  "feed.xml", "atom.xml", "feed.json", "news/feed.xml"):
            assert (site / lang / f).is_file(), (lang, f)
    check_links(site)

    # the root lets the reader choose
    root = parse(site / "index.html")
    choice = [(a.text(), a.attrs["href"])
              for a in root.find("section", cls="language-choice").find_all("a")]
    assert choice == [("English", "en/index.html"), ("Қазақша", "kk/index.html"),
                      ("Русский", "ru/index.html")]

    # interface strings and dates in each language
    words = {"en": ("More", "Source", "In other languages", "Sections"),
             "kk": ("Толығырақ", "Дереккөз", "Басқа тілдерде", "Айдарлар"),
             "ru": ("Ещё", "Источник", "На других языках", "Рубрики")}
    for lang, (more, source, other, sections) in words.items():
        front = parse(site / lang / "index.html")
        assert front.find("html").attrs["lang"] == lang
        assert {a.text() for a in front.find_all("a", cls="more")} == {more}
        assert front.find("nav", cls="sections").attrs["aria-label"] == sections
        assert [t.text() for t in front.find_all("time")] != []
        assert all(t.text() == "13.02.2026" for t in front.find_all("time"))
        langs = front.find("nav", cls="languages")
        assert langs.find("span", cls="current").text() in ("English", "Қазақша", "Русский")
        page = parse(site / paths[lang])
        assert page.find("html").attrs["lang"] == lang
        assert page.find("div", cls="translations").find("h2").text() == other
        if lang != "ru":
            assert page.find("p", cls="source").text().startswith(source + ": ")
    kk_front = front_sections(site, "kk/index.html")
    assert [(s[0], len(s[1])) for s in kk_front] == [("News", 1), ("Society", 1)]
    assert kk_front[0][1][0][0] == "Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуда"
    assert [(s[0], len(s[1])) for s in front_sections(site, "en/index.html")] == \
        [("News", 5), ("Society", 5)]

    # translations link each other, in their own language
    def links(lang):
        doc = parse(site / paths[lang])
        out = []
        for li in doc.find("div", cls="translations").find_all("li"):
            a = li.find("a")
            target = (site / paths[lang]).parent / a.attrs["href"]
            out.append((a.attrs["hreflang"], a.text(),
                        target.resolve().relative_to(site.resolve()).as_posix()))
        alts = {n.attrs["hreflang"] for n in doc.find("head").find_all("link")
                if n.attrs.get("hreflang")}
        assert alts == {x[0] for x in out}
        return out
    titles = {"en": "Kazakhstan and Kyrgyzstan Continue Strengthening Allied Relations",
              "kk": "Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуда",
              "ru": "Казахстан и Кыргызстан укрепляют союзнические отношения"}
    for lang in ("en", "kk", "ru"):
        assert links(lang) == [(o, titles[o], paths[o])
                               for o in ("en", "kk", "ru") if o != lang]
    body = parse(site / paths["kk"]).find("div", cls="article-body").text()
    assert "«Ресми сапар»" in body
    assert '"официального визита"' in parse(site / paths["ru"]).text()

    # the feeds of one language list that language only
    kk_feed = ET.parse(site / "kk" / "feed.xml")
    assert [e.text for e in kk_feed.findall("./channel/item/title")] == [titles["kk"]]
    assert len(ET.parse(site / "feed.xml").findall("./channel/item")) == 7


# -- hostile text and the escaping of templates ----------------------------

HOSTILE_TITLE = '<script>alert("pwned")</script> & \'quotes\' "double" </title>'


def test_hostile_text_is_escaped(lua, tmp_path):
    store = tmp_path / "h.db"
    lua.run("""
        local s <close> = h.open(arg[1])
        assert(s:set{ title = 'The "Daily" <Times> & Co', base_url = "https://x.example",
                      lang = "en", offset = 300 })
        assert(s:add_section("news", '<b>News</b> & "views"', 1))
        assert(s:add_article{ title = arg[2], sections = { "news" },
          body = '<script>alert(1)</script>\\n\\nText with <i>raw</i> & "quotes".\\n\\n[x](javascript:alert(2))',
          lead = '<img src=x onerror=alert(3)> "lead"',
          author = '<b>Ann</b> "A" O\\'Neil',
          published = "2026-02-13T10:00:00+05:00" })
    """, store, HOSTILE_TITLE)
    site = tmp_path / "site"
    lua.build(store, site)
    check_links(site)
    for page in pages(site):
        doc = parse(page)
        assert doc.find("script") is None, page
        assert doc.find("img") is None, page
        assert doc.find("b") is None and doc.find("i") is None, page
        assert all(not k.startswith("on") for n in doc.iter() for k in n.attrs), page
        assert "javascript:" not in page.read_text().lower(), page
        assert doc.find("a", cls="site-title").text() == 'The "Daily" <Times> & Co'
        assert [a.text() for a in doc.find("nav", cls="sections").find_all("a")] == \
            ['<b>News</b> & "views"']
    front = parse(site / "index.html")
    item = front.find("li", cls="item")
    assert item.find("h3").text() == HOSTILE_TITLE
    assert item.find("p", cls="item-excerpt").text() == '<img src=x onerror=alert(3)> "lead"'
    assert front.find("h2").text() == '<b>News</b> & "views"'
    art = next(p for p in pages(site) if "/article/" in p.as_posix())
    doc = parse(art)
    assert doc.find("h1").text() == HOSTILE_TITLE
    assert doc.find("title").text() == HOSTILE_TITLE + ' — The "Daily" <Times> & Co'
    assert doc.find("p", cls="lead").text() == '<img src=x onerror=alert(3)> "lead"'
    assert doc.find("span", cls="author").text() == 'Author: <b>Ann</b> "A" O\'Neil'
    assert 'Text with raw & "quotes".' in doc.find("div", cls="article-body").text()


def test_templates_escape_unless_raw(lua, tmp_path):
    out = lua.run("""
        package.path = arg[1] .. "/?.lua;" .. package.path
        local render = require "render"
        local r = render.new(arg[2])
        h.print{
          r:render("t.html", { v = [[<a href="x">'&'</a>]], n = 3, f = false }),
          r:render("raw.html", { v = "<b>bold</b>" }),
          select(2, pcall(r.render, r, "unknown.html", {})),
          -- twice: the second time the value could come from the cache
          select(2, pcall(r.render, r, "t.html", { v = "<" .. string.char(255), n = 1, f = 1 })),
          select(2, pcall(r.render, r, "t.html", { v = "<" .. string.char(255), n = 1, f = 1 })),
          r:render("t.html", { v = [[<a href="x">'&'</a>]], n = 3, f = false }) }
    """, lua.src / "examples" / "portal", _templates(tmp_path))
    assert out[0] == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; 3 []\n"
    assert out[1] == "<b>bold</b> &lt;b&gt;bold&lt;/b&gt;\n"
    assert "unknown name 'nothing'" in out[2]
    # text that is not UTF-8 and needs escaping stops the render: it is
    # never written as it is
    assert "cannot escape a value: invalid UTF-8" in out[3]
    assert "cannot escape a value: invalid UTF-8" in out[4]
    assert out[5] == out[0]  # remembered escapes give the same text


def test_templates_keep_their_lines_and_leave_the_data_alone(lua, tmp_path):
    d = tmp_path / "t"
    d.mkdir()
    (d / "loop.html").write_text(
        "<ul>\n# for _, x in ipairs(xs) do\n<li>$(x)</li>\n# end\n</ul>\n")
    (d / "bad.html").write_text("one\n# if true then\n$(nothing)\n# end\n")
    (d / "outer.html").write_text("[$(include(\"loop.html\"))]$(include(\"item.html\", it))\n")
    (d / "item.html").write_text("$(v)\n")
    (d / "text.html").write_text('a "q" \\ ]] [[ \\n\n $(v)%q $("(" .. v .. ")")\n')
    out = lua.run("""
        package.path = arg[1] .. "/?.lua;" .. package.path
        local render = require "render"
        local r = render.new(arg[2])
        local data, it = { xs = { "a", "<b>" } }, { v = 1 }
        data.it = it
        local with_meta = setmetatable({ v = "m" }, { __index = { w = 1 } })
        local ok, err = pcall(r.render, r, "bad.html", data)
        h.print{
          r:render("loop.html", data),
          r:render("outer.html", data),
          tostring(getmetatable(data)), tostring(getmetatable(it)),
          err, tostring(getmetatable(data)),
          r:render("item.html", with_meta),
          getmetatable(with_meta).__index.w,
          r:render("text.html", { v = "x" }) }
    """, lua.src / "examples" / "portal", d)
    assert out[0] == "<ul>\n<li>a</li>\n<li>&lt;b&gt;</li>\n</ul>\n"
    assert out[1] == "[<ul>\n<li>a</li>\n<li>&lt;b&gt;</li>\n</ul>]1\n"
    assert out[2] == "nil" and out[3] == "nil"  # no metatable left behind
    # the error names the template's own line, once
    assert out[4].endswith("bad.html:3: unknown name 'nothing'"), out[4]
    assert out[4].count("template bad.html") == 1
    assert out[5] == "nil"  # nor after a failed render
    assert out[6] == "m\n" and out[7] == 1  # a metatable of its own is kept
    # text that looks like Lua string syntax is written as it is
    assert out[8] == 'a "q" \\ ]] [[ \\n\n x%q (x)\n'


def _templates(tmp_path):
    d = tmp_path / "templates"
    d.mkdir()
    (d / "t.html").write_text("$(v) $(n) [$(f)]\n")
    (d / "raw.html").write_text("$(raw(v)) $(v)\n")
    (d / "unknown.html").write_text("$(nothing)\n")
    return d


# -- pagination, options and failures --------------------------------------

def test_section_pages_are_paginated(lua, tmp_path):
    store = tmp_path / "p.db"
    lua.run("""
        local s <close> = h.open(arg[1])
        assert(s:set{ title = "Paged", base_url = "https://p.example", lang = "ru" })
        assert(s:add_section("news", "Новости", 1))
        assert(s:add_section("empty", "Пусто", 2))
        for i = 1, 45 do
          assert(s:add_article{ title = ("Статья %02d"):format(i), body = "Текст " .. i,
            sections = { "news" },
            published = ("2026-02-%02dT10:00:00+05:00"):format(i % 28 + 1) })
        end
    """, store)
    site = tmp_path / "site"
    got = lua.build(store, site, "--per-section", "3")
    assert got["pages_written"] == 1 + 3 + 1 + 45
    pages_ = ["news/index.html", "news/page-2.html", "news/page-3.html"]
    seen = []
    for i, p in enumerate(pages_):
        doc = parse(site / p)
        items = [li.find("h3").text() for li in doc.find_all("li", cls="item")]
        assert len(items) == (20, 20, 5)[i]
        seen += items
        nav = doc.find("nav", cls="pagination")
        assert nav.find("span", cls="page-of").text() == f"Страница {i + 1} из 3"
        prev, nxt = nav.find("a", rel="prev"), nav.find("a", rel="next")
        assert (prev is None) == (i == 0) and (nxt is None) == (i == 2)
        if nxt is not None:
            assert nxt.attrs["href"] == pages_[i + 1].split("/")[1]
            assert nxt.text() == "Следующая страница →"
    assert len(set(seen)) == 45
    assert not (site / "news" / "page-4.html").exists()
    front = front_sections(site)
    assert [(n, len(i)) for n, i, _ in front] == [("Новости", 3)]
    assert parse(site / "empty" / "index.html").find("p", cls="empty").text() == \
        "Пока нет материалов."
    check_links(site)
    base = "https://p.example/"
    for loc in sitemap_locs(site, base):
        assert (site / loc[len(base):]).is_file(), loc
    # fewer articles: the pages no longer needed are removed
    lua.run("""local s <close> = h.open(arg[1])
               for i = 1, 30 do assert(s:delete(i)) end""", store)
    got = lua.build(store, site, "--per-section", "3")
    assert got["removed"] == 30 + 2
    assert not (site / "news" / "page-2.html").exists()
    check_links(site)


def test_a_store_without_base_url_gets_pages_only(lua, tmp_path):
    store = tmp_path / "n.db"
    lua.run("""local s <close> = h.open(arg[1])
               assert(s:add_section("news", "News", 1))
               assert(s:add_article{ title = "T", body = "B", sections = { "news" } })""",
            store)
    p = lua.portal(store, tmp_path / "site")
    assert "no base_url" in p.stderr
    assert not (tmp_path / "site" / "feed.xml").exists()
    assert not (tmp_path / "site" / "sitemap.xml").exists()
    for page in pages(tmp_path / "site"):
        assert parse(page).find("head").find("link", rel="alternate") is None
    check_links(tmp_path / "site")


def test_failures(lua, tmp_path):
    p = lua.portal(tmp_path / "missing.db", tmp_path / "site", check=False)
    assert p.returncode == 1 and "cannot open" in p.stderr
    assert not (tmp_path / "site").exists()
    p = lua.portal("only-one", "--bogus", check=False)
    assert p.returncode == 2 and "unknown option --bogus" in p.stderr
    store = lua.sample(tmp_path / "s.db")
    p = lua.portal(store, tmp_path / "site", "--templates", tmp_path, check=False)
    assert p.returncode == 1 and "template" in p.stderr
    p = lua.portal(store, tmp_path / "site", "--per-section", "0", check=False)
    assert p.returncode == 2


def test_run_sh_finds_the_module(lua, tmp_path):
    # run.sh takes the module from BUILD_DIR (here: the folder above lua/)
    build = pathlib.Path(lua.env["LUA_CPATH"].split("?")[0]).parent
    store = lua.sample(tmp_path / "s.db")
    import os
    import subprocess
    env = {k: v for k, v in lua.env.items() if k not in ("LUA_CPATH", "LUA_PATH")}
    env["BUILD_DIR"] = str(build)
    if shutil.which("lua5.4") is None:
        return
    p = subprocess.run([str(lua.src / "examples" / "portal" / "run.sh"), str(store),
                        str(tmp_path / "site")], capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    assert "pages: 8 written" in p.stdout
    assert os.path.isfile(tmp_path / "site" / "index.html")


# -- changes-only builds give the site a full build gives -----------------

def _site_files(site):
    """path -> bytes of every page and file of a site, without the state."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in pathlib.Path(site).rglob("*")
            if p.is_file() and p.name not in (".portal-state", ".portal-articles")}


CHANGES = [
    # the oldest article's title: the last page of its listing, no feed
    """local a = assert(s:article(28)); assert(a:set{title = "Renamed 28"}); assert(s:update(a))""",
    # a title on page 2 of a section: one page of the listing
    """local a = assert(s:article(25)); assert(a:set{title = "Renamed 25"}); assert(s:update(a))""",
    # a new article, newest: every page of its sections shifts
    """assert(s:add_article{ title = "Newest", body = "New.", sections = { "news", "world" },
         published = "2026-03-20T10:00:00+05:00" })""",
    # an article moved back in time, and into another section
    """local a = assert(s:article(3)); assert(a:set{published = "2025-01-01T10:00:00+05:00",
         sections = { "world" }}); assert(s:update(a))""",
    # out of one section into another, same time: the one it left closes up
    """local a = assert(s:article(20)); assert(a:set{sections = { "world" }}); assert(s:update(a))""",
    # deleted: its page goes, the listings close up, a page may go
    """assert(s:delete(7)); assert(s:delete(8))""",
    # a draft: off the site
    """local a = assert(s:article(10)); assert(a:set{status = "draft"}); assert(s:update(a))""",
    # a translation: both pages link each other
    """assert(s:add_article{ title = "Аударма", body = "Мәтін.", lang = "en", story = assert(s:article(12)),
         sections = { "news" }, published = "2026-02-10T10:00:00+05:00", slug = "translation" })""",
    # many at once
    """for i = 30, 40 do local a = assert(s:article(i)); assert(a:set{body = a.body .. " more"}); assert(s:update(a)) end
       assert(s:delete(41))""",
    # the only articles of two months moved out: their sitemaps go
    """for _, id in ipairs{51, 3} do local a = assert(s:article(id))
         assert(a:set{published = "2026-02-27T10:00:00+05:00"}); assert(s:update(a)) end""",
]


def test_changes_only_builds_equal_full_builds(lua, tmp_path):
    store = tmp_path / "c.db"
    lua.run("""
        local s <close> = h.open(arg[1])
        assert(s:set{ title = "Changes", base_url = "https://c.example", lang = "en" })
        assert(s:add_section("news", "News", 1))
        assert(s:add_section("world", "World", 2))
        for i = 1, 50 do
          assert(s:add_article{ title = ("Story %02d"):format(i), body = "Text " .. i,
            sections = i % 3 == 0 and { "news", "world" } or { "news" },
            published = ("2026-02-%02dT%02d:00:00+05:00"):format(i % 28 + 1, i % 24) })
        end
    """, store)
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert "full build" in lua.portal(store, site).stdout
    for i, change in enumerate(CHANGES):
        lua.run("local s <close> = h.open(arg[1])\n" + change, store)
        p = lua.portal(store, site)
        assert "changes only" in p.stdout, (i, p.stdout)
        shutil.rmtree(fresh, ignore_errors=True)
        lua.portal(store, fresh)
        assert _site_files(site) == _site_files(fresh), f"after change {i}: {change}"
        if i == 3:
            assert {"sitemap-2026-03.xml", "sitemap-2025-01.xml"} <= set(_site_files(site))
    # (at UTC, this store's offset, story 28 is of 31 January)
    assert sorted(p.name for p in site.glob("sitemap*")) == [
        "sitemap-2026-01.xml", "sitemap-2026-02.xml", "sitemap-pages.xml",
        "sitemap.xml"]
    check_links(site)


def test_what_is_not_an_article_change_builds_everything(lua, tmp_path):
    store = lua.sample(tmp_path / "s.db")
    site = tmp_path / "site"
    lua.build(store, site)
    # a renamed section shows on every page
    lua.run("local s <close> = h.open(arg[1]); assert(s:update_section('news', 'Headlines', 1))", store)
    p = lua.portal(store, site)
    assert "full build" in p.stdout and "pages: 8 written" in p.stdout
    # a template edited by hand
    templates = tmp_path / "templates"
    shutil.copytree(lua.portal_lua.parent / "templates", templates)
    lua.build(store, site, "--templates", templates)
    with open(templates / "layout.html", "a") as f:
        f.write("<!-- edited -->\n")
    p = lua.portal(store, site, "--templates", templates)
    assert "full build" in p.stdout and "pages: 8 written" in p.stdout
    # a state that is not ours is ignored
    (site / ".portal-state").write_text("something else\n")
    p = lua.portal(store, site, "--templates", templates)
    assert "full build" in p.stdout and "pages: 0 written, 8 skipped" in p.stdout
    # a second language: every page moves under a language folder
    lua.run("""local s <close> = h.open(arg[1])
               assert(s:add_article{ title = "Жаңалық", body = "Мәтін.", lang = "kk",
                 sections = { "society" }, published = "2026-02-13T10:00:00+05:00" })""", store)
    p = lua.portal(store, site, "--templates", templates)
    assert "full build" in p.stdout
    assert (site / "kk" / "index.html").is_file()
    check_links(site)


def test_processes_share_the_article_pages(lua, tmp_path):
    store = lua.sample(tmp_path / "s.db")
    sites = {}
    for jobs in (1, 2, 3):
        site = tmp_path / f"site-{jobs}"
        got = lua.build(store, site, "--jobs", str(jobs))
        assert got == dict(pages_written=8, pages_skipped=0, files_written=13,
                           files_skipped=0, removed=0)
        assert not list(site.glob(".portal-worker-*"))
        sites[jobs] = _site_files(site)
        manifest = (site / ".portal-manifest").read_text().split()
        assert sorted(manifest) == sorted(k for k in sites[jobs] if k != ".portal-manifest")
    assert sites[1] == sites[2] == sites[3]
    # and a full build over a site another number of processes wrote
    got = lua.build(store, tmp_path / "site-3", "--full", "--jobs", "2")
    assert got["pages_written"] == 0 and got["removed"] == 0
    p = lua.portal(store, tmp_path / "site-1", "--jobs", "0", check=False)
    assert p.returncode == 2 and "--jobs takes a number" in p.stderr
