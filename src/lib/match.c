/* match.c: owns un_matcher (unionnews/match.h).
 *
 * A district condition becomes a code prefix: a province matches every
 * code with its first two digits, a prefecture its first four, a county
 * its six (and the nine-digit codes of its towns). Entity conditions are
 * substrings of names; text is searched segment by segment, literally or
 * with regexec(3) on the segment's NFC form (utf8proc).
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "gazetteer.h"
#include "internal.h"
#include "litscan.h"
#include "text.h"
#include "unionnews/match.h"
#include "wordset.h"

/* A set of byte strings, numbered in the order added. */
typedef struct strset {
    un_buf text;   /* the strings, one after another */
    uint32_t *off; /* per slot: 1 + the string's offset in text, or 0 */
    uint16_t *len; /* per slot: its length */
    uint32_t *num; /* per slot: its number */
    size_t cap;    /* slots, a power of two */
    size_t count;
    size_t longest; /* bytes */
} strset;

struct un_matcher {
    char prefix[8];
    size_t prefix_len; /* 0: no district condition */
    un_str district_name, district_code;
    const un_gazetteer *gaz;
    const char *names[4]; /* union, programme, company, person */
    char **texts;
    size_t ntexts;
    regex_t *regs;
    int regex;
    un_litset *pre; /* the first look's names: 0 district, 1 text; or NULL */
    unsigned pre_need;
    int pre_spaced; /* an -e text held a space, which the look leaves out */
    /* The proper beginnings (heads) of the look's names of the key kind
     * (a name cut after them), the code points that end one, and the rest
     * of a name after each (its tail): a join completes a name only with
     * a line that begins with a tail, which the look then saw. */
    strset heads;
    un_cp_bitmap *head_ends;
    uint32_t *head_first; /* per head: its first tail in head_tails */
    uint32_t *head_count; /* per head: how many */
    uint32_t *head_tails; /* tail numbers, head by head */
    strset tails;
    un_cp_bitmap *tail_starts; /* the code points that begin a tail */
    strset tail_heads;         /* the proper beginnings of tails */
};

/* The first look: the names a matching input must hold. */
enum { PRE_DISTRICT = 1, PRE_TEXT = 2 };
#define MAX_VARIANTS 64

/* Adds s[0..n) to set with id, in every mix of its simplified characters
 * and the traditional ones that fold to them (雲南 for 云南). A name with
 * more mixes than MAX_VARIANTS is added as its longest prefix with fewer:
 * where the name is, so is its prefix. Returns 0, or -1 when not even two
 * characters can be listed. */
static int add_variants(un_litset *set, const un_gazetteer *g, const uint32_t *const *trad,
                        const char *s, size_t n, uint32_t id)
{
    uint32_t cps[64];
    size_t k = 0;
    for (const char *p = s, *end = s + n; p < end && k < 64;)
        cps[k++] = un_utf8_next(&p, end);
    size_t total = 1;
    for (size_t i = 0; i < k; i++) {
        size_t opts = 1;
        for (const uint32_t *t = cps[i] < 0x10000 ? trad[cps[i]] : NULL; t && *t; t++)
            opts++;
        if (total * opts > MAX_VARIANTS) {
            if (i < 2)
                return -1;
            k = i; /* the prefix */
            break;
        }
        total *= opts;
    }
    (void)g;
    for (size_t v = 0; v < total; v++) {
        char buf[256];
        size_t len = 0, rest = v;
        for (size_t i = 0; i < k && len + 4 < sizeof buf; i++) {
            size_t opts = 1;
            for (const uint32_t *t = cps[i] < 0x10000 ? trad[cps[i]] : NULL; t && *t; t++)
                opts++;
            size_t pick = rest % opts;
            rest /= opts;
            uint32_t c = pick == 0 ? cps[i] : trad[cps[i]][pick - 1];
            len += un_utf8_encode(c, buf + len);
        }
        un_litset_add(set, buf, len, id);
    }
    return 0;
}

/* Copies s[0..n) to out without the spaces the first look leaves out.
 * Returns the length copied. */
static size_t strip_spaces(const char *s, size_t n, char *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t len = 0;
    while (p < end) {
        size_t k = un_look_space(p, end);
        if (k)
            p += k;
        else
            out[len++] = (char)*p++;
    }
    return len;
}

/* Room for up to most strings. */
static void strset_init(strset *set, size_t most)
{
    set->cap = 16;
    while (set->cap < 2 * most)
        set->cap *= 2;
    set->off = un_xcalloc(set->cap, sizeof *set->off);
    set->len = un_xcalloc(set->cap, sizeof *set->len);
    set->num = un_xcalloc(set->cap, sizeof *set->num);
    set->count = set->longest = 0;
    un_buf_init(&set->text);
}

static void strset_release(strset *set)
{
    un_buf_release(&set->text);
    free(set->off);
    free(set->len);
    free(set->num);
}

