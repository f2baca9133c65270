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

static const char article[] =
    "# City council approves the new riverside tram line\n"
    "\n"
    "*By Aigerim Nurlanova, city desk* \xe2\x80\x94 updated 14:05\n"
    "\n"
    "The city council voted **31 to 6** on Tuesday to approve the riverside "
    "tram line, ending a debate that has run for almost three years. The "
    "12-kilometre route will link the [central station](/transport/station) "
    "with the new university campus and the hospital district.\n"
    "\n"
    "> \"This is the most important transport decision of the decade,\" said "
    "deputy mayor Daniyar Seitkali. \"It's also the cheapest one we could "
    "make.\"\n"
    "\n"
    "Opponents argued that the budget, estimated at 84 billion tenge, should "
    "go to road repairs first. The full cost breakdown is published on the "
    "[council website](https://council.example.kz/budget/2026 \"Budget "
    "2026\").\n"
    "\n"
    "## What happens next\n"
    "\n"
    "- Tenders for the rolling stock open in *September*.\n"
    "- Construction of the first section starts in spring 2027.\n"
    "- Service is planned to begin in **late 2029**.\n"
    "- Residents can comment on the stops until 30 June.\n"
    "\n"
    "Read our earlier coverage: [the route map](/news/2026/tram-map) and "
    "[the public hearing](/news/2026/tram-hearing).\n"
    "\n"
    "Traders on Embankment Street are _cautiously optimistic_. \"We lost "
    "customers during the bridge works,\" said Marat Akhmetov, who runs a "
    "bakery near the planned stop. \"If the trams really come every six "
    "minutes, people will walk past my window again.\" Others worry about "
    "noise at night and about the 140 trees on the route; the council says "
    "only 23 will be felled and 300 planted.\n"
    "\n"
    "The vote followed a four-hour session in which residents' groups "
    "presented a petition with more than 18,000 signatures. A summary of "
    "the environmental study is available as a "
    "[PDF](https://council.example.kz/docs/tram-eia-summary.pdf), and the "
    "minutes of the session will be published within ten days.\n"
    "\n"
    "## \xd0\x9f\xd0\xbe-\xd1\x80\xd1\x83\xd1\x81\xd1\x81\xd0\xba\xd0\xb8\n"
    "\n"
    "\xd0\x93\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb4\xd1\x81\xd0\xba\xd0\xbe\xd0\xb9 "
    "\xd1\x81\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbe\xd0\xb4\xd0\xbe\xd0\xb1"
    "\xd1\x80\xd0\xb8\xd0\xbb \xd1\x81\xd1\x82\xd1\x80\xd0\xbe\xd0\xb8\xd1\x82"
    "\xd0\xb5\xd0\xbb\xd1\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe "
    "*\xd1\x82\xd1\x80\xd0\xb0\xd0\xbc\xd0\xb2\xd0\xb0\xd0\xb9\xd0\xbd\xd0\xbe"
    "\xd0\xb9 \xd0\xbb\xd0\xb8\xd0\xbd\xd0\xb8\xd0\xb8* "
    "\xd0\xb2\xd0\xb4\xd0\xbe\xd0\xbb\xd1\x8c \xd1\x80\xd0\xb5\xd0\xba\xd0\xb8. "
    "\xc2\xab\xd0\xad\xd1\x82\xd0\xbe \xd1\x81\xd0\xb0\xd0\xbc\xd0\xbe\xd0\xb5 "
    "\xd0\xb2\xd0\xb0\xd0\xb6\xd0\xbd\xd0\xbe\xd0\xb5 \xd1\x80\xd0\xb5\xd1\x88"
    "\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5 \xd0\xb4\xd0\xb5\xd1\x81\xd1\x8f\xd1\x82"
    "\xd0\xb8\xd0\xbb\xd0\xb5\xd1\x82\xd0\xb8\xd1\x8f\xc2\xbb, \xe2\x80\x94 "
    "\xd1\x81\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbb "
    "\xd0\xb7\xd0\xb0\xd0\xbc\xd0\xb5\xd1\x81\xd1\x82\xd0\xb8\xd1\x82\xd0\xb5"
    "\xd0\xbb\xd1\x8c \xd0\xb0\xd0\xba\xd0\xb8\xd0\xbc\xd0\xb0. "
    "\xd0\x9f\xd0\xbe\xd0\xb4\xd1\x80\xd0\xbe\xd0\xb1\xd0\xbd\xd0\xbe\xd1\x81"
    "\xd1\x82\xd0\xb8 \xe2\x80\x94 \xd0\xbd\xd0\xb0 "
    "[\xd1\x81\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb5 \xd1\x81\xd0\xbe\xd0\xb2\xd0\xb5"
    "\xd1\x82\xd0\xb0](https://council.example.kz/ru/budget).\n"
    "\n"
    "> \xd0\xa1\xd1\x82\xd0\xbe\xd0\xb8\xd0\xbc\xd0\xbe\xd1\x81\xd1\x82\xd1\x8c "
    "\xd0\xbf\xd1\x80\xd0\xbe\xd0\xb5\xd0\xba\xd1\x82\xd0\xb0 \xe2\x80\x94 "
    "**84 \xd0\xbc\xd0\xbb\xd1\x80\xd0\xb4 \xd1\x82\xd0\xb5\xd0\xbd\xd0\xb3"
    "\xd0\xb5**, \xd0\xbf\xd0\xb5\xd1\x80\xd0\xb2\xd1\x8b\xd0\xb5 "
    "\xd0\xb2\xd0\xb0\xd0\xb3\xd0\xbe\xd0\xbd\xd1\x8b \xd0\xbf\xd0\xbe\xd0\xb9"
    "\xd0\xb4\xd1\x83\xd1\x82 \xd0\xb2 2029 \xd0\xb3\xd0\xbe\xd0\xb4\xd1\x83.\n"
    "\n"
    "Photo: ![The planned riverside stop](/img/2026/tram-stop.jpg \"Riverside "
    "stop, artist's impression\") \xc2\xa9 City Transport Office.\n";

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
  free(ratio);
  free(q);
  free(c);
  return sink == 0;
}
