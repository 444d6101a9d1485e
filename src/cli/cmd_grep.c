/* cmd_grep.c: `unionnews grep`: the records that match every condition,
 * as grep prints lines: file:line: headline. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char usage_grep[] =
    "usage: " PROG " grep [--district X] [--union X] [--programme X] [--company X]\n"
    "                      [--person X] [-e TEXT]... [-E] [-l | -c | -q] [-f FORMAT]\n"
    "                      [--color WHEN] [--gazetteer FILE] [--province P] [FILE...]\n"
    "\n"
    "Prints the records that match every condition given, one per line:\n"
    "file:line: headline. --district takes a name, a short form or a code and\n"
    "matches everything inside the place (浙江 matches records about 黄岩区);\n"
    "the entity options match names that hold X. Exit status as grep: 0 when\n"
    "a record matched, 1 when none did, 2 on an error (which wins). Without\n"
    "FILE, or with '-', reads standard input.\n"
    "\n"
    "      --district X      records that name district X or a place inside it\n"
    "      --union X         records that name a union whose name holds X\n"
    "      --programme X     ... a programme whose name holds X\n"
    "      --company X       ... a company whose name holds X\n"
    "      --person X        ... a person whose name holds X\n"
    "  -e, --regexp TEXT     records whose text holds TEXT (again for more: any)\n"
    "  -E, --extended-regexp TEXT is a POSIX extended regular expression,\n"
    "                        matched against the text in Unicode NFC\n"
    "  -F, --fixed-strings   TEXT is literal (the default)\n"
    "  -l, --files-with-matches  print only the names of files with a match\n"
    "  -c, --count           print each file with its number of matching records\n"
    "  -q, --quiet           print nothing; the exit status says (a match wins\n"
    "                        over an error, as in grep)\n"
    "  -f, --format FORMAT   table (file:line: headline, the default), or whole\n"
    "                        records as csv, tsv, json or jsonl\n"
    "      --no-header       no header row (csv, tsv)\n"
    "      --bom             start csv or tsv with a UTF-8 byte order mark\n"
    "      --color WHEN      colour file names and lines: auto (on a terminal,\n"
    "                        unless NO_COLOR is set; the default), always, never\n" CLI_INPUT_HELP
    "  -h, --help            show this help\n";

enum { OPT_DISTRICT = 3000, OPT_UNION, OPT_PROGRAMME, OPT_COMPANY, OPT_PERSON, OPT_COLOR };

typedef enum mode { MODE_LINES, MODE_FILES, MODE_COUNT, MODE_QUIET } mode;

typedef struct ctx {
    un_matcher *m;
    mode mode;
    int color;
    const cli_output *fmt;
    un_writer *w;        /* whole records (-f), or NULL for lines */
    FILE *out;           /* where lines go: stdout, or a thread's piece */
    size_t file_matches; /* in the file being read */
    size_t matches;      /* in the files this context read */
    int worker;
    struct ctx *shared;  /* a thread's: the command's context */
    int found;           /* the command's: some record matched (-q) */
    un_match_scan *scan; /* the first look at a file, or NULL */
    char *look_buf;      /* its read buffer */
    cli_buf look;        /* the file it read, for the reader, if small */
    const cli_input *in; /* how files are read: their encoding */
} ctx_t;

/* A file up to this size (as fstat gives it) is kept in memory by the
 * look, for the reader to read from there; a larger one is read again. */
#define PRELOAD_MAX (4u << 20)
#define LOOK_SIZE (1u << 20)

/* The first look: can a record of the file match? Read through once at
 * memory speed; the reader reads it only when it can, from the look's
 * buffer (pre) when the file fits there. Standard input cannot be read
 * twice: it is always read. The names are UTF-8: a file whose first block
 * the reader will not decode as UTF-8 is read. */
