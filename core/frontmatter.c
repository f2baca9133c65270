/* frontmatter.c - splitting a Markdown file into YAML front matter and
 * body, and reading the front matter, _site.yaml and _sections.yaml with
 * libyaml into plain fields, with the line of every value for messages.
 *
 * libyaml allocates with libc malloc; its parser and documents never
 * outlive the function that made them. Everything handed out is allocated
 * with the qalam allocator. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "alloc.h"
#include "error.h"
#include "files_internal.h"

/* --- YAML scalars ---------------------------------------------------------- */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int equal_nocase(const char *a, const char *b) {
  while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) a++, b++;
  return *a == '\0' && *b == '\0';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int qalam__yaml_is_null(const char *s) {
  return s[0] == '\0' || strcmp(s, "~") == 0 || equal_nocase(s, "null");
}

/* YAML 1.1 booleans (any case, a little wider than the spec). */
static int bool_value(const char *s, int *out) {
  static const char *const yes[] = {"true", "yes", "on", "y"};
  static const char *const no[] = {"false", "no", "off", "n"};
  for (size_t i = 0; i < 4; i++) {
    if (equal_nocase(s, yes[i])) return *out = 1, 1;
    if (equal_nocase(s, no[i])) return *out = 0, 1;
  }
  return 0;
}

int qalam__yaml_plain_ok(const char *s) {
  int b;
  if (qalam__yaml_is_null(s) || bool_value(s, &b)) return 0;
  /* Numbers, timestamps, sexagesimals: anything that starts like one. */
  if (is_digit(s[0])) return 0;
  if ((s[0] == '-' || s[0] == '+' || s[0] == '.') &&
      (is_digit(s[1]) || s[1] == '.'))
    return 0;
  if (equal_nocase(s, ".inf") || equal_nocase(s, ".nan")) return 0;
  if (strcmp(s, "<<") == 0 || strcmp(s, "=") == 0) return 0;
  return 1;
}

/* --- Loading a document ---------------------------------------------------- */

/* The 1-based line of byte `offset` of `text`. */
static size_t line_of(const char *text, size_t len, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < len; i++)
    if (text[i] == '\n') line++;
  return line;
}

/* Parses the first YAML document of text[0..len), whose first line is line
 * `first` of the file. */
static int load(yaml_document_t *doc, const char *text, size_t len,
                size_t first, size_t *line) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return qalam__oom();
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  int rc = QALAM_OK;
  if (!yaml_parser_load(&parser, doc)) {
    if (parser.error == YAML_MEMORY_ERROR) {
      rc = qalam__oom();
    } else {
      size_t at = parser.error == YAML_READER_ERROR
                      ? line_of(text, len, parser.problem_offset) - 1
                      : parser.problem_mark.line;
      *line = first + at;
      rc = qalam__error(QALAM_EINVAL, "invalid YAML: %s%s%s",
                        parser.problem ? parser.problem : "parse error",
                        parser.context ? " " : "",
                        parser.context ? parser.context : "");
    }
  }
  yaml_parser_delete(&parser);
  return rc;
}

static const char *kind(const yaml_node_t *node) {
  return node->type == YAML_SEQUENCE_NODE  ? "a list"
         : node->type == YAML_MAPPING_NODE ? "a mapping"
                                           : "a scalar";
}

static size_t node_line(const yaml_node_t *node, size_t first) {
  return first + node->start_mark.line;
}

/* A scalar's text (NULL for a plain null); NUL characters (from "\0"
 * escapes) are refused. */
static int scalar(char **out, const yaml_node_t *node, const char *key,
                  size_t first, size_t *line) {
  const char *v = (const char *)node->data.scalar.value;
  size_t n = node->data.scalar.length;
  *out = NULL;
  if (strlen(v) != n) {
    *line = node_line(node, first);
    return qalam__error(QALAM_EINVAL, "%s contains a NUL character", key);
  }
  if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
      qalam__yaml_is_null(v))
    return QALAM_OK;
  if (!(*out = qalam__strndup(v, n))) return qalam__oom();
  return QALAM_OK;
}

/* A scalar value for `key`, or an error naming what was found instead. */
static int text_value(char **out, yaml_document_t *doc, const yaml_node_t *node,
                      const char *key, size_t first, size_t *line) {
  (void)doc;
  if (node->type != YAML_SCALAR_NODE) {
    *line = node_line(node, first);
    return qalam__error(QALAM_EINVAL, "%s must be text, not %s", key,
                        kind(node));
  }
  return scalar(out, node, key, first, line);
}

