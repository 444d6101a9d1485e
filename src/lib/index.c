/* index.c: owns the indexer: district entities in the records of a page.
 *
 * For each record, every segment of its searchable text (titles, subheads,
 * captions, body; not the section banner, byline or metadata, which name
 * outlets more than places) is scanned once with the gazetteer's automaton.
 * Of overlapping names the leftmost, then longest, is kept (河北区 over
 * 河北, 山东 over 东城 in 山东城市). Each kept name is a mention with one or
 * more candidate places, which the rules below narrow to one:
 *
 *   1. a parent printed right before it (台州黄岩, 宁波江北区);
 *   2. a place named elsewhere in the article without doubt that contains
 *      exactly one candidate, or is one;
 *   3. a full name over a short form, a province over other units (河北);
 *   4. the province that dominates the page;
 *   5. the province the user gave (--province);
 * and otherwise the mention is kept as ambiguous, with its candidates.
 * A risky form (an ordinary word too, gazetteer.c) counts only with
 * evidence: a parent right before it, an organisation's name that goes on
 * from it (象山华宇食品有限公司), a list of places it stands in (珠海、中山、顺德),
 * or the same place named without doubt in the article.
 * A unit that no longer exists is reported as its successor, with the
 * printed unit as former_name and former_code.
 * Towns and streets count only with their suffix (阳明街道) and inside a
 * county the article names. */
#include <stdio.h>
#include <stdlib.h>

#include "entities.h"
#include "figures.h"
#include "gazetteer.h"
#include "text.h"

struct un_indexer {
    const un_gazetteer *g;
    int32_t province; /* from the options, or -1 */
    /* scratch, reused from page to page */
    un_vec hits;      /* of hit */
    un_vec mentions;  /* of mention */
    un_vec cands;     /* of cand */
    un_vec ents;      /* of un_entity */
    un_vec ent_order; /* of ent_key: ents sorted by position */
    un_vec figs;      /* of un_figure */
    un_vec strong;    /* of int32_t */
    int32_t *province_count;
    un_litscan *lscan; /* Hyperscan's scratch, or NULL: the automaton only */
    unsigned what;     /* UN_INDEX_* */
    un_vec events;     /* of uint32_t: every segment's event offsets */
    ent_scan evscan;   /* room for a segment's while they are sorted */
    un_vec segev;      /* of seg_events, per segment of the page in order */
    un_buf scan_fold;  /* a traditional segment folded for Hyperscan */
    un_record_filter keep; /* or NULL: every record */
    void *keep_ctx;
    char within[8];        /* a code prefix, or "": every record */
    size_t within_len;
    int province_wanted;   /* resolving asked for a page province not counted */
};

/* The page's province before it is counted: a page read only where the
 * filter keeps records has not counted it, and resolving says when it
 * would have needed it (ix->province_wanted). */
#define PROVINCE_UNCOUNTED (-2)

/* Where a segment's events are in ix->events: from first on, kind by
 * kind (ent_events). */
typedef struct seg_events {
    size_t first;
    uint32_t at[EV_KINDS + 1];
    int fold; /* it holds traditional characters */
} seg_events;

/* The events of the segment se lists, for the finders. */
static ent_events events_of(const un_indexer *ix, const seg_events *se)
{
    ent_events e;
    e.off = (const uint32_t *)ix->events.data + se->first;
    memcpy(e.at, se->at, sizeof e.at);
    return e;
}

typedef struct ent_key {
    size_t seg, start, end, i; /* i: its index in ix->ents */
} ent_key;

typedef struct hit {
    size_t start, end;
    uint32_t form;
} hit;

typedef struct cand {
    int32_t place;  /* the place meant (a successor for a historical unit) */
    int32_t former; /* the historical unit printed, or -1 */
    uint8_t full;   /* printed in full */
    uint8_t risky;  /* every form of it here is risky */
} cand;

enum { M_OPEN = 0, M_DONE, M_AMBIGUOUS, M_DROPPED };

typedef struct mention {
    size_t rec, seg, start, end;
    size_t cand0, ncand; /* in the cands vector */
    int32_t place;       /* resolved */
    int32_t former;
    int state;
    int risky;           /* the resolved candidate needs evidence */
    int evidence;
    size_t cand_kept;    /* ambiguous: the candidates still in the running */
    int32_t kept[8];
} mention;

un_indexer *un_indexer_new(const un_indexer_options *opt, char *err, size_t errlen)
{
    un_indexer *ix = un_xcalloc(1, sizeof *ix);
    ix->g = opt && opt->gazetteer ? opt->gazetteer : un_gazetteer_default();
    ix->province = -1;
    ix->what = opt && opt->what ? opt->what : UN_INDEX_ALL;
    if (opt && opt->province) {
        long p = un_gazetteer_find(ix->g, opt->province, strlen(opt->province));
        if (p < 0 || ix->g->places[p].level != LEVEL_PROVINCE) {
            snprintf(err, errlen, "'%s' is not a province", opt->province);
            free(ix);
            return NULL;
        }
        ix->province = (int32_t)p;
    }
    un_vec_init(&ix->hits, sizeof(hit));
    un_vec_init(&ix->mentions, sizeof(mention));
    un_vec_init(&ix->cands, sizeof(cand));
    un_vec_init(&ix->ents, sizeof(ent_pos));
    un_vec_init(&ix->ent_order, sizeof(ent_key));
    un_buf_init(&ix->scan_fold);
    un_vec_init(&ix->figs, sizeof(un_figure));
    un_vec_init(&ix->strong, sizeof(int32_t));
    un_vec_init(&ix->events, sizeof(uint32_t));
    ent_scan_init(&ix->evscan);
    un_vec_init(&ix->segev, sizeof(seg_events));
    ix->province_count = un_xcalloc(ix->g->nplaces, sizeof(int32_t));
    if (un_litset_ready(ix->g->lits))
        ix->lscan = un_litscan_new(ix->g->lits);
    return ix;
}

void un_indexer_free(un_indexer *ix)
{
    if (!ix)
        return;
    un_vec_release(&ix->hits);
    un_vec_release(&ix->mentions);
    un_vec_release(&ix->cands);
    un_vec_release(&ix->ents);
    un_vec_release(&ix->ent_order);
    un_buf_release(&ix->scan_fold);
    un_vec_release(&ix->figs);
    un_vec_release(&ix->strong);
    un_vec_release(&ix->events);
    ent_scan_release(&ix->evscan);
    un_vec_release(&ix->segev);
    free(ix->province_count);
    un_litscan_free(ix->lscan);
    free(ix);
}

