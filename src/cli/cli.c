/* cli.c: owns the input loop every command shares (files and stdin into
 * the reader, diagnostics onto stderr) and the checks on stdout. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

#define READ_SIZE (256u << 10)

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_write_failed(void)
{
    if (errno == EPIPE) {
        /* The reader went away (| head): end as the default SIGPIPE would,
         * quietly. */
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
    }
    int e = errno;
    cli_error("write error: %s", e ? strerror(e) : "unknown error");
    exit(EXIT_TROUBLE);
}

void cli_check_output(void)
{
    if (ferror(stdout)) {
        errno = 0;
        fflush(stdout); /* tries again, so that errno says why */
        cli_write_failed();
    }
}

int cli_finish_output(int status)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        cli_write_failed();
    return status;
}

size_t cli_table_width(void)
{
    if (!isatty(STDOUT_FILENO))
        return 0;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    if (env && atoi(env) > 0)
        return (size_t)atoi(env);
    return 80;
}

static void print_diags(un_reader *r, const char *label)
{
    size_t n = un_reader_diag_count(r);
    for (size_t i = 0; i < n; i++) {
        const un_diag *d = un_reader_diag(r, i);
        fflush(stdout);
        fprintf(stderr, "%s:%zu: %s\n", label, d->line, un_diag_message(d->code));
    }
    un_reader_clear_diags(r);
}

/* Drains the records ready in r; returns non-zero when fn asked to stop. */
static int drain(un_reader *r, cli_record_fn fn, void *ctx)
{
    const un_article *a;
    while ((a = un_reader_next(r)) != NULL)
        if (fn(ctx, a))
            return 1;
    return 0;
}

/* Reads one input. Returns EXIT_MATCH or EXIT_TROUBLE; sets *stop when
 * the callback asked to stop. */
static int read_one(un_reader *r, const char *path, char *buf, cli_record_fn fn, void *ctx,
                    int *stop)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *label = is_stdin ? "(standard input)" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return EXIT_TROUBLE;
    }
    int status = EXIT_MATCH, failed = 0;
    un_reader_begin(r, path, strlen(path));
    int rc = UN_OK;
    for (;;) {
        ssize_t n = read(fd, buf, READ_SIZE);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            /* Records of a half-read input would be wrong: none are given. */
            cli_error("cannot read '%s': %s", label, strerror(errno));
            status = EXIT_TROUBLE;
            failed = 1;
            break;
        }
        if (n == 0)
            break;
        rc = un_reader_feed(r, buf, (size_t)n);
        if (rc != UN_OK)
            break;
        if (un_reader_diag_count(r)) {
            status = EXIT_TROUBLE;
            print_diags(r, label);
        }
        if (drain(r, fn, ctx)) {
            *stop = 1;
            break;
        }
    }
    if (rc == UN_OK && !failed && !*stop) {
        rc = un_reader_finish(r);
        if (un_reader_diag_count(r)) {
            status = EXIT_TROUBLE;
            print_diags(r, label);
        }
        if (rc == UN_OK && drain(r, fn, ctx))
            *stop = 1;
    }
    if (rc == UN_ERR_NOT_TEXT) {
        cli_error("cannot read '%s': not UTF-8 text (convert it first, for example with "
                  "iconv -f GB18030 -t UTF-8)",
                  label);
        status = EXIT_TROUBLE;
    }
    if (!is_stdin)
        close(fd);
    return status;
}

int cli_output_option(cli_output *out, int opt, const char *arg)
{
    switch (opt) {
    case 'f':
        if (un_format_parse(arg, &out->fmt) != UN_OK) {
            cli_error("unknown format '%s' (use one of: %s)", arg, un_format_names());
            return -1;
        }
        return 1;
    case OPT_NO_HEADER:
        out->flags |= UN_WRITE_NO_HEADER;
        return 1;
    case OPT_BOM:
        out->flags |= UN_WRITE_BOM;
        return 1;
    }
    return 0;
}

int cli_input_option(cli_input *in, int opt, const char *arg)
{
    if (opt == OPT_GAZETTEER)
        in->gazetteer = arg;
    else if (opt == OPT_PROVINCE)
        in->province = arg;
    else
        return 0;
    return 1;
}

struct cli_session {
    un_gazetteer *gaz; /* a user's, or NULL for the embedded one */
    un_indexer *ix;
    un_reader *r;
    char *buf;
};

cli_session *cli_session_open(const cli_input *in)
{
    char err[512];
    cli_session *s = calloc(1, sizeof *s);
    if (!s) {
        cli_error("out of memory");
        return NULL;
    }
    if (in && in->gazetteer) {
        s->gaz = un_gazetteer_load(in->gazetteer, NULL, err, sizeof err);
        if (!s->gaz) {
            cli_error("%s", err);
            free(s);
            return NULL;
        }
    }
    un_indexer_options iopt = {s->gaz, in ? in->province : NULL};
    s->ix = un_indexer_new(&iopt, err, sizeof err);
    s->buf = malloc(READ_SIZE);
    if (!s->ix || !s->buf) {
        if (!s->ix)
            cli_error("%s", err);
        else
            cli_error("out of memory");
        cli_session_close(s);
        return NULL;
    }
    un_reader_options ropt = {0, un_indexer_page, s->ix};
    s->r = un_reader_new(&ropt);
    return s;
}

