/* Big and odd input: invalid UTF-8 in every text setter and in import
 * files, NUL bytes in import files, a 50 MB body, 10,000 sections on one
 * article, deeply nested Markdown. Each must get a clear error (the code,
 * a message naming the problem) or work within bounded time and memory;
 * nothing crashes and nothing half-written is stored. The heavy cases run
 * in child processes, so that a crash is caught and each one's peak memory
 * is measured alone. (NUL bytes through the Python binding:
 * fault_python_nul.py.)
 *
 *   fault_input [--long] [--sanitized]
 * The long mode nests Markdown 1,000,000 deep instead of 100,000 and adds
 * a body just under the renderer's 16 MiB limit. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults.h"

static char *dir;
static int is_long;
/* --sanitized: built with ASan, whose shadow memory and quarantine make
 * peak RSS meaningless; the bounds are then reported, not checked. */
static int sanitized;

static int rss_ok(long rss, long bound_kib) {
  return rss >= 0 && (sanitized || rss < bound_kib);
}

static long count_articles(qalam_store *s) {
  size_t n = 0;
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  return qalam_article_count(&n, s, &q) ? -1 : (long)n;
}

/* --- Invalid UTF-8 ------------------------------------------------------- */

static const char *const bad_utf8[] = {
    "\xC0\xAF",         /* overlong '/' */
    "\xE0\x80\xAF",     /* overlong, three bytes */
    "\xED\xA0\x80",     /* a surrogate */
    "\xF4\x90\x80\x80", /* above U+10FFFF */
    "\xE2\x82",         /* truncated */
    "\x80",             /* a lone continuation byte */
    "\xFF",             /* never valid */
};
#define NBAD (sizeof bad_utf8 / sizeof *bad_utf8)

/* "ab<bad>cd": the error must be QALAM_EUTF8 at byte 2. */
static void make_bad(char *out, size_t size, const char *prefix, size_t i) {
  snprintf(out, size, "%s%s-tail", prefix, bad_utf8[i]);
}

static int is_utf8_error(int rc, size_t offset) {
  char at[32];
  snprintf(at, sizeof at, "at byte %zu", offset);
  return rc == QALAM_EUTF8 && strstr(qalam_error_message(), at) != NULL;
}

