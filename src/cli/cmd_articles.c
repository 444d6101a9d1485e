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

/* The writer of the output, or (in a thread) of the piece of a file. */
typedef struct art_ctx {
    un_writer *w;
    const cli_output *out;
    int worker;
} art_ctx;

static int write_record(void *vctx, const un_article *a)
{
    art_ctx *c = vctx;
    if (un_writer_article(c->w, a) != UN_OK)
        cli_write_failed();
    return 0;
}

static void *worker_new(void *vctx)
{
    art_ctx *w = calloc(1, sizeof *w);
    if (!w) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    w->out = ((art_ctx *)vctx)->out;
    w->worker = 1;
    return w;
}

static void worker_free(void *vctx, void *vw)
{
    (void)vctx;
    free(vw);
}

static void file_begin(void *vctx, FILE *piece)
{
    art_ctx *c = vctx;
    if (c->worker)
        c->w = un_writer_new(piece, c->out->fmt, c->out->flags | UN_WRITE_PIECE, 0);
}

static void file_end(void *vctx, const char *path)
{
    (void)path;
    art_ctx *c = vctx;
    if (c->worker) {
        un_writer_finish(c->w);
        un_writer_free(c->w);
        c->w = NULL;
    }
}

static void absorb(void *vctx, const char *piece, size_t n)
{
    art_ctx *c = vctx;
    if (un_writer_absorb(c->w, piece, n) != UN_OK)
        cli_write_failed();
}

int cmd_articles(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_OUTPUT_OPTIONS, CLI_INPUT_OPTIONS,
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli_input in;
    memset(&in, 0, sizeof in);
    cli_output out = {UN_FORMAT_TABLE, 0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:j:qh", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_articles, stdout);
            return cli_finish_output(EXIT_MATCH);
        }
        int handled = cli_output_option(&out, c, optarg);
        if (handled == 0)
            handled = cli_input_option(&in, c, optarg);
        if (handled < 0)
            return EXIT_TROUBLE;
        if (handled)
            continue;
        fputs(usage_articles, stderr);
        return EXIT_TROUBLE;
    }
    cli_session *ses = cli_session_open(&in);
    if (!ses)
        return EXIT_TROUBLE;
    art_ctx ctx = {un_writer_new(stdout, out.fmt, out.flags, cli_table_width()), &out, 0};
    cli_job job = {write_record, &ctx,   worker_new, worker_free, file_begin,
                   file_end,     absorb, NULL,       NULL,        NULL,
                   NULL,         NULL,   NULL};
    int status = cli_session_run(ses, argv + optind, &job, NULL);
    if (un_writer_finish(ctx.w) != UN_OK)
        cli_write_failed();
    un_writer_free(ctx.w);
    cli_session_close(ses);
    return cli_finish_output(status);
}
