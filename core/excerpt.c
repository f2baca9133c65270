/* excerpt.c - plain-text excerpts cut at word boundaries (qalam/text.h). */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "qalam/text.h"
#include "utf8.h"

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */

/* Unicode White_Space characters: ASCII space, tab, LF, VT, FF, CR, and
 * NEL, no-break space, the typographic spaces, line and paragraph
 * separators, narrow and medium mathematical spaces, ideographic space. */
static int is_space(uint32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return 1;
  if (cp < 0x80) return 0;
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int qalam_excerpt(char **out, const char *text, size_t max_chars) {
  qalam__error_clear();
  if (out == NULL)
    return qalam__error(QALAM_EINVAL,
                        "out is NULL: pass the address of a char * to "
                        "receive the excerpt");
  int rc = qalam__check_text(text, "text");
  if (rc != QALAM_OK) return rc;
  if (max_chars == 0)
    return qalam__error(QALAM_EINVAL,
                        "max_chars is 0: an excerpt needs room for at least "
                        "one character");

  const unsigned char *s = (const unsigned char *)text;
  size_t len = strlen(text);
  qalam_buf b = QALAM_BUF_INIT;
  size_t chars = 0;     /* code points in b */
  int pending_space = 0; /* white space seen since the last word character */
  int cut = 0;          /* the folded text is longer than max_chars */
  int cut_in_word = 0;  /* ... and the character past the limit continues a
                           word */

  for (size_t i = 0; i < len && !b.failed;) {
    uint32_t cp;
    size_t n = qalam__utf8_decode(s + i, len - i, &cp);
    if (n == 0) n = 1; /* never: the text was validated */
    if (is_space(cp)) {
      pending_space = 1;
      i += n;
      continue;
    }
    if (pending_space && b.len > 0) {
      if (chars == max_chars) { /* the words so far fill the excerpt */
        cut = 1;
        break;
      }
      qalam__buf_putc(&b, ' ');
      chars++;
    }
    pending_space = 0;
    if (chars == max_chars) {
      cut = 1;
      cut_in_word = 1;
      break;
    }
    qalam__buf_put(&b, text + i, n);
    chars++;
    i += n;
  }

  if (cut && !b.failed) {
    if (cut_in_word) {
      /* Drop the partial word, unless it is the only one. */
      size_t end = b.len;
      while (end > 0 && b.ptr[end - 1] != ' ') end--;
      if (end > 0) qalam__buf_truncate(&b, end);
    }
    size_t end = b.len;
    while (end > 0 && b.ptr[end - 1] == ' ') end--;
    qalam__buf_truncate(&b, end);
    qalam__buf_puts(&b, ELLIPSIS);
  }
  return qalam__buf_finish(out, &b);
}
