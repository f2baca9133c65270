#define _POSIX_C_SOURCE 200809L
/* Tests of importing and exporting Markdown files: the sample newspaper,
 * bad files of every kind, re-imports, batches, the export/import round
 * trip, read-only stores, allocation failures inside SQLite. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "sqlite_internal.h"
#include "store_internal.h"

#ifndef QALAM_NEWSPAPER_DIR
#error "QALAM_NEWSPAPER_DIR must name examples/newspaper"
#endif

static char tmpdir[64];

/* A path under the temporary folder (in one of four rotating buffers). */
static const char *tmp_path(const char *name) {
  static char path[4][512];
  static int next;
  char *p = path[next++ % 4];
  snprintf(p, 512, "%s/%s", tmpdir, name);
  return p;
}

/* Writes a file under the temporary folder, creating folders on the way. */
static void put(const char *name, const char *content) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  for (char *s = path + strlen(tmpdir) + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    mkdir(path, 0777);
    *s = '/';
  }
  FILE *f = fopen(path, "wb");
  CHECK(f != NULL);
  if (!f) return;
  fputs(content, f);
  fclose(f);
}

/* Reads a whole file into a malloc'd string (NULL when it cannot). */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *s = malloc(cap);
  size_t n;
  while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) s = realloc(s, cap *= 2);
  }
  s[len] = '\0';
  fclose(f);
  return s;
}

static void rm_rf(const char *path) { CHECK(harness_rmtree(path) == 0); }

static qalam_store *open_memory(void) {
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, ":memory:", QALAM_STORE_DEFAULT));
  return s;
}

static size_t count_all(qalam_store *s) {
  qalam_query q = QALAM_QUERY_INIT;
  size_t n = 0;
  q.flags = QALAM_QUERY_UNLISTED;
  CHECK_OK(qalam_article_count(&n, s, &q));
  return n;
}

/* --- Recording what an import reports -------------------------------------- */

typedef struct reported {
  char path[512];
  size_t line;
  int code;
  char message[512];
} reported;

typedef struct recorder {
  reported e[64];
  size_t n;
  size_t stop_after; /* on_error asks to stop after this many; 0: never */
  size_t progress_calls, last_done, total;
  int progress_wrong;
  qalam_store *store;           /* when set, progress reads temp_store */
  long long temp_store_in_batch; /* the highest value it read */
} recorder;

static int record_error(const char *path, size_t line, int code,
                        const char *message, void *payload) {
  recorder *r = payload;
  if (r->n < 64) {
    reported *e = &r->e[r->n];
    snprintf(e->path, sizeof e->path, "%s", path);
    e->line = line;
    e->code = code;
    snprintf(e->message, sizeof e->message, "%s", message);
  }
  r->n++;
  return r->stop_after && r->n >= r->stop_after;
}

static int record_progress(size_t done, size_t total, void *payload) {
  recorder *r = payload;
  if (done != r->last_done + 1 || (r->progress_calls && total != r->total) ||
      done > total)
    r->progress_wrong = 1;
  r->progress_calls++;
  r->last_done = done;
  r->total = total;
  if (r->store) {
    long long t = harness_sqlite_int(r->store->db->sql, "PRAGMA temp_store");
    if (t > r->temp_store_in_batch) r->temp_store_in_batch = t;
  }
  return 0;
}

static qalam_import_options options_for(recorder *r) {
  qalam_import_options o = QALAM_IMPORT_OPTIONS_INIT;
  o.on_error = record_error;
  o.progress = record_progress;
  o.payload = r;
  return o;
}

/* The report about the file whose path ends with `suffix`, or NULL. */
static const reported *report_for(const recorder *r, const char *suffix) {
  size_t n = strlen(suffix);
  for (size_t i = 0; i < r->n && i < 64; i++) {
    size_t m = strlen(r->e[i].path);
    if (m >= n && strcmp(r->e[i].path + m - n, suffix) == 0) return &r->e[i];
  }
  return NULL;
}

#define CHECK_REPORT(r, suffix, want_line, want_code, needle)               \
  do {                                                                      \
    const reported *e_ = report_for((r), (suffix));                         \
    if (!e_) {                                                              \
      harness_fail(__FILE__, __LINE__, "no report for %s", (suffix));       \
    } else {                                                                \
      if (e_->line != (size_t)(want_line) || e_->code != (want_code))       \
        harness_fail(__FILE__, __LINE__,                                    \
                     "%s: line %zu code %d [%s], expected line %d code %d", \
                     (suffix), e_->line, e_->code, e_->message,             \
                     (int)(want_line), (int)(want_code));                   \
      if (!strstr(e_->message, (needle)))                                   \
        harness_fail(__FILE__, __LINE__, "%s: message [%s] lacks [%s]",     \
                     (suffix), e_->message, (needle));                      \
      if (strncmp(e_->path, tmpdir, strlen(tmpdir)) != 0)                   \
        harness_fail(__FILE__, __LINE__, "%s: path [%s] is not the file's", \
                     (suffix), e_->path);                                   \
    }                                                                       \
  } while (0)

/* --- The sample newspaper -------------------------------------------------- */

/* 2026-02-13T00:00:00+05:00 */
#define FEB13_LOCAL INT64_C(1770922800)

static size_t count_of(const char *text, const char *what) {
  size_t n = 0;
  for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
    n++;
  return n;
}

