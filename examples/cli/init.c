/*
 * init.c - `qalam init`: create the store, or change its settings.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_TITLE, OPT_BASE_URL, OPT_LANG, OPT_OFFSET };

/* Applies the settings given; on failure reports which one. */
static int apply(qalam_store *store, const cli_option *opts, int offset,
                 const char *where) {
  char what[64];
  int rc = QALAM_OK;
  if (opts[OPT_TITLE].value &&
      (rc = qalam_store_set_title(store, opts[OPT_TITLE].value)))
    snprintf(what, sizeof what, "%s--title", where);
  else if (opts[OPT_BASE_URL].value &&
           (rc = qalam_store_set_base_url(store, opts[OPT_BASE_URL].value)))
    snprintf(what, sizeof what, "%s--base-url", where);
  else if (opts[OPT_LANG].value &&
           (rc = qalam_store_set_lang(store, opts[OPT_LANG].value)))
    snprintf(what, sizeof what, "%s--lang", where);
  else if (opts[OPT_OFFSET].value &&
           (rc = qalam_store_set_offset(store, offset)))
    snprintf(what, sizeof what, "%s--offset", where);
  return rc ? cli_fail(what) : CLI_OK;
}

/* Removes a store this command created and could not finish. */
static void remove_store(const char *path) {
  char name[4096];
  unlink(path);
  snprintf(name, sizeof name, "%s-wal", path);
  unlink(name);
  snprintf(name, sizeof name, "%s-shm", path);
  unlink(name);
}

static int run(int argc, char **argv) {
  cli_option opts[] = {{"title", 1, NULL}, {"base-url", 1, NULL},
                       {"lang", 1, NULL}, {"offset", 1, NULL}};
  int rc = cli_parse(&cli_init, argc, argv, 1, opts, 4, 0, 0, NULL);
  if (rc != CLI_GO) return rc;
  int offset = 0;
  if (opts[OPT_OFFSET].value &&
      (rc = cli_parse_offset(&cli_init, opts[OPT_OFFSET].value, &offset)) !=
          CLI_GO)
    return rc;

  /* Every setting is tried on a store in memory first, so that a bad value
   * changes nothing in the real one. */
  qalam_store *store = NULL;
  if (qalam_store_open(&store, ":memory:", QALAM_STORE_DEFAULT))
    return cli_fail("init");
  rc = apply(store, opts, offset, "init: ");
  qalam_store_close(store);
  if (rc) return rc;

  struct stat st;
  int existed = stat(cli_db, &st) == 0 || strcmp(cli_db, ":memory:") == 0;
  if (!existed && errno != ENOENT)
    return cli_failf("%s: %s", cli_db, strerror(errno));
  if ((rc = cli_open_store(&store, CLI_CREATE))) return rc;
  if ((rc = apply(store, opts, offset, "")) && !existed) {
    qalam_store_close(store);
    remove_store(cli_db);
    return rc;
  }
  if (rc == CLI_OK) {
    char off[8];
    cli_out out = {0};
    int changed = 0;
    for (int i = 0; i < 4; i++) changed |= opts[i].value != NULL;
    const char *names[] = {"title:", "base-url:", "lang:", "offset:"};
    const char *values[] = {qalam_store_title(store),
                            qalam_store_base_url(store),
                            qalam_store_lang(store),
                            cli_format_offset(off, qalam_store_offset(store))};
    out_printf(&out, "%s %s\n",
               !existed ? "created" : changed ? "updated" : "store", cli_db);
    for (int i = 0; i < 4; i++) /* no trailing space after an empty one */
      out_printf(&out, "%-*s%s\n", *values[i] ? 10 : 0, names[i], values[i]);
    rc = out_flush(&out);
  }
  qalam_store_close(store);
  return rc;
}

const cli_command cli_init = {
    "init",
    "init [--title T] [--base-url URL] [--lang L] [--offset +05:00]",
    "create the store, or change its settings",
    "Creates the store when it does not exist, then sets the settings given\n"
    "(the others keep their value) and prints them all. Every value is\n"
    "checked before anything is written.\n"
    "\nOptions:\n"
    "  --title T         the site's name\n"
    "  --base-url URL    the site's absolute http(s) URL (feeds, sitemap)\n"
    "  --lang L          the default language of articles (en, ru, kk...)\n"
    "  --offset +05:00   the newsroom's UTC offset (+05:00, -0330, +05, Z);\n"
    "                    dates are shown and read at it\n",
    run,
};
