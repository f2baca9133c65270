/* callgrind_ops.c - one key operation of qalam, for counting its
 * instructions under callgrind (bench/callgrind_guard.py).
 *
 *   valgrind --tool=callgrind --instr-atstart=no callgrind_ops OP
 *
 * Sets up its inputs (the same every run), does the operation once
 * uninstrumented to warm up (lazy binding, SQLite's statement cache, first
 * allocations), then once more between CALLGRIND_START_INSTRUMENTATION and
 * CALLGRIND_STOP_INSTRUMENTATION, so that only that run is counted.
 * Outside valgrind the client requests do nothing and the program just
 * runs. Operations:
 *
 *   render        qalam_markdown_to_html() of the 2.5 KB benchmark article
 *   render-cmark  cmark_markdown_to_html() of it (the plain loop's work, for
 *                 an instruction ratio; not in the guard)
 *   save          qalam_article_insert() of that article into a store of
 *                 200 articles (in memory: no disk in the count)
 *   section-page  the latest 20 of a section with their titles and times,
 *                 from a store of 200 articles
 *   sitemap       the sitemap's index and every part of a store of 200
 *                 articles in three languages, four days apart (27 months)
 *   make-store PATH NEWSPAPER_DIR
 *                 not counted: imports the sample newspaper into a new
 *                 store at PATH, for the portal's count
 *   make-site PATH
 *                 not counted: a new store at PATH with 300 copies of the
 *                 benchmark article in three languages and three sections,
 *                 for the count of a portal of some size (portal-300) */
#define _POSIX_C_SOURCE 200809L
#include <cmark.h>
#include <qalam.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include "article.h"

static volatile size_t sink; /* keeps the work from being optimised away */

static void check(int rc, const char *what) {
  if (rc != QALAM_OK) {
    fprintf(stderr, "callgrind_ops: %s: %s\n", what, qalam_error_message());
    exit(1);
  }
}

static void render(void) {
  char *html = NULL;
  check(qalam_markdown_to_html(&html, article, QALAM_MD_DEFAULT), "render");
  sink += strlen(html);
  qalam_free(html);
}

static void render_cmark(void) {
  char *html = cmark_markdown_to_html(article, sizeof article - 1,
                                      CMARK_OPT_DEFAULT);
  sink += strlen(html);
  free(html);
}

static const char *const section_slugs[] = {"news", "politics", "economy"};
#define T0 1767225600 /* 2026-01-01T00:00:00Z: fixed times, fixed work */

/* Inserts one article (lead and lang may be NULL) in section i % 3. */
static void insert(qalam_store *s, int i, const char *title, const char *body,
                   const char *lead, const char *lang, int64_t published) {
  qalam_article *a;
  const char *sec[] = {section_slugs[i % 3]};
  check(qalam_article_new(&a), "new");
  check(qalam_article_set_title(a, title), "title");
  check(qalam_article_set_body(a, body), "body");
  check(qalam_article_set_lead(a, lead), "lead");
  check(qalam_article_set_lang(a, lang), "lang");
  check(qalam_article_set_sections(a, sec, 1), "sections");
  check(qalam_article_set_published(a, published), "published");
  check(qalam_article_insert(s, a), "insert");
  qalam_article_free(a);
}

/* Article i of the store of 200: the benchmark article, ten minutes apart
 * from T0. */
static void add(qalam_store *s, int i) {
  char title[96];
  snprintf(title, sizeof title, "City council approves tram line, part %d",
           i);
  insert(s, i, title, article, "The council voted 31 to 6.", NULL,
         T0 + (int64_t)i * 600);
}

/* Article i of the sitemap's store: languages in turn, four days apart
 * going back from T0. */
static void add_spread(qalam_store *s, int i) {
  static const char *const langs[] = {"en", "kk", "ru"};
  char title[64];
  snprintf(title, sizeof title, "Weekly market report %d", i);
  insert(s, i, title, "Prices held steady.", NULL, langs[i % 3],
         T0 - (int64_t)i * 4 * 86400);
}

/* Article i of the portal's site: the benchmark article, languages in
 * turn, three hours apart going back from T0 (two months), with a lead as
 * long as the bench corpus's (every listing shows it). */
static void add_site(qalam_store *s, int i) {
  static const char *const langs[] = {"en", "kk", "ru"};
  char title[96];
  snprintf(title, sizeof title, "City council approves tram line, part %d",
           i);
  insert(s, i, title, article,
         "The city council approved the long-debated tram line on Tuesday "
         "by 31 votes to 6, after a four-hour session in which residents of "
         "the northern districts asked for the route to pass their schools "
         "and the market.",
         langs[i % 3], T0 - (int64_t)i * 3 * 3600);
}

