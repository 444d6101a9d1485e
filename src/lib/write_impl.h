/* write_impl.h: what the writer modules share: one function per format
 * family, called by write.c. */
#ifndef UN_WRITE_IMPL_H
#define UN_WRITE_IMPL_H

#include <stdio.h>

#include "internal.h"
#include "unionnews/table.h"
#include "unionnews/write.h"

/* One record as a JSON object, without a line end. */
int un_write_json_record(FILE *out, const un_article *a);

/* The header row and one record's row of the CSV/TSV view; delim is ','
 * or '\t'. scratch is reused between calls. */
int un_write_csv_header(FILE *out, char delim);
int un_write_csv_record(FILE *out, char delim, const un_article *a, un_buf *scratch);

/* The columns of the table view and one record's cells. cells gets
 * UN_TABLE_COLUMNS views into a and into scratch. */
#define UN_TABLE_COLUMNS 6
extern const char *const un_table_headers[UN_TABLE_COLUMNS];
void un_table_cells(const un_article *a, un_str *cells, un_buf *scratch);

/* The authors of a record as one cell: "杜成敏 (记者); 项微 (通讯员)". */
void un_authors_cell(const un_article *a, un_buf *out);

#endif
