/*
 * list.c - `qalam list` (articles, newest first) and `qalam front` (the
 * front page: each section with its latest articles).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define DATE "dd.MM.y"

enum { OPT_SECTION, OPT_LANG, OPT_TAG, OPT_LIMIT, OPT_PAGE, OPT_DRAFTS };

static int list_run(int argc, char **argv) {
  cli_option opts[] = {{"section", 1, NULL}, {"lang", 1, NULL},
                       {"tag", 1, NULL},     {"limit", 1, NULL},
                       {"page", 1, NULL},    {"drafts", 0, NULL}};
  int rc = cli_parse(&cli_list, argc, argv, 1, opts, 6, 0, 0, NULL);
  if (rc != CLI_GO) return rc;
  qalam_query query = QALAM_QUERY_INIT;
  query.section = opts[OPT_SECTION].value;
  query.lang = opts[OPT_LANG].value;
  query.tag = opts[OPT_TAG].value;
  if (opts[OPT_LIMIT].value &&
      (rc = cli_parse_count(&cli_list, "--limit", opts[OPT_LIMIT].value,
                            &query.limit)) != CLI_GO)
    return rc;
  if (opts[OPT_PAGE].value) {
    if ((rc = cli_parse_count(&cli_list, "--page", opts[OPT_PAGE].value,
                              &query.page)) != CLI_GO)
      return rc;
    if (!query.limit) query.limit = QALAM_PAGE_SIZE;
  }
  int drafts = opts[OPT_DRAFTS].value != NULL;
  if (drafts) query.flags |= QALAM_QUERY_UNLISTED;
  query.now = (int64_t)time(NULL);

  qalam_store *store = NULL;
  qalam_cursor *cursor = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  if (qalam_cursor_open(&cursor, store, &query)) {
    rc = cli_fail("list");
  } else {
    cli_out out = {0};
    const qalam_article *a;
    int err;
    while ((err = qalam_cursor_next(&a, cursor)) == QALAM_OK) {
      out_date(&out, store, qalam_article_published(a), DATE);
      out_printf(&out, "  %lld  %s  %s", (long long)qalam_article_id(a),
                 qalam_article_slug(a), qalam_article_title(a));
      if (qalam_article_status(a) == QALAM_DRAFT)
        out_puts(&out, "  (draft)");
      else if (qalam_article_published(a) > query.now)
        out_puts(&out, "  (scheduled)");
      out_puts(&out, "\n");
    }
    if (err != QALAM_ITEROVER) {
      rc = cli_fail("list");
      out_free(&out);
    } else {
      rc = out_flush(&out);
    }
    qalam_cursor_free(cursor);
  }
  qalam_store_close(store);
  return rc;
}

/* The name of the section `slug`, or the slug itself. */
static const char *section_name(const qalam_section_list *list,
                                const char *slug) {
  for (size_t i = 0; slug && i < qalam_section_list_count(list); i++)
    if (strcmp(qalam_section_list_slug(list, i), slug) == 0)
      return qalam_section_list_name(list, i);
  return slug ? slug : "";
}

static int front_page(cli_out *out, qalam_store *store, size_t per_section,
                      const char *lang) {
  qalam_section_list *sections = NULL;
  qalam_cursor *cursor = NULL;
  qalam_query query = QALAM_QUERY_INIT;
  query.lang = lang;
  if (qalam_section_list_open(&sections, store)) return cli_fail("front");
  if (qalam_cursor_open_front_page(&cursor, store, per_section, &query)) {
    qalam_section_list_free(sections);
    return cli_fail("front");
  }
  const char *title = qalam_store_title(store);
  if (*title) out_printf(out, "%s\n", title);
  char current[256] = "";
  int started = 0;
  const qalam_article *a;
  int err;
  while ((err = qalam_cursor_next(&a, cursor)) == QALAM_OK) {
    const char *slug = qalam_cursor_section(cursor);
    if (!slug) slug = "";
    if (!started || strcmp(slug, current) != 0) {
      started = 1;
      snprintf(current, sizeof current, "%s", slug);
      out_printf(out, "%s%s\n", out->len ? "\n" : "",
                 section_name(sections, slug));
    }
    out_printf(out, "  %s  ", qalam_article_title(a));
    out_date(out, store, qalam_article_published(a), DATE);
    out_puts(out, "\n");
  }
  qalam_cursor_free(cursor);
  qalam_section_list_free(sections);
  return err == QALAM_ITEROVER ? CLI_OK : cli_fail("front");
}

static int front_run(int argc, char **argv) {
  cli_option opts[] = {{"per-section", 1, NULL}, {"lang", 1, NULL}};
  int rc = cli_parse(&cli_front, argc, argv, 1, opts, 2, 0, 0, NULL);
  if (rc != CLI_GO) return rc;
  size_t per_section = 5;
  if (opts[0].value &&
      (rc = cli_parse_count(&cli_front, "--per-section", opts[0].value,
                            &per_section)) != CLI_GO)
    return rc;
  qalam_store *store = NULL;
  if ((rc = cli_open_store(&store, CLI_READ))) return rc;
  cli_out out = {0};
  rc = front_page(&out, store, per_section, opts[1].value);
  if (rc == CLI_OK)
    rc = out_flush(&out);
  else
    out_free(&out);
  qalam_store_close(store);
  return rc;
}

const cli_command cli_list = {
    "list",
    "list [--section S] [--lang L] [--tag T] [--limit N] [--page N] "
    "[--drafts]",
    "list articles, newest first",
    "Prints one line per listed article, newest first:\n"
    "  DATE  ID  SLUG  TITLE\n"
    "with the date as dd.MM.y at the store's UTC offset.\n"
    "\nOptions:\n"
    "  --section S  only the articles of section S (its slug)\n"
    "  --lang L     only the articles in language L\n"
    "  --tag T      only the articles tagged T\n"
    "  --limit N    at most N articles\n"
    "  --page N     the N-th page of --limit articles (20 without --limit)\n"
    "  --drafts     drafts and scheduled articles too, marked \"(draft)\"\n"
    "               or \"(scheduled)\" after the title\n",
    list_run,
};

const cli_command cli_front = {
    "front",
    "front [--per-section N] [--lang L]",
    "print the front page",
    "Prints the site's title, then each section that has articles, in\n"
    "front-page order, with its latest articles:\n"
    "  Section name\n"
    "    Title  dd.MM.y\n"
    "An article in two sections is listed under both.\n"
    "\nOptions:\n"
    "  --per-section N  articles per section (default 5)\n"
    "  --lang L         only the articles in language L\n",
    front_run,
};
