/* gazetteer.h: the inside of a gazetteer, shared by gazetteer.c (which
 * builds it) and index.c (which reads it). */
#ifndef UN_GAZETTEER_H
#define UN_GAZETTEER_H

#include <stdint.h>

#include "acmatch.h"
#include "litscan.h"
#include "wordset.h"
#include "internal.h"
#include "unionnews/index.h"

enum { LEVEL_PROVINCE = 0, LEVEL_PREFECTURE = 1, LEVEL_COUNTY = 2, LEVEL_TOWN = 3 };

/* The word lists of data/index.tsv the indexer looks words up in. */
typedef enum gaz_list {
    GL_ORG,
    GL_TOWNSUFFIX,
    GL_UNIONSUFFIX,
    GL_UNIONLEVEL,
    GL_UNIONNAME,
    GL_LEGALFORM,
    GL_COMPANYSUFFIX,
    GL_STOP,
    GL_GENERIC,
    GL_PROGSUFFIX,
    GL_PROGHEAD,
    GL_PROGWEAK,
    GL_PROGBEFORE,
    GL_ROLE,
    GL_PERSONVERB,
    GL_NAMEEND,
    GL_COMMON,
    GL_FUNCTION,
    GL_SURNAMECOMMON,
    GL_NOTSUFFIX,
    GL_KINDEND,
    GL_GROUPROLE,
    GL_ORGCHAR,
    GL_PROGLEVEL,
    GL_PARTICLE,
    GL_PRONOUN,
    GL_PREPOSITION,
    GL_COUNT
} gaz_list;

typedef struct place {
    char code[8];        /* six digits, NUL-terminated; "" for a historical unit
                            that had no code of its own */
    const char *name;    /* official full name, simplified */
    size_t name_len;
    uint8_t level;
    uint8_t historical;  /* renamed or merged: see successor */
    int32_t parent;      /* index, or -1 */
    int32_t successor;   /* index of the unit that took it over, or -1 */
    int32_t province;    /* index of the province it lies in (itself for one) */
} place;

/* How a name is printed. */
enum { FORM_FULL = 0, FORM_SHORT = 1, FORM_ALIAS = 2 };

typedef struct form {
    const char *text;    /* as printed, simplified */
    uint32_t len;
    int32_t place;
    uint8_t kind;
    uint8_t risky;       /* also an ordinary word: needs evidence to count */
    uint8_t nchars;
    uint32_t freq;       /* how often jieba lists it as a word (0: never) */
} form;

typedef struct town {
    char code[12];
    const char *name;
    size_t name_len;
    int32_t county;      /* index of its county (or prefecture) */
    int32_t next;        /* next town of the same name, or -1 */
} town;

struct un_gazetteer {
    un_buf text;         /* the names */
    place *places;
    size_t nplaces;
    form *forms;
    size_t nforms;
    un_ac *ac;            /* built on first use: un_gaz_ac */
    int ac_built;
    un_vec fold_pairs;    /* of un_fold_pair, for building it */
    un_litset *lits;      /* the same forms for Hyperscan, when it is there */
    un_cp_bitmap *foldable; /* traditional characters that fold */
    uint8_t *evclass;     /* per BMP code point: the EV_* events it starts
                             (entities.h), for one pass over a segment;
                             3 bytes of 0 after, for a gather's reach */
    /* What can stand around a name's surname where the people finder
     * looks for evidence (entities.c, name_context): before it, and one or
     * two characters after it. */
    un_cp_bitmap *name_before, *name_after;
    town *towns;
    size_t ntowns;
    int32_t *town_slot;  /* open addressing by name: first town, or -1 */
    size_t town_cap;
    size_t town_alloc;   /* towns allocated */
    un_cp_bitmap *town_starts; /* what a town's name can start with */
    uint64_t *town_filter;     /* bits of the names' hashes (un_gaz_town_may_be) */
    int32_t *code_slot;  /* open addressing by code: place index, or -1 */
    size_t code_cap;
    /* The word lists of data/index.tsv (and commonwords.tsv), each with the
     * code points its words can start with. */
    un_wordset lists[GL_COUNT];
    un_cp_bitmap *starts; /* GL_COUNT bitmaps */
    size_t max_town_chars;
    /* Traditional to simplified, for characters of three bytes that fold
     * to one of three bytes: 0 where a character stays. */
    uint16_t *fold;
    /* The automaton's folding (make_scan_fold): per BMP code point, the one
     * whose class it takes, or 0; NULL, and scan_fold_exact 0, where the
     * table cannot stand for the automaton. */
    uint16_t *scan_fold;
    int scan_fold_exact;
    /* Words that cross the edge of a name (data/crosswords.tsv). */
    un_str *cross;
    uint32_t *cross_freq;
    size_t cross_cap;
    un_cp_bitmap *cross_starts; /* what a crossing word can start with */
    uint64_t *cross_pairs;      /* bit un_gaz_pair_bit() set for the first two
                                   code points of every crossing word */
    char source[256];
};

/* The automaton of every form, folding traditional characters; built on
 * the first call (thread-safe). */
const un_ac *un_gaz_ac(const un_gazetteer *g);

/* Does s[0..n) hold a traditional character that folds to another? Text
 * without one can be matched byte for byte (un_litset). */
