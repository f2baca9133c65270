/*
 * render.c - `qalam render`: Markdown to HTML, no store needed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Reads all of `f` into a NUL-terminated buffer; *len gets its length. */
static char *read_all(FILE *f, size_t *len) {
  size_t cap = 1 << 16, n;
  char *data = malloc(cap);
  *len = 0;
  while (data && (n = fread(data + *len, 1, cap - *len - 1, f)) > 0) {
    *len += n;
    if (cap - *len == 1) {
      char *bigger = realloc(data, cap * 2);
      if (!bigger) {
        free(data);
        return NULL;
      }
      data = bigger;
      cap *= 2;
    }
  }
  if (data) data[*len] = '\0';
  return data;
}

static int run(int argc, char **argv) {
  cli_option opts[] = {
      {"smart", 0, NULL}, {"unsafe", 0, NULL}, {"hardbreaks", 0, NULL}};
  int words = 0;
  int rc = cli_parse(&cli_render, argc, argv, 1, opts, 3, 0, 1, &words);
  if (rc != CLI_GO) return rc;
  unsigned int flags = QALAM_MD_DEFAULT;
  if (opts[0].value) flags |= QALAM_MD_SMART;
  if (opts[1].value) flags |= QALAM_MD_UNSAFE;
  if (opts[2].value) flags |= QALAM_MD_HARDBREAKS;

  int from_stdin = words == 0 || strcmp(argv[1], "-") == 0;
  const char *name = from_stdin ? "standard input" : argv[1];
  FILE *f = from_stdin ? stdin : fopen(name, "rb");
  if (!f) return cli_failf("%s: %s", name, strerror(errno));
  size_t len;
  char *markdown = read_all(f, &len);
  int read_failed = ferror(f) ? errno : 0;
  if (!from_stdin) fclose(f);
  if (!markdown) return cli_failf("%s: out of memory", name);
  if (read_failed) {
    free(markdown);
    return cli_failf("%s: %s", name, strerror(read_failed));
  }
  /* The library reads text up to its NUL: one inside would cut it. */
  const char *nul = memchr(markdown, '\0', len);
  if (nul) {
    size_t offset = (size_t)(nul - markdown);
    free(markdown);
    return cli_failf("%s: NUL byte at offset %zu: not text", name, offset);
  }
  char *html = NULL;
  if (qalam_markdown_to_html(&html, markdown, flags)) {
    rc = cli_fail(name);
  } else {
    cli_out out = {0};
    out_puts(&out, html);
    qalam_free(html);
    rc = out_flush(&out);
  }
  free(markdown);
  return rc;
}

const cli_command cli_render = {
    "render",
    "render [FILE] [--smart] [--unsafe] [--hardbreaks]",
    "render Markdown to HTML",
    "Renders the CommonMark in FILE (standard input when there is none, or\n"
    "it is \"-\") to an HTML fragment on standard output. Rendering is safe:\n"
    "raw HTML is left out and links that would run code are neutralised.\n"
    "Invalid UTF-8 fails, naming the byte offset.\n"
    "\nOptions:\n"
    "  --smart       typographic quotes and dashes, an ellipsis for ...\n"
    "  --hardbreaks  every line break in a paragraph becomes <br />\n"
    "  --unsafe      TRUSTED INPUT ONLY: pass raw HTML and every URL through\n",
    run,
};
