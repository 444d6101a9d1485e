/* cli.c: owns the input loop every command shares (files and stdin into
 * the reader, diagnostics onto stderr) and the checks on stdout. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

#define READ_SIZE CLI_FIRST_BLOCK

/* Before a message on err: when err is stderr, stdout is flushed, so that
 * the two streams interleave in order, and the progress line cleared. */
static void before_message(FILE *err)
{
    if (err == stderr) {
        fflush(stdout);
        cli_progress_clear();
    }
}

/* "unionnews: MESSAGE" on err. */
__attribute__((format(printf, 2, 0))) static void vmessage(FILE *err, const char *fmt,
                                                           va_list ap)
{
    before_message(err);
    fputs(PROG ": ", err);
    vfprintf(err, fmt, ap);
    fputc('\n', err);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(stderr, fmt, ap);
    va_end(ap);
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

/* Messages of one input go to err: stderr, or a piece of memory when
 * several threads read (run.c prints them in order). */
static void message(FILE *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void message(FILE *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(err, fmt, ap);
    va_end(ap);
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

struct cli_reading {
    const cli_session_config *cfg;
    un_indexer *ix;
    un_reader *r;
    char *buf;
};

cli_reading *cli_reading_new(const cli_session_config *cfg)
{
    char err[512];
    cli_reading *rd = calloc(1, sizeof *rd);
    if (!rd)
        return NULL;
    rd->cfg = cfg;
    un_indexer_options iopt = {cfg->gazetteer, cfg->province, cfg->what};
    if (!cfg->no_index)
        rd->ix = un_indexer_new(&iopt, err, sizeof err);
    rd->buf = malloc(READ_SIZE);
    if ((!rd->ix && !cfg->no_index) || !rd->buf) {
        cli_error("%s", rd->buf ? err : "out of memory");
        cli_reading_free(rd);
        return NULL;
    }
    if (rd->ix && cfg->within)
        un_indexer_set_within(rd->ix, cfg->within);
    un_reader_options ropt = {0, rd->ix ? un_indexer_page : NULL, rd->ix, cfg->max_line};
    rd->r = un_reader_new(&ropt);
    return rd;
}

void cli_reading_filter(cli_reading *rd, int (*keep)(void *, const un_article *),
                        int (*want_line)(void *, size_t),
                        int (*want_part)(void *, size_t, const char *, size_t), void *ctx)
{
    if (!rd->ix)
        return;
    un_indexer_set_filter(rd->ix, keep, ctx);
    un_reader_set_line_filter(rd->r, want_line, ctx);
    un_reader_set_sparse(rd->r, want_line ? want_part : NULL);
}

void cli_reading_free(cli_reading *rd)
{
    if (!rd)
        return;
    un_reader_free(rd->r);
    un_indexer_free(rd->ix);
    free(rd->buf);
    free(rd);
}

/* Messages about bad bytes: at most this many lines per input, then a count. */
#define MAX_BAD_LINES 20

typedef struct input_state {
    const char *label;
    FILE *err;
    size_t bad_lines; /* lines with invalid bytes reported or counted */
    size_t max_line;  /* --max-line-bytes, or 0 for the reader's default */
} input_state;

/* "FILE:LINE: MESSAGE" on the input's err. */
__attribute__((format(printf, 3, 4))) static void line_message(const input_state *in,
                                                                size_t line, const char *fmt,
                                                                ...)
{
    before_message(in->err);
    fprintf(in->err, "%s:%zu: ", in->label, line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(in->err, fmt, ap);
    va_end(ap);
    fputc('\n', in->err);
}

static void bad_line(input_state *in, size_t line)
{
    if (in->bad_lines++ < MAX_BAD_LINES)
        line_message(in, line, "invalid bytes");
}

/* The reader's messages (invalid UTF-8, a line too long). */
static void reader_diags(un_reader *r, input_state *in)
{
    size_t n = un_reader_diag_count(r);
    for (size_t i = 0; i < n; i++) {
        const un_diag *d = un_reader_diag(r, i);
        if (d->code == UN_DIAG_INVALID_UTF8) {
            bad_line(in, d->line);
        } else if (d->code == UN_DIAG_LINE_TOO_LONG) {
            line_message(in, d->line,
                         "a line longer than %zu bytes; nothing of this input is read past it "
                         "(--max-line-bytes raises the limit)",
                         in->max_line ? in->max_line : UN_MAX_LINE_DEFAULT);
        } else {
            line_message(in, d->line, "%s", un_diag_message(d->code));
        }
    }
    un_reader_clear_diags(r);
}

static void transcoder_diags(un_transcoder *t, input_state *in)
{
    for (size_t i = 0; i < un_transcoder_bad_count(t); i++)
        bad_line(in, un_transcoder_bad_line(t, i));
    un_transcoder_clear_bad(t);
}

/* Decodes a block (with tc; data NULL flushes it) and feeds it to the
 * reader, reporting what either found wrong; the block's first checked
 * bytes, ascii of them ASCII, were found well-formed UTF-8 (without tc). */
static int feed_decoded(un_reader *r, un_transcoder *tc, const char *data, size_t len,
                        size_t checked, size_t ascii, input_state *in, int *status)
{
    if (tc) {
        if (data)
            un_transcoder_feed(tc, data, len, &data, &len);
        else
            un_transcoder_finish(tc, &data, &len);
        if (un_transcoder_bad_count(tc)) {
            *status = EXIT_TROUBLE;
            transcoder_diags(tc, in);
        }
    }
    int rc = un_reader_feed_checked(r, data, len, tc ? 0 : checked, ascii);
    if (un_reader_diag_count(r)) {
        *status = EXIT_TROUBLE;
        reader_diags(r, in);
    }
    return rc;
}

cli_enc cli_judge_encoding(const char *forced, int binary_text, const char *buf, size_t n,
                           int at_end, un_encoding_guess *g)
{
    if (forced) {
        memset(g, 0, sizeof *g);
        snprintf(g->name, sizeof g->name, "%s", forced);
        g->certain = 1;
        return CLI_ENC_OK;
    }
    un_encoding_detect(buf, n, at_end, g);
    if (g->binary && !binary_text)
        return CLI_ENC_BINARY;
    if (g->binary) {
        snprintf(g->name, sizeof g->name, "UTF-8");
        g->certain = 1;
    }
    return g->certain ? CLI_ENC_OK : CLI_ENC_UNKNOWN;
}

int cli_encoding_is_utf8(const char *name)
{
    return strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0;
}

char *cli_buf_room(cli_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            cli_error("out of memory");
            exit(EXIT_TROUBLE);
        }
        b->p = p;
        b->cap = cap;
    }
    return b->p + b->len;
}

void cli_buf_add(cli_buf *b, const void *data, size_t n)
{
    char *at = cli_buf_room(b, n);
    if (n)
        memcpy(at, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void cli_buf_free(cli_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

ssize_t cli_read_full(int fd, char *buf, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* Where the reader's bytes come from: a file, or memory (a preload). */
typedef struct source {
    int fd;
    const cli_preload *pre;
    size_t off;
} source;

/* The next block of at most READ_SIZE bytes (in rd->buf, or in the
 * preload): its length, 0 at the end, or -1 (errno). */
static ssize_t next_block(cli_reading *rd, source *src, const char **data)
{
    ssize_t n;
    if (src->pre) {
        size_t left = src->pre->len - src->off;
        n = (ssize_t)(left < READ_SIZE ? left : READ_SIZE);
        *data = src->pre->data + src->off;
        src->off += (size_t)n;
    } else {
        n = cli_read_full(src->fd, rd->buf, READ_SIZE);
        *data = rd->buf;
    }
    if (n > 0)
        cli_progress_bytes((size_t)n);
    return n;
}

int cli_reading_file(cli_reading *rd, const char *path, const cli_preload *pre,
                     cli_record_fn fn, void *ctx, FILE *err)
{
    un_reader *r = rd->r;
    const cli_session_config *cfg = rd->cfg;
    int is_stdin = strcmp(path, "-") == 0;
    const char *label = is_stdin ? "(standard input)" : path;
    input_state in = {label, err, 0, cfg->max_line};
    int fd = pre ? -1 : is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (!pre && fd < 0) {
        message(err, "cannot open '%s': %s", path, strerror(errno));
        return EXIT_TROUBLE;
    }
    int own_fd = !pre && !is_stdin;
    source src = {fd, pre, 0};
    int status = EXIT_MATCH, failed = 0, stop = 0;
    /* The first block decides the encoding. */
    const char *block;
    ssize_t first = next_block(rd, &src, &block);
    if (first < 0) {
        message(err, "cannot read '%s': %s", label, strerror(errno));
        if (own_fd)
            close(fd);
        return EXIT_TROUBLE;
    }
    un_encoding_guess g;
    cli_enc judged = CLI_ENC_OK;
    if (pre)
        g = pre->guess;
    else
        judged = cli_judge_encoding(cfg->encoding, cfg->binary_text, block, (size_t)first,
                                    (size_t)first < READ_SIZE, &g);
    if (judged != CLI_ENC_OK) {
        if (judged == CLI_ENC_BINARY)
            message(err, "'%s': a binary file (NUL bytes), skipped (--binary text reads it)",
                    label);
        else
            message(err,
                    "cannot tell the encoding of '%s': it is not UTF-8, and no Chinese "
                    "encoding reads it cleanly; give one with --encoding (GB18030, BIG5, ...)",
                    label);
        if (own_fd)
            close(fd);
        return EXIT_TROUBLE;
    }
    if (!cfg->encoding && strcmp(g.name, "UTF-8") != 0 && !cfg->quiet)
        message(err, "'%s': decoded as %s", label, g.name);
    int utf8 = cli_encoding_is_utf8(g.name);
    un_transcoder *tc = NULL;
    if (!utf8) {
        char msg[256];
        tc = un_transcoder_new(g.name, msg, sizeof msg);
        if (!tc) {
            message(err, "%s", msg);
            if (own_fd)
                close(fd);
            return EXIT_TROUBLE;
        }
    }
    un_reader_begin(r, path, strlen(path));
    if (pre && pre->lf && utf8)
        un_reader_set_line_feeds(r, pre->lf, pre->nlf);
    int rc = UN_OK;
    size_t skip = g.bom && !utf8 ? g.bom : 0;
    for (ssize_t n = first;;) {
        if (n < 0) {
            /* Records of a half-read input would be wrong: none are given. */
            message(err, "cannot read '%s': %s", label, strerror(errno));
            status = EXIT_TROUBLE;
            failed = 1;
            break;
        }
        if (n == 0)
            break;
        const char *data = block + skip;
        size_t len = (size_t)n - skip;
        skip = 0;
        /* The first block is the sample the guess checked (the reader
         * takes the claim at the start of the input only). */
        rc = feed_decoded(r, tc, data, len, g.utf8_checked, g.utf8_ascii, &in, &status);
        if (rc != UN_OK)
            break;
        if (drain(r, fn, ctx)) {
            stop = 1;
            break;
        }
        n = next_block(rd, &src, &block);
    }
    if (rc == UN_OK && !failed && !stop && tc)
        rc = feed_decoded(r, tc, NULL, 0, 0, 0, &in, &status);
    if (rc == UN_OK && !failed && !stop) {
        rc = un_reader_finish(r);
        if (un_reader_diag_count(r)) {
            status = EXIT_TROUBLE;
            reader_diags(r, &in);
        }
        if (rc == UN_OK)
            drain(r, fn, ctx);
    }
    if (in.bad_lines > MAX_BAD_LINES)
        message(err, "'%s': %zu more lines with invalid bytes", label,
                in.bad_lines - MAX_BAD_LINES);
    if (rc == UN_ERR_NOT_TEXT) {
        message(err,
                "cannot read '%s': not UTF-8 text; give its encoding with --encoding "
                "(GB18030, BIG5, ...)",
                label);
        status = EXIT_TROUBLE;
    }
    if (rc == UN_ERR_LIMIT)
        status = EXIT_TROUBLE; /* said on its line */
    un_transcoder_free(tc);
    if (own_fd)
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
    if (opt == OPT_GAZETTEER) {
        in->gazetteer = arg;
    } else if (opt == OPT_PROVINCE) {
        in->province = arg;
    } else if (opt == 'j') {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*arg == '\0' || *end || v < 1 || v > 256) {
            cli_error("--jobs needs a number of threads from 1 to 256, not '%s'", arg);
            return -1;
        }
        in->jobs = (int)v;
    } else if (opt == OPT_ENCODING) {
        in->encoding = strcmp(arg, "auto") == 0 ? NULL : arg;
    } else if (opt == OPT_BINARY) {
        if (strcmp(arg, "text") != 0 && strcmp(arg, "skip") != 0) {
            cli_error("--binary needs skip or text, not '%s'", arg);
            return -1;
        }
        in->binary_text = strcmp(arg, "text") == 0;
    } else if (opt == OPT_MAX_LINE) {
        char *end;
        unsigned long long v = strtoull(arg, &end, 10);
        if (*arg < '0' || *arg > '9' || *end || v < 1024 || v > ((unsigned long long)1 << 40)) {
            cli_error("--max-line-bytes needs a number of bytes from 1024 on, not '%s'", arg);
            return -1;
        }
        in->max_line = (size_t)v;
    } else if (opt == 'q') {
        in->quiet = 1;
    } else {
        return 0;
    }
    return 1;
}

struct cli_session {
    un_gazetteer *gaz; /* a user's, or NULL for the embedded one */
    cli_session_config cfg;
    int jobs;
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
    s->cfg.gazetteer = s->gaz;
    s->cfg.province = in ? in->province : NULL;
    s->cfg.encoding = in ? in->encoding : NULL;
    s->cfg.binary_text = in ? in->binary_text : 0;
    s->cfg.quiet = in ? in->quiet : 0;
    s->cfg.max_line = in ? in->max_line : 0;
    if (s->cfg.encoding) {
        /* An encoding iconv does not know is an error before any input. */
        un_transcoder *t = un_transcoder_new(s->cfg.encoding, err, sizeof err);
        if (!t) {
            cli_error("%s", err);
            cli_session_close(s);
            return NULL;
        }
        un_transcoder_free(t);
    }
    s->jobs = in && in->jobs > 0 ? in->jobs : cli_default_jobs();
    /* The options are checked once, here (an unknown province). */
    un_indexer_options iopt = {s->gaz, s->cfg.province, 0};
    un_indexer *ix = un_indexer_new(&iopt, err, sizeof err);
    if (!ix) {
        cli_error("%s", err);
        cli_session_close(s);
        return NULL;
    }
    un_indexer_free(ix);
    return s;
}

const un_gazetteer *cli_session_gazetteer(const cli_session *s)
{
    return s->gaz ? s->gaz : un_gazetteer_default();
}

void cli_session_need(cli_session *s, unsigned what)
{
    s->cfg.what = what;
    s->cfg.no_index = what == 0;
}

void cli_session_within(cli_session *s, const char *prefix)
{
    s->cfg.within = prefix;
}

int cli_session_run(cli_session *s, char **files, const cli_job *job, size_t *nread)
{
    return cli_run(files, &s->cfg, s->jobs, job, nread);
}

void cli_session_close(cli_session *s)
{
    if (!s)
        return;
    un_gazetteer_free(s->gaz);
    free(s);
}

/* A row command's context: the command's own (read only while reading),
 * and the row writer of the output, or of the piece a thread writes. */
typedef struct rows_state {
    const cli_rows_cmd *cmd;
    void *ctx;
    un_rowwriter *w;
    const cli_output *out;
    int worker;
} rows_state;

static int on_rows_record(void *vst, const un_article *a)
{
    rows_state *st = vst;
    st->cmd->rows(st->ctx, st->w, a);
    return 0;
}

static void *rows_worker_new(void *vst)
{
    rows_state *st = vst;
    rows_state *w = calloc(1, sizeof *w);
    if (!w) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    *w = *st;
    w->w = NULL;
    w->worker = 1;
    return w;
}

static void rows_worker_free(void *vst, void *vw)
{
    (void)vst;
    free(vw);
}

static void rows_file_begin(void *vst, FILE *piece)
{
    rows_state *st = vst;
    if (st->worker)
        st->w = un_rowwriter_new(piece, st->out->fmt, st->out->flags | UN_WRITE_PIECE, 0,
                                 st->cmd->columns, st->cmd->ncolumns);
}

static void rows_file_end(void *vst, const char *path)
{
    (void)path;
    rows_state *st = vst;
    if (st->worker) {
        un_rowwriter_finish(st->w);
        un_rowwriter_free(st->w);
        st->w = NULL;
    }
}

static void rows_absorb(void *vst, const char *piece, size_t n)
{
    rows_state *st = vst;
    if (un_rowwriter_absorb(st->w, piece, n) != UN_OK)
        cli_write_failed();
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
    snprintf(shortopts, sizeof shortopts, "%sf:j:qh", cmd->shortopts);
    cli_input in;
    memset(&in, 0, sizeof in);
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
    rows_state st = {cmd, ctx, NULL, &out, 0};
    st.w = un_rowwriter_new(stdout, out.fmt, out.flags, cli_table_width(), cmd->columns,
                            cmd->ncolumns);
    cli_job job = {on_rows_record,  &st,           rows_worker_new, rows_worker_free,
                   rows_file_begin, rows_file_end, rows_absorb,     NULL,
                   NULL,            NULL,          NULL,        NULL,
                   NULL};
    status = cli_session_run(ses, argv + optind, &job, NULL);
    if (un_rowwriter_finish(st.w) != UN_OK)
        cli_write_failed();
    un_rowwriter_free(st.w);
    cli_session_close(ses);
    return cli_finish_output(status);
}

un_str cli_district_level(const un_gazetteer *g, un_str code)
{
    if (!code.ptr)
        return (un_str){NULL, 0};
    if (code.len == 9)
        return (un_str){"town", 4};
    long i = un_gazetteer_find(g, code.ptr, code.len);
    return i >= 0 ? un_gazetteer_place(g, i).level : (un_str){NULL, 0};
}

/* ---- dates in file names: cli_path_date ---- */

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int date_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads up to max digits (at least one) at s[*i]; -1 when none. */
static int digits_at(const char *s, size_t *i, int max)
{
    int v = 0, n = 0;
    while (n < max && date_digit(s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n ? v : -1;
}

static int skip_word(const char *s, size_t *i, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(s + *i, w, n) != 0)
        return 0;
    *i += n;
    return 1;
}

/* A date starting at s[i] (after a non-digit), as YYYYMMDD, or 0. */
static long date_at(const char *s, size_t i)
{
    size_t j = i;
    int y = -1, m = -1, d = -1;
    if (digits_at(s, &j, 8) >= 0 && j - i == 8 && !date_digit(s[j])) {
        long v = strtol(s + i, NULL, 10);
        y = (int)(v / 10000), m = (int)(v / 100 % 100), d = (int)(v % 100);
    } else {
        j = i;
        y = digits_at(s, &j, 4);
        if (y < 0 || j - i != 4)
            return 0;
        char sep = s[j];
        if (skip_word(s, &j, "年")) {
            m = digits_at(s, &j, 2);
            if (m < 0 || !skip_word(s, &j, "月"))
                return 0;
            d = digits_at(s, &j, 2);
            if (d < 0 || !skip_word(s, &j, "日"))
                return 0;
        } else if (sep == '-' || sep == '_' || sep == '.' || sep == '/') {
            j++;
            m = digits_at(s, &j, 2);
            if (m < 0 || s[j] != sep)
                return 0;
            j++;
            d = digits_at(s, &j, 2);
            if (d < 0 || date_digit(s[j]))
                return 0;
        } else {
            return 0;
        }
    }
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return 0;
    return (long)y * 10000 + m * 100 + d;
}

long cli_path_date(const char *path)
{
    long last = 0;
    for (size_t i = 0; path[i]; i++) {
        if (!date_digit(path[i]) || (i > 0 && date_digit(path[i - 1])))
            continue;
        long d = date_at(path, i);
        if (d)
            last = d;
    }
    return last;
}
