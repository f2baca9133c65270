/*
 * date.c - fuzzes date formatting and parsing (qalam/date.h).
 *
 * Input: 8 bytes of time and 8 bytes of "now" (little-endian; bit 0 of the
 * mode byte keeps them raw, else they are folded into the supported range),
 * 2 bytes of UTC offset (folded into -1500..1500, so some are out of range),
 * a mode byte, a byte choosing the language, then "TEXT\0PATTERN".
 *
 * Calls: qalam_date_format() with PATTERN and with TEXT as patterns,
 * qalam_date_format_style() with every style, qalam_date_format_relative(),
 * qalam_date_rfc822(), qalam_date_rfc3339(), qalam_date_parse() of TEXT with
 * no pattern and with PATTERN.
 * Checks: the error contract; results are valid UTF-8; RFC 3339 output and
 * the numeric pattern "yyyy-MM-dd HH:mm:ss" parse back to the same time; a
 * parsed date formats back and parses again to the same time and offset;
 * a parsed time is within QALAM_TIME_MIN..QALAM_TIME_MAX.
 */
#include "fuzz.h"

static const char *const langs[] = {"en", "ru", "kk", "ru-KZ", "kk_KZ",
                                    "en-US", "xx", "",   NULL};
#define NLANGS (sizeof langs / sizeof langs[0])

static const int64_t span = QALAM_TIME_MAX - QALAM_TIME_MIN + 1;

static int64_t fold_time(uint64_t raw) {
  return QALAM_TIME_MIN + (int64_t)(raw % (uint64_t)span);
}

