/* sqlite_query.c - cursors over SQLite: listings, front page, search,
 * counts. Each cursor owns its statements, so other calls on the store
 * while it is open do not disturb it. */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "sqlite_internal.h"

/* Parameter numbers in the generated SQL. */
enum {
  P_NOW = 1, P_LANG, P_STORY, P_SINCE, P_SINCE_ID, P_AFTER_PUB, P_AFTER_ID,
  P_SECTION, P_TAG, P_MATCH, P_LIMIT, P_OFFSET
};

struct qalam__db_cursor {
  qalam__db *db;
  qalam__cursor_kind kind;
  sqlite3_stmt *rows, *body, *sections, *tags;
  /* front page: the sections still to list */
  size_t nsections, next_section;
  int between; /* the rows statement is done with its section */
  int64_t *section_ids;
  char **section_slugs;
  const char *section; /* the section of the rows, or NULL */
  char *section_owned;
  qalam_buf snippet;
  qalam_buf lists; /* strings of the lent article's sections and tags */
  char **list_ptrs;
  size_t list_cap;
};

static int prepare(qalam__db *db, const char *sql, sqlite3_stmt **out) {
  int rc = sqlite3_prepare_v2(db->sql, sql, -1, out, NULL);
  return rc == SQLITE_OK ? QALAM_OK : qalam__sqlite_error(db, rc, "preparing a query");
}

static int section_id(qalam__db *db, const char *slug, int64_t *id) {
  sqlite3_stmt *st = qalam__sqlite_stmt(db, "SELECT id FROM sections WHERE slug = ?1");
  if (!st) return qalam_error_code();
  qalam__sqlite_bind_text(st, 1, slug);
  int rc = sqlite3_step(st);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc == SQLITE_ROW) return QALAM_OK;
  if (rc == SQLITE_DONE) return qalam__error(QALAM_ENOTFOUND, "no section '%s'", slug);
  return qalam__sqlite_error(db, rc, "finding the section");
}

/* Writes "FROM ... WHERE ..." for a spec. Listing keys (status, published,
 * lang) are read from the section or tag index when one drives the query,
 * so that a page reads that index and the articles' rows, nothing else. */
/* `rows`: the articles' columns are wanted (not only a count). A count by
 * section or tag that tests nothing of the article itself reads the
 * listing index alone: its rows carry the keys, and a foreign key makes
 * each one's article exist. */
static void build_from_where(qalam_buf *b, const qalam__spec *s, int rows) {
  const char *k = "a", *kid = "a.id";
  int need = rows || s->story || (s->section && s->tag); /* a.* tested */
  const char *join = need ? " JOIN articles a ON a.id = k.article_id" : "";
  if (s->kind == QALAM__SEARCH) {
    qalam__buf_puts(b, " FROM articles_fts JOIN articles a ON a.id = "
                       "articles_fts.rowid WHERE articles_fts MATCH ?10");
  } else if (s->section) {
    k = "k", kid = "k.article_id";
    qalam__buf_printf(b, " FROM article_sections k%s WHERE k.section_id = ?8",
                      join);
  } else if (s->tag) {
    k = "k", kid = "k.article_id";
    qalam__buf_printf(b, " FROM article_tags k%s WHERE k.tag = ?9", join);
  } else {
    qalam__buf_puts(b, " FROM articles a WHERE 1");
  }
  if (!(s->flags & QALAM_QUERY_UNLISTED))
    qalam__buf_printf(b, " AND %s.status = 1 AND %s.published <= ?1", k, k);
  if (s->lang) qalam__buf_printf(b, " AND %s.lang = ?2", k);
  if (s->story) qalam__buf_puts(b, " AND a.story = ?3");
  if (s->since) qalam__buf_printf(b, " AND %s.published >= ?4", k);
  if (s->since_id) qalam__buf_printf(b, " AND %s > ?5", kid);
  if (s->after)
    qalam__buf_printf(b, " AND (%s.published, %s) %c (?6, ?7)", k, kid,
                      (s->flags & QALAM_QUERY_OLDEST_FIRST) ? '>' : '<');
  if (s->section && s->kind == QALAM__SEARCH)
    qalam__buf_puts(b, " AND EXISTS (SELECT 1 FROM article_sections x WHERE "
                       "x.section_id = ?8 AND x.article_id = a.id)");
  if (s->tag && (s->section || s->kind == QALAM__SEARCH))
    qalam__buf_puts(b, " AND EXISTS (SELECT 1 FROM article_tags t WHERE "
                       "t.tag = ?9 AND t.article_id = a.id)");
}

