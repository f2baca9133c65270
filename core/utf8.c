/* utf8.c - UTF-8 decoding and validation (RFC 3629). */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#include "error.h"
#include "qalam/text.h"

size_t qalam__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  if (len == 0) return 0;
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0; /* continuation byte, overlong lead C0/C1, or F5..FF */
  }
  if (len < n) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

int qalam__utf8_check(const char *text, size_t len, const char *what,
                      size_t *error_offset) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    if (s[i] < 0x80) { /* ASCII runs, eight bytes at a time */
      i++;
      while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080)) break;
        i += 8;
      }
      continue;
    }
    /* runs of two-byte characters (Cyrillic, Latin letters with marks) */
    while (len - i >= 2 && s[i] >= 0xC2 && s[i] <= 0xDF &&
           (s[i + 1] & 0xC0) == 0x80)
      i += 2;
    if (i == len || s[i] < 0x80) continue;
    uint32_t cp;
    size_t n = qalam__utf8_decode(s + i, len - i, &cp);
    if (n == 0) {
      if (error_offset) *error_offset = i;
      return qalam__error(QALAM_EUTF8,
                          "invalid UTF-8 in %s at byte %zu (0x%02X)", what, i,
                          s[i]);
    }
    i += n;
  }
  return QALAM_OK;
}

int qalam__check_text(const char *text, const char *what) {
  if (text == NULL) return qalam__error(QALAM_EINVAL, "%s is NULL", what);
  return qalam__utf8_check(text, strlen(text), what, NULL);
}

size_t qalam__utf8_length(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
  return n;
}

int qalam_utf8_validate(size_t *error_offset, const char *text, size_t len) {
  qalam__error_clear();
  if (text == NULL && len != 0)
    return qalam__error(QALAM_EINVAL, "text is NULL");
  return qalam__utf8_check(text, len, "text", error_offset);
}