static void invalid_utf8(void) {
  char path[600];
  snprintf(path, sizeof path, "%s/utf8.db", dir);
  qalam_store *s = NULL;
  if (qalam_store_open(&s, path, 0) || fu_add_sections(s)) return;
  qalam_article *a = NULL;
  qalam_article_new(&a);
  qalam_article_set_title(a, "Title");
  qalam_article_set_body(a, "Body");
  qalam_article_set_lead(a, "Lead");
  qalam_article_set_author(a, "Author");
  qalam_article_set_slug(a, "slug");
  qalam_article_set_lang(a, "kk");
  qalam_article_set_source_url(a, "https://example.kz/a");
  const char *keep_sections[] = {"news"};
  const char *keep_tags[] = {"tag"};
  qalam_article_set_sections(a, keep_sections, 1);
  qalam_article_set_tags(a, keep_tags, 1);
  long tried = 0;
  for (size_t i = 0; i < NBAD; i++) {
    char bad[64], url[96];
    make_bad(bad, sizeof bad, "ab", i);
    snprintf(url, sizeof url, "https://ex%s", bad);
    const char *list[] = {"news", bad};
    struct {
      const char *what;
      int rc;
      size_t at;
    } r[] = {
        {"title", qalam_article_set_title(a, bad), 2},
        {"body", qalam_article_set_body(a, bad), 2},
        {"lead", qalam_article_set_lead(a, bad), 2},
        {"author", qalam_article_set_author(a, bad), 2},
        {"slug", qalam_article_set_slug(a, bad), 2},
        {"lang", qalam_article_set_lang(a, bad), 2},
        {"source_url", qalam_article_set_source_url(a, url), 12},
        {"sections", qalam_article_set_sections(a, list, 2), 2},
        {"tags", qalam_article_set_tags(a, list, 2), 2},
        {"store title", qalam_store_set_title(s, bad), 2},
        {"store base_url", qalam_store_set_base_url(s, url), 12},
        {"store lang", qalam_store_set_lang(s, bad), 2},
        {"section slug", qalam_section_add(s, bad, "Name", 5), 2},
        {"section name", qalam_section_add(s, "fresh", bad, 5), 2},
        {"section rename", qalam_section_update(s, "news", bad, 1), 2},
        {"markdown", qalam_markdown_to_html(&(char *){NULL}, bad, 0), 2},
        {"markdown text", qalam_markdown_to_text(&(char *){NULL}, bad, 0), 2},
    };
    for (size_t j = 0; j < sizeof r / sizeof *r; j++) {
      tried++;
      /* Some setters check their form first (a slug, a URL), and may call
       * the bytes invalid input rather than invalid UTF-8; either is
       * clear, and nothing may be taken. */
      CHECK(r[j].rc == QALAM_EUTF8 || r[j].rc == QALAM_EINVAL,
            "%s with bad UTF-8 #%zu gave %s", r[j].what, i,
            qalam_strerror(r[j].rc));
    }
    /* Exact code and offset for the free-text fields. */
    CHECK(is_utf8_error(qalam_article_set_title(a, bad), 2), "title: %s",
          qalam_error_message());
    CHECK(is_utf8_error(qalam_article_set_body(a, bad), 2), "body: %s",
          qalam_error_message());
    CHECK(is_utf8_error(qalam_store_set_title(s, bad), 2), "store title: %s",
          qalam_error_message());
    /* Lookups and queries refuse it too. */
    qalam_article *g = NULL;
    int rc = qalam_article_get_by_slug(&g, s, bad, NULL);
    CHECK(rc == QALAM_EUTF8 || rc == QALAM_EINVAL, "get_by_slug: %s",
          qalam_strerror(rc));
    qalam_cursor *c = NULL;
    rc = qalam_cursor_open_search(&c, s, bad, NULL);
    CHECK(rc == QALAM_EUTF8, "search: %s", qalam_strerror(rc));
    qalam_query q = QALAM_QUERY_INIT;
    q.tag = bad;
    rc = qalam_cursor_open(&c, s, &q);
    CHECK(rc == QALAM_EUTF8, "tag query: %s", qalam_strerror(rc));
    rc = qalam_import(s, bad, NULL, NULL);
    CHECK(rc == QALAM_EUTF8, "import path: %s", qalam_strerror(rc));
    rc = qalam_export(NULL, s, bad);
    CHECK(rc == QALAM_EUTF8, "export path: %s", qalam_strerror(rc));
    qalam_store *t = NULL;
    rc = qalam_store_open(&t, bad, 0);
    CHECK(rc == QALAM_EUTF8, "store path: %s", qalam_strerror(rc));
    qalam_store_close(t);
  }
  /* The article kept every field; stored, it stores them. */
  CHECK(!strcmp(qalam_article_title(a), "Title") &&
            !strcmp(qalam_article_body(a), "Body") &&
            !strcmp(qalam_article_lead(a), "Lead") &&
            !strcmp(qalam_article_author(a), "Author") &&
            !strcmp(qalam_article_slug(a), "slug") &&
            !strcmp(qalam_article_lang(a), "kk") &&
            !strcmp(qalam_article_source_url(a), "https://example.kz/a") &&
            qalam_article_section_count(a) == 1 &&
            qalam_article_tag_count(a) == 1,
        "a failed setter changed the article");
  CHECK(!strcmp(qalam_store_title(s), "") && !strcmp(qalam_store_lang(s), "en"),
        "a failed setter changed the store");
  qalam_section_list *l = NULL;
  CHECK(qalam_section_list_open(&l, s) == QALAM_OK &&
            qalam_section_list_count(l) == 4 &&
            !strcmp(qalam_section_list_name(l, 0), "Section news"),
        "sections changed");
  qalam_section_list_free(l);
  CHECK(count_articles(s) == 0, "something was stored");
  CHECK(qalam_article_insert(s, a) == QALAM_OK, "insert: %s", qalam_error_message());
  qalam_article_free(a);
  qalam_store_close(s);
  char why[512];
  CHECK(!fu_sqlite_check(path, why, sizeof why, NULL), "%s", why);
  printf("invalid UTF-8: %zu sequences x %ld calls refused\n", NBAD, tried / (long)NBAD + 8);
}

/* --- Bad import files ------------------------------------------------------ */

typedef struct {
  int calls;
  char seen[8][160];
} told;

