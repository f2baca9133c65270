/* buf.c - growable byte strings (buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

int qalam__buf_grow(qalam_buf *buf, size_t extra) {
  if (buf->failed) return -1;
  if (extra >= SIZE_MAX - buf->len) goto fail;
  size_t need = buf->len + extra + 1;
  if (need <= buf->cap) return 0;
  size_t cap = buf->cap ? buf->cap : 64;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = qalam__realloc(buf->ptr, cap);
  if (!p) goto fail;
  buf->ptr = p;
  buf->cap = cap;
  return 0;
fail:
  buf->failed = 1;
  return -1;
}

void qalam__buf_put(qalam_buf *buf, const char *data, size_t len) {
  if (qalam__buf_grow(buf, len)) return;
  if (len) memcpy(buf->ptr + buf->len, data, len);
  buf->len += len;
  buf->ptr[buf->len] = '\0';
}

void qalam__buf_puts(qalam_buf *buf, const char *s) {
  qalam__buf_put(buf, s, strlen(s));
}

void qalam__buf_putc(qalam_buf *buf, char c) { qalam__buf_put(buf, &c, 1); }

void qalam__buf_put_utf8(qalam_buf *buf, unsigned int cp) {
  char b[4];
  size_t n;
  if (cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xC0 | (cp >> 6));
    b[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | (cp >> 12));
    b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  qalam__buf_put(buf, b, n);
}

void qalam__buf_printf(qalam_buf *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    buf->failed = 1;
    return;
  }
  if (qalam__buf_grow(buf, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf->len += (size_t)n;
}

void qalam__buf_truncate(qalam_buf *buf, size_t len) {
  if (len < buf->len) {
    buf->len = len;
    buf->ptr[len] = '\0';
  }
}

void qalam__buf_free(qalam_buf *buf) {
  qalam__free(buf->ptr);
  buf->ptr = NULL;
  buf->len = buf->cap = 0;
  buf->failed = 0;
}

int qalam__buf_finish(char **out, qalam_buf *buf) {
  if (!buf->failed && buf->ptr == NULL) qalam__buf_grow(buf, 0);
  if (buf->failed) {
    qalam__buf_free(buf);
    return qalam__oom();
  }
  buf->ptr[buf->len] = '\0';
  *out = buf->ptr;
  buf->ptr = NULL;
  buf->len = buf->cap = 0;
  return QALAM_OK;
}