/* The slot of s[0..n), or of the empty one where it would go. */
static size_t strset_slot(const strset *set, const char *s, size_t n)
{
    size_t h = (size_t)un_hash_bytes(s, n) & (set->cap - 1);
    while (set->off[h] &&
           !(set->len[h] == n && memcmp(set->text.data + set->off[h] - 1, s, n) == 0))
        h = (h + 1) & (set->cap - 1);
    return h;
}

/* The number of s[0..n) (0 < n <= UINT16_MAX), added if new; the set has
 * room (strset_init). */
static uint32_t strset_add(strset *set, const char *s, size_t n)
{
    size_t h = strset_slot(set, s, n);
    if (set->off[h])
        return set->num[h];
    size_t off = set->text.len;
    memcpy(un_buf_reserve(&set->text, n), s, n);
    set->text.len += n;
    set->off[h] = (uint32_t)off + 1;
    set->len[h] = (uint16_t)n;
    set->num[h] = (uint32_t)set->count++;
    if (n > set->longest)
        set->longest = n;
    return set->num[h];
}

/* The number of s[0..n), or -1 when it is not in the set. */
static long strset_get(const strset *set, const char *s, size_t n)
{
    if (!set->cap || n > set->longest)
        return -1;
    size_t h = strset_slot(set, s, n);
    return set->off[h] ? (long)set->num[h] : -1;
}

/* The kind of name every matching record holds: a district's, where the
 * district is a condition, else an -e text. */
static unsigned key_kind(const un_matcher *m)
{
    return m->pre_need & PRE_DISTRICT ? PRE_DISTRICT : PRE_TEXT;
}

typedef struct head_tail {
    uint32_t head, tail; /* numbers in m->heads and m->tails */
} head_tail;

static int by_head(const void *x, const void *y)
{
    const head_tail *a = x, *b = y;
    if (a->head != b->head)
        return a->head < b->head ? -1 : 1;
    return a->tail < b->tail ? -1 : a->tail > b->tail;
}

/* The proper beginnings (heads) of the look's names of the key kind, whole
 * characters (云 and 云南 of 云南省), each with the rests of the names
 * after it (tails: 南省 and 省), for un_match_scan_needs. */
static void build_heads(un_matcher *m, const un_litset *set)
{
    size_t chars = 0, nlit = un_litset_count(set);
    uint32_t key_id = key_kind(m) == PRE_DISTRICT ? 0 : 1, id;
    for (size_t i = 0; i < nlit; i++) {
        size_t len;
        un_litset_literal(set, i, &len, &id);
        if (id == key_id && len <= UINT16_MAX)
            chars += len;
    }
    strset_init(&m->heads, chars);
    strset_init(&m->tails, chars);
    strset_init(&m->tail_heads, chars);
    m->head_ends = un_xcalloc(1, sizeof *m->head_ends);
    m->tail_starts = un_xcalloc(1, sizeof *m->tail_starts);
    un_vec pairs;
    un_vec_init(&pairs, sizeof(head_tail));
    for (size_t i = 0; i < nlit; i++) {
        size_t len;
        const char *s = un_litset_literal(set, i, &len, &id);
        if (id != key_id || len > UINT16_MAX)
            continue;
        const char *end = s + len;
        for (const char *p = s; p < end;) {
            uint32_t c = un_utf8_next(&p, end);
            if (p == end)
                break; /* the whole name is no beginning of it */
            head_tail *pr = UN_VEC_PUSH(&pairs, head_tail);
            pr->head = strset_add(&m->heads, s, (size_t)(p - s));
            un_cp_bitmap_set(m->head_ends, c);
            size_t before = m->tails.count;
            pr->tail = strset_add(&m->tails, p, (size_t)(end - p));
            if (before == m->tails.count)
                continue;
            /* A new tail: its first character, and its own beginnings,
             * which a line cut short may hold alone. */
            const char *r = p;
            un_cp_bitmap_set(m->tail_starts, un_utf8_next(&r, end));
            for (; r < end; un_utf8_next(&r, end))
                strset_add(&m->tail_heads, p, (size_t)(r - p));
        }
    }
    /* Each head's tails, one after another. */
    un_sort(pairs.data, pairs.len, sizeof(head_tail), by_head);
    m->head_first = un_xcalloc(m->heads.count + 1, sizeof *m->head_first);
    m->head_count = un_xcalloc(m->heads.count + 1, sizeof *m->head_count);
    m->head_tails = un_xmalloc((pairs.len + 1) * sizeof *m->head_tails);
    const head_tail *pr = pairs.data;
    size_t ntails = 0;
    for (size_t k = 0; k < pairs.len; k++) {
        uint32_t h = pr[k].head;
        if (k > 0 && h == pr[k - 1].head && pr[k].tail == pr[k - 1].tail)
            continue;
        if (m->head_count[h] == 0)
            m->head_first[h] = (uint32_t)ntails;
        m->head_tails[ntails++] = pr[k].tail;
        m->head_count[h]++;
    }
    un_vec_release(&pairs);
}

/* The names of set without those that hold another of the same kind:
 * where a name is, so is each name it holds (黄岩 in 黄岩区), and a line,
 * record or join that holds the longer holds the shorter whole, or cut
 * where the look's beginnings of names find it. The automaton is then
 * faster: the twelve forms of 黄岩 are four. Names longer than
 * COVER_MAX bytes are kept as they are. */
