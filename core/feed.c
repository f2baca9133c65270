/* feed.c - qalam_feed_render(): checks the request, streams the entries
 * from a cursor and hands each to the format's writer (feed_xml.c,
 * feed_json.c). */
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "escape_internal.h"
#include "feed_internal.h"
#include "qalam/date.h"
#include "qalam/text.h"
#include "utf8.h"

int qalam__xml_put(qalam_buf *b, const char *text) {
  return qalam__escape_put(b, text, 1);
}

void qalam__lang_put(qalam_buf *b, const char *lang) {
  for (const char *p = lang; *p; p++) qalam__buf_putc(b, *p == '_' ? '-' : *p);
}

const char *qalam__feed_section_name(const qalam__feed *f, const char *slug) {
  size_t n = qalam_section_list_count(f->sections);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(qalam_section_list_slug(f->sections, i), slug))
      return qalam_section_list_name(f->sections, i);
  return slug;
}

/* Makes the lent article load its body and lists; a failure to load shows
 * as parts still unloaded, with the reason in the last error. */
static int load_article(const qalam_article *a) {
  qalam_article_html(a);
  qalam_article_section_count(a);
  if (a->lender && a->unloaded) {
    int rc = qalam_error_code();
    return rc ? rc : qalam__error(QALAM_EIO, "reading an article failed");
  }
  return QALAM_OK;
}

static int64_t effective_updated(const qalam_article *a) {
  int64_t p = qalam_article_published(a), u = qalam_article_updated(a);
  return u > p ? u : p;
}

/* The absolute URL of a stored article into *out (owned). */
static int article_url(char **out, qalam_store *s, int multi,
                       const qalam_article *a) {
  qalam_buf b = QALAM_BUF_INIT;
  const char *lang = qalam_article_lang(a);
  qalam__buf_puts(&b, s->base_url);
  qalam__buf_putc(&b, '/');
  qalam__path_put(&b, multi, lang ? lang : s->lang, QALAM_PAGE_ARTICLE,
                  qalam_article_slug(a), 1);
  return qalam__buf_finish(out, &b);
}

static int write_entry(qalam__feed *f, const qalam__feed_writer *w,
                       qalam_buf *b, int multi, const qalam_article *a) {
  int rc = load_article(a);
  if (rc) return rc;
  char *url = NULL;
  if ((rc = article_url(&url, f->store, multi, a))) return rc;
  qalam__feed_entry e;
  const char *lead = qalam_article_lead(a), *html = qalam_article_html(a);
  e.article = a;
  e.url = url;
  e.lead = lead && lead[0] ? lead : NULL;
  e.html = html ? html : "";
  e.published = qalam_article_published(a);
  e.updated = effective_updated(a);
  e.lead_only = (f->flags & QALAM_FEED_LEAD_ONLY) && e.lead;
  rc = w->entry(f, b, &e);
  qalam__free(url);
  if (rc) return rc;
  if (f->count == 0 || e.updated > f->updated) f->updated = e.updated;
  f->count++;
  return QALAM_OK;
}

/* The update time of a feed with no entries: that of the store's newest
 * listed article (in the feed's language filter), else the current
 * time. */
static int empty_feed_updated(qalam__feed *f, const qalam_query *q) {
  qalam_query newest = QALAM_QUERY_INIT;
  newest.lang = q->lang;
  newest.now = q->now;
  newest.limit = 1;
  qalam_cursor *c = NULL;
  const qalam_article *a;
  int rc = qalam_cursor_open(&c, f->store, &newest);
  if (rc) return rc;
  rc = qalam_cursor_next(&a, c);
  if (rc == QALAM_OK)
    f->updated = effective_updated(a);
  else if (rc == QALAM_ITEROVER)
    f->updated = q->now;
  qalam_cursor_free(c);
  return rc == QALAM_ITEROVER ? QALAM_OK : rc;
}

