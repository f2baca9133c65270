#define _POSIX_C_SOURCE 200809L
/* import.c - qalam_import(): walking a folder of Markdown files, reading
 * them, writing them to the store in batches, reporting bad files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "files_internal.h"
#include "qalam/date.h"
#include "qalam/files.h"
#include "qalam/text.h"
#include "store_internal.h"
#include "utf8.h"

#define DEFAULT_BATCH 500

int qalam_import_options_init(qalam_import_options *options,
                              unsigned int version) {
  qalam__error_clear();
  if (!options) return qalam__error(QALAM_EINVAL, "options is NULL");
  if (version != QALAM_IMPORT_OPTIONS_VERSION)
    return qalam__error(QALAM_EINVAL, "unknown import options version %u",
                        version);
  qalam_import_options init = QALAM_IMPORT_OPTIONS_INIT;
  *options = init;
  return QALAM_OK;
}

/* --- State of one import --------------------------------------------------- */

/* A translation link to make once every file is in: the article
 * (lang, slug) of file `file` joins the story of (tlang, tslug). */
typedef struct story_link {
  size_t file, line;
  char *lang, *slug, *tlang, *tslug;
  int is_new;
} story_link;

typedef struct importer {
  qalam_store *store;
  qalam_import_error_cb on_error;
  qalam_import_progress_cb progress;
  void *payload;
  size_t batch;
  qalam_import_stats stats;
  size_t batch_new, batch_updated; /* not yet committed */
  int stop;                        /* a callback asked to stop */
  /* Markdown files found, in walk order. */
  char **files;
  size_t nfiles, capfiles;
  /* "lang/slug" of the articles imported so far -> file index + 1. */
  char **seen_keys;
  size_t *seen_files;
  size_t seen_cap, seen_count;
  /* Sections of the store, and those created by this import. */
  char **sections;
  size_t nsections, capsections;
  int max_position;
  story_link *links;
  size_t nlinks, caplinks;
  char message[1024]; /* the message of a fatal error */
} importer;

/* Codes that stop the import rather than count against one file. */
static int is_fatal(int rc) {
  return rc == QALAM_ENOMEM || rc == QALAM_EBUSY || rc == QALAM_EREADONLY ||
         rc == QALAM_EIO || rc == QALAM_ECORRUPT || rc == QALAM_ESCHEMA;
}

/* Remembers a fatal error's message, so that cleanup cannot lose it. */
static int fatal(importer *im, int rc) {
  snprintf(im->message, sizeof im->message, "%s", qalam_error_message());
  return rc;
}

/* Reports a bad file with the current error message and counts it. */
static void report(importer *im, const char *path, size_t line, int code) {
  char message[1024];
  snprintf(message, sizeof message, "%s", qalam_error_message());
  im->stats.failed++;
  if (im->on_error && im->on_error(path, line, code, message, im->payload))
    im->stop = 1;
}

static int grow(void **items, size_t *cap, size_t count, size_t size) {
  if (count < *cap) return QALAM_OK;
  size_t n = *cap ? *cap * 2 : 16;
  void *p = qalam__realloc(*items, n * size);
  if (!p) return qalam__oom();
  *items = p;
  *cap = n;
  return QALAM_OK;
}

static void free_strings(char **list, size_t n) {
  for (size_t i = 0; i < n; i++) qalam__free(list[i]);
  qalam__free(list);
}

static void importer_free(importer *im) {
  free_strings(im->files, im->nfiles);
  for (size_t i = 0; i < im->seen_cap; i++) qalam__free(im->seen_keys[i]);
  qalam__free(im->seen_keys);
  qalam__free(im->seen_files);
  free_strings(im->sections, im->nsections);
  for (size_t i = 0; i < im->nlinks; i++) {
    qalam__free(im->links[i].lang);
    qalam__free(im->links[i].slug);
    qalam__free(im->links[i].tlang);
    qalam__free(im->links[i].tslug);
  }
  qalam__free(im->links);
}

/* --- The set of (lang, slug) seen ------------------------------------------ */

