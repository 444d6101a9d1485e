/* acmatch.c: owns the Aho-Corasick automaton of acmatch.h.
 *
 * Layout after un_ac_build, all flat arrays (no pointers between them):
 *   class map  code point -> class: 256 pages of 256 entries for the Basic
 *              Multilingual Plane (pages without a pattern character share
 *              one zero page), a sorted list for the planes above;
 *   goto       the root's transitions as a dense array over classes, every
 *              other state's as a sorted run of (class, next) pairs;
 *   fail       the failure link of each state;
 *   outputs    each state's run of (pattern id, length in code points),
 *              including the outputs of the states its failure chain
 *              reaches, so a match costs no walk up the chain.
 * Scanning is one pass: per code point one class lookup, then goto with
 * failure steps whose total is bounded by the text length. */
#include <stdlib.h>

#include "acmatch.h"
#include "internal.h"
#include "text.h"

/* Patterns longer than this (code points) are not matched. */
#define MAX_PATTERN 32

typedef struct edge {
    uint32_t state;
    uint32_t cls;
    uint32_t next;
} edge;

typedef struct out_entry {
    uint32_t id;
    uint32_t len; /* code points */
} out_entry;

typedef struct pat {
    size_t off, len; /* in text buffer */
    uint32_t id;
} pat;

typedef struct cp_class {
    uint32_t cp;
    uint32_t cls;
} cp_class;

struct un_ac {
    int built;
    /* builder */
    un_buf text;
    un_vec pats;      /* of pat */
    /* class map */
    uint16_t page_of[256];  /* BMP page -> index of its block in pages (0: zeros) */
    uint32_t *pages;        /* blocks of 256 classes */
    size_t npages;
    cp_class *astral;       /* sorted by cp */
    size_t nastral;
    uint32_t nclasses;      /* classes are 1..nclasses */
    /* automaton */
    size_t nstates;
    uint32_t *root;         /* nclasses + 1 entries */
    uint32_t *edge_start;   /* nstates + 1 */
    uint32_t *edge_cls;
    uint32_t *edge_next;
    uint32_t *fail;
    uint32_t *out_start;    /* nstates + 1 */
    out_entry *outs;
    /* All non-root transitions in one open-addressing table, so that a step
     * is one probe: key (state << 16 ^ class) + 1, 0 empty. */
    uint64_t *step_key;
    uint32_t *step_next;
    size_t step_cap;
};

un_ac *un_ac_new(void)
{
    un_ac *ac = un_xcalloc(1, sizeof *ac);
    un_buf_init(&ac->text);
    un_vec_init(&ac->pats, sizeof(pat));
    return ac;
}

void un_ac_free(un_ac *ac)
{
    if (!ac)
        return;
    un_buf_release(&ac->text);
    un_vec_release(&ac->pats);
    free(ac->pages);
    free(ac->astral);
    free(ac->root);
    free(ac->edge_start);
    free(ac->edge_cls);
    free(ac->edge_next);
    free(ac->fail);
    free(ac->out_start);
    free(ac->outs);
    free(ac->step_key);
    free(ac->step_next);
    free(ac);
}

void un_ac_add(un_ac *ac, const char *s, size_t n, uint32_t id)
{
    if (ac->built || n == 0)
        return;
    pat *p = UN_VEC_PUSH(&ac->pats, pat);
    p->off = ac->text.len;
    p->len = n;
    p->id = id;
    un_buf_append(&ac->text, s, n);
}

/* ---- the class map ---- */

static uint32_t class_lookup(const un_ac *ac, uint32_t cp)
{
    if (cp < 0x10000)
        return ac->pages[(size_t)ac->page_of[cp >> 8] * 256 + (cp & 255)];
    size_t lo;
    UN_PARTITION_POINT(lo, 0, ac->nastral, mid, ac->astral[mid].cp < cp);
    return lo < ac->nastral && ac->astral[lo].cp == cp ? ac->astral[lo].cls : 0;
}

static void class_set(un_ac *ac, uint32_t cp, uint32_t cls, un_vec *astral)
{
    if (cp < 0x10000) {
        size_t pg = cp >> 8;
        if (ac->page_of[pg] == 0) {
            ac->pages = un_xrealloc(ac->pages, (ac->npages + 1) * 256 * sizeof(uint32_t));
            memset(ac->pages + ac->npages * 256, 0, 256 * sizeof(uint32_t));
            ac->page_of[pg] = (uint16_t)ac->npages++;
        }
        ac->pages[(size_t)ac->page_of[pg] * 256 + (cp & 255)] = cls;
        return;
    }
    for (size_t i = 0; i < astral->len; i++)
        if (UN_VEC_AT(astral, cp_class, i).cp == cp) {
            UN_VEC_AT(astral, cp_class, i).cls = cls;
            return;
        }
    cp_class *c = UN_VEC_PUSH(astral, cp_class);
    c->cp = cp;
    c->cls = cls;
}