static int on_error(const char *path, size_t line, int code,
                    const char *message, void *payload) {
  told *t = payload;
  const char *name = strrchr(path, '/');
  if (t->calls < 8)
    snprintf(t->seen[t->calls], sizeof t->seen[0], "%s:%zu:%d:%s",
             name ? name + 1 : path, line, code, message);
  t->calls++;
  return 0;
}

static int seen(const told *t, const char *file, size_t line, int code,
                const char *words) {
  char head[96];
  snprintf(head, sizeof head, "%s:%zu:%d:", file, line, code);
  for (int i = 0; i < t->calls && i < 8; i++)
    if (!strncmp(t->seen[i], head, strlen(head)) &&
        strstr(t->seen[i], words))
      return 1;
  return 0;
}

static void bad_files(void) {
  char src[600], path[700], store[600];
  snprintf(src, sizeof src, "%s/badfiles", dir);
  snprintf(store, sizeof store, "%s/badfiles.db", dir);
  mkdir(src, 0755);
  static const struct {
    const char *name, *text;
    size_t size; /* 0: strlen */
  } files[] = {
      {"a-good.md", "---\ntitle: Good\n---\n\nfine\n", 0},
      {"b-title.md", "---\ntitle: \"Ba\xC0\xAF" "d\"\n---\n\nbody\n", 0},
      {"c-body.md", "---\ntitle: Body\n---\n\nline\nxx\xED\xA0\x80yy\n", 0},
      {"d-tags.md", "---\ntitle: Tags\ntags: [a, \"\xFF\"]\n---\n\nbody\n", 0},
      {"e-nul.md", "---\ntitle: Nul\n---\n\nbefore\0after\n", 32},
      {"f-nul-title.md", "---\ntitle: N\0ul\n---\n\nbody\n", 25},
      {"g-trunc.md", "---\ntitle: Trunc\n---\n\nend \xE2\x82", 0},
      {"h-good.md", "---\ntitle: Good too\n---\n\nfine\n", 0},
  };
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s/%s", src, files[i].name);
    fu_write_file(path, files[i].text,
                  files[i].size ? files[i].size : strlen(files[i].text));
  }
  qalam_store *s = NULL;
  if (qalam_store_open(&s, store, 0)) return;
  told t = {0, {{0}}};
  qalam_import_options o = QALAM_IMPORT_OPTIONS_INIT;
  o.on_error = on_error;
  o.payload = &t;
  qalam_import_stats st;
  int rc = qalam_import(s, src, &o, &st);
  CHECK(rc == QALAM_OK && st.files == 8 && st.imported == 2 && st.failed == 6,
        "import: %s, %zu files, %zu imported, %zu failed", qalam_strerror(rc),
        st.files, st.imported, st.failed);
  for (int i = 0; i < t.calls && i < 8; i++) printf("  import told: %s\n", t.seen[i]);
  CHECK(seen(&t, "b-title.md", 2, QALAM_EUTF8, "at byte 14"), "b-title");
  CHECK(seen(&t, "c-body.md", 6, QALAM_EUTF8, "at byte 28"), "c-body");
  CHECK(seen(&t, "d-tags.md", 3, QALAM_EUTF8, "at byte 27"), "d-tags");
  CHECK(seen(&t, "e-nul.md", 5, QALAM_EINVAL, "NUL byte at byte 26"), "e-nul");
  CHECK(seen(&t, "f-nul-title.md", 2, QALAM_EINVAL, "NUL byte at byte 12"), "f-nul");
  CHECK(seen(&t, "g-trunc.md", 5, QALAM_EUTF8, "at byte 26"), "g-trunc");
  CHECK(count_articles(s) == 2, "%ld articles stored", count_articles(s));
  qalam_section_list *l = NULL;
  CHECK(qalam_section_list_open(&l, s) == QALAM_OK && qalam_section_list_count(l) == 0,
        "a bad file left a section");
  qalam_section_list_free(l);
  qalam_store_close(s);
}

/* --- Children with limits ------------------------------------------------ */

/* Runs fn in a child with a time limit; the child writes its findings on
 * stdout. Returns the child's peak RSS in KiB, or -1 when it crashed or
 * ran out of time. */
