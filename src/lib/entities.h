/* entities.h: the entities besides districts (companies, unions,
 * programmes, people), found in a record by entities.c once index.c has
 * found its districts. */
#ifndef UN_ENTITIES_H
#define UN_ENTITIES_H

#include "gazetteer.h"
#include "unionnews/reader.h"

/* An entity with the place where it was printed, for ordering. */
typedef struct ent_pos {
    size_t seg, start, end;
    un_entity e;
} ent_pos;

/* A district or town mention that counts, of the record being indexed. */
typedef struct place_ref {
    size_t seg, start, end;
    int32_t place; /* a place, or -1 for a town */
    int32_t town;  /* a town, or -1 */
} place_ref;

typedef struct ent_input {
    const un_gazetteer *g;
    un_reader *r;             /* for memory that lives with the records */
    const un_article *rec;
    const char *const *fold;  /* each segment's text, simplified, same offsets */
    const place_ref *places;  /* the record's districts and towns, in order */
    size_t nplaces;
    int32_t page_province;    /* or -1 */
} ent_input;

/* Appends the record's companies, unions, programmes and people to out
 * (of ent_pos). */
void un_find_entities(const ent_input *in, un_vec *out);

#endif