static int by_cp(const void *a, const void *b)
{
    const cp_class *x = a, *y = b;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

uint32_t un_ac_class(const un_ac *ac, uint32_t cp)
{
    return ac->built ? class_lookup(ac, cp) : 0;
}

/* ---- building ---- */

/* A hash of (state, class) -> child used while the trie grows. */
typedef struct trie_slot {
    uint64_t key; /* (state << 32 | class) + 1; 0: empty */
    uint32_t child;
} trie_slot;

typedef struct trie {
    trie_slot *slot;
    size_t cap, used;
} trie;

static size_t trie_pos(const trie *t, uint64_t key)
{
    size_t h = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 17) & (t->cap - 1);
    while (t->slot[h].key && t->slot[h].key != key)
        h = (h + 1) & (t->cap - 1);
    return h;
}

static void trie_grow(trie *t)
{
    trie old = *t;
    t->cap = old.cap ? old.cap * 2 : 1024;
    t->slot = un_xcalloc(t->cap, sizeof(trie_slot));
    t->used = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i].key) {
            t->slot[trie_pos(t, old.slot[i].key)] = old.slot[i];
            t->used++;
        }
    free(old.slot);
}

static int by_state_class(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->state != y->state)
        return x->state < y->state ? -1 : 1;
    return x->cls < y->cls ? -1 : x->cls > y->cls;
}

static inline size_t step_slot(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & (cap - 1);
}

static inline uint32_t step(const un_ac *ac, uint32_t state, uint32_t cls)
{
    if (state == 0)
        return ac->root[cls];
    uint64_t key = (((uint64_t)state << 24) | cls) + 1;
    size_t h = step_slot(key, ac->step_cap);
    for (;;) {
        uint64_t k = ac->step_key[h];
        if (k == key)
            return ac->step_next[h];
        if (k == 0)
            return 0;
        h = (h + 1) & (ac->step_cap - 1);
    }
}

static uint32_t goto_of(const un_ac *ac, uint32_t state, uint32_t cls)
{
    if (state == 0)
        return ac->root[cls];
    uint32_t a = ac->edge_start[state], b = ac->edge_start[state + 1];
    while (a < b) {
        uint32_t mid = (a + b) / 2;
        if (ac->edge_cls[mid] < cls)
            a = mid + 1;
        else
            b = mid;
    }
    return a < ac->edge_start[state + 1] && ac->edge_cls[a] == cls ? ac->edge_next[a] : 0;
}

