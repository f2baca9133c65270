/*
 * make_feeds - builds a store with hostile content and writes its feeds
 * and sitemap into a directory, for tests/feed/test_feeds.py.
 *
 *   make_feeds OUTDIR
 *
 * Writes OUTDIR/store.db (the store itself, so that the test can read the
 * stored times) and, relative to OUTDIR:
 *   feed.xml atom.xml feed.json          the whole site, every language
 *   news/feed.xml news/atom.xml ...      the section "news"
 *   kk/feed.xml kk/atom.xml ...          the Kazakh articles only
 *   lead/feed.xml lead/atom.xml ...      the whole site, QALAM_FEED_LEAD_ONLY
 *   sitemap.xml
 *   parts/sitemap.xml parts/sitemap-pages.xml ...   the sitemap in parts
 */
#include <errno.h>
#include <qalam.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *outdir;

static void die(const char *what, int rc) {
  fprintf(stderr, "make_feeds: %s: %s: %s\n", what, qalam_strerror(rc),
          qalam_error_message());
  exit(1);
}

#define OK(call)                                                           \
  do {                                                                     \
    int rc_ = (call);                                                      \
    if (rc_ != QALAM_OK) die(#call, rc_);                                  \
  } while (0)

static void write_file(const char *rel, const char *text) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", outdir, rel);
  char *slash = strrchr(path, '/');
  if (slash && slash > path + strlen(outdir)) {
    *slash = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      perror(path);
      exit(1);
    }
    *slash = '/';
  }
  FILE *f = fopen(path, "wb");
  if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
    perror(path);
    exit(1);
  }
}

typedef struct spec {
  const char *title, *lead, *body, *lang, *author, *source;
  const char *const *sections;
  size_t nsections;
  const char *const *tags;
  size_t ntags;
  int64_t published;
  qalam_status status;
} spec;

static void add(qalam_store *s, const spec *a) {
  qalam_article *art = NULL;
  OK(qalam_article_new(&art));
  OK(qalam_article_set_title(art, a->title));
  OK(qalam_article_set_body(art, a->body));
  OK(qalam_article_set_lead(art, a->lead));
  OK(qalam_article_set_lang(art, a->lang));
  OK(qalam_article_set_author(art, a->author));
  OK(qalam_article_set_source_url(art, a->source));
  OK(qalam_article_set_sections(art, a->sections, a->nsections));
  OK(qalam_article_set_tags(art, a->tags, a->ntags));
  OK(qalam_article_set_published(art, a->published));
  OK(qalam_article_set_status(art, a->status));
  OK(qalam_article_insert(s, art));
  qalam_article_free(art);
}

static void feeds(qalam_store *s, const char *dir, const char *section,
                  const char *lang, unsigned int flags) {
  static const struct {
    qalam_feed_format format;
    const char *file;
  } formats[] = {{QALAM_FEED_RSS, "feed.xml"},
                 {QALAM_FEED_ATOM, "atom.xml"},
                 {QALAM_FEED_JSON, "feed.json"}};
  for (size_t i = 0; i < 3; i++) {
    char *text = NULL, rel[256];
    OK(qalam_feed_render(&text, s, formats[i].format, section, lang, 0, flags));
    snprintf(rel, sizeof rel, "%s%s%s", dir, dir[0] ? "/" : "",
             formats[i].file);
    write_file(rel, text);
    qalam_free(text);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make_feeds OUTDIR\n");
    return 2;
  }
  outdir = argv[1];
  if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
    perror(outdir);
    return 1;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/store.db", outdir);
  remove(path);

  qalam_store *s = NULL;
  OK(qalam_store_open(&s, path, QALAM_STORE_DEFAULT));
  OK(qalam_store_set_title(s, "Qalam «Daily» & Sons <Press> \"Q\" 'K'"));
  OK(qalam_store_set_base_url(s, "https://qalam.example/portal/"));
  OK(qalam_store_set_lang(s, "kk"));
  OK(qalam_store_set_offset(s, 300));
  OK(qalam_section_add(s, "news", "Жаңалықтар & <Events>", 1));
  OK(qalam_section_add(s, "society", "Общество «Город» \"Q\"", 2));
  OK(qalam_section_add(s, "culture", "Culture", 3));

  static const char *const news_society[] = {"news", "society"};
  static const char *const news[] = {"news"};
  static const char *const culture[] = {"culture"};
  static const char *const kk_tags[] = {"ауа райы", "C&A <tag> \"q\""};
  static const char *const ru_tags[] = {"Москва"};

  /* 2026-02-13T10:30:00+05:00 and an hour apart from there. */
  const int64_t t0 = INT64_C(1770960600);
  const spec articles[] = {
      {"Алматыда “жылы” күн & <ауа> 'райы' \"бүгін\"",
       "Қысқа \"лид\" & <b>тег</b> 'кк'",
       "Мәтін [сілтеме](https://example.kz/a?b=1&c=2 \"Title\") және "
       "<b>raw</b> <script>alert(\"x\")</script>\n\nЕкінші абзац: Қ, Ә, Ү.\n",
       "kk", "Әлия \"Editor\" O'Brien", NULL, news_society, 2, kk_tags, 2,
       t0, QALAM_PUBLISHED},
      {"Новости «Москва» & \"Астана\" <b>жирный</b>", NULL,
       "Текст **жирный**\tс табуляцией, строка\xE2\x80\xA8разделитель "
       "и абзац\xE2\x80\xA9конец.\n",
       "ru", NULL, NULL, news, 1, ru_tags, 1, t0 + 3600, QALAM_PUBLISHED},
      {"Tom & Jerry's \"Best\" <Day>", "A lead with ‘single’ quotes.",
       "See <https://example.com/?q=1&r=2>.\n", "en", "J. Smith", 
       "https://source.example/story?id=1&x=2", culture, 1, NULL, 0,
       t0 + 7200, QALAM_PUBLISHED},
      {"Draft must not appear", NULL, "draft\n", "kk", NULL, NULL, news, 1,
       NULL, 0, t0 + 100, QALAM_DRAFT},
      {"Scheduled must not appear", NULL, "later\n", "ru", NULL, NULL, news,
       1, NULL, 0, (int64_t)time(NULL) + 365 * 86400, QALAM_PUBLISHED},
  };
  for (size_t i = 0; i < sizeof articles / sizeof *articles; i++)
    add(s, &articles[i]);

  feeds(s, "", NULL, NULL, 0);
  feeds(s, "news", "news", NULL, 0);
  feeds(s, "kk", NULL, "kk", 0);
  feeds(s, "lead", NULL, NULL, QALAM_FEED_LEAD_ONLY);
  char *sitemap = NULL;
  OK(qalam_sitemap_render(&sitemap, s));
  write_file("sitemap.xml", sitemap);
  qalam_free(sitemap);
  qalam_sitemap *m = NULL;
  char name[256];
  OK(qalam_sitemap_open(&m, s));
  OK(qalam_sitemap_index_render(&sitemap, m));
  write_file("parts/sitemap.xml", sitemap);
  qalam_free(sitemap);
  for (size_t i = 0; i < qalam_sitemap_count(m); i++) {
    OK(qalam_sitemap_part_render(&sitemap, m, i));
    snprintf(name, sizeof name, "parts/%s", qalam_sitemap_name(m, i));
    write_file(name, sitemap);
    qalam_free(sitemap);
  }
  qalam_sitemap_free(m);
  qalam_store_close(s);
  return 0;
}
