/* import_vs_sqlite.c - qalam_import() against the plain work it does.
 *
 * Imports a folder of Markdown files with front matter (bench/gen_corpus.py
 * writes one) into a new store with qalam_import(), and does the same work
 * by hand into a new SQLite file with the same schema: list and sort the
 * files, read each, split the front matter off and read its keys line by
 * line (no YAML parser), render the body with cmark to HTML and plain text
 * (one parse), and insert the article, its section and tag keys and its
 * FTS5 row with prepared statements, 500 files a transaction, in WAL mode.
 * The plain side skips what qalam does besides: YAML parsing, UTF-8 and
 * value checks, URL neutralisation, the upsert lookup, savepoints per file.
 * The two alternate, several rounds, each into fresh files; the ratio of
 * each round is taken under the same machine load.
 *
 * Usage: import_vs_sqlite CORPUS_DIR WORK_DIR [rounds]   (default 3) */
#include "bench.h"

#include <cmark.h>
#include <dirent.h>
#include <qalam.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- the plain side ------------------------------------------------------ */

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA foreign_keys = ON;"
    "CREATE TABLE settings(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE sections(id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, position INTEGER NOT NULL);"
    "CREATE TABLE articles(id INTEGER PRIMARY KEY, slug TEXT NOT NULL,"
    "  lang TEXT NOT NULL, title TEXT NOT NULL, lead TEXT, body TEXT NOT NULL,"
    "  html TEXT NOT NULL, author TEXT, source_url TEXT,"
    "  status INTEGER NOT NULL CHECK (status IN (0, 1)),"
    "  published INTEGER NOT NULL, updated INTEGER NOT NULL, story INTEGER,"
    "  UNIQUE (lang, slug));"
    "CREATE INDEX articles_by_time ON articles(status, published, id);"
    "CREATE INDEX articles_by_lang ON articles(lang, status, published, id);"
    "CREATE INDEX articles_by_story ON articles(story) WHERE story IS NOT NULL;"
    "CREATE TABLE article_sections("
    "  section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,"
    "  published INTEGER NOT NULL,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  status INTEGER NOT NULL, lang TEXT NOT NULL, position INTEGER NOT NULL,"
    "  PRIMARY KEY (section_id, published, article_id)) WITHOUT ROWID;"
    "CREATE INDEX article_sections_by_article ON article_sections(article_id, position);"
    "CREATE TABLE article_tags(tag TEXT NOT NULL, published INTEGER NOT NULL,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  status INTEGER NOT NULL, lang TEXT NOT NULL, position INTEGER NOT NULL,"
    "  PRIMARY KEY (tag, published, article_id)) WITHOUT ROWID;"
    "CREATE INDEX article_tags_by_article ON article_tags(article_id, position);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, lead, body, tokenize = 'unicode61 remove_diacritics 2');";

typedef struct {
  char **v;
  size_t n, cap;
} paths;

static void die(const char *what) {
  fprintf(stderr, "import_vs_sqlite: %s\n", what);
  exit(1);
}

static void push(paths *p, char *s) {
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 1024;
    p->v = realloc(p->v, p->cap * sizeof *p->v);
    if (!p->v) die("out of memory");
  }
  p->v[p->n++] = s;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every *.md under dir (names starting with . or _ skipped), in byte
 * order of the path. */
static void walk(paths *out, const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  if (!d) die("cannot open the corpus folder");
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || e->d_name[0] == '_') continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *path = malloc(n);
    struct stat st;
    snprintf(path, n, "%s/%s", dir, e->d_name);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      walk(out, path);
      free(path);
    } else if (ends(e->d_name, ".md")) {
      push(out, path);
    } else {
      free(path);
    }
  }
  closedir(d);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot read a file");
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) die("cannot read a file");
  s[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return s;
}

typedef struct {
  const char *key;
  char *value; /* into the file's buffer, NUL-terminated in place */
} field;

/* A YAML scalar as the generator writes it: "quoted" or plain. */
static char *unquote(char *v) {
  size_t n = strlen(v);
  if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
    v[n - 1] = 0;
    char *r = v + 1, *w = v + 1;
    for (; *r; r++) {
      if (*r == '\\' && r[1]) r++;
      *w++ = *r;
    }
    *w = 0;
    return v + 1;
  }
  return v;
}

/* "[a, b]" split in place into items; returns the count (at most max). */
static int list(char *v, char **items, int max) {
  int n = 0;
  if (*v == '[') v++;
  char *end = strchr(v, ']');
  if (end) *end = 0;
  while (*v && n < max) {
    while (*v == ' ') v++;
    char *comma = strchr(v, ',');
    if (comma) *comma = 0;
    items[n++] = unquote(v);
    if (!comma) break;
    v = comma + 1;
  }
  return n;
}

static int64_t parse_time(const char *s) {
  int y, mo, d, h, mi, sec, oh, om;
  char sign;
  if (sscanf(s, "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &sec,
             &sign, &oh, &om) != 9)
    return 0;
  /* days from civil (Howard Hinnant's algorithm) */
  y -= mo <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = era * 146097 + doe - 719468;
  int64_t off = (oh * 60 + om) * 60 * (sign == '-' ? -1 : 1);
  return days * 86400 + h * 3600 + mi * 60 + sec - off;
}

