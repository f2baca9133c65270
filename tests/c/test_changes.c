#define _POSIX_C_SOURCE 200809L
/* Tests of the change list (qalam/changes.h): revisions of saves and
 * deletes, limits, failed writes, imports, and the migration that gives an
 * older store's articles their revisions. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "store_internal.h"

#define FEB13 INT64_C(1770958800)

static char tmpdir[64];

static qalam_store *open_memory(void) {
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, ":memory:", QALAM_STORE_DEFAULT));
  return s;
}

static qalam_article *article(const char *title, int64_t published) {
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, title));
  CHECK_OK(qalam_article_set_body(a, "Text."));
  CHECK_OK(qalam_article_set_published(a, published));
  return a;
}

static int64_t add(qalam_store *s, const char *title) {
  qalam_article *a = article(title, FEB13);
  CHECK_OK(qalam_article_insert(s, a));
  int64_t id = qalam_article_id(a);
  qalam_article_free(a);
  return id;
}

static int64_t revision(qalam_store *s) {
  int64_t r = -1;
  CHECK_OK(qalam_store_revision(&r, s));
  return r;
}

/* The changes after `after` as "id:revision[:deleted]" joined by spaces. */
static void changes(qalam_store *s, int64_t after, size_t limit, char *out,
                    size_t size) {
  qalam_change *list = (qalam_change *)"untouched";
  size_t n = 99;
  out[0] = '\0';
  CHECK_OK(qalam_changes(&list, &n, s, after, limit));
  if (n == 0) CHECK(list == NULL);
  for (size_t i = 0; i < n; i++) {
    char one[64];
    snprintf(one, sizeof one, "%s%lld:%lld%s", i ? " " : "",
             (long long)list[i].id, (long long)list[i].revision,
             list[i].deleted ? ":deleted" : "");
    strncat(out, one, size - strlen(out) - 1);
  }
  qalam_free(list);
}

static void saves_and_deletes_move_articles_to_the_next_revision(void) {
  qalam_store *s = open_memory();
  char got[256];
  CHECK_INT(revision(s), 0);
  changes(s, 0, 0, got, sizeof got);
  CHECK_STR(got, "");

  int64_t a = add(s, "One"), b = add(s, "Two"), c = add(s, "Three");
  CHECK_INT(revision(s), 3);
  changes(s, 0, 0, got, sizeof got);
  CHECK_STR(got, "1:1 2:2 3:3");

  /* an update moves the article to the end, once */
  qalam_article *x = NULL;
  CHECK_OK(qalam_article_get(&x, s, a));
  CHECK_OK(qalam_article_set_title(x, "One, again"));
  CHECK_OK(qalam_article_update(s, x));
  qalam_article_free(x);
  CHECK_INT(revision(s), 4);
  changes(s, 0, 0, got, sizeof got);
  CHECK_STR(got, "2:2 3:3 1:4");
  changes(s, 3, 0, got, sizeof got);
  CHECK_STR(got, "1:4");

  /* a delete is a change too, and stays in the list */
  CHECK_OK(qalam_article_delete(s, b));
  changes(s, 4, 0, got, sizeof got);
  CHECK_STR(got, "2:5:deleted");
  changes(s, 0, 0, got, sizeof got);
  CHECK_STR(got, "3:3 1:4 2:5:deleted");

  /* limits, and going on after the last change seen */
  changes(s, 0, 2, got, sizeof got);
  CHECK_STR(got, "3:3 1:4");
  changes(s, 4, 2, got, sizeof got);
  CHECK_STR(got, "2:5:deleted");
  changes(s, 5, 0, got, sizeof got);
  CHECK_STR(got, "");
  changes(s, 1000, 0, got, sizeof got);
  CHECK_STR(got, "");

  /* the id of a deleted article is never given again: its delete stays
   * in the list */
  CHECK_OK(qalam_article_delete(s, c));
  CHECK_INT(add(s, "Four"), 4);
  changes(s, 5, 0, got, sizeof got);
  CHECK_STR(got, "3:6:deleted 4:7");
  qalam_store_close(s);
}

static void failed_writes_leave_the_revision(void) {
  qalam_store *s = open_memory();
  qalam_article *a = article("Same", FEB13);
  CHECK_OK(qalam_article_set_slug(a, "same"));
  CHECK_OK(qalam_article_insert(s, a));
  qalam_article_free(a);
  a = article("Same", FEB13);
  CHECK_OK(qalam_article_set_slug(a, "same"));
  CHECK_ERR(qalam_article_insert(s, a), QALAM_EEXISTS);
  qalam_article_free(a);
  CHECK_ERR(qalam_article_delete(s, 42), QALAM_ENOTFOUND);
  a = article("Unknown section", FEB13);
  const char *sections[] = {"nowhere"};
  CHECK_OK(qalam_article_set_sections(a, sections, 1));
  CHECK(qalam_article_insert(s, a) != QALAM_OK);
  qalam_article_free(a);
  CHECK_INT(revision(s), 1);
  qalam_store_close(s);
}

