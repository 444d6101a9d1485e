/* cmd_merge.c: `unionnews merge`: adds up the partial counts of stats
 * --partial, so that the stats of shards of a corpus, run anywhere, give
 * the stats of the whole. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_merge[] =
    "usage: " PROG " merge [--top N] [--by LEVEL] [-f FORMAT] [--no-header] [--bom]\n"
    "                       [--partial] [--gazetteer FILE] [FILE...]\n"
    "\n"
    "Adds up the counts that 'unionnews stats --partial' wrote for parts of a\n"
    "corpus and prints them as stats prints the counts of the whole: the same\n"
    "totals, tables and roll-ups. With --partial, the sum is partial counts\n"
    "again (to merge in stages). Without FILE, or with '-', reads standard\n"
    "input.\n"
    "\n"
    "      --top N           rows per entity table (default 10; 0 for all)\n"
    "      --by LEVEL        roll districts up to province, prefecture (default)\n"
    "                        or county; none for no roll-up\n"
    "      --partial         write the sum as partial counts (JSON Lines)\n" CLI_OUTPUT_HELP
    "      --gazetteer FILE  the gazetteer the counts were made with\n"
    "  -h, --help            show this help\n";

enum { OPT_PARTIAL = 2100, OPT_MERGE_GAZETTEER };

/* The fields of one row: strings are decoded into buf. */
typedef struct row_fields {
    char table[32];
    un_str key, code;
    uint64_t mentions, articles;
    int has_code, has_articles;
} row_fields;

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
    return p;
}

static void put_utf8(char **o, uint32_t c)
{
    char *q = *o;
    if (c < 0x80) {
        *q++ = (char)c;
    } else if (c < 0x800) {
        *q++ = (char)(0xC0 | (c >> 6));
        *q++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *q++ = (char)(0xE0 | (c >> 12));
        *q++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *q++ = (char)(0x80 | (c & 0x3F));
    } else {
        *q++ = (char)(0xF0 | (c >> 18));
        *q++ = (char)(0x80 | ((c >> 12) & 0x3F));
        *q++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *q++ = (char)(0x80 | (c & 0x3F));
    }
    *o = q;
}

static int hex4(const char *p, const char *end, uint32_t *v)
{
    if (end - p < 4)
        return 0;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return 0;
        *v = *v * 16 + (uint32_t)d;
    }
    return 1;
}

/* A JSON string at *pp (at its quote), decoded to *o; NULL on error. */
static const char *read_string(const char *p, const char *end, char **o)
{
    if (p >= end || *p != '"')
        return NULL;
    p++;
    while (p < end && *p != '"') {
        if (*p != '\\') {
            *(*o)++ = *p++;
            continue;
        }
        if (++p >= end)
            return NULL;
        char e = *p++;
        switch (e) {
        case '"': case '\\': case '/': *(*o)++ = e; break;
        case 'b': *(*o)++ = '\b'; break;
        case 'f': *(*o)++ = '\f'; break;
        case 'n': *(*o)++ = '\n'; break;
        case 'r': *(*o)++ = '\r'; break;
        case 't': *(*o)++ = '\t'; break;
        case 'u': {
            uint32_t c, lo;
            if (!hex4(p, end, &c))
                return NULL;
            p += 4;
            if (c >= 0xD800 && c < 0xDC00) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, end, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            put_utf8(o, c);
            break;
        }
        default:
            return NULL;
        }
    }
    return p < end ? p + 1 : NULL;
}

/* Parses one line of stats --partial; 0 when it is not one. */
static int parse_row(const char *p, const char *end, char *buf, row_fields *f)
{
    memset(f, 0, sizeof *f);
    char *o = buf;
    int seen = 0;
    p = skip_ws(p, end);
    if (p >= end || *p++ != '{')
        return 0;
    for (;;) {
        p = skip_ws(p, end);
        char *name = o;
        p = read_string(p, end, &o);
        if (!p)
            return 0;
        size_t nlen = (size_t)(o - name);
        o = name; /* the name is not kept */
        p = skip_ws(p, end);
        if (p >= end || *p++ != ':')
            return 0;
        p = skip_ws(p, end);
        int is_null = end - p >= 4 && memcmp(p, "null", 4) == 0;
        if (nlen == 5 && memcmp(name, "table", 5) == 0) {
            char *v = o;
            if (!(p = read_string(p, end, &o)) || (size_t)(o - v) >= sizeof f->table)
                return 0;
            memcpy(f->table, v, (size_t)(o - v));
            f->table[o - v] = '\0';
            o = v;
            seen |= 1;
        } else if ((nlen == 3 && memcmp(name, "key", 3) == 0) ||
                   (nlen == 4 && memcmp(name, "code", 4) == 0)) {
            int key = nlen == 3;
            if (is_null) {
                p += 4;
            } else {
                char *v = o;
                if (!(p = read_string(p, end, &o)))
                    return 0;
                if (key)
                    f->key = (un_str){v, (size_t)(o - v)};
                else
                    f->code = (un_str){v, (size_t)(o - v)}, f->has_code = 1;
            }
            seen |= key ? 2 : 4;
        } else if ((nlen == 8 && memcmp(name, "mentions", 8) == 0) ||
                   (nlen == 8 && memcmp(name, "articles", 8) == 0)) {
            int m = name[0] == 'm';
            uint64_t v = 0;
            if (is_null && !m) {
                p += 4;
            } else {
                if (p >= end || *p < '0' || *p > '9')
                    return 0;
                while (p < end && *p >= '0' && *p <= '9') {
                    if (v > (UINT64_MAX - 9) / 10)
                        return 0;
                    v = v * 10 + (uint64_t)(*p++ - '0');
                }
                if (m)
                    f->mentions = v;
                else
                    f->articles = v, f->has_articles = 1;
            }
            seen |= m ? 8 : 16;
        } else {
            return 0;
        }
        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == '}') {
            p = skip_ws(p + 1, end);
            return p == end && seen == 31;
        }
        return 0;
    }
}

