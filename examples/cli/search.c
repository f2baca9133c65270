/*
 * search.c - `qalam search`: full-text search with snippets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Appends the code point `c` as UTF-8. */
static void out_code_point(cli_out *out, unsigned long c) {
  char b[5] = {0};
  if (c < 0x80) {
    b[0] = (char)c;
  } else if (c < 0x800) {
    b[0] = (char)(0xC0 | (c >> 6));
    b[1] = (char)(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    b[0] = (char)(0xE0 | (c >> 12));
    b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    b[2] = (char)(0x80 | (c & 0x3F));
  } else {
    b[0] = (char)(0xF0 | (c >> 18));
    b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    b[3] = (char)(0x80 | (c & 0x3F));
  }
  out_puts(out, b);
}

/* The snippet's HTML as one line of terminal text: <mark>word</mark>
 * becomes [word], entities are decoded, runs of white space become one
 * space. */
static void out_snippet(cli_out *out, const char *html) {
  static const struct {
    const char *from, *to;
  } swaps[] = {{"<mark>", "["},  {"</mark>", "]"}, {"&amp;", "&"},
               {"&lt;", "<"},    {"&gt;", ">"},    {"&quot;", "\""},
               {"&#39;", "'"},   {"&apos;", "'"}};
  while (*html) {
    size_t plain = strcspn(html, "<& \t\r\n");
    out_write(out, html, plain);
    html += plain;
    if (strchr(" \t\r\n", *html) && *html) { /* one line: runs of space */
      out_puts(out, " ");
      html += strspn(html, " \t\r\n");
      continue;
    }
    if (!*html) break;
    size_t i = 0, nswaps = sizeof swaps / sizeof swaps[0];
    while (i < nswaps && strncmp(html, swaps[i].from, strlen(swaps[i].from)))
      i++;
    if (i < nswaps) {
      out_puts(out, swaps[i].to);
      html += strlen(swaps[i].from);
      continue;
    }
    if (html[0] == '&' && html[1] == '#') { /* &#NNN; or &#xHH; */
      int hex = html[2] == 'x' || html[2] == 'X';
      char *end;
      unsigned long c = strtoul(html + 2 + hex, &end, hex ? 16 : 10);
      if (*end == ';' && end > html + 2 + hex && c > 0 && c <= 0x10FFFF &&
          (c < 0xD800 || c > 0xDFFF)) {
        out_code_point(out, c);
        html = end + 1;
        continue;
      }
    }
    out_write(out, html++, 1);
  }
}

static int run(int argc, char **argv) {
  cli_option opts[] = {{"limit", 1, NULL}, {"section", 1, NULL},
                       {"lang", 1, NULL}};
  int words = 0;
  int rc = cli_parse(&cli_search, argc, argv, 1, opts, 3, 1, -1, &words);
  if (rc != CLI_GO) return rc;
  qalam_query query = QALAM_QUERY_INIT;
  query.limit = 10;
  query.section = opts[1].value;
  query.lang = opts[2].value;
  if (opts[0].value &&
      (rc = cli_parse_count(&cli_search, "--limit", opts[0].value,
                            &query.limit)) != CLI_GO)
    return rc;

  /* The words, joined by spaces. */
  size_t len = 1;
  for (int i = 1; i <= words; i++) len += strlen(argv[i]) + 1;
  char *text = malloc(len);
  if (!text) return cli_failf("out of memory");
  text[0] = '\0';
  for (int i = 1; i <= words; i++) {
    if (i > 1) strcat(text, " ");
    strcat(text, argv[i]);
  }

  qalam_store *store = NULL;
  qalam_cursor *cursor = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) {
    free(text);
    return rc;
  }
  if (qalam_cursor_open_search(&cursor, store, text, &query)) {
    rc = cli_fail("search");
  } else {
    cli_out out = {0};
    const qalam_article *a;
    int err;
    while ((err = qalam_cursor_next(&a, cursor)) == QALAM_OK) {
      out_date(&out, store, qalam_article_published(a), "dd.MM.y");
      out_printf(&out, "  %lld  %s  %s\n", (long long)qalam_article_id(a),
                 qalam_article_slug(a), qalam_article_title(a));
      const char *snippet = qalam_cursor_snippet(cursor);
      if (snippet && *snippet) {
        out_puts(&out, "  ");
        out_snippet(&out, snippet);
        out_puts(&out, "\n");
      }
    }
    if (err == QALAM_ITEROVER) {
      rc = out_flush(&out);
    } else {
      rc = cli_fail("search");
      out_free(&out);
    }
    qalam_cursor_free(cursor);
  }
  qalam_store_close(store);
  free(text);
  return rc;
}

const cli_command cli_search = {
    "search",
    "search QUERY... [--limit N] [--section S] [--lang L]",
    "find articles by words in their title, lead and body",
    "Finds the listed articles that hold every word of QUERY (any case;\n"
    "a word ending in '*' matches as a prefix), best match first. Each hit\n"
    "is a line as `qalam list` prints it, then its snippet indented by two\n"
    "spaces with the matched words in [brackets] and cut parts marked \"…\".\n"
    "No hit prints nothing (exit status 0).\n"
    "\nOptions:\n"
    "  --limit N    at most N hits (default 10)\n"
    "  --section S  only the articles of section S\n"
    "  --lang L     only the articles in language L\n",
    run,
};