/* Folds a segment into ix->scan_fold as the automaton would read it;
 * 0 where only the automaton can. */
static int fold_for_scan(un_indexer *ix, const un_str *text)
{
    ix->scan_fold.len = 0;
    char *out = un_buf_reserve(&ix->scan_fold, text->len + 1);
    return un_gaz_scan_fold(ix->g, text->ptr, text->len, out);
}

static void on_hit(void *ctx, size_t start, size_t end, uint32_t id)
{
    un_indexer *ix = ctx;
    /* make_mentions reads the form: asked for now, it arrives while the
     * scan goes on. */
    __builtin_prefetch(&ix->g->forms[id]);
    hit *h = UN_VEC_PUSH(&ix->hits, hit);
    h->start = start;
    h->end = end;
    h->form = id;
}

static int by_start_then_longer(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->form < y->form ? -1 : x->form > y->form;
}

static const cand *cand_at(const un_indexer *ix, const mention *m, size_t k)
{
    return &UN_VEC_AT(&ix->cands, cand, m->cand0 + k);
}

/* Is text[start..end) part of other words rather than a name? Dictionary
 * words that cross its edges say so: one that contains it (热火朝天), words
 * crossing both edges (隆重|庆祝 around 重庆), or one crossing word that the
 * dictionary knows better than the name itself (长江 before 江北; but not
 * 自重 in 来自重庆: 重庆 is the better word). freq is the name's count. */
static int crossed(const un_gazetteer *g, const char *text, size_t n, size_t start, size_t end,
                   uint32_t freq)
{
    enum { MAXW = 4 };
    /* Character starts around the match: up to MAXW-1 before, all inside,
     * up to MAXW-1 after. */
    size_t pos[3 * MAXW + 40];
    size_t np = 0, first_inside, first_after;
    const char *q = text + start;
    for (int k = 0; k < MAXW - 1 && q > text; k++)
        un_utf8_prev(text, &q);
    const char *p = q, *stop = text + n;
    while (p < text + start && np < sizeof pos / sizeof pos[0]) {
        pos[np++] = (size_t)(p - text);
        un_utf8_next(&p, stop);
    }
    first_inside = np;
    while (p < text + end && np < sizeof pos / sizeof pos[0] - MAXW) {
        pos[np++] = (size_t)(p - text);
        un_utf8_next(&p, stop);
    }
    first_after = np;
    for (int k = 0; k < MAXW && np < sizeof pos / sizeof pos[0]; k++) {
        pos[np++] = (size_t)(p - text);
        if (p >= stop)
            break;
        un_utf8_next(&p, stop);
    }
    /* pos[i] is the start of character i; a word is pos[i]..pos[j]. */
    uint32_t left = 0, right = 0;
    for (size_t i = 0; i < first_after; i++) {
        if (i == first_inside)
            continue; /* words that begin with the match extend it */
        const char *ci = text + pos[i];
        uint32_t c1 = un_utf8_next(&ci, stop);
        if (!un_cp_bitmap_has(g->cross_starts, c1))
            continue; /* no crossing word starts here */
        /* Every word looked up below is two characters or more (j >= i + 2):
         * its first two must be those of some crossing word. */
        if (ci >= stop || !un_gaz_cross_pair(g, c1, un_utf8_next(&ci, stop)))
            continue;
        size_t jmin = i < first_inside ? first_inside + 1 : first_after + 1;
        for (size_t j = jmin; j < np && j <= i + MAXW; j++) {
            uint32_t f = un_gaz_crossword(g, text + pos[i], pos[j] - pos[i]);
            if (!f)
                continue;
            if (i < first_inside && j >= first_after)
                return 1; /* contains it */
            if (i < first_inside && f > left)
                left = f;
            if (i >= first_inside && f > right)
                right = f;
        }
    }
    if (left && right)
        return 1;
    return (left > right ? left : right) > freq;
}

/* A mention as found, before resolve: open, no place. */
static void unresolved(mention *m)
{
    m->state = M_OPEN;
    m->place = m->former = -1;
    m->risky = m->evidence = 0;
    m->cand_kept = 0;
}

/* Does a resolved mention count as its place (a form that is also an
 * ordinary word only with evidence)? */
static int counted(const mention *m)
{
    return m->state == M_DONE && (!m->risky || m->evidence);
}

/* Turns the hits of one segment into mentions: at each place the longest
 * name that no word crosses, left to right without overlap; each with its
 * candidates. */
static void make_mentions(un_indexer *ix, size_t rec, size_t seg, const un_str *text)
{
    const un_gazetteer *g = ix->g;
    hit *h = ix->hits.data;
    size_t n = ix->hits.len;
    un_sort(h, n, sizeof *h, by_start_then_longer);
    size_t covered = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && h[j].start == h[i].start && h[j].end == h[i].end)
            j++;
        uint32_t freq = 0;
        for (size_t k = i; k < j; k++)
            if (g->forms[h[k].form].freq > freq)
                freq = g->forms[h[k].form].freq;
        int skip = h[i].start < covered ||
                   crossed(g, text->ptr, text->len, h[i].start, h[i].end, freq);
        if (skip) {
            i = j;
            continue;
        }
        covered = h[i].end;
        mention *m = UN_VEC_PUSH(&ix->mentions, mention);
        unresolved(m);
        m->rec = rec;
        m->seg = seg;
        m->start = h[i].start;
        m->end = h[i].end;
        m->cand0 = ix->cands.len;
        int any_current = 0;
        for (size_t k = i; k < j; k++)
            any_current |= !g->places[g->forms[h[k].form].place].historical;
        for (size_t k = i; k < j; k++) {
            const form *f = &g->forms[h[k].form];
            const place *p = &g->places[f->place];
            /* A name that a current unit still bears means that unit. */
            if (p->historical && any_current)
                continue;
            int32_t meant = p->historical ? p->successor : f->place;
            cand *c = NULL;
            for (size_t q = m->cand0; q < ix->cands.len; q++)
                if (UN_VEC_AT(&ix->cands, cand, q).place == meant)
                    c = &UN_VEC_AT(&ix->cands, cand, q);
            if (!c) {
                c = UN_VEC_PUSH(&ix->cands, cand);
                c->place = meant;
                c->former = p->historical ? f->place : -1;
                c->full = 0;
                c->risky = 1;
            }
            /* The short form of a unit that no longer exists is too weak a
             * sign (金明 in 金明杰): only its full name counts. */
            c->full |= f->kind == FORM_FULL;
            c->risky &= f->risky || (p->historical && f->kind != FORM_FULL);
        }
        m->ncand = ix->cands.len - m->cand0;
        /* Skip the shorter names that start here too. */
        while (j < n && h[j].start == h[i].start)
            j++;
        i = j;
    }
    ix->hits.len = 0;
}