static size_t hash(const char *s) {
  size_t h = 14695981039346656037u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The slot of `key`: where it is, or the empty slot where it would go. */
static size_t seen_slot(const importer *im, const char *key) {
  size_t i = hash(key) & (im->seen_cap - 1);
  while (im->seen_keys[i] && strcmp(im->seen_keys[i], key) != 0)
    i = (i + 1) & (im->seen_cap - 1);
  return i;
}

/* The file (index + 1) that imported `key`, or 0. */
static size_t seen_find(const importer *im, const char *key) {
  if (!im->seen_cap) return 0;
  size_t i = seen_slot(im, key);
  return im->seen_keys[i] ? im->seen_files[i] : 0;
}

/* Takes `key` (owned) on success. */
static int seen_add(importer *im, char *key, size_t file) {
  if (2 * (im->seen_count + 1) > im->seen_cap) {
    size_t cap = im->seen_cap ? im->seen_cap * 2 : 64;
    char **keys = qalam__calloc(cap, sizeof *keys);
    size_t *files = qalam__calloc(cap, sizeof *files);
    if (!keys || !files) {
      qalam__free(keys);
      qalam__free(files);
      return qalam__oom();
    }
    importer old = *im;
    im->seen_keys = keys;
    im->seen_files = files;
    im->seen_cap = cap;
    for (size_t i = 0; i < old.seen_cap; i++) {
      if (!old.seen_keys[i]) continue;
      size_t j = seen_slot(im, old.seen_keys[i]);
      keys[j] = old.seen_keys[i];
      files[j] = old.seen_files[i];
    }
    qalam__free(old.seen_keys);
    qalam__free(old.seen_files);
  }
  size_t i = seen_slot(im, key);
  im->seen_keys[i] = key;
  im->seen_files[i] = file + 1;
  im->seen_count++;
  return QALAM_OK;
}

/* "a/b": a path in a folder, or the "<lang>/<slug>" key of an article. */
static char *join(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  char *p = qalam__malloc(n + m + 2);
  if (!p) return NULL;
  memcpy(p, a, n);
  p[n] = '/';
  memcpy(p + n + 1, b, m + 1);
  return p;
}

/* --- Walking --------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a > b && strcmp(s + a - b, suffix) == 0;
}

static int is_markdown(const char *name) {
  if (!strcmp(name, "README.md") || !strcmp(name, "README.markdown"))
    return 0; /* a folder's read-me, as on GitHub */
  return ends_with(name, ".md") || ends_with(name, ".markdown");
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A path with bytes that are not UTF-8 replaced by '?', for messages. */
static void printable_path(char *dst, size_t size, const char *path) {
  size_t n = 0, len = strlen(path);
  for (size_t i = 0; i < len && n + 5 < size;) {
    uint32_t cp;
    size_t k = qalam__utf8_decode((const unsigned char *)path + i, len - i, &cp);
    if (k == 0) {
      dst[n++] = '?';
      i++;
    } else {
      memcpy(dst + n, path + i, k);
      n += k;
      i += k;
    }
  }
  dst[n] = '\0';
}

static int add_file(importer *im, char *path) {
  int rc = grow((void **)&im->files, &im->capfiles, im->nfiles,
                sizeof *im->files);
  if (rc) {
    qalam__free(path);
    return rc;
  }
  im->files[im->nfiles++] = path;
  return QALAM_OK;
}

/* Adds the Markdown files under `dir` in name order. An unreadable folder
 * below the top is reported and skipped. */
static int walk(importer *im, const char *dir, int top) {
  DIR *d = opendir(dir);
  if (!d) {
    int e = errno;
    if (top)
      return qalam__error(QALAM_EIO, "cannot read the folder '%s': %s", dir,
                          strerror(e));
    qalam__error(QALAM_EIO, "cannot read the folder: %s", strerror(e));
    report(im, dir, 0, QALAM_EIO);
    return QALAM_OK;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = QALAM_OK;
  struct dirent *ent;
  while (!rc && (ent = readdir(d)) != NULL) {
    if (ent->d_name[0] == '.' || ent->d_name[0] == '_') continue;
    if (!(rc = grow((void **)&names, &cap, n, sizeof *names)) &&
        !(names[n] = qalam__strdup(ent->d_name)))
      rc = qalam__oom();
    if (!rc) n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n && !rc; i++) {
    char *path = join(dir, names[i]);
    if (!path) {
      rc = qalam__oom();
      break;
    }
    struct stat st;
    int is_dir = 0, is_file = 0;
    if (lstat(path, &st) == 0) {
      is_dir = S_ISDIR(st.st_mode); /* links to folders are not followed */
      /* A link to a file is read; a broken one is reported. */
      is_file = S_ISREG(st.st_mode) ||
                (S_ISLNK(st.st_mode) &&
                 (stat(path, &st) != 0 || S_ISREG(st.st_mode)));
    }
    int md = is_file && is_markdown(names[i]);
    if ((is_dir || md) &&
        qalam__utf8_check(names[i], strlen(names[i]), "the name", NULL)) {
      char shown[1024];
      printable_path(shown, sizeof shown, path);
      qalam__error(QALAM_EUTF8, "the %s name is not valid UTF-8",
                   is_dir ? "folder" : "file");
      if (md) im->stats.files++;
      report(im, shown, 0, QALAM_EUTF8);
      qalam__free(path);
    } else if (is_dir) {
      rc = walk(im, path, 0);
      qalam__free(path);
    } else if (md) {
      rc = add_file(im, path);
    } else {
      qalam__free(path);
    }
  }
  free_strings(names, n);
  return rc;
}

/* --- Reading --------------------------------------------------------------- */

/* Reads a whole file; QALAM_EIO (message set) when it cannot. */
static int read_file(char **out, size_t *len, const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return qalam__error(QALAM_EIO, "cannot read the file: %s", strerror(errno));
  qalam_buf buf = QALAM_BUF_INIT;
  int rc = QALAM_OK;
  for (;;) {
    if (qalam__buf_grow(&buf, 65536)) {
      rc = qalam__oom();
      break;
    }
    ssize_t got = read(fd, buf.ptr + buf.len, 65536);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      rc = qalam__error(QALAM_EIO, "cannot read the file: %s", strerror(errno));
      break;
    }
    if (got == 0) break;
    buf.len += (size_t)got;
    buf.ptr[buf.len] = '\0';
  }
  close(fd);
  if (rc) {
    qalam__buf_free(&buf);
    return rc;
  }
  *len = buf.len;
  return qalam__buf_finish(out, &buf);
}

/* The 1-based line of byte `offset`. */
static size_t line_at(const char *text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset; i++)
    if (text[i] == '\n') line++;
  return line;
}

