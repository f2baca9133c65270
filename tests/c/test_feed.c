#define _POSIX_C_SOURCE 200809L
/* Tests of the site layout, the feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1)
 * and the sitemap. */
#include <stdlib.h>
#include <time.h>

#include "feed_internal.h"
#include "harness.h"
#include "sqlite_internal.h"

#define FEB13 INT64_C(1770958800) /* 2026-02-13T10:00:00+05:00 */

static const char *const NEWS[] = {"news"};
static const char *const NEWS_CULTURE[] = {"news", "culture"};

static qalam_store *open_memory(void) {
  qalam_store *s = NULL;
  CHECK_OK(qalam_store_open(&s, ":memory:", QALAM_STORE_DEFAULT));
  return s;
}

typedef struct art {
  const char *title, *body, *lead, *lang, *author;
  const char *const *sections;
  size_t nsections;
  int64_t published;
  qalam_status status;
} art;

/* Inserts an article; returns its id (0 on failure, reported). */
static int64_t add(qalam_store *s, const art *x) {
  qalam_article *a = NULL;
  int64_t id = 0;
  CHECK_OK(qalam_article_new(&a));
  if (!a) return 0;
  CHECK_OK(qalam_article_set_title(a, x->title));
  CHECK_OK(qalam_article_set_body(a, x->body ? x->body : ""));
  CHECK_OK(qalam_article_set_lead(a, x->lead));
  CHECK_OK(qalam_article_set_lang(a, x->lang));
  CHECK_OK(qalam_article_set_author(a, x->author));
  CHECK_OK(qalam_article_set_sections(a, x->sections, x->nsections));
  CHECK_OK(qalam_article_set_published(a, x->published));
  CHECK_OK(qalam_article_set_status(a, x->status));
  CHECK_OK(qalam_article_insert(s, a));
  id = qalam_article_id(a);
  qalam_article_free(a);
  return id;
}

static void simple(qalam_store *s, const char *title, const char *lang,
                   const char *const *sections, size_t n, int64_t published) {
  art x = {title, "Body.", NULL, lang, NULL, sections, n, published,
           QALAM_PUBLISHED};
  add(s, &x);
}

/* Update times are "now" when saved; the golden outputs need them fixed. */
static void fix_updated(qalam_store *s, int64_t after_published) {
  char sql[128];
  snprintf(sql, sizeof sql, "UPDATE articles SET updated = published + %lld",
           (long long)after_published);
  CHECK_INT(sqlite3_exec(s->db->sql, sql, NULL, NULL, NULL), SQLITE_OK);
}

static size_t occurrences(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *p = text; p && (p = strstr(p, needle)); p++) n++;
  return n;
}

/* Not inlined: gcc -O2 then takes the returned buffer for a pointer to the
 * local `out` (-Wdangling-pointer). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *feed(qalam_store *s, qalam_feed_format format,
                  const char *section, const char *lang, size_t limit,
                  unsigned int flags) {
  char *out = NULL;
  CHECK_OK(qalam_feed_render(&out, s, format, section, lang, limit, flags));
  return out;
}

static void check_path(qalam_store *s, qalam_page_kind kind, const char *lang,
                       const char *name, size_t page, const char *expected) {
  char *out = NULL;
  CHECK_OK(qalam_page_path(&out, s, kind, lang, name, page));
  CHECK_STR(out, expected);
  qalam_free(out);
}

/* --- The small newspaper of the golden tests ------------------------------ */

static qalam_store *small_store(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_title(s, "Daily & \"Co\""));
  CHECK_OK(qalam_store_set_base_url(s, "https://news.example/"));
  CHECK_OK(qalam_store_set_lang(s, "kk"));
  CHECK_OK(qalam_store_set_offset(s, 300));
  CHECK_OK(qalam_section_add(s, "news", "News <&>", 1));
  CHECK_OK(qalam_section_add(s, "culture", "Мәдениет", 2));
  art a = {"Ауа \"райы\" & <күн>", "Мәтін *бір* & [сілтеме](https://x.kz/?a=1&b=2).",
           "Қысқа 'лид'", NULL, "Әлия", NEWS_CULTURE, 2, FEB13,
           QALAM_PUBLISHED};
  art b = {"Tom’s “quotes”", "Hello.", NULL, NULL, NULL, NEWS, 1,
           FEB13 + 3600, QALAM_PUBLISHED};
  art draft = {"Draft", "x", NULL, NULL, NULL, NEWS, 1, FEB13 + 60,
               QALAM_DRAFT};
  art later = {"Scheduled", "x", NULL, NULL, NULL, NEWS, 1,
               (int64_t)time(NULL) + 86400, QALAM_PUBLISHED};
  add(s, &a);
  add(s, &b);
  add(s, &draft);
  add(s, &later);
  qalam_article *tagged = NULL;
  static const char *const tags[] = {"ауа", "a\"b"};
  CHECK_OK(qalam_article_get_by_slug(&tagged, s, "aua-raiy-kun", NULL));
  if (tagged) {
    CHECK_OK(qalam_article_set_tags(tagged, tags, 2));
    CHECK_OK(qalam_article_update(s, tagged));
  }
  qalam_article_free(tagged);
  fix_updated(s, 600);
  return s;
}