static void build_order(qalam_buf *b, const qalam__spec *s) {
  if (s->kind == QALAM__SEARCH) {
    qalam__buf_puts(b, " ORDER BY rank");
    return;
  }
  const char *dir = (s->flags & QALAM_QUERY_OLDEST_FIRST) ? "" : " DESC";
  if (s->section || s->tag)
    qalam__buf_printf(b, " ORDER BY k.published%s, k.article_id%s", dir, dir);
  else
    qalam__buf_printf(b, " ORDER BY a.published%s, a.id%s", dir, dir);
}

/* Copies text into a parameter: a cursor outlives the caller's strings. */
static int bind_copy(sqlite3_stmt *st, int i, const char *text) {
  return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT)
              : sqlite3_bind_null(st, i);
}

/* Binds what the spec uses; parameters the SQL lacks are skipped. */
static int bind_spec(qalam__db *db, sqlite3_stmt *st, const qalam__spec *s,
                     int64_t section) {
  int n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;
  /* one row past the limit tells the caller that a next page exists */
  int64_t limit = s->limit ? (int64_t)s->limit + 1 : -1;
#define BIND(i, call) if (rc == SQLITE_OK && (i) <= n) rc = call
  BIND(P_NOW, sqlite3_bind_int64(st, P_NOW, s->now));
  BIND(P_LANG, bind_copy(st, P_LANG, s->lang));
  BIND(P_STORY, sqlite3_bind_int64(st, P_STORY, s->story));
  BIND(P_SINCE, sqlite3_bind_int64(st, P_SINCE, s->since));
  BIND(P_SINCE_ID, sqlite3_bind_int64(st, P_SINCE_ID, s->since_id));
  BIND(P_AFTER_PUB, sqlite3_bind_int64(st, P_AFTER_PUB, s->after_published));
  BIND(P_AFTER_ID, sqlite3_bind_int64(st, P_AFTER_ID, s->after_id));
  BIND(P_SECTION, sqlite3_bind_int64(st, P_SECTION, section));
  BIND(P_TAG, bind_copy(st, P_TAG, s->tag));
  BIND(P_MATCH, bind_copy(st, P_MATCH, s->match));
  BIND(P_LIMIT, sqlite3_bind_int64(st, P_LIMIT, limit));
  BIND(P_OFFSET, sqlite3_bind_int64(st, P_OFFSET, (sqlite3_int64)s->offset));
#undef BIND
  return rc == SQLITE_OK ? QALAM_OK : qalam__sqlite_error(db, rc, "preparing a query");
}

static int build_rows_sql(char **out, const qalam__spec *s) {
  qalam_buf b = QALAM_BUF_INIT;
  qalam__buf_puts(&b, "SELECT " QALAM__ARTICLE_COLUMNS);
  if (s->kind == QALAM__SEARCH)
    qalam__buf_puts(&b, ", snippet(articles_fts, -1, char(1), char(2), '…', 16)");
  build_from_where(&b, s, 1);
  build_order(&b, s);
  qalam__buf_puts(&b, " LIMIT ?11 OFFSET ?12");
  return qalam__buf_finish(out, &b);
}

static const char SQL_BODY[] = "SELECT body, html FROM articles WHERE id = ?1";

void qalam__db_cursor_close(qalam__db_cursor *c) {
  if (!c) return;
  qalam__sqlite_release(c->db, c->rows);
  qalam__sqlite_release(c->db, c->body);
  qalam__sqlite_release(c->db, c->sections);
  qalam__sqlite_release(c->db, c->tags);
  for (size_t i = 0; i < c->nsections; i++) qalam__free(c->section_slugs[i]);
  qalam__free(c->section_slugs);
  qalam__free(c->section_ids);
  qalam__free(c->section_owned);
  qalam__buf_free(&c->snippet);
  qalam__buf_free(&c->lists);
  qalam__free(c->list_ptrs);
  qalam__free(c);
}

