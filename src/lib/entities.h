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
 * positions of its events, found in one pass over a segment. The kinds,
 * and below them the bits of a code point's mask. */
enum {
    EV_KIND_SURNAME, /* a surname that may begin a name (not 和, 有) */
    EV_KIND_COMPANY, /* a legal form or a company's kind (有限公司, 集团) */
    EV_KIND_UNION,   /* a union's suffix (工会) */
    EV_KIND_QUOTE,   /* a quotation or book-title mark */
    EV_KIND_NUMBER,  /* a digit or a Chinese numeral */
    EV_KIND_FOLD,    /* a traditional character that folds */
    EV_KIND_TOWN,    /* a town's suffix (镇, 街道) */
    EV_KINDS
};
enum {
    EV_SURNAME = 1 << EV_KIND_SURNAME,
    EV_COMPANY = 1 << EV_KIND_COMPANY,
    EV_UNION = 1 << EV_KIND_UNION,
    EV_QUOTE = 1 << EV_KIND_QUOTE,
    EV_NUMBER = 1 << EV_KIND_NUMBER,
    EV_FOLD = 1 << EV_KIND_FOLD,
    EV_TOWN = 1 << EV_KIND_TOWN,
    EV_ALL = (1 << EV_KINDS) - 1
};

/* The people finder's evidence right beside a surname (entities.c,
 * maybe_name), in one place for it and for the bitmaps that tell most
 * surnames without it (gazetteer.c, name_before and name_after): a
 * character before the name (folded) after which one may start, and one
 * after a given name of one or two characters that ends it (besides the
 * start of a verb of speech, from the word list). ent_name_after_punct is
 * the punctuation alone, the people finder's weak evidence before a name. */
static inline int ent_name_after_punct(uint32_t folded)
{
    return folded == 0x3002 || folded == '!' || folded == '?' || folded == 0x201D ||
           folded == 0x3001 || folded == ',';
}

/* The same punctuation, or 的. */
static inline int ent_name_may_follow(uint32_t folded)
{
    return ent_name_after_punct(folded) || folded == 0x7684 /* 的 */;
}

static inline int ent_name_ends_before(uint32_t c)
{
    return c == 0x7B49 /* 等 */ || c == 0x3001 /* 、 */;
}

/* A segment's events, kind by kind: each finder walks only its own. */
typedef struct ent_events {
    const uint32_t *off;       /* byte offsets in the segment */
    uint32_t at[EV_KINDS + 1]; /* kind k's: off[at[k]..at[k+1]), in order */
} ent_events;

/* Room for a scan's events while they are sorted into kinds. */
typedef struct ent_scan {
    un_vec kind[EV_KINDS]; /* of uint32_t */
} ent_scan;

void ent_scan_init(ent_scan *sc);
void ent_scan_release(ent_scan *sc);

/* Appends the offsets of the events of text[0..n) of the kinds listed
 * (EV_ bits) to out (of uint32_t), kind by kind, sets at[] to where each
 * kind's begin, counted from out's length before (at[0] is 0; a kind not
 * listed has none), and returns the OR of the masks of all its events,
 * listed or not. EV_FOLD lists none: only whether there is one counts.
 * text is valid UTF-8. */
unsigned ent_scan_events(const un_gazetteer *g, const char *text, size_t n, unsigned kinds,
                         ent_scan *sc, un_vec *out, uint32_t at[EV_KINDS + 1]);

typedef struct ent_input {
    const un_gazetteer *g;
    un_reader *r;             /* for memory that lives with the records */
    const un_article *rec;
    const char *const *fold;  /* each segment's text, simplified, same offsets */
    const place_ref *places;  /* the record's districts and towns, in order */
    size_t nplaces;
    int32_t page_province;    /* or -1 */
    const ent_events *ev;     /* each segment's events */
} ent_input;

/* Appends the record's companies, unions, programmes and people to out
 * (of ent_pos). */
void un_find_entities(const ent_input *in, un_vec *out);

#endif