static const char RSS_GOLDEN[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "  <channel>\n"
    "    <title>Daily &amp; &quot;Co&quot;</title>\n"
    "    <link>https://news.example/index.html</link>\n"
    "    <description>Daily &amp; &quot;Co&quot;</description>\n"
    "    <language>kk</language>\n"
    "    <lastBuildDate>Fri, 13 Feb 2026 11:10:00 +0500</lastBuildDate>\n"
    "    <atom:link href=\"https://news.example/feed.xml\" rel=\"self\" "
    "type=\"application/rss+xml\"/>\n"
    "    <item>\n"
    "      <title>Tom’s “quotes”</title>\n"
    "      <link>https://news.example/article/toms-quotes.html</link>\n"
    "      <guid isPermaLink=\"true\">https://news.example/article/"
    "toms-quotes.html</guid>\n"
    "      <pubDate>Fri, 13 Feb 2026 11:00:00 +0500</pubDate>\n"
    "      <category>News &lt;&amp;&gt;</category>\n"
    "      <description>&lt;p&gt;Hello.&lt;/p&gt;\n"
    "</description>\n"
    "    </item>\n"
    "    <item>\n"
    "      <title>Ауа &quot;райы&quot; &amp; &lt;күн&gt;</title>\n"
    "      <link>https://news.example/article/aua-raiy-kun.html</link>\n"
    "      <guid isPermaLink=\"true\">https://news.example/article/"
    "aua-raiy-kun.html</guid>\n"
    "      <pubDate>Fri, 13 Feb 2026 10:00:00 +0500</pubDate>\n"
    "      <dc:creator>Әлия</dc:creator>\n"
    "      <category>News &lt;&amp;&gt;</category>\n"
    "      <category>Мәдениет</category>\n"
    "      <description>&lt;p&gt;Мәтін &lt;em&gt;бір&lt;/em&gt; &amp;amp; "
    "&lt;a href=&quot;https://x.kz/?a=1&amp;amp;b=2&quot;&gt;сілтеме"
    "&lt;/a&gt;.&lt;/p&gt;\n"
    "</description>\n"
    "    </item>\n"
    "  </channel>\n"
    "</rss>\n";

static const char ATOM_GOLDEN[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"kk\">\n"
    "  <id>https://news.example/culture/atom.xml</id>\n"
    "  <title type=\"text\">Daily &amp; &quot;Co&quot; — Мәдениет</title>\n"
    "  <updated>2026-02-13T10:10:00+05:00</updated>\n"
    "  <link rel=\"self\" type=\"application/atom+xml\" "
    "href=\"https://news.example/culture/atom.xml\"/>\n"
    "  <link rel=\"alternate\" type=\"text/html\" "
    "href=\"https://news.example/culture/index.html\"/>\n"
    "  <author>\n"
    "    <name>Daily &amp; &quot;Co&quot; — Мәдениет</name>\n"
    "  </author>\n"
    "  <entry xml:lang=\"kk\">\n"
    "    <id>https://news.example/article/aua-raiy-kun.html</id>\n"
    "    <title type=\"text\">Ауа &quot;райы&quot; &amp; &lt;күн&gt;</title>\n"
    "    <published>2026-02-13T10:00:00+05:00</published>\n"
    "    <updated>2026-02-13T10:10:00+05:00</updated>\n"
    "    <link rel=\"alternate\" type=\"text/html\" "
    "href=\"https://news.example/article/aua-raiy-kun.html\"/>\n"
    "    <author>\n"
    "      <name>Әлия</name>\n"
    "    </author>\n"
    "    <category term=\"news\" label=\"News &lt;&amp;&gt;\"/>\n"
    "    <category term=\"culture\" label=\"Мәдениет\"/>\n"
    "    <summary type=\"text\">Қысқа &apos;лид&apos;</summary>\n"
    "    <content type=\"html\">&lt;p&gt;Мәтін &lt;em&gt;бір&lt;/em&gt; "
    "&amp;amp; &lt;a href=&quot;https://x.kz/?a=1&amp;amp;b=2&quot;&gt;"
    "сілтеме&lt;/a&gt;.&lt;/p&gt;\n"
    "</content>\n"
    "  </entry>\n"
    "</feed>\n";

static const char JSON_GOLDEN[] =
    "{\n"
    "  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
    "  \"title\": \"Daily & \\\"Co\\\"\",\n"
    "  \"home_page_url\": \"https://news.example/index.html\",\n"
    "  \"feed_url\": \"https://news.example/feed.json\",\n"
    "  \"language\": \"kk\",\n"
    "  \"items\": [\n"
    "    {\n"
    "      \"id\": \"https://news.example/article/toms-quotes.html\",\n"
    "      \"url\": \"https://news.example/article/toms-quotes.html\",\n"
    "      \"title\": \"Tom’s “quotes”\",\n"
    "      \"content_html\": \"<p>Hello.</p>\\n\",\n"
    "      \"date_published\": \"2026-02-13T11:00:00+05:00\",\n"
    "      \"date_modified\": \"2026-02-13T11:10:00+05:00\",\n"
    "      \"language\": \"kk\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"https://news.example/article/aua-raiy-kun.html\",\n"
    "      \"url\": \"https://news.example/article/aua-raiy-kun.html\",\n"
    "      \"title\": \"Ауа \\\"райы\\\" & <күн>\",\n"
    "      \"content_html\": \"<p>Мәтін <em>бір</em> &amp; <a "
    "href=\\\"https://x.kz/?a=1&amp;b=2\\\">сілтеме</a>.</p>\\n\",\n"
    "      \"summary\": \"Қысқа 'лид'\",\n"
    "      \"date_published\": \"2026-02-13T10:00:00+05:00\",\n"
    "      \"date_modified\": \"2026-02-13T10:10:00+05:00\",\n"
    "      \"authors\": [{\"name\": \"Әлия\"}],\n"
    "      \"tags\": [\"ауа\", \"a\\\"b\"],\n"
    "      \"language\": \"kk\"\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void golden_rss(void) {
  qalam_store *s = small_store();
  char *out = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  CHECK_STR(out, RSS_GOLDEN);
  qalam_free(out);
  qalam_store_close(s);
}

static void golden_atom_of_a_section(void) {
  qalam_store *s = small_store();
  char *out = feed(s, QALAM_FEED_ATOM, "culture", NULL, 0, 0);
  CHECK_STR(out, ATOM_GOLDEN);
  qalam_free(out);
  qalam_store_close(s);
}

static void golden_json(void) {
  qalam_store *s = small_store();
  char *out = feed(s, QALAM_FEED_JSON, NULL, NULL, 0, 0);
  CHECK_STR(out, JSON_GOLDEN);
  qalam_free(out);
  qalam_store_close(s);
}

static void lead_only_uses_the_lead_when_set(void) {
  qalam_store *s = small_store();
  char *rss = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, QALAM_FEED_LEAD_ONLY);
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 0, QALAM_FEED_LEAD_ONLY);
  char *json = feed(s, QALAM_FEED_JSON, NULL, NULL, 0, QALAM_FEED_LEAD_ONLY);
  /* The lead is text: escaped for HTML, then for XML. */
  CHECK(strstr(rss, "<description>Қысқа &amp;#39;лид&amp;#39;</description>"));
  CHECK(strstr(rss, "<description>&lt;p&gt;Hello.&lt;/p&gt;\n"));
  CHECK_INT(occurrences(rss, "<description>"), 3); /* channel + 2 items */
  CHECK(strstr(atom, "<summary type=\"text\">Қысқа &apos;лид&apos;</summary>"));
  CHECK_INT(occurrences(atom, "<content type=\"html\">"), 1); /* no lead */
  CHECK(strstr(atom, "<content type=\"html\">&lt;p&gt;Hello."));
  CHECK(strstr(json, "\"content_text\": \"Қысқа 'лид'\",\n"));
  CHECK_INT(occurrences(json, "\"content_html\""), 1);
  CHECK_INT(occurrences(json, "\"summary\""), 0);
  CHECK(strstr(json, "\"content_html\": \"<p>Hello.</p>\\n\""));
  qalam_free(rss);
  qalam_free(atom);
  qalam_free(json);
  qalam_store_close(s);
}

/* --- Escaping ------------------------------------------------------------- */

