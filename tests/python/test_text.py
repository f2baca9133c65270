"""Text and Markdown functions."""

import pytest

import qalam


def test_html_escape():
    assert qalam.html_escape("<a href=\"x\">'Алма' & 🍎</a>") == (
        "&lt;a href=&quot;x&quot;&gt;&#39;Алма&#39; &amp; 🍎&lt;/a&gt;")


def test_xml_escape_replaces_what_xml_cannot_carry():
    assert qalam.xml_escape("a'b\x01c") == "a&apos;b\ufffdc"


@pytest.mark.parametrize("title,lang,slug", [
    ("Kazakhstan and Kyrgyzstan Continue Strengthening Allied Relations",
     None, "kazakhstan-and-kyrgyzstan-continue-strengthening-allied-relations"),
    ("Қазақстан мен Қырғызстан", "kk", "qazaqstan-men-qyrgyzstan"),
    ("Хабар", "kk", "habar"),
    ("Хабар", "ru", "khabar"),
    ("Привет, мир!", None, "privet-mir"),
    ("Café 🎉 party", None, "cafe-party"),
    ("🎉🎉", None, "untitled"),
])
def test_slugify(title, lang, slug):
    assert qalam.slugify(title, lang) == slug


def test_slugify_limit():
    slug = qalam.slugify("word " * 100)
    assert len(slug) <= qalam.SLUG_MAX == 80


def test_excerpt_counts_characters():
    assert qalam.excerpt("Сәлем   әлем, бұл   ұзын мәтін", 12) == \
        "Сәлем әлем,…"
    assert qalam.excerpt("short", 100) == "short"
    assert qalam.excerpt("  ", 5) == ""


def test_excerpt_invalid():
    with pytest.raises(qalam.InvalidInput):
        qalam.excerpt("text", 0)
    with pytest.raises(qalam.InvalidInput):
        qalam.excerpt("text", -1)
    with pytest.raises(TypeError):
        qalam.excerpt("text", 1.5)


def test_markdown_to_html_is_safe_by_default():
    md = "# Тақырып\n\n<script>x()</script>\n\n[a](javascript:alert(1))"
    html = qalam.markdown_to_html(md)
    assert "<h1>Тақырып</h1>" in html
    assert "<script>" not in html and 'href=""' in html
    unsafe = qalam.markdown_to_html(md, unsafe=True)
    assert "<script>" in unsafe and "javascript:" in unsafe


def test_markdown_options():
    assert "\u201c" in qalam.markdown_to_html('"quoted"', smart=True)
    assert "<br />" in qalam.markdown_to_html("a\nb", hardbreaks=True)
    assert "<br />" not in qalam.markdown_to_html("a\nb")


def test_markdown_to_text():
    assert qalam.markdown_to_text("**Жирный** [текст](http://x) 🎉") == \
        "Жирный текст 🎉"
    assert qalam.markdown_to_text("a -- b", smart=True) == "a \u2013 b"


@pytest.mark.parametrize("render,options", [
    (qalam.markdown_to_html, {}),
    (qalam.markdown_to_html, {"smart": True, "hardbreaks": True}),
    (qalam.markdown_to_html, {"unsafe": True}),
    (qalam.markdown_to_text, {}),
    (qalam.markdown_to_text, {"smart": True}),
])
def test_markdown_from_bytes_gives_the_same_bytes(render, options):
    md = ("# Тақырып 🎉\n\n\"Сәлем\" -- *әлем*\nжол\n\n<b>x</b> "
          "[a](javascript:alert(1)) 'b'")
    got = render(md.encode(), **options)
    assert type(got) is bytes
    assert got == render(md, **options).encode()


def test_markdown_refuses_bad_bytes():
    with pytest.raises(qalam.InvalidInput, match="at byte 3"):
        qalam.markdown_to_html(b"ab \xd0 c")
    with pytest.raises(qalam.InvalidInput, match="NUL"):
        qalam.markdown_to_text(b"a\0b")
    with pytest.raises(qalam.InvalidInput, match="NUL"):
        qalam.markdown_to_html("a\0b")
    for wrong in (bytearray(b"a"), memoryview(b"a"), None, 1):
        with pytest.raises(TypeError, match="str or bytes"):
            qalam.markdown_to_html(wrong)
    assert qalam.markdown_to_html(b"") == b""


def test_validate_utf8():
    qalam.validate_utf8("Сәлем 🎉".encode())
    qalam.validate_utf8(b"nul \0 is valid")
    qalam.validate_utf8(bytearray(b"abc"))
    with pytest.raises(qalam.InvalidInput) as info:
        qalam.validate_utf8(b"ab\xc0\xafcd")
    assert info.value.offset == 2
    assert info.value.code == qalam._qalam.lib.QALAM_EUTF8
    with pytest.raises(qalam.InvalidInput):
        qalam.validate_utf8("\ud800".encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("function", [
    qalam.html_escape, qalam.xml_escape, qalam.slugify,
    qalam.markdown_to_html, qalam.markdown_to_text,
    lambda t: qalam.excerpt(t, 10),
])
def test_invalid_text_everywhere(function):
    with pytest.raises(qalam.InvalidInput, match="NUL"):
        function("a\0b")
    with pytest.raises(qalam.InvalidInput):
        function("lone \udcff surrogate")
    if function not in (qalam.markdown_to_html, qalam.markdown_to_text):
        with pytest.raises(TypeError):  # only Markdown takes bytes too
            function(b"bytes")
    with pytest.raises(TypeError):
        function(None)


def test_slugify_lang_checked():
    with pytest.raises(qalam.InvalidInput, match="NUL"):
        qalam.slugify("x", "k\0k")
    with pytest.raises(qalam.InvalidInput):
        qalam.slugify("x", "\udc80")
