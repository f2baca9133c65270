/* sqlite_internal.h - shared by the SQLite backend's files (sqlite_*.c). */
#ifndef QALAM_CORE_SQLITE_INTERNAL_H
#define QALAM_CORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store_internal.h"

#define QALAM__STMT_IDLE 8

typedef struct qalam__fts_op qalam__fts_op;
/* Nested writes deeper than this are refused. */
#define QALAM__DEPTH_MAX 16

struct qalam__db {
  sqlite3 *sql;
  const char *path; /* for messages; owned */
  int depth;        /* nested writes: the outermost is a transaction, the
                       inner ones savepoints */
  /* every static query used so far, prepared once (it grows: a fixed
   * size would fail the first query past it) */
  struct qalam__cached {
    const char *sql; /* a static string: the cache key */
    sqlite3_stmt *stmt;
  } *cache;
  size_t ncache, capcache;
  /* cursors' statements, kept for the next cursor with the same text */
  sqlite3_stmt *idle[QALAM__STMT_IDLE];
  /* search index writes held until the outermost commit (sqlite_fts.c),
   * and how many were queued when each open savepoint began */
  qalam__fts_op *fts;
  size_t nfts, capfts;
  size_t fts_mark[QALAM__DEPTH_MAX];
  /* qalam__db_lang_count's last answer, and the writes seen when it was
   * read: this connection's (sqlite3_total_changes64) and the others'
   * (PRAGMA data_version); kept only outside transactions */
  int langs_known;
  size_t langs;
  int64_t langs_changes, langs_version;
};

/* Maps a SQLite result to a qalam code and sets the message
 * "<doing>: <SQLite's message>". */
int qalam__sqlite_error(qalam__db *db, int rc, const char *doing);

/* Steps a statement that returns no rows and resets it; the error of
 * "<doing>: ..." when it does not finish. */
int qalam__sqlite_step_done(qalam__db *db, sqlite3_stmt *st, const char *doing);

/* A prepared statement for the static string `sql`, reset and unbound,
 * cached for the life of the store. NULL on failure (error set). */
sqlite3_stmt *qalam__sqlite_stmt(qalam__db *db, const char *sql);

/* Cursors' statements: acquire takes an idle statement prepared from the
 * same text when there is one (a page of the same listing again), else
 * prepares one; release gives it back, reset and unbound, or finalizes it
 * when the pool is full. NULL is a no-op. */
int qalam__sqlite_acquire(qalam__db *db, const char *sql, sqlite3_stmt **out);
void qalam__sqlite_release(qalam__db *db, sqlite3_stmt *st);

/* Moves article `id` to the store's next revision, as saved or deleted;
 * inside the caller's transaction (sqlite_changes.c). */
int qalam__sqlite_record_change(qalam__db *db, int64_t id, int deleted);

/* The search index queue (sqlite_fts.c): queue takes `lead` and `body`
 * (freed, even on failure) and copies `title` (NULL: only delete the old
 * row); truncate drops what was queued after the first n; flush writes it
 * all (the queue is then truncated by the caller). */
int qalam__fts_queue(qalam__db *db, int64_t id, int remove, const char *title,
                     char *lead, char *body);
void qalam__fts_truncate(qalam__db *db, size_t n);
int qalam__fts_flush(qalam__db *db);

/* Runs SQL without results. */
int qalam__sqlite_exec(qalam__db *db, const char *sql, const char *doing);

/* Writes nest: the outermost begin is BEGIN IMMEDIATE (so a writer waits
 * for the lock up front), inner ones are savepoints, so that a batch can
 * hold many writes and one failed write rolls back only itself. */
int qalam__sqlite_begin(qalam__db *db);
int qalam__sqlite_commit(qalam__db *db);
void qalam__sqlite_rollback(qalam__db *db);

/* Binds UTF-8 text (NULL binds NULL); SQLite copies nothing: the text must
 * outlive the step. */
int qalam__sqlite_bind_text(sqlite3_stmt *st, int i, const char *text);

/* The columns of articles that cursors and loads read, in this order. */
#define QALAM__ARTICLE_COLUMNS                                             \
  "a.id, a.slug, a.lang, a.title, a.lead, a.author, a.source_url, "        \
  "a.status, a.published, a.updated, a.story"
#define QALAM__ARTICLE_NCOLUMNS 11

/* The keys of every listed article at ?1, newest first, read from
 * articles_by_time alone (qalam__db_listed_keys; a test checks the plan). */
#define QALAM__LISTED_KEYS_SQL                                              \
  "SELECT lang, slug, published, updated FROM articles "                   \
  "WHERE status = 1 AND published <= ?1 AND published >= ?2 "               \
  "ORDER BY published DESC, id DESC"

/* An article's sections and tags in order, read from the indexes by
 * article alone (schema 3; a test checks the plans). */
#define QALAM__SECTIONS_SQL                                                 \
  "SELECT s.slug FROM article_sections x JOIN sections s ON "              \
  "s.id = x.section_id WHERE x.article_id = ?1 ORDER BY x.position"
#define QALAM__TAGS_SQL                                                     \
  "SELECT tag FROM article_tags WHERE article_id = ?1 ORDER BY position"

/* Points the article's scalar fields at the row's columns (borrowed). */
void qalam__sqlite_row_article(sqlite3_stmt *st, qalam_article *a);

#endif
