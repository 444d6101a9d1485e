/* entities.c: owns the entities besides districts: companies, unions,
 * programmes and people, found in a record's segments (simplified copies,
 * so that one set of rules reads both scripts). Every rule is about the
 * shape of the text around a name; the words it looks for are the lists of
 * data/index.tsv.
 *
 * Companies end in a legal form (有限公司), or in 集团, 公司 or 厂 after a name
 * that says it is one company (a place inside it, its words used elsewhere in
 * the article, enough characters); the name starts after the word that ends
 * it to the left (来自, 在, 的) and is reported by its fullest form.
 *
 * Unions end in a union suffix (总工会, 工会联合会, 工会). Before it stands a
 * place (黄岩区总工会, 萧山工会, 杭州市金融工会, 义城镇总工会), a level alone (区总工会:
 * the article's 区), a company (舜宇集团工会, 集团工会) or another organisation
 * (管委会工会). The name is the place's full name with the rest; a bare 工会
 * (unions in general) is no entity.
 *
 * Programmes are named in quotation marks. What makes quoted words a name
 * and not speech, a holiday or scare quotes: the name ends like one (工匠,
 * 奖, 计划), a head noun follows it (培育工程, 工作机制, 称号), a level or an act
 * of naming stands before it (省, 首批, 评选, 授予), it recurs, it stands in a
 * list of quoted names; against it, 的 around it. The name is the text
 * inside the marks.
 *
 * People are names of two to four characters that begin with a surname
 * (data/surnames.txt) where something says so: a title before (主席诸杏珍),
 * speech after (龚维灿表示), a company before (…有限公司陈丽芬), 等 and a count
 * after (丁国强等43人), a list with such a name; and a boundary after them.
 * Common words that begin like a name (方面, 高度) and the byline's authors
 * are not. */
#include <stdlib.h>

#include "entities.h"
#include "lexicon.h"
#include "text.h"

/* Characters between a place and a union suffix that name a trade or an
 * area (杭州市金融工会, 江北区货运司机工会联合会). */
#define MAX_TRADE 4

typedef struct company {
    size_t seg, start, stem_end, end; /* stem: start..stem_end; suffix up to end */
    int legal;
    int dropped;
    size_t fullest; /* index of the company it is a shorter form of */
} company;

typedef struct person {
    size_t seg, start, end;
} person;

typedef struct level_memo {
    const char *lvl;
    size_t n;
    int32_t place;
} level_memo;

typedef struct ectx {
    const ent_input *in;
    const un_gazetteer *g;
    const un_lexicon *lx;
    un_vec *out;
    un_vec companies; /* of company */
    uint64_t company_ends; /* bit company_end_bit() of every company's end:
                              most positions end none, and need no search */
    un_vec people;    /* of person: accepted occurrences */
    size_t max_place; /* the longest place mention's bytes */
    level_memo levels[16]; /* place_for_level's answers */
    size_t nlevels;
} ectx;

static int name_char(uint32_t c)
{
    return un_is_han(c) || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z') || c == 0xB7;
}

static const un_segment *seg_at(const ectx *x, size_t s)
{
    return &x->in->rec->segments[s];
}

static un_str lit(const char *s)
{
    return (un_str){s, strlen(s)};
}

static un_str keep(const ectx *x, const char *s, size_t n)
{
    char *p = un_reader_alloc(x->in->r, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return (un_str){p, n};
}

/* Keeps the concatenation of up to three pieces. */
static un_str keep3(const ectx *x, un_str a, un_str b, un_str c)
{
    size_t n = a.len + b.len + c.len;
    char *p = un_reader_alloc(x->in->r, n + 1);
    memcpy(p, a.ptr ? a.ptr : "", a.len);
    memcpy(p + a.len, b.ptr ? b.ptr : "", b.len);
    memcpy(p + a.len + b.len, c.ptr ? c.ptr : "", c.len);
    p[n] = '\0';
    return (un_str){p, n};
}

static ent_pos *push(const ectx *x, size_t seg, size_t start, size_t end, const char *type)
{
    ent_pos *ep = UN_VEC_PUSH(x->out, ent_pos);
    ep->seg = seg;
    ep->start = start;
    ep->end = end;
    memset(&ep->e, 0, sizeof ep->e);
    ep->e.type = lit(type);
    ep->e.text = keep(x, seg_at(x, seg)->text.ptr + start, end - start);
    ep->e.line = un_segment_line(seg_at(x, seg), start);
    return ep;
}

static size_t chars_in(const char *s, size_t n)
{
    return un_utf8_count(s, n);
}

/* Where an organisation's name that ends at `end` starts: scanning left
 * over name characters, at most max of them, stopping after a word that
 * ends names (的, 在, 来自). */
static size_t name_start(const un_gazetteer *g, const char *text, size_t end, int max)
{
    size_t pos = end;
    for (int k = 0; k < max && pos > 0; k++) {
        if (un_gaz_word_before(g, GL_STOP, text, text + pos))
            break;
        const char *q = text + pos;
        uint32_t c = un_utf8_prev(text, &q);
        if (!name_char(c))
            break;
        pos = (size_t)(q - text);
    }
    return pos;
}

/* The first of the record's places (sorted by segment and start) that
 * starts at seg[pos] or after: a binary search. */
static size_t place_from(const ectx *x, size_t seg, size_t pos)
{
    const place_ref *p = x->in->places;
    size_t at;
    UN_PARTITION_POINT(at, 0, x->in->nplaces, mid,
                       p[mid].seg < seg || (p[mid].seg == seg && p[mid].start < pos));
    return at;
}

/* Is there a place mention that counts within seg[start..end)? */
static int place_inside(const ectx *x, size_t seg, size_t start, size_t end)
{
    for (size_t i = place_from(x, seg, start); i < x->in->nplaces; i++) {
        const place_ref *p = &x->in->places[i];
        if (p->seg != seg || p->start >= end)
            break;
        if (p->end <= end)
            return 1;
    }
    return 0;
}

/* The end of n Han characters from p, or NULL where fewer stand there. */
static const char *han_run(const char *p, const char *end, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *r = p;
        if (p >= end || !un_is_han(un_utf8_next(&r, end)))
            return NULL;
        p = r;
    }
    return p;
}

/* ---- events ---- */

void ent_scan_init(ent_scan *sc)
{
    for (int k = 0; k < EV_KINDS; k++)
        un_vec_init(&sc->kind[k], sizeof(uint32_t));
}

void ent_scan_release(ent_scan *sc)
{
    for (int k = 0; k < EV_KINDS; k++)
        un_vec_release(&sc->kind[k]);
}

/* The text is scanned in blocks of this many bytes, with room for as many
 * events of each kind made before each: a block's events are written
 * without a test of room each. */
#define SCAN_BLOCK 4096

/* The character at p (p < end): where it ends, and in *m the events it
 * starts (ASCII other than digits starts none). room3: the caller knows
 * p + 3 <= end, so a three-byte lead is read without un_utf8_next's test
 * of room. */
static inline const unsigned char *ev_char(const uint8_t *ec, const unsigned char *p,
                                           const unsigned char *end, int room3, unsigned *m)
{
    unsigned char c = *p;
    if (room3 && (unsigned char)(c - 0xE0) < 0x10) {
        *m = ec[un_utf8_decode3(p)];
        return p + 3;
    }
    if (c < 0x80) {
        *m = (unsigned char)(c - '0') <= 9 ? ec[c] : 0;
        return p + 1;
    }
    const char *r = (const char *)p;
    uint32_t cp = un_utf8_next(&r, (const char *)end);
    *m = cp < 0x10000 ? ec[cp] : 0;
    return (const unsigned char *)r;
}

/* Notes the events m (not 0) at offset off, of the kinds listed; returns
 * m. */
static inline unsigned ev_note(uint32_t *w[EV_KINDS], unsigned m, unsigned kinds, uint32_t off)
{
    for (unsigned e = m & kinds; e; e &= e - 1)
        *w[__builtin_ctz(e)]++ = off;
    return m;
}