/* What a step returns when it reported the file as bad: the import goes
 * on with the next one. Fatal failures are negative codes. */
#define SKIPPED 1

/* Reads a file that must be UTF-8 text without NUL bytes. */
static int read_text(importer *im, char **out, size_t *len, const char *path) {
  char *text = NULL;
  size_t n = 0, bad;
  int rc = read_file(&text, &n, path);
  if (rc == QALAM_ENOMEM) return fatal(im, rc);
  if (rc) {
    report(im, path, 0, QALAM_EIO);
    return SKIPPED;
  }
  const char *nul = memchr(text, '\0', n);
  size_t line = 0;
  if (nul) {
    line = line_at(text, (size_t)(nul - text));
    rc = qalam__error(QALAM_EINVAL, "the file contains a NUL byte at byte %zu",
                      (size_t)(nul - text));
  } else if ((rc = qalam__utf8_check(text, n, "the file", &bad))) {
    line = line_at(text, bad);
  }
  if (rc) {
    qalam__free(text);
    report(im, path, line, rc);
    return SKIPPED;
  }
  *out = text;
  *len = n;
  return QALAM_OK;
}

/* Tells the caller about a problem without counting a file. */
static void notify(importer *im, const char *path, size_t line, int code) {
  char message[1024];
  snprintf(message, sizeof message, "%s", qalam_error_message());
  if (im->on_error && im->on_error(path, line, code, message, im->payload))
    im->stop = 1;
}

/* A failure of the current file: fatal codes stop, others are reported. */
static int fail(importer *im, const char *path, size_t line, int rc) {
  if (is_fatal(rc)) return fatal(im, rc);
  report(im, path, line, rc);
  return SKIPPED;
}

/* --- Dates ----------------------------------------------------------------- */

/* Rewrites the YAML 1.1 timestamp forms qalam_date_parse() does not read
 * into ones it does: a lowercase 't', spaces before the zone (Jekyll's
 * "2026-02-13 17:40:00 +0500", YAML's "... 21:59:43.10 -5") and a
 * one-digit zone hour. Anything else is copied. */
static void normalise_date(char *out, size_t size, const char *in) {
  size_t n = 0, len = strlen(in);
  int time = 0; /* a ':' has been seen after the date */
  if (len >= size) { /* not a date: parse_date() passes it on as it is */
    out[0] = '\0';
    return;
  }
  for (size_t i = 0; i < len && n + 2 < size; i++) {
    char c = in[i];
    if (i == 10 && c == 't' && in[4] == '-') c = 'T';
    if (i > 10 && c == ':') time = 1;
    if (time && (c == ' ' || c == '\t')) {
      size_t j = i;
      while (in[j] == ' ' || in[j] == '\t') j++;
      if (in[j] == '+' || in[j] == '-' || in[j] == 'Z') continue;
    }
    out[n++] = c;
    if (time && (c == '+' || c == '-') && in[i + 1] >= '0' &&
        in[i + 1] <= '9' && !(in[i + 2] >= '0' && in[i + 2] <= '9'))
      out[n++] = '0';
  }
  out[n] = '\0';
}

static int parse_date(int64_t *out, const char *text, int offset) {
  char norm[96];
  normalise_date(norm, sizeof norm, text);
  return qalam_date_parse(out, NULL, norm[0] ? norm : text, NULL, offset);
}