/* Title, self URL and home URL of the feed. */
static int feed_names(qalam__feed *f, const qalam__feed_writer *w, int multi,
                      const char *section, const char *section_name,
                      const char *lang) {
  qalam_store *s = f->store;
  qalam_buf b = QALAM_BUF_INIT;
  int rc;
  qalam__buf_puts(&b, s->title[0] ? s->title : s->base_url);
  if (section_name) {
    qalam__buf_puts(&b, " \xE2\x80\x94 "); /* em dash */
    qalam__buf_puts(&b, section_name);
  }
  if ((rc = qalam__buf_finish(&f->title, &b))) return rc;

  qalam__buf_puts(&b, s->base_url);
  qalam__buf_putc(&b, '/');
  qalam__feed_path_put(&b, multi, lang, section, w->file);
  if ((rc = qalam__buf_finish(&f->self_url, &b))) return rc;

  qalam__buf_puts(&b, s->base_url);
  qalam__buf_putc(&b, '/');
  qalam__path_put(&b, multi, lang ? lang : s->lang,
                  section ? QALAM_PAGE_SECTION : QALAM_PAGE_FRONT, section, 1);
  return qalam__buf_finish(&f->home_url, &b);
}

static int render(char **out, qalam__feed *f, const qalam__feed_writer *w,
                  const char *section, const char *lang, size_t limit) {
  qalam_store *s = f->store;
  int rc, multi = 0;
  const char *section_name = NULL;

  if ((rc = qalam_section_list_open(&f->sections, s))) return rc;
  if (section) {
    size_t n = qalam_section_list_count(f->sections), i;
    for (i = 0; i < n; i++)
      if (!strcmp(qalam_section_list_slug(f->sections, i), section)) break;
    if (i == n) {
      char q[100];
      return qalam__error(QALAM_ENOTFOUND, "unknown section '%s'",
                          qalam__quote(q, sizeof q, section));
    }
    section_name = qalam_section_list_name(f->sections, i);
  }
  if ((rc = qalam__site_multilingual(s, &multi)) ||
      (rc = feed_names(f, w, multi, section, section_name, lang)))
    return rc;

  qalam_query q = QALAM_QUERY_INIT;
  q.section = section;
  q.lang = lang;
  q.limit = limit ? limit : QALAM_FEED_LIMIT;
  q.now = (int64_t)time(NULL);
  qalam_cursor *c = NULL;
  if ((rc = qalam_cursor_open(&c, s, &q))) return rc;
  qalam_buf entries = QALAM_BUF_INIT, doc = QALAM_BUF_INIT;
  const qalam_article *a;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK)
    if ((rc = write_entry(f, w, &entries, multi, a))) break;
  qalam_cursor_free(c);
  if (rc == QALAM_ITEROVER) rc = QALAM_OK;
  if (!rc && f->count == 0) rc = empty_feed_updated(f, &q);
  if (!rc) rc = w->head(f, &doc);
  if (!rc) {
    if (entries.len) qalam__buf_put(&doc, entries.ptr, entries.len);
    if (entries.failed) doc.failed = 1;
    rc = w->tail(f, &doc);
  }
  qalam__buf_free(&entries);
  if (rc) {
    qalam__buf_free(&doc);
    return rc;
  }
  return qalam__buf_finish(out, &doc);
}

int qalam_feed_render(char **out, qalam_store *store, qalam_feed_format format,
                      const char *section, const char *lang, size_t limit,
                      unsigned int flags) {
  qalam__error_clear();
  int rc;
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (!store) return qalam__error(QALAM_EINVAL, "store is NULL");
  const qalam__feed_writer *w = format == QALAM_FEED_RSS    ? &qalam__feed_rss
                                : format == QALAM_FEED_ATOM ? &qalam__feed_atom
                                : format == QALAM_FEED_JSON ? &qalam__feed_json
                                                            : NULL;
  if (!w)
    return qalam__error(QALAM_EINVAL,
                        "unknown feed format %d: use QALAM_FEED_RSS, "
                        "QALAM_FEED_ATOM or QALAM_FEED_JSON",
                        (int)format);
  if (flags & ~QALAM_FEED_LEAD_ONLY)
    return qalam__error(QALAM_EINVAL, "unknown feed flags 0x%x", flags);
  if (section && (rc = qalam__check_text(section, "section"))) return rc;
  if (lang && ((rc = qalam__check_text(lang, "lang")) ||
               (rc = qalam__check_lang(lang, "lang"))))
    return rc;
  if (!store->base_url[0]) return qalam__no_base_url("a feed");

  qalam__feed f;
  memset(&f, 0, sizeof f);
  f.store = store;
  f.flags = flags;
  f.offset = store->offset;
  f.lang = lang ? lang : store->lang;
  rc = render(out, &f, w, section, lang, limit);
  qalam_section_list_free(f.sections);
  qalam__free(f.title);
  qalam__free(f.self_url);
  qalam__free(f.home_url);
  return rc;
}
