"""Tests of the qalam command-line tool (examples/cli, docs/cli.md).

Each test runs the binary in its own temporary directory, so ./qalam.db is
the test's own store.
"""
import json
import os
import pty
import re
import select
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pytest

COMMANDS = ["init", "section", "import", "export", "list", "front", "show",
            "search", "feed", "sitemap", "render"]

TITLES = [
    "Kazakhstan and Kyrgyzstan Continue Strengthening Allied Relations",
    "MAULEN ASHIMBAEV DISCUSSES THE MAIN MEANING OF THE DRAFT NEW "
    "CONSTITUTION WITH ACTIVE CITIZENS OF ALMATY",
    "Businessmen were introduced to the main changes of the new "
    "Constitution in Shymkent",
    "Constitutional reform is a factor of national harmony and unity",
    "Constitutional reform is the core of the renewal of public consciousness",
]

LINE = re.compile(r"^(\d\d\.\d\d\.\d{4})  (\d+)  ([a-z0-9-]+)  (.+)$")


def usage_error(result, text=None):
    """Exit 2, nothing on stdout, a qalam: message and the usage on stderr."""
    assert result.code == 2, result.describe()
    assert result.out == "", result.describe()
    assert result.err.startswith("qalam: "), result.describe()
    assert "usage: qalam" in result.err, result.describe()
    if text:
        assert text in result.err, result.describe()


def failure(result, text=None):
    """Exit 1, nothing on stdout, a qalam: message on stderr."""
    assert result.code == 1, result.describe()
    assert result.out == "", result.describe()
    assert result.err.startswith("qalam: "), result.describe()
    if text:
        assert text in result.err, result.describe()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(title, body, lang="en", date="2026-02-13T09:00:00+05:00",
            extra=""):
    return (f'---\ntitle: "{title}"\ndate: {date}\nlang: {lang}\n{extra}'
            f"---\n\n{body}\n")


# --- The tool ----------------------------------------------------------------

def test_no_command_is_a_usage_error(qalam):
    usage_error(qalam(), "no command")


def test_unknown_command_is_a_usage_error(qalam):
    usage_error(qalam("publish"), "unknown command 'publish'")


def test_unknown_global_option_is_a_usage_error(qalam):
    usage_error(qalam("--verbose", "list"), "unknown option '--verbose'")


@pytest.mark.parametrize("args", [["--db"], ["--db", "", "list"],
                                  ["--db="]])
def test_db_option_needs_a_file(qalam, args):
    usage_error(qalam(*args))


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_every_command(qalam, flag):
    r = qalam(flag, check=0)
    assert r.out.startswith("usage: qalam [--db FILE] COMMAND")
    for name in COMMANDS + ["help"]:
        assert re.search(rf"^  {name} ", r.out, re.M), name
    assert "QALAM_DB" in r.out
    assert r.err == ""


def test_help_without_command(qalam):
    assert qalam("help", check=0).out == qalam("--help", check=0).out


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("form", ["--help", "-h", "help"])
def test_help_of_each_command(qalam, name, form):
    args = ["help", name] if form == "help" else [name, form]
    r = qalam(*args, check=0)
    assert r.out.startswith(f"usage: qalam {name}"), r.describe()
    assert r.err == ""


def test_help_of_unknown_command(qalam):
    r = qalam("help", "publish")
    assert r.code == 2 and "publish" in r.err and r.out == ""


def test_version(qalam):
    r = qalam("--version", check=0)
    assert re.fullmatch(r"qalam \d+\.\d+\.\d+\n", r.out), r.out


@pytest.mark.parametrize("args", [
    ["init", "--colour"], ["section", "list", "--all"], ["import", "--fast", "x"],
    ["export", "--zip", "d"], ["list", "--bogus"], ["front", "--sections", "2"],
    ["show", "1", "--raw"], ["search", "x", "--fuzzy"], ["feed", "--full"],
    ["sitemap", "--gzip"], ["render", "--pretty"], ["list", "-x"],
])
def test_unknown_option_is_a_usage_error(qalam, store, args):
    usage_error(qalam(*args), "unknown option")


