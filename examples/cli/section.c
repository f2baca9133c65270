/*
 * section.c - `qalam section add` and `qalam section list`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The position after every existing section: 1 + the largest, or 1. */
static int next_position(qalam_store *store, int *out) {
  qalam_section_list *list = NULL;
  if (qalam_section_list_open(&list, store)) return cli_fail("section add");
  int last = 0;
  for (size_t i = 0; i < qalam_section_list_count(list); i++) {
    int p = qalam_section_list_position(list, i);
    if (i == 0 || p > last) last = p;
  }
  qalam_section_list_free(list);
  *out = last + 1;
  return CLI_OK;
}

static int section_add(int argc, char **argv) {
  cli_option opts[] = {{"position", 1, NULL}};
  int rc = cli_parse(&cli_section, argc, argv, 2, opts, 1, 2, 2, NULL);
  if (rc != CLI_GO) return rc;
  const char *slug = argv[2], *name = argv[3];
  int position = 0;
  if (opts[0].value && (rc = cli_parse_int(&cli_section, "--position",
                                           opts[0].value, &position)) != CLI_GO)
    return rc;
  qalam_store *store = NULL;
  if ((rc = cli_open_store(&store, CLI_WRITE))) return rc;
  if (!opts[0].value) rc = next_position(store, &position);
  if (rc == CLI_OK && qalam_section_add(store, slug, name, position))
    rc = cli_fail("section add");
  if (rc == CLI_OK) {
    cli_out out = {0};
    out_printf(&out, "added section %s (%s) at position %d\n", slug, name,
               position);
    rc = out_flush(&out);
  }
  qalam_store_close(store);
  return rc;
}

static int section_list(int argc, char **argv) {
  int rc = cli_parse(&cli_section, argc, argv, 2, NULL, 0, 0, 0, NULL);
  if (rc != CLI_GO) return rc;
  qalam_store *store = NULL;
  qalam_section_list *list = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  if (qalam_section_list_open(&list, store)) {
    rc = cli_fail("section list");
  } else {
    size_t n = qalam_section_list_count(list);
    int width = 0;
    for (size_t i = 0; i < n; i++) {
      int w = (int)strlen(qalam_section_list_slug(list, i));
      if (w > width) width = w;
    }
    cli_out out = {0};
    for (size_t i = 0; i < n; i++)
      out_printf(&out, "%4d  %-*s  %s\n", qalam_section_list_position(list, i),
                 width, qalam_section_list_slug(list, i),
                 qalam_section_list_name(list, i));
    rc = out_flush(&out);
    qalam_section_list_free(list);
  }
  qalam_store_close(store);
  return rc;
}

static int run(int argc, char **argv) {
  const char *sub = argc > 1 ? argv[1] : NULL;
  if (!sub) return cli_usage_error(&cli_section, "missing add or list");
  if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
    cli_print_help(&cli_section);
    return CLI_OK;
  }
  if (strcmp(sub, "add") == 0) return section_add(argc, argv);
  if (strcmp(sub, "list") == 0) return section_list(argc, argv);
  return cli_usage_error(&cli_section, "unknown subcommand '%s'", sub);
}

const cli_command cli_section = {
    "section",
    "section add SLUG NAME [--position N]\n"
    "       qalam section list",
    "add a section, or list the sections",
    "add   adds the section SLUG (lowercase letters and digits in words\n"
    "      joined by '-') shown as NAME. --position N places it on the front\n"
    "      page (lower first); the default is after every existing section.\n"
    "list  prints one line per section in front-page order: its position,\n"
    "      slug and name.\n",
    run,
};
