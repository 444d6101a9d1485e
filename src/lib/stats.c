/* stats.c: owns the counts of un_stats (unionnews/stats.h).
 *
 * One hash table holds every counted thing, keyed by its table, key and
 * code; each entry counts mentions and records. Keys live in an
 * arena. Totals are plain counters. Output sorts a table's entries once
 * (its first --top only, picked from the rest by a heap).
 *
 * A record's counts are first gathered in a small table of their own
 * (which stays in the caches), so that the big table, whose probes miss
 * them, is asked once for each thing the record names, not once for each
 * mention of it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unionnews/stats.h"

enum {
    T_ROLE,
    T_TYPE,
    T_UNIT,
    T_DISTRICT,
    T_UNION,
    T_PROGRAMME,
    T_COMPANY,
    T_PERSON,
    T_AUTHOR,
    T_PROVINCE,
    T_PREFECTURE,
    T_COUNTY,
    T_COUNT
};

static const char *const table_names[T_COUNT] = {
    "role",   "type",   "unit",     "district", "union",      "programme",
    "company", "person", "author",  "province", "prefecture", "county"};

/* The entity types, in the order of their tables. */
static const char *const entity_types[] = {"district", "union", "programme", "company", "person"};
#define NTYPES 5

enum { TOT_FILES, TOT_ARTICLES, TOT_FRAGMENTS, TOT_PARAGRAPHS, TOT_CHARS, TOT_AUTHORS, TOT_COUNT };
static const char *const total_names[TOT_COUNT] = {"files",      "articles",   "fragments",
                                                   "paragraphs", "characters", "authors"};

typedef struct entry {
    const char *key, *code; /* code NULL when none */
    uint32_t klen, clen;
    uint32_t hash;
    int table;
    uint64_t mentions, articles;
} entry;

/* One thing a record counts, with its mentions in the record. The
 * strings are the record's, the gazetteer's or literals. */
typedef struct pending {
    un_str key, code;
    uint32_t hash;
    int table;
    uint64_t mentions;
    size_t slot; /* where the record's table holds its index */
} pending;

struct un_stats {
    const un_gazetteer *g;
    uint64_t totals[TOT_COUNT];
    entry *slots;
    size_t cap, len; /* cap a power of two */
    un_arena strings;
    /* The record being added: its counts, and a table of their indices
     * + 1 (0 empty; pcap a power of two, at least twice what it holds). */
    pending *pend;
    size_t npend;
    uint32_t *pslot;
    size_t pcap;
};

un_stats *un_stats_new(const un_gazetteer *g)
{
    un_stats *s = un_xcalloc(1, sizeof *s);
    s->g = g ? g : un_gazetteer_default();
    s->cap = 1024;
    s->slots = un_xcalloc(s->cap, sizeof *s->slots);
    un_arena_init(&s->strings, 64 * 1024);
    return s;
}

void un_stats_free(un_stats *s)
{
    if (!s)
        return;
    free(s->slots);
    free(s->pend);
    free(s->pslot);
    un_arena_release(&s->strings);
    free(s);
}

void un_stats_file(un_stats *s)
{
    s->totals[TOT_FILES]++;
}

/* Mixes n bytes into h a word at a time (the table's keys are a few CJK
 * characters, so a byte at a time cost most of a count). The last word
 * is read to the end, overlapping the one before it. */
static uint64_t mix(uint64_t h, const char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t w = (uint64_t)n << 56;
    uint32_t a, b;
    if (n >= 8) {
        uint64_t v;
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&v, p + i, 8);
            h = (h ^ v) * k;
            h ^= h >> 31;
        }
        memcpy(&v, p + n - 8, 8);
        w ^= v;
    } else if (n >= 4) {
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        w ^= a ^ (uint64_t)b << 32;
    } else if (n > 0) {
        w ^= (unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 |
             (uint64_t)(unsigned char)p[n - 1] << 16;
    }
    h = (h ^ w) * k;
    return h ^ (h >> 31);
}