static int want_file(void *vctx, const char *path, cli_preload *pre)
{
    ctx_t *c = vctx;
    if (c->scan)
        un_match_scan_forget_lines(c->scan); /* unless this look notes them */
    if (!c->scan || strcmp(path, "-") == 0)
        return 1;
    if (c->in->encoding && !cli_encoding_is_utf8(c->in->encoding))
        return 1; /* --encoding: decoded from another encoding, so read */
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 1; /* the reader says why */
    /* A file small enough goes into c->look, with room for all of it at
     * once; else its first block does, and the rest goes through look_buf. */
    struct stat st;
    int keep = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= PRELOAD_MAX;
    cli_buf *kept = &c->look;
    kept->len = 0;
    char *at = cli_buf_room(kept, keep ? (size_t)st.st_size + LOOK_SIZE : CLI_FIRST_BLOCK);
    ssize_t n = cli_read_full(fd, at, CLI_FIRST_BLOCK);
    un_encoding_guess g;
    if (n <= 0 ||
        cli_judge_encoding(c->in->encoding, c->in->binary_text, at, (size_t)n,
                           (size_t)n < CLI_FIRST_BLOCK, &g) != CLI_ENC_OK ||
        !cli_encoding_is_utf8(g.name)) {
        close(fd);
        return 1;
    }
    un_match_scan_begin(c->scan);
    if (keep) /* read from the look's copy: its lines are the reader's */
        un_match_scan_note_lines(c->scan);
    un_match_scan_feed(c->scan, at, (size_t)n);
    kept->len = (size_t)n;
    int failed = 0;
    for (ssize_t k = n; (size_t)n == CLI_FIRST_BLOCK && k != 0;) { /* the rest, if any */
        if (kept && (!keep || kept->len > PRELOAD_MAX))
            kept = NULL; /* too big to keep (or grown): read again by the reader */
        at = kept ? cli_buf_room(kept, LOOK_SIZE) : c->look_buf;
        k = read(fd, at, LOOK_SIZE);
        if (k > 0) {
            un_match_scan_feed(c->scan, at, (size_t)k);
            if (kept)
                kept->len += (size_t)k;
        } else if (k < 0 && errno != EINTR) {
            failed = 1, k = 0;
        }
    }
    close(fd);
    int may = un_match_scan_end(c->scan);
    if (may && !failed && kept) {
        pre->data = kept->p;
        pre->len = kept->len;
        pre->guess = g;
        pre->lf = un_match_scan_line_feeds(c->scan, &pre->nlf);
    } else {
        un_match_scan_forget_lines(c->scan); /* read again: records by text */
    }
    return failed || may;
}

/* The same look at a record the reader made: one that lacks the -e text
 * (or a name of the district) is not indexed. */
static int want_record(void *vctx, const un_article *a)
{
    ctx_t *c = vctx;
    return !c->scan || un_match_scan_record(c->scan, a);
}

/* The look's notes as the reader's line filter: a record on none of the
 * lines it found a name on is not even made. */
static int want_line(void *vctx, size_t line)
{
    ctx_t *c = vctx;
    return !c->scan || un_match_scan_line(c->scan, line);
}

/* The reader's sparse filter: with text NULL, whether the look noted this
 * file's lines; else whether a record that may match can hold the line. */
static int want_part(void *vctx, size_t line, const char *text, size_t len)
{
    ctx_t *c = vctx;
    if (!c->scan)
        return text != NULL;
    if (!text)
        return un_match_scan_lines_noted(c->scan);
    return un_match_scan_needs(c->scan, line, text, len);
}

static void attach_scan(ctx_t *c)
{
    c->scan = un_match_scan_new(c->m);
    c->look_buf = c->scan ? malloc(LOOK_SIZE) : NULL;
    if (c->scan && !c->look_buf) {
        un_match_scan_free(c->scan);
        c->scan = NULL;
    }
}

static void detach_scan(ctx_t *c)
{
    un_match_scan_free(c->scan);
    free(c->look_buf);
    cli_buf_free(&c->look);
    c->scan = NULL;
    c->look_buf = NULL;
}

#define C_FILE "\033[35m"
#define C_LINE "\033[32m"
#define C_SEP "\033[36m"
#define C_END "\033[m"

static void print_prefix(const ctx_t *c, const char *file, size_t flen, int with_line, size_t line)
{
    FILE *out = c->out;
    if (c->color)
        fprintf(out, C_FILE "%.*s" C_END, (int)flen, file);
    else
        fprintf(out, "%.*s", (int)flen, file);
    if (!with_line)
        return;
    if (c->color)
        fprintf(out, C_SEP ":" C_END C_LINE "%zu" C_END C_SEP ":" C_END " ", line);
    else
        fprintf(out, ":%zu: ", line);
}

/* A fragment has no headline: the start of its text, as tables show it. */
static void print_title(FILE *out, const un_article *a)
{
    if (a->headline.ptr) {
        fwrite(a->headline.ptr, 1, a->headline.len, out);
        return;
    }
    const char *p = a->body.ptr ? a->body.ptr : "";
    size_t n = a->body.ptr ? a->body.len : 0, chars = 0, k = 0;
    while (k < n && chars < 20 && p[k] != '\n') {
        k++;
        while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80)
            k++;
        chars++;
    }
    fprintf(out, "[%.*s%s]", (int)k, p, k < n ? "…" : "");
}

static void check(const ctx_t *c)
{
    if (c->out == stdout)
        cli_check_output();
}

