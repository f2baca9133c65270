/*
 * markdown.c - fuzzes qalam_markdown_to_html() and qalam_markdown_to_text().
 *
 * Input: one byte of options, then the Markdown.
 *   bits 0-2  QALAM_MD_SMART, QALAM_MD_HARDBREAKS, QALAM_MD_UNSAFE
 *   bit 3     make the N-th allocation fail, N from the next two bytes
 *             (bit 4: only the N-th, else every one from N on)
 *   bit 7     add an unknown option bit: must be QALAM_EINVAL
 * Both renderers run on every input. Checks: results are valid UTF-8; the
 * text has no leading or trailing white space; in safe mode the HTML holds
 * only the tags and attributes cmark writes, no raw HTML, and no link or
 * image URL with a scheme that runs code; an allocation failure gives
 * QALAM_ENOMEM with every block freed.
 */
#include <ctype.h>

#include "alloc_fail.h"
#include "fuzz.h"

static int starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The URL as a browser reads an attribute value: character references
 * decoded, leading C0 controls and spaces dropped, tabs and newlines inside
 * removed, ASCII lowercased. Then its scheme must not run code. */
static void check_url(const char *v, size_t len, const char *html) {
  char url[64];
  size_t n = 0;
  size_t i = 0;
  while (i < len && n < sizeof url - 1) {
    unsigned c = (unsigned char)v[i];
    if (c == '&') {
      const char *semi = memchr(v + i, ';', len - i);
      FUZZ_CHECK(semi != NULL, "bare '&' in attribute: %s", html);
      const char *ref = v + i + 1;
      size_t rlen = (size_t)(semi - ref);
      if (rlen >= 2 && ref[0] == '#') {
        c = (unsigned)(ref[1] == 'x' || ref[1] == 'X'
                           ? strtoul(ref + 2, NULL, 16)
                           : strtoul(ref + 1, NULL, 10));
      } else if (rlen == 3 && !memcmp(ref, "amp", 3)) {
        c = '&';
      } else if (rlen == 2 && !memcmp(ref, "lt", 2)) {
        c = '<';
      } else if (rlen == 2 && !memcmp(ref, "gt", 2)) {
        c = '>';
      } else if (rlen == 4 && !memcmp(ref, "quot", 4)) {
        c = '"';
      } else {
        /* Any other named reference could spell a letter ("&Tab;",
         * "&colon;"): cmark never writes one. */
        FUZZ_CHECK(0, "unexpected reference '&%.*s;' in URL: %s", (int)rlen,
                   ref, html);
      }
      i = (size_t)(semi - v) + 1;
    } else {
      i++;
    }
    if ((c <= 0x20 && n == 0) || c == '\t' || c == '\n' || c == '\r')
      continue;
    url[n++] = (char)(c < 0x80 ? tolower((int)c) : '?');
  }
  url[n] = '\0';
  FUZZ_CHECK(!starts_with(url, "javascript:") &&
                 !starts_with(url, "vbscript:") &&
                 !starts_with(url, "file:"),
             "dangerous URL '%s' in safe mode: %s", url, html);
  if (starts_with(url, "data:"))
    FUZZ_CHECK(starts_with(url, "data:image/png") ||
                   starts_with(url, "data:image/gif") ||
                   starts_with(url, "data:image/jpeg") ||
                   starts_with(url, "data:image/webp"),
               "data URL '%s' in safe mode: %s", url, html);
}

static int in_list(const char *name, size_t len, const char *const *list) {
  for (; *list; list++)
    if (strlen(*list) == len && !memcmp(*list, name, len))
      return 1;
  return 0;
}

/* Safe mode: every tag is one cmark writes for Markdown, with its own
 * attributes only, each double-quoted. */
