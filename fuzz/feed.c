/*
 * feed.c - fuzzes feeds (RSS, Atom, JSON Feed), the sitemap and page paths
 * of a store filled with fuzzed articles.
 *
 * Input: a settings byte, then up to 8 articles separated by 0x1E. Each
 * article is a flags byte and then its fields separated by 0x1F, in this
 * order: title, body (Markdown), lead, slug, lang, author, source URL, tags
 * (separated by ','), publication date (any form qalam_date_parse() reads;
 * missing or unreadable: a fixed time in February 2026, one hour apart).
 *   settings: bits 0-1 the store's language (en, kk, ru, kk-KZ), bit 2
 *     offset +300, bit 3 a site title from the first article's title, bits
 *     4-5 the language asked of the feeds (none, kk, ru, en), bit 6 limit 1
 *   article flags: bit 0 draft, bits 1-2 sections (none, news, society,
 *     both), bit 3 joins the first article's story, bit 4 a section that
 *     does not exist
 * Setters and inserts may refuse fields (invalid URL, language, slug...):
 * such articles are simply not stored.
 * Checks: without base_url every render fails with QALAM_EINVAL; with it
 * every feed (all formats, whole site / a section / an unknown section,
 * with and without QALAM_FEED_LEAD_ONLY) and the sitemap render; XML
 * output is well-formed, JSON is valid, everything is valid UTF-8; page
 * paths are relative and never climb out of the site. The sitemap in
 * parts, with 1, 3 and 50,000 URLs a part: the index and every part are
 * well-formed, the index names every part, no part has more URLs than
 * allowed, and the parts' URLs, in order, are the single file's.
 */
#include "fuzz.h"
#include "wellformed.h"

enum { MAX_ARTICLES = 8, NFIELDS = 9 };
static const int64_t base_time = INT64_C(1770962400); /* 2026-02-13T06:00Z */

/* Splits [p, end) at `sep` into at most `max` pieces (pointers into the
 * data, with lengths); returns the count. */
static size_t split(const uint8_t *p, const uint8_t *end, uint8_t sep,
                    const uint8_t **pieces, size_t *lens, size_t max) {
  size_t n = 0;
  while (n < max) {
    const uint8_t *q = p < end ? memchr(p, sep, (size_t)(end - p)) : NULL;
    pieces[n] = p;
    lens[n] = (size_t)((q ? q : end) - p);
    n++;
    if (!q)
      break;
    p = q + 1;
  }
  return n;
}

static void check_doc(const char *doc, int json, const char *what) {
  FUZZ_CHECK(fuzz_utf8_ok(doc, strlen(doc)), "%s is not valid UTF-8", what);
  size_t where = 0;
  const char *err = json ? wf_json(doc, &where) : wf_xml(doc, &where);
  FUZZ_CHECK(err == NULL, "%s is not well-formed: %s at byte %zu: %.80s",
             what, err, where, doc + (where > 40 ? where - 40 : 0));
}

static void check_path(const char *path) {
  FUZZ_CHECK(fuzz_utf8_ok(path, strlen(path)), "path is not UTF-8");
  FUZZ_CHECK(path[0] && path[0] != '/' && !strstr(path, "//") &&
                 strncmp(path, "../", 3) && !strstr(path, "/../") &&
                 !strchr(path, '\\') && !strchr(path, '?') &&
                 !strchr(path, '#'),
             "bad page path '%s'", path);
}

static char *field(const uint8_t *p, size_t len) {
  return fuzz_strndup(p, len);
}