static void hostile_text_is_escaped_never_stripped(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_title(s, "<script>&\"'</script>"));
  CHECK_OK(qalam_store_set_base_url(s, "https://h.example/?a=1&b=2"));
  CHECK_OK(qalam_section_add(s, "news", "]]> <![CDATA[ &amp;", 1));
  art a = {"A & B <i>\"c\"</i> 'd' “e” ‘f’ \xE2\x80\xA8 line",
           "x\n\n<div>raw</div>\n", "tab\there \xE2\x80\xA9 para \\ back",
           NULL, "O'Neil & <Co>", NEWS, 1, FEB13, QALAM_PUBLISHED};
  add(s, &a);
  char *rss = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 0, 0);
  char *json = feed(s, QALAM_FEED_JSON, NULL, NULL, 0, QALAM_FEED_LEAD_ONLY);
  CHECK(strstr(rss, "<title>&lt;script&gt;&amp;&quot;&apos;&lt;/script&gt;"
                    "</title>"));
  CHECK(strstr(rss, "<link>https://h.example/?a=1&amp;b=2/index.html</link>"));
  CHECK(strstr(rss, "<title>A &amp; B &lt;i&gt;&quot;c&quot;&lt;/i&gt; "
                    "&apos;d&apos; “e” ‘f’ \xE2\x80\xA8 line</title>"));
  CHECK(strstr(rss, "<category>]]&gt; &lt;![CDATA[ &amp;amp;</category>"));
  CHECK(strstr(rss, "<dc:creator>O&apos;Neil &amp; &lt;Co&gt;</dc:creator>"));
  CHECK(!strstr(rss, "<script>"));
  CHECK(!strstr(rss, "<i>"));
  CHECK(strstr(atom, "label=\"]]&gt; &lt;![CDATA[ &amp;amp;\""));
  CHECK(strstr(atom, "<summary type=\"text\">tab\there \xE2\x80\xA9 para \\ "
                     "back</summary>"));
  CHECK(strstr(json, "\"title\": \"<script>&\\\"'</script>\""));
  CHECK(strstr(json, "\"title\": \"A & B <i>\\\"c\\\"</i> 'd' “e” ‘f’ "
                     "\\u2028 line\""));
  CHECK(strstr(json, "\"content_text\": \"tab\\there \\u2029 para \\\\ "
                     "back\""));
  CHECK(strstr(json, "\"authors\": [{\"name\": \"O'Neil & <Co>\"}]"));
  CHECK(!strstr(json, "\xE2\x80\xA8"));
  CHECK(!strstr(json, "\t"));
  qalam_free(rss);
  qalam_free(atom);
  qalam_free(json);
  qalam_store_close(s);
}

static void json_escapes_every_control_character(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://h.example"));
  /* Every C0 control that a body can hold, and DEL. */
  char body[64], *p = body;
  for (int c = 1; c < 0x20; c++) *p++ = (char)c;
  *p++ = 0x7F;
  *p = '\0';
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_OK(qalam_article_set_title(a, "t"));
  CHECK_OK(qalam_article_set_body(a, "b"));
  int lead_ok = qalam_article_set_lead(a, body);
  CHECK_OK(qalam_article_insert(s, a));
  qalam_article_free(a);
  char *json = feed(s, QALAM_FEED_JSON, NULL, NULL, 0, QALAM_FEED_LEAD_ONLY);
  if (lead_ok == QALAM_OK) {
    CHECK(strstr(json, "\"content_text\": \"\\u0001\\u0002\\u0003\\u0004"
                       "\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e"));
    CHECK(strstr(json, "\\u001f\\u007f\""));
  }
  for (const char *q = json; q && *q; q++)
    CHECK((unsigned char)*q >= 0x20 || *q == '\n');
  qalam_free(json);
  qalam_store_close(s);
}

/* --- Dates ---------------------------------------------------------------- */

static void dates_at_the_store_offset(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://d.example"));
  simple(s, "T", NULL, NULL, 0, FEB13);
  fix_updated(s, 0);
  CHECK_OK(qalam_store_set_offset(s, -90));
  char *rss = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 0, 0);
  char *json = feed(s, QALAM_FEED_JSON, NULL, NULL, 0, 0);
  char *map = NULL;
  CHECK_OK(qalam_sitemap_render(&map, s));
  CHECK(strstr(rss, "<pubDate>Fri, 13 Feb 2026 03:30:00 -0130</pubDate>"));
  CHECK(strstr(atom, "<published>2026-02-13T03:30:00-01:30</published>"));
  CHECK(strstr(json, "\"date_published\": \"2026-02-13T03:30:00-01:30\""));
  CHECK(strstr(map, "<lastmod>2026-02-13T03:30:00-01:30</lastmod>"));
  qalam_free(rss);
  qalam_free(atom);
  qalam_free(json);
  qalam_free(map);
  CHECK_OK(qalam_store_set_offset(s, 0));
  atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 0, 0);
  rss = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  CHECK(strstr(atom, "<published>2026-02-13T05:00:00Z</published>"));
  CHECK(strstr(rss, "<pubDate>Fri, 13 Feb 2026 05:00:00 +0000</pubDate>"));
  qalam_free(atom);
  qalam_free(rss);
  qalam_store_close(s);
}

static void updated_is_never_before_published(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://d.example"));
  simple(s, "T", NULL, NULL, 0, FEB13);
  fix_updated(s, -3600); /* saved an hour before it went out */
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 0, 0);
  CHECK(strstr(atom, "<updated>2026-02-13T05:00:00Z</updated>\n  <link"));
  CHECK(strstr(atom, "<published>2026-02-13T05:00:00Z</published>\n"
                     "    <updated>2026-02-13T05:00:00Z</updated>"));
  qalam_free(atom);
  qalam_store_close(s);
}

static void empty_feeds_are_valid(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://e.example"));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  CHECK_OK(qalam_section_add(s, "empty", "Empty", 2));
  char *json = feed(s, QALAM_FEED_JSON, NULL, NULL, 0, 0);
  CHECK_STR(json, "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
                  "  \"title\": \"https://e.example\",\n"
                  "  \"home_page_url\": \"https://e.example/index.html\",\n"
                  "  \"feed_url\": \"https://e.example/feed.json\",\n"
                  "  \"language\": \"en\",\n  \"items\": []\n}\n");
  qalam_free(json);
  /* No entries: the update time is the current time, */
  time_t before = time(NULL);
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 0, 0), *date = NULL;
  int found = 0;
  for (time_t t = before; t <= time(NULL) && !found; t++) {
    char tag[64];
    CHECK_OK(qalam_date_rfc3339(&date, t, 0));
    snprintf(tag, sizeof tag, "<updated>%s</updated>", date);
    found = strstr(atom, tag) != NULL;
    qalam_free(date);
  }
  CHECK(found);
  CHECK(strstr(atom, "<author>\n    <name>https://e.example</name>"));
  CHECK(!strstr(atom, "<entry"));
  qalam_free(atom);
  /* or, for an empty section, that of the site's newest article. */
  simple(s, "T", NULL, NEWS, 1, FEB13);
  fix_updated(s, 60);
  atom = feed(s, QALAM_FEED_ATOM, "empty", NULL, 0, 0);
  CHECK(strstr(atom, "<updated>2026-02-13T05:01:00Z</updated>"));
  CHECK(!strstr(atom, "<entry"));
  qalam_free(atom);
  char *rss = feed(s, QALAM_FEED_RSS, "empty", NULL, 0, 0);
  CHECK(strstr(rss, "<lastBuildDate>Fri, 13 Feb 2026 05:01:00 +0000"));
  CHECK(!strstr(rss, "<item>"));
  qalam_free(rss);
  qalam_store_close(s);
}

