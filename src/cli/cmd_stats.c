/* cmd_stats.c: `unionnews stats`: the pages at a glance: totals, authors by
 * role, entities and figures, the entities named most, and the records per
 * district rolled up to a level. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_stats[] =
    "usage: " PROG " stats [--top N] [--by LEVEL] [-f FORMAT] [--no-header] [--bom]\n"
    "                       [--partial] [-j N] [--gazetteer FILE] [--province P]\n"
    "                       [FILE...]\n"
    "\n"
    "The pages at a glance: files, articles, fragments, paragraphs, characters\n"
    "and authors by role; entity mentions and distinct entities by type;\n"
    "figures by unit; the districts, unions, programmes, companies, people and\n"
    "authors named most, each with its mentions and the records it is in; and\n"
    "the records per district rolled up to a level. As CSV, TSV or JSON, one\n"
    "tidy table: table, key, code, mentions, articles. Without FILE, or with\n"
    "'-', reads standard input.\n"
    "\n"
    "      --top N           rows per entity table (default 10; 0 for all)\n"
    "      --by LEVEL        roll districts up to province, prefecture (default)\n"
    "                        or county; none for no roll-up\n"
    "      --partial         every count, as JSON Lines for unionnews merge: the\n"
    "                        stats of shards of a corpus merge into its stats\n" CLI_OUTPUT_HELP
        CLI_INPUT_HELP
    "  -h, --help            show this help\n";

enum { OPT_PARTIAL = 2100 };

static const un_column tidy_columns[] = {
    {"table", UN_COL_TEXT},       {"key", UN_COL_TEXT},         {"code", UN_COL_TEXT},
    {"mentions", UN_COL_NUMBER},  {"articles", UN_COL_NUMBER},
};

/* Printing the rows as tables for people: a table per kind of row, its
 * headers by the kind. */
typedef struct printer {
    const un_gazetteer *g;
    unsigned flags;
    size_t width;
    un_table *t;
    const char *table;    /* the kind of the table open */
    un_stats_row types[8]; /* "type" rows, printed with "distinct" */
    char type_keys[8][16];
    size_t ntypes;
    int first;
} printer;

static void number(char *buf, size_t n, uint64_t v)
{
    if (v == UN_STATS_NONE)
        buf[0] = '\0';
    else
        snprintf(buf, n, "%llu", (unsigned long long)v);
}

static void close_table(printer *p)
{
    if (!p->t)
        return;
    if (un_table_finish(p->t) != UN_OK)
        cli_write_failed();
    un_table_free(p->t);
    p->t = NULL;
}

static void open_table(printer *p, const char *table, size_t ncols, const char *const *heads,
                       size_t first_number)
{
    close_table(p);
    if (!p->first)
        putchar('\n');
    p->first = 0;
    p->table = table;
    p->t = un_table_new(stdout, ncols, heads, p->flags, p->width);
    for (size_t c = first_number; c < ncols; c++)
        un_table_align_right(p->t, c);
}

static void row(printer *p, const un_str *cells)
{
    if (un_table_row(p->t, cells) != UN_OK)
        cli_write_failed();
}

static un_str cstr(const char *s)
{
    return (un_str){s, strlen(s)};
}