static long in_child(const char *what, int (*fn)(void *), void *arg,
                     unsigned seconds, double *took) {
  fflush(stdout);
  double t0 = fu_now();
  pid_t pid = fork();
  if (pid == 0) {
    alarm(seconds);
    fu_passed = fu_failed = 0;
    int rc = fn(arg);
    fflush(stdout);
    fflush(stderr);
    _exit(rc || fu_failed ? 1 : 0);
  }
  int status = 0;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid) return -1;
  *took = fu_now() - t0;
  if (WIFSIGNALED(status)) {
    CHECK(0, "%s: killed by signal %d%s", what, WTERMSIG(status),
          WTERMSIG(status) == SIGALRM ? " (out of time)" : "");
    return -1;
  }
  CHECK(WEXITSTATUS(status) == 0, "%s: checks failed in the child", what);
  return ru.ru_maxrss;
}

/* --- A 50 MB body ---------------------------------------------------------- */

static char *text_of(size_t size, const char *word) {
  char *b = malloc(size + 1);
  if (!b) return NULL;
  static const char para[] =
      "Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуда. "
      "The ministers met in Bishkek, and *talked* for an hour.\n\n";
  size_t n = 0, wl = strlen(word);
  memcpy(b, word, wl);
  n = wl;
  b[n++] = '\n';
  b[n++] = '\n';
  while (n + sizeof para < size) {
    memcpy(b + n, para, sizeof para - 1);
    n += sizeof para - 1;
  }
  while (n < size) b[n++] = '.';
  b[size] = '\0';
  return b;
}

static int huge_body(void *arg) {
  size_t size = *(size_t *)arg;
  char path[600], src[600], file[700];
  snprintf(path, sizeof path, "%s/huge.db", dir);
  snprintf(src, sizeof src, "%s/huge-src", dir);
  snprintf(file, sizeof file, "%s/huge.md", src);
  qalam_store *s = NULL;
  if (qalam_store_open(&s, path, 0) || fu_add_sections(s)) return 1;
  qalam_article *a = NULL, *old = NULL;
  qalam_article_new(&a);
  qalam_article_set_title(a, "Small");
  qalam_article_set_body(a, "small body");
  if (qalam_article_insert(s, a)) return 1;
  long before = count_articles(s);
  long rss0 = fu_peak_rss_kb();
  char *body = text_of(size, "hugeword");
  if (!body) return 1;
  double t0 = fu_now();
  /* Rendering alone. */
  char *html = NULL;
  int rc = qalam_markdown_to_html(&html, body, 0);
  printf("  render %zu MB: %s: %s\n", size >> 20, qalam_strerror(rc),
         qalam_error_message());
  CHECK(rc == QALAM_EINVAL && strstr(qalam_error_message(), "too long"),
        "render gave %s", qalam_strerror(rc));
  qalam_free(html);
  /* Insert. */
  qalam_article *b = NULL;
  qalam_article_new(&b);
  qalam_article_set_title(b, "Huge");
  rc = qalam_article_set_body(b, body);
  CHECK(rc == QALAM_OK, "set_body: %s", qalam_error_message());
  rc = qalam_article_insert(s, b);
  printf("  insert: %s: %s\n", qalam_strerror(rc), qalam_error_message());
  CHECK(rc == QALAM_EINVAL && strstr(qalam_error_message(), "too long"),
        "insert gave %s", qalam_strerror(rc));
  CHECK(qalam_article_id(b) == 0 && qalam_article_html(b) == NULL,
        "the article changed");
  qalam_article_free(b);
  /* Update of a stored article. */
  qalam_article_get(&old, s, qalam_article_id(a));
  rc = qalam_article_set_body(old, body);
  if (!rc) rc = qalam_article_update(s, old);
  printf("  update: %s\n", qalam_strerror(rc));
  CHECK(rc == QALAM_EINVAL, "update gave %s", qalam_strerror(rc));
  qalam_article_free(old);
  old = NULL;
  CHECK(qalam_article_get(&old, s, qalam_article_id(a)) == QALAM_OK &&
            !strcmp(qalam_article_body(old), "small body"),
        "the stored article changed");
  qalam_article_free(old);
  /* Import of a file with such a body. */
  mkdir(src, 0755);
  FILE *f = fopen(file, "w");
  if (f) {
    fputs("---\ntitle: Huge file\n---\n\n", f);
    fputs(body, f);
    fclose(f);
  }
  free(body);
  told t = {0, {{0}}};
  qalam_import_options o = QALAM_IMPORT_OPTIONS_INIT;
  o.on_error = on_error;
  o.payload = &t;
  qalam_import_stats st;
  rc = qalam_import(s, src, &o, &st);
  printf("  import: %s, %zu failed: %s\n", qalam_strerror(rc), st.failed,
         t.calls ? t.seen[0] : "");
  CHECK(rc == QALAM_OK && st.failed == 1 && st.imported == 0 &&
            t.calls == 1 && strstr(t.seen[0], "too long"),
        "import of a huge file");
  CHECK(count_articles(s) == before, "something was stored");
  /* A search still works, and does not see it. */
  qalam_cursor *c = NULL;
  const qalam_article *hit;
  CHECK(qalam_cursor_open_search(&c, s, "hugeword", NULL) == QALAM_OK &&
            qalam_cursor_next(&hit, c) == QALAM_ITEROVER,
        "search");
  qalam_cursor_free(c);
  qalam_article_free(a);
  qalam_store_close(s);
  char why[512];
  CHECK(!fu_sqlite_check(path, why, sizeof why, NULL), "%s", why);
  printf("  %.1f s, peak %ld MiB (%ld MiB before the body)\n", fu_now() - t0,
         fu_peak_rss_kb() >> 10, rss0 >> 10);
  return 0;
}

