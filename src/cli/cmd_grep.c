/* cmd_grep.c: `unionnews grep`: the records that match every condition,
 * as grep prints lines: file:line: headline. */
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
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
    "  -q, --quiet           print nothing; the exit status says\n"
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
    un_writer *w;        /* whole records, or NULL for lines */
    size_t matches;      /* in all files */
    size_t file_matches; /* in the file being read */
} ctx_t;

#define C_FILE "\033[35m"
#define C_LINE "\033[32m"
#define C_SEP "\033[36m"
#define C_END "\033[m"

static void print_prefix(const ctx_t *c, un_str file, int with_line, size_t line)
{
    if (c->color)
        printf(C_FILE "%.*s" C_END, (int)file.len, file.ptr);
    else
        printf("%.*s", (int)file.len, file.ptr);
    if (!with_line)
        return;
    if (c->color)
        printf(C_SEP ":" C_END C_LINE "%zu" C_END C_SEP ":" C_END " ", line);
    else
        printf(":%zu: ", line);
}

/* A fragment has no headline: the start of its text, as tables show it. */
static void print_title(const un_article *a)
{
    if (a->headline.ptr) {
        fwrite(a->headline.ptr, 1, a->headline.len, stdout);
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
    printf("[%.*s%s]", (int)k, p, k < n ? "…" : "");
}

static int on_record(void *vctx, const un_article *a)
{
    ctx_t *c = vctx;
    if (!un_matcher_test(c->m, a))
        return 0;
    c->matches++;
    c->file_matches++;
    switch (c->mode) {
    case MODE_QUIET:
        return 1; /* the answer is known: stop reading */
    case MODE_FILES:
        if (c->file_matches == 1) {
            print_prefix(c, a->file, 0, 0);
            putchar('\n');
            cli_check_output();
        }
        return 1; /* the file is known to match: on to the next */
    case MODE_COUNT:
        return 0;
    case MODE_LINES:
        if (c->w) {
            if (un_writer_article(c->w, a) != UN_OK)
                cli_write_failed();
        } else {
            print_prefix(c, a->file, 1, a->line_start);
            print_title(a);
            putchar('\n');
            cli_check_output();
        }
        return 0;
    }
    return 0;
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
        {"quiet", no_argument, NULL, 'q'},
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
    cli_input in = {NULL, NULL};
    cli_output out = {UN_FORMAT_TABLE, 0};
    ctx_t c;
    memset(&c, 0, sizeof c);
    const char *color = "auto";
    int opt, status = -1;
    optind = 1;
    while (status < 0 && (opt = getopt_long(argc, argv, "e:EFlcqf:h", longopts, NULL)) != -1) {
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
        case 'q': c.mode = MODE_QUIET; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                cli_error("--color needs auto, always or never, not '%s'", optarg);
                status = EXIT_TROUBLE;
            }
            color = optarg;
            break;
        default: {
            int handled = cli_output_option(&out, opt, optarg);
            if (handled < 0) {
                status = EXIT_TROUBLE;
            } else if (!handled && !cli_input_option(&in, opt, optarg)) {
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
    if (c.mode == MODE_LINES && out.fmt != UN_FORMAT_TABLE)
        c.w = un_writer_new(stdout, out.fmt, out.flags, 0);
    /* File by file: -c and -l speak of each. */
    static char *stdin_only[] = {"-", NULL};
    char **files = argv[optind] ? argv + optind : stdin_only;
    status = EXIT_MATCH;
    for (size_t i = 0; files[i]; i++) {
        char *one[2] = {files[i], NULL};
        c.file_matches = 0;
        if (cli_session_read(ses, one, on_record, &c, NULL) != EXIT_MATCH)
            status = EXIT_TROUBLE;
        if (c.mode == MODE_COUNT) {
            const char *name = strcmp(files[i], "-") == 0 ? "-" : files[i];
            print_prefix(&c, (un_str){name, strlen(name)}, 0, 0);
            printf(c.color ? C_SEP ":" C_END "%zu\n" : ":%zu\n", c.file_matches);
            cli_check_output();
        }
        if (c.mode == MODE_QUIET && c.matches)
            break;
    }
    if (c.w) {
        if (un_writer_finish(c.w) != UN_OK)
            cli_write_failed();
        un_writer_free(c.w);
    }
    un_matcher_free(c.m);
    cli_session_close(ses);
    if (status == EXIT_MATCH && c.matches == 0)
        status = EXIT_NOMATCH;
    return cli_finish_output(status);
}
