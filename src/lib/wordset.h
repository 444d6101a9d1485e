/* wordset.h: a set of words for lookups at a position of a text: the
 * longest word that starts at a point or ends at it. Words are indexed by
 * their first and by their last code point, so that a lookup where no word
 * starts costs one hash probe; a bitmap tells which code points can start a
 * word at all, for scans that test every character. */
#ifndef UN_WORDSET_H
#define UN_WORDSET_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "text.h"

typedef struct un_word {
    const char *s; /* not owned: the words must outlive the set */
    size_t len;
    int tag;       /* the caller's, returned with the word */
    /* Set by the index, for a probe that does not follow s (the words'
     * text lies elsewhere in memory): up to 8 bytes next to the key code
     * point (after it by first, before it by last), and which of them
     * the word has. */
    uint64_t near, near_mask;
} un_word;

typedef struct un_word_slot {
    uint32_t cp;    /* 0: empty */
    uint32_t start; /* first word of the run in words */
    uint32_t count;
} un_word_slot;

typedef struct un_word_index {
    un_word *words;
    size_t nwords;
    un_word_slot *slot;
    size_t cap;          /* a power of two */
    uint64_t filter[16]; /* bit cp % 1024 set for every key: most misses
                            end here, without a probe */
} un_word_index;

/* A bitmap over the Basic Multilingual Plane. */
typedef struct un_cp_bitmap {
    uint64_t bits[65536 / 64];
} un_cp_bitmap;

static inline int un_cp_bitmap_has(const un_cp_bitmap *bm, uint32_t cp)
{
    return cp >= 65536 || ((bm->bits[cp >> 6] >> (cp & 63)) & 1);
}

static inline void un_cp_bitmap_set(un_cp_bitmap *bm, uint32_t cp)
{
    if (cp < 65536)
        bm->bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
}

/* Embedded struct: un_wordset_init, un_wordset_add..., un_wordset_build,
 * then lookups; un_wordset_release. */
typedef struct un_wordset {
    un_vec pending;      /* of un_word, until built */
    un_word_index first; /* by first code point */
    un_word_index last;  /* by last code point */
    un_cp_bitmap *starts; /* the caller's, given to build (it may hold the
                             first code points of other sets too), or NULL */
    un_cp_bitmap *single; /* or NULL: code points that are a word by
                             themselves and begin no longer one */
} un_wordset;

void un_wordset_init(un_wordset *ws);
void un_wordset_release(un_wordset *ws);
void un_wordset_add(un_wordset *ws, const char *s, size_t len, int tag);
/* Freezes the set; adds the words' first code points to starts if not
 * NULL, and keeps starts (which must live as long as the set). */
void un_wordset_build(un_wordset *ws, un_cp_bitmap *starts);

/* The probes behind the lookups below, for a code point cp whose bit is
 * set in the index's filter (q: where cp ends, or starts for before). */
const un_word *un_wordset_probe_at(const un_wordset *ws, uint32_t cp, const char *p,
                                   const char *q, const char *end);
const un_word *un_wordset_probe_before(const un_wordset *ws, uint32_t cp, const char *start,
                                       const char *q, const char *end);

static inline int un_word_index_may_hold(const un_word_index *ix, uint32_t cp)
{
    return (ix->filter[(cp >> 6) & 15] >> (cp & 63)) & 1;
}

/* The longest word starting at p whose first code point cp, decoded by
 * the caller, ends at q (p < q <= end), or NULL. Inline up to the filter,
 * which most lookups do not pass. */
static inline const un_word *un_wordset_at_cp(const un_wordset *ws, uint32_t cp, const char *p,
                                              const char *q, const char *end)
{
    if (!ws->first.cap || !un_word_index_may_hold(&ws->first, cp))
        return NULL;
    return un_wordset_probe_at(ws, cp, p, q, end);
}

/* The longest word starting at p (p < end), or NULL. */
static inline const un_word *un_wordset_at(const un_wordset *ws, const char *p, const char *end)
{
    if (p >= end || !ws->first.cap)
        return NULL;
    const char *q = p;
    uint32_t cp = un_utf8_next(&q, end);
    return un_wordset_at_cp(ws, cp, p, q, end);
}

/* After build: notes the code points that are a word by themselves and
 * begin no longer one (8 KiB), so that un_wordset_len_from answers for
 * them without a probe. For sets of many such words (surnames). */
void un_wordset_note_singles(un_wordset *ws);

/* The length of the longest word at p, whose first code point cp ends at
 * q (p < q <= end), or 0 when none starts there. For the sets asked at
 * most characters (surnames, words of grammar): the exact bitmap of first
 * code points, where the set was built with one, tells most characters
 * apart at once, where the small filter lets many through to a probe. */
static inline size_t un_wordset_len_from(const un_wordset *ws, uint32_t cp, const char *p,
                                         const char *q, const char *end)
{
    if (!ws->first.cap || !(ws->starts ? un_cp_bitmap_has(ws->starts, cp)
                                       : un_word_index_may_hold(&ws->first, cp)))
        return 0;
    size_t n = (size_t)(q - p);
    if (ws->single && cp < 0x10000 && un_cp_bitmap_has(ws->single, cp) && n == un_utf8_size(cp))
        return n; /* the character's own encoding: the word itself */
    const un_word *w = un_wordset_probe_at(ws, cp, p, q, end);
    return w ? w->len : 0;
}

/* The longest word ending exactly at end whose last code point cp starts
 * at q (start <= q < end), decoded by the caller; or NULL. */
static inline const un_word *un_wordset_ending(const un_wordset *ws, const char *start,
                                               const char *q, const char *end, uint32_t cp)
{
    if (!ws->last.cap || !un_word_index_may_hold(&ws->last, cp))
        return NULL;
    return un_wordset_probe_before(ws, cp, start, q, end);
}

/* The longest word ending exactly at end (start <= end), or NULL. */
static inline const un_word *un_wordset_before(const un_wordset *ws, const char *start,
                                               const char *end)
{
    if (end <= start)
        return NULL;
    const char *q = end;
    uint32_t cp = un_utf8_prev(start, &q);
    return un_wordset_ending(ws, start, q, end, cp);
}
/* The number of words. */
size_t un_wordset_size(const un_wordset *ws);

#endif