static int lang_known(const char *lang) {
  if (!lang)
    return 0;
  return (!strncmp(lang, "en", 2) || !strncmp(lang, "ru", 2) ||
          !strncmp(lang, "kk", 2)) &&
         (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

/* Checks the error contract of a call with a `char **out`; returns the
 * output (to free) on success. */
static char *result(int rc, char *out, char *sentinel, const char *call) {
  fuzz_check_error(rc, call);
  FUZZ_CHECK(rc != QALAM_ITEROVER, "%s returned ITEROVER", call);
  if (rc != QALAM_OK) {
    FUZZ_CHECK(rc == QALAM_EINVAL || rc == QALAM_EUTF8,
               "%s failed with %d: %s", call, rc, qalam_error_message());
    FUZZ_CHECK(out == sentinel, "%s wrote its output on failure", call);
    return NULL;
  }
  FUZZ_CHECK(out && out != sentinel, "%s gave no output", call);
  FUZZ_CHECK(fuzz_utf8_ok(out, strlen(out)), "%s gave invalid UTF-8: '%s'",
             call, out);
  return out;
}

static int in_range(int64_t t) {
  return t >= QALAM_TIME_MIN && t <= QALAM_TIME_MAX;
}

/* The local date-time at `offset` must stay within years 1..9999. */
static int local_in_range(int64_t t, int offset) {
  return in_range(t) && in_range(t + (int64_t)offset * 60);
}

static void parse_back(const char *text, const char *pattern, int64_t time,
                       int offset, int default_offset) {
  int64_t t = -1;
  int off = -1;
  int rc = qalam_date_parse(&t, &off, text, pattern, default_offset);
  FUZZ_CHECK(rc == QALAM_OK, "'%s' (pattern %s) does not parse back: %s",
             text, pattern ? pattern : "none", qalam_error_message());
  FUZZ_CHECK(t == time && off == offset,
             "'%s' parses back as %lld %+d, not %lld %+d", text, (long long)t,
             off, (long long)time, offset);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  uint64_t raw_time = fuzz_u64(&in, 8), raw_now = fuzz_u64(&in, 8);
  int offset = (int)(fuzz_u64(&in, 2) % 3001u) - 1500;
  unsigned mode = fuzz_byte(&in);
  const char *lang = langs[fuzz_byte(&in) % NLANGS];
  int64_t time = (mode & 1u) ? (int64_t)raw_time : fold_time(raw_time);
  int64_t now = (mode & 1u) ? (int64_t)raw_now : fold_time(raw_now);
  int more = 0;
  char *text = fuzz_field(&in, &more);
  char *pattern = more ? fuzz_field(&in, &more) : NULL;
  if (!text || (more && !pattern)) {
    free(text);
    free(pattern);
    return 0;
  }
  int offset_ok = offset >= -1439 && offset <= 1439;
  char *sentinel = (char *)"untouched";
  char *out;
  int rc;

  /* Formatting with fuzzed patterns. */
  const char *patterns[] = {pattern, text};
  for (size_t i = 0; i < 2; i++) {
    if (!patterns[i])
      continue;
    out = sentinel;
    rc = qalam_date_format(&out, time, offset, patterns[i], lang);
    if (!lang_known(lang) || !offset_ok || !local_in_range(time, offset))
      FUZZ_CHECK(rc == QALAM_EINVAL || rc == QALAM_EUTF8,
                 "format accepted bad input: %d", rc);
    qalam_free(result(rc, out, sentinel, "qalam_date_format"));
  }

  for (int style = -1; style <= 4; style++) {
    out = sentinel;
    rc = qalam_date_format_style(&out, time, offset, (qalam_date_style)style,
                                 lang);
    int good = style >= 0 && style <= 3 && lang_known(lang) && offset_ok &&
               local_in_range(time, offset);
    FUZZ_CHECK(good ? rc == QALAM_OK : rc == QALAM_EINVAL,
               "format_style %d %s gave %d: %s", style, lang ? lang : "NULL",
               rc, qalam_error_message());
    qalam_free(result(rc, out, sentinel, "qalam_date_format_style"));
  }

  out = sentinel;
  rc = qalam_date_format_relative(&out, time, now, lang);
  FUZZ_CHECK((lang_known(lang) && in_range(time) && in_range(now))
                 ? rc == QALAM_OK
                 : rc == QALAM_EINVAL,
             "format_relative gave %d: %s", rc, qalam_error_message());
  qalam_free(result(rc, out, sentinel, "qalam_date_format_relative"));

  out = sentinel;
  rc = qalam_date_rfc822(&out, time, offset);
  FUZZ_CHECK((offset_ok && local_in_range(time, offset)) ? rc == QALAM_OK
                                                          : rc == QALAM_EINVAL,
             "rfc822 gave %d: %s", rc, qalam_error_message());
  qalam_free(result(rc, out, sentinel, "qalam_date_rfc822"));

  out = sentinel;
  rc = qalam_date_rfc3339(&out, time, offset);
  FUZZ_CHECK((offset_ok && local_in_range(time, offset)) ? rc == QALAM_OK
                                                          : rc == QALAM_EINVAL,
             "rfc3339 gave %d: %s", rc, qalam_error_message());
  if ((out = result(rc, out, sentinel, "qalam_date_rfc3339"))) {
    parse_back(out, NULL, time, offset, 0);
    qalam_free(out);
  }

  /* A numeric pattern formats and parses back at a fixed offset. */
  out = sentinel;
  rc = qalam_date_format(&out, time, offset, "yyyy-MM-dd HH:mm:ss", "en");
  if ((out = result(rc, out, sentinel, "qalam_date_format"))) {
    parse_back(out, "yyyy-MM-dd HH:mm:ss", time, offset, offset);
    qalam_free(out);
  }

  /* Parsing fuzzed text, with and without a pattern. */
  for (size_t i = 0; i < 2; i++) {
    const char *pat = i ? pattern : NULL;
    if (i && !pattern)
      continue;
    int64_t t = 12345;
    int off = 54321;
    rc = qalam_date_parse(&t, &off, text, pat, offset);
    fuzz_check_error(rc, "qalam_date_parse");
    if (rc != QALAM_OK) {
      FUZZ_CHECK(rc == QALAM_EINVAL || rc == QALAM_EUTF8,
                 "parse failed with %d: %s", rc, qalam_error_message());
      FUZZ_CHECK(t == 12345 && off == 54321, "parse wrote outputs on failure");
      continue;
    }
    FUZZ_CHECK(in_range(t), "parsed '%s' to %lld, out of range", text,
               (long long)t);
    FUZZ_CHECK(off >= -1439 && off <= 1439, "parsed offset %d", off);
    /* The parsed date at its own offset, as RFC 3339, parses again. */
    out = sentinel;
    rc = qalam_date_rfc3339(&out, t, off);
    FUZZ_CHECK(local_in_range(t, off),
               "parsed '%s' to %lld at %+d, outside years 1..9999", text,
               (long long)t, off);
    FUZZ_CHECK(rc == QALAM_OK, "rfc3339 of parsed '%s' failed: %s", text,
               qalam_error_message());
    parse_back(out, NULL, t, off, 0);
    qalam_free(out);
  }

  free(text);
  free(pattern);
  return 0;
}
