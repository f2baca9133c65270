/* cmark_loop.c - the plain libcmark loop of markdown_vs_cmark as a shared
 * library, so that bench/py_bench.py can time it in its own process,
 * interleaved with qalam.markdown_to_html() and python-markdown. */
#define _POSIX_C_SOURCE 200809L
#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"

#define EXPORT __attribute__((visibility("default")))

static size_t sink;

/* The benchmark article, NUL-terminated. */
EXPORT const char *bench_article(void) { return article; }

/* Renders `markdown` n times with cmark_markdown_to_html(); returns the
 * seconds per render. */
EXPORT double bench_cmark_loop(const char *markdown, long n) {
  struct timespec t0, t1;
  size_t len = strlen(markdown);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++) {
    char *html = cmark_markdown_to_html(markdown, len, CMARK_OPT_DEFAULT);
    sink += strlen(html);
    free(html);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return ((double)(t1.tv_sec - t0.tv_sec) +
          (double)(t1.tv_nsec - t0.tv_nsec) / 1e9) / (double)n;
}
