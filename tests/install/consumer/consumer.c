/* A program outside the qalam tree, built against the installed library. */
#include <qalam.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  if (qalam_version() != QALAM_VERSION) {
    fprintf(stderr, "header %s, library %s\n", QALAM_VERSION_STRING,
            qalam_version_string());
    return 1;
  }
  char *html = NULL;
  if (qalam_html_escape(&html, "Tom & \"Jerry\"") != QALAM_OK) {
    fprintf(stderr, "qalam_html_escape: %s\n", qalam_error_message());
    return 1;
  }
  int ok = strcmp(html, "Tom &amp; &quot;Jerry&quot;") == 0;
  qalam_free(html);
  if (!ok) return 1;
  printf("qalam %s works\n", qalam_version_string());
  return 0;
}