/* Loads the sections to walk for a front page. */
static int load_front_sections(qalam__db_cursor *c) {
  qalam_section_list list = {0};
  int rc = qalam__db_section_list(c->db, &list);
  if (!rc && list.count) {
    c->section_ids = qalam__calloc(list.count, sizeof *c->section_ids);
    if (!c->section_ids) rc = qalam__oom();
  }
  for (size_t i = 0; !rc && i < list.count; i++)
    rc = section_id(c->db, list.slugs[i], &c->section_ids[i]);
  if (!rc) {
    c->section_slugs = list.slugs; /* taken over */
    c->nsections = list.count;
    list.slugs = NULL;
  }
  for (size_t i = 0; i < list.count; i++) {
    if (list.slugs) qalam__free(list.slugs[i]);
    qalam__free(list.names[i]);
  }
  qalam__free(list.slugs);
  qalam__free(list.names);
  qalam__free(list.positions);
  return rc;
}

int qalam__db_cursor_open(qalam__db_cursor **out, qalam__db *db,
                          const qalam__spec *spec) {
  qalam__db_cursor *c = qalam__calloc(1, sizeof *c);
  if (!c) return qalam__oom();
  c->db = db;
  c->kind = spec->kind;
  qalam__spec s = *spec;
  int64_t sid = 0;
  int rc = QALAM_OK;
  if (s.kind == QALAM__FRONT) {
    s.section = ""; /* drive the query by the section index */
    c->between = 1;
    rc = load_front_sections(c);
  } else if (s.section) {
    rc = section_id(db, s.section, &sid);
    if (!rc && !(c->section = c->section_owned = qalam__strdup(s.section)))
      rc = qalam__oom();
  }
  /* Preparing is most of the cost of a short page: statements come from
   * the store's idle pool when the same listing ran before, and body,
   * sections and tags only on first load (most listings never read them). */
  char *sql = NULL;
  if (!rc) rc = build_rows_sql(&sql, &s);
  if (!rc) rc = qalam__sqlite_acquire(db, sql, &c->rows);
  qalam__free(sql);
  if (rc) {
    qalam__db_cursor_close(c);
    return rc;
  }
  rc = bind_spec(db, c->rows, &s, sid);
  /* a front page takes per_section rows a section, with no look-ahead */
  if (!rc && s.kind == QALAM__FRONT &&
      sqlite3_bind_int64(c->rows, P_LIMIT, (sqlite3_int64)s.per_section))
    rc = qalam__sqlite_error(db, sqlite3_errcode(db->sql), "preparing a query");
  if (rc) {
    qalam__db_cursor_close(c);
    return rc;
  }
  *out = c;
  return QALAM_OK;
}

/* The snippet as HTML: text escaped, match markers turned into <mark>. */
static int make_snippet(qalam_buf *b, const char *raw) {
  qalam__buf_truncate(b, 0);
  for (const char *p = raw ? raw : ""; *p; p++) {
    switch (*p) {
    case '\x01': qalam__buf_puts(b, "<mark>"); break;
    case '\x02': qalam__buf_puts(b, "</mark>"); break;
    case '&': qalam__buf_puts(b, "&amp;"); break;
    case '<': qalam__buf_puts(b, "&lt;"); break;
    case '>': qalam__buf_puts(b, "&gt;"); break;
    case '"': qalam__buf_puts(b, "&quot;"); break;
    case '\'': qalam__buf_puts(b, "&#39;"); break;
    default: qalam__buf_putc(b, *p);
    }
  }
  qalam__buf_grow(b, 0);
  if (b->failed) {
    qalam__buf_free(b);
    return qalam__oom();
  }
  return QALAM_OK;
}