static void newspaper_imports_five_stories(void) {
  qalam_store *s = open_memory();
  recorder r = {0};
  qalam_import_options o = options_for(&r);
  qalam_import_stats st;
  memset(&st, 0xff, sizeof st);
  CHECK_OK(qalam_import(s, QALAM_NEWSPAPER_DIR, &o, &st));
  CHECK_INT(st.files, 5);
  CHECK_INT(st.imported, 5);
  CHECK_INT(st.updated, 0);
  CHECK_INT(st.failed, 0);
  CHECK_INT(r.n, 0);
  if (r.n) printf("  first report: %s:%zu %s\n", r.e[0].path, r.e[0].line,
                  r.e[0].message);
  CHECK_INT(r.progress_calls, 5);
  CHECK_INT(r.total, 5);
  CHECK(!r.progress_wrong);

  /* _site.yaml and _sections.yaml. */
  CHECK_STR(qalam_store_title(s), "Enbekshi QazaQ");
  CHECK_STR(qalam_store_base_url(s), "https://enbekshi-qazaq.example");
  CHECK_STR(qalam_store_lang(s), "en");
  CHECK_INT(qalam_store_offset(s), 300);
  qalam_section_list *l = NULL;
  CHECK_OK(qalam_section_list_open(&l, s));
  CHECK_INT(qalam_section_list_count(l), 2);
  CHECK_STR(qalam_section_list_slug(l, 0), "news");
  CHECK_STR(qalam_section_list_name(l, 0), "News");
  CHECK_INT(qalam_section_list_position(l, 0), 1);
  CHECK_STR(qalam_section_list_slug(l, 1), "society");
  CHECK_STR(qalam_section_list_name(l, 1), "Society");
  CHECK_INT(qalam_section_list_position(l, 1), 2);
  qalam_section_list_free(l);

  static const char *const files[] = {
      "01-kazakhstan-kyrgyzstan-allied-relations.md",
      "02-ashimbaev-draft-constitution-almaty.md",
      "03-shymkent-business-new-constitution.md",
      "04-constitutional-reform-national-harmony.md",
      "05-constitutional-reform-public-consciousness.md"};
  static const char *const titles[] = {
      "Kazakhstan and Kyrgyzstan Continue Strengthening Allied Relations",
      "MAULEN ASHIMBAEV DISCUSSES THE MAIN MEANING OF THE DRAFT NEW "
      "CONSTITUTION WITH ACTIVE CITIZENS OF ALMATY",
      "Businessmen were introduced to the main changes of the new "
      "Constitution in Shymkent",
      "Constitutional reform is a factor of national harmony and unity",
      "Constitutional reform is the core of the renewal of public "
      "consciousness"};
  static const char *const times[] = {"17:40", "16:20", "15:05", "12:30",
                                      "10:15"};
  /* Newest first, as the front page lists them. */
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  qalam_cursor *c = NULL;
  const qalam_article *a;
  CHECK_OK(qalam_cursor_open(&c, s, &q));
  for (size_t i = 0; c && i < 5; i++) {
    CHECK_OK(qalam_cursor_next(&a, c));
    if (qalam_error_code()) break;
    CHECK_STR(qalam_article_title(a), titles[i]);
    CHECK_STR(qalam_article_lang(a), "en");
    CHECK_INT(qalam_article_status(a), QALAM_PUBLISHED);
    int64_t t = qalam_article_published(a);
    CHECK(t >= FEB13_LOCAL && t < FEB13_LOCAL + 86400);
    char *when = NULL;
    CHECK_OK(qalam_date_format(&when, t, 300, "dd.MM.y HH:mm", "en"));
    char want[32];
    snprintf(want, sizeof want, "13.02.2026 %s", times[i]);
    CHECK_STR(when, want);
    qalam_free(when);
    CHECK_INT(qalam_article_section_count(a), 2);
    CHECK_STR(qalam_article_section(a, 0), "news");
    CHECK_STR(qalam_article_section(a, 1), "society");
    CHECK_STR(qalam_article_source_url(a),
              i == 0 ? "https://www.gov.kz/memleket/entities/mfa/press/news/"
                       "details/1161450?lang=kk"
                     : NULL);
    /* Quotes intact: as many of each kind in the body as in the file. */
    char path[512];
    snprintf(path, sizeof path, "%s/%s", QALAM_NEWSPAPER_DIR, files[i]);
    char *file = slurp(path);
    CHECK(file != NULL);
    if (!file) continue;
    const char *body = strstr(file + 3, "\n---\n");
    CHECK(body != NULL);
    body = body ? body + 5 : file;
    if (*body == '\n') body++;
    CHECK_STR(qalam_article_body(a), body);
    static const char *const quotes[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\"",
                                         "'", "\xe2\x80\x99"};
    for (size_t k = 0; k < 5; k++)
      CHECK_INT(count_of(qalam_article_body(a), quotes[k]),
                count_of(body, quotes[k]));
    CHECK(count_of(body, "\"") + count_of(body, "\xe2\x80\x9c") > 0);
    free(file);
  }
  CHECK_INT(qalam_cursor_next(&a, c), QALAM_ITEROVER);
  qalam_cursor_free(c);

  /* Exact time of the first story: 2026-02-13T17:40:00+05:00. */
  qalam_article *first = NULL;
  CHECK_OK(qalam_article_get_by_slug(
      &first, s,
      "kazakhstan-and-kyrgyzstan-continue-strengthening-allied-relations",
      "en"));
  CHECK_INT(qalam_article_published(first), FEB13_LOCAL + 17 * 3600 + 40 * 60);
  qalam_article_free(first);
  qalam_store_close(s);
}

static void reimport_updates_instead_of_duplicating(void) {
  qalam_store *s = open_memory();
  qalam_import_stats st;
  CHECK_OK(qalam_import(s, QALAM_NEWSPAPER_DIR, NULL, &st));
  CHECK_INT(st.imported, 5);
  CHECK_OK(qalam_import(s, QALAM_NEWSPAPER_DIR, NULL, &st));
  CHECK_INT(st.files, 5);
  CHECK_INT(st.imported, 0);
  CHECK_INT(st.updated, 5);
  CHECK_INT(st.failed, 0);
  CHECK_INT(count_all(s), 5);

  /* A changed file changes its article: body, fields that went away. */
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("reimport"));
  rm_rf(dir);
  put("reimport/a.md", "---\ntitle: Первая новость\nlead: Кратко\n"
                       "tags: [a, b]\ndate: 13.02.2026\n---\n\nТекст.\n");
  put("reimport/b.md", "---\ntitle: Second\nslug: second-story\n---\nOld\n");
  CHECK_OK(qalam_import(s, dir, NULL, &st));
  CHECK_INT(st.imported, 2);
  int64_t id = 0;
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "pervaia-novost", "en"));
  if (a) id = qalam_article_id(a);
  qalam_article_free(a);
  put("reimport/a.md", "---\ntitle: Первая новость\n---\nНовый текст.\n");
  put("reimport/b.md", "---\ntitle: Second, renamed\nslug: second-story\n"
                       "draft: yes\n---\nNew\n");
  CHECK_OK(qalam_import(s, dir, NULL, &st));
  CHECK_INT(st.imported, 0);
  CHECK_INT(st.updated, 2);
  CHECK_INT(count_all(s), 7);
  a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "pervaia-novost", "en"));
  if (a) {
    CHECK_INT(qalam_article_id(a), id);
    CHECK_STR(qalam_article_body(a), "Новый текст.\n");
    CHECK_STR(qalam_article_lead(a), NULL);
    CHECK_INT(qalam_article_tag_count(a), 0);
    /* Without a date the article keeps its own. */
    CHECK_INT(qalam_article_published(a), FEB13_LOCAL + 5 * 3600 - 300 * 60);
  }
  qalam_article_free(a);
  a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "second-story", "en"));
  if (a) {
    CHECK_STR(qalam_article_title(a), "Second, renamed");
    CHECK_INT(qalam_article_status(a), QALAM_DRAFT);
    CHECK_STR(qalam_article_body(a), "New\n");
  }
  qalam_article_free(a);
  qalam_store_close(s);
}