void un_ac_build(un_ac *ac, const un_fold_pair *fold, size_t nfold)
{
    if (ac->built)
        return;
    /* Classes for the characters of the patterns (page 0 of pages is the
     * shared zero page). */
    ac->pages = un_xcalloc(256, sizeof(uint32_t));
    ac->npages = 1;
    un_vec astral;
    un_vec_init(&astral, sizeof(cp_class));
    size_t npats = ac->pats.len;
    for (size_t i = 0; i < npats; i++) {
        const pat *p = &UN_VEC_AT(&ac->pats, pat, i);
        const char *s = ac->text.data + p->off, *end = s + p->len;
        while (s < end) {
            uint32_t cp = un_utf8_next(&s, end);
            int known = cp < 0x10000 ? ac->page_of[cp >> 8] &&
                                           ac->pages[(size_t)ac->page_of[cp >> 8] * 256 + (cp & 255)]
                                     : 0;
            if (cp >= 0x10000)
                for (size_t k = 0; k < astral.len; k++)
                    known |= UN_VEC_AT(&astral, cp_class, k).cp == cp;
            if (!known)
                class_set(ac, cp, ++ac->nclasses, &astral);
        }
    }
    /* Sort the astral list now so that lookups work while folding (ac
     * reads the vector's items until it owns them below). */
    ac->astral = astral.data;
    ac->nastral = astral.len;
    un_sort(ac->astral, ac->nastral, sizeof(cp_class), by_cp);
    for (size_t i = 0; i < nfold; i++) {
        uint32_t to = class_lookup(ac, fold[i].to);
        if (to && !class_lookup(ac, fold[i].from)) {
            class_set(ac, fold[i].from, to, &astral);
            ac->astral = astral.data;
            ac->nastral = astral.len;
            un_sort(ac->astral, ac->nastral, sizeof(cp_class), by_cp);
        }
    }
    ac->astral = un_vec_take(&astral);
    /* The trie. */
    trie t = {NULL, 0, 0};
    trie_grow(&t);
    un_vec depth_own; /* of out_entry: the pattern ending at each state (state in .len) */
    un_vec_init(&depth_own, sizeof(out_entry));
    uint32_t nstates = 1;
    un_vec own_state;
    un_vec_init(&own_state, sizeof(uint32_t));
    for (size_t i = 0; i < npats; i++) {
        const pat *p = &UN_VEC_AT(&ac->pats, pat, i);
        const char *s = ac->text.data + p->off, *end = s + p->len;
        uint32_t state = 0, len = 0;
        while (s < end) {
            uint32_t cls = class_lookup(ac, un_utf8_next(&s, end));
            uint64_t key = (((uint64_t)state << 32) | cls) + 1;
            size_t h = trie_pos(&t, key);
            if (!t.slot[h].key) {
                if ((t.used + 1) * 2 > t.cap) {
                    trie_grow(&t);
                    h = trie_pos(&t, key);
                }
                t.slot[h].key = key;
                t.slot[h].child = nstates++;
                t.used++;
            }
            state = t.slot[h].child;
            len++;
        }
        if (len > MAX_PATTERN)
            continue;
        out_entry *o = UN_VEC_PUSH(&depth_own, out_entry);
        o->id = p->id;
        o->len = len;
        *(uint32_t *)un_vec_push_unset(&own_state) = state;
    }
    ac->nstates = nstates;
    /* Edges in CSR order. */
    edge *edges = un_xmalloc((t.used ? t.used : 1) * sizeof(edge));
    size_t ne = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.slot[i].key) {
            uint64_t k = t.slot[i].key - 1;
            edges[ne].state = (uint32_t)(k >> 32);
            edges[ne].cls = (uint32_t)k;
            edges[ne].next = t.slot[i].child;
            ne++;
        }
    free(t.slot);
    un_sort(edges, ne, sizeof(edge), by_state_class);
    ac->edge_start = un_xcalloc(nstates + 1, sizeof(uint32_t));
    ac->edge_cls = un_xmalloc((ne ? ne : 1) * sizeof(uint32_t));
    ac->edge_next = un_xmalloc((ne ? ne : 1) * sizeof(uint32_t));
    ac->root = un_xcalloc(ac->nclasses + 1, sizeof(uint32_t));
    for (size_t i = 0; i < ne; i++) {
        ac->edge_start[edges[i].state + 1]++;
        ac->edge_cls[i] = edges[i].cls;
        ac->edge_next[i] = edges[i].next;
        if (edges[i].state == 0)
            ac->root[edges[i].cls] = edges[i].next;
    }
    for (size_t s = 0; s < nstates; s++)
        ac->edge_start[s + 1] += ac->edge_start[s];
    free(edges);
    /* The step table: at most half full. */
    ac->step_cap = 64;
    while (ac->step_cap < 2 * ne + 2)
        ac->step_cap *= 2;
    ac->step_key = un_xcalloc(ac->step_cap, sizeof(uint64_t));
    ac->step_next = un_xcalloc(ac->step_cap, sizeof(uint32_t));
    for (uint32_t st = 1; st < nstates; st++)
        for (uint32_t e = ac->edge_start[st]; e < ac->edge_start[st + 1]; e++) {
            uint64_t key = (((uint64_t)st << 24) | ac->edge_cls[e]) + 1;
            size_t h = step_slot(key, ac->step_cap);
            while (ac->step_key[h])
                h = (h + 1) & (ac->step_cap - 1);
            ac->step_key[h] = key;
            ac->step_next[h] = ac->edge_next[e];
        }
    /* Failure links in breadth-first order. */
    ac->fail = un_xcalloc(nstates, sizeof(uint32_t));
    uint32_t *queue = un_xmalloc(nstates * sizeof(uint32_t));
    size_t qh = 0, qt = 0;
    for (uint32_t e = ac->edge_start[0]; e < ac->edge_start[1]; e++)
        queue[qt++] = ac->edge_next[e];
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (uint32_t e = ac->edge_start[s]; e < ac->edge_start[s + 1]; e++) {
            uint32_t child = ac->edge_next[e], cls = ac->edge_cls[e];
            uint32_t f = ac->fail[s], g;
            while ((g = goto_of(ac, f, cls)) == 0 && f != 0)
                f = ac->fail[f];
            ac->fail[child] = g;
            queue[qt++] = child;
        }
    }
    /* Outputs: each state's own patterns, then its failure state's (already
     * complete, as failure states are shallower). */
    uint32_t *own_count = un_xcalloc(nstates + 1, sizeof(uint32_t));
    for (size_t i = 0; i < own_state.len; i++)
        own_count[UN_VEC_AT(&own_state, uint32_t, i)]++;
    uint32_t *own_start = un_xcalloc(nstates + 1, sizeof(uint32_t));
    for (size_t s = 0; s < nstates; s++)
        own_start[s + 1] = own_start[s] + own_count[s];
    out_entry *own = un_xmalloc((own_state.len ? own_state.len : 1) * sizeof(out_entry));
    memset(own_count, 0, (nstates + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < own_state.len; i++) {
        uint32_t s = UN_VEC_AT(&own_state, uint32_t, i);
        own[own_start[s] + own_count[s]++] = UN_VEC_AT(&depth_own, out_entry, i);
    }
    uint32_t *total = un_xcalloc(nstates, sizeof(uint32_t));
    /* Root first, then the breadth-first order. */
    for (size_t k = 0; k < qt; k++) {
        uint32_t s = queue[k];
        total[s] = (own_start[s + 1] - own_start[s]) + (ac->fail[s] ? total[ac->fail[s]] : 0);
    }
    ac->out_start = un_xcalloc(nstates + 1, sizeof(uint32_t));
    for (size_t s = 0; s < nstates; s++)
        ac->out_start[s + 1] = ac->out_start[s] + total[s];
    ac->outs = un_xmalloc((ac->out_start[nstates] ? ac->out_start[nstates] : 1) * sizeof(out_entry));
    for (size_t k = 0; k < qt; k++) {
        uint32_t s = queue[k], at = ac->out_start[s];
        for (uint32_t j = own_start[s]; j < own_start[s + 1]; j++)
            ac->outs[at++] = own[j];
        uint32_t f = ac->fail[s];
        if (f)
            for (uint32_t j = ac->out_start[f]; j < ac->out_start[f + 1]; j++)
                ac->outs[at++] = ac->outs[j];
    }
    free(total);
    free(own);
    free(own_start);
    free(own_count);
    free(queue);
    un_vec_release(&own_state);
    un_vec_release(&depth_own);
    un_buf_release(&ac->text);
    ac->built = 1;
}

