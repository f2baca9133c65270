/* sqlite_changes.c - the SQLite backend's change list (qalam/changes.h):
 * one row per article in article_changes, moved to the next revision by
 * every save and delete. */
#include "alloc.h"
#include "error.h"
#include "sqlite_internal.h"

int qalam__sqlite_record_change(qalam__db *db, int64_t id, int deleted) {
  /* The next revision is found through the UNIQUE index on revision; the
   * caller's transaction keeps two writers from taking the same one. */
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "INSERT INTO article_changes(id, revision, deleted) VALUES (?1, "
          "(SELECT ifnull(max(revision), 0) + 1 FROM article_changes), ?2) "
          "ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, "
          "deleted = excluded.deleted");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, deleted);
  return qalam__sqlite_step_done(db, st, "recording the change");
}

int qalam__db_revision(qalam__db *db, int64_t *out) {
  sqlite3_stmt *st =
      qalam__sqlite_stmt(db, "SELECT ifnull(max(revision), 0) FROM article_changes");
  if (!st) return qalam_error_code();
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    return qalam__sqlite_error(db, rc, "reading the revision");
  }
  *out = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return QALAM_OK;
}

int qalam__db_changes(qalam__db *db, int64_t after, size_t limit,
                      qalam_change **out, size_t *count) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT id, revision, deleted FROM article_changes "
          "WHERE revision > ?1 ORDER BY revision LIMIT ?2");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, after);
  sqlite3_bind_int64(st, 2, limit && limit <= INT64_MAX ? (int64_t)limit : -1);
  qalam_change *list = NULL;
  size_t n = 0, cap = 0;
  int rc, err = QALAM_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n == cap) {
      size_t grown_cap = cap ? cap * 2 : 64;
      qalam_change *grown = qalam__realloc(list, grown_cap * sizeof *list);
      if (!grown) {
        err = qalam__oom();
        break;
      }
      list = grown;
      cap = grown_cap;
    }
    list[n].id = sqlite3_column_int64(st, 0);
    list[n].revision = sqlite3_column_int64(st, 1);
    list[n].deleted = sqlite3_column_int(st, 2);
    n++;
  }
  if (!err && rc != SQLITE_DONE) err = qalam__sqlite_error(db, rc, "reading changes");
  sqlite3_reset(st);
  if (err) {
    qalam__free(list);
    return err;
  }
  *out = list;
  *count = n;
  return QALAM_OK;
}
