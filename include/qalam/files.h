/*
 * qalam/files.h - importing and exporting Markdown files with front matter.
 *
 * The files are those Hugo and Jekyll read and write: YAML front matter
 * between two "---" lines, then the Markdown body. Front matter keys:
 *   title (required)  date (ISO 8601 or dd.MM.y; at the store's offset when
 *   it has none)      slug   draft (true/false)   lang
 *   sections or categories (a list or one string)  tags (list or string)
 *   lead or summary   author   source (an absolute http(s) URL)
 *   story ("<lang>/<slug>" of an article whose translation group this one
 *   joins, as export writes it: the group's first article; a bare "<slug>"
 *   is in the store's default language. Links are made once every file of
 *   the import is in, so the article may come later in the walk. When no
 *   such article turns up, the file is reported as failed, but its article
 *   is kept, without the link.)
 * Unknown keys are ignored. A section named in a file that the store does
 * not have is created after every existing one: a value that is a slug
 * names itself; any other ("Society") is made a slug with qalam_slugify()
 * and kept as the section's name. An article whose slug (given, or made
 * from the title with qalam_slugify()) and language are already in the
 * store is updated, so importing the same files again updates, never
 * duplicates. docs/files.md describes the format in full.
 */
#ifndef QALAM_FILES_H
#define QALAM_FILES_H

#include "common.h"
#include "store.h"

QALAM_BEGIN_DECL

/* Called for each file that fails, and (when `progress` is set) for
 * progress. `path` is the file, `line` the 1-based line of the problem (0
 * when it is not about one line), `code` a QALAM_E* code and `message`
 * what is wrong. Return 0 to go on, non-zero to stop the import early
 * (what was committed stays). Strings are valid during the call only. */
typedef int (*qalam_import_error_cb)(const char *path, size_t line, int code,
                                     const char *message, void *payload);
typedef int (*qalam_import_progress_cb)(size_t done, size_t total,
                                        void *payload);

#define QALAM_IMPORT_OPTIONS_VERSION 1

typedef struct qalam_import_options {
  unsigned int version;               /* QALAM_IMPORT_OPTIONS_VERSION */
  size_t batch;                       /* files per transaction; 0: 500 */
  qalam_import_error_cb on_error;     /* NULL: failures only counted */
  qalam_import_progress_cb progress;  /* NULL: none */
  void *payload;                      /* passed to both callbacks */
} qalam_import_options;

#define QALAM_IMPORT_OPTIONS_INIT                                          \
  {QALAM_IMPORT_OPTIONS_VERSION, 0, NULL, NULL, NULL}

/* For bindings that cannot use the macro. Errors: QALAM_EINVAL. */
QALAM_API int qalam_import_options_init(qalam_import_options *options,
                                        unsigned int version);

/* What an import did. */
typedef struct qalam_import_stats {
  size_t files;    /* Markdown files found */
  size_t imported; /* new articles */
  size_t updated;  /* articles already there, now updated */
  size_t failed;   /* files reported through on_error (_site.yaml and
                      _sections.yaml included) */
} qalam_import_stats;

/* Imports one file, or every *.md and *.markdown file under a directory
 * (recursively, in byte order of names; files and folders starting with
 * '.' or '_', and README.md, skipped). For a directory, its _site.yaml
 * (settings) and _sections.yaml (sections), when present, are applied
 * first. A bad file (unreadable, no front matter, invalid YAML, invalid
 * UTF-8, a bad date, a slug another file of the import has...) is
 * reported with its path and line and skipped: it never stops or corrupts
 * the rest. Files are committed in batches; a batch that fails as a whole
 * (disk full) is rolled back, told to on_error (line 0) and the import
 * stops with its error. When a callback asks to stop, the batch so far is
 * committed and QALAM_OK returned: imported + updated + failed then falls
 * short of files.
 *
 * `options` may be NULL; `stats` (may be NULL) is filled in either way.
 * Returns QALAM_OK when the walk completed, even if some files failed
 * (see stats->failed). Errors: QALAM_EINVAL, QALAM_EUTF8 (path),
 * QALAM_ENOTFOUND (path missing), QALAM_EREADONLY, QALAM_EBUSY, QALAM_EIO,
 * QALAM_ENOMEM. */
QALAM_API int qalam_import(qalam_store *store, const char *path,
                           const qalam_import_options *options,
                           qalam_import_stats *stats);

/* Writes every article (drafts and scheduled ones too) to
 * `dir`/<lang>/<slug>.md, creating folders as needed, so that importing
 * the folder into an empty store gives the same articles and sections; the
 * sections' names and positions go to `dir`/_sections.yaml and the
 * settings to `dir`/_site.yaml, both read back by qalam_import().
 * Each file is written under a temporary name and renamed into place, so a
 * failure never leaves a half-written file; files already in `dir` that no
 * article writes are left alone.
 * Returns the number of articles written in *count (may be NULL).
 * Errors: QALAM_EINVAL, QALAM_EUTF8, QALAM_EIO (naming the path and the
 * system's reason), QALAM_ENOMEM. */
QALAM_API int qalam_export(size_t *count, qalam_store *store, const char *dir);

QALAM_END_DECL

#endif
