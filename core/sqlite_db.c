/* sqlite_db.c - the SQLite store: opening, schema and migrations,
 * settings, sections, and the helpers the other sqlite_*.c files share. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "sqlite_internal.h"

/* 'qalm': marks a SQLite file as a qalam store. */
#define APPLICATION_ID 0x71616c6d

/* migrations[v] takes a store from schema version v to v + 1; version 0
 * is an empty file. Never edit a step once released: add one. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE settings("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE sections("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL);"
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  lead TEXT,"
    "  body TEXT NOT NULL,"
    "  html TEXT NOT NULL,"
    "  author TEXT,"
    "  source_url TEXT,"
    "  status INTEGER NOT NULL CHECK (status IN (0, 1)),"
    "  published INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  story INTEGER,"
    "  UNIQUE (lang, slug));"
    "CREATE INDEX articles_by_time ON articles(status, published, id);"
    "CREATE INDEX articles_by_lang ON articles(lang, status, published, id);"
    "CREATE INDEX articles_by_story ON articles(story) WHERE story IS NOT NULL;"
    /* Listing keys, copied from the article so that a page of a section or
     * tag is read from this index alone, newest first. */
    "CREATE TABLE article_sections("
    "  section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,"
    "  published INTEGER NOT NULL,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  status INTEGER NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (section_id, published, article_id)) WITHOUT ROWID;"
    "CREATE INDEX article_sections_by_article ON article_sections(article_id);"
    "CREATE TABLE article_tags("
    "  tag TEXT NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  status INTEGER NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (tag, published, article_id)) WITHOUT ROWID;"
    "CREATE INDEX article_tags_by_article ON article_tags(article_id);"
    /* Plain text of title, lead and body; rowid = articles.id. */
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, lead, body, tokenize = 'unicode61 remove_diacritics 2');",
    /* 1 -> 2: the latest change of every article (qalam/changes.h); the
     * articles already there get revisions 1..N in id order. */
    "CREATE TABLE article_changes("
    "  id INTEGER PRIMARY KEY,"
    "  revision INTEGER NOT NULL UNIQUE,"
    "  deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)));"
    "INSERT INTO article_changes(id, revision, deleted) "
    "  SELECT id, row_number() OVER (ORDER BY id), 0 FROM articles;"
    /* The small columns before body and html: a listing reads an
     * article's fields without walking a long body's overflow pages
     * (a section page at 1,000,000 articles read 40 pages a row). Run with
     * foreign keys off, so dropping the old table deletes nothing. */
    "CREATE TABLE articles_v2("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT," /* a deleted id is never reused:
                                               its change says "deleted" */
    "  slug TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  lead TEXT,"
    "  author TEXT,"
    "  source_url TEXT,"
    "  status INTEGER NOT NULL CHECK (status IN (0, 1)),"
    "  published INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  story INTEGER,"
    "  body TEXT NOT NULL,"
    "  html TEXT NOT NULL,"
    "  UNIQUE (lang, slug));"
    "INSERT INTO articles_v2(id, slug, lang, title, lead, author, source_url,"
    "  status, published, updated, story, body, html)"
    "  SELECT id, slug, lang, title, lead, author, source_url, status,"
    "  published, updated, story, body, html FROM articles;"
    "DROP TABLE articles;"
    "ALTER TABLE articles_v2 RENAME TO articles;"
    /* lang, slug and updated too: the sitemap reads every article's from
     * this index alone, not from a page of each row */
    "CREATE INDEX articles_by_time ON articles(status, published, id, lang,"
    "  slug, updated);"
    "CREATE INDEX articles_by_lang ON articles(lang, status, published, id);"
    "CREATE INDEX articles_by_story ON articles(story) WHERE story IS NOT NULL;",
    /* 2 -> 3: an article's sections and tags in their order from the index
     * alone; reading them sorted each list in a temporary B-tree, which
     * cost a third of reading a cursor row's body and lists. */
    "DROP INDEX article_sections_by_article;"
    "CREATE INDEX article_sections_by_article ON article_sections(article_id,"
    "  position);"
    "DROP INDEX article_tags_by_article;"
    "CREATE INDEX article_tags_by_article ON article_tags(article_id, position);",
};
_Static_assert(sizeof migrations / sizeof *migrations == QALAM_SCHEMA_VERSION,
               "one migration per schema version");