/* --- Selection ------------------------------------------------------------ */

static void drafts_and_scheduled_stay_out(void) {
  qalam_store *s = small_store();
  for (int f = QALAM_FEED_RSS; f <= QALAM_FEED_JSON; f++) {
    char *out = feed(s, (qalam_feed_format)f, NULL, NULL, 0, 0);
    CHECK(!strstr(out, "Draft") && !strstr(out, "draft"));
    CHECK(!strstr(out, "Scheduled") && !strstr(out, "scheduled"));
    qalam_free(out);
  }
  char *map = NULL;
  CHECK_OK(qalam_sitemap_render(&map, s));
  CHECK(!strstr(map, "draft") && !strstr(map, "scheduled"));
  qalam_free(map);
  qalam_store_close(s);
}

static void limit_and_order(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://l.example"));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  char title[32];
  for (int i = 1; i <= 25; i++) {
    snprintf(title, sizeof title, "Story %d", i);
    simple(s, title, NULL, i % 2 ? NEWS : NULL, i % 2, FEB13 + i * 60);
  }
  char *rss = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  CHECK_INT(occurrences(rss, "<item>"), 20); /* 0: 20 */
  const char *p25 = strstr(rss, "Story 25<"), *p6 = strstr(rss, "Story 6<");
  CHECK(p25 && p6 && p25 < p6);
  CHECK(!strstr(rss, "Story 5<"));
  qalam_free(rss);
  char *json = feed(s, QALAM_FEED_JSON, NULL, NULL, 3, 0);
  CHECK_INT(occurrences(json, "\"id\""), 3);
  CHECK(strstr(json, "story-23") && !strstr(json, "story-22"));
  qalam_free(json);
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, NULL, 100, 0);
  CHECK_INT(occurrences(atom, "<entry"), 25);
  qalam_free(atom);
  /* A section's feed has only its articles. */
  atom = feed(s, QALAM_FEED_ATOM, "news", NULL, 0, 0);
  CHECK_INT(occurrences(atom, "<entry"), 13);
  CHECK(!strstr(atom, "Story 24<"));
  CHECK(strstr(atom, "<id>https://l.example/news/atom.xml</id>"));
  CHECK(strstr(atom, "href=\"https://l.example/news/index.html\""));
  CHECK(strstr(atom, "<title type=\"text\">https://l.example — News</title>"));
  qalam_free(atom);
  qalam_store_close(s);
}

/* --- Layout --------------------------------------------------------------- */

static void paths_single_language(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_lang(s, "kk"));
  /* An empty store has no language prefix either. */
  check_path(s, QALAM_PAGE_FRONT, NULL, NULL, 0, "index.html");
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  simple(s, "Бірінші жаңалық", NULL, NEWS, 1, FEB13);
  check_path(s, QALAM_PAGE_FRONT, NULL, "ignored", 7, "index.html");
  check_path(s, QALAM_PAGE_FRONT, "ru", NULL, 1, "index.html");
  check_path(s, QALAM_PAGE_SECTION, NULL, "news", 1, "news/index.html");
  check_path(s, QALAM_PAGE_SECTION, NULL, "news", 2, "news/page-2.html");
  check_path(s, QALAM_PAGE_SECTION, "kk", "news", 13, "news/page-13.html");
  check_path(s, QALAM_PAGE_ARTICLE, NULL, "birinshi-janalyq", 0,
             "article/birinshi-janalyq.html");
  qalam_article *a = NULL;
  char *out = NULL;
  CHECK_OK(qalam_article_get_by_slug(&a, s, "birinshi-janalyq", NULL));
  CHECK_OK(qalam_article_path(&out, s, a));
  CHECK_STR(out, "article/birinshi-janalyq.html");
  qalam_free(out);
  qalam_article_free(a);
  qalam_store_close(s);
}

static void paths_multi_language(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_lang(s, "kk"));
  CHECK_OK(qalam_store_set_base_url(s, "https://m.example"));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  simple(s, "Жаңалық", "kk", NEWS, 1, FEB13);
  simple(s, "Новость", "ru", NEWS, 1, FEB13 + 60);
  check_path(s, QALAM_PAGE_FRONT, NULL, NULL, 1, "kk/index.html");
  check_path(s, QALAM_PAGE_FRONT, "ru", NULL, 1, "ru/index.html");
  check_path(s, QALAM_PAGE_SECTION, "ru", "news", 1, "ru/news/index.html");
  check_path(s, QALAM_PAGE_SECTION, NULL, "news", 4, "kk/news/page-4.html");
  check_path(s, QALAM_PAGE_ARTICLE, "ru", "novost", 1,
             "ru/article/novost.html");

  /* An article lent by a cursor: its own language. */
  qalam_cursor *c = NULL;
  const qalam_article *lent;
  char *out = NULL;
  CHECK_OK(qalam_cursor_open(&c, s, NULL));
  CHECK_OK(qalam_cursor_next(&lent, c));
  CHECK_OK(qalam_article_path(&out, s, lent));
  CHECK_STR(out, "ru/article/novost.html");
  qalam_free(out);
  qalam_cursor_free(c);

  /* Feeds: the prefix when a language is asked for. */
  char *json = feed(s, QALAM_FEED_JSON, "news", "ru", 0, 0);
  CHECK(strstr(json, "\"feed_url\": \"https://m.example/ru/news/feed.json\""));
  CHECK(strstr(json, "\"home_page_url\": "
                     "\"https://m.example/ru/news/index.html\""));
  CHECK(strstr(json, "\"language\": \"ru\",\n  \"items\""));
  CHECK(strstr(json, "\"url\": \"https://m.example/ru/article/novost.html\""));
  CHECK(!strstr(json, "zhanalyq") && !strstr(json, "janalyq"));
  qalam_free(json);
  char *rss = feed(s, QALAM_FEED_RSS, NULL, NULL, 0, 0);
  CHECK(strstr(rss, "<atom:link href=\"https://m.example/feed.xml\""));
  CHECK(strstr(rss, "<link>https://m.example/kk/index.html</link>"));
  CHECK(strstr(rss, "<link>https://m.example/kk/article/janalyq.html</link>"));
  CHECK(strstr(rss, "<link>https://m.example/ru/article/novost.html</link>"));
  CHECK(strstr(rss, "<language>kk</language>"));
  qalam_free(rss);
  char *atom = feed(s, QALAM_FEED_ATOM, NULL, "kk", 0, 0);
  CHECK(strstr(atom, "<id>https://m.example/kk/atom.xml</id>"));
  CHECK_INT(occurrences(atom, "<entry"), 1);
  CHECK(strstr(atom, "<entry xml:lang=\"kk\">"));
  qalam_free(atom);
  /* A region's '_' is written as '-' in language fields. */
  rss = feed(s, QALAM_FEED_RSS, NULL, "kk_KZ", 0, 0);
  CHECK(strstr(rss, "<language>kk-KZ</language>"));
  CHECK(!strstr(rss, "<item>"));
  qalam_free(rss);
  qalam_store_close(s);
}

