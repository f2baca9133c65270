/* Tests of qalam/markdown.h: CommonMark to HTML and to plain text, safe
 * mode against hostile input, errors, deep nesting and out-of-memory. */
#include <ctype.h>
#include <stdlib.h>

#include "harness.h"

/* ---- helpers ------------------------------------------------------------ */

/* Renders and compares; `got` is freed here. */
static void check_html(const char *md, unsigned int options,
                       const char *expected, int line) {
  char *html = NULL;
  int rc = qalam_markdown_to_html(&html, md, options);
  if (rc != QALAM_OK) {
    harness_fail(__FILE__, line, "to_html failed: %s: %s", qalam_strerror(rc),
                 qalam_error_message());
    return;
  }
  if (strcmp(html, expected) != 0)
    harness_fail(__FILE__, line, "HTML of\n    [%s]\n  is\n    [%s]\n  expected\n    [%s]",
                 md, html, expected);
  qalam_free(html);
}

static void check_text(const char *md, unsigned int options,
                       const char *expected, int line) {
  char *text = NULL;
  int rc = qalam_markdown_to_text(&text, md, options);
  if (rc != QALAM_OK) {
    harness_fail(__FILE__, line, "to_text failed: %s: %s", qalam_strerror(rc),
                 qalam_error_message());
    return;
  }
  if (strcmp(text, expected) != 0)
    harness_fail(__FILE__, line, "text of\n    [%s]\n  is\n    [%s]\n  expected\n    [%s]",
                 md, text, expected);
  qalam_free(text);
}

#define HTML(md, opt, exp) check_html((md), (opt), (exp), __LINE__)
#define TEXT(md, opt, exp) check_text((md), (opt), (exp), __LINE__)

/* ---- rendering ---------------------------------------------------------- */

static void headings_and_paragraphs(void) {
  HTML("# Title\n\nFirst paragraph.\n\n## Sub\n\nSecond\nline.", 0,
       "<h1>Title</h1>\n<p>First paragraph.</p>\n<h2>Sub</h2>\n"
       "<p>Second\nline.</p>\n");
  HTML("Setext\n======\n\n###### six", 0, "<h1>Setext</h1>\n<h6>six</h6>\n");
  /* Not headings. */
  HTML("#hashtag\n\n####### seven", 0,
       "<p>#hashtag</p>\n<p>####### seven</p>\n");
}

static void emphasis_and_code(void) {
  HTML("*em* _em_ **strong** __strong__ ***both***", 0,
       "<p><em>em</em> <em>em</em> <strong>strong</strong> "
       "<strong>strong</strong> <em><strong>both</strong></em></p>\n");
  HTML("snake_case_word and 2*3*4", 0, "<p>snake_case_word and 2<em>3</em>4</p>\n");
  HTML("use `a < b && c` here", 0,
       "<p>use <code>a &lt; b &amp;&amp; c</code> here</p>\n");
  HTML("```c\nint x = 1 < 2;\n```\n\n    indented <code>", 0,
       "<pre><code class=\"language-c\">int x = 1 &lt; 2;\n</code></pre>\n"
       "<pre><code>indented &lt;code&gt;\n</code></pre>\n");
  HTML("\\*not em\\* \\# \\[x\\]", 0, "<p>*not em* # [x]</p>\n");
}

static void lists_and_quotes(void) {
  HTML("- one\n- two\n  - nested\n\n1. first\n2. second", 0,
       "<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul>\n</li>\n"
       "</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n");
  HTML("3. three\n4. four", 0,
       "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n");
  HTML("- loose\n\n- list", 0,
       "<ul>\n<li>\n<p>loose</p>\n</li>\n<li>\n<p>list</p>\n</li>\n</ul>\n");
  HTML("> quoted\n> > inner\n\n---", 0,
       "<blockquote>\n<p>quoted</p>\n<blockquote>\n<p>inner</p>\n"
       "</blockquote>\n</blockquote>\n<hr />\n");
}

static void links_and_images(void) {
  HTML("[site](https://example.com/a?b=1&c=2 \"The title\")", 0,
       "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"The "
       "title\">site</a></p>\n");
  HTML("[ref][r] and [r]\n\n[r]: /news/lead 'T'", 0,
       "<p><a href=\"/news/lead\" title=\"T\">ref</a> and "
       "<a href=\"/news/lead\" title=\"T\">r</a></p>\n");
  HTML("<https://example.com> <ed@example.com>", 0,
       "<p><a href=\"https://example.com\">https://example.com</a> "
       "<a href=\"mailto:ed@example.com\">ed@example.com</a></p>\n");
  HTML("![a *photo*](/img/p.jpg \"cap\")", 0,
       "<p><img src=\"/img/p.jpg\" alt=\"a photo\" title=\"cap\" /></p>\n");
  /* Spaces and non-ASCII in URLs are percent-encoded. */
  HTML("[r](<../a b/Ж>)", 0, "<p><a href=\"../a%20b/%D0%96\">r</a></p>\n");
}