int qalam__sqlite_error(qalam__db *db, int rc, const char *doing) {
  const char *msg = db && db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
  int code;
  if (rc == SQLITE_IOERR_NOMEM) return qalam__oom();
  if (rc == SQLITE_READONLY_DIRECTORY || rc == SQLITE_READONLY_CANTINIT)
    /* WAL mode: even a reader needs the -shm file beside the store */
    return qalam__error(QALAM_EREADONLY,
                        "%s: cannot read '%s' without write access to its "
                        "folder (SQLite's WAL mode keeps a shared-memory file "
                        "beside the store): grant it, or read a copy",
                        doing, db && db->path ? db->path : "the store");
  switch (rc & 0xff) {
  case SQLITE_NOMEM: return qalam__oom();
  case SQLITE_BUSY:
  case SQLITE_LOCKED: code = QALAM_EBUSY; break;
  case SQLITE_READONLY: code = QALAM_EREADONLY; break;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: code = QALAM_ECORRUPT; break;
  case SQLITE_CONSTRAINT: code = QALAM_EEXISTS; break;
  case SQLITE_TOOBIG:
  case SQLITE_RANGE:
  case SQLITE_MISMATCH: code = QALAM_EINVAL; break;
  default: code = QALAM_EIO;
  }
  return qalam__error(code, "%s: %s (%s)", doing, msg,
                      db && db->path ? db->path : "store");
}

int qalam__sqlite_bind_text(sqlite3_stmt *st, int i, const char *text) {
  return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC)
              : sqlite3_bind_null(st, i);
}

sqlite3_stmt *qalam__sqlite_stmt(qalam__db *db, const char *sql) {
  for (size_t i = 0; i < db->ncache; i++) {
    if (db->cache[i].sql == sql) {
      sqlite3_stmt *st = db->cache[i].stmt;
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
      return st;
    }
  }
  if (db->ncache == db->capcache) {
    size_t cap = db->capcache ? db->capcache * 2 : 32;
    struct qalam__cached *grown =
        qalam__realloc(db->cache, cap * sizeof *grown);
    if (!grown) {
      qalam__oom();
      return NULL;
    }
    db->cache = grown;
    db->capcache = cap;
  }
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                              NULL);
  if (rc != SQLITE_OK) {
    qalam__sqlite_error(db, rc, "preparing a query");
    return NULL;
  }
  db->cache[db->ncache].sql = sql;
  db->cache[db->ncache++].stmt = st;
  return st;
}

int qalam__sqlite_acquire(qalam__db *db, const char *sql, sqlite3_stmt **out) {
  for (size_t i = 0; i < QALAM__STMT_IDLE; i++) {
    if (db->idle[i] && strcmp(sqlite3_sql(db->idle[i]), sql) == 0) {
      *out = db->idle[i];
      db->idle[i] = NULL;
      return QALAM_OK;
    }
  }
  int rc = sqlite3_prepare_v2(db->sql, sql, -1, out, NULL);
  return rc == SQLITE_OK ? QALAM_OK : qalam__sqlite_error(db, rc, "preparing a query");
}

void qalam__sqlite_release(qalam__db *db, sqlite3_stmt *st) {
  if (!st) return;
  /* reset ends the statement's read transaction: an idle one holds none */
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  for (size_t i = 0; i < QALAM__STMT_IDLE; i++) {
    if (!db->idle[i]) {
      db->idle[i] = st;
      return;
    }
  }
  sqlite3_finalize(st);
}

