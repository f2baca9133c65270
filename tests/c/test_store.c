#define _POSIX_C_SOURCE 200809L
/* Tests of the store: opening, settings, sections, articles, listings,
 * pages, front page, search, since, and the query plan of the hot path. */
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "markdown_render.h"
#include "sqlite_internal.h"

#define FEB13 INT64_C(1770958800) /* 2026-02-13T10:00:00+05:00 */

static char tmpdir[64];

static const char *tmp_path(const char *name) {
  static char path[128];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  return path;
}

static qalam_store *open_memory(void) {
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, ":memory:", QALAM_STORE_DEFAULT));
  return s;
}

/* Adds an article; returns its id (0 on failure, which is reported). */
static int64_t add(qalam_store *s, const char *title, const char *body,
                   int64_t published, const char *lang,
                   const char *const *sections, size_t nsections) {
  qalam_article *a = NULL;
  int64_t id = 0;
  CHECK_OK(qalam_article_new(&a));
  if (!a) return 0;
  CHECK_OK(qalam_article_set_title(a, title));
  CHECK_OK(qalam_article_set_body(a, body));
  CHECK_OK(qalam_article_set_published(a, published));
  if (lang) CHECK_OK(qalam_article_set_lang(a, lang));
  CHECK_OK(qalam_article_set_sections(a, sections, nsections));
  CHECK_OK(qalam_article_insert(s, a));
  id = qalam_article_id(a);
  qalam_article_free(a);
  return id;
}

static void newspaper_sections(qalam_store *s) {
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  CHECK_OK(qalam_section_add(s, "society", "Society", 2));
}

static const char *const BOTH[] = {"news", "society"};

/* Titles of a cursor's articles, joined by '|'. */
static void titles(qalam_cursor *c, char *out, size_t size) {
  const qalam_article *a;
  int rc;
  out[0] = '\0';
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
    if (out[0]) strncat(out, "|", size - strlen(out) - 1);
    strncat(out, qalam_article_title(a), size - strlen(out) - 1);
  }
  CHECK_INT(rc, QALAM_ITEROVER);
  CHECK_INT(qalam_cursor_next(&a, c), QALAM_ITEROVER); /* and stays there */
}

static void list(qalam_store *s, const qalam_query *q, char *out, size_t size) {
  qalam_cursor *c = NULL;
  CHECK_OK(qalam_cursor_open(&c, s, q));
  if (c) titles(c, out, size);
  qalam_cursor_free(c);
}

/* --- Opening -------------------------------------------------------------- */

static void open_memory_store_has_default_settings(void) {
  qalam_store *s = open_memory();
  CHECK_STR(qalam_store_title(s), "");
  CHECK_STR(qalam_store_base_url(s), "");
  CHECK_STR(qalam_store_lang(s), "en");
  CHECK_INT(qalam_store_offset(s), 0);
  qalam_store_close(s);
  qalam_store_close(NULL);
}

static void settings_persist_and_validate(void) {
  const char *path = tmp_path("settings.db");
  unlink(path);
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, path, QALAM_STORE_DEFAULT));
  CHECK_OK(qalam_store_set_title(s, "Enbekshi QazaQ"));
  CHECK_OK(qalam_store_set_base_url(s, "https://enbekshi.example/"));
  CHECK_OK(qalam_store_set_lang(s, "kk"));
  CHECK_OK(qalam_store_set_offset(s, 300));
  CHECK_ERR(qalam_store_set_base_url(s, "ftp://x"), QALAM_EINVAL);
  CHECK_ERR(qalam_store_set_base_url(s, "/relative"), QALAM_EINVAL);
  CHECK_ERR(qalam_store_set_lang(s, "kazakh"), QALAM_EINVAL);
  CHECK_ERR(qalam_store_set_offset(s, 1440), QALAM_EINVAL);
  CHECK_ERR(qalam_store_set_title(s, "bad \xff"), QALAM_EUTF8);
  CHECK_ERR(qalam_store_set_title(s, NULL), QALAM_EINVAL);
  CHECK_STR(qalam_store_title(s), "Enbekshi QazaQ");
  qalam_store_close(s);

  s = NULL;
  CHECK_OK(qalam_store_open(&s, path, QALAM_STORE_READONLY));
  CHECK_STR(qalam_store_title(s), "Enbekshi QazaQ");
  CHECK_STR(qalam_store_base_url(s), "https://enbekshi.example");
  CHECK_STR(qalam_store_lang(s), "kk");
  CHECK_INT(qalam_store_offset(s), 300);
  CHECK_ERR(qalam_store_set_title(s, "x"), QALAM_EREADONLY);
  CHECK_ERR(qalam_section_add(s, "news", "News", 1), QALAM_EREADONLY);
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "T"));
  CHECK_ERR(qalam_article_insert(s, a), QALAM_EREADONLY);
  qalam_article_free(a);
  qalam_store_close(s);
}

static void open_rejects_what_is_not_a_store(void) {
  qalam_store *s = NULL;
  CHECK_ERR(qalam_store_open(NULL, ":memory:", 0), QALAM_EINVAL);
  CHECK_ERR(qalam_store_open(&s, NULL, 0), QALAM_EINVAL);
  CHECK_ERR(qalam_store_open(&s, ":memory:", 0x80), QALAM_EINVAL);
  CHECK_ERR(qalam_store_open(&s, "bad\xc0\xaf.db", 0), QALAM_EUTF8);
  CHECK_ERR(qalam_store_open(&s, tmp_path("missing.db"), QALAM_STORE_READONLY),
            QALAM_ENOTFOUND);
  CHECK_ERR(qalam_store_open(&s, "/nonexistent-dir/x.db", 0), QALAM_EIO);

  /* A text file. */
  const char *text = tmp_path("text.db");
  FILE *f = fopen(text, "w");
  fputs("this is a text file, not a database, with enough bytes to look like "
        "a header of some kind and more and more and more text here\n", f);
  fclose(f);
  CHECK_ERR(qalam_store_open(&s, text, 0), QALAM_ECORRUPT);
  CHECK_MSG("not a qalam store");

  /* Another program's SQLite database. */
  const char *other = tmp_path("other.db");
  unlink(other);
  sqlite3 *db;
  sqlite3_open(other, &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
  sqlite3_close(db);
  CHECK_ERR(qalam_store_open(&s, other, 0), QALAM_ECORRUPT);
  CHECK_MSG("SQLite database but not a qalam store");

  /* A store from a newer qalam. */
  const char *newer = tmp_path("newer.db");
  unlink(newer);
  CHECK_OK(qalam_store_open(&s, newer, 0));
  qalam_store_close(s);
  sqlite3_open(newer, &db);
  sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close(db);
  CHECK_ERR(qalam_store_open(&s, newer, 0), QALAM_ESCHEMA);
  CHECK_MSG("newer qalam");

  /* An empty file opened read-only cannot be created. */
  const char *empty = tmp_path("empty.db");
  f = fopen(empty, "w");
  fclose(f);
  CHECK_ERR(qalam_store_open(&s, empty, QALAM_STORE_READONLY), QALAM_ESCHEMA);
}

static void store_is_wal_with_schema_version(void) {
  const char *path = tmp_path("wal.db");
  unlink(path);
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, path, 0));
  qalam_store_close(s);
  sqlite3 *db;
  sqlite3_stmt *st;
  sqlite3_open(path, &db);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
  sqlite3_step(st);
  CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
  sqlite3_step(st);
  CHECK_INT(sqlite3_column_int(st, 0), QALAM_SCHEMA_VERSION);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/* A store of schema 2 gets the indexes that give an article's sections
 * and tags in order when first opened for writing; until then a read-only
 * open refuses it. Both lists are then read from those indexes alone. */
