/* write_rows.c: owns the row writer of unionnews/write.h: rows of named
 * columns in every format, for records that are not articles. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "write_impl.h"

struct un_rowwriter {
    FILE *out;
    un_format fmt;
    unsigned flags;
    const un_column *cols;
    size_t ncols;
    size_t rows;
    int started;
    un_table *table;
    un_buf scratch;
};

un_rowwriter *un_rowwriter_new(FILE *out, un_format fmt, unsigned flags, size_t max_width,
                               const un_column *columns, size_t ncols)
{
    un_rowwriter *w = un_xcalloc(1, sizeof *w);
    w->out = out;
    w->fmt = fmt;
    w->flags = flags;
    w->cols = columns;
    w->ncols = ncols;
    un_buf_init(&w->scratch);
    if (fmt == UN_FORMAT_TABLE && !(flags & UN_WRITE_PIECE)) {
        const char **heads = un_xmalloc(ncols * sizeof *heads);
        /* Table headers are the column names in capitals. */
        un_buf caps;
        un_buf_init(&caps);
        size_t *offs = un_xmalloc(ncols * sizeof *offs);
        for (size_t c = 0; c < ncols; c++) {
            offs[c] = caps.len;
            for (const char *p = columns[c].name; *p; p++)
                un_buf_putc(&caps, (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p);
            un_buf_putc(&caps, '\0');
        }
        for (size_t c = 0; c < ncols; c++)
            heads[c] = caps.data + offs[c];
        w->table = un_table_new(out, ncols, heads,
                                (flags & UN_WRITE_NO_HEADER) ? UN_TABLE_NO_HEADER : 0, max_width);
        for (size_t c = 0; c < ncols; c++)
            if (columns[c].kind == UN_COL_NUMBER || columns[c].kind == UN_COL_TEXT_RIGHT)
                un_table_align_right(w->table, c);
        un_buf_release(&caps);
        free(offs);
        free(heads);
    }
    return w;
}

void un_rowwriter_free(un_rowwriter *w)
{
    if (!w)
        return;
    un_table_free(w->table);
    un_buf_release(&w->scratch);
    free(w);
}

static int start(un_rowwriter *w)
{
    if (w->started)
        return UN_OK;
    w->started = 1;
    if (w->flags & UN_WRITE_PIECE)
        return UN_OK; /* the whole's writer starts the output */
    if (w->fmt == UN_FORMAT_CSV || w->fmt == UN_FORMAT_TSV) {
        char delim = w->fmt == UN_FORMAT_CSV ? ',' : '\t';
        if (w->flags & UN_WRITE_BOM)
            fputs("\xEF\xBB\xBF", w->out);
        if (!(w->flags & UN_WRITE_NO_HEADER)) {
            for (size_t c = 0; c < w->ncols; c++) {
                if (c)
                    putc(delim, w->out);
                fputs(w->cols[c].name, w->out);
            }
            fputs(delim == ',' ? "\r\n" : "\n", w->out);
        }
    }
    if (w->fmt == UN_FORMAT_JSON)
        putc('[', w->out);
    return ferror(w->out) ? UN_ERR_IO : UN_OK;
}

int un_rowwriter_row(un_rowwriter *w, const un_str *cells)
{
    int rc = start(w);
    if (rc != UN_OK)
        return rc;
    FILE *out = w->out;
    switch (w->fmt) {
    case UN_FORMAT_TABLE:
        if (w->flags & UN_WRITE_PIECE) {
            /* The cells, for the whole's table: length, bytes. */
            for (size_t c = 0; c < w->ncols; c++) {
                uint32_t len = cells[c].ptr ? (uint32_t)cells[c].len : UINT32_MAX;
                fwrite(&len, sizeof len, 1, out);
                if (cells[c].ptr)
                    fwrite(cells[c].ptr, 1, cells[c].len, out);
            }
            break;
        }
        rc = un_table_row(w->table, cells);
        break;
    case UN_FORMAT_CSV:
    case UN_FORMAT_TSV: {
        char delim = w->fmt == UN_FORMAT_CSV ? ',' : '\t';
        for (size_t c = 0; c < w->ncols; c++) {
            if (c)
                putc(delim, out);
            if (w->cols[c].kind == UN_COL_NUMBER)
                fwrite(cells[c].ptr ? cells[c].ptr : "", 1, cells[c].len, out);
            else
                un_write_csv_field(out, cells[c], &w->scratch);
        }
        fputs(delim == ',' ? "\r\n" : "\n", out);
        break;
    }
    case UN_FORMAT_JSON:
    case UN_FORMAT_JSONL:
        if (w->fmt == UN_FORMAT_JSON)
            fputs(w->rows || (w->flags & UN_WRITE_PIECE) ? ",\n" : "\n", out);
        putc('{', out);
        for (size_t c = 0; c < w->ncols; c++) {
            fprintf(out, "%s\"%s\":", c ? "," : "", w->cols[c].name);
            if (w->cols[c].kind == UN_COL_NUMBER && cells[c].ptr && cells[c].len)
                fwrite(cells[c].ptr, 1, cells[c].len, out);
            else if (w->cols[c].kind == UN_COL_NUMBER)
                fputs("null", out);
            else
                un_json_string(out, cells[c]);
        }
        putc('}', out);
        if (w->fmt == UN_FORMAT_JSONL)
            putc('\n', out);
        break;
    }
    w->rows++;
    if (rc == UN_OK && ferror(out))
        rc = UN_ERR_IO;
    return rc;
}

int un_rowwriter_absorb(un_rowwriter *w, const char *piece, size_t n)
{
    if (n == 0)
        return UN_OK;
    int rc = start(w);
    if (rc != UN_OK)
        return rc;
    switch (w->fmt) {
    case UN_FORMAT_TABLE: {
        un_str *cells = un_xmalloc(w->ncols * sizeof *cells);
        const char *p = piece, *end = piece + n;
        while (rc == UN_OK && p < end) {
            for (size_t c = 0; c < w->ncols; c++) {
                uint32_t len;
                memcpy(&len, p, sizeof len);
                p += sizeof len;
                cells[c] = len == UINT32_MAX ? un_str_null() : un_str_make(p, len);
                if (len != UINT32_MAX)
                    p += len;
            }
            rc = un_table_row(w->table, cells);
            w->rows++;
        }
        free(cells);
        break;
    }
    case UN_FORMAT_JSON:
        /* Each row came with ",\n" before it: the first of all with "\n". */
        if (w->rows == 0) {
            piece++;
            n--;
        }
        fwrite(piece, 1, n, w->out);
        w->rows++;
        break;
    default:
        fwrite(piece, 1, n, w->out);
        w->rows++;
        break;
    }
    if (rc == UN_OK && ferror(w->out))
        rc = UN_ERR_IO;
    return rc;
}

int un_rowwriter_finish(un_rowwriter *w)
{
    int rc = start(w);
    if (rc != UN_OK)
        return rc;
    if (w->flags & UN_WRITE_PIECE)
        return ferror(w->out) ? UN_ERR_IO : UN_OK;
    if (w->fmt == UN_FORMAT_JSON)
        fputs(w->rows ? "\n]\n" : "]\n", w->out);
    if (w->fmt == UN_FORMAT_TABLE)
        rc = un_table_finish(w->table);
    if (rc == UN_OK && ferror(w->out))
        rc = UN_ERR_IO;
    return rc;
}
