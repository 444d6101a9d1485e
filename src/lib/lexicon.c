/* lexicon.c: owns the parsed form of the embedded word lists. Lookups are
 * by the first byte of the word, then longest match over a short bucket:
 * the lists hold tens to hundreds of words and are consulted only at the
 * few places a rule asks (a line's start or end, a byline), never per byte
 * of the text. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "lexicon.h"

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

/* Words bucketed by their first byte (and, for word_before, last byte). */
typedef struct wordset {
    un_vec by_first[256]; /* of word */
    un_vec by_last[256];
} wordset;

struct un_lexicon {
    wordset roles;
    wordset lists[UN_WL_COUNT];
    wordset surnames;
};

static void wordset_init(wordset *ws)
{
    for (int i = 0; i < 256; i++) {
        un_vec_init(&ws->by_first[i], sizeof(word));
        un_vec_init(&ws->by_last[i], sizeof(word));
    }
}

static void wordset_add(wordset *ws, const char *s, size_t len, int tag)
{
    if (len == 0)
        return;
    word *w = un_vec_push(&ws->by_first[(unsigned char)s[0]]);
    w->s = s;
    w->len = len;
    w->tag = tag;
    w = un_vec_push(&ws->by_last[(unsigned char)s[len - 1]]);
    w->s = s;
    w->len = len;
    w->tag = tag;
}

static const word *longest_at(const wordset *ws, const char *p, const char *end)
{
    if (p >= end)
        return NULL;
    const un_vec *v = &ws->by_first[(unsigned char)*p];
    const word *best = NULL;
    size_t room = (size_t)(end - p);
    for (size_t i = 0; i < v->len; i++) {
        const word *w = &UN_VEC_AT(v, word, i);
        if (w->len <= room && (!best || w->len > best->len) && memcmp(p, w->s, w->len) == 0)
            best = w;
    }
    return best;
}

static const word *longest_before(const wordset *ws, const char *start, const char *end)
{
    if (end <= start)
        return NULL;
    const un_vec *v = &ws->by_last[(unsigned char)end[-1]];
    const word *best = NULL;
    size_t room = (size_t)(end - start);
    for (size_t i = 0; i < v->len; i++) {
        const word *w = &UN_VEC_AT(v, word, i);
        if (w->len <= room && (!best || w->len > best->len) &&
            memcmp(end - w->len, w->s, w->len) == 0)
            best = w;
    }
    return best;
}

/* Calls fn for each non-comment line of an embedded file with its fields
 * split at the first tab (field 2 empty when there is none). */
static void each_line(const char *data, size_t n,
                      void (*fn)(void *ctx, const char *a, size_t alen, const char *b, size_t blen),
                      void *ctx)
{
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (le > p && le[-1] == '\r')
            le--;
        if (le > p && *p != '#') {
            const char *tab = memchr(p, '\t', (size_t)(le - p));
            if (tab)
                fn(ctx, p, (size_t)(tab - p), tab + 1, (size_t)(le - tab - 1));
            else
                fn(ctx, p, (size_t)(le - p), "", 0);
        }
        p = nl ? nl + 1 : end;
    }
}

static int field_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static void add_role(void *ctx, const char *a, size_t alen, const char *b, size_t blen)
{
    un_lexicon *lx = ctx;
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
}

static void add_reader_word(void *ctx, const char *a, size_t alen, const char *b, size_t blen)
{
    static const char *const names[UN_WL_COUNT] = {"meta",  "author",  "end",    "outlet",
                                                   "time",  "caption", "report", "dateline"};
    un_lexicon *lx = ctx;
    for (int i = 0; i < UN_WL_COUNT; i++) {
        if (field_is(a, alen, names[i])) {
            wordset_add(&lx->lists[i], b, blen, i);
            return;
        }
    }
    fprintf(stderr, "unionnews: data/reader.tsv: unknown list '%.*s'\n", (int)alen, a);
    abort();
}

static void add_surname(void *ctx, const char *a, size_t alen, const char *b, size_t blen)
{
    (void)b;
    (void)blen;
    un_lexicon *lx = ctx;
    wordset_add(&lx->surnames, a, alen, 0);
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
    each_line(un_data_roles, un_data_roles_len, add_role, lx);
    each_line(un_data_reader, un_data_reader_len, add_reader_word, lx);
    each_line(un_data_surnames, un_data_surnames_len, add_surname, lx);
    the_lexicon = lx;
}

const un_lexicon *un_lexicon_default(void)
{
    pthread_once(&once, build);
    return the_lexicon;
}

un_role_pos un_lex_role_at(const un_lexicon *lx, const char *p, const char *end, size_t *len)
{
    const word *w = longest_at(&lx->roles, p, end);
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