/* A store at `path` with the three sections and `n` articles made by
 * `add_one`. */
static qalam_store *make_store_at(const char *path,
                                  void (*add_one)(qalam_store *, int), int n) {
  qalam_store *s;
  check(qalam_store_open(&s, path, QALAM_STORE_DEFAULT), "open");
  for (int i = 0; i < 3; i++)
    check(qalam_section_add(s, section_slugs[i], section_slugs[i], i + 1),
          "section");
  for (int i = 0; i < n; i++) add_one(s, i);
  return s;
}

/* The store of 200 made by `add_one`, in memory. */
static qalam_store *make_store(void (*add_one)(qalam_store *, int)) {
  return make_store_at(":memory:", add_one, 200);
}

static void sitemap(qalam_store *s) {
  qalam_sitemap *m;
  char *xml;
  check(qalam_sitemap_open(&m, s), "sitemap");
  check(qalam_sitemap_index_render(&xml, m), "index");
  sink += strlen(xml);
  qalam_free(xml);
  for (size_t i = 0; i < qalam_sitemap_count(m); i++) {
    check(qalam_sitemap_part_render(&xml, m, i), "part");
    sink += strlen(xml);
    qalam_free(xml);
  }
  qalam_sitemap_free(m);
}

static void section_page(qalam_store *s) {
  qalam_query q = QALAM_QUERY_INIT;
  qalam_cursor *c;
  const qalam_article *a;
  q.section = "news";
  q.limit = 20;
  q.now = T0 + 400 * 600;
  check(qalam_cursor_open(&c, s, &q), "cursor");
  int rc;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK)
    sink += strlen(qalam_article_title(a)) + (size_t)qalam_article_published(a);
  if (rc != QALAM_ITEROVER) check(rc, "next");
  qalam_cursor_free(c);
}

int main(int argc, char **argv) {
  const char *op = argc > 1 ? argv[1] : "";
  if (strcmp(op, "render") == 0) {
    render();
    CALLGRIND_START_INSTRUMENTATION;
    render();
    CALLGRIND_STOP_INSTRUMENTATION;
  } else if (strcmp(op, "render-cmark") == 0) {
    render_cmark();
    CALLGRIND_START_INSTRUMENTATION;
    render_cmark();
    CALLGRIND_STOP_INSTRUMENTATION;
  } else if (strcmp(op, "save") == 0) {
    qalam_store *s = make_store(add);
    add(s, 200);
    CALLGRIND_START_INSTRUMENTATION;
    add(s, 201);
    CALLGRIND_STOP_INSTRUMENTATION;
    qalam_store_close(s);
  } else if (strcmp(op, "section-page") == 0) {
    qalam_store *s = make_store(add);
    section_page(s);
    CALLGRIND_START_INSTRUMENTATION;
    section_page(s);
    CALLGRIND_STOP_INSTRUMENTATION;
    qalam_store_close(s);
  } else if (strcmp(op, "sitemap") == 0) {
    qalam_store *s = make_store(add_spread);
    check(qalam_store_set_base_url(s, "https://bench.example"), "base_url");
    sitemap(s);
    CALLGRIND_START_INSTRUMENTATION;
    sitemap(s);
    CALLGRIND_STOP_INSTRUMENTATION;
    qalam_store_close(s);
  } else if (strcmp(op, "make-store") == 0 && argc == 4) {
    qalam_store *s;
    qalam_import_stats stats;
    unlink(argv[2]);
    check(qalam_store_open(&s, argv[2], QALAM_STORE_DEFAULT), "open");
    check(qalam_import(s, argv[3], NULL, &stats), "import");
    qalam_store_close(s);
    if (stats.failed) return 1;
  } else if (strcmp(op, "make-site") == 0 && argc == 3) {
    unlink(argv[2]);
    qalam_store *s = make_store_at(argv[2], add_site, 300);
    check(qalam_store_set_title(s, "Bench Times"), "title");
    check(qalam_store_set_base_url(s, "https://bench.example"), "base_url");
    qalam_store_close(s);
  } else {
    fprintf(stderr,
            "usage: %s render | render-cmark | save | section-page | "
            "sitemap | make-store PATH NEWSPAPER_DIR | make-site PATH\n",
            argv[0]);
    return 2;
  }
  return 0;
}
