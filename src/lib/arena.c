/* arena.c: allocation that aborts on exhaustion, growable buffers and
 * vectors, the bump arena that holds one page's record strings, and the
 * search of one needle in many texts. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

static void out_of_memory(size_t n)
{
    fprintf(stderr, "unionnews: out of memory (%zu bytes)\n", n);
    abort();
}

void *un_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *un_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *un_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

/* What an empty buffer or vector points at: never NULL, so that data + 0
 * is always defined (C forbids arithmetic on a null pointer). Nothing is
 * ever written there: the first growth allocates. */
static max_align_t empty_storage;

void un_buf_init(un_buf *b)
{
    b->data = (char *)&empty_storage;
    b->len = 0;
    b->cap = 0;
}

void un_buf_release(un_buf *b)
{
    if (b->cap)
        free(b->data);
    un_buf_init(b);
}

char *un_buf_grow(un_buf *b, size_t extra)
{
    if (b->cap - b->len < extra) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < extra) {
            if (cap > SIZE_MAX / 2)
                out_of_memory(SIZE_MAX);
            cap *= 2;
        }
        b->data = b->cap ? un_xrealloc(b->data, cap) : un_xmalloc(cap);
        b->cap = cap;
    }
    return b->data + b->len;
}

void un_vec_init(un_vec *v, size_t item_size)
{
    v->data = &empty_storage;
    v->len = 0;
    v->cap = 0;
    v->size = item_size;
}

void un_vec_release(un_vec *v)
{
    if (v->cap)
        free(v->data);
    v->data = &empty_storage;
    v->len = v->cap = 0;
}

void *un_vec_take(un_vec *v)
{
    void *data = v->cap ? v->data : NULL;
    un_vec_init(v, v->size);
    return data;
}

/* Makes room for `need` items in all, doubling the capacity. */
void un_vec_reserve(un_vec *v, size_t need)
{
    if (need <= v->cap)
        return;
    size_t cap = v->cap ? v->cap : 16;
    while (cap < need)
        cap *= 2;
    v->data = v->cap ? un_xrealloc(v->data, cap * v->size) : un_xmalloc(cap * v->size);
    v->cap = cap;
}

void un_vec_grow(un_vec *v)
{
    un_vec_reserve(v, v->len + 1);
}

void un_vec_append(un_vec *v, const void *items, size_t n)
{
    if (!n)
        return;
    un_vec_reserve(v, v->len + n);
    memcpy((char *)v->data + v->len * v->size, items, n * v->size);
    v->len += n;
}

void un_vec_push_zeroes(un_vec *v, size_t n)
{
    un_vec_reserve(v, v->len + n);
    memset((char *)v->data + v->len * v->size, 0, n * v->size);
    v->len += n;
}

struct un_arena_chunk {
    un_arena_chunk *next;
    size_t used;
    size_t cap;
    /* The payload follows, aligned for any type. */
    max_align_t payload[];
};

void un_arena_init(un_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
}

void un_arena_release(un_arena *a)
{
    un_arena_chunk *c = a->head;
    while (c) {
        un_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

void un_arena_reset(un_arena *a)
{
    if (!a->head)
        return;
    /* Keep one chunk of the default size, so that a page that needed a
     * huge block does not pin it for every page after. */
    un_arena_chunk *c = a->head, *keep = NULL;
    while (c) {
        un_arena_chunk *next = c->next;
        if (!keep && c->cap == a->chunk_size)
            keep = c;
        else
            free(c);
        c = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

void *un_arena_alloc(un_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    un_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > a->chunk_size ? n : a->chunk_size;
        c = un_xmalloc(sizeof(un_arena_chunk) + cap);
        c->used = 0;
        c->cap = cap;
        if (a->head && n > a->chunk_size && a->head->cap - a->head->used >= align) {
            /* A large one-off block: put it behind the current chunk so
             * the current chunk's free space is not wasted. */
            c->next = a->head->next;
            a->head->next = c;
            c->used = n;
            return c->payload;
        }
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->payload + c->used;
    c->used += n;
    return p;
}

const char *un_arena_dup(un_arena *a, const char *s, size_t n)
{
    char *p = un_arena_alloc(a, n ? n : 1);
    if (n)
        memcpy(p, s, n);
    return p;
}

/* The hash of a byte pair: the first byte's low six bits above the
 * second's, so that pairs of continuation bytes (most of CJK text) spread
 * over the table. */
static inline unsigned pair_hash(unsigned char a, unsigned char b)
{
    return ((unsigned)a << 2 ^ b) & 255u;
}

/* shift[h]: how far the needle's last pair of bytes with the hash h ends
 * before the needle's end (n - 1 where no pair has it). A window whose
 * last two bytes hash to h moves on by that much: a match ending closer
 * would hold those bytes where the needle holds no pair of the hash.
 * `again` is the same for the hash of the needle's own last pair, that
 * pair left out: the move after a window that ends so but is no match. */
void un_needle_init(un_needle *nd, const char *p, size_t n)
{
    assert(n >= 2 && n <= 255);
    nd->p = (const unsigned char *)p;
    nd->n = n;
    memset(nd->shift, (int)(n - 1), sizeof nd->shift);
    nd->again = n - 1;
    unsigned last = pair_hash(nd->p[n - 2], nd->p[n - 1]);
    for (size_t i = 0; i + 2 <= n; i++) {
        unsigned h = pair_hash(nd->p[i], nd->p[i + 1]);
        nd->shift[h] = (unsigned char)(n - 2 - i);
        if (h == last && i + 2 < n)
            nd->again = n - 2 - i;
    }
}

const char *un_needle_find(const un_needle *nd, const char *s, size_t len)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t n = nd->n;
    if (len < n)
        return NULL;
    for (size_t at = 0; at <= len - n;) {
        size_t k = nd->shift[pair_hash(t[at + n - 2], t[at + n - 1])];
        if (k) {
            at += k;
            continue;
        }
        if (memcmp(t + at, nd->p, n) == 0)
            return s + at;
        at += nd->again;
    }
    return NULL;
}

int un_tsv_each(const char *data, size_t n, un_tsv_fn fn, void *ctx)
{
    const char *p = data, *end = data + n;
    size_t lineno = 0;
    while (p < end) {
        lineno++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (le > p && le[-1] == '\r')
            le--;
        if (le > p && *p != '#') {
            un_str f[UN_TSV_MAX_FIELDS];
            size_t nf = 0;
            const char *q = p;
            for (;;) {
                const char *tab = nf + 1 < UN_TSV_MAX_FIELDS ? memchr(q, '\t', (size_t)(le - q)) : NULL;
                const char *fe = tab ? tab : le;
                f[nf].ptr = q;
                f[nf].len = (size_t)(fe - q);
                nf++;
                if (!tab)
                    break;
                q = tab + 1;
            }
            int rc = fn(ctx, lineno, f, nf);
            if (rc)
                return rc;
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}