static int strong_has(const un_indexer *ix, int32_t where)
{
    for (size_t k = 0; k < ix->strong.len; k++)
        if (UN_VEC_AT(&ix->strong, int32_t, k) == where)
            return 1;
    return 0;
}

/* A segment's text from a mention's end: does an organisation's name go
 * on from here, without punctuation, to one of its heads (总工会, 公司)? */
static int org_follows(const un_gazetteer *g, const char *s, const char *end)
{
    const char *p = s;
    for (int k = 0; k < 14 && p < end; k++) {
        const char *q = p;
        uint32_t c = un_utf8_next(&q, end);
        if (un_gaz_may_start(g, GL_ORG, c) && un_gaz_word_at_cp(g, GL_ORG, c, p, q, end))
            return 1;
        if (!un_is_han(c) && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') &&
            !(c >= 'a' && c <= 'z'))
            return 0;
        p = q;
    }
    return 0;
}

static int is_list_mark(const char *p, const char *end)
{
    return end - p >= 3 && memcmp(p, "、", 3) == 0;
}

/* Is place p named without doubt in the article, or does the article
 * name a place without doubt in the same prefecture (a county) or province
 * (a prefecture)? A name's root means a unit only where the article is
 * about its part of the country. */
static int supported(const un_indexer *ix, int32_t p)
{
    const un_gazetteer *g = ix->g;
    const place *pl = &g->places[p];
    if (pl->level == LEVEL_PROVINCE || strong_has(ix, p))
        return 1;
    int32_t area = pl->level == LEVEL_COUNTY ? pl->parent : pl->province;
    for (size_t q = 0; q < ix->strong.len; q++) {
        int32_t s = UN_VEC_AT(&ix->strong, int32_t, q);
        if (s != p && un_gaz_within(g, s, area))
            return 1;
    }
    return 0;
}

/* Narrows a mention's candidates to one where the rules allow; decides
 * whether it counts. */
static void resolve(un_indexer *ix, mention *m, const mention *prev, int32_t page_province,
                    const un_article *rec)
{
    const un_gazetteer *g = ix->g;
    int32_t keep[64];
    size_t nk = 0;
    for (size_t k = 0; k < m->ncand && nk < 64; k++)
        keep[nk++] = cand_at(ix, m, k)->place;
    int parent_beside = 0;
    /* 1. A parent right before it. */
    if (prev && prev->state == M_DONE && prev->seg == m->seg && prev->end == m->start) {
        size_t w = 0;
        for (size_t k = 0; k < nk; k++)
            if (keep[k] != prev->place && un_gaz_within(g, keep[k], prev->place))
                keep[w++] = keep[k];
        if (w > 0) {
            nk = w;
            parent_beside = 1;
        }
    }
    /* Only candidates printed in full, or in a part of the country the
     * article is about, stay. */
    if (!parent_beside) {
        size_t w = 0;
        for (size_t k = 0; k < nk; k++) {
            const cand *c = NULL;
            for (size_t q = 0; q < m->ncand; q++)
                if (cand_at(ix, m, q)->place == keep[k])
                    c = cand_at(ix, m, q);
            if ((c->full && !c->risky) || supported(ix, keep[k]))
                keep[w++] = keep[k];
        }
        nk = w;
        if (nk == 0) {
            m->state = M_DROPPED;
            return;
        }
    }
    /* 2. One candidate within another (邵阳: 邵阳市 and its 邵阳县): the outer. */
    if (nk > 1) {
        for (size_t k = 0; k < nk; k++) {
            int outer = 1;
            for (size_t q = 0; q < nk && outer; q++)
                outer = q == k || un_gaz_within(g, keep[q], keep[k]);
            if (outer) {
                keep[0] = keep[k];
                nk = 1;
                break;
            }
        }
    }
    /* 3. A place named without doubt in the article contains one. */
    if (nk > 1) {
        size_t w = 0;
        for (size_t k = 0; k < nk; k++) {
            int found = 0;
            for (size_t q = 0; q < ix->strong.len && !found; q++)
                found = un_gaz_within(g, keep[k], UN_VEC_AT(&ix->strong, int32_t, q));
            if (found)
                keep[w++] = keep[k];
        }
        if (w > 0)
            nk = w;
    }
    /* 4. A full name over short forms; a province over other units. */
    if (nk > 1) {
        size_t w = 0;
        for (size_t k = 0; k < nk; k++)
            for (size_t q = 0; q < m->ncand; q++)
                if (cand_at(ix, m, q)->place == keep[k] && cand_at(ix, m, q)->full) {
                    keep[w++] = keep[k];
                    break;
                }
        if (w > 0)
            nk = w;
    }
    if (nk > 1) {
        size_t w = 0;
        for (size_t k = 0; k < nk; k++)
            if (g->places[keep[k]].level == LEVEL_PROVINCE)
                keep[w++] = keep[k];
        if (w == 1)
            nk = w;
    }
    /* 5 and 6. The page's province, the user's. */
    int32_t provinces[2] = {page_province, ix->province};
    for (int t = 0; t < 2 && nk > 1; t++) {
        if (provinces[t] == PROVINCE_UNCOUNTED)
            ix->province_wanted = 1;
        if (provinces[t] < 0)
            continue;
        size_t w = 0;
        for (size_t k = 0; k < nk; k++)
            if (g->places[keep[k]].province == provinces[t])
                keep[w++] = keep[k];
        if (w > 0)
            nk = w;
    }
    if (nk != 1) {
        m->state = M_AMBIGUOUS;
        m->cand_kept = nk;
        for (size_t k = 0; k < nk && k < 8; k++)
            m->kept[k] = keep[k];
        return;
    }
    const cand *c = NULL;
    for (size_t q = 0; q < m->ncand; q++)
        if (cand_at(ix, m, q)->place == keep[0])
            c = cand_at(ix, m, q);
    m->place = c->place;
    m->former = c->former;
    m->risky = c->risky;
    m->state = M_DONE;
    if (!m->risky)
        return;
    /* A form that is also an ordinary word needs evidence besides: its
     * parent right before it, the place named without doubt elsewhere, or
     * (where the article is about its part of the country) an
     * organisation's name going on from it. */
    const un_segment *sg = &rec->segments[m->seg];
    const char *text = sg->text.ptr, *end = text + sg->text.len;
    if (parent_beside || strong_has(ix, m->place) ||
        (supported(ix, m->place) && org_follows(g, text + m->end, end)))
        m->evidence = 1;
}

