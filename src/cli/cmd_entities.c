/* cmd_entities.c: `unionnews entities`: one row per entity mention. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_entities[] =
    "usage: " PROG " entities [--type TYPE,...] [-f FORMAT] [--no-header] [--bom]\n"
    "                          [--gazetteer FILE] [--province P] [FILE...]\n"
    "\n"
    "Prints one row per entity mention: file, article id, line, type, the\n"
    "text as printed, the canonical name, code, level and status (historical:\n"
    "a unit renamed or merged, named by its successor; ambiguous: a name that\n"
    "fits several places, with their codes). Without FILE, or with '-',\n"
    "reads standard input.\n"
    "\n"
    "  -t, --type TYPES      only these types, comma-separated: district, union,\n"
    "                        programme, company, person\n" CLI_OUTPUT_HELP
        CLI_INPUT_HELP
    "  -h, --help            show this help\n";

static const char *const known_types[] = {"district", "union", "programme", "company", "person"};
#define NTYPES (sizeof known_types / sizeof known_types[0])

static const un_column columns[] = {
    {"file", UN_COL_TEXT},  {"id", UN_COL_NUMBER},  {"line", UN_COL_NUMBER},
    {"type", UN_COL_TEXT},  {"text", UN_COL_TEXT},  {"name", UN_COL_TEXT},
    {"code", UN_COL_TEXT},  {"level", UN_COL_TEXT}, {"status", UN_COL_TEXT},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

typedef struct ctx {
    int want[NTYPES];
} ctx_t;

static void rows(void *vctx, un_rowwriter *w, const un_article *a)
{
    ctx_t *c = vctx;
    char id[32], line[32], status[256];
    snprintf(id, sizeof id, "%zu", a->id);
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        int wanted = 0;
        for (size_t t = 0; t < NTYPES; t++)
            wanted |= c->want[t] && e->type.len == strlen(known_types[t]) &&
                      memcmp(e->type.ptr, known_types[t], e->type.len) == 0;
        if (!wanted)
            continue;
        snprintf(line, sizeof line, "%zu", e->line);
        /* The status cell says what JSON says in its own fields. */
        un_str st = e->status;
        if (e->n_candidates) {
            size_t k = (size_t)snprintf(status, sizeof status, "ambiguous:");
            for (size_t j = 0; j < e->n_candidates && k < sizeof status; j++)
                k += (size_t)snprintf(status + k, sizeof status - k, "%s%.*s", j ? "," : "",
                                      (int)e->candidates[j].code.len, e->candidates[j].code.ptr);
            st = (un_str){status, strlen(status)};
        } else if (e->former_name.ptr) {
            snprintf(status, sizeof status, "historical:%.*s %.*s", (int)e->former_name.len,
                     e->former_name.ptr, (int)e->former_code.len,
                     e->former_code.ptr ? e->former_code.ptr : "");
            st = (un_str){status, strlen(status)};
        }
        un_str cells[NCOLUMNS] = {a->file, {id, strlen(id)}, {line, strlen(line)}, e->type,
                                  e->text, e->name, e->code, e->level, st};
        if (un_rowwriter_row(w, cells) != UN_OK)
            cli_write_failed();
    }
}

static int option(void *vctx, int opt, const char *arg)
{
    ctx_t *c = vctx;
    if (opt != 't')
        return 0;
    memset(c->want, 0, sizeof c->want);
    const char *p = arg;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int found = 0;
        for (size_t t = 0; t < NTYPES; t++)
            if (strlen(known_types[t]) == n && memcmp(known_types[t], p, n) == 0)
                c->want[t] = found = 1;
        if (!found) {
            cli_error("unknown entity type '%.*s' (known: district, union, programme, company, "
                      "person)",
                      (int)n, p);
            return -1;
        }
        p = e ? e + 1 : p + n;
    }
    return 1;
}

int cmd_entities(int argc, char **argv)
{
    static const struct option longopts[] = {{"type", required_argument, NULL, 't'},
                                             {NULL, 0, NULL, 0}};
    static const cli_rows_cmd cmd = {usage_entities, "t:", longopts, option,
                                     columns,        NCOLUMNS, rows,
                                     NULL,           NULL,     NULL};
    ctx_t c;
    for (size_t t = 0; t < NTYPES; t++)
        c.want[t] = 1;
    return cli_rows_main(&cmd, &c, argc, argv);
}