#define COVER_MAX 255
static un_litset *drop_covered(un_litset *set)
{
    size_t nlit = un_litset_count(set);
    strset kind[2];
    strset_init(&kind[0], nlit);
    strset_init(&kind[1], nlit);
    uint32_t id;
    for (size_t i = 0; i < nlit; i++) {
        size_t len;
        const char *s = un_litset_literal(set, i, &len, &id);
        if (id < 2 && len <= COVER_MAX)
            strset_add(&kind[id], s, len);
    }
    un_litset *out = un_litset_new();
    for (size_t i = 0; i < nlit; i++) {
        size_t len;
        const char *s = un_litset_literal(set, i, &len, &id), *end = s + len;
        int covered = 0;
        for (const char *a = s; id < 2 && len <= COVER_MAX && a < end && !covered;) {
            const char *b = a;
            un_utf8_next(&b, end);
            for (; !covered && (a > s || b < end); un_utf8_next(&b, end)) {
                covered = strset_get(&kind[id], a, (size_t)(b - a)) >= 0;
                if (b == end)
                    break;
            }
            un_utf8_next(&a, end);
        }
        if (!covered)
            un_litset_add(out, s, len, id);
    }
    strset_release(&kind[0]);
    strset_release(&kind[1]);
    un_litset_free(set);
    return out;
}

/* Builds m->pre: the names of every place inside the district, if it is a
 * prefecture or a county (its forms, with those of renamed units it took
 * over), and the -e texts unless they are expressions. Towns are left
 * out: a town counts only inside a county its record names (find_towns in
 * index.c), and that county lies inside the district too (a town's code
 * begins with its county's, or with its prefecture's for a development
 * zone's), so a record that names a town of the district names one of
 * these forms as well. */
static void build_first_look(un_matcher *m, const un_gazetteer *g)
{
    /* A province's places have thousands of names: compiling them takes a
     * tenth of a second or more, and a page of a province's paper that
     * names none of them is rare. A prefecture's or a county's are looked
     * for. */
    int district = m->prefix_len >= 4;
    if (!district && (m->ntexts == 0 || m->regex))
        return;
    /* Traditional characters by the simplified one they fold to. */
    uint32_t **trad = un_xcalloc(65536, sizeof *trad);
    const un_fold_pair *fp = g->fold_pairs.data;
    for (size_t i = 0; i < g->fold_pairs.len; i++) {
        if (fp[i].to >= 0x10000 || fp[i].from >= 0x10000)
            continue;
        size_t k = 0;
        uint32_t *old = trad[fp[i].to];
        while (old && old[k])
            k++;
        uint32_t *nw = un_xrealloc(old, (k + 2) * sizeof *nw);
        nw[k] = fp[i].from;
        nw[k + 1] = 0;
        trad[fp[i].to] = nw;
    }
    un_litset *set = un_litset_new();
    int ok = 1;
    if (district) {
        m->pre_need |= PRE_DISTRICT;
        for (size_t i = 0; i < g->nforms && ok; i++) {
            const form *f = &g->forms[i];
            const place *p = &g->places[f->place];
            int32_t meant = p->historical ? p->successor : f->place;
            if (meant < 0 || strncmp(g->places[meant].code, m->prefix, m->prefix_len) != 0)
                continue;
            ok = add_variants(set, g, (const uint32_t *const *)trad, f->text, f->len, 0) == 0;
        }
    }
    if (m->ntexts && !m->regex) {
        /* The look leaves spaces out of the bytes it reads: so out of the
         * texts too. */
        m->pre_need |= PRE_TEXT;
        for (size_t k = 0; k < m->ntexts && ok; k++) {
            size_t n = strlen(m->texts[k]);
            char *bare = un_xmalloc(n + 1);
            size_t len = strip_spaces(m->texts[k], n, bare);
            m->pre_spaced |= len != n;
            ok = len > 0; /* nothing but spaces: nothing to look for */
            if (ok)
                un_litset_add(set, bare, len, 1);
            free(bare);
        }
    }
    for (size_t c = 0; c < 65536; c++)
        free(trad[c]);
    free(trad);
    if (ok)
        set = drop_covered(set);
    if (ok && un_litset_build_stream(set) == 0) {
        m->pre = set;
        build_heads(m, set);
    } else {
        un_litset_free(set);
        m->pre_need = 0;
    }
}

static const char *const name_types[4] = {"union", "programme", "company", "person"};

/* s in NFC, malloc'd and NUL-terminated, or NULL. */
static char *nfc(const char *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return len < 0 ? NULL : (char *)out;
}