static void lists_read_in_order_from_the_index(void) {
  const char *path = tmp_path("lists.db");
  unlink(path);
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, path, 0));
  CHECK_OK(qalam_section_add(s, "a", "A", 1));
  CHECK_OK(qalam_section_add(s, "b", "B", 2));
  const char *sections[] = {"b", "a"}, *tags[] = {"y", "x"};
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "T"));
  CHECK_OK(qalam_article_set_body(a, "b"));
  CHECK_OK(qalam_article_set_sections(a, sections, 2));
  CHECK_OK(qalam_article_set_tags(a, tags, 2));
  CHECK_OK(qalam_article_insert(s, a));
  int64_t id = qalam_article_id(a);
  qalam_article_free(a);
  char plan[512];
  harness_sqlite_plan(s->db->sql, QALAM__SECTIONS_SQL, plan, sizeof plan);
  CHECK(strstr(plan, "USING COVERING INDEX article_sections_by_article"));
  CHECK(!strstr(plan, "TEMP B-TREE"));
  harness_sqlite_plan(s->db->sql, QALAM__TAGS_SQL, plan, sizeof plan);
  CHECK(strstr(plan, "USING COVERING INDEX article_tags_by_article"));
  CHECK(!strstr(plan, "TEMP B-TREE"));
  qalam_store_close(s);

  /* the indexes of schema 2 */
  sqlite3 *db = NULL;
  CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
  CHECK_INT(sqlite3_exec(db,
                         "DROP INDEX article_sections_by_article;"
                         "CREATE INDEX article_sections_by_article ON "
                         "article_sections(article_id);"
                         "DROP INDEX article_tags_by_article;"
                         "CREATE INDEX article_tags_by_article ON "
                         "article_tags(article_id);"
                         "PRAGMA user_version = 2",
                         NULL, NULL, NULL),
            SQLITE_OK);
  sqlite3_close(db);
  CHECK_ERR(qalam_store_open(&s, path, QALAM_STORE_READONLY), QALAM_ESCHEMA);
  CHECK_OK(qalam_store_open(&s, path, 0));
  CHECK_INT(harness_sqlite_int(s->db->sql, "PRAGMA user_version"), 3);
  harness_sqlite_plan(s->db->sql, QALAM__SECTIONS_SQL, plan, sizeof plan);
  CHECK(!strstr(plan, "TEMP B-TREE"));
  harness_sqlite_plan(s->db->sql, QALAM__TAGS_SQL, plan, sizeof plan);
  CHECK(!strstr(plan, "TEMP B-TREE"));
  CHECK_OK(qalam_article_get(&a, s, id));
  if (a) {
    CHECK_STR(qalam_article_section(a, 0), "b");
    CHECK_STR(qalam_article_tag(a, 0), "y");
  }
  qalam_article_free(a);
  qalam_store_close(s);
}

/* --- Sections ------------------------------------------------------------- */

static void sections_in_front_page_order(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_section_add(s, "society", "Society", 2));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  CHECK_OK(qalam_section_add(s, "culture", "Мәдениет", 2));
  CHECK_ERR(qalam_section_add(s, "news", "Again", 5), QALAM_EEXISTS);
  CHECK_MSG("'news' already exists");
  CHECK_ERR(qalam_section_add(s, "Bad Slug", "x", 1), QALAM_EINVAL);
  CHECK_ERR(qalam_section_add(s, "ok", "   ", 1), QALAM_EINVAL);
  CHECK_ERR(qalam_section_add(s, "ok", NULL, 1), QALAM_EINVAL);
  CHECK_ERR(qalam_section_update(s, "nope", "x", 1), QALAM_ENOTFOUND);
  CHECK_OK(qalam_section_update(s, "culture", NULL, 0));

  qalam_section_list *l = NULL;
  CHECK_OK(qalam_section_list_open(&l, s));
  CHECK_INT(qalam_section_list_count(l), 3);
  CHECK_STR(qalam_section_list_slug(l, 0), "culture");
  CHECK_STR(qalam_section_list_name(l, 0), "Мәдениет");
  CHECK_INT(qalam_section_list_position(l, 0), 0);
  CHECK_STR(qalam_section_list_slug(l, 1), "news");
  CHECK_STR(qalam_section_list_slug(l, 2), "society");
  CHECK(qalam_section_list_slug(l, 3) == NULL);
  qalam_section_list_free(l);

  CHECK_OK(qalam_section_delete(s, "culture"));
  CHECK_ERR(qalam_section_delete(s, "culture"), QALAM_ENOTFOUND);
  qalam_store_close(s);
}

/* --- Articles ------------------------------------------------------------- */

static void insert_fills_in_and_get_reads_back(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "Kazakhstan and Kyrgyzstan Continue "
                                      "Strengthening Allied Relations"));
  CHECK_OK(qalam_article_set_body(a, "He said: \"It's *fine*.\"\n\n“Golden Bridge”"));
  CHECK_OK(qalam_article_set_lead(a, "Bishkek, February 13, 2026"));
  CHECK_OK(qalam_article_set_source_url(a, "https://www.gov.kz/x?lang=kk"));
  CHECK_OK(qalam_article_set_author(a, "Press service"));
  CHECK_OK(qalam_article_set_published(a, FEB13));
  CHECK_OK(qalam_article_set_sections(a, BOTH, 2));
  const char *tags[] = {"diplomacy", "Kyrgyzstan", "diplomacy"};
  CHECK_OK(qalam_article_set_tags(a, tags, 3));
  CHECK_OK(qalam_article_insert(s, a));
  CHECK(qalam_article_id(a) > 0);
  CHECK_STR(qalam_article_slug(a),
            "kazakhstan-and-kyrgyzstan-continue-strengthening-allied-relations");
  CHECK_STR(qalam_article_lang(a), "en");
  CHECK(qalam_article_updated(a) > 0);
  CHECK_STR(qalam_article_html(a),
            "<p>He said: &quot;It&#39;s <em>fine</em>.&quot;</p>\n"
            "<p>“Golden Bridge”</p>\n");
  CHECK_ERR(qalam_article_insert(s, a), QALAM_EINVAL); /* already stored */

  qalam_article *b = NULL;
  CHECK_OK(qalam_article_get(&b, s, qalam_article_id(a)));
  if (b) {
    CHECK_STR(qalam_article_title(b), qalam_article_title(a));
    CHECK_STR(qalam_article_body(b), qalam_article_body(a));
    CHECK_STR(qalam_article_html(b), qalam_article_html(a));
    CHECK_STR(qalam_article_lead(b), "Bishkek, February 13, 2026");
    CHECK_STR(qalam_article_author(b), "Press service");
    CHECK_STR(qalam_article_source_url(b), "https://www.gov.kz/x?lang=kk");
    CHECK_INT(qalam_article_published(b), FEB13);
    CHECK_INT(qalam_article_status(b), QALAM_PUBLISHED);
    CHECK_INT(qalam_article_section_count(b), 2);
    CHECK_STR(qalam_article_section(b, 0), "news");
    CHECK_STR(qalam_article_section(b, 1), "society");
    CHECK_INT(qalam_article_tag_count(b), 2);
    CHECK_STR(qalam_article_tag(b, 1), "Kyrgyzstan");
    CHECK(qalam_article_section(b, 2) == NULL);
  }
  qalam_article_free(b);
  b = NULL;
  CHECK_OK(qalam_article_get_by_slug(
      &b, s, "kazakhstan-and-kyrgyzstan-continue-strengthening-allied-relations",
      NULL));
  CHECK_INT(qalam_article_id(b), qalam_article_id(a));
  qalam_article_free(b);
  CHECK_ERR(qalam_article_get_by_slug(&b, s, "nope", "en"), QALAM_ENOTFOUND);
  CHECK_ERR(qalam_article_get(&b, s, 9999), QALAM_ENOTFOUND);
  CHECK_MSG("no article 9999");
  qalam_article_free(a);
  qalam_store_close(s);
}

