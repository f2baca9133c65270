/* date_relative.c - "3 hours ago", "через 2 дня", "3 сағат бұрын": relative
 * time with CLDR's patterns and the languages' plural rules. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "date_internal.h"
#include "error.h"
#include "qalam/date.h"

/* CLDR plural rules for integers (v = 0), as in plurals.xml:
 *   en, kk: one n = 1; other.
 *   ru: one   n % 10 = 1 and n % 100 != 11;
 *       few   n % 10 = 2..4 and n % 100 != 12..14;
 *       many  otherwise. */
int qalam__plural_category(int lang, int64_t n) {
  if (lang == QALAM__LANG_RU) {
    int64_t d = n % 10, h = n % 100;
    if (d == 1 && h != 11) return QALAM__PLURAL_ONE;
    if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return QALAM__PLURAL_FEW;
    return QALAM__PLURAL_MANY;
  }
  return n == 1 ? QALAM__PLURAL_ONE : QALAM__PLURAL_OTHER;
}

/* The count with the language's thousands separator ("1,000", "1 000"). */
static void put_count(qalam_buf *b, int64_t n, const char *group) {
  char digits[24];
  int len = snprintf(digits, sizeof digits, "%" PRId64, n);
  for (int k = 0; k < len; k++) {
    if (k > 0 && (len - k) % 3 == 0) qalam__buf_puts(b, group);
    qalam__buf_putc(b, digits[k]);
  }
}

int qalam_date_format_relative(char **out, int64_t time, int64_t now,
                               const char *lang) {
  qalam__error_clear();
  if (out == NULL) return qalam__error(QALAM_EINVAL, "out is NULL");
  const qalam_date_locale *loc;
  int rc = qalam__date_locale(&loc, lang);
  if (rc != QALAM_OK) return rc;
  if ((rc = qalam__date_check_time(time, "time")) != QALAM_OK) return rc;
  if ((rc = qalam__date_check_time(now, "now")) != QALAM_OK) return rc;

  qalam_buf b = QALAM_BUF_INIT;
  int64_t delta = time - now; /* both in range: cannot overflow */
  if (delta == 0) {
    qalam__buf_puts(&b, loc->now);
    return qalam__buf_finish(out, &b);
  }
  int future = delta > 0;
  int64_t a = future ? delta : -delta;
  static const struct {
    int64_t below; /* this unit is used for differences under this */
    int64_t seconds;
  } units[QALAM__UNIT_COUNT] = {
      {60, 1},                         /* seconds */
      {3600, 60},                      /* minutes */
      {86400, 3600},                   /* hours */
      {30 * INT64_C(86400), 86400},    /* days */
      {365 * INT64_C(86400), 30 * INT64_C(86400)}, /* months of 30 days */
      {INT64_MAX, 365 * INT64_C(86400)},           /* years of 365 days */
  };
  int unit = 0;
  while (a >= units[unit].below) unit++;
  int64_t count = a / units[unit].seconds;
  int lang_index = (int)(loc - qalam__date_locales);
  const char *pattern =
      loc->relative[unit][future][qalam__plural_category(lang_index, count)];
  const char *hole = strstr(pattern, "{0}");
  if (hole == NULL) { /* a pattern without the number: use it as it is */
    qalam__buf_puts(&b, pattern);
  } else {
    qalam__buf_put(&b, pattern, (size_t)(hole - pattern));
    put_count(&b, count, loc->group);
    qalam__buf_puts(&b, hole + 3);
  }
  return qalam__buf_finish(out, &b);
}
