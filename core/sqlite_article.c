/* sqlite_article.c - saving, loading and deleting articles in SQLite. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "qalam/text.h"
#include "sqlite_internal.h"

void qalam__sqlite_row_article(sqlite3_stmt *st, qalam_article *a) {
  a->id = sqlite3_column_int64(st, 0);
  a->slug = (char *)sqlite3_column_text(st, 1);
  a->lang = (char *)sqlite3_column_text(st, 2);
  a->title = (char *)sqlite3_column_text(st, 3);
  a->lead = (char *)sqlite3_column_text(st, 4);
  a->author = (char *)sqlite3_column_text(st, 5);
  a->source_url = (char *)sqlite3_column_text(st, 6);
  a->status = sqlite3_column_int(st, 7) ? QALAM_PUBLISHED : QALAM_DRAFT;
  a->published = sqlite3_column_int64(st, 8);
  a->updated = sqlite3_column_int64(st, 9);
  a->story = sqlite3_column_int64(st, 10);
}

/* The id of the article using (lang, slug) other than `self`, or 0. */
static int slug_owner(qalam__db *db, const char *lang, const char *slug,
                      int64_t self, int64_t *owner) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT id FROM articles WHERE lang = ?1 AND slug = ?2 AND id != ?3");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, lang);
  qalam__sqlite_bind_text(st, 2, slug);
  sqlite3_bind_int64(st, 3, self);
  int rc = sqlite3_step(st);
  *owner = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  int err = rc == SQLITE_ROW || rc == SQLITE_DONE
                ? QALAM_OK
                : qalam__sqlite_error(db, rc, "checking the slug");
  sqlite3_reset(st);
  return err;
}

/* A free slug: the given one must be free; a generated one gets the first
 * free "-2", "-3", ... suffix, cutting the base so it fits. `slug` has room
 * for QALAM_SLUG_MAX + 1 bytes when generated. */
static int choose_slug(qalam__db *db, qalam_article *a, int given) {
  int64_t owner;
  int rc = slug_owner(db, a->lang, a->slug, a->id, &owner);
  if (rc || !owner) return rc;
  if (given)
    return qalam__error(QALAM_EEXISTS,
                        "slug '%s' is already used in '%s' by article %lld",
                        a->slug, a->lang, (long long)owner);
  char base[QALAM_SLUG_MAX + 1];
  strcpy(base, a->slug);
  for (unsigned n = 2; n < 100000; n++) {
    char suffix[16];
    int slen = snprintf(suffix, sizeof suffix, "-%u", n);
    size_t keep = strlen(base);
    if (keep + (size_t)slen > QALAM_SLUG_MAX) keep = QALAM_SLUG_MAX - (size_t)slen;
    while (keep > 0 && base[keep - 1] == '-') keep--;
    memcpy(a->slug, base, keep);
    strcpy(a->slug + keep, keep ? suffix : suffix + 1);
    if ((rc = slug_owner(db, a->lang, a->slug, a->id, &owner)) || !owner)
      return rc;
  }
  return qalam__error(QALAM_EEXISTS, "no free slug for '%s'", base);
}

/* Joins the translation group of article a->story: the group's key is the
 * id of its first article, which gets it too. */
static int resolve_story(qalam__db *db, qalam_article *a) {
  if (!a->story) return QALAM_OK;
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT coalesce(story, id) FROM articles WHERE id = ?1");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, a->story);
  int rc = sqlite3_step(st);
  int64_t group = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return qalam__sqlite_error(db, rc, "finding the story");
  if (!group)
    return qalam__error(QALAM_ENOTFOUND,
                        "story: no article %lld to join as a translation",
                        (long long)a->story);
  st = qalam__sqlite_stmt(
      db, "UPDATE articles SET story = ?1 WHERE id = ?1 AND story IS NULL");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, group);
  a->story = group;
  return qalam__sqlite_step_done(db, st, "linking the translation");
}

