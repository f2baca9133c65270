/* markdown_render.h - Markdown rendering for the store (markdown.c). */
#ifndef QALAM_CORE_MARKDOWN_RENDER_H
#define QALAM_CORE_MARKDOWN_RENDER_H

/* What saving an article needs from one parse of its body: the safe HTML
 * and the plain text, exactly as qalam_markdown_to_html() and
 * qalam_markdown_to_text() give them with QALAM_MD_DEFAULT. Both are
 * qalam__malloc'd; on failure neither is set. */
int qalam__markdown_html_and_text(char **html, char **text,
                                  const char *markdown);

#endif
