/* write_csv.c: owns the CSV and TSV views of a record: one row per record,
 * fields quoted by libcsv (RFC 4180: every text field in double quotes,
 * quotes doubled), numbers bare. CSV rows end in CRLF as RFC 4180 says;
 * TSV rows in LF, as Unix tools expect. */
#include <csv.h>

#include "write_impl.h"

static const char *const columns[] = {
    "file",   "id",       "kind",     "section",    "kicker",   "headline", "deck",
    "byline", "authors",  "line_start", "line_end", "subheads", "captions", "paragraphs",
    "chars",  "entities", "figures",  "body"};

#define NCOLUMNS (sizeof columns / sizeof columns[0])

static void text_field(FILE *out, un_str s, un_buf *scratch)
{
    /* csv_write tells how much room it needs; a NULL field is empty. */
    size_t need = csv_write(NULL, 0, s.ptr ? s.ptr : "", s.len);
    scratch->len = 0;
    char *dst = un_buf_reserve(scratch, need);
    csv_write(dst, need, s.ptr ? s.ptr : "", s.len);
    fwrite(dst, 1, need, out);
}

int un_write_csv_header(FILE *out, char delim)
{
    for (size_t i = 0; i < NCOLUMNS; i++) {
        if (i)
            putc(delim, out);
        fputs(columns[i], out);
    }
    fputs(delim == ',' ? "\r\n" : "\n", out);
    return ferror(out) ? UN_ERR_IO : UN_OK;
}

static void join(un_buf *out, const un_str *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            un_buf_putc(out, '\n');
        un_buf_append(out, v[i].ptr, v[i].len);
    }
}

int un_write_csv_record(FILE *out, char delim, const un_article *a, un_buf *scratch)
{
    un_buf cell;
    un_buf_init(&cell);
    text_field(out, a->file, scratch);
    fprintf(out, "%c%zu%c", delim, a->id, delim);
    text_field(out, un_str_make(a->kind == UN_KIND_ARTICLE ? "article" : "fragment",
                                a->kind == UN_KIND_ARTICLE ? 7 : 8),
               scratch);
    const un_str titles[] = {a->section, a->kicker, a->headline, a->deck, a->byline};
    for (size_t i = 0; i < 5; i++) {
        putc(delim, out);
        text_field(out, titles[i], scratch);
    }
    putc(delim, out);
    un_authors_cell(a, &cell);
    text_field(out, un_str_make(cell.data, cell.len), scratch);
    fprintf(out, "%c%zu%c%zu%c", delim, a->line_start, delim, a->line_end, delim);
    cell.len = 0;
    join(&cell, a->subheads, a->n_subheads);
    text_field(out, un_str_make(cell.data, cell.len), scratch);
    putc(delim, out);
    cell.len = 0;
    join(&cell, a->captions, a->n_captions);
    text_field(out, un_str_make(cell.data, cell.len), scratch);
    fprintf(out, "%c%zu%c%zu%c%zu%c%zu%c", delim, a->paragraphs, delim, a->chars, delim,
            a->n_entities, delim, a->n_figures, delim);
    text_field(out, a->body, scratch);
    fputs(delim == ',' ? "\r\n" : "\n", out);
    un_buf_release(&cell);
    return ferror(out) ? UN_ERR_IO : UN_OK;
}