un_matcher *un_matcher_new(const un_gazetteer *g, const un_match_options *opt, char *err,
                           size_t errlen)
{
    if (!g)
        g = un_gazetteer_default();
    un_matcher *m = un_xcalloc(1, sizeof *m);
    if (opt->district) {
        long i = un_gazetteer_find(g, opt->district, strlen(opt->district));
        if (i == -2) {
            long all[8];
            size_t n = un_gazetteer_find_all(g, opt->district, strlen(opt->district), all, 8);
            size_t k = (size_t)snprintf(err, errlen, "'%s' fits several places:", opt->district);
            for (size_t j = 0; j < n && j < 8 && k < errlen; j++) {
                un_place_info p = un_gazetteer_place(g, all[j]);
                k += (size_t)snprintf(err + k, errlen - k, "%s %.*s %.*s", j ? "," : "",
                                      (int)p.name.len, p.name.ptr, (int)p.code.len, p.code.ptr);
            }
            if (k < errlen)
                snprintf(err + k, errlen - k, "%s; give a code or a full name",
                         n > 8 ? ", ..." : "");
            un_matcher_free(m);
            return NULL;
        }
        if (i < 0) {
            snprintf(err, errlen, "'%s' is no district the gazetteer knows", opt->district);
            un_matcher_free(m);
            return NULL;
        }
        un_place_info p = un_gazetteer_place(g, i);
        size_t keep = p.level.len == 8 && memcmp(p.level.ptr, "province", 8) == 0     ? 2
                      : p.level.len == 10 && memcmp(p.level.ptr, "prefecture", 10) == 0 ? 4
                                                                                        : 6;
        if (keep > p.code.len)
            keep = p.code.len;
        memcpy(m->prefix, p.code.ptr, keep);
        m->prefix_len = keep;
        m->district_name = p.name;
        m->district_code = p.code;
    }
    const char *names[4] = {opt->union_name, opt->programme, opt->company, opt->person};
    for (int k = 0; k < 4; k++)
        m->names[k] = names[k] && *names[k] ? names[k] : NULL;
    m->gaz = g;
    m->regex = opt->regex;
    m->ntexts = opt->ntexts;
    m->texts = un_xcalloc(opt->ntexts ? opt->ntexts : 1, sizeof *m->texts);
    if (m->regex)
        m->regs = un_xcalloc(opt->ntexts ? opt->ntexts : 1, sizeof *m->regs);
    for (size_t k = 0; k < opt->ntexts; k++) {
        const char *t = opt->texts[k];
        m->texts[k] = nfc(t, strlen(t));
        if (!m->texts[k]) {
            snprintf(err, errlen, "'%s' is not valid UTF-8", t);
            m->ntexts = k;
            un_matcher_free(m);
            return NULL;
        }
        if (m->regex) {
            int rc = regcomp(&m->regs[k], m->texts[k], REG_EXTENDED | REG_NOSUB);
            if (rc != 0) {
                char msg[256];
                regerror(rc, &m->regs[k], msg, sizeof msg);
                snprintf(err, errlen, "bad expression '%s': %s", t, msg);
                free(m->texts[k]);
                m->texts[k] = NULL;
                m->ntexts = k;
                un_matcher_free(m);
                return NULL;
            }
        }
    }
    build_first_look(m, g);
    return m;
}

void un_matcher_free(un_matcher *m)
{
    if (!m)
        return;
    un_litset_free(m->pre);
    strset_release(&m->heads);
    strset_release(&m->tails);
    strset_release(&m->tail_heads);
    free(m->head_ends);
    free(m->tail_starts);
    free(m->head_first);
    free(m->head_count);
    free(m->head_tails);
    for (size_t k = 0; k < m->ntexts; k++) {
        if (m->regex)
            regfree(&m->regs[k]);
        free(m->texts[k]);
    }
    free(m->texts);
    free(m->regs);
    free(m);
}

static int has(un_str s, const char *needle)
{
    size_t n = strlen(needle);
    return s.ptr && s.len >= n && memmem(s.ptr, s.len, needle, n) != NULL;
}

static int type_is(un_str t, const char *name)
{
    return t.len == strlen(name) && memcmp(t.ptr, name, t.len) == 0;
}

static int text_matches(un_matcher *m, const un_article *a)
{
    for (size_t s = 0; s < a->n_segments; s++) {
        un_str t = a->segments[s].text;
        if (!m->regex) {
            for (size_t k = 0; k < m->ntexts; k++)
                if (has(t, m->texts[k]))
                    return 1;
            continue;
        }
        char *norm = nfc(t.ptr ? t.ptr : "", t.len);
        int hit = 0;
        for (size_t k = 0; norm && k < m->ntexts && !hit; k++)
            hit = regexec(&m->regs[k], norm, 0, NULL, 0) == 0;
        free(norm);
        if (hit)
            return 1;
    }
    return 0;
}

int un_matcher_test(un_matcher *m, const un_article *a)
{
    if (m->prefix_len) {
        int found = 0;
        for (size_t i = 0; i < a->n_entities && !found; i++) {
            const un_entity *e = &a->entities[i];
            found = type_is(e->type, "district") && e->code.ptr &&
                    e->code.len >= m->prefix_len &&
                    memcmp(e->code.ptr, m->prefix, m->prefix_len) == 0;
        }
        if (!found)
            return 0;
    }
    for (int k = 0; k < 4; k++) {
        if (!m->names[k])
            continue;
        int found = 0;
        for (size_t i = 0; i < a->n_entities && !found; i++) {
            const un_entity *e = &a->entities[i];
            found = type_is(e->type, name_types[k]) &&
                    (has(e->name, m->names[k]) || has(e->text, m->names[k]));
        }
        if (!found)
            return 0;
    }
    if (m->ntexts && !text_matches(m, a))
        return 0;
    return 1;
}