int qalam__sqlite_exec(qalam__db *db, const char *sql, const char *doing) {
  int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? QALAM_OK : qalam__sqlite_error(db, rc, doing);
}

int qalam__sqlite_begin(qalam__db *db) {
  if (db->depth == QALAM__DEPTH_MAX)
    return qalam__error(QALAM_EINVAL, "writes nested too deep");
  int rc = qalam__sqlite_exec(db, db->depth ? "SAVEPOINT qalam_write" : "BEGIN IMMEDIATE",
                              "starting a write");
  if (!rc) db->fts_mark[db->depth++] = db->nfts;
  return rc;
}

int qalam__sqlite_commit(qalam__db *db) {
  /* the search index's rows go in last, after every savepoint */
  int rc = db->depth > 1 ? QALAM_OK : qalam__fts_flush(db);
  if (!rc)
    rc = qalam__sqlite_exec(db, db->depth > 1 ? "RELEASE qalam_write" : "COMMIT",
                            "committing");
  if (rc) {
    qalam__sqlite_rollback(db);
    return rc;
  }
  if (--db->depth == 0) qalam__fts_truncate(db, 0);
  return QALAM_OK;
}

void qalam__sqlite_rollback(qalam__db *db) {
  if (db->depth == 0) return;
  qalam__fts_truncate(db, db->fts_mark[db->depth - 1]);
  if (--db->depth)
    sqlite3_exec(db->sql, "ROLLBACK TO qalam_write; RELEASE qalam_write", NULL,
                 NULL, NULL);
  else if (!sqlite3_get_autocommit(db->sql))
    sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

/* Each write in a batch is a savepoint, and SQLite keeps the pages a
 * savepoint changes in a sub-journal, a file in /var/tmp once past 64 KiB:
 * writing it was most of an import's system time (a quarter of its time
 * in all, 10,000 files in /dev/shm). It stays in memory while a
 * batch lasts (temp_store is read when the transaction begins), and only
 * then: in memory, SQLite's sorts never spill, so a large ORDER BY would
 * have no bound. The setting is a hint; a batch works the same without. */
static void batch_temp_store(qalam__db *db, int memory) {
  sqlite3_exec(db->sql, memory ? "PRAGMA temp_store = MEMORY"
                               : "PRAGMA temp_store = DEFAULT",
               NULL, NULL, NULL);
}

int qalam__db_begin(qalam__db *db) {
  int outer = db->depth == 0;
  if (outer) batch_temp_store(db, 1);
  int rc = qalam__sqlite_begin(db);
  if (rc && outer) batch_temp_store(db, 0);
  return rc;
}

int qalam__db_commit(qalam__db *db) {
  int rc = qalam__sqlite_commit(db);
  if (db->depth == 0) batch_temp_store(db, 0);
  return rc;
}

void qalam__db_rollback(qalam__db *db) {
  qalam__sqlite_rollback(db);
  if (db->depth == 0) batch_temp_store(db, 0);
}

/* One integer from a PRAGMA or query. */
static int query_int(qalam__db *db, const char *sql, int64_t *out) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  }
  int err = rc == SQLITE_OK ? QALAM_OK
                            : qalam__sqlite_error(db, rc, "reading the store");
  sqlite3_finalize(st);
  return err;
}

/* Checks that the file is a qalam store of a version this library reads,
 * creating or migrating the schema when writable. */