/* Copies of the listing keys into article_sections and article_tags. */
static int save_lists(qalam__db *db, const qalam_article *a) {
  sqlite3_stmt *st;
  int rc;
  static const char *const clear[] = {
      "DELETE FROM article_sections WHERE article_id = ?1",
      "DELETE FROM article_tags WHERE article_id = ?1"};
  for (int i = 0; i < 2; i++) {
    if (!(st = qalam__sqlite_stmt(db, clear[i]))) return qalam_error_code();
    sqlite3_bind_int64(st, 1, a->id);
    if ((rc = qalam__sqlite_step_done(db, st,
                                      "saving the article's sections and tags")))
      return rc;
  }
  for (size_t i = 0; i < a->nsections; i++) {
    st = qalam__sqlite_stmt(
        db, "INSERT INTO article_sections(section_id, published, article_id, "
            "status, lang, position) "
            "SELECT id, ?2, ?3, ?4, ?5, ?6 FROM sections WHERE slug = ?1");
    if (!st) return qalam_error_code();
    qalam__sqlite_bind_text(st, 1, a->sections[i]);
    sqlite3_bind_int64(st, 2, a->published);
    sqlite3_bind_int64(st, 3, a->id);
    sqlite3_bind_int(st, 4, a->status);
    qalam__sqlite_bind_text(st, 5, a->lang);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)i);
    if ((rc = qalam__sqlite_step_done(db, st, "saving the article's sections")))
      return rc;
    if (sqlite3_changes(db->sql) == 0)
      return qalam__error(QALAM_ENOTFOUND,
                          "no section '%s': add it with qalam_section_add()",
                          a->sections[i]);
  }
  for (size_t i = 0; i < a->ntags; i++) {
    st = qalam__sqlite_stmt(
        db, "INSERT INTO article_tags(tag, published, article_id, status, "
            "lang, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return qalam_error_code();
    qalam__sqlite_bind_text(st, 1, a->tags[i]);
    sqlite3_bind_int64(st, 2, a->published);
    sqlite3_bind_int64(st, 3, a->id);
    sqlite3_bind_int(st, 4, a->status);
    qalam__sqlite_bind_text(st, 5, a->lang);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)i);
    if ((rc = qalam__sqlite_step_done(db, st, "saving the article's tags")))
      return rc;
  }
  return QALAM_OK;
}

/* The search index keeps plain text; bytes 1 and 2 mark matches in
 * snippets, so they never enter the index. */
static char *index_text(const char *text) {
  char *copy = qalam__strdup(text ? text : "");
  if (copy)
    for (char *p = copy; *p; p++)
      if (*p == '\x01' || *p == '\x02') *p = ' ';
  return copy;
}

/* Queues the article's row of the search index (sqlite_fts.c). */
static int save_fts(qalam__db *db, const qalam_article *a, const char *text,
                    int update) {
  char *lead = index_text(a->lead), *body = index_text(text);
  if (!lead || !body) {
    qalam__free(lead);
    qalam__free(body);
    return qalam__oom();
  }
  return qalam__fts_queue(db, a->id, update, a->title, lead, body);
}

static int save_row(qalam__db *db, qalam_article *a, int update) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, update ? "UPDATE articles SET slug = ?2, lang = ?3, title = ?4, "
                   "lead = ?5, body = ?6, html = ?7, author = ?8, "
                   "source_url = ?9, status = ?10, published = ?11, "
                   "updated = ?12, story = ?13 WHERE id = ?1"
                 : "INSERT INTO articles(id, slug, lang, title, lead, body, "
                   "html, author, source_url, status, published, updated, "
                   "story) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                   "?11, ?12, ?13)");
  if (!st) return qalam_error_code();
  if (update) sqlite3_bind_int64(st, 1, a->id);
  qalam__sqlite_bind_text(st, 2, a->slug);
  qalam__sqlite_bind_text(st, 3, a->lang);
  qalam__sqlite_bind_text(st, 4, a->title);
  qalam__sqlite_bind_text(st, 5, a->lead);
  qalam__sqlite_bind_text(st, 6, a->body);
  qalam__sqlite_bind_text(st, 7, a->html);
  qalam__sqlite_bind_text(st, 8, a->author);
  qalam__sqlite_bind_text(st, 9, a->source_url);
  sqlite3_bind_int(st, 10, a->status);
  sqlite3_bind_int64(st, 11, a->published);
  sqlite3_bind_int64(st, 12, a->updated);
  if (a->story) sqlite3_bind_int64(st, 13, a->story);
  int rc = qalam__sqlite_step_done(db, st, "saving the article");
  if (!rc && update && sqlite3_changes(db->sql) == 0)
    return qalam__error(QALAM_ENOTFOUND, "no article %lld", (long long)a->id);
  if (!rc && !update) a->id = sqlite3_last_insert_rowid(db->sql);
  return rc;
}

int qalam__db_article_save(qalam__db *db, qalam_article *a, int update,
                           int slug_given, const char *text) {
  int64_t id = a->id, story = a->story;
  int rc = qalam__sqlite_begin(db);
  if (rc) return rc;
  if ((rc = choose_slug(db, a, slug_given)) || (rc = resolve_story(db, a)) ||
      (rc = save_row(db, a, update)) || (rc = save_lists(db, a)) ||
      (rc = save_fts(db, a, text, update)) ||
      (rc = qalam__sqlite_record_change(db, a->id, 0)))
    qalam__sqlite_rollback(db);
  else
    rc = qalam__sqlite_commit(db); /* rolls back itself when it fails */
  if (rc) {
    a->id = id;
    a->story = story;
  }
  return rc;
}

/* Copies one column into an owned string field. */
static int take_text(char **field, sqlite3_stmt *st, int col) {
  const char *v = (const char *)sqlite3_column_text(st, col);
  return qalam__article_set_string(field, v);
}

