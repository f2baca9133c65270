/* sitemap.c - sitemap.xml (sitemaps.org 0.9) of the whole site. */
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "feed_internal.h"

/* The distinct languages of the listed articles, kept sorted. */
typedef struct langs {
  char **v;
  size_t n;
} langs;

static int langs_add(langs *l, const char *lang) {
  size_t i = 0;
  while (i < l->n && strcmp(l->v[i], lang) < 0) i++;
  if (i < l->n && !strcmp(l->v[i], lang)) return QALAM_OK;
  char **v = qalam__realloc(l->v, (l->n + 1) * sizeof *v);
  if (!v) return qalam__oom();
  l->v = v;
  char *copy = qalam__strdup(lang);
  if (!copy) return qalam__oom();
  memmove(v + i + 1, v + i, (l->n - i) * sizeof *v);
  v[i] = copy;
  l->n++;
  return QALAM_OK;
}

static void langs_free(langs *l) {
  for (size_t i = 0; i < l->n; i++) qalam__free(l->v[i]);
  qalam__free(l->v);
}

/* <url><loc>base/path</loc>[<lastmod>..</lastmod>]</url>, with the path
 * already in `path`. lastmod 0: none. */
static int url_entry(qalam_buf *b, const qalam_store *s, const qalam_buf *path,
                     int64_t lastmod) {
  int rc;
  if (path->failed) return qalam__oom();
  qalam__buf_puts(b, "  <url>\n    <loc>");
  if ((rc = qalam__xml_put(b, s->base_url))) return rc;
  qalam__buf_putc(b, '/');
  if ((rc = qalam__xml_put(b, path->ptr))) return rc;
  qalam__buf_puts(b, "</loc>\n");
  if (lastmod) {
    qalam__buf_puts(b, "    <lastmod>");
    if ((rc = qalam__date_put(b, lastmod, s->offset, 0))) return rc;
    qalam__buf_puts(b, "</lastmod>\n");
  }
  qalam__buf_puts(b, "  </url>\n");
  return QALAM_OK;
}

typedef struct articles_ctx {
  qalam_buf *b, path;
  langs *l;
  qalam_store *s;
  int multi;
} articles_ctx;

static int article_entry(void *ctx, const char *lang, const char *slug,
                         int64_t published, int64_t updated) {
  articles_ctx *c = ctx;
  int rc;
  if (c->multi && (rc = langs_add(c->l, lang))) return rc;
  qalam__buf_truncate(&c->path, 0);
  qalam__path_put(&c->path, c->multi, lang, QALAM_PAGE_ARTICLE, slug, 1);
  return url_entry(c->b, c->s, &c->path, updated > published ? updated : published);
}

/* Every listed article, into `b`; the languages met, into `l`. */
static int articles(qalam_buf *b, langs *l, qalam_store *s, int multi,
                    int64_t now) {
  articles_ctx c = {b, QALAM_BUF_INIT, l, s, multi};
  int rc = qalam__db_listed_keys(s->db, now, article_entry, &c);
  qalam__buf_free(&c.path);
  return rc;
}

/* The front page and every page of every section in `lang`. */
static int pages(qalam_buf *b, qalam_store *s, const qalam_section_list *list,
                 int multi, const char *lang, int64_t now) {
  qalam_buf path = QALAM_BUF_INIT;
  int rc;
  qalam__path_put(&path, multi, lang, QALAM_PAGE_FRONT, NULL, 1);
  rc = url_entry(b, s, &path, 0);
  for (size_t i = 0; !rc && i < qalam_section_list_count(list); i++) {
    const char *slug = qalam_section_list_slug(list, i);
    qalam_query q = QALAM_QUERY_INIT;
    size_t count = 0;
    q.section = slug;
    q.lang = multi ? lang : NULL;
    q.now = now;
    if ((rc = qalam_article_count(&count, s, &q))) break;
    size_t n = count ? (count - 1) / QALAM_PAGE_SIZE + 1 : 1;
    for (size_t p = 1; !rc && p <= n; p++) {
      qalam__buf_truncate(&path, 0);
      qalam__path_put(&path, multi, lang, QALAM_PAGE_SECTION, slug, p);
      rc = url_entry(b, s, &path, 0);
    }
  }
  qalam__buf_free(&path);
  return rc;
}

static int render(char **out, qalam_store *s, langs *l,
                  qalam_section_list **list) {
  int rc, multi = 0;
  int64_t now = (int64_t)time(NULL);
  qalam_buf arts = QALAM_BUF_INIT, doc = QALAM_BUF_INIT;
  if ((rc = qalam__site_multilingual(s, &multi)) ||
      (rc = qalam_section_list_open(list, s)) ||
      (rc = articles(&arts, l, s, multi, now)))
    goto done;
  if (multi && l->n == 0 && (rc = langs_add(l, s->lang))) goto done;
  qalam__buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
                        "sitemap/0.9\">\n");
  if (multi) {
    for (size_t i = 0; !rc && i < l->n; i++)
      rc = pages(&doc, s, *list, 1, l->v[i], now);
  } else {
    rc = pages(&doc, s, *list, 0, s->lang, now);
  }
  if (rc) goto done;
  if (arts.len) qalam__buf_put(&doc, arts.ptr, arts.len);
  if (arts.failed) doc.failed = 1;
  qalam__buf_puts(&doc, "</urlset>\n");
  rc = qalam__buf_finish(out, &doc);
done:
  qalam__buf_free(&arts);
  qalam__buf_free(&doc);
  return rc;
}

int qalam_sitemap_render(char **out, qalam_store *store) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (!store) return qalam__error(QALAM_EINVAL, "store is NULL");
  if (!store->base_url[0]) return qalam__no_base_url("the sitemap");
  langs l = {NULL, 0};
  qalam_section_list *list = NULL;
  int rc = render(out, store, &l, &list);
  qalam_section_list_free(list);
  langs_free(&l);
  return rc;
}
