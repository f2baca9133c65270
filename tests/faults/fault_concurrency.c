/* Concurrency: one writer and several reader processes on one store.
 * The writer inserts new articles and rewrites old ones (each a new
 * version of every field) as fast as it can; the readers count, walk pages
 * with tokens, read articles by id and by slug, search, and read the front
 * page. Every article a reader sees must be whole (title, slug, body, HTML
 * and sections of one version, fu_doc_compare()), no call may fail, counts
 * never go back, a walk of pages never shows an article twice, and at the
 * end the store holds exactly what the writer reported.
 *
 *   fault_concurrency [--long] [--seconds=N] [--readers=N]
 * Fast: 4 s with 3 readers; long (--long or QALAM_FAULTS_LONG=1): 60 s. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults.h"

#define SEED_ARTICLES 40
#define MAX_KEYS 1000000

static char store_path[512], result_dir[512];
static double seconds;

typedef struct {
  long ops, errors, articles, searches, pages, inconsistent;
} counts;

/* --- The writer --------------------------------------------------------- */

static int writer(void) {
  qalam_store *s = NULL;
  long *ver = calloc(MAX_KEYS, sizeof *ver);
  int64_t *ids = calloc(MAX_KEYS, sizeof *ids);
  long nkeys = 0, inserts = 0, updates = 0, errors = 0;
  if (!ver || !ids || qalam_store_open(&s, store_path, 0)) return 1;
  /* What setup wrote. */
  for (long k = 0; k < SEED_ARTICLES; k++) {
    qalam_article *a = NULL;
    char slug[32];
    snprintf(slug, sizeof slug, "c-%ld", k);
    if (qalam_article_get_by_slug(&a, s, slug, NULL)) return 1;
    ids[k] = qalam_article_id(a);
    qalam_article_free(a);
  }
  nkeys = SEED_ARTICLES;
  double end = fu_now() + seconds;
  while (fu_now() < end && nkeys < MAX_KEYS) {
    int update = fu_rand() % 10 < 3;
    long key = update ? (long)(fu_rand() % (uint64_t)nkeys) : nkeys;
    long v = update ? ver[key] + 1 : 0;
    fu_doc d;
    fu_doc_make(&d, "c", key, v);
    qalam_article *a = NULL;
    int rc = d.body ? qalam_article_new(&a) : QALAM_ENOMEM;
    if (!rc) rc = fu_doc_fill(a, &d);
    if (!rc && update) {
      /* An update is an article read back, changed and written. */
      qalam_article_free(a);
      a = NULL;
      rc = qalam_article_get(&a, s, ids[key]);
      if (!rc) rc = fu_doc_fill(a, &d);
      if (!rc) rc = qalam_article_update(s, a);
    } else if (!rc) {
      rc = qalam_article_insert(s, a);
    }
    if (rc) {
      fprintf(stderr, "writer: %s %ld: %s\n", update ? "update" : "insert",
              key, qalam_error_message());
      errors++;
    } else if (update) {
      ver[key] = v;
      updates++;
    } else {
      ids[key] = qalam_article_id(a);
      nkeys++;
      inserts++;
    }
    qalam_article_free(a);
    fu_doc_free(&d);
  }
  qalam_store_close(s);
  /* The writer's account: a summary, then each article's version and id. */
  char path[600];
  snprintf(path, sizeof path, "%s/writer", result_dir);
  FILE *f = fopen(path, "w");
  if (!f) return 1;
  fprintf(f, "%ld %ld %ld %ld\n", nkeys, inserts, updates, errors);
  for (long k = 0; k < nkeys; k++) fprintf(f, "%ld %lld\n", ver[k], (long long)ids[k]);
  fclose(f);
  free(ver);
  free(ids);
  return errors ? 1 : 0;
}

/* --- The readers -------------------------------------------------------- */

static counts *cnt;