/* --- Bad files ------------------------------------------------------------- */

static void bad_files_are_reported_and_skipped(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("bad"));
  rm_rf(dir);
  put("bad/a-good.md", "---\ntitle: Good one\nslug: good\n---\nBody\n");
  put("bad/sub/deeper/good-two.md", "---\ntitle: Good two\n---\nBody\n");
  put("bad/sub/zz-good-three.markdown",
      "---\ntitle: Good three\nstory: en/good\n---\nBody\n");
  put("bad/no-front-matter.md", "# Just Markdown\n\nText.\n");
  put("bad/toml.md", "+++\ntitle = \"x\"\n+++\n");
  put("bad/unterminated.md", "---\ntitle: Open\n\nNo end.\n");
  put("bad/invalid-yaml.md", "---\ntitle: ok\nlead: a: b\n---\n");
  put("bad/invalid-yaml-2.md", "---\ntitle: ok\n\ntags: [a, b\n---\n");
  put("bad/bad-utf8.md", "---\ntitle: ok\n---\n\nline 5\nline 6 \xff\n");
  put("bad/bad-utf8-front.md", "---\ntitle: \xc0\xaf\n---\n");
  put("bad/no-title.md", "---\nlead: Only a lead\n---\nBody\n");
  put("bad/empty-title.md", "---\ntitle: \"  \"\n---\nBody\n");
  put("bad/null-title.md", "---\ntitle: null\n---\nBody\n");
  put("bad/bad-date.md", "---\ntitle: Date\nlead: x\ndate: 31.02.2026\n---\n");
  put("bad/bad-url.md", "---\ntitle: Url\nsource: ftp://example.com/x\n---\n");
  put("bad/relative-url.md", "---\ntitle: Url\nsource: /news/1\n---\n");
  put("bad/dup.md", "---\ntitle: Dup\nslug: good\n---\nBody\n");
  put("bad/bad-slug.md", "---\ntitle: Slug\nslug: Not A Slug\n---\n");
  put("bad/bad-lang.md", "---\ntitle: Lang\nlang: kazakh\n---\n");
  put("bad/bad-draft.md", "---\ntitle: Draft\ndraft: maybe\n---\n");
  put("bad/twice.md", "---\ntitle: A\nsummary: x\nlead: y\n---\n");
  put("bad/list-title.md", "---\ntitle: [a, b]\n---\n");
  put("bad/not-mapping.md", "---\n- a\n- b\n---\n");
  put("bad/story-nowhere.md", "---\ntitle: Lost\nstory: en/nowhere\n---\n");
  put("bad/story-bad.md", "---\ntitle: Lost\nstory: 'not a ref'\n---\n");
  put("bad/nul.md", "---\ntitle: \"a\\0b\"\n---\n");
  put("bad/bad-tag.md", "---\ntitle: Tag\ntags: [\"a\\nb\"]\n---\n");
  CHECK(symlink("nowhere.md", tmp_path("bad/broken-link.md")) == 0);
  /* Skipped: hidden, underscore, other extensions, README.md. */
  put("bad/.hidden.md", "not front matter");
  put("bad/_draft.md", "not front matter");
  put("bad/_partials/x.md", "not front matter");
  put("bad/.git/x.md", "not front matter");
  put("bad/notes.txt", "not front matter");
  put("bad/README.md", "not front matter");

  qalam_store *s = open_memory();
  recorder r = {0};
  qalam_import_options o = options_for(&r);
  o.batch = 3;
  qalam_import_stats st;
  CHECK_OK(qalam_import(s, dir, &o, &st));
  CHECK_INT(st.files, 28);
  CHECK_INT(st.imported, 3);
  CHECK_INT(st.updated, 0);
  CHECK_INT(st.failed, 25);
  CHECK_INT(r.n, 25);
  CHECK_INT(r.progress_calls, 28);
  CHECK(!r.progress_wrong);
  CHECK_INT(count_all(s), 4);

  CHECK_REPORT(&r, "/no-front-matter.md", 1, QALAM_EINVAL, "no front matter");
  CHECK_REPORT(&r, "/toml.md", 1, QALAM_EINVAL, "TOML");
  CHECK_REPORT(&r, "/unterminated.md", 1, QALAM_EINVAL, "unterminated");
  CHECK_REPORT(&r, "/invalid-yaml.md", 3, QALAM_EINVAL, "invalid YAML");
  CHECK_REPORT(&r, "/invalid-yaml-2.md", 5, QALAM_EINVAL, "invalid YAML");
  CHECK_REPORT(&r, "/bad-utf8.md", 6, QALAM_EUTF8, "byte 33");
  CHECK_REPORT(&r, "/bad-utf8-front.md", 2, QALAM_EUTF8, "UTF-8");
  CHECK_REPORT(&r, "/no-title.md", 1, QALAM_EINVAL, "no title");
  CHECK_REPORT(&r, "/empty-title.md", 2, QALAM_EINVAL, "title is empty");
  CHECK_REPORT(&r, "/null-title.md", 1, QALAM_EINVAL, "no title");
  CHECK_REPORT(&r, "/bad-date.md", 4, QALAM_EINVAL, "31.02.2026");
  CHECK_REPORT(&r, "/bad-url.md", 3, QALAM_EINVAL, "ftp://example.com/x");
  CHECK_REPORT(&r, "/relative-url.md", 3, QALAM_EINVAL, "/news/1");
  CHECK_REPORT(&r, "/dup.md", 3, QALAM_EEXISTS, "a-good.md");
  CHECK_REPORT(&r, "/bad-slug.md", 3, QALAM_EINVAL, "not a slug");
  CHECK_REPORT(&r, "/bad-lang.md", 3, QALAM_EINVAL, "kazakh");
  CHECK_REPORT(&r, "/bad-draft.md", 3, QALAM_EINVAL, "maybe");
  CHECK_REPORT(&r, "/twice.md", 4, QALAM_EINVAL, "twice");
  CHECK_REPORT(&r, "/list-title.md", 2, QALAM_EINVAL, "not a list");
  CHECK_REPORT(&r, "/not-mapping.md", 2, QALAM_EINVAL, "mapping");
  CHECK_REPORT(&r, "/story-nowhere.md", 3, QALAM_ENOTFOUND, "nowhere");
  CHECK_REPORT(&r, "/story-bad.md", 3, QALAM_EINVAL, "not a ref");
  CHECK_REPORT(&r, "/nul.md", 2, QALAM_EINVAL, "NUL");
  CHECK_REPORT(&r, "/bad-tag.md", 3, QALAM_EINVAL, "tag");
  CHECK_REPORT(&r, "/broken-link.md", 0, QALAM_EIO, "cannot read");
  CHECK(report_for(&r, "README.md") == NULL);
  CHECK(report_for(&r, "_draft.md") == NULL);
  CHECK(report_for(&r, ".hidden.md") == NULL);

  /* The good ones are in, the story link made after the walk. */
  qalam_article *good = NULL, *three = NULL;
  CHECK_OK(qalam_article_get_by_slug(&good, s, "good", "en"));
  CHECK_OK(qalam_article_get_by_slug(&three, s, "good-three", "en"));
  if (good && three) {
    CHECK(qalam_article_story(three) != 0);
    CHECK_INT(qalam_article_story(three), qalam_article_id(good));
    CHECK_INT(qalam_article_story(good), qalam_article_id(good));
  }
  qalam_article_free(good);
  qalam_article_free(three);
  /* The failed story's article stays, without its link. */
  CHECK_INT(count_all(s), 4);

  /* on_error may stop the import: what was committed stays. */
  qalam_store_close(s);
  s = open_memory();
  memset(&r, 0, sizeof r);
  r.stop_after = 2;
  CHECK_OK(qalam_import(s, dir, &o, &st));
  CHECK_INT(st.failed, 2);
  CHECK(st.imported + st.updated + st.failed < st.files);
  CHECK_INT(count_all(s), st.imported);
  CHECK_INT(st.imported, 1); /* a-good.md, before the second bad file */
  qalam_store_close(s);
}

