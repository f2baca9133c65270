/* store_internal.h - the store handle and the one interface between the
 * store's public layer (store.c, article_store.c, query.c) and the
 * database that keeps the data (sqlite_*.c, the only code that speaks SQL).
 * Another backend implements the qalam__db_* functions below. */
#ifndef QALAM_CORE_STORE_INTERNAL_H
#define QALAM_CORE_STORE_INTERNAL_H

#include "article_internal.h"
#include "qalam/changes.h"
#include "qalam/query.h"
#include "qalam/store.h"

typedef struct qalam__db qalam__db;
typedef struct qalam__db_cursor qalam__db_cursor;

struct qalam_store {
  qalam__db *db;
  int readonly;
  /* Settings, loaded at open and on every set. */
  char *title, *base_url, *lang;
  int offset;
};

struct qalam_section_list {
  size_t count;
  char **slugs, **names;
  int *positions;
};

/* Appends one section to a list being filled; QALAM_OK or QALAM_ENOMEM. */
int qalam__section_list_push(qalam_section_list *list, const char *slug,
                             const char *name, int position);

/* What a cursor reads: a checked and normalised qalam_query. */
typedef enum { QALAM__LIST, QALAM__FRONT, QALAM__SEARCH } qalam__cursor_kind;

typedef struct qalam__spec {
  qalam__cursor_kind kind;
  const char *section, *lang, *tag;
  int64_t story, since, since_id, now;
  size_t limit;  /* 0: none */
  size_t offset; /* rows to skip (page numbers) */
  int after;     /* keyset: continue after (after_published, after_id) */
  int64_t after_published, after_id;
  unsigned int flags;
  size_t per_section; /* QALAM__FRONT */
  const char *match;  /* QALAM__SEARCH: an FTS5 query built by query.c */
} qalam__spec;

/* Checks a public query and fills a spec from it (query.c). */
int qalam__query_spec(qalam__spec *spec, qalam__cursor_kind kind,
                      const qalam_query *q);

/* --- Opening and settings. Every function sets the error message. ------- */
int qalam__db_open(qalam__db **out, const char *path, int readonly);
void qalam__db_close(qalam__db *db);
/* Calls `fn` for every stored setting. */
int qalam__db_settings(qalam__db *db,
                       int (*fn)(void *ctx, const char *key, const char *value),
                       void *ctx);
int qalam__db_set_setting(qalam__db *db, const char *key, const char *value);

/* A batch of writes: between begin and commit, every write joins one
 * transaction (each write still rolls back alone when it fails). A failed
 * commit rolls the whole batch back. */
int qalam__db_begin(qalam__db *db);
int qalam__db_commit(qalam__db *db);
void qalam__db_rollback(qalam__db *db);

/* --- Sections ------------------------------------------------------------ */
int qalam__db_section_add(qalam__db *db, const char *slug, const char *name,
                          int position);
int qalam__db_section_update(qalam__db *db, const char *slug,
                             const char *name, int position);
int qalam__db_section_delete(qalam__db *db, const char *slug);
int qalam__db_section_list(qalam__db *db, qalam_section_list *list);

/* --- Articles ------------------------------------------------------------
 * Saves a complete article in one transaction: its sections must exist,
 * its story (if any) must exist. With `update` the id must exist; without,
 * the id is assigned. `slug_given` says whether the slug was chosen by the
 * caller (a collision is then QALAM_EEXISTS) or generated (a free "-N"
 * suffix is found, and a->slug replaced). `text` is the plain text of the
 * body for full-text search. */
int qalam__db_article_save(qalam__db *db, qalam_article *a, int update,
                           int slug_given, const char *text);
/* Fills an empty, owned article by id (slug NULL) or by slug and lang. */
int qalam__db_article_load(qalam__db *db, qalam_article *a, int64_t id,
                           const char *slug, const char *lang);
int qalam__db_article_delete(qalam__db *db, int64_t id);
/* The store's latest revision, and the changes after `after` (at most
 * `limit`, 0: all) as a new array (qalam/changes.h). */
int qalam__db_revision(qalam__db *db, int64_t *out);
int qalam__db_changes(qalam__db *db, int64_t after, size_t limit,
                      qalam_change **out, size_t *count);
/* Calls `row` with the language, slug, publication and update times of
 * every article listed at `now` and published from `from` up to, not
 * including, `to`, newest first, read from an index alone (the sitemap);
 * stops at the first non-zero return and returns it. */
int qalam__db_listed_keys(qalam__db *db, int64_t now, int64_t from,
                          int64_t to,
                          int (*row)(void *ctx, const char *lang,
                                     const char *slug, int64_t published,
                                     int64_t updated),
                          void *ctx);
/* The latest publication time before `before` of the articles listed at
 * `now` (`*any` 0 when there is none), by an index probe. */
int qalam__db_listed_latest(qalam__db *db, int64_t now, int64_t before,
                            int *any, int64_t *latest);
/* How many articles listed at `now` were published from `from` up to, not
 * including, `to`, and the latest of their update and publication times
 * (0 when none), from the index alone. */
int qalam__db_listed_tally(qalam__db *db, int64_t now, int64_t from,
                           int64_t to, size_t *count, int64_t *latest);
/* Calls `fn` with each language of the articles listed at `now`, in
 * order, one index probe a language; stops at the first non-zero return
 * and returns it. */
int qalam__db_listed_langs(qalam__db *db, int64_t now,
                           int (*fn)(void *ctx, const char *lang),
                           void *ctx);
/* Calls `fn` with the number of articles listed at `now` of each section
 * and language that has any (the sitemap's pages), in one pass over the
 * listing keys; stops at the first non-zero return and returns it. */
int qalam__db_listed_section_counts(qalam__db *db, int64_t now,
                                    int (*fn)(void *ctx, const char *section,
                                              const char *lang, size_t n),
                                    void *ctx);
/* Languages among the stored articles: 0, 1, or 2 for "more than one". */
int qalam__db_lang_count(qalam__db *db, size_t *out);

/* --- Cursors ------------------------------------------------------------- */
int qalam__db_cursor_open(qalam__db_cursor **out, qalam__db *db,
                          const qalam__spec *spec);
/* Fills the lent article with the next row (QALAM_ITEROVER at the end);
 * *section and *snippet as qalam_cursor_section/_snippet describe. */
int qalam__db_cursor_next(qalam__db_cursor *c, qalam_article *lent,
                          const char **section, const char **snippet);
/* Loads the deferred parts (QALAM__LOAD_*) of the row last lent. */
int qalam__db_cursor_load(qalam__db_cursor *c, qalam_article *lent,
                          unsigned int what);
void qalam__db_cursor_close(qalam__db_cursor *c);
int qalam__db_count(qalam__db *db, const qalam__spec *spec, size_t *out);
/* The query plan of a listing, one step a line, for tests that check that
 * the hot queries read an index. */
int qalam__db_explain(qalam__db *db, const qalam__spec *spec, char **out);

#endif
