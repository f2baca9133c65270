/*
 * frontmatter.c - fuzzes qalam_import() of Markdown files with YAML front
 * matter, and the export/import round trip.
 *
 * Input: a flags byte, then the file.
 *   bit 0  with "FILE\0SITE\0SECTIONS": the parts after the Markdown file
 *          become _site.yaml and _sections.yaml beside it, and the folder
 *          is imported (else the whole rest is the file, NULs and all, and
 *          the file itself is imported)
 *   bit 1  the store's language and offset are kk and +300 (else en, 0)
 *   bit 2  the store has the sections "news" and "society" beforehand
 *   bit 3  import the same file a second time: it must update, not add
 *   bit 4  export the store, import the export into a new store, and
 *          compare every article field by field
 *   bit 5  the file is named .markdown (else .md)
 * The file goes to a temporary folder (under TMPDIR) made once per process;
 * the store is ":memory:".
 * Checks: qalam_import() completes (QALAM_OK) and counts exactly one file,
 * either imported or reported through on_error with a code and a message
 * (bad _site.yaml and _sections.yaml files are reported too); an imported article is valid text; a second import updates it;
 * the export imports back to the same articles.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char tmp_root[4096];

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0;
}

static void remove_tree(const char *path) {
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void) {
  if (tmp_root[0])
    remove_tree(tmp_root);
}

static const char *tmp_dir(void) {
  if (!tmp_root[0]) {
    const char *base = getenv("TMPDIR");
    snprintf(tmp_root, sizeof tmp_root, "%s/qalam-fuzz-XXXXXX",
             base && *base ? base : "/tmp");
    FUZZ_CHECK(mkdtemp(tmp_root) != NULL, "mkdtemp %s", tmp_root);
    atexit(cleanup);
  }
  return tmp_root;
}

static void write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  FUZZ_CHECK(f != NULL, "cannot write %s", path);
  FUZZ_CHECK(fwrite(data, 1, len, f) == len, "short write to %s", path);
  FUZZ_CHECK(fclose(f) == 0, "cannot close %s", path);
}

typedef struct errors {
  size_t count;    /* every report */
  size_t articles; /* reports about the Markdown file */
} errors;

static int on_error(const char *path, size_t line, int code,
                    const char *message, void *payload) {
  errors *e = payload;
  e->count++;
  FUZZ_CHECK(path && *path, "on_error without a path");
  if (!strstr(path, "/_site.yaml") && !strstr(path, "/_sections.yaml"))
    e->articles++;
  FUZZ_CHECK(code < 0 && code != QALAM_ITEROVER, "on_error code %d", code);
  FUZZ_CHECK(message && *message, "on_error without a message");
  FUZZ_CHECK(fuzz_utf8_ok(message, strlen(message)),
             "on_error message is not UTF-8");
  (void)line;
  return 0;
}

static qalam_store *open_store(unsigned flags) {
  qalam_store *s = NULL;
  int rc = qalam_store_open(&s, ":memory:", QALAM_STORE_DEFAULT);
  FUZZ_CHECK(rc == QALAM_OK, "store_open: %s", qalam_error_message());
  if (flags & 2u) {
    FUZZ_CHECK(qalam_store_set_lang(s, "kk") == QALAM_OK, "set_lang");
    FUZZ_CHECK(qalam_store_set_offset(s, 300) == QALAM_OK, "set_offset");
  }
  return s;
}

static void import(qalam_store *s, const char *path, qalam_import_stats *st,
                   errors *e) {
  qalam_import_options opts = QALAM_IMPORT_OPTIONS_INIT;
  opts.on_error = on_error;
  opts.payload = e;
  memset(st, 0xAB, sizeof *st);
  e->count = e->articles = 0;
  int rc = qalam_import(s, path, &opts, st);
  fuzz_check_error(rc, "qalam_import");
  FUZZ_CHECK(rc == QALAM_OK, "qalam_import failed: %d %s", rc,
             qalam_error_message());
  FUZZ_CHECK(st->failed == e->count, "%zu failed, %zu reported", st->failed,
             e->count);
}