/* Straight quotes: " becomes &quot; (cmark) and ' becomes &#39; (cmark
 * leaves it bare; safe mode escapes it too, like qalam_html_escape()).
 * Nothing is dropped or turned curly; plain text keeps both unchanged. */
static void quotes_survive_exactly(void) {
  const char *md = "He said \"it's 5 > 3 & 'fine'\" \xe2\x80\x94 ok";
  HTML(md, 0,
       "<p>He said &quot;it&#39;s 5 &gt; 3 &amp; &#39;fine&#39;&quot; "
       "\xe2\x80\x94 ok</p>\n");
  TEXT(md, 0, md);
  /* Quotes in a title and in alt text. */
  HTML("[a](/x \"say \\\"hi\\\" it's\") ![say \"cheese\"](/c.png)", 0,
       "<p><a href=\"/x\" title=\"say &quot;hi&quot; it&#39;s\">a</a> "
       "<img src=\"/c.png\" alt=\"say &quot;cheese&quot;\" /></p>\n");
  /* In code, in alt text and in a code block's language too. */
  HTML("`'a'` ![it's](/i.png) \n\n```it's\n'x'\n```", 0,
       "<p><code>&#39;a&#39;</code> <img src=\"/i.png\" alt=\"it&#39;s\" "
       "/></p>\n<pre><code class=\"language-it&#39;s\">&#39;x&#39;\n"
       "</code></pre>\n");
  /* In a URL it is percent-encoded, as before. */
  HTML("[a](/it's)", 0, "<p><a href=\"/it&#x27;s\">a</a></p>\n");
  /* With QALAM_MD_UNSAFE the HTML is cmark's, raw HTML untouched. */
  HTML("it's <span title='x'>\"y\"</span>", QALAM_MD_UNSAFE,
       "<p>it's <span title='x'>&quot;y&quot;</span></p>\n");
  /* Curly quotes already in the input are left as they are. */
  HTML("\xe2\x80\x9cq\xe2\x80\x9d \xc2\xabq\xc2\xbb", 0,
       "<p>\xe2\x80\x9cq\xe2\x80\x9d \xc2\xabq\xc2\xbb</p>\n");
}

static void entities_decoded(void) {
  HTML("&copy; &amp; &#1046; &#x41; &nbsp;|&bogus; AT&T", 0,
       "<p>\xc2\xa9 &amp; \xd0\x96 A \xc2\xa0|&amp;bogus; AT&amp;T</p>\n");
  TEXT("&copy; &amp; &#1046; &#x41; &lt;b&gt; AT&T", 0,
       "\xc2\xa9 & \xd0\x96 A <b> AT&T");
  /* An invalid code point becomes U+FFFD. */
  HTML("&#0; &#xD800;", 0, "<p>\xef\xbf\xbd \xef\xbf\xbd</p>\n");
}

static void smart_punctuation(void) {
  const char *md = "\"Quote\" -- it's... 'single' --- done";
  HTML(md, QALAM_MD_SMART,
       "<p>\xe2\x80\x9cQuote\xe2\x80\x9d \xe2\x80\x93 it\xe2\x80\x99s\xe2\x80\xa6 "
       "\xe2\x80\x98single\xe2\x80\x99 \xe2\x80\x94 done</p>\n");
  TEXT(md, QALAM_MD_SMART,
       "\xe2\x80\x9cQuote\xe2\x80\x9d \xe2\x80\x93 it\xe2\x80\x99s\xe2\x80\xa6 "
       "\xe2\x80\x98single\xe2\x80\x99 \xe2\x80\x94 done");
  /* Without the option nothing changes. */
  HTML(md, 0,
       "<p>&quot;Quote&quot; -- it&#39;s... &#39;single&#39; --- "
       "done</p>\n");
  TEXT(md, 0, md);
}

static void hard_breaks(void) {
  HTML("a\nb", 0, "<p>a\nb</p>\n");
  HTML("a\nb", QALAM_MD_HARDBREAKS, "<p>a<br />\nb</p>\n");
  HTML("a  \nb\\\nc", 0, "<p>a<br />\nb<br />\nc</p>\n");
  /* In plain text the option has no effect. */
  TEXT("a\nb", QALAM_MD_HARDBREAKS, "a b");
  TEXT("a  \nb", 0, "a\nb");
  HTML("a\nb", QALAM_MD_HARDBREAKS | QALAM_MD_SMART, "<p>a<br />\nb</p>\n");
}

