/*
 * options.c - parsing each command's options and arguments, usage errors
 * and help.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_print_help(const cli_command *cmd) {
  printf("usage: qalam %s\n\n%s\n", cmd->usage, cmd->summary);
  if (cmd->help && *cmd->help) printf("\n%s", cmd->help);
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "qalam: %s: ", cmd->name);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nusage: qalam %s\nTry 'qalam help %s' for more.\n",
          cmd->usage, cmd->name);
  return CLI_USAGE;
}

static cli_option *find_option(cli_option *opts, size_t nopts,
                               const char *name, size_t len) {
  for (size_t i = 0; i < nopts; i++)
    if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
      return &opts[i];
  return NULL;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, int first,
              cli_option *opts, size_t nopts, int min, int max, int *count) {
  int words = 0, options_done = 0;
  for (size_t i = 0; i < nopts; i++) opts[i].value = NULL;
  for (int i = first; i < argc; i++) {
    char *arg = argv[i];
    if (options_done || arg[0] != '-' || arg[1] == '\0') {
      argv[first + words++] = arg; /* a word; "-" is one too */
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      options_done = 1;
      continue;
    }
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      cli_print_help(cmd);
      return CLI_OK;
    }
    if (arg[1] != '-')
      return cli_usage_error(cmd, "unknown option '%s'", arg);
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const char *value = eq ? eq + 1 : NULL;
    int is_db = len == 2 && strncmp(name, "db", 2) == 0;
    cli_option *opt = is_db ? NULL : find_option(opts, nopts, name, len);
    if (!opt && !is_db)
      return cli_usage_error(cmd, "unknown option '--%.*s'", (int)len, name);
    if (is_db || opt->has_value) {
      if (!value) {
        if (i + 1 >= argc)
          return cli_usage_error(cmd, "option '--%.*s' needs a value",
                                 (int)len, name);
        value = argv[++i];
      }
      if (is_db) {
        if (!*value) return cli_usage_error(cmd, "--db needs a file name");
        cli_db = value;
      } else {
        opt->value = value;
      }
    } else {
      if (value)
        return cli_usage_error(cmd, "option '--%s' takes no value",
                               opt->name);
      opt->value = "";
    }
  }
  if (words < min)
    return cli_usage_error(cmd, "missing argument");
  if (max >= 0 && words > max)
    return cli_usage_error(cmd, "unexpected argument '%s'",
                           argv[first + max]);
  if (count) *count = words;
  return CLI_GO;
}

/* Digits only, into an unsigned long long; 0 when it is not a number. */
static int parse_digits(const char *text, unsigned long long *out) {
  if (!isdigit((unsigned char)*text)) return 0;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (*end || errno == ERANGE) return 0;
  *out = v;
  return 1;
}

int cli_parse_count(const cli_command *cmd, const char *opt, const char *text,
                    size_t *out) {
  unsigned long long v;
  if (!parse_digits(text, &v) || v == 0 || v > SIZE_MAX / 2)
    return cli_usage_error(cmd, "%s: '%s' is not a whole number from 1 up",
                           opt, text);
  *out = (size_t)v;
  return CLI_GO;
}

int cli_parse_int(const cli_command *cmd, const char *opt, const char *text,
                  int *out) {
  int negative = *text == '-';
  unsigned long long v;
  if (!parse_digits(text + (negative || *text == '+'), &v) ||
      v > (unsigned long long)INT_MAX)
    return cli_usage_error(cmd, "%s: '%s' is not a whole number", opt, text);
  *out = negative ? -(int)v : (int)v;
  return CLI_GO;
}

static int two_digits(const char *p) {
  return isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])
             ? (p[0] - '0') * 10 + (p[1] - '0')
             : -1;
}

int cli_parse_offset(const cli_command *cmd, const char *text, int *out) {
  if (strcmp(text, "Z") == 0) {
    *out = 0;
    return CLI_GO;
  }
  int hours = -1, minutes = 0;
  size_t len = strlen(text);
  if ((text[0] == '+' || text[0] == '-') && (len == 3 || len == 5 || len == 6)) {
    hours = two_digits(text + 1);
    if (len == 5) minutes = two_digits(text + 3);
    if (len == 6) minutes = text[3] == ':' ? two_digits(text + 4) : -1;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
    return cli_usage_error(cmd,
                           "--offset: '%s' is not a UTC offset like +05:00",
                           text);
  *out = (text[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  return CLI_GO;
}