@pytest.mark.parametrize("args,text", [
    (["list", "--limit"], "needs a value"),
    (["list", "--limit", "zero"], "--limit"),
    (["list", "--limit", "0"], "--limit"),
    (["list", "--limit", "-3"], "--limit"),
    (["list", "--page", "1x"], "--page"),
    (["list", "--drafts=yes"], "takes no value"),
    (["list", "extra"], "unexpected argument 'extra'"),
    (["front", "--per-section", "none"], "--per-section"),
    (["front", "now"], "unexpected argument"),
    (["show"], "missing argument"),
    (["show", "1", "2"], "unexpected argument '2'"),
    (["search"], "missing argument"),
    (["search", "x", "--limit", "99999999999999999999999"], "--limit"),
    (["feed", "--format", "xml"], "'xml' is not rss, atom or json"),
    (["feed", "--limit", "ten"], "--limit"),
    (["sitemap", "all"], "unexpected argument"),
    (["export"], "missing argument"),
    (["export", "a", "b"], "unexpected argument 'b'"),
    (["import"], "missing argument"),
    (["init", "now"], "unexpected argument"),
    (["init", "--offset", "5"], "not a UTC offset"),
    (["init", "--offset", "+24:00"], "not a UTC offset"),
    (["init", "--offset", "+05:60"], "not a UTC offset"),
    (["section"], "missing add or list"),
    (["section", "remove", "news"], "unknown subcommand 'remove'"),
    (["section", "add", "news"], "missing argument"),
    (["section", "add", "news", "News", "more"], "unexpected argument"),
    (["section", "add", "x", "X", "--position", "first"], "--position"),
    (["section", "list", "all"], "unexpected argument"),
    (["render", "a.md", "b.md"], "unexpected argument 'b.md'"),
])
def test_usage_errors(qalam, store, args, text):
    usage_error(qalam(*args), text)


READ_COMMANDS = [["list"], ["front"], ["show", "1"], ["search", "word"],
                 ["feed"], ["sitemap"], ["export", "out"], ["section", "list"]]


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_read_commands_need_an_existing_store(qalam, args):
    r = qalam("--db", "missing.db", *args)
    failure(r, "missing.db")
    assert "qalam init" in r.err
    assert not (qalam.cwd / "missing.db").exists()
    assert not (qalam.cwd / "out").exists()


@pytest.mark.parametrize("args", [["import", "."],
                                  ["section", "add", "news", "News"]])
def test_write_commands_need_an_existing_store(qalam, args):
    r = qalam(*args)
    failure(r, "qalam.db")
    assert "qalam init" in r.err
    assert not (qalam.cwd / "qalam.db").exists()


def test_a_file_that_is_not_a_store(qalam):
    write(qalam.cwd / "notes.txt", "not a database, just some text\n" * 100)
    failure(qalam("--db", "notes.txt", "list"), "notes.txt")


def test_writing_output_fails(qalam):
    with open("/dev/full", "wb") as full:
        r = qalam("render", input="*hello*\n", stdout=full)
    assert r.code == 1
    assert "qalam: writing to standard output" in r.err


# --- init ----------------------------------------------------------------------

def test_init_creates_the_store(qalam):
    r = qalam("init", "--title", "Enbekshi QazaQ", "--base-url",
              "https://enbekshi.example.kz/", "--lang", "kk", "--offset",
              "+05:00", check=0)
    assert r.out == ("created qalam.db\n"
                     "title:    Enbekshi QazaQ\n"
                     "base-url: https://enbekshi.example.kz\n"
                     "lang:     kk\n"
                     "offset:   +05:00\n")
    assert (qalam.cwd / "qalam.db").is_file()


def test_init_updates_only_the_settings_given(qalam, store):
    r = qalam("init", "--title", "Еңбекші Қазақ", check=0)
    assert r.out.startswith("updated qalam.db\n")
    assert "title:    Еңбекші Қазақ\n" in r.out
    assert "base-url: https://enbekshi.example.kz\n" in r.out
    assert "offset:   +05:00\n" in r.out
    r = qalam("init", check=0)
    assert r.out.startswith("store qalam.db\n")
    assert "title:    Еңбекші Қазақ\n" in r.out


@pytest.mark.parametrize("offset,shown", [("-0330", "-03:30"), ("+06", "+06:00"),
                                          ("Z", "+00:00"), ("+23:59", "+23:59")])
def test_init_offsets(qalam, store, offset, shown):
    r = qalam("init", "--offset", offset, check=0)
    assert f"offset:   {shown}\n" in r.out


def test_init_with_a_bad_value_creates_nothing(qalam):
    r = qalam("init", "--title", "T", "--lang", "english!")
    failure(r, "--lang")
    assert "english!" in r.err
    assert os.listdir(qalam.cwd) == []


