/* feed_internal.h - shared by the site layout (paths.c), the feeds
 * (feed.c, feed_xml.c, feed_json.c) and the sitemap (sitemap.c). */
#ifndef QALAM_CORE_FEED_INTERNAL_H
#define QALAM_CORE_FEED_INTERNAL_H

#include "buf.h"
#include "date_internal.h"
#include "qalam/feed.h"
#include "store_internal.h"

/* --- Layout (paths.c) ----------------------------------------------------- */

/* Whether every path carries a language prefix: the store holds articles
 * in more than one language. QALAM_OK or the store's error. */
int qalam__site_multilingual(qalam_store *store, int *multi);

/* Appends the path of a page (as qalam_page_path() gives it) to `b`:
 * `lang` is the prefix when `multi` is set (it must not be NULL then). The
 * arguments are already checked. */
void qalam__path_put(qalam_buf *b, int multi, const char *lang,
                     qalam_page_kind kind, const char *name, size_t page);

/* Appends the path of a feed file ("feed.xml", ...) of the site or of
 * `section` (NULL: the whole site); prefixed by `lang` only when `multi`
 * is set and `lang` is not NULL. */
void qalam__feed_path_put(qalam_buf *b, int multi, const char *lang,
                          const char *section, const char *file);

/* The most URLs of one sitemap file: QALAM_SITEMAP_URLS, lowered by the
 * tests (sitemap.c). */
extern size_t qalam__sitemap_urls;

/* The error of a feed or sitemap asked of a store without base_url. */
int qalam__no_base_url(const char *what);

/* --- Shared by the writers (feed.c) --------------------------------------- */

/* Appends `text` escaped with qalam_xml_escape(). */
int qalam__xml_put(qalam_buf *b, const char *text);
/* Appends a language tag with '_' written as '-' (BCP 47 form). */
void qalam__lang_put(qalam_buf *b, const char *lang);

/* The feed being written. */
typedef struct qalam__feed {
  qalam_store *store;
  qalam_section_list *sections;
  unsigned int flags;
  int offset;         /* the store's UTC offset, minutes */
  const char *lang;   /* the feed's language: the filter, or the store's */
  char *title;        /* site title, " — <section name>" for a section */
  char *self_url;     /* this feed's own URL */
  char *home_url;     /* the page the feed follows */
  int64_t updated;    /* newest update time of the entries */
  size_t count;       /* entries written so far */
} qalam__feed;

/* One entry, prepared by feed.c for a writer. */
typedef struct qalam__feed_entry {
  const qalam_article *article;
  const char *url;      /* absolute URL of the article's page */
  const char *lead;     /* NULL when not set or empty */
  const char *html;     /* the rendered body ("" when none) */
  int64_t published;
  int64_t updated;      /* the later of update and publication times */
  int lead_only;        /* QALAM_FEED_LEAD_ONLY and the lead is set */
} qalam__feed_entry;

/* The display name of a section slug (the slug itself when unknown). */
const char *qalam__feed_section_name(const qalam__feed *f, const char *slug);

/* A format's writer. `head` runs after every entry was written (so that it
 * knows f->updated), and its output goes before theirs. Each returns
 * QALAM_OK or an error (appends that fail leave the buffer failed, which
 * the caller turns into QALAM_ENOMEM). */
typedef struct qalam__feed_writer {
  const char *file; /* the feed's file name */
  int (*head)(qalam__feed *f, qalam_buf *b);
  int (*entry)(qalam__feed *f, qalam_buf *b, const qalam__feed_entry *e);
  int (*tail)(qalam__feed *f, qalam_buf *b);
} qalam__feed_writer;

extern const qalam__feed_writer qalam__feed_rss, qalam__feed_atom,
    qalam__feed_json;

#endif