static uint32_t hash_of(int table, un_str key, un_str code)
{
    uint64_t h = mix(0xCBF29CE484222325ull ^ (uint64_t)table, key.ptr, key.len);
    if (code.ptr)
        h = mix(h ^ 0xFF, code.ptr, code.len);
    h ^= h >> 32;
    return (uint32_t)h | 1u; /* 0 marks an empty slot */
}

static int same(const entry *e, int table, un_str key, un_str code)
{
    return e->table == table && e->klen == key.len && memcmp(e->key, key.ptr, key.len) == 0 &&
           (e->code == NULL) == (code.ptr == NULL) &&
           (!e->code || (e->clen == code.len && memcmp(e->code, code.ptr, code.len) == 0));
}

static void grow(un_stats *s)
{
    entry *old = s->slots;
    size_t oldcap = s->cap;
    s->cap *= 2;
    s->slots = un_xcalloc(s->cap, sizeof *s->slots);
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].hash)
            continue;
        size_t h = old[i].hash & (s->cap - 1);
        while (s->slots[h].hash)
            h = (h + 1) & (s->cap - 1);
        s->slots[h] = old[i];
    }
    free(old);
}

/* The entry of (table, key, code), whose hash_of is hv; made when new. */
static entry *lookup_hashed(un_stats *s, int table, un_str key, un_str code, uint32_t hv)
{
    if (10 * (s->len + 1) > 7 * s->cap)
        grow(s);
    size_t h = hv & (s->cap - 1);
    while (s->slots[h].hash) {
        if (s->slots[h].hash == hv && same(&s->slots[h], table, key, code))
            return &s->slots[h];
        h = (h + 1) & (s->cap - 1);
    }
    entry *e = &s->slots[h];
    e->hash = hv;
    e->table = table;
    e->key = un_arena_dup(&s->strings, key.ptr ? key.ptr : "", key.len);
    e->klen = (uint32_t)key.len;
    e->code = code.ptr ? un_arena_dup(&s->strings, code.ptr, code.len) : NULL;
    e->clen = (uint32_t)code.len;
    s->len++;
    return e;
}

static entry *lookup(un_stats *s, int table, un_str key, un_str code)
{
    return lookup_hashed(s, table, key, code, hash_of(table, key, code));
}