static void reader_error(const char *what) {
  cnt->errors++;
  fprintf(stderr, "reader %d: %s: %s: %s\n", (int)getpid(), what,
          qalam_strerror(qalam_error_code()), qalam_error_message());
}

/* Checks a lent or read article; returns its key (or -1). */
static long check(const qalam_article *a, long *version) {
  char prefix[32];
  long key, v;
  cnt->articles++;
  const char *why = NULL;
  if (fu_doc_parse_title(qalam_article_title(a), prefix, sizeof prefix, &key, &v) ||
      strcmp(prefix, "c"))
    why = "a title not written by the writer";
  else
    why = fu_doc_compare(a, "c", key, v);
  if (why) {
    cnt->inconsistent++;
    fprintf(stderr, "reader %d: article %lld is not whole: %s\n", (int)getpid(),
            (long long)qalam_article_id(a), why);
    return -1;
  }
  if (version) *version = v;
  return key;
}

/* Walks up to `pages` pages of 20 with tokens; returns one id it saw. */
static int64_t walk(qalam_store *s, const char *section, int pages) {
  char *token = NULL;
  int64_t pick = 0, *seen = calloc((size_t)pages * 20, sizeof *seen);
  size_t nseen = 0;
  for (int p = 0; p < pages && seen; p++) {
    qalam_query q = QALAM_QUERY_INIT;
    q.section = section;
    q.limit = 20;
    q.after = token;
    qalam_cursor *c = NULL;
    const qalam_article *a;
    int rc;
    cnt->ops++;
    cnt->pages++;
    if (qalam_cursor_open(&c, s, &q)) {
      reader_error("list");
      break;
    }
    while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
      int64_t id = qalam_article_id(a);
      for (size_t i = 0; i < nseen; i++)
        if (seen[i] == id) {
          cnt->inconsistent++;
          fprintf(stderr, "reader: article %lld shown twice in one walk\n",
                  (long long)id);
        }
      if (nseen < (size_t)pages * 20) seen[nseen++] = id;
      check(a, NULL);
      if (fu_rand() % 20 == 0) pick = id;
    }
    if (rc != QALAM_ITEROVER) reader_error("list next");
    char *next = NULL;
    if (qalam_cursor_token(&next, c)) reader_error("token");
    qalam_cursor_free(c);
    qalam_free(token);
    token = next;
    if (!token) break;
  }
  qalam_free(token);
  free(seen);
  return pick;
}

