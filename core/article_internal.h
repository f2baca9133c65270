/* article_internal.h - the article object, shared by the store layers. */
#ifndef QALAM_CORE_ARTICLE_INTERNAL_H
#define QALAM_CORE_ARTICLE_INTERNAL_H

#include "qalam/article.h"

/* Parts of a lent article that its cursor loads on first use. */
#define QALAM__LOAD_BODY 1u  /* body and html */
#define QALAM__LOAD_LISTS 2u /* sections and tags */

/* Fills the parts named by `what` of an article lent by a cursor; the
 * strings stay owned by the lender. Returns QALAM_OK or an error. */
typedef int (*qalam__article_loader)(void *lender, qalam_article *article,
                                     unsigned int what);

struct qalam_article {
  int64_t id, published, updated, story;
  qalam_status status;
  /* Owned (qalam__malloc) unless `lender` is set; then borrowed. */
  char *slug, *lang, *title, *lead, *body, *html, *author, *source_url;
  char **sections, **tags;
  size_t nsections, ntags;
  /* Lent articles: who owns the strings, and what is still to load. */
  void *lender;
  qalam__article_loader load;
  unsigned int unloaded;
};

/* Makes a lent article (all fields borrowed) empty for the next row. */
void qalam__article_lend_reset(qalam_article *article, void *lender,
                               qalam__article_loader load);

/* Replaces an owned string field with a copy of `value` (NULL clears);
 * QALAM_OK or QALAM_ENOMEM. */
int qalam__article_set_string(char **field, const char *value);

/* Language tags: 2-3 ASCII letters, optionally '-' or '_' and a 2-4
 * letter/digit region. Sets the error naming `what` when invalid. */
int qalam__check_lang(const char *lang, const char *what);
/* Absolute http:// or https:// URL with a host, no spaces or controls. */
int qalam__check_url(const char *url, const char *what);
/* Slug form: [a-z0-9]+ words joined by single '-', at most QALAM_SLUG_MAX. */
int qalam__check_slug(const char *slug, const char *what);

#endif