static void russian_and_kazakh(void) {
  const char *md =
      "## \xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8\n\n" /* Новости */
      "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, *\xd0\xbc\xd0\xb8\xd1\x80*! " /* Привет, *мир*! */
      "\xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b \xd1\x82\xd1\x96\xd0\xbb\xd1\x96 " /* Қазақ тілі */
      "\xc2\xab\xd3\x99\xd0\xb4\xd0\xb5\xd0\xbc\xd1\x96\xc2\xbb."; /* «әдемі». */
  HTML(md, 0,
       "<h2>\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8</h2>\n"
       "<p>\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, <em>\xd0\xbc\xd0\xb8\xd1\x80</em>! "
       "\xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b \xd1\x82\xd1\x96\xd0\xbb\xd1\x96 "
       "\xc2\xab\xd3\x99\xd0\xb4\xd0\xb5\xd0\xbc\xd1\x96\xc2\xbb.</p>\n");
  TEXT(md, 0,
       "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8\n\n"
       "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80! "
       "\xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b \xd1\x82\xd1\x96\xd0\xbb\xd1\x96 "
       "\xc2\xab\xd3\x99\xd0\xb4\xd0\xb5\xd0\xbc\xd1\x96\xc2\xbb.");
  /* Smart quotes next to Cyrillic. */
  HTML("\"\xd0\x94\xd0\xb0\"", QALAM_MD_SMART,
       "<p>\xe2\x80\x9c\xd0\x94\xd0\xb0\xe2\x80\x9d</p>\n");
}

static void raw_html_blocked_by_default(void) {
  const char *md = "<div onclick=\"steal()\">block</div>\n\n"
                   "text <script>alert(1)</script> and <b>bold</b>";
  char *html = NULL;
  CHECK_OK(qalam_markdown_to_html(&html, md, 0));
  CHECK_STR(html,
            "<!-- raw HTML omitted -->\n"
            "<p>text <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted "
            "--> and <!-- raw HTML omitted -->bold<!-- raw HTML omitted "
            "--></p>\n");
  qalam_free(html);
  /* Smart and hard breaks do not turn safety off. */
  CHECK_OK(qalam_markdown_to_html(&html, md,
                                  QALAM_MD_SMART | QALAM_MD_HARDBREAKS));
  CHECK(strstr(html, "<script") == NULL && strstr(html, "onclick") == NULL);
  qalam_free(html);
  /* Plain text drops raw HTML whatever the options. */
  TEXT(md, 0, "text alert(1) and bold");
  TEXT(md, QALAM_MD_UNSAFE, "text alert(1) and bold");
}

static void raw_html_passed_when_unsafe(void) {
  HTML("<div onclick=\"f()\">block</div>\n\ntext <b>bold</b>", QALAM_MD_UNSAFE,
       "<div onclick=\"f()\">block</div>\n<p>text <b>bold</b></p>\n");
  /* UNSAFE keeps every URL as written. */
  HTML("[x](javascript:alert(1)) ![i](data:text/html,x)", QALAM_MD_UNSAFE,
       "<p><a href=\"javascript:alert(1)\">x</a> "
       "<img src=\"data:text/html,x\" alt=\"i\" /></p>\n");
}

/* ---- hostile input ------------------------------------------------------ */

