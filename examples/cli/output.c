/*
 * output.c - the output buffer, error messages, opening the store, dates.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

const char *cli_db = "qalam.db";

void out_write(cli_out *out, const char *data, size_t len) {
  if (out->nomem) return;
  if (len >= out->cap - out->len || !out->data) {
    size_t cap = out->cap ? out->cap : 4096;
    while (cap - out->len <= len) cap *= 2;
    char *bigger = realloc(out->data, cap);
    if (!bigger) {
      out->nomem = 1;
      return;
    }
    out->data = bigger;
    out->cap = cap;
  }
  memcpy(out->data + out->len, data, len);
  out->len += len;
  out->data[out->len] = '\0';
}

void out_puts(cli_out *out, const char *text) {
  out_write(out, text, strlen(text));
}

void out_printf(cli_out *out, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    out->nomem = 1;
  } else if ((size_t)n < sizeof small) {
    out_write(out, small, (size_t)n);
  } else {
    char *big = malloc((size_t)n + 1);
    if (!big) {
      out->nomem = 1;
      return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    out_write(out, big, (size_t)n);
    free(big);
  }
}

void out_free(cli_out *out) {
  free(out->data);
  memset(out, 0, sizeof *out);
}

int out_flush(cli_out *out) {
  int status = CLI_OK;
  if (out->nomem)
    status = cli_failf("out of memory");
  else if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len)
    status = cli_failf("writing to standard output: %s", strerror(errno));
  out_free(out);
  return status;
}

int cli_fail(const char *what) {
  fprintf(stderr, "qalam: %s: %s\n", what, qalam_error_message());
  return CLI_FAIL;
}

int cli_failf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("qalam: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return CLI_FAIL;
}

int cli_open_store(qalam_store **out, int mode) {
  struct stat st;
  int in_memory = strcmp(cli_db, ":memory:") == 0;
  /* Writing commands other than init would create an empty store where
   * the path has a typo; they ask for `qalam init` instead. */
  if (mode == CLI_WRITE && !in_memory && stat(cli_db, &st) != 0) {
    if (errno == ENOENT)
      return cli_failf("%s: no store here: create it with 'qalam init'",
                       cli_db);
    return cli_failf("%s: %s", cli_db, strerror(errno));
  }
  int rc = qalam_store_open(out, cli_db,
                            mode == CLI_READ ? QALAM_STORE_READONLY
                                             : QALAM_STORE_DEFAULT);
  if (rc == QALAM_OK) return CLI_OK;
  cli_fail(cli_db);
  if (rc == QALAM_ENOTFOUND)
    fprintf(stderr, "qalam: create the store with 'qalam init', or name "
                    "another with --db FILE or QALAM_DB\n");
  return CLI_FAIL;
}

void out_date(cli_out *out, qalam_store *store, int64_t time,
              const char *pattern) {
  char *text = NULL;
  if (qalam_date_format(&text, time, qalam_store_offset(store), pattern,
                        "en") != QALAM_OK) {
    out_puts(out, "?");
    return;
  }
  out_puts(out, text);
  qalam_free(text);
}

const char *cli_format_offset(char *buf, int minutes) {
  int m = minutes < 0 ? -minutes : minutes;
  snprintf(buf, 8, "%c%02d:%02d", minutes < 0 ? '-' : '+', (m / 60) % 100,
           m % 60);
  return buf;
}
