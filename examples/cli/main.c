/*
 * qalam - the command-line tool of the qalam news portal core.
 *
 *   qalam [--db FILE] COMMAND [ARGS]
 *
 * This file reads the global options, picks the command and turns a
 * failed write to standard output into exit code 1. docs/cli.md describes
 * every command.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
    &cli_init,   &cli_section, &cli_import, &cli_export,
    &cli_list,   &cli_front,   &cli_show,   &cli_search,
    &cli_feed,   &cli_sitemap, &cli_render,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static const cli_command *find_command(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(commands[i]->name, name) == 0) return commands[i];
  return NULL;
}

static void print_usage(FILE *f) {
  fprintf(f, "usage: qalam [--db FILE] COMMAND [ARGS]\n"
             "       qalam help [COMMAND] | --help | --version\n");
}

static void print_help(void) {
  print_usage(stdout);
  printf("\nKeeps a newsroom's articles in one store file and shows them.\n"
         "\nCommands:\n");
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    printf("  %-9s %s\n", commands[i]->name, commands[i]->summary);
  printf("  %-9s %s\n", "help", "show the help of the tool or of a command");
  printf(
      "\nOptions:\n"
      "  --db FILE   the store (default: $QALAM_DB, else ./qalam.db)\n"
      "  -h, --help  this help (a command's: qalam help COMMAND)\n"
      "  --version   the version of the tool and of the library\n"
      "\nExit status: 0 success, 1 failure, 2 usage error.\n");
}

static int help_command(int argc, char **argv) {
  if (argc == 0) {
    print_help();
    return CLI_OK;
  }
  const cli_command *cmd = find_command(argv[0]);
  if (!cmd || argc > 1) {
    fprintf(stderr, "qalam: help: %s '%s'\n",
            cmd ? "unexpected argument" : "no command", argv[cmd ? 1 : 0]);
    print_usage(stderr);
    return CLI_USAGE;
  }
  cli_print_help(cmd);
  return CLI_OK;
}

static int usage_error(const char *fmt, const char *arg) {
  fputs("qalam: ", stderr);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  print_usage(stderr);
  fprintf(stderr, "Try 'qalam --help' for more.\n");
  return CLI_USAGE;
}

static int run(int argc, char **argv) {
  const char *env = getenv("QALAM_DB");
  if (env && *env) cli_db = env;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      print_help();
      return CLI_OK;
    }
    if (strcmp(arg, "--version") == 0) {
      printf("qalam %s\n", qalam_version_string());
      if (qalam_version() != QALAM_VERSION)
        printf("(built with the headers of qalam %s)\n", QALAM_VERSION_STRING);
      return CLI_OK;
    }
    if (strcmp(arg, "--db") == 0) {
      if (++i >= argc) return usage_error("option '%s' needs a value", arg);
      cli_db = argv[i];
    } else if (strncmp(arg, "--db=", 5) == 0) {
      cli_db = arg + 5;
    } else {
      return usage_error("unknown option '%s'", arg);
    }
    if (!*cli_db) return usage_error("%s needs a file name", "--db");
  }
  if (i >= argc) return usage_error("%s", "no command given");
  if (strcmp(argv[i], "help") == 0)
    return help_command(argc - i - 1, argv + i + 1);
  const cli_command *cmd = find_command(argv[i]);
  if (!cmd) return usage_error("unknown command '%s'", argv[i]);
  return cmd->run(argc - i, argv + i);
}

int main(int argc, char **argv) {
  int status = run(argc, argv);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "qalam: writing to standard output: %s\n",
            strerror(errno));
    if (status == CLI_OK) status = CLI_FAIL;
  }
  return status;
}
