/* date.c - formatting dates with CLDR patterns, RFC 822 and RFC 3339, and
 * the calendar arithmetic the date module shares (date_internal.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "date_internal.h"
#include "error.h"
#include "qalam/date.h"
#include "utf8.h"

/* ---- calendar --------------------------------------------------------- */

int64_t qalam__floor_div(int64_t a, int64_t b, int64_t *rem) {
  int64_t q = a / b, r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) {
    q--;
    r += b;
  }
  if (rem) *rem = r;
  return q;
}

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms". */
int64_t qalam__days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = qalam__floor_div(y, 400, NULL);
  int64_t yoe = y - era * 400;                                   /* 0..399 */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
  return era * 146097 + doe - 719468;
}

void qalam__civil_from_days(int64_t days, int64_t *y, int *m, int *d) {
  int64_t z = days + 719468;
  int64_t era = qalam__floor_div(z, 146097, NULL);
  int64_t doe = z - era * 146097;                                     /* 0..146096 */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* 0..365 */
  int64_t mp = (5 * doy + 2) / 153;                                   /* 0..11 */
  int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
  int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (mm <= 2);
  *m = mm;
  *d = dd;
}

int qalam__is_leap(int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int qalam__days_in_month(int64_t y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && qalam__is_leap(y) ? 29 : days[m - 1];
}

const char *const qalam__month_names_en[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/* The n low decimal digits of v >= 0 at p, zero-padded. */
static void put_digits(char *p, int64_t v, int n) {
  for (int i = n - 1; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
}

/* By hand, not printf: a sitemap and every feed entry write one. */
void qalam__date_offset_text(char *dst, int offset_minutes, int colon) {
  int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  *dst++ = offset_minutes < 0 ? '-' : '+';
  put_digits(dst, (a / 60) % 100, 2);
  dst += 2;
  if (colon) *dst++ = ':';
  put_digits(dst, a % 60, 2);
  dst[2] = '\0';
}

int qalam__date_check_offset(int offset_minutes, const char *what) {
  if (offset_minutes < -QALAM__DATE_OFFSET_MAX ||
      offset_minutes > QALAM__DATE_OFFSET_MAX)
    return qalam__error(QALAM_EINVAL,
                        "%s %d is out of range -1439..1439 minutes "
                        "(-23:59..+23:59)",
                        what, offset_minutes);
  return QALAM_OK;
}

int qalam__date_check_time(int64_t t, const char *what) {
  if (t < QALAM_TIME_MIN || t > QALAM_TIME_MAX)
    return qalam__error(QALAM_EINVAL,
                        "%s %" PRId64 " is out of range %" PRId64 "..%" PRId64
                        " (0001-01-01T00:00:00Z..9999-12-31T23:59:59Z)",
                        what, t, QALAM_TIME_MIN, QALAM_TIME_MAX);
  return QALAM_OK;
}

int qalam__date_split(qalam_date_fields *f, int64_t time, int offset_minutes) {
  int64_t sod;
  int64_t days = qalam__floor_div(time, 86400, &sod);
  sod += (int64_t)offset_minutes * 60; /* now within -86340..172739 */
  if (sod < 0) {
    sod += 86400;
    days--;
  } else if (sod >= 86400) {
    sod -= 86400;
    days++;
  }
  qalam_date_fields r;
  qalam__civil_from_days(days, &r.year, &r.month, &r.day);
  if (r.year < QALAM__YEAR_MIN || r.year > QALAM__YEAR_MAX) {
    char off[8];
    qalam__date_offset_text(off, offset_minutes, 1);
    return qalam__error(QALAM_EINVAL,
                        "year %" PRId64 " is out of range 1..9999 (time %" PRId64
                        " at offset %s)",
                        r.year, time, off);
  }
  /* A time just outside the range shown at an offset that brings it back
   * into years 1..9999 would not parse back: refuse it too. */
  int rc = qalam__date_check_time(time, "time");
  if (rc != QALAM_OK) return rc;
  r.hour = (int)(sod / 3600);
  r.minute = (int)(sod / 60 % 60);
  r.second = (int)(sod % 60);
  int64_t wd;
  qalam__floor_div(days + 3, 7, &wd); /* 1970-01-01 was a Thursday */
  r.weekday = (int)wd;
  *f = r;
  return QALAM_OK;
}

/* ---- languages -------------------------------------------------------- */

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int ascii_alnum(int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

/* "ru", "ru-KZ", "kk_KZ", "ru-Cyrl-KZ": a language code of two letters (in
 * any case) and subtags of letters and digits separated by '-' or '_'. */
int qalam__date_locale(const qalam_date_locale **out, const char *lang) {
  int rc = qalam__check_text(lang, "lang");
  if (rc != QALAM_OK) return rc;
  int ok = 0;
  size_t i;
  for (i = 0; ascii_alnum((unsigned char)lang[i]); i++) {
  }
  const qalam_date_locale *found = NULL;
  if (i == 2) {
    for (int k = 0; k < QALAM__DATE_LOCALES; k++) {
      const char *code = qalam__date_locales[k].code;
      if (ascii_lower((unsigned char)lang[0]) == code[0] &&
          ascii_lower((unsigned char)lang[1]) == code[1])
        found = &qalam__date_locales[k];
    }
  }
  if (found) {
    ok = 1;
    /* The rest: ("-" | "_") 1*alnum, repeated. */
    while (lang[i] != '\0') {
      if (lang[i] != '-' && lang[i] != '_') {
        ok = 0;
        break;
      }
      size_t start = ++i;
      while (ascii_alnum((unsigned char)lang[i])) i++;
      if (i == start) {
        ok = 0;
        break;
      }
    }
  }
  if (!ok) {
    char q[80];
    return qalam__error(QALAM_EINVAL,
                        "unsupported language '%s' (supported: en, ru, kk)",
                        qalam__quote(q, sizeof q, lang));
  }
  *out = found;
  return QALAM_OK;
}

/* ---- pattern lexer ---------------------------------------------------- */

static int ascii_letter(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void qalam__date_lexer_init(qalam_date_lexer *lx, const char *pattern) {
  lx->pattern = pattern;
  lx->i = 0;
  lx->cp = 0;
  lx->in_quote = 0;
  lx->quote_pos = 0;
}

/* Moves over n bytes, counting code points. */
static void lexer_skip(qalam_date_lexer *lx, size_t n) {
  for (size_t k = 0; k < n; k++, lx->i++)
    if (((unsigned char)lx->pattern[lx->i] & 0xC0) != 0x80) lx->cp++;
}

int qalam__date_lexer_next(qalam_date_lexer *lx, qalam_date_token *tok) {
  const char *p = lx->pattern;
  for (;;) {
    char c = p[lx->i];
    if (c == '\0') {
      if (lx->in_quote) {
        char q[128];
        return qalam__error(QALAM_EINVAL,
                            "unterminated quote at position %zu in pattern "
                            "'%s' (write '' for a single quote)",
                            lx->quote_pos, qalam__quote(q, sizeof q, p));
      }
      return 0;
    }
    if (c == '\'') {
      if (p[lx->i + 1] == '\'') { /* '' is one quote, inside or outside */
        tok->letter = 0;
        tok->count = 0;
        tok->lit = p + lx->i;
        tok->lit_len = 1;
        tok->pos = lx->cp;
        lexer_skip(lx, 2);
        return 1;
      }
      if (!lx->in_quote) lx->quote_pos = lx->cp;
      lx->in_quote = !lx->in_quote;
      lexer_skip(lx, 1);
      continue;
    }
    tok->pos = lx->cp;
    size_t start = lx->i, end = start;
    if (!lx->in_quote && ascii_letter((unsigned char)c)) {
      while (p[end] == c) end++;
      tok->letter = c;
      tok->count = end - start;
    } else {
      while (p[end] != '\0' && p[end] != '\'' &&
             (lx->in_quote || !ascii_letter((unsigned char)p[end])))
        end++;
      tok->letter = 0;
      tok->count = 0;
    }
    tok->lit = p + start;
    tok->lit_len = end - start;
    lexer_skip(lx, end - start);
    return 1;
  }
}

int qalam__date_bad_letter(const qalam_date_token *tok, const char *pattern) {
  char q[128];
  qalam__quote(q, sizeof q, pattern);
  if (strchr("dMLyEHhmsa", tok->letter) == NULL)
    return qalam__error(QALAM_EINVAL,
                        "unknown pattern letter '%c' at position %zu in '%s'",
                        tok->letter, tok->pos, q);
  static const struct {
    char letter;
    const char *counts;
  } allowed[] = {{'d', "d or dd"},       {'M', "M, MM, MMM or MMMM"},
                 {'L', "L, LL, LLL or LLLL"}, {'y', "y, yy, yyy, ..."},
                 {'E', "E, EEE or EEEE"}, {'H', "H or HH"},
                 {'h', "h or hh"},       {'m', "m or mm"},
                 {'s', "s or ss"},       {'a', "a"}};
  const char *counts = "";
  for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
    if (allowed[k].letter == tok->letter) counts = allowed[k].counts;
  return qalam__error(QALAM_EINVAL,
                      "unsupported pattern letter '%c' repeated %zu times at "
                      "position %zu in '%s' (use %s)",
                      tok->letter, tok->count, tok->pos, q, counts);
}

/* ---- formatting ------------------------------------------------------- */

static void put_number(qalam_buf *b, int64_t v, size_t width) {
  char digits[24];
  int n = snprintf(digits, sizeof digits, "%" PRId64, v);
  for (size_t k = (size_t)n; k < width; k++) qalam__buf_putc(b, '0');
  qalam__buf_put(b, digits, (size_t)n);
}

/* Formats `f` with `pattern` into `b`; with `b` NULL only checks the
 * pattern. */
static int render(qalam_buf *b, const qalam_date_fields *f,
                  const qalam_date_locale *loc, const char *pattern) {
  qalam_date_lexer lx;
  qalam_date_token t;
  int r;
  qalam__date_lexer_init(&lx, pattern);
  while ((r = qalam__date_lexer_next(&lx, &t)) == 1) {
    if (t.letter == 0) {
      if (b) qalam__buf_put(b, t.lit, t.lit_len);
      continue;
    }
    size_t n = t.count;
    int ok;
    switch (t.letter) {
    case 'd': case 'H': case 'h': case 'm': case 's': ok = n <= 2; break;
    case 'M': case 'L': ok = n <= 4; break;
    case 'E': ok = n == 1 || n == 3 || n == 4; break;
    case 'a': ok = n == 1; break;
    case 'y': ok = 1; break;
    default: ok = 0;
    }
    if (!ok) return qalam__date_bad_letter(&t, pattern);
    if (!b) continue;
    switch (t.letter) {
    case 'd': put_number(b, f->day, n); break;
    case 'H': put_number(b, f->hour, n); break;
    case 'h': put_number(b, f->hour % 12 == 0 ? 12 : f->hour % 12, n); break;
    case 'm': put_number(b, f->minute, n); break;
    case 's': put_number(b, f->second, n); break;
    case 'M':
    case 'L':
      if (n <= 2) {
        put_number(b, f->month, n);
      } else {
        int sa = t.letter == 'L';
        const char *const *names =
            n == 3 ? (sa ? loc->months_sa_abbr : loc->months_abbr)
                   : (sa ? loc->months_sa_wide : loc->months_wide);
        qalam__buf_puts(b, names[f->month - 1]);
      }
      break;
    case 'E':
      qalam__buf_puts(b, n == 4 ? loc->days_wide[f->weekday]
                                : loc->days_abbr[f->weekday]);
      break;
    case 'a': qalam__buf_puts(b, f->hour < 12 ? loc->am : loc->pm); break;
    case 'y':
      if (n == 2)
        put_number(b, f->year % 100, 2);
      else
        put_number(b, f->year, n == 1 ? 0 : n);
      break;
    }
  }
  return r; /* 0, or the lexer's error */
}

/* The checks shared by the formatting entry points; the caller has cleared
 * the error. */
static int format_pattern(char **out, int64_t time, int offset_minutes,
                          const char *pattern, const qalam_date_locale *loc) {
  int rc = qalam__date_check_offset(offset_minutes, "offset_minutes");
  if (rc != QALAM_OK) return rc;
  rc = render(NULL, NULL, loc, pattern);
  if (rc != QALAM_OK) return rc;
  qalam_date_fields f;
  rc = qalam__date_split(&f, time, offset_minutes);
  if (rc != QALAM_OK) return rc;
  qalam_buf b = QALAM_BUF_INIT;
  render(&b, &f, loc, pattern); /* checked above: cannot fail */
  return qalam__buf_finish(out, &b);
}

int qalam_date_format(char **out, int64_t time, int offset_minutes,
                                const char *pattern, const char *lang) {
  qalam__error_clear();
  if (out == NULL) return qalam__error(QALAM_EINVAL, "out is NULL");
  int rc = qalam__check_text(pattern, "pattern");
  if (rc != QALAM_OK) return rc;
  const qalam_date_locale *loc;
  rc = qalam__date_locale(&loc, lang);
  if (rc != QALAM_OK) return rc;
  return format_pattern(out, time, offset_minutes, pattern, loc);
}

static int check_style(qalam_date_style style) {
  if ((int)style < (int)QALAM_DATE_SHORT || (int)style > (int)QALAM_DATE_FULL)
    return qalam__error(QALAM_EINVAL,
                        "unknown date style %d (expected QALAM_DATE_SHORT, "
                        "_MEDIUM, _LONG or _FULL)",
                        (int)style);
  return QALAM_OK;
}

int qalam_date_style_pattern(const char **out,
                                       qalam_date_style style,
                                       const char *lang) {
  qalam__error_clear();
  if (out == NULL) return qalam__error(QALAM_EINVAL, "out is NULL");
  int rc = check_style(style);
  if (rc != QALAM_OK) return rc;
  const qalam_date_locale *loc;
  rc = qalam__date_locale(&loc, lang);
  if (rc != QALAM_OK) return rc;
  *out = loc->styles[style];
  return QALAM_OK;
}

int qalam_date_format_style(char **out, int64_t time,
                                      int offset_minutes,
                                      qalam_date_style style,
                                      const char *lang) {
  qalam__error_clear();
  if (out == NULL) return qalam__error(QALAM_EINVAL, "out is NULL");
  int rc = check_style(style);
  if (rc != QALAM_OK) return rc;
  const qalam_date_locale *loc;
  rc = qalam__date_locale(&loc, lang);
  if (rc != QALAM_OK) return rc;
  return format_pattern(out, time, offset_minutes, loc->styles[style], loc);
}

/* ---- feeds ------------------------------------------------------------ */

int qalam__date_put(qalam_buf *b, int64_t time, int offset_minutes, int rfc822) {
  int rc = qalam__date_check_offset(offset_minutes, "offset_minutes");
  if (rc != QALAM_OK) return rc;
  qalam_date_fields f;
  rc = qalam__date_split(&f, time, offset_minutes);
  if (rc != QALAM_OK) return rc;
  char off[8];
  if (rfc822) {
    const qalam_date_locale *en = &qalam__date_locales[QALAM__LANG_EN];
    qalam__date_offset_text(off, offset_minutes, 0);
    qalam__buf_printf(b, "%s, %02d %s %04" PRId64 " %02d:%02d:%02d %s",
                      en->days_abbr[f.weekday], f.day,
                      en->months_abbr[f.month - 1], f.year, f.hour, f.minute,
                      f.second, off);
    return QALAM_OK;
  }
  /* By hand, not printf: a sitemap writes one for every article. */
  char s[20] = "0000-00-00T00:00:00";
  put_digits(s, f.year, 4);
  put_digits(s + 5, f.month, 2);
  put_digits(s + 8, f.day, 2);
  put_digits(s + 11, f.hour, 2);
  put_digits(s + 14, f.minute, 2);
  put_digits(s + 17, f.second, 2);
  qalam__buf_put(b, s, 19);
  if (offset_minutes == 0) {
    qalam__buf_putc(b, 'Z');
  } else {
    qalam__date_offset_text(off, offset_minutes, 1);
    qalam__buf_puts(b, off);
  }
  return QALAM_OK;
}

static int feed_date(char **out, int64_t time, int offset_minutes, int rfc822) {
  if (out == NULL) return qalam__error(QALAM_EINVAL, "out is NULL");
  qalam_buf b = QALAM_BUF_INIT;
  int rc = qalam__date_put(&b, time, offset_minutes, rfc822);
  if (rc != QALAM_OK) return rc;
  return qalam__buf_finish(out, &b);
}

int qalam_date_rfc822(char **out, int64_t time, int offset_minutes) {
  qalam__error_clear();
  return feed_date(out, time, offset_minutes, 1);
}

int qalam_date_rfc3339(char **out, int64_t time,
                                 int offset_minutes) {
  qalam__error_clear();
  return feed_date(out, time, offset_minutes, 0);
}