un_str un_matcher_district_name(const un_matcher *m)
{
    return m->district_name;
}

un_str un_matcher_district_code(const un_matcher *m)
{
    return m->district_code;
}

const char *un_matcher_district_prefix(const un_matcher *m)
{
    return m->prefix;
}

/* ---- the first look ---- */

/* Where a line begins in the look's buffer (lines after the first). */
typedef struct line_start {
    size_t off, line;
} line_start;

struct un_match_scan {
    const un_matcher *m;
    un_litstream *st;
    unsigned need, seen;
    unsigned char held[2]; /* the end of a feed that may begin U+3000 */
    size_t nheld;
    char buf[1 << 17]; /* passed on at a line end past half (new_line) */
    size_t len;
    int direct; /* a record's text goes to the stream as it is */
    size_t longest; /* the longest name or text looked for, in bytes */
    /* Noting lines: the kinds of name that end on each line of the input
     * looked at, for un_match_scan_record to judge its records by. */
    int noting;         /* this look notes them (and reads to the end) */
    int lines_ok;       /* the notes hold for the input last looked at */
    int after_cr;       /* the last feed ended with CR */
    size_t line;        /* the line of the next byte */
    size_t base;        /* the stream offset of buf[0] */
    size_t buf_line;    /* the line of buf[0] */
    un_vec starts;      /* line_start: lines that begin inside buf */
    un_vec marks;       /* unsigned char per line: PRE_DISTRICT | PRE_TEXT */
    /* The tails of names (build_heads) that lines of the input begin
     * with, as the look noting lines found them, and where the line being
     * read began in buf (SIZE_MAX: before the buffer was last passed on). */
    uint64_t *tail_seen; /* a bit per tail */
    int tails_any;       /* a line that may begin any tail */
    size_t line_off;
    /* The offsets in the input of its line feeds, for the reader to take
     * (un_match_scan_line_feeds): kept while noting, as long as no CR
     * comes and there are at most LF_MOST; fed: bytes of the input so far. */
    un_vec lfs; /* of uint32_t */
    int lfs_ok;
    size_t fed;
};

un_match_scan *un_match_scan_new(const un_matcher *m)
{
    if (!m->pre)
        return NULL;
    un_match_scan *sc = un_xcalloc(1, sizeof *sc);
    sc->m = m;
    sc->st = un_litstream_new(m->pre);
    sc->need = m->pre_need;
    sc->direct = !m->pre_spaced;
    sc->longest = un_litset_longest(m->pre);
    un_vec_init(&sc->starts, sizeof(line_start));
    un_vec_init(&sc->marks, 1);
    un_vec_init(&sc->lfs, sizeof(uint32_t));
    sc->tail_seen = un_xcalloc(m->tails.count / 64 + 1, sizeof *sc->tail_seen);
    return sc;
}

void un_match_scan_free(un_match_scan *sc)
{
    if (!sc)
        return;
    un_litstream_free(sc->st);
    un_vec_release(&sc->starts);
    un_vec_release(&sc->marks);
    un_vec_release(&sc->lfs);
    free(sc->tail_seen);
    free(sc);
}

/* The line of the stream's byte at offset off, which lies in buf. */
static size_t line_of(const un_match_scan *sc, size_t off)
{
    const line_start *ls = sc->starts.data;
    size_t at = off >= sc->base ? off - sc->base : 0, k;
    UN_PARTITION_POINT(k, 0, sc->starts.len, mid, ls[mid].off <= at);
    return k ? ls[k - 1].line : sc->buf_line;
}

static void mark_line(un_match_scan *sc, size_t line, unsigned kind)
{
    if (line >= sc->marks.len)
        un_vec_push_zeroes(&sc->marks, line + 1 - sc->marks.len);
    UN_VEC_AT(&sc->marks, unsigned char, line) |= (unsigned char)kind;
}

static int on_first_look(void *ctx, size_t end, uint32_t id)
{
    un_match_scan *sc = ctx;
    unsigned kind = id == 0 ? PRE_DISTRICT : PRE_TEXT;
    sc->seen |= kind;
    if (sc->noting) {
        mark_line(sc, line_of(sc, end - 1), kind);
        return 0; /* every line is wanted: go on */
    }
    return (sc->seen & sc->need) == sc->need; /* all there: stop */
}

/* A stream of the look begun, the notes of lines kept. */
static void look_begin(un_match_scan *sc, int noting)
{
    sc->seen = 0;
    sc->len = 0;
    sc->nheld = 0;
    sc->noting = noting;
    sc->after_cr = 0;
    sc->line = sc->buf_line = 1;
    sc->base = 0;
    sc->starts.len = 0;
    sc->line_off = 0;
    un_litstream_begin(sc->st, on_first_look, sc);
}

