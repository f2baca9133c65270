/* version.c - the runtime twins of the version macros. */
#include "qalam/version.h"

int qalam_version(void) { return QALAM_VERSION; }

const char *qalam_version_string(void) { return QALAM_VERSION_STRING; }