/* --- Sitemap -------------------------------------------------------------- */

static void sitemap_pages_and_articles(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://s.example"));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  CHECK_OK(qalam_section_add(s, "empty", "Empty", 2));
  CHECK_OK(qalam_section_add(s, "twenty", "Twenty", 3));
  static const char *const TWENTY[] = {"twenty"};
  char title[32];
  for (int i = 1; i <= 41; i++) {
    snprintf(title, sizeof title, "News %d", i);
    simple(s, title, NULL, NEWS, 1, FEB13 + i);
  }
  for (int i = 1; i <= 20; i++) {
    snprintf(title, sizeof title, "Twenty %d", i);
    simple(s, title, NULL, TWENTY, 1, FEB13 + 100 + i);
  }
  art draft = {"Draft", "x", NULL, NULL, NULL, TWENTY, 1, FEB13, QALAM_DRAFT};
  add(s, &draft);
  fix_updated(s, 0);
  char *map = NULL;
  CHECK_OK(qalam_sitemap_render(&map, s));
  static const char head[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
      "  <url>\n    <loc>https://s.example/index.html</loc>\n"
      "  </url>\n  <url>\n"
      "    <loc>https://s.example/news/index.html</loc>\n";
  CHECK(!strncmp(map, head, sizeof head - 1));
  CHECK(strstr(map, "<loc>https://s.example/news/page-2.html</loc>"));
  CHECK(strstr(map, "<loc>https://s.example/news/page-3.html</loc>"));
  CHECK(!strstr(map, "news/page-4.html"));
  CHECK(strstr(map, "<loc>https://s.example/empty/index.html</loc>"));
  CHECK(!strstr(map, "empty/page-2"));
  CHECK(strstr(map, "<loc>https://s.example/twenty/index.html</loc>"));
  CHECK(!strstr(map, "twenty/page-2")); /* the draft does not count */
  CHECK_INT(occurrences(map, "<url>"), 1 + 3 + 1 + 1 + 61);
  CHECK_INT(occurrences(map, "<lastmod>"), 61);
  CHECK(strstr(map, "  <url>\n    <loc>https://s.example/article/news-41.html"
                    "</loc>\n    <lastmod>2026-02-13T05:00:41Z</lastmod>\n"
                    "  </url>\n"));
  CHECK(!strstr(map, "draft"));
  size_t n = strlen(map);
  CHECK(n > 10 && !strcmp(map + n - 10, "</urlset>\n"));
  qalam_free(map);
  /* the articles are read from the index alone, already in order */
  char plan[512];
  harness_sqlite_plan(s->db->sql, QALAM__LISTED_KEYS_SQL, plan, sizeof plan);
  CHECK(strstr(plan, "USING COVERING INDEX articles_by_time"));
  CHECK(!strstr(plan, "TEMP B-TREE"));
  qalam_store_close(s);
}

/* An empty store at +05:00 with a base URL and the section "news". */
static qalam_store *sitemap_store(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://s.example"));
  CHECK_OK(qalam_store_set_offset(s, 300));
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  return s;
}

static void sitemap_per_language(void) {
  qalam_store *s = sitemap_store();
  simple(s, "Жаңалық", "kk", NEWS, 1, FEB13);
  simple(s, "Новость", "ru", NEWS, 1, FEB13 + 60);
  fix_updated(s, 5);
  char *map = NULL;
  CHECK_OK(qalam_sitemap_render(&map, s));
  CHECK_STR(map,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            "  <url>\n    <loc>https://s.example/kk/index.html</loc>\n  </url>\n"
            "  <url>\n    <loc>https://s.example/kk/news/index.html</loc>\n"
            "  </url>\n"
            "  <url>\n    <loc>https://s.example/ru/index.html</loc>\n  </url>\n"
            "  <url>\n    <loc>https://s.example/ru/news/index.html</loc>\n"
            "  </url>\n"
            "  <url>\n    <loc>https://s.example/ru/article/novost.html</loc>\n"
            "    <lastmod>2026-02-13T10:01:05+05:00</lastmod>\n  </url>\n"
            "  <url>\n    <loc>https://s.example/kk/article/janalyq.html</loc>\n"
            "    <lastmod>2026-02-13T10:00:05+05:00</lastmod>\n  </url>\n"
            "</urlset>\n");
  qalam_free(map);
  qalam_store_close(s);
}

/* --- Sitemap in parts ----------------------------------------------------- */

/* Month starts at +05:00, as Unix times. */
#define DEC2025 INT64_C(1764529200)
#define JAN2026 INT64_C(1767207600)
#define FEB2026 INT64_C(1769886000)
#define MAR2026 INT64_C(1772305200)

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *sitemap_part(qalam_sitemap *m, size_t i) {
  char *out = NULL;
  CHECK_OK(qalam_sitemap_part_render(&out, m, i));
  return out;
}

/* The <url> entries of a urlset: what follows its opening tag, up to the
 * closing one. */
static void urls_of(qalam_buf *b, const char *urlset) {
  static const char open[] =
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  const char *from = urlset ? strstr(urlset, open) : NULL;
  const char *to = urlset ? strstr(urlset, "</urlset>\n") : NULL;
  CHECK(from && to && !strcmp(to, "</urlset>\n"));
  if (from && to) qalam__buf_put(b, from + sizeof open - 1,
                                 (size_t)(to - from) - (sizeof open - 1));
}

/* The parts, one after the other, list what the single sitemap does, and
 * none more than `limit` URLs. */
static void parts_match_single(qalam_store *s, size_t limit) {
  char *single = NULL;
  CHECK_OK(qalam_sitemap_render(&single, s));
  qalam_buf want = QALAM_BUF_INIT, got = QALAM_BUF_INIT;
  urls_of(&want, single);
  qalam__sitemap_urls = limit;
  qalam_sitemap *m = NULL;
  CHECK_OK(qalam_sitemap_open(&m, s));
  for (size_t i = 0; i < qalam_sitemap_count(m); i++) {
    char *part = sitemap_part(m, i);
    CHECK(occurrences(part, "<url>") <= limit);
    urls_of(&got, part);
    qalam_free(part);
  }
  qalam__sitemap_urls = QALAM_SITEMAP_URLS;
  CHECK(!want.failed && !got.failed);
  CHECK_STR(got.ptr, want.ptr);
  qalam_sitemap_free(m);
  qalam__buf_free(&want);
  qalam__buf_free(&got);
  qalam_free(single);
}

static void sitemap_in_parts_by_month(void) {
  qalam_store *s = sitemap_store();
  CHECK_OK(qalam_section_add(s, "sport", "Sport", 2));
  CHECK_OK(qalam_section_add(s, "empty", "Empty", 3));
  static const char *const SPORT[] = {"sport"};
  simple(s, "Feb one", NULL, NEWS, 1, FEB13 + 1);
  simple(s, "Feb two", NULL, NEWS, 1, FEB13 + 2);
  simple(s, "Feb three", NULL, NEWS, 1, FEB13 + 3);
  simple(s, "Feb first second", NULL, SPORT, 1, FEB2026);
  simple(s, "Jan last second", NULL, NEWS, 1, FEB2026 - 1);
  simple(s, "New year's eve", NULL, NEWS, 1, JAN2026 - 1);
  art draft = {"Draft", "x", NULL, NULL, NULL, NEWS, 1, FEB13, QALAM_DRAFT};
  add(s, &draft);
  fix_updated(s, 0);

  /* Three URLs a file: the 4 pages and February's 4 articles take two. */
  qalam__sitemap_urls = 3;
  char *out = NULL;
  CHECK_ERR(qalam_sitemap_render(&out, s), QALAM_EINVAL);
  CHECK_MSG("the site has 10 URLs, more than the 3 one sitemap may list");
  CHECK_MSG("qalam_sitemap_open()");
  CHECK(out == NULL);
  qalam_sitemap *m = NULL;
  CHECK_OK(qalam_sitemap_open(&m, s));
  qalam__sitemap_urls = QALAM_SITEMAP_URLS;
  static const struct {
    const char *name;
    int64_t from, to;
    size_t urls;
  } want[] = {
      {"sitemap-pages.xml", 0, 0, 3},
      {"sitemap-pages-2.xml", 0, 0, 1},
      {"sitemap-2026-02.xml", FEB2026, MAR2026, 3},
      {"sitemap-2026-02-2.xml", FEB2026, MAR2026, 1},
      {"sitemap-2026-01.xml", JAN2026, FEB2026, 1},
      {"sitemap-2025-12.xml", DEC2025, JAN2026, 1},
  };
  CHECK_INT(qalam_sitemap_count(m), HARNESS_COUNT(want));
  for (size_t i = 0; m && i < HARNESS_COUNT(want); i++) {
    int64_t from = -1, to = -1;
    CHECK_STR(qalam_sitemap_name(m, i), want[i].name);
    CHECK_OK(qalam_sitemap_span(m, i, &from, &to));
    CHECK_INT(from, want[i].from);
    CHECK_INT(to, want[i].to);
    char *part = sitemap_part(m, i);
    CHECK_INT(occurrences(part, "<url>"), want[i].urls);
    CHECK_INT(occurrences(part, "<lastmod>"), want[i].from ? want[i].urls : 0);
    qalam_free(part);
  }
  /* the parts' contents, where the months meet */
  char *part = sitemap_part(m, 1);
  CHECK(strstr(part, "<loc>https://s.example/empty/index.html</loc>"));
  qalam_free(part);
  part = sitemap_part(m, 3);
  CHECK(strstr(part, "<loc>https://s.example/article/feb-first-second.html"
                     "</loc>\n    <lastmod>2026-02-01T00:00:00+05:00"));
  qalam_free(part);
  part = sitemap_part(m, 4);
  CHECK(strstr(part, "article/jan-last-second.html"));
  qalam_free(part);
  part = sitemap_part(m, 5);
  CHECK(strstr(part, "article/new-years-eve.html"));
  qalam_free(part);

  char *index = NULL;
  CHECK_OK(qalam_sitemap_index_render(&index, m));
  CHECK_STR(index,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/"
            "0.9\">\n"
            "  <sitemap>\n    <loc>https://s.example/sitemap-pages.xml</loc>\n"
            "  </sitemap>\n"
            "  <sitemap>\n    <loc>https://s.example/sitemap-pages-2.xml</loc>\n"
            "  </sitemap>\n"
            "  <sitemap>\n    <loc>https://s.example/sitemap-2026-02.xml</loc>\n"
            "    <lastmod>2026-02-13T10:00:03+05:00</lastmod>\n  </sitemap>\n"
            "  <sitemap>\n    <loc>https://s.example/sitemap-2026-02-2.xml</loc>\n"
            "    <lastmod>2026-02-01T00:00:00+05:00</lastmod>\n  </sitemap>\n"
            "  <sitemap>\n    <loc>https://s.example/sitemap-2026-01.xml</loc>\n"
            "    <lastmod>2026-01-31T23:59:59+05:00</lastmod>\n  </sitemap>\n"
            "  <sitemap>\n    <loc>https://s.example/sitemap-2025-12.xml</loc>\n"
            "    <lastmod>2025-12-31T23:59:59+05:00</lastmod>\n  </sitemap>\n"
            "</sitemapindex>\n");
  qalam_free(index);

  /* A part renders the store as it is now, within its month. */
  simple(s, "Feb later", NULL, NEWS, 1, FEB13 + 4);
  part = sitemap_part(m, 2);
  CHECK(strstr(part, "article/feb-later.html"));
  CHECK(!strstr(part, "article/feb-one.html")); /* pushed to the next part */
  qalam_free(part);
  qalam_sitemap_free(m);

  for (size_t limit = 1; limit <= 12; limit++) parts_match_single(s, limit);
  qalam_store_close(s);
}

static void sitemap_parts_of_an_empty_or_multilingual_site(void) {
  qalam_store *s = open_memory();
  CHECK_OK(qalam_store_set_base_url(s, "https://s.example"));
  qalam_sitemap *m = NULL;
  CHECK_OK(qalam_sitemap_open(&m, s));
  CHECK_INT(qalam_sitemap_count(m), 1);
  CHECK_STR(qalam_sitemap_name(m, 0), "sitemap-pages.xml");
  char *part = sitemap_part(m, 0);
  CHECK_STR(part, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/"
                  "0.9\">\n"
                  "  <url>\n    <loc>https://s.example/index.html</loc>\n"
                  "  </url>\n</urlset>\n");
  qalam_free(part);
  qalam_sitemap_free(m);

  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  simple(s, "Жаңалық", "kk", NEWS, 1, FEB13);
  simple(s, "Новость", "ru", NEWS, 1, FEB13 + 60);
  for (int i = 0; i < 45; i++) {
    char title[32];
    snprintf(title, sizeof title, "Kk %d", i);
    simple(s, title, "kk", NEWS, 1, FEB2026 - 86400 * (int64_t)i);
  }
  for (size_t limit = 1; limit <= 9; limit++) parts_match_single(s, limit);
  parts_match_single(s, 60);
  qalam_store_close(s);
}

static void sitemap_part_errors(void) {
  qalam_store *s = open_memory();
  char sentinel[] = "untouched", *out = sentinel;
  qalam_sitemap *m = (qalam_sitemap *)sentinel;
  CHECK_ERR(qalam_sitemap_open(&m, s), QALAM_EINVAL);
  CHECK_MSG("qalam_store_set_base_url");
  CHECK(m == (qalam_sitemap *)sentinel);
  CHECK_OK(qalam_store_set_base_url(s, "https://x.example"));
  CHECK_ERR(qalam_sitemap_open(NULL, s), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_open(&m, NULL), QALAM_EINVAL);
  CHECK_OK(qalam_sitemap_open(&m, s));
  int64_t from = 7, to = 7;
  CHECK_INT(qalam_sitemap_count(NULL), 0);
  CHECK(qalam_sitemap_name(NULL, 0) == NULL);
  CHECK(qalam_sitemap_name(m, 1) == NULL);
  CHECK_ERR(qalam_sitemap_span(m, 1, &from, &to), QALAM_EINVAL);
  CHECK_MSG("the sitemap has no part 1 (it has 1, counted from 0)");
  CHECK_ERR(qalam_sitemap_span(NULL, 0, &from, &to), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_span(m, 0, NULL, &to), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_span(m, 0, &from, NULL), QALAM_EINVAL);
  CHECK(from == 7 && to == 7);
  CHECK_ERR(qalam_sitemap_index_render(NULL, m), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_index_render(&out, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_part_render(NULL, m, 0), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_part_render(&out, NULL, 0), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_part_render(&out, m, 1), QALAM_EINVAL);
  CHECK_MSG("no part 1");
  CHECK(out == sentinel);
  CHECK_OK(qalam_sitemap_span(m, 0, &from, &to));
  CHECK(from == 0 && to == 0);
  qalam_sitemap_free(m);
  qalam_sitemap_free(NULL);
  qalam_store_close(s);
}

/* --- Errors --------------------------------------------------------------- */

static void feed_errors(void) {
  qalam_store *s = open_memory();
  char sentinel[] = "untouched", *out = sentinel;
  CHECK_OK(qalam_section_add(s, "news", "News", 1));
  CHECK_ERR(qalam_feed_render(&out, s, QALAM_FEED_RSS, NULL, NULL, 0, 0),
            QALAM_EINVAL);
  CHECK_MSG("qalam_store_set_base_url");
  CHECK_ERR(qalam_sitemap_render(&out, s), QALAM_EINVAL);
  CHECK_MSG("qalam_store_set_base_url");
  CHECK_OK(qalam_store_set_base_url(s, "https://x.example"));
  CHECK_ERR(qalam_feed_render(NULL, s, QALAM_FEED_RSS, NULL, NULL, 0, 0),
            QALAM_EINVAL);
  CHECK_ERR(qalam_feed_render(&out, NULL, QALAM_FEED_RSS, NULL, NULL, 0, 0),
            QALAM_EINVAL);
  CHECK_ERR(qalam_feed_render(&out, s, (qalam_feed_format)3, NULL, NULL, 0, 0),
            QALAM_EINVAL);
  CHECK_MSG("unknown feed format 3");
  CHECK_ERR(qalam_feed_render(&out, s, (qalam_feed_format)-1, NULL, NULL, 0,
                              0),
            QALAM_EINVAL);
  CHECK_ERR(qalam_feed_render(&out, s, QALAM_FEED_RSS, NULL, NULL, 0, 2u),
            QALAM_EINVAL);
  CHECK_MSG("unknown feed flags 0x2");
  CHECK_ERR(qalam_feed_render(&out, s, QALAM_FEED_ATOM, "sport", NULL, 0, 0),
            QALAM_ENOTFOUND);
  CHECK_MSG("unknown section 'sport'");
  CHECK_ERR(qalam_feed_render(&out, s, QALAM_FEED_ATOM, "s\xff", NULL, 0, 0),
            QALAM_EUTF8);
  CHECK_ERR(qalam_feed_render(&out, s, QALAM_FEED_JSON, NULL, "\xc0\xaf", 0,
                              0),
            QALAM_EUTF8);
  CHECK_ERR(qalam_feed_render(&out, s, QALAM_FEED_JSON, NULL, "kazakh", 0, 0),
            QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_render(NULL, s), QALAM_EINVAL);
  CHECK_ERR(qalam_sitemap_render(&out, NULL), QALAM_EINVAL);
  CHECK(out == sentinel);
  /* A success clears the last error. */
  CHECK_OK(qalam_feed_render(&out, s, QALAM_FEED_JSON, NULL, NULL, 0, 0));
  CHECK_STR(qalam_error_message(), "");
  CHECK(out != sentinel);
  qalam_free(out);
  qalam_store_close(s);
}

static void path_errors(void) {
  qalam_store *s = open_memory();
  char sentinel[] = "untouched", *out = sentinel;
  CHECK_ERR(qalam_page_path(NULL, s, QALAM_PAGE_FRONT, NULL, NULL, 1),
            QALAM_EINVAL);
  CHECK_ERR(qalam_page_path(&out, NULL, QALAM_PAGE_FRONT, NULL, NULL, 1),
            QALAM_EINVAL);
  CHECK_ERR(qalam_page_path(&out, s, (qalam_page_kind)3, NULL, NULL, 1),
            QALAM_EINVAL);
  CHECK_MSG("unknown page kind 3");
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_SECTION, NULL, NULL, 1),
            QALAM_EINVAL);
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_ARTICLE, NULL, NULL, 1),
            QALAM_EINVAL);
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_SECTION, NULL, "news", 0),
            QALAM_EINVAL);
  CHECK_MSG("page 0");
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_ARTICLE, NULL, "../etc", 1),
            QALAM_EINVAL);
  CHECK_MSG("not a slug");
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_SECTION, NULL, "a/b", 1),
            QALAM_EINVAL);
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_ARTICLE, NULL, "\xe2\x82", 1),
            QALAM_EUTF8);
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_FRONT, "\xff", NULL, 1),
            QALAM_EUTF8);
  CHECK_ERR(qalam_page_path(&out, s, QALAM_PAGE_FRONT, "k/z", NULL, 1),
            QALAM_EINVAL);
  qalam_article *a = NULL;
  CHECK_OK(qalam_article_new(&a));
  CHECK_ERR(qalam_article_path(&out, s, a), QALAM_EINVAL); /* not stored */
  CHECK_MSG("insert it");
  CHECK_ERR(qalam_article_path(&out, s, NULL), QALAM_EINVAL);
  CHECK_ERR(qalam_article_path(&out, NULL, a), QALAM_EINVAL);
  CHECK_ERR(qalam_article_path(NULL, s, a), QALAM_EINVAL);
  qalam_article_free(a);
  CHECK(out == sentinel);
  qalam_store_close(s);
}