static void dates_sections_tags_and_aliases(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("forms"));
  rm_rf(dir);
  put("forms/_site.yaml", "offset: +05:00\nlang: kk\n");
  put("forms/a.md", "---\ntitle: Hugo\ndate: 2026-02-13T17:40:00+05:00\n"
                    "categories: Society\ntags: one tag\nsummary: Brief\n"
                    "unknown: [ignored, {x: 1}]\n---\nA\n");
  put("forms/b.md", "---\ntitle: Day\ndate: 2026-02-13\nsections: news\n"
                    "author: Айгүл\n---\nB\n");
  put("forms/c.md", "---\ntitle: Jekyll\ndate: 2026-02-13 17:40:00 +0500\n"
                    "sections: [news, Мәдениет, Society]\n---\nC\n");
  put("forms/d.md", "---\ntitle: Site\ndate: 13.02.2026\nlang: ru\n---\nD\n");
  put("forms/e.md", "---\ntitle: Local\ndate: 2026-02-13 17:40\n---\nE\n");
  put("forms/f.md", "---\ntitle: YAML\ndate: 2001-12-14t21:59:43.10-05:00\n"
                    "---\nF\n");
  put("forms/g.md", "---\ntitle: Spaced\ndate: 2001-12-14 21:59:43.10 -5\n"
                    "---\nG\n");
  put("forms/h.md", "---\ntitle: Zulu\ndate: 2026-02-13T12:40:00Z\n"
                    "draft: false\nlead: ~\n---\nH\n");
  put("forms/i.md", "\xef\xbb\xbf---\r\ntitle: CRLF\r\n---\r\n\r\nI\r\n");
  qalam_store *s = open_memory();
  CHECK_OK(qalam_section_add(s, "news", "News", 7));
  recorder r = {0};
  qalam_import_options o = options_for(&r);
  qalam_import_stats st;
  CHECK_OK(qalam_import(s, dir, &o, &st));
  CHECK_INT(st.imported, 9);
  CHECK_INT(st.failed, 0);
  if (r.n) printf("  report: %s:%zu %s\n", r.e[0].path, r.e[0].line,
                  r.e[0].message);
  CHECK_STR(qalam_store_lang(s), "kk");
  static const struct {
    const char *slug, *lang;
    int64_t time;
  } want[] = {
      {"hugo", "kk", FEB13_LOCAL + 17 * 3600 + 40 * 60},
      {"day", "kk", FEB13_LOCAL},
      {"jekyll", "kk", FEB13_LOCAL + 17 * 3600 + 40 * 60},
      {"site", "ru", FEB13_LOCAL},
      {"local", "kk", FEB13_LOCAL + 17 * 3600 + 40 * 60},
      {"yaml", "kk", INT64_C(1008385183)},
      {"spaced", "kk", INT64_C(1008385183)},
      {"zulu", "kk", FEB13_LOCAL + 17 * 3600 + 40 * 60},
  };
  for (size_t i = 0; i < HARNESS_COUNT(want); i++) {
    qalam_article *a = NULL;
    CHECK_OK(qalam_article_get_by_slug(&a, s, want[i].slug, want[i].lang));
    if (!a) continue;
    if (qalam_article_published(a) != want[i].time)
      harness_fail(__FILE__, __LINE__, "%s: time %lld, expected %lld",
                   want[i].slug, (long long)qalam_article_published(a),
                   (long long)want[i].time);
    qalam_article_free(a);
  }
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "hugo", "kk"));
  if (a) {
    CHECK_INT(qalam_article_section_count(a), 1);
    CHECK_STR(qalam_article_section(a, 0), "society");
    CHECK_INT(qalam_article_tag_count(a), 1);
    CHECK_STR(qalam_article_tag(a, 0), "one tag");
    CHECK_STR(qalam_article_lead(a), "Brief");
  }
  qalam_article_free(a);
  a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "jekyll", "kk"));
  if (a) {
    CHECK_INT(qalam_article_section_count(a), 3);
    CHECK_STR(qalam_article_section(a, 0), "news");
    CHECK_STR(qalam_article_section(a, 1), "madeniet");
    CHECK_STR(qalam_article_section(a, 2), "society");
  }
  qalam_article_free(a);
  a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "crlf", "kk"));
  if (a) CHECK_STR(qalam_article_body(a), "I\r\n");
  qalam_article_free(a);
  a = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "zulu", "kk"));
  if (a) {
    CHECK_INT(qalam_article_status(a), QALAM_PUBLISHED);
    CHECK_STR(qalam_article_lead(a), NULL);
  }
  qalam_article_free(a);
  /* New sections go after the existing ones, named as written. */
  qalam_section_list *l = NULL;
  CHECK_OK(qalam_section_list_open(&l, s));
  CHECK_INT(qalam_section_list_count(l), 3);
  CHECK_STR(qalam_section_list_slug(l, 0), "news");
  CHECK_STR(qalam_section_list_slug(l, 1), "society");
  CHECK_STR(qalam_section_list_name(l, 1), "Society");
  CHECK_INT(qalam_section_list_position(l, 1), 8);
  CHECK_STR(qalam_section_list_slug(l, 2), "madeniet");
  CHECK_STR(qalam_section_list_name(l, 2), "Мәдениет");
  CHECK_INT(qalam_section_list_position(l, 2), 9);
  qalam_section_list_free(l);
  qalam_store_close(s);
}