/* A body under the limit works: stored, read back, found. */
static int big_body_ok(void *arg) {
  size_t size = *(size_t *)arg;
  char path[600];
  snprintf(path, sizeof path, "%s/big.db", dir);
  qalam_store *s = NULL;
  if (qalam_store_open(&s, path, 0)) return 1;
  char *body = text_of(size, "bigword");
  qalam_article *a = NULL, *b = NULL;
  qalam_article_new(&a);
  qalam_article_set_title(a, "Big");
  qalam_article_set_body(a, body);
  int rc = qalam_article_insert(s, a);
  CHECK(rc == QALAM_OK, "insert of %zu bytes: %s", size, qalam_error_message());
  if (!rc) {
    CHECK(qalam_article_get(&b, s, qalam_article_id(a)) == QALAM_OK &&
              !strcmp(qalam_article_body(b), body) &&
              !strcmp(qalam_article_html(b), qalam_article_html(a)),
          "read back");
    qalam_cursor *c = NULL;
    const qalam_article *hit;
    CHECK(qalam_cursor_open_search(&c, s, "bigword", NULL) == QALAM_OK &&
              qalam_cursor_next(&hit, c) == QALAM_OK,
          "search");
    qalam_cursor_free(c);
  }
  qalam_article_free(a);
  qalam_article_free(b);
  free(body);
  qalam_store_close(s);
  return 0;
}

/* --- 10,000 sections on one article ---------------------------------------- */