static void slugs_generated_unique_explicit_checked(void) {
  qalam_store *s = open_memory();
  int64_t a = add(s, "Same Title", "x", FEB13, NULL, NULL, 0);
  int64_t b = add(s, "Same Title!", "x", FEB13, NULL, NULL, 0);
  int64_t c = add(s, "Same title", "x", FEB13, "ru", NULL, 0);
  qalam_article *x = NULL;
  CHECK_OK(qalam_article_get(&x, s, b));
  CHECK_STR(qalam_article_slug(x), "same-title-2");
  qalam_article_free(x);
  CHECK_OK(qalam_article_get(&x, s, c)); /* another language: no clash */
  CHECK_STR(qalam_article_slug(x), "same-title");
  qalam_article_free(x);
  (void)a;

  /* Kazakh title, Kazakh reading. */
  int64_t k = add(s, "Қазақстан Республикасы", "x", FEB13, "kk", NULL, 0);
  CHECK_OK(qalam_article_get(&x, s, k));
  CHECK_STR(qalam_article_slug(x), "qazaqstan-respublikasy");
  qalam_article_free(x);

  /* An explicit slug that is taken is an error, and nothing is stored. */
  CHECK_OK(qalam_article_new(&x));
  CHECK_OK(qalam_article_set_title(x, "Other"));
  CHECK_OK(qalam_article_set_slug(x, "same-title"));
  CHECK_ERR(qalam_article_insert(s, x), QALAM_EEXISTS);
  CHECK_MSG("already used in 'en'");
  CHECK_INT(qalam_article_id(x), 0);
  CHECK_ERR(qalam_article_set_slug(x, "Not A Slug"), QALAM_EINVAL);
  CHECK_STR(qalam_article_slug(x), "same-title"); /* unchanged on failure */
  qalam_article_free(x);
  size_t n = 0;
  qalam_query all = QALAM_QUERY_INIT;
  CHECK_OK(qalam_article_count(&n, s, &all));
  CHECK_INT(n, 4);

  /* 80-byte slugs still get a suffix that fits. */
  const char *long_title =
      "Constitutional reform is the core of the renewal of public "
      "consciousness in the regions";
  int64_t l1 = add(s, long_title, "x", FEB13, NULL, NULL, 0);
  int64_t l2 = add(s, long_title, "x", FEB13, NULL, NULL, 0);
  qalam_article *y = NULL;
  CHECK_OK(qalam_article_get(&x, s, l1));
  CHECK_OK(qalam_article_get(&y, s, l2));
  if (x && y) {
    CHECK(strlen(qalam_article_slug(y)) <= QALAM_SLUG_MAX);
    CHECK(strcmp(qalam_article_slug(x), qalam_article_slug(y)) != 0);
    CHECK(strstr(qalam_article_slug(y), "-2") != NULL);
  }
  qalam_article_free(x);
  qalam_article_free(y);
  qalam_store_close(s);
}

static void failed_writes_change_nothing(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  const char *unknown[] = {"news", "sport"};
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_ERR(qalam_article_insert(s, a), QALAM_EINVAL); /* no title */
  CHECK_OK(qalam_article_set_title(a, "Title"));
  CHECK_OK(qalam_article_set_sections(a, unknown, 2));
  CHECK_ERR(qalam_article_insert(s, a), QALAM_ENOTFOUND);
  CHECK_MSG("no section 'sport'");
  CHECK_INT(qalam_article_id(a), 0);
  CHECK(qalam_article_slug(a) == NULL);
  CHECK(qalam_article_html(a) == NULL);
  CHECK_OK(qalam_article_set_story(a, 777));
  CHECK_OK(qalam_article_set_sections(a, BOTH, 2));
  CHECK_ERR(qalam_article_insert(s, a), QALAM_ENOTFOUND);
  CHECK_MSG("no article 777");
  qalam_article_free(a);

  size_t n = 99;
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  CHECK_OK(qalam_article_count(&n, s, &q));
  CHECK_INT(n, 0);
  q.section = "news";
  CHECK_OK(qalam_article_count(&n, s, &q));
  CHECK_INT(n, 0);
  /* nothing left in the search index either */
  qalam_cursor *c = NULL;
  CHECK_OK(qalam_cursor_open_search(&c, s, "Title", &q));
  const qalam_article *hit;
  CHECK_INT(qalam_cursor_next(&hit, c), QALAM_ITEROVER);
  qalam_cursor_free(c);

  /* Setters check their input. */
  CHECK_OK(qalam_article_new(&a));
  CHECK_ERR(qalam_article_set_title(a, "bad \xed\xa0\x80"), QALAM_EUTF8);
  CHECK_MSG("byte 4");
  CHECK_ERR(qalam_article_set_title(a, "two\nlines"), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_title(a, ""), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_body(a, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_lang(a, "english"), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_source_url(a, "javascript:alert(1)"), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_published(a, INT64_C(253402300800)), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_status(a, (qalam_status)7), QALAM_EINVAL);
  const char *bad_tags[] = {"ok", ""};
  CHECK_ERR(qalam_article_set_tags(a, bad_tags, 2), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_sections(a, NULL, 1), QALAM_EINVAL);
  CHECK_ERR(qalam_article_set_title(NULL, "x"), QALAM_EINVAL);
  qalam_article_free(a);
  qalam_store_close(s);
}

static void update_and_delete(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  int64_t id = add(s, "Old title", "old words", FEB13, NULL, BOTH, 2);
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_get(&a, s, id));
  CHECK_OK(qalam_article_set_title(a, "New title"));
  CHECK_OK(qalam_article_set_body(a, "fresh *words*"));
  CHECK_OK(qalam_article_set_sections(a, BOTH + 1, 1));
  CHECK_OK(qalam_article_update(s, a));
  CHECK_STR(qalam_article_slug(a), "old-title"); /* slugs stay put */
  CHECK_STR(qalam_article_html(a), "<p>fresh <em>words</em></p>\n");
  qalam_article_free(a);
  CHECK_OK(qalam_article_get(&a, s, id));
  CHECK_STR(qalam_article_title(a), "New title");
  CHECK_INT(qalam_article_section_count(a), 1);
  CHECK_STR(qalam_article_section(a, 0), "society");

  /* the search index follows */
  qalam_cursor *c = NULL;
  const qalam_article *hit;
  CHECK_OK(qalam_cursor_open_search(&c, s, "fresh", NULL));
  CHECK_OK(qalam_cursor_next(&hit, c));
  qalam_cursor_free(c);
  CHECK_OK(qalam_cursor_open_search(&c, s, "old", NULL));
  CHECK_INT(qalam_cursor_next(&hit, c), QALAM_ITEROVER);
  qalam_cursor_free(c);

  qalam_article *ghost = NULL;
  CHECK_OK(qalam_article_copy(&ghost, a));
  CHECK_OK(qalam_article_delete(s, id));
  CHECK_ERR(qalam_article_delete(s, id), QALAM_ENOTFOUND);
  CHECK_ERR(qalam_article_update(s, ghost), QALAM_ENOTFOUND);
  CHECK_OK(qalam_cursor_open_search(&c, s, "fresh", NULL));
  CHECK_INT(qalam_cursor_next(&hit, c), QALAM_ITEROVER);
  qalam_cursor_free(c);
  qalam_article_free(ghost);
  qalam_article_free(a);
  qalam_store_close(s);
}