#ifdef UN_AVX2
/* The block's characters from p on, sixteen at a time while they are of
 * three bytes: each 12 bytes of the 48 loaded into a 128-bit lane, whose
 * four 32-bit lanes take a character each (its lead at bits 16-23, the two
 * bytes after below), decoded as un_utf8_decode3 does; the events of all
 * sixteen gathered from ec at once, and each kind's offsets compressed to
 * the front of a vector and stored whole. No branch on the events, which
 * are too irregular to predict (a fifth of the characters of Chinese text
 * start one). A run is cut at the first character whose lead is not E0..EF,
 * which is read alone; the scalar loop reads the last 51 bytes or fewer.
 *
 * Room: a vector is stored only where 52 bytes or more of the block are
 * left, so fewer than SCAN_BLOCK - 52 events of a kind were noted in the
 * block before (one a character at most), and 16 more fit. ec has three
 * bytes after its last entry, which a gather of four bytes reads. */
UN_AVX512_FN static const unsigned char *events_avx512(const uint8_t *ec, const unsigned char *p,
                                                       const unsigned char *stop,
                                                       const unsigned char *base,
                                                       uint32_t *w[EV_KINDS], unsigned kinds,
                                                       unsigned *all)
{
    const __m512i pick = _mm512_broadcast_i32x4(
        _mm_setr_epi8(2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1));
    const __m512i lead_bits = _mm512_set1_epi32(0x00F00000),
                  lead3 = _mm512_set1_epi32(0x00E00000), low6 = _mm512_set1_epi32(0x3F),
                  mid6 = _mm512_set1_epi32(0xFC0), top4 = _mm512_set1_epi32(0xF000),
                  byte = _mm512_set1_epi32(0xFF);
    const __m512i thrice =
        _mm512_setr_epi32(0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45);
    __m512i seen = _mm512_setzero_si512();
    while (stop - p >= 52) {
        __m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)p));
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(p + 12)), 1);
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(p + 24)), 2);
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(p + 36)), 3);
        __m512i d = _mm512_shuffle_epi8(v, pick);
        unsigned leads = _mm512_cmpeq_epi32_mask(_mm512_and_si512(d, lead_bits), lead3);
        unsigned k = (unsigned)__builtin_ctz(~leads); /* three-byte characters in a row */
        if (k == 0) {
            unsigned m;
            const unsigned char *q = ev_char(ec, p, stop, 1, &m);
            if (m)
                *all |= ev_note(w, m, kinds, (uint32_t)(p - base));
            p = q;
            continue;
        }
        __m512i cp = _mm512_or_si512(
            _mm512_and_si512(d, low6),
            _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(d, 2), mid6),
                            _mm512_and_si512(_mm512_srli_epi32(d, 4), top4)));
        __m512i m = _mm512_maskz_and_epi32((__mmask16)((1u << k) - 1),
                                           _mm512_i32gather_epi32(cp, (const void *)ec, 1), byte);
        seen = _mm512_or_si512(seen, m);
        __m512i offs = _mm512_add_epi32(_mm512_set1_epi32((int)(p - base)), thrice);
        for (int e = 0; e < EV_KINDS; e++) {
            if (!(kinds >> e & 1))
                continue; /* in all only, as ev_note */
            __mmask16 mk = _mm512_test_epi32_mask(m, _mm512_set1_epi32(1 << e));
            _mm512_storeu_si512((void *)w[e], _mm512_maskz_compress_epi32(mk, offs));
            w[e] += __builtin_popcount(mk);
        }
        p += 3 * k;
    }
    *all |= (unsigned)_mm512_reduce_or_epi32(seen);
    return p;
}
#endif

unsigned ent_scan_events(const un_gazetteer *g, const char *text, size_t n, unsigned kinds,
                         ent_scan *sc, un_vec *out, uint32_t at[EV_KINDS + 1])
{
    kinds &= ~(unsigned)EV_FOLD;
    for (int k = 0; k < EV_KINDS; k++)
        sc->kind[k].len = 0;
    const uint8_t *ec = g->evclass;
    const unsigned char *base = (const unsigned char *)text, *p = base, *end = p + n;
    /* Before safe, every character has two bytes after its first. */
    const unsigned char *safe = n > 2 ? end - 2 : base;
    unsigned all = 0;
    uint32_t *w[EV_KINDS];
    while (p < end) {
        const unsigned char *stop = end - p > SCAN_BLOCK ? p + SCAN_BLOCK : end;
        for (int k = 0; k < EV_KINDS; k++) {
            if (kinds >> k & 1)
                un_vec_reserve(&sc->kind[k], sc->kind[k].len + SCAN_BLOCK);
            w[k] = (uint32_t *)sc->kind[k].data + sc->kind[k].len;
        }
        /* A character that starts before stop is read whole: before safe
         * with the test of room made once, for the block. */
        const unsigned char *fast = stop < safe ? stop : safe;
        unsigned m;
#ifdef UN_AVX2
        if (un_have_avx512())
            p = events_avx512(ec, p, fast, base, w, kinds, &all);
#endif
        while (p < fast) {
            const unsigned char *q = ev_char(ec, p, end, 1, &m);
            if (m)
                all |= ev_note(w, m, kinds, (uint32_t)(p - base));
            p = q;
        }
        while (p < stop) {
            const unsigned char *q = ev_char(ec, p, end, 0, &m);
            if (m)
                all |= ev_note(w, m, kinds, (uint32_t)(p - base));
            p = q;
        }
        for (int k = 0; k < EV_KINDS; k++)
            sc->kind[k].len = (size_t)(w[k] - (uint32_t *)sc->kind[k].data);
    }
    size_t total = 0;
    for (int k = 0; k < EV_KINDS; k++) {
        at[k] = (uint32_t)total;
        total += sc->kind[k].len;
    }
    at[EV_KINDS] = (uint32_t)total;
    for (int k = 0; k < EV_KINDS; k++)
        if (sc->kind[k].len)
            un_vec_append(out, sc->kind[k].data, sc->kind[k].len);
    return all;
}

/* Walking a segment's events of one kind, from a point on. */
typedef struct ev_iter {
    const uint32_t *off, *end;
    const char *t;
} ev_iter;

