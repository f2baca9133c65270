/*
 * qalam/feed.h - feeds, the sitemap, and where pages live on the site.
 *
 * Links are absolute, built from the store's base_url setting (a feed or
 * sitemap of a store without one fails with QALAM_EINVAL), and dates are
 * written at the store's UTC offset. Results are new strings to free with
 * qalam_free().
 */
#ifndef QALAM_FEED_H
#define QALAM_FEED_H

#include "article.h"
#include "common.h"
#include "store.h"

QALAM_BEGIN_DECL

/* --- Site layout -----------------------------------------------------------
 * Paths relative to the site's root, shared by the portal, the feeds and
 * the sitemap so that they always agree. When the store holds articles in
 * more than one language, every path starts with the language ("kk/").
 *   front page          index.html             kk/index.html
 *   section, page 1     news/index.html        kk/news/index.html
 *   section, page n     news/page-3.html
 *   article             article/<slug>.html    kk/article/<slug>.html
 *   feeds               feed.xml (RSS), atom.xml, feed.json, and the same
 *                       in a section's folder for that section
 */
typedef enum qalam_page_kind {
  QALAM_PAGE_FRONT = 0,
  QALAM_PAGE_SECTION = 1,
  QALAM_PAGE_ARTICLE = 2
} qalam_page_kind;

/* Articles per section page, in the portal and in the sitemap. */
#define QALAM_PAGE_SIZE 20

/* The path of the front page (`name` ignored), of page `page` (1-based) of
 * the section whose slug is `name`, or of the article whose slug is `name`,
 * in `lang` (NULL: the store's default language).
 * Errors: QALAM_EINVAL, QALAM_EUTF8, QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_page_path(char **out, qalam_store *store,
                              qalam_page_kind kind, const char *lang,
                              const char *name, size_t page);

/* The path of a stored article's page, as qalam_page_path() gives it. */
QALAM_API int qalam_article_path(char **out, qalam_store *store,
                                 const qalam_article *article);

/* --- Feeds ---------------------------------------------------------------- */
typedef enum qalam_feed_format {
  QALAM_FEED_RSS = 0,  /* RSS 2.0 */
  QALAM_FEED_ATOM = 1, /* Atom 1.0 (RFC 4287) */
  QALAM_FEED_JSON = 2  /* JSON Feed 1.1 */
} qalam_feed_format;

/* Content of each entry: the rendered HTML body (default) or the lead. */
#define QALAM_FEED_LEAD_ONLY (1u << 0)

/* Entries in a feed when no limit is given. */
#define QALAM_FEED_LIMIT 20

/* The latest `limit` (0: QALAM_FEED_LIMIT) listed articles of the whole site or of one
 * `section` (NULL: all), in `lang` (NULL: all), as a feed.
 * Errors: QALAM_EINVAL (NULL, unknown format or flags, no base_url),
 * QALAM_ENOTFOUND (unknown section), QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_feed_render(char **out, qalam_store *store,
                                qalam_feed_format format, const char *section,
                                const char *lang, size_t limit,
                                unsigned int flags);

/* --- Sitemap ---------------------------------------------------------------
 * The sitemap lists the front page and every page of every section
 * (QALAM_PAGE_SIZE articles a page) in each language, then every listed
 * article with its update time as lastmod, newest first.
 *
 * sitemaps.org allows one file QALAM_SITEMAP_URLS URLs. A larger site
 * needs a sitemap index, sitemap.xml, listing sitemaps of at most that
 * many URLs beside it. qalam_sitemap_open() gives them, named:
 *   sitemap-pages.xml       the front and section pages, in each language
 *   sitemap-2026-02.xml     the listed articles published in that month, at
 *                           the store's UTC offset (newest month first)
 * and "-2", "-3" ... ("sitemap-2026-02-2.xml") for the next parts of a
 * list longer than QALAM_SITEMAP_URLS. A site builder that writes only
 * what changed rewrites the index, the pages parts and the parts of the
 * months its changed articles were (or are now) published in. */

/* The most URLs one sitemap file may list (sitemaps.org). */
#define QALAM_SITEMAP_URLS 50000

/* sitemap.xml as one file (a urlset), for a site of at most
 * QALAM_SITEMAP_URLS URLs.
 * Errors: QALAM_EINVAL (NULL, no base_url, more URLs than one sitemap may
 * list: use qalam_sitemap_open()), QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_sitemap_render(char **out, qalam_store *store);

/* The sitemap of a site of any size, as an index and its parts. */
typedef struct qalam_sitemap qalam_sitemap;

/* Counts the listed pages and articles of `store` as of now and makes the
 * list of parts. A part is read from the store when it is rendered, and
 * the list stays as it was opened: open a new sitemap after writing to
 * the store. Free it (qalam_sitemap_free()) before closing the store.
 * Errors: QALAM_EINVAL (NULL, no base_url), QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_sitemap_open(qalam_sitemap **out, qalam_store *store);

/* The number of parts: at least one (sitemap-pages.xml). 0 for NULL. */
QALAM_API size_t qalam_sitemap_count(const qalam_sitemap *sitemap);

/* The file name of part `i` ("sitemap-2026-02.xml"), owned by the
 * sitemap; NULL when `i` is out of range. */
QALAM_API const char *qalam_sitemap_name(const qalam_sitemap *sitemap,
                                         size_t i);

/* The publication times part `i` lists articles of: Unix seconds from
 * `*from` up to, not including, `*to` (a month at the store's offset;
 * every part of one month has the same). Both 0 for a pages part.
 * Errors: QALAM_EINVAL (NULL, `i` out of range). */
QALAM_API int qalam_sitemap_span(const qalam_sitemap *sitemap, size_t i,
                                 int64_t *from, int64_t *to);

/* The index, sitemap.xml: every part's absolute URL (beside sitemap.xml
 * at the site's root) with, for article parts, the newest lastmod of its
 * articles. Errors: QALAM_EINVAL (NULL), QALAM_ENOMEM. */
QALAM_API int qalam_sitemap_index_render(char **out,
                                         const qalam_sitemap *sitemap);

/* Part `i` (a urlset), read from the store now.
 * Errors: QALAM_EINVAL (NULL, `i` out of range), QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_sitemap_part_render(char **out, qalam_sitemap *sitemap,
                                        size_t i);

QALAM_API void qalam_sitemap_free(qalam_sitemap *sitemap);

QALAM_END_DECL

#endif
