/* store.c - opening stores, settings and sections (qalam/store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "qalam/text.h"
#include "store_internal.h"
#include "utf8.h"

static int load_setting(void *ctx, const char *key, const char *value) {
  qalam_store *s = ctx;
  char **field = !strcmp(key, "title")      ? &s->title
                 : !strcmp(key, "base_url") ? &s->base_url
                 : !strcmp(key, "lang")     ? &s->lang
                                            : NULL;
  if (field) return qalam__article_set_string(field, value);
  if (!strcmp(key, "offset")) s->offset = atoi(value);
  return QALAM_OK; /* settings of later versions are kept, not read */
}

static void free_settings(qalam_store *s) {
  qalam__free(s->title);
  qalam__free(s->base_url);
  qalam__free(s->lang);
}

int qalam_store_open(qalam_store **out, const char *path, unsigned int flags) {
  qalam__error_clear();
  int rc;
  if (!out) return qalam__error(QALAM_EINVAL, "out is NULL");
  if ((rc = qalam__check_text(path, "path"))) return rc;
  if (flags & ~QALAM_STORE_READONLY)
    return qalam__error(QALAM_EINVAL, "unknown store flags 0x%x", flags);
  qalam_store *s = qalam__calloc(1, sizeof *s);
  if (!s) return qalam__oom();
  s->readonly = (flags & QALAM_STORE_READONLY) != 0;
  if ((rc = qalam__db_open(&s->db, path, s->readonly)) ||
      (rc = qalam__article_set_string(&s->title, "")) ||
      (rc = qalam__article_set_string(&s->base_url, "")) ||
      (rc = qalam__article_set_string(&s->lang, "en")) ||
      (rc = qalam__db_settings(s->db, load_setting, s))) {
    qalam_store_close(s);
    return rc;
  }
  *out = s;
  return QALAM_OK;
}

void qalam_store_close(qalam_store *s) {
  if (!s) return;
  qalam__db_close(s->db);
  free_settings(s);
  qalam__free(s);
}

const char *qalam_store_title(const qalam_store *s) { return s ? s->title : NULL; }
const char *qalam_store_base_url(const qalam_store *s) {
  return s ? s->base_url : NULL;
}
const char *qalam_store_lang(const qalam_store *s) { return s ? s->lang : NULL; }
int qalam_store_offset(const qalam_store *s) { return s ? s->offset : 0; }

static int writable(const qalam_store *s) {
  if (!s) return qalam__error(QALAM_EINVAL, "store is NULL");
  if (s->readonly)
    return qalam__error(QALAM_EREADONLY, "the store was opened read-only");
  return QALAM_OK;
}

/* Writes a setting, then updates the cached copy; nothing changes on
 * failure. */
static int set_setting(qalam_store *s, char **field, const char *key,
                       const char *value) {
  char *copy = qalam__strdup(value);
  if (!copy) return qalam__oom();
  int rc = qalam__db_set_setting(s->db, key, value);
  if (rc) {
    qalam__free(copy);
    return rc;
  }
  qalam__free(*field);
  *field = copy;
  return QALAM_OK;
}

int qalam_store_set_title(qalam_store *s, const char *title) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc || (rc = qalam__check_text(title, "title"))) return rc;
  return set_setting(s, &s->title, "title", title);
}

int qalam_store_set_base_url(qalam_store *s, const char *url) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc || (rc = qalam__check_text(url, "base_url")) ||
      (rc = qalam__check_url(url, "base_url")))
    return rc;
  size_t n = strlen(url);
  while (n > 0 && url[n - 1] == '/') n--;
  char *trimmed = qalam__strndup(url, n);
  if (!trimmed) return qalam__oom();
  rc = set_setting(s, &s->base_url, "base_url", trimmed);
  qalam__free(trimmed);
  return rc;
}

int qalam_store_set_lang(qalam_store *s, const char *lang) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc || (rc = qalam__check_text(lang, "lang")) ||
      (rc = qalam__check_lang(lang, "lang")))
    return rc;
  return set_setting(s, &s->lang, "lang", lang);
}

