/* escape_internal.h - HTML and XML escaping into a buffer (escape.c). */
#ifndef QALAM_CORE_ESCAPE_INTERNAL_H
#define QALAM_CORE_ESCAPE_INTERNAL_H

#include "buf.h"

/* Appends `text` escaped as qalam_html_escape() (xml 0) or
 * qalam_xml_escape() (xml 1) do; the same errors, and nothing appended on
 * failure. */
int qalam__escape_put(qalam_buf *b, const char *text, int xml);

#endif