static int many_sections(void *arg) {
  long n = *(long *)arg;
  char src[600], path[700], store[600];
  snprintf(src, sizeof src, "%s/sections", dir);
  snprintf(store, sizeof store, "%s/sections.db", dir);
  mkdir(src, 0755);
  /* One file that names n sections, none of which the store has. */
  snprintf(path, sizeof path, "%s/many.md", src);
  FILE *f = fopen(path, "w");
  if (!f) return 1;
  fputs("---\ntitle: Everywhere\nslug: everywhere\nsections:\n", f);
  for (long i = 0; i < n; i++) fprintf(f, "  - s%05ld\n", i);
  fputs("---\n\nIn every section.\n", f);
  fclose(f);
  qalam_store *s = NULL;
  if (qalam_store_open(&s, store, 0)) return 1;
  double t0 = fu_now();
  qalam_import_stats st;
  int rc = qalam_import(s, src, NULL, &st);
  double t_import = fu_now() - t0;
  CHECK(rc == QALAM_OK && st.imported == 1, "import: %s", qalam_error_message());
  qalam_article *a = NULL;
  t0 = fu_now();
  rc = qalam_article_get_by_slug(&a, s, "everywhere", NULL);
  double t_get = fu_now() - t0;
  CHECK(rc == QALAM_OK && qalam_article_section_count(a) == (size_t)n,
        "get: %s, %zu sections", qalam_error_message(),
        a ? qalam_article_section_count(a) : 0);
  if (rc) return 1;
  CHECK(!strcmp(qalam_article_section(a, (size_t)n - 1), "s09999") || n != 10000,
        "order");
  /* Listed in its last section; the front page has it n times. */
  qalam_query q = QALAM_QUERY_INIT;
  q.section = "s09999";
  size_t count = 0;
  CHECK(qalam_article_count(&count, s, &q) == QALAM_OK && count == 1, "listing");
  qalam_cursor *c = NULL;
  const qalam_article *row;
  long front = 0;
  t0 = fu_now();
  if (qalam_cursor_open_front_page(&c, s, 1, NULL) == QALAM_OK)
    while (qalam_cursor_next(&row, c) == QALAM_OK) front++;
  qalam_cursor_free(c);
  double t_front = fu_now() - t0;
  CHECK(front == n, "front page has %ld entries", front);
  /* Update: n sections written again, and once more through the API. */
  t0 = fu_now();
  qalam_article_set_body(a, "Still in every section.");
  rc = qalam_article_update(s, a);
  double t_update = fu_now() - t0;
  CHECK(rc == QALAM_OK, "update: %s", qalam_error_message());
  const char **slugs = malloc((size_t)n * sizeof *slugs);
  char *names = malloc((size_t)n * 8);
  for (long i = 0; i < n; i++) {
    snprintf(names + i * 8, 8, "s%05d", (int)((n - 1 - i) % 100000));
    slugs[i] = names + i * 8;
  }
  qalam_article *b = NULL;
  qalam_article_new(&b);
  qalam_article_set_title(b, "Everywhere too");
  qalam_article_set_body(b, "x");
  CHECK(qalam_article_set_sections(b, slugs, (size_t)n) == QALAM_OK, "set_sections");
  CHECK(qalam_article_insert(s, b) == QALAM_OK, "insert: %s", qalam_error_message());
  /* Export writes the sections; deleting drops them all. */
  char out[700];
  snprintf(out, sizeof out, "%s/sections-export", dir);
  t0 = fu_now();
  CHECK(qalam_export(NULL, s, out) == QALAM_OK, "export: %s", qalam_error_message());
  double t_export = fu_now() - t0;
  CHECK(qalam_article_delete(s, qalam_article_id(a)) == QALAM_OK, "delete");
  CHECK(qalam_article_count(&count, s, &q) == QALAM_OK && count == 1, "listing");
  qalam_article_free(a);
  qalam_article_free(b);
  free(slugs);
  free(names);
  qalam_store_close(s);
  char why[512];
  CHECK(!fu_sqlite_check(store, why, sizeof why, NULL), "%s", why);
  printf("  import %.2f s, get %.3f s, front page %.2f s, update %.2f s, "
         "export %.2f s\n",
         t_import, t_get, t_front, t_update, t_export);
  return 0;
}

/* --- Deeply nested Markdown ------------------------------------------------ */

typedef struct {
  const char *name;
  char *text;
} nested;

static int render_nested(void *arg) {
  nested *n = arg;
  char *html = NULL, *text = NULL;
  double t0 = fu_now();
  int rc = qalam_markdown_to_html(&html, n->text, 0);
  double t1 = fu_now();
  int rc2 = qalam_markdown_to_text(&text, n->text, 0);
  double t2 = fu_now();
  CHECK(rc == QALAM_OK || (rc == QALAM_EINVAL && *qalam_error_message()),
        "%s: html %s", n->name, qalam_strerror(rc));
  CHECK(rc2 == QALAM_OK || rc2 == QALAM_EINVAL, "%s: text %s", n->name,
        qalam_strerror(rc2));
  /* And stored as an article. */
  char path[600];
  snprintf(path, sizeof path, "%s/nested-%d.db", dir, (int)getpid());
  qalam_store *s = NULL;
  qalam_article *a = NULL;
  int rc3 = qalam_store_open(&s, path, 0);
  if (!rc3) rc3 = qalam_article_new(&a);
  if (!rc3) rc3 = qalam_article_set_title(a, n->name);
  if (!rc3) rc3 = qalam_article_set_body(a, n->text);
  if (!rc3) rc3 = qalam_article_insert(s, a);
  double t3 = fu_now();
  CHECK(rc3 == rc, "%s: insert %s, render %s", n->name, qalam_strerror(rc3),
        qalam_strerror(rc));
  long stored = s ? count_articles(s) : -1;
  CHECK(stored == (rc3 == QALAM_OK ? 1 : 0), "%s: %ld stored", n->name, stored);
  qalam_article_free(a);
  qalam_store_close(s);
  printf("  %-28s %8zu bytes: html %s (%zu bytes, %.2f s), text %s (%.2f s), "
         "insert %s (%.2f s)\n",
         n->name, strlen(n->text), qalam_strerror(rc), html ? strlen(html) : 0,
         t1 - t0, qalam_strerror(rc2), t2 - t1, qalam_strerror(rc3), t3 - t2);
  qalam_free(html);
  qalam_free(text);
  return 0;
}

