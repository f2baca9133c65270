/*
 * qalam/store.h - the store: one file that holds a newsroom's articles.
 *
 * A store is a SQLite database file (or ":memory:"), created on demand.
 * It keeps the site's settings, its sections and its articles
 * (qalam/article.h), and answers the queries of qalam/query.h.
 *
 * A store handle may be used by one thread at a time. Several processes may
 * open the same file: one writes at a time (the others wait up to the busy
 * timeout, then get QALAM_EBUSY), readers never block the writer and never
 * see a half-written article. Every write is one transaction: when it fails
 * the store is left as it was.
 */
#ifndef QALAM_STORE_H
#define QALAM_STORE_H

#include "common.h"

QALAM_BEGIN_DECL

typedef struct qalam_store qalam_store;

/* Flags for qalam_store_open(). */
#define QALAM_STORE_DEFAULT 0u
/* Open an existing store for reading only; every write then fails with
 * QALAM_EREADONLY. */
#define QALAM_STORE_READONLY (1u << 0)

/* Opens the store at `path`, creating it (and its schema) when it does not
 * exist and the store is not opened read-only. ":memory:" opens a private
 * store in memory. A store written by an earlier version of qalam is
 * migrated forward when opened read-write.
 *
 * On success *out is a handle to close with qalam_store_close().
 * Errors: QALAM_EINVAL (NULL argument, unknown flags), QALAM_EUTF8 (path),
 * QALAM_ENOTFOUND (read-only and the file does not exist), QALAM_ECORRUPT
 * (the file is not a qalam store, or is damaged), QALAM_ESCHEMA (written by
 * a newer qalam, or needs migrating but opened read-only), QALAM_EBUSY,
 * QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_store_open(qalam_store **out, const char *path,
                               unsigned int flags);

/* Closes the store and frees the handle; NULL is a no-op. Cursors and
 * articles obtained from the store must be freed first: a cursor still
 * open keeps the database open (closing never fails), but using it after
 * this call is undefined. */
QALAM_API void qalam_store_close(qalam_store *store);

/* The schema version this library writes, as kept in the store file's
 * PRAGMA user_version. */
#define QALAM_SCHEMA_VERSION 3

/* --- Settings --------------------------------------------------------------
 * Read when the store is opened and on every set. The getters return
 * strings owned by the store, valid until the same setting changes or the
 * store is closed; they never fail.
 *   title     the site's name                      default ""
 *   base_url  absolute http(s) URL of the site     default ""
 *             (feeds and the sitemap need it)
 *   lang      default language of articles         default "en"
 *   offset    the newsroom's UTC offset, minutes   default 0 (+05:00: 300)
 */
QALAM_API const char *qalam_store_title(const qalam_store *store);
QALAM_API const char *qalam_store_base_url(const qalam_store *store);
QALAM_API const char *qalam_store_lang(const qalam_store *store);
QALAM_API int qalam_store_offset(const qalam_store *store);

/* Setters write through to the file. A trailing '/' of base_url is
 * dropped. Errors: QALAM_EINVAL (NULL, a base URL that is not absolute
 * http or https, a language tag that is not 2-3 letters with an optional
 * region, an offset outside -1439..1439), QALAM_EUTF8, QALAM_EREADONLY,
 * QALAM_EBUSY, QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_store_set_title(qalam_store *store, const char *title);
QALAM_API int qalam_store_set_base_url(qalam_store *store, const char *url);
QALAM_API int qalam_store_set_lang(qalam_store *store, const char *lang);
QALAM_API int qalam_store_set_offset(qalam_store *store, int minutes);

/* --- Sections --------------------------------------------------------------
 * A section has a slug (its key, as a slug: [a-z0-9] words joined by '-'),
 * a display name and a position on the front page (lower first; equal
 * positions in slug order). Articles belong to any number of sections. */

/* Adds a section. Errors: QALAM_EINVAL (NULL, empty name, slug not in slug
 * form), QALAM_EUTF8, QALAM_EEXISTS (slug taken), QALAM_EREADONLY,
 * QALAM_EBUSY, QALAM_EIO, QALAM_ENOMEM. */
QALAM_API int qalam_section_add(qalam_store *store, const char *slug,
                                const char *name, int position);

/* Renames or moves a section. `name` NULL keeps the name.
 * Errors: as qalam_section_add(), and QALAM_ENOTFOUND. */
QALAM_API int qalam_section_update(qalam_store *store, const char *slug,
                                   const char *name, int position);

/* Deletes a section; its articles stay, without it.
 * Errors: QALAM_ENOTFOUND, QALAM_EREADONLY, QALAM_EBUSY, QALAM_EIO,
 * QALAM_ENOMEM. */
QALAM_API int qalam_section_delete(qalam_store *store, const char *slug);

/* A snapshot of the sections in front-page order. Free with
 * qalam_section_list_free(). Errors: QALAM_EINVAL, QALAM_EIO,
 * QALAM_ENOMEM. */
typedef struct qalam_section_list qalam_section_list;
QALAM_API int qalam_section_list_open(qalam_section_list **out,
                                      qalam_store *store);
QALAM_API size_t qalam_section_list_count(const qalam_section_list *list);
/* Fields of the i-th section (0-based); strings owned by the list. An index
 * out of range gives NULL / 0. */
QALAM_API const char *qalam_section_list_slug(const qalam_section_list *list,
                                              size_t i);
QALAM_API const char *qalam_section_list_name(const qalam_section_list *list,
                                              size_t i);
QALAM_API int qalam_section_list_position(const qalam_section_list *list,
                                          size_t i);
QALAM_API void qalam_section_list_free(qalam_section_list *list);

QALAM_END_DECL

#endif