static int prepare_schema(qalam__db *db, int readonly) {
  int64_t app = 0, version = 0, tables = 0;
  int rc;
  if ((rc = query_int(db, "PRAGMA application_id", &app)) ||
      (rc = query_int(db, "PRAGMA user_version", &version)) ||
      (rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &tables))) {
    if (rc == QALAM_ECORRUPT || rc == QALAM_EIO)
      return qalam__error(QALAM_ECORRUPT,
                          "'%s' is not a qalam store (not a SQLite database)",
                          db->path);
    return rc;
  }
  int empty = app == 0 && version == 0 && tables == 0;
  if (!empty && app != APPLICATION_ID)
    return qalam__error(QALAM_ECORRUPT,
                        "'%s' is a SQLite database but not a qalam store",
                        db->path);
  if (version > QALAM_SCHEMA_VERSION)
    return qalam__error(QALAM_ESCHEMA,
                        "'%s' was written by a newer qalam (schema %lld; this "
                        "library reads up to %d): upgrade qalam",
                        db->path, (long long)version, QALAM_SCHEMA_VERSION);
  if (version == QALAM_SCHEMA_VERSION) return QALAM_OK;
  if (readonly)
    return qalam__error(QALAM_ESCHEMA,
                        empty ? "'%s' is empty: open it read-write once to "
                                "create the store"
                              : "'%s' needs migrating to the current schema: "
                                "open it read-write once",
                        db->path);
  /* Tables are rebuilt by copying (SQLite's way to reorder columns):
   * foreign keys are off meanwhile, and can only be switched outside a
   * transaction. */
  if ((rc = qalam__sqlite_exec(db, "PRAGMA foreign_keys = OFF",
                               "migrating the store schema")))
    return rc;
  if (!(rc = qalam__sqlite_begin(db))) {
    for (int64_t v = version; v < QALAM_SCHEMA_VERSION && !rc; v++)
      rc = qalam__sqlite_exec(db, migrations[v], "migrating the store schema");
    char pragma[96];
    snprintf(pragma, sizeof pragma,
             "PRAGMA application_id = %d; PRAGMA user_version = %d",
             APPLICATION_ID, QALAM_SCHEMA_VERSION);
    if (!rc) rc = qalam__sqlite_exec(db, pragma, "marking the store");
    if (rc)
      qalam__sqlite_rollback(db);
    else
      rc = qalam__sqlite_commit(db);
  }
  int fk = qalam__sqlite_exec(db, "PRAGMA foreign_keys = ON",
                              "migrating the store schema");
  return rc ? rc : fk;
}

int qalam__db_open(qalam__db **out, const char *path, int readonly) {
  qalam__db *db = qalam__calloc(1, sizeof *db);
  if (!db) return qalam__oom();
  if (!(db->path = qalam__strdup(path))) {
    qalam__free(db);
    return qalam__oom();
  }
  int flags = (readonly ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
  int err = QALAM_OK;
  if (rc != SQLITE_OK) {
    if ((rc & 0xff) == SQLITE_CANTOPEN)
      err = qalam__error(readonly ? QALAM_ENOTFOUND : QALAM_EIO,
                         "cannot open the store '%s': %s", path,
                         readonly ? "no such file, or not readable"
                                  : sqlite3_errstr(rc));
    else
      err = qalam__sqlite_error(db, rc, "opening the store");
  }
  if (!err) {
    sqlite3_busy_timeout(db->sql, 5000);
    err = qalam__sqlite_exec(db, "PRAGMA foreign_keys = ON", "opening the store");
  }
  /* SQLite quietly opens a file it cannot write read-only: say so now,
   * not at the first write. */
  if (!err && !readonly && sqlite3_db_readonly(db->sql, "main") == 1)
    err = qalam__error(QALAM_EREADONLY,
                       "the store '%s' is not writable (check its and its "
                       "folder's permissions), or open it read-only",
                       path);
  if (!err) err = prepare_schema(db, readonly);
  if (!err && !readonly) {
    /* WAL lets readers go on while one process writes. */
    err = qalam__sqlite_exec(db, "PRAGMA journal_mode = WAL",
                             "switching the store to WAL mode");
  }
  if (err) {
    qalam__db_close(db);
    return err;
  }
  *out = db;
  return QALAM_OK;
}

void qalam__db_close(qalam__db *db) {
  if (!db) return;
  for (size_t i = 0; i < db->ncache; i++) sqlite3_finalize(db->cache[i].stmt);
  qalam__free(db->cache);
  for (size_t i = 0; i < QALAM__STMT_IDLE; i++) sqlite3_finalize(db->idle[i]);
  qalam__fts_truncate(db, 0);
  sqlite3_close_v2(db->sql);
  qalam__free((void *)db->path);
  qalam__free(db);
}

/* --- Settings ------------------------------------------------------------ */

int qalam__db_settings(qalam__db *db,
                       int (*fn)(void *ctx, const char *key, const char *value),
                       void *ctx) {
  sqlite3_stmt *st = qalam__sqlite_stmt(db, "SELECT key, value FROM settings");
  if (!st) return qalam_error_code();
  int rc, err = QALAM_OK;
  while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW)
    err = fn(ctx, (const char *)sqlite3_column_text(st, 0),
             (const char *)sqlite3_column_text(st, 1));
  if (!err && rc != SQLITE_DONE)
    err = qalam__sqlite_error(db, rc, "reading the settings");
  sqlite3_reset(st);
  return err;
}