/* "+05:00", "+0500", "+05", "-03:30", "Z". */
static int parse_offset(int *out, const char *s) {
  if (!strcmp(s, "Z")) return *out = 0, QALAM_OK;
  int sign = s[0] == '+' ? 1 : s[0] == '-' ? -1 : 0, h = 0, m = 0;
  const char *p = s + 1;
  int ok = sign != 0 && p[0] >= '0' && p[0] <= '9' && p[1] >= '0' &&
           p[1] <= '9';
  if (ok) {
    h = (p[0] - '0') * 10 + (p[1] - '0');
    p += 2;
    if (*p == ':') p++;
    if (*p) {
      ok = p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && !p[2];
      if (ok) m = (p[0] - '0') * 10 + (p[1] - '0');
    } else {
      ok = p[-1] != ':';
    }
  }
  if (!ok || h > 23 || m > 59) {
    char q[48];
    return qalam__error(QALAM_EINVAL,
                        "offset '%s' is not a UTC offset such as '+05:00'",
                        qalam__quote(q, sizeof q, s));
  }
  *out = sign * (h * 60 + m);
  return QALAM_OK;
}

/* --- _site.yaml and _sections.yaml ----------------------------------------- */

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Reads an underscore file of folder `dir`: QALAM_OK with *text (NULL when
 * there is none), SKIPPED, or a fatal code. */
static int read_underscore(importer *im, char **path, char **text,
                           size_t *len, const char *dir, const char *name) {
  *text = NULL;
  if (!(*path = join(dir, name))) return fatal(im, qalam__oom());
  if (!exists(*path)) return QALAM_OK;
  return read_text(im, text, len, *path);
}

static int apply_site(importer *im, const char *dir) {
  char *path = NULL, *text = NULL;
  size_t len = 0, line = 0;
  qalam__site site;
  memset(&site, 0, sizeof site);
  int rc = read_underscore(im, &path, &text, &len, dir, "_site.yaml");
  if (rc || !text) goto done;
  if ((rc = qalam__site_parse(&site, text, len, &line))) {
    rc = fail(im, path, line, rc);
    goto done;
  }
  /* Everything is checked before anything is set: a bad file changes
   * nothing. */
  int offset = 0;
  if ((site.lang && (rc = qalam__check_lang(site.lang, "lang")) &&
       (line = site.lang_line)) ||
      (site.offset && (rc = parse_offset(&offset, site.offset)) &&
       (line = site.offset_line)) ||
      (site.base_url && site.base_url[0] &&
       (rc = qalam__check_url(site.base_url, "base_url")) &&
       (line = site.base_url_line))) {
    rc = fail(im, path, line, rc);
    goto done;
  }
  qalam_store *s = im->store;
  if ((site.lang && (rc = qalam_store_set_lang(s, site.lang)) &&
       (line = site.lang_line)) ||
      (site.offset && (rc = qalam_store_set_offset(s, offset)) &&
       (line = site.offset_line)) ||
      (site.title && (rc = qalam_store_set_title(s, site.title)) &&
       (line = site.title_line)) ||
      (site.base_url && site.base_url[0] &&
       (rc = qalam_store_set_base_url(s, site.base_url)) &&
       (line = site.base_url_line)))
    rc = fail(im, path, line, rc);
done:
  qalam__site_free(&site);
  qalam__free(text);
  qalam__free(path);
  return rc;
}

/* Whether the store has section `slug` (as loaded, or made since). */
static int have_section(const importer *im, const char *slug) {
  for (size_t i = 0; i < im->nsections; i++)
    if (!strcmp(im->sections[i], slug)) return 1;
  return 0;
}

static int remember_section(importer *im, const char *slug, int position) {
  int rc = grow((void **)&im->sections, &im->capsections, im->nsections,
                sizeof *im->sections);
  if (rc) return rc;
  if (!(im->sections[im->nsections] = qalam__strdup(slug)))
    return qalam__oom();
  im->nsections++;
  if (position > im->max_position) im->max_position = position;
  return QALAM_OK;
}

static int load_sections(importer *im) {
  qalam_section_list *list = NULL;
  int rc = qalam_section_list_open(&list, im->store);
  free_strings(im->sections, im->nsections);
  im->sections = NULL;
  im->nsections = im->capsections = 0;
  im->max_position = 0;
  for (size_t i = 0; !rc && i < qalam_section_list_count(list); i++)
    rc = remember_section(im, qalam_section_list_slug(list, i),
                          qalam_section_list_position(list, i));
  qalam_section_list_free(list);
  return rc ? fatal(im, rc) : QALAM_OK;
}

