/*
 * alloc_fail.h - an allocator for the fuzz targets that counts blocks and
 * can fail from the N-th allocation on (or only the N-th), chosen by the
 * input: an allocation failure must give QALAM_ENOMEM, leave nothing
 * allocated and never crash (docs/conventions.md).
 */
#ifndef QALAM_FUZZ_ALLOC_FAIL_H
#define QALAM_FUZZ_ALLOC_FAIL_H

#include <qalam/sys/alloc.h>

#include "fuzz.h"

typedef struct fuzz_alloc {
  size_t calls;   /* malloc and realloc calls so far */
  size_t fail_at; /* 1-based call that fails first; 0: none */
  int only_once;  /* fail only that call, not every one after it */
  size_t failed;  /* calls failed */
  long live;      /* blocks handed out and not freed */
} fuzz_alloc;

static fuzz_alloc fuzz_alloc_state;

static int fuzz_alloc_should_fail(void) {
  fuzz_alloc *a = &fuzz_alloc_state;
  a->calls++;
  if (a->fail_at == 0 || a->calls < a->fail_at)
    return 0;
  if (a->only_once && a->calls != a->fail_at)
    return 0;
  a->failed++;
  return 1;
}

static void *fuzz_alloc_malloc(size_t size, void *payload) {
  (void)payload;
  FUZZ_CHECK(size > 0, "malloc(0)");
  if (fuzz_alloc_should_fail())
    return NULL;
  void *p = malloc(size);
  if (p)
    fuzz_alloc_state.live++;
  return p;
}

static void *fuzz_alloc_realloc(void *ptr, size_t size, void *payload) {
  (void)payload;
  FUZZ_CHECK(size > 0, "realloc(p, 0)");
  if (fuzz_alloc_should_fail())
    return NULL;
  void *p = realloc(ptr, size);
  if (p && !ptr)
    fuzz_alloc_state.live++;
  return p;
}

static void fuzz_alloc_free(void *ptr, void *payload) {
  (void)payload;
  if (ptr)
    fuzz_alloc_state.live--;
  free(ptr);
}

/* Installs the counting allocator, failing at `fail_at` (0: never). */
static inline void fuzz_alloc_begin(size_t fail_at, int only_once) {
  static const qalam_allocator a = {QALAM_ALLOCATOR_VERSION,
                                    fuzz_alloc_malloc, fuzz_alloc_realloc,
                                    fuzz_alloc_free, NULL};
  memset(&fuzz_alloc_state, 0, sizeof fuzz_alloc_state);
  fuzz_alloc_state.fail_at = fail_at;
  fuzz_alloc_state.only_once = only_once;
  FUZZ_CHECK(qalam_set_allocator(&a) == QALAM_OK, "set_allocator");
}

/* Checks that every block was freed and puts malloc back. */
static inline void fuzz_alloc_end(void) {
  FUZZ_CHECK(fuzz_alloc_state.live == 0, "%ld blocks leaked",
             fuzz_alloc_state.live);
  qalam_set_allocator(NULL);
}

#endif
