/* lexicon.c: owns the parsed form of the embedded word lists: each list
 * indexed by the first and by the last code point of its words, so that a
 * lookup at a position costs one hash probe when no word starts there. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "lexicon.h"
#include "text.h"

extern const char un_data_roles[];
extern const size_t un_data_roles_len;
extern const char un_data_reader[];
extern const size_t un_data_reader_len;
extern const char un_data_surnames[];
extern const size_t un_data_surnames_len;

typedef struct word {
    const char *s;
    size_t len;
    int tag; /* role position, or unused */
} word;

/* Words indexed by a code point (their first, or their last): an open
 * addressing table from the code point to a run of words, longest first,
 * in one array. Most characters of a text start no word at all, so most
 * lookups end at one empty slot. */
typedef struct index_slot {
    uint32_t cp;    /* 0: empty */
    uint32_t start; /* first word of the run in words */
    uint32_t count;
} index_slot;

typedef struct word_index {
    word *words;
    size_t nwords;
    index_slot *slot;
    size_t cap; /* a power of two */
} word_index;

typedef struct wordset {
    un_vec pending;    /* of word, until built */
    word_index first;  /* by first code point */
    word_index last;   /* by last code point */
} wordset;

struct un_lexicon {
    wordset roles;
    wordset lists[UN_WL_COUNT];
    wordset surnames;
    un_lex_bitmap byline_starts;
    un_lex_bitmap meta_starts;
};

static uint32_t first_cp(const char *s, size_t len)
{
    const char *p = s;
    return un_utf8_next(&p, s + len);
}

static uint32_t last_cp(const char *s, size_t len)
{
    const char *e = s + len;
    return un_utf8_prev(s, &e);
}

static size_t slot_of(const word_index *ix, uint32_t cp)
{
    size_t h = (size_t)((cp * 0x9E3779B1u) >> 7) & (ix->cap - 1);
    while (ix->slot[h].cp && ix->slot[h].cp != cp)
        h = (h + 1) & (ix->cap - 1);
    return h;
}

static int by_key_then_length(const void *a, const void *b, int use_last)
{
    const word *x = a, *y = b;
    uint32_t kx = use_last ? last_cp(x->s, x->len) : first_cp(x->s, x->len);
    uint32_t ky = use_last ? last_cp(y->s, y->len) : first_cp(y->s, y->len);
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return 0;
}

static int cmp_first(const void *a, const void *b)
{
    return by_key_then_length(a, b, 0);
}

static int cmp_last(const void *a, const void *b)
{
    return by_key_then_length(a, b, 1);
}

static void index_build(word_index *ix, const un_vec *pending, int use_last)
{
    ix->nwords = pending->len;
    ix->words = un_xmalloc((pending->len ? pending->len : 1) * sizeof(word));
    if (pending->len)
        memcpy(ix->words, pending->data, pending->len * sizeof(word));
    un_sort(ix->words, ix->nwords, sizeof(word), use_last ? cmp_last : cmp_first);
    ix->cap = 16;
    while (ix->cap < 2 * ix->nwords)
        ix->cap *= 2;
    ix->slot = un_xcalloc(ix->cap, sizeof(index_slot));
    for (size_t i = 0; i < ix->nwords; i++) {
        const word *w = &ix->words[i];
        uint32_t cp = use_last ? last_cp(w->s, w->len) : first_cp(w->s, w->len);
        index_slot *sl = &ix->slot[slot_of(ix, cp)];
        if (!sl->cp) {
            sl->cp = cp;
            sl->start = (uint32_t)i;
        }
        sl->count++;
    }
}

static void wordset_init(wordset *ws)
{
    memset(ws, 0, sizeof *ws);
    un_vec_init(&ws->pending, sizeof(word));
}

static void wordset_add(wordset *ws, const char *s, size_t len, int tag)
{
    if (len == 0)
        return;
    word *w = un_vec_push(&ws->pending);
    w->s = s;
    w->len = len;
    w->tag = tag;
}

/* Sets the bits of the first code points of the words of ws (before it is
 * built). */
static void mark_starts(const wordset *ws, un_lex_bitmap *bm)
{
    for (size_t i = 0; i < ws->pending.len; i++) {
        const word *w = &UN_VEC_AT(&ws->pending, word, i);
        uint32_t cp = first_cp(w->s, w->len);
        if (cp < 65536)
            bm->bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
    }
}

static void wordset_build(wordset *ws)
{
    index_build(&ws->first, &ws->pending, 0);
    index_build(&ws->last, &ws->pending, 1);
    un_vec_release(&ws->pending);
}

static const word *longest_at(const wordset *ws, const char *p, const char *end)
{
    if (p >= end)
        return NULL;
    const word_index *ix = &ws->first;
    const char *q = p;
    uint32_t cp = un_utf8_next(&q, end);
    const index_slot *sl = &ix->slot[slot_of(ix, cp)];
    if (!sl->cp)
        return NULL;
    size_t room = (size_t)(end - p);
    for (uint32_t k = 0; k < sl->count; k++) {
        const word *w = &ix->words[sl->start + k];
        if (w->len <= room && memcmp(p, w->s, w->len) == 0)
            return w; /* longest first */
    }
    return NULL;
}