def test_init_with_a_bad_value_changes_nothing(qalam, store):
    r = qalam("init", "--title", "Other", "--base-url", "ftp://example.kz")
    failure(r, "--base-url")
    r = qalam("init", check=0)
    assert "title:    Enbekshi QazaQ\n" in r.out
    assert "base-url: https://enbekshi.example.kz\n" in r.out


# --- QALAM_DB and --db ---------------------------------------------------------

def test_qalam_db_is_honoured(qalam):
    env = {"QALAM_DB": "env.db"}
    qalam("init", "--title", "From env", env=env, check=0)
    assert (qalam.cwd / "env.db").is_file()
    assert not (qalam.cwd / "qalam.db").exists()
    r = qalam("front", env=env, check=0)
    assert r.out == "From env\n"
    failure(qalam("front"), "qalam.db")


def test_db_option_wins_over_qalam_db(qalam):
    qalam("--db", "opt.db", "init", "--title", "Option", check=0)
    env = {"QALAM_DB": "env.db"}
    assert qalam("--db", "opt.db", "front", env=env, check=0).out == "Option\n"
    assert qalam("front", "--db=opt.db", env=env, check=0).out == "Option\n"
    assert not (qalam.cwd / "env.db").exists()


# --- section -------------------------------------------------------------------

def test_sections(qalam, store):
    r = qalam("section", "add", "news", "News", check=0)
    assert r.out == "added section news (News) at position 1\n"
    qalam("section", "add", "society", "Society", check=0)
    qalam("section", "add", "world", "Әлем", "--position", "0", check=0)
    r = qalam("section", "list", check=0)
    assert r.out == ("   0  world    Әлем\n"
                     "   1  news     News\n"
                     "   2  society  Society\n")


def test_section_add_errors(qalam, store):
    qalam("section", "add", "news", "News", check=0)
    failure(qalam("section", "add", "news", "Again"), "already exists")
    failure(qalam("section", "add", "Bad Slug", "Bad"), "Bad Slug")
    failure(qalam("section", "add", "empty", ""))


def test_section_list_of_a_new_store_is_empty(qalam, store):
    r = qalam("section", "list", check=0)
    assert r.out == "" and r.err == ""


# --- an empty store ------------------------------------------------------------

def test_empty_store(qalam, store):
    assert qalam("list", check=0).out == ""
    assert qalam("front", check=0).out == "Enbekshi QazaQ\n"
    assert qalam("search", "anything", check=0).out == ""
    failure(qalam("show", "1"), "qalam: show: ")
    failure(qalam("list", "--section", "nope"), "nope")


# --- render --------------------------------------------------------------------

def test_render_from_stdin(qalam):
    r = qalam("render", input='Say "hi" to *everyone*\n', check=0)
    assert r.out == "<p>Say &quot;hi&quot; to <em>everyone</em></p>\n"
    assert qalam("render", "-", input="# T\n", check=0).out == "<h1>T</h1>\n"


def test_render_a_file(qalam):
    write(qalam.cwd / "a.md", "Қазақстан -- **Россия**\n")
    r = qalam("render", "a.md", check=0)
    assert r.out == "<p>Қазақстан -- <strong>Россия</strong></p>\n"
    r = qalam("render", "--smart", "a.md", check=0)
    assert r.out == "<p>Қазақстан – <strong>Россия</strong></p>\n"


def test_render_is_safe_unless_told(qalam):
    text = "<script>x()</script>\n\n[a](javascript:alert(1))\n"
    safe = qalam("render", input=text, check=0).out
    assert "<script>" not in safe and "javascript:" not in safe
    unsafe = qalam("render", "--unsafe", input=text, check=0).out
    assert "<script>x()</script>" in unsafe


def test_render_hardbreaks(qalam):
    r = qalam("render", "--hardbreaks", input="a\nb\n", check=0)
    assert r.out == "<p>a<br />\nb</p>\n"


def test_render_invalid_utf8(qalam):
    (qalam.cwd / "bad.md").write_bytes(b"abc\xff\xfe")
    r = qalam("render", "bad.md")
    failure(r, "qalam: bad.md: ")
    assert re.search(r"\b3\b", r.err.split("bad.md:", 1)[1]), r.err
    r = qalam("render", input=b"\xd0\x9f\xd1")
    failure(r, "standard input")
    assert re.search(r"\b2\b", r.err), r.err


def test_render_nul_byte(qalam):
    failure(qalam("render", input=b"ab\0cd"), "offset 2")


