/*
 * render_article - render one article file to an HTML page with qalam.
 *
 *   qalam-render-article ARTICLE.md [OUT.html]
 *
 * Prints the article's date (dd.MM.y at its own UTC offset) and title, and
 * writes the page (title, date, body rendered from Markdown, source link) to
 * OUT.html, or to standard output when OUT is not given.
 *
 * The front matter is read line by line for `title:`, `date:` and `source:`
 * only: enough for this example. The store's importer reads real YAML.
 */
#include <qalam.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *data = malloc(cap);
  size_t n;
  while (data && (n = fread(data + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len == 1) {
      char *bigger = realloc(data, cap *= 2);
      if (!bigger) free(data);
      data = bigger;
    }
  }
  fclose(f);
  if (data) data[len] = '\0';
  return data;
}

/* Splits "---\nfront matter\n---\nbody": returns the body, NUL-terminates
 * the front matter in place and points *front at it. */
static char *split_front_matter(char *text, char **front) {
  if (strncmp(text, "---\n", 4) != 0) return NULL;
  char *end = strstr(text + 4, "\n---\n");
  if (!end) return NULL;
  *end = '\0';
  *front = text + 4;
  return end + 5;
}

/* The value of `key: value` in the front matter, unquoted, or NULL. */
static char *field(char *front, const char *key, char *value, size_t size) {
  size_t klen = strlen(key);
  for (char *line = front; line && *line;) {
    char *next = strchr(line, '\n');
    size_t len = next ? (size_t)(next - line) : strlen(line);
    if (len > klen + 1 && strncmp(line, key, klen) == 0 && line[klen] == ':') {
      const char *v = line + klen + 1;
      size_t vlen = len - klen - 1;
      while (vlen && *v == ' ') v++, vlen--;
      if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') v++, vlen -= 2;
      size_t out = 0;
      for (size_t i = 0; i < vlen && out + 1 < size; i++) {
        if (v[i] == '\\' && i + 1 < vlen) i++; /* \" inside quotes */
        value[out++] = v[i];
      }
      value[out] = '\0';
      return value;
    }
    line = next ? next + 1 : NULL;
  }
  return NULL;
}

static int fail(const char *what) {
  fprintf(stderr, "qalam-render-article: %s: %s\n", what, qalam_error_message());
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: qalam-render-article ARTICLE.md [OUT.html]\n");
    return 2;
  }
  char *text = read_file(argv[1]);
  if (!text) {
    perror(argv[1]);
    return 1;
  }
  char *front = NULL, title[1024], date[64], source[2048];
  char *body = split_front_matter(text, &front);
  if (!body || !field(front, "title", title, sizeof title) ||
      !field(front, "date", date, sizeof date)) {
    fprintf(stderr, "%s: no front matter with title and date\n", argv[1]);
    free(text);
    return 1;
  }
  int has_source = field(front, "source", source, sizeof source) != NULL;

  int64_t when;
  int offset;
  char *shown = NULL, *iso = NULL, *title_html = NULL, *body_html = NULL,
       *source_html = NULL;
  int status = 1;
  if (qalam_date_parse(&when, &offset, date, NULL, 0) != QALAM_OK)
    status = fail(date);
  else if (qalam_date_format(&shown, when, offset, "dd.MM.y", "en") ||
           qalam_date_rfc3339(&iso, when, offset))
    status = fail("date");
  else if (qalam_html_escape(&title_html, title) ||
           (has_source && qalam_html_escape(&source_html, source)))
    status = fail("title");
  else if (qalam_markdown_to_html(&body_html, body, QALAM_MD_DEFAULT))
    status = fail("body");
  else
    status = 0;

  if (status == 0) {
    FILE *out = argc == 3 ? fopen(argv[2], "w") : stdout;
    if (!out) {
      perror(argv[2]);
      status = 1;
    } else {
      fprintf(out,
              "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n"
              "<title>%s</title>\n<article>\n<h1>%s</h1>\n"
              "<p><time datetime=\"%s\">%s</time></p>\n%s",
              title_html, title_html, iso, shown, body_html);
      if (has_source)
        fprintf(out, "<p>Source: <a href=\"%s\">%s</a></p>\n", source_html,
                source_html);
      fprintf(out, "</article>\n</html>\n");
      if (out != stdout && fclose(out) != 0) {
        perror(argv[2]);
        status = 1;
      }
      if (argc == 3 && status == 0) printf("%s  %s\n", shown, title);
    }
  }
  qalam_free(shown);
  qalam_free(iso);
  qalam_free(title_html);
  qalam_free(body_html);
  qalam_free(source_html);
  free(text);
  return status;
}