int un_gaz_needs_fold(const un_gazetteer *g, const char *s, size_t n);

/* If s[0..n) is a word that can cross a name's edge, its jieba count;
 * else 0. */
uint32_t un_gaz_crossword(const un_gazetteer *g, const char *s, size_t n);

enum { UN_GAZ_PAIR_BITS = 17 };

static inline uint32_t un_gaz_pair_bit(uint32_t c1, uint32_t c2)
{
    return ((c1 * 0x9E3779B1u + c2) * 0x85EBCA6Bu) >> (32 - UN_GAZ_PAIR_BITS);
}

/* Can a crossing word start with the code points c1 c2? (No is sure.) */
static inline int un_gaz_cross_pair(const un_gazetteer *g, uint32_t c1, uint32_t c2)
{
    uint32_t b = un_gaz_pair_bit(c1, c2);
    return (g->cross_pairs[b >> 6] >> (b & 63)) & 1;
}

/* Town names are hashed from their last byte to their first, so that a
 * scan going back from a town suffix extends the hash by one character a
 * step: h = un_gaz_town_hash(UN_GAZ_TOWN_HASH0, suffix), then
 * h = un_gaz_town_hash(h, each character before it). */
#define UN_GAZ_TOWN_HASH0 0xcbf29ce484222325ULL
static inline uint64_t un_gaz_town_hash(uint64_t h, const char *p, size_t k)
{
    while (k > 0)
        h = (h ^ (unsigned char)p[--k]) * 0x100000001b3ULL;
    return h;
}

/* Can a town have the name of hash h? One bit of a filter, so that most
 * names that are none cost no probe of the table. */
#define UN_GAZ_TOWN_FILTER_BITS 20
static inline int un_gaz_town_may_be(const un_gazetteer *g, uint64_t h)
{
    uint64_t b = h >> (64 - UN_GAZ_TOWN_FILTER_BITS);
    return g->town_filter && ((g->town_filter[b >> 6] >> (b & 63)) & 1);
}

/* Asks for the filter's word that un_gaz_town_may_be(g, h) reads. */
static inline void un_gaz_town_prefetch(const un_gazetteer *g, uint64_t h)
{
    if (g->town_filter)
        __builtin_prefetch(&g->town_filter[h >> (64 - UN_GAZ_TOWN_FILTER_BITS + 6)]);
}

/* The towns named s[0..n), whose un_gaz_town_hash is h, as a chain
 * through town.next; -1 when none. */
int32_t un_gaz_towns_named(const un_gazetteer *g, const char *s, size_t n, uint64_t h);

/* The longest word of list l starting at p, or NULL. */
static inline const un_word *un_gaz_word_at(const un_gazetteer *g, gaz_list l, const char *p,
                                            const char *end)
{
    return un_wordset_at(&g->lists[l], p, end);
}

/* The longest word of list l starting at p whose first code point cp,
 * decoded by the caller, ends at q (p < q <= end), or NULL. */
static inline const un_word *un_gaz_word_at_cp(const un_gazetteer *g, gaz_list l, uint32_t cp,
                                               const char *p, const char *q, const char *end)
{
    return un_wordset_at_cp(&g->lists[l], cp, p, q, end);
}

/* The length of the longest word of list l at p, whose first code point
 * cp the caller decoded (it ends at q), or 0; as un_wordset_len_from, for
 * a list asked at most characters. */
static inline size_t un_gaz_len_from(const un_gazetteer *g, gaz_list l, uint32_t cp,
                                     const char *p, const char *q, const char *end)
{
    return un_wordset_len_from(&g->lists[l], cp, p, q, end);
}

/* The longest word of list l ending at end, or NULL. */
static inline const un_word *un_gaz_word_before(const un_gazetteer *g, gaz_list l,
                                                const char *start, const char *end)
{
    return un_wordset_before(&g->lists[l], start, end);
}

/* The same, where the caller has decoded the last code point cp, which
 * starts at q (start <= q < end). */
static inline const un_word *un_gaz_word_ending(const un_gazetteer *g, gaz_list l,
                                                const char *start, const char *q,
                                                const char *end, uint32_t cp)
{
    return un_wordset_ending(&g->lists[l], start, q, end, cp);
}

/* Can a word of list l start with code point cp? */
static inline int un_gaz_may_start(const un_gazetteer *g, gaz_list l, uint32_t cp)
{
    return un_cp_bitmap_has(&g->starts[l], cp);
}

/* Copies n bytes of text into out with traditional characters folded to
 * simplified ones; byte offsets stay the same. */
void un_gaz_fold(const un_gazetteer *g, const char *text, size_t n, char *out);
/* Folds text[0..n) (valid UTF-8) into out (n bytes) as the automaton
 * folds it when it matches names, so that matching the names byte for
 * byte in out finds what un_ac_scan finds in text, at the same offsets.
 * Returns 0, writing nothing, where that cannot be done (then the
 * automaton must scan). */
int un_gaz_scan_fold(const un_gazetteer *g, const char *text, size_t n, char *out);

/* Is a an ancestor of (or equal to) b? */
int un_gaz_within(const un_gazetteer *g, int32_t b, int32_t a);

#endif
