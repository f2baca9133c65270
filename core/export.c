#define _POSIX_C_SOURCE 200809L
/* export.c - qalam_export(): every article to <dir>/<lang>/<slug>.md with
 * YAML front matter written by libyaml's emitter (so that quoting is always
 * right), plus <dir>/_sections.yaml and <dir>/_site.yaml. Each file is
 * written under a temporary name and renamed into place. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "files_internal.h"
#include "qalam/date.h"
#include "qalam/files.h"
#include "qalam/query.h"
#include "store_internal.h"
#include "utf8.h"

/* --- YAML writer ----------------------------------------------------------- */

typedef struct writer {
  yaml_emitter_t emitter;
  qalam_buf *out;
} writer;

/* How a scalar is written. */
enum {
  AUTO,   /* plain when it reads back as the same string, else quoted */
  QUOTED, /* always double-quoted, on one line (free text) */
  PLAIN   /* plain: values of a known safe form (dates, numbers) */
};

static int to_buf(void *data, unsigned char *bytes, size_t size) {
  qalam_buf *buf = data;
  qalam__buf_put(buf, (const char *)bytes, size);
  return !buf->failed;
}

static int yaml_failed(writer *w) {
  if (w->out->failed || w->emitter.error == YAML_MEMORY_ERROR)
    return qalam__oom();
  return qalam__error(QALAM_EINVAL, "cannot write YAML: %s",
                      w->emitter.problem ? w->emitter.problem : "error");
}

/* Emits an initialised event (`made` is the initialiser's result). */
static int emit(writer *w, int made, yaml_event_t *event) {
  if (!made) return qalam__oom(); /* libyaml copies strings with malloc */
  return yaml_emitter_emit(&w->emitter, event) ? QALAM_OK : yaml_failed(w);
}

static int scalar(writer *w, const char *value, int how) {
  yaml_event_t ev;
  int plain = how == PLAIN || (how == AUTO && qalam__yaml_plain_ok(value));
  int made = yaml_scalar_event_initialize(
      &ev, NULL, NULL, (yaml_char_t *)value, (int)strlen(value), plain, 1,
      how == QUOTED ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
  return emit(w, made, &ev);
}

static int pair(writer *w, const char *key, const char *value, int how) {
  int rc = scalar(w, key, PLAIN);
  return rc ? rc : scalar(w, value, how);
}

static int mapping_start(writer *w) {
  yaml_event_t ev;
  return emit(w,
              yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                  YAML_BLOCK_MAPPING_STYLE),
              &ev);
}

static int mapping_end(writer *w) {
  yaml_event_t ev;
  return emit(w, yaml_mapping_end_event_initialize(&ev), &ev);
}

/* key: [a, b, c] */
static int list(writer *w, const char *key, size_t count,
                const char *(*item)(const qalam_article *, size_t),
                const qalam_article *a) {
  yaml_event_t ev;
  int rc = scalar(w, key, PLAIN);
  if (!rc)
    rc = emit(w,
              yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                                   YAML_FLOW_SEQUENCE_STYLE),
              &ev);
  for (size_t i = 0; i < count && !rc; i++) rc = scalar(w, item(a, i), AUTO);
  if (!rc) rc = emit(w, yaml_sequence_end_event_initialize(&ev), &ev);
  return rc;
}

/* Starts a document into `out`; the writer is deleted by writer_end()
 * whatever happens. */
static int writer_begin(writer *w, qalam_buf *out) {
  yaml_event_t ev;
  w->out = out;
  if (!yaml_emitter_initialize(&w->emitter)) {
    memset(&w->emitter, 0, sizeof w->emitter); /* safe to delete */
    return qalam__oom();
  }
  yaml_emitter_set_output(&w->emitter, to_buf, out);
  yaml_emitter_set_unicode(&w->emitter, 1);
  yaml_emitter_set_width(&w->emitter, -1); /* never fold lines */
  yaml_emitter_set_break(&w->emitter, YAML_LN_BREAK);
  int rc = emit(w, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING),
                &ev);
  if (!rc)
    rc = emit(w,
              yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1),
              &ev);
  return rc;
}

static int writer_end(writer *w, int rc) {
  yaml_event_t ev;
  if (!rc) rc = emit(w, yaml_document_end_event_initialize(&ev, 1), &ev);
  if (!rc) rc = emit(w, yaml_stream_end_event_initialize(&ev), &ev);
  if (!rc && !yaml_emitter_flush(&w->emitter)) rc = yaml_failed(w);
  yaml_emitter_delete(&w->emitter);
  return rc;
}

/* --- Files ----------------------------------------------------------------- */

static int io_error(const char *doing, const char *path, int e) {
  return qalam__error(QALAM_EIO, "cannot %s '%s': %s", doing, path,
                      strerror(e));
}

/* mkdir -p */
static int make_dirs(const char *dir) {
  char *p = qalam__strdup(dir);
  if (!p) return qalam__oom();
  int rc = QALAM_OK;
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s != '\0') continue;
    char c = *s;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      rc = io_error("create the folder", p, errno);
      break;
    }
    *s = c;
    if (c == '\0') break;
  }
  struct stat st;
  if (!rc && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
    rc = io_error("create the folder", dir, stat(dir, &st) ? errno : ENOTDIR);
  qalam__free(p);
  return rc;
}

