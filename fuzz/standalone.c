/*
 * standalone.c - replays fuzz inputs without libFuzzer.
 *
 * Linked with one fuzz target (which defines LLVMFuzzerTestOneInput), it
 * runs the target once on every regular file named on the command line and
 * on every regular file directly inside each directory named. ctest uses it
 * to replay each corpus, so that the seeds and the kept crash inputs
 * (regress-*) run in every build, and under the sanitizers in the ASan
 * build. A crash, a sanitizer report or a failed check ends the run with
 * the name of the input printed just before it.
 *
 * Usage: fuzz_<target>_replay PATH...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *data = malloc(cap);
  if (!data) {
    fclose(f);
    return -1;
  }
  size_t n;
  while ((n = fread(data + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      uint8_t *bigger = realloc(data, cap * 2);
      if (!bigger) {
        free(data);
        fclose(f);
        return -1;
      }
      data = bigger;
      cap *= 2;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    perror(path);
    free(data);
    return -1;
  }
  /* The input in a block of exactly its size, as libFuzzer passes it, so
   * that ASan sees a read past its end. */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(data);
    return -1;
  }
  memcpy(exact, data, len);
  free(data);
  printf("%s\n", path);
  fflush(stdout);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  return 0;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file in `dir`, in name order (so that runs repeat). */
static int run_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **bigger = realloc(names, cap * sizeof *names);
      if (!bigger) {
        rc = -1;
        break;
      }
      names = bigger;
    }
    size_t size = strlen(dir) + strlen(e->d_name) + 2;
    if (!(names[n] = malloc(size))) {
      rc = -1;
      break;
    }
    snprintf(names[n++], size, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (rc == 0)
    qsort(names, n, sizeof *names, compare_names);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
      if (run_file(names[i]) != 0)
        rc = -1;
      else
        ++*count;
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  size_t count = 0;
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      rc = 1;
    } else if (S_ISDIR(st.st_mode)) {
      if (run_dir(argv[i], &count) != 0)
        rc = 1;
    } else if (run_file(argv[i]) != 0) {
      rc = 1;
    } else {
      count++;
    }
  }
  printf("%zu inputs replayed\n", count);
  if (count == 0) {
    fprintf(stderr, "no inputs found\n");
    rc = 1;
  }
  return rc;
}
