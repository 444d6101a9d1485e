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
    un_table *table;
    un_buf scratch;
};

un_writer *un_writer_new(FILE *out, un_format fmt, unsigned flags, size_t max_width)
{
    un_writer *w = un_xcalloc(1, sizeof *w);
    w->out = out;
    w->fmt = fmt;
    w->flags = flags;
    un_buf_init(&w->scratch);
    if (fmt == UN_FORMAT_TABLE) {
        w->table = un_table_new(out, UN_TABLE_COLUMNS, un_table_headers,
                                (flags & UN_WRITE_NO_HEADER) ? UN_TABLE_NO_HEADER : 0, max_width);
        un_table_align_right(w->table, 1);
    }
    return w;
}

void un_writer_free(un_writer *w)
{
    if (!w)
        return;
    un_table_free(w->table);
    un_buf_release(&w->scratch);
    free(w);
}

/* CSV and TSV print their header (and BOM) before the first row, or at
 * the end when there was no row: an empty input still gives a header. */
static int start(un_writer *w)
{
    if (w->started)
        return UN_OK;
    w->started = 1;
    if (w->fmt == UN_FORMAT_CSV || w->fmt == UN_FORMAT_TSV) {
        if (w->flags & UN_WRITE_BOM)
            fputs("\xEF\xBB\xBF", w->out);
        if (!(w->flags & UN_WRITE_NO_HEADER))
            return un_write_csv_header(w->out, w->fmt == UN_FORMAT_CSV ? ',' : '\t');
    }
    if (w->fmt == UN_FORMAT_JSON)
        fputs("[", w->out);
    return ferror(w->out) ? UN_ERR_IO : UN_OK;
}

int un_writer_article(un_writer *w, const un_article *a)
{
    int rc = start(w);
    if (rc != UN_OK)
        return rc;
    switch (w->fmt) {
    case UN_FORMAT_JSONL:
        rc = un_write_json_record(w->out, a);
        putc('\n', w->out);
        break;
    case UN_FORMAT_JSON:
        fputs(w->count ? ",\n" : "\n", w->out);
        rc = un_write_json_record(w->out, a);
        break;
    case UN_FORMAT_CSV:
    case UN_FORMAT_TSV:
        rc = un_write_csv_record(w->out, w->fmt == UN_FORMAT_CSV ? ',' : '\t', a, &w->scratch);
        break;
    case UN_FORMAT_TABLE: {
        un_str cells[UN_TABLE_COLUMNS];
        un_table_cells(a, cells, &w->scratch);
        rc = un_table_row(w->table, cells);
        break;
    }
    }
    w->count++;
    if (rc == UN_OK && ferror(w->out))
        rc = UN_ERR_IO;
    return rc;
}

int un_writer_finish(un_writer *w)
{
    int rc = start(w);
    if (rc != UN_OK)
        return rc;
    if (w->fmt == UN_FORMAT_JSON)
        fputs(w->count ? "\n]\n" : "]\n", w->out);
    if (w->fmt == UN_FORMAT_TABLE)
        rc = un_table_finish(w->table);
    if (rc == UN_OK && ferror(w->out))
        rc = UN_ERR_IO;
    return rc;
}