/* The length in bytes of the UTF-8 character whose first byte is c. */
static inline size_t char_bytes(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static ev_iter ev_begin(const ectx *x, size_t s, int kind)
{
    const ent_events *e = &x->in->ev[s];
    ev_iter it = {e->off + e->at[kind], e->off + e->at[kind + 1], x->in->fold[s]};
    return it;
}

/* The next position with an event of the kind, not before resume; NULL
 * when there is none. */
static const char *ev_next(ev_iter *it, const char *resume)
{
    while (it->off < it->end) {
        const char *p = it->t + *it->off++;
        if (p >= resume)
            return p;
    }
    return NULL;
}

/* Does every occurrence of s[0..n) stand at a surname event? So where
 * its first character is of three bytes and raises one. */
static int found_by_events(const un_gazetteer *g, const char *s, size_t n)
{
    const char *q = s;
    uint32_t c = n ? un_utf8_next(&q, s + n) : 0;
    return q - s == 3 && c < 0x10000 && (g->evclass[c] & EV_SURNAME);
}

/* Do the bytes s[0..n) (found_by_events) stand at e, before end? */
static int name_at(const char *e, const char *end, const char *s, size_t n)
{
    return e[0] == s[0] && e[1] == s[1] && e[2] == s[2] && n <= (size_t)(end - e) &&
           memcmp(e + 3, s + 3, n - 3) == 0;
}

/* Do the bytes s[0..n) occur twice or more in the record's segments
 * (apart, as a search from the end of each finds them)? A name that
 * begins with a surname is sought at the surname events, and only in a
 * section's text, which has none, byte by byte (a memmem per segment cost
 * most of a name's test). */
static int occurs_twice(const ectx *x, const char *s, size_t n)
{
    size_t count = 0;
    int by_events = found_by_events(x->g, s, n);
    for (size_t k = 0; k < x->in->rec->n_segments; k++) {
        const char *t = x->in->fold[k];
        size_t len = seg_at(x, k)->text.len;
        const char *p = t, *end = t + len;
        if (by_events && seg_at(x, k)->kind != UN_SEG_SECTION) {
            ev_iter it = ev_begin(x, k, EV_KIND_SURNAME);
            for (const char *e; (e = ev_next(&it, p)) != NULL;)
                if (name_at(e, end, s, n)) {
                    if (++count == 2)
                        return 1;
                    p = e + n;
                }
            continue;
        }
        while (n && p < end && (p = memmem(p, (size_t)(end - p), s, n)) != NULL) {
            if (++count == 2)
                return 1;
            p += n;
        }
    }
    return 0;
}

/* ---- companies ---- */

/* A company ending at seg[..end)'s bit in ectx.company_ends. */
static uint64_t company_end_bit(size_t seg, size_t end)
{
    return (uint64_t)1 << ((end ^ seg) & 63);
}

static void find_companies(ectx *x)
{
    const un_gazetteer *g = x->g;
    for (size_t s = 0; s < x->in->rec->n_segments; s++) {
        if (seg_at(x, s)->kind == UN_SEG_SECTION)
            continue;
        const char *t = x->in->fold[s];
        size_t n = seg_at(x, s)->text.len;
        const char *end = t + n;
        size_t last_end = 0;
        const char *resume = t;
        ev_iter it = ev_begin(x, s, EV_KIND_COMPANY);
        for (const char *p; (p = ev_next(&it, resume)) != NULL;) {
            const char *q = p;
            uint32_t c = un_utf8_next(&q, end);
            const un_word *legal =
                un_gaz_may_start(g, GL_LEGALFORM, c)
                    ? un_gaz_word_at_cp(g, GL_LEGALFORM, c, p, q, end)
                    : NULL;
            const un_word *bare =
                !legal && un_gaz_may_start(g, GL_COMPANYSUFFIX, c)
                    ? un_gaz_word_at_cp(g, GL_COMPANYSUFFIX, c, p, q, end)
                    : NULL;
            const un_word *w = legal ? legal : bare;
            if (!w)
                continue;
            size_t stem_end = (size_t)(p - t), stop = stem_end + w->len;
            if (!legal && un_gaz_word_at(g, GL_NOTSUFFIX, p, end))
                continue; /* 厂长 */
            size_t start = name_start(g, t, stem_end, 20);
            int after_company = 0;
            if (start < last_end) {
                /* Not into a company with a legal form before it; one
                 * without may go on into a longer name (…水务集团排水有限公司). */
                start = last_end;
                after_company = 1;
            }
            resume = p + w->len;
            /* A person's name right after a company (…有限公司吴海军浙江沃可…):
             * this company's name starts at the place after it. */
            for (size_t i = place_from(x, s, start + 1); after_company && i < x->in->nplaces;
                 i++) {
                const place_ref *pr = &x->in->places[i];
                size_t sl;
                if (pr->seg != s || pr->start >= stem_end)
                    break;
                if (
                    chars_in(t + start, pr->start - start) <= 3 &&
                    un_lex_surname_at(x->lx, t + start, t + pr->start, &sl)) {
                    start = pr->start;
                    break;
                }
            }
            /* A determiner left in front (各分公司, 该公司) names no company. */
            const un_word *gen = un_gaz_word_at(g, GL_GENERIC, t + start, t + stem_end);
            if (gen)
                start += gen->len;
            size_t stem_chars = chars_in(t + start, stem_end - start);
            if (stem_chars < 2)
                continue;
            if (!legal) {
                /* Without a legal form, only names that say they are one
                 * company: 集团 after a name, 厂 after a long one, 公司 after
                 * one with a place in it; never a kind (工厂, 分公司). */
                int is_factory = w->len == 3 && memcmp(w->s, "厂", 3) == 0;
                int is_group = w->len == 6 && memcmp(w->s, "集团", 6) == 0;
                int kind = un_gaz_word_before(g, GL_KINDEND, t + start, t + stem_end) != NULL;
                int ok = !kind && ((is_group && stem_chars >= 2) ||
                                   (is_factory && stem_chars >= 3) ||
                                   place_inside(x, s, start, stem_end));
                if (!ok)
                    continue;
            }
            company *co = UN_VEC_PUSH(&x->companies, company);
            co->seg = s;
            co->start = start;
            co->stem_end = stem_end;
            co->end = stop;
            co->legal = legal != NULL;
            co->fullest = x->companies.len - 1;
            x->company_ends |= company_end_bit(s, stop);
            if (legal)
                last_end = stop;
        }
    }
    /* Names inside a longer one at the same place are part of it. */
    company *cs = x->companies.data;
    size_t nc = x->companies.len;
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++)
            if (i != j && !cs[j].dropped && cs[i].seg == cs[j].seg && cs[j].start <= cs[i].start &&
                cs[i].end <= cs[j].end && (cs[j].end - cs[j].start) > (cs[i].end - cs[i].start))
                cs[i].dropped = 1;
    /* A shorter form of a longer name elsewhere (排水公司 of …排水有限公司):
     * reported by the longer. */
    for (size_t i = 0; i < nc; i++) {
        if (cs[i].dropped)
            continue;
        const char *si = x->in->fold[cs[i].seg] + cs[i].start;
        size_t li = cs[i].stem_end - cs[i].start;
        size_t best = i;
        for (size_t j = 0; j < nc; j++) {
            if (cs[j].dropped || j == i)
                continue;
            const char *sj = x->in->fold[cs[j].seg] + cs[j].start;
            size_t lj = cs[j].end - cs[j].start;
            if (lj > (cs[best].end - cs[best].start) && li <= lj && memmem(sj, lj, si, li))
                best = j;
        }
        cs[i].fullest = best;
    }
    for (size_t i = 0; i < nc; i++) {
        if (cs[i].dropped)
            continue;
        const company *f = &cs[cs[i].fullest];
        ent_pos *ep = push(x, cs[i].seg, cs[i].start, cs[i].end, "company");
        ep->e.name = keep(x, x->in->fold[f->seg] + f->start, f->end - f->start);
    }
}

/* The company of the record whose name ends at seg[..end), or -1. */
static long company_ending(const ectx *x, size_t seg, size_t end)
{
    if (!(x->company_ends & company_end_bit(seg, end)))
        return -1;
    const company *cs = x->companies.data;
    for (size_t i = 0; i < x->companies.len; i++)
        if (!cs[i].dropped && cs[i].seg == seg && cs[i].end == end)
            return (long)cs[i].fullest;
    return -1;
}

static un_str company_name(const ectx *x, long i)
{
    const company *c = &UN_VEC_AT(&x->companies, company, (size_t)i);
    return (un_str){x->in->fold[c->seg] + c->start, c->end - c->start};
}

/* ---- unions ---- */

/* The place of the given level word the record is about: the one of its
 * mentions with that ending (区, 县, 市) named most often; for 省 the
 * province. -1 when there is none. */
static int32_t place_for_level_uncached(const ectx *x, const char *lvl, size_t n)
{
    const un_gazetteer *g = x->g;
    int32_t best = -1;
    size_t best_count = 0;
    int province = n == 3 && memcmp(lvl, "省", 3) == 0;
    int region = n == 9 && memcmp(lvl, "自治区", 9) == 0;
    /* What each mention counts for: its place, or its province. */
    int32_t *keys = un_xmalloc((x->in->nplaces ? x->in->nplaces : 1) * sizeof *keys);
    size_t nkeys = 0;
    for (size_t i = 0; i < x->in->nplaces; i++) {
        int32_t pl = x->in->places[i].place;
        if (pl >= 0)
            keys[nkeys++] = province || region ? g->places[pl].province : pl;
    }
    un_sort(keys, nkeys, sizeof *keys, un_cmp_i32);
    for (size_t i = 0; i < x->in->nplaces; i++) {
        const place_ref *pr = &x->in->places[i];
        int32_t cand = -1;
        if (pr->place >= 0) {
            const place *p = &g->places[pr->place];
            if (province || region) {
                cand = p->province;
                const place *pv = &g->places[cand];
                if (region && !(pv->name_len >= 9 &&
                                memcmp(pv->name + pv->name_len - 9, "自治区", 9) == 0))
                    cand = -1;
            } else if (p->level != LEVEL_PROVINCE && p->name_len >= n &&
                       memcmp(p->name + p->name_len - n, lvl, n) == 0) {
                cand = pr->place;
            }
        }
        if (cand < 0)
            continue;
        size_t count = un_i32_bound(keys, nkeys, cand, 1) - un_i32_bound(keys, nkeys, cand, 0);
        if (count > best_count) {
            best = cand;
            best_count = count;
        }
    }
    free(keys);
    if (best < 0 && (province || region) && x->in->page_province >= 0)
        best = x->in->page_province;
    return best;
}