static void add_article(qalam_store *s, const uint8_t *rec, size_t len,
                        size_t index, int64_t *first_id) {
  if (!len)
    return;
  unsigned flags = rec[0];
  const uint8_t *pieces[NFIELDS];
  size_t lens[NFIELDS];
  size_t n = split(rec + 1, rec + len, 0x1F, pieces, lens, NFIELDS);
  char *f[NFIELDS] = {NULL};
  for (size_t i = 0; i < n; i++)
    if (!(f[i] = field(pieces[i], lens[i])))
      goto done;

  qalam_article *a = NULL;
  FUZZ_CHECK(qalam_article_new(&a) == QALAM_OK, "article_new");
  /* Refused fields are fine: the article goes in without them, or not at
   * all. */
  qalam_article_set_title(a, f[0] ? f[0] : "Жаңалық");
  if (f[1])
    qalam_article_set_body(a, f[1]);
  if (f[2])
    qalam_article_set_lead(a, f[2]);
  if (f[3] && *f[3])
    qalam_article_set_slug(a, f[3]);
  if (f[4] && *f[4])
    qalam_article_set_lang(a, f[4]);
  if (f[5])
    qalam_article_set_author(a, f[5]);
  if (f[6] && *f[6])
    qalam_article_set_source_url(a, f[6]);
  if (f[7] && *f[7]) {
    const char *tags[16];
    size_t count = 0;
    for (char *t = f[7], *next; t && count < 16; t = next) {
      next = strchr(t, ',');
      if (next)
        *next++ = '\0';
      tags[count++] = t;
    }
    qalam_article_set_tags(a, tags, count);
  }
  int64_t published = base_time - (int64_t)index * 3600;
  if (f[8]) {
    int64_t t;
    if (qalam_date_parse(&t, NULL, f[8], NULL, 300) == QALAM_OK)
      published = t;
  }
  qalam_article_set_published(a, published);
  if (flags & 1u)
    qalam_article_set_status(a, QALAM_DRAFT);
  const char *sections[3];
  size_t ns = 0;
  if (flags & 2u)
    sections[ns++] = "news";
  if (flags & 4u)
    sections[ns++] = "society";
  if (flags & 16u)
    sections[ns++] = "no-such-section";
  if (ns)
    qalam_article_set_sections(a, sections, ns);
  if ((flags & 8u) && *first_id)
    qalam_article_set_story(a, *first_id);

  int rc = qalam_article_insert(s, a);
  fuzz_check_error(rc, "qalam_article_insert");
  FUZZ_CHECK(rc == QALAM_OK || rc == QALAM_EINVAL || rc == QALAM_EUTF8 ||
                 rc == QALAM_EEXISTS || rc == QALAM_ENOTFOUND,
             "insert failed with %d: %s", rc, qalam_error_message());
  if (rc == QALAM_OK) {
    if (!*first_id)
      *first_id = qalam_article_id(a);
    char *path = NULL;
    rc = qalam_article_path(&path, s, a);
    FUZZ_CHECK(rc == QALAM_OK, "article_path: %s", qalam_error_message());
    check_path(path);
    qalam_free(path);
  }
  qalam_article_free(a);
done:
  for (size_t i = 0; i < NFIELDS; i++)
    free(f[i]);
}

/* core/sitemap.c: the URLs a part may list, lowered here to split lists */
extern size_t qalam__sitemap_urls;

static const char URLSET[] =
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

/* The <url> entries of a urlset, as [*from, return). */
static const char *urls_of(const char *doc, const char **from) {
  const char *open = strstr(doc, URLSET);
  const char *close = strstr(doc, "</urlset>\n");
  FUZZ_CHECK(open && close && close > open, "not a urlset: %.80s", doc);
  *from = open + sizeof URLSET - 1;
  return close;
}

static void check_parts(qalam_store *s, const char *single, size_t limit) {
  qalam_sitemap *m = NULL;
  qalam__sitemap_urls = limit;
  int rc = qalam_sitemap_open(&m, s);
  qalam__sitemap_urls = QALAM_SITEMAP_URLS;
  FUZZ_CHECK(rc == QALAM_OK, "sitemap_open: %s", qalam_error_message());
  char *index = NULL;
  FUZZ_CHECK(qalam_sitemap_index_render(&index, m) == QALAM_OK, "index: %s",
             qalam_error_message());
  check_doc(index, 0, "sitemap index");
  const char *want, *want_end = urls_of(single, &want);
  size_t n = qalam_sitemap_count(m);
  FUZZ_CHECK(n >= 1, "a sitemap without parts");
  for (size_t i = 0; i < n; i++) {
    const char *name = qalam_sitemap_name(m, i);
    size_t len = strlen(name);
    FUZZ_CHECK(!strncmp(name, "sitemap-", 8) && len > 12 &&
                   !strcmp(name + len - 4, ".xml") && !strchr(name, '/'),
               "bad part name '%s'", name);
    char loc[128];
    snprintf(loc, sizeof loc, "/%s</loc>", name);
    FUZZ_CHECK(strstr(index, loc), "the index does not name %s", name);
    char *part = NULL;
    FUZZ_CHECK(qalam_sitemap_part_render(&part, m, i) == QALAM_OK,
               "part %s: %s", name, qalam_error_message());
    check_doc(part, 0, name);
    const char *got, *got_end = urls_of(part, &got);
    size_t urls = 0;
    for (const char *u = got; (u = strstr(u, "<url>")) && u < got_end; u++)
      urls++;
    FUZZ_CHECK(urls >= 1 && urls <= limit, "%s has %zu URLs (limit %zu)",
               name, urls, limit);
    size_t glen = (size_t)(got_end - got);
    FUZZ_CHECK(glen <= (size_t)(want_end - want) && !memcmp(got, want, glen),
               "%s does not continue the single sitemap", name);
    want += glen;
    qalam_free(part);
  }
  FUZZ_CHECK(want == want_end, "the parts miss the single sitemap's end");
  qalam_free(index);
  qalam_sitemap_free(m);
}