/* A list of scalars, or one scalar as a list of one (nulls are skipped). */
static int list_value(char ***items, size_t *count, yaml_document_t *doc,
                      const yaml_node_t *node, const char *key, size_t first,
                      size_t *line) {
  size_t n = 1;
  if (node->type == YAML_MAPPING_NODE) {
    *line = node_line(node, first);
    return qalam__error(QALAM_EINVAL,
                        "%s must be a list or one text, not a mapping", key);
  }
  if (node->type == YAML_SEQUENCE_NODE)
    n = (size_t)(node->data.sequence.items.top -
                 node->data.sequence.items.start);
  char **list = n ? qalam__calloc(n, sizeof *list) : NULL;
  if (n && !list) return qalam__oom();
  size_t k = 0;
  int rc = QALAM_OK;
  for (size_t i = 0; i < n && !rc; i++) {
    const yaml_node_t *item =
        node->type == YAML_SEQUENCE_NODE
            ? yaml_document_get_node(doc, node->data.sequence.items.start[i])
            : node;
    if (!item) continue;
    if (item->type != YAML_SCALAR_NODE) {
      *line = node_line(item, first);
      rc = qalam__error(QALAM_EINVAL, "%s: each item must be text, not %s",
                        key, kind(item));
    } else if (!(rc = scalar(&list[k], item, key, first, line)) && list[k]) {
      k++;
    }
  }
  if (rc || k == 0) {
    for (size_t i = 0; i < k; i++) qalam__free(list[i]);
    qalam__free(list);
    list = NULL;
    k = 0;
  }
  *items = list;
  *count = k;
  return rc;
}

/* Iterates over the pairs of a mapping node. */
#define FOR_PAIRS(doc, map, pair)                                           \
  for (yaml_node_pair_t *pair = (map)->data.mapping.pairs.start;            \
       pair < (map)->data.mapping.pairs.top; pair++)

/* The root node as a mapping (NULL when the document is empty). */
static int root_mapping(yaml_node_t **out, yaml_document_t *doc,
                        const char *what, size_t first, size_t *line) {
  yaml_node_t *root = yaml_document_get_root_node(doc);
  *out = NULL;
  if (!root) return QALAM_OK;
  if (root->type == YAML_SCALAR_NODE && root->data.scalar.style ==
                                            YAML_PLAIN_SCALAR_STYLE &&
      qalam__yaml_is_null((const char *)root->data.scalar.value))
    return QALAM_OK;
  if (root->type != YAML_MAPPING_NODE) {
    *line = node_line(root, first);
    return qalam__error(QALAM_EINVAL, "%s must be a mapping of keys to values, "
                                      "not %s",
                        what, kind(root));
  }
  *out = root;
  return QALAM_OK;
}

/* The key of a pair as text, or NULL when it is not a scalar. */
static const char *key_of(yaml_document_t *doc, const yaml_node_pair_t *pair) {
  const yaml_node_t *k = yaml_document_get_node(doc, pair->key);
  return k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value
                                          : NULL;
}

/* --- Front matter ---------------------------------------------------------- */

static const struct {
  const char *name;
  int field;
} KEYS[] = {
    {"title", QALAM__FM_TITLE},       {"date", QALAM__FM_DATE},
    {"slug", QALAM__FM_SLUG},         {"draft", QALAM__FM_DRAFT},
    {"lang", QALAM__FM_LANG},         {"sections", QALAM__FM_SECTIONS},
    {"categories", QALAM__FM_SECTIONS}, {"tags", QALAM__FM_TAGS},
    {"lead", QALAM__FM_LEAD},         {"summary", QALAM__FM_LEAD},
    {"author", QALAM__FM_AUTHOR},     {"source", QALAM__FM_SOURCE},
    {"story", QALAM__FM_STORY},
};

/* The length of the line at p (without its '\n') and whether it is a
 * front matter fence "---" (trailing spaces, tabs and '\r' allowed). */
static int is_fence(const char *p, const char *end, const char **next) {
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  const char *stop = eol ? eol : end;
  *next = eol ? eol + 1 : end;
  if (stop - p < 3 || memcmp(p, "---", 3) != 0) return 0;
  for (const char *q = p + 3; q < stop; q++)
    if (*q != ' ' && *q != '\t' && *q != '\r') return 0;
  return 1;
}