static int same_str(un_str a, un_str b)
{
    return (a.ptr == NULL) == (b.ptr == NULL) && a.len == b.len &&
           (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Makes room for a record that counts at most n things (and makes the
 * tables, however small n is). */
static void pending_reserve(un_stats *s, size_t n)
{
    if (s->pcap && 2 * n <= s->pcap)
        return;
    size_t cap = s->pcap ? s->pcap : 64;
    while (cap < 2 * n)
        cap *= 2;
    free(s->pend);
    free(s->pslot);
    s->pend = un_xmalloc(cap / 2 * sizeof *s->pend);
    s->pslot = un_xcalloc(cap, sizeof *s->pslot);
    s->pcap = cap;
}

/* Counts n mentions of (table, key, code) in the current record, in the
 * record's own table (pending_reserve made room for it). */
static void count_n(un_stats *s, int table, un_str key, un_str code, uint64_t n)
{
    uint32_t hv = hash_of(table, key, code);
    size_t h = hv & (s->pcap - 1);
    for (uint32_t k; (k = s->pslot[h]) != 0; h = (h + 1) & (s->pcap - 1)) {
        pending *p = &s->pend[k - 1];
        if (p->hash == hv && p->table == table && same_str(p->key, key) &&
            same_str(p->code, code)) {
            p->mentions += n;
            return;
        }
    }
    s->pend[s->npend] = (pending){key, code, hv, table, n, h};
    s->pslot[h] = (uint32_t)++s->npend;
}

/* Adds the record's counts to the big table: each thing once, with its
 * mentions, and the record to its records. Empties the record's table. */
static void count_flush(un_stats *s)
{
    /* The big table's probes miss the caches: ask for every home slot,
     * then for the keys found there, before the first lookup waits. */
    while (10 * (s->len + s->npend + 1) > 7 * s->cap)
        grow(s);
    for (size_t i = 0; i < s->npend; i++)
        __builtin_prefetch(&s->slots[s->pend[i].hash & (s->cap - 1)]);
    for (size_t i = 0; i < s->npend; i++) {
        const entry *e = &s->slots[s->pend[i].hash & (s->cap - 1)];
        if (e->hash == s->pend[i].hash)
            __builtin_prefetch(e->key);
    }
    for (size_t i = 0; i < s->npend; i++) {
        const pending *p = &s->pend[i];
        entry *e = lookup_hashed(s, p->table, p->key, p->code, p->hash);
        e->mentions += p->mentions;
        e->articles++;
        s->pslot[p->slot] = 0;
    }
    s->npend = 0;
}

static void count(un_stats *s, int table, un_str key, un_str code)
{
    count_n(s, table, key, code, 1);
}

static un_str lit(const char *p)
{
    return un_str_make(p, strlen(p));
}

static int type_index(un_str type)
{
    for (int i = 0; i < NTYPES; i++)
        if (type.len == strlen(entity_types[i]) && memcmp(type.ptr, entity_types[i], type.len) == 0)
            return i;
    return -1;
}

/* Counts n mentions of a district at each level above it, itself
 * included. */
static void roll_up(un_stats *s, un_str code, uint64_t n)
{
    if (!code.ptr || code.len < 6)
        return;
    long i = un_gazetteer_find(s->g, code.ptr, 6); /* a town: its county */
    for (int depth = 0; i >= 0 && depth < 8; depth++) {
        un_place_info p = un_gazetteer_place(s->g, i);
        int t = -1;
        if (p.level.len == 8 && memcmp(p.level.ptr, "province", 8) == 0)
            t = T_PROVINCE;
        else if (p.level.len == 10 && memcmp(p.level.ptr, "prefecture", 10) == 0)
            t = T_PREFECTURE;
        else if (p.level.len == 6 && memcmp(p.level.ptr, "county", 6) == 0)
            t = T_COUNTY;
        if (t >= 0)
            count_n(s, t, p.name, p.code, n);
        i = p.parent;
    }
}

void un_stats_add(un_stats *s, const un_article *a)
{
    if (a->kind == UN_KIND_ARTICLE)
        s->totals[TOT_ARTICLES]++;
    else
        s->totals[TOT_FRAGMENTS]++;
    s->totals[TOT_PARAGRAPHS] += a->paragraphs;
    s->totals[TOT_CHARS] += a->chars;
    s->totals[TOT_AUTHORS] += a->n_authors;
    /* Each author counts twice, each entity at most twice and its
     * district at three levels, each figure once. */
    pending_reserve(s, 2 * a->n_authors + 5 * a->n_entities + a->n_figures);
    un_str none = {NULL, 0};
    for (size_t i = 0; i < a->n_authors; i++) {
        const un_author *au = &a->authors[i];
        count(s, T_ROLE, au->role.ptr && au->role.len ? au->role : lit("(none)"), none);
        count(s, T_AUTHOR, au->name, none);
    }
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        int ti = type_index(e->type);
        if (ti < 0)
            continue;
        count(s, T_TYPE, e->type, none);
        if (!e->name.ptr)
            continue; /* ambiguous: counted by type only */
        un_str code = e->code.ptr && e->code.len ? e->code : none;
        count(s, T_DISTRICT + ti, e->name, ti == 0 || ti == 1 ? code : none);
    }
    /* Each district the record names, rolled up once with its mentions. */
    for (size_t i = 0, n = s->npend; i < n; i++)
        if (s->pend[i].table == T_DISTRICT)
            roll_up(s, s->pend[i].code, s->pend[i].mentions);
    for (size_t i = 0; i < a->n_figures; i++) {
        const un_figure *f = &a->figures[i];
        count(s, T_UNIT, f->unit.ptr && f->unit.len ? f->unit : lit("(none)"), none);
    }
    count_flush(s);
}

void un_stats_merge(un_stats *dst, const un_stats *src)
{
    for (int k = 0; k < TOT_COUNT; k++)
        dst->totals[k] += src->totals[k];
    for (size_t i = 0; i < src->cap; i++) {
        const entry *e = &src->slots[i];
        if (!e->hash)
            continue;
        un_str code = e->code ? un_str_make(e->code, e->clen) : (un_str){NULL, 0};
        entry *d = lookup(dst, e->table, un_str_make(e->key, e->klen), code);
        d->mentions += e->mentions;
        d->articles += e->articles;
    }
}

static int table_index(const char *name)
{
    for (int t = 0; t < T_COUNT; t++)
        if (strcmp(table_names[t], name) == 0)
            return t;
    return -1;
}

int un_stats_add_row(un_stats *s, const un_stats_row *row)
{
    for (int k = 0; k < TOT_COUNT; k++)
        if (strcmp(row->table, "total") == 0 && row->key.len == strlen(total_names[k]) &&
            memcmp(row->key.ptr, total_names[k], row->key.len) == 0) {
            s->totals[k] += row->mentions;
            return UN_OK;
        }
    if (strcmp(row->table, "distinct") == 0)
        return UN_OK; /* recounted from the entries */
    int t = table_index(row->table);
    if (t < 0 || !row->key.ptr)
        return UN_ERR_ARG;
    entry *e = lookup(s, t, row->key, row->code.ptr && row->code.len ? row->code : (un_str){NULL, 0});
    e->mentions += row->mentions;
    if (row->articles != UN_STATS_NONE)
        e->articles += row->articles;
    return UN_OK;
}

/* Sorting a table's entries: by mentions, then records, both falling,
 * then by key and code. No two entries are equal, so the order does not
 * depend on where they sit in the table. */
static int by_count(const void *x, const void *y)
{
    const entry *a = *(const entry *const *)x, *b = *(const entry *const *)y;
    if (a->mentions != b->mentions)
        return a->mentions < b->mentions ? 1 : -1;
    if (a->articles != b->articles)
        return a->articles < b->articles ? 1 : -1;
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    if (c || a->klen != b->klen)
        return c ? c : (a->klen < b->klen ? -1 : 1);
    if (!a->code || !b->code)
        return (a->code != NULL) - (b->code != NULL);
    c = memcmp(a->code, b->code, a->clen < b->clen ? a->clen : b->clen);
    return c ? c : (a->clen > b->clen) - (a->clen < b->clen);
}

/* For the roll-ups: by records first, which is what they count. */
static int by_articles(const void *x, const void *y)
{
    const entry *a = *(const entry *const *)x, *b = *(const entry *const *)y;
    if (a->articles != b->articles)
        return a->articles < b->articles ? 1 : -1;
    return by_count(x, y);
}

/* Restores the heap buf[0..n) below k: no entry sorts after its parent. */
static void sift_down(entry **buf, size_t k, size_t n, int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t c = 2 * k + 1;
        if (c >= n)
            return;
        if (c + 1 < n && cmp(&buf[c + 1], &buf[c]) > 0)
            c++;
        if (cmp(&buf[c], &buf[k]) <= 0)
            return;
        entry *tmp = buf[k];
        buf[k] = buf[c];
        buf[c] = tmp;
        k = c;
    }
}

