/*
 * qalam/markdown.h - CommonMark to HTML and to plain text.
 *
 * Input is CommonMark (https://spec.commonmark.org), NUL-terminated UTF-8.
 * Rendering is safe by default: raw HTML in the input is not passed
 * through (each raw block or inline is replaced by the comment
 * "<!-- raw HTML omitted -->"), and links whose URL would run code are
 * neutralised (href=""): the schemes javascript:, vbscript:, file: and data:
 * (data: images of type png, gif, jpeg and webp excepted), however they are
 * spelled (any case, entities or percent-escapes, tabs, newlines or control
 * characters inside). Text is always escaped, never stripped.
 *
 * `char **out` results belong to the caller and are freed with qalam_free();
 * on failure *out is left as it was.
 */
#ifndef QALAM_MARKDOWN_H
#define QALAM_MARKDOWN_H

#include "common.h"

QALAM_BEGIN_DECL

/* Option bits for `options`; combine with |. */
#define QALAM_MD_DEFAULT 0u
/* Typographic punctuation: straight quotes to curly, -- to en dash,
 * --- to em dash, ... to an ellipsis. */
#define QALAM_MD_SMART (1u << 0)
/* Every line break in a paragraph becomes <br />. */
#define QALAM_MD_HARDBREAKS (1u << 1)
/* TRUSTED INPUT ONLY: pass raw HTML through and leave every URL as it is. */
#define QALAM_MD_UNSAFE (1u << 2)

/* Renders Markdown to an HTML fragment.
 * Errors: QALAM_EINVAL (NULL argument, unknown option bits, input longer
 * than 16 MiB), QALAM_EUTF8, QALAM_ENOMEM. */
QALAM_API int qalam_markdown_to_html(char **out, const char *markdown,
                                     unsigned int options);

/* Renders Markdown to plain text for bots, search and excerpts: no markup
 * is left. Paragraphs, headings, list items, quotes and code blocks are
 * separated by a blank line (list items by a single line break); a soft
 * line break becomes a space, a hard one a line break; link and emphasis
 * text is kept, image alt text is kept, raw HTML is dropped, entities are
 * decoded. QALAM_MD_SMART applies; the other options are accepted and have
 * no effect. The result has no leading or trailing white space.
 * Errors: as qalam_markdown_to_html(). */
QALAM_API int qalam_markdown_to_text(char **out, const char *markdown,
                                     unsigned int options);

QALAM_END_DECL

#endif
