/*
 * qalam/article.h - articles: the object, and reading and writing them.
 *
 * An article is a value: qalam_article_new() makes an empty one, setters
 * fill it, qalam_article_insert() stores it (and fills in its id, slug,
 * HTML and times), qalam_article_get() reads one back as a new object.
 * Changing an object changes nothing in the store until
 * qalam_article_update().
 *
 * Strings returned by getters belong to the article and stay valid until
 * the same field is set again or the article is freed (for articles lent by
 * a cursor: until the cursor moves). Getters never fail; a field that is
 * not set reads as NULL (optional text) or 0.
 */
#ifndef QALAM_ARTICLE_H
#define QALAM_ARTICLE_H

#include "common.h"
#include "store.h"

QALAM_BEGIN_DECL

typedef struct qalam_article qalam_article;

typedef enum qalam_status {
  QALAM_DRAFT = 0,
  /* Listed from its publication time on; before that it is "scheduled". */
  QALAM_PUBLISHED = 1
} qalam_status;

/* A new, empty article: status published, language and publication time
 * unset (the store fills in its default language and the current time).
 * Free with qalam_article_free(). Errors: QALAM_EINVAL, QALAM_ENOMEM. */
QALAM_API int qalam_article_new(qalam_article **out);

/* A deep copy, e.g. to keep an article a cursor lent. Errors: QALAM_EINVAL,
 * QALAM_ENOMEM. */
QALAM_API int qalam_article_copy(qalam_article **out,
                                 const qalam_article *article);

/* Frees an article; NULL is a no-op. Never free an article a cursor lent. */
QALAM_API void qalam_article_free(qalam_article *article);

/* --- Getters -------------------------------------------------------------- */
QALAM_API int64_t qalam_article_id(const qalam_article *article); /* 0: new */
QALAM_API const char *qalam_article_slug(const qalam_article *article);
QALAM_API const char *qalam_article_lang(const qalam_article *article);
QALAM_API const char *qalam_article_title(const qalam_article *article);
QALAM_API const char *qalam_article_lead(const qalam_article *article);
/* The Markdown source of the body. */
QALAM_API const char *qalam_article_body(const qalam_article *article);
/* The body rendered to HTML when the article was last saved (safe mode,
 * qalam/markdown.h); NULL for an article never saved. */
QALAM_API const char *qalam_article_html(const qalam_article *article);
QALAM_API const char *qalam_article_author(const qalam_article *article);
QALAM_API const char *qalam_article_source_url(const qalam_article *article);
QALAM_API qalam_status qalam_article_status(const qalam_article *article);
/* Unix seconds; 0 when not set. */
QALAM_API int64_t qalam_article_published(const qalam_article *article);
QALAM_API int64_t qalam_article_updated(const qalam_article *article);
/* Section slugs, in the order they were set. */
QALAM_API size_t qalam_article_section_count(const qalam_article *article);
QALAM_API const char *qalam_article_section(const qalam_article *article,
                                            size_t i);
QALAM_API size_t qalam_article_tag_count(const qalam_article *article);
QALAM_API const char *qalam_article_tag(const qalam_article *article,
                                        size_t i);
/* The id of the first article of this story's translation group, which
 * links articles that are the same story in other languages; 0 when the
 * article stands alone. See qalam_article_translations(). */
QALAM_API int64_t qalam_article_story(const qalam_article *article);

/* --- Setters ---------------------------------------------------------------
 * Each copies its input. Text is validated (QALAM_EUTF8, QALAM_EINVAL); on
 * failure the article is unchanged. Optional fields (slug, lang, lead,
 * author, source_url) are cleared by NULL; title and body must not be
 * NULL. Errors besides those: QALAM_ENOMEM. */
QALAM_API int qalam_article_set_title(qalam_article *article,
                                      const char *title);
/* Empty body is allowed; NULL is not. */
QALAM_API int qalam_article_set_body(qalam_article *article, const char *body);
QALAM_API int qalam_article_set_lead(qalam_article *article, const char *lead);
/* A slug as qalam_slugify() makes them; NULL lets the store generate one
 * from the title. */
QALAM_API int qalam_article_set_slug(qalam_article *article, const char *slug);
/* "kk", "ru", "en", ...: 2-3 letters, optional region ("kk-KZ"). */
QALAM_API int qalam_article_set_lang(qalam_article *article, const char *lang);
QALAM_API int qalam_article_set_author(qalam_article *article,
                                       const char *author);
/* An absolute http or https URL. */
QALAM_API int qalam_article_set_source_url(qalam_article *article,
                                           const char *url);
QALAM_API int qalam_article_set_status(qalam_article *article,
                                       qalam_status status);
/* Unix seconds within QALAM_TIME_MIN..QALAM_TIME_MAX; 0 lets the store use
 * the time of the insert. */
QALAM_API int qalam_article_set_published(qalam_article *article,
                                          int64_t published);
/* Replaces the sections (slugs of existing sections; duplicates are
 * folded) or tags (any non-empty text without control characters;
 * duplicates folded). `count` 0 clears. */
QALAM_API int qalam_article_set_sections(qalam_article *article,
                                         const char *const *slugs,
                                         size_t count);
QALAM_API int qalam_article_set_tags(qalam_article *article,
                                     const char *const *tags, size_t count);
/* Joins the translation group of article `id` (0 leaves any group). The
 * store checks that it exists when the article is saved. */
QALAM_API int qalam_article_set_story(qalam_article *article, int64_t id);

/* --- Reading and writing ---------------------------------------------------
 * Errors common to the writes: QALAM_EREADONLY, QALAM_EBUSY, QALAM_EIO,
 * QALAM_ENOMEM; on any failure the store and the article are unchanged. */

/* Stores a new article (its id must be 0). Fills in the id, the slug (from
 * the title when not set, with "-2", "-3", ... on collision), the language
 * (the store's default when not set), the publication time (now when not
 * set), the update time and the rendered HTML.
 * Errors: QALAM_EINVAL (no title, id already set, an invalid field),
 * QALAM_EEXISTS (a slug set explicitly is taken in that language),
 * QALAM_ENOTFOUND (an unknown section, or story id). */
QALAM_API int qalam_article_insert(qalam_store *store, qalam_article *article);

/* Writes every field of a stored article back (by id), re-renders its HTML
 * and sets its update time to now.
 * Errors: as insert, and QALAM_ENOTFOUND when the id is not in the store. */
QALAM_API int qalam_article_update(qalam_store *store, qalam_article *article);

/* Deletes an article by id. Other articles of its translation group stay.
 * Errors: QALAM_ENOTFOUND. */
QALAM_API int qalam_article_delete(qalam_store *store, int64_t id);

/* Reads an article by id, or by slug and language (`lang` NULL: the
 * store's default language). Drafts and scheduled articles are found too.
 * On success *out is a new article to free with qalam_article_free().
 * Errors: QALAM_EINVAL, QALAM_EUTF8, QALAM_ENOTFOUND, QALAM_EIO,
 * QALAM_ENOMEM. */
QALAM_API int qalam_article_get(qalam_article **out, qalam_store *store,
                                int64_t id);
QALAM_API int qalam_article_get_by_slug(qalam_article **out,
                                        qalam_store *store, const char *slug,
                                        const char *lang);

QALAM_END_DECL

#endif