def test_render_missing_file(qalam):
    failure(qalam("render", "nope.md"), "qalam: nope.md: ")


# --- the sample newspaper (needs import) ---------------------------------------

def test_import_the_newspaper(qalam, paper, newspaper):
    r = qalam("import", newspaper, check=0)
    assert r.out == "imported 0, updated 5, failed 0\n"
    assert r.err == ""  # no progress bar when stderr is not a terminal


def test_front_page(qalam, paper):
    r = qalam("front", check=0)
    stories = "".join(f"  {t}  13.02.2026\n" for t in TITLES)
    assert r.out == f"Enbekshi QazaQ\n\nNews\n{stories}\nSociety\n{stories}"
    r = qalam("front", "--per-section", "2", check=0)
    assert r.out.count("13.02.2026") == 4
    assert TITLES[1] in r.out and TITLES[2] not in r.out


def test_front_page_dates_at_the_store_offset(qalam, paper):
    # 10:15 at +05:00 is still the 13th in UTC, 17:40 is the 12th at -10:00.
    qalam("init", "--offset", "-10:00", check=0)
    r = qalam("front", check=0)
    assert f"  {TITLES[0]}  13.02.2026\n" in r.out
    assert f"  {TITLES[4]}  12.02.2026\n" in r.out


def test_list(qalam, paper):
    lines = qalam("list", check=0).out.splitlines()
    assert [LINE.match(l).group(4) for l in lines] == TITLES
    assert all(LINE.match(l).group(1) == "13.02.2026" for l in lines)
    ids = [LINE.match(l).group(2) for l in lines]
    page2 = qalam("list", "--limit", "2", "--page", "2", check=0).out
    assert [LINE.match(l).group(2) for l in page2.splitlines()] == ids[2:4]
    assert qalam("list", "--page", "2", check=0).out == ""
    assert len(qalam("list", "--section", "news", check=0).out.splitlines()) == 5
    assert qalam("list", "--lang", "ru", check=0).out == ""


def test_list_tags_and_drafts(qalam, store):
    write(qalam.cwd / "in" / "a.md",
          article("Tagged", "Body.", extra="tags: [economy, trade]\n"))
    write(qalam.cwd / "in" / "b.md",
          article("Hidden", "Body.", extra="draft: true\n"))
    write(qalam.cwd / "in" / "c.md",
          article("Later", "Body.", date="2999-01-01T00:00:00Z"))
    qalam("import", "in", check=0)
    r = qalam("list", "--tag", "trade", check=0)
    assert len(r.out.splitlines()) == 1 and "Tagged" in r.out
    assert "Hidden" not in qalam("list", check=0).out
    r = qalam("list", "--drafts", check=0)
    assert re.search(r"  hidden  Hidden  \(draft\)$", r.out, re.M), r.out
    assert re.search(r"  later  Later  \(scheduled\)$", r.out, re.M), r.out


def test_show_by_id_and_slug(qalam, paper):
    first = LINE.match(qalam("list", "--limit", "1", check=0).out)
    by_id = qalam("show", first.group(2), check=0).out
    by_slug = qalam("show", first.group(3), check=0).out
    assert by_id == by_slug
    assert f"title:     {TITLES[0]}\n" in by_id
    assert "source:    https://www.gov.kz/memleket/entities/mfa/press/news/details/1161450?lang=kk\n" in by_id
    assert "published: 13.02.2026 17:40\n" in by_id
    assert "sections:  news, society\n" in by_id
    assert "\n\nBishkek, February 13, 2026" in by_id


def test_show_html_keeps_quotes(qalam, paper):
    slug = next(LINE.match(l).group(3) for l in qalam("list", check=0).out.splitlines()
                if LINE.match(l).group(4) == TITLES[1])
    md = qalam("show", slug, check=0).out
    assert '"On the initiative of our President' in md
    html = qalam("show", slug, "--html", check=0).out
    assert "<p>" in html
    assert "&quot;On the initiative of our President" in html
    assert html.count("&quot;") == md.split("\n\n", 1)[1].count('"')


def test_show_missing(qalam, paper):
    failure(qalam("show", "no-such-story"), "no-such-story")
    failure(qalam("show", "999999"), "999999")