/* Moves the first top entries of buf[0..n) in cmp's order (top < n) to
 * buf[0..top), in no order: a heap of the best so far, the one that sorts
 * last at its root, so that most entries are turned away by one
 * comparison with it (of their mentions, mostly). */
static void select_top(entry **buf, size_t n, size_t top, int (*cmp)(const void *, const void *))
{
    for (size_t k = top / 2; k-- > 0;)
        sift_down(buf, k, top, cmp);
    for (size_t i = top; i < n; i++)
        if (cmp(&buf[i], &buf[0]) < 0) {
            buf[0] = buf[i];
            sift_down(buf, 0, top, cmp);
        }
}

/* Emits table t, whose n entries are buf[0..n): sorted, the first top
 * (all when top is 0). */
static int emit_table(int t, size_t top, entry **buf, size_t n, un_stats_row_fn fn, void *ctx)
{
    int (*cmp)(const void *, const void *) = t >= T_PROVINCE ? by_articles : by_count;
    if (top && n > top) {
        select_top(buf, n, top, cmp);
        n = top;
    }
    un_sort(buf, n, sizeof *buf, cmp);
    if (t == T_TYPE) {
        /* In the order of the types, not by count. */
        size_t k = 0;
        for (int ti = 0; ti < NTYPES; ti++)
            for (size_t i = k; i < n; i++)
                if (buf[i]->klen == strlen(entity_types[ti]) &&
                    memcmp(buf[i]->key, entity_types[ti], buf[i]->klen) == 0) {
                    entry *tmp = buf[k];
                    buf[k++] = buf[i];
                    buf[i] = tmp;
                }
    }
    for (size_t i = 0; i < n; i++) {
        un_stats_row row = {table_names[t], un_str_make(buf[i]->key, buf[i]->klen),
                            buf[i]->code ? un_str_make(buf[i]->code, buf[i]->clen)
                                         : (un_str){NULL, 0},
                            buf[i]->mentions, buf[i]->articles};
        int rc = fn(ctx, &row);
        if (rc)
            return rc;
    }
    return 0;
}