static void bad_arguments(void) {
  qalam_store *s = open_memory();
  qalam_change *list = NULL;
  size_t n = 0;
  int64_t r;
  CHECK_ERR(qalam_store_revision(NULL, s), QALAM_EINVAL);
  CHECK_ERR(qalam_store_revision(&r, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_changes(NULL, &n, s, 0, 0), QALAM_EINVAL);
  CHECK_ERR(qalam_changes(&list, NULL, s, 0, 0), QALAM_EINVAL);
  CHECK_ERR(qalam_changes(&list, &n, NULL, 0, 0), QALAM_EINVAL);
  n = 7;
  CHECK_ERR(qalam_changes(&list, &n, s, -1, 0), QALAM_EINVAL);
  CHECK_MSG("after is -1");
  CHECK(list == NULL && n == 7);
  qalam_store_close(s);
}

static void imports_are_changes(void) {
  char dir[128], file[160];
  snprintf(dir, sizeof dir, "%s/import", tmpdir);
  CHECK(mkdir(dir, 0700) == 0);
  for (int i = 1; i <= 3; i++) {
    snprintf(file, sizeof file, "%s/story-%d.md", dir, i);
    FILE *f = fopen(file, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "---\ntitle: Story %d\npublished: 2026-02-13T10:00:00+05:00\n"
               "---\nBody %d.\n", i, i);
    fclose(f);
  }
  qalam_store *s = open_memory();
  CHECK_OK(qalam_import(s, dir, NULL, NULL));
  CHECK_INT(revision(s), 3);
  char got[128];
  changes(s, 0, 0, got, sizeof got);
  CHECK_STR(got, "1:1 2:2 3:3");
  qalam_store_close(s);
}

/* A store of schema 1 (before the change list) gets revisions 1..N for its
 * articles, in id order, when first opened for writing. */
static void older_store_is_migrated(void) {
  char path[128];
  snprintf(path, sizeof path, "%s/old.qalam", tmpdir);
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, path, QALAM_STORE_DEFAULT));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  const char *news[] = {"news"};
  for (int i = 0; i < 3; i++) {
    qalam_article *a = article(i == 0 ? "A" : i == 1 ? "B" : "C", FEB13 + i);
    CHECK_OK(qalam_article_set_sections(a, news, 1));
    CHECK_OK(qalam_article_insert(s, a));
    qalam_article_free(a);
  }
  CHECK_OK(qalam_article_delete(s, 2));
  qalam_store_close(s);

  sqlite3 *db = NULL;
  CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
  CHECK_INT(sqlite3_exec(db, "DROP TABLE article_changes; "
                             "PRAGMA user_version = 1", NULL, NULL, NULL),
            SQLITE_OK);
  sqlite3_close(db);

  CHECK_ERR(qalam_store_open(&s, path, QALAM_STORE_READONLY), QALAM_ESCHEMA);
  CHECK_OK(qalam_store_open(&s, path, QALAM_STORE_DEFAULT));
  char got[128];
  changes(s, 0, 0, got, sizeof got);
  CHECK_STR(got, "1:1 3:2");
  /* the articles table was rebuilt: nothing hanging on it was lost */
  qalam_article *c = NULL;
  CHECK_OK(qalam_article_get(&c, s, 3));
  CHECK_STR(qalam_article_title(c), "C");
  CHECK_INT(qalam_article_section_count(c), 1);
  qalam_article_free(c);
  size_t n = 0;
  qalam_query q = QALAM_QUERY_INIT;
  q.section = "news";
  CHECK_OK(qalam_article_count(&n, s, &q));
  CHECK_INT(n, 2);
  qalam_cursor *hits = NULL;
  const qalam_article *hit = NULL;
  CHECK_OK(qalam_cursor_open_search(&hits, s, "text", NULL));
  CHECK_OK(qalam_cursor_next(&hit, hits));
  qalam_cursor_free(hits);
  CHECK_ERR(qalam_article_delete(s, 2), QALAM_ENOTFOUND);
  add(s, "D");
  changes(s, 2, 0, got, sizeof got);
  CHECK_STR(got, "4:3");
  qalam_store_close(s);
}

/* --- Allocation failures ------------------------------------------------- */

static qalam_store *sc_store;

static int sc_setup(void) {
  int rc = qalam_store_open(&sc_store, ":memory:", QALAM_STORE_DEFAULT);
  for (int i = 0; i < 100 && !rc; i++) {
    qalam_article *a = NULL;
    rc = qalam_article_new(&a);
    if (!rc) rc = qalam_article_set_title(a, "Story");
    if (!rc) rc = qalam_article_set_body(a, "Text.");
    if (!rc) rc = qalam_article_set_published(a, FEB13 + i);
    if (!rc) rc = qalam_article_insert(sc_store, a);
    qalam_article_free(a);
  }
  return rc;
}

static void sc_teardown(void) {
  qalam_store_close(sc_store);
  sc_store = NULL;
}

static int sc_changes(void) {
  qalam_change *list = NULL;
  size_t n = 0;
  int64_t r = 0;
  TRY(qalam_store_revision(&r, sc_store));
  TRY(qalam_changes(&list, &n, sc_store, 0, 0));
  int ok = n == 100 && list[99].revision == r;
  qalam_free(list);
  return ok ? QALAM_OK : QALAM_EINVAL;
}

int main(int argc, char **argv) {
  if (harness_tmpdir(tmpdir, sizeof tmpdir, "changes")) return 1;
  if (harness_route_sqlite()) return 1;
  static const harness_test tests[] = {
      HARNESS_TEST(saves_and_deletes_move_articles_to_the_next_revision),
      HARNESS_TEST(failed_writes_leave_the_revision),
      HARNESS_TEST(bad_arguments),
      HARNESS_TEST(imports_are_changes),
      HARNESS_TEST(older_store_is_migrated),
  };
  static const harness_scenario scenarios[] = {
      {"changes", sc_changes, sc_setup, sc_teardown},
  };
  int status = harness_main(argc, argv, tests, HARNESS_COUNT(tests), scenarios,
                            HARNESS_COUNT(scenarios));
  if (harness_rmtree(tmpdir)) status = 1;
  return status;
}
