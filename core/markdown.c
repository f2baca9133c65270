/* markdown.c - CommonMark to HTML and plain text (qalam/markdown.h).
 *
 * cmark parses and renders; everything it allocates goes through a
 * per-render allocator (markdown_mem.c) that turns out-of-memory into
 * QALAM_ENOMEM instead of a crash. In safe mode (the default) cmark omits
 * raw HTML and blanks the URLs its own check finds dangerous; before that,
 * qalam__md_neutralise_urls() blanks every link and image URL that a
 * broader check (markdown_url.c) finds dangerous. */
#include "qalam/markdown.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "markdown_internal.h"
#include "markdown_render.h"
#include "utf8.h"

#define KNOWN_OPTIONS (QALAM_MD_SMART | QALAM_MD_HARDBREAKS | QALAM_MD_UNSAFE)

typedef struct md_request {
  const char *markdown;
  size_t len;
  unsigned int options;
  char *result; /* a qalam__malloc'd copy, set on success */
  char *text;   /* the plain text too, for both_job */
} md_request;

static int check_args(char **out, const char *markdown, unsigned int options,
                      size_t *len) {
  if (out == NULL) return qalam__error(QALAM_EINVAL, "out is NULL");
  if (markdown == NULL) return qalam__error(QALAM_EINVAL, "markdown is NULL");
  if (options & ~KNOWN_OPTIONS)
    return qalam__error(QALAM_EINVAL, "unknown Markdown option bits 0x%x",
                        options & ~KNOWN_OPTIONS);
  *len = strlen(markdown);
  if (*len > QALAM__MD_MAX_INPUT)
    return qalam__error(QALAM_EINVAL,
                        "Markdown input is too long: %zu bytes (the limit is "
                        "%zu)",
                        *len, QALAM__MD_MAX_INPUT);
  return qalam__utf8_check(markdown, *len, "markdown", NULL);
}

static int cmark_options(unsigned int options) {
  int o = CMARK_OPT_DEFAULT; /* safe: raw HTML omitted, bad URLs blanked */
  if (options & QALAM_MD_SMART) o |= CMARK_OPT_SMART;
  if (options & QALAM_MD_HARDBREAKS) o |= CMARK_OPT_HARDBREAKS;
  if (options & QALAM_MD_UNSAFE) o |= CMARK_OPT_UNSAFE;
  return o;
}

static cmark_node *parse(qalam_md_mem *m, const md_request *req, int opts) {
  cmark_parser *parser = cmark_parser_new_with_mem(opts, &m->mem);
  cmark_parser_feed(parser, req->markdown, req->len);
  /* The parser and the tree are freed with the rest of the render's
   * memory by qalam__md_run(). */
  return cmark_parser_finish(parser);
}

/* A qalam__malloc'd copy of cmark's HTML. In safe mode every straight
 * apostrophe is written as &#39;, as " is written as &quot;: cmark leaves '
 * bare, which is correct in element content and in its double-quoted
 * attributes, but the escaped form is also safe inside a single-quoted
 * attribute and matches qalam_html_escape(). Safe-mode output has no raw
 * HTML, so every ' in it is text (href and src already escape it as
 * &#x27;). With QALAM_MD_UNSAFE raw HTML may use ' as its own attribute
 * delimiter, so the HTML is copied unchanged. */
static char *copy_html(const char *html, int escape_apostrophes) {
  size_t len = strlen(html), quotes = 0;
  if (escape_apostrophes)
    for (const char *p = html; (p = strchr(p, '\'')) != NULL; p++) quotes++;
  if (quotes == 0) return qalam__strndup(html, len);
  if (quotes > (SIZE_MAX - len - 1) / 4) return NULL;
  char *copy = qalam__malloc(len + 4 * quotes + 1), *w = copy;
  if (!copy) return NULL;
  const char *p = html, *q;
  while ((q = strchr(p, '\'')) != NULL) {
    memcpy(w, p, (size_t)(q - p));
    w += q - p;
    memcpy(w, "&#39;", 5);
    w += 5;
    p = q + 1;
  }
  memcpy(w, p, len - (size_t)(p - html) + 1); /* with the NUL */
  return copy;
}

static int html_job(qalam_md_mem *m, void *arg) {
  md_request *req = arg;
  int opts = cmark_options(req->options);
  int safe = !(req->options & QALAM_MD_UNSAFE);
  cmark_node *doc = parse(m, req, opts);
  if (safe) qalam__md_neutralise_urls(doc);
  req->result = copy_html(cmark_render_html(doc, opts), safe);
  return req->result ? QALAM_OK : qalam__oom();
}

static int text_job(qalam_md_mem *m, void *arg) {
  md_request *req = arg;
  /* Only the parse options matter; raw HTML is dropped either way. */
  cmark_node *doc = parse(m, req, cmark_options(req->options & QALAM_MD_SMART));
  const char *text;
  size_t len;
  qalam__md_render_text(doc, &text, &len);
  req->result = qalam__strndup(text, len);
  return req->result ? QALAM_OK : qalam__oom();
}

/* HTML and text of one parse, for the store. The tree is rendered as text
 * first and then as HTML: both renderers read it unchanged, and dangerous
 * URLs do not reach the text. The copies come last: after them nothing can
 * longjmp, so a failed copy is reported with nothing left to free. */
static int both_job(qalam_md_mem *m, void *arg) {
  md_request *req = arg;
  int opts = cmark_options(QALAM_MD_DEFAULT);
  cmark_node *doc = parse(m, req, opts);
  qalam__md_neutralise_urls(doc);
  const char *text;
  size_t len;
  qalam__md_render_text(doc, &text, &len);
  const char *html = cmark_render_html(doc, opts);
  req->result = copy_html(html, 1);
  req->text = req->result ? qalam__strndup(text, len) : NULL;
  if (req->text) return QALAM_OK;
  qalam__free(req->result);
  req->result = NULL;
  return qalam__oom();
}

static int render(char **out, const char *markdown, unsigned int options,
                  qalam_md_job job) {
  qalam__error_clear();
  md_request req = {markdown, 0, options, NULL, NULL};
  int rc = check_args(out, markdown, options, &req.len);
  if (rc != QALAM_OK) return rc;
  rc = qalam__md_run(job, &req);
  if (rc != QALAM_OK) {
    /* The copy is the job's last step: a failure cannot follow it. */
    qalam__free(req.result);
    return rc;
  }
  *out = req.result;
  return QALAM_OK;
}

int qalam_markdown_to_html(char **out, const char *markdown,
                           unsigned int options) {
  return render(out, markdown, options, html_job);
}

int qalam_markdown_to_text(char **out, const char *markdown,
                           unsigned int options) {
  return render(out, markdown, options, text_job);
}

int qalam__markdown_html_and_text(char **html, char **text,
                                  const char *markdown) {
  md_request req = {markdown, 0, QALAM_MD_DEFAULT, NULL, NULL};
  int rc = check_args(html, markdown, QALAM_MD_DEFAULT, &req.len);
  if (rc == QALAM_OK) rc = qalam__md_run(both_job, &req);
  if (rc != QALAM_OK) return rc; /* both_job frees its copies itself */
  *html = req.result;
  *text = req.text;
  return QALAM_OK;
}
