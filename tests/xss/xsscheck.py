"""The XSS suite's corpus reader and HTML checker (docs/security.md).

The corpus is tests/xss/corpus/*.txt: one Markdown input a line; empty
lines and lines starting with '#' are skipped. Inside a line these escapes
are decoded, so that every input is one readable line:

    \\n \\t \\r \\0   newline, tab, carriage return, NUL
    \\\\            a backslash (Markdown's own backslash escapes are \\\\)
    \\xHH          the code point U+00HH
    \\uHHHH        the code point U+HHHH

Any other backslash is kept as it is.
"""

import html
import os
import re
import urllib.parse
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS_DIR = os.path.join(HERE, "corpus")

_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|([ntr0\\]))")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\"}


def decode_line(line):
    def one(m):
        if m.group(1):
            return chr(int(m.group(1), 16))
        if m.group(2):
            return chr(int(m.group(2), 16))
        return _SIMPLE[m.group(3)]
    return _ESCAPE.sub(one, line)


def load_corpus(directory=CORPUS_DIR):
    """[(id, markdown)], id being "file.txt:line"."""
    inputs = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                inputs.append((f"{name}:{number}", decode_line(line)))
    return inputs


# What cmark's HTML renderer writes, and nothing else may appear in safe
# output. The forbidden list only gives clearer messages.
ALLOWED_ELEMENTS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "em", "strong",
    "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br", "del",
}
ALLOWED_ATTRIBUTES = {"href", "title", "src", "alt", "start", "class"}
FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "style", "link", "meta", "base", "form", "template",
    "noscript", "xmp", "plaintext", "isindex", "portal",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href",
                  "background", "poster", "data", "codebase", "cite",
                  "lowsrc", "dynsrc", "srcset", "ping"}
# file: cannot run script, but safe mode promises to drop it too.
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "file"}
SAFE_DATA_IMAGES = ("image/png", "image/gif", "image/jpeg", "image/webp")

_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def browser_scheme(url):
    """The scheme a browser sees in `url` (entities already decoded), as the
    WHATWG URL parser finds it: leading and trailing C0 controls and spaces
    stripped, tab, LF and CR removed anywhere; None for a relative URL."""
    url = url.strip(_C0_OR_SPACE)
    url = re.sub("[\t\n\r]", "", url)
    m = _SCHEME.match(url)
    return (m.group(1).lower(), url[m.end():]) if m else (None, url)


def paranoid_schemes(url):
    """The schemes found in `url` the way a browser finds them, and the way
    qalam's safe mode promises to (markdown.h): percent-escapes decoded,
    repeatedly, and every ASCII space and control character before the
    colon removed. Non-ASCII look-alikes (fullwidth letters, U+200B) are
    not schemes to a browser: such a URL is relative."""
    seen = set()
    candidates = [url]
    u = url
    for _ in range(5):
        d = urllib.parse.unquote(u)
        if d == u:
            break
        candidates.append(d)
        u = d
    for c in candidates:
        scheme, rest = browser_scheme(c)
        if scheme:
            seen.add((scheme, rest))
        head, colon, tail = c.partition(":")
        if colon:
            scheme, rest = browser_scheme(
                re.sub(r"[\x00-\x20\x7f]", "", head) + ":" + tail)
            if scheme:
                seen.add((scheme, rest))
    return seen


def url_problem(url, tag, attr):
    """Why `url` in `attr` of `tag` could run code, or None."""
    for scheme, rest in paranoid_schemes(url):
        if scheme not in DANGEROUS_SCHEMES:
            continue
        if scheme == "data" and tag == "img" and attr == "src":
            kind = rest.strip().lower()
            if any(kind.startswith(t) and kind[len(t):len(t) + 1] in (";", ",")
                   for t in SAFE_DATA_IMAGES):
                continue
        return f"{scheme}: URL in <{tag} {attr}>"
    return None


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        elif tag not in ALLOWED_ELEMENTS:
            self.problems.append(f"unexpected <{tag}> element")
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            elif name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name not in ALLOWED_ATTRIBUTES and name not in URL_ATTRIBUTES:
                self.problems.append(f"unexpected attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES:
                why = url_problem(value, tag, name)
                if why:
                    self.problems.append(why)
            if name == "class" and tag != "code":
                self.problems.append(f"class attribute on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data}>")

    def unknown_decl(self, data):
        self.problems.append(f"declaration <![{data}]>")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl}>")

    def handle_comment(self, data):
        # cmark's safe mode writes exactly this one; anything else came
        # from the input.
        if data != " raw HTML omitted ":
            self.problems.append(f"comment <!--{data}-->")


def html_problems(fragment):
    """Every reason why the HTML fragment could run code; [] when none."""
    parser = _Collector()
    parser.feed(fragment)
    parser.close()
    problems = parser.problems
    # html.parser unescapes attributes itself; make sure no quote or angle
    # bracket from an attribute value was left raw in the markup.
    if re.search(r"=\"[^\"]*<", fragment):
        problems.append("raw '<' inside an attribute value")
    return problems


def unescape(text):
    return html.unescape(text)
