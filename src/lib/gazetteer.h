/* gazetteer.h: the inside of a gazetteer, shared by gazetteer.c (which
 * builds it) and index.c (which reads it). */
#ifndef UN_GAZETTEER_H
#define UN_GAZETTEER_H

#include <stdint.h>

#include "acmatch.h"
#include "internal.h"
#include "unionnews/index.h"

enum { LEVEL_PROVINCE = 0, LEVEL_PREFECTURE = 1, LEVEL_COUNTY = 2, LEVEL_TOWN = 3 };

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
    un_ac *ac;
    town *towns;
    size_t ntowns;
    int32_t *town_slot;  /* open addressing by name: first town, or -1 */
    size_t town_cap;
    size_t town_alloc;   /* towns allocated */
    int32_t *code_slot;  /* open addressing by code: place index, or -1 */
    size_t code_cap;
    /* Town suffixes and organisation heads, as automata too small to need
     * one: lists of words. */
    un_vec town_suffixes; /* of un_str */
    un_vec org_words;     /* of un_str */
    size_t max_town_chars;
    uint32_t town_suffix_first[8]; /* first code points of the suffixes */
    size_t n_town_suffix_first;
    /* Words that cross the edge of a name (data/crosswords.tsv). */
    un_str *cross;
    uint32_t *cross_freq;
    size_t cross_cap;
    char source[256];
};

/* If s[0..n) is a word that can cross a name's edge, its jieba count;
 * else 0. */
uint32_t un_gaz_crossword(const un_gazetteer *g, const char *s, size_t n);

/* The towns of that name, as a chain through town.next; -1 when none. */
int32_t un_gaz_towns_named(const un_gazetteer *g, const char *s, size_t n);

/* Is a an ancestor of (or equal to) b? */
int un_gaz_within(const un_gazetteer *g, int32_t b, int32_t a);

#endif