static int apply_sections(importer *im, const char *dir) {
  char *path = NULL, *text = NULL;
  size_t len = 0, line = 0;
  qalam__sections list;
  memset(&list, 0, sizeof list);
  int rc = read_underscore(im, &path, &text, &len, dir, "_sections.yaml");
  if (rc || !text) goto done;
  if ((rc = qalam__sections_parse(&list, text, len, &line))) {
    rc = fail(im, path, line, rc);
    goto done;
  }
  for (size_t i = 0; i < list.count; i++) {
    qalam__section_entry *e = &list.items[i];
    if ((rc = qalam__check_slug(e->slug, "section slug"))) {
      rc = fail(im, path, e->line, rc);
      goto done;
    }
  }
  if ((rc = load_sections(im))) goto done;
  /* One transaction: the file applies whole or not at all. */
  if ((rc = qalam__db_begin(im->store->db))) {
    rc = fatal(im, rc);
    goto done;
  }
  for (size_t i = 0; i < list.count && !rc; i++) {
    qalam__section_entry *e = &list.items[i];
    const char *name = e->name ? e->name : e->slug;
    rc = have_section(im, e->slug)
             ? qalam_section_update(im->store, e->slug, name, e->position)
             : qalam_section_add(im->store, e->slug, name, e->position);
    if (!rc) rc = remember_section(im, e->slug, e->position);
    line = e->line;
  }
  if (rc) {
    qalam__db_rollback(im->store->db);
    rc = fail(im, path, line, rc);
  } else if ((rc = qalam__db_commit(im->store->db))) {
    rc = fatal(im, rc);
  }
done:
  qalam__sections_free(&list);
  qalam__free(text);
  qalam__free(path);
  return rc;
}

/* --- One Markdown file ----------------------------------------------------- */

static int is_blank(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  return *s == '\0';
}

/* The slug of a section as written in a file: itself when it is one, else
 * made from it (the text then names the section if it is created). */
static int section_slug(char **out, const char *value, const char *lang) {
  if (!qalam__check_slug(value, "section")) {
    *out = qalam__strdup(value);
    return *out ? QALAM_OK : qalam__oom();
  }
  if (is_blank(value))
    return qalam__error(QALAM_EINVAL, "a section name is empty");
  return qalam_slugify(out, value, lang);
}

/* Splits "lang/slug" (or "slug": the store's language) and checks both. */
static int story_target(char **lang, char **slug, const char *value,
                        const char *default_lang) {
  const char *cut = strchr(value, '/');
  *lang = cut ? qalam__strndup(value, (size_t)(cut - value))
              : qalam__strdup(default_lang);
  *slug = qalam__strdup(cut ? cut + 1 : value);
  if (!*lang || !*slug) return qalam__oom();
  int rc;
  if ((rc = qalam__check_lang(*lang, "story language")) ||
      (rc = qalam__check_slug(*slug, "story slug"))) {
    /* the reason is copied: the new message is written over it */
    char q[204], why[256];
    qalam__quote(why, sizeof why, qalam_error_message());
    return qalam__error(rc, "story '%s' is not 'lang/slug' of an article: %s",
                        qalam__quote(q, sizeof q, value), why);
  }
  return QALAM_OK;
}

static int push_link(importer *im, size_t file, size_t line, const char *lang,
                     const char *slug, char *tlang, char *tslug, int is_new) {
  int rc = grow((void **)&im->links, &im->caplinks, im->nlinks,
                sizeof *im->links);
  if (rc) return rc;
  story_link *l = &im->links[im->nlinks];
  memset(l, 0, sizeof *l);
  l->file = file;
  l->line = line;
  l->is_new = is_new;
  l->lang = qalam__strdup(lang);
  l->slug = qalam__strdup(slug);
  if (!l->lang || !l->slug) {
    qalam__free(l->lang);
    qalam__free(l->slug);
    return qalam__oom();
  }
  l->tlang = tlang;
  l->tslug = tslug;
  im->nlinks++;
  return QALAM_OK;
}

/* Sets the fields of `a` from the file; *line tells which key failed. */
static int fill_article(qalam_article *a, const qalam__fm *fm,
                        const char *slug, const char *lang, int64_t published,
                        int is_new, int64_t story, size_t *line) {
  const char *const *v = (const char *const *)fm->value;
  const size_t *at = fm->line;
  int rc;
  if ((rc = qalam_article_set_title(a, v[QALAM__FM_TITLE])))
    return *line = at[QALAM__FM_TITLE], rc;
  if ((rc = qalam_article_set_body(a, fm->body))) return *line = 0, rc;
  if ((rc = qalam_article_set_slug(a, slug)))
    return *line = at[QALAM__FM_SLUG], rc;
  if ((rc = qalam_article_set_lang(a, lang)))
    return *line = at[QALAM__FM_LANG], rc;
  if ((rc = qalam_article_set_lead(a, v[QALAM__FM_LEAD])))
    return *line = at[QALAM__FM_LEAD], rc;
  if ((rc = qalam_article_set_author(a, v[QALAM__FM_AUTHOR])))
    return *line = at[QALAM__FM_AUTHOR], rc;
  if ((rc = qalam_article_set_source_url(a, v[QALAM__FM_SOURCE])))
    return *line = at[QALAM__FM_SOURCE], rc;
  if ((rc = qalam_article_set_status(a, fm->draft ? QALAM_DRAFT
                                                  : QALAM_PUBLISHED)))
    return *line = at[QALAM__FM_DRAFT], rc;
  /* Without a date a new article gets the time of the import; one already
   * stored keeps its own. */
  if ((published || is_new) &&
      (rc = qalam_article_set_published(a, published)))
    return *line = at[QALAM__FM_DATE], rc;
  if ((rc = qalam_article_set_tags(a, (const char *const *)fm->tags,
                                   fm->ntags)))
    return *line = at[QALAM__FM_TAGS], rc;
  if ((rc = qalam_article_set_story(a, story)))
    return *line = at[QALAM__FM_STORY], rc;
  return QALAM_OK;
}

