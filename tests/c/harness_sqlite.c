/* harness_sqlite.c - SQLite's allocations through the harness allocator,
 * so that allocation-failure sweeps reach inside SQLite too. */
#include <sqlite3.h>

#include "harness.h"

static void *s_malloc(int n) { return harness_malloc((size_t)n); }
static void s_free(void *p) { harness_free(p); }
static void *s_realloc(void *p, int n) { return harness_realloc(p, (size_t)n); }
static int s_size(void *p) { return (int)harness_size(p); }
static int s_roundup(int n) { return (n + 7) & ~7; }
static int s_init(void *unused) {
  (void)unused;
  return SQLITE_OK;
}
static void s_shutdown(void *unused) { (void)unused; }

int harness_route_sqlite(void) {
  static const sqlite3_mem_methods methods = {
      s_malloc, s_free, s_realloc, s_size, s_roundup, s_init, s_shutdown, NULL};
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK ||
      sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK ||
      sqlite3_initialize() != SQLITE_OK) {
    fprintf(stderr, "cannot route SQLite's allocations\n");
    return 1;
  }
  return 0;
}

long long harness_sqlite_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

void harness_sqlite_plan(sqlite3 *db, const char *sql, char *out, size_t size) {
  char explain[1024];
  snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
  sqlite3_stmt *st = NULL;
  out[0] = '\0';
  if (sqlite3_prepare_v2(db, explain, -1, &st, NULL) != SQLITE_OK) {
    snprintf(out, size, "cannot prepare: %s", sqlite3_errmsg(db));
    return;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    strncat(out, (const char *)sqlite3_column_text(st, 3), size - strlen(out) - 1);
    strncat(out, "\n", size - strlen(out) - 1);
  }
  sqlite3_finalize(st);
}