static void underscore_files_that_are_bad(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("underscore"));
  rm_rf(dir);
  put("underscore/_site.yaml", "title: New title\nlang: en\noffset: 5 hours\n");
  put("underscore/_sections.yaml", "- slug: news\n  name: News\n"
                                   "- slug: Bad Slug\n  name: x\n");
  put("underscore/a.md", "---\ntitle: A\n---\n");
  qalam_store *s = open_memory();
  recorder r = {0};
  qalam_import_options o = options_for(&r);
  qalam_import_stats st;
  CHECK_OK(qalam_import(s, dir, &o, &st));
  CHECK_INT(st.files, 1);
  CHECK_INT(st.imported, 1);
  CHECK_INT(st.failed, 2);
  CHECK_REPORT(&r, "/_site.yaml", 3, QALAM_EINVAL, "5 hours");
  CHECK_REPORT(&r, "/_sections.yaml", 3, QALAM_EINVAL, "Bad Slug");
  /* A bad file changes nothing. */
  CHECK_STR(qalam_store_title(s), "");
  qalam_section_list *l = NULL;
  CHECK_OK(qalam_section_list_open(&l, s));
  CHECK_INT(qalam_section_list_count(l), 0);
  qalam_section_list_free(l);

  put("underscore/_site.yaml", "title: [x\n");
  put("underscore/_sections.yaml", "news: News\n");
  memset(&r, 0, sizeof r);
  CHECK_OK(qalam_import(s, dir, &o, &st));
  CHECK_INT(st.updated, 1);
  CHECK_INT(st.failed, 2);
  CHECK_REPORT(&r, "/_site.yaml", 2, QALAM_EINVAL, "invalid YAML");
  CHECK_REPORT(&r, "/_sections.yaml", 1, QALAM_EINVAL, "list of sections");
  qalam_store_close(s);
}

/* --- Batches --------------------------------------------------------------- */

static void batches_across_many_files(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("many"));
  rm_rf(dir);
  char name[64], text[256];
  for (int i = 0; i < 25; i++) {
    snprintf(name, sizeof name, "many/%c/story-%02d.md", 'a' + i % 3, i);
    if (i == 11)
      snprintf(text, sizeof text, "---\ntitle: [broken\n---\n");
    else
      snprintf(text, sizeof text,
               "---\ntitle: Story %d\nsections: [s%d]\ntags: t%d\n---\n%d\n", i,
               i % 4, i % 2, i);
    put(name, text);
  }
  qalam_store *s = open_memory();
  recorder r = {0};
  r.store = s;
  qalam_import_options o;
  CHECK_OK(qalam_import_options_init(&o, QALAM_IMPORT_OPTIONS_VERSION));
  CHECK_INT(o.batch, 0);
  o.batch = 2;
  o.on_error = record_error;
  o.progress = record_progress;
  o.payload = &r;
  qalam_import_stats st;
  CHECK_OK(qalam_import(s, dir, &o, &st));
  CHECK_INT(st.files, 25);
  CHECK_INT(st.imported, 24);
  CHECK_INT(st.failed, 1);
  CHECK_REPORT(&r, "/c/story-11.md", 3, QALAM_EINVAL, "invalid YAML");
  /* the batches kept SQLite's temporary files in memory, and no longer */
  CHECK_INT(r.temp_store_in_batch, 2);
  CHECK_INT(harness_sqlite_int(s->db->sql, "PRAGMA temp_store"), 0);
  CHECK_INT(r.progress_calls, 25);
  CHECK_INT(r.last_done, 25);
  CHECK(!r.progress_wrong);
  CHECK_INT(count_all(s), 24);
  qalam_section_list *l = NULL;
  CHECK_OK(qalam_section_list_open(&l, s));
  CHECK_INT(qalam_section_list_count(l), 4);
  qalam_section_list_free(l);
  /* Name order: a/ first, then b/, then c/. */
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  q.since_id = 0;
  qalam_cursor *c = NULL;
  const qalam_article *a;
  CHECK_OK(qalam_cursor_open(&c, s, &q));
  int64_t min_id = INT64_MAX;
  const char *first = NULL;
  char first_title[64] = "";
  while (c && qalam_cursor_next(&a, c) == QALAM_OK)
    if (qalam_article_id(a) < min_id) {
      min_id = qalam_article_id(a);
      snprintf(first_title, sizeof first_title, "%s", qalam_article_title(a));
      first = first_title;
    }
  qalam_cursor_free(c);
  CHECK_STR(first, "Story 0");

  /* The same folder with a single file given. */
  qalam_store_close(s);
  s = open_memory();
  CHECK_OK(qalam_import(s, tmp_path("many/b/story-01.md"), NULL, &st));
  CHECK_INT(st.files, 1);
  CHECK_INT(st.imported, 1);
  qalam_store_close(s);
}

/* --- Export and the round trip --------------------------------------------- */

static int64_t add(qalam_store *s, const char *title, const char *slug,
                   const char *lang, const char *body, int64_t published) {
  qalam_article *a = NULL;
  int64_t id = 0;
  CHECK_OK(qalam_article_new(&a));
  if (!a) return 0;
  CHECK_OK(qalam_article_set_title(a, title));
  if (slug) CHECK_OK(qalam_article_set_slug(a, slug));
  if (lang) CHECK_OK(qalam_article_set_lang(a, lang));
  CHECK_OK(qalam_article_set_body(a, body));
  CHECK_OK(qalam_article_set_published(a, published));
  CHECK_OK(qalam_article_insert(s, a));
  id = qalam_article_id(a);
  qalam_article_free(a);
  return id;
}

/* Changes a stored article with `fn`. */
static void change(qalam_store *s, int64_t id,
                   void (*fn)(qalam_article *a, void *arg), void *arg) {
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_get(&a, s, id));
  if (!a) return;
  fn(a, arg);
  CHECK_OK(qalam_article_update(s, a));
  qalam_article_free(a);
}

static void make_rich(qalam_article *a, void *arg) {
  (void)arg;
  static const char *const sections[] = {"society", "news"};
  static const char *const tags[] = {"yes", "1.0", "a, b", "[x]", "null",
                                     "#hash", "Қазақстан", "- dash", "'q'"};
  CHECK_OK(qalam_article_set_sections(a, sections, 2));
  CHECK_OK(qalam_article_set_tags(a, tags, HARNESS_COUNT(tags)));
  CHECK_OK(qalam_article_set_lead(a, "Lead: “кавычки” «ёлочки» 'single' "
                                     "\"double\" `back`\nsecond line\n"));
  CHECK_OK(qalam_article_set_author(a, "Айгүл Серікқызы: корр."));
  CHECK_OK(qalam_article_set_source_url(
      a, "https://example.kz/a?b=1&c=%D0%B0#frag"));
}