/* The same, remembered for the record: a long record asks often. */
static int32_t place_for_level(ectx *x, const char *lvl, size_t n)
{
    for (size_t i = 0; i < x->nlevels; i++)
        if (x->levels[i].n == n && memcmp(x->levels[i].lvl, lvl, n) == 0)
            return x->levels[i].place;
    int32_t pl = place_for_level_uncached(x, lvl, n);
    if (x->nlevels < sizeof x->levels / sizeof x->levels[0])
        x->levels[x->nlevels++] = (level_memo){lvl, n, pl};
    return pl;
}

/* Is the character before position pos a boundary for a name (not a name
 * character, or after a word that ends names)? */
static int boundary_before(const un_gazetteer *g, const char *t, size_t pos)
{
    if (pos == 0 || un_gaz_word_before(g, GL_STOP, t, t + pos))
        return 1;
    const char *q = t + pos;
    return !name_char(un_utf8_prev(t, &q));
}

static void emit_union(ectx *x, size_t seg, size_t start, size_t end, un_str name, int32_t code_of)
{
    ent_pos *ep = push(x, seg, start, end, "union");
    ep->e.name = name;
    if (code_of >= 0) {
        const place *p = &x->g->places[code_of];
        ep->e.code = (un_str){p->code, strlen(p->code)};
    }
}

static void find_unions(ectx *x)
{
    const un_gazetteer *g = x->g;
    for (size_t s = 0; s < x->in->rec->n_segments; s++) {
        if (seg_at(x, s)->kind == UN_SEG_SECTION)
            continue;
        const char *t = x->in->fold[s];
        size_t n = seg_at(x, s)->text.len;
        const char *end = t + n;
        const char *resume = t;
        ev_iter it = ev_begin(x, s, EV_KIND_UNION);
        for (const char *p; (p = ev_next(&it, resume)) != NULL;) {
            const un_word *w = un_gaz_word_at(g, GL_UNIONSUFFIX, p, end);
            if (!w)
                continue;
            size_t us = (size_t)(p - t), ue = us + w->len;
            resume = p + w->len;
            un_str suffix = {t + us, w->len};
            int generic_suffix = w->len == 6 && memcmp(w->s, "工会", 6) == 0;
            /* A named national body (中华全国总工会). */
            const un_word *nw = un_gaz_word_before(g, GL_UNIONNAME, t, t + ue);
            if (nw) {
                emit_union(x, s, ue - nw->len, ue, keep(x, t + ue - nw->len, nw->len), -1);
                continue;
            }
            /* A place, and what stands between it and the suffix. */
            const place_ref *pr = NULL;
            size_t near = us > MAX_TRADE * 4 + x->max_place ? us - MAX_TRADE * 4 - x->max_place : 0;
            for (size_t i = place_from(x, s, near); i < x->in->nplaces; i++) {
                const place_ref *r = &x->in->places[i];
                if (r->seg != s || r->start >= us)
                    break;
                if (r->end > us || chars_in(t + r->end, us - r->end) > MAX_TRADE)
                    continue;
                if (!pr || r->end > pr->end)
                    pr = r;
            }
            if (pr) {
                /* What stands between: a trade or an area, of name
                 * characters, with no union or level word in it. */
                size_t gap_start = pr->end;
                int ok = 1;
                for (size_t k = gap_start; k < us && ok;) {
                    if (k > gap_start && un_gaz_word_before(g, GL_STOP, t, t + k))
                        ok = 0;
                    if (un_gaz_word_at(g, GL_UNIONSUFFIX, t + k, t + us))
                        ok = 0;
                    const char *r = t + k;
                    if (!name_char(un_utf8_next(&r, end)))
                        ok = 0;
                    k = (size_t)(r - t);
                }
                if (ok && us > gap_start && un_gaz_word_before(g, GL_STOP, t, t + us))
                    ok = 0;
                if (ok) {
                    /* The chain of places right before one another. */
                    size_t first = pr->start;
                    for (int again = 1; again;) {
                        again = 0;
                        size_t from = first > x->max_place ? first - x->max_place : 0;
                        for (size_t i = place_from(x, s, from); i < x->in->nplaces; i++) {
                            const place_ref *r = &x->in->places[i];
                            if (r->seg != s || r->start >= first)
                                break;
                            if (r->end == first) {
                                first = r->start;
                                again = 1;
                            }
                        }
                    }
                    un_str gap = {t + gap_start, us - gap_start};
                    un_str pname;
                    int32_t code_of = pr->place;
                    if (pr->place >= 0) {
                        const place *pl = &g->places[pr->place];
                        pname = (un_str){pl->name, pl->name_len};
                    } else {
                        const town *tw = &g->towns[pr->town];
                        pname = (un_str){tw->name, tw->name_len};
                        code_of = tw->county;
                    }
                    un_str name;
                    if (gap.len == 0) {
                        /* 萧山工会, 浙江省工会: the place's federation. */
                        name = keep3(x, pname, generic_suffix && pr->place >= 0
                                                   ? lit("总工会")
                                                   : suffix,
                                     (un_str){NULL, 0});
                    } else {
                        /* 义城镇总工会, 西咸新区总工会: a smaller area is the
                         * name; else the place names a trade (杭州市金融工会). */
                        const un_word *area = un_gaz_word_before(g, GL_TOWNSUFFIX, gap.ptr,
                                                                 gap.ptr + gap.len);
                        int smaller = area || (gap.len >= 6 && (memcmp(gap.ptr + gap.len - 3,
                                                                       "区", 3) == 0));
                        name = smaller ? keep3(x, gap, suffix, (un_str){NULL, 0})
                                       : keep3(x, pname, gap, suffix);
                    }
                    emit_union(x, s, first, ue, name, code_of);
                    continue;
                }
            }
            /* A level alone, maybe with a trade: 区总工会, 市金融工会. */
            int done = 0;
            for (size_t back = 0, pos = us; back <= 4 && !done; back++) {
                const un_word *lv = un_gaz_word_before(g, GL_UNIONLEVEL, t, t + pos);
                /* 省市工会 (unions of provinces and cities) names no one. */
                int level_gap = pos < us && un_gaz_word_at(g, GL_UNIONLEVEL, t + pos, t + us);
                if (lv && !level_gap && boundary_before(g, t, pos - lv->len)) {
                    int32_t pl = place_for_level(x, lv->s, lv->len);
                    if (pl >= 0) {
                        const place *pp = &g->places[pl];
                        un_str gap = {t + pos, us - pos};
                        un_str name = keep3(x, (un_str){pp->name, pp->name_len}, gap, suffix);
                        emit_union(x, s, pos - lv->len, ue, name, pl);
                    }
                    done = 1;
                    break;
                }
                if (pos == 0)
                    break;
                const char *r = t + pos;
                if (!un_is_han(un_utf8_prev(t, &r)) || un_gaz_word_before(g, GL_STOP, t, t + pos))
                    break;
                pos = (size_t)(r - t);
            }
            if (done)
                continue;
            /* A company: its name, its kind (集团工会), or its words (舜宇工会). */
            long co = company_ending(x, s, us);
            const un_word *kind = un_gaz_word_before(g, GL_COMPANYSUFFIX, t, t + us);
            if (co < 0 && kind && boundary_before(g, t, us - kind->len)) {
                /* The company of that kind: 舜宇集团, or 新港电子集团有限公司
                 * whose union is 新港电子集团工会. */
                un_str cname = {NULL, 0};
                for (size_t i = 0; i < x->companies.len && !cname.ptr; i++) {
                    const company *cc = &UN_VEC_AT(&x->companies, company, i);
                    const company *full = &UN_VEC_AT(&x->companies, company, cc->fullest);
                    const char *ct = x->in->fold[full->seg];
                    if (cc->dropped)
                        continue;
                    for (size_t k = full->start + kind->len; k <= full->end; k++) {
                        if (memcmp(ct + k - kind->len, kind->s, kind->len) == 0 &&
                            (k == full->end || un_gaz_word_at(g, GL_LEGALFORM, ct + k,
                                                              ct + full->end))) {
                            cname = (un_str){ct + full->start, k - full->start};
                            break;
                        }
                    }
                }
                if (cname.ptr) {
                    emit_union(x, s, us - kind->len, ue, keep3(x, cname, suffix,
                                                              (un_str){NULL, 0}),
                               -1);
                    continue;
                }
            }
            if (co < 0) {
                for (size_t i = 0; i < x->companies.len && co < 0; i++) {
                    const company *cc = &UN_VEC_AT(&x->companies, company, i);
                    size_t sl = cc->stem_end - cc->start;
                    if (!cc->dropped && sl <= us && sl >= 6 &&
                        memcmp(t + us - sl, x->in->fold[cc->seg] + cc->start, sl) == 0 &&
                        boundary_before(g, t, us - sl)) {
                        co = (long)cc->fullest;
                        emit_union(x, s, us - sl, ue,
                                   keep3(x, company_name(x, co), suffix, (un_str){NULL, 0}), -1);
                    }
                }
                if (co >= 0)
                    continue;
            } else {
                size_t cstart = us;
                for (size_t i = 0; i < x->companies.len; i++) {
                    const company *ci = &UN_VEC_AT(&x->companies, company, i);
                    if (ci->seg == s && ci->end == us)
                        cstart = ci->start;
                }
                emit_union(x, s, cstart, ue,
                           keep3(x, company_name(x, co), suffix, (un_str){NULL, 0}), -1);
                continue;
            }
            /* Another organisation: 管委会工会, 昆云里社区联合工会. */
            const un_word *org = un_gaz_word_before(g, GL_ORG, t, t + us);
            if (org) {
                size_t os = name_start(g, t, us - org->len, 8);
                emit_union(x, s, os, ue, keep(x, t + os, ue - os), -1);
            }
        }
    }
}

