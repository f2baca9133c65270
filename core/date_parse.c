/* date_parse.c - reading ISO 8601 / RFC 3339 dates, "dd.MM.y" and
 * numeric CLDR patterns. Nothing is normalised: 31.02 is an error. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "date_internal.h"
#include "error.h"
#include "qalam/date.h"
#include "utf8.h"

#define QUOTE_SIZE 96

typedef struct parsed {
  int64_t year;
  int month, day, hour, minute, second;
  int has_offset;
  int offset; /* minutes */
  /* The time of day as written, for messages (ISO forms only). */
  size_t time_start, time_end;
  int has_time_span;
} parsed;

/* Reading position in the text. */
typedef struct cursor {
  const char *s;
  size_t i;
} cursor;

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Position of byte offset i in code points. */
static size_t cp_pos(const char *s, size_t i) {
  return qalam__utf8_length(s, i);
}

/* Reads min..max digits (greedy); the number of digits read, or 0 when
 * fewer than min are there (the cursor is then unchanged). */
static int read_digits(cursor *c, int min, int max, int64_t *value) {
  int64_t v = 0;
  int n = 0;
  while (n < max && is_digit(c->s[c->i + (size_t)n])) {
    v = v * 10 + (c->s[c->i + (size_t)n] - '0');
    n++;
  }
  if (n < min) return 0;
  c->i += (size_t)n;
  *value = v;
  return n;
}

/* "invalid date '<text>': expected <what> at position N". */
static int expected(const char *text, const cursor *c, const char *what) {
  char q[QUOTE_SIZE];
  return qalam__error(QALAM_EINVAL,
                      "invalid date '%s': expected %s at position %zu",
                      qalam__quote(q, sizeof q, text), what,
                      cp_pos(text, c->i));
}

/* Text left over after a complete date. */
static int trailing(const char *text, const cursor *c) {
  char q[QUOTE_SIZE], rest[32];
  return qalam__error(QALAM_EINVAL,
                      "invalid date '%s': unexpected '%s' at position %zu",
                      qalam__quote(q, sizeof q, text),
                      qalam__quote(rest, sizeof rest, c->s + c->i),
                      cp_pos(text, c->i));
}

static int time_error(const char *text, const parsed *p, const char *fmt,
                      int value) {
  char q[QUOTE_SIZE], what[80];
  snprintf(what, sizeof what, fmt, value);
  qalam__quote(q, sizeof q, text);
  if (p->has_time_span &&
      (p->time_start != 0 || text[p->time_end] != '\0')) {
    char t[QUOTE_SIZE];
    size_t len = p->time_end - p->time_start;
    if (len >= sizeof t) len = sizeof t - 1;
    memcpy(t, text + p->time_start, len); /* ASCII digits, ':' and '.' */
    t[len] = '\0';
    return qalam__error(QALAM_EINVAL, "invalid time '%s' in '%s': %s", t, q,
                        what);
  }
  return qalam__error(QALAM_EINVAL, "invalid time '%s': %s", q, what);
}

/* Range checks of the fields, then the Unix time. */
static int finish(int64_t *time_out, int *offset_out, const char *text,
                  const parsed *p, int default_offset) {
  char q[QUOTE_SIZE];
  if (p->year < QALAM__YEAR_MIN || p->year > QALAM__YEAR_MAX)
    return qalam__error(QALAM_EINVAL,
                        "invalid date '%s': year %" PRId64
                        " is out of range 1..9999",
                        qalam__quote(q, sizeof q, text), p->year);
  if (p->month < 1 || p->month > 12)
    return qalam__error(QALAM_EINVAL,
                        "invalid date '%s': month %d is out of range 1..12",
                        qalam__quote(q, sizeof q, text), p->month);
  if (p->day < 1 || p->day > qalam__days_in_month(p->year, p->month))
    return qalam__error(QALAM_EINVAL,
                        "invalid date '%s': day %d is out of range for %s "
                        "%" PRId64,
                        qalam__quote(q, sizeof q, text), p->day,
                        qalam__month_names_en[p->month - 1], p->year);
  if (p->minute > 59)
    return time_error(text, p, "minute %d is out of range", p->minute);
  if (p->second > 59)
    return time_error(text, p,
                      "second %d is out of range (leap seconds are not "
                      "accepted)",
                      p->second);
  if (p->hour > 23)
    return time_error(text, p,
                      "hour %d is out of range (the last hour is 23; "
                      "write 00:00 of the next day)",
                      p->hour);
  int offset = p->has_offset ? p->offset : default_offset;
  int64_t t = qalam__days_from_civil(p->year, p->month, p->day) * 86400 +
              p->hour * 3600 + p->minute * 60 + p->second -
              (int64_t)offset * 60;
  if (t < QALAM_TIME_MIN || t > QALAM_TIME_MAX)
    return qalam__error(QALAM_EINVAL,
                        "invalid date '%s': in UTC it falls %s, outside "
                        "0001-01-01T00:00:00Z..9999-12-31T23:59:59Z",
                        qalam__quote(q, sizeof q, text),
                        t < QALAM_TIME_MIN ? "in year 0" : "in year 10000");
  *time_out = t;
  if (offset_out) *offset_out = offset;
  return QALAM_OK;
}

