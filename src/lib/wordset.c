/* wordset.c: owns the word sets of wordset.h. */
#include <stdlib.h>

#include "text.h"
#include "wordset.h"

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

/* Short compares, inline: words are a few characters long. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The n <= 8 bytes at p as one word, placed first (at_end 0) or last
 * (at_end 1) in its 8 bytes, the others zero; masks likewise. By bytes in
 * memory, so the machine's byte order does not matter. */
static inline uint64_t load_upto8(const char *p, size_t n, int at_end)
{
    uint64_t x;
    if (n >= 8) {
        memcpy(&x, p, 8);
        return x;
    }
    unsigned char b[8] = {0};
    memcpy(b + (at_end ? 8 - n : 0), p, n);
    memcpy(&x, b, 8);
    return x;
}

static uint64_t mask_of(size_t n, int at_end)
{
    unsigned char b[8] = {0};
    if (n > 8)
        n = 8;
    memset(b + (at_end ? 8 - n : 0), 0xFF, n);
    uint64_t m;
    memcpy(&m, b, 8);
    return m;
}

/* Notes the bytes of w next to its key code point (of k bytes): the first
 * up to 8 after it, or the last up to 8 before it. */
static void set_near(un_word *w, size_t k, int use_last)
{
    size_t rest = w->len - k, n = rest < 8 ? rest : 8;
    w->near = load_upto8(use_last ? w->s + rest - n : w->s + k, n, use_last);
    w->near_mask = mask_of(n, use_last);
}

static size_t slot_of(const un_word_index *ix, uint32_t cp)
{
    size_t h = (size_t)((cp * 0x9E3779B1u) >> 7) & (ix->cap - 1);
    while (ix->slot[h].cp && ix->slot[h].cp != cp)
        h = (h + 1) & (ix->cap - 1);
    return h;
}

static int by_key_then_length(const void *a, const void *b, int use_last)
{
    const un_word *x = a, *y = b;
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

static void index_build(un_word_index *ix, const un_vec *pending, int use_last)
{
    ix->nwords = pending->len;
    ix->words = un_xmalloc((pending->len ? pending->len : 1) * sizeof(un_word));
    if (pending->len)
        memcpy(ix->words, pending->data, pending->len * sizeof(un_word));
    un_sort(ix->words, ix->nwords, sizeof(un_word), use_last ? cmp_last : cmp_first);
    ix->cap = 16;
    while (ix->cap < 2 * ix->nwords)
        ix->cap *= 2;
    ix->slot = un_xcalloc(ix->cap, sizeof(un_word_slot));
    for (size_t i = 0; i < ix->nwords; i++) {
        un_word *w = &ix->words[i];
        uint32_t cp = use_last ? last_cp(w->s, w->len) : first_cp(w->s, w->len);
        set_near(w, un_utf8_size(cp), use_last);
        un_word_slot *sl = &ix->slot[slot_of(ix, cp)];
        ix->filter[(cp >> 6) & 15] |= (uint64_t)1 << (cp & 63);
        if (!sl->cp) {
            sl->cp = cp;
            sl->start = (uint32_t)i;
        }
        sl->count++;
    }
}

void un_wordset_init(un_wordset *ws)
{
    memset(ws, 0, sizeof *ws);
    un_vec_init(&ws->pending, sizeof(un_word));
}

void un_wordset_release(un_wordset *ws)
{
    un_vec_release(&ws->pending);
    free(ws->first.words);
    free(ws->first.slot);
    free(ws->last.words);
    free(ws->last.slot);
    free(ws->single);
    memset(ws, 0, sizeof *ws);
}

void un_wordset_add(un_wordset *ws, const char *s, size_t len, int tag)
{
    if (len == 0)
        return;
    un_word *w = UN_VEC_PUSH(&ws->pending, un_word);
    w->s = s;
    w->len = len;
    w->tag = tag;
}

void un_wordset_build(un_wordset *ws, un_cp_bitmap *starts)
{
    ws->starts = starts;
    if (starts)
        for (size_t i = 0; i < ws->pending.len; i++) {
            const un_word *w = &UN_VEC_AT(&ws->pending, un_word, i);
            un_cp_bitmap_set(starts, first_cp(w->s, w->len));
        }
    index_build(&ws->first, &ws->pending, 0);
    index_build(&ws->last, &ws->pending, 1);
    un_vec_release(&ws->pending);
}

void un_wordset_note_singles(un_wordset *ws)
{
    un_cp_bitmap *longer = un_xcalloc(1, sizeof *longer);
    ws->single = un_xcalloc(1, sizeof *ws->single);
    for (size_t i = 0; i < ws->first.nwords; i++) {
        const un_word *w = &ws->first.words[i];
        const char *q = w->s;
        uint32_t c = un_utf8_next(&q, w->s + w->len);
        un_cp_bitmap_set(q == w->s + w->len ? ws->single : longer, c);
    }
    for (size_t k = 0; k < sizeof longer->bits / sizeof longer->bits[0]; k++)
        ws->single->bits[k] &= ~longer->bits[k];
    free(longer);
}

size_t un_wordset_size(const un_wordset *ws)
{
    return ws->first.nwords;
}

const un_word *un_wordset_probe_at(const un_wordset *ws, uint32_t cp, const char *p,
                                   const char *q, const char *end)
{
    const un_word_index *ix = &ws->first;
    const un_word_slot *sl = &ix->slot[slot_of(ix, cp)];
    if (!sl->cp)
        return NULL;
    /* Every word of the slot starts with cp: compare what follows it,
     * the first 8 bytes in the index itself. */
    size_t room = (size_t)(end - p), k0 = (size_t)(q - p);
    uint64_t next = load_upto8(q, room - k0 < 8 ? room - k0 : 8, 0);
    for (uint32_t k = 0; k < sl->count; k++) {
        const un_word *w = &ix->words[sl->start + k];
        if (w->len <= room && ((next ^ w->near) & w->near_mask) == 0 &&
            (w->len <= k0 + 8 || same_bytes(p + k0 + 8, w->s + k0 + 8, w->len - k0 - 8)))
            return w; /* longest first */
    }
    return NULL;
}

const un_word *un_wordset_probe_before(const un_wordset *ws, uint32_t cp, const char *start,
                                       const char *q, const char *end)
{
    const un_word_index *ix = &ws->last;
    const un_word_slot *sl = &ix->slot[slot_of(ix, cp)];
    if (!sl->cp)
        return NULL;
    /* Every word of the slot ends with cp: compare what precedes it, the
     * last 8 bytes in the index itself. */
    size_t room = (size_t)(end - start), k0 = (size_t)(end - q);
    size_t avail = room - k0 < 8 ? room - k0 : 8;
    uint64_t prev = load_upto8(q - avail, avail, 1);
    for (uint32_t k = 0; k < sl->count; k++) {
        const un_word *w = &ix->words[sl->start + k];
        size_t rest = w->len - k0;
        if (w->len <= room && ((prev ^ w->near) & w->near_mask) == 0 &&
            (rest <= 8 || same_bytes(end - w->len, w->s, rest - 8)))
            return w;
    }
    return NULL;
}
