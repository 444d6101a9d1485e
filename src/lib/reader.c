/* reader.c: owns the reader of unionnews/reader.h: blocks in, article and
 * fragment records out.
 *
 * A page is read in three steps, each one pass over its blocks:
 *   1. copies: paragraphs printed twice on the page are found by hash, and
 *      of each pair the copy that is out of place is marked stray;
 *   2. the walk: each block gets an owner (an article or a fragment) and a
 *      role in it (title, body, subhead, caption, byline, metadata);
 *   3. assembly: each owner's blocks become a record, with the column
 *      breaks rejoined and the bylines parsed into authors.
 * The rules behind each decision are in spec/gold.md; where a rule weighs
 * evidence, the comment at the rule says which evidence and why. */
#include <stdlib.h>

#include "block.h"
#include "byline.h"
#include "internal.h"
#include "lexicon.h"
#include "reader_trace.h"
#include "text.h"
#include "unionnews/reader.h"

#define DEFAULT_WINDOW (16u << 20)
/* The text judgement (is this UTF-8 at all?) is made on this much input. */
#define JUDGE_BYTES (64u << 10)
/* A copy must be this long (characters) to count as a stray duplicate:
 * short lines repeat on a page for innocent reasons. */
#define MIN_COPY_CHARS 12
/* A one-sentence paragraph up to this long (characters) between a headline
 * and its byline may be a photo caption. */
#define CAPTION_MAX_CHARS 50
/* Headlines rarely run longer than this (characters); a longer line is
 * taken for one only on firm evidence (a byline, metadata, a dateline). */
#define HEADLINE_MAX_CHARS 30
/* How long (characters) the end of a paragraph must be, repeated from
 * earlier in its article, to be a glued stray copy. */
#define GLUED_COPY_CHARS 20
_Static_assert(GLUED_COPY_CHARS * 4 <= 255, "a glued tail fits an un_needle");
/* How many blocks before a stray copy may have been misplaced with it. */
#define RELOCATE_MAX 4

typedef struct line_ref {
    size_t line;
    size_t off;
    size_t len;
} line_ref;

/* What a block is in its record. */
typedef enum role {
    R_NONE = 0,
    R_SECTION,
    R_KICKER,
    R_HEADLINE,
    R_DECK,
    R_BODY,
    R_SUBHEAD,
    R_CAPTION,
    R_BYLINE,
    R_META,
    R_STRAY
} role;

/* A character bigram and in how many blocks of an article it occurs. */
typedef struct bigram_slot {
    uint64_t key; /* set where the slot's tag is */
    uint32_t count[2];
} bigram_slot;

typedef struct owner {
    un_kind kind;
    size_t first, last;   /* block range it owns (inclusive) */
    long section;         /* block index of its section banner, or -1 */
    int has_kicker;
} owner;

/* A part of a page read by itself (read_sparse): its walk starts at
 * block p0 and stops at q, reading blocks up to e for what follows; its
 * records are those of owners o0..o1. */
typedef struct region {
    size_t p0, q, e;
    int context; /* the article at p0 is read for context, not kept */
    int q_plain; /* the title at q is plain: no banner may wait for it */
    size_t o0, o1;
} region;

struct un_reader {
    un_reader_options opt;
    const un_lexicon *lx;
    un_buf name;
    un_buf text;      /* decoded text of the current window */
    size_t line_off;  /* where the line being decoded starts in text */
    un_vec lines;     /* of line_ref: the non-empty lines of the window */
    un_decoder dec;
    int active;       /* between begin and finish */
    int rejected;
    int too_long;    /* a line over opt.max_line stopped the input */
    int judged;
    uint64_t decoded; /* bytes decoded so far, for the judgement */
    un_vec held;      /* of un_diag, until judged */
    un_vec diags;     /* of un_diag, released */
    size_t next_id;
    /* Records of the last analysis. */
    un_arena arena;
    un_vec records;   /* of un_article */
    size_t next_record;
    /* Scratch of the analysis, kept to avoid reallocating per page. */
    un_vec blocks;    /* of un_block */
    un_vec roles;     /* of unsigned char */
    un_vec owner_of;  /* of long */
    un_vec owners;    /* of owner */
    un_vec stray;     /* of unsigned char */
    un_vec twin;      /* of long */
    un_vec bigrams;   /* of bigram_slot: scratch of relocate */
    un_vec bigram_tags; /* of unsigned char, one per slot: 0 empty */
    un_vec table;     /* of long: hash slots */
    un_buf scratch;
    un_trace_fn trace;
    void *trace_ctx;
    /* The line filter, and what it holds back: */
    un_line_filter line_filter;
    void *line_ctx;
    int odd_blank;          /* a blank line of the window holds a space
                               other than those the filter reads past */
    un_vec held_owner;      /* of long per record: its owner while held
                               back, else -1 */
    size_t n_held;          /* records held back */
    un_sparse_filter sparse; /* or NULL: pages are read whole */
    int sparse_page;        /* the page whose hook runs was read in part */
    int redo;               /* its hook asked for it whole */
    un_vec classified;      /* of unsigned char per block (read_sparse) */
    un_vec chain_head;      /* of long: heads of chains of blocks by a key
                               of their text (read_sparse) */
    un_vec chain_next;      /* of long per block: the next in its chain */
    un_vec regions;         /* of region (read_sparse) */
    struct page *pg;        /* the page, while its hook runs */
    size_t pg_first;        /* its first record */
};

void un_reader_set_trace(un_reader *r, un_trace_fn fn, void *ctx)
{
    r->trace = fn;
    r->trace_ctx = ctx;
}

void un_reader_set_line_filter(un_reader *r, un_line_filter fn, void *ctx)
{
    r->line_filter = fn;
    r->line_ctx = ctx;
}

void un_reader_set_sparse(un_reader *r, un_sparse_filter fn)
{
    r->sparse = fn;
}