/* Runs a prepared write statement to completion. */
int qalam__sqlite_step_done(qalam__db *db, sqlite3_stmt *st,
                            const char *doing) {
  int rc = sqlite3_step(st);
  int err = rc == SQLITE_DONE ? QALAM_OK : qalam__sqlite_error(db, rc, doing);
  sqlite3_reset(st);
  return err;
}

int qalam__db_set_setting(qalam__db *db, const char *key, const char *value) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, key);
  qalam__sqlite_bind_text(st, 2, value);
  return qalam__sqlite_step_done(db, st, "saving a setting");
}

/* --- Sections ------------------------------------------------------------ */

int qalam__db_section_add(qalam__db *db, const char *slug, const char *name,
                          int position) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "INSERT INTO sections(slug, name, position) VALUES (?1, ?2, ?3)");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, slug);
  qalam__sqlite_bind_text(st, 2, name);
  sqlite3_bind_int(st, 3, position);
  int rc = qalam__sqlite_step_done(db, st, "adding a section");
  if (rc == QALAM_EEXISTS)
    return qalam__error(QALAM_EEXISTS, "section '%s' already exists", slug);
  return rc;
}

int qalam__db_section_update(qalam__db *db, const char *slug,
                             const char *name, int position) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "UPDATE sections SET name = coalesce(?2, name), position = ?3 "
          "WHERE slug = ?1");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, slug);
  qalam__sqlite_bind_text(st, 2, name);
  sqlite3_bind_int(st, 3, position);
  int rc = qalam__sqlite_step_done(db, st, "updating a section");
  if (!rc && sqlite3_changes(db->sql) == 0)
    return qalam__error(QALAM_ENOTFOUND, "no section '%s'", slug);
  return rc;
}

int qalam__db_section_delete(qalam__db *db, const char *slug) {
  sqlite3_stmt *st =
      qalam__sqlite_stmt(db, "DELETE FROM sections WHERE slug = ?1");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, slug);
  int rc = qalam__sqlite_step_done(db, st, "deleting a section");
  if (!rc && sqlite3_changes(db->sql) == 0)
    return qalam__error(QALAM_ENOTFOUND, "no section '%s'", slug);
  return rc;
}

int qalam__db_section_list(qalam__db *db, qalam_section_list *list) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT slug, name, position FROM sections ORDER BY position, slug");
  if (!st) return qalam_error_code();
  int rc, err = QALAM_OK;
  while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW)
    err = qalam__section_list_push(list, (const char *)sqlite3_column_text(st, 0),
                                   (const char *)sqlite3_column_text(st, 1),
                                   sqlite3_column_int(st, 2));
  if (!err && rc != SQLITE_DONE)
    err = qalam__sqlite_error(db, rc, "listing sections");
  sqlite3_reset(st);
  return err;
}