/* Appends the strings of a one-column query into an owned list. */
static int load_list(qalam__db *db, const char *sql, int64_t id, char ***list,
                     size_t *n) {
  sqlite3_stmt *st = qalam__sqlite_stmt(db, sql);
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, id);
  int rc, err = QALAM_OK;
  while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    char **grown = qalam__realloc(*list, (*n + 1) * sizeof **list);
    if (!grown) {
      err = qalam__oom();
      break;
    }
    *list = grown;
    (*list)[*n] = NULL;
    if (!(err = take_text(&(*list)[*n], st, 0))) (*n)++;
  }
  if (!err && rc != SQLITE_DONE) err = qalam__sqlite_error(db, rc, "reading");
  sqlite3_reset(st);
  return err;
}

int qalam__db_article_load(qalam__db *db, qalam_article *a, int64_t id,
                           const char *slug, const char *lang) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, slug ? "SELECT " QALAM__ARTICLE_COLUMNS ", a.body, a.html "
                 "FROM articles a WHERE a.lang = ?2 AND a.slug = ?1"
               : "SELECT " QALAM__ARTICLE_COLUMNS ", a.body, a.html "
                 "FROM articles a WHERE a.id = ?3");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, slug);
  qalam__sqlite_bind_text(st, 2, lang);
  sqlite3_bind_int64(st, 3, id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return qalam__sqlite_error(db, rc, "reading an article");
    if (slug)
      return qalam__error(QALAM_ENOTFOUND, "no article '%s' in '%s'", slug, lang);
    return qalam__error(QALAM_ENOTFOUND, "no article %lld", (long long)id);
  }
  qalam_article row;
  qalam__sqlite_row_article(st, &row);
  a->id = row.id;
  a->status = row.status;
  a->published = row.published;
  a->updated = row.updated;
  a->story = row.story;
  int err = QALAM_OK;
  char **fields[] = {&a->slug, &a->lang, &a->title, &a->lead,
                     &a->author, &a->source_url, &a->body, &a->html};
  const int cols[] = {1, 2, 3, 4, 5, 6, 11, 12};
  for (size_t i = 0; i < sizeof cols / sizeof *cols && !err; i++)
    err = take_text(fields[i], st, cols[i]);
  /* The row's statement stays open while the lists are read: its read
   * transaction keeps them in the same snapshot as the row, so a write
   * committed in between cannot pair one version's fields with another's
   * sections. */
  if (!err)
    err = load_list(db, QALAM__SECTIONS_SQL, a->id, &a->sections,
                    &a->nsections);
  if (!err) err = load_list(db, QALAM__TAGS_SQL, a->id, &a->tags, &a->ntags);
  sqlite3_reset(st);
  return err;
}

int qalam__db_article_delete(qalam__db *db, int64_t id) {
  int rc = qalam__sqlite_begin(db);
  if (rc) return rc;
  sqlite3_stmt *st = qalam__sqlite_stmt(db, "DELETE FROM articles WHERE id = ?1");
  if (!st) rc = qalam_error_code();
  if (!rc) {
    sqlite3_bind_int64(st, 1, id);
    rc = qalam__sqlite_step_done(db, st, "deleting the article");
  }
  if (!rc && sqlite3_changes(db->sql) == 0)
    rc = qalam__error(QALAM_ENOTFOUND, "no article %lld", (long long)id);
  if (!rc) rc = qalam__fts_queue(db, id, 1, NULL, NULL, NULL);
  if (!rc) rc = qalam__sqlite_record_change(db, id, 1);
  if (!rc) return qalam__sqlite_commit(db);
  qalam__sqlite_rollback(db);
  return rc;
}

/* The count changes only with a write: a path of each article asked it
 * again, 10,800 instructions a call (two index probes), against about
 * 2,000 to see that nothing was written. Outside a transaction only: a
 * rolled-back write leaves sqlite3_total_changes64() moved on, but the
 * count read inside it would be wrong. */
int qalam__db_lang_count(qalam__db *db, size_t *out) {
  int outside = sqlite3_get_autocommit(db->sql);
  int64_t version = 0, changes = sqlite3_total_changes64(db->sql);
  if (outside) {
    sqlite3_stmt *v = qalam__sqlite_stmt(db, "PRAGMA data_version");
    if (!v) return qalam_error_code();
    int step = sqlite3_step(v);
    if (step == SQLITE_ROW) version = sqlite3_column_int64(v, 0);
    sqlite3_reset(v);
    if (step != SQLITE_ROW)
      return qalam__sqlite_error(db, step, "reading the store's version");
    if (db->langs_known && db->langs_version == version &&
        db->langs_changes == changes) {
      *out = db->langs;
      return QALAM_OK;
    }
  }
  /* Only "one or more than one" matters to callers: two index probes. */
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT (SELECT min(lang) FROM articles), "
          "(SELECT max(lang) FROM articles)");
  if (!st) return qalam_error_code();
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    return qalam__sqlite_error(db, rc, "reading languages");
  }
  const char *lo = (const char *)sqlite3_column_text(st, 0);
  const char *hi = (const char *)sqlite3_column_text(st, 1);
  *out = !lo ? 0 : strcmp(lo, hi) ? 2 : 1;
  sqlite3_reset(st);
  db->langs_known = outside;
  db->langs = *out;
  db->langs_version = version;
  db->langs_changes = changes;
  return QALAM_OK;
}