/* --- Allocation failure --------------------------------------------------- */

static int sc_store(qalam_store **out) {
  static const char *const sections[] = {"news", "culture"};
  static const char *const tags[] = {"ауа", "x"};
  qalam_store *s = NULL;
  qalam_article *a = NULL;
  int rc;
  TRY(qalam_store_open(&s, ":memory:", 0));
  if ((rc = qalam_store_set_title(s, "Site & Co")) ||
      (rc = qalam_store_set_base_url(s, "https://x.example")) ||
      (rc = qalam_store_set_offset(s, 300)) ||
      (rc = qalam_section_add(s, "news", "News", 1)) ||
      (rc = qalam_section_add(s, "culture", "Culture", 2)) ||
      (rc = qalam_article_new(&a)) ||
      (rc = qalam_article_set_title(a, "Қазақ \"тілі\"")) ||
      (rc = qalam_article_set_body(a, "Body *text* & <b>x</b>")) ||
      (rc = qalam_article_set_lead(a, "Lead \xE2\x80\xA8")) ||
      (rc = qalam_article_set_author(a, "Әлия")) ||
      (rc = qalam_article_set_source_url(a, "https://src.example/a")) ||
      (rc = qalam_article_set_sections(a, sections, 2)) ||
      (rc = qalam_article_set_tags(a, tags, 2)) ||
      (rc = qalam_article_set_published(a, FEB13)) ||
      (rc = qalam_article_insert(s, a)))
    goto fail;
  qalam_article_free(a);
  a = NULL;
  if ((rc = qalam_article_new(&a)) ||
      (rc = qalam_article_set_title(a, "Русский")) ||
      (rc = qalam_article_set_body(a, "Текст")) ||
      (rc = qalam_article_set_lang(a, "ru")) ||
      (rc = qalam_article_set_sections(a, sections, 1)) ||
      (rc = qalam_article_set_published(a, FEB13 + 60)) ||
      (rc = qalam_article_insert(s, a)))
    goto fail;
  qalam_article_free(a);
  *out = s;
  return QALAM_OK;
fail:
  qalam_article_free(a);
  qalam_store_close(s);
  return rc;
}

