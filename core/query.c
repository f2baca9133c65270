/* query.c - cursors over the store (qalam/query.h): checks the query,
 * builds the search expression, pages; the database streams the rows. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "store_internal.h"
#include "utf8.h"

struct qalam_cursor {
  qalam__db_cursor *dbc;
  qalam__cursor_kind kind;
  qalam_article lent;
  const char *section, *snippet;
  size_t limit, returned;
  int done, more, oldest;
  int64_t last_published, last_id;
};

int qalam_query_init(qalam_query *q, unsigned int version) {
  qalam__error_clear();
  if (!q) return qalam__error(QALAM_EINVAL, "query is NULL");
  if (version != QALAM_QUERY_VERSION)
    return qalam__error(QALAM_EINVAL, "unknown query version %u", version);
  qalam_query init = QALAM_QUERY_INIT;
  *q = init;
  return QALAM_OK;
}

/* Tokens read "n<published>.<id>" (newest first) or "o..." (oldest
 * first): the position of the last article of a page. */
static int parse_token(const char *token, int oldest, int64_t *published,
                       int64_t *id) {
  long long p, i;
  char kind, end;
  if (sscanf(token, "%c%lld.%lld%c", &kind, &p, &i, &end) != 3 ||
      kind != (oldest ? 'o' : 'n') || i <= 0) {
    char q[64];
    return qalam__error(QALAM_EINVAL,
                        "invalid page token '%s': pass the token "
                        "qalam_cursor_token() gave for the same query",
                        qalam__quote(q, sizeof q, token));
  }
  *published = p;
  *id = i;
  return QALAM_OK;
}

/* Checks a query and turns it into a spec; `q` NULL means every listed
 * article. */
int qalam__query_spec(qalam__spec *spec, qalam__cursor_kind kind,
                     const qalam_query *q) {
  qalam_query all = QALAM_QUERY_INIT;
  int rc;
  if (!q) q = &all;
  if (q->version != QALAM_QUERY_VERSION)
    return qalam__error(QALAM_EINVAL,
                        "unknown query version %u: initialise queries with "
                        "QALAM_QUERY_INIT",
                        q->version);
  if (q->flags & ~(QALAM_QUERY_OLDEST_FIRST | QALAM_QUERY_UNLISTED))
    return qalam__error(QALAM_EINVAL, "unknown query flags 0x%x", q->flags);
  if ((q->section && (rc = qalam__check_text(q->section, "section"))) ||
      (q->lang && (rc = qalam__check_text(q->lang, "lang"))) ||
      (q->tag && (rc = qalam__check_text(q->tag, "tag"))) ||
      (q->after && (rc = qalam__check_text(q->after, "after"))))
    return rc;
  memset(spec, 0, sizeof *spec);
  spec->kind = kind;
  spec->section = q->section;
  spec->lang = q->lang;
  spec->tag = q->tag;
  spec->story = q->story;
  spec->since = q->since;
  spec->since_id = q->since_id;
  spec->now = q->now ? q->now : (int64_t)time(NULL);
  spec->flags = q->flags;
  spec->limit = q->limit;
  if (q->after) {
    rc = parse_token(q->after, (q->flags & QALAM_QUERY_OLDEST_FIRST) != 0,
                     &spec->after_published, &spec->after_id);
    if (rc) return rc;
    spec->after = 1;
  } else if (q->page > 1 && q->limit > 0) {
    if (q->page - 1 > SIZE_MAX / q->limit)
      return qalam__error(QALAM_EINVAL, "page %zu is out of range", q->page);
    spec->offset = (q->page - 1) * q->limit;
  }
  return QALAM_OK;
}

static int cursor_load(void *lender, qalam_article *a, unsigned int what);

static int open_cursor(qalam_cursor **out, qalam_store *s,
                       const qalam__spec *spec) {
  qalam_cursor *c = qalam__calloc(1, sizeof *c);
  if (!c) return qalam__oom();
  int rc = qalam__db_cursor_open(&c->dbc, s->db, spec);
  if (rc) {
    qalam__free(c);
    return rc;
  }
  c->kind = spec->kind;
  /* listings and searches read one row past the limit (see next) */
  c->limit = spec->kind == QALAM__FRONT ? 0 : spec->limit;
  c->oldest = (spec->flags & QALAM_QUERY_OLDEST_FIRST) != 0;
  *out = c;
  return QALAM_OK;
}

int qalam_cursor_open(qalam_cursor **out, qalam_store *s,
                      const qalam_query *q) {
  qalam__error_clear();
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  qalam__spec spec;
  int rc = qalam__query_spec(&spec, QALAM__LIST, q);
  if (rc) return rc;
  return open_cursor(out, s, &spec);
}

int qalam_cursor_open_front_page(qalam_cursor **out, qalam_store *s,
                                 size_t per_section, const qalam_query *q) {
  qalam__error_clear();
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  if (per_section == 0)
    return qalam__error(QALAM_EINVAL, "per_section must be at least 1");
  qalam__spec spec;
  int rc = qalam__query_spec(&spec, QALAM__FRONT, q);
  if (rc) return rc;
  qalam__spec front = {0};
  front.kind = QALAM__FRONT;
  front.lang = spec.lang;
  front.now = spec.now;
  front.per_section = per_section;
  return open_cursor(out, s, &front);
}

/* Each word of `text` becomes an FTS5 string ("word", or "word"* for a
 * prefix), so that no FTS5 syntax in the user's text is interpreted. */
