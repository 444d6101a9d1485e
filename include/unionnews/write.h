/* unionnews/write.h: article records in the output formats.
 *
 * Every format is a view of the same record (spec/records.md): JSON Lines
 * is one object per record, JSON an array of them, CSV and TSV one row per
 * record under a header row (RFC 4180 quoting through libcsv), and table
 * the same columns a person reads first, aligned by display width. The
 * column orders are documented in docs/formats.md and only ever grow at
 * the end. */
#ifndef UNIONNEWS_WRITE_H
#define UNIONNEWS_WRITE_H

#include <stdio.h>

#include "unionnews/base.h"
#include "unionnews/reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum un_format {
    UN_FORMAT_TABLE = 0,
    UN_FORMAT_CSV,
    UN_FORMAT_TSV,
    UN_FORMAT_JSON,
    UN_FORMAT_JSONL
} un_format;

/* Parses a format name ("table", "csv", "tsv", "json", "jsonl"). Returns
 * UN_OK, or UN_ERR_ARG for an unknown name. */
int un_format_parse(const char *name, un_format *out);

/* The list of format names for messages: "table, csv, tsv, json, jsonl". */
const char *un_format_names(void);

enum {
    UN_WRITE_NO_HEADER = 1, /* CSV, TSV, table: no header row */
    UN_WRITE_BOM = 2,       /* CSV, TSV: start with a UTF-8 BOM (Excel) */
    /* A piece of a longer output, written apart (by another thread) and
     * handed to the writer of the whole with un_writer_absorb or
     * un_rowwriter_absorb: no header, no BOM, no brackets; table rows as
     * their cells, for the whole's table to align. */
    UN_WRITE_PIECE = 4
};

typedef struct un_writer un_writer;

/* Creates a writer of article records to out (not owned). max_width > 0
 * truncates table rows to that display width. Never returns NULL. */
un_writer *un_writer_new(FILE *out, un_format fmt, unsigned flags, size_t max_width);

/* Writes one record. Returns UN_OK or UN_ERR_IO (errno says why). */
int un_writer_article(un_writer *w, const un_article *a);

/* Ends the output (closes a JSON array, prints buffered table rows).
 * Returns UN_OK or UN_ERR_IO. */
int un_writer_finish(un_writer *w);

/* Frees the writer. NULL is a no-op. */
void un_writer_free(un_writer *w);

/* Writes the n bytes a UN_WRITE_PIECE writer of the same format wrote, as
 * if their records had been written to w. Returns UN_OK or UN_ERR_IO. */
int un_writer_absorb(un_writer *w, const char *piece, size_t n);

/* A writer of rows of named columns, in any format: table, CSV and TSV
 * print a header row and one line per row; JSON Lines one object per row
 * with the column names as keys; JSON an array of those objects. For the
 * commands whose records are not articles (entities, stats tables). */
typedef struct un_rowwriter un_rowwriter;

/* Column kinds: text (a JSON string, null when absent), number (bare,
 * right-aligned in tables), or text right-aligned in tables (the left
 * context of a keyword, so that keywords line up). */
typedef enum un_column_kind {
    UN_COL_TEXT = 0,
    UN_COL_NUMBER = 1,
    UN_COL_TEXT_RIGHT = 2
} un_column_kind;

typedef struct un_column {
    const char *name;    /* header and JSON key */
    un_column_kind kind;
} un_column;

/* Creates a row writer to out (not owned); columns (copied by reference:
 * they must outlive the writer). Never returns NULL. */
un_rowwriter *un_rowwriter_new(FILE *out, un_format fmt, unsigned flags, size_t max_width,
                               const un_column *columns, size_t ncols);
/* Writes one row of ncols cells; a cell with ptr NULL is absent. Returns
 * UN_OK or UN_ERR_IO. */
int un_rowwriter_row(un_rowwriter *w, const un_str *cells);
/* Ends the output. Returns UN_OK or UN_ERR_IO. */
int un_rowwriter_finish(un_rowwriter *w);
void un_rowwriter_free(un_rowwriter *w);
/* As un_writer_absorb, for rows. */
int un_rowwriter_absorb(un_rowwriter *w, const char *piece, size_t n);

/* Writes s as a JSON string (quoted and escaped as RFC 8259 requires) to
 * out. A NULL s.ptr writes null. Returns UN_OK or UN_ERR_IO. */
int un_json_string(FILE *out, un_str s);

/* The most bytes un_json_quote writes for a string of n bytes. */
#define UN_JSON_QUOTED_MAX(n) (6 * (size_t)(n) + 4)
/* The same into memory: s as a JSON string (or null) at out, which has
 * room for UN_JSON_QUOTED_MAX(s.len) bytes. Returns the bytes written (no
 * NUL after them). */
size_t un_json_quote(char *out, un_str s);

#ifdef __cplusplus
}
#endif

#endif