/* Creates the sections the article needs and saves it, in one savepoint
 * of the batch. */
static int save_article(importer *im, qalam_article *a, const qalam__fm *fm,
                        char **slugs, int is_new, size_t *line) {
  qalam__db *db = im->store->db;
  size_t known = im->nsections;
  int max_position = im->max_position;
  int rc = qalam__db_begin(db);
  if (rc) return *line = 0, rc;
  for (size_t i = 0; i < fm->nsections && !rc; i++) {
    if (have_section(im, slugs[i])) continue;
    rc = qalam_section_add(im->store, slugs[i], fm->sections[i],
                           im->max_position + 1);
    if (!rc) rc = remember_section(im, slugs[i], im->max_position + 1);
    *line = fm->line[QALAM__FM_SECTIONS];
  }
  if (!rc && (rc = qalam_article_set_sections(
                  a, (const char *const *)slugs, fm->nsections)))
    *line = fm->line[QALAM__FM_SECTIONS];
  if (!rc) {
    rc = is_new ? qalam_article_insert(im->store, a)
                : qalam_article_update(im->store, a);
    *line = rc == QALAM_EEXISTS  ? fm->line[QALAM__FM_SLUG]
            : rc == QALAM_ENOTFOUND ? fm->line[QALAM__FM_STORY]
                                    : 1;
  }
  if (!rc) rc = qalam__db_commit(db);
  else qalam__db_rollback(db);
  if (rc) {
    for (size_t i = known; i < im->nsections; i++)
      qalam__free(im->sections[i]);
    im->nsections = known;
    im->max_position = max_position;
  }
  return rc;
}

