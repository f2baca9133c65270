/* markdown_mem.c - the allocator cmark renders with (markdown_internal.h).
 *
 * cmark's allocator callbacks take no context argument, so the render in
 * progress on this thread is found through a thread-local pointer. A render
 * never calls back into user code, so renders cannot nest on one thread. */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "markdown_internal.h"

_Static_assert(sizeof(qalam_md_block) % _Alignof(max_align_t) == 0,
               "block header must keep the payload aligned");

static _Thread_local qalam_md_mem *current;

/* Does not return: the render is abandoned and qalam__md_run() frees what
 * it allocated. */
static _Noreturn void md_fail(qalam_md_mem *m) { longjmp(m->jump, 1); }

static void *md_link(qalam_md_mem *m, qalam_md_block *b) {
  b->next = m->live.next;
  b->prev = &m->live;
  m->live.next->prev = b;
  m->live.next = b;
  return b + 1;
}

static void *md_calloc(size_t count, size_t size) {
  qalam_md_mem *m = current;
  if (size && count > (SIZE_MAX - sizeof(qalam_md_block)) / size) md_fail(m);
  size_t bytes = count * size;
  qalam_md_block *b = qalam__malloc(sizeof(qalam_md_block) + bytes);
  if (!b) md_fail(m);
  memset(b + 1, 0, bytes);
  return md_link(m, b);
}

static void *md_realloc(void *ptr, size_t size) {
  if (size > SIZE_MAX - sizeof(qalam_md_block)) md_fail(current);
  if (ptr == NULL) {
    qalam_md_mem *m = current;
    qalam_md_block *b = qalam__malloc(sizeof(qalam_md_block) + size);
    if (!b) md_fail(m);
    return md_link(m, b);
  }
  qalam_md_block *old = (qalam_md_block *)ptr - 1;
  /* On failure the old block stays allocated and on the list. */
  qalam_md_block *b = qalam__realloc(old, sizeof(qalam_md_block) + size);
  if (!b) md_fail(current);
  if (b != old) { /* moved: the neighbours still point at the old place */
    b->prev->next = b;
    b->next->prev = b;
  }
  return b + 1;
}

static void md_free(void *ptr) {
  if (ptr == NULL) return;
  qalam_md_block *b = (qalam_md_block *)ptr - 1;
  b->prev->next = b->next;
  b->next->prev = b->prev;
  qalam__free(b);
}

void *qalam__md_realloc(void *ptr, size_t size) {
  return md_realloc(ptr, size);
}

static void md_release(qalam_md_mem *m) {
  qalam_md_block *b = m->live.next;
  while (b != &m->live) {
    qalam_md_block *next = b->next;
    qalam__free(b);
    b = next;
  }
  m->live.next = m->live.prev = &m->live;
}

/* setjmp lives alone in this function: its own locals are never modified
 * after setjmp, and everything the job changes is in *m and *arg, which
 * belong to the caller's frame and so keep their values across longjmp. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int md_guarded(qalam_md_mem *m, qalam_md_job job, void *arg) {
  if (setjmp(m->jump) != 0) return qalam__oom();
  return job(m, arg);
}

int qalam__md_run(qalam_md_job job, void *arg) {
  qalam_md_mem m;
  m.mem.calloc = md_calloc;
  m.mem.realloc = md_realloc;
  m.mem.free = md_free;
  m.live.next = m.live.prev = &m.live;
  qalam_md_mem *outer = current; /* NULL: renders do not nest */
  current = &m;
  int rc = md_guarded(&m, job, arg);
  md_release(&m);
  current = outer;
  return rc;
}
