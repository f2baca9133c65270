/* article.c - the article object: getters, setters, copies. */
#include <string.h>

#include "alloc.h"
#include "article_internal.h"
#include "error.h"
#include "qalam/date.h"
#include "qalam/text.h"
#include "utf8.h"

int qalam_article_new(qalam_article **out) {
  qalam__error_clear();
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  qalam_article *a = qalam__calloc(1, sizeof *a);
  if (!a) return qalam__oom();
  a->status = QALAM_PUBLISHED;
  *out = a;
  return QALAM_OK;
}

static void free_list(char **list, size_t n) {
  for (size_t i = 0; i < n; i++) qalam__free(list[i]);
  qalam__free(list);
}

void qalam_article_free(qalam_article *a) {
  if (!a || a->lender) return; /* lent articles belong to their cursor */
  char **fields[] = {&a->slug, &a->lang, &a->title, &a->lead,
                     &a->body, &a->html, &a->author, &a->source_url};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    qalam__free(*fields[i]);
  free_list(a->sections, a->nsections);
  free_list(a->tags, a->ntags);
  qalam__free(a);
}

void qalam__article_lend_reset(qalam_article *a, void *lender,
                               qalam__article_loader load) {
  memset(a, 0, sizeof *a);
  a->lender = lender;
  a->load = load;
  a->unloaded = QALAM__LOAD_BODY | QALAM__LOAD_LISTS;
}

/* Loads a lent article's deferred part; getters cannot fail, so a failed
 * load leaves the field empty and the reason in qalam_error_message(). */
static const qalam_article *loaded(const qalam_article *a, unsigned int what) {
  if (a->lender && (a->unloaded & what)) {
    qalam_article *m = (qalam_article *)a; /* lent articles are mutable */
    if (m->load(m->lender, m, what) == QALAM_OK) m->unloaded &= ~what;
  }
  return a;
}

int64_t qalam_article_id(const qalam_article *a) { return a ? a->id : 0; }
int64_t qalam_article_published(const qalam_article *a) {
  return a ? a->published : 0;
}
int64_t qalam_article_updated(const qalam_article *a) {
  return a ? a->updated : 0;
}
int64_t qalam_article_story(const qalam_article *a) {
  return a ? a->story : 0;
}
qalam_status qalam_article_status(const qalam_article *a) {
  return a ? a->status : QALAM_DRAFT;
}

#define GETTER(name)                                                       \
  const char *qalam_article_##name(const qalam_article *a) {               \
    return a ? a->name : NULL;                                             \
  }
GETTER(slug)
GETTER(lang)
GETTER(title)
GETTER(lead)
GETTER(author)
GETTER(source_url)
#undef GETTER

const char *qalam_article_body(const qalam_article *a) {
  return a ? loaded(a, QALAM__LOAD_BODY)->body : NULL;
}
const char *qalam_article_html(const qalam_article *a) {
  return a ? loaded(a, QALAM__LOAD_BODY)->html : NULL;
}
size_t qalam_article_section_count(const qalam_article *a) {
  return a ? loaded(a, QALAM__LOAD_LISTS)->nsections : 0;
}
const char *qalam_article_section(const qalam_article *a, size_t i) {
  return a && i < qalam_article_section_count(a) ? a->sections[i] : NULL;
}
size_t qalam_article_tag_count(const qalam_article *a) {
  return a ? loaded(a, QALAM__LOAD_LISTS)->ntags : 0;
}
const char *qalam_article_tag(const qalam_article *a, size_t i) {
  return a && i < qalam_article_tag_count(a) ? a->tags[i] : NULL;
}

int qalam__article_set_string(char **field, const char *value) {
  char *copy = NULL;
  if (value && !(copy = qalam__strdup(value))) return qalam__oom();
  qalam__free(*field);
  *field = copy;
  return QALAM_OK;
}

