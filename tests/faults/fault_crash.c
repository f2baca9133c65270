/* Crash safety: a bulk import, or a loop of inserts, in a child process
 * killed with SIGKILL at a random moment, again and again on one store.
 * After each kill the store is reopened and must pass SQLite's
 * integrity_check and FTS5's integrity-check, its search index must match
 * its articles, and every article the child reported committed must be
 * there, whole; every other article must be whole in one version or absent.
 *
 * The child reports commits through a log file it fsyncs after each one:
 * the importer calls `progress` after committing a batch, so a call whose
 * `done` ends a batch says files [0, done) are in; an insert that returned
 * QALAM_OK is in.
 *
 *   fault_crash [--long] [--kills=N] [--files=N] [--seed=N]
 * Fast: 10 kills over 400 files; long (--long or QALAM_FAULTS_LONG=1):
 * 100 kills over 3000 files. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults.h"

static char *dir, store_path[512], src[512], log_path[512];
static long nfiles;
static long *ver;  /* per file: the version in the store, -1 when absent */

/* Inserted articles: prefix "i<round>", key k; kept to check every round. */
typedef struct { long round, key; int64_t id; } inserted;
static inserted *ins;
static size_t nins, cap_ins;

static int log_fd = -1;
static size_t import_batch;

static void log_line(const char *fmt, long a, long b) {
  char line[64];
  int n = snprintf(line, sizeof line, fmt, a, b);
  if (write(log_fd, line, (size_t)n) != n) _exit(3);
  fdatasync(log_fd);
}

static int on_progress(size_t done, size_t total, void *payload) {
  (void)payload;
  if (done % import_batch == 0 || done == total) log_line("c %ld %ld\n", (long)done, 0);
  return 0;
}

static int on_error(const char *path, size_t line, int code,
                    const char *message, void *payload) {
  (void)payload;
  fprintf(stderr, "child: import: %s:%zu: %s: %s\n", path, line,
          qalam_strerror(code), message);
  return 0;
}

/* The child's work; never returns. */
static void child(int import, long round) {
  log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  if (log_fd < 0) _exit(2);
  qalam_store *s = NULL;
  if (qalam_store_open(&s, store_path, 0)) {
    fprintf(stderr, "child: open: %s\n", qalam_error_message());
    _exit(1);
  }
  if (import) {
    qalam_import_options o = QALAM_IMPORT_OPTIONS_INIT;
    o.batch = import_batch;
    o.progress = on_progress;
    o.on_error = on_error;
    qalam_import_stats st;
    if (qalam_import(s, src, &o, &st) || st.failed) {
      fprintf(stderr, "child: import: %s (%zu failed)\n",
              qalam_error_message(), st.failed);
      _exit(1);
    }
  } else {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "i%ld", round);
    for (long k = 0; k < 100000; k++) {
      fu_doc d;
      qalam_article *a = NULL;
      fu_doc_make(&d, prefix, k, 0);
      if (!d.body || qalam_article_new(&a) || fu_doc_fill(a, &d) ||
          qalam_article_insert(s, a)) {
        fprintf(stderr, "child: insert: %s\n", qalam_error_message());
        _exit(1);
      }
      log_line("i %ld %ld\n", k, (long)qalam_article_id(a));
      qalam_article_free(a);
      fu_doc_free(&d);
    }
  }
  qalam_store_close(s);
  _exit(0);
}

static int write_sources(long round) {
  for (long i = 0; i < nfiles; i++) {
    fu_doc d;
    char path[600];
    fu_doc_make(&d, "a", i, round);
    char *text = d.body ? fu_doc_file(&d) : NULL;
    snprintf(path, sizeof path, "%s/a%06ld.md", src, i);
    int rc = !text || fu_write_file(path, text, strlen(text));
    free(text);
    fu_doc_free(&d);
    if (rc) return 1;
  }
  return 0;
}

/* Whether a search for `word` finds article `id`. */
static int search_finds(qalam_store *s, const char *word, int64_t id) {
  qalam_cursor *c = NULL;
  const qalam_article *a;
  int found = 0, rc;
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  if (qalam_cursor_open_search(&c, s, word, &q)) return -1;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK)
    if (qalam_article_id(a) == id) found = 1;
  qalam_cursor_free(c);
  return rc == QALAM_ITEROVER ? found : -1;
}

/* Reads the article with this slug: 0 found (its version in *v, its id in
 * *id), 1 absent, -1 when it is not whole or cannot be read. */
