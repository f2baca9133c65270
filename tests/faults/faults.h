/* faults.h - what the fault tests (tests/faults/) share: modes, temporary
 * folders, checks with SQLite itself, the articles they write and how to
 * tell a whole article from a partial one. docs/reliability.md describes
 * the tests. */
#ifndef QALAM_FAULTS_H
#define QALAM_FAULTS_H

#include <qalam.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Counts of checks; every test ends with fu_summary(). */
extern int fu_passed, fu_failed;

#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (cond) {                                                            \
      fu_passed++;                                                         \
    } else {                                                               \
      fu_failed++;                                                         \
      fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond);   \
      fprintf(stderr, __VA_ARGS__);                                        \
      fprintf(stderr, "\n");                                               \
    }                                                                      \
  } while (0)

/* Long mode: --long on the command line or QALAM_FAULTS_LONG=1. */
int fu_long_mode(int argc, char **argv);
/* The value of "--name=N" on the command line, or `dflt`. */
long fu_arg(int argc, char **argv, const char *name, long dflt);

/* A new folder under $TMPDIR (or /tmp), as a string to free(). */
char *fu_tempdir(const char *tag);
/* rm -rf, making folders writable first. */
void fu_rmtree(const char *path);
/* Writes a whole file (0 on success). */
int fu_write_file(const char *path, const void *data, size_t size);
/* Reads a whole file, NUL-terminated (free() it); NULL when unreadable. */
char *fu_read_file(const char *path, size_t *size);
/* Seconds on a monotonic clock. */
double fu_now(void);
/* Peak resident set of this process, KiB. */
long fu_peak_rss_kb(void);
/* A 64-bit pseudo-random number (xorshift; seed it with fu_seed()). */
void fu_seed(uint64_t seed);
uint64_t fu_rand(void);

/* Opens the file with SQLite directly and checks it: PRAGMA
 * integrity_check is "ok", FTS5's 'integrity-check' passes, the search
 * index has exactly one row per article, with the article's title.
 * Returns 0 when it all holds, else writes why into `why`. `articles`
 * (may be NULL) gets the number of articles. */
int fu_sqlite_check(const char *path, char *why, size_t size,
                    long *articles);

/* --- Articles the tests write ----------------------------------------------
 * Article `key` in version `ver`: every field is derived from the two, so a
 * reader can tell a whole article from a partial or mixed one. */
typedef struct fu_doc {
  char slug[48];
  char title[64];
  char word[32];    /* a word only this version of this article has */
  char *body;       /* Markdown; free() */
  const char *sections[2];
  size_t nsections;
  int64_t published; /* one minute apart by key */
} fu_doc;

void fu_doc_make(fu_doc *d, const char *prefix, long key, long ver);
void fu_doc_free(fu_doc *d);
/* The article as a Markdown file with front matter (free()). */
char *fu_doc_file(const fu_doc *d);
/* Sets title, slug, body, sections and publication time of `a`. */
int fu_doc_fill(qalam_article *a, const fu_doc *d);
/* Parses "<prefix> <key> v<ver>" from a title; 0 on success. */
int fu_doc_parse_title(const char *title, char *prefix, size_t psize,
                       long *key, long *ver);
/* 0 when `a` is exactly version (key, ver) of the article: title, slug,
 * body, HTML (rendered again here) and sections; else what differs. */
const char *fu_doc_compare(const qalam_article *a, const char *prefix,
                           long key, long ver);
/* The sections every test store has. */
int fu_add_sections(qalam_store *s);

/* Prints "N passed, M failed" and gives the exit status. */
int fu_summary(void);

#endif
