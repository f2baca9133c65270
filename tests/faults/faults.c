/* faults.c - helpers of the fault tests; see faults.h. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include "faults.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int fu_passed, fu_failed;

int fu_long_mode(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--long")) return 1;
  const char *e = getenv("QALAM_FAULTS_LONG");
  return e && *e && strcmp(e, "0") != 0;
}

long fu_arg(int argc, char **argv, const char *name, long dflt) {
  size_t n = strlen(name);
  for (int i = 1; i < argc; i++)
    if (!strncmp(argv[i], "--", 2) && !strncmp(argv[i] + 2, name, n) &&
        argv[i][2 + n] == '=')
      return strtol(argv[i] + 3 + n, NULL, 10);
  return dflt;
}

char *fu_tempdir(const char *tag) {
  const char *base = getenv("TMPDIR");
  if (!base || !*base) base = "/tmp";
  size_t n = strlen(base) + strlen(tag) + 32;
  char *dir = malloc(n);
  if (!dir) return NULL;
  snprintf(dir, n, "%s/qalam-%s-XXXXXX", base, tag);
  if (!mkdtemp(dir)) {
    free(dir);
    return NULL;
  }
  return dir;
}

void fu_rmtree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    chmod(path, 0700);
    DIR *d = opendir(path);
    if (d) {
      struct dirent *e;
      while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *sub = malloc(n);
        if (!sub) break;
        snprintf(sub, n, "%s/%s", path, e->d_name);
        fu_rmtree(sub);
        free(sub);
      }
      closedir(d);
    }
    rmdir(path);
  } else {
    unlink(path);
  }
}

int fu_write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = fwrite(data, 1, size, f);
  return (fclose(f) != 0 || w != size) ? -1 : 0;
}

char *fu_read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *more = realloc(buf, cap * 2 + 1);
      if (!more) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = more;
      cap *= 2;
    }
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  if (size) *size = n;
  return buf;
}

double fu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long fu_peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
void fu_seed(uint64_t seed) { rng = seed ? seed : 0x9e3779b97f4a7c15u; }
uint64_t fu_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* The first row of `sql` as text into out ("" when none); SQLite's error
 * code otherwise. */
static int one_text(sqlite3 *db, const char *sql, char *out, size_t size) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) {
    snprintf(out, size, "%s", sqlite3_errmsg(db));
    return rc;
  }
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, size, "%s", t ? (const char *)t : "");
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    out[0] = '\0';
    rc = SQLITE_OK;
  } else {
    snprintf(out, size, "%s", sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  return rc;
}

int fu_sqlite_check(const char *path, char *why, size_t size,
                    long *articles) {
  sqlite3 *db = NULL;
  char text[512];
  int bad = 0;
  why[0] = '\0';
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    snprintf(why, size, "sqlite3_open: %s", db ? sqlite3_errmsg(db) : "?");
    sqlite3_close(db);
    return 1;
  }
  sqlite3_busy_timeout(db, 10000);
  if (one_text(db, "PRAGMA integrity_check", text, sizeof text) ||
      strcmp(text, "ok")) {
    snprintf(why, size, "integrity_check: %s", text);
    bad = 1;
  }
  if (!bad) {
    char *err = NULL;
    if (sqlite3_exec(db,
                     "INSERT INTO articles_fts(articles_fts) "
                     "VALUES('integrity-check')",
                     NULL, NULL, &err) != SQLITE_OK) {
      snprintf(why, size, "FTS5 integrity-check: %s", err ? err : "?");
      bad = 1;
    }
    sqlite3_free(err);
  }
  /* One index row per article, with its title. */
  if (!bad && (one_text(db,
                        "SELECT (SELECT count(*) FROM articles) || ' ' || "
                        "(SELECT count(*) FROM articles_fts) || ' ' || "
                        "(SELECT count(*) FROM articles a LEFT JOIN "
                        "articles_fts f ON f.rowid = a.id WHERE f.rowid IS "
                        "NULL OR f.title IS NOT a.title)",
                        text, sizeof text) != SQLITE_OK)) {
    snprintf(why, size, "counting: %s", text);
    bad = 1;
  }
  if (!bad) {
    long na = -1, nf = -1, nd = -1;
    if (sscanf(text, "%ld %ld %ld", &na, &nf, &nd) != 3 || na != nf ||
        nd != 0) {
      snprintf(why, size,
               "search index does not match: %ld articles, %ld index rows, "
               "%ld without their index row",
               na, nf, nd);
      bad = 1;
    }
    if (articles) *articles = na;
  }
  /* The listing keys agree with the articles. */
  if (!bad && (one_text(db,
                        "SELECT count(*) FROM article_sections s JOIN "
                        "articles a ON a.id = s.article_id WHERE s.published "
                        "IS NOT a.published OR s.status IS NOT a.status OR "
                        "s.lang IS NOT a.lang",
                        text, sizeof text) != SQLITE_OK ||
               strcmp(text, "0"))) {
    snprintf(why, size, "listing keys disagree with articles: %s", text);
    bad = 1;
  }
  sqlite3_close(db);
  return bad;
}

