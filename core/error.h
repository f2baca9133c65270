/* error.h - setting this thread's last error. */
#ifndef QALAM_CORE_ERROR_H
#define QALAM_CORE_ERROR_H

#include "qalam/common.h"

#if defined(__GNUC__)
#define QALAM__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define QALAM__PRINTF(f, a)
#endif

/* Every public function calls this first. */
void qalam__error_clear(void);

/* Records `code` and a printf-style message for qalam_error_message() and
 * returns `code`, so that failures read `return qalam__error(...)`. Never
 * allocates: the message lives in a fixed thread-local buffer and a long one
 * is cut at a UTF-8 character boundary. */
int qalam__error(int code, const char *fmt, ...) QALAM__PRINTF(2, 3);

/* Shorthand for the out-of-memory failure. */
int qalam__oom(void);

/* Quotes a user's value for a message: copies at most `max` bytes of `text`
 * (cut at a character boundary, "..." appended when cut) into `dst` of
 * `size` bytes. For "invalid date '...'" style messages. */
const char *qalam__quote(char *dst, size_t size, const char *text);

#endif
