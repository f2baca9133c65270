/* Tests of the common ABI: version, error codes and messages, allocator. */
#include <stdlib.h>

#include "harness.h"

static void version_macros_match_runtime(void) {
  CHECK_INT(qalam_version(), QALAM_VERSION);
  CHECK_STR(qalam_version_string(), QALAM_VERSION_STRING);
  char expect[32];
  snprintf(expect, sizeof expect, "%d.%d.%d", QALAM_VERSION_MAJOR,
           QALAM_VERSION_MINOR, QALAM_VERSION_PATCH);
  CHECK_STR(qalam_version_string(), expect);
  CHECK(QALAM_ABI_VERSION >= 1);
}

static void error_codes_are_distinct_and_named(void) {
  const int codes[] = {QALAM_OK,        QALAM_EINVAL,   QALAM_EUTF8,
                       QALAM_ENOTFOUND, QALAM_EEXISTS,  QALAM_ENOMEM,
                       QALAM_EIO,       QALAM_EBUSY,    QALAM_ECORRUPT,
                       QALAM_ESCHEMA,   QALAM_EREADONLY, QALAM_ITEROVER};
  size_t n = HARNESS_COUNT(codes);
  for (size_t i = 0; i < n; i++) {
    if (i > 0) CHECK(codes[i] < 0);
    for (size_t j = i + 1; j < n; j++) CHECK(codes[i] != codes[j]);
    CHECK(strncmp(qalam_strerror(codes[i]), "QALAM_", 6) == 0);
  }
  CHECK_INT(QALAM_OK, 0);
  CHECK_STR(qalam_strerror(QALAM_ENOTFOUND), "QALAM_ENOTFOUND: not found");
  CHECK_STR(qalam_strerror(12345), "unknown error");
}

static void error_message_set_on_failure_cleared_on_success(void) {
  size_t off = 99;
  CHECK_ERR(qalam_utf8_validate(&off, "ab\xff", 3), QALAM_EUTF8);
  CHECK_INT(qalam_error_code(), QALAM_EUTF8);
  CHECK_MSG("at byte 2");
  /* reading the error does not clear it */
  CHECK_INT(qalam_error_code(), QALAM_EUTF8);
  CHECK_OK(qalam_utf8_validate(NULL, "ok", 2));
  CHECK_STR(qalam_error_message(), "");
  CHECK_INT(qalam_error_code(), QALAM_OK);
}

static void free_null_is_noop(void) { qalam_free(NULL); }

static void set_allocator_rejects_bad_tables(void) {
  qalam_allocator bad = QALAM_ALLOCATOR_INIT;
  CHECK_ERR(qalam_set_allocator(&bad), QALAM_EINVAL);
  CHECK_MSG("must all be set");
  bad.version = 99;
  CHECK_ERR(qalam_set_allocator(&bad), QALAM_EINVAL);
  CHECK_MSG("version 99");
}

