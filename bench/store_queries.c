/* store_queries.c - the hot reads of a big store through the C API.
 *
 * On a store made from the benchmark corpus (bench/gen_corpus.py):
 *
 * - the latest 20 articles of a section (a section page), read with their
 *   titles and times, rotating over the ten sections; the query plan is
 *   checked to read the article_sections index and the articles by id,
 *   with no scan and no sort;
 * - full-text search, the 20 best hits with their snippets, over a mix of
 *   queries: a village's name (a few dozen hits in a million articles), a
 *   surname (about a thousand), a two-word query and a prefix, and a common
 *   word (a third of the store). Each query's median is printed too.
 *
 * Usage: store_queries STORE [page-reps [search-reps [query...]]]
 * (defaults: 3000 section pages, 15 rounds of the search mix below; up to
 * 16 queries given replace the mix). */
#include "bench.h"

#include <qalam.h>
#include <sqlite3.h>

#include "store_internal.h"

static const char *const sections[] = {
    "news",   "politics", "economy", "society", "world",
    "sport",  "culture",  "science", "tech",    "opinion"};

/* The search mix: words the corpus generator writes. */
static const char *const searches[] = {
    "Нұрбайтал",          /* a village: rare */
    "Kenbolov",           /* a surname in English text */
    "Жансайов",           /* a surname in Kazakh and Russian text */
    "трамвай* Алматы",    /* two words, one a prefix */
    "бюджет",             /* common: a third of the articles */
};
#define NSEARCH (sizeof searches / sizeof *searches)

static size_t sink;

static void fail(const char *what) {
  fprintf(stderr, "store_queries: %s: %s\n", what, qalam_error_message());
  exit(1);
}

static double section_page(qalam_store *s, const char *section) {
  qalam_query q = QALAM_QUERY_INIT;
  qalam_cursor *c;
  const qalam_article *a;
  q.section = section;
  q.limit = 20;
  double t0 = bench_now();
  if (qalam_cursor_open(&c, s, &q)) fail("cursor");
  int rc;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK)
    sink += strlen(qalam_article_title(a)) + (size_t)qalam_article_published(a);
  if (rc != QALAM_ITEROVER) fail("next");
  qalam_cursor_free(c);
  return bench_now() - t0;
}

static double search(qalam_store *s, const char *text, size_t *hits) {
  qalam_query q = QALAM_QUERY_INIT;
  qalam_cursor *c;
  const qalam_article *a;
  q.limit = 20;
  double t0 = bench_now();
  if (qalam_cursor_open_search(&c, s, text, &q)) fail("search");
  int rc;
  *hits = 0;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
    sink += strlen(qalam_article_title(a)) + strlen(qalam_cursor_snippet(c));
    ++*hits;
  }
  if (rc != QALAM_ITEROVER) fail("next");
  qalam_cursor_free(c);
  return bench_now() - t0;
}

/* How many articles match: each word quoted as qalam does, straight
 * through SQLite. */
