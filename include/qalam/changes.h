/*
 * qalam/changes.h - what changed in a store since a revision, for the
 * programs that keep something in step with it: a static build that
 * rewrites only the affected pages, an exporter, a search index elsewhere.
 *
 * Every save (create or update) and every delete of an article gives it
 * the store's next revision, in the same transaction as the change itself.
 * A program remembers the last revision it has seen and asks for the
 * changes after it; each article changed since then comes once, with its
 * latest change. A deleted article stays in the list (its id and the
 * revision of the delete) for as long as the store lives; its id is never
 * given to another article.
 *
 * Only articles are tracked: changes to settings and sections (including
 * the articles a deleted section leaves) are not in the list; compare
 * those yourself, they are small.
 */
#ifndef QALAM_CHANGES_H
#define QALAM_CHANGES_H

#include "common.h"
#include "store.h"

QALAM_BEGIN_DECL

/* One article's latest change. This struct is returned in arrays and never
 * grows: its layout is part of the ABI. */
typedef struct qalam_change {
  int64_t id;       /* the article */
  int64_t revision; /* the revision of its latest save or delete */
  int deleted;      /* 1: that change deleted it; 0: it saved it */
} qalam_change;

/* The store's revision: that of the latest save or delete of an article;
 * 0 when no article was ever saved. It only grows. (A store written by a
 * qalam older than changes.h gives its articles revisions 1..N in id order
 * when it is first opened for writing.)
 * Errors: QALAM_EINVAL (NULL argument), QALAM_EIO, QALAM_EBUSY. */
QALAM_API int qalam_store_revision(int64_t *out, qalam_store *store);

/* The articles saved or deleted after revision `after` (0: every article
 * ever saved), oldest change first, at most `limit` of them (0: no limit).
 * *out is a new array of *count changes, freed with qalam_free(); NULL when
 * *count is 0. The array is read in one snapshot: to go on after a limited
 * call, ask again after the revision of its last change.
 * Errors: QALAM_EINVAL (NULL argument, negative `after`), QALAM_ENOMEM,
 * QALAM_EIO, QALAM_EBUSY; on failure *out and *count are left as they were. */
QALAM_API int qalam_changes(qalam_change **out, size_t *count,
                            qalam_store *store, int64_t after, size_t limit);

QALAM_END_DECL

#endif
