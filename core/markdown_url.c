/* markdown_url.c - finding and neutralising URLs that would run code.
 *
 * Browsers drop leading spaces and C0 controls from a URL and remove ASCII
 * tab, LF and CR anywhere in it, so "  java\tscript:" runs as javascript:.
 * The check is deliberately broader than any browser: it drops every space
 * and control character before the colon and decodes percent-escapes
 * (again and again) before reading the scheme, so "%6Aavascript:" is
 * refused too although no browser would run it. HTML entities were decoded
 * by cmark already. */
#include <string.h>

#include "markdown_internal.h"

/* Enough of the normalised URL to tell "data:image/webp;" from the rest. */
#define WINDOW 64
#define MAX_PASSES 8

static int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* One pass: copies in[0..len) to out (at most `cap` bytes; out may be in),
 * dropping spaces and control characters, decoding %XX and folding ASCII
 * to lower case. Sets *decoded when a %XX was decoded. */
static size_t normalise(const unsigned char *in, size_t len,
                        unsigned char *out, size_t cap, int *decoded) {
  size_t n = 0;
  for (size_t i = 0; i < len && n < cap; i++) {
    unsigned char c = in[i];
    if (c == '%' && i + 2 < len && hex_value(in[i + 1]) >= 0 &&
        hex_value(in[i + 2]) >= 0) {
      c = (unsigned char)(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      i += 2;
      *decoded = 1;
    }
    if (c <= 0x20 || c == 0x7F) continue;
    out[n++] = lower(c);
  }
  return n;
}

static int starts_with(const unsigned char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && memcmp(s, p, n) == 0;
}

static int is_scheme_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

/* Allowed data: image types; the type must end there. */
static int safe_data_image(const unsigned char *s, size_t len) {
  static const char *const types[] = {"image/png", "image/gif", "image/jpeg",
                                      "image/webp"};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
    size_t n = strlen(types[i]);
    if (starts_with(s, len, types[i]) &&
        (len == n || s[n] == ';' || s[n] == ','))
      return 1;
  }
  return 0;
}

/* The common case without copying: the URL starts with a plain scheme
 * ("https:") or with no scheme at all ("/news", "#top"). 1: dangerous,
 * 0: safe, -1: look closer (escapes, white space or data:). */
static int quick_verdict(const unsigned char *u) {
  size_t i = 0;
  while ((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' && u[i] <= 'Z') ||
         (i > 0 && ((u[i] >= '0' && u[i] <= '9') || u[i] == '+' ||
                    u[i] == '-' || u[i] == '.')))
    i++;
  if (u[i] <= 0x20 || u[i] == 0x7F || u[i] == '%') return -1;
  if (u[i] != ':') return 0; /* '/', '#', '?', ... first: no scheme */
  char scheme[11];
  if (i > 10) return 0;
  for (size_t k = 0; k < i; k++) scheme[k] = (char)lower(u[k]);
  scheme[i] = '\0';
  if (strcmp(scheme, "data") == 0) return -1;
  return strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0 ||
         strcmp(scheme, "file") == 0;
}

int qalam__md_url_dangerous(const char *url, int is_image) {
  unsigned char buf[WINDOW];
  const unsigned char *u = (const unsigned char *)url;
  int quick = quick_verdict(u);
  if (quick >= 0) return quick;
  size_t len = strlen(url);
  int decoded = 0;
  size_t n = normalise(u, len, buf, WINDOW, &decoded);
  for (int pass = 1; decoded && pass < MAX_PASSES; pass++) {
    decoded = 0;
    n = normalise(buf, n, buf, WINDOW, &decoded);
  }
  if (n == 0 || !(buf[0] >= 'a' && buf[0] <= 'z')) return 0;
  size_t i = 1;
  while (i < n && is_scheme_char(buf[i])) i++;
  if (i == n || buf[i] != ':') return 0; /* no scheme: a relative URL */
  const unsigned char *rest = buf + i + 1;
  size_t rest_len = n - i - 1;
  switch (i) {
  case 10: return memcmp(buf, "javascript", 10) == 0;
  case 8: return memcmp(buf, "vbscript", 8) == 0;
  case 4:
    if (memcmp(buf, "file", 4) == 0) return 1;
    if (memcmp(buf, "data", 4) == 0)
      return !(is_image && safe_data_image(rest, rest_len));
    return 0;
  default: return 0;
  }
}

/* Node types whose children can hold a link or an image that is rendered
 * with its URL. An image's children are its alt text, written as plain
 * text, so links inside it never reach the HTML. */
static int may_hold_links(cmark_node_type type) {
  switch (type) {
  case CMARK_NODE_DOCUMENT:
  case CMARK_NODE_BLOCK_QUOTE:
  case CMARK_NODE_LIST:
  case CMARK_NODE_ITEM:
  case CMARK_NODE_PARAGRAPH:
  case CMARK_NODE_HEADING:
  case CMARK_NODE_EMPH:
  case CMARK_NODE_STRONG:
  case CMARK_NODE_LINK:
  case CMARK_NODE_CUSTOM_BLOCK:
  case CMARK_NODE_CUSTOM_INLINE:
    return 1;
  default:
    return 0;
  }
}

/* Walks the tree by its links rather than with cmark_iter (half the calls
 * into cmark per node) and without recursion, so any depth is fine. */
void qalam__md_neutralise_urls(cmark_node *root) {
  cmark_node *node = root;
  for (;;) {
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char *url = cmark_node_get_url(node);
      if (url && url[0] &&
          qalam__md_url_dangerous(url, type == CMARK_NODE_IMAGE))
        cmark_node_set_url(node, ""); /* may longjmp: out of memory */
    }
    cmark_node *child = may_hold_links(type) ? cmark_node_first_child(node)
                                             : NULL;
    if (child) {
      node = child;
      continue;
    }
    cmark_node *next;
    while ((next = cmark_node_next(node)) == NULL) {
      if (node == root) return;
      node = cmark_node_parent(node);
    }
    if (node == root) return;
    node = next;
  }
}