/* --- Articles ------------------------------------------------------------- */

static const char *const section_slugs[] = {"news", "world", "sport",
                                            "culture"};

int fu_add_sections(qalam_store *s) {
  for (int i = 0; i < 4; i++) {
    char name[32];
    snprintf(name, sizeof name, "Section %s", section_slugs[i]);
    int rc = qalam_section_add(s, section_slugs[i], name, i + 1);
    if (rc) return rc;
  }
  return QALAM_OK;
}

void fu_doc_make(fu_doc *d, const char *prefix, long key, long ver) {
  memset(d, 0, sizeof *d);
  snprintf(d->slug, sizeof d->slug, "%s-%ld", prefix, key);
  snprintf(d->title, sizeof d->title, "%s %ld v%ld", prefix, key, ver);
  snprintf(d->word, sizeof d->word, "%sw%ldv%ld", prefix, key, ver);
  /* A few paragraphs of Markdown whose length varies with key and version,
   * so that pages split and overflow differently. */
  size_t paras = 1 + (size_t)((key * 7 + ver * 3) % 9);
  size_t cap = 512 + paras * 160;
  d->body = malloc(cap);
  if (!d->body) return;
  size_t n = (size_t)snprintf(
      d->body, cap,
      "Article **%ld**, version %ld: the word %s is here.\n\n"
      "## Қазақша\n\nҚазақстан мен Қырғызстан, *%ld*.\n\n",
      key, ver, d->word, key);
  for (size_t p = 0; p < paras && n < cap; p++)
    n += (size_t)snprintf(d->body + n, cap - n,
                          "- item %zu of %ld/%ld with [a link](https://"
                          "example.kz/%ld) and `code`\n",
                          p, key, ver, key);
  d->sections[0] = "news";
  d->nsections = 1;
  d->published = 1770958800 + (int64_t)key * 60;
  if ((key + ver) % 3) d->sections[d->nsections++] = section_slugs[1 + (key + ver) % 3];
}

void fu_doc_free(fu_doc *d) {
  free(d->body);
  d->body = NULL;
}

char *fu_doc_file(const fu_doc *d) {
  size_t cap = strlen(d->body) + 512;
  char *f = malloc(cap);
  if (!f) return NULL;
  int n = snprintf(f, cap,
                   "---\ntitle: \"%s\"\nslug: %s\ndate: 2026-02-13T10:%02ld:00"
                   "+05:00\nsections: [%s%s%s]\n---\n\n%s",
                   d->title, d->slug, (long)(strlen(d->slug) % 60),
                   d->sections[0], d->nsections > 1 ? ", " : "",
                   d->nsections > 1 ? d->sections[1] : "", d->body);
  (void)n;
  return f;
}

int fu_doc_fill(qalam_article *a, const fu_doc *d) {
  int rc;
  if ((rc = qalam_article_set_title(a, d->title))) return rc;
  if ((rc = qalam_article_set_slug(a, d->slug))) return rc;
  if ((rc = qalam_article_set_body(a, d->body))) return rc;
  if ((rc = qalam_article_set_sections(a, d->sections, d->nsections))) return rc;
  return qalam_article_set_published(a, d->published);
}

int fu_doc_parse_title(const char *title, char *prefix, size_t psize,
                       long *key, long *ver) {
  char p[32];
  if (!title || sscanf(title, "%31s %ld v%ld", p, key, ver) != 3) return 1;
  snprintf(prefix, psize, "%s", p);
  return 0;
}

const char *fu_doc_compare(const qalam_article *a, const char *prefix,
                           long key, long ver) {
  static char why[160];
  fu_doc d;
  const char *bad = NULL;
  fu_doc_make(&d, prefix, key, ver);
  char *html = NULL;
  const char *t = qalam_article_title(a), *s = qalam_article_slug(a),
             *b = qalam_article_body(a), *h = qalam_article_html(a);
  if (!d.body) bad = "out of memory";
  else if (!t || strcmp(t, d.title)) bad = "title";
  else if (!s || strcmp(s, d.slug)) bad = "slug";
  else if (!b || strcmp(b, d.body)) bad = "body";
  else if (qalam_markdown_to_html(&html, d.body, QALAM_MD_DEFAULT)) bad = "render";
  else if (!h || strcmp(h, html)) bad = "html";
  else if (qalam_article_section_count(a) != d.nsections) bad = "section count";
  else
    for (size_t i = 0; i < d.nsections && !bad; i++)
      if (!qalam_article_section(a, i) ||
          strcmp(qalam_article_section(a, i), d.sections[i]))
        bad = "sections";
  qalam_free(html);
  fu_doc_free(&d);
  if (!bad) return NULL;
  snprintf(why, sizeof why, "%s %ld v%ld: %s differs", prefix, key, ver, bad);
  return why;
}

int fu_summary(void) {
  printf("%d passed, %d failed\n", fu_passed, fu_failed);
  return fu_failed ? 1 : 0;
}
