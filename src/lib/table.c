/* table.c: owns the aligned text table of unionnews/table.h. */
#include <stdlib.h>

#include "internal.h"
#include "text.h"
#include "unionnews/table.h"

#define BATCH_ROWS 512

struct un_table {
    FILE *out;
    size_t ncols;
    unsigned flags;
    size_t max_width;
    size_t *width;        /* display width of each column so far */
    unsigned char *right; /* right-aligned columns */
    un_vec header;        /* of un_str, into head */
    un_buf head;
    un_vec cells;         /* of un_str into cellbuf, ncols per buffered row */
    un_buf cellbuf;
    size_t rows;          /* buffered rows */
    int printed;          /* a batch (or the header) was printed */
    un_buf line;
};

un_table *un_table_new(FILE *out, size_t ncols, const char *const *headers, unsigned flags,
                       size_t max_width)
{
    un_table *t = un_xcalloc(1, sizeof *t);
    t->out = out;
    t->ncols = ncols;
    t->flags = flags;
    t->max_width = max_width;
    t->width = un_xcalloc(ncols ? ncols : 1, sizeof(size_t));
    t->right = un_xcalloc(ncols ? ncols : 1, 1);
    un_vec_init(&t->header, sizeof(size_t));
    un_buf_init(&t->head);
    un_vec_init(&t->cells, sizeof(un_str));
    un_buf_init(&t->cellbuf);
    un_buf_init(&t->line);
    /* Header offsets are kept as sizes into head (it may move). */
    for (size_t c = 0; c < ncols; c++) {
        *(size_t *)un_vec_push_unset(&t->header) = t->head.len;
        un_buf_append(&t->head, headers[c], strlen(headers[c]) + 1);
        size_t w = un_display_width(headers[c], strlen(headers[c]));
        if (!(flags & UN_TABLE_NO_HEADER) && w > t->width[c])
            t->width[c] = w;
    }
    return t;
}

void un_table_align_right(un_table *t, size_t col)
{
    if (col < t->ncols)
        t->right[col] = 1;
}

void un_table_free(un_table *t)
{
    if (!t)
        return;
    free(t->width);
    free(t->right);
    un_vec_release(&t->header);
    un_buf_release(&t->head);
    un_vec_release(&t->cells);
    un_buf_release(&t->cellbuf);
    un_buf_release(&t->line);
    free(t);
}

/* Appends s to the line with control characters as spaces; returns its
 * display width. */
static size_t put_cell(un_buf *line, const char *s, size_t n)
{
    size_t w = 0;
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *q = p;
        uint32_t c = un_utf8_next(&q, end);
        if (c < 0x20 || c == 0x7F) {
            un_buf_putc(line, ' ');
            w++;
        } else {
            un_buf_append(line, p, (size_t)(q - p));
            w += (size_t)un_char_width(c);
        }
        p = q;
    }
    return w;
}

static void pad(un_buf *line, size_t k)
{
    while (k--)
        un_buf_putc(line, ' ');
}

/* Cuts the line to max display columns, ending with an ellipsis. */
static void truncate_line(un_buf *line, size_t max)
{
    size_t keep = un_display_cut(line->data, line->len, max, 1);
    if (keep == line->len)
        return;
    line->len = keep;
    un_buf_append(line, "\xE2\x80\xA6", 3);
}

static int print_row(un_table *t, const un_str *cells)
{
    un_buf *line = &t->line;
    line->len = 0;
    size_t last = t->ncols;
    /* Trailing empty cells add no padding. */
    while (last > 0 && cells[last - 1].len == 0)
        last--;
    for (size_t c = 0; c < last; c++) {
        if (c > 0)
            un_buf_append(line, "  ", 2);
        size_t w = un_display_width(cells[c].ptr ? cells[c].ptr : "", cells[c].len);
        /* Control characters print as one space each; recount after. */
        if (t->right[c]) {
            pad(line, t->width[c] > w ? t->width[c] - w : 0);
            put_cell(line, cells[c].ptr, cells[c].len);
        } else {
            size_t pw = put_cell(line, cells[c].ptr, cells[c].len);
            if (c + 1 < last)
                pad(line, t->width[c] > pw ? t->width[c] - pw : 0);
        }
    }
    if (t->max_width > 1)
        truncate_line(line, t->max_width);
    un_buf_putc(line, '\n');
    return fwrite(line->data, 1, line->len, t->out) == line->len ? UN_OK : UN_ERR_IO;
}

static size_t cell_width(const un_str *s)
{
    size_t w = 0;
    const char *p = s->ptr, *end = s->ptr + s->len;
    while (p < end) {
        uint32_t c = un_utf8_next(&p, end);
        w += (c < 0x20 || c == 0x7F) ? 1 : (size_t)un_char_width(c);
    }
    return w;
}

static int flush(un_table *t)
{
    /* Widths grow with this batch; rows already printed stay as they are. */
    un_str *cells = t->cells.data;
    for (size_t r = 0; r < t->rows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            un_str *s = &cells[r * t->ncols + c];
            size_t w = cell_width(s);
            if (w > t->width[c])
                t->width[c] = w;
        }
    if (!t->printed && !(t->flags & UN_TABLE_NO_HEADER)) {
        un_str *h = un_xmalloc(t->ncols * sizeof *h);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->head.data + UN_VEC_AT(&t->header, size_t, c);
            h[c] = un_str_make(s, strlen(s));
        }
        int rc = print_row(t, h);
        free(h);
        if (rc != UN_OK)
            return rc;
    }
    t->printed = 1;
    for (size_t r = 0; r < t->rows; r++)
        if (print_row(t, &cells[r * t->ncols]) != UN_OK)
            return UN_ERR_IO;
    t->rows = 0;
    t->cells.len = 0;
    t->cellbuf.len = 0;
    return UN_OK;
}

int un_table_row(un_table *t, const un_str *cells)
{
    /* Cells are stored as offsets first, pointers fixed at flush time,
     * because cellbuf may move while the batch fills. */
    for (size_t c = 0; c < t->ncols; c++) {
        un_str *s = UN_VEC_PUSH(&t->cells, un_str);
        s->ptr = (const char *)(uintptr_t)t->cellbuf.len;
        s->len = cells[c].len;
        if (cells[c].len)
            un_buf_append(&t->cellbuf, cells[c].ptr, cells[c].len);
    }
    t->rows++;
    if (t->rows < BATCH_ROWS)
        return UN_OK;
    return un_table_finish(t);
}

int un_table_finish(un_table *t)
{
    un_str *cells = t->cells.data;
    for (size_t k = 0; k < t->cells.len; k++)
        cells[k].ptr = cells[k].len ? t->cellbuf.data + (size_t)(uintptr_t)cells[k].ptr : "";
    /* A table without rows is not printed at all, not even its header. */
    if (t->rows == 0 && !t->printed)
        return UN_OK;
    return flush(t);
}
