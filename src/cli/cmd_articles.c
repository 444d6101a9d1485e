/* cmd_articles.c: `unionnews articles`: the records of each page in the
 * chosen format. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_articles[] =
    "usage: " PROG " articles [-f FORMAT] [--no-header] [--bom] [FILE...]\n"
    "\n"
    "Prints one record per article or fragment of each page, in page order.\n"
    "Without FILE, or with '-', reads standard input.\n"
    "\n"
    "  -f, --format FORMAT  table (default), csv, tsv, json or jsonl\n"
    "      --no-header      no header row (table, csv, tsv)\n"
    "      --bom            start csv or tsv with a UTF-8 byte order mark\n"
    "  -h, --help           show this help\n";

static int write_record(void *ctx, const un_article *a)
{
    if (un_writer_article(ctx, a) != UN_OK)
        cli_write_failed();
    return 0;
}

int cmd_articles(int argc, char **argv)
{
    enum { OPT_NO_HEADER = 256, OPT_BOM };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"no-header", no_argument, NULL, OPT_NO_HEADER},
                                             {"bom", no_argument, NULL, OPT_BOM},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    un_format fmt = UN_FORMAT_TABLE;
    unsigned flags = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (un_format_parse(optarg, &fmt) != UN_OK) {
                cli_error("unknown format '%s' (use one of: %s)", optarg, un_format_names());
                return EXIT_TROUBLE;
            }
            break;
        case OPT_NO_HEADER:
            flags |= UN_WRITE_NO_HEADER;
            break;
        case OPT_BOM:
            flags |= UN_WRITE_BOM;
            break;
        case 'h':
            fputs(usage_articles, stdout);
            return cli_finish_output(EXIT_MATCH);
        default:
            fputs(usage_articles, stderr);
            return EXIT_TROUBLE;
        }
    }
    un_writer *w = un_writer_new(stdout, fmt, flags, cli_table_width());
    int status = cli_read(argv + optind, write_record, w, NULL);
    if (un_writer_finish(w) != UN_OK)
        cli_write_failed();
    un_writer_free(w);
    return cli_finish_output(status);
}
