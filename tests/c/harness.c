/* harness.c - test runner, counting and failure-injecting allocator. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "harness.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int harness_check_failed;

static long live_blocks;
static long alloc_count;  /* allocations since the sweep armed */
static long fail_at;      /* 0: never fail */
static int fail_once;     /* fail only allocation number fail_at */
static long failures_injected;

static int should_fail(void) {
  if (fail_at == 0) return 0;
  alloc_count++;
  if (alloc_count == fail_at || (!fail_once && alloc_count > fail_at)) {
    failures_injected++;
    return 1;
  }
  return 0;
}

/* A header in front of every block keeps the count honest and lets realloc
 * and free find it. */
typedef union header {
  size_t size;
  max_align_t align;
} header;

static void *t_malloc(size_t size, void *payload) {
  (void)payload;
  if (should_fail()) return NULL;
  header *h = malloc(sizeof(header) + size);
  if (!h) return NULL;
  h->size = size;
  live_blocks++;
  return h + 1;
}

static void *t_realloc(void *ptr, size_t size, void *payload) {
  (void)payload;
  if (should_fail()) return NULL;
  header *h = realloc((header *)ptr - 1, sizeof(header) + size);
  if (!h) return NULL;
  h->size = size;
  return h + 1;
}

static void t_free(void *ptr, void *payload) {
  (void)payload;
  live_blocks--;
  free((header *)ptr - 1);
}

long harness_live_blocks(void) { return live_blocks; }

void harness_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "  %s:%d: ", file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  harness_check_failed = 1;
}

static int wanted(const char *name, const char *filter) {
  return filter == NULL || strstr(name, filter) != NULL;
}

/* One sweep over a scenario; returns the number of failure points tried or
 * -1 on a defect. */
static long sweep(const harness_scenario *sc, int once) {
  for (long n = 1;; n++) {
    /* Leaks are counted once the teardown has run: blocks the scenario
     * leaves in objects the setup made (caches) are theirs to free. */
    long before = live_blocks;
    if (sc->setup && sc->setup() != QALAM_OK) {
      fprintf(stderr, "  %s: setup failed: %s\n", sc->name,
              qalam_error_message());
      return -1;
    }
    alloc_count = 0;
    failures_injected = 0;
    fail_once = once;
    fail_at = n;
    int rc = sc->run();
    fail_at = 0;
    int code = qalam_error_code();
    char message[512];
    snprintf(message, sizeof message, "%s", qalam_error_message());
    if (sc->teardown) sc->teardown();
    long leaked = live_blocks - before;
    if (leaked) {
      fprintf(stderr, "  %s: %ld block(s) leaked when allocation %ld failed\n",
              sc->name, leaked, n);
      return -1;
    }
    if (failures_injected == 0) {
      if (rc != QALAM_OK) {
        fprintf(stderr, "  %s: failed with no injected failure: %s: %s\n",
                sc->name, qalam_strerror(rc), message);
        return -1;
      }
      return n - 1;
    }
    if (rc == QALAM_OK) continue; /* recovered, or the failure was tolerated */
    if (rc != QALAM_ENOMEM || code != QALAM_ENOMEM ||
        strstr(message, "out of memory") == NULL) {
      fprintf(stderr,
              "  %s: allocation %ld failed: got %s (%s), expected "
              "QALAM_ENOMEM\n",
              sc->name, n, qalam_strerror(rc), message);
      return -1;
    }
  }
}

int harness_main(int argc, char **argv, const harness_test *tests,
                 size_t ntests, const harness_scenario *scenarios,
                 size_t nscenarios) {
  const char *filter = argc > 1 ? argv[1] : NULL;
  qalam_allocator counting = {QALAM_ALLOCATOR_VERSION, t_malloc, t_realloc,
                              t_free, NULL};
  if (qalam_set_allocator(&counting) != QALAM_OK) {
    fprintf(stderr, "cannot install the test allocator: %s\n",
            qalam_error_message());
    return 1;
  }
  int passed = 0, failed = 0;
  for (size_t i = 0; i < ntests; i++) {
    if (!wanted(tests[i].name, filter)) continue;
    harness_check_failed = 0;
    long before = live_blocks;
    tests[i].run();
    if (live_blocks != before) {
      fprintf(stderr, "  %ld block(s) leaked\n", live_blocks - before);
      harness_check_failed = 1;
    }
    printf("%s %s\n", harness_check_failed ? "FAIL" : "ok  ", tests[i].name);
    if (harness_check_failed) failed++; else passed++;
  }
  for (size_t i = 0; i < nscenarios; i++) {
    if (!wanted(scenarios[i].name, filter)) continue;
    long a = sweep(&scenarios[i], 0);
    long b = a < 0 ? -1 : sweep(&scenarios[i], 1);
    int ok = a >= 0 && b >= 0;
    printf("%s allocation failures: %s (%ld points)\n", ok ? "ok  " : "FAIL",
           scenarios[i].name, ok ? a + b : 0);
    if (ok) passed++; else failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

/* The same counting, failing allocator for other libraries' hooks. */
void *harness_malloc(size_t size) { return t_malloc(size, NULL); }
void *harness_realloc(void *ptr, size_t size) {
  return ptr ? t_realloc(ptr, size, NULL) : t_malloc(size, NULL);
}
void harness_free(void *ptr) {
  if (ptr) t_free(ptr, NULL);
}
size_t harness_size(void *ptr) { return ptr ? ((header *)ptr - 1)->size : 0; }

int harness_tmpdir(char *dir, size_t size, const char *name) {
  int n = snprintf(dir, size, "/tmp/qalam-%s-XXXXXX", name);
  if (n < 0 || (size_t)n >= size) return -1;
  return mkdtemp(dir) ? 0 : -1;
}

int harness_rmtree(const char *dir) {
  char cmd[600];
  int n = snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (n < 0 || (size_t)n >= sizeof cmd || strchr(dir, '\'')) return -1;
  return system(cmd) == 0 ? 0 : -1;
}
