/* markdown_vs_cmark.c - the cost of qalam_markdown_to_html() over cmark.
 *
 * Renders one news article (about 2.5 KB, English and Russian) N times
 * through qalam_markdown_to_html() and N times through a plain
 * cmark_markdown_to_html() loop, alternating the two for several rounds,
 * and prints the minimum, median and maximum time per article of each and
 * their ratio. qalam does more per article than the plain loop: it checks
 * the UTF-8, walks the tree to neutralise dangerous URLs, tracks every
 * block cmark allocates so that out-of-memory can be recovered from, and
 * copies the result.
 *
 * Usage: markdown_vs_cmark [articles-per-round [rounds]]
 * (defaults: 2000 articles, 15 rounds). */
#define _POSIX_C_SOURCE 200809L
#include <cmark.h>
#include <qalam.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t sink; /* keeps the loops from being optimised away */

static double run_qalam(long n) {
  double t0 = now();
  for (long i = 0; i < n; i++) {
    char *html = NULL;
    if (qalam_markdown_to_html(&html, article, QALAM_MD_DEFAULT) != QALAM_OK) {
      fprintf(stderr, "render failed: %s\n", qalam_error_message());
      exit(1);
    }
    sink += strlen(html);
    qalam_free(html);
  }
  return (now() - t0) / (double)n;
}

static double run_cmark(long n) {
  size_t len = sizeof article - 1;
  double t0 = now();
  for (long i = 0; i < n; i++) {
    char *html = cmark_markdown_to_html(article, len, CMARK_OPT_DEFAULT);
    sink += strlen(html);
    free(html);
  }
  return (now() - t0) / (double)n;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000;
  int rounds = argc > 2 ? atoi(argv[2]) : 15;
  if (n < 1 || rounds < 1 || rounds > 1000) {
    fprintf(stderr, "usage: %s [articles-per-round [rounds]]\n", argv[0]);
    return 2;
  }
  double *q = calloc((size_t)rounds, sizeof *q);
  double *c = calloc((size_t)rounds, sizeof *c);
  double *ratio = calloc((size_t)rounds, sizeof *ratio);
  if (!q || !c || !ratio) return 1;
  run_qalam(n / 10 + 1); /* warm up caches and the allocator */
  run_cmark(n / 10 + 1);
  for (int r = 0; r < rounds; r++) {
    if (r % 2 == 0) {
      q[r] = run_qalam(n);
      c[r] = run_cmark(n);
    } else {
      c[r] = run_cmark(n);
      q[r] = run_qalam(n);
    }
    ratio[r] = q[r] / c[r]; /* same round: the same machine load */
  }
  qsort(q, (size_t)rounds, sizeof *q, cmp);
  qsort(c, (size_t)rounds, sizeof *c, cmp);
  qsort(ratio, (size_t)rounds, sizeof *ratio, cmp);
  double qm = q[rounds / 2], cm = c[rounds / 2];
  printf("article: %zu bytes; %ld articles x %d rounds, interleaved\n",
         sizeof article - 1, n, rounds);
  printf("%-24s %10s %10s %10s  (microseconds per article)\n", "", "min",
         "median", "max");
  printf("%-24s %10.2f %10.2f %10.2f\n", "qalam_markdown_to_html", q[0] * 1e6,
         qm * 1e6, q[rounds - 1] * 1e6);
  printf("%-24s %10.2f %10.2f %10.2f\n", "cmark_markdown_to_html", c[0] * 1e6,
         cm * 1e6, c[rounds - 1] * 1e6);
  printf("ratio qalam/cmark: of medians %.3f, of minimums %.3f; "
         "per round min %.3f median %.3f max %.3f\n",
         qm / cm, q[0] / c[0], ratio[0], ratio[rounds / 2],
         ratio[rounds - 1]);
  printf("RESULT markdown ratio min %.3f median %.3f max %.3f qalam_us %.3f "
         "cmark_us %.3f\n",
         ratio[0], ratio[rounds / 2], ratio[rounds - 1], qm * 1e6, cm * 1e6);
  free(ratio);
  free(q);
  free(c);
  return sink == 0;
}