int qalam__db_cursor_next(qalam__db_cursor *c, qalam_article *lent,
                          const char **section, const char **snippet) {
  sqlite3_reset(c->body);
  sqlite3_reset(c->sections);
  sqlite3_reset(c->tags);
  for (;;) {
    if (c->between) {
      /* front page: start the next section */
      if (c->next_section >= c->nsections) return QALAM_ITEROVER;
      sqlite3_bind_int64(c->rows, P_SECTION, c->section_ids[c->next_section]);
      c->section = c->section_slugs[c->next_section++];
      c->between = 0;
    }
    int rc = sqlite3_step(c->rows);
    if (rc == SQLITE_ROW) break;
    if (rc != SQLITE_DONE) return qalam__sqlite_error(c->db, rc, "reading articles");
    if (c->kind != QALAM__FRONT) return QALAM_ITEROVER;
    sqlite3_reset(c->rows);
    c->between = 1;
  }
  qalam__sqlite_row_article(c->rows, lent);
  *section = c->section;
  *snippet = NULL;
  if (c->kind == QALAM__SEARCH) {
    int rc = make_snippet(
        &c->snippet, (const char *)sqlite3_column_text(c->rows, QALAM__ARTICLE_NCOLUMNS));
    if (rc) return rc;
    *snippet = c->snippet.ptr;
  }
  return QALAM_OK;
}

/* Reads one column of strings for article `id` into c->lists, recording
 * each string's offset in c->list_ptrs from *count on; the caller turns
 * offsets into pointers once the buffer stops moving. */
static int read_strings(qalam__db_cursor *c, sqlite3_stmt *st, int64_t id,
                        size_t *count) {
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, id);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*count == c->list_cap) {
      size_t cap = c->list_cap ? c->list_cap * 2 : 8;
      char **p = qalam__realloc(c->list_ptrs, cap * sizeof *p);
      if (!p) return qalam__oom();
      c->list_ptrs = p;
      c->list_cap = cap;
    }
    c->list_ptrs[(*count)++] = (char *)(uintptr_t)c->lists.len;
    qalam__buf_puts(&c->lists, (const char *)sqlite3_column_text(st, 0));
    qalam__buf_putc(&c->lists, '\0');
    if (c->lists.failed) return qalam__oom();
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? QALAM_OK : qalam__sqlite_error(c->db, rc, "reading");
}

int qalam__db_cursor_load(qalam__db_cursor *c, qalam_article *a,
                          unsigned int what) {
  int rc;
  if ((what & QALAM__LOAD_BODY) && !c->body &&
      (rc = qalam__sqlite_acquire(c->db, SQL_BODY, &c->body)))
    return rc;
  if ((what & QALAM__LOAD_LISTS) && !c->sections &&
      (rc = qalam__sqlite_acquire(c->db, QALAM__SECTIONS_SQL, &c->sections)))
    return rc;
  if ((what & QALAM__LOAD_LISTS) && !c->tags &&
      (rc = qalam__sqlite_acquire(c->db, QALAM__TAGS_SQL, &c->tags)))
    return rc;
  if (what & QALAM__LOAD_BODY) {
    sqlite3_reset(c->body);
    sqlite3_bind_int64(c->body, 1, a->id);
    rc = sqlite3_step(c->body);
    if (rc != SQLITE_ROW)
      return rc == SQLITE_DONE
                 ? qalam__error(QALAM_ENOTFOUND, "article %lld was deleted",
                                (long long)a->id)
                 : qalam__sqlite_error(c->db, rc, "reading the article body");
    /* valid until the cursor moves: the statement stays on this row */
    a->body = (char *)sqlite3_column_text(c->body, 0);
    a->html = (char *)sqlite3_column_text(c->body, 1);
  }
  if (what & QALAM__LOAD_LISTS) {
    size_t n = 0;
    qalam__buf_truncate(&c->lists, 0);
    if ((rc = read_strings(c, c->sections, a->id, &n))) return rc;
    size_t nsections = n;
    if ((rc = read_strings(c, c->tags, a->id, &n))) return rc;
    for (size_t i = 0; i < n; i++)
      c->list_ptrs[i] = c->lists.ptr + (uintptr_t)c->list_ptrs[i];
    a->sections = c->list_ptrs;
    a->nsections = nsections;
    /* list_ptrs is NULL until an article has a section or a tag, and
     * NULL + 0 is undefined behaviour (clang's UBSan stops on it). */
    a->tags = c->list_ptrs ? c->list_ptrs + nsections : NULL;
    a->ntags = n - nsections;
  }
  return QALAM_OK;
}

