/* validate.c - checks of the small formats the store accepts: language
 * tags, slugs and URLs. */
#include <string.h>

#include "article_internal.h"
#include "error.h"
#include "qalam/text.h"

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

int qalam__check_lang(const char *lang, const char *what) {
  size_t n = 0;
  while (is_alpha(lang[n])) n++;
  int ok = n >= 2 && n <= 3;
  if (ok && (lang[n] == '-' || lang[n] == '_')) {
    size_t m = 0;
    while (is_alpha(lang[n + 1 + m]) || is_digit(lang[n + 1 + m])) m++;
    ok = m >= 2 && m <= 4 && lang[n + 1 + m] == '\0';
  } else if (ok) {
    ok = lang[n] == '\0';
  }
  char q[48];
  if (!ok)
    return qalam__error(QALAM_EINVAL,
                        "%s '%s' is not a language tag such as 'kk', 'ru' "
                        "or 'en-GB'",
                        what, qalam__quote(q, sizeof q, lang));
  return QALAM_OK;
}

int qalam__check_slug(const char *slug, const char *what) {
  size_t n = strlen(slug);
  int ok = n > 0 && n <= QALAM_SLUG_MAX && slug[0] != '-' && slug[n - 1] != '-';
  for (size_t i = 0; ok && i < n; i++) {
    char c = slug[i];
    ok = (c >= 'a' && c <= 'z') || is_digit(c) ||
         (c == '-' && slug[i + 1] != '-');
  }
  char q[100];
  if (!ok)
    return qalam__error(QALAM_EINVAL,
                        "%s '%s' is not a slug: lowercase a-z and 0-9 words "
                        "joined by single '-', at most %d bytes",
                        what, qalam__quote(q, sizeof q, slug), QALAM_SLUG_MAX);
  return QALAM_OK;
}

int qalam__check_url(const char *url, const char *what) {
  size_t scheme = strncmp(url, "https://", 8) == 0  ? 8
                  : strncmp(url, "http://", 7) == 0 ? 7
                                                     : 0;
  int ok = scheme && url[scheme] != '\0' && url[scheme] != '/';
  for (const char *p = url; ok && *p; p++)
    ok = (unsigned char)*p > 0x20 && *p != 0x7f && *p != '"' && *p != '<' &&
         *p != '>' && *p != '\\';
  char q[200];
  if (!ok)
    return qalam__error(QALAM_EINVAL,
                        "%s '%s' is not an absolute http:// or https:// "
                        "URL without spaces",
                        what, qalam__quote(q, sizeof q, url));
  return QALAM_OK;
}
