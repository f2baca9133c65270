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

/* sitemap.xml (sitemaps.org 0.9): the front page and every page of every
 * section (QALAM_PAGE_SIZE articles a page) in each language, and every
 * listed article with its update time as lastmod.
 * Errors: QALAM_EINVAL (no base_url), QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_sitemap_render(char **out, qalam_store *store);

QALAM_END_DECL

#endif
