/*
 * feed.c - `qalam feed` (RSS, Atom or JSON Feed) and `qalam sitemap`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Writes a document the library made, ending it with a line break. */
static int print_document(char *text) {
  size_t len = strlen(text);
  cli_out out = {0};
  out_write(&out, text, len);
  if (len && text[len - 1] != '\n') out_puts(&out, "\n");
  qalam_free(text);
  return out_flush(&out);
}

static int feed_run(int argc, char **argv) {
  cli_option opts[] = {{"format", 1, NULL}, {"section", 1, NULL},
                       {"lang", 1, NULL},   {"limit", 1, NULL},
                       {"lead-only", 0, NULL}};
  int rc = cli_parse(&cli_feed, argc, argv, 1, opts, 5, 0, 0, NULL);
  if (rc != CLI_GO) return rc;
  static const char *const formats[] = {"rss", "atom", "json"};
  const char *name = opts[0].value ? opts[0].value : "rss";
  int format = 0;
  while (format < 3 && strcmp(name, formats[format]) != 0) format++;
  if (format == 3)
    return cli_usage_error(&cli_feed,
                           "--format: '%s' is not rss, atom or json", name);
  size_t limit = 0;
  if (opts[3].value && (rc = cli_parse_count(&cli_feed, "--limit",
                                             opts[3].value, &limit)) != CLI_GO)
    return rc;

  qalam_store *store = NULL;
  char *text = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  if (qalam_feed_render(&text, store, (qalam_feed_format)format,
                        opts[1].value, opts[2].value, limit,
                        opts[4].value ? QALAM_FEED_LEAD_ONLY : 0u))
    rc = cli_fail("feed");
  else
    rc = print_document(text);
  qalam_store_close(store);
  return rc;
}

/* Writes `text` (freed) to DIR/NAME through a temporary file and a
 * rename, so that a file is never seen half-written. */
static int write_in(const char *dir, const char *name, char *text) {
  char path[4096], tmp[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  size_t len = strlen(text);
  FILE *f = fopen(tmp, "wb");
  int ok = f && fwrite(text, 1, len, f) == len;
  int e = errno;
  if (f && fclose(f) != 0 && ok) ok = 0, e = errno;
  if (ok && rename(tmp, path) != 0) ok = 0, e = errno;
  qalam_free(text);
  if (ok) return CLI_OK;
  if (f) remove(tmp);
  return cli_failf("sitemap: cannot write '%s': %s", path, strerror(e));
}

/* sitemap.xml as an index and its parts, into `dir`. */
static int sitemap_parts(qalam_store *store, const char *dir) {
  qalam_sitemap *m = NULL;
  char *text = NULL;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return cli_failf("sitemap: cannot make the folder '%s': %s", dir,
                     strerror(errno));
  if (qalam_sitemap_open(&m, store) ||
      qalam_sitemap_index_render(&text, m)) {
    qalam_sitemap_free(m);
    return cli_fail("sitemap");
  }
  int rc = CLI_OK;
  size_t n = qalam_sitemap_count(m);
  for (size_t i = 0; !rc && i < n; i++) {
    char *part = NULL;
    rc = qalam_sitemap_part_render(&part, m, i)
             ? cli_fail("sitemap")
             : write_in(dir, qalam_sitemap_name(m, i), part);
  }
  /* the index last: it names only parts that are there */
  if (!rc) rc = write_in(dir, "sitemap.xml", text);
  else qalam_free(text);
  if (!rc) printf("wrote %s/sitemap.xml and %zu part%s\n", dir, n,
                  n == 1 ? "" : "s");
  qalam_sitemap_free(m);
  return rc;
}

static int sitemap_run(int argc, char **argv) {
  cli_option opts[] = {{"dir", 1, NULL}};
  int rc = cli_parse(&cli_sitemap, argc, argv, 1, opts, 1, 0, 0, NULL);
  if (rc != CLI_GO) return rc;
  qalam_store *store = NULL;
  char *text = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  if (opts[0].value) {
    rc = sitemap_parts(store, opts[0].value);
  } else if ((rc = qalam_sitemap_render(&text, store))) {
    /* With the base URL set, QALAM_EINVAL can only mean more URLs than
     * one file may list (qalam/feed.h): say how to get it in parts. */
    if (rc == QALAM_EINVAL && qalam_store_base_url(store)[0])
      rc = cli_failf("sitemap: %s; `qalam sitemap --dir DIR` writes it so",
                     qalam_error_message());
    else
      rc = cli_fail("sitemap");
  } else {
    rc = print_document(text);
  }
  qalam_store_close(store);
  return rc;
}

const cli_command cli_feed = {
    "feed",
    "feed [--format rss|atom|json] [--section S] [--lang L] [--limit N] "
    "[--lead-only]",
    "print a feed of the latest articles",
    "Prints a feed of the latest listed articles of the site, or of one\n"
    "section, on standard output. Links are built from the store's base URL\n"
    "(set it with `qalam init --base-url URL`).\n"
    "\nOptions:\n"
    "  --format F   rss (RSS 2.0, the default), atom (Atom 1.0) or json\n"
    "               (JSON Feed 1.1)\n"
    "  --section S  only the articles of section S\n"
    "  --lang L     only the articles in language L\n"
    "  --limit N    at most N articles (default 20)\n"
    "  --lead-only  each entry's content is its lead, not its whole body\n",
    feed_run,
};

const cli_command cli_sitemap = {
    "sitemap",
    "sitemap [--dir DIR]",
    "print the site's sitemap.xml, or write it in parts",
    "Prints sitemap.xml (sitemaps.org 0.9) on standard output: the front\n"
    "page, every page of every section and every listed article. Links are\n"
    "built from the store's base URL. One file may list 50,000 URLs: a\n"
    "larger site needs --dir.\n"
    "\nOptions:\n"
    "  --dir DIR  write sitemap.xml into DIR as an index of sitemaps of at\n"
    "             most 50,000 URLs beside it: sitemap-pages.xml (the front\n"
    "             and section pages) and sitemap-YYYY-MM.xml (the articles\n"
    "             of each month)\n",
    sitemap_run,
};