typedef struct {
  sqlite3 *db;
  sqlite3_stmt *ins_article, *ins_section_key, *ins_tag, *ins_fts,
      *find_section, *ins_section;
} plain;

static sqlite3_stmt *prep(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL))
    die(sqlite3_errmsg(db));
  return st;
}

static void step(sqlite3 *db, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) die(sqlite3_errmsg(db));
  sqlite3_reset(st);
}

static int64_t section_id(plain *p, const char *slug) {
  sqlite3_bind_text(p->find_section, 1, slug, -1, SQLITE_STATIC);
  int64_t id = 0;
  if (sqlite3_step(p->find_section) == SQLITE_ROW)
    id = sqlite3_column_int64(p->find_section, 0);
  sqlite3_reset(p->find_section);
  if (id) return id;
  sqlite3_bind_text(p->ins_section, 1, slug, -1, SQLITE_STATIC);
  sqlite3_bind_text(p->ins_section, 2, slug, -1, SQLITE_STATIC);
  step(p->db, p->ins_section);
  return sqlite3_last_insert_rowid(p->db);
}

/* The text of a parsed document: its text and code literals, a space
 * between inlines of different blocks (what the FTS index needs). */
static char *plain_of(cmark_node *doc, size_t hint) {
  size_t cap = hint + 64, n = 0;
  char *out = malloc(cap);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  if (!out || !it) die("out of memory");
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(node);
    const char *lit = NULL;
    if (ev == CMARK_EVENT_ENTER &&
        (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
         t == CMARK_NODE_CODE_BLOCK))
      lit = cmark_node_get_literal(node);
    else if (ev == CMARK_EVENT_EXIT && t == CMARK_NODE_PARAGRAPH)
      lit = "\n";
    if (!lit) continue;
    size_t len = strlen(lit);
    if (n + len + 1 > cap) {
      cap = 2 * (n + len + 1);
      out = realloc(out, cap);
      if (!out) die("out of memory");
    }
    memcpy(out + n, lit, len);
    n += len;
  }
  out[n] = 0;
  cmark_iter_free(it);
  return out;
}

static void plain_one(plain *p, const char *path) {
  size_t len;
  char *text = slurp(path, &len);
  if (strncmp(text, "---\n", 4) != 0) die("no front matter");
  char *fm = text + 4, *end = strstr(fm, "\n---\n");
  if (!end) die("no closing fence");
  *end = 0;
  char *body = end + 5;
  if (*body == '\n') body++;
  char *title = NULL, *slug = NULL, *lang = "kk", *lead = NULL,
       *author = NULL, *date = NULL, *secs = NULL, *tags = NULL;
  for (char *line = fm; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    char *colon = strchr(line, ':');
    if (colon) {
      *colon = 0;
      char *v = colon + 1;
      while (*v == ' ') v++;
      if (!strcmp(line, "title")) title = unquote(v);
      else if (!strcmp(line, "slug")) slug = v;
      else if (!strcmp(line, "lang")) lang = v;
      else if (!strcmp(line, "lead")) lead = unquote(v);
      else if (!strcmp(line, "author")) author = unquote(v);
      else if (!strcmp(line, "date")) date = v;
      else if (!strcmp(line, "sections")) secs = v;
      else if (!strcmp(line, "tags")) tags = v;
    }
    line = nl ? nl + 1 : NULL;
  }
  if (!title || !slug || !date) die("missing keys");
  int64_t published = parse_time(date);
  size_t blen = strlen(body);
  cmark_node *doc = cmark_parse_document(body, blen, CMARK_OPT_DEFAULT);
  char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
  char *plain_text = plain_of(doc, blen);
  cmark_node_free(doc);

  sqlite3_stmt *st = p->ins_article;
  sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, lead, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, body, (int)blen, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, html, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, author, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 8, published);
  sqlite3_bind_int64(st, 9, (int64_t)time(NULL));
  step(p->db, st);
  int64_t id = sqlite3_last_insert_rowid(p->db);

  char *items[16];
  int n = secs ? list(secs, items, 16) : 0;
  for (int i = 0; i < n; i++) {
    st = p->ins_section_key;
    sqlite3_bind_int64(st, 1, section_id(p, items[i]));
    sqlite3_bind_int64(st, 2, published);
    sqlite3_bind_int64(st, 3, id);
    sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, i);
    step(p->db, st);
  }
  n = tags ? list(tags, items, 16) : 0;
  for (int i = 0; i < n; i++) {
    st = p->ins_tag;
    sqlite3_bind_text(st, 1, items[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, published);
    sqlite3_bind_int64(st, 3, id);
    sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, i);
    step(p->db, st);
  }
  st = p->ins_fts;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, lead, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, plain_text, -1, SQLITE_STATIC);
  step(p->db, st);
  free(html);
  free(plain_text);
  free(text);
}

static void remove_db(const char *path) {
  char b[4096];
  unlink(path);
  snprintf(b, sizeof b, "%s-wal", path);
  unlink(b);
  snprintf(b, sizeof b, "%s-shm", path);
  unlink(b);
}

