/* cmd_articles.c: `unionnews articles`: the records of each page in the
 * chosen format. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_articles[] =
    "usage: " PROG " articles [-f FORMAT] [--no-header] [--bom] [--gazetteer FILE]\n"
    "                          [--province P] [FILE...]\n"
    "\n"
    "Prints one record per article or fragment of each page, in page order.\n"
    "Without FILE, or with '-', reads standard input.\n"
    "\n" CLI_OUTPUT_HELP CLI_INPUT_HELP
    "  -h, --help            show this help\n";

static int write_record(void *ctx, const un_article *a)
{
    if (un_writer_article(ctx, a) != UN_OK)
        cli_write_failed();
    return 0;
}

int cmd_articles(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_OUTPUT_OPTIONS, CLI_INPUT_OPTIONS,
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli_input in = {NULL, NULL};
    cli_output out = {UN_FORMAT_TABLE, 0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_articles, stdout);
            return cli_finish_output(EXIT_MATCH);
        }
        int handled = cli_output_option(&out, c, optarg);
        if (handled < 0)
            return EXIT_TROUBLE;
        if (handled || cli_input_option(&in, c, optarg))
            continue;
        fputs(usage_articles, stderr);
        return EXIT_TROUBLE;
    }
    un_writer *w = un_writer_new(stdout, out.fmt, out.flags, cli_table_width());
    int status = cli_read(argv + optind, &in, write_record, w, NULL);
    if (un_writer_finish(w) != UN_OK)
        cli_write_failed();
    un_writer_free(w);
    return cli_finish_output(status);
}
