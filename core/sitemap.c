/* sitemap.c - the sitemap (sitemaps.org 0.9): one urlset, or an index and
 * its parts (qalam/feed.h, "Sitemap"). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "feed_internal.h"

size_t qalam__sitemap_urls = QALAM_SITEMAP_URLS;

/* A callback's "enough": not an error. */
#define STOP 1

/* The distinct languages of the listed articles, kept sorted. */
typedef struct langs {
  char **v;
  size_t n;
} langs;

/* Where `lang` is in `l`, or where it would go; `*found` says which. */
static size_t langs_find(const langs *l, const char *lang, int *found) {
  size_t lo = 0, hi = l->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(l->v[mid], lang);
    if (c == 0) {
      *found = 1;
      return mid;
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  *found = 0;
  return lo;
}

static int langs_add(langs *l, const char *lang) {
  int found;
  size_t i = langs_find(l, lang, &found);
  if (found) return QALAM_OK;
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

/* One file of the sitemap: a stretch of the pages or of one month's
 * articles. */
typedef struct part {
  char *name;
  int64_t from, to; /* articles published in [from, to); both 0: pages */
  size_t skip;      /* URLs of the same list before this part */
  size_t urls;      /* URLs it had when the sitemap was opened */
  int64_t lastmod;  /* the newest of its articles'; 0 for pages */
} part;

struct qalam_sitemap {
  qalam_store *store;
  int64_t now;
  size_t limit;      /* URLs a part: qalam__sitemap_urls when opened */
  int multi;
  qalam_section_list *sections;
  langs langs;       /* the languages of the pages */
  size_t *counts;    /* listed articles by language and section */
  size_t page_urls;  /* URLs of the front and section pages */
  size_t article_urls;
  part *parts;       /* the pages parts, then the months, newest first */
  size_t nparts, npages;
};

static part *part_add(qalam_sitemap *m) {
  part *grown = qalam__realloc(m->parts, (m->nparts + 1) * sizeof *grown);
  if (!grown) return NULL;
  m->parts = grown;
  part *p = &m->parts[m->nparts++];
  memset(p, 0, sizeof *p);
  return p;
}

/* "sitemap-NAME.xml", or "sitemap-NAME-K.xml" for the K-th part (K > 1). */
static char *part_name(const char *name, size_t k) {
  qalam_buf b = QALAM_BUF_INIT;
  char *out = NULL;
  qalam__buf_printf(&b, "sitemap-%s", name);
  if (k > 1) qalam__buf_printf(&b, "-%zu", k);
  qalam__buf_puts(&b, ".xml");
  return qalam__buf_finish(&out, &b) ? NULL : out;
}

/* The month holding `t` at the store's offset, as [from, to) and a name. */
static void month_of(int64_t t, int offset_minutes, int64_t *from,
                     int64_t *to, char name[16]) {
  int64_t off = (int64_t)offset_minutes * 60, y;
  int m, d;
  qalam__civil_from_days(qalam__floor_div(t + off, 86400, NULL), &y, &m, &d);
  *from = qalam__days_from_civil(y, m, 1) * 86400 - off;
  *to = (m == 12 ? qalam__days_from_civil(y + 1, 1, 1)
                 : qalam__days_from_civil(y, m + 1, 1)) * 86400 - off;
  snprintf(name, 16, "%04d-%02d", (int)y, m);
}

/* --- Opening: the articles by month, the pages by language ---------------- */

/* One listed article of a month longer than a part, newest first: into
 * the month's part it falls in. */
static int article_seen(void *ctx, const char *lang, const char *slug,
                        int64_t published, int64_t updated) {
  qalam_sitemap *m = ctx;
  (void)lang, (void)slug;
  part *last = m->nparts > m->npages ? &m->parts[m->nparts - 1] : NULL;
  if (!last || published < last->from || last->urls == m->limit) {
    int64_t from, to;
    char month[16];
    month_of(published, m->store->offset, &from, &to, month);
    size_t k = 1, skip = 0;
    if (last && published >= last->from) { /* the month goes on */
      skip = last->skip + last->urls;
      k = skip / m->limit + 1;
    }
    if (!(last = part_add(m)) || !(last->name = part_name(month, k)))
      return qalam__oom();
    last->from = from;
    last->to = to;
    last->skip = skip;
  }
  last->urls++;
  int64_t t = updated > published ? updated : published;
  if (t > last->lastmod) last->lastmod = t;
  return QALAM_OK;
}

/* The parts of the months, newest first: each month that has articles
 * found by an index probe and counted from the index, and only a month
 * longer than a part read article by article. */
static int add_month_parts(qalam_sitemap *m) {
  qalam__db *db = m->store->db;
  int64_t before = INT64_MAX, latest, from, to;
  int any, rc;
  while (!(rc = qalam__db_listed_latest(db, m->now, before, &any, &latest)) &&
         any) {
    char month[16];
    size_t count;
    month_of(latest, m->store->offset, &from, &to, month);
    if ((rc = qalam__db_listed_tally(db, m->now, from, to, &count, &latest)))
      break;
    m->article_urls += count;
    if (count > m->limit) {
      if ((rc = qalam__db_listed_keys(db, m->now, from, to, article_seen, m)))
        break;
    } else {
      part *p = part_add(m);
      if (!p || !(p->name = part_name(month, 1))) return qalam__oom();
      p->from = from;
      p->to = to;
      p->urls = count;
      p->lastmod = latest;
    }
    before = from;
  }
  return rc;
}

static int lang_seen(void *ctx, const char *lang) {
  return langs_add(ctx, lang);
}

static int section_counted(void *ctx, const char *section, const char *lang,
                           size_t n) {
  qalam_sitemap *m = ctx;
  if (!section || !lang) return qalam__oom();
  size_t nsec = qalam_section_list_count(m->sections), s, l = 0;
  for (s = 0; s < nsec; s++)
    if (!strcmp(qalam_section_list_slug(m->sections, s), section)) break;
  int found = 1;
  if (m->multi) l = langs_find(&m->langs, lang, &found);
  if (s < nsec && found) m->counts[l * nsec + s] += n;
  return QALAM_OK;
}

/* Pages of a section with `n` listed articles: its index.html at least. */
static size_t section_pages(size_t n) {
  return n ? (n - 1) / QALAM_PAGE_SIZE + 1 : 1;
}

/* The pages parts: the first parts. */
static int add_pages_parts(qalam_sitemap *m) {
  size_t n = m->page_urls ? (m->page_urls - 1) / m->limit + 1 : 1;
  for (size_t k = 1; k <= n; k++) {
    part *p = part_add(m);
    if (!p || !(p->name = part_name("pages", k))) return qalam__oom();
    p->skip = (k - 1) * m->limit;
    p->urls = m->page_urls - p->skip;
    if (p->urls > m->limit) p->urls = m->limit;
  }
  m->npages = n;
  return QALAM_OK;
}

static int count_all(qalam_sitemap *m) {
  qalam_store *s = m->store;
  int rc;
  if ((rc = qalam__site_multilingual(s, &m->multi)) ||
      (rc = qalam_section_list_open(&m->sections, s)) ||
      (m->multi && (rc = qalam__db_listed_langs(s->db, m->now, lang_seen,
                                                &m->langs))))
    return rc;
  /* a single-language site has one set of pages, in the store's language */
  if (m->langs.n == 0 && (rc = langs_add(&m->langs, s->lang))) return rc;
  size_t nsec = qalam_section_list_count(m->sections);
  if (nsec && !(m->counts = qalam__calloc(m->langs.n * nsec,
                                          sizeof *m->counts)))
    return qalam__oom();
  if (nsec && (rc = qalam__db_listed_section_counts(s->db, m->now,
                                                    section_counted, m)))
    return rc;
  for (size_t l = 0; l < m->langs.n; l++) {
    m->page_urls++;
    for (size_t i = 0; i < nsec; i++)
      m->page_urls += section_pages(m->counts[l * nsec + i]);
  }
  if ((rc = add_pages_parts(m))) return rc;
  return add_month_parts(m);
}

/* --- Writing -------------------------------------------------------------- */

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

/* Writes `max` URLs of a list after its first `skip`. */
typedef struct writing {
  qalam_sitemap *m;
  qalam_buf *b, path;
  size_t skip, max, seen;
} writing;

/* Whether the next URL of the list is written. */
static int wanted(writing *w) {
  size_t i = w->seen++;
  return i >= w->skip && i - w->skip < w->max;
}

static int page_entry(writing *w, const char *lang, qalam_page_kind kind,
                      const char *slug, size_t page) {
  if (!wanted(w)) return QALAM_OK;
  qalam__buf_truncate(&w->path, 0);
  qalam__path_put(&w->path, w->m->multi, lang, kind, slug, page);
  return url_entry(w->b, w->m->store, &w->path, 0);
}

/* The front page and every page of every section, in each language. */
static int write_pages(writing *w) {
  qalam_sitemap *m = w->m;
  size_t nsec = qalam_section_list_count(m->sections);
  int rc = QALAM_OK;
  for (size_t l = 0; !rc && l < m->langs.n; l++) {
    const char *lang = m->langs.v[l];
    rc = page_entry(w, lang, QALAM_PAGE_FRONT, NULL, 1);
    for (size_t i = 0; !rc && i < nsec; i++) {
      const char *slug = qalam_section_list_slug(m->sections, i);
      size_t n = section_pages(m->counts[l * nsec + i]);
      for (size_t p = 1; !rc && p <= n; p++)
        rc = page_entry(w, lang, QALAM_PAGE_SECTION, slug, p);
    }
  }
  return rc;
}

static int article_entry(void *ctx, const char *lang, const char *slug,
                         int64_t published, int64_t updated) {
  writing *w = ctx;
  if (w->seen >= w->skip + w->max) return STOP;
  if (!wanted(w)) return QALAM_OK;
  if (!lang || !slug) return qalam__oom();
  qalam__buf_truncate(&w->path, 0);
  qalam__path_put(&w->path, w->m->multi, lang, QALAM_PAGE_ARTICLE, slug, 1);
  return url_entry(w->b, w->m->store, &w->path,
                   updated > published ? updated : published);
}

static int write_articles(writing *w, int64_t from, int64_t to) {
  int rc = qalam__db_listed_keys(w->m->store->db, w->m->now, from, to,
                                 article_entry, w);
  return rc == STOP ? QALAM_OK : rc;
}

static const char URLSET[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

/* A urlset of the pages (`pages`) and the articles published in
 * [from, to), `max` URLs after the first `skip` of each. */
static int urlset(char **out, qalam_sitemap *m, int pages, int64_t from,
                  int64_t to, size_t skip, size_t max) {
  qalam_buf b = QALAM_BUF_INIT;
  writing w = {m, &b, QALAM_BUF_INIT, skip, max, 0};
  int rc = QALAM_OK;
  qalam__buf_puts(&b, URLSET);
  if (pages) rc = write_pages(&w);
  w.seen = 0;
  if (!rc && from < to) rc = write_articles(&w, from, to);
  qalam__buf_puts(&b, "</urlset>\n");
  if (!rc) rc = qalam__buf_finish(out, &b);
  qalam__buf_free(&w.path);
  qalam__buf_free(&b);
  return rc;
}

/* --- Public --------------------------------------------------------------- */

int qalam_sitemap_open(qalam_sitemap **out, qalam_store *store) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (!store) return qalam__error(QALAM_EINVAL, "store is NULL");
  if (!store->base_url[0]) return qalam__no_base_url("the sitemap");
  qalam_sitemap *m = qalam__calloc(1, sizeof *m);
  if (!m) return qalam__oom();
  m->store = store;
  m->now = (int64_t)time(NULL);
  m->limit = qalam__sitemap_urls;
  int rc = count_all(m);
  if (rc) {
    qalam_sitemap_free(m);
    return rc;
  }
  *out = m;
  return QALAM_OK;
}

void qalam_sitemap_free(qalam_sitemap *m) {
  if (!m) return;
  for (size_t i = 0; i < m->nparts; i++) qalam__free(m->parts[i].name);
  qalam__free(m->parts);
  qalam__free(m->counts);
  langs_free(&m->langs);
  qalam_section_list_free(m->sections);
  qalam__free(m);
}

size_t qalam_sitemap_count(const qalam_sitemap *m) {
  return m ? m->nparts : 0;
}

const char *qalam_sitemap_name(const qalam_sitemap *m, size_t i) {
  return m && i < m->nparts ? m->parts[i].name : NULL;
}

static int check_part(const qalam_sitemap *m, size_t i) {
  if (!m) return qalam__error(QALAM_EINVAL, "sitemap is NULL");
  if (i >= m->nparts)
    return qalam__error(QALAM_EINVAL, "the sitemap has no part %zu (it has "
                        "%zu, counted from 0)", i, m->nparts);
  return QALAM_OK;
}

int qalam_sitemap_span(const qalam_sitemap *m, size_t i, int64_t *from,
                       int64_t *to) {
  qalam__error_clear();
  int rc = check_part(m, i);
  if (rc) return rc;
  if (!from || !to)
    return qalam__error(QALAM_EINVAL, "%s is NULL", from ? "to" : "from");
  *from = m->parts[i].from;
  *to = m->parts[i].to;
  return QALAM_OK;
}

int qalam_sitemap_index_render(char **out, const qalam_sitemap *m) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (!m) return qalam__error(QALAM_EINVAL, "sitemap is NULL");
  qalam_buf b = QALAM_BUF_INIT;
  int rc = QALAM_OK;
  qalam__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<sitemapindex xmlns=\"http://www.sitemaps.org/"
                      "schemas/sitemap/0.9\">\n");
  for (size_t i = 0; !rc && i < m->nparts; i++) {
    qalam__buf_puts(&b, "  <sitemap>\n    <loc>");
    if ((rc = qalam__xml_put(&b, m->store->base_url))) break;
    qalam__buf_putc(&b, '/');
    qalam__buf_puts(&b, m->parts[i].name);
    qalam__buf_puts(&b, "</loc>\n");
    if (m->parts[i].lastmod) {
      qalam__buf_puts(&b, "    <lastmod>");
      rc = qalam__date_put(&b, m->parts[i].lastmod, m->store->offset, 0);
      qalam__buf_puts(&b, "</lastmod>\n");
    }
    qalam__buf_puts(&b, "  </sitemap>\n");
  }
  qalam__buf_puts(&b, "</sitemapindex>\n");
  if (!rc) rc = qalam__buf_finish(out, &b);
  qalam__buf_free(&b);
  return rc;
}

int qalam_sitemap_part_render(char **out, qalam_sitemap *m, size_t i) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  int rc = check_part(m, i);
  if (rc) return rc;
  const part *p = &m->parts[i];
  return urlset(out, m, i < m->npages, p->from, p->to, p->skip, m->limit);
}

int qalam_sitemap_render(char **out, qalam_store *store) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  qalam_sitemap *m = NULL;
  int rc = qalam_sitemap_open(&m, store);
  if (rc) return rc;
  size_t urls = m->page_urls + m->article_urls;
  if (urls > m->limit)
    rc = qalam__error(QALAM_EINVAL,
                      "the site has %zu URLs, more than the %zu one sitemap "
                      "may list: write a sitemap index and its parts "
                      "(qalam_sitemap_open())",
                      urls, m->limit);
  else
    rc = urlset(out, m, 1, INT64_MIN, INT64_MAX, 0, urls);
  qalam_sitemap_free(m);
  return rc;
}
