/* harness.h - a small test harness for the C tests.
 *
 * Each test file defines TEST functions and lists them, plus allocation
 * failure scenarios, in a main() that calls harness_main(). Every test runs
 * with a counting allocator: a test that leaves a block allocated fails. */
#ifndef QALAM_TEST_HARNESS_H
#define QALAM_TEST_HARNESS_H

#include <qalam.h>
#include <qalam/sys/alloc.h>
#include <stdio.h>
#include <string.h>

extern int harness_check_failed;

void harness_fail(const char *file, int line, const char *fmt, ...);

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);     \
  } while (0)

#define CHECK_INT(actual, expected)                                        \
  do {                                                                     \
    long long a_ = (long long)(actual), e_ = (long long)(expected);        \
    if (a_ != e_)                                                          \
      harness_fail(__FILE__, __LINE__, "%s is %lld, expected %lld",        \
                   #actual, a_, e_);                                       \
  } while (0)

#define CHECK_STR(actual, expected)                                        \
  do {                                                                     \
    const char *a_ = (actual), *e_ = (expected);                           \
    if (a_ == NULL || e_ == NULL ? a_ != e_ : strcmp(a_, e_) != 0)         \
      harness_fail(__FILE__, __LINE__, "%s is\n    [%s]\n  expected\n    [%s]", \
                   #actual, a_ ? a_ : "(null)", e_ ? e_ : "(null)");       \
  } while (0)

/* The call must succeed; on failure the library's message is shown. */
#define CHECK_OK(call)                                                     \
  do {                                                                     \
    int rc_ = (call);                                                      \
    if (rc_ != QALAM_OK)                                                   \
      harness_fail(__FILE__, __LINE__, "%s failed: %s: %s", #call,         \
                   qalam_strerror(rc_), qalam_error_message());            \
  } while (0)

/* The call must fail with `code` and leave a non-empty message. */
#define CHECK_ERR(call, code)                                              \
  do {                                                                     \
    int rc_ = (call);                                                      \
    if (rc_ != (code))                                                     \
      harness_fail(__FILE__, __LINE__, "%s returned %s, expected %s",      \
                   #call, qalam_strerror(rc_), qalam_strerror(code));      \
    else if (qalam_error_message()[0] == '\0')                             \
      harness_fail(__FILE__, __LINE__, "%s left no error message", #call); \
  } while (0)

/* The last error message must contain `needle`. */
#define CHECK_MSG(needle)                                                  \
  do {                                                                     \
    if (strstr(qalam_error_message(), (needle)) == NULL)                   \
      harness_fail(__FILE__, __LINE__, "message [%s] lacks [%s]",          \
                   qalam_error_message(), (needle));                       \
  } while (0)

/* For scenarios: return the failure code of a call to the sweep. */
#define TRY(call)                                                          \
  do {                                                                     \
    int rc_ = (call);                                                      \
    if (rc_ != QALAM_OK) return rc_;                                       \
  } while (0)

typedef struct harness_test {
  const char *name;
  void (*run)(void);
} harness_test;

/* A scenario exercises API calls, frees everything it got and returns
 * QALAM_OK or the first failure code. The allocation-failure sweep runs it
 * with the Nth allocation failing, for every N until it runs clean, and
 * requires QALAM_ENOMEM (or success), the "out of memory" message, and no
 * block left allocated, each time. An optional setup runs before each try
 * with no failures injected (e.g. to fill a store the scenario reads), and
 * the teardown after it; so only the calls under test are swept. */
typedef struct harness_scenario {
  const char *name;
  int (*run)(void);
  int (*setup)(void);     /* may be NULL */
  void (*teardown)(void); /* may be NULL */
} harness_scenario;

#define HARNESS_TEST(fn) {#fn, fn}

/* Runs the tests and scenarios (optionally only those whose name contains
 * argv[1]), prints "N passed, N failed" and returns the exit status. */
int harness_main(int argc, char **argv, const harness_test *tests,
                 size_t ntests, const harness_scenario *scenarios,
                 size_t nscenarios);

/* Blocks currently allocated through the library's allocator. */
long harness_live_blocks(void);

/* The harness allocator, for routing another library's allocations
 * through the same counting and failure injection. */
void *harness_malloc(size_t size);
void *harness_realloc(void *ptr, size_t size);
void harness_free(void *ptr);
size_t harness_size(void *ptr);

struct sqlite3;

/* Routes SQLite's allocations through the harness allocator; call before
 * harness_main() and before any other SQLite use (harness_sqlite.c). */
int harness_route_sqlite(void);

/* The first column of the first row of `sql` on `db`, as an integer; -1
 * when the statement fails or returns no row (harness_sqlite.c). */
long long harness_sqlite_int(struct sqlite3 *db, const char *sql);
/* The query plan of `sql`, one step a line, into out (a message saying
 * why when it cannot be prepared) (harness_sqlite.c). */
void harness_sqlite_plan(struct sqlite3 *db, const char *sql, char *out,
                         size_t size);

/* Makes a new folder /tmp/qalam-NAME-XXXXXX and writes its path into
 * `dir` (`size` bytes). Returns 0, or -1 when it cannot. */
int harness_tmpdir(char *dir, size_t size, const char *name);

/* Removes the folder `dir` and everything in it. Returns 0, or -1. */
int harness_rmtree(const char *dir);

#define HARNESS_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