/* ---- programmes ---- */

/* Is a character of t[a..b) a word of grammar (data/functionchars.tsv)? */
static int has_function_char(const un_gazetteer *g, const char *a, const char *b)
{
    for (const char *p = a; p < b;) {
        const char *q = p;
        uint32_t c = un_utf8_next(&q, b);
        /* A word that ends at q: the character itself. */
        if (un_gaz_len_from(g, GL_FUNCTION, c, p, q, q))
            return 1;
        p = q;
    }
    return 0;
}


typedef struct quote {
    size_t seg, open, close; /* byte offsets of the marks */
    size_t head_end;         /* end of a head noun found after it, or close+3 */
    int score;
    int group;               /* index of its list of quoted names */
    int book;                /* in book-title marks 《》 */
    const char *text;        /* from the opening to past the closing mark */
    size_t len;
    size_t reps;             /* how many quotes of the record read the same */
} quote;

static int quote_by_text(const void *a, const void *b)
{
    const quote *x = *(const quote *const *)a, *y = *(const quote *const *)b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp(x->text, y->text, x->len);
}

static int is_numeral(uint32_t c)
{
    return (c >= '0' && c <= '9') || c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB ||
           c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D ||
           c == 0x5341 || c == 0x4E24 || c == 0x96F6 || c == 0x3007;
}

static void score_quote(ectx *x, quote *qu)
{
    const un_gazetteer *g = x->g;
    const char *t = x->in->fold[qu->seg];
    const char *end = t + seg_at(x, qu->seg)->text.len;
    const char *in = t + qu->open + 3, *in_end = t + qu->close;
    qu->head_end = qu->close + 3;
    qu->score = -100;
    if (in_end - in > 30 * 4)
        return; /* more than 30 characters: speech, whatever it holds */
    size_t chars = 0;
    int sentence = 0, comma = 0, numerals = 1;
    for (const char *p = in; p < in_end;) {
        if (++chars > 30)
            return; /* more than 30 characters, as above */
        uint32_t c = un_fold_width(un_utf8_next(&p, in_end));
        if (un_is_terminal(c))
            sentence = 1;
        if (c == ',')
            comma = 1;
        if (numerals && !is_numeral(c) && c != 0xB7 && c != 0x30FB)
            numerals = 0;
    }
    if (sentence || (comma && chars > 16))
        return; /* speech */
    int score = 0;
    const un_word *sfx = un_gaz_word_before(g, GL_PROGSUFFIX, in, in_end);
    if (sfx && sfx->len < (size_t)(in_end - in))
        score += 3;
    /* A head noun after the closing mark, a few characters on at most. */
    const char *after = t + qu->close + 3;
    int strong_head = 0;
    const char *p = after;
    for (int k = 0; k < 8 && p < end; k++) {
        /* Each character is decoded once, for all three lists. */
        const char *r = p;
        uint32_t c = un_utf8_next(&r, end);
        const un_word *h = un_gaz_word_at_cp(g, GL_PROGHEAD, c, p, r, end);
        if (h) {
            strong_head = 1;
            qu->head_end = (size_t)(p + h->len - t);
            break;
        }
        /* A particle or preposition (的, 与, 向) ends the compound. */
        if (!un_is_han(c) || un_gaz_word_at_cp(g, GL_PARTICLE, c, p, r, r) ||
            un_gaz_word_at_cp(g, GL_PREPOSITION, c, p, r, r))
            break;
        p = r;
    }
    if (qu->book && !strong_head)
        return; /* a title of a book, paper, song or document */
    if (strong_head)
        score += 3;
    else if (un_gaz_word_at(g, GL_PROGWEAK, after, end))
        score += 2;
    if (numerals && !strong_head)
        return; /* a holiday or date: “五一” */
    /* Before the opening mark: a level or round right there (省“百千万”),
     * or an act of naming there or a few characters back. */
    const char *open = t + qu->open;
    if (un_gaz_word_before(g, GL_PROGLEVEL, t, open))
        score += 2;
    else if (un_gaz_word_before(g, GL_PROGBEFORE, t, open))
        score += 1;
    /* c is the character that ends at b and starts at r: each is decoded
     * once, as the last of a word before it and then to step over it. */
    const char *b = open, *r = open;
    uint32_t c = b > t ? un_utf8_prev(t, &r) : 0;
    for (int k = 0; k < 6 && b > t; k++) {
        if (!un_is_han(c))
            break;
        b = r;
        if (b == t)
            break;
        c = un_utf8_prev(t, &r);
        if (un_gaz_word_ending(g, GL_PROGBEFORE, t, r, b, c)) {
            score += 1;
            break;
        }
    }
    score += qu->reps >= 3 ? 2 : qu->reps == 2 ? 1 : 0;
    /* Scare quotes: 的 before them, unless a head noun names them; 的 after
     * them, unless they end like a name (“全国劳动模范”的红绶带). */
    if (!strong_head && open - t >= 3 && memcmp(open - 3, "的", 3) == 0)
        score -= 1;
    if (!strong_head && !sfx && (size_t)(end - after) >= 3 && memcmp(after, "的", 3) == 0)
        score -= 1;
    qu->score = score;
}