static void translations_form_a_story(void) {
  qalam_store *s = open_memory();
  int64_t en = add(s, "Referendum on March 15", "x", FEB13, "en", NULL, 0);
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "Референдум 15 марта"));
  CHECK_OK(qalam_article_set_lang(a, "ru"));
  CHECK_OK(qalam_article_set_story(a, en));
  CHECK_OK(qalam_article_insert(s, a));
  CHECK_INT(qalam_article_story(a), en);
  int64_t ru = qalam_article_id(a);
  qalam_article_free(a);
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "15 наурыздағы референдум"));
  CHECK_OK(qalam_article_set_lang(a, "kk"));
  CHECK_OK(qalam_article_set_story(a, ru)); /* joining via any member */
  CHECK_OK(qalam_article_insert(s, a));
  CHECK_INT(qalam_article_story(a), en);
  qalam_article_free(a);
  add(s, "Unrelated", "x", FEB13, "en", NULL, 0);

  qalam_query q = QALAM_QUERY_INIT;
  q.story = en;
  size_t n = 0;
  CHECK_OK(qalam_article_count(&n, s, &q));
  CHECK_INT(n, 3);
  CHECK_OK(qalam_article_get(&a, s, en));
  CHECK_INT(qalam_article_story(a), en);
  qalam_article_free(a);
  qalam_store_close(s);
}

/* A count reads only the listing index unless it tests the article itself
 * (story; section and tag together): each must equal its listing. */
/* The front page's path on store `s`: "index.html" on a site in one
 * language, "kk/index.html" on one in several. */
static void front_path_is(qalam_store *s, const char *want) {
  char *out = NULL;
  CHECK_OK(qalam_page_path(&out, s, QALAM_PAGE_FRONT, "kk", NULL, 1));
  if (out) CHECK_STR(out, want);
  qalam_free(out);
}

static int64_t add_in(qalam_store *s, const char *lang, const char *section) {
  qalam_article *a = NULL;
  int64_t id = 0;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, lang));
  CHECK_OK(qalam_article_set_body(a, "b"));
  CHECK_OK(qalam_article_set_lang(a, lang));
  if (section) CHECK_OK(qalam_article_set_sections(a, &section, 1));
  if (qalam_article_insert(s, a) == QALAM_OK) id = qalam_article_id(a);
  qalam_article_free(a);
  return id;
}

/* Paths follow the number of languages (the library remembers it between
 * writes) whoever writes: this connection, another one, or a write that
 * failed and was rolled back. */
static void paths_follow_every_write(void) {
  const char *path = tmp_path("langs.db");
  unlink(path);
  qalam_store *s = NULL, *other = NULL;
  CHECK_OK(qalam_store_open(&s, path, 0));
  CHECK_OK(qalam_store_set_lang(s, "kk"));
  CHECK_OK(qalam_store_open(&other, path, 0));
  add_in(s, "kk", NULL);
  front_path_is(s, "index.html");
  front_path_is(s, "index.html");
  int64_t ru = add_in(s, "ru", NULL); /* this connection */
  front_path_is(s, "kk/index.html");
  CHECK_OK(qalam_article_delete(s, ru));
  front_path_is(s, "index.html");
  ru = add_in(other, "ru", NULL); /* another one */
  front_path_is(s, "kk/index.html");
  CHECK_OK(qalam_article_delete(other, ru));
  front_path_is(s, "index.html");
  CHECK(add_in(s, "en", "no-such-section") == 0); /* rolled back */
  front_path_is(s, "index.html");
  qalam_store_close(other);
  qalam_store_close(s);
}

/* The languages of listed articles only, in byte order, in one block;
 * `now` decides what is scheduled. */
static void languages_of_listed_articles(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  char **langs = (char **)1;
  size_t n = 9;
  CHECK_OK(qalam_article_languages(&langs, &n, s, NULL));
  CHECK(langs == NULL && n == 0);
  const char *tongues[] = {"ru", "kk", "en", "kk", "ru"};
  for (int i = 0; i < 5; i++) {
    qalam_article *a = NULL;
    CHECK_OK(qalam_article_new(&a));
    CHECK_OK(qalam_article_set_title(a, "T"));
    CHECK_OK(qalam_article_set_body(a, "b"));
    CHECK_OK(qalam_article_set_lang(a, tongues[i]));
    CHECK_OK(qalam_article_set_published(a, FEB13 + i));
    CHECK_OK(qalam_article_insert(s, a));
    qalam_article_free(a);
  }
  /* a draft in German and a French article scheduled for later */
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "D"));
  CHECK_OK(qalam_article_set_body(a, "b"));
  CHECK_OK(qalam_article_set_lang(a, "de"));
  CHECK_OK(qalam_article_set_status(a, QALAM_DRAFT));
  CHECK_OK(qalam_article_insert(s, a));
  qalam_article_free(a);
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "F"));
  CHECK_OK(qalam_article_set_body(a, "b"));
  CHECK_OK(qalam_article_set_lang(a, "fr"));
  CHECK_OK(qalam_article_set_published(a, (int64_t)time(NULL) + 86400));
  CHECK_OK(qalam_article_insert(s, a));
  qalam_article_free(a);

  CHECK_OK(qalam_article_languages(&langs, &n, s, NULL));
  CHECK_INT(n, 3);
  if (n == 3) {
    CHECK_STR(langs[0], "en");
    CHECK_STR(langs[1], "kk");
    CHECK_STR(langs[2], "ru");
  }
  qalam_free(langs); /* one block */
  qalam_query q = QALAM_QUERY_INIT;
  q.now = (int64_t)time(NULL) + 2 * 86400;
  q.lang = "kk"; /* ignored */
  CHECK_OK(qalam_article_languages(&langs, &n, s, &q));
  CHECK_INT(n, 4);
  if (n == 4) CHECK_STR(langs[1], "fr");
  qalam_free(langs);
  q.now = FEB13; /* only the first article was published by then */
  CHECK_OK(qalam_article_languages(&langs, &n, s, &q));
  CHECK_INT(n, 1);
  if (n == 1) CHECK_STR(langs[0], "ru");
  qalam_free(langs);

  CHECK_ERR(qalam_article_languages(NULL, &n, s, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_article_languages(&langs, NULL, s, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_article_languages(&langs, &n, NULL, NULL), QALAM_EINVAL);
  q.version = 99;
  CHECK_ERR(qalam_article_languages(&langs, &n, s, &q), QALAM_EINVAL);
  CHECK(langs == NULL && n == 0);
  qalam_store_close(s);
}

static void counts_match_listings(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  const char *tags[] = {"vote"};
  int64_t story = 0;
  for (int i = 0; i < 12; i++) {
    qalam_article *a = NULL;
    CHECK_OK(qalam_article_new(&a));
    CHECK_OK(qalam_article_set_title(a, "Story"));
    CHECK_OK(qalam_article_set_published(a, FEB13 + i));
    CHECK_OK(qalam_article_set_lang(a, i % 3 ? "ru" : "kk"));
    CHECK_OK(qalam_article_set_sections(a, BOTH, i % 2 ? 1 : 2));
    if (i % 4 == 0) CHECK_OK(qalam_article_set_tags(a, tags, 1));
    if (i > 0 && i % 5 == 0) CHECK_OK(qalam_article_set_story(a, story));
    if (i == 7) CHECK_OK(qalam_article_set_status(a, QALAM_DRAFT));
    CHECK_OK(qalam_article_insert(s, a));
    if (i == 0) story = qalam_article_id(a);
    qalam_article_free(a);
  }
  const char *sections[] = {NULL, "news", "society"};
  const char *langs[] = {NULL, "ru"};
  const char *tag[] = {NULL, "vote"};
  int64_t stories[] = {0, story};
  for (int si = 0; si < 3; si++)
    for (int li = 0; li < 2; li++)
      for (int ti = 0; ti < 2; ti++)
        for (int st = 0; st < 2; st++) {
          qalam_query q = QALAM_QUERY_INIT;
          q.section = sections[si];
          q.lang = langs[li];
          q.tag = tag[ti];
          q.story = stories[st];
          size_t n = 99, listed = 0;
          CHECK_OK(qalam_article_count(&n, s, &q));
          qalam_cursor *c = NULL;
          const qalam_article *a;
          CHECK_OK(qalam_cursor_open(&c, s, &q));
          while (c && qalam_cursor_next(&a, c) == QALAM_OK) listed++;
          qalam_cursor_free(c);
          if (n != listed)
            harness_fail(__FILE__, __LINE__, "count %zu != %zu listed for "
                         "section %s lang %s tag %s story %d", n, listed,
                         q.section ? q.section : "-", q.lang ? q.lang : "-",
                         q.tag ? q.tag : "-", st);
        }
  qalam_store_close(s);
}

/* Search rows are written at the outermost commit (sqlite_fts.c): a
 * savepoint rolled back takes its rows with it, and the index stays whole. */
static int hits(qalam_store *s, const char *text) {
  qalam_cursor *c = NULL;
  const qalam_article *a;
  int n = 0;
  CHECK_OK(qalam_cursor_open_search(&c, s, text, NULL));
  while (c && qalam_cursor_next(&a, c) == QALAM_OK) n++;
  qalam_cursor_free(c);
  return n;
}

/* The statement cache takes every static query the store has (31 in
 * 0.3.0; a fixed 24 entries once failed the 25th with EIO). */
static void statement_cache_has_no_fixed_size(void) {
  static const char *const sql[] = {
      "SELECT 1",  "SELECT 2",  "SELECT 3",  "SELECT 4",  "SELECT 5",
      "SELECT 6",  "SELECT 7",  "SELECT 8",  "SELECT 9",  "SELECT 10",
      "SELECT 11", "SELECT 12", "SELECT 13", "SELECT 14", "SELECT 15",
      "SELECT 16", "SELECT 17", "SELECT 18", "SELECT 19", "SELECT 20",
      "SELECT 21", "SELECT 22", "SELECT 23", "SELECT 24", "SELECT 25",
      "SELECT 26", "SELECT 27", "SELECT 28", "SELECT 29", "SELECT 30",
      "SELECT 31", "SELECT 32", "SELECT 33", "SELECT 34", "SELECT 35",
      "SELECT 36", "SELECT 37", "SELECT 38", "SELECT 39", "SELECT 40",
      "SELECT 41", "SELECT 42", "SELECT 43", "SELECT 44", "SELECT 45",
      "SELECT 46", "SELECT 47", "SELECT 48", "SELECT 49", "SELECT 50"};
  qalam_store *s = open_memory();
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < HARNESS_COUNT(sql); i++) {
      sqlite3_stmt *st = qalam__sqlite_stmt(s->db, sql[i]);
      CHECK(st != NULL);
      CHECK(st && sqlite3_step(st) == SQLITE_ROW &&
            sqlite3_column_int(st, 0) == (int)i + 1);
    }
  /* the store still works with all of them cached */
  add(s, "After", "alpha", FEB13, NULL, NULL, 0);
  qalam_store_close(s);
}

