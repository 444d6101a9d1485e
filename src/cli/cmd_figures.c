/* cmd_figures.c: `unionnews figures`: one row per figure. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_figures[] =
    "usage: " PROG " figures [--unit UNIT,...] [-f FORMAT] [--no-header] [--bom]\n"
    "                         [--gazetteer FILE] [--province P] [FILE...]\n"
    "\n"
    "Prints one row per figure (a quantity: 21.5045万人, 80%以上, 三台): file,\n"
    "article id, line, the text as printed, the value with its multiplier\n"
    "applied (215045), a range's upper end, the unit, the qualifier (>= for\n"
    "以上, > for 余 and 多, <= for 以下, ~ for 约, 近, 左右) and what it counts\n"
    "where the sentence says. Without FILE, or with '-', reads standard input.\n"
    "\n"
    "  -u, --unit UNITS      only figures in these units, comma-separated (人,名)\n" CLI_OUTPUT_HELP
        CLI_INPUT_HELP
    "  -h, --help            show this help\n";

static const un_column columns[] = {
    {"file", UN_COL_TEXT},      {"id", UN_COL_NUMBER},       {"line", UN_COL_NUMBER},
    {"text", UN_COL_TEXT},      {"value", UN_COL_NUMBER},    {"value_to", UN_COL_NUMBER},
    {"unit", UN_COL_TEXT},      {"qualifier", UN_COL_TEXT},  {"subject", UN_COL_TEXT},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

typedef struct ctx {
    const char *units; /* comma-separated, or NULL for all */
} ctx_t;

/* Is unit one of the comma-separated list? */
static int unit_wanted(const char *list, un_str unit)
{
    if (!list)
        return 1;
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (unit.ptr && n == unit.len && memcmp(p, unit.ptr, n) == 0)
            return 1;
        p = e ? e + 1 : p + n;
    }
    return 0;
}

static void rows(void *vctx, un_rowwriter *w, const un_article *a)
{
    ctx_t *c = vctx;
    char id[32], line[32];
    snprintf(id, sizeof id, "%zu", a->id);
    for (size_t i = 0; i < a->n_figures; i++) {
        const un_figure *f = &a->figures[i];
        if (!unit_wanted(c->units, f->unit))
            continue;
        snprintf(line, sizeof line, "%zu", f->line);
        un_str cells[NCOLUMNS] = {a->file,   {id, strlen(id)}, {line, strlen(line)},
                                  f->text,   f->value,         f->value_to,
                                  f->unit,   f->qualifier,     f->subject};
        if (un_rowwriter_row(w, cells) != UN_OK)
            cli_write_failed();
    }
}

static int option(void *vctx, int opt, const char *arg)
{
    ctx_t *c = vctx;
    if (opt != 'u')
        return 0;
    if (!*arg) {
        cli_error("--unit needs at least one unit");
        return -1;
    }
    c->units = arg;
    return 1;
}

int cmd_figures(int argc, char **argv)
{
    static const struct option longopts[] = {{"unit", required_argument, NULL, 'u'},
                                             {NULL, 0, NULL, 0}};
    static const cli_rows_cmd cmd = {usage_figures, "u:", longopts, option,
                                     columns,       NCOLUMNS, rows,
                                     NULL,          NULL,     NULL};
    ctx_t c = {NULL};
    return cli_rows_main(&cmd, &c, argc, argv);
}