static void check_safe_html(const char *html) {
  static const char *const tags[] = {
      "p",  "em", "strong", "a",  "img", "code", "pre",        "h1", "h2",
      "h3", "h4", "h5",     "h6", "ul",  "ol",   "li",         "hr", "br",
      "blockquote", NULL};
  static const char *const attrs[] = {"href", "src",   "alt",
                                      "title", "class", "start", NULL};
  const char *p = html;
  while ((p = strchr(p, '<')) != NULL) {
    if (starts_with(p, "<!-- raw HTML omitted -->")) {
      p += strlen("<!-- raw HTML omitted -->");
      continue;
    }
    p++;
    if (*p == '/')
      p++;
    const char *name = p;
    while (isalnum((unsigned char)*p))
      p++;
    FUZZ_CHECK(in_list(name, (size_t)(p - name), tags),
               "tag <%.*s> in safe mode: %s", (int)(p - name), name, html);
    for (;;) {
      while (*p == ' ')
        p++;
      if (*p == '>' || (p[0] == '/' && p[1] == '>'))
        break;
      const char *attr = p;
      while (isalpha((unsigned char)*p))
        p++;
      size_t alen = (size_t)(p - attr);
      FUZZ_CHECK(in_list(attr, alen, attrs) && p[0] == '=' && p[1] == '"',
                 "attribute '%.20s' in safe mode: %s", attr, html);
      const char *value = p + 2;
      const char *end = value + strcspn(value, "\"<>");
      FUZZ_CHECK(*end == '"', "unterminated attribute '%.*s': %s",
                 (int)alen, attr, html);
      if ((alen == 4 && !memcmp(attr, "href", 4)) ||
          (alen == 3 && !memcmp(attr, "src", 3)))
        check_url(value, (size_t)(end - value), html);
      p = end + 1;
    }
  }
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

typedef int (*render_fn)(char **, const char *, unsigned int);

static void render(render_fn fn, int html, const char *md,
                   unsigned int options, size_t fail_at, int only_once) {
  char *sentinel = (char *)"untouched";
  char *out = sentinel;
  fuzz_alloc_begin(fail_at, only_once);
  int rc = fn(&out, md, options);
  size_t failed = fuzz_alloc_state.failed;
  fuzz_check_error(rc, html ? "qalam_markdown_to_html" : "qalam_markdown_to_text");
  if (options & ~(QALAM_MD_SMART | QALAM_MD_HARDBREAKS | QALAM_MD_UNSAFE)) {
    FUZZ_CHECK(rc == QALAM_EINVAL, "unknown option bit accepted: %d", rc);
  } else if (failed) {
    FUZZ_CHECK(rc == QALAM_OK || rc == QALAM_ENOMEM || rc == QALAM_EUTF8,
               "allocation failure gave %d: %s", rc, qalam_error_message());
  } else {
    FUZZ_CHECK(rc == QALAM_OK || rc == QALAM_EUTF8, "render failed: %d %s", rc,
               qalam_error_message());
    FUZZ_CHECK((rc == QALAM_EUTF8) == !fuzz_utf8_ok(md, strlen(md)),
               "QALAM_EUTF8 disagrees with the UTF-8 check (rc %d)", rc);
  }
  if (rc != QALAM_OK) {
    FUZZ_CHECK(out == sentinel, "output written on failure");
    fuzz_alloc_end();
    return;
  }
  FUZZ_CHECK(out != NULL && out != sentinel, "no output");
  size_t len = strlen(out);
  FUZZ_CHECK(fuzz_utf8_ok(out, len), "invalid UTF-8 in the output");
  if (html && !(options & QALAM_MD_UNSAFE))
    check_safe_html(out);
  if (!html && len)
    FUZZ_CHECK(!is_space(out[0]) && !is_space(out[len - 1]),
               "text with white space around it: '%s'", out);
  qalam_free(out);
  fuzz_alloc_end();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  unsigned flags = fuzz_byte(&in);
  unsigned int options = flags & 7u;
  size_t fail_at = 0;
  int only_once = 0;
  if (flags & 8u) {
    fail_at = (size_t)fuzz_u64(&in, 2) + 1;
    only_once = (flags & 16u) != 0;
  }
  if (flags & 128u)
    options |= 1u << (3 + (flags >> 5 & 3u));
  char *md = fuzz_strndup(in.data, in.size);
  if (!md)
    return 0;
  render(qalam_markdown_to_html, 1, md, options, fail_at, only_once);
  render(qalam_markdown_to_text, 0, md, options, fail_at, only_once);
  free(md);
  return 0;
}