/* A batch keeps SQLite's temporary files in memory while it lasts (the
 * savepoints' journal), and no longer: in memory, sorts never spill. */
static long long temp_store(qalam_store *s) {
  return harness_sqlite_int(s->db->sql, "PRAGMA temp_store");
}

static void batches_keep_temporary_files_in_memory(void) {
  qalam_store *s = open_memory();
  CHECK_INT(temp_store(s), 0);
  CHECK_OK(qalam__db_begin(s->db));
  CHECK_INT(temp_store(s), 2);
  CHECK_OK(qalam__db_begin(s->db));
  add(s, "Inner", "alpha", FEB13, NULL, NULL, 0);
  CHECK_OK(qalam__db_commit(s->db));
  CHECK_INT(temp_store(s), 2);
  CHECK_OK(qalam__db_commit(s->db));
  CHECK_INT(temp_store(s), 0);
  CHECK_OK(qalam__db_begin(s->db));
  CHECK_OK(qalam__db_begin(s->db));
  qalam__db_rollback(s->db);
  CHECK_INT(temp_store(s), 2);
  qalam__db_rollback(s->db);
  CHECK_INT(temp_store(s), 0);
  /* a single write outside a batch leaves the setting alone */
  add(s, "Alone", "beta", FEB13, NULL, NULL, 0);
  CHECK_INT(temp_store(s), 0);
  qalam_store_close(s);
}

static void search_index_follows_commits_and_rollbacks(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam__db_begin(s->db));
  add(s, "Kept one", "alpha", FEB13, NULL, NULL, 0);
  CHECK_OK(qalam__db_begin(s->db));
  int64_t gone = add(s, "Dropped", "beta", FEB13, NULL, NULL, 0);
  CHECK(gone > 0);
  qalam__db_rollback(s->db);
  CHECK_OK(qalam__db_begin(s->db));
  int64_t kept = add(s, "Kept two", "gamma", FEB13, NULL, NULL, 0);
  CHECK_OK(qalam__db_commit(s->db));
  CHECK_OK(qalam_article_delete(s, kept)); /* queued after its insert */
  add(s, "Kept three", "gamma delta", FEB13, NULL, NULL, 0);
  CHECK_OK(qalam__db_commit(s->db));
  CHECK_INT(hits(s, "alpha"), 1);
  CHECK_INT(hits(s, "beta"), 0);
  CHECK_INT(hits(s, "gamma"), 1);
  CHECK_INT(hits(s, "delta"), 1);
  /* an update replaces the row */
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_get(&a, s, 1));
  CHECK_OK(qalam_article_set_body(a, "epsilon"));
  CHECK_OK(qalam_article_update(s, a));
  qalam_article_free(a);
  CHECK_INT(hits(s, "alpha"), 0);
  CHECK_INT(hits(s, "epsilon"), 1);
  CHECK_INT(sqlite3_exec(s->db->sql, "INSERT INTO articles_fts(articles_fts) "
                                     "VALUES('integrity-check')",
                         NULL, NULL, NULL),
            SQLITE_OK);
  /* a whole write rolled back leaves nothing queued behind */
  CHECK_OK(qalam__db_begin(s->db));
  add(s, "Never", "zeta", FEB13, NULL, NULL, 0);
  qalam__db_rollback(s->db);
  add(s, "After", "eta", FEB13, NULL, NULL, 0);
  CHECK_INT(hits(s, "zeta"), 0);
  CHECK_INT(hits(s, "eta"), 1);
  qalam_store_close(s);
}

/* --- Reading -------------------------------------------------------------- */