static const char *format_name(int format) {
  return format == QALAM_FEED_RSS ? "RSS" : format == QALAM_FEED_ATOM ? "Atom" : "JSON Feed";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const store_langs[] = {"en", "kk", "ru", "kk-KZ"};
  static const char *const feed_langs[] = {NULL, "kk", "ru", "en"};
  fuzz_in in = {data, size};
  unsigned settings = fuzz_byte(&in);

  qalam_store *s = NULL;
  FUZZ_CHECK(qalam_store_open(&s, ":memory:", QALAM_STORE_DEFAULT) == QALAM_OK,
             "store_open: %s", qalam_error_message());
  FUZZ_CHECK(qalam_store_set_lang(s, store_langs[settings & 3u]) == QALAM_OK,
             "set_lang");
  if (settings & 4u)
    FUZZ_CHECK(qalam_store_set_offset(s, 300) == QALAM_OK, "set_offset");
  FUZZ_CHECK(qalam_section_add(s, "news", "Жаңалықтар", 1) == QALAM_OK &&
                 qalam_section_add(s, "society", "Қоғам", 2) == QALAM_OK,
             "section_add: %s", qalam_error_message());

  const uint8_t *recs[MAX_ARTICLES];
  size_t lens[MAX_ARTICLES];
  size_t n = split(in.data, in.data + in.size, 0x1E, recs, lens, MAX_ARTICLES);
  int64_t first_id = 0;
  for (size_t i = 0; i < n; i++)
    add_article(s, recs[i], lens[i], i, &first_id);
  if ((settings & 8u) && n && lens[0] > 1) {
    const uint8_t *end = memchr(recs[0] + 1, 0x1F, lens[0] - 1);
    char *title = field(recs[0] + 1, end ? (size_t)(end - recs[0] - 1) : lens[0] - 1);
    if (title)
      qalam_store_set_title(s, title);
    free(title);
  }

  /* No base_url yet: feeds and the sitemap cannot be made. */
  char *sentinel = (char *)"untouched";
  char *out = sentinel;
  int rc = qalam_feed_render(&out, s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  fuzz_check_error(rc, "qalam_feed_render");
  FUZZ_CHECK(rc == QALAM_EINVAL && out == sentinel,
             "feed without base_url gave %d", rc);
  rc = qalam_sitemap_render(&out, s);
  FUZZ_CHECK(rc == QALAM_EINVAL && out == sentinel,
             "sitemap without base_url gave %d", rc);

  FUZZ_CHECK(qalam_store_set_base_url(s, "https://enbekshi.kz/") == QALAM_OK,
             "set_base_url: %s", qalam_error_message());
  const char *lang = feed_langs[(settings >> 4) & 3u];
  size_t limit = (settings & 64u) ? 1 : 0;
  static const char *const sections[] = {NULL, "news", "no-such-section"};
  for (int format = 0; format < 3; format++) {
    for (size_t si = 0; si < 3; si++) {
      for (int lead = 0; lead < 2; lead++) {
        out = sentinel;
        rc = qalam_feed_render(&out, s, (qalam_feed_format)format,
                               sections[si], lang, limit,
                               lead ? QALAM_FEED_LEAD_ONLY : 0);
        fuzz_check_error(rc, "qalam_feed_render");
        if (si == 2) {
          FUZZ_CHECK(rc == QALAM_ENOTFOUND && out == sentinel,
                     "feed of an unknown section gave %d", rc);
          continue;
        }
        FUZZ_CHECK(rc == QALAM_OK, "%s feed failed: %d %s",
                   format_name(format), rc, qalam_error_message());
        if (getenv("QALAM_FUZZ_PRINT"))
          printf("%s\n", out);
        check_doc(out, format == QALAM_FEED_JSON, format_name(format));
        qalam_free(out);
      }
    }
  }
  out = sentinel;
  rc = qalam_sitemap_render(&out, s);
  FUZZ_CHECK(rc == QALAM_OK, "sitemap failed: %d %s", rc,
             qalam_error_message());
  check_doc(out, 0, "sitemap");
  check_parts(s, out, 1);
  check_parts(s, out, 3);
  check_parts(s, out, QALAM_SITEMAP_URLS);
  qalam_free(out);

  static const char *const names[] = {"news", "article-1", "no-such-section"};
  for (int kind = 0; kind < 3; kind++) {
    char *path = sentinel;
    rc = qalam_page_path(&path, s, (qalam_page_kind)kind, lang, names[kind],
                         (size_t)kind + 1);
    fuzz_check_error(rc, "qalam_page_path");
    if (rc == QALAM_OK) {
      check_path(path);
      qalam_free(path);
    }
  }
  qalam_store_close(s);
  return 0;
}
