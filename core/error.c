/* error.c - error codes, names and the thread-local last error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MESSAGE_SIZE 1024

static _Thread_local int last_code = QALAM_OK;
static _Thread_local char last_message[MESSAGE_SIZE];

void qalam__error_clear(void) {
  last_code = QALAM_OK;
  last_message[0] = '\0';
}

/* Moves `len` back so that the string does not end inside a UTF-8
 * sequence. */
static size_t utf8_boundary(const char *s, size_t len) {
  size_t end = len;
  while (end > 0 && ((unsigned char)s[end - 1] & 0xC0) == 0x80) end--;
  if (end == 0) return len;
  unsigned char lead = (unsigned char)s[end - 1];
  size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  return (len - (end - 1) >= need) ? len : end - 1;
}

int qalam__error(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(last_message, MESSAGE_SIZE, fmt, ap);
  va_end(ap);
  if (n < 0) {
    last_message[0] = '\0';
  } else if (n >= MESSAGE_SIZE) {
    last_message[utf8_boundary(last_message, MESSAGE_SIZE - 1)] = '\0';
  }
  last_code = code;
  return code;
}

int qalam__oom(void) { return qalam__error(QALAM_ENOMEM, "out of memory"); }

const char *qalam__quote(char *dst, size_t size, const char *text) {
  size_t len = strlen(text);
  if (len < size) {
    memcpy(dst, text, len + 1);
    return dst;
  }
  size_t keep = utf8_boundary(text, size - 4);
  memcpy(dst, text, keep);
  memcpy(dst + keep, "...", 4);
  return dst;
}

const char *qalam_error_message(void) { return last_message; }

int qalam_error_code(void) { return last_code; }

const char *qalam_strerror(int code) {
  switch (code) {
  case QALAM_OK: return "QALAM_OK: success";
  case QALAM_EINVAL: return "QALAM_EINVAL: invalid argument or input";
  case QALAM_EUTF8: return "QALAM_EUTF8: invalid UTF-8";
  case QALAM_ENOTFOUND: return "QALAM_ENOTFOUND: not found";
  case QALAM_EEXISTS: return "QALAM_EEXISTS: already exists";
  case QALAM_ENOMEM: return "QALAM_ENOMEM: out of memory";
  case QALAM_EIO: return "QALAM_EIO: input/output error";
  case QALAM_EBUSY: return "QALAM_EBUSY: busy, locked by another writer";
  case QALAM_ECORRUPT: return "QALAM_ECORRUPT: data is corrupt";
  case QALAM_ESCHEMA: return "QALAM_ESCHEMA: unsupported schema version";
  case QALAM_EREADONLY: return "QALAM_EREADONLY: opened read-only";
  case QALAM_ITEROVER: return "QALAM_ITEROVER: end of iteration";
  default: return "unknown error";
  }
}
