/* lexicon.c: owns the parsed form of the reader's embedded word lists, as
 * word sets (wordset.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "lexicon.h"
#include "text.h"
#include "wordset.h"

extern const char un_data_roles[];
extern const size_t un_data_roles_len;
extern const char un_data_reader[];
extern const size_t un_data_reader_len;
extern const char un_data_surnames[];
extern const size_t un_data_surnames_len;

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
    un_wordset_add(&lx->roles, a, alen, tag);
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
            un_wordset_add(&lx->lists[i], b, blen, i);
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
    un_wordset_add(&lx->surnames, f[0].ptr, f[0].len, 0);
    const char *q = f[0].ptr, *end = f[0].ptr + f[0].len;
    if (q == end)
        return 0;
    uint32_t c = un_utf8_next(&q, end);
    if (q == end)
        un_cp_bitmap_set(&lx->surname_alone, c);
    else
        un_cp_bitmap_set(&lx->surname_second, un_utf8_next(&q, end));
    return 0;
}

static un_lexicon *the_lexicon;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    un_lexicon *lx = un_xcalloc(1, sizeof *lx);
    un_wordset_init(&lx->roles);
    un_wordset_init(&lx->surnames);
    for (int i = 0; i < UN_WL_COUNT; i++)
        un_wordset_init(&lx->lists[i]);
    un_tsv_each(un_data_roles, un_data_roles_len, add_role, lx);
    un_tsv_each(un_data_reader, un_data_reader_len, add_reader_word, lx);
    un_tsv_each(un_data_surnames, un_data_surnames_len, add_surname, lx);
    un_wordset_build(&lx->roles, &lx->byline_starts);
    un_wordset_build(&lx->surnames, &lx->surname_starts);
    /* Most surnames are one character that begins no longer one. */
    un_wordset_note_singles(&lx->surnames);
    for (int i = 0; i < UN_WL_COUNT; i++) {
        un_cp_bitmap *bm = i == UN_WL_REPORT                   ? &lx->byline_starts
                           : (i == UN_WL_META || i == UN_WL_END) ? &lx->meta_starts
                           : i == UN_WL_DATELINE                 ? &lx->dateline_starts
                                                                 : NULL;
        un_wordset_build(&lx->lists[i], bm);
    }
    the_lexicon = lx;
}

const un_lexicon *un_lexicon_default(void)
{
    pthread_once(&once, build);
    return the_lexicon;
}

const un_cp_bitmap *un_lex_byline_starts(const un_lexicon *lx)
{
    return &lx->byline_starts;
}

const un_cp_bitmap *un_lex_meta_starts(const un_lexicon *lx)
{
    return &lx->meta_starts;
}

const un_cp_bitmap *un_lex_surname_starts(const un_lexicon *lx)
{
    return &lx->surname_starts;
}

int un_lex_surname_at(const un_lexicon *lx, const char *p, const char *end, size_t *len)
{
    if (p >= end)
        return 0;
    const char *q = p;
    uint32_t c = un_utf8_next(&q, end);
    /* Most surnames: a character that begins no longer one. */
    if (c < 0x10000 && un_cp_bitmap_has(lx->surnames.single, c) &&
        (size_t)(q - p) == un_utf8_size(c)) {
        *len = (size_t)(q - p);
        return 1;
    }
    /* A compound surname (上官) needs its second character next: where no
     * compound's second character follows, the surname is the character
     * alone or none, without a probe. The bitmaps hold the Basic
     * Multilingual Plane. */
    if (c < 0x10000 && un_cp_bitmap_has(&lx->surname_starts, c)) {
        const char *r = q;
        if (q == end || !un_cp_bitmap_has(&lx->surname_second, un_utf8_next(&r, end))) {
            if (!un_cp_bitmap_has(&lx->surname_alone, c))
                return 0;
            *len = (size_t)(q - p);
            return 1;
        }
    }
    size_t n = un_wordset_len_from(&lx->surnames, c, p, q, end);
    if (!n)
        return 0;
    *len = n;
    return 1;
}
