/*
 * show.c - `qalam show`: one article's fields and body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* Finds the article: digits are an id first, then a slug. */
static int find(qalam_article **out, qalam_store *store, const char *key,
                const char *lang) {
  size_t digits = strspn(key, "0123456789");
  if (digits && !key[digits] && digits < 19) {
    int rc = qalam_article_get(out, store, strtoll(key, NULL, 10));
    if (rc != QALAM_ENOTFOUND) return rc;
  }
  return qalam_article_get_by_slug(out, store, key, lang);
}

static void field(cli_out *out, const char *name, const char *value) {
  if (value && *value) out_printf(out, "%-10s %s\n", name, value);
}

static void list_field(cli_out *out, const char *name, size_t count,
                       const char *(*item)(const qalam_article *, size_t),
                       const qalam_article *a) {
  if (!count) return;
  out_printf(out, "%-10s ", name);
  for (size_t i = 0; i < count; i++)
    out_printf(out, "%s%s", i ? ", " : "", item(a, i));
  out_puts(out, "\n");
}

static void date_field(cli_out *out, qalam_store *store, const char *name,
                       int64_t time) {
  if (!time) return;
  out_printf(out, "%-10s ", name);
  out_date(out, store, time, "dd.MM.y HH:mm");
  out_puts(out, "\n");
}

static void print_article(cli_out *out, qalam_store *store,
                          const qalam_article *a, int html) {
  int64_t now = (int64_t)time(NULL);
  out_printf(out, "%-10s %lld\n", "id:", (long long)qalam_article_id(a));
  field(out, "slug:", qalam_article_slug(a));
  field(out, "lang:", qalam_article_lang(a));
  field(out, "title:", qalam_article_title(a));
  field(out, "lead:", qalam_article_lead(a));
  field(out, "author:", qalam_article_author(a));
  field(out, "source:", qalam_article_source_url(a));
  field(out, "status:", qalam_article_status(a) == QALAM_DRAFT ? "draft"
                        : qalam_article_published(a) > now ? "scheduled"
                                                           : "published");
  date_field(out, store, "published:", qalam_article_published(a));
  date_field(out, store, "updated:", qalam_article_updated(a));
  list_field(out, "sections:", qalam_article_section_count(a),
             qalam_article_section, a);
  list_field(out, "tags:", qalam_article_tag_count(a), qalam_article_tag, a);
  if (qalam_article_story(a))
    out_printf(out, "%-10s %lld\n", "story:",
               (long long)qalam_article_story(a));
  const char *body = html ? qalam_article_html(a) : qalam_article_body(a);
  if (!body) body = "";
  size_t len = strlen(body);
  out_printf(out, "\n%s%s", body, len && body[len - 1] != '\n' ? "\n" : "");
}

static int run(int argc, char **argv) {
  cli_option opts[] = {{"lang", 1, NULL}, {"html", 0, NULL}};
  int rc = cli_parse(&cli_show, argc, argv, 1, opts, 2, 1, 1, NULL);
  if (rc != CLI_GO) return rc;
  qalam_store *store = NULL;
  qalam_article *article = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  if (find(&article, store, argv[1], opts[0].value)) {
    rc = cli_fail("show");
  } else {
    cli_out out = {0};
    print_article(&out, store, article, opts[1].value != NULL);
    rc = out_flush(&out);
    qalam_article_free(article);
  }
  qalam_store_close(store);
  return rc;
}

const cli_command cli_show = {
    "show",
    "show ID|SLUG [--lang L] [--html]",
    "print one article",
    "Prints the article's fields, one \"name: value\" line each (empty ones\n"
    "left out; dates as dd.MM.y HH:mm at the store's UTC offset), a blank\n"
    "line, then its body as Markdown. Drafts and scheduled articles are\n"
    "shown too. A key of digits is tried as an id first, then as a slug.\n"
    "\nOptions:\n"
    "  --lang L  the language of the slug (default: the store's language)\n"
    "  --html    the body as the HTML rendered when it was saved\n",
    run,
};