static size_t run_plain(const char *dir, const char *path) {
  plain p;
  remove_db(path);
  if (sqlite3_open(path, &p.db)) die("cannot open the plain database");
  if (sqlite3_exec(p.db, schema, NULL, NULL, NULL)) die(sqlite3_errmsg(p.db));
  p.ins_article = prep(p.db,
      "INSERT INTO articles(slug, lang, title, lead, body, html, author, "
      "status, published, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, "
      "?8, ?9)");
  p.ins_section_key = prep(p.db,
      "INSERT INTO article_sections(section_id, published, article_id, "
      "status, lang, position) VALUES (?1, ?2, ?3, 1, ?4, ?5)");
  p.ins_tag = prep(p.db,
      "INSERT INTO article_tags(tag, published, article_id, status, lang, "
      "position) VALUES (?1, ?2, ?3, 1, ?4, ?5)");
  p.ins_fts = prep(p.db,
      "INSERT INTO articles_fts(rowid, title, lead, body) "
      "VALUES (?1, ?2, ?3, ?4)");
  p.find_section = prep(p.db, "SELECT id FROM sections WHERE slug = ?1");
  p.ins_section = prep(p.db,
      "INSERT INTO sections(slug, name, position) VALUES (?1, ?2, "
      "(SELECT coalesce(max(position), 0) + 1 FROM sections))");
  paths files = {0};
  walk(&files, dir);
  qsort(files.v, files.n, sizeof *files.v, by_name);
  for (size_t i = 0; i < files.n; i++) {
    if (i % 500 == 0 && sqlite3_exec(p.db, "BEGIN IMMEDIATE", 0, 0, 0))
      die(sqlite3_errmsg(p.db));
    plain_one(&p, files.v[i]);
    if ((i % 500 == 499 || i + 1 == files.n) &&
        sqlite3_exec(p.db, "COMMIT", 0, 0, 0))
      die(sqlite3_errmsg(p.db));
    free(files.v[i]);
  }
  free(files.v);
  sqlite3_finalize(p.ins_article);
  sqlite3_finalize(p.ins_section_key);
  sqlite3_finalize(p.ins_tag);
  sqlite3_finalize(p.ins_fts);
  sqlite3_finalize(p.find_section);
  sqlite3_finalize(p.ins_section);
  if (sqlite3_close(p.db)) die("close");
  return files.n;
}

/* --- the qalam side ------------------------------------------------------ */

static size_t run_qalam(const char *dir, const char *path) {
  qalam_store *s;
  qalam_import_stats stats;
  remove_db(path);
  if (qalam_store_open(&s, path, QALAM_STORE_DEFAULT) ||
      qalam_import(s, dir, NULL, &stats)) {
    fprintf(stderr, "qalam: %s\n", qalam_error_message());
    exit(1);
  }
  if (stats.failed) die("some files failed to import");
  qalam_store_close(s);
  return stats.imported;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CORPUS_DIR WORK_DIR [rounds]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 3 ? atoi(argv[3]) : 3;
  if (rounds < 1 || rounds > 100) return 2;
  char qpath[4096], ppath[4096];
  snprintf(qpath, sizeof qpath, "%s/import-qalam.db", argv[2]);
  snprintf(ppath, sizeof ppath, "%s/import-plain.db", argv[2]);
  double q[100], c[100], ratio[100];
  size_t nq = 0, np = 0;
  for (int r = 0; r < rounds; r++) {
    double t0;
    if (r % 2 == 0) {
      t0 = bench_now(); nq = run_qalam(argv[1], qpath); q[r] = bench_now() - t0;
      t0 = bench_now(); np = run_plain(argv[1], ppath); c[r] = bench_now() - t0;
    } else {
      t0 = bench_now(); np = run_plain(argv[1], ppath); c[r] = bench_now() - t0;
      t0 = bench_now(); nq = run_qalam(argv[1], qpath); q[r] = bench_now() - t0;
    }
    ratio[r] = q[r] / c[r];
    fprintf(stderr, "round %d: qalam %.2f s, plain %.2f s\n", r + 1, q[r],
            c[r]);
  }
  if (nq != np) die("the two sides imported different numbers of files");
  remove_db(ppath);
  bench_sort(q, (size_t)rounds);
  bench_sort(c, (size_t)rounds);
  bench_sort(ratio, (size_t)rounds);
  int m = rounds / 2;
  printf("%zu files x %d rounds, interleaved\n", nq, rounds);
  printf("%-28s %10s %10s %10s  (seconds)\n", "", "min", "median", "max");
  printf("%-28s %10.2f %10.2f %10.2f\n", "qalam_import", q[0], q[m],
         q[rounds - 1]);
  printf("%-28s %10.2f %10.2f %10.2f\n", "plain sqlite+fts5+cmark", c[0],
         c[m], c[rounds - 1]);
  printf("RESULT import ratio min %.3f median %.3f max %.3f "
         "qalam_s %.3f plain_s %.3f n %zu\n",
         ratio[0], ratio[m], ratio[rounds - 1], q[m], c[m], nq);
  return 0;
}
