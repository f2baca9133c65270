/* escape.c - HTML and XML escaping (qalam/text.h). */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "escape_internal.h"
#include "qalam/text.h"
#include "utf8.h"

/* The replacement for characters XML 1.0 cannot carry: U+FFFD, in UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"

/* A C0 control character that XML 1.0 forbids (all but tab, LF, CR). */
static int xml_illegal_control(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/* U+FFFE or U+FFFF at s: EF BF BE / EF BF BF. */
static int xml_noncharacter(const unsigned char *s) {
  return s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF);
}

/* What replaces the character at s (NULL: copied as is); *skip is the
 * number of input bytes it covers. The text is valid UTF-8, so a lead byte
 * 0xEF is followed by two more bytes. */
static const char *replacement(const unsigned char *s, int xml,
                               size_t *skip) {
  *skip = 1;
  switch (s[0]) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  case '\'': return xml ? "&apos;" : "&#39;";
  default: break;
  }
  if (!xml) return NULL;
  if (xml_illegal_control(s[0])) return REPLACEMENT;
  if (xml_noncharacter(s)) {
    *skip = 3;
    return REPLACEMENT;
  }
  return NULL;
}

int qalam__escape_put(qalam_buf *b, const char *text, int xml) {
  int rc = qalam__check_text(text, "text");
  if (rc != QALAM_OK) return rc;

  const unsigned char *s = (const unsigned char *)text;

  /* Most values (URLs, paths, slugs) are printable ASCII with nothing to
   * replace: copied in one piece. */
  size_t plain = 0;
  while (s[plain] >= 0x20 && s[plain] < 0x7F && s[plain] != '&' &&
         s[plain] != '<' && s[plain] != '>' && s[plain] != '"' &&
         s[plain] != '\'')
    plain++;
  if (s[plain] == '\0') {
    qalam__buf_put(b, text, plain);
    return QALAM_OK;
  }

  /* Size the result first so that it takes one allocation. */
  size_t need = 0;
  for (size_t i = 0; s[i];) {
    size_t skip;
    const char *r = replacement(s + i, xml, &skip);
    size_t add = r ? strlen(r) : 1;
    if (need > SIZE_MAX - add - 1) return qalam__oom();
    need += add;
    i += r ? skip : 1;
  }

  qalam__buf_grow(b, b->len + need);
  size_t start = 0, i = 0;
  while (s[i]) {
    size_t skip;
    const char *r = replacement(s + i, xml, &skip);
    if (r == NULL) {
      i++;
      continue;
    }
    qalam__buf_put(b, text + start, i - start);
    qalam__buf_puts(b, r);
    i += skip;
    start = i;
  }
  qalam__buf_put(b, text + start, i - start);
  return QALAM_OK;
}

static int escape(char **out, const char *text, int xml) {
  if (out == NULL)
    return qalam__error(QALAM_EINVAL,
                        "out is NULL: pass the address of a char * to "
                        "receive the escaped text");
  qalam_buf b = QALAM_BUF_INIT;
  int rc = qalam__escape_put(&b, text, xml);
  if (rc != QALAM_OK) {
    qalam__buf_free(&b);
    return rc;
  }
  return qalam__buf_finish(out, &b);
}

int qalam_html_escape(char **out, const char *text) {
  qalam__error_clear();
  return escape(out, text, 0);
}

int qalam_xml_escape(char **out, const char *text) {
  qalam__error_clear();
  return escape(out, text, 1);
}