static int print_row(void *ctx, const un_stats_row *r)
{
    printer *p = ctx;
    char m[32], a[32];
    number(m, sizeof m, r->mentions);
    number(a, sizeof a, r->articles);
    const char *tb = r->table;
    if (strcmp(tb, "type") == 0) {
        if (p->ntypes < 8) {
            un_stats_row *k = &p->types[p->ntypes];
            *k = *r;
            snprintf(p->type_keys[p->ntypes], sizeof p->type_keys[0], "%.*s", (int)r->key.len,
                     r->key.ptr);
            k->key = cstr(p->type_keys[p->ntypes]);
            p->ntypes++;
        }
        return 0;
    }
    if (!p->table || strcmp(p->table, tb) != 0) {
        if (strcmp(tb, "total") == 0) {
            static const char *const h[] = {"TOTAL", "COUNT"};
            open_table(p, "total", 2, h, 1);
        } else if (strcmp(tb, "role") == 0) {
            static const char *const h[] = {"ROLE", "AUTHORS", "ARTICLES"};
            open_table(p, "role", 3, h, 1);
        } else if (strcmp(tb, "distinct") == 0) {
            static const char *const h[] = {"TYPE", "MENTIONS", "DISTINCT", "ARTICLES"};
            open_table(p, "distinct", 4, h, 1);
        } else if (strcmp(tb, "unit") == 0) {
            static const char *const h[] = {"UNIT", "FIGURES", "ARTICLES"};
            open_table(p, "unit", 3, h, 1);
        } else if (strcmp(tb, "district") == 0) {
            static const char *const h[] = {"DISTRICT", "CODE", "LEVEL", "MENTIONS", "ARTICLES"};
            open_table(p, "district", 5, h, 3);
        } else if (strcmp(tb, "union") == 0) {
            static const char *const h[] = {"UNION", "CODE", "MENTIONS", "ARTICLES"};
            open_table(p, "union", 4, h, 2);
        } else if (strcmp(tb, "province") == 0 || strcmp(tb, "prefecture") == 0 ||
                   strcmp(tb, "county") == 0) {
            /* Headers in capitals: the level's name. */
            static char up[3][16];
            int k = tb[0] == 'p' ? (tb[1] == 'r' && tb[2] == 'o' ? 0 : 1) : 2;
            size_t i = 0;
            for (; tb[i] && i < sizeof up[k] - 1; i++)
                up[k][i] = (char)(tb[i] - 'a' + 'A');
            up[k][i] = '\0';
            const char *h[] = {up[k], "CODE", "ARTICLES", "MENTIONS"};
            open_table(p, tb, 4, h, 2);
        } else {
            /* programme, company, person, author */
            static char up[4][16];
            static int next;
            int k = next++ % 4;
            size_t i = 0;
            for (; tb[i] && i < sizeof up[k] - 1; i++)
                up[k][i] = (char)(tb[i] - 'a' + 'A');
            up[k][i] = '\0';
            const char *h[] = {up[k], "MENTIONS", "ARTICLES"};
            open_table(p, tb, 3, h, 1);
        }
    }
    if (strcmp(tb, "total") == 0) {
        un_str c[2] = {r->key, cstr(m)};
        row(p, c);
    } else if (strcmp(tb, "distinct") == 0) {
        un_str mentions = cstr(""), articles = cstr("");
        char tm[32] = "", ta[32] = "";
        for (size_t i = 0; i < p->ntypes; i++)
            if (p->types[i].key.len == r->key.len &&
                memcmp(p->types[i].key.ptr, r->key.ptr, r->key.len) == 0) {
                number(tm, sizeof tm, p->types[i].mentions);
                number(ta, sizeof ta, p->types[i].articles);
                mentions = cstr(tm);
                articles = cstr(ta);
            }
        if (!tm[0])
            mentions = cstr("0"), articles = cstr("0");
        un_str c[4] = {r->key, mentions, cstr(m), articles};
        row(p, c);
    } else if (strcmp(tb, "district") == 0) {
        un_str c[5] = {r->key, r->code, cli_district_level(p->g, r->code), cstr(m), cstr(a)};
        row(p, c);
    } else if (strcmp(tb, "union") == 0 || strcmp(tb, "province") == 0 ||
               strcmp(tb, "prefecture") == 0 || strcmp(tb, "county") == 0) {
        int rollup = strcmp(tb, "union") != 0;
        un_str c[4] = {r->key, r->code, cstr(rollup ? a : m), cstr(rollup ? m : a)};
        row(p, c);
    } else {
        un_str c[3] = {r->key, cstr(m), cstr(a)};
        row(p, c);
    }
    return 0;
}

static int tidy_row(void *ctx, const un_stats_row *r)
{
    un_rowwriter *w = ctx;
    char m[32], a[32];
    number(m, sizeof m, r->mentions);
    number(a, sizeof a, r->articles);
    un_str cells[5] = {cstr(r->table), r->key, r->code, cstr(m),
                       r->articles == UN_STATS_NONE ? (un_str){NULL, 0} : cstr(a)};
    if (un_rowwriter_row(w, cells) != UN_OK)
        cli_write_failed();
    return 0;
}

static int on_record(void *ctx, const un_article *a)
{
    un_stats_add(*(un_stats **)ctx, a);
    return 0;
}

/* Each thread counts on its own; the counts are added at the end. */
static const un_gazetteer *stats_gazetteer;

static void *worker_new(void *ctx)
{
    (void)ctx;
    un_stats **w = malloc(sizeof *w);
    if (!w) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    *w = un_stats_new(stats_gazetteer);
    return w;
}

static void worker_free(void *ctx, void *w)
{
    (void)ctx;
    un_stats_free(*(un_stats **)w);
    free(w);
}

