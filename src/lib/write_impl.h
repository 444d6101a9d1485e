/* write_impl.h: what the writer modules share. */
#ifndef UN_WRITE_IMPL_H
#define UN_WRITE_IMPL_H

#include <stdio.h>

#include "internal.h"
#include "unionnews/table.h"
#include "unionnews/write.h"

/* One record as a JSON object, without a line end, made in scratch. */
int un_write_json_record(FILE *out, un_buf *scratch, const un_article *a);
/* s as a JSON string (null for a null string) at the end of b. */
void un_json_escape(un_buf *b, un_str s);

/* One field quoted as RFC 4180 says, through libcsv. scratch is reused. */
void un_write_csv_field(FILE *out, un_str s, un_buf *scratch);

/* The columns of the CSV/TSV view of a record and of its table view, and
 * the cells of one record for each: views into a and into scratch (valid
 * until the next call with the same scratch). */
#define UN_CSV_COLUMNS 18
#define UN_TABLE_COLUMNS 6
extern const un_column un_csv_columns[UN_CSV_COLUMNS];
extern const un_column un_table_columns[UN_TABLE_COLUMNS];
void un_csv_cells(const un_article *a, un_str *cells, un_buf *scratch);
void un_table_cells(const un_article *a, un_str *cells, un_buf *scratch);

/* The authors of a record as one cell: "杜成敏 (记者); 项微 (通讯员)". */
void un_authors_cell(const un_article *a, un_buf *out);

#endif