static void make_draft(qalam_article *a, void *arg) {
  (void)arg;
  CHECK_OK(qalam_article_set_status(a, QALAM_DRAFT));
  CHECK_OK(qalam_article_set_lead(a, ""));
}

static void join_story(qalam_article *a, void *arg) {
  CHECK_OK(qalam_article_set_story(a, *(int64_t *)arg));
}

/* The members of a's translation group as "lang/slug" in publication
 * order (ids differ between stores), or "" when it stands alone. */
static void story_of(char *out, size_t size, qalam_store *s,
                     const qalam_article *a) {
  out[0] = '\0';
  if (!qalam_article_story(a)) return;
  qalam_query q = QALAM_QUERY_INIT;
  q.story = qalam_article_story(a);
  q.flags = QALAM_QUERY_UNLISTED | QALAM_QUERY_OLDEST_FIRST;
  qalam_cursor *c = NULL;
  const qalam_article *m;
  CHECK_OK(qalam_cursor_open(&c, s, &q));
  while (c && qalam_cursor_next(&m, c) == QALAM_OK) {
    size_t n = strlen(out);
    snprintf(out + n, size - n, "%s/%s ", qalam_article_lang(m),
             qalam_article_slug(m));
  }
  qalam_cursor_free(c);
  CHECK(out[0] != '\0');
}

/* Every article, section and setting of `a` is in `b`, equal. */
static void check_same_stores(qalam_store *sa, qalam_store *sb) {
  CHECK_STR(qalam_store_title(sb), qalam_store_title(sa));
  CHECK_STR(qalam_store_base_url(sb), qalam_store_base_url(sa));
  CHECK_STR(qalam_store_lang(sb), qalam_store_lang(sa));
  CHECK_INT(qalam_store_offset(sb), qalam_store_offset(sa));
  qalam_section_list *la = NULL, *lb = NULL;
  CHECK_OK(qalam_section_list_open(&la, sa));
  CHECK_OK(qalam_section_list_open(&lb, sb));
  CHECK_INT(qalam_section_list_count(lb), qalam_section_list_count(la));
  for (size_t i = 0; i < qalam_section_list_count(la); i++) {
    CHECK_STR(qalam_section_list_slug(lb, i), qalam_section_list_slug(la, i));
    CHECK_STR(qalam_section_list_name(lb, i), qalam_section_list_name(la, i));
    CHECK_INT(qalam_section_list_position(lb, i),
              qalam_section_list_position(la, i));
  }
  qalam_section_list_free(la);
  qalam_section_list_free(lb);

  CHECK_INT(count_all(sb), count_all(sa));
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  qalam_cursor *c = NULL;
  const qalam_article *a;
  CHECK_OK(qalam_cursor_open(&c, sa, &q));
  while (c && qalam_cursor_next(&a, c) == QALAM_OK) {
    qalam_article *b = NULL;
    CHECK_OK(qalam_article_get_by_slug(&b, sb, qalam_article_slug(a),
                                       qalam_article_lang(a)));
    if (!b) continue;
    CHECK_STR(qalam_article_title(b), qalam_article_title(a));
    CHECK_STR(qalam_article_body(b), qalam_article_body(a));
    CHECK_STR(qalam_article_html(b), qalam_article_html(a));
    CHECK_STR(qalam_article_lead(b), qalam_article_lead(a));
    CHECK_STR(qalam_article_author(b), qalam_article_author(a));
    CHECK_STR(qalam_article_source_url(b), qalam_article_source_url(a));
    CHECK_INT(qalam_article_status(b), qalam_article_status(a));
    CHECK_INT(qalam_article_published(b), qalam_article_published(a));
    CHECK_INT(qalam_article_section_count(b), qalam_article_section_count(a));
    for (size_t i = 0; i < qalam_article_section_count(a); i++)
      CHECK_STR(qalam_article_section(b, i), qalam_article_section(a, i));
    CHECK_INT(qalam_article_tag_count(b), qalam_article_tag_count(a));
    for (size_t i = 0; i < qalam_article_tag_count(a); i++)
      CHECK_STR(qalam_article_tag(b, i), qalam_article_tag(a, i));
    char story_a[200], story_b[200];
    story_of(story_a, sizeof story_a, sa, a);
    story_of(story_b, sizeof story_b, sb, b);
    CHECK_STR(story_b, story_a);
    qalam_article_free(b);
  }
  qalam_cursor_free(c);
}

#define FEB13 INT64_C(1770958800) /* 2026-02-13T10:00:00+05:00 */

static qalam_store *hostile_store(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_title(s, "«Еңбекші қазақ» — \"Enbekshi\" 'QazaQ'"));
  CHECK_OK(qalam_store_set_base_url(s, "https://enbekshi-qazaq.example"));
  CHECK_OK(qalam_store_set_lang(s, "kk"));
  CHECK_OK(qalam_store_set_offset(s, 300));
  CHECK_OK(qalam_section_add(s, "news", "Жаңалықтар", 1));
  CHECK_OK(qalam_section_add(s, "society", "yes", 2));
  CHECK_OK(qalam_section_add(s, "culture", "Культура: «x» #1", -3));
  static const char *const titles[] = {
      "- starts with a dash", "[bracket", "&anchor", "*alias", "!tag",
      "%percent", "@at", "`backtick", "key: value # not a comment", "yes",
      "null", "1.0", "~", "\"double\" and 'single'", "“Curly” ‘quotes’ «ёлочки»",
      "Қазақстан мен Қырғызстан одақтастық қатынастарды нығайтуда",
      "Токаев: «Конституция — основа»", "---", "a\\b", "  spaces  ",
      "Tab\tinside", "true", "0x1F", "2026-02-13", ".inf", "? question",
      "| pipe", "> fold", "{brace}", ", comma", "=", "<<"};
  int64_t t = FEB13;
  for (size_t i = 0; i < HARNESS_COUNT(titles); i++)
    add(s, titles[i], NULL, i % 3 == 0 ? "ru" : i % 3 == 1 ? "kk" : "en",
        "Body\n", t - (int64_t)i * 600);
  int64_t kk = add(s, "Бір оқиға", "bir-oqigha", "kk",
                   "---\nnot front matter\n---\n\n--- also\n", FEB13 + 60);
  int64_t ru = add(s, "Одна история", "odna-istoriya", "ru",
                   "\nStarts with a blank line\n\n---", FEB13 + 120);
  int64_t en = add(s, "One story", "one-story", "en", "", FEB13 + 180);
  change(s, ru, join_story, &kk);
  change(s, en, join_story, &kk);
  change(s, en, make_rich, NULL);
  int64_t d = add(s, "Draft: not yet", "2026-draft", "en", "Draft body",
                  FEB13 + 240);
  change(s, d, make_draft, NULL);
  add(s, "Scheduled", "scheduled", "en", "Later", INT64_C(4102444800));
  add(s, "Old", "old", "en", "1999", INT64_C(946684800));
  /* A story whose first article is gone. */
  int64_t gone = add(s, "Gone", "gone", "en", "x", FEB13 + 300);
  int64_t left = add(s, "Left", "left", "ru", "y", FEB13 + 360);
  change(s, left, join_story, &gone);
  CHECK_OK(qalam_article_delete(s, gone));
  return s;
}

