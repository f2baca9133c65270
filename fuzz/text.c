/*
 * text.c - fuzzes qalam_utf8_validate(), qalam_html_escape(),
 * qalam_xml_escape(), qalam_slugify() and qalam_excerpt().
 *
 * Input: a byte choosing the language of the slug, two bytes of max_chars
 * for the excerpt (little-endian, taken modulo 1024, so 0 is tried too),
 * then the text. With language choice 7 the text is "TITLE\0LANG" and the
 * language comes from the input.
 * Checks: the validator agrees with an independent one (NUL bytes and
 * all); each function fails with QALAM_EUTF8 exactly when the text is
 * invalid; escaping is reversible and leaves no special character; slugs
 * and excerpts keep the promises of qalam/text.h.
 */
#include "alloc_fail.h"
#include "fuzz.h"

static const char *const langs[] = {NULL, "kk", "ru", "en", "kk-KZ", "KK_kz",
                                    "tr"};

/* Undoes qalam_html_escape() / qalam_xml_escape() (only where no character
 * was replaced) and compares with the original. */
static void check_escaped(const char *in, const char *out, int xml) {
  const char *apos = xml ? "&apos;" : "&#39;";
  size_t n = 0;
  for (const char *p = out; *p;) {
    FUZZ_CHECK(*p != '<' && *p != '>' && *p != '"' && *p != '\'',
               "special character left by escaping: '%s'", out);
    char c = *p;
    size_t skip = 1;
    if (*p == '&') {
      if (!strncmp(p, "&amp;", 5)) {
        c = '&';
        skip = 5;
      } else if (!strncmp(p, "&lt;", 4)) {
        c = '<';
        skip = 4;
      } else if (!strncmp(p, "&gt;", 4)) {
        c = '>';
        skip = 4;
      } else if (!strncmp(p, "&quot;", 6)) {
        c = '"';
        skip = 6;
      } else if (!strncmp(p, apos, strlen(apos))) {
        c = '\'';
        skip = strlen(apos);
      } else {
        FUZZ_CHECK(0, "bare '&' after escaping: '%s'", out);
      }
    }
    if (xml) {
      /* Characters XML cannot carry become U+FFFD. */
      unsigned char u = (unsigned char)*p;
      FUZZ_CHECK(u >= 0x20 || u == '\t' || u == '\n' || u == '\r',
                 "control character 0x%02x left in XML", u);
      FUZZ_CHECK(strncmp(p, "\xEF\xBF\xBE", 3) && strncmp(p, "\xEF\xBF\xBF", 3),
                 "U+FFFE/U+FFFF left in XML");
      if (!strncmp(p, "\xEF\xBF\xBD", 3) && strncmp(in + n, "\xEF\xBF\xBD", 3)) {
        /* A replaced character: skip it in the original too. */
        const unsigned char *q = (const unsigned char *)in + n;
        size_t clen = *q < 0x80 ? 1 : *q < 0xE0 ? 2 : *q < 0xF0 ? 3 : 4;
        FUZZ_CHECK(*q < 0x20 || (clen == 3 && q[0] == 0xEF && q[1] == 0xBF),
                   "U+FFFD replaced an allowed character");
        n += clen;
        p += 3;
        continue;
      }
    }
    FUZZ_CHECK(in[n] == c, "escaping changed the text at byte %zu: '%s'", n,
               out);
    n++;
    p += skip;
  }
  FUZZ_CHECK(in[n] == '\0', "escaping dropped text after byte %zu", n);
}

static void check_slug(const char *slug) {
  size_t len = strlen(slug);
  FUZZ_CHECK(len > 0 && len <= QALAM_SLUG_MAX, "slug length %zu: '%s'", len,
             slug);
  FUZZ_CHECK(slug[0] != '-' && slug[len - 1] != '-', "slug '%s' edges", slug);
  for (size_t i = 0; i < len; i++) {
    char c = slug[i];
    FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-',
               "character 0x%02x in slug '%s'", (unsigned char)c, slug);
    FUZZ_CHECK(!(c == '-' && slug[i + 1] == '-'), "'--' in slug '%s'", slug);
  }
}

