/* changes.c - the change list of a store (qalam/changes.h): checks the
 * arguments and asks the backend. */
#include "error.h"
#include "store_internal.h"

int qalam_store_revision(int64_t *out, qalam_store *store) {
  qalam__error_clear();
  if (!out || !store)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  return qalam__db_revision(store->db, out);
}

int qalam_changes(qalam_change **out, size_t *count, qalam_store *store,
                  int64_t after, size_t limit) {
  qalam__error_clear();
  if (!out || !count || !store)
    return qalam__error(QALAM_EINVAL, "%s is NULL",
                        !out ? "out" : !count ? "count" : "store");
  if (after < 0)
    return qalam__error(QALAM_EINVAL,
                        "after is %lld; revisions start at 0",
                        (long long)after);
  return qalam__db_changes(store->db, after, limit, out, count);
}