static void find_programmes(ectx *x)
{
    un_vec quotes;
    un_vec_init(&quotes, sizeof(quote));
    for (size_t s = 0; s < x->in->rec->n_segments; s++) {
        un_segment_kind kind = seg_at(x, s)->kind;
        if (kind == UN_SEG_SECTION || kind == UN_SEG_SUBHEAD)
            continue;
        const char *t = x->in->fold[s];
        const char *end = t + seg_at(x, s)->text.len;
        size_t open = SIZE_MAX;
        int book = 0;
        ev_iter it = ev_begin(x, s, EV_KIND_QUOTE);
        for (const char *p; (p = ev_next(&it, t)) != NULL;) {
            const char *q = p;
            uint32_t c = un_utf8_next(&q, end);
            if (c == 0x201C || c == 0x300C || c == 0x300A) {
                open = (size_t)(p - t);
                book = c == 0x300A;
            } else if ((c == 0x201D || c == 0x300D || c == 0x300B) && open != SIZE_MAX &&
                       (c == 0x300B) == book && q - p == 3) {
                if ((size_t)(p - t) > open + 3) {
                    quote *qu = UN_VEC_PUSH(&quotes, quote);
                    qu->seg = s;
                    qu->open = open;
                    qu->close = (size_t)(p - t);
                    qu->book = book;
                }
                open = SIZE_MAX;
            }
        }
    }
    quote *qs = quotes.data;
    /* Repetition: sorted by text, each run of equal quotes counts itself. */
    quote **by_text = un_xmalloc((quotes.len ? quotes.len : 1) * sizeof *by_text);
    for (size_t i = 0; i < quotes.len; i++) {
        qs[i].text = x->in->fold[qs[i].seg] + qs[i].open;
        qs[i].len = qs[i].close + 3 - qs[i].open;
        by_text[i] = &qs[i];
    }
    un_sort(by_text, quotes.len, sizeof *by_text, quote_by_text);
    for (size_t i = 0; i < quotes.len;) {
        size_t j = i + 1;
        while (j < quotes.len && quote_by_text(&by_text[i], &by_text[j]) == 0)
            j++;
        for (size_t k = i; k < j; k++)
            by_text[k]->reps = j - i;
        i = j;
    }
    free(by_text);
    for (size_t i = 0; i < quotes.len; i++) {
        score_quote(x, &qs[i]);
        qs[i].group = (int)i;
    }
    /* Lists of quoted names (“金梭奖”“银梭奖”, or with 、): one score for all,
     * and one more for being a list. */
    for (size_t i = 1; i < quotes.len; i++) {
        const char *t = x->in->fold[qs[i].seg];
        size_t gap = qs[i].open - (qs[i - 1].close + 3);
        if (qs[i].seg == qs[i - 1].seg &&
            (gap == 0 || (gap == 3 && memcmp(t + qs[i - 1].close + 3, "、", 3) == 0)))
            qs[i].group = qs[i - 1].group;
    }
    for (size_t i = 0; i < quotes.len;) {
        size_t j = i;
        int best = -100;
        while (j < quotes.len && qs[j].group == qs[i].group) {
            if (qs[j].score > best)
                best = qs[j].score;
            j++;
        }
        if (j - i >= 2)
            for (size_t k = i; k < j; k++)
                if (qs[k].score > -100)
                    qs[k].score = best + 1;
        i = j;
    }
    for (size_t i = 0; i < quotes.len; i++) {
        if (qs[i].score < 3)
            continue;
        const char *t = x->in->fold[qs[i].seg];
        ent_pos *ep = push(x, qs[i].seg, qs[i].open, qs[i].head_end, "programme");
        ep->e.name = keep(x, t + qs[i].open + 3, qs[i].close - qs[i].open - 3);
    }
    un_vec_release(&quotes);
}

/* ---- people ---- */

static int is_author(const ectx *x, const char *s, size_t n)
{
    const un_article *a = x->in->rec;
    for (size_t i = 0; i < a->n_authors; i++)
        if (a->authors[i].name.len == n && memcmp(a->authors[i].name.ptr, s, n) == 0)
            return 1;
    return 0;
}

/* After a name ending at p: a boundary (end, punctuation, a word that
 * ends names, speech)? */
static int ends_name(const un_gazetteer *g, const char *p, const char *end)
{
    if (p >= end)
        return 1;
    const char *q = p;
    uint32_t c = un_utf8_next(&q, end);
    if (!un_is_han(c))
        return 1;
    return un_gaz_word_at_cp(g, GL_NAMEEND, c, p, q, end) ||
           un_gaz_word_at_cp(g, GL_PERSONVERB, c, p, q, end);
}

/* 等 and a count or a title after a name: 丁国强等43人, 万正宏等“十大金牌工人”. */
static int count_follows(const char *p, const char *end)
{
    if ((size_t)(end - p) < 4 || memcmp(p, "等", 3) != 0)
        return 0;
    const char *q = p + 3;
    uint32_t c = un_utf8_next(&q, end);
    return is_numeral(c) || c == 0x201C;
}

/* Is position p inside a place mention that counts (晋江两名: 江 in 晋江)? */
static int inside_place(const ectx *x, size_t seg, size_t pos)
{
    size_t from = pos > x->max_place ? pos - x->max_place : 0;
    for (size_t i = place_from(x, seg, from); i < x->in->nplaces; i++) {
        const place_ref *pr = &x->in->places[i];
        if (pr->seg != seg || pr->start >= pos)
            break;
        if (pos < pr->end)
            return 1;
    }
    return 0;
}

/* Does a word of list l cover the first character at p from before it
 * (主席周农: 席 ends 主席)? */
static int inside_word(const un_gazetteer *g, gaz_list l, const char *t, const char *p,
                       const char *end)
{
    const char *q = p;
    un_utf8_next(&q, end);
    const un_word *w = un_gaz_word_before(g, l, t, q);
    return w && w->len > (size_t)(q - p);
}

/* Is there a word of list l inside t[a..b)? */
static int word_within(const un_gazetteer *g, gaz_list l, const char *a, const char *b)
{
    for (const char *p = a; p < b;) {
        if (un_gaz_word_at(g, l, p, b))
            return 1;
        un_utf8_next(&p, b);
    }
    return 0;
}

/* Does the given name t[a..b) end with a grammatical particle (江的)? */
static int ends_in_particle(const un_gazetteer *g, const char *a, const char *b)
{
    if (b <= a)
        return 0;
    const char *q = b;
    un_utf8_prev(a, &q);
    const un_word *w = un_gaz_word_at(g, GL_PARTICLE, q, b);
    return w && w->len == (size_t)(b - q);
}

/* The end of a name-shaped item at p: a surname and one or two characters
 * that end at 、, or for the last item of a list at a name's end; no common
 * word and no particle at its end. With loose, the last item needs no end
 * (the list is counted, not kept). NULL when there is none. */
static const char *list_item(const ectx *x, const char *p, const char *end, int last, int loose)
{
    const un_gazetteer *g = x->g;
    size_t sl;
    if (!un_lex_surname_at(x->lx, p, end, &sl))
        return NULL;
    for (size_t given = 2; given >= 1; given--) {
        const char *e = han_run(p + sl, end, given);
        if (!e || ends_in_particle(g, p + sl, e) || un_gaz_word_at(g, GL_COMMON, p, e))
            continue;
        if ((size_t)(end - e) >= 3 && memcmp(e, "、", 3) == 0)
            return e;
        if (last && (loose || ends_name(g, e, end)))
            return e;
    }
    return NULL;
}

static int name_list_from(const ectx *x, const char *p, const char *end);

/* Are there three name-shaped items or more in a list (、) from p
 * (李春梅、赵文、钱海涛)? A surname that is also a word of grammar starts
 * one only if common and not before another surname (向张红: 张红). */
static int name_list_at(const ectx *x, const char *p, const char *end)
{
    size_t sl;
    if (!un_lex_surname_at(x->lx, p, end, &sl) || has_function_char(x->g, p, p + sl))
        return un_lex_surname_at(x->lx, p, end, &sl) &&
               un_gaz_word_at(x->g, GL_SURNAMECOMMON, p, p + sl) &&
               !un_gaz_word_at(x->g, GL_SURNAMECOMMON, p + sl, end) && name_list_from(x, p, end);
    return name_list_from(x, p, end);
}

static int name_list_from(const ectx *x, const char *p, const char *end)
{
    int n = 0;
    for (;;) {
        const char *e = list_item(x, p, end, n >= 2, 1);
        if (!e)
            return n >= 3;
        n++;
        if (n >= 3)
            return 1;
        if ((size_t)(end - e) < 3 || memcmp(e, "、", 3) != 0)
            return 0;
        p = e + 3;
    }
}

/* Can a name start at p (its surname sl bytes long)? Only with what the
 * acceptance below needs: at the start or after punctuation (weak
 * evidence), after a role, a company or 的 (strong), or with a verb of
 * speech, 等 or 、 right after a given name of one or two characters. */
