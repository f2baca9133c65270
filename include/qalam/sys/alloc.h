/*
 * qalam/sys/alloc.h - replacing the allocator.
 *
 * Headers under qalam/sys/ are extension hooks with a weaker promise than
 * the rest of the API: they are stable within an ABI version, but meant for
 * embedders and tests, not for everyday use.
 *
 * Every heap allocation qalam makes, including those of the Markdown engine,
 * goes through one allocator. Replacing it lets a host account for memory
 * or inject allocation failures: a NULL return makes the failing call
 * return QALAM_ENOMEM, with nothing leaked and nothing half-written.
 */
#ifndef QALAM_SYS_ALLOC_H
#define QALAM_SYS_ALLOC_H

#include "../common.h"

QALAM_BEGIN_DECL

#define QALAM_ALLOCATOR_VERSION 1

typedef struct qalam_allocator {
  unsigned int version; /* QALAM_ALLOCATOR_VERSION */
  /* Like malloc(3), realloc(3) and free(3), with the payload passed back.
   * malloc and realloc are never called with size 0. realloc may fail and
   * then must leave `ptr` untouched. */
  void *(*malloc)(size_t size, void *payload);
  void *(*realloc)(void *ptr, size_t size, void *payload);
  void (*free)(void *ptr, void *payload);
  void *payload;
} qalam_allocator;

#define QALAM_ALLOCATOR_INIT {QALAM_ALLOCATOR_VERSION, NULL, NULL, NULL, NULL}

/* Installs `allocator` (copied) for every later allocation; NULL restores
 * the C library's malloc. Not thread-safe: call it before any other qalam
 * call, or while no other thread uses qalam, and only when every block the
 * previous allocator handed out has been freed.
 *
 * Errors: QALAM_EINVAL when the version is unknown or a function is NULL. */
QALAM_API int qalam_set_allocator(const qalam_allocator *allocator);

QALAM_END_DECL

#endif
