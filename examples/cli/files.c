/*
 * files.c - `qalam import` and `qalam export`: Markdown files with front
 * matter in and out of the store.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct import_state {
  int bar_shown; /* a progress bar is on the terminal's last line */
} import_state;

static void clear_bar(import_state *state) {
  if (state->bar_shown) fputs("\r\033[K", stderr);
  state->bar_shown = 0;
}

static int on_error(const char *path, size_t line, int code,
                    const char *message, void *payload) {
  (void)code;
  clear_bar(payload);
  if (line)
    fprintf(stderr, "%s:%zu: %s\n", path, line, message);
  else
    fprintf(stderr, "%s: %s\n", path, message);
  return 0;
}

static int on_progress(size_t done, size_t total, void *payload) {
  import_state *state = payload;
  enum { WIDTH = 30 };
  size_t filled = total ? done * WIDTH / total : WIDTH;
  if (filled > WIDTH) filled = WIDTH;
  fprintf(stderr, "\r[%.*s%*s] %zu/%zu",
          (int)filled, "##############################", (int)(WIDTH - filled),
          "", done, total);
  fflush(stderr);
  state->bar_shown = 1;
  return 0;
}

static int import_run(int argc, char **argv) {
  int count = 0;
  int rc = cli_parse(&cli_import, argc, argv, 1, NULL, 0, 1, -1, &count);
  if (rc != CLI_GO) return rc;
  qalam_store *store = NULL;
  if ((rc = cli_open_store(&store, CLI_WRITE))) return rc;

  import_state state = {0};
  qalam_import_options options = QALAM_IMPORT_OPTIONS_INIT;
  options.on_error = on_error;
  options.payload = &state;
  /* A progress bar only for a person watching: never into a log. */
  if (isatty(STDERR_FILENO)) options.progress = on_progress;

  qalam_import_stats total = {0, 0, 0, 0};
  for (int i = 1; i <= count; i++) {
    qalam_import_stats stats = {0, 0, 0, 0};
    int err = qalam_import(store, argv[i], &options, &stats);
    clear_bar(&state);
    total.files += stats.files;
    total.imported += stats.imported;
    total.updated += stats.updated;
    total.failed += stats.failed;
    if (err) {
      cli_fail(argv[i]);
      rc = CLI_FAIL;
      /* A missing path spoils only itself; anything else (a full disk, a
       * locked store) would fail the next paths too. */
      if (err != QALAM_ENOTFOUND && err != QALAM_EUTF8) break;
    }
  }
  qalam_store_close(store);
  printf("imported %zu, updated %zu, failed %zu\n", total.imported,
         total.updated, total.failed);
  return rc == CLI_OK && total.failed ? CLI_FAIL : rc;
}

static int export_run(int argc, char **argv) {
  int rc = cli_parse(&cli_export, argc, argv, 1, NULL, 0, 1, 1, NULL);
  if (rc != CLI_GO) return rc;
  qalam_store *store = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  size_t count = 0;
  if (qalam_export(&count, store, argv[1])) {
    rc = cli_fail(argv[1]);
  } else {
    printf("exported %zu article%s to %s\n", count, count == 1 ? "" : "s",
           argv[1]);
  }
  qalam_store_close(store);
  return rc;
}

const cli_command cli_import = {
    "import",
    "import PATH...",
    "import Markdown files with front matter",
    "Imports each file, or every *.md and *.markdown file under each\n"
    "directory (files and folders starting with '.' or '_' are skipped).\n"
    "An article whose slug and language are already in the store is\n"
    "updated. A file that fails is reported as PATH:LINE: message and\n"
    "skipped; the others are imported. When standard error is a terminal a\n"
    "progress bar is drawn on it. Prints \"imported N, updated M, failed K\"\n"
    "and exits with 1 when any file failed.\n",
    import_run,
};

const cli_command cli_export = {
    "export",
    "export DIR",
    "write every article as Markdown files",
    "Writes every article, drafts and scheduled ones too, to DIR/LANG/SLUG.md\n"
    "with the sections in DIR/_sections.yaml and the settings in\n"
    "DIR/_site.yaml, so that `qalam import DIR` into an empty store gives\n"
    "the same articles back.\n",
    export_run,
};