static int on_record(void *vctx, const un_article *a)
{
    ctx_t *c = vctx;
    if (!un_matcher_test(c->m, a))
        return 0;
    c->matches++;
    c->file_matches++;
    __atomic_store_n(&c->shared->found, 1, __ATOMIC_RELAXED);
    switch (c->mode) {
    case MODE_QUIET:
        return 1; /* the answer is known: stop reading */
    case MODE_FILES:
        if (c->file_matches == 1) {
            print_prefix(c, a->file.ptr, a->file.len, 0, 0);
            putc('\n', c->out);
            check(c);
        }
        return 1; /* the file is known to match: on to the next */
    case MODE_COUNT:
        return 0;
    case MODE_LINES:
        if (c->w) {
            if (un_writer_article(c->w, a) != UN_OK)
                cli_write_failed();
        } else {
            print_prefix(c, a->file.ptr, a->file.len, 1, a->line_start);
            print_title(c->out, a);
            putc('\n', c->out);
            check(c);
        }
        return 0;
    }
    return 0;
}

static void *worker_new(void *vctx)
{
    ctx_t *w = malloc(sizeof *w);
    if (!w) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    *w = *(ctx_t *)vctx;
    w->w = NULL;
    w->matches = 0;
    w->worker = 1;
    w->scan = NULL;
    w->look_buf = NULL;
    memset(&w->look, 0, sizeof w->look);
    if (((ctx_t *)vctx)->scan)
        attach_scan(w);
    return w;
}

static void worker_free(void *vctx, void *w)
{
    (void)vctx;
    detach_scan(w);
    free(w);
}

static void file_begin(void *vctx, FILE *piece)
{
    ctx_t *c = vctx;
    c->out = piece;
    c->file_matches = 0;
    if (c->worker && c->mode == MODE_LINES && c->fmt->fmt != UN_FORMAT_TABLE)
        c->w = un_writer_new(piece, c->fmt->fmt, c->fmt->flags | UN_WRITE_PIECE, 0);
}

static void file_end(void *vctx, const char *path)
{
    ctx_t *c = vctx;
    if (c->mode == MODE_COUNT) {
        print_prefix(c, path, strlen(path), 0, 0);
        fprintf(c->out, c->color ? C_SEP ":" C_END "%zu\n" : ":%zu\n", c->file_matches);
        check(c);
    }
    if (c->worker && c->w) {
        un_writer_finish(c->w);
        un_writer_free(c->w);
        c->w = NULL;
    }
}

static void absorb(void *vctx, const char *piece, size_t n)
{
    ctx_t *c = vctx;
    if (c->w) {
        if (un_writer_absorb(c->w, piece, n) != UN_OK)
            cli_write_failed();
    } else if (n) {
        fwrite(piece, 1, n, stdout);
        cli_check_output();
    }
}

static void merge(void *vctx, void *vw)
{
    ((ctx_t *)vctx)->matches += ((ctx_t *)vw)->matches;
}

static int done(void *vctx)
{
    ctx_t *c = vctx;
    return c->mode == MODE_QUIET && __atomic_load_n(&c->found, __ATOMIC_RELAXED);
}