int qalam__db_count(qalam__db *db, const qalam__spec *spec, size_t *out) {
  int64_t sid = 0;
  int rc = spec->section ? section_id(db, spec->section, &sid) : QALAM_OK;
  if (rc) return rc;
  qalam_buf b = QALAM_BUF_INIT;
  qalam__buf_puts(&b, "SELECT count(*)");
  build_from_where(&b, spec, 0);
  char *sql = NULL;
  sqlite3_stmt *st = NULL;
  if ((rc = qalam__buf_finish(&sql, &b)) || (rc = prepare(db, sql, &st))) {
    qalam__free(sql);
    return rc;
  }
  if (!(rc = bind_spec(db, st, spec, sid))) {
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
      *out = (size_t)sqlite3_column_int64(st, 0);
    else
      rc = qalam__sqlite_error(db, step, "counting articles");
  }
  sqlite3_finalize(st);
  qalam__free(sql);
  return rc;
}

int qalam__db_explain(qalam__db *db, const qalam__spec *spec, char **out) {
  char *sql = NULL;
  int rc = build_rows_sql(&sql, spec);
  if (rc) return rc;
  qalam_buf b = QALAM_BUF_INIT, plan = QALAM_BUF_INIT;
  qalam__buf_puts(&b, "EXPLAIN QUERY PLAN ");
  qalam__buf_puts(&b, sql);
  qalam__free(sql);
  if ((rc = qalam__buf_finish(&sql, &b))) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = prepare(db, sql, &st))) {
    qalam__free(sql);
    return rc;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    qalam__buf_puts(&plan, (const char *)sqlite3_column_text(st, 3));
    qalam__buf_putc(&plan, '\n');
  }
  sqlite3_finalize(st);
  qalam__free(sql);
  return qalam__buf_finish(out, &plan);
}

/* The last publication time listed at `now` and before `to`: one upper
 * bound, as SQLite bounds an index range by only one of two (with
 * "<= now AND < to" it read every newer row first). */
static int64_t upper_bound(int64_t now, int64_t to) {
  return to <= now ? to - 1 : now;
}

int qalam__db_listed_keys(qalam__db *db, int64_t now, int64_t from,
                          int64_t to,
                          int (*row)(void *ctx, const char *lang,
                                     const char *slug, int64_t published,
                                     int64_t updated),
                          void *ctx) {
  sqlite3_stmt *st = qalam__sqlite_stmt(db, QALAM__LISTED_KEYS_SQL);
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, upper_bound(now, to));
  sqlite3_bind_int64(st, 2, from);
  int rc, err = QALAM_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    err = row(ctx, (const char *)sqlite3_column_text(st, 0),
              (const char *)sqlite3_column_text(st, 1),
              sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3));
    if (err) break;
  }
  if (!err && rc != SQLITE_DONE) err = qalam__sqlite_error(db, rc, "listing articles");
  sqlite3_reset(st);
  return err;
}

/* Steps `st` (bound by the caller) to its one row; QALAM_OK with
 * `*row` set, or the error. Leaves the statement to be reset. */
static int one_row(qalam__db *db, sqlite3_stmt *st, int *row,
                   const char *doing) {
  int rc = sqlite3_step(st);
  *row = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE
             ? QALAM_OK
             : qalam__sqlite_error(db, rc, doing);
}

int qalam__db_listed_latest(qalam__db *db, int64_t now, int64_t before,
                            int *any, int64_t *latest) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT max(published) FROM articles WHERE status = 1 AND "
          "published <= ?1");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, upper_bound(now, before));
  int row, rc = one_row(db, st, &row, "listing articles");
  *any = !rc && row && sqlite3_column_type(st, 0) != SQLITE_NULL;
  if (*any) *latest = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc;
}

int qalam__db_listed_tally(qalam__db *db, int64_t now, int64_t from,
                           int64_t to, size_t *count, int64_t *latest) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT count(*), max(updated), max(published) FROM articles "
          "WHERE status = 1 AND published <= ?1 AND published >= ?2");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, upper_bound(now, to));
  sqlite3_bind_int64(st, 2, from);
  int row, rc = one_row(db, st, &row, "counting articles");
  *count = row ? (size_t)sqlite3_column_int64(st, 0) : 0;
  *latest = 0;
  for (int i = 1; row && i <= 2; i++)
    if (sqlite3_column_int64(st, i) > *latest)
      *latest = sqlite3_column_int64(st, i);
  sqlite3_reset(st);
  return rc;
}