static int maybe_name(const ectx *x, size_t s, const char *t, const char *p, const char *end,
                      size_t sl)
{
    const un_gazetteer *g = x->g;
    if (p == t)
        return 1;
    const char *r = p;
    uint32_t prev = un_utf8_prev(t, &r);
    if (ent_name_may_follow(un_fold_width(prev)))
        return 1;
    /* After one or two given characters: a verb of speech, 等 or 、. Each
     * character is decoded once: the one after a given character may be
     * the second. */
    const char *e = p + sl, *f = e;
    uint32_t c = e < end ? un_utf8_next(&f, end) : 0;
    for (size_t given = 1; given <= 2 && un_is_han(c) && f < end; given++) {
        e = f;
        c = un_utf8_next(&f, end);
        if (ent_name_ends_before(c) ||
            (un_gaz_may_start(g, GL_PERSONVERB, c) &&
             un_gaz_word_at_cp(g, GL_PERSONVERB, c, e, f, end)))
            return 1;
    }
    return un_gaz_word_ending(g, GL_ROLE, t, r, p, prev) ||
           company_ending(x, s, (size_t)(p - t)) >= 0;
}

/* Can maybe_name hold at p? 0 only where it cannot, told from a few
 * characters of three bytes without a lookup: the one before p is neither
 * punctuation, 的 nor the end of a role; no company ends at p; and neither
 * of the characters after one or two given ones can start the evidence
 * after a name. Where a character it needs is of another length, or the
 * text ends within reach, it says 1 and maybe_name tells. */
static int name_context(const ectx *x, size_t s, const char *t, const char *p, const char *end,
                        size_t sl)
{
    const un_gazetteer *g = x->g;
    const unsigned char *u = (const unsigned char *)p;
    if (p - t < 3 || (u[-3] & 0xF0) != 0xE0 ||
        un_cp_bitmap_has(g->name_before, un_utf8_decode3(u - 3)) ||
        (x->company_ends & company_end_bit(s, (size_t)(p - t))))
        return 1;
    const unsigned char *e = u + sl;
    if (end - (const char *)e < 9 || (e[0] & 0xF0) != 0xE0)
        return 1;
    if (!un_is_han(un_utf8_decode3(e)))
        return 0;
    if ((e[3] & 0xF0) != 0xE0)
        return 1;
    uint32_t c2 = un_utf8_decode3(e + 3);
    if (un_cp_bitmap_has(g->name_after, c2))
        return 1;
    if (!un_is_han(c2))
        return 0;
    return (e[6] & 0xF0) != 0xE0 || un_cp_bitmap_has(g->name_after, un_utf8_decode3(e + 6));
}

/* Takes each further occurrence of the names accepted so far where a
 * name can end (a name taken twice is looked for once), in the order of
 * the names and then of the text: an occurrence inside one taken before
 * is not taken again. Every name starts with a surname, so the
 * occurrences are sought in one walk over the surname events of each
 * segment, comparing all names there; a name whose first character
 * raises no event (none of the list's) makes the search byte by byte. */
typedef struct repeat_hit {
    size_t name, seg, at;
} repeat_hit;

static void take_repeat(ectx *x, size_t s, size_t at, size_t len)
{
    const char *t = x->in->fold[s];
    const char *end = t + seg_at(x, s)->text.len;
    for (size_t j = 0; j < x->people.len; j++) {
        const person *o = &UN_VEC_AT(&x->people, person, j);
        if (o->seg == s && o->start <= at && at < o->end)
            return;
    }
    if (ends_name(x->g, t + at + len, end)) {
        person *np = UN_VEC_PUSH(&x->people, person);
        np->seg = s;
        np->start = at;
        np->end = at + len;
    }
}

static void find_repeats(ectx *x)
{
    size_t accepted = x->people.len, nnames = 0;
    if (!accepted)
        return;
    /* The distinct names, in order: their texts and lengths (x->people
     * grows below; the folded text they point into does not move). */
    const char **text = un_xmalloc(accepted * sizeof *text);
    size_t *tlen = un_xmalloc(accepted * sizeof *tlen);
    int by_events = 1;
    for (size_t i = 0; i < accepted; i++) {
        const person *pe = &UN_VEC_AT(&x->people, person, i);
        const char *name = x->in->fold[pe->seg] + pe->start;
        size_t len = pe->end - pe->start;
        int again = 0;
        for (size_t k = 0; k < nnames && !again; k++)
            again = tlen[k] == len && memcmp(text[k], name, len) == 0;
        if (again)
            continue;
        text[nnames] = name;
        tlen[nnames++] = len;
        if (!found_by_events(x->g, name, len))
            by_events = 0;
    }
    /* The last bytes of the names' first characters (a surname is a CJK
     * character of three bytes, whose last is 80-BF), to pass over most
     * events at once. */
    uint64_t first = 0;
    for (size_t k = 0; by_events && k < nnames; k++)
        first |= (uint64_t)1 << ((unsigned char)text[k][2] & 63);
    un_vec hits;
    un_vec_init(&hits, sizeof(repeat_hit));
    for (size_t s = 0; s < x->in->rec->n_segments; s++) {
        if (seg_at(x, s)->kind == UN_SEG_SECTION)
            continue;
        const char *t = x->in->fold[s];
        const char *end = t + seg_at(x, s)->text.len;
        if (!by_events) {
            for (size_t k = 0; k < nnames; k++)
                for (const char *p = t; (p = memmem(p, (size_t)(end - p), text[k], tlen[k])) != NULL;
                     p += tlen[k])
                    *(repeat_hit *)un_vec_push_unset(&hits) = (repeat_hit){k, s, (size_t)(p - t)};
            continue;
        }
        ev_iter it = ev_begin(x, s, EV_KIND_SURNAME);
        for (const char *p; (p = ev_next(&it, t)) != NULL;) {
            if (!((first >> ((unsigned char)p[2] & 63)) & 1))
                continue; /* no name begins with this character's last byte */
            for (size_t k = 0; k < nnames; k++)
                if (name_at(p, end, text[k], tlen[k]))
                    *(repeat_hit *)un_vec_push_unset(&hits) = (repeat_hit){k, s, (size_t)(p - t)};
        }
    }
    /* Name by name, then segment by segment, then along the text; the
     * next occurrence of a name is sought past the end of the last one. */
    const repeat_hit *h = hits.data;
    for (size_t k = 0; k < nnames; k++) {
        size_t seg = (size_t)-1, from = 0;
        for (size_t i = 0; i < hits.len; i++) {
            if (h[i].name != k)
                continue;
            if (h[i].seg != seg) {
                seg = h[i].seg;
                from = 0;
            }
            if (h[i].at < from)
                continue;
            from = h[i].at + tlen[k];
            take_repeat(x, h[i].seg, h[i].at, tlen[k]);
        }
    }
    un_vec_release(&hits);
    free(text);
    free(tlen);
}