static int same(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_article(const qalam_article *a) {
  const char *fields[] = {qalam_article_slug(a),   qalam_article_lang(a),
                          qalam_article_title(a),  qalam_article_lead(a),
                          qalam_article_body(a),   qalam_article_html(a),
                          qalam_article_author(a), qalam_article_source_url(a)};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    if (fields[i])
      FUZZ_CHECK(fuzz_utf8_ok(fields[i], strlen(fields[i])),
                 "field %zu of an imported article is not UTF-8", i);
  FUZZ_CHECK(qalam_article_title(a) && *qalam_article_title(a),
             "imported article without a title");
  FUZZ_CHECK(qalam_article_slug(a) && *qalam_article_slug(a),
             "imported article without a slug");
}

#define SAME_FIELD(get)                                                    \
  FUZZ_CHECK(same(get(a), get(b)), "%s differs after export: '%s' / '%s'", \
             #get, get(a) ? get(a) : "(null)", get(b) ? get(b) : "(null)")

static void compare(const qalam_article *a, const qalam_article *b) {
  SAME_FIELD(qalam_article_title);
  SAME_FIELD(qalam_article_body);
  SAME_FIELD(qalam_article_lead);
  SAME_FIELD(qalam_article_author);
  SAME_FIELD(qalam_article_source_url);
  SAME_FIELD(qalam_article_slug);
  SAME_FIELD(qalam_article_lang);
  FUZZ_CHECK(qalam_article_status(a) == qalam_article_status(b),
             "status differs after export");
  FUZZ_CHECK(qalam_article_published(a) == qalam_article_published(b),
             "published differs after export: %lld / %lld",
             (long long)qalam_article_published(a),
             (long long)qalam_article_published(b));
  FUZZ_CHECK(qalam_article_section_count(a) == qalam_article_section_count(b),
             "section count differs after export");
  for (size_t i = 0; i < qalam_article_section_count(a); i++)
    FUZZ_CHECK(same(qalam_article_section(a, i), qalam_article_section(b, i)),
               "section %zu differs after export", i);
  FUZZ_CHECK(qalam_article_tag_count(a) == qalam_article_tag_count(b),
             "tag count differs after export");
  for (size_t i = 0; i < qalam_article_tag_count(a); i++)
    FUZZ_CHECK(same(qalam_article_tag(a, i), qalam_article_tag(b, i)),
               "tag %zu differs after export: '%s' / '%s'", i,
               qalam_article_tag(a, i), qalam_article_tag(b, i));
}

/* Every article of `s`, drafts and scheduled ones too, checked; with
 * `other`, each must be in `other` with the same fields. */
static size_t walk(qalam_store *s, qalam_store *other) {
  qalam_query q = QALAM_QUERY_INIT;
  q.flags = QALAM_QUERY_UNLISTED;
  qalam_cursor *c = NULL;
  int rc = qalam_cursor_open(&c, s, &q);
  FUZZ_CHECK(rc == QALAM_OK, "cursor_open: %s", qalam_error_message());
  size_t n = 0;
  const qalam_article *a;
  while ((rc = qalam_cursor_next(&a, c)) == QALAM_OK) {
    n++;
    check_article(a);
    if (other) {
      qalam_article *b = NULL;
      rc = qalam_article_get_by_slug(&b, other, qalam_article_slug(a),
                                     qalam_article_lang(a));
      FUZZ_CHECK(rc == QALAM_OK, "'%s' (%s) not found after export: %s",
                 qalam_article_slug(a), qalam_article_lang(a),
                 qalam_error_message());
      compare(a, b);
      qalam_article_free(b);
    }
  }
  FUZZ_CHECK(rc == QALAM_ITEROVER, "cursor_next: %d %s", rc,
             qalam_error_message());
  qalam_cursor_free(c);
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  unsigned flags = fuzz_byte(&in);
  char dir[4200], file[4300], path[4300], out_dir[4200];
  snprintf(dir, sizeof dir, "%s/in", tmp_dir());
  snprintf(out_dir, sizeof out_dir, "%s/out", tmp_dir());
  remove_tree(dir);
  remove_tree(out_dir);
  FUZZ_CHECK(mkdir(dir, 0700) == 0, "mkdir %s", dir);
  snprintf(file, sizeof file, "%s/article.%s", dir,
           (flags & 32u) ? "markdown" : "md");

  const char *import_path = file;
  if (flags & 1u) {
    int more = 0;
    char *parts[3] = {NULL, NULL, NULL};
    const char *names[3] = {NULL, "_site.yaml", "_sections.yaml"};
    for (int i = 0; i < 3 && (i == 0 || more); i++) {
      parts[i] = fuzz_field(&in, &more);
      if (!parts[i])
        break;
      if (i == 0) {
        write_file(file, parts[i], strlen(parts[i]));
      } else {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        write_file(path, parts[i], strlen(parts[i]));
      }
    }
    for (int i = 0; i < 3; i++)
      free(parts[i]);
    import_path = dir;
  } else {
    write_file(file, (const char *)in.data, in.size);
  }

  qalam_store *s = open_store(flags);
  if (flags & 4u) {
    FUZZ_CHECK(qalam_section_add(s, "news", "Жаңалықтар", 1) == QALAM_OK,
               "section_add");
    FUZZ_CHECK(qalam_section_add(s, "society", "Қоғам", 2) == QALAM_OK,
               "section_add");
  }
  qalam_import_stats st;
  errors e;
  import(s, import_path, &st, &e);
  FUZZ_CHECK(st.files == 1, "%zu files counted", st.files);
  FUZZ_CHECK(st.imported + st.updated + e.articles == 1,
             "imported %zu updated %zu failed %zu (%zu the article)",
             st.imported, st.updated, st.failed, e.articles);
  FUZZ_CHECK(st.updated == 0, "update in an empty store");
  /* A file whose story cannot be joined is imported without the link and
   * reported: stored, yet counted as failed. */
  size_t n = walk(s, NULL);
  FUZZ_CHECK(n == st.imported || (n == 1 && e.articles == 1),
             "%zu articles after importing %zu", n, st.imported);
  int clean = e.articles == 0;

  if ((flags & 8u) && n && clean) {
    import(s, import_path, &st, &e);
    FUZZ_CHECK(st.files == 1 && st.updated == 1 && st.imported == 0 &&
                   e.articles == 0,
               "second import: imported %zu updated %zu failed %zu",
               st.imported, st.updated, st.failed);
    FUZZ_CHECK(walk(s, NULL) == 1, "second import changed the count");
  }

  if ((flags & 16u) && n) {
    size_t count = 0;
    int rc = qalam_export(&count, s, out_dir);
    fuzz_check_error(rc, "qalam_export");
    FUZZ_CHECK(rc == QALAM_OK, "export failed: %d %s", rc,
               qalam_error_message());
    FUZZ_CHECK(count == 1, "exported %zu articles", count);
    qalam_store *t = open_store(0);
    import(t, out_dir, &st, &e);
    FUZZ_CHECK(st.failed == 0 && st.imported == 1,
               "re-import of the export: imported %zu failed %zu",
               st.imported, st.failed);
    walk(s, t);
    qalam_store_close(t);
  }
  qalam_store_close(s);
  return 0;
}
