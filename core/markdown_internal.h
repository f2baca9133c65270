/* markdown_internal.h - shared declarations of the Markdown module.
 *
 * Only the core/markdown*.c files include this header (and cmark.h). */
#ifndef QALAM_CORE_MARKDOWN_INTERNAL_H
#define QALAM_CORE_MARKDOWN_INTERNAL_H

#include <cmark.h>
#include <setjmp.h>
#include <stddef.h>

/* Inputs longer than this are refused with QALAM_EINVAL: cmark aborts the
 * process when one of its buffers would pass 1 GiB, and rendered HTML can
 * be about 27 times its source (10,000 '>' make 270,000 bytes of
 * <blockquote> tags). 16 MiB keeps every buffer far below that line. */
#define QALAM__MD_MAX_INPUT ((size_t)16 * 1024 * 1024)

/* ---- markdown_mem.c: the allocator handed to cmark ---------------------
 *
 * cmark never checks what its allocator returns, so a failed allocation
 * must not return to cmark. Each render owns a qalam_md_mem: every block
 * cmark asks for is taken from qalam__malloc with a small header that links
 * it into the render's list. When an allocation fails the allocator
 * longjmps back to qalam__md_run(), which frees every block on the list and
 * returns QALAM_ENOMEM. On success every block is freed the same way, so
 * the parser, the tree and the rendered string need no cmark_*_free. */

typedef struct qalam_md_block {
  _Alignas(max_align_t) struct qalam_md_block *prev;
  struct qalam_md_block *next;
} qalam_md_block;

typedef struct qalam_md_mem {
  cmark_mem mem;       /* pass &m->mem to cmark */
  qalam_md_block live; /* sentinel of the circular list of live blocks */
  jmp_buf jump;        /* where a failed allocation lands */
} qalam_md_mem;

/* The work done under the allocator. It may call any cmark function with
 * &m->mem and allocate with qalam__md_alloc(); it must not allocate in any
 * other way what it does not free before returning, except results it hands
 * back through `arg`, which it must then also free if qalam__md_run() fails.
 * It returns QALAM_OK or a failure code (with the message set). */
typedef int (*qalam_md_job)(qalam_md_mem *m, void *arg);

/* Runs `job` with a fresh qalam_md_mem, then frees every block it
 * allocated. Returns the job's result, or QALAM_ENOMEM (message set) when
 * an allocation inside failed. */
int qalam__md_run(qalam_md_job job, void *arg);

/* Allocation for the module's own scratch data inside a job: same list,
 * same longjmp on failure (never returns NULL). */
void *qalam__md_realloc(void *ptr, size_t size);

/* ---- markdown_url.c ----------------------------------------------------- */

/* 1 when `url` (as cmark stores it: entities and backslash escapes already
 * decoded) would run code or load a local file: scheme javascript:,
 * vbscript:, file: or data:, spelled in any case, with white space or
 * control characters anywhere before the colon and percent-escapes
 * decoded (repeatedly). For an image (`is_image`), data:image/png, gif,
 * jpeg and webp are allowed. */
int qalam__md_url_dangerous(const char *url, int is_image);

/* Sets the URL of every LINK and IMAGE node under `root` that
 * qalam__md_url_dangerous() rejects to "". May longjmp (out of memory). */
void qalam__md_neutralise_urls(cmark_node *root);

/* ---- markdown_text.c ---------------------------------------------------- */

/* Renders the tree as plain text (see qalam_markdown_to_text()). The
 * result lives in the job's memory: *out and *len point into it. May
 * longjmp (out of memory). */
void qalam__md_render_text(cmark_node *root, const char **out, size_t *len);

#endif