static int reader(int index) {
  counts c0 = {0, 0, 0, 0, 0, 0};
  cnt = &c0;
  fu_seed((uint64_t)getpid() * 7919u);
  qalam_store *s = NULL;
  /* The first reader opens the store read-write, as a web application
   * might; the others read-only. */
  if (qalam_store_open(&s, store_path, index == 0 ? 0 : QALAM_STORE_READONLY)) {
    reader_error("open");
    return 1;
  }
  size_t last_count = 0;
  char stop[600];
  snprintf(stop, sizeof stop, "%s/stop", result_dir);
  const char *sections[] = {"news", "world", "sport", "culture", NULL};
  while (access(stop, F_OK) != 0) {
    /* The count never goes back. */
    qalam_query q = QALAM_QUERY_INIT;
    q.section = "news";
    size_t n = 0;
    cnt->ops++;
    if (qalam_article_count(&n, s, &q)) reader_error("count");
    else if (n < last_count) {
      cnt->inconsistent++;
      fprintf(stderr, "reader: count went back from %zu to %zu\n", last_count, n);
    } else {
      last_count = n;
    }
    /* Pages of a section (or of everything), with tokens. */
    int64_t id = walk(s, sections[fu_rand() % 5], 1 + (int)(fu_rand() % 5));
    /* One article by id and by slug, then its word in the search. */
    if (id) {
      qalam_article *a = NULL;
      long v = -1, key;
      cnt->ops++;
      if (qalam_article_get(&a, s, id)) {
        reader_error("get");
        continue;
      }
      key = check(a, &v);
      char slug[64];
      snprintf(slug, sizeof slug, "%s", qalam_article_slug(a));
      qalam_article_free(a);
      a = NULL;
      cnt->ops++;
      if (qalam_article_get_by_slug(&a, s, slug, NULL)) reader_error("get by slug");
      else if (qalam_article_id(a) != id) {
        cnt->inconsistent++;
        fprintf(stderr, "reader: slug %s now names another article\n", slug);
      } else {
        long v2 = -1;
        check(a, &v2);
        if (v2 < v) {
          cnt->inconsistent++;
          fprintf(stderr, "reader: %s went back from v%ld to v%ld\n", slug, v, v2);
        }
      }
      qalam_article_free(a);
      if (key >= 0) {
        fu_doc d;
        fu_doc_make(&d, "c", key, v);
        qalam_cursor *c = NULL;
        const qalam_article *hit;
        int rc, found = 0;
        cnt->ops++;
        cnt->searches++;
        if (qalam_cursor_open_search(&c, s, d.word, NULL)) {
          reader_error("search");
        } else {
          while ((rc = qalam_cursor_next(&hit, c)) == QALAM_OK) {
            long hv;
            if (check(hit, &hv) == key && qalam_article_id(hit) == id) found = 1;
            if (!qalam_cursor_snippet(c)) {
              cnt->inconsistent++;
              fprintf(stderr, "reader: a hit without a snippet\n");
            }
          }
          if (rc != QALAM_ITEROVER) reader_error("search next");
          /* Not found only if the article was rewritten since. */
          (void)found;
          qalam_cursor_free(c);
        }
        fu_doc_free(&d);
      }
    }
    /* A search that matches many articles, and the front page. */
    qalam_cursor *c = NULL;
    const qalam_article *a;
    int rc;
    qalam_query lim = QALAM_QUERY_INIT;
    lim.limit = 10;
    cnt->ops++;
    cnt->searches++;
    if (qalam_cursor_open_search(&c, s, "Қазақстан", &lim)) {
      reader_error("search");
    } else {
      while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) check(a, NULL);
      if (rc != QALAM_ITEROVER) reader_error("search next");
      qalam_cursor_free(c);
    }
    cnt->ops++;
    if (qalam_cursor_open_front_page(&c, s, 3, NULL)) {
      reader_error("front page");
    } else {
      while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) check(a, NULL);
      if (rc != QALAM_ITEROVER) reader_error("front page next");
      qalam_cursor_free(c);
    }
  }
  qalam_store_close(s);
  char path[600];
  snprintf(path, sizeof path, "%s/reader%d", result_dir, index);
  FILE *f = fopen(path, "w");
  if (!f) return 1;
  fprintf(f, "%ld %ld %ld %ld %ld %ld\n", cnt->ops, cnt->errors, cnt->articles,
          cnt->searches, cnt->pages, cnt->inconsistent);
  fclose(f);
  return cnt->errors || cnt->inconsistent ? 1 : 0;
}

/* --- The parent --------------------------------------------------------- */