void un_match_scan_forget_lines(un_match_scan *sc)
{
    sc->lfs_ok = 0;
    sc->marks.len = 0; /* zeroed again as they are noted */
    sc->lines_ok = 0;
}

void un_match_scan_begin(un_match_scan *sc)
{
    un_match_scan_forget_lines(sc);
    memset(sc->tail_seen, 0, (sc->m->tails.count / 64 + 1) * sizeof *sc->tail_seen);
    sc->tails_any = 0;
    sc->lfs.len = 0;
    sc->lfs_ok = 1;
    sc->fed = 0;
    look_begin(sc, 0);
}

void un_match_scan_note_lines(un_match_scan *sc)
{
    sc->noting = 1;
}

static int scan_done(const un_match_scan *sc)
{
    return (sc->seen & sc->need) == sc->need;
}

/* Nothing more to learn from the rest of the input. */
static int look_over(const un_match_scan *sc)
{
    return !sc->noting && scan_done(sc);
}

static void flush(un_match_scan *sc)
{
    un_litstream_feed(sc->st, sc->buf, sc->len);
    sc->base += sc->len;
    sc->buf_line = sc->line;
    sc->starts.len = 0;
    sc->len = 0;
}

static void keep_bytes(un_match_scan *sc, const unsigned char *p, size_t n)
{
    while (n) {
        size_t k = sizeof sc->buf - sc->len;
        if (k > n)
            k = n;
        memcpy(sc->buf + sc->len, p, k);
        sc->len += k;
        p += k;
        n -= k;
        if (sc->len == sizeof sc->buf) {
            flush(sc);
            sc->line_off = SIZE_MAX; /* the line goes on past it */
        }
    }
}

/* The line being read ended. A paragraph cut by a column break goes on
 * with the line joined to it, which need not follow it here, as text
 * trimmed as the reader trims it: a name runs across the join only if
 * that line begins with a tail of it (noted here), or is all of a proper
 * beginning of one, which the line joined next may complete (then any
 * tail counts as seen). So does a line that ran on past the buffer passed
 * on, whose start is gone. */
static void line_done(un_match_scan *sc)
{
    const un_matcher *m = sc->m;
    if (sc->line_off == SIZE_MAX) {
        sc->tails_any |= m->tails.count != 0;
        return;
    }
    size_t k = sc->len - sc->line_off;
    if (k == 0)
        return;
    const char *t = sc->buf + sc->line_off;
    /* Most lines begin with a character that begins no tail, and with no
     * space: trimmed only where one comes first. */
    if (un_space_first((const unsigned char *)t, k))
        t = un_trim(t, &k);
    const char *q = t, *end = t + k;
    if (k == 0 || !un_cp_bitmap_has(m->tail_starts, un_utf8_next(&q, end)))
        return;
    t = un_trim(t, &k); /* the end too */
    end = t + k;
    if (strset_get(&m->tail_heads, t, k) >= 0)
        sc->tails_any = 1;
    for (; (size_t)(q - t) <= m->tails.longest; un_utf8_next(&q, end)) {
        long n = strset_get(&m->tails, t, (size_t)(q - t));
        if (n >= 0)
            sc->tail_seen[n / 64] |= (uint64_t)1 << (n % 64);
        if (q == end)
            break;
    }
}

/* A line break passed over: the next byte kept begins a new line. Lines
 * end the buffers passed on where they can (line_done). */
static void new_line(un_match_scan *sc)
{
    line_done(sc);
    if (sc->len >= sizeof sc->buf / 2)
        flush(sc);
    sc->line_off = sc->len;
    sc->line++;
    if (sc->len == 0) {
        sc->buf_line = sc->line;
        return;
    }
    line_start *last = sc->starts.len ? &UN_VEC_AT(&sc->starts, line_start, sc->starts.len - 1)
                                      : NULL;
    if (last && last->off == sc->len)
        last->line = sc->line; /* an empty line */
    else
        *UN_VEC_PUSH(&sc->starts, line_start) = (line_start){sc->len, sc->line};
}

/* A line feed at offset off of the input: kept for the reader while
 * there are few enough (a line of 16 bytes on average, over the largest
 * input kept in memory, is past the limit) and offsets fit. */
#define LF_MOST (1u << 18)
static void note_lf(un_match_scan *sc, size_t off)
{
    if (!sc->lfs_ok)
        return;
    if (sc->lfs.len >= LF_MOST || off > UINT32_MAX) {
        sc->lfs_ok = 0;
        return;
    }
    *UN_VEC_PUSH(&sc->lfs, uint32_t) = (uint32_t)off;
}

/* Eight bytes at a time: does any hold a byte below 0x21 (tab, line
 * breaks, space) or 0xE3 (the lead byte of U+3000)? */
static int word_may_skip(uint64_t w)
{
    return un_swar_has_below(w, 0x21) | un_swar_has_byte(w, 0xE3);
}