int qalam__db_listed_langs(qalam__db *db, int64_t now,
                           int (*fn)(void *ctx, const char *lang),
                           void *ctx) {
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT lang FROM articles INDEXED BY articles_by_lang "
          "WHERE lang > ?2 AND status = 1 AND published <= ?1 "
          "ORDER BY lang LIMIT 1");
  if (!st) return qalam_error_code();
  char *prev = qalam__strdup("");
  int rc = prev ? QALAM_OK : qalam__oom(), row = 1;
  while (!rc && row) {
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_text(st, 2, prev, -1, SQLITE_TRANSIENT);
    rc = one_row(db, st, &row, "listing languages");
    char *lang = NULL;
    if (!rc && row) {
      const char *text = (const char *)sqlite3_column_text(st, 0);
      lang = text ? qalam__strdup(text) : NULL;
      if (!lang) rc = qalam__oom();
    }
    sqlite3_reset(st);
    qalam__free(prev);
    prev = lang;
    if (!rc && lang) rc = fn(ctx, lang);
  }
  qalam__free(prev);
  return rc;
}

/* The listed articles of one section, by language. */
typedef struct tally {
  char *lang;
  size_t n;
} tally;

/* Gives the tallies of section `sid` to `fn` and clears them. */
static int tally_flush(qalam__db *db, int64_t sid, tally *t, size_t nt,
                       int (*fn)(void *ctx, const char *section,
                                 const char *lang, size_t n),
                       void *ctx) {
  sqlite3_stmt *st =
      qalam__sqlite_stmt(db, "SELECT slug FROM sections WHERE id = ?1");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, sid);
  int rc = sqlite3_step(st), err = QALAM_OK;
  if (rc == SQLITE_ROW) {
    const char *slug = (const char *)sqlite3_column_text(st, 0);
    for (size_t i = 0; !err && i < nt; i++)
      if (t[i].n) err = slug ? fn(ctx, slug, t[i].lang, t[i].n) : qalam__oom();
  } else if (rc != SQLITE_DONE) {
    err = qalam__sqlite_error(db, rc, "counting articles");
  }
  sqlite3_reset(st);
  for (size_t i = 0; i < nt; i++) t[i].n = 0;
  return err;
}

int qalam__db_listed_section_counts(qalam__db *db, int64_t now,
                                    int (*fn)(void *ctx, const char *section,
                                              const char *lang, size_t n),
                                    void *ctx) {
  /* One scan of the keys, in section order, counted here by language:
   * SQL's GROUP BY section and language sorted every key first (a
   * temporary B-tree), and a count per section and language read each
   * section once per language. */
  sqlite3_stmt *st = qalam__sqlite_stmt(
      db, "SELECT section_id, lang FROM article_sections "
          "WHERE status = 1 AND published <= ?1 ORDER BY section_id");
  if (!st) return qalam_error_code();
  sqlite3_bind_int64(st, 1, now);
  tally *t = NULL;
  size_t nt = 0;
  int64_t sid = 0;
  int rc, err = QALAM_OK, any = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const char *lang = (const char *)sqlite3_column_text(st, 1);
    if (!lang) {
      err = qalam__oom();
      break;
    }
    if (any && id != sid && (err = tally_flush(db, sid, t, nt, fn, ctx)))
      break;
    sid = id;
    any = 1;
    size_t i = 0;
    while (i < nt && strcmp(t[i].lang, lang)) i++;
    if (i == nt) {
      tally *grown = qalam__realloc(t, (nt + 1) * sizeof *grown);
      char *copy = grown ? qalam__strdup(lang) : NULL;
      if (grown) t = grown;
      if (!copy) {
        err = qalam__oom();
        break;
      }
      t[nt].lang = copy;
      t[nt++].n = 0;
    }
    t[i].n++;
  }
  if (!err && rc != SQLITE_DONE)
    err = qalam__sqlite_error(db, rc, "counting articles");
  sqlite3_reset(st);
  if (!err && any) err = tally_flush(db, sid, t, nt, fn, ctx);
  for (size_t i = 0; i < nt; i++) qalam__free(t[i].lang);
  qalam__free(t);
  return err;
}
