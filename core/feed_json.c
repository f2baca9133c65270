/* feed_json.c - the JSON Feed 1.1 writer (https://jsonfeed.org/version/1.1),
 * with its own JSON string escaping. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "feed_internal.h"
#include "utf8.h"

/* The bytes json_string() looks at: the NUL that ends the text, the
 * control characters, '"', '\\', DEL, and 0xE2 (the lead byte of U+2028
 * and U+2029); every other byte is copied as it is, a run at a time. */
static const unsigned char JSON_STOP[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
    [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
    [0x1E] = 1, [0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0x7F] = 1, [0xE2] = 1,
};

/* Appends `text` as a JSON string literal (RFC 8259): '"' and '\\' and
 * every control character are escaped, and so are U+2028 and U+2029, which
 * JavaScript before ES2019 does not accept raw inside a string. Every other
 * character is copied as UTF-8: nothing is dropped. */
static int json_string(qalam_buf *b, const char *text) {
  size_t len = strlen(text);
  int rc = qalam__utf8_check(text, len, "feed text", NULL);
  if (rc) return rc;
  const unsigned char *s = (const unsigned char *)text;
  size_t start = 0;
  qalam__buf_putc(b, '"');
  for (size_t i = 0; i < len;) {
    while (!JSON_STOP[s[i]]) i++; /* a run copied as it is */
    if (i == len) break;
    const char *esc = NULL;
    char u[8];
    size_t skip = 1;
    unsigned char c = s[i];
    switch (c) {
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    case '\b': esc = "\\b"; break;
    case '\f': esc = "\\f"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        snprintf(u, sizeof u, "\\u%04x", (unsigned)c);
        esc = u;
      } else if (c == 0xE2 && s[i + 1] == 0x80 &&
                 (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
        esc = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
        skip = 3;
      }
    }
    if (!esc) {
      i++;
      continue;
    }
    qalam__buf_put(b, text + start, i - start);
    qalam__buf_puts(b, esc);
    i += skip;
    start = i;
  }
  qalam__buf_put(b, text + start, len - start);
  qalam__buf_putc(b, '"');
  return QALAM_OK;
}

/* `indent"key": "value"` followed by ",\n" unless `last`. */
static int member(qalam_buf *b, const char *indent, const char *key,
                  const char *value, int last) {
  qalam__buf_printf(b, "%s\"%s\": ", indent, key);
  int rc = json_string(b, value);
  qalam__buf_puts(b, last ? "\n" : ",\n");
  return rc;
}

static int date_member(qalam_buf *b, const char *indent, const char *key,
                       int64_t time, int offset) {
  qalam__buf_printf(b, "%s\"%s\": \"", indent, key);
  int rc = qalam__date_put(b, time, offset, 0);
  qalam__buf_puts(b, "\",\n");
  return rc;
}

static int json_head(qalam__feed *f, qalam_buf *b) {
  int rc;
  qalam__buf_puts(b, "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n");
  if ((rc = member(b, "  ", "title", f->title, 0)) ||
      (rc = member(b, "  ", "home_page_url", f->home_url, 0)) ||
      (rc = member(b, "  ", "feed_url", f->self_url, 0)))
    return rc;
  qalam__buf_puts(b, "  \"language\": \"");
  qalam__lang_put(b, f->lang);
  qalam__buf_puts(b, "\",\n  \"items\": [");
  return QALAM_OK;
}

static int json_entry(qalam__feed *f, qalam_buf *b,
                      const qalam__feed_entry *e) {
  const qalam_article *a = e->article;
  const char *author = qalam_article_author(a);
  const char *source = qalam_article_source_url(a);
  const char *lang = qalam_article_lang(a);
  const char *in = "      ";
  int rc;
  qalam__buf_puts(b, f->count ? ",\n    {\n" : "\n    {\n");
  if ((rc = member(b, in, "id", e->url, 0)) ||
      (rc = member(b, in, "url", e->url, 0)) ||
      (source && (rc = member(b, in, "external_url", source, 0))) ||
      (rc = member(b, in, "title", qalam_article_title(a), 0)))
    return rc;
  if (e->lead_only) {
    rc = member(b, in, "content_text", e->lead, 0);
  } else {
    rc = member(b, in, "content_html", e->html, 0);
    if (!rc && e->lead) rc = member(b, in, "summary", e->lead, 0);
  }
  if (rc || (rc = date_member(b, in, "date_published", e->published,
                              f->offset)) ||
      (rc = date_member(b, in, "date_modified", e->updated, f->offset)))
    return rc;
  if (author) {
    qalam__buf_printf(b, "%s\"authors\": [{\"name\": ", in);
    if ((rc = json_string(b, author))) return rc;
    qalam__buf_puts(b, "}],\n");
  }
  size_t n = qalam_article_tag_count(a);
  if (n) {
    qalam__buf_printf(b, "%s\"tags\": [", in);
    for (size_t i = 0; i < n; i++) {
      if (i) qalam__buf_puts(b, ", ");
      if ((rc = json_string(b, qalam_article_tag(a, i)))) return rc;
    }
    qalam__buf_puts(b, "],\n");
  }
  qalam__buf_printf(b, "%s\"language\": \"", in);
  qalam__lang_put(b, lang ? lang : f->store->lang);
  qalam__buf_puts(b, "\"\n    }");
  return QALAM_OK;
}

static int json_tail(qalam__feed *f, qalam_buf *b) {
  qalam__buf_puts(b, f->count ? "\n  ]\n}\n" : "]\n}\n");
  return QALAM_OK;
}

const qalam__feed_writer qalam__feed_json = {"feed.json", json_head,
                                             json_entry, json_tail};
