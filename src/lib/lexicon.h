/* lexicon.h: the reader's word lists (data/roles.tsv, data/reader.tsv,
 * data/surnames.txt), compiled into the binary and parsed once. */
#ifndef UN_LEXICON_H
#define UN_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "wordset.h"

/* Where a byline role stands relative to the names it applies to. */
typedef enum un_role_pos {
    UN_ROLE_NONE = 0,
    UN_ROLE_PRE = 1,   /* 记者杜成敏 */
    UN_ROLE_POST = 2,  /* 周建巨 摄 */
    UN_ROLE_BOTH = 3,  /* 摄影 */
    UN_ROLE_NOISE = 4  /* 本报 in 本报记者: dropped */
} un_role_pos;

/* The lists of data/reader.tsv. */
typedef enum un_wordlist {
    UN_WL_META = 0,
    UN_WL_AUTHOR,
    UN_WL_END,
    UN_WL_OUTLET,
    UN_WL_TIME,
    UN_WL_CAPTION,
    UN_WL_REPORT,
    UN_WL_DATELINE,
    UN_WL_NONSTART,
    UN_WL_JUMPIN,
    UN_WL_JUMPOUT,
    UN_WL_COUNT
} un_wordlist;

/* The lists as word sets. Its fields are here so that the lookups below,
 * asked at nearly every character of a line, stay inline up to the word
 * sets' filters; only lexicon.c writes them. */
typedef struct un_lexicon {
    un_wordset roles;
    un_wordset lists[UN_WL_COUNT];
    un_wordset surnames;
    un_cp_bitmap surname_starts;
    un_cp_bitmap surname_alone;  /* a surname by itself (欧 as well as 王) */
    un_cp_bitmap surname_second; /* the second character of a longer one */
    un_cp_bitmap byline_starts;
    un_cp_bitmap meta_starts;
    un_cp_bitmap dateline_starts;
} un_lexicon;

/* The lexicon built from the embedded data. Thread-safe; the object lives
 * until the process ends. */
const un_lexicon *un_lexicon_default(void);

/* A lookup's answer: 1 with *len set when a word was found. */
static inline int un_lex_found(const un_word *w, size_t *len)
{
    if (!w)
        return 0;
    *len = w->len;
    return 1;
}

/* If a role word starts at p, returns its position kind and sets *len to
 * the byte length of the longest such word; else returns UN_ROLE_NONE. */
static inline un_role_pos un_lex_role_at(const un_lexicon *lx, const char *p, const char *end,
                                         size_t *len)
{
    const un_word *w = un_wordset_at(&lx->roles, p, end);
    return un_lex_found(w, len) ? (un_role_pos)w->tag : UN_ROLE_NONE;
}

/* If a role word ends exactly at end, returns its position kind and sets
 * *len to the longest such word's length; else UN_ROLE_NONE. */
static inline un_role_pos un_lex_role_before(const un_lexicon *lx, const char *start,
                                             const char *end, size_t *len)
{
    const un_word *w = un_wordset_before(&lx->roles, start, end);
    return un_lex_found(w, len) ? (un_role_pos)w->tag : UN_ROLE_NONE;
}

/* If a word of list wl starts at p, returns 1 and sets *len to the longest. */
static inline int un_lex_word_at(const un_lexicon *lx, un_wordlist wl, const char *p,
                                 const char *end, size_t *len)
{
    return un_lex_found(un_wordset_at(&lx->lists[wl], p, end), len);
}

/* The same, where the caller has decoded the first code point cp at p,
 * which ends at q (p < q <= end). */
static inline int un_lex_word_at_cp(const un_lexicon *lx, un_wordlist wl, uint32_t cp,
                                    const char *p, const char *q, const char *end, size_t *len)
{
    return un_lex_found(un_wordset_at_cp(&lx->lists[wl], cp, p, q, end), len);
}

/* The length of the longest word of list wl at p, whose first code point
 * cp the caller decoded (it ends at q), or 0: for a list asked at most
 * characters, as un_wordset_len_from. */
static inline size_t un_lex_len_from(const un_lexicon *lx, un_wordlist wl, uint32_t cp,
                                     const char *p, const char *q, const char *end)
{
    return un_wordset_len_from(&lx->lists[wl], cp, p, q, end);
}

/* If a word of list wl ends exactly at end (start <= end), returns 1 and
 * sets *len to the longest such word's byte length. */
static inline int un_lex_word_before(const un_lexicon *lx, un_wordlist wl, const char *start,
                                     const char *end, size_t *len)
{
    return un_lex_found(un_wordset_before(&lx->lists[wl], start, end), len);
}

/* The code points that can start a role word or the byline's closing word
 * (报道): where the byline tokenizer must look a word up. */
const un_cp_bitmap *un_lex_byline_starts(const un_lexicon *lx);

/* The code points that can start a metadata key. */
const un_cp_bitmap *un_lex_meta_starts(const un_lexicon *lx);

/* If a surname (single or compound) starts at p, returns 1 and sets *len. */
int un_lex_surname_at(const un_lexicon *lx, const char *p, const char *end, size_t *len);
/* Is the character at p, of three bytes, a surname by itself that begins
 * no longer one? (Then it is the surname at p.) */
static inline int un_lex_single_surname3(const un_lexicon *lx, const char *p)
{
    return lx->surnames.single &&
           un_cp_bitmap_has(lx->surnames.single, un_utf8_decode3((const unsigned char *)p));
}
/* The code points a surname can start with. */
const un_cp_bitmap *un_lex_surname_starts(const un_lexicon *lx);

#endif