/* Adds the partial counts of one input to st, all or (on an error)
 * nothing. Returns EXIT_MATCH or EXIT_TROUBLE after a message naming file
 * and line. */
static int merge_file(un_stats *total, const un_gazetteer *g, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *label = is_stdin ? "(standard input)" : path;
    FILE *in = is_stdin ? stdin : fopen(path, "r");
    if (!in) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return EXIT_TROUBLE;
    }
    un_stats *st = un_stats_new(g);
    char *line = NULL, *buf = NULL;
    size_t cap = 0, bufcap = 0, lineno = 0;
    ssize_t n;
    int status = EXIT_MATCH, marked = 0;
    while ((n = getline(&line, &cap, in)) > 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            len--;
        if ((size_t)n + 1 > bufcap) {
            bufcap = (size_t)n + 1;
            char *nb = realloc(buf, bufcap);
            if (!nb) {
                cli_error("out of memory");
                status = EXIT_TROUBLE;
                break;
            }
            buf = nb;
        }
        row_fields f;
        if (!parse_row(line, line + len, buf, &f)) {
            cli_error("%s:%zu: not a row of 'unionnews stats --partial'", label, lineno);
            status = EXIT_TROUBLE;
            break;
        }
        if (strcmp(f.table, "partial") == 0) {
            if (f.key.len != strlen(CLI_PARTIAL_VERSION) ||
                memcmp(f.key.ptr, CLI_PARTIAL_VERSION, f.key.len) != 0) {
                cli_error("%s:%zu: partial counts of another version", label, lineno);
                status = EXIT_TROUBLE;
                break;
            }
            marked = 1;
            continue;
        }
        if (!marked) {
            cli_error("%s:%zu: not the output of 'unionnews stats --partial' (the counts of "
                      "'stats' alone are cut to the top rows)",
                      label, lineno);
            status = EXIT_TROUBLE;
            break;
        }
        un_stats_row row = {f.table, f.key, f.has_code ? f.code : (un_str){NULL, 0}, f.mentions,
                            f.has_articles ? f.articles : UN_STATS_NONE};
        if (un_stats_add_row(st, &row) != UN_OK) {
            cli_error("%s:%zu: a row of an unknown table '%s'", label, lineno, f.table);
            status = EXIT_TROUBLE;
            break;
        }
    }
    if (status == EXIT_MATCH && ferror(in)) {
        cli_error("cannot read '%s': %s", label, strerror(errno));
        status = EXIT_TROUBLE;
    }
    if (status == EXIT_MATCH && !marked && lineno == 0) {
        cli_error("%s: empty, not the output of 'unionnews stats --partial'", label);
        status = EXIT_TROUBLE;
    }
    if (status == EXIT_MATCH)
        un_stats_merge(total, st);
    un_stats_free(st);
    free(line);
    free(buf);
    if (!is_stdin)
        fclose(in);
    return status;
}

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_STATS_OPTIONS,
                                             {"partial", no_argument, NULL, OPT_PARTIAL},
                                             {"gazetteer", required_argument, NULL,
                                              OPT_MERGE_GAZETTEER},
                                             CLI_OUTPUT_OPTIONS,
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli_output out = {UN_FORMAT_TABLE, 0};
    un_stats_options so = {10, "prefecture"};
    const char *gazetteer = NULL;
    int c, partial = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_merge, stdout);
            return cli_finish_output(EXIT_MATCH);
        }
        if (c == OPT_PARTIAL) {
            partial = 1;
            continue;
        }
        if (c == OPT_MERGE_GAZETTEER) {
            gazetteer = optarg;
            continue;
        }
        int handled = cli_stats_option(&so, c, optarg);
        if (handled == 0)
            handled = cli_output_option(&out, c, optarg);
        if (handled < 0)
            return EXIT_TROUBLE;
        if (handled)
            continue;
        fputs(usage_merge, stderr);
        return EXIT_TROUBLE;
    }
    un_gazetteer *gaz = NULL;
    if (gazetteer) {
        char err[512];
        gaz = un_gazetteer_load(gazetteer, NULL, err, sizeof err);
        if (!gaz) {
            cli_error("%s", err);
            return EXIT_TROUBLE;
        }
    }
    const un_gazetteer *g = gaz ? gaz : un_gazetteer_default();
    un_stats *st = un_stats_new(g);
    static char *stdin_only[] = {"-", NULL};
    char **files = argv[optind] ? argv + optind : stdin_only;
    int status = EXIT_MATCH;
    for (size_t i = 0; files[i]; i++)
        if (merge_file(st, g, files[i]) != EXIT_MATCH)
            status = EXIT_TROUBLE;
    cli_stats_print(st, g, &so, &out, partial);
    un_stats_free(st);
    un_gazetteer_free(gaz);
    return cli_finish_output(status);
}