static int fill(qalam__fm *fm, yaml_document_t *doc, size_t first,
                size_t *line) {
  yaml_node_t *map;
  int rc = root_mapping(&map, doc, "the front matter", first, line);
  if (rc || !map) return rc;
  const char *seen[QALAM__FM_COUNT] = {NULL};
  FOR_PAIRS(doc, map, pair) {
    const char *name = key_of(doc, pair);
    yaml_node_t *value = yaml_document_get_node(doc, pair->value);
    if (!name || !value) continue; /* a list or mapping as a key: ignored */
    int f = -1;
    for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS && f < 0; i++)
      if (equal_nocase(name, KEYS[i].name)) f = KEYS[i].field;
    if (f < 0) continue; /* unknown keys are ignored */
    const char *key = name;
    if (seen[f]) {
      *line = node_line(yaml_document_get_node(doc, pair->key), first);
      return qalam__error(QALAM_EINVAL,
                          equal_nocase(seen[f], key)
                              ? "'%s' is given twice"
                              : "'%s' is given twice (as '%s' too)",
                          key, seen[f]);
    }
    seen[f] = key;
    fm->line[f] = node_line(value, first);
    if (f == QALAM__FM_SECTIONS) {
      rc = list_value(&fm->sections, &fm->nsections, doc, value, key, first,
                      line);
    } else if (f == QALAM__FM_TAGS) {
      rc = list_value(&fm->tags, &fm->ntags, doc, value, key, first, line);
    } else if (f == QALAM__FM_DRAFT) {
      char *v = NULL;
      rc = text_value(&v, doc, value, key, first, line);
      if (!rc && v && !bool_value(v, &fm->draft)) {
        char q[44];
        *line = fm->line[f];
        rc = qalam__error(QALAM_EINVAL, "draft must be true or false, not '%s'",
                          qalam__quote(q, sizeof q, v));
      }
      qalam__free(v);
    } else {
      rc = text_value(&fm->value[f], doc, value, key, first, line);
    }
    if (rc) return rc;
    if (f != QALAM__FM_SECTIONS && f != QALAM__FM_TAGS &&
        f != QALAM__FM_DRAFT && !fm->value[f])
      fm->line[f] = 0; /* null: as if absent */
  }
  return QALAM_OK;
}

int qalam__fm_parse(qalam__fm *fm, const char *text, size_t len,
                    size_t *line) {
  const char *p = text, *end = text + len, *next;
  if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* BOM */
  *line = 1;
  if (!is_fence(p, end, &next)) {
    if (end - p >= 3 && memcmp(p, "+++", 3) == 0)
      return qalam__error(QALAM_EINVAL,
                          "TOML front matter (+++) is not supported: use "
                          "YAML between '---' lines");
    return qalam__error(QALAM_EINVAL,
                        "no front matter: the file must start with a '---' "
                        "line");
  }
  const char *yaml = next, *close = NULL;
  size_t n = 2;
  for (p = next; p < end; p = next, n++) {
    if (is_fence(p, end, &next)) {
      close = p;
      break;
    }
  }
  if (!close)
    return qalam__error(QALAM_EINVAL,
                        "unterminated front matter: no closing '---' line");
  /* One blank line after the fence separates it from the body. */
  if (next < end && *next == '\n')
    next++;
  else if (end - next >= 2 && next[0] == '\r' && next[1] == '\n')
    next += 2;
  fm->body = next;

  yaml_document_t doc;
  int rc = load(&doc, yaml, (size_t)(close - yaml), 2, line);
  if (rc) return rc;
  rc = fill(fm, &doc, 2, line);
  yaml_document_delete(&doc);
  if (!rc && !fm->value[QALAM__FM_TITLE]) {
    *line = 1;
    rc = qalam__error(QALAM_EINVAL, "the front matter has no title");
  }
  (void)n;
  return rc;
}

static void free_list(char **list, size_t n) {
  for (size_t i = 0; i < n; i++) qalam__free(list[i]);
  qalam__free(list);
}

void qalam__fm_free(qalam__fm *fm) {
  for (size_t i = 0; i < QALAM__FM_COUNT; i++) qalam__free(fm->value[i]);
  free_list(fm->sections, fm->nsections);
  free_list(fm->tags, fm->ntags);
  memset(fm, 0, sizeof *fm);
}

/* --- _site.yaml ------------------------------------------------------------ */

