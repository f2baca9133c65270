/* date_internal.h - calendar arithmetic and checks shared by date.c,
 * date_parse.c and date_relative.c.
 *
 * Proleptic Gregorian calendar in int64_t (Howard Hinnant's
 * days_from_civil / civil_from_days): no libc time functions, no time zone
 * database, no global state. */
#ifndef QALAM_CORE_DATE_INTERNAL_H
#define QALAM_CORE_DATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#include "date_cldr.h"

#define QALAM__DATE_OFFSET_MAX 1439 /* minutes either side of UTC */
#define QALAM__YEAR_MIN 1
#define QALAM__YEAR_MAX 9999

/* A time broken down at an offset. */
typedef struct qalam_date_fields {
  int64_t year;
  int month;   /* 1..12 */
  int day;     /* 1..31 */
  int hour;    /* 0..23 */
  int minute;  /* 0..59 */
  int second;  /* 0..59 */
  int weekday; /* 0 Monday .. 6 Sunday */
} qalam_date_fields;

/* Days since 1970-01-01 of a valid civil date, and back. */
int64_t qalam__days_from_civil(int64_t y, int m, int d);
void qalam__civil_from_days(int64_t days, int64_t *y, int *m, int *d);

int qalam__is_leap(int64_t y);
int qalam__days_in_month(int64_t y, int m); /* m 1..12 */

/* Floor division and its non-negative remainder. */
int64_t qalam__floor_div(int64_t a, int64_t b, int64_t *rem);

/* English month names, for messages ("February"). */
extern const char *const qalam__month_names_en[12];

/* QALAM_OK, or QALAM_EINVAL with a message when the offset lies outside
 * -1439..1439 minutes. `what` names the argument. */
int qalam__date_check_offset(int offset_minutes, const char *what);

/* QALAM_EINVAL naming `what` when `t` is outside QALAM_TIME_MIN..MAX. */
int qalam__date_check_time(int64_t t, const char *what);

/* Breaks `time` down at `offset_minutes` (already checked); QALAM_EINVAL
 * with "year N is out of range 1..9999 ..." when the local year is outside
 * the supported range, or when `time` itself is outside QALAM_TIME_MIN..MAX.
 * Never overflows, whatever `time` is. */
int qalam__date_split(qalam_date_fields *f, int64_t time, int offset_minutes);

/* Resolves "en", "ru-KZ", "kk_KZ" ... to the built-in locale; QALAM_EINVAL
 * ("unsupported language ...") or QALAM_EUTF8 otherwise, with the message
 * set. */
int qalam__date_locale(const qalam_date_locale **out, const char *lang);

/* Writes "+05:00" (colon != 0) or "+0500" into dst (at least 7 bytes). */
void qalam__date_offset_text(char *dst, int offset_minutes, int colon);

/* Appends `time` at `offset_minutes` as RFC 822 (rfc822 set) or RFC 3339;
 * the errors of qalam_date_rfc822(), nothing appended on failure. */
int qalam__date_put(qalam_buf *b, int64_t time, int offset_minutes, int rfc822);

/* A pattern, cut into letters and literals (TR35 quoting: text in single
 * quotes is literal, '' is one quote, inside quotes or out). */
typedef struct qalam_date_lexer {
  const char *pattern;
  size_t i;      /* byte offset of the next token */
  size_t cp;     /* its position in code points, for messages */
  int in_quote;
  size_t quote_pos; /* where the open quote started */
} qalam_date_lexer;

typedef struct qalam_date_token {
  char letter;     /* an ASCII letter, or 0 for literal text */
  size_t count;    /* how many times the letter repeats */
  const char *lit; /* literal bytes (letter == 0) */
  size_t lit_len;
  size_t pos;      /* position in code points, counted from 0 */
} qalam_date_token;

void qalam__date_lexer_init(qalam_date_lexer *lx, const char *pattern);
/* 1 with the next token, 0 at the end, or QALAM_EINVAL with the message
 * set (an unterminated quote). */
int qalam__date_lexer_next(qalam_date_lexer *lx, qalam_date_token *tok);

/* Sets the message for a letter the caller does not accept. */
int qalam__date_bad_letter(const qalam_date_token *tok, const char *pattern);

/* The plural category (QALAM__PLURAL_*) of a non-negative integer. */
int qalam__plural_category(int lang, int64_t n);

#endif