static int hex(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* An attribute value as a browser might read its scheme: HTML character
 * references &amp; &quot; &#39; &lt; &gt; decoded, percent-escapes decoded
 * until none is left, spaces and control characters removed, lower case. */
static void url_view(const char *v, size_t len, char *dst, size_t size) {
  char a[1024], b[1024];
  size_t n = 0;
  for (size_t i = 0; i < len && n + 1 < sizeof a; i++) {
    static const struct { const char *ent; char c; } ents[] = {
        {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&lt;", '<'},
        {"&gt;", '>'}};
    size_t k;
    for (k = 0; k < HARNESS_COUNT(ents); k++) {
      size_t el = strlen(ents[k].ent);
      if (len - i >= el && memcmp(v + i, ents[k].ent, el) == 0) break;
    }
    if (k < HARNESS_COUNT(ents)) {
      a[n++] = ents[k].c;
      i += strlen(ents[k].ent) - 1;
    } else {
      a[n++] = v[i];
    }
  }
  a[n] = '\0';
  for (int round = 0; round < 10; round++) {
    size_t m = 0;
    int changed = 0;
    for (size_t i = 0; a[i]; i++) {
      if (a[i] == '%' && hex(a[i + 1]) >= 0 && a[i + 2] &&
          hex(a[i + 2]) >= 0) {
        b[m++] = (char)(hex(a[i + 1]) * 16 + hex(a[i + 2]));
        i += 2;
        changed = 1;
      } else {
        b[m++] = a[i];
      }
    }
    b[m] = '\0';
    memcpy(a, b, m + 1);
    if (!changed) break;
  }
  n = 0;
  for (size_t i = 0; a[i] && n + 1 < size; i++)
    if ((unsigned char)a[i] > 0x20 && a[i] != 0x7f)
      dst[n++] = (char)tolower((unsigned char)a[i]);
  dst[n] = '\0';
}

static int url_bad(const char *view, int is_img) {
  if (strncmp(view, "javascript:", 11) == 0 ||
      strncmp(view, "vbscript:", 9) == 0 || strncmp(view, "file:", 5) == 0)
    return 1;
  if (strncmp(view, "data:", 5) == 0) {
    if (!is_img) return 1;
    static const char *const ok[] = {"data:image/png", "data:image/gif",
                                     "data:image/jpeg", "data:image/webp"};
    for (size_t i = 0; i < HARNESS_COUNT(ok); i++) {
      size_t n = strlen(ok[i]);
      if (strncmp(view, ok[i], n) == 0 &&
          (view[n] == ';' || view[n] == ',' || view[n] == '\0'))
        return 0;
    }
    return 1;
  }
  return 0;
}

static int in_list(const char *name, size_t len, const char *const *list) {
  for (; *list; list++)
    if (strlen(*list) == len && strncmp(name, *list, len) == 0) return 1;
  return 0;
}

/* Reads `html` as a browser would, well enough to say whether it can run
 * code: every '<' must open a known tag (or be the raw-HTML comment), every
 * attribute must be a known, double-quoted one, and no href or src may
 * carry a dangerous scheme. Returns NULL or what is wrong. */
static const char *html_problem(const char *html) {
  static const char *const tags[] = {
      "p", "a", "img", "em", "strong", "code", "pre", "h1", "h2", "h3",
      "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "br", NULL};
  static const char *const attrs[] = {"href", "src", "alt", "title",
                                      "class", "start", NULL};
  static const char comment[] = "<!-- raw HTML omitted -->";
  const char *p = html;
  while ((p = strchr(p, '<')) != NULL) {
    if (strncmp(p, comment, sizeof comment - 1) == 0) {
      p += sizeof comment - 1;
      continue;
    }
    p++;
    if (*p == '/') p++;
    const char *name = p;
    while (isalnum((unsigned char)*p)) p++;
    if (!in_list(name, (size_t)(p - name), tags)) return "unknown tag";
    int is_img = p - name == 3 && strncmp(name, "img", 3) == 0;
    for (;;) {
      while (*p == ' ') p++;
      if (*p == '>') break;
      if (p[0] == '/' && p[1] == '>') break;
      const char *an = p;
      while (isalpha((unsigned char)*p)) p++;
      if (!in_list(an, (size_t)(p - an), attrs)) return "unknown attribute";
      if (p[0] != '=' || p[1] != '"') return "attribute not double-quoted";
      const char *v = p + 2, *end = strchr(v, '"');
      if (!end) return "unterminated attribute";
      for (const char *q = v; q < end; q++)
        if (*q == '<' || *q == '>') return "< or > inside an attribute";
      if ((p - an == 4 && strncmp(an, "href", 4) == 0) ||
          (p - an == 3 && strncmp(an, "src", 3) == 0)) {
        char view[1024];
        url_view(v, (size_t)(end - v), view, sizeof view);
        if (url_bad(view, is_img)) return "dangerous URL";
      }
      p = end + 1;
    }
  }
  return NULL;
}

static const char *const hostile[] = {
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;vascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](&#x25;6Aavascript:alert(1))",
    "[x](%256Aavascript:alert(1))",
    "[x](javascript%3Aalert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](<  javascript:alert(1)>)",
    "[x](&#x01;javascript:alert(1))",
    "[x](&#x20;&#x0C;javascript:alert(1))",
    "[x](<\x0bjavascript:alert(1)>)",
    "[x](java&#10;script:alert(1))",
    "[x](java&#13;script:alert(1))",
    "[x](<java\x7fscript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](FILE://C:/Windows/win.ini)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/pngx,AAAA)",
    "[x](data:image/png;base64,AAAA)",
    "[x](DaTa:text/html,x)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<file:///etc/passwd>",
    "<data:text/html,x>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x]\n\n[x]: &#x6A;avascript:alert(1) \"title\"",
    "[x][r]\n\n[r]: <java\tscript:alert(1)> 't'",
    "![x][i]\n\n[i]: vbscript:x",
    "[![img](javascript:a)](javascript:b)",
    "[x](https://ok.example/ \"a\\\" onmouseover=\\\"alert(1)\")",
    "[x](https://ok.example/ 'it\\'s \" <script>')",
    "![<img src=x onerror=alert(1)>](https://ok.example/a.png)",
    "![x\" onerror=\"alert(1)](https://ok.example/a.png)",
    "![x](https://ok.example/a.png \"t\\\" onerror=\\\"alert(1)\")",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "text <svg onload=alert(1)> and <iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1) \"t\")",
    "[x](<javascript:alert(1)>)",
    "[`code`](\\javascript:alert(1))",
    "[x](javascript:alert%281%29)",
    "[x](\xe2\x80\x8bjavascript:alert(1))",
};

static void xss_table_neutralised(void) {
  static const unsigned int modes[] = {
      QALAM_MD_DEFAULT, QALAM_MD_SMART, QALAM_MD_HARDBREAKS,
      QALAM_MD_SMART | QALAM_MD_HARDBREAKS};
  CHECK(HARNESS_COUNT(hostile) >= 25);
  for (size_t m = 0; m < HARNESS_COUNT(modes); m++) {
    for (size_t i = 0; i < HARNESS_COUNT(hostile); i++) {
      char *html = NULL;
      CHECK_OK(qalam_markdown_to_html(&html, hostile[i], modes[m]));
      if (!html) continue;
      const char *why = html_problem(html);
      if (why)
        harness_fail(__FILE__, __LINE__, "%s in HTML of [%s]:\n    [%s]", why,
                     hostile[i], html);
      char *text = NULL;
      CHECK_OK(qalam_markdown_to_text(&text, hostile[i], modes[m]));
      if (text && strchr(text, '<'))
        harness_fail(__FILE__, __LINE__, "markup in text of [%s]: [%s]",
                     hostile[i], text);
      qalam_free(text);
      qalam_free(html);
    }
  }
}

/* The checker above must be able to fail: with QALAM_MD_UNSAFE most of the
 * table gets through. */
static void xss_checker_catches_unsafe_output(void) {
  size_t caught = 0;
  for (size_t i = 0; i < HARNESS_COUNT(hostile); i++) {
    char *html = NULL;
    CHECK_OK(qalam_markdown_to_html(&html, hostile[i], QALAM_MD_UNSAFE));
    if (html && html_problem(html)) caught++;
    qalam_free(html);
  }
  CHECK(caught >= 40);
  CHECK(html_problem("<p><a href=\"java%09script:x\">x</a></p>") != NULL);
  CHECK(html_problem("<p><img src=\"x\" onerror=\"y\" /></p>") != NULL);
  CHECK(html_problem("<p>a <script>x</p>") != NULL);
  CHECK(html_problem("<p><a href=\"/ok\">x</a></p>") == NULL);
}

/* The exact neutralised output for a few. */
static void dangerous_urls_become_empty(void) {
  HTML("[x](java&#x09;script:alert(1))", 0, "<p><a href=\"\">x</a></p>\n");
  HTML("[x](%6Aavascript:alert(1))", 0, "<p><a href=\"\">x</a></p>\n");
  HTML("<javascript:alert(1)>", 0,
       "<p><a href=\"\">javascript:alert(1)</a></p>\n");
  HTML("![x](data:image/svg+xml;base64,AA)", 0,
       "<p><img src=\"\" alt=\"x\" /></p>\n");
  HTML("[x](javascript:a \"keep\")", 0,
       "<p><a href=\"\" title=\"keep\">x</a></p>\n");
}

static void allowed_urls_stay(void) {
  HTML("[a](https://example.com/path?q=1#f)", 0,
       "<p><a href=\"https://example.com/path?q=1#f\">a</a></p>\n");
  HTML("[a](HTTP://EXAMPLE.COM)", 0,
       "<p><a href=\"HTTP://EXAMPLE.COM\">a</a></p>\n");
  HTML("[m](mailto:ed@example.com)", 0,
       "<p><a href=\"mailto:ed@example.com\">m</a></p>\n");
  HTML("[r](/news/2026/lead) [s](../up) [h](#comments) [q](?page=2)", 0,
       "<p><a href=\"/news/2026/lead\">r</a> <a href=\"../up\">s</a> "
       "<a href=\"#comments\">h</a> <a href=\"?page=2\">q</a></p>\n");
  HTML("[j](javascript-guide.html) [d](datasets/file.csv) "
       "[p](https://example.com/javascript:x)", 0,
       "<p><a href=\"javascript-guide.html\">j</a> "
       "<a href=\"datasets/file.csv\">d</a> "
       "<a href=\"https://example.com/javascript:x\">p</a></p>\n");
  HTML("[t](tel:+77001234567) [f](ftp://example.com/x)", 0,
       "<p><a href=\"tel:+77001234567\">t</a> "
       "<a href=\"ftp://example.com/x\">f</a></p>\n");
  HTML("![p](data:image/png;base64,iVBORw0KGgo=)", 0,
       "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"p\" /></p>\n");
  HTML("![g](DATA:image/GIF;base64,R0lG) ![j](data:image/jpeg;base64,/9j/) "
       "![w](data:image/webp,x)", 0,
       "<p><img src=\"DATA:image/GIF;base64,R0lG\" alt=\"g\" /> "
       "<img src=\"data:image/jpeg;base64,/9j/\" alt=\"j\" /> "
       "<img src=\"data:image/webp,x\" alt=\"w\" /></p>\n");
}

/* ---- plain text --------------------------------------------------------- */

static void plain_text_rules(void) {
  TEXT("# Title\n\nFirst *para*\nsoft break.\n\n"
       "- one\n- **two**\n\n"
       "> quoted\n\n"
       "```\ncode  line\n  second\n```\n\n"
       "***\n\n"
       "Last [link](https://example.com \"t\") and ![alt *text*](/i.png) "
       "`code` &amp; <b>raw</b>.\n",
       0,
       "Title\n\nFirst para soft break.\n\none\ntwo\n\nquoted\n\n"
       "code  line\n  second\n\nLast link and alt text code & raw.");
  /* Hard breaks, loose and nested lists, multi-paragraph items. */
  TEXT("a  \nb", 0, "a\nb");
  TEXT("- a\n\n- b\n\n  more\n- c\n  - c1\n  - c2\n\nafter", 0,
       "a\nb\n\nmore\nc\nc1\nc2\n\nafter");
  TEXT("1. x\n2. y", 0, "x\ny");
  TEXT("> a\n>\n> b\n\n> > c", 0, "a\n\nb\n\nc");
  /* Raw HTML blocks and leading/trailing space vanish. */
  TEXT("<div>\nhidden\n</div>\n\n   text   \n\n<!-- c -->", 0, "text");
  TEXT("<img src=x> caption", 0, "caption");
  TEXT("\n\n   \n", 0, "");
  TEXT("---\n\n***", 0, "");
  /* No markup characters are added, escaped ones are kept. */
  TEXT("\\*literal\\* \\_x\\_ \\<tag\\>", 0, "*literal* _x_ <tag>");
  TEXT("Autolink <https://example.com/a>", 0,
       "Autolink https://example.com/a");
  /* Code keeps its indentation, even at the start. */
  TEXT("    indented\n      more", 0, "indented\n  more");
  TEXT("para\n\n    indented\n      more", 0, "para\n\nindented\n  more");
}

/* ---- errors ------------------------------------------------------------- */

static void empty_input(void) {
  HTML("", 0, "");
  TEXT("", 0, "");
  HTML("   \n\n", 0, "");
  HTML("", QALAM_MD_SMART | QALAM_MD_HARDBREAKS | QALAM_MD_UNSAFE, "");
}

static void invalid_utf8_rejected(void) {
  char *out = (char *)"untouched";
  CHECK_ERR(qalam_markdown_to_html(&out, "ok \xff tail", 0), QALAM_EUTF8);
  CHECK_MSG("at byte 3");
  CHECK_STR(out, "untouched");
  CHECK_ERR(qalam_markdown_to_text(&out, "# \xd0\xb0\xd0", 0), QALAM_EUTF8);
  CHECK_MSG("at byte 4");
  CHECK_ERR(qalam_markdown_to_html(&out, "\xed\xa0\x80", 0), QALAM_EUTF8);
  CHECK_MSG("at byte 0");
  CHECK_ERR(qalam_markdown_to_html(&out, "a\xc0\xaf", 0), QALAM_EUTF8);
  CHECK_STR(out, "untouched");
  /* Edges of the encoding, before and after a run of ASCII. */
  static const struct {
    const char *md;
    long bad; /* offset, or -1 when valid */
  } cases[] = {
      {"\xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbf", -1},
      {"\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf \xf0\x9f\x93\xb0", -1},
      {"0123456789abcdef\xc2\x80\xdf\xbf" "0123456789abcdef", -1},
      {"\xe0\x9f\xbf", 0},           /* overlong 3-byte */
      {"\xf0\x8f\xbf\xbf", 0},       /* overlong 4-byte */
      {"\xc1\xbf", 0},               /* overlong 2-byte */
      {"0123456789\xed\xa0\x80", 10}, /* surrogate */
      {"0123456789\xf4\x90\x80\x80", 10}, /* above U+10FFFF */
      {"abcdefgh\xf5\x80\x80\x80", 8},
      {"abcdefghij\xe2\x82", 10},     /* cut short at the end */
      {"abcdefgh\xe2\x82x", 8},       /* cut short in the middle */
      {"abcdefgh\xd0\xb0\x80", 10},   /* lone continuation byte */
      {"\xf0\x9f\x98", 0},
  };
  for (size_t i = 0; i < HARNESS_COUNT(cases); i++) {
    char *html = NULL;
    int rc = qalam_markdown_to_html(&html, cases[i].md, 0);
    if (cases[i].bad < 0) {
      CHECK_INT(rc, QALAM_OK);
      qalam_free(html);
    } else {
      char want[32];
      snprintf(want, sizeof want, "at byte %ld ", cases[i].bad);
      CHECK_INT(rc, QALAM_EUTF8);
      CHECK_MSG(want);
    }
  }
}

static void null_arguments(void) {
  char *out = (char *)"untouched";
  CHECK_ERR(qalam_markdown_to_html(NULL, "x", 0), QALAM_EINVAL);
  CHECK_MSG("out");
  CHECK_ERR(qalam_markdown_to_text(NULL, "x", 0), QALAM_EINVAL);
  CHECK_ERR(qalam_markdown_to_html(&out, NULL, 0), QALAM_EINVAL);
  CHECK_MSG("markdown");
  CHECK_ERR(qalam_markdown_to_text(&out, NULL, 0), QALAM_EINVAL);
  CHECK_STR(out, "untouched");
}

static void bad_option_bits(void) {
  char *out = (char *)"untouched";
  CHECK_ERR(qalam_markdown_to_html(&out, "x", 1u << 3), QALAM_EINVAL);
  CHECK_MSG("option");
  CHECK_MSG("0x8");
  CHECK_ERR(qalam_markdown_to_text(&out, "x", 0x80000000u), QALAM_EINVAL);
  CHECK_ERR(qalam_markdown_to_html(&out, "x", QALAM_MD_SMART | (1u << 17)),
            QALAM_EINVAL);
  CHECK_STR(out, "untouched");
  /* The error is cleared by the next good call. */
  CHECK_OK(qalam_markdown_to_html(&out, "x", QALAM_MD_SMART));
  CHECK_STR(qalam_error_message(), "");
  qalam_free(out);
}

static void oversized_input_rejected(void) {
  size_t n = (size_t)16 * 1024 * 1024 + 1;
  char *big = malloc(n + 1);
  CHECK(big != NULL);
  if (!big) return;
  memset(big, 'a', n);
  big[n] = '\0';
  char *out = (char *)"untouched";
  CHECK_ERR(qalam_markdown_to_html(&out, big, 0), QALAM_EINVAL);
  CHECK_MSG("too long");
  CHECK_ERR(qalam_markdown_to_text(&out, big, 0), QALAM_EINVAL);
  CHECK_STR(out, "untouched");
  big[n - 1] = '\0'; /* exactly at the limit: accepted */
  CHECK_OK(qalam_markdown_to_text(&out, big, 0));
  if (out != NULL && strcmp(out, "untouched") != 0) {
    CHECK_INT(strlen(out), n - 1);
    qalam_free(out);
  }
  free(big);
}

/* ---- deep nesting -------------------------------------------------------- */

static char *repeat(const char *unit, size_t times, const char *middle,
                    const char *tail_unit) {
  size_t ul = strlen(unit), ml = strlen(middle), tl = strlen(tail_unit);
  char *s = malloc(times * (ul + tl) + ml + 1), *p = s;
  if (!s) return NULL;
  for (size_t i = 0; i < times; i++, p += ul) memcpy(p, unit, ul);
  memcpy(p, middle, ml);
  p += ml;
  for (size_t i = 0; i < times; i++, p += tl) memcpy(p, tail_unit, tl);
  *p = '\0';
  return s;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) n++;
  return n;
}

static void deep_nesting_completes(void) {
  enum { DEPTH = 10000 };
  struct {
    const char *unit, *middle, *tail;
    const char *html_tag; /* how many times it must appear, DEPTH of them */
  } cases[] = {
      {">", "deep", "", "<blockquote>"},
      {"- ", "deep", "", "<ul>"},
      {"*", "deep", "*", NULL},
      {"[", "deep", "](/u)", NULL},
      {"> - ", "deep", "", NULL},
      {"`", "deep", "`", NULL},
      {"<div>", "deep", "</div>", NULL},
      {"![", "deep", "](/i.png)", NULL},
  };
  for (size_t i = 0; i < HARNESS_COUNT(cases); i++) {
    char *md = repeat(cases[i].unit, DEPTH, cases[i].middle, cases[i].tail);
    CHECK(md != NULL);
    if (!md) continue;
    char *html = NULL, *text = NULL;
    CHECK_OK(qalam_markdown_to_html(&html, md, 0));
    CHECK_OK(qalam_markdown_to_text(&text, md, QALAM_MD_SMART));
    if (html && cases[i].html_tag)
      CHECK_INT(count(html, cases[i].html_tag), DEPTH);
    if (html) CHECK(html_problem(html) == NULL);
    if (text && i != 6) CHECK(strstr(text, "deep") != NULL);
    qalam_free(html);
    qalam_free(text);
    free(md);
  }
}

/* Many renders in a row leave nothing behind (the harness counts blocks). */
static void repeated_renders_release_everything(void) {
  for (int i = 0; i < 200; i++) {
    char *out = NULL;
    CHECK_OK(qalam_markdown_to_html(&out, "# a\n\n[b][c] *d*\n\n[c]: /e", 0));
    qalam_free(out);
    CHECK_OK(qalam_markdown_to_text(&out, "> x\n\n- y\n- z", 0));
    qalam_free(out);
  }
}

/* ---- allocation failure ------------------------------------------------- */

static const char scenario_doc[] =
    "# \xd0\x97\xd0\xb0\xd0\xb3\xd0\xbe\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe\xd0\xba "
    "\"quoted\"\n\n"
    "Some *emphasis*, **strong** and `code` -- with a [link][ref], an "
    "<https://example.com/auto> and ![an image](/i.png \"t\").\n"
    "A [bad link](java&#x09;script:alert(1)) and &copy; entity.  \n"
    "Hard break.\n\n"
    "> A quote with <b>raw</b> HTML.\n\n"
    "- one\n- two\n  1. nested\n\n"
    "```js\nlet x = '<y>';\n```\n\n"
    "[ref]: https://example.com/ref \"Ref title\"\n";

static int scenario_html(void) {
  char *out = NULL;
  TRY(qalam_markdown_to_html(&out, scenario_doc, 0));
  int ok = strstr(out, "<h1>") != NULL && strstr(out, "href=\"\"") != NULL;
  qalam_free(out);
  if (!ok) return QALAM_ECORRUPT;
  TRY(qalam_markdown_to_html(&out, scenario_doc,
                             QALAM_MD_SMART | QALAM_MD_HARDBREAKS));
  qalam_free(out);
  return QALAM_OK;
}

static int scenario_html_unsafe(void) {
  char *out = NULL;
  TRY(qalam_markdown_to_html(&out, scenario_doc, QALAM_MD_UNSAFE));
  qalam_free(out);
  return QALAM_OK;
}

static int scenario_text(void) {
  char *out = NULL;
  TRY(qalam_markdown_to_text(&out, scenario_doc, QALAM_MD_SMART));
  int ok = strstr(out, "Hard break.") != NULL;
  qalam_free(out);
  if (!ok) return QALAM_ECORRUPT;
  TRY(qalam_markdown_to_text(&out, "", 0));
  ok = out[0] == '\0';
  qalam_free(out);
  return ok ? QALAM_OK : QALAM_ECORRUPT;
}

/* A long paragraph makes cmark grow (realloc) its buffers several times. */
static int scenario_growth(void) {
  static const char line[] =
      "word *em* [l](/u) \xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe\n";
  char md[1500];
  size_t n = 0;
  while (n + sizeof line < sizeof md) {
    memcpy(md + n, line, sizeof line - 1);
    n += sizeof line - 1;
  }
  md[n] = '\0';
  char *out = NULL;
  TRY(qalam_markdown_to_html(&out, md, 0));
  qalam_free(out);
  TRY(qalam_markdown_to_text(&out, md, 0));
  qalam_free(out);
  return QALAM_OK;
}

int main(int argc, char **argv) {
  static const harness_test tests[] = {
      HARNESS_TEST(headings_and_paragraphs),
      HARNESS_TEST(emphasis_and_code),
      HARNESS_TEST(lists_and_quotes),
      HARNESS_TEST(links_and_images),
      HARNESS_TEST(quotes_survive_exactly),
      HARNESS_TEST(entities_decoded),
      HARNESS_TEST(smart_punctuation),
      HARNESS_TEST(hard_breaks),
      HARNESS_TEST(russian_and_kazakh),
      HARNESS_TEST(raw_html_blocked_by_default),
      HARNESS_TEST(raw_html_passed_when_unsafe),
      HARNESS_TEST(xss_table_neutralised),
      HARNESS_TEST(xss_checker_catches_unsafe_output),
      HARNESS_TEST(dangerous_urls_become_empty),
      HARNESS_TEST(allowed_urls_stay),
      HARNESS_TEST(plain_text_rules),
      HARNESS_TEST(empty_input),
      HARNESS_TEST(invalid_utf8_rejected),
      HARNESS_TEST(null_arguments),
      HARNESS_TEST(bad_option_bits),
      HARNESS_TEST(oversized_input_rejected),
      HARNESS_TEST(deep_nesting_completes),
      HARNESS_TEST(repeated_renders_release_everything),
  };
  static const harness_scenario scenarios[] = {
      {"markdown_to_html", scenario_html, NULL, NULL},
      {"markdown_to_html unsafe", scenario_html_unsafe, NULL, NULL},
      {"markdown_to_text", scenario_text, NULL, NULL},
      {"markdown growing buffers", scenario_growth, NULL, NULL},
  };
  return harness_main(argc, argv, tests, HARNESS_COUNT(tests), scenarios,
                      HARNESS_COUNT(scenarios));
}