int un_stats_rows(un_stats *s, const un_stats_options *opt, un_stats_row_fn fn, void *ctx)
{
    size_t top = opt ? opt->top : 0;
    const char *by = opt ? opt->by : NULL;
    un_str none = {NULL, 0};
    int rc = 0;
    for (int k = 0; k < TOT_COUNT && !rc; k++) {
        un_stats_row row = {"total", lit(total_names[k]), none, s->totals[k], UN_STATS_NONE};
        rc = fn(ctx, &row);
    }
    /* The entries table by table, in one pass over the slots. */
    size_t at[T_COUNT + 1] = {0};
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].hash)
            at[s->slots[i].table + 1]++;
    for (int t = 0; t < T_COUNT; t++)
        at[t + 1] += at[t];
    entry **buf = un_xmalloc((s->len ? s->len : 1) * sizeof *buf);
    {
        size_t fill[T_COUNT];
        memcpy(fill, at, sizeof fill);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i].hash)
                buf[fill[s->slots[i].table]++] = &s->slots[i];
    }
#define TABLE(t) buf + at[t], at[(t) + 1] - at[t]
    if (!rc)
        rc = emit_table(T_ROLE, 0, TABLE(T_ROLE), fn, ctx);
    if (!rc)
        rc = emit_table(T_TYPE, 0, TABLE(T_TYPE), fn, ctx);
    /* Distinct entities by type: the entries of each entity table. */
    for (int ti = 0; ti < NTYPES && !rc; ti++) {
        uint64_t distinct = at[T_DISTRICT + ti + 1] - at[T_DISTRICT + ti];
        un_stats_row row = {"distinct", lit(entity_types[ti]), none, distinct, UN_STATS_NONE};
        rc = fn(ctx, &row);
    }
    for (int t = T_UNIT; t <= T_AUTHOR && !rc; t++)
        rc = emit_table(t, t == T_UNIT ? 0 : top, TABLE(t), fn, ctx);
    for (int t = T_PROVINCE; t <= T_COUNTY && !rc; t++)
        if (by && (strcmp(by, "all") == 0 || strcmp(by, table_names[t]) == 0))
            rc = emit_table(t, strcmp(by, "all") == 0 ? 0 : top, TABLE(t), fn, ctx);
#undef TABLE
    free(buf);
    return rc;
}
