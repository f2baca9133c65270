/* feed_xml.c - the RSS 2.0 and Atom 1.0 (RFC 4287) writers. Every piece of
 * text goes through qalam_xml_escape(); see docs/feeds.md for the fields. */
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "feed_internal.h"
#include "qalam/text.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/* <name>escaped text</name> at an indent. */
static int element(qalam_buf *b, const char *indent, const char *name,
                   const char *text) {
  qalam__buf_printf(b, "%s<%s>", indent, name);
  int rc = qalam__xml_put(b, text);
  qalam__buf_printf(b, "</%s>\n", name);
  return rc;
}

static int date_element(qalam_buf *b, const char *indent, const char *name,
                        int64_t time, int offset, int rfc822) {
  qalam__buf_printf(b, "%s<%s>", indent, name);
  int rc = qalam__date_put(b, time, offset, rfc822);
  qalam__buf_printf(b, "</%s>\n", name);
  return rc;
}

/* --- RSS 2.0 -------------------------------------------------------------- */

static int rss_head(qalam__feed *f, qalam_buf *b) {
  int rc;
  qalam__buf_puts(b, XML_DECL
                  "<rss version=\"2.0\" "
                  "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
                  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                  "  <channel>\n");
  if ((rc = element(b, "    ", "title", f->title)) ||
      (rc = element(b, "    ", "link", f->home_url)) ||
      (rc = element(b, "    ", "description", f->title)))
    return rc;
  qalam__buf_puts(b, "    <language>");
  qalam__lang_put(b, f->lang);
  qalam__buf_puts(b, "</language>\n");
  if ((rc = date_element(b, "    ", "lastBuildDate", f->updated, f->offset,
                         1)))
    return rc;
  qalam__buf_puts(b, "    <atom:link href=\"");
  if ((rc = qalam__xml_put(b, f->self_url))) return rc;
  qalam__buf_puts(b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
  return QALAM_OK;
}

static int rss_entry(qalam__feed *f, qalam_buf *b, const qalam__feed_entry *e) {
  const qalam_article *a = e->article;
  const char *author = qalam_article_author(a);
  const char *in = "      ";
  int rc;
  qalam__buf_puts(b, "    <item>\n");
  if ((rc = element(b, in, "title", qalam_article_title(a))) ||
      (rc = element(b, in, "link", e->url)))
    return rc;
  qalam__buf_printf(b, "%s<guid isPermaLink=\"true\">", in);
  if ((rc = qalam__xml_put(b, e->url))) return rc;
  qalam__buf_puts(b, "</guid>\n");
  if ((rc = date_element(b, in, "pubDate", e->published, f->offset, 1)))
    return rc;
  if (author && (rc = element(b, in, "dc:creator", author))) return rc;
  size_t n = qalam_article_section_count(a);
  for (size_t i = 0; i < n; i++)
    if ((rc = element(b, in, "category",
                      qalam__feed_section_name(f, qalam_article_section(a, i)))))
      return rc;
  /* description is HTML: the body as rendered, or the lead (plain text)
   * escaped for HTML, then the whole escaped for XML. */
  if (e->lead_only) {
    char *html = NULL;
    if ((rc = qalam_html_escape(&html, e->lead))) return rc;
    rc = element(b, in, "description", html);
    qalam__free(html);
  } else {
    rc = element(b, in, "description", e->html);
  }
  if (rc) return rc;
  qalam__buf_puts(b, "    </item>\n");
  return QALAM_OK;
}

static int rss_tail(qalam__feed *f, qalam_buf *b) {
  (void)f;
  qalam__buf_puts(b, "  </channel>\n</rss>\n");
  return QALAM_OK;
}

const qalam__feed_writer qalam__feed_rss = {"feed.xml", rss_head, rss_entry,
                                            rss_tail};

/* --- Atom 1.0 ------------------------------------------------------------- */

/* <link rel="..." type="..." href="..."/>; type NULL leaves it out. */
static int atom_link(qalam_buf *b, const char *indent, const char *rel,
                     const char *type, const char *href) {
  qalam__buf_printf(b, "%s<link rel=\"%s\"", indent, rel);
  if (type) qalam__buf_printf(b, " type=\"%s\"", type);
  qalam__buf_puts(b, " href=\"");
  int rc = qalam__xml_put(b, href);
  qalam__buf_puts(b, "\"/>\n");
  return rc;
}

static int atom_head(qalam__feed *f, qalam_buf *b) {
  int rc;
  qalam__buf_puts(b, XML_DECL "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                              "xml:lang=\"");
  qalam__lang_put(b, f->lang);
  qalam__buf_puts(b, "\">\n");
  if ((rc = element(b, "  ", "id", f->self_url))) return rc;
  qalam__buf_puts(b, "  <title type=\"text\">");
  if ((rc = qalam__xml_put(b, f->title))) return rc;
  qalam__buf_puts(b, "</title>\n");
  if ((rc = date_element(b, "  ", "updated", f->updated, f->offset, 0)) ||
      (rc = atom_link(b, "  ", "self", "application/atom+xml", f->self_url)) ||
      (rc = atom_link(b, "  ", "alternate", "text/html", f->home_url)))
    return rc;
  /* A feed-level author keeps entries without one valid (RFC 4287 4.1.1). */
  qalam__buf_puts(b, "  <author>\n");
  if ((rc = element(b, "    ", "name", f->title))) return rc;
  qalam__buf_puts(b, "  </author>\n");
  return QALAM_OK;
}

static int atom_entry(qalam__feed *f, qalam_buf *b,
                      const qalam__feed_entry *e) {
  const qalam_article *a = e->article;
  const char *author = qalam_article_author(a);
  const char *source = qalam_article_source_url(a);
  const char *lang = qalam_article_lang(a);
  const char *in = "    ";
  int rc;
  qalam__buf_puts(b, "  <entry");
  if (lang) {
    qalam__buf_puts(b, " xml:lang=\"");
    qalam__lang_put(b, lang);
    qalam__buf_putc(b, '"');
  }
  qalam__buf_puts(b, ">\n");
  if ((rc = element(b, in, "id", e->url))) return rc;
  qalam__buf_printf(b, "%s<title type=\"text\">", in);
  if ((rc = qalam__xml_put(b, qalam_article_title(a)))) return rc;
  qalam__buf_puts(b, "</title>\n");
  if ((rc = date_element(b, in, "published", e->published, f->offset, 0)) ||
      (rc = date_element(b, in, "updated", e->updated, f->offset, 0)) ||
      (rc = atom_link(b, in, "alternate", "text/html", e->url)) ||
      (source && (rc = atom_link(b, in, "via", NULL, source))))
    return rc;
  if (author) {
    qalam__buf_printf(b, "%s<author>\n", in);
    if ((rc = element(b, "      ", "name", author))) return rc;
    qalam__buf_printf(b, "%s</author>\n", in);
  }
  size_t n = qalam_article_section_count(a);
  for (size_t i = 0; i < n; i++) {
    const char *slug = qalam_article_section(a, i);
    qalam__buf_printf(b, "%s<category term=\"", in);
    if ((rc = qalam__xml_put(b, slug))) return rc;
    qalam__buf_puts(b, "\" label=\"");
    if ((rc = qalam__xml_put(b, qalam__feed_section_name(f, slug)))) return rc;
    qalam__buf_puts(b, "\"/>\n");
  }
  if (e->lead) {
    qalam__buf_printf(b, "%s<summary type=\"text\">", in);
    if ((rc = qalam__xml_put(b, e->lead))) return rc;
    qalam__buf_puts(b, "</summary>\n");
  }
  if (!e->lead_only) {
    qalam__buf_printf(b, "%s<content type=\"html\">", in);
    if ((rc = qalam__xml_put(b, e->html))) return rc;
    qalam__buf_puts(b, "</content>\n");
  }
  qalam__buf_puts(b, "  </entry>\n");
  return QALAM_OK;
}

static int atom_tail(qalam__feed *f, qalam_buf *b) {
  (void)f;
  qalam__buf_puts(b, "</feed>\n");
  return QALAM_OK;
}

const qalam__feed_writer qalam__feed_atom = {"atom.xml", atom_head,
                                             atom_entry, atom_tail};