static char *repeat(const char *unit, long times, const char *tail) {
  size_t u = strlen(unit), t = strlen(tail);
  char *s = malloc(u * (size_t)times + t + 1);
  if (!s) return NULL;
  for (long i = 0; i < times; i++) memcpy(s + (size_t)i * u, unit, u);
  memcpy(s + u * (size_t)times, tail, t + 1);
  return s;
}

/* Lists nested by indentation, `depth` deep: each item two spaces further
 * in than its parent. */
static char *indented_lists(long depth) {
  size_t size = 0;
  for (long i = 0; i < depth; i++) size += (size_t)i * 2 + 6;
  char *s = malloc(size + 1), *p = s;
  if (!s) return NULL;
  for (long i = 0; i < depth; i++) {
    memset(p, ' ', (size_t)i * 2);
    p += i * 2;
    memcpy(p, "- x\n", 4);
    p += 4;
  }
  *p = '\0';
  return s;
}

int main(int argc, char **argv) {
  is_long = fu_long_mode(argc, argv);
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--sanitized")) sanitized = 1;
  dir = fu_tempdir("input");
  if (!dir) return 1;
  double took = 0;
  long rss;

  invalid_utf8();
  printf("bad import files:\n");
  bad_files();

  size_t huge = 50u << 20;
  printf("a 50 MB body:\n");
  rss = in_child("50 MB body", huge_body, &huge, 120, &took);
  printf("  peak RSS %ld MiB, %.1f s\n", rss >> 10, took);
  /* The body (50 MB), the article's copy and the file read back are the
   * only big blocks: nothing is rendered or stored. */
  CHECK(rss_ok(rss, 260 * 1024), "peak RSS %ld MiB", rss >> 10);

  size_t big = is_long ? (16u << 20) - 4096 : 4u << 20;
  printf("a %zu MiB body (under the limit):\n", big >> 20);
  rss = in_child("big body", big_body_ok, &big, 300, &took);
  printf("  peak RSS %ld MiB, %.1f s\n", rss >> 10, took);
  CHECK(rss_ok(rss, (long)(big >> 10) * 30), "peak RSS %ld MiB", rss >> 10);

  long nsec = 10000;
  printf("%ld sections on one article:\n", nsec);
  rss = in_child("10,000 sections", many_sections, &nsec, 120, &took);
  printf("  peak RSS %ld MiB, %.1f s\n", rss >> 10, took);
  CHECK(rss_ok(rss, 200 * 1024), "peak RSS %ld MiB", rss >> 10);

  long depth = is_long ? 1000000 : 100000;
  nested cases[] = {
      {"block quotes '>'", repeat(">", depth, " x\n")},
      {"block quotes '> '", repeat("> ", depth, "x\n")},
      {"lists '- '", repeat("- ", depth, "x\n")},
      {"ordered lists '1. '", repeat("1. ", depth, "x\n")},
      {"lists by indentation", indented_lists(is_long ? 2800 : 1000)},
      {"emphasis '*'", repeat("*a ", depth, "x")},
      {"links '['", repeat("[", depth, "x")},
      {"links '[x]('", repeat("[x](", depth, "y")},
      {"images '!['", repeat("![", depth, "x")},
      {"code spans '`'", repeat("`", depth, "x")},
      {"raw HTML '<div>'", repeat("<div>", depth, "x")},
      {"entities '&amp;'", repeat("&amp;", depth, "x")},
  };
  printf("nested %ld deep:\n", depth);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    if (!cases[i].text) continue;
    rss = in_child(cases[i].name, render_nested, &cases[i], is_long ? 120 : 30,
                   &took);
    CHECK(rss_ok(rss, 1024 * 1024), "%s: peak RSS %ld MiB", cases[i].name,
          rss >> 10);
    if (rss >= 0) printf("    peak RSS %ld MiB, %.2f s\n", rss >> 10, took);
    free(cases[i].text);
  }
  if (!fu_failed) fu_rmtree(dir);
  else fprintf(stderr, "files left in %s\n", dir);
  free(dir);
  return fu_summary();
}
