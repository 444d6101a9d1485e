/* write_text.c: owns the table view of a record: the columns a person
 * scans first (where it is, what kind, who wrote it, its headline). */
#include "text.h"
#include "write_impl.h"

const un_column un_table_columns[UN_TABLE_COLUMNS] = {
    {"file", UN_COL_TEXT},  {"id", UN_COL_NUMBER},    {"kind", UN_COL_TEXT},
    {"lines", UN_COL_TEXT}, {"authors", UN_COL_TEXT}, {"headline", UN_COL_TEXT}};

void un_authors_cell(const un_article *a, un_buf *out)
{
    out->len = 0;
    for (size_t i = 0; i < a->n_authors; i++) {
        if (i)
            un_buf_append(out, "; ", 2);
        un_buf_append(out, a->authors[i].name.ptr, a->authors[i].name.len);
        if (a->authors[i].role.ptr && a->authors[i].role.len) {
            un_buf_append(out, " (", 2);
            un_buf_append(out, a->authors[i].role.ptr, a->authors[i].role.len);
            un_buf_putc(out, ')');
        }
    }
}

/* A fragment has no headline; its first words stand in, marked. */
#define FRAGMENT_PREVIEW_CHARS 24

void un_table_cells(const un_article *a, un_str *cells, un_buf *scratch)
{
    /* scratch holds: id, lines, authors, preview; offsets fixed after. */
    scratch->len = 0;
    char num[64];
    int n = snprintf(num, sizeof num, "%zu", a->id);
    size_t id_off = scratch->len, id_len = (size_t)n;
    un_buf_append(scratch, num, (size_t)n);
    n = snprintf(num, sizeof num, "%zu-%zu", a->line_start, a->line_end);
    size_t lines_off = scratch->len, lines_len = (size_t)n;
    un_buf_append(scratch, num, (size_t)n);
    un_buf authors;
    un_buf_init(&authors);
    un_authors_cell(a, &authors);
    size_t au_off = scratch->len, au_len = authors.len;
    un_buf_append(scratch, authors.data, authors.len);
    un_buf_release(&authors);
    size_t head_off = scratch->len, head_len;
    if (a->headline.ptr) {
        un_buf_append(scratch, a->headline.ptr, a->headline.len);
    } else {
        un_buf_append(scratch, "[", 1);
        const char *p = a->body.ptr ? a->body.ptr : "", *end = p + a->body.len;
        size_t k = 0;
        while (p < end && k < FRAGMENT_PREVIEW_CHARS) {
            const char *q = p;
            uint32_t c = un_utf8_next(&q, end);
            if (c == '\n')
                break;
            un_buf_append(scratch, p, (size_t)(q - p));
            p = q;
            k++;
        }
        if (p < end)
            un_buf_append(scratch, "\xE2\x80\xA6", 3);
        un_buf_append(scratch, "]", 1);
    }
    head_len = scratch->len - head_off;
    cells[0] = a->file;
    cells[1] = un_str_make(scratch->data + id_off, id_len);
    cells[2] = a->kind == UN_KIND_ARTICLE ? un_str_make("article", 7) : un_str_make("fragment", 8);
    cells[3] = un_str_make(scratch->data + lines_off, lines_len);
    cells[4] = un_str_make(scratch->data + au_off, au_len);
    cells[5] = un_str_make(scratch->data + head_off, head_len);
}