def test_search_kazakh_and_russian(qalam, store):
    write(qalam.cwd / "in" / "kk.md", article(
        "Жаңа Конституция талқыланды",
        "Шымкент қаласында кәсіпкерлер жаңа Конституцияның негізгі "
        "өзгерістерімен танысты.", lang="kk"))
    write(qalam.cwd / "in" / "ru.md", article(
        "Предприниматели обсудили Конституцию",
        "В Шымкенте предпринимателям рассказали об основных изменениях "
        "новой Конституции.", lang="ru"))
    write(qalam.cwd / "in" / "en.md", article("Something else", "Nothing."))
    qalam("import", "in", check=0)
    r = qalam("search", "кәсіпкерлер", check=0)
    lines = r.out.splitlines()
    assert len(lines) == 2 and "Жаңа Конституция талқыланды" in lines[0]
    assert "[кәсіпкерлер]" in lines[1] and "<mark>" not in r.out
    r = qalam("search", "ПРЕДПРИНИМАТЕЛЯМ", check=0)
    assert "Предприниматели обсудили Конституцию" in r.out
    assert "[предпринимателям]" in r.out
    r = qalam("search", "шымкент*", check=0)
    assert len(r.out.splitlines()) == 4
    r = qalam("search", "шымкент*", "--limit", "1", check=0)
    assert len(r.out.splitlines()) == 2
    r = qalam("search", "шымкент*", "--lang", "ru", check=0)
    assert len(r.out.splitlines()) == 2 and "Предприниматели" in r.out
    r = qalam("search", "Шымкент", "Конституция", check=0)  # every word
    assert "талқыланды" in r.out and "Предприниматели" not in r.out
    assert qalam("search", "astana", check=0).out == ""


def test_search_the_newspaper(qalam, paper):
    r = qalam("search", "Bishkek", check=0)
    assert TITLES[0] in r.out and "[Bishkek]" in r.out
    for line in r.out.splitlines()[1::2]:
        assert line.startswith("  ")
        assert "&quot;" not in line and "&amp;" not in line


def feed_doc(qalam, *args):
    r = qalam("feed", *args, check=0)
    assert r.err == ""
    return r.out


def test_feed_rss(qalam, paper, base_url):
    root = ET.fromstring(feed_doc(qalam))
    assert root.tag == "rss"
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == TITLES
    assert all(i.findtext("link").startswith(base_url + "/") for i in items)
    root = ET.fromstring(feed_doc(qalam, "--format", "rss", "--limit", "2"))
    assert len(root.findall("./channel/item")) == 2


