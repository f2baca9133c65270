/* escape.c - HTML and XML escaping (qalam/text.h). */
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

/* What escaping stops at, by byte: HTML_STOP for the five characters both
 * replace (and the NUL that ends the text), XML_STOP for what only XML
 * looks at (the C0 controls it forbids, and 0xEF, which may lead U+FFFE or
 * U+FFFF). Every other byte is copied as it is, a run at a time. */
enum { HTML_STOP = 1, XML_STOP = 2 };
static const unsigned char STOP[256] = {
    [0x00] = HTML_STOP | XML_STOP,
    [0x01] = XML_STOP, [0x02] = XML_STOP, [0x03] = XML_STOP,
    [0x04] = XML_STOP, [0x05] = XML_STOP, [0x06] = XML_STOP,
    [0x07] = XML_STOP, [0x08] = XML_STOP, [0x0B] = XML_STOP,
    [0x0C] = XML_STOP, [0x0E] = XML_STOP, [0x0F] = XML_STOP,
    [0x10] = XML_STOP, [0x11] = XML_STOP, [0x12] = XML_STOP,
    [0x13] = XML_STOP, [0x14] = XML_STOP, [0x15] = XML_STOP,
    [0x16] = XML_STOP, [0x17] = XML_STOP, [0x18] = XML_STOP,
    [0x19] = XML_STOP, [0x1A] = XML_STOP, [0x1B] = XML_STOP,
    [0x1C] = XML_STOP, [0x1D] = XML_STOP, [0x1E] = XML_STOP,
    [0x1F] = XML_STOP,
    ['&'] = HTML_STOP | XML_STOP, ['<'] = HTML_STOP | XML_STOP,
    ['>'] = HTML_STOP | XML_STOP, ['"'] = HTML_STOP | XML_STOP,
    ['\''] = HTML_STOP | XML_STOP,
    [0xEF] = XML_STOP,
};

int qalam__escape_put(qalam_buf *b, const char *text, int xml) {
  int rc = qalam__check_text(text, "text");
  if (rc != QALAM_OK) return rc;

  const unsigned char *s = (const unsigned char *)text;
  const unsigned char stop = xml ? XML_STOP : HTML_STOP;
  qalam__buf_grow(b, strlen(text)); /* at least the text: most is copied */
  size_t start = 0, i = 0;
  for (;;) {
    while (!(STOP[s[i]] & stop)) i++;
    if (s[i] == '\0') break;
    size_t skip;
    const char *r = replacement(s + i, xml, &skip);
    if (r == NULL) { /* 0xEF leading another character */
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