/* The store the scenarios read, built before each try with no failure
 * injected (building stores is swept in test_store). */
static qalam_store *sc_s;

static int sc_setup(void) {
  TRY(sc_store(&sc_s));
  return qalam_section_add(sc_s, "empty", "Empty", 3);
}

static void sc_teardown(void) {
  qalam_store_close(sc_s);
  sc_s = NULL;
}

static int sc_paths(void) {
  qalam_store *s = sc_s;
  qalam_article *a = NULL;
  char *p1 = NULL, *p2 = NULL, *p3 = NULL, *map = NULL;
  int rc;
  if (!(rc = qalam_page_path(&p1, s, QALAM_PAGE_SECTION, "ru", "news", 3)) &&
      !(rc = qalam_page_path(&p2, s, QALAM_PAGE_FRONT, NULL, NULL, 1)) &&
      !(rc = qalam_article_get_by_slug(&a, s, "russkii", "ru")) &&
      !(rc = qalam_article_path(&p3, s, a)) &&
      !(rc = qalam_sitemap_render(&map, s)) &&
      (strcmp(p1, "ru/news/page-3.html") || strcmp(p2, "en/index.html") ||
       strcmp(p3, "ru/article/russkii.html") ||
       !strstr(map, "https://x.example/ru/article/russkii.html")))
    rc = QALAM_EINVAL;
  qalam_free(p1);
  qalam_free(p2);
  qalam_free(p3);
  qalam_free(map);
  qalam_article_free(a);
  return rc;
}