static void find_people(ectx *x)
{
    const un_gazetteer *g = x->g;
    const un_lexicon *lx = x->lx;
    for (size_t s = 0; s < x->in->rec->n_segments; s++) {
        un_segment_kind kind = seg_at(x, s)->kind;
        if (kind == UN_SEG_SECTION)
            continue;
        const char *t = x->in->fold[s];
        const char *end = t + seg_at(x, s)->text.len;
        const char *resume = t; /* past the last name taken */
        ev_iter it = ev_begin(x, s, EV_KIND_SURNAME);
        for (const char *p; (p = ev_next(&it, resume)) != NULL;) {
            size_t sl = 3;
            /* Most events are a surname of one character that begins no
             * longer one, and can begin a name (else it raised no event:
             * a word of grammar, 和, 有, 都, but no common surname). */
            if (!un_lex_single_surname3(lx, p) &&
                (!un_lex_surname_at(lx, p, end, &sl) ||
                 (has_function_char(g, p, p + sl) &&
                  !un_gaz_word_at(g, GL_SURNAMECOMMON, p, p + sl))))
                continue;
            size_t start = (size_t)(p - t);
            /* Most surnames begin no name: without some evidence right
             * there, none of the tests below can accept one. */
            if (!name_context(x, s, t, p, end, sl) || !maybe_name(x, s, t, p, end, sl))
                continue;
            /* The evidence before the name: a title, a company, a company
             * and 的, an age and 的 (93岁的杨琴芳). A group noun (职工, 员工)
             * counts only where the name ends by itself. */
            const un_word *role = un_gaz_word_before(g, GL_ROLE, t, p);
            int group = role && un_gaz_word_before(g, GL_GROUPROLE, t, p) != NULL;
            int title_before = (role && !group) || company_ending(x, s, start) >= 0 ||
                               (start >= 3 && memcmp(p - 3, "的", 3) == 0 &&
                                (company_ending(x, s, start - 3) >= 0 ||
                                 (start >= 6 && memcmp(p - 6, "岁", 3) == 0)));
            int strong_before = title_before || group;
            /* Names of the surname and one or two characters, the longer
             * first, each ending at a boundary; after a title or company, the
             * longer one also where nothing ends it. */
            size_t sch = chars_in(p, sl);
            const char *best = NULL;
            for (size_t given = 2; given >= 1 && !best; given--) {
                const char *e = han_run(p + sl, end, given);
                if (e && sch + given >= 2 && ends_name(g, e, end) &&
                    !ends_in_particle(g, p + sl, e))
                    best = e;
            }
            if (!best && title_before) {
                const char *e = han_run(p + sl, end, 2);
                if (e && !has_function_char(g, p + sl, e) &&
                    !ends_in_particle(g, p + sl, e))
                    best = e;
            }
            /* A surname before a pronoun (向大家) is a word of grammar. */
            if (best && un_gaz_word_at(g, GL_PRONOUN, p + sl, best))
                best = NULL;
            if (!best)
                continue;
            size_t stop = (size_t)(best - t);
            int strong = strong_before || un_gaz_word_at(g, GL_PERSONVERB, best, end) != NULL ||
                         count_follows(best, end);
            /* Weak evidence alone needs a name that looks like one: three
             * characters, none of them a grammatical word but a common
             * surname. The weak evidence: standing after punctuation and
             * occurring more than once (counted last: it reads the record). */
            int plain_surname = !has_function_char(g, p, p + sl) ||
                                un_gaz_word_at(g, GL_SURNAMECOMMON, p, p + sl) != NULL;
            int looks = chars_in(p, stop - start) == 3 && plain_surname &&
                        !has_function_char(g, p + sl, best);
            int weak = 0;
            if (!strong && looks) {
                const char *r = p;
                uint32_t before = start ? un_fold_width(un_utf8_prev(t, &r)) : '.';
                if (start == 0 || ent_name_after_punct(before))
                    weak++;
                if (weak && occurs_twice(x, p, stop - start))
                    weak++;
            }
            /* Three names or more in a list are evidence for each other. */
            int ok = strong || (weak >= 2 && looks) ||
                     ((size_t)(end - best) >= 3 && memcmp(best, "、", 3) == 0 &&
                      name_list_at(x, p, end));
            /* Then what rules it out: a word of an organisation inside the
             * name (asked only now: most names without evidence enough
             * stop above); the surname ends a word that stands before it
             * (主席, 公司, 工会), or lies in a place's name. */
            if (!ok || word_within(g, GL_COMPANYSUFFIX, p + sl, best) ||
                word_within(g, GL_ROLE, p, best) || word_within(g, GL_UNIONSUFFIX, p, best) ||
                un_gaz_word_before(g, GL_ORGCHAR, p + sl, best))
                continue;
            if (!is_author(x, p, stop - start) && !un_gaz_word_at(g, GL_COMMON, p, best) &&
                !place_inside(x, s, start, stop) && !inside_word(g, GL_ROLE, t, p, end) &&
                !inside_word(g, GL_COMPANYSUFFIX, t, p, end) &&
                !inside_word(g, GL_LEGALFORM, t, p, end) && !inside_word(g, GL_COMMON, t, p, end) &&
                !inside_word(g, GL_UNIONSUFFIX, t, p, end) && !inside_place(x, s, start)) {
                person *pe = UN_VEC_PUSH(&x->people, person);
                pe->seg = s;
                pe->start = start;
                pe->end = stop;
                resume = best;
                continue;
            }
        }
    }
    /* A name that overlaps an occurrence of another accepted name (农同时 in
     * 周农同时) is a piece of it. */
    size_t longest = 0;
    for (size_t i = 0; i < x->people.len; i++) {
        const person *pi = &UN_VEC_AT(&x->people, person, i);
        if (pi->end - pi->start > longest)
            longest = pi->end - pi->start;
    }
    for (size_t i = 0; i < x->people.len; i++) {
        person *pi = &UN_VEC_AT(&x->people, person, i);
        const char *t = x->in->fold[pi->seg];
        size_t len = seg_at(x, pi->seg)->text.len;
        /* The last bytes of the characters where a name overlapping pi
         * could begin: a name whose first character ends with none of
         * them is passed over at once. */
        uint64_t seen = 0;
        size_t c = pi->start >= longest ? pi->start - longest + 1 : 0;
        while (c > 0 && ((unsigned char)t[c] & 0xC0) == 0x80)
            c--;
        while (c < pi->end) {
            size_t k = char_bytes((unsigned char)t[c]);
            if (c != pi->start)
                seen |= (uint64_t)1 << ((unsigned char)t[c + k - 1] & 63);
            c += k;
        }
        for (size_t j = 0; j < x->people.len && pi->end > pi->start; j++) {
            const person *pj = &UN_VEC_AT(&x->people, person, j);
            size_t lj = pj->end - pj->start;
            if (i == j || pj->end == pj->start || lj > len)
                continue;
            const char *nj = x->in->fold[pj->seg] + pj->start;
            unsigned char key = (unsigned char)nj[char_bytes((unsigned char)nj[0]) - 1];
            if (!((seen >> (key & 63)) & 1))
                continue;
            /* Where an occurrence would overlap pi and fit the segment. */
            size_t from = pi->start >= lj ? pi->start - lj + 1 : 0;
            size_t to = pi->end < len - lj + 1 ? pi->end : len - lj + 1;
            for (size_t at = from; at < to; at++) {
                if (t[at] == nj[0] && at != pi->start && memcmp(t + at, nj, lj) == 0) {
                    pi->end = pi->start; /* dropped */
                    break;
                }
            }
        }
    }
    {
        size_t w = 0;
        for (size_t i = 0; i < x->people.len; i++)
            if (UN_VEC_AT(&x->people, person, i).end > UN_VEC_AT(&x->people, person, i).start)
                UN_VEC_AT(&x->people, person, w++) = UN_VEC_AT(&x->people, person, i);
        x->people.len = w;
    }
    /* A name in a list (、) beside one that counts counts too; then every
     * occurrence of a name that counts. */
    for (size_t i = 0; i < x->people.len; i++) {
        person pe = UN_VEC_AT(&x->people, person, i);
        const char *t = x->in->fold[pe.seg];
        const char *end = t + seg_at(x, pe.seg)->text.len;
        const char *p = t + pe.end;
        while ((size_t)(end - p) > 3 && memcmp(p, "、", 3) == 0) {
            p += 3;
            const char *e = list_item(x, p, end, 1, 0);
            if (!e)
                break;
            size_t at = (size_t)(p - t);
            int known = 0;
            for (size_t j = 0; j < x->people.len && !known; j++) {
                const person *o = &UN_VEC_AT(&x->people, person, j);
                known = o->seg == pe.seg && o->start == at;
            }
            if (known)
                break;
            person *np = UN_VEC_PUSH(&x->people, person);
            np->seg = pe.seg;
            np->start = (size_t)(p - t);
            np->end = (size_t)(e - t);
            p = e;
        }
    }
    find_repeats(x);
    for (size_t i = 0; i < x->people.len; i++) {
        const person *pe = &UN_VEC_AT(&x->people, person, i);
        ent_pos *ep = push(x, pe->seg, pe->start, pe->end, "person");
        ep->e.name = keep(x, x->in->fold[pe->seg] + pe->start, pe->end - pe->start);
    }
}

void un_find_entities(const ent_input *in, un_vec *out)
{
    ectx x;
    memset(&x, 0, sizeof x);
    x.in = in;
    x.g = in->g;
    x.lx = un_lexicon_default();
    x.out = out;
    un_vec_init(&x.companies, sizeof(company));
    un_vec_init(&x.people, sizeof(person));
    for (size_t i = 0; i < in->nplaces; i++)
        if (in->places[i].end - in->places[i].start > x.max_place)
            x.max_place = in->places[i].end - in->places[i].start;
    find_companies(&x);
    find_unions(&x);
    find_programmes(&x);
    find_people(&x);
    un_vec_release(&x.companies);
    un_vec_release(&x.people);
}