/* A mention in a list of places (、) next to one that counts: it counts
 * too, as the candidate in the same province as that neighbour. */
static void list_evidence(un_indexer *ix, size_t from, size_t to, const un_article *rec)
{
    const un_gazetteer *g = ix->g;
    mention *ms = ix->mentions.data;
    for (size_t i = from; i < to; i++) {
        int open = ms[i].state == M_DROPPED || (ms[i].state == M_DONE && ms[i].risky && !ms[i].evidence);
        if (!open)
            continue;
        const char *text = rec->segments[ms[i].seg].text.ptr;
        const char *end = text + rec->segments[ms[i].seg].text.len;
        for (int side = -1; side <= 1 && open; side += 2) {
            size_t j = i + (size_t)side;
            if (j < from || j >= to || ms[j].seg != ms[i].seg || ms[j].state != M_DONE ||
                (ms[j].risky && !ms[j].evidence))
                continue;
            size_t a = side < 0 ? ms[j].end : ms[i].end, b = side < 0 ? ms[i].start : ms[j].start;
            if (b != a + 3 || !is_list_mark(text + a, end))
                continue;
            /* Its only candidate, or its one candidate in the province of
             * the neighbour. */
            int32_t pv = g->places[ms[j].place].province, pick = -1;
            if (ms[i].ncand == 1)
                pick = 0;
            for (size_t k = 0; k < ms[i].ncand && ms[i].ncand > 1; k++) {
                const cand *c = cand_at(ix, &ms[i], k);
                if (g->places[c->place].province == pv)
                    pick = pick == -1 ? (int32_t)k : -2;
            }
            if (pick >= 0) {
                const cand *c = cand_at(ix, &ms[i], (size_t)pick);
                ms[i].place = c->place;
                ms[i].former = c->former;
                ms[i].risky = c->risky;
                ms[i].state = M_DONE;
                ms[i].evidence = 1;
                open = 0;
            }
        }
    }
}