static void export_import_round_trip(void) {
  qalam_store *sa = hostile_store();
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("export"));
  rm_rf(dir);
  size_t n = 0;
  CHECK_OK(qalam_export(&n, sa, dir));
  CHECK_INT(n, count_all(sa));
  CHECK_INT(n, 32 + 8 - 1);
  /* The files are where the contract says, with no temporary left. */
  char *one = slurp(tmp_path("export/en/one-story.md"));
  CHECK(one != NULL);
  if (one) {
    CHECK(strncmp(one, "---\ntitle: \"One story\"\ndate: "
                       "2026-02-13T10:03:00+05:00\nslug: one-story\n"
                       "lang: en\nsections: [society, news]\n",
                  103) == 0);
    CHECK(strstr(one, "\nstory: kk/bir-oqigha\n---\n\n") != NULL);
    CHECK(strstr(one, "source: https://example.kz/a?b=1&c=%D0%B0#frag\n"));
  }
  free(one);
  char *sections = slurp(tmp_path("export/_sections.yaml"));
  CHECK(sections && strstr(sections, "- slug: news\n  name: \"Жаңалықтар\"\n"
                                     "  position: 1\n"));
  free(sections);
  char *site = slurp(tmp_path("export/_site.yaml"));
  CHECK(site && strstr(site, "offset: \"+05:00\"\n"));
  CHECK(site && strstr(site, "lang: kk\n"));
  free(site);
  DIR *d = opendir(tmp_path("export/en"));
  CHECK(d != NULL);
  struct dirent *ent;
  while (d && (ent = readdir(d)) != NULL)
    if (ent->d_name[0] == '.' && strcmp(ent->d_name, ".") &&
        strcmp(ent->d_name, ".."))
      harness_fail(__FILE__, __LINE__, "left over: %s", ent->d_name);
  if (d) closedir(d);

  qalam_store *sb = open_memory();
  recorder r = {0};
  qalam_import_options o = options_for(&r);
  o.batch = 4;
  qalam_import_stats st;
  CHECK_OK(qalam_import(sb, dir, &o, &st));
  CHECK_INT(st.files, n);
  CHECK_INT(st.imported, n);
  CHECK_INT(st.failed, 0);
  if (r.n) printf("  report: %s:%zu %s\n", r.e[0].path, r.e[0].line,
                  r.e[0].message);
  check_same_stores(sa, sb);
  check_same_stores(sb, sa);

  /* The group whose first article was deleted stays one group. */
  qalam_article *left = NULL;
  CHECK_OK(qalam_article_get_by_slug(&left, sb, "left", "ru"));
  if (left) CHECK_INT(qalam_article_story(left), qalam_article_id(left));
  qalam_article_free(left);

  /* Again: export over the same folder, import into the same store. */
  CHECK_OK(qalam_export(NULL, sb, dir));
  CHECK_OK(qalam_import(sb, dir, NULL, &st));
  CHECK_INT(st.updated, n);
  CHECK_INT(st.imported, 0);
  check_same_stores(sa, sb);
  qalam_store_close(sa);
  qalam_store_close(sb);
}

static void export_errors(void) {
  qalam_store *s = open_memory();
  size_t n = 99;
  CHECK_ERR(qalam_export(&n, NULL, tmp_path("x")), QALAM_EINVAL);
  CHECK_ERR(qalam_export(&n, s, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_export(&n, s, ""), QALAM_EINVAL);
  CHECK_ERR(qalam_export(&n, s, "bad\xff"), QALAM_EUTF8);
  put("file.txt", "x");
  CHECK_ERR(qalam_export(&n, s, tmp_path("file.txt/sub")), QALAM_EIO);
  CHECK_MSG("file.txt");
  CHECK_MSG("Not a directory");
  CHECK_INT(n, 99);
  /* An empty store exports its settings and sections only. */
  char dir[512];
  snprintf(dir, sizeof dir, "%s", tmp_path("empty-export/"));
  rm_rf(dir);
  CHECK_OK(qalam_export(&n, s, dir));
  CHECK_INT(n, 0);
  char *sections = slurp(tmp_path("empty-export/_sections.yaml"));
  CHECK(sections != NULL);
  free(sections);
  qalam_store *t = open_memory();
  qalam_import_stats st;
  CHECK_OK(qalam_import(t, dir, NULL, &st));
  CHECK_INT(st.files, 0);
  CHECK_INT(st.failed, 0);
  check_same_stores(s, t);
  qalam_store_close(t);
  /* A folder that cannot be written. */
  if (geteuid() != 0) {
    mkdir(tmp_path("locked"), 0555);
    CHECK_ERR(qalam_export(&n, s, tmp_path("locked/sub")), QALAM_EIO);
    CHECK_MSG("locked/sub");
  }
  qalam_store_close(s);
}

static void import_argument_errors(void) {
  qalam_store *s = open_memory();
  qalam_import_stats st;
  memset(&st, 0xff, sizeof st);
  CHECK_ERR(qalam_import(NULL, QALAM_NEWSPAPER_DIR, NULL, &st), QALAM_EINVAL);
  CHECK_INT(st.files, 0);
  CHECK_ERR(qalam_import(s, NULL, NULL, &st), QALAM_EINVAL);
  CHECK_ERR(qalam_import(s, "bad\xc0\xaf", NULL, &st), QALAM_EUTF8);
  CHECK_ERR(qalam_import(s, tmp_path("missing"), NULL, &st), QALAM_ENOTFOUND);
  CHECK_MSG("missing");
  CHECK_ERR(qalam_import(s, tmp_path("missing/x.md"), NULL, NULL),
            QALAM_ENOTFOUND);
  qalam_import_options o = QALAM_IMPORT_OPTIONS_INIT;
  o.version = 99;
  CHECK_ERR(qalam_import(s, QALAM_NEWSPAPER_DIR, &o, &st), QALAM_EINVAL);
  CHECK_ERR(qalam_import_options_init(NULL, 1), QALAM_EINVAL);
  CHECK_ERR(qalam_import_options_init(&o, 2), QALAM_EINVAL);
  CHECK_INT(count_all(s), 0);
  qalam_store_close(s);

  /* A store opened read-only. */
  const char *path = tmp_path("readonly.db");
  unlink(path);
  CHECK_OK(qalam_store_open(&s, path, 0));
  qalam_store_close(s);
  s = NULL;
  CHECK_OK(qalam_store_open(&s, path, QALAM_STORE_READONLY));
  CHECK_ERR(qalam_import(s, QALAM_NEWSPAPER_DIR, NULL, &st), QALAM_EREADONLY);
  CHECK_INT(st.imported, 0);
  /* Exporting a read-only store is fine. */
  size_t n = 9;
  CHECK_OK(qalam_export(&n, s, tmp_path("readonly-export")));
  CHECK_INT(n, 0);
  qalam_store_close(s);
}

/* A full disk (SQLite's page limit) stops the import with the error: the
 * failing batch is rolled back, the batches before it stay. */
static void full_disk_stops(void) {
  const char *path = tmp_path("full.db");
  unlink(path);
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, path, 0));
  if (!s) return;
  sqlite3 *db = s->db->sql;
  sqlite3_stmt *st = NULL;
  int pages = 0;
  CHECK(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL) == 0);
  if (sqlite3_step(st) == SQLITE_ROW) pages = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d", pages + 6);
  CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
  recorder r = {0};
  qalam_import_options o = options_for(&r);
  o.batch = 1;
  qalam_import_stats st2;
  int rc = qalam_import(s, QALAM_NEWSPAPER_DIR, &o, &st2);
  CHECK_INT(rc, QALAM_EIO);
  CHECK_MSG("full");
  CHECK(st2.imported < 5);
  CHECK_INT(st2.failed, 0);
  CHECK_INT(count_all(s), st2.imported);
  CHECK(r.n >= 1);
  if (r.n >= 1) {
    CHECK_INT(r.e[r.n - 1].code, QALAM_EIO);
    CHECK_INT(r.e[r.n - 1].line, 0);
  }
  /* With room again, the same import completes. */
  CHECK(sqlite3_exec(db, "PRAGMA max_page_count = 1000000", NULL, NULL,
                     NULL) == SQLITE_OK);
  CHECK_OK(qalam_import(s, QALAM_NEWSPAPER_DIR, &o, &st2));
  CHECK_INT(count_all(s), 5);
  qalam_store_close(s);
}