static char *join(const char *a, const char *b, const char *c) {
  size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
  char *p = qalam__malloc(la + lb + lc + 1);
  if (!p) return NULL;
  memcpy(p, a, la);
  memcpy(p + la, b, lb);
  memcpy(p + la + lb, c, lc + 1);
  return p;
}

/* Writes `data` to `path` through a temporary file in the same folder
 * (named with a leading '.', which imports skip), renamed into place. */
static int write_file(const char *path, const char *data, size_t len) {
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  char *tmp = qalam__malloc(strlen(path) + 16);
  if (!tmp) return qalam__oom();
  memcpy(tmp, path, dirlen);
  sprintf(tmp + dirlen, ".%s.XXXXXX", path + dirlen);
  int fd = mkstemp(tmp), rc = QALAM_OK;
  if (fd < 0) {
    rc = io_error("write", path, errno);
    qalam__free(tmp);
    return rc;
  }
  (void)fchmod(fd, 0644);
  for (size_t done = 0; done < len && !rc;) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      rc = io_error("write", path, errno);
    else
      done += (size_t)n;
  }
  if (!rc && fsync(fd) != 0) rc = io_error("write", path, errno);
  if (close(fd) != 0 && !rc) rc = io_error("write", path, errno);
  if (!rc && rename(tmp, path) != 0) rc = io_error("write", path, errno);
  if (rc) unlink(tmp);
  qalam__free(tmp);
  return rc;
}

/* --- Articles -------------------------------------------------------------- */

/* "lang/slug" of the first article of story `id` (or, when that one is
 * gone, of the group's oldest article); NULL when there is none. */
static int story_ref(char **out, qalam_store *s, int64_t id) {
  qalam_article *t = NULL;
  const qalam_article *lent = NULL;
  qalam_cursor *c = NULL;
  *out = NULL;
  int rc = qalam_article_get(&t, s, id);
  if (rc == QALAM_ENOTFOUND) {
    qalam_query q = QALAM_QUERY_INIT;
    q.story = id;
    q.limit = 1;
    q.flags = QALAM_QUERY_UNLISTED | QALAM_QUERY_OLDEST_FIRST;
    rc = qalam_cursor_open(&c, s, &q);
    if (!rc) rc = qalam_cursor_next(&lent, c);
    if (rc == QALAM_ITEROVER) rc = QALAM_OK;
  }
  const qalam_article *a = t ? t : lent;
  if (!rc && a &&
      !(*out = join(qalam_article_lang(a), "/", qalam_article_slug(a))))
    rc = qalam__oom();
  qalam_article_free(t);
  qalam_cursor_free(c);
  return rc;
}

/* The whole file of an article: front matter, a blank line, the body. */
static int article_text(qalam_buf *out, qalam_store *s,
                        const qalam_article *a) {
  char *date = NULL, *story = NULL;
  int rc = qalam_date_rfc3339(&date, qalam_article_published(a),
                              qalam_store_offset(s));
  if (!rc && qalam_article_story(a))
    rc = story_ref(&story, s, qalam_article_story(a));
  if (rc) goto done;
  qalam__buf_puts(out, "---\n");
  writer w;
  if (!(rc = writer_begin(&w, out))) {
    const char *lead = qalam_article_lead(a), *author = qalam_article_author(a),
               *source = qalam_article_source_url(a);
    if (!(rc = mapping_start(&w)) &&
        !(rc = pair(&w, "title", qalam_article_title(a), QUOTED)) &&
        !(rc = pair(&w, "date", date, PLAIN)) &&
        !(rc = pair(&w, "slug", qalam_article_slug(a), AUTO)) &&
        !(rc = pair(&w, "lang", qalam_article_lang(a), AUTO)) &&
        !(qalam_article_status(a) == QALAM_DRAFT &&
          (rc = pair(&w, "draft", "true", PLAIN))) &&
        !(qalam_article_section_count(a) &&
          (rc = list(&w, "sections", qalam_article_section_count(a),
                     qalam_article_section, a))) &&
        !(qalam_article_tag_count(a) &&
          (rc = list(&w, "tags", qalam_article_tag_count(a), qalam_article_tag,
                     a))) &&
        !(lead && (rc = pair(&w, "lead", lead, QUOTED))) &&
        !(author && (rc = pair(&w, "author", author, QUOTED))) &&
        !(source && (rc = pair(&w, "source", source, AUTO))) &&
        !(story && (rc = pair(&w, "story", story, AUTO))))
      rc = mapping_end(&w);
  }
  rc = writer_end(&w, rc);
  if (rc) goto done;
  qalam__buf_puts(out, "---\n\n");
  qalam__buf_puts(out, qalam_article_body(a) ? qalam_article_body(a) : "");
  if (out->failed) rc = qalam__oom();
done:
  qalam_free(date);
  qalam__free(story);
  return rc;
}