static int read_article(qalam_store *s, const char *prefix, long key,
                        long *v, int64_t *id) {
  char slug[48], p[32];
  long k;
  snprintf(slug, sizeof slug, "%s-%ld", prefix, key);
  qalam_article *a = NULL;
  int rc = qalam_article_get_by_slug(&a, s, slug, NULL);
  if (rc == QALAM_ENOTFOUND) return 1;
  if (rc) {
    fprintf(stderr, "reading %s: %s\n", slug, qalam_error_message());
    return -1;
  }
  const char *why = NULL;
  if (fu_doc_parse_title(qalam_article_title(a), p, sizeof p, &k, v) ||
      strcmp(p, prefix) || k != key)
    why = "title does not name it";
  else
    why = fu_doc_compare(a, prefix, key, *v);
  *id = qalam_article_id(a);
  qalam_article_free(a);
  if (why) {
    fprintf(stderr, "article %s is not whole: %s\n", slug, why);
    return -1;
  }
  return 0;
}

/* Checks the store after round `round` (`import`: an import round) in
 * which the child reported `done` files or inserts. */
static void verify(long round, int import, long done) {
  char why[512];
  long nart = -1;
  int bad = fu_sqlite_check(store_path, why, sizeof why, &nart);
  CHECK(!bad, "round %ld: %s", round, why);
  qalam_store *s = NULL;
  int rc = qalam_store_open(&s, store_path, 0);
  CHECK(rc == QALAM_OK, "round %ld: reopen: %s", round, qalam_error_message());
  if (rc) return;
  long expect = 0;
  for (long i = 0; i < nfiles; i++) {
    long v = -1;
    int64_t id = 0;
    rc = read_article(s, "a", i, &v, &id);
    if (rc < 0) {
      CHECK(0, "round %ld: file %ld is damaged", round, i);
      continue;
    }
    if (rc == 1) v = -1;
    if (import && i < done) {
      CHECK(v == round, "round %ld: file %ld reported committed, store has "
            "version %ld", round, i, v);
    } else if (import) {
      CHECK(v == ver[i] || v == round,
            "round %ld: file %ld has version %ld, expected %ld or %ld",
            round, i, v, ver[i], round);
    } else {
      CHECK(v == ver[i], "round %ld: file %ld changed from %ld to %ld in an "
            "insert round", round, i, ver[i], v);
    }
    ver[i] = v;
    if (v < 0) continue;
    expect++;
    fu_doc d;
    fu_doc_make(&d, "a", i, v);
    CHECK(search_finds(s, d.word, id) == 1,
          "round %ld: search for '%s' misses file %ld", round, d.word, i);
    fu_doc_free(&d);
    if (import && v != round && i >= done) {
      /* The version that was not committed left no trace in the index. */
      fu_doc_make(&d, "a", i, round);
      CHECK(search_finds(s, d.word, id) == 0,
            "round %ld: search for '%s' finds file %ld", round, d.word, i);
      fu_doc_free(&d);
    }
  }
  /* Inserts of this round: each reported one is there, at most one more. */
  if (!import) {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "i%ld", round);
    for (long k = 0; k <= done + 1; k++) {
      long v;
      int64_t id = 0;
      rc = read_article(s, prefix, k, &v, &id);
      if (k < done) {
        CHECK(rc == 0, "round %ld: insert %ld reported committed is %s",
              round, k, rc == 1 ? "missing" : "damaged");
        if (rc == 0) {
          if (nins == cap_ins) {
            cap_ins = cap_ins ? cap_ins * 2 : 256;
            ins = realloc(ins, cap_ins * sizeof *ins);
            if (!ins) abort();
          }
          ins[nins++] = (inserted){round, k, id};
        }
      } else if (k == done) {
        CHECK(rc >= 0, "round %ld: unreported insert %ld is damaged", round, k);
        if (rc == 0) {
          if (nins == cap_ins) {
            cap_ins = cap_ins * 2 + 256;
            ins = realloc(ins, cap_ins * sizeof *ins);
            if (!ins) abort();
          }
          ins[nins++] = (inserted){round, k, id};
        }
      } else {
        CHECK(rc == 1, "round %ld: insert %ld is there, but %ld was not",
              round, k, k - 1);
      }
    }
  }
  /* Every insert of earlier rounds is still there, whole and found. */
  for (size_t j = 0; j < nins; j++) {
    char prefix[32];
    long v;
    int64_t id = 0;
    snprintf(prefix, sizeof prefix, "i%ld", ins[j].round);
    rc = read_article(s, prefix, ins[j].key, &v, &id);
    CHECK(rc == 0 && id == ins[j].id && v == 0,
          "round %ld: insert %s-%ld is gone or damaged", round, prefix,
          ins[j].key);
    if (ins[j].round == round || j % 8 == 0) {
      fu_doc d;
      fu_doc_make(&d, prefix, ins[j].key, 0);
      CHECK(search_finds(s, d.word, id) == 1, "round %ld: search for '%s' "
            "misses insert %s-%ld", round, d.word, prefix, ins[j].key);
      fu_doc_free(&d);
    }
  }
  expect += (long)nins;
  size_t count = 0;
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  rc = qalam_article_count(&count, s, &q);
  CHECK(rc == QALAM_OK && (long)count == expect && nart == expect,
        "round %ld: %zu articles (SQLite: %ld), expected %ld", round, count,
        nart, expect);
  qalam_store_close(s);
}

