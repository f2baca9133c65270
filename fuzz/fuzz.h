/*
 * fuzz.h - small helpers shared by the fuzz targets.
 *
 * Every target defines LLVMFuzzerTestOneInput(). It is linked either with
 * libFuzzer (scripts/fuzz) or with standalone.c, which replays a corpus
 * (ctest). Besides crashes and sanitizer reports, the targets check the
 * promises of the headers and abort through FUZZ_CHECK when one is broken.
 */
#ifndef QALAM_FUZZ_H
#define QALAM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qalam.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                              \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__,     \
              #cond);                                                      \
      fprintf(stderr, __VA_ARGS__);                                        \
      fprintf(stderr, "\n");                                               \
      abort();                                                             \
    }                                                                      \
  } while (0)

/* A NUL-terminated copy of `len` bytes (which may hold NULs of their own);
 * NULL when out of memory (the caller then skips the input). */
static inline char *fuzz_strndup(const uint8_t *data, size_t len) {
  char *s = malloc(len + 1);
  if (s) {
    if (len)
      memcpy(s, data, len);
    s[len] = '\0';
  }
  return s;
}

/* Reads bytes from the front of the input; 0 when it has run out. */
typedef struct fuzz_in {
  const uint8_t *data;
  size_t size;
} fuzz_in;

static inline unsigned fuzz_byte(fuzz_in *in) {
  if (!in->size)
    return 0;
  in->size--;
  return *in->data++;
}

static inline uint64_t fuzz_u64(fuzz_in *in, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++)
    v |= (uint64_t)fuzz_byte(in) << (8 * i);
  return v;
}

/* The next field: bytes up to the next NUL (or the end), as a new
 * NUL-terminated string; *more is 0 once the input is used up. */
static inline char *fuzz_field(fuzz_in *in, int *more) {
  const uint8_t *nul = in->size ? memchr(in->data, 0, in->size) : NULL;
  size_t len = nul ? (size_t)(nul - in->data) : in->size;
  char *s = fuzz_strndup(in->data, len);
  in->data += len;
  in->size -= len;
  *more = nul != NULL;
  if (nul) {
    in->data++;
    in->size--;
  }
  return s;
}

/* A reference UTF-8 check (RFC 3629), independent of the library's. */
static inline int fuzz_utf8_ok(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *end = p + len;
  while (p < end) {
    unsigned c = *p;
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      p++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if ((size_t)(end - p) <= n)
      return 0;
    for (size_t i = 1; i <= n; i++) {
      if ((p[i] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    p += n + 1;
  }
  return 1;
}

/* Number of code points in valid UTF-8. */
static inline size_t fuzz_utf8_count(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Every negative return must be a documented code, with a message. */
static inline void fuzz_check_error(int rc, const char *call) {
  if (rc >= 0)
    return;
  FUZZ_CHECK(rc == QALAM_EINVAL || rc == QALAM_EUTF8 || rc == QALAM_ENOMEM ||
                 rc == QALAM_ENOTFOUND || rc == QALAM_EEXISTS ||
                 rc == QALAM_EIO || rc == QALAM_EBUSY ||
                 rc == QALAM_ECORRUPT || rc == QALAM_ESCHEMA ||
                 rc == QALAM_EREADONLY,
             "%s returned unknown code %d", call, rc);
  FUZZ_CHECK(qalam_error_code() == rc, "%s returned %d, last error %d", call,
             rc, qalam_error_code());
  FUZZ_CHECK(qalam_error_message()[0] != '\0', "%s returned %d, no message",
             call, rc);
}

#endif