#ifdef UN_AVX2
/* How many bytes from p on hold no byte below 0x21 and begin no U+3000,
 * 32 at a time (a multiple of 32 unless one is found): what the look can
 * pass over at once. */
UN_AVX2_FN static size_t plain_bytes_avx2(const unsigned char *p, const unsigned char *end)
{
    const __m256i low = _mm256_set1_epi8(0x20), e3 = _mm256_set1_epi8((char)0xE3),
                  x80 = _mm256_set1_epi8((char)0x80);
    const unsigned char *q = p;
    /* Two bytes past the block are read: U+3000 may start at its end. */
    while (end - q >= 34) {
        __m256i a = _mm256_loadu_si256((const __m256i *)q);
        __m256i b = _mm256_loadu_si256((const __m256i *)(q + 1));
        __m256i c = _mm256_loadu_si256((const __m256i *)(q + 2));
        __m256i below = _mm256_cmpeq_epi8(_mm256_min_epu8(a, low), a);
        __m256i ideo = _mm256_and_si256(_mm256_cmpeq_epi8(a, e3),
                                        _mm256_and_si256(_mm256_cmpeq_epi8(b, x80),
                                                         _mm256_cmpeq_epi8(c, x80)));
        uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(below, ideo));
        if (m)
            return (size_t)(q - p) + (size_t)__builtin_ctz(m);
        q += 32;
    }
    return (size_t)(q - p);
}
#endif

/* Line breaks and spaces (also U+3000) are left out: the reader joins
 * lines that a column break cut, and a name may run across them. Runs of
 * other bytes are copied whole; blocks of 32 bytes (with AVX2) or words of
 * eight without a byte that can begin a space are passed over at once. */
void un_match_scan_feed(un_match_scan *sc, const void *data, size_t n)
{
    const unsigned char *in = data;
    size_t at = sc->fed; /* the input offset of data[0], when noting */
    if (sc->noting)
        sc->fed += n;
    int cr_before = sc->after_cr; /* a CR LF cut by the feeds is one break */
    sc->after_cr = 0;
    if (sc->nheld) {
        /* The bytes held from the last feed (E3, or E3 80), and the 80s
         * that follow them: U+3000 left out, else kept. */
        unsigned char joined[3];
        size_t k = sc->nheld, took = 0;
        memcpy(joined, sc->held, k);
        while (k < 3 && took < n && in[took] == 0x80)
            joined[k++] = in[took++];
        in += took;
        n -= took;
        if (k < 3 && n == 0) { /* this feed ended too: still too short to tell */
            memcpy(sc->held, joined, k);
            sc->nheld = k;
            return;
        }
        if (k < 3)
            keep_bytes(sc, joined, k);
        sc->nheld = 0;
    }
    const unsigned char *p = in, *end = in + n, *run = in;
#ifdef UN_AVX2
    int avx2 = un_have_avx2();
#endif
    while (p < end) {
        if (look_over(sc))
            return;
        const unsigned char *stop = end;
#ifdef UN_AVX2
        if (avx2) {
            size_t plain = plain_bytes_avx2(p, end);
            if (plain) {
                p += plain;
                continue;
            }
        }
#endif
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (!word_may_skip(w)) {
                p += 8;
                continue;
            }
            stop = p + 8;
        }
        while (p < stop) {
            size_t k = un_look_space(p, end);
            if (k) {
                keep_bytes(sc, run, (size_t)(p - run));
                /* Line breaks as the reader counts them: LF, CR, CR LF. */
                if (sc->noting && *p == '\r') {
                    sc->lfs_ok = 0;
                    new_line(sc);
                    if (p + 1 < end && p[1] == '\n')
                        k = 2;
                    sc->after_cr = p + 1 == end;
                } else if (sc->noting && *p == '\n' && !(p == in && cr_before)) {
                    note_lf(sc, at + (size_t)(p - (const unsigned char *)data));
                    new_line(sc);
                }
                p += k;
                run = p;
            } else if (*p == 0xE3 && (end - p == 1 || (end - p == 2 && p[1] == 0x80))) {
                /* Perhaps U+3000, cut by the end of this feed (what is
                 * held begins it: no line break is held). */
                keep_bytes(sc, run, (size_t)(p - run));
                sc->nheld = (size_t)(end - p);
                memcpy(sc->held, p, sc->nheld);
                return;
            } else {
                p++;
            }
        }
    }
    keep_bytes(sc, run, (size_t)(p - run));
}

static int look_end(un_match_scan *sc)
{
    if (sc->nheld && !look_over(sc))
        keep_bytes(sc, sc->held, sc->nheld);
    sc->nheld = 0;
    if (sc->noting)
        line_done(sc);
    if (sc->len && !look_over(sc))
        flush(sc);
    sc->len = 0;
    un_litstream_end(sc->st);
    return scan_done(sc);
}

int un_match_scan_end(un_match_scan *sc)
{
    int may = look_end(sc);
    sc->lines_ok = sc->noting;
    sc->noting = 0;
    return may;
}