static void listings_newest_first_with_filters(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  add(s, "A", "x", FEB13 - 300, "en", BOTH, 2);
  add(s, "B", "x", FEB13 - 200, "ru", BOTH, 1);
  add(s, "C", "x", FEB13 - 100, "en", BOTH + 1, 1);
  int64_t d = add(s, "D", "x", FEB13, "kk", NULL, 0);
  /* a draft and a scheduled article are not listed */
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "Draft"));
  CHECK_OK(qalam_article_set_status(a, QALAM_DRAFT));
  CHECK_OK(qalam_article_set_published(a, FEB13 - 50));
  CHECK_OK(qalam_article_set_sections(a, BOTH, 1));
  CHECK_OK(qalam_article_insert(s, a));
  qalam_article_free(a);
  add(s, "Scheduled", "x", FEB13 + 86400, "en", BOTH, 1);

  char got[256];
  qalam_query q = QALAM_QUERY_INIT;
  q.now = FEB13 + 1;
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "D|C|B|A");
  q.section = "news";
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "B|A");
  q.section = NULL;
  q.lang = "en";
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "C|A");
  q.lang = NULL;
  q.flags = QALAM_QUERY_UNLISTED;
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "Scheduled|D|Draft|C|B|A");
  q.flags = QALAM_QUERY_OLDEST_FIRST;
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "A|B|C|D");
  q.now = FEB13 + 86400; /* the scheduled one is due */
  q.flags = 0;
  q.section = "news";
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "Scheduled|B|A");

  /* since, for bots: by time and by id, in publication order */
  qalam_query since = QALAM_QUERY_INIT;
  since.now = FEB13 + 1;
  since.flags = QALAM_QUERY_OLDEST_FIRST;
  since.since = FEB13 - 200;
  list(s, &since, got, sizeof got);
  CHECK_STR(got, "B|C|D");
  since.since = 0;
  since.since_id = d - 1;
  list(s, &since, got, sizeof got);
  CHECK_STR(got, "D");

  /* errors */
  qalam_cursor *c = NULL;
  q.section = "sport";
  CHECK_ERR(qalam_cursor_open(&c, s, &q), QALAM_ENOTFOUND);
  q.section = NULL;
  q.version = 2;
  CHECK_ERR(qalam_cursor_open(&c, s, &q), QALAM_EINVAL);
  q.version = QALAM_QUERY_VERSION;
  q.flags = 0x100;
  CHECK_ERR(qalam_cursor_open(&c, s, &q), QALAM_EINVAL);
  q.flags = 0;
  q.after = "garbage";
  CHECK_ERR(qalam_cursor_open(&c, s, &q), QALAM_EINVAL);
  CHECK_MSG("invalid page token");
  q.after = NULL;
  q.lang = "\xff";
  CHECK_ERR(qalam_cursor_open(&c, s, &q), QALAM_EUTF8);
  qalam_store_close(s);
}

/* Joins an article's sections then its tags with ','. */
static void lists_of(const qalam_article *a, char *out, size_t size) {
  out[0] = '\0';
  for (size_t i = 0; i < qalam_article_section_count(a); i++) {
    strncat(out, qalam_article_section(a, i), size - strlen(out) - 1);
    strncat(out, ",", size - strlen(out) - 1);
  }
  for (size_t i = 0; i < qalam_article_tag_count(a); i++) {
    strncat(out, qalam_article_tag(a, i), size - strlen(out) - 1);
    strncat(out, ",", size - strlen(out) - 1);
  }
}

/* Sections and tags come back in the order they were given, which is
 * neither the order of the sections' ids nor the tags' alphabetical order
 * (the order the index returns them in), from a get and from a cursor's
 * rows, one article after another. */
static void lists_keep_the_order_given(void) {
  qalam_store *s = open_memory();
  const char *slugs[] = {"a", "b", "c", "d", "e"};
  for (int i = 0; i < 5; i++)
    CHECK_OK(qalam_section_add(s, slugs[i], slugs[i], i + 1));
  const char *sections[2][4] = {{"d", "a", "e", "b"}, {"c", "b", "a", "d"}};
  const char *tags[2][5] = {{"zeta", "alpha", "mu", "beta", "omega"},
                            {"k", "j", "z", "a", "m"}};
  const char *want[2] = {"d,a,e,b,zeta,alpha,mu,beta,omega,",
                         "c,b,a,d,k,j,z,a,m,"};
  int64_t ids[2];
  for (int i = 0; i < 2; i++) {
    qalam_article *a = NULL;
    CHECK_OK(qalam_article_new(&a));
    CHECK_OK(qalam_article_set_title(a, i ? "Second" : "First"));
    CHECK_OK(qalam_article_set_body(a, "b"));
    CHECK_OK(qalam_article_set_published(a, FEB13 - i));
    CHECK_OK(qalam_article_set_sections(a, sections[i], 4));
    CHECK_OK(qalam_article_set_tags(a, tags[i], 5));
    CHECK_OK(qalam_article_insert(s, a));
    ids[i] = qalam_article_id(a);
    qalam_article_free(a);
  }
  char got[128];
  for (int i = 0; i < 2; i++) {
    qalam_article *a = NULL;
    CHECK_OK(qalam_article_get(&a, s, ids[i]));
    if (a) {
      lists_of(a, got, sizeof got);
      CHECK_STR(got, want[i]);
    }
    qalam_article_free(a);
  }
  qalam_cursor *c = NULL;
  const qalam_article *lent = NULL;
  CHECK_OK(qalam_cursor_open(&c, s, NULL)); /* newest first: First, Second */
  for (int i = 0; i < 2; i++) {
    CHECK_OK(qalam_cursor_next(&lent, c));
    if (lent) {
      lists_of(lent, got, sizeof got);
      CHECK_STR(got, want[i]);
    }
  }
  qalam_cursor_free(c);
  qalam_store_close(s);
}

static void lent_articles_load_body_and_lists(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "Lent"));
  CHECK_OK(qalam_article_set_body(a, "*body*"));
  CHECK_OK(qalam_article_set_sections(a, BOTH, 2));
  const char *tags[] = {"one", "two"};
  CHECK_OK(qalam_article_set_tags(a, tags, 2));
  CHECK_OK(qalam_article_set_published(a, FEB13));
  CHECK_OK(qalam_article_insert(s, a));
  qalam_article_free(a);

  qalam_cursor *c = NULL;
  const qalam_article *lent = NULL;
  CHECK_OK(qalam_cursor_open(&c, s, NULL));
  CHECK_OK(qalam_cursor_next(&lent, c));
  CHECK_STR(qalam_article_body(lent), "*body*");
  CHECK_STR(qalam_article_html(lent), "<p><em>body</em></p>\n");
  CHECK_INT(qalam_article_section_count(lent), 2);
  CHECK_STR(qalam_article_section(lent, 1), "society");
  CHECK_INT(qalam_article_tag_count(lent), 2);
  CHECK_STR(qalam_article_tag(lent, 0), "one");
  qalam_article *kept = NULL;
  CHECK_OK(qalam_article_copy(&kept, lent));
  /* lent articles cannot be changed or saved */
  CHECK_ERR(qalam_article_set_title((qalam_article *)lent, "x"), QALAM_EINVAL);
  CHECK_ERR(qalam_article_update(s, (qalam_article *)lent), QALAM_EINVAL);
  qalam_cursor_free(c);
  CHECK_STR(qalam_article_tag(kept, 1), "two");
  CHECK_STR(qalam_article_html(kept), "<p><em>body</em></p>\n");
  CHECK_OK(qalam_article_update(s, kept));
  qalam_article_free(kept);
  qalam_store_close(s);
}