const un_gazetteer *cli_session_gazetteer(const cli_session *s)
{
    return s->gaz ? s->gaz : un_gazetteer_default();
}

int cli_session_read(cli_session *s, char **files, cli_record_fn fn, void *ctx, size_t *nread)
{
    static char *stdin_only[] = {"-", NULL};
    if (!files || !files[0])
        files = stdin_only;
    int status = EXIT_MATCH, stop = 0;
    size_t ok = 0;
    for (size_t i = 0; files[i] && !stop; i++) {
        if (read_one(s->r, files[i], s->buf, fn, ctx, &stop) != EXIT_MATCH)
            status = EXIT_TROUBLE;
        else
            ok++;
    }
    if (nread)
        *nread = ok;
    return status;
}

void cli_session_close(cli_session *s)
{
    if (!s)
        return;
    un_reader_free(s->r);
    un_indexer_free(s->ix);
    un_gazetteer_free(s->gaz);
    free(s->buf);
    free(s);
}

int cli_read(char **files, const cli_input *in, cli_record_fn fn, void *ctx, size_t *nread)
{
    cli_session *s = cli_session_open(in);
    if (!s)
        return EXIT_TROUBLE;
    int status = cli_session_read(s, files, fn, ctx, nread);
    cli_session_close(s);
    return status;
}

typedef struct rows_state {
    const cli_rows_cmd *cmd;
    void *ctx;
    un_rowwriter *w;
} rows_state;

static int on_rows_record(void *vst, const un_article *a)
{
    rows_state *st = vst;
    st->cmd->rows(st->ctx, st->w, a);
    return 0;
}

int cli_rows_main(const cli_rows_cmd *cmd, void *ctx, int argc, char **argv)
{
    static const struct option shared[] = {CLI_OUTPUT_OPTIONS, CLI_INPUT_OPTIONS,
                                           {"help", no_argument, NULL, 'h'}};
    size_t nown = 0;
    while (cmd->longopts[nown].name)
        nown++;
    size_t nshared = sizeof shared / sizeof shared[0];
    struct option longopts[24];
    if (nown + nshared + 1 > sizeof longopts / sizeof longopts[0])
        abort(); /* a command with more options than this table holds */
    memcpy(longopts, cmd->longopts, nown * sizeof *longopts);
    memcpy(longopts + nown, shared, nshared * sizeof *longopts);
    memset(&longopts[nown + nshared], 0, sizeof *longopts);
    char shortopts[64];
    snprintf(shortopts, sizeof shortopts, "%sf:h", cmd->shortopts);
    cli_input in = {NULL, NULL};
    cli_output out = {UN_FORMAT_TABLE, 0};
    int opt, status = -1;
    optind = 1;
    while (status < 0 && (opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(cmd->usage, stdout);
            status = cli_finish_output(EXIT_MATCH);
            break;
        }
        int handled = cmd->option(ctx, opt, optarg);
        if (handled == 0)
            handled = cli_output_option(&out, opt, optarg);
        if (handled == 0)
            handled = cli_input_option(&in, opt, optarg);
        if (handled < 0) {
            status = EXIT_TROUBLE;
        } else if (handled == 0) {
            fputs(cmd->usage, stderr);
            status = EXIT_TROUBLE;
        }
    }
    if (status >= 0)
        return status;
    if (cmd->operand) {
        if (optind >= argc) {
            cli_error("%s needs %s", argv[0], cmd->operand_name);
            fputs(cmd->usage, stderr);
            return EXIT_TROUBLE;
        }
        if (cmd->operand(ctx, argv[optind++]) < 0)
            return EXIT_TROUBLE;
    }
    cli_session *ses = cli_session_open(&in);
    if (!ses)
        return EXIT_TROUBLE;
    if (cmd->start && cmd->start(ctx, cli_session_gazetteer(ses)) < 0) {
        cli_session_close(ses);
        return EXIT_TROUBLE;
    }
    rows_state st = {cmd, ctx, NULL};
    st.w = un_rowwriter_new(stdout, out.fmt, out.flags, cli_table_width(), cmd->columns,
                            cmd->ncolumns);
    status = cli_session_read(ses, argv + optind, on_rows_record, &st, NULL);
    if (un_rowwriter_finish(st.w) != UN_OK)
        cli_write_failed();
    un_rowwriter_free(st.w);
    cli_session_close(ses);
    return cli_finish_output(status);
}