/* Common entry checks of the setters. */
static int setter_check(const qalam_article *a, const char *value,
                        const char *what, int required) {
  if (!a) return qalam__error(QALAM_EINVAL, "article is NULL");
  if (a->lender)
    return qalam__error(QALAM_EINVAL,
                        "cannot change an article lent by a cursor: copy it "
                        "with qalam_article_copy() first");
  if (!value)
    return required ? qalam__error(QALAM_EINVAL, "%s is NULL", what)
                    : QALAM_OK;
  return qalam__check_text(value, what);
}

static int has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 && *s != '\t') return 1;
  return 0;
}

int qalam_article_set_title(qalam_article *a, const char *title) {
  qalam__error_clear();
  int rc = setter_check(a, title, "title", 1);
  if (rc) return rc;
  const char *p = title;
  while (*p == ' ' || *p == '\t') p++;
  if (*p == '\0') return qalam__error(QALAM_EINVAL, "title is empty");
  if (has_control(title))
    return qalam__error(QALAM_EINVAL,
                        "title contains a line break or control character");
  return qalam__article_set_string(&a->title, title);
}

int qalam_article_set_body(qalam_article *a, const char *body) {
  qalam__error_clear();
  int rc = setter_check(a, body, "body", 1);
  if (rc) return rc;
  return qalam__article_set_string(&a->body, body);
}

int qalam_article_set_lead(qalam_article *a, const char *lead) {
  qalam__error_clear();
  int rc = setter_check(a, lead, "lead", 0);
  if (rc) return rc;
  return qalam__article_set_string(&a->lead, lead);
}

int qalam_article_set_author(qalam_article *a, const char *author) {
  qalam__error_clear();
  int rc = setter_check(a, author, "author", 0);
  if (rc) return rc;
  if (author && has_control(author))
    return qalam__error(QALAM_EINVAL,
                        "author contains a line break or control character");
  return qalam__article_set_string(&a->author, author);
}

int qalam_article_set_slug(qalam_article *a, const char *slug) {
  qalam__error_clear();
  int rc = setter_check(a, slug, "slug", 0);
  if (rc) return rc;
  if (slug && (rc = qalam__check_slug(slug, "slug"))) return rc;
  return qalam__article_set_string(&a->slug, slug);
}

int qalam_article_set_lang(qalam_article *a, const char *lang) {
  qalam__error_clear();
  int rc = setter_check(a, lang, "lang", 0);
  if (rc) return rc;
  if (lang && (rc = qalam__check_lang(lang, "lang"))) return rc;
  return qalam__article_set_string(&a->lang, lang);
}

int qalam_article_set_source_url(qalam_article *a, const char *url) {
  qalam__error_clear();
  int rc = setter_check(a, url, "source_url", 0);
  if (rc) return rc;
  if (url && (rc = qalam__check_url(url, "source_url"))) return rc;
  return qalam__article_set_string(&a->source_url, url);
}

int qalam_article_set_status(qalam_article *a, qalam_status status) {
  qalam__error_clear();
  int rc = setter_check(a, NULL, "status", 0);
  if (rc) return rc;
  if (status != QALAM_DRAFT && status != QALAM_PUBLISHED)
    return qalam__error(QALAM_EINVAL, "unknown status %d", (int)status);
  a->status = status;
  return QALAM_OK;
}

int qalam_article_set_published(qalam_article *a, int64_t published) {
  qalam__error_clear();
  int rc = setter_check(a, NULL, "published", 0);
  if (rc) return rc;
  if (published != 0 &&
      (published < QALAM_TIME_MIN || published > QALAM_TIME_MAX))
    return qalam__error(QALAM_EINVAL,
                        "publication time %lld is outside years 1..9999",
                        (long long)published);
  a->published = published;
  return QALAM_OK;
}

int qalam_article_set_story(qalam_article *a, int64_t id) {
  qalam__error_clear();
  int rc = setter_check(a, NULL, "story", 0);
  if (rc) return rc;
  if (id < 0) return qalam__error(QALAM_EINVAL, "story id %lld is negative",
                                  (long long)id);
  a->story = id;
  return QALAM_OK;
}