/* ---- ISO 8601 / RFC 3339 ---------------------------------------------- */

static int parse_iso(parsed *p, const char *text) {
  cursor c = {text, 0};
  int64_t v;
  if (!read_digits(&c, 4, 4, &v)) return expected(text, &c, "a four-digit year");
  p->year = v;
  if (text[c.i] != '-') return expected(text, &c, "'-' after the year");
  c.i++;
  if (!read_digits(&c, 2, 2, &v)) return expected(text, &c, "a two-digit month");
  p->month = (int)v;
  if (text[c.i] != '-') return expected(text, &c, "'-' after the month");
  c.i++;
  if (!read_digits(&c, 2, 2, &v)) return expected(text, &c, "a two-digit day");
  p->day = (int)v;
  if (text[c.i] == '\0') return QALAM_OK;
  if (text[c.i] != 'T' && text[c.i] != 't' && text[c.i] != ' ')
    return trailing(text, &c);
  c.i++;
  p->time_start = c.i;
  if (!read_digits(&c, 2, 2, &v)) return expected(text, &c, "a two-digit hour");
  p->hour = (int)v;
  if (text[c.i] != ':') return expected(text, &c, "':' after the hour");
  c.i++;
  if (!read_digits(&c, 2, 2, &v))
    return expected(text, &c, "a two-digit minute");
  p->minute = (int)v;
  if (text[c.i] == ':') {
    c.i++;
    if (!read_digits(&c, 2, 2, &v))
      return expected(text, &c, "a two-digit second");
    p->second = (int)v;
    if (text[c.i] == '.') {
      c.i++;
      if (!is_digit(text[c.i]))
        return expected(text, &c, "digits of a fraction of a second");
      while (is_digit(text[c.i])) c.i++; /* dropped */
    }
  }
  p->time_end = c.i;
  p->has_time_span = 1;
  char s = text[c.i];
  if (s == 'Z' || s == 'z') {
    c.i++;
    p->has_offset = 1;
    p->offset = 0;
  } else if (s == '+' || s == '-') {
    size_t start = c.i;
    int64_t oh, om = 0;
    c.i++;
    if (!read_digits(&c, 2, 2, &oh))
      return expected(text, &c, "a two-digit offset hour (+05:00)");
    if (text[c.i] == ':') {
      c.i++;
      if (!read_digits(&c, 2, 2, &om))
        return expected(text, &c, "two-digit offset minutes (+05:00)");
    } else if (is_digit(text[c.i])) {
      if (!read_digits(&c, 2, 2, &om))
        return expected(text, &c, "two-digit offset minutes (+0500)");
    }
    if (oh > 23 || om > 59) {
      char q[QUOTE_SIZE], o[16];
      size_t len = c.i - start;
      memcpy(o, text + start, len);
      o[len] = '\0';
      return qalam__error(QALAM_EINVAL,
                          "invalid date '%s': offset %s is out of range "
                          "-23:59..+23:59",
                          qalam__quote(q, sizeof q, text), o);
    }
    p->has_offset = 1;
    p->offset = (int)(oh * 60 + om) * (s == '-' ? -1 : 1);
  }
  if (text[c.i] != '\0') return trailing(text, &c);
  return QALAM_OK;
}

/* ---- d.M.y ------------------------------------------------------------ */

static int parse_dotted(parsed *p, const char *text) {
  cursor c = {text, 0};
  int64_t v;
  if (!read_digits(&c, 1, 2, &v)) return expected(text, &c, "a day");
  p->day = (int)v;
  if (text[c.i] != '.') return expected(text, &c, "'.' after the day");
  c.i++;
  if (!read_digits(&c, 1, 2, &v)) return expected(text, &c, "a month");
  p->month = (int)v;
  if (text[c.i] != '.') return expected(text, &c, "'.' after the month");
  c.i++;
  if (!read_digits(&c, 4, 4, &v))
    return expected(text, &c, "a four-digit year");
  p->year = v;
  if (text[c.i] != '\0') return trailing(text, &c);
  return QALAM_OK;
}

/* ---- patterns --------------------------------------------------------- */

/* Index of a parse letter in "dMyHms", or -1. */
static int field_index(char letter) {
  static const char letters[] = "dMyHms";
  const char *p = letter ? strchr(letters, letter) : NULL;
  return p ? (int)(p - letters) : -1;
}

