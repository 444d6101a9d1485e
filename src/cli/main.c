/* main.c: owns the command table, the global options and the exit status.
 * One file per command (cmd_NAME.c); this file only dispatches. */
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
} command;

/* Sorted by name. */
static const command commands[] = {
    {"articles", cmd_articles, usage_articles, "print the article records of pages"},
    {"entities", cmd_entities, usage_entities, "print the entities named in pages, one per row"},
    {"export", cmd_export, usage_export, "write the records of pages into an SQLite database"},
    {"figures", cmd_figures, usage_figures, "print the figures (quantities) of pages, one per row"},
    {"grep", cmd_grep, usage_grep, "print the records that match conditions, as grep does"},
    {"help", cmd_help, usage_help, "show the help of a command"},
    {"kwic", cmd_kwic, usage_kwic, "print a term in its context, aligned"},
    {"merge", cmd_merge, usage_merge, "add up the partial counts of stats --partial"},
    {"report", cmd_report, usage_report, "write the pages at a glance as one HTML page"},
    {"stats", cmd_stats, usage_stats, "summarise pages: counts, authors, articles"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: " PROG " [--version] [--help] COMMAND [ARGS]\n"
                 "\n"
                 "Reads pages of Chinese news bulletins (plain text: UTF-8, GB18030, Big5,\n"
                 "UTF-16) and prints their articles as records.\n"
                 "\n"
                 "commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n"
                 "'" PROG " help COMMAND' or '" PROG " COMMAND -h' shows a command's options.\n"
                 "Inputs are files; none or '-' reads standard input. Exit status: 0 success,\n"
                 "1 nothing matched, 2 trouble.\n");
}

/* The version, and where the compiled-in places come from: records of
 * the same page differ when either does. */
static const char version_text[] = PROG " %s\ngazetteer: %s\n";

int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return cli_finish_output(EXIT_MATCH);
    }
    if (argc > 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(usage_help, argc > 2 ? stderr : stdout);
        return argc > 2 ? EXIT_TROUBLE : cli_finish_output(EXIT_MATCH);
    }
    const command *c = find(argv[1]);
    if (!c) {
        cli_error("'%s' is not a command; see '" PROG " help'", argv[1]);
        return EXIT_TROUBLE;
    }
    fputs(c->usage, stdout);
    return cli_finish_output(EXIT_MATCH);
}

const char usage_help[] = "usage: " PROG " help [COMMAND]\n"
                          "\n"
                          "Shows the list of commands, or the options of COMMAND.\n";

/* The pipe stdout may write into is raised to PIPE_BYTES (Linux's default
 * limit for a user), never lowered. With the default 64 KiB, a command
 * that writes more than it reads (articles -f jsonl) waits on the reader
 * at every 64 KiB, and both sides wake each other up that often; measured
 * through `| wc -c`, a fifteenth of articles' time went on it. A failure
 * (a lower limit, another system) leaves the pipe as it was. */
#define PIPE_BYTES (1 << 20)

static void widen_stdout_pipe(void)
{
#ifdef F_SETPIPE_SZ
    struct stat st;
    if (fstat(STDOUT_FILENO, &st) != 0 || !S_ISFIFO(st.st_mode))
        return;
    int now = fcntl(STDOUT_FILENO, F_GETPIPE_SZ);
    if (now >= 0 && now < PIPE_BYTES)
        (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, PIPE_BYTES);
#endif
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Memory goes back to the system as soon as it is freed: the pieces of
     * output threads write are large and short-lived, and glibc would
     * otherwise raise its thresholds and keep them. */
    mallopt(M_MMAP_THRESHOLD, 256 << 10);
    mallopt(M_TRIM_THRESHOLD, 512 << 10);
#endif
    static char stdout_buf[1 << 16];
    setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
    widen_stdout_pipe();
    if (argc < 2) {
        usage(stderr);
        return EXIT_TROUBLE;
    }
    const char *arg = argv[1];
    if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
        printf(version_text, un_version(), un_gazetteer_source(un_gazetteer_default()));
        return cli_finish_output(EXIT_MATCH);
    }
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
        usage(stdout);
        return cli_finish_output(EXIT_MATCH);
    }
    if (arg[0] == '-') {
        cli_error("unknown option '%s'", arg);
        usage(stderr);
        return EXIT_TROUBLE;
    }
    const command *c = find(arg);
    if (!c) {
        cli_error("'%s' is not a command; see '" PROG " help'", arg);
        return EXIT_TROUBLE;
    }
    return c->run(argc - 1, argv + 1);
}
