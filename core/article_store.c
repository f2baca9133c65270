/* article_store.c - inserting, updating, deleting and reading articles
 * (qalam/article.h): checks, slugs, rendering; the database does the rest. */
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "markdown_render.h"
#include "qalam/text.h"
#include "store_internal.h"
#include "utf8.h"

static int check_store_article(const qalam_store *s, const qalam_article *a) {
  if (!s || !a)
    return qalam__error(QALAM_EINVAL, "%s is NULL", s ? "article" : "store");
  if (s->readonly)
    return qalam__error(QALAM_EREADONLY, "the store was opened read-only");
  if (a->lender)
    return qalam__error(QALAM_EINVAL,
                        "cannot save an article lent by a cursor: copy it "
                        "with qalam_article_copy() first");
  if (!a->title) return qalam__error(QALAM_EINVAL, "the article has no title");
  return QALAM_OK;
}

/* Renders and saves `a`. Everything derived is computed into a shadow copy
 * first, so that a failure leaves the caller's article as it was. A
 * generated slug lives in a buffer of QALAM_SLUG_MAX + 1 bytes, where the
 * database may add a "-N" suffix. */
static int save(qalam_store *s, qalam_article *a, int update) {
  qalam_article shadow = *a;
  char *slug = NULL, *lang = NULL, *body = NULL, *html = NULL, *text = NULL;
  int rc = QALAM_OK;
  if (!a->slug) {
    char *made = NULL;
    rc = qalam_slugify(&made, a->title, a->lang ? a->lang : s->lang);
    if (!rc && !(slug = qalam__malloc(QALAM_SLUG_MAX + 1))) rc = qalam__oom();
    if (!rc) strcpy(slug, made); /* slugs are at most QALAM_SLUG_MAX */
    qalam__free(made);
  }
  if (!rc && !a->lang && !(lang = qalam__strdup(s->lang))) rc = qalam__oom();
  if (!rc && !a->body && !(body = qalam__strdup(""))) rc = qalam__oom();
  const char *markdown = body ? body : a->body;
  if (!rc) rc = qalam__markdown_html_and_text(&html, &text, markdown);
  if (!rc) {
    if (slug) shadow.slug = slug;
    if (lang) shadow.lang = lang;
    if (body) shadow.body = body;
    shadow.html = html;
    int64_t now = (int64_t)time(NULL);
    if (!shadow.published) shadow.published = now;
    shadow.updated = now;
    rc = qalam__db_article_save(s->db, &shadow, update, slug == NULL, text);
  }
  if (!rc) {
    qalam__free(a->html);
    *a = shadow; /* the new strings now belong to the article */
    slug = lang = body = html = NULL;
  }
  qalam__free(slug);
  qalam__free(lang);
  qalam__free(body);
  qalam__free(html);
  qalam__free(text);
  return rc;
}

int qalam_article_insert(qalam_store *s, qalam_article *a) {
  qalam__error_clear();
  int rc = check_store_article(s, a);
  if (rc) return rc;
  if (a->id != 0)
    return qalam__error(QALAM_EINVAL,
                        "the article is already stored (id %lld): use "
                        "qalam_article_update()",
                        (long long)a->id);
  return save(s, a, 0);
}

int qalam_article_update(qalam_store *s, qalam_article *a) {
  qalam__error_clear();
  int rc = check_store_article(s, a);
  if (rc) return rc;
  if (a->id <= 0)
    return qalam__error(QALAM_EINVAL,
                        "the article has no id: use qalam_article_insert()");
  return save(s, a, 1);
}

int qalam_article_delete(qalam_store *s, int64_t id) {
  qalam__error_clear();
  if (!s) return qalam__error(QALAM_EINVAL, "store is NULL");
  if (s->readonly)
    return qalam__error(QALAM_EREADONLY, "the store was opened read-only");
  return qalam__db_article_delete(s->db, id);
}

static int get(qalam_article **out, qalam_store *s, int64_t id,
               const char *slug, const char *lang) {
  qalam_article *a = qalam__calloc(1, sizeof *a);
  if (!a) return qalam__oom();
  int rc = qalam__db_article_load(s->db, a, id, slug, lang);
  if (rc) {
    qalam_article_free(a);
    return rc;
  }
  *out = a;
  return QALAM_OK;
}

int qalam_article_get(qalam_article **out, qalam_store *s, int64_t id) {
  qalam__error_clear();
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  return get(out, s, id, NULL, NULL);
}

int qalam_article_get_by_slug(qalam_article **out, qalam_store *s,
                              const char *slug, const char *lang) {
  qalam__error_clear();
  int rc;
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  if ((rc = qalam__check_text(slug, "slug")) ||
      (lang && (rc = qalam__check_text(lang, "lang"))))
    return rc;
  return get(out, s, 0, slug, lang ? lang : s->lang);
}
