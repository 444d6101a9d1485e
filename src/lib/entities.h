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

/* What a code point can start, for the finders: each reads only the
 * positions of its events, found in one pass over a segment. */
enum {
    EV_SURNAME = 1, /* a surname that may begin a name (not 和, 有) */
    EV_COMPANY = 2, /* a legal form or a company's kind (有限公司, 集团) */
    EV_UNION = 4,   /* a union's suffix (工会) */
    EV_QUOTE = 8,   /* a quotation or book-title mark */
    EV_NUMBER = 16, /* a digit or a Chinese numeral */
    EV_FOLD = 32,   /* a traditional character that folds */
    EV_TOWN = 64    /* a town's suffix (镇, 街道) */
};

typedef struct ent_event {
    uint32_t off; /* byte offset in the segment */
    uint32_t mask;
} ent_event;

/* Appends the events of text[0..n) to out (of ent_event) and returns the
 * OR of their masks. text is valid UTF-8. */
unsigned ent_scan_events(const un_gazetteer *g, const char *text, size_t n, un_vec *out);

typedef struct ent_input {
    const un_gazetteer *g;
    un_reader *r;             /* for memory that lives with the records */
    const un_article *rec;
    const char *const *fold;  /* each segment's text, simplified, same offsets */
    const place_ref *places;  /* the record's districts and towns, in order */
    size_t nplaces;
    int32_t page_province;    /* or -1 */
    const ent_event *const *ev; /* each segment's events, in order */
    const size_t *nev;
} ent_input;

/* Appends the record's companies, unions, programmes and people to out
 * (of ent_pos). */
void un_find_entities(const ent_input *in, un_vec *out);

#endif