/* --- Allocation failures --------------------------------------------------- */

static int ignore_error(const char *path, size_t line, int code,
                        const char *message, void *payload) {
  (void)path, (void)line, (void)code, (void)message, (void)payload;
  return 0;
}

/* The store a scenario works on, made before each try with no failure
 * injected (making stores is swept in test_store). */
static qalam_store *sc_s;

static int sc_open(void) { return qalam_store_open(&sc_s, ":memory:", 0); }

static void sc_close(void) {
  qalam_store_close(sc_s);
  sc_s = NULL;
}

static int sc_import(void) {
  qalam_import_options o = QALAM_IMPORT_OPTIONS_INIT;
  qalam_import_stats st;
  o.batch = 2;
  o.on_error = ignore_error;
  int rc = qalam_import(sc_s, tmp_path("small"), &o, &st);
  if (!rc && (st.imported != 3 || st.failed != 1)) rc = QALAM_EINVAL;
  if (!rc) rc = qalam_import(sc_s, tmp_path("small"), &o, &st);
  if (!rc && (st.updated != 3 || st.failed != 1)) rc = QALAM_EINVAL;
  return rc;
}

static int sc_fill(void) {
  qalam_article *a = NULL, *b = NULL;
  static const char *const sections[] = {"news"};
  int rc;
  TRY(sc_open());
  if ((rc = qalam_section_add(sc_s, "news", "Жаңалықтар", 1)) ||
      (rc = qalam_article_new(&a)) ||
      (rc = qalam_article_set_title(a, "Қазақ тілі: «yes»")) ||
      (rc = qalam_article_set_body(a, "Body\n---\n")) ||
      (rc = qalam_article_set_sections(a, sections, 1)) ||
      (rc = qalam_article_set_tags(a, sections, 1)) ||
      (rc = qalam_article_insert(sc_s, a)) || (rc = qalam_article_new(&b)) ||
      (rc = qalam_article_set_title(b, "Translation")) ||
      (rc = qalam_article_set_lang(b, "ru")) ||
      (rc = qalam_article_set_story(b, qalam_article_id(a))) ||
      (rc = qalam_article_insert(sc_s, b)))
    sc_close();
  qalam_article_free(a);
  qalam_article_free(b);
  return rc;
}

static int sc_export(void) {
  size_t n = 0;
  int rc = qalam_export(&n, sc_s, tmp_path("sc-export"));
  if (!rc && n != 2) rc = QALAM_EINVAL;
  return rc;
}

int main(int argc, char **argv) {
  if (harness_tmpdir(tmpdir, sizeof tmpdir, "files")) return 1;
  if (harness_route_sqlite()) return 1;
  /* The small tree of the allocation-failure scenario. */
  put("small/_site.yaml", "title: Small\nlang: kk\noffset: \"+05:00\"\n");
  put("small/_sections.yaml", "- slug: news\n  name: News\n  position: 1\n");
  put("small/en/one.md", "---\ntitle: One\ndate: 13.02.2026\n"
                         "sections: [news, Мәдениет]\ntags: [a]\n"
                         "story: kk/bir\n---\n\nBody\n");
  put("small/kk/bir.md", "---\ntitle: Бір\nlang: kk\n---\nМәтін\n");
  put("small/kk/eki.md", "---\ntitle: Екі\nlead: x\n---\nМәтін\n");
  put("small/kk/bad.md", "---\ntitle: [\n---\n");
  static const harness_test tests[] = {
      HARNESS_TEST(newspaper_imports_five_stories),
      HARNESS_TEST(reimport_updates_instead_of_duplicating),
      HARNESS_TEST(bad_files_are_reported_and_skipped),
      HARNESS_TEST(dates_sections_tags_and_aliases),
      HARNESS_TEST(underscore_files_that_are_bad),
      HARNESS_TEST(batches_across_many_files),
      HARNESS_TEST(export_import_round_trip),
      HARNESS_TEST(export_errors),
      HARNESS_TEST(import_argument_errors),
      HARNESS_TEST(full_disk_stops),
  };
  static const harness_scenario scenarios[] = {
      {"import a small tree", sc_import, sc_open, sc_close},
      {"export a small store", sc_export, sc_fill, sc_close},
  };
  int status = harness_main(argc, argv, tests, HARNESS_COUNT(tests), scenarios,
                            HARNESS_COUNT(scenarios));
  if (harness_rmtree(tmpdir)) status = 1;
  return status;
}
