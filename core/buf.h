/* buf.h - a growable byte string with a sticky out-of-memory flag.
 *
 * Appends after a failed allocation do nothing, so a writer appends freely
 * and checks once at the end with qalam__buf_finish(). */
#ifndef QALAM_CORE_BUF_H
#define QALAM_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "error.h"

typedef struct qalam_buf {
  char *ptr;  /* NUL-terminated when len > 0 and !failed */
  size_t len;
  size_t cap;
  int failed; /* an allocation failed: contents are incomplete */
} qalam_buf;

#define QALAM_BUF_INIT {NULL, 0, 0, 0}

/* Makes room for `extra` more bytes plus a NUL; 0 or -1 (and failed set). */
int qalam__buf_grow(qalam_buf *buf, size_t extra);
void qalam__buf_put(qalam_buf *buf, const char *data, size_t len);
void qalam__buf_puts(qalam_buf *buf, const char *s);
void qalam__buf_putc(qalam_buf *buf, char c);
/* Appends one Unicode code point as UTF-8. */
void qalam__buf_put_utf8(qalam_buf *buf, unsigned int cp);
void qalam__buf_printf(qalam_buf *buf, const char *fmt, ...)
    QALAM__PRINTF(2, 3);
void qalam__buf_truncate(qalam_buf *buf, size_t len);
void qalam__buf_free(qalam_buf *buf);

/* Hands the string to *out (an empty string when nothing was appended) and
 * returns QALAM_OK, or frees it and returns QALAM_ENOMEM (with the message
 * set) when any append failed. The buffer is empty afterwards. */
int qalam__buf_finish(char **out, qalam_buf *buf);

#endif