static size_t count_matches(const char *path, const char *text) {
  char match[256] = "", word[128];
  const char *p = text;
  int n;
  while (sscanf(p, "%127s%n", word, &n) == 1) {
    size_t len = strlen(word);
    int prefix = len > 1 && word[len - 1] == '*';
    if (prefix) word[len - 1] = 0;
    snprintf(match + strlen(match), sizeof match - strlen(match), "%s\"%s\"%s",
             *match ? " " : "", word, prefix ? "*" : "");
    p += n;
  }
  sqlite3 *db;
  sqlite3_stmt *st;
  size_t count = 0;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT count(*) FROM articles_fts WHERE "
                             "articles_fts MATCH ?1", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) count = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return count;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s STORE [page-reps [search-reps]]\n", argv[0]);
    return 2;
  }
  long reps = argc > 2 ? atol(argv[2]) : 3000;
  int srounds = argc > 3 ? atoi(argv[3]) : 15;
  if (reps < 1 || srounds < 1) return 2;
  qalam_store *s;
  if (qalam_store_open(&s, argv[1], QALAM_STORE_READONLY)) fail("open");
  size_t total = 0, listed = 0;
  qalam_query all = QALAM_QUERY_INIT;
  if (qalam_article_count(&listed, s, &all)) fail("count");
  all.flags = QALAM_QUERY_UNLISTED; /* scheduled ones are in the indexes */
  if (qalam_article_count(&total, s, &all)) fail("count");

  /* the plan of a section page */
  qalam_query q = QALAM_QUERY_INIT;
  q.section = "news";
  q.limit = 20;
  qalam__spec spec;
  char *plan = NULL;
  if (qalam__query_spec(&spec, QALAM__LIST, &q) ||
      qalam__db_explain(s->db, &spec, &plan))
    fail("explain");
  int index_only = plan &&
      strstr(plan, "SEARCH k USING PRIMARY KEY (section_id=? AND published<?)") &&
      strstr(plan, "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)") &&
      !strstr(plan, "SCAN") && !strstr(plan, "TEMP B-TREE");
  printf("store: %zu articles (%zu listed, the rest scheduled)\n"
         "section page plan:\n%s\n",
         total, listed, plan ? plan : "(none)");
  qalam_free(plan);

  /* section pages: warm up, then time each one */
  for (int i = 0; i < 100; i++) section_page(s, sections[i % 10]);
  double *t = malloc((size_t)reps * sizeof *t);
  if (!t) return 1;
  for (long i = 0; i < reps; i++) t[i] = section_page(s, sections[i % 10]);
  bench_sort(t, (size_t)reps);
  printf("latest 20 of a section: min %.1f median %.1f p90 %.1f max %.1f us "
         "(%ld pages)\n",
         t[0] * 1e6, t[reps / 2] * 1e6, t[reps * 9 / 10] * 1e6,
         t[reps - 1] * 1e6, reps);
  printf("RESULT section_page min_us %.2f median_us %.2f max_us %.2f "
         "index_only %d n %zu\n",
         t[0] * 1e6, t[reps / 2] * 1e6, t[reps - 1] * 1e6, index_only, total);
  free(t);

  /* search: the mix, in rounds */
  const char *const *qs = searches;
  size_t nsearch = NSEARCH;
  if (argc > 4) {
    qs = (const char *const *)argv + 4;
    nsearch = (size_t)argc - 4;
  }
  double *all_t = malloc(nsearch * (size_t)srounds * sizeof *all_t);
  double per[16][100];
  size_t hits[16];
  if (!all_t || srounds > 100 || nsearch > 16) return 1;
  for (size_t k = 0; k < nsearch; k++) search(s, qs[k], &hits[k]);
  for (int r = 0; r < srounds; r++)
    for (size_t k = 0; k < nsearch; k++) {
      per[k][r] = search(s, qs[k], &hits[k]);
      all_t[r * nsearch + k] = per[k][r];
    }
  printf("search, top 20 with snippets (%d rounds):\n", srounds);
  for (size_t k = 0; k < nsearch; k++) {
    size_t matching = count_matches(argv[1], qs[k]);
    bench_sort(per[k], (size_t)srounds);
    printf("  %-20s %8zu matching  median %8.2f ms\n", qs[k], matching,
           per[k][srounds / 2] * 1e3);
    printf("RESULT search_query %zu matching %zu median_ms %.3f\n", k,
           matching, per[k][srounds / 2] * 1e3);
  }
  size_t n = nsearch * (size_t)srounds;
  bench_sort(all_t, n);
  printf("search mix: min %.2f median %.2f max %.2f ms\n", all_t[0] * 1e3,
         all_t[n / 2] * 1e3, all_t[n - 1] * 1e3);
  printf("RESULT search min_ms %.3f median_ms %.3f max_ms %.3f n %zu\n",
         all_t[0] * 1e3, all_t[n / 2] * 1e3, all_t[n - 1] * 1e3, total);
  free(all_t);
  qalam_store_close(s);
  return sink == 0;
}
