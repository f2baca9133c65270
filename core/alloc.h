/* alloc.h - the one allocator every heap allocation in qalam goes through. */
#ifndef QALAM_CORE_ALLOC_H
#define QALAM_CORE_ALLOC_H

#include <stddef.h>

/* Return NULL on failure (or size 0 overflow); they never abort and never
 * set the error message: callers report QALAM_ENOMEM themselves (see
 * qalam__oom() in error.h). */
void *qalam__malloc(size_t size);
void *qalam__calloc(size_t count, size_t size);
/* On failure `ptr` is left allocated and untouched. */
void *qalam__realloc(void *ptr, size_t size);
void qalam__free(void *ptr);
/* A copy of the NUL-terminated `s` (or of its first `len` bytes). */
char *qalam__strdup(const char *s);
char *qalam__strndup(const char *s, size_t len);

#endif