int main(int argc, char **argv) {
  int is_long = fu_long_mode(argc, argv);
  seconds = (double)fu_arg(argc, argv, "seconds", is_long ? 60 : 4);
  int nreaders = (int)fu_arg(argc, argv, "readers", 3);
  char *dir = fu_tempdir("concurrency");
  if (!dir) return 1;
  snprintf(store_path, sizeof store_path, "%s/store.db", dir);
  snprintf(result_dir, sizeof result_dir, "%s", dir);
  fu_seed((uint64_t)time(NULL));

  qalam_store *s = NULL;
  if (qalam_store_open(&s, store_path, 0) || fu_add_sections(s)) {
    fprintf(stderr, "setup: %s\n", qalam_error_message());
    return 1;
  }
  for (long k = 0; k < SEED_ARTICLES; k++) {
    fu_doc d;
    qalam_article *a = NULL;
    fu_doc_make(&d, "c", k, 0);
    if (qalam_article_new(&a) || fu_doc_fill(a, &d) || qalam_article_insert(s, a)) {
      fprintf(stderr, "setup: %s\n", qalam_error_message());
      return 1;
    }
    qalam_article_free(a);
    fu_doc_free(&d);
  }
  qalam_store_close(s);

  pid_t pids[16];
  if (nreaders > 15) nreaders = 15;
  for (int i = 0; i < nreaders; i++) {
    if ((pids[i + 1] = fork()) == 0) _exit(reader(i));
  }
  if ((pids[0] = fork()) == 0) _exit(writer());
  int status;
  waitpid(pids[0], &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer failed (status %d)", status);
  char stop[600];
  snprintf(stop, sizeof stop, "%s/stop", dir);
  fu_write_file(stop, "", 0);
  counts total = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < nreaders; i++) {
    waitpid(pids[i + 1], &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "reader %d failed (status %d)", i, status);
    char path[600];
    snprintf(path, sizeof path, "%s/reader%d", dir, i);
    char *text = fu_read_file(path, NULL);
    counts c = {0, 0, 0, 0, 0, 0};
    CHECK(text && sscanf(text, "%ld %ld %ld %ld %ld %ld", &c.ops, &c.errors,
                         &c.articles, &c.searches, &c.pages,
                         &c.inconsistent) == 6,
          "reader %d left no account", i);
    free(text);
    printf("reader %d: %ld operations (%ld pages, %ld searches), %ld articles "
           "checked, %ld errors, %ld inconsistent\n",
           i, c.ops, c.pages, c.searches, c.articles, c.errors, c.inconsistent);
    total.ops += c.ops;
    total.errors += c.errors;
    total.articles += c.articles;
    total.inconsistent += c.inconsistent;
    CHECK(c.ops > 0, "reader %d did nothing", i);
  }

  /* The writer's account against the store. */
  char path[600];
  snprintf(path, sizeof path, "%s/writer", dir);
  char *text = fu_read_file(path, NULL);
  long nkeys = 0, inserts = 0, updates = 0, werrors = 0;
  CHECK(text && sscanf(text, "%ld %ld %ld %ld", &nkeys, &inserts, &updates,
                       &werrors) == 4,
        "the writer left no account");
  printf("writer: %ld inserts, %ld updates, %ld errors; %ld articles\n",
         inserts, updates, werrors, nkeys);
  char why[512];
  long nart = -1;
  CHECK(!fu_sqlite_check(store_path, why, sizeof why, &nart), "%s", why);
  CHECK(nart == nkeys, "the store has %ld articles, the writer wrote %ld", nart, nkeys);
  if (text && qalam_store_open(&s, store_path, QALAM_STORE_READONLY) == QALAM_OK) {
    char *line = strchr(text, '\n');
    long lost = 0;
    for (long k = 0; k < nkeys && line; k++) {
      long v;
      long long id;
      if (sscanf(line + 1, "%ld %lld", &v, &id) != 2) break;
      line = strchr(line + 1, '\n');
      qalam_article *a = NULL;
      const char *bad = NULL;
      if (qalam_article_get(&a, s, (int64_t)id)) bad = "missing";
      else bad = fu_doc_compare(a, "c", k, v);
      if (bad) {
        lost++;
        fprintf(stderr, "article c-%ld v%ld: %s\n", k, v, bad);
      }
      qalam_article_free(a);
    }
    CHECK(lost == 0, "%ld writes lost or damaged", lost);
    qalam_store_close(s);
  }
  free(text);
  printf("in all: %ld reader operations, %ld articles checked, %ld reader "
         "errors, %ld inconsistent; %ld writes, %ld writer errors\n",
         total.ops, total.articles, total.errors, total.inconsistent,
         inserts + updates, werrors);
  if (!fu_failed) fu_rmtree(dir);
  else fprintf(stderr, "store left in %s\n", dir);
  free(dir);
  return fu_summary();
}
