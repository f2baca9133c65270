/* files_internal.h - front matter and the underscore files of a folder of
 * Markdown files (frontmatter.c), shared by import.c and export.c.
 *
 * YAML is read and written with libyaml, whose own allocations go through
 * libc malloc, not the qalam allocator: every libyaml object is deleted
 * before the function that made it returns. */
#ifndef QALAM_CORE_FILES_INTERNAL_H
#define QALAM_CORE_FILES_INTERNAL_H

#include <stddef.h>


/* Front matter keys, with their aliases folded (summary -> lead,
 * categories -> sections). */
enum {
  QALAM__FM_TITLE,
  QALAM__FM_DATE,
  QALAM__FM_SLUG,
  QALAM__FM_DRAFT,
  QALAM__FM_LANG,
  QALAM__FM_SECTIONS,
  QALAM__FM_TAGS,
  QALAM__FM_LEAD,
  QALAM__FM_AUTHOR,
  QALAM__FM_SOURCE,
  QALAM__FM_STORY,
  QALAM__FM_COUNT
};

/* A parsed Markdown file. Strings are owned (qalam__malloc); a key that is
 * absent or null has a NULL string (lists: count 0) and line 0. */
typedef struct qalam__fm {
  char *value[QALAM__FM_COUNT]; /* scalar keys; sections and tags unused */
  size_t line[QALAM__FM_COUNT]; /* 1-based line of the key's value */
  int draft;                    /* 1 when draft is true */
  char **sections, **tags;
  size_t nsections, ntags;
  const char *body; /* points into the text given to qalam__fm_parse() */
} qalam__fm;

/* Splits `text` (a whole file, NUL-terminated, `len` bytes, already checked
 * as UTF-8 without NUL bytes) into front matter and body and parses the
 * front matter. On failure returns the code with the message set and the
 * 1-based line of the problem in *line (0: not about one line); ENOMEM is
 * the only failure that is not about the file. `fm` must be zeroed; free it
 * with qalam__fm_free() either way. */
int qalam__fm_parse(qalam__fm *fm, const char *text, size_t len,
                    size_t *line);
void qalam__fm_free(qalam__fm *fm);

/* _site.yaml: the settings, each NULL when absent. */
typedef struct qalam__site {
  char *title, *base_url, *lang, *offset;
  size_t title_line, base_url_line, lang_line, offset_line;
} qalam__site;

int qalam__site_parse(qalam__site *site, const char *text, size_t len,
                      size_t *line);
void qalam__site_free(qalam__site *site);

/* _sections.yaml: a list of {slug, name, position}. */
typedef struct qalam__section_entry {
  char *slug, *name;
  int position;
  size_t line;
} qalam__section_entry;

typedef struct qalam__sections {
  qalam__section_entry *items;
  size_t count;
} qalam__sections;

int qalam__sections_parse(qalam__sections *list, const char *text,
                          size_t len, size_t *line);
void qalam__sections_free(qalam__sections *list);

/* 1 when a plain (unquoted) YAML scalar `s` reads back as the same string
 * under YAML 1.1 and 1.2 type resolution: not empty, not null, a boolean,
 * a number or a timestamp. The emitter still quotes it when its characters
 * need quotes. */
int qalam__yaml_plain_ok(const char *s);

/* 1 when a plain scalar is YAML's null ("", "~", "null"). */
int qalam__yaml_is_null(const char *s);

#endif
