/* alloc.c - the replaceable allocator (qalam/sys/alloc.h). */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "qalam/sys/alloc.h"

static void *libc_malloc(size_t size, void *payload) {
  (void)payload;
  return malloc(size);
}
static void *libc_realloc(void *ptr, size_t size, void *payload) {
  (void)payload;
  return realloc(ptr, size);
}
static void libc_free(void *ptr, void *payload) {
  (void)payload;
  free(ptr);
}

static qalam_allocator current = {QALAM_ALLOCATOR_VERSION, libc_malloc,
                                  libc_realloc, libc_free, NULL};

int qalam_set_allocator(const qalam_allocator *allocator) {
  qalam__error_clear();
  if (allocator == NULL) {
    qalam_allocator libc = {QALAM_ALLOCATOR_VERSION, libc_malloc,
                            libc_realloc, libc_free, NULL};
    current = libc;
    return QALAM_OK;
  }
  if (allocator->version != QALAM_ALLOCATOR_VERSION)
    return qalam__error(QALAM_EINVAL,
                        "unknown allocator version %u (this library knows %d)",
                        allocator->version, QALAM_ALLOCATOR_VERSION);
  if (!allocator->malloc || !allocator->realloc || !allocator->free)
    return qalam__error(QALAM_EINVAL,
                        "allocator malloc, realloc and free must all be set");
  current = *allocator;
  return QALAM_OK;
}

void *qalam__malloc(size_t size) {
  return current.malloc(size ? size : 1, current.payload);
}

void *qalam__calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = qalam__malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *qalam__realloc(void *ptr, size_t size) {
  if (ptr == NULL) return qalam__malloc(size);
  return current.realloc(ptr, size ? size : 1, current.payload);
}

void qalam__free(void *ptr) {
  if (ptr) current.free(ptr, current.payload);
}

void qalam_free(void *ptr) { qalam__free(ptr); }

char *qalam__strndup(const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *copy = qalam__malloc(len + 1);
  if (copy) {
    memcpy(copy, s, len);
    copy[len] = '\0';
  }
  return copy;
}

char *qalam__strdup(const char *s) { return qalam__strndup(s, strlen(s)); }
