/* paths.c - where pages live on the site (qalam/feed.h, "Site layout"). */
#include <string.h>

#include "error.h"
#include "feed_internal.h"
#include "utf8.h"

int qalam__site_multilingual(qalam_store *store, int *multi) {
  size_t n = 0;
  int rc = qalam__db_lang_count(store->db, &n);
  if (rc) return rc;
  *multi = n >= 2;
  return QALAM_OK;
}

void qalam__path_put(qalam_buf *b, int multi, const char *lang,
                     qalam_page_kind kind, const char *name, size_t page) {
  if (multi) {
    qalam__buf_puts(b, lang);
    qalam__buf_putc(b, '/');
  }
  switch (kind) {
  case QALAM_PAGE_FRONT:
    qalam__buf_puts(b, "index.html");
    break;
  case QALAM_PAGE_SECTION:
    qalam__buf_puts(b, name);
    if (page <= 1)
      qalam__buf_puts(b, "/index.html");
    else
      qalam__buf_printf(b, "/page-%zu.html", page);
    break;
  case QALAM_PAGE_ARTICLE:
    qalam__buf_puts(b, "article/");
    qalam__buf_puts(b, name);
    qalam__buf_puts(b, ".html");
    break;
  }
}

void qalam__feed_path_put(qalam_buf *b, int multi, const char *lang,
                          const char *section, const char *file) {
  if (multi && lang) {
    qalam__buf_puts(b, lang);
    qalam__buf_putc(b, '/');
  }
  if (section) {
    qalam__buf_puts(b, section);
    qalam__buf_putc(b, '/');
  }
  qalam__buf_puts(b, file);
}

int qalam__no_base_url(const char *what) {
  return qalam__error(QALAM_EINVAL,
                      "the store has no base_url, which %s needs for its "
                      "absolute links: set it with qalam_store_set_base_url()",
                      what);
}

/* Checks the arguments shared by both public functions and writes the
 * path; `lang` NULL means the store's language. */
static int page_path(char **out, qalam_store *store, qalam_page_kind kind,
                     const char *lang, const char *name, size_t page) {
  int rc, multi = 0;
  if (lang && ((rc = qalam__check_text(lang, "lang")) ||
               (rc = qalam__check_lang(lang, "lang"))))
    return rc;
  if (kind != QALAM_PAGE_FRONT) {
    const char *what = kind == QALAM_PAGE_SECTION ? "section" : "article slug";
    if ((rc = qalam__check_text(name, what)) ||
        (rc = qalam__check_slug(name, what)))
      return rc;
  }
  if (kind == QALAM_PAGE_SECTION && page == 0)
    return qalam__error(QALAM_EINVAL,
                        "page 0 does not exist: section pages count from 1");
  if ((rc = qalam__site_multilingual(store, &multi))) return rc;
  qalam_buf b = QALAM_BUF_INIT;
  qalam__path_put(&b, multi, lang ? lang : store->lang, kind, name, page);
  return qalam__buf_finish(out, &b);
}

int qalam_page_path(char **out, qalam_store *store, qalam_page_kind kind,
                    const char *lang, const char *name, size_t page) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (!store) return qalam__error(QALAM_EINVAL, "store is NULL");
  if (kind != QALAM_PAGE_FRONT && kind != QALAM_PAGE_SECTION &&
      kind != QALAM_PAGE_ARTICLE)
    return qalam__error(QALAM_EINVAL,
                        "unknown page kind %d: use QALAM_PAGE_FRONT, "
                        "QALAM_PAGE_SECTION or QALAM_PAGE_ARTICLE",
                        (int)kind);
  return page_path(out, store, kind, lang, name, page);
}

int qalam_article_path(char **out, qalam_store *store,
                       const qalam_article *article) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (!store) return qalam__error(QALAM_EINVAL, "store is NULL");
  if (!article) return qalam__error(QALAM_EINVAL, "article is NULL");
  const char *slug = qalam_article_slug(article);
  if (!slug)
    return qalam__error(QALAM_EINVAL,
                        "the article has no slug yet: insert it into the "
                        "store first");
  return page_path(out, store, QALAM_PAGE_ARTICLE,
                   qalam_article_lang(article), slug, 1);
}
