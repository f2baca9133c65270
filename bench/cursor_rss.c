/* cursor_rss.c - iterates every article of a store through one cursor,
 * reading each title and publication time, and prints the count and the
 * process's peak resident set size: a cursor streams, so the peak must not
 * grow with the store (compare a 100,000- and a 1,000,000-article store).
 *
 * Every article: drafts and scheduled ones too (QALAM_QUERY_UNLISTED), so
 * that the whole store is read whatever the date.
 *
 * Usage: cursor_rss STORE */
#include "bench.h"

#include <qalam.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s STORE\n", argv[0]);
    return 2;
  }
  qalam_store *s;
  qalam_cursor *c;
  const qalam_article *a;
  qalam_query q = QALAM_QUERY_INIT;
  size_t n = 0, bytes = 0;
  int rc;
  double t0 = bench_now();
  q.flags = QALAM_QUERY_UNLISTED;
  if (qalam_store_open(&s, argv[1], QALAM_STORE_READONLY) ||
      qalam_cursor_open(&c, s, &q)) {
    fprintf(stderr, "cursor_rss: %s\n", qalam_error_message());
    return 1;
  }
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
    bytes += strlen(qalam_article_title(a)) + (qalam_article_published(a) & 1);
    n++;
  }
  if (rc != QALAM_ITEROVER) {
    fprintf(stderr, "cursor_rss: %s\n", qalam_error_message());
    return 1;
  }
  qalam_cursor_free(c);
  qalam_store_close(s);
  printf("RESULT rss c articles %zu peak_kib %ld seconds %.2f\n", n,
         bench_peak_rss_kib(), bench_now() - t0);
  return bytes == 0;
}