static void pages_by_number_and_token(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  char title[16];
  for (int i = 1; i <= 45; i++) {
    snprintf(title, sizeof title, "N%02d", i);
    add(s, title, "x", FEB13 + i, NULL, BOTH, 1);
  }
  qalam_query q = QALAM_QUERY_INIT;
  q.section = "news";
  q.limit = 20;
  q.now = FEB13 + 1000;
  size_t n = 0;
  CHECK_OK(qalam_article_count(&n, s, &q));
  CHECK_INT(n, 45); /* 3 pages */
  char got[512];
  q.page = 3;
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "N05|N04|N03|N02|N01");

  /* keyset: page 1, then a new article arrives, then page 2 is unchanged */
  q.page = 0;
  qalam_cursor *c = NULL;
  CHECK_OK(qalam_cursor_open(&c, s, &q));
  titles(c, got, sizeof got);
  CHECK(strncmp(got, "N45|N44", 7) == 0);
  char *token = NULL;
  CHECK_OK(qalam_cursor_token(&token, c));
  CHECK(token != NULL);
  qalam_cursor_free(c);
  add(s, "Breaking", "x", FEB13 + 500, NULL, BOTH, 1);
  q.after = token;
  list(s, &q, got, sizeof got);
  CHECK_STR(got, "N25|N24|N23|N22|N21|N20|N19|N18|N17|N16|N15|N14|N13|N12|"
                 "N11|N10|N09|N08|N07|N06");
  /* the last page has no next token */
  CHECK_OK(qalam_cursor_open(&c, s, &q));
  titles(c, got, sizeof got);
  char *t2 = NULL;
  CHECK_OK(qalam_cursor_token(&t2, c));
  qalam_cursor_free(c);
  q.after = t2;
  CHECK_OK(qalam_cursor_open(&c, s, &q));
  titles(c, got, sizeof got);
  CHECK_STR(got, "N05|N04|N03|N02|N01");
  char *t3 = (char *)"unset";
  CHECK_OK(qalam_cursor_token(&t3, c));
  CHECK(t3 == NULL);
  qalam_cursor_free(c);
  /* a token of newest-first paging is refused for oldest-first */
  q.flags = QALAM_QUERY_OLDEST_FIRST;
  CHECK_ERR(qalam_cursor_open(&c, s, &q), QALAM_EINVAL);
  qalam_free(token);
  qalam_free(t2);
  qalam_store_close(s);
}

static void front_page_latest_per_section(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  CHECK_OK(qalam_section_add(s, "empty", "Empty", 3));
  add(s, "Both 1", "x", FEB13 + 1, NULL, BOTH, 2);
  add(s, "News 2", "x", FEB13 + 2, NULL, BOTH, 1);
  add(s, "Both 3", "x", FEB13 + 3, NULL, BOTH, 2);
  add(s, "Society 4", "x", FEB13 + 4, NULL, BOTH + 1, 1);
  qalam_query q = QALAM_QUERY_INIT;
  q.now = FEB13 + 10;
  qalam_cursor *c = NULL;
  CHECK_OK(qalam_cursor_open_front_page(&c, s, 2, &q));
  const qalam_article *a;
  char got[256] = "";
  int rc;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
    strcat(got, qalam_cursor_section(c));
    strcat(got, ":");
    strcat(got, qalam_article_title(a));
    strcat(got, "|");
  }
  CHECK_INT(rc, QALAM_ITEROVER);
  CHECK_STR(got, "news:Both 3|news:News 2|society:Society 4|society:Both 3|");
  qalam_cursor_free(c);
  /* one a section */
  CHECK_OK(qalam_cursor_open_front_page(&c, s, 1, &q));
  got[0] = '\0';
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
    strcat(got, qalam_article_title(a));
    strcat(got, "|");
  }
  CHECK_STR(got, "Both 3|Society 4|");
  qalam_cursor_free(c);
  CHECK_ERR(qalam_cursor_open_front_page(&c, s, 0, NULL), QALAM_EINVAL);
  qalam_store_close(s);
}

static void search_finds_kazakh_russian_english(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  add(s, "Kazakhstan and Kyrgyzstan", "The ministers met in Bishkek to discuss "
      "**trade** and <b>logistics</b>.", FEB13, "en", BOTH, 1);
  add(s, "Референдум", "Граждане сделают свой выбор 15 марта. Конституция "
      "определяет права человека.", FEB13 + 1, "ru", NULL, 0);
  add(s, "Жаңа Конституция", "Қазақстан Республикасының азаматтары "
      "референдумда өз таңдауын жасайды.", FEB13 + 2, "kk", NULL, 0);

  struct {
    const char *query, *title;
  } cases[] = {
      {"bishkek", "Kazakhstan and Kyrgyzstan"},
      {"TRADE logistics", "Kazakhstan and Kyrgyzstan"},
      {"выбор", "Референдум"},
      {"ПРАВА человека", "Референдум"},
      {"Қазақстан", "Жаңа Конституция"},
      {"азаматтары", "Жаңа Конституция"},
      {"таңдау*", "Жаңа Конституция"},
      {"жаңа", "Жаңа Конституция"},
  };
  for (size_t i = 0; i < HARNESS_COUNT(cases); i++) {
    qalam_cursor *c = NULL;
    const qalam_article *a = NULL;
    CHECK_OK(qalam_cursor_open_search(&c, s, cases[i].query, NULL));
    int rc = qalam_cursor_next(&a, c);
    if (rc != QALAM_OK) {
      harness_fail(__FILE__, __LINE__, "no hit for '%s'", cases[i].query);
    } else {
      CHECK_STR(qalam_article_title(a), cases[i].title);
      CHECK(strstr(qalam_cursor_snippet(c), "<mark>") != NULL);
    }
    qalam_cursor_free(c);
  }

  /* the snippet escapes text and marks the match */
  qalam_cursor *c = NULL;
  const qalam_article *a = NULL;
  CHECK_OK(qalam_cursor_open_search(&c, s, "logistics", NULL));
  CHECK_OK(qalam_cursor_next(&a, c));
  CHECK(strstr(qalam_cursor_snippet(c), "<mark>logistics</mark>") != NULL);
  CHECK(strstr(qalam_cursor_snippet(c), "<b>") == NULL);
  qalam_cursor_free(c);

  /* FTS syntax in the user's text is not interpreted */
  const char *odd[] = {"AND", "\"unbalanced", "NEAR(a b)", "col:thing", "a OR",
                       "(", "*", "-x", "^y"};
  for (size_t i = 0; i < HARNESS_COUNT(odd); i++) {
    int rc = qalam_cursor_open_search(&c, s, odd[i], NULL);
    CHECK(rc == QALAM_OK || rc == QALAM_EINVAL);
    if (rc == QALAM_OK) {
      while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
      }
      CHECK_INT(rc, QALAM_ITEROVER);
    }
    qalam_cursor_free(c);
    c = NULL;
  }
  CHECK_ERR(qalam_cursor_open_search(&c, s, "  !!  ", NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_cursor_open_search(&c, s, "\xc0", NULL), QALAM_EUTF8);
  /* a limit is a limit (two articles match) */
  qalam_query q = QALAM_QUERY_INIT;
  q.limit = 1;
  CHECK_OK(qalam_cursor_open_search(&c, s, "конституция", &q));
  CHECK_OK(qalam_cursor_next(&a, c));
  CHECK_INT(qalam_cursor_next(&a, c), QALAM_ITEROVER);
  qalam_cursor_free(c);
  q.limit = 0;
  CHECK_OK(qalam_cursor_open_search(&c, s, "конституция", &q));
  CHECK_OK(qalam_cursor_next(&a, c));
  CHECK_OK(qalam_cursor_next(&a, c));
  qalam_cursor_free(c);
  /* filters apply */
  q.lang = "ru";
  CHECK_OK(qalam_cursor_open_search(&c, s, "bishkek", &q));
  CHECK_INT(qalam_cursor_next(&a, c), QALAM_ITEROVER);
  qalam_cursor_free(c);
  q.lang = NULL;
  q.section = "news";
  CHECK_OK(qalam_cursor_open_search(&c, s, "bishkek", &q));
  CHECK_OK(qalam_cursor_next(&a, c));
  qalam_cursor_free(c);
  qalam_store_close(s);
}