int qalam_store_set_offset(qalam_store *s, int minutes) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc) return rc;
  if (minutes < -1439 || minutes > 1439)
    return qalam__error(QALAM_EINVAL,
                        "UTC offset %d minutes is outside -1439..1439",
                        minutes);
  char text[16];
  snprintf(text, sizeof text, "%d", minutes);
  if ((rc = qalam__db_set_setting(s->db, "offset", text))) return rc;
  s->offset = minutes;
  return QALAM_OK;
}

/* --- Sections ------------------------------------------------------------ */

static int check_section_name(const char *name) {
  int rc = qalam__check_text(name, "name");
  if (rc) return rc;
  const char *p = name;
  while (*p == ' ') p++;
  if (*p == '\0') return qalam__error(QALAM_EINVAL, "section name is empty");
  return QALAM_OK;
}

int qalam_section_add(qalam_store *s, const char *slug, const char *name,
                      int position) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc || (rc = qalam__check_text(slug, "slug")) ||
      (rc = qalam__check_slug(slug, "section slug")) ||
      (rc = check_section_name(name)))
    return rc;
  return qalam__db_section_add(s->db, slug, name, position);
}

int qalam_section_update(qalam_store *s, const char *slug, const char *name,
                         int position) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc || (rc = qalam__check_text(slug, "slug")) ||
      (name && (rc = check_section_name(name))))
    return rc;
  return qalam__db_section_update(s->db, slug, name, position);
}

int qalam_section_delete(qalam_store *s, const char *slug) {
  qalam__error_clear();
  int rc = writable(s);
  if (rc || (rc = qalam__check_text(slug, "slug"))) return rc;
  return qalam__db_section_delete(s->db, slug);
}

int qalam__section_list_push(qalam_section_list *l, const char *slug,
                             const char *name, int position) {
  size_t n = l->count + 1;
  char **slugs = qalam__realloc(l->slugs, n * sizeof *slugs);
  if (slugs) l->slugs = slugs;
  char **names = slugs ? qalam__realloc(l->names, n * sizeof *names) : NULL;
  if (names) l->names = names;
  int *pos = names ? qalam__realloc(l->positions, n * sizeof *pos) : NULL;
  if (pos) l->positions = pos;
  char *s = pos ? qalam__strdup(slug) : NULL;
  char *m = s ? qalam__strdup(name) : NULL;
  if (!m) {
    qalam__free(s);
    return qalam__oom();
  }
  l->slugs[l->count] = s;
  l->names[l->count] = m;
  l->positions[l->count] = position;
  l->count = n;
  return QALAM_OK;
}

int qalam_section_list_open(qalam_section_list **out, qalam_store *s) {
  qalam__error_clear();
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  qalam_section_list *l = qalam__calloc(1, sizeof *l);
  if (!l) return qalam__oom();
  int rc = qalam__db_section_list(s->db, l);
  if (rc) {
    qalam_section_list_free(l);
    return rc;
  }
  *out = l;
  return QALAM_OK;
}

size_t qalam_section_list_count(const qalam_section_list *l) {
  return l ? l->count : 0;
}
const char *qalam_section_list_slug(const qalam_section_list *l, size_t i) {
  return l && i < l->count ? l->slugs[i] : NULL;
}
const char *qalam_section_list_name(const qalam_section_list *l, size_t i) {
  return l && i < l->count ? l->names[i] : NULL;
}
int qalam_section_list_position(const qalam_section_list *l, size_t i) {
  return l && i < l->count ? l->positions[i] : 0;
}

void qalam_section_list_free(qalam_section_list *l) {
  if (!l) return;
  for (size_t i = 0; i < l->count; i++) {
    qalam__free(l->slugs[i]);
    qalam__free(l->names[i]);
  }
  qalam__free(l->slugs);
  qalam__free(l->names);
  qalam__free(l->positions);
  qalam__free(l);
}
