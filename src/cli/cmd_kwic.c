/* cmd_kwic.c: `unionnews kwic`: keyword in context: every occurrence of a
 * term with the characters around it, aligned on the term. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_kwic[] =
    "usage: " PROG " kwic [--entity] [-w N] [-f FORMAT] [--no-header] [--bom]\n"
    "                      [--gazetteer FILE] [--province P] TERM [FILE...]\n"
    "\n"
    "Keyword in context: every occurrence of TERM in the titles, body, subheads\n"
    "and captions of each record, with N characters on each side: file, article\n"
    "id, line, left context, the term as printed, right context. As a table the\n"
    "terms line up by display width. With --entity, TERM is an entity: a\n"
    "district by name, short form or code (黄岩 finds 黄岩区 and 台州黄岩), or\n"
    "the canonical name of a union, programme, company or person; every\n"
    "mention of it is shown. Without FILE, or with '-', reads standard input.\n"
    "\n"
    "      --entity          TERM is an entity, found by its canonical name\n"
    "  -w, --width N         characters of context on each side (default 20)\n" CLI_OUTPUT_HELP
        CLI_INPUT_HELP
    "  -h, --help            show this help\n";

enum { OPT_ENTITY = 4000 };

static const un_column columns[] = {
    {"file", UN_COL_TEXT}, {"id", UN_COL_NUMBER},   {"line", UN_COL_NUMBER},
    {"left", UN_COL_TEXT_RIGHT}, {"keyword", UN_COL_TEXT}, {"right", UN_COL_TEXT},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

typedef struct ctx {
    const char *term;
    size_t term_len;
    size_t width;
    int entity;
    un_str code; /* --entity: the district TERM names, or null */
    char code_buf[16];
} ctx_t;

/* Steps back over up to n characters from p (not before start). */
static const char *back_chars(const char *start, const char *p, size_t n)
{
    while (n > 0 && p > start) {
        p--;
        while (p > start && ((unsigned char)*p & 0xC0) == 0x80)
            p--;
        n--;
    }
    return p;
}

static const char *fwd_chars(const char *p, const char *end, size_t n)
{
    while (n > 0 && p < end) {
        p++;
        while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
        n--;
    }
    return p;
}

static void emit(const ctx_t *c, un_rowwriter *w, const un_article *a, const un_segment *sg,
                 size_t off, size_t len)
{
    const char *t = sg->text.ptr, *end = t + sg->text.len;
    const char *l = back_chars(t, t + off, c->width);
    const char *r = fwd_chars(t + off + len, end, c->width);
    char id[32], line[32];
    snprintf(id, sizeof id, "%zu", a->id);
    snprintf(line, sizeof line, "%zu", un_segment_line(sg, off));
    un_str cells[NCOLUMNS] = {a->file,
                              {id, strlen(id)},
                              {line, strlen(line)},
                              {l, (size_t)(t + off - l)},
                              {t + off, len},
                              {t + off + len, (size_t)(r - (t + off + len))}};
    if (un_rowwriter_row(w, cells) != UN_OK)
        cli_write_failed();
}

static void rows(void *vctx, un_rowwriter *w, const un_article *a)
{
    ctx_t *c = vctx;
    if (c->entity) {
        for (size_t i = 0; i < a->n_entities; i++) {
            const un_entity *e = &a->entities[i];
            int hit = c->code.ptr ? e->code.ptr && e->code.len == c->code.len &&
                                        memcmp(e->code.ptr, c->code.ptr, c->code.len) == 0 &&
                                        e->type.len == 8 && memcmp(e->type.ptr, "district", 8) == 0
                                  : e->name.ptr && e->name.len == c->term_len &&
                                        memcmp(e->name.ptr, c->term, c->term_len) == 0;
            if (hit && e->segment < a->n_segments)
                emit(c, w, a, &a->segments[e->segment], e->offset, e->text.len);
        }
        return;
    }
    for (size_t s = 0; s < a->n_segments; s++) {
        const un_segment *sg = &a->segments[s];
        if (sg->kind == UN_SEG_SECTION)
            continue; /* a banner shared by several records */
        const char *t = sg->text.ptr, *end = t + sg->text.len;
        for (const char *p = t; p < end;) {
            const char *hit = memmem(p, (size_t)(end - p), c->term, c->term_len);
            if (!hit)
                break;
            emit(c, w, a, sg, (size_t)(hit - t), c->term_len);
            p = hit + c->term_len;
        }
    }
}

static int option(void *vctx, int opt, const char *arg)
{
    ctx_t *c = vctx;
    if (opt == OPT_ENTITY) {
        c->entity = 1;
        return 1;
    }
    if (opt != 'w')
        return 0;
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == '\0' || *end || v < 0 || v > 1000) {
        cli_error("--width needs a number of characters from 0 to 1000, not '%s'", arg);
        return -1;
    }
    c->width = (size_t)v;
    return 1;
}

static int operand(void *vctx, const char *arg)
{
    ctx_t *c = vctx;
    if (!*arg) {
        cli_error("kwic needs a TERM that is not empty");
        return -1;
    }
    c->term = arg;
    c->term_len = strlen(arg);
    return 0;
}

/* --entity: a district TERM is matched by its code. */
static int start(void *vctx, const un_gazetteer *g)
{
    ctx_t *c = vctx;
    if (!c->entity)
        return 0;
    long i = un_gazetteer_find(g, c->term, c->term_len);
    if (i >= 0) {
        un_place_info p = un_gazetteer_place(g, i);
        snprintf(c->code_buf, sizeof c->code_buf, "%.*s", (int)p.code.len, p.code.ptr);
        c->code = (un_str){c->code_buf, strlen(c->code_buf)};
    } else if (i == -2) {
        cli_error("'%s' fits several places; give its code or full name", c->term);
        return -1;
    }
    return 0;
}

int cmd_kwic(int argc, char **argv)
{
    static const struct option longopts[] = {{"entity", no_argument, NULL, OPT_ENTITY},
                                             {"width", required_argument, NULL, 'w'},
                                             {NULL, 0, NULL, 0}};
    static const cli_rows_cmd cmd = {usage_kwic, "w:",   longopts, option, columns,
                                     NCOLUMNS,   rows,   "TERM",   operand, start};
    ctx_t c;
    memset(&c, 0, sizeof c);
    c.width = 20;
    return cli_rows_main(&cmd, &c, argc, argv);
}
