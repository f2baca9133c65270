"""XSS suite, first half: every input of tests/xss/corpus rendered by the
core in safe mode, the HTML read with html.parser (docs/security.md)."""

import pytest

import qalam
import xsscheck
from conftest import FIGURES

CORPUS = xsscheck.load_corpus()
MODES = {
    "default": {},
    "smart+hardbreaks": {"smart": True, "hardbreaks": True},
}
tried = {"inputs": 0, "renders": 0, "problems": 0}


def test_corpus_is_large():
    # unit_table.txt repeats tests/c/test_markdown.c, which overlaps the
    # rest; what counts is the number of distinct inputs.
    assert len({md for _, md in CORPUS}) >= 150


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where,markdown", CORPUS, ids=[i for i, _ in CORPUS])
def test_safe_mode_output_cannot_run_code(where, markdown, mode):
    variants = [markdown]
    if "\0" in markdown:
        # C strings end at NUL: the binding refuses it; a caller that
        # replaces it as HTML and CommonMark do gets U+FFFD.
        with pytest.raises(qalam.InvalidInput):
            qalam.markdown_to_html(markdown, **MODES[mode])
        variants = [markdown.replace("\0", "\ufffd")]
    if mode == "default":
        tried["inputs"] += 1
    for text in variants:
        out = qalam.markdown_to_html(text, **MODES[mode])
        tried["renders"] += 1
        problems = xsscheck.html_problems(out)
        tried["problems"] += len(problems)
        FIGURES["markdown"] = (
            f"xss markdown: {tried['inputs']} inputs "
            f"({len({md for _, md in CORPUS})} distinct), {tried['renders']} "
            f"renders in {len(MODES)} modes, {tried['problems']} problems")
        assert not problems, f"{where}: {text!r}\n -> {out!r}\n{problems}"


# The checker must be able to fail.
def test_checker_catches_unsafe_mode():
    caught = sum(1 for _, md in CORPUS
                 if xsscheck.html_problems(
                     qalam.markdown_to_html(md.replace("\0", ""), unsafe=True)))
    assert caught >= len(CORPUS) // 2


@pytest.mark.parametrize("fragment", [
    '<p><a href="java&#x09;script:x">x</a></p>',
    '<p><a href=" \x01javascript:x">x</a></p>',
    '<p><a href="JaVaScRiPt&colon;x">x</a></p>',
    '<p><a href="%6Aavascript:x">x</a></p>',
    '<p><a href="vbscript:x">x</a></p>',
    '<p><a href="data:text/html,x">x</a></p>',
    '<p><a href="data:image/png;base64,AA">x</a></p>',
    '<p><img src="data:image/svg+xml,x" alt="" /></p>',
    '<p><img src="x" onerror="y" /></p>',
    '<p><em style="x">x</em></p>',
    '<p>a <script>x</script></p>',
    '<svg><a xlink:href="#x">x</a></svg>',
    '<p><!-- --><img src=x></p>',
    '<form action="/x"></form>',
])
def test_checker_catches(fragment):
    assert xsscheck.html_problems(fragment)


@pytest.mark.parametrize("fragment", [
    '<p><a href="/news/x" title="a &quot;b&quot;">x</a></p>',
    '<p><img src="data:image/png;base64,AA" alt="x" /></p>',
    '<p><a href="https://ok.example/javascript:x">x</a></p>',
    '<p><a href="%EF%BD%8Aavascript:x">fullwidth: relative</a></p>',
    '<pre><code class="language-c">x</code></pre>',
    '<!-- raw HTML omitted --><p>x</p>',
])
def test_checker_accepts(fragment):
    assert xsscheck.html_problems(fragment) == []
