/* litscan.c: owns un_litset and un_litscan (litscan.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "litscan.h"

#ifdef UN_HAVE_HYPERSCAN
#include <hs.h>
#endif

typedef struct lit {
    size_t off; /* in text */
    uint32_t len;
    uint32_t id;
} lit;

struct un_litset {
    un_buf text;
    un_vec lits;         /* of lit, sorted by text then id once built */
    uint32_t *group_end; /* per distinct text: one past its last lit */
    uint32_t *group_len; /* its length in bytes */
    size_t ngroups;
    uint64_t fingerprint;
#ifdef UN_HAVE_HYPERSCAN
    hs_database_t *db;
#else
    void *db;
#endif
};

struct un_litscan {
    const un_litset *set;
#ifdef UN_HAVE_HYPERSCAN
    hs_scratch_t *scratch;
#endif
    un_lit_hit_fn fn;
    void *ctx;
};

static const char MAGIC[8] = {'U', 'N', 'L', 'I', 'T', '0', '0', '1'};

un_litset *un_litset_new(void)
{
    un_litset *s = un_xcalloc(1, sizeof *s);
    un_buf_init(&s->text);
    un_vec_init(&s->lits, sizeof(lit));
    return s;
}

void un_litset_free(un_litset *s)
{
    if (!s)
        return;
#ifdef UN_HAVE_HYPERSCAN
    hs_free_database(s->db);
#endif
    un_buf_release(&s->text);
    un_vec_release(&s->lits);
    free(s->group_end);
    free(s->group_len);
    free(s);
}

void un_litset_add(un_litset *s, const char *p, size_t n, uint32_t id)
{
    if (n == 0)
        return;
    lit *l = UN_VEC_PUSH(&s->lits, lit);
    l->off = s->text.len;
    l->len = (uint32_t)n;
    l->id = id;
    un_buf_append(&s->text, p, n);
}

size_t un_litset_count(const un_litset *s)
{
    return s->lits.len;
}

const char *un_litset_literal(const un_litset *s, size_t i, size_t *len, uint32_t *id)
{
    const lit *l = &UN_VEC_AT(&s->lits, lit, i);
    *len = l->len;
    *id = l->id;
    return s->text.data + l->off;
}

size_t un_litset_longest(const un_litset *s)
{
    size_t most = 0;
    for (size_t i = 0; i < s->lits.len; i++)
        if (UN_VEC_AT(&s->lits, lit, i).len > most)
            most = UN_VEC_AT(&s->lits, lit, i).len;
    return most;
}

static const un_litset *sort_set; /* for the comparison below (single-threaded build) */

static int by_text_then_id(const void *a, const void *b)
{
    const lit *x = a, *y = b;
    const char *t = sort_set->text.data;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(t + x->off, t + y->off, n);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Sorts the literals and groups equal texts. */
static void group(un_litset *s)
{
    sort_set = s;
    un_sort(s->lits.data, s->lits.len, sizeof(lit), by_text_then_id);
    sort_set = NULL;
    lit *ls = s->lits.data;
    size_t n = s->lits.len;
    s->group_end = un_xmalloc((n ? n : 1) * sizeof *s->group_end);
    s->group_len = un_xmalloc((n ? n : 1) * sizeof *s->group_len);
    s->ngroups = 0;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        int same = i > 0 && ls[i].len == ls[i - 1].len &&
                   memcmp(s->text.data + ls[i].off, s->text.data + ls[i - 1].off, ls[i].len) == 0;
        if (!same) {
            s->group_len[s->ngroups] = ls[i].len;
            s->ngroups++;
        }
        s->group_end[s->ngroups - 1] = (uint32_t)(i + 1);
        for (uint32_t k = 0; k < ls[i].len; k++)
            h = (h ^ (unsigned char)s->text.data[ls[i].off + k]) * 1099511628211ull;
        h = (h ^ ls[i].id ^ 0x100u) * 1099511628211ull;
    }
    s->fingerprint = h;
}

uint64_t un_litset_fingerprint(const un_litset *s)
{
    return s->fingerprint;
}

int un_litset_ready(const un_litset *s)
{
    return s->db != NULL;
}

#ifdef UN_HAVE_HYPERSCAN
/* Compiles the groups' literals into s->db, for blocks or streams. */
static int compile(un_litset *s, unsigned mode)
{
    size_t n = s->ngroups;
    if (n == 0)
        return -1;
    const char **pats = un_xmalloc(n * sizeof *pats);
    size_t *lens = un_xmalloc(n * sizeof *lens);
    unsigned *ids = un_xmalloc(n * sizeof *ids);
    unsigned *flags = un_xcalloc(n, sizeof *flags);
    const lit *ls = s->lits.data;
    for (size_t g = 0; g < n; g++) {
        size_t first = g ? s->group_end[g - 1] : 0;
        pats[g] = s->text.data + ls[first].off;
        lens[g] = ls[first].len;
        ids[g] = (unsigned)g;
    }
    hs_compile_error_t *err = NULL;
    hs_error_t rc = hs_compile_lit_multi(pats, flags, ids, lens, (unsigned)n, mode, NULL, &s->db,
                                         &err);
    if (err)
        hs_free_compile_error(err);
    free(pats);
    free(lens);
    free(ids);
    free(flags);
    if (rc != HS_SUCCESS) {
        s->db = NULL;
        return -1;
    }
    return 0;
}
#endif

