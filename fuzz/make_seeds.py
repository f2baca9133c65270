#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/seed-* for the fuzz targets.

Run from anywhere: python3 fuzz/make_seeds.py. Seeds are small, realistic
inputs in each target's input format (the comment at the top of each
fuzz/<target>.c describes it); the fuzzer grows its own corpus from them
in build-fuzz/corpus/. Files named regress-* (kept crash inputs) are never
touched. The seeds of a target are rewritten, so edit them here.
"""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
NEWSPAPER = os.path.join(ROOT, "..", "examples", "newspaper")

KK = "Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуды жалғастыруда"
RU = "Казахстан и Кыргызстан продолжают укреплять союзнические отношения"
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "![ok](data:image/png;base64,iVBORw0KGgo=)",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[ref]\n\n[ref]: javascript:alert(1) \"t\"",
    "<javascript:alert(1)>",
    "\"'><svg/onload=alert(1)>",
]


def newspaper(name):
    with open(os.path.join(NEWSPAPER, name), "rb") as f:
        return f.read()


def body(md):
    """The Markdown after the front matter."""
    parts = md.split(b"\n---\n", 1)
    return parts[1] if len(parts) == 2 else md


def write(target, name, data):
    d = os.path.join(ROOT, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear(target):
    d = os.path.join(ROOT, "corpus", target)
    if os.path.isdir(d):
        for n in os.listdir(d):
            if n.startswith("seed-"):
                os.remove(os.path.join(d, n))


def u(s):
    return s if isinstance(s, bytes) else s.encode("utf-8")


def markdown():
    # One option byte: SMART=1 HARDBREAKS=2 UNSAFE=4, 8: allocation failure
    # (two bytes of N follow), 16: only the N-th.
    clear("markdown")
    names = sorted(n for n in os.listdir(NEWSPAPER) if n[:2].isdigit())
    for i, n in enumerate(names[:3]):
        write("markdown", "newspaper-%d" % (i + 1), bytes([i & 3]) + body(newspaper(n))[:2000])
    write("markdown", "kk", b"\x01" + u("# " + KK + "\n\n" + KK + " -- «жаңалық»...\n"))
    write("markdown", "ru", b"\x03" + u("## " + RU + "\n\n> цитата\n\n- один\n- два\n"))
    for i, x in enumerate(XSS):
        write("markdown", "xss-%02d" % i, b"\x00" + u(x))
    write("markdown", "unsafe", b"\x04" + u(XSS[0] + "\n\n" + XSS[2]))
    write("markdown", "syntax", b"\x01" + u(
        "Title\n=====\n\n1. *one* **two** `code`\n2. [link](https://gov.kz \"t\")\n\n"
        "```c\nint x;\n```\n\n    indented\n\n---\n\n![img](/a.png)\nline  \nbreak "
        "&amp; &copy; &#1179; &#xD800; \\* <https://example.kz>\n"))
    write("markdown", "nested", b"\x00" + b"> " * 200 + b"x\n" + b"*" * 300 + b"\n" + b"[" * 200)
    write("markdown", "oom-every", b"\x08\x05\x00" + u("# " + RU + "\n\n*x* [a](b)\n"))
    write("markdown", "oom-once", b"\x18\x02\x00" + u("- a\n- b\n\n> c\n"))
    write("markdown", "bad-utf8", b"\x00# x\xc3\x28 \xed\xa0\x80\n")
    write("markdown", "bad-option", b"\x80text\n")


def text():
    # A language byte (0 NULL, 1 kk, 2 ru, 3 en, 4 kk-KZ, 5 KK_kz, 6 tr,
    # 7 from the input), two bytes of max_chars, then the text.
    clear("text")
    def seed(name, lang, maxc, data):
        write("text", name, bytes([lang]) + struct.pack("<H", maxc) + data)
    seed("kk-title", 1, 60, u(KK))
    seed("ru-title", 2, 40, u(RU))
    seed("en-title", 3, 30, u("Kazakhstan's \"Golden Bridge\" — 2026 & beyond!"))
    seed("kk-nolang", 0, 10, u("Әділетті Қазақстан: Ұлттық құрылтай, 13.02.2026"))
    seed("lang-input", 7, 25, u("Жаңа Конституция жобасы") + b"\x00kk-KZ")
    seed("lang-bad", 7, 5, u("Шымкент") + b"\x00k\xffk")
    seed("mixed", 4, 100, u("Ёлка, щука, ЪЫЬ, Straße, café, 東京, 🇰🇿 emoji"))
    seed("long-word", 6, 8, u("Супердлинноесловобезпробеловкотороедлиннеевосьмидесятибайтвсовсемвсякомслучаеточно"))
    seed("spaces", 3, 12, b"  \t lots   of \n\n white\r\nspace   ")
    seed("xss", 0, 50, u(XSS[0] + " " + XSS[1] + " 'x' \"y\" & z"))
    seed("controls", 0, 20, b"a\x01b\x08c\x0bd\x1fe\tf\nh\x7f" + u("\ufffe\uffff\ufffd"))
    seed("nul", 0, 20, b"before\x00after")
    seed("bad-utf8", 1, 20, b"ok \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82")
    seed("max0", 0, 0, u("anything"))
    seed("empty", 0, 1, b"")
    seed("untitled", 2, 3, u("!!! ??? ---"))


def date():
    # time (8), now (8), offset (2, folded into -1500..1500), mode (bit 0:
    # raw times), language (0 en, 1 ru, 2 kk, 3 ru-KZ, 4 kk_KZ, 5 en-US,
    # 6 xx, 7 "", 8 NULL), then TEXT \0 PATTERN.
    clear("date")
    MIN = -62135596800
    span = 253402300799 - MIN + 1
    def folded(t):
        return (t - MIN) % span
    def seed(name, t, now, offset, lang, text, pattern=None, mode=0):
        data = struct.pack("<QQH", folded(t) if not mode & 1 else t & (2**64 - 1),
                           folded(now) if not mode & 1 else now & (2**64 - 1),
                           offset + 1500) + bytes([mode, lang]) + u(text)
        if pattern is not None:
            data += b"\x00" + u(pattern)
        write("date", name, data)
    t = 1770986400  # 2026-02-13T12:40:00Z = 17:40 at +05:00
    seed("iso-offset", t, t + 3600, 300, 0, "2026-02-13T17:40:00+05:00")
    seed("site-date", t, t - 86400 * 3, 300, 1, "13.02.2026", "d MMMM y 'г.'")
    seed("kk-pattern", t, t + 60, 300, 2, "13.2.2026", "d MMMM y 'ж.'")
    seed("ru-standalone", t, t + 86400 * 45, 300, 3, "1.2.2026", "LLLL y")
    seed("kk-full", t, t - 400 * 86400, 360, 4, "2026-02-13", "EEEE, d MMMM y 'ж.' HH:mm")
    seed("en-12h", t, t, 0, 5, "2026-02-13 10:30:15.123Z", "EEE, MMM d, y h:mm a")
    seed("pattern-parse", t, t, 300, 0, "13/02/2026 17:40", "dd/MM/yyyy HH:mm")
    seed("pattern-quotes", t, t, -300, 1, "'' y 'o''clock'", "y-MM-dd'T'HH:mm:ss")
    seed("iso-compact-offset", t, t, 300, 2, "2026-02-13T17:40+0500")
    seed("iso-hours-offset", t, t, 300, 2, "2026-02-13 17:40:00-05")
    seed("bad-day", t, t, 300, 1, "31.02.2026")
    seed("hour24", t, t, 300, 0, "2026-02-13T24:00:00Z")
    seed("leap", 951782400, t, 0, 0, "29.02.2000", "d.M.y")
    seed("min", -62135596800, 0, 0, 0, "0001-01-01T00:00:00Z", "yyyy yy yyy y")
    seed("max", 253402300799, 0, 0, 1, "9999-12-31T23:59:59Z", "dd.MM.y HH:mm:ss")
    seed("edge-offset", -62135596800, 253402300799, -1439, 2, "0001-01-01T00:00-23:59")
    seed("bad-offset", t, t, 1500, 0, "2026-02-13T17:40+25:00", "d MMM")
    seed("raw-times", -(2**63), 2**63 - 1, 0, 0, "x", "d", mode=1)
    seed("bad-lang", t, t, 0, 6, "2026-02-13", "d MMMM y")
    seed("bad-pattern", t, t, 0, 8, "13.02.2026", "dd.MM.y Q zz 'unterminated")
    seed("bad-utf8", t, t, 0, 0, b"13.02.2026\xff", b"d \xc3")


def front_matter(md):
    """(fields, body) of a newspaper file, read simply."""
    head, _, rest = md.decode("utf-8").partition("\n---\n")
    fields = {}
    for line in head.splitlines()[1:]:
        k, _, v = line.partition(": ")
        fields[k] = v.strip().strip('"')
    return fields, rest


def feed():
    # A settings byte, then articles separated by 0x1E: a flags byte and the
    # fields title, body, lead, slug, lang, author, source, tags, date
    # separated by 0x1F (see fuzz/feed.c).
    clear("feed")
    def article(flags, title, body="", lead="", slug="", lang="", author="",
                source="", tags="", date=""):
        return bytes([flags]) + b"\x1f".join(
            u(x) for x in (title, body, lead, slug, lang, author, source, tags, date))
    def seed(name, settings, *articles):
        write("feed", name, bytes([settings]) + b"\x1e".join(articles))
    names = sorted(n for n in os.listdir(NEWSPAPER) if n[:2].isdigit())
    arts = []
    for i, n in enumerate(names):
        f, body = front_matter(newspaper(n))
        arts.append(article(2 | 4, f["title"], body[:600], "", "", f.get("lang", ""),
                            "", f.get("source", ""), "constitution,referendum",
                            f["date"]))
    seed("newspaper", 4, *arts)
    seed("newspaper-section-limit", 4 | 64 | (3 << 4), *arts[:3])
    seed("kk-ru-story", 1 | 4 | (1 << 4),
         article(2, KK, "Мәтін **қалың**.\n\n> дәйексөз", "Қысқаша", "", "kk",
                 "Ержан Сәрсенов", "https://www.gov.kz/", "саясат,Қазақстан",
                 "13.02.2026"),
         article(2 | 8, RU, "Текст *курсив*.", "Кратко", "", "ru", "Ержан",
                 "", "политика", "2026-02-13T17:40:00+05:00"))
    seed("xss", 8,
         article(2, XSS[0] + " & <b>\"x\"</b> 'y'", "\n\n".join(XSS),
                 "<i>lead</i> & ]]> &nbsp;", "", "en", "A & B <a@b.kz>",
                 "https://example.kz/?a=1&b=<2>", "<tag>,\"q\",&amp;"))
    seed("cdata-and-entities", 0,
         article(0, "]]> in the title", "]]>\n\n<![CDATA[x]]>\n\n&nbsp; &copy; &#0; &#x1F600;",
                 "]]>", "", "", "", "", "", ""))
    seed("controls", 0,
         article(0, "tab\tand\x01ctl\x1b", "body\x0c\x7f \ufffe \uffff",
                 "lead\x08", "", "", "au\x1ethor"))
    seed("draft-scheduled", 2 | 4,
         article(1 | 2, "Draft"),
         article(4, "Scheduled", "", "", "", "", "", "", "", "9999-12-31"),
         article(16, "Unknown section"),
         article(0, "Old", "", "", "", "", "", "", "", "0001-01-01T00:00:00Z"))
    seed("slugs", 2 | (2 << 4),
         article(2, "Same", "", "", "same", "ru"),
         article(2, "Same", "", "", "same", "ru"),
         article(2, "Same"), article(2, "Same"),
         article(2, "Bad slug", "", "", "Not A Slug", "ru"),
         article(2, "Bad lang", "", "", "", "english"),
         article(2, "Bad url", "", "", "", "", "", "javascript:alert(1)"))
    seed("empty", 0, b"")


def frontmatter():
    # A flags byte (1: "FILE\0SITE\0SECTIONS" imported as a folder, 2: kk
    # store at +05:00, 4: sections exist, 8: import twice, 16: export and
    # re-import, 32: .markdown), then the file (see fuzz/frontmatter.c).
    clear("frontmatter")
    names = sorted(n for n in os.listdir(NEWSPAPER) if n[:2].isdigit())
    for i, n in enumerate(names):
        write("frontmatter", "newspaper-%d" % (i + 1),
              bytes([[0, 4 | 8, 16, 2 | 16 | 32, 8 | 16][i % 5]]) + newspaper(n))
    site = u("title: \"Enbekshi QazaQ\"\nbase_url: https://enbekshi-qazaq.example\n"
             "lang: kk\noffset: \"+05:00\"\n")
    sections = u("- slug: news\n  name: \"Жаңалықтар\"\n  position: 1\n"
                 "- slug: society\n  name: Қоғам\n  position: 2\n")
    write("frontmatter", "folder", b"\x11" + newspaper(names[2]) + b"\x00" + site + b"\x00" + sections)
    def fm(name, flags, text):
        write("frontmatter", name, bytes([flags]) + u(text))
    fm("kk-full", 2 | 8 | 16, "---\ntitle: \"" + KK + "\"\ndate: 13.02.2026\nslug: kk-ru\n"
       "draft: false\nlang: kk\nsections:\n  - news\n  - саясат\ntags: [Қазақстан, \"Қырғызстан\"]\n"
       "lead: Қысқаша мазмұны\nauthor: Ержан Сәрсенов\nsource: https://www.gov.kz/x?lang=kk\n---\n\n"
       + KK + "\n\n> " + RU + "\n")
    fm("ru-categories", 16, "---\ntitle: " + RU + "\ndate: 2026-02-13 17:40\nlang: ru\n"
       "categories: Новости\ntags: политика\nsummary: |\n  Кратко,\n  в две строки\n"
       "story: kazakhstan-and-kyrgyzstan\nunknown: [1, 2]\n---\nТекст.\n")
    fm("draft-quoted", 8 | 16, "---\ntitle: 'It''s a \"draft\": yes # no'\ndraft: true\n"
       "date: 9999-12-31T23:59:59Z\ntags: []\n---\n")
    fm("xss", 16, "---\ntitle: \"<script>alert(1)</script>\"\nsource: javascript:alert(1)\n"
       "author: \"A & B <x@y>\"\n---\n" + "\n\n".join(XSS) + "\n")
    fm("yaml-tricks", 16, "---\ntitle: &a Anchor\nlead: *a\nslug: !!str 123\ndraft: yes\n"
       "tags: {a: b}\nsections: [[nested]]\n? complex\n: key\n---\nbody\n")
    fm("no-front-matter", 0, "# Just Markdown\n\nNo front matter.\n")
    fm("no-title", 0, "---\ndate: 2026-02-13\n---\nbody\n")
    fm("bad-date", 0, "---\ntitle: X\ndate: 31.02.2026\n---\n")
    fm("bad-yaml", 0, "---\ntitle: [unclosed\n  - : :\n\t tab\n---\n")
    fm("unterminated", 0, "---\ntitle: X\nbody without the closing fence\n")
    fm("crlf", 8, "---\r\ntitle: CRLF\r\ndate: 2026-02-13T10:30:00Z\r\n---\r\nbody\r\n")
    fm("bom", 0, "\ufeff---\ntitle: BOM\n---\nbody\n")
    write("frontmatter", "nul", b"\x00---\ntitle: N\x00UL\n---\nbody\x00more\n")
    write("frontmatter", "bad-utf8", b"\x00---\ntitle: \xc3\x28\n---\n\xed\xa0\x80\n")
    write("frontmatter", "folder-bad-site", b"\x01---\ntitle: X\n---\n\x00lang: english\noffset: 99:99\n"
          b"base_url: ftp://x\x00- slug: Not A Slug\n  position: x\n")


def main():
    markdown()
    text()
    date()
    feed()
    frontmatter()


if __name__ == "__main__":
    sys.exit(main())
