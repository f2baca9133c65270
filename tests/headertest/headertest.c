/* Only the umbrella header: it must compile alone, pedantic, as C99. */
#include <qalam.h>
#include <qalam/sys/alloc.h>

int main(void) {
  qalam_allocator a = QALAM_ALLOCATOR_INIT;
  (void)a;
  return qalam_version() == QALAM_VERSION ? 0 : 1;
}