/* Runs one round; kill_after < 0: let the child finish. Returns what the
 * child reported (files committed, or inserts), and whether it was
 * killed in *killed. */
static long run_round(long round, int import, double kill_after, int *killed,
                      double *took) {
  static const size_t batches[] = {10, 25, 50, 100, 250, 500};
  import_batch = batches[fu_rand() % 6];
  double t0 = fu_now();
  /* The child truncates the log when it starts; one killed before that
   * must not leave the previous round's log to be read as its own. */
  unlink(log_path);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) child(import, round);
  int status = 0, reaped = 0;
  *killed = 0;
  if (kill_after >= 0) {
    struct timespec ts = {(time_t)kill_after,
                          (long)((kill_after - (double)(time_t)kill_after) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    if (waitpid(pid, &status, WNOHANG) == pid) {
      reaped = 1;
    } else {
      kill(pid, SIGKILL);
      *killed = 1;
    }
  }
  if (!reaped) waitpid(pid, &status, 0);
  /* The child may finish between the check and the kill. */
  if (*killed && WIFEXITED(status)) *killed = 0;
  if (*killed)
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "round %ld: child was not killed (status %d)", round, status);
  else
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "round %ld: child failed (status %d)", round, status);
  *took = fu_now() - t0;
  /* The last whole line of the log. */
  size_t size = 0;
  char *text = fu_read_file(log_path, &size);
  long done = 0;
  if (text) {
    char *line = text, *nl;
    while ((nl = strchr(line, '\n'))) {
      char kind;
      long a, b;
      *nl = '\0';
      if (sscanf(line, "%c %ld %ld", &kind, &a, &b) == 3)
        done = import ? a : a + 1;
      line = nl + 1;
    }
    free(text);
  }
  return done;
}

int main(int argc, char **argv) {
  int is_long = fu_long_mode(argc, argv);
  long kills = fu_arg(argc, argv, "kills", is_long ? 100 : 10);
  nfiles = fu_arg(argc, argv, "files", is_long ? 3000 : 400);
  uint64_t seed = (uint64_t)fu_arg(argc, argv, "seed", (long)time(NULL));
  fu_seed(seed);
  printf("crash safety: %ld kills, %ld files, seed %llu\n", kills, nfiles,
         (unsigned long long)seed);
  dir = fu_tempdir("crash");
  if (!dir) return 1;
  snprintf(store_path, sizeof store_path, "%s/store.db", dir);
  snprintf(src, sizeof src, "%s/src", dir);
  snprintf(log_path, sizeof log_path, "%s/log", dir);
  mkdir(src, 0755);
  ver = malloc((size_t)nfiles * sizeof *ver);
  for (long i = 0; i < nfiles; i++) ver[i] = -1;
  qalam_store *s = NULL;
  if (qalam_store_open(&s, store_path, 0) || fu_add_sections(s)) {
    fprintf(stderr, "setup: %s\n", qalam_error_message());
    return 1;
  }
  qalam_store_close(s);

  /* Round 0: a whole import, timed, to know when to kill the next ones. */
  int killed;
  double took, import_time, insert_time;
  if (write_sources(0)) return 1;
  long done = run_round(0, 1, -1, &killed, &import_time);
  verify(0, 1, done);
  /* ...and a short insert loop. */
  done = run_round(1, 0, import_time / 2, &killed, &insert_time);
  verify(1, 0, done);
  printf("a whole import takes %.2f s; %ld inserts in %.2f s\n", import_time,
         done, insert_time);

  long survived = 0, finished = 0, committed_files = 0, committed_inserts = 0;
  double t0 = fu_now();
  /* Rounds until `kills` children were killed (one that finished first
   * counts as a round, not a kill), at most twice as many rounds. */
  for (long k = 0; survived < kills && k < 2 * kills && fu_failed == 0; k++) {
    long round = k + 2;
    int import = (k % 3) != 2; /* two imports, then an insert loop */
    if (import && write_sources(round)) return 1;
    double when = (double)(fu_rand() % 10000) / 10000.0 * import_time * 1.1;
    done = run_round(round, import, when, &killed, &took);
    verify(round, import, done);
    if (killed) survived++;
    else finished++;
    if (import) committed_files += done;
    else committed_inserts += done;
    if (is_long && (k + 1) % 10 == 0)
      printf("  %ld rounds, %ld kills, %.0f s\n", k + 1, survived,
             fu_now() - t0);
    fflush(stdout);
  }
  printf("%ld kills survived (%ld rounds finished before their kill); "
         "%ld files and %ld inserts reported committed and found whole; "
         "%zu articles inserted in all\n",
         survived, finished, committed_files, committed_inserts, nins);
  if (!fu_failed) fu_rmtree(dir);
  else fprintf(stderr, "store left in %s (seed %llu)\n", dir,
               (unsigned long long)seed);
  free(dir);
  free(ver);
  free(ins);
  return fu_summary();
}