static const word *longest_before(const wordset *ws, const char *start, const char *end)
{
    if (end <= start)
        return NULL;
    const word_index *ix = &ws->last;
    const char *q = end;
    uint32_t cp = un_utf8_prev(start, &q);
    const index_slot *sl = &ix->slot[slot_of(ix, cp)];
    if (!sl->cp)
        return NULL;
    size_t room = (size_t)(end - start);
    for (uint32_t k = 0; k < sl->count; k++) {
        const word *w = &ix->words[sl->start + k];
        if (w->len <= room && memcmp(end - w->len, w->s, w->len) == 0)
            return w;
    }
    return NULL;
}

static int field_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int add_role(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    un_lexicon *lx = ctx;
    const char *a = f[0].ptr, *b = nf > 1 ? f[1].ptr : "";
    size_t alen = f[0].len, blen = nf > 1 ? f[1].len : 0;
    int tag = field_is(b, blen, "pre")    ? UN_ROLE_PRE
              : field_is(b, blen, "post") ? UN_ROLE_POST
              : field_is(b, blen, "both") ? UN_ROLE_BOTH
              : field_is(b, blen, "noise") ? UN_ROLE_NOISE
                                          : UN_ROLE_NONE;
    if (tag == UN_ROLE_NONE) {
        fprintf(stderr, "unionnews: data/roles.tsv: unknown position '%.*s'\n", (int)blen, b);
        abort();
    }
    wordset_add(&lx->roles, a, alen, tag);
    return 0;
}

static int add_reader_word(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    const char *a = f[0].ptr, *b = nf > 1 ? f[1].ptr : "";
    size_t alen = f[0].len, blen = nf > 1 ? f[1].len : 0;
    static const char *const names[UN_WL_COUNT] = {
        "meta",   "author",   "end",      "outlet", "time",  "caption",
        "report", "dateline", "nonstart", "jumpin", "jumpout"};
    un_lexicon *lx = ctx;
    for (int i = 0; i < UN_WL_COUNT; i++) {
        if (field_is(a, alen, names[i])) {
            wordset_add(&lx->lists[i], b, blen, i);
            return 0;
        }
    }
    fprintf(stderr, "unionnews: data/reader.tsv: unknown list '%.*s'\n", (int)alen, a);
    abort();
}


static int add_surname(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    (void)nf;
    un_lexicon *lx = ctx;
    wordset_add(&lx->surnames, f[0].ptr, f[0].len, 0);
    return 0;
}

static un_lexicon *the_lexicon;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    un_lexicon *lx = un_xcalloc(1, sizeof *lx);
    wordset_init(&lx->roles);
    wordset_init(&lx->surnames);
    for (int i = 0; i < UN_WL_COUNT; i++)
        wordset_init(&lx->lists[i]);
    un_tsv_each(un_data_roles, un_data_roles_len, add_role, lx);
    un_tsv_each(un_data_reader, un_data_reader_len, add_reader_word, lx);
    un_tsv_each(un_data_surnames, un_data_surnames_len, add_surname, lx);
    mark_starts(&lx->roles, &lx->byline_starts);
    mark_starts(&lx->lists[UN_WL_REPORT], &lx->byline_starts);
    mark_starts(&lx->lists[UN_WL_META], &lx->meta_starts);
    mark_starts(&lx->lists[UN_WL_END], &lx->meta_starts);
    wordset_build(&lx->roles);
    wordset_build(&lx->surnames);
    for (int i = 0; i < UN_WL_COUNT; i++)
        wordset_build(&lx->lists[i]);
    the_lexicon = lx;
}

const un_lexicon *un_lexicon_default(void)
{
    pthread_once(&once, build);
    return the_lexicon;
}

const un_lex_bitmap *un_lex_byline_starts(const un_lexicon *lx)
{
    return &lx->byline_starts;
}

const un_lex_bitmap *un_lex_meta_starts(const un_lexicon *lx)
{
    return &lx->meta_starts;
}

un_role_pos un_lex_role_at(const un_lexicon *lx, const char *p, const char *end, size_t *len)
{
    const word *w = longest_at(&lx->roles, p, end);
    if (!w)
        return UN_ROLE_NONE;
    *len = w->len;
    return (un_role_pos)w->tag;
}

un_role_pos un_lex_role_before(const un_lexicon *lx, const char *start, const char *end,
                               size_t *len)
{
    const word *w = longest_before(&lx->roles, start, end);
    if (!w)
        return UN_ROLE_NONE;
    *len = w->len;
    return (un_role_pos)w->tag;
}

int un_lex_word_at(const un_lexicon *lx, un_wordlist wl, const char *p, const char *end,
                   size_t *len)
{
    const word *w = longest_at(&lx->lists[wl], p, end);
    if (!w)
        return 0;
    *len = w->len;
    return 1;
}

int un_lex_word_before(const un_lexicon *lx, un_wordlist wl, const char *start,
                       const char *end, size_t *len)
{
    const word *w = longest_before(&lx->lists[wl], start, end);
    if (!w)
        return 0;
    *len = w->len;
    return 1;
}

int un_lex_surname_at(const un_lexicon *lx, const char *p, const char *end, size_t *len)
{
    const word *w = longest_at(&lx->surnames, p, end);
    if (!w)
        return 0;
    *len = w->len;
    return 1;
}