/* The index and every part, two URLs a part (so that lists split). */
static int sc_sitemap_parts(void) {
  qalam_sitemap *m = NULL;
  char *out = NULL;
  qalam__sitemap_urls = 2;
  int rc = qalam_sitemap_open(&m, sc_s);
  if (!rc) rc = qalam_sitemap_index_render(&out, m);
  qalam_free(out);
  for (size_t i = 0; !rc && i < qalam_sitemap_count(m); i++) {
    out = NULL;
    rc = qalam_sitemap_part_render(&out, m, i);
    qalam_free(out);
  }
  qalam__sitemap_urls = QALAM_SITEMAP_URLS;
  qalam_sitemap_free(m);
  return rc;
}

/* Every format and variant: site, section in a language, lead only, a
 * language with no entries, an empty section (the update time then comes
 * from the site's newest article). */
static int sc_feeds(void) {
  static const struct {
    qalam_feed_format format;
    const char *section, *lang;
    unsigned int flags;
  } v[] = {
      {QALAM_FEED_RSS, NULL, NULL, 0},
      {QALAM_FEED_RSS, "news", NULL, QALAM_FEED_LEAD_ONLY},
      {QALAM_FEED_ATOM, "news", "en", 0},
      {QALAM_FEED_ATOM, "culture", "ru", 0},
      {QALAM_FEED_ATOM, "empty", NULL, QALAM_FEED_LEAD_ONLY},
      {QALAM_FEED_JSON, NULL, NULL, 0},
      {QALAM_FEED_JSON, NULL, "en", QALAM_FEED_LEAD_ONLY},
  };
  qalam_store *s = sc_s;
  char *out = NULL;
  int rc = QALAM_OK;
  for (size_t i = 0; !rc && i < HARNESS_COUNT(v); i++) {
    rc = qalam_feed_render(&out, s, v[i].format, v[i].section, v[i].lang, 0,
                           v[i].flags);
    if (!rc && !strstr(out, "https://x.example/")) rc = QALAM_EINVAL;
    qalam_free(out);
    out = NULL;
  }
  return rc;
}

int main(int argc, char **argv) {
  if (harness_route_sqlite()) return 1;
  static const harness_test tests[] = {
      HARNESS_TEST(golden_rss),
      HARNESS_TEST(golden_atom_of_a_section),
      HARNESS_TEST(golden_json),
      HARNESS_TEST(lead_only_uses_the_lead_when_set),
      HARNESS_TEST(hostile_text_is_escaped_never_stripped),
      HARNESS_TEST(json_escapes_every_control_character),
      HARNESS_TEST(dates_at_the_store_offset),
      HARNESS_TEST(updated_is_never_before_published),
      HARNESS_TEST(empty_feeds_are_valid),
      HARNESS_TEST(drafts_and_scheduled_stay_out),
      HARNESS_TEST(limit_and_order),
      HARNESS_TEST(paths_single_language),
      HARNESS_TEST(paths_multi_language),
      HARNESS_TEST(sitemap_pages_and_articles),
      HARNESS_TEST(sitemap_per_language),
      HARNESS_TEST(sitemap_in_parts_by_month),
      HARNESS_TEST(sitemap_parts_of_an_empty_or_multilingual_site),
      HARNESS_TEST(sitemap_part_errors),
      HARNESS_TEST(feed_errors),
      HARNESS_TEST(path_errors),
  };
  static const harness_scenario scenarios[] = {
      {"paths and the sitemap", sc_paths, sc_setup, sc_teardown},
      {"the sitemap in parts", sc_sitemap_parts, sc_setup, sc_teardown},
      {"feeds in every format", sc_feeds, sc_setup, sc_teardown},
  };
  return harness_main(argc, argv, tests, HARNESS_COUNT(tests), scenarios,
                      HARNESS_COUNT(scenarios));
}