/* UTF-8 validation is common to every module; its edge cases live here. */
static void utf8_validation(void) {
  static const struct {
    const char *bytes;
    size_t len;
    long bad; /* -1: valid */
  } cases[] = {
      {"", 0, -1},
      {"plain ascii", 11, -1},
      {"\xd2\x9b\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b", 10, -1}, /* қазақ */
      {"\xe2\x80\x9c" "q" "\xe2\x80\x9d", 7, -1},            /* “q” */
      {"\xf0\x9f\x98\x80", 4, -1},                           /* emoji */
      {"\xf4\x8f\xbf\xbf", 4, -1},                           /* U+10FFFF */
      {"a\0b", 3, -1},                                       /* NUL is UTF-8 */
      {"\xc0\xaf", 2, 0},                  /* overlong '/' */
      {"\xe0\x80\xaf", 3, 0},              /* overlong 3-byte */
      {"\xf0\x80\x80\xaf", 4, 0},          /* overlong 4-byte */
      {"ok\xed\xa0\x80", 5, 2},            /* surrogate U+D800 */
      {"\xed\xbf\xbf", 3, 0},              /* surrogate U+DFFF */
      {"\xf4\x90\x80\x80", 4, 0},          /* U+110000 */
      {"\xf5\x80\x80\x80", 4, 0},          /* F5 lead */
      {"abc\xd0", 4, 3},                   /* truncated at end */
      {"\xe2\x80", 2, 0},                  /* truncated 3-byte */
      {"x\xe2\x80y", 4, 1},                /* truncated in middle */
      {"\x80", 1, 0},                      /* lone continuation */
      {"\xfe\xff", 2, 0},                  /* never valid */
  };
  for (size_t i = 0; i < HARNESS_COUNT(cases); i++) {
    size_t off = 12345;
    int rc = qalam_utf8_validate(&off, cases[i].bytes, cases[i].len);
    if (cases[i].bad < 0) {
      CHECK_INT(rc, QALAM_OK);
      CHECK_INT(off, 12345);
    } else {
      CHECK_INT(rc, QALAM_EUTF8);
      CHECK_INT(off, cases[i].bad);
    }
  }
  CHECK_ERR(qalam_utf8_validate(NULL, NULL, 1), QALAM_EINVAL);
  CHECK_OK(qalam_utf8_validate(NULL, NULL, 0));
}

/* The validator skips ASCII eight bytes at a time and two-byte letters in
 * one step: a bad byte is found at every offset behind either, including
 * a two-byte letter cut short by the end or by an ASCII byte. */
static void utf8_validation_finds_every_offset(void) {
  static const char *const fills[] = {"abcdefgh", "\xd0\xb6"}; /* ASCII, ж */
  static const char *const bad[] = {"\xff", "\xd0", "\xd0" "a", "\x80"};
  char text[64];
  for (size_t f = 0; f < HARNESS_COUNT(fills); f++) {
    size_t unit = strlen(fills[f]);
    for (size_t at = 0; at + 2 < sizeof text; at += unit) {
      for (size_t i = 0; i < at; i += unit) memcpy(text + i, fills[f], unit);
      for (size_t b = 0; b < HARNESS_COUNT(bad); b++) {
        size_t len = at + strlen(bad[b]);
        memcpy(text + at, bad[b], strlen(bad[b]));
        size_t off = 12345;
        CHECK_ERR(qalam_utf8_validate(&off, text, len), QALAM_EUTF8);
        CHECK_INT(off, at);
      }
      CHECK_OK(qalam_utf8_validate(NULL, text, at));
    }
  }
}

static void long_messages_cut_on_character_boundary(void) {
  /* 2000 bytes of two-byte letters: the message must stay valid UTF-8. */
  char text[2003];
  for (int i = 0; i < 1000; i++) memcpy(text + 2 * i, "\xd0\xb6", 2);
  memcpy(text + 2000, "\xff", 2);
  CHECK_ERR(qalam_slugify(NULL, NULL, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_utf8_validate(NULL, text, 2001), QALAM_EUTF8);
  const char *m = qalam_error_message();
  CHECK_OK(qalam_utf8_validate(NULL, m, strlen(m)));
}

int main(int argc, char **argv) {
  static const harness_test tests[] = {
      HARNESS_TEST(version_macros_match_runtime),
      HARNESS_TEST(error_codes_are_distinct_and_named),
      HARNESS_TEST(error_message_set_on_failure_cleared_on_success),
      HARNESS_TEST(free_null_is_noop),
      HARNESS_TEST(set_allocator_rejects_bad_tables),
      HARNESS_TEST(utf8_validation),
      HARNESS_TEST(utf8_validation_finds_every_offset),
      HARNESS_TEST(long_messages_cut_on_character_boundary),
  };
  return harness_main(argc, argv, tests, HARNESS_COUNT(tests), NULL, 0);
}