def test_feed_atom(qalam, paper):
    root = ET.fromstring(feed_doc(qalam, "--format", "atom", "--section", "news"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert [e.findtext("a:title", namespaces=ns)
            for e in root.findall("a:entry", ns)] == TITLES


def test_feed_json(qalam, paper):
    doc = json.loads(feed_doc(qalam, "--format=json", "--lead-only"))
    assert doc["version"].startswith("https://jsonfeed.org/version/1")
    assert [i["title"] for i in doc["items"]] == TITLES


def test_feed_errors(qalam, paper):
    failure(qalam("feed", "--section", "sport"), "sport")


def test_feed_needs_a_base_url(qalam):
    qalam("init", "--title", "No URL", check=0)
    failure(qalam("feed"), "qalam: feed: ")
    failure(qalam("sitemap"), "qalam: sitemap: ")


def test_sitemap(qalam, paper, base_url):
    r = qalam("sitemap", check=0)
    root = ET.fromstring(r.out)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert all(l.startswith(base_url + "/") for l in locs)
    assert sum("/article/" in l for l in locs) == 5


def test_sitemap_in_parts(qalam, paper, base_url):
    r = qalam("sitemap", "--dir", "maps", check=0)
    assert r.out == "wrote maps/sitemap.xml and 2 parts\n"
    maps = qalam.cwd / "maps"
    assert sorted(p.name for p in maps.iterdir()) == [
        "sitemap-2026-02.xml", "sitemap-pages.xml", "sitemap.xml"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(maps / "sitemap.xml").getroot()
    assert index.tag == "{%s}sitemapindex" % ns["s"]
    parts = [e.text for e in index.iterfind("s:sitemap/s:loc", ns)]
    assert parts == [base_url + "/sitemap-pages.xml",
                     base_url + "/sitemap-2026-02.xml"]
    locs = [e.text for p in parts
            for e in ET.parse(maps / p[len(base_url) + 1:]).iterfind(
                "s:url/s:loc", ns)]
    whole = ET.fromstring(qalam("sitemap", check=0).out)
    assert locs == [e.text for e in whole.iterfind("s:url/s:loc", ns)]
    # again into the same folder: replaced, nothing left behind
    qalam("sitemap", "--dir", "maps", check=0)
    assert len(list(maps.iterdir())) == 3


def test_sitemap_too_large_for_one_file(qalam, paper):
    # 50,001 URLs: 5 articles and 3 pages, then 49,993 more articles in
    # one transaction (the store's schema, as the library writes it)
    con = sqlite3.connect(qalam.cwd / "qalam.db")
    with con:
        con.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL
                       SELECT i + 1 FROM n WHERE i < 49993)
                       INSERT INTO articles(slug, lang, title, status,
                         published, updated, body, html)
                       SELECT 'a-' || i, 'en', 'A ' || i, 1, 1767225600 + i,
                         1767225600 + i, '', '' FROM n""")
    con.close()
    failure(qalam("sitemap"),
            "the site has 50001 URLs, more than the 50000 one sitemap may "
            "list")
    r = qalam("sitemap")
    assert "`qalam sitemap --dir DIR` writes it so" in r.err
    r = qalam("sitemap", "--dir", "maps", check=0)
    assert r.out.startswith("wrote maps/sitemap.xml and ")
    # exactly 50,000: one file
    con = sqlite3.connect(qalam.cwd / "qalam.db")
    with con:
        con.execute("DELETE FROM articles WHERE slug = 'a-1'")
    con.close()
    assert qalam("sitemap", check=0).out.count("<url>") == 50000


def test_sitemap_in_parts_failures(qalam, paper):
    write(qalam.cwd / "file", "in the way\n")
    failure(qalam("sitemap", "--dir", "file/sub"), "cannot make the folder 'file/sub'")
    (qalam.cwd / "ro").mkdir()
    (qalam.cwd / "ro" / "sitemap.xml").mkdir()  # a folder where the index goes
    failure(qalam("sitemap", "--dir", "ro"), "cannot write 'ro/sitemap.xml'")
    assert not (qalam.cwd / "ro" / "sitemap.xml.tmp").exists()


def test_export_and_import_back(qalam, paper):
    r = qalam("export", "out", check=0)
    assert r.out == "exported 5 articles to out\n"
    files = sorted(p.name for p in (qalam.cwd / "out").rglob("*.md"))
    assert len(files) == 5
    qalam("--db", "copy.db", "init", "--offset", "+05:00", check=0)
    r = qalam("--db", "copy.db", "import", "out", check=0)
    assert r.out == "imported 5, updated 0, failed 0\n"
    assert (qalam("--db", "copy.db", "front", check=0).out
            == qalam("front", check=0).out)


def test_export_failure(qalam, paper):
    write(qalam.cwd / "file", "in the way\n")
    failure(qalam("export", "file/sub"), "file/sub")


def test_import_reports_bad_files(qalam, store):
    write(qalam.cwd / "in" / "1-good.md", article("Good", "Fine."))
    write(qalam.cwd / "in" / "2-bad.md", "no front matter here\n")
    write(qalam.cwd / "in" / "3-date.md",
          '---\ntitle: "Bad date"\ndate: 31.02.2026\n---\n\nBody.\n')
    r = qalam("import", "in")
    assert r.code == 1, r.describe()
    assert r.out == "imported 1, updated 0, failed 2\n"
    errors = r.err.splitlines()
    assert len(errors) == 2, r.err
    assert re.match(r"^in/2-bad\.md(:\d+)?: \S", errors[0]), r.err
    assert re.match(r"^in/3-date\.md:3: .*31\.02\.2026", errors[1]), r.err
    assert "Good" in qalam("list", check=0).out


def test_import_missing_path(qalam, store, newspaper):
    r = qalam("import", "nowhere", newspaper)
    assert r.code == 1, r.describe()
    assert "qalam: nowhere: " in r.err
    assert r.out == "imported 5, updated 0, failed 0\n"


def test_import_progress_on_a_terminal(qalam_bin, qalam, store, newspaper):
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen([qalam_bin, "import", str(newspaper)],
                                cwd=qalam.cwd, env=qalam.env,
                                stdout=subprocess.PIPE, stderr=secondary)
        os.close(secondary)
        secondary = None
        seen = b""
        while True:
            ready, _, _ = select.select([primary], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
        out, _ = proc.communicate(timeout=30)
    finally:
        os.close(primary)
        if secondary is not None:
            os.close(secondary)
    assert proc.returncode == 0
    assert out == b"imported 5, updated 0, failed 0\n"
    assert b"\r[" in seen and b"5/5" in seen, seen