static int export_article(qalam_store *s, const char *dir,
                          const qalam_article *lent) {
  qalam_article *a = NULL;
  qalam_buf text = QALAM_BUF_INIT;
  char *folder = NULL, *path = NULL;
  /* A copy, so that a failure to load the body or lists is an error and
   * not an empty field. */
  int rc = qalam_article_copy(&a, lent);
  if (!rc) rc = article_text(&text, s, a);
  if (!rc && (!(folder = join(dir, "/", qalam_article_lang(a))) ||
              !(path = join(folder, "/", qalam_article_slug(a)))))
    rc = qalam__oom();
  char *file = NULL;
  if (!rc && !(file = join(path, ".md", ""))) rc = qalam__oom();
  if (!rc) rc = make_dirs(folder);
  if (!rc) rc = write_file(file, text.ptr ? text.ptr : "", text.len);
  qalam__free(file);
  qalam__free(path);
  qalam__free(folder);
  qalam__buf_free(&text);
  qalam_article_free(a);
  return rc;
}

/* --- _sections.yaml and _site.yaml ----------------------------------------- */

static int sections_text(qalam_buf *out, qalam_store *s) {
  qalam_section_list *l = NULL;
  int rc = qalam_section_list_open(&l, s);
  if (rc) return rc;
  size_t n = qalam_section_list_count(l);
  qalam__buf_puts(out, "# Sections: slug, name and position on the front "
                       "page (lower first).\n");
  writer w;
  yaml_event_t ev;
  if (!(rc = writer_begin(&w, out)))
    rc = emit(&w,
              yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                                   n ? YAML_BLOCK_SEQUENCE_STYLE
                                                     : YAML_FLOW_SEQUENCE_STYLE),
              &ev);
  for (size_t i = 0; i < n && !rc; i++) {
    char position[16];
    snprintf(position, sizeof position, "%d", qalam_section_list_position(l, i));
    if (!(rc = mapping_start(&w)) &&
        !(rc = pair(&w, "slug", qalam_section_list_slug(l, i), AUTO)) &&
        !(rc = pair(&w, "name", qalam_section_list_name(l, i), QUOTED)) &&
        !(rc = pair(&w, "position", position, PLAIN)))
      rc = mapping_end(&w);
  }
  if (!rc) rc = emit(&w, yaml_sequence_end_event_initialize(&ev), &ev);
  rc = writer_end(&w, rc);
  qalam_section_list_free(l);
  return rc;
}

static int site_text(qalam_buf *out, qalam_store *s) {
  int offset = qalam_store_offset(s), m = offset < 0 ? -offset : offset;
  char zone[16];
  snprintf(zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+', m / 60,
           m % 60);
  qalam__buf_puts(out, "# Site settings: title, base_url, default language "
                       "of articles, UTC offset.\n");
  writer w;
  int rc = writer_begin(&w, out);
  if (!rc && !(rc = mapping_start(&w)) &&
      !(rc = pair(&w, "title", qalam_store_title(s), QUOTED)) &&
      !(rc = pair(&w, "base_url", qalam_store_base_url(s), AUTO)) &&
      !(rc = pair(&w, "lang", qalam_store_lang(s), AUTO)) &&
      !(rc = pair(&w, "offset", zone, QUOTED)))
    rc = mapping_end(&w);
  return writer_end(&w, rc);
}

static int export_yaml(qalam_store *s, const char *dir, const char *name,
                       int (*make)(qalam_buf *, qalam_store *)) {
  qalam_buf text = QALAM_BUF_INIT;
  char *path = join(dir, "/", name);
  int rc = path ? make(&text, s) : qalam__oom();
  if (!rc && text.failed) rc = qalam__oom();
  if (!rc) rc = write_file(path, text.ptr ? text.ptr : "", text.len);
  qalam__buf_free(&text);
  qalam__free(path);
  return rc;
}

int qalam_export(size_t *count, qalam_store *store, const char *dir) {
  qalam__error_clear();
  int rc;
  if (!store) return qalam__error(QALAM_EINVAL, "store is NULL");
  if ((rc = qalam__check_text(dir, "dir"))) return rc;
  if (!dir[0]) return qalam__error(QALAM_EINVAL, "dir is empty");
  size_t len = strlen(dir);
  while (len > 1 && dir[len - 1] == '/') len--;
  char *root = qalam__strndup(dir, len);
  if (!root) return qalam__oom();

  qalam_cursor *c = NULL;
  const qalam_article *a;
  size_t n = 0;
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED | QALAM_QUERY_OLDEST_FIRST;
  if (!(rc = make_dirs(root)) && !(rc = qalam_cursor_open(&c, store, &q))) {
    while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK &&
           !(rc = export_article(store, root, a)))
      n++;
    if (rc == QALAM_ITEROVER) rc = QALAM_OK;
  }
  qalam_cursor_free(c);
  if (!rc) rc = export_yaml(store, root, "_sections.yaml", sections_text);
  if (!rc) rc = export_yaml(store, root, "_site.yaml", site_text);
  qalam__free(root);
  if (!rc && count) *count = n;
  return rc;
}