static int use_color(const char *when)
{
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

int cmd_grep(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"union", required_argument, NULL, OPT_UNION},
        {"programme", required_argument, NULL, OPT_PROGRAMME},
        {"company", required_argument, NULL, OPT_COMPANY},
        {"person", required_argument, NULL, OPT_PERSON},
        {"regexp", required_argument, NULL, 'e'},
        {"extended-regexp", no_argument, NULL, 'E'},
        {"fixed-strings", no_argument, NULL, 'F'},
        {"files-with-matches", no_argument, NULL, 'l'},
        {"count", no_argument, NULL, 'c'},
        {"silent", no_argument, NULL, 'q'},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        CLI_OUTPUT_OPTIONS,
        CLI_INPUT_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    un_match_options mo;
    memset(&mo, 0, sizeof mo);
    const char **texts = calloc((size_t)argc + 1, sizeof *texts);
    if (!texts) {
        cli_error("out of memory");
        return EXIT_TROUBLE;
    }
    mo.texts = texts;
    cli_input in;
    memset(&in, 0, sizeof in);
    cli_output out = {UN_FORMAT_TABLE, 0};
    ctx_t c;
    memset(&c, 0, sizeof c);
    const char *color = "auto";
    int opt, status = -1;
    optind = 1;
    while (status < 0 && (opt = getopt_long(argc, argv, "e:EFlcqf:j:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(usage_grep, stdout);
            status = cli_finish_output(EXIT_MATCH);
            break;
        case OPT_DISTRICT: mo.district = optarg; break;
        case OPT_UNION: mo.union_name = optarg; break;
        case OPT_PROGRAMME: mo.programme = optarg; break;
        case OPT_COMPANY: mo.company = optarg; break;
        case OPT_PERSON: mo.person = optarg; break;
        case 'e': texts[mo.ntexts++] = optarg; break;
        case 'E': mo.regex = 1; break;
        case 'F': mo.regex = 0; break;
        case 'l': c.mode = MODE_FILES; break;
        case 'c': c.mode = MODE_COUNT; break;
        case 'q':
            c.mode = MODE_QUIET;
            in.quiet = 1;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                cli_error("--color needs auto, always or never, not '%s'", optarg);
                status = EXIT_TROUBLE;
            }
            color = optarg;
            break;
        default: {
            int handled = cli_output_option(&out, opt, optarg);
            if (handled == 0)
                handled = cli_input_option(&in, opt, optarg);
            if (handled < 0) {
                status = EXIT_TROUBLE;
            } else if (!handled) {
                fputs(usage_grep, stderr);
                status = EXIT_TROUBLE;
            }
        }
        }
    }
    if (status < 0 && !mo.district && !mo.union_name && !mo.programme && !mo.company &&
        !mo.person && mo.ntexts == 0) {
        cli_error("grep needs a condition: --district, --union, --programme, --company, "
                  "--person or -e");
        status = EXIT_TROUBLE;
    }
    if (status >= 0) {
        free(texts);
        return status;
    }
    /* Regular expressions read the text as UTF-8 whatever the locale. */
    if (mo.regex && !setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "");
    cli_session *ses = cli_session_open(&in);
    if (!ses) {
        free(texts);
        return EXIT_TROUBLE;
    }
    char err[512];
    c.m = un_matcher_new(cli_session_gazetteer(ses), &mo, err, sizeof err);
    free(texts);
    if (!c.m) {
        cli_error("%s", err);
        cli_session_close(ses);
        return EXIT_TROUBLE;
    }
    c.color = use_color(color);
    c.fmt = &out;
    c.out = stdout;
    c.shared = &c;
    if (c.mode == MODE_LINES && out.fmt != UN_FORMAT_TABLE)
        c.w = un_writer_new(stdout, out.fmt, out.flags, 0);
    /* Only what the conditions need is indexed: nothing for -e alone,
     * districts for --district; everything for whole records. */
    unsigned need = 0;
    if (mo.district)
        need |= UN_INDEX_DISTRICTS;
    if (mo.union_name || mo.programme || mo.company || mo.person)
        need |= UN_INDEX_DISTRICTS | UN_INDEX_ENTITIES;
    if (c.w)
        need = UN_INDEX_ALL;
    cli_session_need(ses, need);
    /* A record that names no place that could lie in the district cannot
     * match: it is read, not indexed. */
    if (mo.district)
        cli_session_within(ses, un_matcher_district_prefix(c.m));
    /* The -e texts, which the indexer cannot judge, are looked for again
     * in each record: one without them is not indexed. So are the
     * district's names where no other entity is wanted: the indexer then
     * reads only the records that hold one (and the rest of the page only
     * where the page's province must settle a name). */
    int filter = need && ((mo.ntexts > 0 && !mo.regex) || !(need & UN_INDEX_ENTITIES));
    attach_scan(&c);
    c.in = &in;
    /* Pages are read only around the lines the look found a name on where
     * no record is written out whole (with its id) and no entity is wanted
     * (which weighs the page's province, so every page is read whole). */
    int sparse = c.scan && filter && !c.w && !(need & UN_INDEX_ENTITIES);
    /* -q reads one file after another, to stop at the first match. */
    cli_job job = {on_record,  &c,       c.mode == MODE_QUIET ? NULL : worker_new,
                   worker_free, file_begin, file_end, absorb, merge, done, want_file,
                   c.scan && filter ? want_record : NULL, c.scan && filter ? want_line : NULL,
                   sparse ? want_part : NULL};
    status = cli_session_run(ses, argv + optind, &job, NULL);
    if (c.w) {
        if (un_writer_finish(c.w) != UN_OK)
            cli_write_failed();
        un_writer_free(c.w);
    }
    detach_scan(&c);
    un_matcher_free(c.m);
    cli_session_close(ses);
    /* As grep: with -q a match is success even after an error. */
    if (c.mode == MODE_QUIET && c.matches)
        status = EXIT_MATCH;
    if (status == EXIT_MATCH && c.matches == 0)
        status = EXIT_NOMATCH;
    return cli_finish_output(status);
}