static int check_parse_pattern(const char *pattern) {
  qalam_date_lexer lx;
  qalam_date_token t;
  int r, seen[6] = {0};
  char q[QUOTE_SIZE];
  qalam__date_lexer_init(&lx, pattern);
  while ((r = qalam__date_lexer_next(&lx, &t)) == 1) {
    if (t.letter == 0) continue;
    int k = field_index(t.letter);
    if (k < 0) {
      if (strchr("LEha", t.letter) != NULL)
        return qalam__error(QALAM_EINVAL,
                            "pattern letter '%c' at position %zu in '%s' "
                            "cannot be parsed (only d, M, y, H, m and s "
                            "can)",
                            t.letter, t.pos, qalam__quote(q, sizeof q, pattern));
      return qalam__date_bad_letter(&t, pattern);
    }
    int ok = t.letter == 'y' ? (t.count == 1 || t.count == 4)
                             : t.count <= 2;
    if (!ok) {
      if (t.letter == 'M' && t.count <= 4)
        return qalam__error(QALAM_EINVAL,
                            "month names ('%.*s' at position %zu in '%s') "
                            "cannot be parsed: use M or MM",
                            (int)t.count, "MMMM", t.pos,
                            qalam__quote(q, sizeof q, pattern));
      if (t.letter == 'y')
        return qalam__error(QALAM_EINVAL,
                            "pattern letter 'y' repeated %zu times at "
                            "position %zu in '%s' cannot be parsed (use y "
                            "or yyyy)",
                            t.count, t.pos, qalam__quote(q, sizeof q, pattern));
      return qalam__date_bad_letter(&t, pattern);
    }
    if (seen[k])
      return qalam__error(QALAM_EINVAL,
                          "pattern letter '%c' appears twice in '%s'",
                          t.letter, qalam__quote(q, sizeof q, pattern));
    seen[k] = 1;
  }
  if (r < 0) return r;
  if (!seen[0] || !seen[1] || !seen[2])
    return qalam__error(QALAM_EINVAL,
                        "pattern '%s' lacks %s: a pattern to parse needs a "
                        "day (d), a month (M) and a year (y)",
                        qalam__quote(q, sizeof q, pattern),
                        !seen[0] ? "d" : !seen[1] ? "M" : "y");
  return QALAM_OK;
}

static int parse_pattern(parsed *p, const char *text, const char *pattern) {
  static const char *const names[6] = {"the day (d)",    "the month (M)",
                                       "the year (y)",   "the hour (H)",
                                       "the minute (m)", "the second (s)"};
  qalam_date_lexer lx;
  qalam_date_token t;
  cursor c = {text, 0};
  qalam__date_lexer_init(&lx, pattern);
  while (qalam__date_lexer_next(&lx, &t) == 1) { /* checked: no errors */
    if (t.letter == 0) {
      if (strncmp(text + c.i, t.lit, t.lit_len) != 0) {
        char what[QUOTE_SIZE + 8], lit[QUOTE_SIZE];
        size_t len = t.lit_len;
        int cut = len >= sizeof lit;
        if (cut) { /* cut before a character, not inside */
          len = sizeof lit - 1;
          while (len > 0 && ((unsigned char)t.lit[len] & 0xC0) == 0x80) len--;
        }
        memcpy(lit, t.lit, len);
        lit[len] = '\0';
        snprintf(what, sizeof what, "'%s%s'", lit, cut ? "..." : "");
        return expected(text, &c, what);
      }
      c.i += t.lit_len;
      continue;
    }
    int k = field_index(t.letter);
    int64_t v;
    int min, max;
    if (t.letter == 'y') {
      min = t.count == 4 ? 4 : 1;
      max = 4;
    } else {
      min = (int)t.count;
      max = 2;
    }
    if (!read_digits(&c, min, max, &v)) return expected(text, &c, names[k]);
    switch (k) {
    case 0: p->day = (int)v; break;
    case 1: p->month = (int)v; break;
    case 2: p->year = v; break;
    case 3: p->hour = (int)v; break;
    case 4: p->minute = (int)v; break;
    default: p->second = (int)v; break;
    }
  }
  if (text[c.i] != '\0') return trailing(text, &c);
  return QALAM_OK;
}

int qalam_date_parse(int64_t *time_out, int *offset_out, const char *text,
                     const char *pattern, int default_offset_minutes) {
  qalam__error_clear();
  if (time_out == NULL) return qalam__error(QALAM_EINVAL, "time_out is NULL");
  int rc = qalam__check_text(text, "text");
  if (rc != QALAM_OK) return rc;
  if (pattern != NULL && (rc = qalam__check_text(pattern, "pattern")) != QALAM_OK)
    return rc;
  rc = qalam__date_check_offset(default_offset_minutes,
                                "default_offset_minutes");
  if (rc != QALAM_OK) return rc;

  parsed p;
  memset(&p, 0, sizeof p);
  if (pattern != NULL) {
    if ((rc = check_parse_pattern(pattern)) != QALAM_OK) return rc;
    rc = parse_pattern(&p, text, pattern);
  } else {
    size_t n = 0;
    while (is_digit(text[n])) n++;
    if (n == 4 && text[n] == '-') {
      rc = parse_iso(&p, text);
    } else if (n >= 1 && n <= 2 && text[n] == '.') {
      rc = parse_dotted(&p, text);
    } else {
      char q[QUOTE_SIZE];
      return qalam__error(QALAM_EINVAL,
                          "invalid date '%s': expected dd.MM.y or ISO 8601 "
                          "(2026-02-13T10:30:00+05:00)",
                          qalam__quote(q, sizeof q, text));
    }
  }
  if (rc != QALAM_OK) return rc;
  return finish(time_out, offset_out, text, &p, default_offset_minutes);
}