static unsigned marks_at(const un_match_scan *sc, size_t line)
{
    return line < sc->marks.len ? UN_VEC_AT(&sc->marks, unsigned char, line) : 0;
}

int un_match_scan_line(const un_match_scan *sc, size_t line)
{
    return !(sc->lines_ok && sc->direct) || marks_at(sc, line) != 0;
}

const uint32_t *un_match_scan_line_feeds(const un_match_scan *sc, size_t *n)
{
    static const uint32_t none[1];
    *n = 0;
    if (!sc->lines_ok || !sc->lfs_ok)
        return NULL;
    *n = sc->lfs.len;
    return sc->lfs.len ? (const uint32_t *)sc->lfs.data : none;
}

int un_match_scan_lines_noted(const un_match_scan *sc)
{
    return sc->lines_ok && sc->direct;
}

/* May a join complete a name after head h: does a line of the input the
 * look noted begin with one of its tails (line_done)? */
static int head_completed(const un_match_scan *sc, uint32_t h)
{
    const un_matcher *m = sc->m;
    uint32_t n = m->head_count[h];
    if (sc->tails_any || !sc->lines_ok)
        return 1;
    for (const uint32_t *t = m->head_tails + m->head_first[h], *e = t + n; t < e; t++)
        if (sc->tail_seen[*t / 64] >> (*t % 64) & 1)
            return 1;
    return 0;
}

/* Does s[0..n) end with a head whose name a join may complete? */
static int ends_with_head(const un_match_scan *sc, const char *s, size_t n)
{
    const un_matcher *m = sc->m;
    if (n == 0)
        return 0;
    const char *q = s + n;
    uint32_t c = un_utf8_prev(s, &q);
    if (!un_cp_bitmap_has(m->head_ends, c))
        return 0;
    /* Each ending of whole characters, up to the longest head. */
    for (const char *p = q; (size_t)(s + n - p) <= m->heads.longest;) {
        long h = strset_get(&m->heads, p, (size_t)(s + n - p));
        if (h >= 0 && head_completed(sc, (uint32_t)h))
            return 1;
        if (p == s)
            break;
        un_utf8_prev(s, &p);
    }
    return 0;
}

int un_match_scan_needs(const un_match_scan *sc, size_t line, const char *s, size_t n)
{
    const un_matcher *m = sc->m;
    return (marks_at(sc, line) & key_kind(m)) || ends_with_head(sc, s, n);
}

/* A name cut by a column break, which the look did not see whole, lies
 * within the longest name's reach of the break: the text there is looked
 * at. Returns the kinds of name found, with those seen before. */
static unsigned around_breaks(un_match_scan *sc, const un_segment *g, unsigned seen)
{
    size_t reach = sc->longest ? sc->longest - 1 : 0;
    look_begin(sc, 0);
    sc->seen = seen; /* so that the look ends once all are there */
    for (size_t k = 0; k < g->n_pieces && !scan_done(sc); k++) {
        size_t at = g->pieces[k].offset;
        size_t from = at > reach ? at - reach : 0;
        size_t to = g->text.len - at > reach ? at + reach : g->text.len;
        if (k + 1 < g->n_pieces && to > g->pieces[k + 1].offset)
            to = g->pieces[k + 1].offset; /* the next break's look reads on */
        /* Each stretch a stream of its own: none runs into the next. */
        un_litstream_feed(sc->st, g->text.ptr + from, to - from);
        un_litstream_end(sc->st);
        un_litstream_begin(sc->st, on_first_look, sc);
    }
    look_end(sc);
    return sc->seen;
}

/* A record's text needs no spaces left out: the indexer and the matcher
 * find a name, or an -e text, only where it stands unbroken in a segment,
 * so the segments go to the stream as they are, unless an -e text held
 * spaces (the look looks for it without them).
 *
 * With the lines of its input noted, a record is judged by them: each
 * segment is part of one line, or of several for a paragraph rejoined
 * across column breaks, so a name in it ended on one of its lines, or
 * runs across a break. */
int un_match_scan_record(un_match_scan *sc, const un_article *a)
{
    if (sc->lines_ok && sc->direct) {
        unsigned seen = 0;
        for (size_t s = 0; s < a->n_segments && (seen & sc->need) != sc->need; s++) {
            const un_segment *g = &a->segments[s];
            seen |= marks_at(sc, g->line);
            for (size_t k = 0; k < g->n_pieces; k++)
                seen |= marks_at(sc, g->pieces[k].line);
        }
        for (size_t s = 0; s < a->n_segments && (seen & sc->need) != sc->need; s++)
            if (a->segments[s].n_pieces)
                seen = around_breaks(sc, &a->segments[s], seen);
        return (seen & sc->need) == sc->need;
    }
    look_begin(sc, 0);
    for (size_t s = 0; s < a->n_segments && !scan_done(sc); s++) {
        const un_str *t = &a->segments[s].text;
        if (sc->direct)
            un_litstream_feed(sc->st, t->ptr, t->len);
        else
            un_match_scan_feed(sc, t->ptr, t->len);
    }
    return look_end(sc);
}
