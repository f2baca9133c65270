/* sqlite_fts.c - the search index's writes, held until the outermost
 * commit of a write.
 *
 * FTS5 writes the rows it holds in memory to a new segment of its index at
 * every SAVEPOINT and RELEASE once it was written to in a transaction. An
 * import saves each file in a savepoint of its batch, so writing the index
 * at once made a segment per article (40% of an import's instructions).
 * Held here until the transaction commits, the batch's rows go in together:
 * one segment a batch. Rolling back to a savepoint drops the rows queued
 * since it began; nothing in qalam reads the index inside a write. */
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "sqlite_internal.h"

struct qalam__fts_op {
  int64_t id;
  int remove;               /* delete the old row first */
  char *title, *lead, *body; /* NULL title: delete only */
};

static void op_free(qalam__fts_op *op) {
  qalam__free(op->title);
  qalam__free(op->lead);
  qalam__free(op->body);
}

int qalam__fts_queue(qalam__db *db, int64_t id, int remove, const char *title,
                     char *lead, char *body) {
  if (db->nfts == db->capfts) {
    size_t cap = db->capfts ? db->capfts * 2 : 64;
    qalam__fts_op *grown = qalam__realloc(db->fts, cap * sizeof *grown);
    if (!grown) goto oom;
    db->fts = grown;
    db->capfts = cap;
  }
  qalam__fts_op *op = &db->fts[db->nfts];
  op->id = id;
  op->remove = remove;
  op->lead = lead;
  op->body = body;
  op->title = NULL;
  if (title && !(op->title = qalam__strdup(title))) goto oom;
  db->nfts++;
  return QALAM_OK;
oom:
  qalam__free(lead);
  qalam__free(body);
  return qalam__oom();
}

void qalam__fts_truncate(qalam__db *db, size_t n) {
  while (db->nfts > n) op_free(&db->fts[--db->nfts]);
  if (n == 0) {
    qalam__free(db->fts);
    db->fts = NULL;
    db->capfts = 0;
  }
}

int qalam__fts_flush(qalam__db *db) {
  int rc = QALAM_OK;
  for (size_t i = 0; i < db->nfts && !rc; i++) {
    const qalam__fts_op *op = &db->fts[i];
    sqlite3_stmt *st;
    if (op->remove) {
      if (!(st = qalam__sqlite_stmt(db, "DELETE FROM articles_fts WHERE rowid = ?1")))
        return qalam_error_code();
      sqlite3_bind_int64(st, 1, op->id);
      rc = qalam__sqlite_step_done(db, st, "updating the search index");
    }
    if (!rc && op->title) {
      if (!(st = qalam__sqlite_stmt(db, "INSERT INTO articles_fts(rowid, title, "
                                        "lead, body) VALUES (?1, ?2, ?3, ?4)")))
        return qalam_error_code();
      sqlite3_bind_int64(st, 1, op->id);
      qalam__sqlite_bind_text(st, 2, op->title);
      qalam__sqlite_bind_text(st, 3, op->lead);
      qalam__sqlite_bind_text(st, 4, op->body);
      rc = qalam__sqlite_step_done(db, st, "updating the search index");
    }
  }
  return rc;
}
