/* cli.h: what the commands share: reading inputs into records, messages,
 * output checks and exit status. The CLI speaks only through these and
 * the public headers of the library. */
#ifndef UN_CLI_H
#define UN_CLI_H

#include <stdio.h>

#include "unionnews.h"

/* Exit status, as grep: 0 success or match, 1 nothing matched, 2 error. */
enum { EXIT_MATCH = 0, EXIT_NOMATCH = 1, EXIT_TROUBLE = 2 };

/* The program name in messages. */
#define PROG "unionnews"

/* Prints "unionnews: MESSAGE" and a newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called with each record; returns 0 to go on, non-zero to stop reading. */
typedef int (*cli_record_fn)(void *ctx, const un_article *a);

/* Reads each file (NULL-terminated list; "-" or an empty list is stdin),
 * passing every record to fn. Problems with an input are reported on
 * stderr and make the result EXIT_TROUBLE; the other inputs are still
 * read. *nread (if not NULL) gets the number of inputs read through.
 * Returns EXIT_MATCH or EXIT_TROUBLE. */
int cli_read(char **files, cli_record_fn fn, void *ctx, size_t *nread);

/* Checks stdout after a command wrote to it: flushes it and reports a
 * write error. A closed pipe ends the program as SIGPIPE would. Returns
 * status unchanged, or EXIT_TROUBLE on an error. */
int cli_finish_output(int status);

/* Ends the program at once after a failed write to stdout. */
void cli_write_failed(void) __attribute__((noreturn));

/* The display width to cut table rows to: the terminal's when stdout is a
 * terminal, else 0 (no cutting). */
size_t cli_table_width(void);

/* The commands. argv[0] is the command name. */
int cmd_articles(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* The usage text of each command, for -h and `unionnews help CMD`. */
extern const char usage_articles[];
extern const char usage_stats[];
extern const char usage_help[];

#endif