static int build_match(char **out, const char *text) {
  qalam_buf b = QALAM_BUF_INIT;
  const char *p = text;
  size_t words = 0;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    const char *w = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    size_t len = (size_t)(p - w);
    int prefix = len > 1 && w[len - 1] == '*';
    if (prefix) len--;
    int wordy = 0;
    for (size_t i = 0; i < len && !wordy; i++) {
      unsigned char c = (unsigned char)w[i];
      wordy = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    }
    if (!wordy) continue;
    if (words++) qalam__buf_putc(&b, ' ');
    qalam__buf_putc(&b, '"');
    for (size_t i = 0; i < len; i++) {
      if (w[i] == '"') qalam__buf_putc(&b, '"');
      qalam__buf_putc(&b, w[i]);
    }
    qalam__buf_puts(&b, prefix ? "\"*" : "\"");
  }
  if (words == 0) {
    qalam__buf_free(&b);
    char q[64];
    return qalam__error(QALAM_EINVAL, "nothing to search for in '%s'",
                        qalam__quote(q, sizeof q, text));
  }
  return qalam__buf_finish(out, &b);
}

int qalam_cursor_open_search(qalam_cursor **out, qalam_store *s,
                             const char *text, const qalam_query *q) {
  qalam__error_clear();
  int rc;
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  if ((rc = qalam__check_text(text, "text"))) return rc;
  qalam__spec spec;
  if ((rc = qalam__query_spec(&spec, QALAM__SEARCH, q))) return rc;
  char *match = NULL;
  if ((rc = build_match(&match, text))) return rc;
  spec.match = match;
  spec.after = 0; /* ranked results page by number only */
  rc = open_cursor(out, s, &spec);
  qalam__free(match);
  return rc;
}

int qalam_cursor_next(const qalam_article **out, qalam_cursor *c) {
  qalam__error_clear();
  if (!out || !c)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "cursor" : "out");
  if (c->done) return QALAM_ITEROVER;
  qalam__article_lend_reset(&c->lent, c, cursor_load);
  int rc = qalam__db_cursor_next(c->dbc, &c->lent, &c->section, &c->snippet);
  if (rc == QALAM_OK && c->limit && c->returned == c->limit) {
    /* one row past the page: there is a next page */
    c->more = 1;
    rc = QALAM_ITEROVER;
  }
  if (rc) {
    c->done = 1;
    c->section = c->snippet = NULL;
    return rc;
  }
  c->returned++;
  c->last_published = c->lent.published;
  c->last_id = c->lent.id;
  *out = &c->lent;
  return QALAM_OK;
}

static int cursor_load(void *lender, qalam_article *a, unsigned int what) {
  qalam_cursor *c = lender;
  return qalam__db_cursor_load(c->dbc, a, what);
}

const char *qalam_cursor_section(const qalam_cursor *c) {
  return c ? c->section : NULL;
}

const char *qalam_cursor_snippet(const qalam_cursor *c) {
  return c ? c->snippet : NULL;
}

int qalam_cursor_token(char **out, const qalam_cursor *c) {
  qalam__error_clear();
  if (!out || !c)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "cursor" : "out");
  /* Full page read: a next page exists unless the cursor already saw the
   * end (a caller that stopped at the limit gets a token that may lead to
   * an empty page). */
  if (c->kind != QALAM__LIST || !c->limit || c->returned < c->limit ||
      (c->done && !c->more)) {
    *out = NULL;
    return QALAM_OK;
  }
  char token[64];
  snprintf(token, sizeof token, "%c%" PRId64 ".%" PRId64, c->oldest ? 'o' : 'n',
           c->last_published, c->last_id);
  if (!(*out = qalam__strdup(token))) return qalam__oom();
  return QALAM_OK;
}

void qalam_cursor_free(qalam_cursor *c) {
  if (!c) return;
  qalam__db_cursor_close(c->dbc);
  qalam__free(c);
}

int qalam_article_count(size_t *out, qalam_store *s, const qalam_query *q) {
  qalam__error_clear();
  if (!out || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL", out ? "store" : "out");
  qalam__spec spec;
  int rc = qalam__query_spec(&spec, QALAM__LIST, q);
  if (rc) return rc;
  spec.limit = spec.offset = 0;
  spec.after = 0;
  return qalam__db_count(s->db, &spec, out);
}

/* The languages found so far, each followed by its NUL. */
typedef struct {
  qalam_buf text;
  size_t n;
} lang_list;

static int lang_found(void *ctx, const char *lang) {
  lang_list *l = ctx;
  qalam__buf_puts(&l->text, lang);
  qalam__buf_putc(&l->text, '\0');
  l->n++;
  return l->text.failed ? qalam__oom() : QALAM_OK;
}

int qalam_article_languages(char ***out, size_t *count, qalam_store *s,
                            const qalam_query *q) {
  qalam__error_clear();
  if (!out || !count || !s)
    return qalam__error(QALAM_EINVAL, "%s is NULL",
                        !out ? "out" : !count ? "count" : "store");
  *out = NULL;
  *count = 0;
  qalam__spec spec;
  int rc = qalam__query_spec(&spec, QALAM__LIST, q);
  if (rc) return rc;
  lang_list l = {QALAM_BUF_INIT, 0};
  rc = qalam__db_listed_langs(s->db, spec.now, lang_found, &l);
  if (!rc && l.n) {
    /* the pointers, then the strings they point into */
    char **block = qalam__malloc(l.n * sizeof *block + l.text.len);
    if (!block) {
      rc = qalam__oom();
    } else {
      char *text = memcpy(block + l.n, l.text.ptr, l.text.len);
      for (size_t i = 0; i < l.n; i++) {
        block[i] = text;
        text += strlen(text) + 1;
      }
      *out = block;
      *count = l.n;
    }
  }
  qalam__buf_free(&l.text);
  return rc;
}