static int is_space_ascii(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static void check_excerpt(const char *ex, size_t max_chars) {
  size_t len = strlen(ex);
  FUZZ_CHECK(fuzz_utf8_ok(ex, len), "excerpt is not valid UTF-8");
  size_t chars = fuzz_utf8_count(ex);
  FUZZ_CHECK(chars <= max_chars + 1, "excerpt of %zu characters, max %zu",
             chars, max_chars);
  if (chars == max_chars + 1)
    FUZZ_CHECK(len >= 3 && !strcmp(ex + len - 3, "\xE2\x80\xA6"),
               "excerpt over max_chars without an ellipsis: '%s'", ex);
  if (len)
    FUZZ_CHECK(!is_space_ascii(ex[0]) && !is_space_ascii(ex[len - 1]),
               "excerpt with white space around it: '%s'", ex);
  for (size_t i = 0; i < len; i++)
    FUZZ_CHECK(!(is_space_ascii(ex[i]) && is_space_ascii(ex[i + 1])),
               "excerpt with a run of white space: '%s'", ex);
}

typedef int (*text_fn)(char **, const char *);

/* Runs `fn`, checks the error contract, returns the result or NULL. */
static char *expect(int rc, char *out, char *sentinel, int valid,
                    const char *call) {
  fuzz_check_error(rc, call);
  if (valid)
    FUZZ_CHECK(rc == QALAM_OK, "%s failed on valid text: %d %s", call, rc,
               qalam_error_message());
  else
    FUZZ_CHECK(rc == QALAM_EUTF8, "%s accepted invalid UTF-8: %d", call, rc);
  if (rc != QALAM_OK) {
    FUZZ_CHECK(out == sentinel, "%s wrote its output on failure", call);
    return NULL;
  }
  FUZZ_CHECK(out && out != sentinel, "%s gave no output", call);
  FUZZ_CHECK(fuzz_utf8_ok(out, strlen(out)), "%s gave invalid UTF-8", call);
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  unsigned lang_choice = fuzz_byte(&in) % 8u;
  size_t max_chars = (size_t)fuzz_u64(&in, 2) % 1024u;

  /* The validator sees every byte, NULs included. */
  size_t offset = (size_t)-1;
  int rc = qalam_utf8_validate(&offset, (const char *)in.data, in.size);
  fuzz_check_error(rc, "qalam_utf8_validate");
  int ok = fuzz_utf8_ok((const char *)in.data, in.size);
  FUZZ_CHECK(ok ? rc == QALAM_OK : rc == QALAM_EUTF8,
             "qalam_utf8_validate says %d, the reference %d", rc, ok);
  if (!ok) {
    FUZZ_CHECK(offset < in.size, "error offset %zu of %zu", offset, in.size);
    FUZZ_CHECK(fuzz_utf8_ok((const char *)in.data, offset),
               "bytes before the error offset %zu are invalid", offset);
    FUZZ_CHECK(!fuzz_utf8_ok((const char *)in.data + offset, in.size - offset),
               "bytes from the error offset %zu on are valid", offset);
  }

  int more = 0;
  char *text = fuzz_field(&in, &more);
  char *lang_in = NULL;
  const char *lang = NULL;
  if (lang_choice == 7)
    lang = lang_in = fuzz_field(&in, &more);
  else
    lang = langs[lang_choice];
  if (!text || (lang_choice == 7 && !lang_in)) {
    free(text);
    free(lang_in);
    return 0;
  }
  int valid = fuzz_utf8_ok(text, strlen(text));
  char *sentinel = (char *)"untouched";

  fuzz_alloc_begin(0, 0);
  char *out = sentinel;
  rc = qalam_html_escape(&out, text);
  if ((out = expect(rc, out, sentinel, valid, "qalam_html_escape"))) {
    check_escaped(text, out, 0);
    qalam_free(out);
  }

  out = sentinel;
  rc = qalam_xml_escape(&out, text);
  if ((out = expect(rc, out, sentinel, valid, "qalam_xml_escape"))) {
    check_escaped(text, out, 1);
    qalam_free(out);
  }

  out = sentinel;
  rc = qalam_slugify(&out, text, lang);
  int lang_valid = !lang || fuzz_utf8_ok(lang, strlen(lang));
  if ((out = expect(rc, out, sentinel, valid && lang_valid, "qalam_slugify"))) {
    check_slug(out);
    /* A slug is its own slug. */
    char *again = sentinel;
    rc = qalam_slugify(&again, out, lang);
    FUZZ_CHECK(rc == QALAM_OK && !strcmp(again, out),
               "slugify('%s') = '%s'", out, rc == QALAM_OK ? again : "");
    qalam_free(again);
    qalam_free(out);
  }

  out = sentinel;
  rc = qalam_excerpt(&out, text, max_chars);
  if (max_chars == 0) {
    fuzz_check_error(rc, "qalam_excerpt");
    FUZZ_CHECK((rc == QALAM_EINVAL || (!valid && rc == QALAM_EUTF8)) &&
                   out == sentinel,
               "qalam_excerpt with max_chars 0 gave %d", rc);
  } else if ((out = expect(rc, out, sentinel, valid, "qalam_excerpt"))) {
    check_excerpt(out, max_chars);
    qalam_free(out);
  }
  fuzz_alloc_end();

  free(text);
  free(lang_in);
  return 0;
}
