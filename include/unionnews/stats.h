/* unionnews/stats.h: counts over many records, as one tidy table.
 *
 *     un_stats *s = un_stats_new(NULL);
 *     for each file:   un_stats_file(s);
 *     for each record: un_stats_add(s, rec);
 *     un_stats_rows(s, &opt, print_row, ctx);
 *     un_stats_free(s);
 *
 * Every count is a row (table, key, code, mentions, articles): the totals
 * (table "total"), authors by role ("role"), entity mentions by type
 * ("type") and distinct entities by type ("distinct"), figures by unit
 * ("unit"), then per entity ("district", "union", "programme", "company",
 * "person", "author") how often it is named and in how many records, and
 * the records per district rolled up to a level ("province", "prefecture"
 * or "county"). Record counts add up across disjoint sets of files, so the
 * rows of several runs can be merged (un_stats_add_row). Memory grows with
 * the number of distinct entities, not with the records. */
#ifndef UNIONNEWS_STATS_H
#define UNIONNEWS_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "unionnews/base.h"
#include "unionnews/index.h"
#include "unionnews/reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct un_stats un_stats;

/* Creates the counts; g resolves districts to the levels above them (NULL:
 * the default gazetteer). */
un_stats *un_stats_new(const un_gazetteer *g);
void un_stats_free(un_stats *s);

/* Counts one more input file. */
void un_stats_file(un_stats *s);
/* Counts a record with its entities and figures. */
void un_stats_add(un_stats *s, const un_article *a);

typedef struct un_stats_row {
    const char *table; /* "total", "role", "type", "distinct", "unit",
                          "district", ..., "author", or a level */
    un_str key;        /* what is counted: "articles", a name, a unit */
    un_str code;       /* GB/T 2260 code (districts, unions, levels), or null */
    uint64_t mentions; /* how many; for "total" and "distinct" the value */
    uint64_t articles; /* in how many records, or UN_STATS_NONE */
} un_stats_row;

#define UN_STATS_NONE UINT64_MAX

/* Adds the counts of src (of other files) to dst. */
void un_stats_merge(un_stats *dst, const un_stats *src);

/* Adds a row printed by another run (un_stats_rows with top 0 and all
 * levels). Returns UN_OK, or UN_ERR_ARG for a table it does not know. */
int un_stats_add_row(un_stats *s, const un_stats_row *row);

typedef struct un_stats_options {
    size_t top;           /* rows per entity table; 0 for all */
    const char *by;       /* the level of the roll-up: "province", "prefecture"
                             or "county"; NULL for none; "all" for every level */
} un_stats_options;

/* Calls fn with each row, in the order above: entity tables by mentions,
 * then records, then key. fn returns non-zero to stop, which is returned. */
typedef int (*un_stats_row_fn)(void *ctx, const un_stats_row *row);
int un_stats_rows(un_stats *s, const un_stats_options *opt, un_stats_row_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
