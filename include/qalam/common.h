/*
 * qalam/common.h - export macro, error codes, error messages, memory.
 *
 * Conventions that hold for the whole API (see docs/conventions.md):
 *
 * - Functions that can fail return `int`: QALAM_OK (0) or a negative
 *   QALAM_E* code. Results come back through out-parameters, which come
 *   first; an out-parameter is written only on success.
 * - Every public call clears this thread's last error on entry. After a
 *   negative return, qalam_error_message() says what went wrong.
 * - Text is UTF-8 and NUL-terminated. Invalid UTF-8 is rejected with
 *   QALAM_EUTF8 and the byte offset in the message; it is never stored.
 * - A `char **out` result belongs to the caller, who frees it with
 *   qalam_free() (never with libc free(): the allocator may be replaced).
 * - The library never aborts on out-of-memory: it returns QALAM_ENOMEM and
 *   leaves its outputs and objects as they were.
 */
#ifndef QALAM_COMMON_H
#define QALAM_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define QALAM_BEGIN_DECL extern "C" {
#define QALAM_END_DECL }
#else
#define QALAM_BEGIN_DECL
#define QALAM_END_DECL
#endif

/* Marks the public API. The library is built with -fvisibility=hidden, so
 * only functions declared with QALAM_API are exported. */
#if defined(_WIN32) && !defined(QALAM_STATIC)
#if defined(QALAM_BUILDING)
#define QALAM_API __declspec(dllexport)
#else
#define QALAM_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define QALAM_API __attribute__((visibility("default")))
#else
#define QALAM_API
#endif

QALAM_BEGIN_DECL

/* Return codes. Values are part of the ABI and never change; new codes are
 * only ever added. */
typedef enum qalam_code {
  QALAM_OK = 0,
  QALAM_EINVAL = -1,    /* invalid argument or input */
  QALAM_EUTF8 = -2,     /* text is not valid UTF-8 */
  QALAM_ENOTFOUND = -3, /* the thing asked for does not exist */
  QALAM_EEXISTS = -4,   /* it already exists (e.g. a duplicate slug) */
  QALAM_ENOMEM = -5,    /* an allocation failed */
  QALAM_EIO = -6,       /* reading or writing a file failed */
  QALAM_EBUSY = -7,     /* the store is locked by another writer */
  QALAM_ECORRUPT = -8,  /* the data is damaged or not what it claims */
  QALAM_ESCHEMA = -9,   /* store schema unknown or newer than this library */
  QALAM_EREADONLY = -10, /* a write to something opened read-only */
  QALAM_ITEROVER = -100  /* no more items: the normal end of an iteration */
} qalam_code;

/* The name and a one-line meaning of a return code, e.g.
 * "QALAM_ENOTFOUND: not found". Never NULL; unknown codes give
 * "unknown error". The string is static: do not free it. */
QALAM_API const char *qalam_strerror(int code);

/* What went wrong in the last failed call on this thread, in words a user
 * can act on ("invalid date '31.02.2026': day 31 is out of range for
 * February"). Read it right after a negative return: every public call
 * clears it on entry. Returns "" when the last call succeeded. Never NULL.
 * The string is owned by the library and valid until the next qalam call on
 * this thread. */
QALAM_API const char *qalam_error_message(void);

/* The code of the last failed call on this thread, or QALAM_OK. */
QALAM_API int qalam_error_code(void);

/* Frees memory the library handed to the caller through a `char **out`
 * parameter (or any other documented "free with qalam_free" result).
 * NULL is a no-op. */
QALAM_API void qalam_free(void *ptr);

QALAM_END_DECL

#endif