static int apply(importer *im, size_t index, const qalam__fm *fm) {
  const char *path = im->files[index];
  char *const *v = fm->value;
  const size_t *at = fm->line;
  char *slug = NULL, *key = NULL, *tlang = NULL, *tslug = NULL;
  char **slugs = NULL;
  qalam_article *a = NULL, *target = NULL;
  int64_t published = 0, story = 0;
  int is_new = 0, defer = 0, rc;
  size_t line = 0;
  const char *lang = v[QALAM__FM_LANG] ? v[QALAM__FM_LANG] : im->store->lang;

  if (v[QALAM__FM_LANG] && (rc = qalam__check_lang(lang, "lang"))) {
    line = at[QALAM__FM_LANG];
    goto done;
  }
  if (is_blank(v[QALAM__FM_TITLE])) {
    rc = qalam__error(QALAM_EINVAL, "the title is empty");
    line = at[QALAM__FM_TITLE];
    goto done;
  }
  line = at[QALAM__FM_SLUG];
  if (v[QALAM__FM_SLUG]) {
    if (!(rc = qalam__check_slug(v[QALAM__FM_SLUG], "slug")) &&
        !(slug = qalam__strdup(v[QALAM__FM_SLUG])))
      rc = qalam__oom();
  } else {
    line = at[QALAM__FM_TITLE];
    rc = qalam_slugify(&slug, v[QALAM__FM_TITLE], lang);
  }
  if (rc) goto done;
  if (!(key = join(lang, slug))) {
    rc = qalam__oom();
    goto done;
  }
  size_t other = seen_find(im, key);
  if (other) {
    line = at[QALAM__FM_SLUG] ? at[QALAM__FM_SLUG] : at[QALAM__FM_TITLE];
    rc = qalam__error(QALAM_EEXISTS,
                      "the slug '%s' in language '%s' is taken by %s in "
                      "this import",
                      slug, lang, im->files[other - 1]);
    goto done;
  }
  line = at[QALAM__FM_DATE];
  if (v[QALAM__FM_DATE] &&
      (rc = parse_date(&published, v[QALAM__FM_DATE], im->store->offset)))
    goto done;
  line = at[QALAM__FM_SOURCE];
  if (v[QALAM__FM_SOURCE] && (rc = qalam__check_url(v[QALAM__FM_SOURCE],
                                                    "source")))
    goto done;
  line = at[QALAM__FM_SECTIONS];
  if (fm->nsections) {
    if (!(slugs = qalam__calloc(fm->nsections, sizeof *slugs))) {
      rc = qalam__oom();
      goto done;
    }
    for (size_t i = 0; i < fm->nsections; i++)
      if ((rc = section_slug(&slugs[i], fm->sections[i], lang))) goto done;
  }
  line = at[QALAM__FM_STORY];
  if (v[QALAM__FM_STORY]) {
    if ((rc = story_target(&tlang, &tslug, v[QALAM__FM_STORY],
                           im->store->lang)))
      goto done;
    if (!strcmp(tlang, lang) && !strcmp(tslug, slug)) {
      defer = 1; /* itself: the first article of its story */
    } else {
      rc = qalam_article_get_by_slug(&target, im->store, tslug, tlang);
      if (rc == QALAM_ENOTFOUND) {
        defer = 1; /* later in this import, or an error then */
        rc = QALAM_OK;
      } else if (rc) {
        goto done;
      } else {
        story = qalam_article_id(target);
      }
    }
  }
  line = 0;
  rc = qalam_article_get_by_slug(&a, im->store, slug, lang);
  if (rc == QALAM_ENOTFOUND) {
    is_new = 1;
    rc = qalam_article_new(&a);
  }
  if (rc ||
      (rc = fill_article(a, fm, slug, lang, published, is_new, story, &line)) ||
      (rc = save_article(im, a, fm, slugs, is_new, &line)))
    goto done;
  /* Saved: nothing below may report the file as bad any more. */
  line = 0;
  if ((rc = seen_add(im, key, index))) goto done;
  key = NULL;
  if (is_new)
    im->batch_new++;
  else
    im->batch_updated++;
  if (defer) {
    if ((rc = push_link(im, index, at[QALAM__FM_STORY], lang, slug, tlang,
                        tslug, is_new)))
      goto done;
    tlang = tslug = NULL;
  }
done:
  if (rc) rc = fail(im, path, line, rc);
  if (slugs)
    for (size_t i = 0; i < fm->nsections; i++) qalam__free(slugs[i]);
  qalam__free(slugs);
  qalam__free(slug);
  qalam__free(key);
  qalam__free(tlang);
  qalam__free(tslug);
  qalam_article_free(a);
  qalam_article_free(target);
  return rc;
}

static int process(importer *im, size_t index) {
  const char *path = im->files[index];
  char *text = NULL;
  size_t len = 0, line = 0;
  int rc = read_text(im, &text, &len, path);
  if (rc) return rc;
  qalam__fm fm;
  memset(&fm, 0, sizeof fm);
  if ((rc = qalam__fm_parse(&fm, text, len, &line)))
    rc = fail(im, path, line, rc);
  else
    rc = apply(im, index, &fm);
  qalam__fm_free(&fm);
  qalam__free(text);
  return rc;
}

/* --- Batches --------------------------------------------------------------- */

/* Commits the open batch; a failure rolls it back, is told to on_error
 * (with the path of the import) and stops the import. */
static int commit_batch(importer *im, const char *root) {
  int rc = qalam__db_commit(im->store->db);
  if (rc) {
    rc = fatal(im, rc);
    notify(im, root, 0, rc);
    im->batch_new = im->batch_updated = 0;
    return rc;
  }
  im->stats.imported += im->batch_new;
  im->stats.updated += im->batch_updated;
  im->batch_new = im->batch_updated = 0;
  return QALAM_OK;
}

static int link_one(importer *im, const story_link *l) {
  const char *path = im->files[l->file];
  qalam_article *target = NULL, *a = NULL;
  int rc = qalam_article_get_by_slug(&target, im->store, l->tslug, l->tlang);
  if (rc == QALAM_ENOTFOUND)
    rc = qalam__error(QALAM_ENOTFOUND,
                      "story: no article '%s' in language '%s' to join (the "
                      "article is imported without the link)",
                      l->tslug, l->tlang);
  if (!rc) rc = qalam_article_get_by_slug(&a, im->store, l->slug, l->lang);
  if (!rc) rc = qalam_article_set_story(a, qalam_article_id(target));
  if (!rc) rc = qalam_article_update(im->store, a);
  qalam_article_free(target);
  qalam_article_free(a);
  if (rc && !is_fatal(rc)) {
    /* The file counts as failed, no longer as imported or updated. */
    if (l->is_new && im->stats.imported) im->stats.imported--;
    if (!l->is_new && im->stats.updated) im->stats.updated--;
  }
  return rc ? fail(im, path, l->line, rc) : QALAM_OK;
}

/* Joins the stories whose first article was not there when their file
 * was read, now that every file is in. */