static void merge(void *ctx, void *w)
{
    un_stats_merge(*(un_stats **)ctx, *(un_stats **)w);
}

int cli_stats_option(un_stats_options *so, int opt, const char *arg)
{
    if (opt == OPT_TOP) {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*arg == '\0' || *end || v < 0) {
            cli_error("--top needs a number of rows, 0 or more, not '%s'", arg);
            return -1;
        }
        so->top = (size_t)v;
        return 1;
    }
    if (opt == OPT_BY) {
        if (strcmp(arg, "none") == 0) {
            so->by = NULL;
        } else if (strcmp(arg, "province") == 0 || strcmp(arg, "prefecture") == 0 ||
                   strcmp(arg, "county") == 0) {
            so->by = arg;
        } else {
            cli_error("--by needs province, prefecture, county or none, not '%s'", arg);
            return -1;
        }
        return 1;
    }
    return 0;
}

void cli_stats_print(un_stats *st, const un_gazetteer *g, const un_stats_options *so,
                     const cli_output *out, int partial)
{
    if (partial) {
        /* Every count, every level, after a row that says what this is. */
        un_stats_options all = {0, "all"};
        un_rowwriter *w = un_rowwriter_new(stdout, UN_FORMAT_JSONL, 0, 0, tidy_columns, 5);
        un_stats_row mark = {"partial", cstr(CLI_PARTIAL_VERSION), {NULL, 0}, 0, UN_STATS_NONE};
        tidy_row(w, &mark);
        un_stats_rows(st, &all, tidy_row, w);
        if (un_rowwriter_finish(w) != UN_OK)
            cli_write_failed();
        un_rowwriter_free(w);
    } else if (out->fmt == UN_FORMAT_TABLE) {
        printer p;
        memset(&p, 0, sizeof p);
        p.g = g;
        p.flags = out->flags & UN_WRITE_NO_HEADER ? UN_TABLE_NO_HEADER : 0;
        p.width = cli_table_width();
        p.first = 1;
        un_stats_rows(st, so, print_row, &p);
        close_table(&p);
    } else {
        un_rowwriter *w = un_rowwriter_new(stdout, out->fmt, out->flags, cli_table_width(),
                                           tidy_columns, 5);
        un_stats_rows(st, so, tidy_row, w);
        if (un_rowwriter_finish(w) != UN_OK)
            cli_write_failed();
        un_rowwriter_free(w);
    }
}

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_STATS_OPTIONS,
                                             {"partial", no_argument, NULL, OPT_PARTIAL},
                                             CLI_OUTPUT_OPTIONS,
                                             CLI_INPUT_OPTIONS,
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli_input in;
    memset(&in, 0, sizeof in);
    cli_output out = {UN_FORMAT_TABLE, 0};
    un_stats_options so = {10, "prefecture"};
    int c, partial = 0, fmt_given = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:j:qh", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_stats, stdout);
            return cli_finish_output(EXIT_MATCH);
        }
        if (c == OPT_PARTIAL) {
            partial = 1;
            continue;
        }
        fmt_given |= c == 'f';
        int handled = cli_stats_option(&so, c, optarg);
        if (handled == 0)
            handled = cli_output_option(&out, c, optarg);
        if (handled == 0)
            handled = cli_input_option(&in, c, optarg);
        if (handled < 0)
            return EXIT_TROUBLE;
        if (handled)
            continue;
        fputs(usage_stats, stderr);
        return EXIT_TROUBLE;
    }
    if (partial && fmt_given && out.fmt != UN_FORMAT_JSONL) {
        cli_error("--partial writes JSON Lines (-f jsonl), for unionnews merge");
        return EXIT_TROUBLE;
    }
    cli_session *ses = cli_session_open(&in);
    if (!ses)
        return EXIT_TROUBLE;
    const un_gazetteer *g = cli_session_gazetteer(ses);
    un_stats *st = un_stats_new(g);
    stats_gazetteer = g;
    size_t nfiles = 0;
    cli_job job = {on_record, &st,  worker_new, worker_free, NULL, NULL,
                   NULL,      merge, NULL,      NULL,        NULL,   NULL,
                   NULL};
    int status = cli_session_run(ses, argv + optind, &job, &nfiles);
    for (size_t i = 0; i < nfiles; i++)
        un_stats_file(st);
    cli_stats_print(st, g, &so, &out, partial);
    un_stats_free(st);
    cli_session_close(ses);
    return cli_finish_output(status);
}
