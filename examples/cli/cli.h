/*
 * cli.h - what the files of the qalam command-line tool share.
 *
 * The tool is built only on the public API (<qalam.h>). main.c reads the
 * global options and picks the command; options.c parses each command's
 * options; output.c holds the output buffer, error reporting and opening
 * the store; every other file holds one command or a group of them.
 */
#ifndef QALAM_CLI_H
#define QALAM_CLI_H

#include <qalam.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes (docs/cli.md). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* cli_parse() returns this when the command should go on. */
#define CLI_GO (-1)

/* A command. `run` gets argv[0] = the command's name. */
typedef struct cli_command {
  const char *name;
  const char *usage;   /* after "qalam ", one or more lines */
  const char *summary; /* one line for `qalam --help` */
  const char *help;    /* what it does and its options, for --help */
  int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_init, cli_section, cli_import, cli_export,
    cli_list, cli_front, cli_show, cli_search, cli_feed, cli_sitemap,
    cli_render;

/* --- options.c -------------------------------------------------------- */

/* An option a command accepts: --name, --name VALUE or --name=VALUE. */
typedef struct cli_option {
  const char *name; /* without the dashes */
  int has_value;    /* takes a value (else it is a flag) */
  const char *value; /* set by cli_parse(): the value, "" for a flag that
                        was given, NULL when absent */
} cli_option;

/* Parses argv[first..argc) of `cmd`: options (anywhere, until "--") into
 * `opts`, the other words moved to argv[first..first + *count). --help and
 * -h print the command's help; --db FILE sets the store as it does before
 * the command. Returns CLI_GO, CLI_OK (help printed) or CLI_USAGE (a
 * message printed), also when the count of words is outside min..max
 * (max < 0: no limit). */
int cli_parse(const cli_command *cmd, int argc, char **argv, int first,
              cli_option *opts, size_t nopts, int min, int max, int *count);

/* Prints "qalam: NAME: message", the usage and a hint; returns CLI_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...);

/* Prints the help of `cmd` on standard output. */
void cli_print_help(const cli_command *cmd);

/* Parses a whole number >= 1 given to option `--opt` (CLI_USAGE with a
 * message when it is not one) or any int. */
int cli_parse_count(const cli_command *cmd, const char *opt, const char *text,
                    size_t *out);
int cli_parse_int(const cli_command *cmd, const char *opt, const char *text,
                  int *out);

/* Parses a UTC offset "+05:00", "-0330", "+05" or "Z" into minutes. */
int cli_parse_offset(const cli_command *cmd, const char *text, int *out);

/* --- output.c --------------------------------------------------------- */

/* The store's path: --db, else $QALAM_DB, else ./qalam.db. */
extern const char *cli_db;

/* Output is gathered here and written only when the command succeeds, so
 * that a failure never leaves half a result on standard output. */
typedef struct cli_out {
  char *data;
  size_t len, cap;
  int nomem;
} cli_out;

void out_printf(cli_out *out, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void out_puts(cli_out *out, const char *text);
void out_write(cli_out *out, const char *data, size_t len);
/* Writes the buffer to standard output and frees it: CLI_OK or CLI_FAIL
 * (with a message). */
int out_flush(cli_out *out);
void out_free(cli_out *out);

/* Prints "qalam: WHAT: <qalam_error_message()>" and returns CLI_FAIL. Call
 * it right after the failing qalam call. */
int cli_fail(const char *what);

/* Prints "qalam: " and the message, and returns CLI_FAIL. */
int cli_failf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Opens the store at cli_db: read-only for the commands that only read
 * (a missing store is then an error naming the path), read-write for
 * those that write (the store must exist unless `create`). */
#define CLI_READ 0
#define CLI_WRITE 1
#define CLI_CREATE 2
int cli_open_store(qalam_store **out, int mode);

/* `time` with a CLDR pattern at the store's UTC offset, into `out`;
 * "?" when it cannot be formatted. */
void out_date(cli_out *out, qalam_store *store, int64_t time,
              const char *pattern);

/* The store's offset as "+05:00". `buf` holds at least 8 bytes. */
const char *cli_format_offset(char *buf, int minutes);

#endif