static un_str keep_str(un_reader *r, const char *s, size_t n)
{
    char *p = un_reader_alloc(r, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return un_str_make(p, n);
}

static un_str lit(const char *s)
{
    return un_str_make(s, strlen(s));
}

static const char *const level_names[] = {"province", "prefecture", "county", "town"};

static un_entity make_entity(un_reader *r, const un_segment *sg, size_t start, size_t end)
{
    un_entity e;
    memset(&e, 0, sizeof e);
    e.type = lit("district");
    e.text = keep_str(r, sg->text.ptr + start, end - start);
    e.line = un_segment_line(sg, start);
    return e;
}

static int by_ref_position(const void *a, const void *b)
{
    const place_ref *x = a, *y = b;
    if (x->seg != y->seg)
        return x->seg < y->seg ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The town mentions of a record: a town's name with its suffix, of a county
 * the article names. Appended to ix->ents (with their offsets kept for
 * ordering in tw). */
typedef struct town_hit {
    size_t seg, start, end;
    int32_t town;
} town_hit;

static void find_towns(un_indexer *ix, const un_article *rec, size_t m0, size_t m1, size_t seg0,
                       un_vec *out)
{
    const un_gazetteer *g = ix->g;
    const mention *ms = ix->mentions.data;
    int any_county = 0;
    for (size_t i = m0; i < m1; i++)
        any_county |= counted(&ms[i]) &&
                      g->places[ms[i].place].level == LEVEL_COUNTY;
    if (!any_county || g->ntowns == 0)
        return;
    /* The places the record names, sorted, to look towns' counties up. */
    int32_t *named = un_xmalloc((m1 - m0 + 1) * sizeof *named);
    size_t nnamed = 0;
    for (size_t i = m0; i < m1; i++)
        if (counted(&ms[i]))
            named[nnamed++] = ms[i].place;
    un_sort(named, nnamed, sizeof *named, un_cmp_i32);
    for (size_t s = 0; s < rec->n_segments; s++) {
        const un_segment *sg = &rec->segments[s];
        if (sg->kind == UN_SEG_SECTION)
            continue;
        const char *text = sg->text.ptr, *end = text + sg->text.len;
        size_t covered = 0;
        /* At the town suffixes the page scan found (EV_TOWN). */
        const seg_events *se = &UN_VEC_AT(&ix->segev, seg_events, seg0 + s);
        const uint32_t *ev = (const uint32_t *)ix->events.data + se->first;
        const char *resume = text;
        for (uint32_t ei = se->at[EV_KIND_TOWN]; ei < se->at[EV_KIND_TOWN + 1]; ei++) {
            const char *p = text + ev[ei];
            if (p < resume)
                continue;
            const un_word *sw = un_gaz_word_at(g, GL_TOWNSUFFIX, p, end);
            if (!sw)
                continue;
            size_t slen = sw->len;
            const char *stop = p + slen;
            /* The longest town name ending here, of a named county. */
            const char *best = NULL;
            int32_t best_town = -1;
            const char *q = p;
            uint64_t h = un_gaz_town_hash(UN_GAZ_TOWN_HASH0, p, slen);
            /* Back a character at a time, a window of them at once: where
             * a town's name may start, the filter's word is asked for
             * first (it misses the caches), then looked at. */
            enum { WALK = 16 };
            const char *from[WALK];
            uint64_t hash[WALK];
            size_t chars = 1;
            for (int stopped = 0; !stopped && chars < g->max_town_chars && q > text;) {
                size_t k = 0;
                for (; k < WALK && chars + k < g->max_town_chars && q > text; k++) {
                    const char *r = q;
                    uint32_t c0 = un_utf8_prev(text, &q);
                    h = un_gaz_town_hash(h, q, (size_t)(r - q));
                    if ((size_t)(q - text) < covered) {
                        stopped = 1;
                        break;
                    }
                    from[k] = un_cp_bitmap_has(g->town_starts, c0) ? q : NULL;
                    hash[k] = h;
                    if (from[k])
                        un_gaz_town_prefetch(g, h);
                }
                chars += k;
                for (size_t i = 0; i < k; i++) {
                    if (!from[i] || !un_gaz_town_may_be(g, hash[i]))
                        continue; /* no town's name starts here */
                    for (int32_t t = un_gaz_towns_named(g, from[i], (size_t)(stop - from[i]),
                                                        hash[i]);
                         t >= 0; t = g->towns[t].next) {
                        size_t at = un_i32_bound(named, nnamed, g->towns[t].county, 0);
                        if (at < nnamed && named[at] == g->towns[t].county) {
                            best = from[i];
                            best_town = t;
                        }
                    }
                }
            }
            if (best) {
                town_hit *th = UN_VEC_PUSH(out, town_hit);
                th->seg = s;
                th->start = (size_t)(best - text);
                th->end = (size_t)(stop - text);
                th->town = best_town;
                covered = th->end;
            }
            resume = stop;
        }
    }
    free(named);
}

/* Entities are sorted by position, then in the order they were found:
 * by their keys, which are small, not in place (ent_pos is large). */
static int by_position(const void *a, const void *b)
{
    const ent_key *x = a, *y = b;
    if (x->seg != y->seg)
        return x->seg < y->seg ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The entities besides districts and the figures of rec, whose segments'
 * simplified texts are fold, their events ev, and its
 * districts and towns refs (sorted by position). Entities go to ents. */
static void find_in(un_indexer *ix, un_reader *r, const un_article *rec, const char *const *fold,
                    const ent_events *ev, const place_ref *refs, size_t nrefs,
                    int32_t page_province, un_vec *ents)
{
    const un_gazetteer *g = ix->g;
    ent_input in = {g, r, rec, fold, refs, nrefs, page_province, ev};
    if (ix->what & UN_INDEX_ENTITIES)
        un_find_entities(&in, ents);
    if (ix->what & UN_INDEX_FIGURES) {
        /* Figures, passing over the places that count (三门, 九江). */
        fig_skip *skip = un_xmalloc((nrefs ? nrefs : 1) * sizeof *skip);
        for (size_t k = 0; k < nrefs; k++)
            skip[k] = (fig_skip){refs[k].seg, refs[k].start, refs[k].end};
        un_find_figures(g, r, rec, fold, ev, skip, nrefs, &ix->figs);
        free(skip);
    }
}

/* Where a window of a long record may end, at most max bytes into
 * text[0..n): after the last full stop in its second half, else at the
 * last character boundary. */
static size_t window_cut(const char *text, size_t n, size_t max)
{
    if (n <= max)
        return n;
    for (size_t k = max; k > max / 2; k--)
        if (k >= 3 && (memcmp(text + k - 3, "\xe3\x80\x82", 3) == 0 || /* 。 */
                       memcmp(text + k - 3, "\xef\xbc\x81", 3) == 0 || /* ！ */
                       memcmp(text + k - 3, "\xef\xbc\x9f", 3) == 0))  /* ？ */
            return k;
    size_t k = max;
    while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
        k--;
    return k ? k : max;
}

/* A record longer than WINDOW bytes (a whole page printed without a
 * break, or hostile input) is read by the other finders in windows of at
 * most that many bytes, whole paragraphs where they fit: what a finder
 * weighs over a record then stays within a window, and the time stays
 * linear in the record's length. Records of real pages fit one window. */
#define WINDOW (64 * 1024)

static void find_windowed(un_indexer *ix, un_reader *r, const un_article *rec,
                          const char *const *fold, const ent_events *ev, const place_ref *refs,
                          size_t nrefs, int32_t page_province)
{
    size_t nseg = rec->n_segments;
    un_segment *wseg = un_xmalloc(nseg * sizeof *wseg);
    const char **wfold = un_xmalloc(nseg * sizeof *wfold);
    ent_events *wev = un_xmalloc(nseg * sizeof *wev);
    size_t *wfrom = un_xmalloc(nseg * sizeof *wfrom); /* segment of each */
    size_t *woff = un_xmalloc(nseg * sizeof *woff);   /* its offset there */
    size_t *wp0 = un_xmalloc(nseg * sizeof *wp0);     /* a slice's first piece */
    size_t *we0 = un_xmalloc(nseg * sizeof *we0);     /* and first event */
    un_vec pieces, wrefs, wents, events;
    un_vec_init(&pieces, sizeof(un_piece));
    un_vec_init(&wrefs, sizeof(place_ref));
    un_vec_init(&wents, sizeof(ent_pos));
    un_vec_init(&events, sizeof(uint32_t));
    size_t s = 0, off = 0, ri = 0;
    while (s < nseg) {
        /* Gather the window: whole segments while they fit, or a slice of
         * one longer than a window. */
        size_t n = 0, bytes = 0;
        pieces.len = 0;
        events.len = 0;
        while (s < nseg) {
            const un_segment *sg = &rec->segments[s];
            size_t left = sg->text.len - off;
            if (n && bytes + left > WINDOW)
                break;
            size_t len = window_cut(fold[s] + off, left, WINDOW);
            un_segment *w = &wseg[n];
            *w = *sg;
            w->text.ptr = sg->text.ptr + off;
            w->text.len = len;
            wfold[n] = fold[s] + off;
            wfrom[n] = s;
            woff[n] = off;
            if (off == 0 && len == sg->text.len) {
                wev[n] = ev[s];
            } else {
                /* A slice: its line, its pieces and its events, moved to
                 * its own offsets (in order, within this window). */
                w->line = un_segment_line(sg, off);
                size_t p0 = pieces.len;
                size_t i;
                UN_PARTITION_POINT(i, 0, sg->n_pieces, mid, sg->pieces[mid].offset <= off);
                for (; i < sg->n_pieces && sg->pieces[i].offset < off + len; i++)
                    *(un_piece *)un_vec_push_unset(&pieces) =
                        (un_piece){sg->pieces[i].offset - off, sg->pieces[i].line};
                w->n_pieces = pieces.len - p0;
                wp0[n] = p0; /* the vectors may move: pointers set below */
                size_t e0 = events.len;
                const uint32_t *eo = ev[s].off;
                for (int k = 0; k < EV_KINDS; k++) {
                    wev[n].at[k] = (uint32_t)(events.len - e0);
                    UN_PARTITION_POINT(i, ev[s].at[k], ev[s].at[k + 1], mid, eo[mid] < off);
                    for (; i < ev[s].at[k + 1] && eo[i] < off + len; i++)
                        *(uint32_t *)un_vec_push_unset(&events) = eo[i] - (uint32_t)off;
                }
                wev[n].at[EV_KINDS] = (uint32_t)(events.len - e0);
                we0[n] = e0; /* the vector may move: the pointer is set below */
            }
            n++;
            bytes += len;
            off += len;
            if (off >= sg->text.len) {
                s++;
                off = 0;
            } else {
                break; /* the rest of this segment is the next window's */
            }
        }
        for (size_t k = 0; k < n; k++) {
            const un_segment *sg = &rec->segments[wfrom[k]];
            if (woff[k] == 0 && wseg[k].text.len == sg->text.len)
                continue;
            wseg[k].pieces = (const un_piece *)pieces.data + wp0[k];
            wev[k].off = (const uint32_t *)events.data + we0[k];
        }
        /* The places of the window, in its terms. */
        wrefs.len = 0;
        while (ri < nrefs && (refs[ri].seg < wfrom[0] ||
                              (refs[ri].seg == wfrom[0] && refs[ri].start < woff[0])))
            ri++;
        for (size_t k = 0; k < n; k++) {
            size_t lo = woff[k], hi = woff[k] + wseg[k].text.len;
            for (; ri < nrefs && refs[ri].seg == wfrom[k] && refs[ri].start < hi; ri++) {
                if (refs[ri].start < lo || refs[ri].end > hi)
                    continue;
                place_ref *pr = UN_VEC_PUSH(&wrefs, place_ref);
                *pr = refs[ri];
                pr->seg = k;
                pr->start -= lo;
                pr->end -= lo;
            }
        }
        un_article win = *rec;
        win.segments = wseg;
        win.n_segments = n;
        wents.len = 0;
        find_in(ix, r, &win, wfold, wev, wrefs.data, wrefs.len, page_province, &wents);
        for (size_t i = 0; i < wents.len; i++) {
            ent_pos *ep = UN_VEC_PUSH(&ix->ents, ent_pos);
            *ep = UN_VEC_AT(&wents, ent_pos, i);
            ep->start += woff[ep->seg];
            ep->end += woff[ep->seg];
            ep->seg = wfrom[ep->seg];
        }
    }
    un_vec_release(&pieces);
    un_vec_release(&wrefs);
    un_vec_release(&wents);
    un_vec_release(&events);
    free(wseg);
    free(wfold);
    free(wev);
    free(wfrom);
    free(woff);
    free(wp0);
    free(we0);
}

/* The entities besides districts, and the figures, of a record whose
 * districts and towns are refs. */
static void find_others(un_indexer *ix, un_reader *r, un_article *rec, size_t seg0,
                        const un_vec *refs_v, int32_t page_province)
{
    const un_gazetteer *g = ix->g;
    const un_vec refs = *refs_v;
    /* The other entities read the record's text simplified. */
    const char **fold = un_xmalloc((rec->n_segments ? rec->n_segments : 1) * sizeof *fold);
    for (size_t k = 0; k < rec->n_segments; k++) {
        const un_segment *sg = &rec->segments[k];
        seg_events *se = &UN_VEC_AT(&ix->segev, seg_events, seg0 + k);
        if (!se->fold) {
            fold[k] = sg->text.ptr ? sg->text.ptr : ""; /* simplified already */
            continue;
        }
        char *f = un_reader_alloc(r, sg->text.len + 1);
        un_gaz_fold(g, sg->text.ptr, sg->text.len, f);
        f[sg->text.len] = '\0';
        fold[k] = f;
        /* The events of the simplified text. */
        se->first = ix->events.len;
        ent_scan_events(g, f, sg->text.len, EV_ALL, &ix->evscan, &ix->events, se->at);
    }
    ent_events *ev = un_xmalloc((rec->n_segments ? rec->n_segments : 1) * sizeof *ev);
    for (size_t k = 0; k < rec->n_segments; k++)
        ev[k] = events_of(ix, &UN_VEC_AT(&ix->segev, seg_events, seg0 + k));
    size_t total = 0;
    for (size_t k = 0; k < rec->n_segments; k++)
        total += rec->segments[k].text.len;
    if (total <= WINDOW)
        find_in(ix, r, rec, fold, ev, refs.data, refs.len, page_province, &ix->ents);
    else
        find_windowed(ix, r, rec, fold, ev, refs.data, refs.len, page_province);
    free(ev);
    free(fold);
}

static void emit(un_indexer *ix, un_reader *r, un_article *rec, size_t m0, size_t m1,
                 size_t seg0, int32_t page_province)
{
    const un_gazetteer *g = ix->g;
    un_vec towns;
    un_vec_init(&towns, sizeof(town_hit));
    find_towns(ix, rec, m0, m1, seg0, &towns);
    ix->ents.len = 0;
    un_vec refs; /* of place_ref: what counts, for the other entities */
    un_vec_init(&refs, sizeof(place_ref));
    const mention *ms = ix->mentions.data;
    for (size_t i = 0; i < towns.len; i++) {
        const town_hit *th = &UN_VEC_AT(&towns, town_hit, i);
        const town *t = &g->towns[th->town];
        ent_pos *ep = UN_VEC_PUSH(&ix->ents, ent_pos);
        ep->seg = th->seg;
        ep->start = th->start;
        ep->end = th->end;
        un_entity *e = &ep->e;
        *e = make_entity(r, &rec->segments[th->seg], th->start, th->end);
        e->name = keep_str(r, t->name, t->name_len);
        e->code = keep_str(r, t->code, strlen(t->code));
        e->level = lit(level_names[LEVEL_TOWN]);
        place_ref *pr = UN_VEC_PUSH(&refs, place_ref);
        pr->seg = th->seg;
        pr->start = th->start;
        pr->end = th->end;
        pr->place = -1;
        pr->town = th->town;
    }
    for (size_t i = m0; i < m1; i++) {
        const mention *m = &ms[i];
        if (m->state == M_DROPPED || (m->state == M_DONE && m->risky && !m->evidence))
            continue;
        ent_pos *ep = UN_VEC_PUSH(&ix->ents, ent_pos);
        ep->seg = m->seg;
        ep->start = m->start;
        ep->end = m->end;
        un_entity *e = &ep->e;
        *e = make_entity(r, &rec->segments[m->seg], m->start, m->end);
        if (m->state == M_AMBIGUOUS) {
            size_t nc = m->cand_kept < 8 ? m->cand_kept : 8;
            e->status = lit("ambiguous");
            un_candidate *cs = un_reader_alloc(r, nc * sizeof *cs);
            for (size_t k = 0; k < nc; k++) {
                const place *p = &g->places[m->kept[k]];
                cs[k].name = un_str_make(p->name, p->name_len);
                cs[k].code = un_str_make(p->code, strlen(p->code));
            }
            e->candidates = cs;
            e->n_candidates = nc;
            continue;
        }
        const place *p = &g->places[m->place];
        e->name = un_str_make(p->name, p->name_len);
        e->code = un_str_make(p->code, strlen(p->code));
        e->level = lit(level_names[p->level]);
        if (m->former >= 0) {
            const place *f = &g->places[m->former];
            e->status = lit("historical");
            e->former_name = un_str_make(f->name, f->name_len);
            e->former_code = f->code[0] ? un_str_make(f->code, strlen(f->code)) : un_str_null();
        }
        place_ref *pr = UN_VEC_PUSH(&refs, place_ref);
        pr->seg = m->seg;
        pr->start = m->start;
        pr->end = m->end;
        pr->place = m->place;
        pr->town = -1;
    }
    un_vec_release(&towns);
    un_sort(refs.data, refs.len, sizeof(place_ref), by_ref_position);
    ix->figs.len = 0;
    if (ix->what & (UN_INDEX_ENTITIES | UN_INDEX_FIGURES))
        find_others(ix, r, rec, seg0, &refs, page_province);
    un_figure *figs = un_reader_alloc(r, (ix->figs.len ? ix->figs.len : 1) * sizeof *figs);
    if (ix->figs.len)
        memcpy(figs, ix->figs.data, ix->figs.len * sizeof *figs);
    rec->figures = figs;
    rec->n_figures = ix->figs.len;
    un_vec_release(&refs);
    ix->ent_order.len = 0;
    for (size_t k = 0; k < ix->ents.len; k++) {
        const ent_pos *ep = &UN_VEC_AT(&ix->ents, ent_pos, k);
        *UN_VEC_PUSH(&ix->ent_order, ent_key) = (ent_key){ep->seg, ep->start, ep->end, k};
    }
    un_sort(ix->ent_order.data, ix->ent_order.len, sizeof(ent_key), by_position);
    un_entity *out = un_reader_alloc(r, (ix->ents.len ? ix->ents.len : 1) * sizeof *out);
    for (size_t k = 0; k < ix->ents.len; k++) {
        const ent_pos *ep =
            &UN_VEC_AT(&ix->ents, ent_pos, UN_VEC_AT(&ix->ent_order, ent_key, k).i);
        out[k] = ep->e;
        out[k].segment = ep->seg;
        out[k].offset = ep->start;
    }
    rec->entities = out;
    rec->n_entities = ix->ents.len;
}

void un_indexer_set_filter(un_indexer *ix, un_record_filter keep, void *ctx)
{
    ix->keep = keep;
    ix->keep_ctx = ctx;
}

void un_indexer_set_within(un_indexer *ix, const char *prefix)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (n >= sizeof ix->within)
        n = sizeof ix->within - 1;
    memcpy(ix->within, prefix ? prefix : "", n);
    ix->within[n] = '\0';
    ix->within_len = n;
}

/* Can mentions m0..m1 make a district entity within ix->within? Each
 * becomes one of its candidates or nothing, and a town needs its county
 * named, whose code its own begins with. */
static int may_be_within(const un_indexer *ix, size_t m0, size_t m1)
{
    const mention *ms = ix->mentions.data;
    for (size_t i = m0; i < m1; i++)
        for (size_t c = 0; c < ms[i].ncand; c++) {
            const char *code = ix->g->places[cand_at(ix, &ms[i], c)->place].code;
            if (strncmp(code, ix->within, ix->within_len) == 0)
                return 1;
        }
    return 0;
}

/* The scan of a page: the events and place mentions of every record, or
 * with kept (lazy) only of the records kept. */
static void scan_page(un_indexer *ix, const un_article *records, size_t n, size_t *first,
                      size_t *seg0, const unsigned char *kept)
{
    const un_gazetteer *g = ix->g;
    unsigned kinds = ix->what & (UN_INDEX_ENTITIES | UN_INDEX_FIGURES) ? EV_ALL : EV_TOWN;
    ix->mentions.len = 0;
    ix->cands.len = 0;
    ix->events.len = 0;
    ix->segev.len = 0;
    for (size_t k = 0; k < n; k++) {
        first[k] = ix->mentions.len;
        seg0[k] = ix->segev.len;
        for (size_t s = 0; s < records[k].n_segments; s++) {
            const un_segment *sg = &records[k].segments[s];
            seg_events *se = UN_VEC_PUSH(&ix->segev, seg_events);
            se->first = ix->events.len;
            if (sg->kind == UN_SEG_SECTION || (kept && !kept[k]))
                continue;
            /* One pass finds what the other finders start from, and
             * whether anything folds: with districts alone, only where
             * towns may end. */
            unsigned all = ent_scan_events(g, sg->text.ptr, sg->text.len, kinds, &ix->evscan,
                                           &ix->events, se->at);
            se->fold = (all & EV_FOLD) != 0;
            /* Byte for byte where nothing folds (most pages); elsewhere
             * over the text folded as the automaton folds it, or by the
             * automaton itself: the same hits every way. */
            if (ix->lscan && !se->fold)
                un_litscan_run(ix->lscan, sg->text.ptr, sg->text.len, on_hit, ix);
            else if (ix->lscan && fold_for_scan(ix, &sg->text))
                un_litscan_run(ix->lscan, ix->scan_fold.data, sg->text.len, on_hit, ix);
            else
                un_ac_scan(un_gaz_ac(g), sg->text.ptr, sg->text.len, on_hit, ix);
            make_mentions(ix, k, s, &sg->text);
        }
    }
    first[n] = ix->mentions.len;
    seg0[n] = ix->segev.len;
}

/* The page's province: the one most mentions without doubt lie in. */
static int32_t count_province(un_indexer *ix)
{
    const un_gazetteer *g = ix->g;
    int32_t page_province = -1, best = 0, second = 0;
    mention *ms = ix->mentions.data;
    for (size_t i = 0; i < ix->mentions.len; i++) {
        if (ms[i].ncand != 1 || cand_at(ix, &ms[i], 0)->risky)
            continue;
        int32_t pv = g->places[cand_at(ix, &ms[i], 0)->place].province;
        int32_t c = ++ix->province_count[pv];
        if (c > best) {
            if (pv != page_province)
                second = best;
            best = c;
            page_province = pv;
        } else if (c > second && pv != page_province) {
            second = c;
        }
    }
    for (size_t i = 0; i < ix->mentions.len; i++)
        if (ms[i].ncand == 1)
            ix->province_count[g->places[cand_at(ix, &ms[i], 0)->place].province] = 0;
    if (best < 2 || best == second)
        page_province = -1;
    return page_province;
}

/* Resolves the mentions of record k (first..last). */
static void resolve_record(un_indexer *ix, const un_article *rec, size_t first, size_t last,
                           int32_t page_province)
{
    const un_gazetteer *g = ix->g;
    mention *ms = ix->mentions.data;
    /* Named without doubt: one candidate, printed in full or a province,
     * and no ordinary word. */
    ix->strong.len = 0;
    for (size_t i = first; i < last; i++) {
        if (ms[i].ncand != 1)
            continue;
        const cand *c = cand_at(ix, &ms[i], 0);
        if (!c->risky && (c->full || g->places[c->place].level == LEVEL_PROVINCE) &&
            !strong_has(ix, c->place))
            *(int32_t *)un_vec_push_unset(&ix->strong) = c->place;
    }
    /* Twice: a risky name that found its evidence vouches for the same
     * name elsewhere in the article. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = first; i < last; i++) {
            if (counted(&ms[i]))
                continue;
            ms[i].state = M_OPEN;
            const mention *prev = i > first ? &ms[i - 1] : NULL;
            resolve(ix, &ms[i], prev, page_province, rec);
        }
        list_evidence(ix, first, last, rec);
        for (size_t i = first; i < last; i++)
            if (counted(&ms[i]) &&
                !strong_has(ix, ms[i].place))
                *(int32_t *)un_vec_push_unset(&ix->strong) = ms[i].place;
    }
}

/* Does a mention of m0..m1 count as a place within ix->within, as emit
 * would give it? (A town within it needs its county, also within it,
 * named.) */
static int names_within(const un_indexer *ix, size_t m0, size_t m1)
{
    const mention *ms = ix->mentions.data;
    for (size_t i = m0; i < m1; i++)
        if (counted(&ms[i]) &&
            strncmp(ix->g->places[ms[i].place].code, ix->within, ix->within_len) == 0)
            return 1;
    return 0;
}

/* With districts alone and a place to be within, only whether a record
 * names a place within it counts. Is that, for every record resolved
 * (todo), the same whatever the page's province, as resolved without it?
 * A province none of a record's candidates lies in leaves its mentions as
 * none does; so each record is resolved afresh with each of its
 * candidates' provinces, and then put back as it was. */
static int province_moot(un_indexer *ix, const un_article *records, size_t n,
                         const size_t *first, const unsigned char *todo)
{
    const un_gazetteer *g = ix->g;
    int moot = 1;
    for (size_t k = 0; k < n && moot; k++) {
        size_t m0 = first[k], m1 = first[k + 1];
        if (!todo[k] || m0 == m1)
            continue;
        int answer = names_within(ix, m0, m1);
        mention *saved = un_xmalloc((m1 - m0) * sizeof *saved);
        memcpy(saved, (mention *)ix->mentions.data + m0, (m1 - m0) * sizeof *saved);
        int32_t tried[64];
        size_t ntried = 0;
        for (size_t i = m0; i < m1 && moot; i++) {
            const mention *m = &saved[i - m0];
            for (size_t c = 0; c < m->ncand && moot; c++) {
                int32_t pv = g->places[cand_at(ix, m, c)->place].province;
                int seen = 0;
                for (size_t t = 0; t < ntried && !seen; t++)
                    seen = tried[t] == pv;
                if (seen)
                    continue;
                if (ntried == sizeof tried / sizeof *tried) {
                    moot = 0; /* too many to try */
                    break;
                }
                tried[ntried++] = pv;
                /* As make_mentions left them. */
                for (size_t j = m0; j < m1; j++)
                    unresolved((mention *)ix->mentions.data + j);
                resolve_record(ix, &records[k], m0, m1, pv);
                moot = names_within(ix, m0, m1) == answer;
                memcpy((mention *)ix->mentions.data + m0, saved, (m1 - m0) * sizeof *saved);
            }
        }
        free(saved);
    }
    return moot;
}

void un_indexer_page(void *ctx, un_reader *r, un_article *records, size_t n)
{
    un_indexer *ix = ctx;
    size_t *first = un_xmalloc((n + 1) * sizeof *first);
    size_t *seg0 = un_xmalloc((n + 1) * sizeof *seg0);
    unsigned char *todo = un_xmalloc(n ? n : 1);
    /* With a filter and no entities to find (which weigh the page's
     * province too), only the records kept are scanned, and the page's
     * province is not counted: if resolving them asks for it, the page is
     * scanned whole and resolved again. Either way every record kept gets
     * what it would get without the filter. */
    unsigned char *kept = NULL;
    if (ix->keep && !(ix->what & UN_INDEX_ENTITIES)) {
        kept = un_xmalloc(n ? n : 1);
        for (size_t k = 0; k < n; k++)
            kept[k] = ix->keep(ix->keep_ctx, &records[k]) != 0;
    }
    for (int lazy = kept != NULL;; lazy = 0) {
        /* The page whole: with the records a line filter held back, which
         * the filter (like keep) never wants. */
        if (!lazy && !un_reader_make_held(r))
            break; /* read in part: the page comes again whole */
        scan_page(ix, records, n, first, seg0, lazy ? kept : NULL);
        int32_t page_province = lazy ? PROVINCE_UNCOUNTED : count_province(ix);
        ix->province_wanted = 0;
        /* Resolve, record by record: what a record's mentions become
         * depends on the page's province and the record itself, not on
         * other records, so those the caller will not look at are passed
         * over. */
        for (size_t k = 0; k < n; k++) {
            todo[k] = (!ix->within_len || may_be_within(ix, first[k], first[k + 1])) &&
                      (kept ? kept[k] : !ix->keep || ix->keep(ix->keep_ctx, &records[k]));
            if (todo[k])
                resolve_record(ix, &records[k], first[k], first[k + 1], page_province);
        }
        /* Where only whether a record is within a place counts, a
         * province that changes no answer need not be counted. */
        if (lazy && ix->province_wanted && ix->within_len &&
            !(ix->what & (UN_INDEX_ENTITIES | UN_INDEX_FIGURES)) &&
            province_moot(ix, records, n, first, todo))
            ix->province_wanted = 0;
        if (!lazy || !ix->province_wanted) {
            for (size_t k = 0; k < n; k++)
                if (todo[k])
                    emit(ix, r, &records[k], first[k], first[k + 1], seg0[k],
                         page_province == PROVINCE_UNCOUNTED ? -1 : page_province);
            break;
        }
    }
    free(kept);
    free(todo);
    free(first);
    free(seg0);
}