int qalam__site_parse(qalam__site *site, const char *text, size_t len,
                      size_t *line) {
  yaml_document_t doc;
  *line = 0;
  int rc = load(&doc, text, len, 1, line);
  if (rc) return rc;
  yaml_node_t *map;
  rc = root_mapping(&map, &doc, "_site.yaml", 1, line);
  if (!rc && map) {
    FOR_PAIRS(&doc, map, pair) {
      const char *name = key_of(&doc, pair);
      yaml_node_t *value = yaml_document_get_node(&doc, pair->value);
      char **field = NULL;
      size_t *at = NULL;
      if (!name || !value) continue;
      if (!strcmp(name, "title")) field = &site->title, at = &site->title_line;
      if (!strcmp(name, "base_url") || !strcmp(name, "baseURL"))
        field = &site->base_url, at = &site->base_url_line;
      if (!strcmp(name, "lang")) field = &site->lang, at = &site->lang_line;
      if (!strcmp(name, "offset"))
        field = &site->offset, at = &site->offset_line;
      if (!field) continue;
      if (*field) {
        *line = node_line(yaml_document_get_node(&doc, pair->key), 1);
        rc = qalam__error(QALAM_EINVAL, "'%s' is given twice", name);
        break;
      }
      *at = node_line(value, 1);
      if ((rc = text_value(field, &doc, value, name, 1, line))) break;
    }
  }
  yaml_document_delete(&doc);
  return rc;
}

void qalam__site_free(qalam__site *site) {
  qalam__free(site->title);
  qalam__free(site->base_url);
  qalam__free(site->lang);
  qalam__free(site->offset);
  memset(site, 0, sizeof *site);
}

/* --- _sections.yaml -------------------------------------------------------- */

static int int_value(int *out, const char *text) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < INT_MIN || v > INT_MAX) return 0;
  *out = (int)v;
  return 1;
}

static int section_entry(qalam__section_entry *e, yaml_document_t *doc,
                         yaml_node_t *item, size_t index, size_t *line) {
  e->line = node_line(item, 1);
  e->position = (int)(index + 1);
  if (item->type == YAML_SCALAR_NODE) /* "- news": a slug alone */
    return scalar(&e->slug, item, "section", 1, line);
  if (item->type != YAML_MAPPING_NODE) {
    *line = e->line;
    return qalam__error(QALAM_EINVAL,
                        "each section must be a mapping with slug, name and "
                        "position, not %s",
                        kind(item));
  }
  int rc = QALAM_OK;
  FOR_PAIRS(doc, item, pair) {
    const char *name = key_of(doc, pair);
    yaml_node_t *value = yaml_document_get_node(doc, pair->value);
    if (!name || !value) continue;
    if (!strcmp(name, "slug")) {
      qalam__free(e->slug);
      rc = text_value(&e->slug, doc, value, name, 1, line);
    } else if (!strcmp(name, "name")) {
      qalam__free(e->name);
      rc = text_value(&e->name, doc, value, name, 1, line);
    } else if (!strcmp(name, "position")) {
      char *v = NULL;
      rc = text_value(&v, doc, value, name, 1, line);
      if (!rc && v && !int_value(&e->position, v)) {
        char q[44];
        *line = node_line(value, 1);
        rc = qalam__error(QALAM_EINVAL,
                          "position must be a whole number, not '%s'",
                          qalam__quote(q, sizeof q, v));
      }
      qalam__free(v);
    }
    if (rc) return rc;
  }
  return QALAM_OK;
}

int qalam__sections_parse(qalam__sections *list, const char *text,
                          size_t len, size_t *line) {
  yaml_document_t doc;
  *line = 0;
  int rc = load(&doc, text, len, 1, line);
  if (rc) return rc;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (root && root->type == YAML_SEQUENCE_NODE) {
    size_t n = (size_t)(root->data.sequence.items.top -
                        root->data.sequence.items.start);
    if (n && !(list->items = qalam__calloc(n, sizeof *list->items)))
      rc = qalam__oom();
    for (size_t i = 0; i < n && !rc; i++) {
      yaml_node_t *item =
          yaml_document_get_node(&doc, root->data.sequence.items.start[i]);
      if (!item) continue;
      qalam__section_entry *e = &list->items[list->count++];
      rc = section_entry(e, &doc, item, i, line);
      if (!rc && !e->slug) {
        *line = e->line;
        rc = qalam__error(QALAM_EINVAL, "a section without a slug");
      }
    }
  } else if (root && !(root->type == YAML_SCALAR_NODE &&
                       root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                       qalam__yaml_is_null(
                           (const char *)root->data.scalar.value))) {
    *line = node_line(root, 1);
    rc = qalam__error(QALAM_EINVAL,
                      "_sections.yaml must be a list of sections, not %s",
                      kind(root));
  }
  yaml_document_delete(&doc);
  return rc;
}

void qalam__sections_free(qalam__sections *list) {
  for (size_t i = 0; i < list->count; i++) {
    qalam__free(list->items[i].slug);
    qalam__free(list->items[i].name);
  }
  qalam__free(list->items);
  memset(list, 0, sizeof *list);
}
