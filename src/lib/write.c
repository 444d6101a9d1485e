/* write.c: owns the writer object of unionnews/write.h: format names and
 * the dispatch to the per-format modules. */
#include <errno.h>
#include <stdlib.h>

#include "write_impl.h"

static const struct {
    const char *name;
    un_format fmt;
} formats[] = {{"table", UN_FORMAT_TABLE},
               {"csv", UN_FORMAT_CSV},
               {"tsv", UN_FORMAT_TSV},
               {"json", UN_FORMAT_JSON},
               {"jsonl", UN_FORMAT_JSONL}};

int un_format_parse(const char *name, un_format *out)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].fmt;
            return UN_OK;
        }
    }
    return UN_ERR_ARG;
}

const char *un_format_names(void)
{
    return "table, csv, tsv, json, jsonl";
}

struct un_writer {
    FILE *out;
    un_format fmt;
    unsigned flags;
    size_t count;
    int started;
    un_rowwriter *rows; /* table, CSV and TSV: rows of the record's cells */
    un_buf scratch;
};

un_writer *un_writer_new(FILE *out, un_format fmt, unsigned flags, size_t max_width)
{
    un_writer *w = un_xcalloc(1, sizeof *w);
    w->out = out;
    w->fmt = fmt;
    w->flags = flags;
    un_buf_init(&w->scratch);
    if (fmt == UN_FORMAT_TABLE)
        w->rows = un_rowwriter_new(out, fmt, flags, max_width, un_table_columns,
                                   UN_TABLE_COLUMNS);
    else if (fmt == UN_FORMAT_CSV || fmt == UN_FORMAT_TSV)
        w->rows = un_rowwriter_new(out, fmt, flags, 0, un_csv_columns, UN_CSV_COLUMNS);
    return w;
}

void un_writer_free(un_writer *w)
{
    if (!w)
        return;
    un_rowwriter_free(w->rows);
    un_buf_release(&w->scratch);
    free(w);
}

int un_writer_article(un_writer *w, const un_article *a)
{
    int rc = UN_OK;
    switch (w->fmt) {
    case UN_FORMAT_JSONL:
        rc = un_write_json_record(w->out, &w->scratch, a);
        putc('\n', w->out);
        break;
    case UN_FORMAT_JSON:
        fputs(w->count || (w->flags & UN_WRITE_PIECE) ? ",\n" : "[\n", w->out);
        rc = un_write_json_record(w->out, &w->scratch, a);
        break;
    case UN_FORMAT_CSV:
    case UN_FORMAT_TSV: {
        un_str cells[UN_CSV_COLUMNS];
        un_csv_cells(a, cells, &w->scratch);
        rc = un_rowwriter_row(w->rows, cells);
        break;
    }
    case UN_FORMAT_TABLE: {
        un_str cells[UN_TABLE_COLUMNS];
        un_table_cells(a, cells, &w->scratch);
        rc = un_rowwriter_row(w->rows, cells);
        break;
    }
    }
    w->count++;
    if (rc == UN_OK && ferror(w->out))
        rc = UN_ERR_IO;
    return rc;
}

int un_writer_absorb(un_writer *w, const char *piece, size_t n)
{
    if (n == 0)
        return UN_OK;
    if (w->rows)
        return un_rowwriter_absorb(w->rows, piece, n);
    if (w->fmt == UN_FORMAT_JSON && w->count == 0) {
        /* The piece's first record came with ",\n": the output's with "[\n". */
        putc('[', w->out);
        piece++;
        n--;
    }
    fwrite(piece, 1, n, w->out);
    w->count++;
    return ferror(w->out) ? UN_ERR_IO : UN_OK;
}

int un_writer_finish(un_writer *w)
{
    int rc = UN_OK;
    if (w->rows)
        rc = un_rowwriter_finish(w->rows);
    else if (w->flags & UN_WRITE_PIECE)
        rc = UN_OK;
    else if (w->fmt == UN_FORMAT_JSON)
        fputs(w->count ? "\n]\n" : "[]\n", w->out);
    if (rc == UN_OK && ferror(w->out))
        rc = UN_ERR_IO;
    return rc;
}