static int link_stories(importer *im, const char *root) {
  size_t in_batch = 0;
  int rc = QALAM_OK;
  for (size_t i = 0; i < im->nlinks && !rc; i++) {
    if (!in_batch && (rc = qalam__db_begin(im->store->db))) {
      rc = fatal(im, rc);
      notify(im, root, 0, rc);
      return rc;
    }
    rc = link_one(im, &im->links[i]);
    if (rc < 0) {
      qalam__db_rollback(im->store->db);
      notify(im, im->files[im->links[i].file], 0, rc);
      return rc;
    }
    rc = QALAM_OK;
    if (++in_batch == im->batch || i + 1 == im->nlinks) {
      in_batch = 0;
      rc = commit_batch(im, root);
    }
  }
  return rc;
}

static int import_files(importer *im, const char *root) {
  size_t in_batch = 0;
  int rc = QALAM_OK;
  for (size_t i = 0; i < im->nfiles && !im->stop; i++) {
    if (!in_batch && (rc = qalam__db_begin(im->store->db))) {
      rc = fatal(im, rc);
      notify(im, root, 0, rc);
      return rc;
    }
    rc = process(im, i);
    if (rc < 0) {
      /* The store failed (disk full, out of memory...): the batch is
       * rolled back, told to on_error (without counting the file) and the
       * import stops. */
      qalam__db_rollback(im->store->db);
      im->batch_new = im->batch_updated = 0;
      notify(im, im->files[i], 0, rc);
      return rc;
    }
    rc = QALAM_OK;
    if (++in_batch == im->batch || i + 1 == im->nfiles || im->stop) {
      in_batch = 0;
      if ((rc = commit_batch(im, root))) return rc;
    }
    if (im->progress && im->progress(i + 1, im->nfiles, im->payload))
      im->stop = 1;
  }
  if (in_batch) rc = commit_batch(im, root);
  return rc;
}

int qalam_import(qalam_store *store, const char *path,
                 const qalam_import_options *options,
                 qalam_import_stats *stats) {
  qalam__error_clear();
  importer im;
  memset(&im, 0, sizeof im);
  int rc = QALAM_OK;
  if (!store)
    rc = qalam__error(QALAM_EINVAL, "store is NULL");
  else if ((rc = qalam__check_text(path, "path")))
    ;
  else if (options && options->version != QALAM_IMPORT_OPTIONS_VERSION)
    rc = qalam__error(QALAM_EINVAL, "unknown import options version %u",
                      options->version);
  else if (store->readonly)
    rc = qalam__error(QALAM_EREADONLY, "the store was opened read-only");
  else if (!path[0])
    rc = qalam__error(QALAM_EINVAL, "path is empty");
  if (rc) {
    if (stats) memset(stats, 0, sizeof *stats);
    return rc;
  }
  im.store = store;
  if (options) {
    im.on_error = options->on_error;
    im.progress = options->progress;
    im.payload = options->payload;
    im.batch = options->batch;
  }
  if (!im.batch) im.batch = DEFAULT_BATCH;

  /* The path without trailing slashes, so that reported paths read well. */
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  char *root = qalam__strndup(path, n);
  struct stat st;
  if (!root) {
    rc = fatal(&im, qalam__oom());
  } else if (stat(root, &st) != 0) {
    int e = errno;
    char q[200];
    rc = fatal(&im, e == ENOENT || e == ENOTDIR
                        ? qalam__error(QALAM_ENOTFOUND,
                                       "no such file or folder '%s'",
                                       qalam__quote(q, sizeof q, path))
                        : qalam__error(QALAM_EIO, "cannot read '%s': %s",
                                       qalam__quote(q, sizeof q, path),
                                       strerror(e)));
  } else if (S_ISDIR(st.st_mode)) {
    /* The walk first, so that a folder that cannot be read changes
     * nothing; then the settings and sections the articles rely on. */
    if ((rc = walk(&im, root, 1))) rc = fatal(&im, rc);
    if (!rc) rc = apply_site(&im, root);
    if (rc == SKIPPED) rc = QALAM_OK;
    if (!rc && !im.stop) rc = apply_sections(&im, root);
    if (rc == SKIPPED) rc = QALAM_OK;
  } else {
    char *copy = qalam__strdup(root);
    rc = copy ? add_file(&im, copy) : qalam__oom();
    if (rc) rc = fatal(&im, rc);
  }
  im.stats.files += im.nfiles;
  if (!rc) rc = load_sections(&im);
  if (!rc && !im.stop) rc = import_files(&im, root);
  if (!rc) rc = link_stories(&im, root);

  if (stats) *stats = im.stats;
  importer_free(&im);
  qalam__free(root);
  if (rc) qalam__error(rc, "%s", im.message);
  return rc;
}
