/* write_csv.c: owns the CSV and TSV view of a record (its columns and
 * cells) and the quoting of a field through libcsv: every text field in
 * double quotes, quotes doubled (RFC 4180). The row writer prints them. */
#include <csv.h>

#include "write_impl.h"

const un_column un_csv_columns[UN_CSV_COLUMNS] = {
    {"file", UN_COL_TEXT},        {"id", UN_COL_NUMBER},        {"kind", UN_COL_TEXT},
    {"section", UN_COL_TEXT},     {"kicker", UN_COL_TEXT},      {"headline", UN_COL_TEXT},
    {"deck", UN_COL_TEXT},        {"byline", UN_COL_TEXT},      {"authors", UN_COL_TEXT},
    {"line_start", UN_COL_NUMBER}, {"line_end", UN_COL_NUMBER}, {"subheads", UN_COL_TEXT},
    {"captions", UN_COL_TEXT},    {"paragraphs", UN_COL_NUMBER}, {"chars", UN_COL_NUMBER},
    {"entities", UN_COL_NUMBER},  {"figures", UN_COL_NUMBER},   {"body", UN_COL_TEXT}};

void un_write_csv_field(FILE *out, un_str s, un_buf *scratch)
{
    /* csv_write tells how much room it needs; a NULL field is empty. */
    size_t need = csv_write(NULL, 0, s.ptr ? s.ptr : "", s.len);
    scratch->len = 0;
    char *dst = un_buf_reserve(scratch, need);
    csv_write(dst, need, s.ptr ? s.ptr : "", s.len);
    fwrite(dst, 1, need, out);
}

/* Appends the decimal n to b; returns its offset (pointers are fixed once
 * b stops growing). */
static size_t put_number(un_buf *b, size_t n)
{
    char num[20];
    size_t k = un_fmt_u64(num, n);
    size_t off = b->len;
    un_buf_append(b, num, k);
    un_buf_putc(b, '\0');
    return off;
}

static size_t put_joined(un_buf *b, const un_str *v, size_t n)
{
    size_t off = b->len;
    for (size_t i = 0; i < n; i++) {
        if (i)
            un_buf_putc(b, '\n');
        un_buf_append(b, v[i].ptr, v[i].len);
    }
    un_buf_putc(b, '\0');
    return off;
}

void un_csv_cells(const un_article *a, un_str *cells, un_buf *scratch)
{
    scratch->len = 0;
    enum { ID, START, END, PARAS, CHARS, ENTS, FIGS, SUBS, CAPS, AUTH, N };
    size_t off[N];
    off[ID] = put_number(scratch, a->id);
    off[START] = put_number(scratch, a->line_start);
    off[END] = put_number(scratch, a->line_end);
    off[PARAS] = put_number(scratch, a->paragraphs);
    off[CHARS] = put_number(scratch, a->chars);
    off[ENTS] = put_number(scratch, a->n_entities);
    off[FIGS] = put_number(scratch, a->n_figures);
    off[SUBS] = put_joined(scratch, a->subheads, a->n_subheads);
    off[CAPS] = put_joined(scratch, a->captions, a->n_captions);
    un_buf authors;
    un_buf_init(&authors);
    un_authors_cell(a, &authors);
    off[AUTH] = scratch->len;
    un_buf_append(scratch, authors.data, authors.len);
    un_buf_putc(scratch, '\0');
    un_buf_release(&authors);
#define AT(k) un_str_make(scratch->data + off[k], strlen(scratch->data + off[k]))
    un_str kind = a->kind == UN_KIND_ARTICLE ? un_str_make("article", 7) : un_str_make("fragment", 8);
    un_str v[UN_CSV_COLUMNS] = {a->file,   AT(ID),     kind,       a->section,   a->kicker,
                                a->headline, a->deck,  a->byline,  AT(AUTH),     AT(START),
                                AT(END),   AT(SUBS),   AT(CAPS),   AT(PARAS),    AT(CHARS),
                                AT(ENTS),  AT(FIGS),   a->body};
#undef AT
    memcpy(cells, v, sizeof v);
}
