/*
 * qalam/query.h - listing, paging, front page, search and "since".
 *
 * Every listing is a cursor: it streams rows from the store (holding one at
 * a time, however many match) and lends each as an article that stays
 * valid until the next qalam_cursor_next() call or qalam_cursor_free().
 * Free every cursor before closing its store.
 *
 * Only listed articles are returned: published, with a publication time
 * not after the query's `now`. Drafts and scheduled articles come only with
 * QALAM_QUERY_UNLISTED.
 */
#ifndef QALAM_QUERY_H
#define QALAM_QUERY_H

#include "article.h"
#include "common.h"
#include "store.h"

QALAM_BEGIN_DECL

#define QALAM_QUERY_VERSION 1

/* Flags for qalam_query.flags. */
/* Oldest first (publication order), as bots read "since". */
#define QALAM_QUERY_OLDEST_FIRST (1u << 0)
/* Drafts and scheduled articles too. */
#define QALAM_QUERY_UNLISTED (1u << 1)

/* What to list. Set it up with QALAM_QUERY_INIT (or qalam_query_init())
 * and change only the fields you need; unset fields mean "any". Strings
 * are borrowed for the duration of the call that takes the query. */
typedef struct qalam_query {
  unsigned int version; /* QALAM_QUERY_VERSION */
  const char *section;  /* a section slug (QALAM_ENOTFOUND if unknown) */
  const char *lang;     /* a language */
  const char *tag;      /* a tag */
  int64_t story;        /* the articles of one translation group */
  int64_t since;        /* published at or after this time */
  int64_t since_id;     /* ids greater than this */
  size_t limit;         /* at most this many articles; 0: no limit */
  size_t page;          /* 1-based page of `limit` articles; 0: first */
  const char *after;    /* a token from qalam_cursor_token(): the page
                           after it (keyset paging; overrides `page`) */
  int64_t now;          /* the time that decides what is scheduled;
                           0: the current time */
  unsigned int flags;   /* QALAM_QUERY_* */
} qalam_query;

#define QALAM_QUERY_INIT                                                   \
  {QALAM_QUERY_VERSION, NULL, NULL, NULL, 0, 0, 0, 0, 0, NULL, 0, 0u}

/* Initialises `query` as QALAM_QUERY_INIT does, for bindings that cannot
 * use the macro. Errors: QALAM_EINVAL (NULL, unknown version). */
QALAM_API int qalam_query_init(qalam_query *query, unsigned int version);

typedef struct qalam_cursor qalam_cursor;

/* Newest first (or oldest first with QALAM_QUERY_OLDEST_FIRST), ties by id.
 * `query` NULL lists every listed article.
 * Errors: QALAM_EINVAL (NULL, unknown query version or flags, an invalid
 * token), QALAM_EUTF8, QALAM_ENOTFOUND (unknown section), QALAM_EIO,
 * QALAM_ENOMEM. */
QALAM_API int qalam_cursor_open(qalam_cursor **out, qalam_store *store,
                                const qalam_query *query);

/* The latest `per_section` listed articles of each section, section by
 * section in front-page order (qalam_cursor_section() says which); an
 * article in two sections comes in both. `query` may narrow by language
 * and set `now`; its other fields are ignored. */
QALAM_API int qalam_cursor_open_front_page(qalam_cursor **out,
                                           qalam_store *store,
                                           size_t per_section,
                                           const qalam_query *query);

/* Full-text search over title, lead and body text, best match first.
 * `text` is words to find (all of them, any case; Kazakh and Russian
 * included); a word ending in '*' matches as a prefix; FTS query syntax is
 * not interpreted. `query` may filter and limit as for qalam_cursor_open().
 * qalam_cursor_snippet() gives each hit's highlighted snippet.
 * Errors: as qalam_cursor_open(), and QALAM_EINVAL for text with no word. */
QALAM_API int qalam_cursor_open_search(qalam_cursor **out, qalam_store *store,
                                       const char *text,
                                       const qalam_query *query);

/* Lends the next article in *out. Returns QALAM_OK, QALAM_ITEROVER at the
 * end (and every later call), or an error (QALAM_EBUSY, QALAM_EIO,
 * QALAM_ENOMEM) after which the cursor can only be freed. */
QALAM_API int qalam_cursor_next(const qalam_article **out,
                                qalam_cursor *cursor);

/* For front-page cursors, the slug of the section the current article is
 * listed under; for a query with a section, that section; else NULL.
 * Valid until the cursor moves. */
QALAM_API const char *qalam_cursor_section(const qalam_cursor *cursor);

/* For search cursors, the current hit's snippet as HTML: the text is
 * escaped and the matched words are wrapped in <mark>...</mark>, cut parts
 * marked by "…". NULL for other cursors. Valid until the cursor moves. */
QALAM_API const char *qalam_cursor_snippet(const qalam_cursor *cursor);

/* The token for the page after the last article returned, for
 * qalam_query.after: when the query had a limit and more articles follow,
 * *out is a new string to free with qalam_free(); otherwise *out is NULL.
 * Tokens stay valid while articles are added or removed.
 * Errors: QALAM_EINVAL, QALAM_ENOMEM. */
QALAM_API int qalam_cursor_token(char **out, const qalam_cursor *cursor);

/* Frees the cursor; NULL is a no-op. */
QALAM_API void qalam_cursor_free(qalam_cursor *cursor);

/* How many articles the query matches, ignoring limit, page and after:
 * with limit L, there are ceil(count / L) pages.
 * Errors: as qalam_cursor_open(). */
QALAM_API int qalam_article_count(size_t *out, qalam_store *store,
                                  const qalam_query *query);

/* The languages of the articles listed at the query's `now`, in byte
 * order, as a site's language switcher or a build's list of languages
 * needs them: one index probe a language, however many articles there
 * are. `query` may set `now`; its other fields are ignored (NULL: the
 * current time). *out is an array of *count strings in one block, freed
 * with one qalam_free() (NULL when *count is 0).
 * Errors: QALAM_EINVAL (NULL, unknown query version), QALAM_EIO,
 * QALAM_ENOMEM. (Since 0.4.) */
QALAM_API int qalam_article_languages(char ***out, size_t *count,
                                      qalam_store *store,
                                      const qalam_query *query);

QALAM_END_DECL

#endif