/* Copies `n` strings, dropping duplicates, after `check` accepts each. */
static int copy_list(char ***out, size_t *nout, const char *const *items,
                     size_t n, const char *what,
                     int (*check)(const char *, const char *)) {
  if (n && !items) return qalam__error(QALAM_EINVAL, "%s is NULL", what);
  for (size_t i = 0; i < n; i++) {
    int rc = qalam__check_text(items[i], what);
    if (rc || (rc = check(items[i], what))) return rc;
  }
  char **list = n ? qalam__calloc(n, sizeof *list) : NULL;
  if (n && !list) return qalam__oom();
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    int dup = 0;
    for (size_t j = 0; j < kept && !dup; j++) dup = !strcmp(list[j], items[i]);
    if (dup) continue;
    if (!(list[kept] = qalam__strdup(items[i]))) {
      free_list(list, kept);
      return qalam__oom();
    }
    kept++;
  }
  *out = list;
  *nout = kept;
  return QALAM_OK;
}

static int check_tag(const char *tag, const char *what) {
  const char *p = tag;
  while (*p == ' ') p++;
  if (*p == '\0') return qalam__error(QALAM_EINVAL, "%s: a tag is empty", what);
  if (has_control(tag))
    return qalam__error(QALAM_EINVAL, "%s: a tag contains a control character",
                        what);
  return QALAM_OK;
}

int qalam_article_set_sections(qalam_article *a, const char *const *slugs,
                               size_t count) {
  qalam__error_clear();
  int rc = setter_check(a, NULL, "sections", 0);
  char **list = NULL;
  size_t n = 0;
  if (rc || (rc = copy_list(&list, &n, slugs, count, "sections",
                            qalam__check_slug)))
    return rc;
  free_list(a->sections, a->nsections);
  a->sections = list;
  a->nsections = n;
  return QALAM_OK;
}

int qalam_article_set_tags(qalam_article *a, const char *const *tags,
                           size_t count) {
  qalam__error_clear();
  int rc = setter_check(a, NULL, "tags", 0);
  char **list = NULL;
  size_t n = 0;
  if (rc || (rc = copy_list(&list, &n, tags, count, "tags", check_tag)))
    return rc;
  free_list(a->tags, a->ntags);
  a->tags = list;
  a->ntags = n;
  return QALAM_OK;
}

int qalam_article_copy(qalam_article **out, const qalam_article *src) {
  qalam__error_clear();
  if (!out || !src)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "article" : "out");
  /* Load a lent article's deferred parts before copying them. */
  qalam_article_html(src);
  qalam_article_section_count(src);
  if (src->lender && src->unloaded) return qalam_error_code();
  qalam_article *a = qalam__calloc(1, sizeof *a);
  if (!a) return qalam__oom();
  a->id = src->id;
  a->published = src->published;
  a->updated = src->updated;
  a->story = src->story;
  a->status = src->status;
  const char *const from[] = {src->slug, src->lang,   src->title,
                              src->lead, src->body,   src->html,
                              src->author, src->source_url};
  char **to[] = {&a->slug, &a->lang, &a->title, &a->lead,
                 &a->body, &a->html, &a->author, &a->source_url};
  int rc = QALAM_OK;
  for (size_t i = 0; i < sizeof to / sizeof *to && !rc; i++)
    rc = qalam__article_set_string(to[i], from[i]);
  if (!rc)
    rc = copy_list(&a->sections, &a->nsections,
                   (const char *const *)src->sections, src->nsections,
                   "sections", qalam__check_slug);
  if (!rc)
    rc = copy_list(&a->tags, &a->ntags, (const char *const *)src->tags,
                   src->ntags, "tags", check_tag);
  if (rc) {
    qalam_article_free(a);
    return rc;
  }
  *out = a;
  return QALAM_OK;
}
