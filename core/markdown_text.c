/* markdown_text.c - the plain-text renderer (qalam_markdown_to_text).
 *
 * Text is written as it is (cmark has decoded entities and escapes); no
 * markup character is added. Blocks are separated by a blank line, list
 * items by a single line break. The separator owed before the next piece of
 * text is remembered in `sep` and written only when text follows, so empty
 * blocks, dropped raw HTML and thematic breaks leave no extra lines. */
#include <string.h>

#include "markdown_internal.h"

typedef struct text_out {
  char *ptr;
  size_t len, cap;
  int sep;   /* line breaks owed before the next text: 0, 1 or 2 */
  int fresh; /* a block started and no text followed yet */
} text_out;

static void put(text_out *t, const char *s, size_t len) {
  if (len > t->cap - t->len) {
    size_t cap = t->cap ? t->cap : 256;
    while (cap - t->len < len) cap *= 2; /* input is capped: no overflow */
    t->ptr = qalam__md_realloc(t->ptr, cap);
    t->cap = cap;
  }
  memcpy(t->ptr + t->len, s, len);
  t->len += len;
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/* Appends text. At the start of a block (`fresh`) inline text loses its
 * leading spaces (left by dropped raw HTML), and spaces before a
 * separator are dropped; code keeps its indentation (`verbatim`). */
static void text(text_out *t, const char *s, size_t len, int verbatim) {
  if (t->fresh && !verbatim)
    while (len > 0 && (*s == ' ' || *s == '\t')) s++, len--;
  if (len == 0) return;
  if (t->len > 0 && t->sep > 0) {
    while (t->len > 0 && (t->ptr[t->len - 1] == ' ' ||
                          t->ptr[t->len - 1] == '\t'))
      t->len--;
    put(t, "\n\n", (size_t)t->sep);
  }
  t->sep = 0;
  t->fresh = 0;
  put(t, s, len);
}

static void want(text_out *t, int sep) {
  if (t->sep < sep) t->sep = sep;
}

/* A block starts: decide the separator before it. */
static void block_start(text_out *t, cmark_node *node) {
  t->fresh = 1;
  cmark_node *parent = cmark_node_parent(node);
  int in_item = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
  if (cmark_node_get_type(node) == CMARK_NODE_ITEM) {
    /* The first item keeps what the list asked for; the others follow
     * their sibling on the next line. */
    if (cmark_node_previous(node)) t->sep = 1;
  } else if (in_item && cmark_node_previous(node) == NULL) {
    /* first block of an item: the item decided */
  } else if (in_item && cmark_node_get_type(node) == CMARK_NODE_LIST) {
    want(t, 1); /* a nested list continues its item line by line */
  } else {
    want(t, 2);
  }
}

void qalam__md_render_text(cmark_node *root, const char **out, size_t *len) {
  text_out t = {NULL, 0, 0, 0, 1};
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *node = cmark_iter_get_node(it);
    const char *lit;
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_THEMATIC_BREAK:
      block_start(&t, node);
      break;
    case CMARK_NODE_CODE_BLOCK: {
      block_start(&t, node);
      lit = cmark_node_get_literal(node);
      size_t n = lit ? strlen(lit) : 0;
      while (n > 0 && (lit[n - 1] == '\n' || lit[n - 1] == '\r')) n--;
      text(&t, lit, n, 1);
      break;
    }
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      lit = cmark_node_get_literal(node);
      if (lit) text(&t, lit, strlen(lit), 0);
      break;
    case CMARK_NODE_SOFTBREAK:
      text(&t, " ", 1, 0);
      break;
    case CMARK_NODE_LINEBREAK:
      text(&t, "\n", 1, 0);
      break;
    default: /* document, emphasis, links, images: their text follows;
                raw HTML: dropped */
      break;
    }
  }
  cmark_iter_free(it);
  /* No leading or trailing white space. */
  size_t start = 0, end = t.len;
  while (start < end && is_space(t.ptr[start])) start++;
  while (end > start && is_space(t.ptr[end - 1])) end--;
  *out = end > start ? t.ptr + start : "";
  *len = end - start;
}
