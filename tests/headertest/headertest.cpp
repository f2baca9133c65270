// The umbrella header compiles as C++ and links with C linkage.
#include <qalam.h>
#include <qalam/sys/alloc.h>

int main() {
  qalam_allocator a = QALAM_ALLOCATOR_INIT;
  (void)a;
  char *out = nullptr;
  if (qalam_html_escape(&out, "<a>") != QALAM_OK) return 1;
  qalam_free(out);
  return qalam_version() == QALAM_VERSION ? 0 : 1;
}