const char *un_shape_name(un_shape s)
{
    static const char *const names[] = {"para", "title", "title~", "meta",
                                        "banner", "caption", "byline"};
    return (size_t)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *un_version(void)
{
    return UN_VERSION_STRING;
}

const char *un_strerror(int status)
{
    switch (status) {
    case UN_OK:
        return "success";
    case UN_ERR_ARG:
        return "invalid argument";
    case UN_ERR_STATE:
        return "call out of order";
    case UN_ERR_NOT_TEXT:
        return "not UTF-8 text";
    case UN_ERR_IO:
        return "input/output error";
    case UN_ERR_LIMIT:
        return "input exceeds a limit";
    }
    return "unknown error";
}

const char *un_diag_message(un_diag_code code)
{
    switch (code) {
    case UN_DIAG_INVALID_UTF8:
        return "invalid bytes";
    case UN_DIAG_LINE_TOO_LONG:
        return "a line longer than the limit (--max-line-bytes)";
    }
    return "diagnostic";
}

static void on_line(void *ctx, size_t lineno, int bad);
static void analyze(un_reader *r);

un_reader *un_reader_new(const un_reader_options *opt)
{
    un_reader *r = un_xcalloc(1, sizeof *r);
    if (opt)
        r->opt = *opt;
    if (r->opt.window == 0)
        r->opt.window = DEFAULT_WINDOW;
    if (r->opt.max_line == 0)
        r->opt.max_line = UN_MAX_LINE_DEFAULT;
    r->lx = un_lexicon_default();
    un_buf_init(&r->name);
    un_buf_init(&r->text);
    un_buf_init(&r->scratch);
    un_vec_init(&r->lines, sizeof(line_ref));
    un_vec_init(&r->held, sizeof(un_diag));
    un_vec_init(&r->diags, sizeof(un_diag));
    un_vec_init(&r->records, sizeof(un_article));
    un_vec_init(&r->blocks, sizeof(un_block));
    un_vec_init(&r->roles, 1);
    un_vec_init(&r->owner_of, sizeof(long));
    un_vec_init(&r->owners, sizeof(owner));
    un_vec_init(&r->stray, 1);
    un_vec_init(&r->twin, sizeof(long));
    un_vec_init(&r->bigrams, sizeof(bigram_slot));
    un_vec_init(&r->bigram_tags, 1);
    un_vec_init(&r->table, sizeof(long));
    un_vec_init(&r->held_owner, sizeof(long));
    un_vec_init(&r->classified, 1);
    un_vec_init(&r->chain_head, sizeof(long));
    un_vec_init(&r->chain_next, sizeof(long));
    un_vec_init(&r->regions, sizeof(region));
    un_arena_init(&r->arena, 64 * 1024);
    return r;
}

void un_reader_free(un_reader *r)
{
    if (!r)
        return;
    un_buf_release(&r->name);
    un_buf_release(&r->text);
    un_buf_release(&r->scratch);
    un_vec_release(&r->lines);
    un_vec_release(&r->held);
    un_vec_release(&r->diags);
    un_vec_release(&r->records);
    un_vec_release(&r->blocks);
    un_vec_release(&r->roles);
    un_vec_release(&r->owner_of);
    un_vec_release(&r->owners);
    un_vec_release(&r->stray);
    un_vec_release(&r->twin);
    un_vec_release(&r->bigrams);
    un_vec_release(&r->bigram_tags);
    un_vec_release(&r->table);
    un_vec_release(&r->held_owner);
    un_vec_release(&r->classified);
    un_vec_release(&r->chain_head);
    un_vec_release(&r->chain_next);
    un_vec_release(&r->regions);
    un_arena_release(&r->arena);
    free(r);
}

static void drop_records(un_reader *r)
{
    r->records.len = 0;
    r->held_owner.len = 0;
    r->n_held = 0;
    r->next_record = 0;
    un_arena_reset(&r->arena);
}

void un_reader_begin(un_reader *r, const char *name, size_t name_len)
{
    drop_records(r);
    r->name.len = 0;
    un_buf_append(&r->name, name, name_len);
    r->text.len = 0;
    r->line_off = 0;
    r->lines.len = 0;
    r->held.len = 0;
    r->diags.len = 0;
    r->active = 1;
    r->rejected = 0;
    r->too_long = 0;
    r->judged = 0;
    r->decoded = 0;
    r->odd_blank = 0;
    r->next_id = 1;
    un_decoder_init(&r->dec, &r->text, on_line, r);
}

/* Is the input text? Judged once, on the first JUDGE_BYTES or on all of a
 * shorter input: rejected when more than a quarter of its non-ASCII bytes
 * are not UTF-8. UTF-8 text has next to none; GBK text measures about
 * two thirds, UTF-16 more (a few GBK byte pairs happen to be UTF-8). */
static void judge(un_reader *r)
{
    if (r->judged)
        return;
    r->judged = 1;
    uint64_t bad = r->dec.bytes_bad, nonascii = r->dec.bytes_nonascii;
    if (bad >= 4 && bad * 4 > nonascii) {
        r->rejected = 1;
        r->text.len = 0;
        r->lines.len = 0;
        r->held.len = 0;
        return;
    }
    for (size_t i = 0; i < r->held.len; i++)
        *(un_diag *)un_vec_push_unset(&r->diags) = UN_VEC_AT(&r->held, un_diag, i);
    r->held.len = 0;
}

static void too_long(un_reader *r, size_t lineno)
{
    /* Said at once: diagnostics held for the judgement would come later. */
    un_diag *d = UN_VEC_PUSH(&r->diags, un_diag);
    d->line = lineno;
    d->code = UN_DIAG_LINE_TOO_LONG;
    r->too_long = 1;
    r->text.len = r->line_off;
}

/* Is s..end made of what a line filter reads past (un_look_space)? */
static int filter_space_only(const char *s, const char *end)
{
    const unsigned char *p = (const unsigned char *)s, *e = (const unsigned char *)end;
    for (size_t k; p < e; p += k)
        if ((k = un_look_space(p, e)) == 0)
            return 0;
    return 1;
}

static void on_line(void *ctx, size_t lineno, int bad)
{
    un_reader *r = ctx;
    if (r->rejected || r->too_long)
        return;
    size_t off = r->line_off, len = r->text.len - off;
    if (len > r->opt.max_line) {
        /* A line too long to hold: the input stops here, said so. */
        too_long(r, lineno);
        return;
    }
    r->decoded += len + 1;
    if (bad) {
        un_diag *d = UN_VEC_PUSH(r->judged ? &r->diags : &r->held, un_diag);
        d->line = lineno;
        d->code = UN_DIAG_INVALID_UTF8;
    }
    size_t tlen = len;
    const char *t = un_trim(r->text.data + off, &tlen);
    if (tlen == 0) {
        /* Empty lines count for line numbers only. */
        if (len && !r->odd_blank)
            r->odd_blank = !filter_space_only(r->text.data + off, r->text.data + off + len);
        r->text.len = off;
    } else {
        line_ref *lr = UN_VEC_PUSH(&r->lines, line_ref);
        lr->line = lineno;
        lr->off = (size_t)(t - r->text.data);
        lr->len = tlen;
    }
    r->line_off = r->text.len;
    if (!r->judged && r->decoded >= JUDGE_BYTES)
        judge(r);
    if (r->judged && !r->rejected && r->text.len >= r->opt.window) {
        analyze(r);
        r->text.len = 0;
        r->lines.len = 0;
        r->line_off = 0;
        r->odd_blank = 0;
    }
}

void un_reader_set_line_feeds(un_reader *r, const uint32_t *lf, size_t n)
{
    if (r->active)
        un_decoder_set_line_feeds(&r->dec, lf, n);
}

int un_reader_feed(un_reader *r, const void *data, size_t len)
{
    return un_reader_feed_checked(r, data, len, 0, 0);
}

int un_reader_feed_checked(un_reader *r, const void *data, size_t len, size_t checked,
                           size_t ascii)
{
    drop_records(r);
    if (!r->active)
        return UN_ERR_STATE;
    if (r->rejected)
        return UN_ERR_NOT_TEXT;
    if (r->too_long)
        return UN_ERR_LIMIT;
    /* A claim stands for the start of the input only. */
    if (r->dec.bytes_in != 0 || checked > len)
        checked = 0;
    un_decoder_feed_checked(&r->dec, data, len, checked, ascii);
    if (!r->too_long && r->text.len - r->line_off > r->opt.max_line)
        too_long(r, r->dec.line); /* the line not ended yet */
    if (r->too_long) {
        r->text.len = r->line_off;
        return UN_ERR_LIMIT;
    }
    return r->rejected ? UN_ERR_NOT_TEXT : UN_OK;
}

int un_reader_finish(un_reader *r)
{
    drop_records(r);
    if (!r->active)
        return UN_ERR_STATE;
    r->active = 0;
    if (r->rejected)
        return UN_ERR_NOT_TEXT;
    if (r->too_long)
        return UN_ERR_LIMIT;
    un_decoder_finish(&r->dec);
    judge(r);
    if (r->rejected)
        return UN_ERR_NOT_TEXT;
    analyze(r);
    r->text.len = 0;
    r->lines.len = 0;
    r->line_off = 0;
    r->odd_blank = 0;
    return UN_OK;
}

const un_article *un_reader_next(un_reader *r)
{
    /* Records the line filter held back are passed over. */
    while (r->n_held && r->next_record < r->records.len &&
           UN_VEC_AT(&r->held_owner, long, r->next_record) >= 0)
        r->next_record++;
    if (r->next_record >= r->records.len)
        return NULL;
    return &UN_VEC_AT(&r->records, un_article, r->next_record++);
}

size_t un_reader_diag_count(const un_reader *r)
{
    return r->diags.len;
}

const un_diag *un_reader_diag(const un_reader *r, size_t i)
{
    return i < r->diags.len ? &UN_VEC_AT(&r->diags, un_diag, i) : NULL;
}

void un_reader_clear_diags(un_reader *r)
{
    r->diags.len = 0;
}

/* ------------------------------------------------------------------ */
/* The analysis of one page (or window).                               */

typedef struct page {
    un_reader *r;
    un_block *b;
    size_t n;
    unsigned char *role;
    long *owner_of;
    unsigned char *stray;
    long *twin;         /* the other copy of a block printed twice, or -1 */
    /* A walk of part of a page (read_sparse) stops where it reaches block
     * stop (SIZE_MAX: never), noting the banner waiting then. */
    size_t stop;
    int stopped;
    long stop_banner;
} page;

#define SHAPE(pg, i) ((pg)->b[i].shape)
#define HAS(pg, i, f) (((pg)->b[i].flags & (f)) != 0)

static int same_text(const un_block *x, const un_block *y)
{
    return x->hash == y->hash && x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

static int is_title_like(const page *pg, size_t i)
{
    un_shape s = SHAPE(pg, i);
    return s == UN_SHAPE_TITLE || s == UN_SHAPE_TITLE_WEAK;
}

/* Is block i followed by the start of something else: a title, a banner,
 * or the end of the page, past any blocks that are copies? */
static int at_tail(const page *pg, size_t i, const unsigned char *copy)
{
    for (size_t j = i + 1; j < pg->n; j++) {
        if (copy[j])
            continue;
        un_shape s = SHAPE(pg, j);
        return s == UN_SHAPE_TITLE || s == UN_SHAPE_TITLE_WEAK || s == UN_SHAPE_BANNER;
    }
    return 1;
}

/* Does block i sit in its place: does it continue the paragraph before it
 * (cut mid-sentence) or is it cut and continued by the one after? */
static int in_place(const page *pg, size_t i, const unsigned char *copy)
{
    if (i > 0 && !copy[i - 1] && SHAPE(pg, i - 1) == UN_SHAPE_PARA &&
        HAS(pg, i - 1, UN_BF_DANGLING))
        return 1;
    if (i + 1 < pg->n && !copy[i + 1] && HAS(pg, i, UN_BF_DANGLING) &&
        SHAPE(pg, i + 1) == UN_SHAPE_PARA)
        return 1;
    return 0;
}

/* After an end marker (a closing byline, 本文转自…): text after it up to
 * the next title belongs to no article. */
static int after_end(const page *pg, size_t i, const unsigned char *copy)
{
    for (size_t j = i; j-- > 0;) {
        if (copy[j])
            continue;
        return HAS(pg, j, UN_BF_END | UN_BF_TAIL_BYLINE) || SHAPE(pg, j) == UN_SHAPE_BYLINE;
    }
    return 0;
}

/* Step 1: paragraphs printed twice. Of two copies, the stray one is the
 * one that stands where text of no article goes (right before a title or
 * after an article's closing byline) and does not join the paragraph
 * beside it; the other is printed in place. */
static void find_copies(page *pg)
{
    un_reader *r = pg->r;
    size_t n = pg->n;
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    r->table.len = 0;
    for (size_t k = 0; k < cap; k++)
        *(long *)un_vec_push_unset(&r->table) = -1;
    long *slot = r->table.data;
    /* copy[i]: block i has a twin on the page. */
    r->scratch.len = 0;
    un_buf_reserve(&r->scratch, n + 1);
    unsigned char *copy = (unsigned char *)r->scratch.data;
    memset(copy, 0, n + 1);
    long *twin = pg->twin;
    for (size_t i = 0; i < n; i++) {
        twin[i] = -1;
        const un_block *b = &pg->b[i];
        if (b->nchars < MIN_COPY_CHARS ||
            (b->shape != UN_SHAPE_PARA && b->shape != UN_SHAPE_TITLE_WEAK))
            continue;
        size_t h = (size_t)b->hash & (cap - 1);
        while (slot[h] >= 0) {
            if (same_text(&pg->b[slot[h]], b)) {
                twin[i] = slot[h];
                copy[i] = 1;
                copy[slot[h]] = 1;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
        if (slot[h] < 0)
            slot[h] = (long)i;
    }
    for (size_t i = 0; i < n; i++)
        if (twin[i] >= 0)
            twin[twin[i]] = (long)i;
    for (size_t i = 0; i < n; i++) {
        if (twin[i] < 0 || (size_t)twin[i] > i)
            continue;
        size_t a = (size_t)twin[i], c = i; /* a earlier, c later */
        if (pg->stray[a] || pg->stray[c])
            continue;
        int sa = 2 * at_tail(pg, a, copy) + after_end(pg, a, copy) - 2 * in_place(pg, a, copy);
        int sc = 2 * at_tail(pg, c, copy) + after_end(pg, c, copy) - 2 * in_place(pg, c, copy);
        pg->stray[sa > sc ? a : c] = 1;
    }
}

/* Collects the code points of s that can carry meaning for an overlap
 * test (Han characters and digits), up to max of them. */
static size_t meaningful(const char *s, size_t n, uint32_t *out, size_t max, int stop_at_sentence)
{
    const char *p = s, *end = s + n;
    size_t k = 0;
    while (p < end && k < max) {
        uint32_t c = un_fold_width(un_utf8_next(&p, end));
        if (stop_at_sentence && (c == 0x3002 || c == '!' || c == '?'))
            break;
        if (un_is_han(c) || (c >= '0' && c <= '9'))
            out[k++] = c;
        else
            out[k++] = 0; /* a break that no match crosses */
    }
    return k;
}

/* Do a title and the first sentence of the paragraph after it share a run
 * of SHARED_RUN characters? A lead restates its headline (义乌市总工会拨付
 * 136万元 / …市总工会拨付136万元专项慰问金); a subhead's paragraph rarely does so
 * in its first sentence. The title's runs of that length go into a small
 * hash table, and the sentence's are looked up there: a common run at
 * least that long holds one of them (no run crosses a 0). */
#define SHARED_RUN 4
static uint32_t run_hash(const uint32_t *c)
{
    uint32_t h = 0;
    for (int k = 0; k < SHARED_RUN; k++)
        h = (h ^ c[k]) * 0x01000193u;
    return h ^ (h >> 15);
}

static int whole_run(const uint32_t *c)
{
    for (int k = 0; k < SHARED_RUN; k++)
        if (!c[k])
            return 0;
    return 1;
}

static int shares_run(const page *pg, size_t t0, size_t t1, size_t para)
{
    uint32_t a[160], bb[120];
    size_t na = 0;
    for (size_t i = t0; i < t1 && na < 150; i++) {
        na += meaningful(pg->b[i].text, pg->b[i].len, a + na, 150 - na, 0);
        a[na++] = 0;
    }
    const un_block *p = &pg->b[para];
    size_t skip = HAS(pg, para, UN_BF_LEAD_BYLINE) ? p->lead_end : 0;
    size_t nb = meaningful(p->text + skip, p->len - skip, bb, 100, 1);
    /* At most 160 runs in 512 slots: the index of the run's start, or -1. */
    int16_t slot[512];
    memset(slot, 0xFF, sizeof slot);
    for (size_t i = 0; i + SHARED_RUN <= na; i++) {
        if (!whole_run(a + i))
            continue;
        size_t h = run_hash(a + i) & 511;
        while (slot[h] >= 0)
            h = (h + 1) & 511;
        slot[h] = (int16_t)i;
    }
    for (size_t j = 0; j + SHARED_RUN <= nb; j++) {
        if (!whole_run(bb + j))
            continue;
        for (size_t h = run_hash(bb + j) & 511; slot[h] >= 0; h = (h + 1) & 511)
            if (memcmp(a + slot[h], bb + j, SHARED_RUN * sizeof *bb) == 0)
                return 1;
    }
    return 0;
}

/* The first sentence of paragraph i names a day (4月27日, 日前, 昨天): the
 * dateline of a news lead. */
static int dated_lead(const page *pg, size_t i)
{
    const un_lexicon *lx = pg->r->lx;
    const un_block *b = &pg->b[i];
    size_t skip = HAS(pg, i, UN_BF_LEAD_BYLINE) ? b->lead_end : 0;
    const char *p = b->text + skip, *end = b->text + b->len;
    int digits = 0, month = 0;
    for (int k = 0; p < end && k < 100; k++) {
        /* Each character is decoded once, for the lookup and the tests. */
        const char *q = p;
        uint32_t raw = un_utf8_next(&q, end);
        size_t len;
        if (un_lex_word_at_cp(lx, UN_WL_TIME, raw, p, q, end, &len))
            return 1;
        uint32_t c = un_fold_width(raw);
        p = q;
        if (c == 0x3002 || c == '!' || c == '?')
            break;
        if (c >= '0' && c <= '9') {
            digits++;
            continue;
        }
        if (c == 0x6708 /* 月 */ && digits > 0 && digits <= 2)
            month = 1;
        else if (c == 0x65E5 /* 日 */ && digits > 0 && digits <= 2 && month)
            return 1;
        else
            month = 0;
        digits = 0;
    }
    return 0;
}

/* A short paragraph of one sentence that may be a photo caption when it
 * stands between a headline and the byline. */
static int caption_like(const page *pg, size_t i)
{
    const un_block *b = &pg->b[i];
    if (b->shape == UN_SHAPE_CAPTION)
        return 1;
    if (b->shape != UN_SHAPE_PARA || b->nchars > CAPTION_MAX_CHARS ||
        HAS(pg, i, UN_BF_LEAD_BYLINE))
        return 0;
    size_t stops = 0;
    const char *p = b->text, *end = b->text + b->len;
    while ((p = memmem(p, (size_t)(end - p), "。", 3)) != NULL) {
        stops++;
        p += 3;
    }
    return stops <= 1 && !HAS(pg, i, UN_BF_DANGLING);
}

/* Does what follows a run of title lines (past captions) settle that it
 * is a headline: a dateline and byline, a byline line, metadata, a banner
 * or a photo caption? It reads the blocks t1..t1 + DECISIVE_READS - 1. */
#define DECISIVE_READS 4
static int decisive(const page *pg, size_t t1)
{
    size_t n = pg->n;
    size_t j = t1;
    for (int skipped = 0; j < n && skipped < DECISIVE_READS - 1; j++, skipped++) {
        if (pg->stray[j] || !caption_like(pg, j))
            break;
    }
    if (j < n) {
        un_shape s = SHAPE(pg, j);
        if ((s == UN_SHAPE_META && !HAS(pg, j, UN_BF_JUMP_IN)) ||
            (s == UN_SHAPE_BYLINE && !HAS(pg, j, UN_BF_NAMES_ONLY)) || s == UN_SHAPE_BANNER ||
            (s == UN_SHAPE_PARA && HAS(pg, j, UN_BF_LEAD_BYLINE)))
            return 1;
    }
    return t1 < n && SHAPE(pg, t1) == UN_SHAPE_CAPTION;
}

/* The line after the run begins with what cannot begin a sentence (、,
 * 的): the run's last line is the head of a cut paragraph. */
static int continued(const page *pg, size_t t1)
{
    return t1 < pg->n && !pg->stray[t1] && HAS(pg, t1, UN_BF_NONSTART) &&
           (SHAPE(pg, t1) == UN_SHAPE_PARA || SHAPE(pg, t1) == UN_SHAPE_TITLE ||
            SHAPE(pg, t1) == UN_SHAPE_TITLE_WEAK);
}

/* The paragraph `lead` after the title lines t0..t1 reads like a news
 * lead: dated in its first sentence, or restating the headline. Restating
 * counts only for lines of a headline's length, since the head of a cut
 * paragraph shares words with its own continuation. */
static int reads_like_lead(const page *pg, size_t t0, size_t t1, size_t lead)
{
    if (lead >= pg->n || pg->stray[lead] ||
        (SHAPE(pg, lead) != UN_SHAPE_PARA && SHAPE(pg, lead) != UN_SHAPE_TITLE_WEAK))
        return 0;
    if (dated_lead(pg, lead))
        return 1;
    int short_lines = 1;
    for (size_t i = t0; i < t1; i++)
        short_lines &= pg->b[i].nchars <= HEADLINE_MAX_CHARS;
    return short_lines && shares_run(pg, t0, t1, lead);
}

/* Decides whether the run of title lines t0..t1 opens a new article
 * although the article before has not been closed. Returns 0 when not, or
 * the end of the title lines (<= t1): lines after it are the head of the
 * lead, cut by a column break. */
static size_t decide_new(const page *pg, size_t t0, size_t t1, int cur_body)
{
    if (decisive(pg, t1))
        return t1;
    if (cur_body == 0)
        return 0;
    /* Weak lines (a comma inside) at the end of the run may be the head of
     * the lead, cut by a column break; the lead then starts there. */
    size_t w = t1;
    while (w > t0 && SHAPE(pg, w - 1) == UN_SHAPE_TITLE_WEAK)
        w--;
    if (w == t0)
        return 0; /* weak lines only: a cut paragraph, not a headline */
    size_t lead = w < t1 ? w : t1;
    return reads_like_lead(pg, t0, w, lead) ? w : 0;
}

static long new_owner(page *pg, un_kind kind, size_t first, long section)
{
    owner *o = UN_VEC_PUSH(&pg->r->owners, owner);
    o->kind = kind;
    o->first = first;
    o->last = first;
    o->section = section;
    o->has_kicker = 0;
    return (long)pg->r->owners.len - 1;
}

static owner *owner_at(page *pg, long k)
{
    return &UN_VEC_AT(&pg->r->owners, owner, (size_t)k);
}

static void own(page *pg, long k, size_t i, role rl)
{
    pg->owner_of[i] = k;
    pg->role[i] = (unsigned char)rl;
    owner *o = owner_at(pg, k);
    if (i > o->last)
        o->last = i;
    if (i < o->first)
        o->first = i;
}

/* Gives the lines of a title run their roles: section, kicker, headline
 * and deck, from how many there are and which are bare labels (象山). */
static void title_roles(page *pg, long k, size_t t0, size_t t1, int banner)
{
    size_t m = t1 - t0;
    role rl[8] = {R_HEADLINE};
    size_t idx = 0;
    int label0 = HAS(pg, t0, UN_BF_LABEL) || HAS(pg, t0, UN_BF_NAMES_ONLY);
    int label1 = m > 1 && (HAS(pg, t0 + 1, UN_BF_LABEL) || HAS(pg, t0 + 1, UN_BF_NAMES_ONLY));
    if (m > 4) {
        /* More lines than the four roles: the first ones are banners. */
        for (; idx < m - 4; idx++)
            pg->role[t0 + idx] = R_SECTION;
        t0 += idx;
        m = 4;
        label0 = HAS(pg, t0, UN_BF_LABEL);
        label1 = HAS(pg, t0 + 1, UN_BF_LABEL);
    }
    if (m == 1) {
        rl[0] = R_HEADLINE;
    } else if (m == 2) {
        rl[0] = label0 ? R_KICKER : R_HEADLINE;
        rl[1] = label0 ? R_HEADLINE : R_DECK;
    } else if (m == 3) {
        if (label1 && !banner) {
            rl[0] = R_SECTION, rl[1] = R_KICKER, rl[2] = R_HEADLINE;
        } else if (label0 || banner) {
            rl[0] = R_KICKER, rl[1] = R_HEADLINE, rl[2] = R_DECK;
        } else {
            rl[0] = R_SECTION, rl[1] = R_HEADLINE, rl[2] = R_DECK;
        }
    } else {
        rl[0] = R_SECTION, rl[1] = R_KICKER, rl[2] = R_HEADLINE, rl[3] = R_DECK;
    }
    for (size_t i = 0; i < m; i++) {
        if (rl[i] == R_SECTION) {
            pg->role[t0 + i] = R_SECTION;
            pg->owner_of[t0 + i] = k;
            owner_at(pg, k)->section = (long)(t0 + i);
        } else {
            own(pg, k, t0 + i, rl[i]);
            if (rl[i] == R_KICKER)
                owner_at(pg, k)->has_kicker = 1;
        }
    }
    /* The section line is not part of the article's span. */
    owner *o = owner_at(pg, k);
    o->first = SIZE_MAX;
    for (size_t i = t0; i < t0 + m; i++)
        if (pg->role[i] != R_SECTION && i < o->first)
            o->first = i;
}

/* Does paragraph i, cut mid-sentence, end with a long piece of text printed
 * earlier in its own article? Then a stray copy was glued to it where the
 * story broke off for another page: what follows is not the story's. */
static int glued_copy(const page *pg, long k, size_t i)
{
    const un_block *b = &pg->b[i];
    size_t chars = 0;
    const char *tail = b->text + b->len;
    while (tail > b->text && chars < GLUED_COPY_CHARS) {
        un_utf8_prev(b->text, &tail);
        chars++;
    }
    size_t n = (size_t)(b->text + b->len - tail);
    if (chars < GLUED_COPY_CHARS || tail == b->text)
        return 0;
    un_needle nd;
    int ready = 0;
    for (size_t j = owner_at((page *)pg, k)->first; j < i; j++)
        if (pg->owner_of[j] == k && pg->b[j].shape == UN_SHAPE_PARA && pg->b[j].len >= n) {
            if (!ready)
                un_needle_init(&nd, tail, n), ready = 1;
            if (un_needle_find(&nd, pg->b[j].text, pg->b[j].len))
                return 1;
        }
    return 0;
}

/* Step 2: the walk. */
static void walk(page *pg)
{
    size_t n = pg->n;
    long cur = -1;        /* the record being filled */
    int closed = 0;       /* cur has seen its closing byline or end marker */
    size_t body = 0;      /* real body paragraphs of cur */
    int has_byline = 0;   /* cur has a byline */
    long banner = -1;     /* a banner waiting for its article */
    long section = -1;    /* the section of the last article */
    int section_kicker = 0;
    size_t i = 0;
    while (i < n) {
        if (i == pg->stop) {
            pg->stopped = 1;
            pg->stop_banner = banner;
            break;
        }
        const un_block *b = &pg->b[i];
        if (pg->stray[i]) {
            if (at_tail(pg, i, pg->stray) || closed || cur < 0) {
                /* Stray copies between stories form a fragment. */
                if (cur < 0 || owner_at(pg, cur)->kind != UN_KIND_FRAGMENT)
                    cur = new_owner(pg, UN_KIND_FRAGMENT, i, -1);
                own(pg, cur, i, R_STRAY);
                closed = 0;
                body = 1;
            } else {
                own(pg, cur, i, R_STRAY);
            }
            i++;
            continue;
        }
        switch (b->shape) {
        case UN_SHAPE_BANNER:
            banner = (long)i;
            pg->role[i] = R_SECTION;
            if (cur >= 0)
                closed = 1;
            i++;
            continue;
        case UN_SHAPE_META:
            if (HAS(pg, i, UN_BF_JUMP_IN)) {
                /* (上接第一版): what follows continues a story of another page. */
                cur = new_owner(pg, UN_KIND_FRAGMENT, i, -1);
                closed = 0;
                body = 0;
                has_byline = 0;
            }
            if (cur >= 0) {
                own(pg, cur, i, R_META);
                if (HAS(pg, i, UN_BF_END))
                    closed = 1;
            }
            i++;
            continue;
        case UN_SHAPE_BYLINE:
            if (HAS(pg, i, UN_BF_NAMES_ONLY)) {
                /* Bare names close an article when they follow its last
                 * full sentence; elsewhere they may be a kicker (象山). */
                int end_pos = cur >= 0 && body > 0 && i > 0 &&
                              pg->owner_of[i - 1] == cur && !HAS(pg, i - 1, UN_BF_DANGLING);
                int under_title = cur >= 0 && body == 0 && !closed;
                if (!end_pos && !under_title)
                    break; /* treat as a title line below */
            }
            /* Credits right after a closing byline (【编辑:龚忻】) are the
             * article's too; a byline anywhere else after it opens text
             * of no article. */
            if (cur < 0 || (closed && !(i > 0 && pg->owner_of[i - 1] == cur &&
                                        owner_at(pg, cur)->kind == UN_KIND_ARTICLE))) {
                cur = new_owner(pg, UN_KIND_FRAGMENT, i, -1);
                closed = 0;
                body = 0;
                has_byline = 0;
            }
            own(pg, cur, i, R_BYLINE);
            has_byline = 1;
            if (body > 0 || HAS(pg, i, UN_BF_END))
                closed = 1;
            i++;
            continue;
        case UN_SHAPE_CAPTION:
            if (cur < 0 || closed) {
                cur = new_owner(pg, UN_KIND_FRAGMENT, i, -1);
                closed = 0;
                body = 0;
                has_byline = 0;
            }
            own(pg, cur, i, R_CAPTION);
            i++;
            continue;
        case UN_SHAPE_PARA:
            if (cur >= 0 && !closed && HAS(pg, i, UN_BF_LEAD_BYLINE) && body > 0 &&
                owner_at(pg, cur)->kind == UN_KIND_ARTICLE) {
                /* A dateline and byline below body text: if what came before
                 * were captions, this is the lead; else a story whose
                 * headline is on another page. */
                int captions = !has_byline;
                for (size_t j = owner_at(pg, cur)->first; j < i && captions; j++)
                    if (pg->owner_of[j] == cur && pg->role[j] == R_BODY && !caption_like(pg, j))
                        captions = 0;
                if (captions) {
                    for (size_t j = owner_at(pg, cur)->first; j < i; j++)
                        if (pg->owner_of[j] == cur && pg->role[j] == R_BODY)
                            pg->role[j] = R_CAPTION;
                    body = 0;
                } else {
                    closed = 1;
                }
            }
            if (cur < 0 || closed || HAS(pg, i, UN_BF_JUMP_IN)) {
                cur = new_owner(pg, UN_KIND_FRAGMENT, i, -1);
                closed = 0;
                body = 0;
                has_byline = 0;
            }
            own(pg, cur, i, R_BODY);
            body++;
            if (HAS(pg, i, UN_BF_JUMP_OUT))
                closed = 1; /* (下转第三版): the rest is on another page */
            if (HAS(pg, i, UN_BF_DANGLING) && glued_copy(pg, cur, i))
                closed = 1;
            if (HAS(pg, i, UN_BF_LEAD_BYLINE))
                has_byline = 1;
            if (HAS(pg, i, UN_BF_TAIL_BYLINE)) {
                has_byline = 1;
                closed = 1;
            }
            i++;
            continue;
        default:
            break;
        }
        /* A run of title lines. Bare names may open it (a kicker that
         * looks like a name) but not continue it: under a headline they
         * are its byline. */
        size_t t0 = i, t1 = i + 1;
        while (t1 < n && !pg->stray[t1] && is_title_like(pg, t1))
            t1++;
        /* A line with a comma followed by another title line is not part of
         * a title group (a deck may have a comma, but comes last): it and
         * what precedes it belong to the article above, and only the rest
         * of the run may open a new one. */
        /* A line continued by the next one is the head of a cut paragraph,
         * whatever its shape; so is a run of weak lines (a comma inside)
         * that nothing marks as titles. They are read again as text. */
        int weak_only = 1;
        for (size_t k = t0; k < t1; k++)
            weak_only &= SHAPE(pg, k) == UN_SHAPE_TITLE_WEAK;
        /* The tests are asked cheapest first: the owner's state settles
         * most runs of weak lines before the lead is read. */
        if (continued(pg, t1) ||
            (weak_only && (cur < 0 || closed || owner_at(pg, cur)->kind == UN_KIND_FRAGMENT) &&
             !decisive(pg, t1) && !reads_like_lead(pg, t0, t1, t1))) {
            size_t k = continued(pg, t1) ? t1 - 1 : t0;
            for (; k < t1; k++) {
                pg->b[k].shape = UN_SHAPE_PARA;
                pg->b[k].flags |= UN_BF_DANGLING;
            }
            continue; /* i is unchanged: read the run again */
        }
        int is_new = cur < 0 || closed || banner >= 0 ||
                     owner_at(pg, cur)->kind == UN_KIND_FRAGMENT;
        size_t title_end = t1;
        if (!is_new) {
            size_t split = t0;
            for (size_t k = t0; k + 1 < t1; k++)
                if (SHAPE(pg, k) == UN_SHAPE_TITLE_WEAK)
                    split = k + 1;
            if (split > t0)
                t1 = split; /* the rest of the run is looked at next */
            else if ((title_end = decide_new(pg, t0, t1, (int)body)) > 0)
                is_new = 1;
        }
        if (is_new) {
            cur = new_owner(pg, UN_KIND_ARTICLE, t0, -1);
            title_roles(pg, cur, t0, title_end, banner >= 0);
            owner *o = owner_at(pg, cur);
            if (banner >= 0 && o->section < 0)
                o->section = banner;
            /* A section shared by a series: it carries over to the next
             * story when both stand under a kicker (象山, 南浔). */
            if (o->section < 0 && o->has_kicker && section >= 0 && section_kicker)
                o->section = section;
            section = o->section;
            section_kicker = o->has_kicker;
            banner = -1;
            closed = 0;
            body = 0;
            has_byline = 0;
            for (size_t k = title_end; k < t1; k++) {
                /* The head of the lead, cut by a column break. */
                own(pg, cur, k, R_BODY);
                pg->b[k].flags |= UN_BF_DANGLING;
                body++;
            }
        } else {
            /* Inside an article: a subhead, or a piece of a paragraph that
             * a column break cut. */
            for (size_t k = t0; k < t1; k++) {
                int prev_dangling = k > 0 && pg->owner_of[k - 1] == cur &&
                                    pg->role[k - 1] == R_BODY && HAS(pg, k - 1, UN_BF_DANGLING);
                if (SHAPE(pg, k) == UN_SHAPE_TITLE_WEAK || prev_dangling) {
                    /* Without sentence punctuation it ends mid-sentence. */
                    own(pg, cur, k, R_BODY);
                    pg->b[k].flags |= UN_BF_DANGLING;
                } else {
                    own(pg, cur, k, R_SUBHEAD);
                }
            }
        }
        i = t1;
    }
}

/* ---- Step 2b: text misplaced together with a stray copy ---- */

/* Bigram counts of two articles at once (side 0 and 1) in one table.
 * Most bigrams asked about are not in it: a byte per slot (0 empty, else
 * seven more bits of the hash) answers them from an array a sixteenth of
 * the slots' size, and only a tag that agrees has its slot read. */
typedef struct bigram_table {
    bigram_slot *slot;
    unsigned char *tag;
    size_t cap;
} bigram_table;

/* The slot of key, or NULL; with insert, the slot made for it if new. */
static bigram_slot *bigram_find(bigram_table *t, uint64_t key, int insert)
{
    uint64_t hash = key * 0x9E3779B97F4A7C15ULL;
    size_t h = (size_t)(hash >> 20) & (t->cap - 1);
    unsigned char tg = (unsigned char)(0x80 | (hash >> 57));
    for (; t->tag[h]; h = (h + 1) & (t->cap - 1))
        if (t->tag[h] == tg && t->slot[h].key == key)
            return &t->slot[h];
    if (!insert)
        return NULL;
    t->tag[h] = tg;
    t->slot[h] = (bigram_slot){key, {0, 0}};
    return &t->slot[h];
}

/* What block_bigrams does with each bigram of a block. */
typedef enum bigram_mode {
    BG_INSERT, /* put it in the table */
    BG_COUNT,  /* add delta to its count on side `side`, if in the table */
    BG_HITS    /* count it in hits[k] when its count on side k is not 0 */
} bigram_mode;

/* Visits the bigrams of Han characters and digits of a block (quotes do
 * not break a phrase; other characters do), each as mode says. */
static void block_bigrams(const un_block *b, bigram_table *t, bigram_mode mode, int side,
                          int delta, size_t hits[2])
{
    const char *p = b->text, *end = b->text + b->len;
    uint32_t prev = 0;
    while (p < end) {
        uint32_t c = un_fold_width(un_utf8_next(&p, end));
        if (c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019)
            continue;
        if (!(un_is_han(c) || (c >= '0' && c <= '9'))) {
            prev = 0;
            continue;
        }
        if (prev) {
            uint64_t key = ((uint64_t)prev << 21) | c;
            bigram_slot *sl = bigram_find(t, key, mode == BG_INSERT);
            if (sl && mode != BG_INSERT) {
                if (mode == BG_COUNT)
                    sl->count[side] = (uint32_t)((int)sl->count[side] + delta);
                else
                    for (int k = 0; k < 2; k++)
                        hits[k] += sl->count[k] > 0;
            }
        }
        prev = c;
    }
}

/* A stray copy at the tail of article A whose twin stands in article H
 * shows that the layout moved text of H here. Going back from the stray,
 * A's trailing blocks that share clearly more with H than with the rest
 * of A were moved with it: they join the stray's fragment. The walk stops
 * at the first block that belongs to A, and never takes A's title or lead.
 * (Jumps from pages not at hand have no H to compare with, and stay.)
 * Only the bigrams of the trailing blocks are ever asked about, so only
 * they go in the table, which stays small; the blocks of A and H count
 * those. */
static void relocate(page *pg)
{
    un_reader *r = pg->r;
    for (size_t s = 0; s < pg->n; s++) {
        if (!pg->stray[s] || pg->twin[s] < 0 || pg->owner_of[s] < 0)
            continue;
        long f = pg->owner_of[s], h = pg->owner_of[pg->twin[s]];
        if (owner_at(pg, f)->kind != UN_KIND_FRAGMENT || owner_at(pg, f)->first != s || h < 0)
            continue;
        /* The article right above the fragment. */
        long a = -1;
        for (size_t j = s; j-- > 0;)
            if (pg->owner_of[j] >= 0) {
                a = pg->owner_of[j];
                break;
            }
        if (a < 0 || a == h || owner_at(pg, a)->kind != UN_KIND_ARTICLE ||
            owner_at(pg, h)->kind != UN_KIND_ARTICLE)
            continue;
        owner *oa = owner_at(pg, a), *oh = owner_at(pg, h);
        /* The lead: A's first body block, which never moves. */
        size_t lead = oa->last;
        for (size_t j = oa->first; j <= oa->last; j++)
            if (pg->owner_of[j] == a && pg->role[j] == R_BODY) {
                lead = j;
                break;
            }
        /* The trailing blocks of A before the stray: body and subheads. */
        size_t group[RELOCATE_MAX];
        size_t ng = 0, chars = 0;
        for (size_t j = s; j-- > lead + 1 && ng < RELOCATE_MAX;) {
            if (pg->owner_of[j] != a)
                continue;
            if (pg->role[j] != R_BODY && pg->role[j] != R_SUBHEAD)
                break;
            group[ng++] = j;
            chars += pg->b[j].nchars;
        }
        /* A block of n characters has fewer than n bigrams: the table
         * stays at most an eighth full, so that a bigram not in it (most
         * are not) mostly meets an empty tag at once; past 64 Ki slots (a
         * group of blocks far longer than any paragraph) half full, as
         * memory is then worth more. */
        size_t cap = 64;
        while (cap < 8 * chars && cap < ((size_t)1 << 16))
            cap *= 2;
        while (cap < 2 * chars)
            cap *= 2;
        un_vec_reserve(&r->bigrams, cap);
        r->bigram_tags.len = 0;
        un_vec_push_zeroes(&r->bigram_tags, cap);
        bigram_table t = {r->bigrams.data, r->bigram_tags.data, cap};
        for (size_t g = 0; g < ng; g++)
            block_bigrams(&pg->b[group[g]], &t, BG_INSERT, 0, 0, NULL);
        for (int side = 0; side < 2 && ng > 0; side++) {
            const owner *o = side ? oh : oa;
            long who = side ? h : a;
            for (size_t j = o->first; j <= o->last; j++)
                if (pg->owner_of[j] == who && (long)j != pg->twin[s])
                    block_bigrams(&pg->b[j], &t, BG_COUNT, side, 1, NULL);
        }
        /* The largest group of trailing blocks that, taken out of A, shares
         * more than twice as much with H as with what is left of A. */
        size_t take = 0;
        for (size_t k = 1; k <= ng; k++) {
            /* Groups 0..k-2 are out of A's counts already. */
            block_bigrams(&pg->b[group[k - 1]], &t, BG_COUNT, 0, -1, NULL);
            size_t hits[2] = {0, 0};
            for (size_t g = 0; g < k; g++)
                block_bigrams(&pg->b[group[g]], &t, BG_HITS, 0, 0, hits);
            if (hits[1] > 2 * hits[0])
                take = k;
        }
        for (size_t g = 0; g < take; g++) {
            pg->owner_of[group[g]] = f;
            pg->role[group[g]] = R_BODY;
            owner_at(pg, f)->first = group[g];
        }
        /* A ends at its last block still its own. */
        oa = owner_at(pg, a);
        while (oa->last > oa->first && pg->owner_of[oa->last] != a)
            oa->last--;
    }
}

/* ---- Step 3: assembly ---- */

static un_str keep(un_reader *r, const char *s, size_t n)
{
    if (!s)
        return un_str_null();
    return un_str_make(un_arena_dup(&r->arena, s, n), n);
}

typedef struct author_list {
    un_vec v; /* of un_author, views into the page until copied */
} author_list;

static void add_authors(author_list *al, const un_byline *bl)
{
    for (size_t k = 0; k < bl->n; k++) {
        const un_author *a = &bl->authors[k];
        int dup = 0;
        for (size_t j = 0; j < al->v.len && !dup; j++) {
            const un_author *x = &UN_VEC_AT(&al->v, un_author, j);
            dup = x->name.len == a->name.len && memcmp(x->name.ptr, a->name.ptr, a->name.len) == 0 &&
                  (x->role.ptr == NULL) == (a->role.ptr == NULL) && x->role.len == a->role.len &&
                  (a->role.len == 0 || memcmp(x->role.ptr, a->role.ptr, a->role.len) == 0);
        }
        if (!dup)
            *(un_author *)un_vec_push_unset(&al->v) = *a;
    }
}

/* 作者:苗莹 浏览:… : the names after the colon, up to the next key. */
static void meta_author(const page *pg, size_t i, author_list *al)
{
    const un_block *b = &pg->b[i];
    const char *p = b->text, *end = b->text + b->len;
    while (p < end) {
        const char *q = p;
        uint32_t c = un_fold_width(un_utf8_next(&q, end));
        p = q;
        if (c == ':')
            break;
    }
    while (p < end && *p == ' ')
        p++;
    const char *e = p;
    while (e < end && *e != ' ')
        e++;
    un_byline bl;
    if (un_byline_line(pg->r->lx, p, (size_t)(e - p), &bl))
        add_authors(al, &bl);
}

/* A segment while a record is assembled: a view, or (body_off set) an
 * offset into the body that is still being built. */
typedef struct seg_ref {
    un_segment_kind kind;
    const char *ptr;
    size_t len;
    size_t body_off;
    size_t line;
    size_t piece0, npieces; /* in the pieces vector */
} seg_ref;

static void add_seg(un_vec *v, un_segment_kind kind, const char *ptr, size_t len,
                    size_t body_off, size_t line)
{
    seg_ref *x = UN_VEC_PUSH(v, seg_ref);
    x->kind = kind;
    x->ptr = ptr;
    x->len = len;
    x->body_off = body_off;
    x->line = line;
    x->piece0 = x->npieces = 0;
}

size_t un_segment_line(const un_segment *s, size_t off)
{
    /* The last piece that starts at off or before (pieces are in order). */
    size_t lo;
    UN_PARTITION_POINT(lo, 0, s->n_pieces, mid, s->pieces[mid].offset <= off);
    return lo ? s->pieces[lo - 1].line : s->line;
}

static void assemble(page *pg, long k, const owner *o, un_article *a)
{
    un_reader *r = pg->r;
    const un_lexicon *lx = r->lx;
    a->kind = o->kind;
    a->section = a->kicker = a->headline = a->deck = a->byline = un_str_null();
    if (o->section >= 0)
        a->section = keep(r, pg->b[o->section].text, pg->b[o->section].len);
    author_list lead, tail, credit;
    un_vec_init(&lead.v, sizeof(un_author));
    un_vec_init(&tail.v, sizeof(un_author));
    un_vec_init(&credit.v, sizeof(un_author));
    un_vec subheads, captions;
    un_vec_init(&subheads, sizeof(un_str));
    un_vec_init(&captions, sizeof(un_str));
    /* Segments: views kept now, or body offsets fixed once the body is. */
    un_vec segs, pieces;
    un_vec_init(&segs, sizeof(seg_ref));
    un_vec_init(&pieces, sizeof(un_piece));
    if (o->section >= 0)
        add_seg(&segs, UN_SEG_SECTION, a->section.ptr, a->section.len, SIZE_MAX,
                pg->b[o->section].line);
    un_buf *body = &r->scratch;
    body->len = 0;
    size_t paragraphs = 0, chars = 0;
    int joining = 0;
    long author_meta = -1;
    const char *byline_text = NULL;
    size_t byline_len = 0;
    int seen_body = 0;
    for (size_t i = o->first; i <= o->last && i < pg->n; i++) {
        if (pg->owner_of[i] != k)
            continue;
        const un_block *b = &pg->b[i];
        un_byline bl;
        switch ((role)pg->role[i]) {
        case R_KICKER:
            a->kicker = keep(r, b->text, b->len);
            add_seg(&segs, UN_SEG_KICKER, a->kicker.ptr, a->kicker.len, SIZE_MAX, b->line);
            break;
        case R_HEADLINE:
            a->headline = keep(r, b->text, b->len);
            add_seg(&segs, UN_SEG_HEADLINE, a->headline.ptr, a->headline.len, SIZE_MAX, b->line);
            break;
        case R_DECK:
            a->deck = keep(r, b->text, b->len);
            add_seg(&segs, UN_SEG_DECK, a->deck.ptr, a->deck.len, SIZE_MAX, b->line);
            break;
        case R_SUBHEAD: {
            un_str *sh = UN_VEC_PUSH(&subheads, un_str);
            *sh = keep(r, b->text, b->len);
            add_seg(&segs, UN_SEG_SUBHEAD, sh->ptr, sh->len, SIZE_MAX, b->line);
            joining = 0;
            break;
        }
        case R_CAPTION: {
            un_str *cap = UN_VEC_PUSH(&captions, un_str);
            *cap = keep(r, b->text, b->len);
            add_seg(&segs, UN_SEG_CAPTION, cap->ptr, cap->len, SIZE_MAX, b->line);
            if (HAS(pg, i, UN_BF_CREDIT) && un_byline_credit(lx, b->text, b->len, &bl))
                add_authors(&credit, &bl);
            break;
        }
        case R_BYLINE:
            if (un_byline_line(lx, b->text, b->len, &bl) ||
                un_byline_lead(lx, b->text, b->len, &bl)) {
                add_authors(seen_body ? &tail : &lead, &bl);
                if (!byline_text) {
                    byline_text = b->text + bl.start;
                    byline_len = bl.end - bl.start;
                }
            }
            break;
        case R_META:
            if (HAS(pg, i, UN_BF_AUTHOR) && author_meta < 0)
                author_meta = (long)i;
            break;
        case R_BODY:
        case R_STRAY: {
            if (pg->role[i] == R_STRAY && o->kind == UN_KIND_ARTICLE)
                break; /* a copy printed in place elsewhere */
            size_t from = 0, to = b->len;
            if (HAS(pg, i, UN_BF_LEAD_BYLINE) && un_byline_lead(lx, b->text, b->len, &bl)) {
                add_authors(seen_body ? &tail : &lead, &bl);
                if (!byline_text) {
                    byline_text = b->text + bl.start;
                    byline_len = bl.end - bl.start;
                }
                from = bl.body;
                /* A dateline and byline open a story: what follows them
                 * goes on no paragraph a column break cut. */
                joining = 0;
            }
            if (HAS(pg, i, UN_BF_TAIL_BYLINE) && un_byline_tail(lx, b->text, b->len, 1, &bl) &&
                bl.start >= from) {
                add_authors(&tail, &bl);
                if (!byline_text) {
                    byline_text = b->text + bl.start;
                    byline_len = bl.end - bl.start;
                }
                to = bl.start;
            }
            size_t len = to - from;
            const char *t = un_trim(b->text + from, &len);
            seen_body = 1;
            if (len == 0)
                break;
            if (!joining) {
                if (paragraphs > 0)
                    un_buf_putc(body, '\n');
                paragraphs++;
            }
            if (joining && segs.len && UN_VEC_AT(&segs, seg_ref, segs.len - 1).kind == UN_SEG_BODY &&
                UN_VEC_AT(&segs, seg_ref, segs.len - 1).body_off != SIZE_MAX) {
                /* The rest of a paragraph cut by a column break: the same
                 * segment, a new piece. */
                seg_ref *last = &UN_VEC_AT(&segs, seg_ref, segs.len - 1);
                if (last->npieces == 0)
                    last->piece0 = pieces.len;
                un_piece *pc = UN_VEC_PUSH(&pieces, un_piece);
                pc->offset = last->len;
                pc->line = b->line;
                last->npieces++;
                last->len += len;
            } else {
                add_seg(&segs, UN_SEG_BODY, NULL, len, body->len, b->line);
            }
            un_buf_append(body, t, len);
            /* A whole line was counted when its shape was found. */
            chars += t == b->text && len == b->len ? b->nchars : un_utf8_count(t, len);
            joining = HAS(pg, i, UN_BF_DANGLING) != 0;
            break;
        }
        default:
            break;
        }
    }
    if (lead.v.len == 0 && tail.v.len == 0 && author_meta >= 0)
        meta_author(pg, (size_t)author_meta, &lead);
    /* Authors in byline order: the byline over the body, the one closing
     * it, then photo credits. */
    for (size_t j = 0; j < tail.v.len; j++) {
        un_byline one;
        one.n = 1;
        one.authors[0] = UN_VEC_AT(&tail.v, un_author, j);
        add_authors(&lead, &one);
    }
    for (size_t j = 0; j < credit.v.len; j++) {
        un_byline one;
        one.n = 1;
        one.authors[0] = UN_VEC_AT(&credit.v, un_author, j);
        add_authors(&lead, &one);
    }
    a->n_authors = lead.v.len;
    un_author *au = un_arena_alloc(&r->arena, (lead.v.len ? lead.v.len : 1) * sizeof *au);
    for (size_t j = 0; j < lead.v.len; j++) {
        const un_author *x = &UN_VEC_AT(&lead.v, un_author, j);
        au[j].name = keep(r, x->name.ptr, x->name.len);
        au[j].role = keep(r, x->role.ptr, x->role.len);
    }
    a->authors = au;
    if (byline_text) {
        size_t len = byline_len;
        const char *t = un_trim(byline_text, &len);
        a->byline = keep(r, t, len);
    }
    un_str *sh = un_arena_alloc(&r->arena, (subheads.len ? subheads.len : 1) * sizeof(un_str));
    if (subheads.len)
        memcpy(sh, subheads.data, subheads.len * sizeof(un_str));
    a->subheads = sh;
    a->n_subheads = subheads.len;
    un_str *cp = un_arena_alloc(&r->arena, (captions.len ? captions.len : 1) * sizeof(un_str));
    if (captions.len)
        memcpy(cp, captions.data, captions.len * sizeof(un_str));
    a->captions = cp;
    a->n_captions = captions.len;
    a->body = keep(r, body->data ? body->data : "", body->len);
    a->paragraphs = paragraphs;
    a->chars = chars;
    a->line_start = pg->b[o->first].line;
    a->line_end = pg->b[o->last].line;
    a->entities = NULL;
    a->n_entities = 0;
    a->figures = NULL;
    a->n_figures = 0;
    un_segment *sg = un_arena_alloc(&r->arena, (segs.len ? segs.len : 1) * sizeof *sg);
    for (size_t j = 0; j < segs.len; j++) {
        const seg_ref *x = &UN_VEC_AT(&segs, seg_ref, j);
        sg[j].kind = x->kind;
        sg[j].text = un_str_make(x->body_off == SIZE_MAX ? x->ptr : a->body.ptr + x->body_off,
                                 x->len);
        sg[j].line = x->line;
        sg[j].n_pieces = x->npieces;
        sg[j].pieces = NULL;
        if (x->npieces) {
            un_piece *pc = un_arena_alloc(&r->arena, x->npieces * sizeof *pc);
            memcpy(pc, &UN_VEC_AT(&pieces, un_piece, x->piece0), x->npieces * sizeof *pc);
            sg[j].pieces = pc;
        }
    }
    a->segments = sg;
    a->n_segments = segs.len;
    un_vec_release(&segs);
    un_vec_release(&pieces);
    un_vec_release(&lead.v);
    un_vec_release(&tail.v);
    un_vec_release(&credit.v);
    un_vec_release(&subheads);
    un_vec_release(&captions);
}

/* ---- Records held back by a line filter ---- */

/* Does paragraph y continue paragraph x in the text a line filter reads:
 * on the next line, or past blank lines of spaces the filter reads past,
 * with nothing but such spaces between, and neither cut by a closing
 * byline? (y opens with no byline: such a paragraph is joined to
 * nothing.) */
static int joined_in_place(const page *pg, size_t x, size_t y)
{
    const un_block *bx = &pg->b[x], *by = &pg->b[y];
    if (y != x + 1 || HAS(pg, x, UN_BF_TAIL_BYLINE) || HAS(pg, y, UN_BF_TAIL_BYLINE))
        return 0;
    if (by->line != bx->line + 1 && pg->r->odd_blank)
        return 0;
    /* The window's lines stand in its text one after another, trimmed, so
     * the bytes between are what the two lines were trimmed of (and the
     * text of any block between, which y == x + 1 rules out at once). */
    return filter_space_only(bx->text + bx->len, by->text);
}

/* May the record of owner k hold what the line filter wants? Yes when the
 * filter wants one of its lines (or its section's). Its text may also hold
 * what no line does where assembly joins a paragraph cut by a column break
 * to text that is not what follows it in the input (see assemble); then
 * the record is made too. Otherwise a name in its text lies whole in one
 * of its lines, or runs on into a line that continues it, as the filter
 * read them. */
static int may_be_wanted(const page *pg, long k, const owner *o)
{
    const un_reader *r = pg->r;
    if (o->section >= 0 && r->line_filter(r->line_ctx, pg->b[o->section].line))
        return 1;
    int joining = 0;
    size_t x = 0; /* the paragraph joined onto */
    for (size_t i = o->first; i <= o->last && i < pg->n; i++) {
        if (pg->owner_of[i] != k)
            continue;
        if (r->line_filter(r->line_ctx, pg->b[i].line))
            return 1;
        role rl = (role)pg->role[i];
        if (rl == R_SUBHEAD) {
            joining = 0;
        } else if (rl == R_BODY || (rl == R_STRAY && o->kind != UN_KIND_ARTICLE)) {
            /* A paragraph that opens with a byline is joined to nothing
             * (assemble). */
            if (joining && !HAS(pg, i, UN_BF_LEAD_BYLINE) && !joined_in_place(pg, x, i))
                return 1;
            joining = HAS(pg, i, UN_BF_DANGLING);
            x = i;
        }
    }
    return 0;
}

/* Makes the record of owner k (or holds it back, with a line filter). */
static void make_record(page *pg, long k, un_str file)
{
    un_reader *r = pg->r;
    owner *o = &UN_VEC_AT(&r->owners, owner, (size_t)k);
    un_article *a = UN_VEC_PUSH(&r->records, un_article);
    a->file = file;
    a->id = r->next_id++;
    long *held = UN_VEC_PUSH(&r->held_owner, long);
    *held = -1;
    if (r->line_filter && !may_be_wanted(pg, k, o)) {
        /* Held back: an empty record until a page hook asks for it. */
        memset(&a->kind, 0, sizeof *a - offsetof(un_article, kind));
        a->kind = o->kind;
        a->line_start = pg->b[o->first].line;
        a->line_end = pg->b[o->last].line;
        *held = k;
        r->n_held++;
    } else {
        assemble(pg, k, o, a);
    }
}

/* The page read whole: its blocks classified (unless done), copies, the
 * walk, moved text, and the records of every owner (made, or held back). */
static void read_whole(un_reader *r, page *pg, un_str file, int classified)
{
    for (size_t i = 0; i < pg->n && !classified; i++)
        un_block_classify(r->lx, &pg->b[i]);
    find_copies(pg);
    walk(pg);
    relocate(pg);
    if (r->trace) {
        static const char *const role_names[] = {"-",    "section", "kicker",  "headline",
                                                 "deck", "body",    "subhead", "caption",
                                                 "byline", "meta",  "stray"};
        for (size_t i = 0; i < pg->n; i++)
            r->trace(r->trace_ctx, &pg->b[i], role_names[pg->role[i]], pg->owner_of[i],
                     pg->stray[i]);
    }
    for (size_t k = 0; k < r->owners.len; k++)
        make_record(pg, (long)k, file);
}

/* The page's scratch for a reading: no roles, owners, copies. */
static void page_reset(un_reader *r, page *pg)
{
    size_t n = r->blocks.len;
    r->roles.len = 0;
    r->stray.len = 0;
    r->owner_of.len = 0;
    r->twin.len = 0;
    r->owners.len = 0;
    un_vec_push_zeroes(&r->roles, n);
    un_vec_push_zeroes(&r->stray, n);
    for (size_t i = 0; i < n; i++) {
        *(long *)un_vec_push_unset(&r->owner_of) = -1;
        *(long *)un_vec_push_unset(&r->twin) = -1;
    }
    *pg = (page){r,          r->blocks.data, n, r->roles.data, r->owner_of.data, r->stray.data,
                 r->twin.data, SIZE_MAX,      0, -1};
}

/* Takes back the records of the page from first on (a reading given up). */
static void unmake_records(un_reader *r, size_t first, size_t id0)
{
    for (size_t i = first; i < r->records.len; i++)
        if (UN_VEC_AT(&r->held_owner, long, i) >= 0)
            r->n_held--;
    r->records.len = first;
    r->held_owner.len = first;
    r->next_id = id0;
}

/* ---- Reading a page in part ---- */

/* Sparse reading rests on what the walk does at a run of title lines that
 * starts an article whatever came before it (a sync point): the walk
 * reaches its first line (the block before is a copy or one it reads
 * alone: a paragraph, caption, metadata or a byline of roles), and with no
 * copy in the run, no line continued, a line of full weight and weak ones
 * only last, and something decisive after it (decide_new), it opens an
 * article with the run as its title, whatever the state. After it the
 * state is the same as in a whole reading except for the section the
 * article took: a banner waiting then, or one carried by a series of
 * kickers. Where the run is one headline (or a headline and a deck), the
 * article has no kicker, so the next one takes over no section; where it
 * is four lines or more, the article has a section of its own, which the
 * next may take over. Either way, from there on the walk goes as in a
 * whole reading. A part around a wanted line starts at the last sync
 * point at or before it if its article takes no section from before it
 * either (region_for); else at a plain or four-line run before that one,
 * whose article is read for context, not kept. It stops at the first such
 * run after the line, unless a banner waits there for a plain headline:
 * the page is then read whole.
 *
 * Copies are told apart as find_copies does, from the blocks around each
 * of them (a text printed more than MAX_COPIES times: the page is read
 * whole). A stray copy moves text (relocate) between the article above it
 * and the one that holds its twin, so the twin's part is read too. Records
 * outside the parts are not made at all. */

enum { K_CLASS = 1, K_TWIN = 2, K_STRAY = 4 };

typedef struct sparse {
    page *pg;
    unsigned char *known; /* K_ bits per block */
    long *head, *next;    /* blocks chained by length */
    size_t cap;
    int fail;             /* a text printed three times or more */
} sparse_read;

static void sp_classify(sparse_read *sp, size_t i)
{
    if (!(sp->known[i] & K_CLASS)) {
        un_block_classify(sp->pg->r->lx, &sp->pg->b[i]);
        sp->known[i] |= K_CLASS;
    }
}

/* Blocks are chained by a key of their length and first and last bytes:
 * the blocks of one text share a chain, which holds few others. */
static size_t text_slot(const sparse_read *sp, const un_block *b)
{
    uint64_t head = 0, tail = 0;
    size_t k = b->len < 8 ? b->len : 8;
    memcpy(&head, b->text, k);
    memcpy(&tail, b->text + b->len - k, k);
    uint64_t h = (b->len * 0x9E3779B97F4A7C15ULL) ^ (head * 0xC2B2AE3D27D4EB4FULL) ^
                 (tail * 0x165667B19E3779F9ULL);
    return (size_t)(h ^ (h >> 29)) & (sp->cap - 1);
}

/* The blocks of the text of block i, if it may be a copy, in order, into
 * out (at most max); returns how many (1: no copy). A chain longer than
 * MAX_CHAIN, or more copies than max, fails the sparse reading. */
#define MAX_CHAIN 64
static size_t sp_group(sparse_read *sp, size_t i, size_t *out, size_t max)
{
    const page *pg = sp->pg;
    const un_block *b = &pg->b[i];
    size_t k = 0, steps = 0;
    for (long j = sp->head[text_slot(sp, b)]; j >= 0; j = sp->next[j]) {
        if (++steps > MAX_CHAIN) {
            sp->fail = 1; /* a page made to collide: read whole */
            break;
        }
        if (pg->b[j].len == b->len && memcmp(pg->b[j].text, b->text, b->len) == 0) {
            if (k == max) {
                sp->fail = 1;
                break;
            }
            out[k++] = (size_t)j;
        }
    }
    return k;
}

#define MAX_COPIES 8

/* The blocks of the text of block i into g (MAX_COPIES), if it may be a
 * copy, with the twins find_copies gives them: of the blocks g0 < g1 <
 * ..., the first has the last as its twin, and each other the first.
 * Returns how many (fewer than 2: no copy, and no twin). */
static size_t sp_copies(sparse_read *sp, size_t i, size_t *g)
{
    page *pg = sp->pg;
    sp_classify(sp, i);
    const un_block *b = &pg->b[i];
    sp->known[i] |= K_TWIN;
    if (b->nchars < MIN_COPY_CHARS ||
        (b->shape != UN_SHAPE_PARA && b->shape != UN_SHAPE_TITLE_WEAK))
        return 0;
    size_t k = sp_group(sp, i, g, MAX_COPIES);
    for (size_t j = 0; j < k && k >= 2; j++) {
        sp_classify(sp, g[j]); /* the same text: the same shape */
        pg->twin[g[j]] = (long)(j == 0 ? g[k - 1] : g[0]);
        sp->known[g[j]] |= K_TWIN;
    }
    return k;
}

/* The twin find_copies gives block i, or -1. */
static long sp_twin(sparse_read *sp, size_t i)
{
    if (!(sp->known[i] & K_TWIN)) {
        size_t g[MAX_COPIES];
        sp_copies(sp, i, g);
    }
    return sp->pg->twin[i];
}

static int sp_copy(sparse_read *sp, size_t i)
{
    return sp_twin(sp, i) >= 0;
}

/* at_tail, after_end and in_place, asking which blocks are copies. */
static int sp_at_tail(sparse_read *sp, size_t i)
{
    const page *pg = sp->pg;
    for (size_t j = i + 1; j < pg->n; j++) {
        if (sp_copy(sp, j))
            continue;
        un_shape s = SHAPE(pg, j);
        return s == UN_SHAPE_TITLE || s == UN_SHAPE_TITLE_WEAK || s == UN_SHAPE_BANNER;
    }
    return 1;
}

static int sp_after_end(sparse_read *sp, size_t i)
{
    const page *pg = sp->pg;
    for (size_t j = i; j-- > 0;) {
        if (sp_copy(sp, j))
            continue;
        return HAS(pg, j, UN_BF_END | UN_BF_TAIL_BYLINE) || SHAPE(pg, j) == UN_SHAPE_BYLINE;
    }
    return 0;
}

static int sp_in_place(sparse_read *sp, size_t i)
{
    const page *pg = sp->pg;
    if (i > 0 && !sp_copy(sp, i - 1) && SHAPE(pg, i - 1) == UN_SHAPE_PARA &&
        HAS(pg, i - 1, UN_BF_DANGLING))
        return 1;
    if (i + 1 < pg->n && !sp_copy(sp, i + 1) && HAS(pg, i, UN_BF_DANGLING) &&
        SHAPE(pg, i + 1) == UN_SHAPE_PARA)
        return 1;
    return 0;
}

/* Block i classified and its stray flag set, as find_copies sets it:
 * the first block of a text against each other in turn, until one of the
 * pair is found stray. */
static int sp_ensure(sparse_read *sp, size_t i)
{
    page *pg = sp->pg;
    if (sp->known[i] & K_STRAY)
        return pg->stray[i];
    sp->known[i] |= K_STRAY;
    if ((sp->known[i] & K_TWIN) && pg->twin[i] < 0)
        return 0;
    size_t g[MAX_COPIES];
    size_t k = sp_copies(sp, i, g);
    if (k < 2)
        return 0;
    for (size_t j = 1; j < k && !pg->stray[g[0]]; j++) {
        size_t a = g[0], c = g[j];
        int sa = 2 * sp_at_tail(sp, a) + sp_after_end(sp, a) - 2 * sp_in_place(sp, a);
        int sc = 2 * sp_at_tail(sp, c) + sp_after_end(sp, c) - 2 * sp_in_place(sp, c);
        pg->stray[sa > sc ? a : c] = 1;
    }
    for (size_t j = 0; j < k; j++)
        sp->known[g[j]] |= K_STRAY;
    return pg->stray[i];
}

/* What a sync point's title gives its article, whatever came before:
 * SYNC_PLAIN one headline (or a headline and a deck): no kicker, so the
 * next article takes over no section, but a banner waiting may become its
 * section; SYNC_FULL four lines or more: a section of its own (so neither
 * a banner nor a series counts); SYNC_OTHER what depends on either. */
enum { SYNC_OTHER, SYNC_PLAIN, SYNC_FULL };

/* Is block j the first line of a sync point? Sets *t1 to the end of its
 * run and *kind (SYNC_). */
static int sync_at(sparse_read *sp, size_t j, size_t *t1, int *kind)
{
    page *pg = sp->pg;
    size_t n = pg->n;
    /* A line too long for a title needs no classifying to know. */
    if (j == 0 || j >= n || !un_block_may_be_title(pg->b[j].len))
        return 0;
    if (sp_ensure(sp, j) || !is_title_like(pg, j))
        return 0;
    if (!sp_ensure(sp, j - 1)) {
        un_shape before = SHAPE(pg, j - 1);
        if (!(before == UN_SHAPE_PARA || before == UN_SHAPE_CAPTION || before == UN_SHAPE_META ||
              (before == UN_SHAPE_BYLINE && !HAS(pg, j - 1, UN_BF_NAMES_ONLY))))
            return 0;
    }
    size_t e = j + 1;
    while (e < n && !sp_ensure(sp, e) && is_title_like(pg, e))
        e++;
    int strong = 0;
    for (size_t k = j; k < e; k++) {
        if (SHAPE(pg, k) == UN_SHAPE_TITLE)
            strong = 1;
        else if (k + 1 < e)
            return 0; /* a weak line inside the run: it may be split */
    }
    if (!strong)
        return 0;
    for (size_t k = e; k < n && k < e + DECISIVE_READS; k++)
        sp_ensure(sp, k);
    if (continued(pg, e) || !decisive(pg, e))
        return 0;
    size_t m = e - j;
    int label0 = HAS(pg, j, UN_BF_LABEL) || HAS(pg, j, UN_BF_NAMES_ONLY);
    *t1 = e;
    *kind = m == 1 || (m == 2 && !label0) ? SYNC_PLAIN : m >= 4 ? SYNC_FULL : SYNC_OTHER;
    return 1;
}

/* Where the part of a wanted block c ends: at the first sync point after
 * c whose article takes no section from before it (a plain title, where
 * no banner waits, which the walk checks), reading on to what decides it;
 * or the page's end. */
static void region_end(sparse_read *sp, size_t c, region *rg)
{
    size_t n = sp->pg->n, t1;
    int kind;
    rg->q = rg->e = n;
    rg->q_plain = 0;
    for (size_t j = c + 1; j < n; j++)
        if (sync_at(sp, j, &t1, &kind) && kind != SYNC_OTHER) {
            rg->q = j;
            rg->q_plain = kind == SYNC_PLAIN;
            rg->e = t1 + DECISIVE_READS < n ? t1 + DECISIVE_READS : n;
            break;
        }
}

/* Is a block of [from, to) a banner? Only those that may be one are
 * classified to know. */
static int banner_among(sparse_read *sp, size_t from, size_t to)
{
    const page *pg = sp->pg;
    for (size_t k = from; k < to; k++)
        if (un_block_may_be_banner(pg->b[k].text, pg->b[k].len)) {
            sp_ensure(sp, k);
            if (SHAPE(pg, k) == UN_SHAPE_BANNER)
                return 1;
        }
    return 0;
}

/* May the walk open an article among blocks [from, to)? Only at a title
 * line, or bare names it reads as one (un_block_may_be_title). */
static int title_among(sparse_read *sp, size_t from, size_t to)
{
    const page *pg = sp->pg;
    for (size_t k = from; k < to; k++)
        if (un_block_may_be_title(pg->b[k].len)) {
            sp_ensure(sp, k);
            if (is_title_like(pg, k) ||
                (SHAPE(pg, k) == UN_SHAPE_BYLINE && HAS(pg, k, UN_BF_NAMES_ONLY)))
                return 1;
        }
    return 0;
}

/* The part of the page around a wanted block c. It starts at the last
 * sync point at or before c if its article takes no section from before
 * it: where it has four title lines; or where no banner waits for it (none
 * since the sync point before, or the page's start) and it has no kicker
 * (a plain headline), or the article before it has none (a plain headline
 * at the sync point before, with no title line between). Else it starts
 * at a sync point before that one whose article passes no section on
 * (plain or four lines), read for context; or at the page's start. It
 * ends at the first such after c (or the page's end). Searches back no
 * further than floor; returns 0 when it would have to. */
static int region_for(sparse_read *sp, size_t c, size_t floor, region *rg)
{
    size_t t1;
    int kind, ka = SYNC_OTHER;
    size_t sa = SIZE_MAX;
    for (size_t j = c + 1; j-- > floor && j > 0;)
        if (sync_at(sp, j, &t1, &ka)) {
            sa = j;
            break;
        }
    rg->p0 = 0;
    rg->context = 0;
    if (sa != SIZE_MAX) {
        /* The sync point before (or the page's start, 0, as plain). */
        size_t before = floor == 0 ? 0 : SIZE_MAX, after = 0;
        int kb = SYNC_PLAIN;
        for (size_t j = sa; ka != SYNC_FULL && j-- > floor && j > 0;)
            if (sync_at(sp, j, &t1, &kb)) {
                before = j;
                after = t1;
                break;
            }
        int clear = ka == SYNC_FULL ||
                    (before != SIZE_MAX && !banner_among(sp, before, sa) &&
                     (ka == SYNC_PLAIN || (kb == SYNC_PLAIN && !title_among(sp, after, sa))));
        if (clear) {
            rg->p0 = sa;
            region_end(sp, c, rg);
            return 1;
        }
        for (size_t j = sa; j-- > floor && j > 0;)
            if (sync_at(sp, j, &t1, &kind) && kind != SYNC_OTHER) {
                rg->p0 = j;
                rg->context = 1;
                break;
            }
    }
    if (!rg->context && floor > 0)
        return 0;
    region_end(sp, c, rg);
    return 1;
}

/* Does the sparse filter want block b? */
static int wanted(const un_reader *r, const un_block *b)
{
    return r->sparse(r->line_ctx, b->line, b->text, b->len);
}

static int by_index(const void *x, const void *y)
{
    long a = *(const long *)x, b = *(const long *)y;
    return a < b ? -1 : a > b;
}

/* The parts around the blocks in seeds (sorted), into r->regions. */
static void find_regions(sparse_read *sp, const long *seeds, size_t nseeds)
{
    un_reader *r = sp->pg->r;
    r->regions.len = 0;
    for (size_t k = 0; k < nseeds; k++) {
        size_t c = (size_t)seeds[k];
        region *last = r->regions.len ? &UN_VEC_AT(&r->regions, region, r->regions.len - 1)
                                      : NULL;
        if (last && c < last->q)
            continue; /* in the part before */
        region rg;
        if (region_for(sp, c, last ? last->q : 0, &rg))
            *UN_VEC_PUSH(&r->regions, region) = rg;
        else
            region_end(sp, c, last); /* it starts inside the part before */
    }
}

/* The region whose walk owns block i (p0 <= i < q), or NULL. */
static const region *region_of(const un_reader *r, size_t i)
{
    const region *rg = r->regions.data;
    size_t lo;
    UN_PARTITION_POINT(lo, 0, r->regions.len, mid, rg[mid].p0 <= i);
    return lo && i < rg[lo - 1].q ? &rg[lo - 1] : NULL;
}

/* Reads the parts of the page around the blocks the sparse filter wants.
 * Returns 0, having made no record, when the page must be read whole. */
static int read_sparse(un_reader *r, page *pg, un_str file)
{
    size_t n = pg->n;
    r->classified.len = 0;
    un_vec_push_zeroes(&r->classified, n);
    sparse_read sp = {pg, r->classified.data, NULL, NULL, 16, 0};
    while (sp.cap < 2 * n)
        sp.cap *= 2;
    r->chain_head.len = 0;
    r->chain_next.len = 0;
    for (size_t k = 0; k < sp.cap; k++)
        *(long *)un_vec_push_unset(&r->chain_head) = -1;
    un_vec_push_zeroes(&r->chain_next, n);
    sp.head = r->chain_head.data;
    sp.next = r->chain_next.data;
    for (size_t i = n; i-- > 0;) {
        size_t h = text_slot(&sp, &pg->b[i]);
        sp.next[i] = sp.head[h];
        sp.head[h] = (long)i;
    }
    /* The blocks wanted (in table, as indices), then the twins of stray
     * copies in their parts, until every such twin is in a part. */
    un_vec *seeds = &r->table;
    seeds->len = 0;
    for (size_t c = 0; c < n; c++)
        if (wanted(r, &pg->b[c]))
            *(long *)un_vec_push_unset(seeds) = (long)c;
    for (int round = 0;; round++) {
        find_regions(&sp, seeds->data, seeds->len);
        region *rgs = r->regions.data;
        size_t added = 0;
        for (size_t k = 0; k < r->regions.len; k++)
            for (size_t i = rgs[k].p0; i < rgs[k].e; i++)
                if (sp_ensure(&sp, i) && i < rgs[k].q && !region_of(r, (size_t)pg->twin[i])) {
                    *(long *)un_vec_push_unset(seeds) = pg->twin[i];
                    added++;
                }
        if (sp.fail || (added && round == 3))
            return 0;
        if (!added)
            break;
        qsort(seeds->data, seeds->len, sizeof(long), by_index);
    }
    /* The walks, each over its part alone, checked where it stopped. */
    region *rgs = r->regions.data;
    size_t nr = r->regions.len;
    for (size_t k = 0; k < nr; k++) {
        region *rg = &rgs[k];
        page part = {r,
                     pg->b + rg->p0,
                     rg->e - rg->p0,
                     pg->role + rg->p0,
                     pg->owner_of + rg->p0,
                     pg->stray + rg->p0,
                     pg->twin + rg->p0,
                     rg->q < n ? rg->q - rg->p0 : SIZE_MAX,
                     0,
                     -1};
        size_t o0 = r->owners.len;
        walk(&part);
        if (rg->q < n && (!part.stopped || (rg->q_plain && part.stop_banner >= 0)))
            return 0;
        /* Its owners in the page's terms. */
        for (size_t o = o0; o < r->owners.len; o++) {
            owner *ow = &UN_VEC_AT(&r->owners, owner, o);
            ow->first += rg->p0;
            ow->last += rg->p0;
            if (ow->section >= 0)
                ow->section += (long)rg->p0;
        }
        if (rg->p0 > 0) {
            const owner *first = r->owners.len > o0 ? &UN_VEC_AT(&r->owners, owner, o0) : NULL;
            /* The article at p0 (whose first lines, of a run of more than
             * four, are sections of no owner). */
            if (!first || first->kind != UN_KIND_ARTICLE ||
                (pg->owner_of[rg->p0] != (long)o0 && pg->role[rg->p0] != R_SECTION))
                return 0;
            for (size_t i = rg->p0; i < rg->q && rg->context; i++)
                if (pg->owner_of[i] == (long)o0 && wanted(r, &pg->b[i]))
                    return 0;
        }
        rg->o0 = o0 + (size_t)rg->context;
        rg->o1 = r->owners.len;
    }
    relocate(pg);
    for (size_t k = 0; k < nr; k++)
        for (size_t o = rgs[k].o0; o < rgs[k].o1; o++)
            make_record(pg, (long)o, file);
    return 1;
}

static void run_hook(un_reader *r, page *pg, size_t first, int sparse)
{
    if (!r->opt.page_hook || r->records.len <= first)
        return;
    r->pg = pg;
    r->pg_first = first;
    r->sparse_page = sparse;
    r->opt.page_hook(r->opt.page_ctx, r, &UN_VEC_AT(&r->records, un_article, first),
                     r->records.len - first);
    r->pg = NULL;
    r->sparse_page = 0;
}

static void analyze(un_reader *r)
{
    size_t n = r->lines.len;
    int sparse = n && r->sparse && r->line_filter && !r->trace &&
                 r->sparse(r->line_ctx, 0, NULL, 0);
    r->blocks.len = 0;
    for (size_t i = 0; i < n; i++) {
        const line_ref *lr = &UN_VEC_AT(&r->lines, line_ref, i);
        un_block *b = UN_VEC_PUSH(&r->blocks, un_block);
        b->line = lr->line;
        b->text = r->text.data + lr->off;
        b->len = lr->len;
        if (!sparse)
            un_block_classify(r->lx, b);
    }
    if (n == 0)
        return;
    page pg;
    size_t first = r->records.len, id0 = r->next_id;
    un_str file = keep(r, r->name.data ? r->name.data : "", r->name.len);
    int classified = !sparse;
    if (sparse) {
        page_reset(r, &pg);
        sparse = read_sparse(r, &pg, file);
        if (!sparse)
            unmake_records(r, first, id0);
    }
    if (!sparse) {
        page_reset(r, &pg);
        read_whole(r, &pg, file, classified);
    }
    run_hook(r, &pg, first, sparse);
    if (r->redo) {
        /* The hook wanted the page whole. */
        r->redo = 0;
        unmake_records(r, first, id0);
        page_reset(r, &pg);
        read_whole(r, &pg, file, 0);
        run_hook(r, &pg, first, 0);
    }
}

int un_reader_make_held(un_reader *r)
{
    if (!r->pg)
        return 1;
    if (r->sparse_page) {
        r->redo = 1;
        return 0;
    }
    for (size_t i = r->pg_first; i < r->records.len && r->n_held; i++) {
        long *held = &UN_VEC_AT(&r->held_owner, long, i);
        if (*held < 0)
            continue;
        assemble(r->pg, *held, &UN_VEC_AT(&r->owners, owner, (size_t)*held),
                 &UN_VEC_AT(&r->records, un_article, i));
        *held = -1;
        r->n_held--;
    }
    return 1;
}

void *un_reader_alloc(un_reader *r, size_t n)
{
    return un_arena_alloc(&r->arena, n ? n : 1);
}
