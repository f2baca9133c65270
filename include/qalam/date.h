/*
 * qalam/date.h - formatting and parsing dates, in en, ru and kk.
 *
 * A time is Unix seconds (UTC) as int64_t, shown at a UTC offset in
 * minutes (Kazakhstan: +300). Locale data is built in, generated from CLDR
 * (docs/dates.md says which version); the system locale and setlocale()
 * are never consulted, and every function is thread-safe.
 *
 * Supported range: a time within QALAM_TIME_MIN..QALAM_TIME_MAX whose
 * date at the offset also falls in years 1 to 9999; anything outside it is
 * QALAM_EINVAL, never a wrong date. Offsets must lie within
 * -1439..+1439 minutes. Languages are "en", "ru" and "kk" (a region suffix
 * such as "ru-KZ" or "kk_KZ" is accepted and ignored); any other is
 * QALAM_EINVAL. `char **out` results belong to the caller and are freed with
 * qalam_free(); on failure outputs are left as they were.
 */
#ifndef QALAM_DATE_H
#define QALAM_DATE_H

#include "common.h"

QALAM_BEGIN_DECL

/* Smallest and largest time accepted: 0001-01-01T00:00:00Z and
 * 9999-12-31T23:59:59Z. */
#define QALAM_TIME_MIN INT64_C(-62135596800)
#define QALAM_TIME_MAX INT64_C(253402300799)

/* Formats `time` at `offset_minutes` with a CLDR date pattern in `lang`.
 *
 * Pattern letters (CLDR / Unicode TR35):
 *   d dd        day of month (1, 01)
 *   M MM        month number (2, 02)
 *   MMM MMMM    month name, abbreviated / wide, format context
 *               (ru "февр." / "февраля", as in "13 февраля 2026")
 *   L LL        month number, stand-alone
 *   LLL LLLL    month name, stand-alone context (ru "февраль 2026")
 *   y yy yyy+   year (2026, 26, zero-padded to the count)
 *   E EEE       weekday, abbreviated; EEEE wide
 *   H HH        hour 0-23; h hh hour 1-12
 *   m mm s ss   minute, second
 *   a           AM/PM marker of the language
 * Text in single quotes is literal ('ж.'); '' is a single quote. ASCII
 * letters outside quotes that are not listed above are QALAM_EINVAL, as are
 * other counts of the listed letters; every other character is copied.
 *
 * Example: pattern "dd.MM.y" gives "13.02.2026".
 *
 * Errors: QALAM_EINVAL (NULL argument, bad pattern, unknown language, time
 * or offset out of range), QALAM_EUTF8 (pattern), QALAM_ENOMEM. */
QALAM_API int qalam_date_format(char **out, int64_t time, int offset_minutes,
                                const char *pattern, const char *lang);

/* CLDR's predefined date lengths. */
typedef enum qalam_date_style {
  QALAM_DATE_SHORT = 0,  /* en "2/13/26", ru "13.02.2026" */
  QALAM_DATE_MEDIUM = 1, /* en "Feb 13, 2026", ru "13 февр. 2026 г." */
  QALAM_DATE_LONG = 2,   /* en "February 13, 2026" */
  QALAM_DATE_FULL = 3    /* en "Friday, February 13, 2026" */
} qalam_date_style;

/* The CLDR date pattern of `style` in `lang`, e.g. "d MMMM y 'г'." for
 * QALAM_DATE_LONG in ru. The string is static: do not free it.
 * Errors: QALAM_EINVAL (NULL out, unknown style or language). */
QALAM_API int qalam_date_style_pattern(const char **out,
                                       qalam_date_style style,
                                       const char *lang);

/* Formats `time` with the CLDR pattern of `style` in `lang`; the same as
 * qalam_date_format() with qalam_date_style_pattern()'s pattern. */
QALAM_API int qalam_date_format_style(char **out, int64_t time,
                                      int offset_minutes,
                                      qalam_date_style style,
                                      const char *lang);

/* Relative time from `now` to `time` with CLDR's wording and the
 * language's plural rules: "3 hours ago", "in 2 days", "3 часа назад",
 * "21 минуту назад", "3 сағат бұрын". The unit is the largest that fits,
 * with whole units rounded towards zero:
 *   under 1 minute: seconds ("now" when equal), under 1 hour: minutes,
 *   under 1 day: hours, under 30 days: days, under 365 days: months of
 *   30 days, otherwise years of 365 days.
 *
 * Errors: QALAM_EINVAL (NULL out, unknown language, `time` or `now`
 * outside QALAM_TIME_MIN..QALAM_TIME_MAX), QALAM_ENOMEM. */
QALAM_API int qalam_date_format_relative(char **out, int64_t time,
                                         int64_t now, const char *lang);

/* RFC 822 date as RSS 2.0 uses it, at the given offset, with a four-digit
 * year and English names: "Fri, 13 Feb 2026 10:30:00 +0500".
 * Errors: QALAM_EINVAL (NULL out, time or offset out of range),
 * QALAM_ENOMEM. */
QALAM_API int qalam_date_rfc822(char **out, int64_t time, int offset_minutes);

/* RFC 3339 date-time as Atom and JSON Feed use it, at the given offset:
 * "2026-02-13T10:30:00+05:00" ("Z" at offset 0).
 * Errors: as qalam_date_rfc822(). */
QALAM_API int qalam_date_rfc3339(char **out, int64_t time, int offset_minutes);

/* Parses a date into Unix time and the UTC offset it was written at.
 *
 * With `pattern` NULL, accepts ISO 8601 / RFC 3339 forms:
 *   2026-02-13                        (midnight)
 *   2026-02-13T10:30, 2026-02-13T10:30:15, with ".fraction" seconds
 *   (dropped), 'T' or one space between date and time,
 *   followed by nothing, "Z" or an offset "+05:00" / "+0500" / "+05";
 * and the site's own "dd.MM.y" (13.02.2026; also 13.2.2026 or 1.2.2026:
 * one or two digits of day and month, always four of year).
 *
 * With a pattern, the text must match it exactly: the numeric letters
 * d dd M MM y yyyy H HH m mm s ss and quoted or plain literal characters
 * are supported; names (MMM, EEEE, a) are not (QALAM_EINVAL).
 *
 * A text without an offset is read at `default_offset_minutes`. On success
 * *time_out gets the Unix time and *offset_out (when not NULL) the offset.
 *
 * Invalid dates are errors, never normalised: "31.02.2026" fails with
 * "invalid date '31.02.2026': day 31 is out of range for February 2026".
 * Hour 24 and second 60 are rejected, and so is trailing text. The result
 * must also lie within QALAM_TIME_MIN..QALAM_TIME_MAX in UTC.
 * Errors: QALAM_EINVAL (NULL argument, text that does not match, a field out
 * of range, year outside 1..9999), QALAM_EUTF8, QALAM_ENOMEM. */
QALAM_API int qalam_date_parse(int64_t *time_out, int *offset_out,
                               const char *text, const char *pattern,
                               int default_offset_minutes);

QALAM_END_DECL

#endif