int un_litset_build(un_litset *s, const void *blob, size_t len)
{
    group(s);
#ifdef UN_HAVE_HYPERSCAN
    if (blob && len > 16 && memcmp(blob, MAGIC, 8) == 0) {
        uint64_t fp;
        memcpy(&fp, (const char *)blob + 8, 8);
        hs_database_t *db = NULL;
        if (fp == s->fingerprint &&
            hs_deserialize_database((const char *)blob + 16, len - 16, &db) == HS_SUCCESS) {
            s->db = db;
            return 0;
        }
    }
    return compile(s, HS_MODE_BLOCK);
#else
    (void)blob;
    (void)len;
    return -1;
#endif
}

void *un_litset_serialize(const un_litset *s, size_t *len)
{
#ifdef UN_HAVE_HYPERSCAN
    char *bytes = NULL;
    size_t n = 0;
    if (!s->db || hs_serialize_database(s->db, &bytes, &n) != HS_SUCCESS)
        return NULL;
    char *out = un_xmalloc(n + 16);
    memcpy(out, MAGIC, 8);
    memcpy(out + 8, &s->fingerprint, 8);
    memcpy(out + 16, bytes, n);
    free(bytes);
    *len = n + 16;
    return out;
#else
    (void)s;
    *len = 0;
    return NULL;
#endif
}

un_litscan *un_litscan_new(const un_litset *s)
{
    un_litscan *sc = un_xcalloc(1, sizeof *sc);
    sc->set = s;
#ifdef UN_HAVE_HYPERSCAN
    if (s->db && hs_alloc_scratch(s->db, &sc->scratch) != HS_SUCCESS)
        sc->scratch = NULL;
#endif
    return sc;
}

void un_litscan_free(un_litscan *sc)
{
    if (!sc)
        return;
#ifdef UN_HAVE_HYPERSCAN
    hs_free_scratch(sc->scratch);
#endif
    free(sc);
}

#ifdef UN_HAVE_HYPERSCAN
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)from;
    (void)flags;
    un_litscan *sc = ctx;
    const un_litset *s = sc->set;
    const lit *ls = s->lits.data;
    size_t first = id ? s->group_end[id - 1] : 0;
    size_t start = (size_t)to - s->group_len[id];
    for (size_t i = first; i < s->group_end[id]; i++)
        sc->fn(sc->ctx, start, (size_t)to, ls[i].id);
    return 0;
}
#endif

void un_litscan_run(un_litscan *sc, const char *text, size_t n, un_lit_hit_fn fn, void *ctx)
{
#ifdef UN_HAVE_HYPERSCAN
    if (!sc->scratch || n == 0)
        return;
    sc->fn = fn;
    sc->ctx = ctx;
    hs_scan(sc->set->db, text, (unsigned)n, 0, sc->scratch, on_match, sc);
#else
    (void)sc;
    (void)text;
    (void)n;
    (void)fn;
    (void)ctx;
#endif
}

/* ---- streaming ---- */

struct un_litstream {
    const un_litset *set;
#ifdef UN_HAVE_HYPERSCAN
    hs_scratch_t *scratch;
    hs_stream_t *stream;
#endif
    un_lit_stop_fn fn;
    void *ctx;
    int stopped;
};

int un_litset_build_stream(un_litset *s)
{
    group(s);
#ifdef UN_HAVE_HYPERSCAN
    return compile(s, HS_MODE_STREAM);
#else
    return -1;
#endif
}

un_litstream *un_litstream_new(const un_litset *s)
{
    un_litstream *st = un_xcalloc(1, sizeof *st);
    st->set = s;
#ifdef UN_HAVE_HYPERSCAN
    if (s->db && hs_alloc_scratch(s->db, &st->scratch) != HS_SUCCESS)
        st->scratch = NULL;
#endif
    return st;
}

#ifdef UN_HAVE_HYPERSCAN
static int on_stream_match(unsigned id, unsigned long long from, unsigned long long to,
                           unsigned flags, void *ctx)
{
    (void)from;
    (void)flags;
    un_litstream *st = ctx;
    const un_litset *s = st->set;
    const lit *ls = s->lits.data;
    size_t first = id ? s->group_end[id - 1] : 0;
    for (size_t i = first; i < s->group_end[id]; i++)
        if (st->fn(st->ctx, (size_t)to, ls[i].id)) {
            st->stopped = 1;
            return 1;
        }
    return 0;
}
#endif

void un_litstream_free(un_litstream *st)
{
    if (!st)
        return;
#ifdef UN_HAVE_HYPERSCAN
    if (st->stream)
        hs_close_stream(st->stream, st->scratch, NULL, NULL);
    hs_free_scratch(st->scratch);
#endif
    free(st);
}

void un_litstream_begin(un_litstream *st, un_lit_stop_fn fn, void *ctx)
{
    st->fn = fn;
    st->ctx = ctx;
    st->stopped = 0;
#ifdef UN_HAVE_HYPERSCAN
    if (st->stream)
        hs_close_stream(st->stream, st->scratch, NULL, NULL);
    st->stream = NULL;
    if (st->scratch && hs_open_stream(st->set->db, 0, &st->stream) != HS_SUCCESS)
        st->stream = NULL;
#endif
}

void un_litstream_feed(un_litstream *st, const char *p, size_t n)
{
#ifdef UN_HAVE_HYPERSCAN
    if (!st->stream || st->stopped || n == 0)
        return;
    if (hs_scan_stream(st->stream, p, (unsigned)n, 0, st->scratch, on_stream_match, st) !=
        HS_SUCCESS)
        st->stopped = 1;
#else
    (void)st;
    (void)p;
    (void)n;
#endif
}

void un_litstream_end(un_litstream *st)
{
#ifdef UN_HAVE_HYPERSCAN
    if (st->stream) {
        hs_close_stream(st->stream, st->scratch, st->stopped ? NULL : on_stream_match, st);
        st->stream = NULL;
    }
#else
    (void)st;
#endif
}