static void hot_path_reads_the_index(void) {
  qalam_store *s = open_memory();
  newspaper_sections(s);
  qalam_query q = QALAM_QUERY_INIT;
  q.section = "news";
  q.limit = 20;
  qalam__spec spec;
  CHECK_OK(qalam__query_spec(&spec, QALAM__LIST, &q));
  char *plan = NULL;
  CHECK_OK(qalam__db_explain(s->db, &spec, &plan));
  if (plan) {
    CHECK(strstr(plan, "SEARCH k USING PRIMARY KEY (section_id=? AND published<?)"));
    CHECK(strstr(plan, "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)"));
    CHECK(strstr(plan, "SCAN") == NULL);
    CHECK(strstr(plan, "TEMP B-TREE") == NULL);
  }
  qalam_free(plan);
  plan = NULL;
  /* the whole site, and one language, newest first: no sort either */
  q.section = NULL;
  CHECK_OK(qalam__query_spec(&spec, QALAM__LIST, &q));
  CHECK_OK(qalam__db_explain(s->db, &spec, &plan));
  if (plan) {
    CHECK(strstr(plan, "articles_by_time") != NULL);
    CHECK(strstr(plan, "TEMP B-TREE") == NULL);
  }
  qalam_free(plan);
  plan = NULL;
  q.lang = "kk";
  CHECK_OK(qalam__query_spec(&spec, QALAM__LIST, &q));
  CHECK_OK(qalam__db_explain(s->db, &spec, &plan));
  if (plan) {
    CHECK(strstr(plan, "articles_by_lang") != NULL);
    CHECK(strstr(plan, "TEMP B-TREE") == NULL);
  }
  qalam_free(plan);
  qalam_store_close(s);
}

/* Saving parses a body once for its HTML and its search text: the two must
 * be what the public renderers give. */
static void save_renders_like_the_public_functions(void) {
  static const char *const bodies[] = {
      "",
      "He said: \"It's *fine*.\" -- [link](https://x.kz/?a=1&b=2)",
      "[x](javascript:alert(1)) <script>alert(1)</script> ![i](data:text/html,x)",
      "# Жаңалықтар\n\n> “Golden Bridge”\n\n- one\n- two\n\n    code\n",
  };
  for (size_t i = 0; i < HARNESS_COUNT(bodies); i++) {
    char *html = NULL, *text = NULL, *h = NULL, *t = NULL;
    CHECK_OK(qalam__markdown_html_and_text(&html, &text, bodies[i]));
    CHECK_OK(qalam_markdown_to_html(&h, bodies[i], QALAM_MD_DEFAULT));
    CHECK_OK(qalam_markdown_to_text(&t, bodies[i], QALAM_MD_DEFAULT));
    CHECK_STR(html, h);
    CHECK_STR(text, t);
    qalam_free(html);
    qalam_free(text);
    qalam_free(h);
    qalam_free(t);
  }
  char *html = NULL, *text = NULL;
  CHECK_ERR(qalam__markdown_html_and_text(&html, &text, "bad \xff"), QALAM_EUTF8);
  CHECK(html == NULL && text == NULL);
}

/* --- Allocation failure --------------------------------------------------- */

static int sc_store_roundtrip(void) {
  qalam_store *s = NULL;
  qalam_article *a = NULL, *b = NULL;
  qalam_cursor *c = NULL;
  const qalam_article *lent;
  char *token = NULL;
  size_t n;
  int rc;
  TRY(qalam_store_open(&s, ":memory:", 0));
  if ((rc = qalam_store_set_title(s, "Site")) ||
      (rc = qalam_section_add(s, "news", "News", 1)) ||
      (rc = qalam_article_new(&a)) ||
      (rc = qalam_article_set_title(a, "Қазақ тілі")) ||
      (rc = qalam_article_set_body(a, "Body *text* here")) ||
      (rc = qalam_article_set_sections(a, BOTH, 1)) ||
      (rc = qalam_article_set_tags(a, BOTH, 2)) ||
      (rc = qalam_article_insert(s, a)) ||
      (rc = qalam_article_get(&b, s, qalam_article_id(a))) ||
      (rc = qalam_article_update(s, b)))
    goto done;
  qalam_query q = QALAM_QUERY_INIT;
  q.section = "news";
  q.limit = 1;
  q.flags = QALAM_QUERY_UNLISTED;
  if ((rc = qalam_article_count(&n, s, &q)) ||
      (rc = qalam_cursor_open(&c, s, &q)))
    goto done;
  while ((rc = qalam_cursor_next(&lent, c)) == QALAM_OK)
    if (!qalam_article_html(lent) || !qalam_article_section_count(lent)) {
      rc = qalam_error_code();
      goto done;
    }
  if (rc != QALAM_ITEROVER || (rc = qalam_cursor_token(&token, c))) goto done;
  qalam_cursor_free(c);
  c = NULL;
  if ((rc = qalam_cursor_open_search(&c, s, "text", &q))) goto done;
  while ((rc = qalam_cursor_next(&lent, c)) == QALAM_OK) {
  }
  if (rc != QALAM_ITEROVER) goto done;
  qalam_cursor_free(c);
  c = NULL;
  if ((rc = qalam_cursor_open_front_page(&c, s, 3, &q))) goto done;
  while ((rc = qalam_cursor_next(&lent, c)) == QALAM_OK) {
  }
  if (rc != QALAM_ITEROVER) goto done;
  char **langs = NULL;
  if ((rc = qalam_article_languages(&langs, &n, s, NULL))) goto done;
  qalam_free(langs);
  rc = qalam_article_delete(s, qalam_article_id(a));
done:
  qalam_free(token);
  qalam_cursor_free(c);
  qalam_article_free(a);
  qalam_article_free(b);
  qalam_store_close(s);
  return rc;
}

int main(int argc, char **argv) {
  if (harness_tmpdir(tmpdir, sizeof tmpdir, "store")) return 1;
  if (harness_route_sqlite()) return 1;
  static const harness_test tests[] = {
      HARNESS_TEST(open_memory_store_has_default_settings),
      HARNESS_TEST(settings_persist_and_validate),
      HARNESS_TEST(open_rejects_what_is_not_a_store),
      HARNESS_TEST(store_is_wal_with_schema_version),
      HARNESS_TEST(lists_read_in_order_from_the_index),
      HARNESS_TEST(sections_in_front_page_order),
      HARNESS_TEST(insert_fills_in_and_get_reads_back),
      HARNESS_TEST(slugs_generated_unique_explicit_checked),
      HARNESS_TEST(failed_writes_change_nothing),
      HARNESS_TEST(update_and_delete),
      HARNESS_TEST(translations_form_a_story),
      HARNESS_TEST(counts_match_listings),
      HARNESS_TEST(statement_cache_has_no_fixed_size),
      HARNESS_TEST(batches_keep_temporary_files_in_memory),
      HARNESS_TEST(search_index_follows_commits_and_rollbacks),
      HARNESS_TEST(listings_newest_first_with_filters),
      HARNESS_TEST(lent_articles_load_body_and_lists),
      HARNESS_TEST(lists_keep_the_order_given),
      HARNESS_TEST(languages_of_listed_articles),
      HARNESS_TEST(paths_follow_every_write),
      HARNESS_TEST(pages_by_number_and_token),
      HARNESS_TEST(front_page_latest_per_section),
      HARNESS_TEST(search_finds_kazakh_russian_english),
      HARNESS_TEST(hot_path_reads_the_index),
      HARNESS_TEST(save_renders_like_the_public_functions),
  };
  static const harness_scenario scenarios[] = {
      {"store round trip", sc_store_roundtrip, NULL, NULL},
  };
  int status = harness_main(argc, argv, tests, HARNESS_COUNT(tests), scenarios,
                            HARNESS_COUNT(scenarios));
  if (harness_rmtree(tmpdir)) status = 1;
  return status;
}
