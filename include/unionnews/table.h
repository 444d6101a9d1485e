/* unionnews/table.h: plain-text tables aligned by display width.
 *
 * Chinese characters take two terminal columns, so columns are padded by
 * display width (utf8proc), never by bytes or code points. Rows are
 * buffered in batches so that memory stays bounded however many rows come:
 * widths are computed over the first batch and only ever grow after it. */
#ifndef UNIONNEWS_TABLE_H
#define UNIONNEWS_TABLE_H

#include <stdio.h>

#include "unionnews/base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The display width of s[0..n) (valid UTF-8): the columns a terminal
 * gives it, 2 for a Chinese character, 0 for a control character. */
size_t un_display_width(const char *s, size_t n);
/* Where to cut s[0..n) to show it in max columns: n when all of it fits,
 * else the bytes of the longest prefix that leaves ellipsis columns for a
 * mark of omission after it (on a character boundary). */
size_t un_display_cut(const char *s, size_t n, size_t max, size_t ellipsis);

typedef struct un_table un_table;

enum {
    UN_TABLE_NO_HEADER = 1 /* print no header row */
};

/* Creates a table of ncols columns writing to out (not owned). headers
 * holds ncols NUL-terminated strings (copied). max_width > 0 truncates each
 * row to that many columns of display width, ending it with "…". Never
 * returns NULL. */
un_table *un_table_new(FILE *out, size_t ncols, const char *const *headers, unsigned flags,
                       size_t max_width);

/* Right-aligns column col (numbers). */
void un_table_align_right(un_table *t, size_t col);

/* Adds a row of ncols cells (copied). Tabs and newlines in a cell print as
 * spaces. Returns UN_OK or UN_ERR_IO when writing failed. */
int un_table_row(un_table *t, const un_str *cells);

/* Prints the rows still buffered. A table that never had a row prints
 * nothing. Returns UN_OK or UN_ERR_IO. */
int un_table_finish(un_table *t);

/* Frees the table (without printing). NULL is a no-op. */
void un_table_free(un_table *t);

#ifdef __cplusplus
}
#endif

#endif
