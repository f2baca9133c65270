/* utf8.h - UTF-8 decoding and validation shared by every module. */
#ifndef QALAM_CORE_UTF8_H
#define QALAM_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the well-formed UTF-8 sequence at s[0..len), with its code
 * point in *cp; 0 when the bytes there are not well-formed. */
size_t qalam__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* QALAM_OK, or QALAM_EUTF8 with the message "invalid UTF-8 in <what> at
 * byte <offset>" (and the offset in *error_offset when not NULL). */
int qalam__utf8_check(const char *text, size_t len, const char *what,
                      size_t *error_offset);

/* Checks a NUL-terminated argument: QALAM_EINVAL naming `what` when NULL,
 * QALAM_EUTF8 when invalid. For the start of public functions. */
int qalam__check_text(const char *text, const char *what);

/* Number of code points in valid UTF-8. */
size_t qalam__utf8_length(const char *s, size_t len);

#endif