void un_ac_scan(const un_ac *ac, const char *text, size_t n, un_ac_hit_fn fn, void *ctx)
{
    if (!ac->built)
        return;
    size_t ring[MAX_PATTERN];
    uint32_t k = 0; /* code points in the ring */
    uint32_t state = 0;
    const char *p = text, *end = text + n;
    while (p < end) {
        size_t off = (size_t)(p - text);
        uint32_t cp = un_utf8_next(&p, end);
        uint32_t cls = class_lookup(ac, cp);
        if (cls == 0) {
            state = 0;
            continue;
        }
        ring[k % MAX_PATTERN] = off;
        k++;
        uint32_t next;
        while ((next = step(ac, state, cls)) == 0 && state != 0)
            state = ac->fail[state];
        state = next;
        for (uint32_t j = ac->out_start[state]; j < ac->out_start[state + 1]; j++) {
            const out_entry *o = &ac->outs[j];
            size_t start = ring[(k - o->len) % MAX_PATTERN];
            fn(ctx, start, (size_t)(p - text), o->id);
        }
    }
}

size_t un_ac_states(const un_ac *ac)
{
    return ac->nstates;
}

size_t un_ac_patterns(const un_ac *ac)
{
    return ac->built ? ac->out_start ? ac->pats.len : 0 : ac->pats.len;
}

size_t un_ac_bytes(const un_ac *ac)
{
    size_t ne = ac->built ? ac->edge_start[ac->nstates] : 0;
    size_t no = ac->built ? ac->out_start[ac->nstates] : 0;
    return ac->npages * 256 * sizeof(uint32_t) + ac->nastral * sizeof(cp_class) +
           (ac->nclasses + 1) * sizeof(uint32_t) + (ac->nstates + 1) * 4 * sizeof(uint32_t) +
           ne * 2 * sizeof(uint32_t) + no * sizeof(out_entry) +
           ac->step_cap * (sizeof(uint64_t) + sizeof(uint32_t));
}
