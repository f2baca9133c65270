/*
 * qalam/text.h - UTF-8 validation, escaping, slugs and excerpts.
 *
 * Every function here that takes NUL-terminated text first checks that it
 * is valid UTF-8 and fails with QALAM_EUTF8 otherwise; the message names
 * the byte offset of the first bad sequence. `char **out` results belong to
 * the caller and are freed with qalam_free(); on failure *out is left as it
 * was.
 */
#ifndef QALAM_TEXT_H
#define QALAM_TEXT_H

#include "common.h"

QALAM_BEGIN_DECL

/* Checks that `len` bytes at `text` are well-formed UTF-8 (RFC 3629):
 * overlong forms, UTF-16 surrogates (U+D800..U+DFFF), code points above
 * U+10FFFF and truncated sequences are all invalid. NUL bytes are valid
 * UTF-8 and accepted here.
 *
 * Returns QALAM_OK, or QALAM_EUTF8 with the offset of the first invalid
 * byte stored in *error_offset (when error_offset is not NULL) and named in
 * the message. QALAM_EINVAL when text is NULL and len is not 0. */
QALAM_API int qalam_utf8_validate(size_t *error_offset, const char *text,
                                  size_t len);

/* Escapes text for HTML element content and quoted attribute values:
 * & < > " ' become &amp; &lt; &gt; &quot; &#39;. Every other character is
 * copied unchanged: nothing is ever stripped.
 *
 * Errors: QALAM_EINVAL (NULL argument), QALAM_EUTF8, QALAM_ENOMEM. */
QALAM_API int qalam_html_escape(char **out, const char *text);

/* Escapes text for XML 1.0 content and attributes (feeds, sitemaps):
 * & < > " ' become &amp; &lt; &gt; &quot; &apos;. Characters that XML 1.0
 * cannot carry at all (C0 controls other than tab, line feed and carriage
 * return, and U+FFFE, U+FFFF) are replaced with U+FFFD so that the
 * document stays well-formed; every other character is copied unchanged.
 *
 * Errors: QALAM_EINVAL (NULL argument), QALAM_EUTF8, QALAM_ENOMEM. */
QALAM_API int qalam_xml_escape(char **out, const char *text);

/* Longest slug qalam_slugify() produces, in bytes (without the NUL). */
#define QALAM_SLUG_MAX 80

/* Makes a URL slug from a title: lowercase ASCII letters and digits in
 * words joined by single '-', never starting or ending with '-', at most
 * QALAM_SLUG_MAX bytes, cut at a word boundary (a single word longer than
 * that is cut at the limit).
 *
 * Letters are transliterated with the tables described in docs/slugs.md:
 * Kazakh Cyrillic letters by the Kazakh Latin alphabet of 2021 folded to
 * ASCII (table "kk-latn-2021-ascii", version 1), the other Cyrillic letters
 * by ICAO Doc 9303 (the Russian passport standard), Latin letters with
 * diacritics by their base letter (é -> e, ß -> ss). `lang` ("kk", "ru",
 * "en", ... or NULL) picks the reading of letters the languages share:
 * with "kk", х ж й ы и ш ч read as in the Kazakh table (h j i y i sh ch);
 * otherwise as ICAO reads Russian (kh zh i y i sh ch). `lang` is Kazakh
 * when it is "kk" or starts with "kk-" or "kk_" (any case); when not NULL
 * it must be valid UTF-8.
 *
 * Apostrophes and quotes inside a word do not split it ("country's" ->
 * "countrys"); other punctuation, dashes, symbols and emoji separate
 * words. Characters with no transliteration (e.g. CJK) separate words too.
 * A title that yields no letters or digits at all gives "untitled".
 *
 * Errors: QALAM_EINVAL (NULL out or title), QALAM_EUTF8 (title or lang),
 * QALAM_ENOMEM. */
QALAM_API int qalam_slugify(char **out, const char *title, const char *lang);

/* The first `max_chars` characters (Unicode code points, not bytes) of
 * plain text, for teasers and bot posts. Runs of white space are folded
 * into one space and leading and trailing space is dropped. When the text
 * is longer than max_chars it is cut after the last whole word that fits
 * and "…" (U+2026) is appended: the result then has at most max_chars + 1
 * characters. A word is a run of non-space characters. A first
 * word longer than max_chars is cut inside the word, never inside a UTF-8
 * sequence. Text that is empty or only white space gives "".
 *
 * For Markdown, render with qalam_markdown_to_text() first.
 *
 * Errors: QALAM_EINVAL (NULL text, max_chars 0), QALAM_EUTF8,
 * QALAM_ENOMEM. */
QALAM_API int qalam_excerpt(char **out, const char *text, size_t max_chars);

QALAM_END_DECL

#endif
