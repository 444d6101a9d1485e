/* figures.c: quantities in a record's text.
 *
 * Each segment is read once, left to right, on its simplified text (same
 * byte offsets as the printed one). At a digit (ASCII or full-width) or a
 * Chinese numeral a number is read; then, in this order, an inner
 * qualifier (300多), a multiplier (万, 亿), another inner qualifier
 * (56万多), a unit (the longest form of data/figures.tsv), an after
 * qualifier (以上, 左右); a range joins two such numbers (3至5人, 20%—30%).
 * A number counts only with a unit or a multiplier; a number that is a
 * date (2019年, 1956—1964年), an ordinal (第4版), part of a code (5G, G60,
 * 5+5, 9·25, 2020-05-03) or of a short quotation (“345”) is passed over.
 * Values are kept as decimal text: the multiplier moves the decimal point,
 * so 21.5045万 is exactly 215045.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "figures.h"
#include "text.h"
#include "wordset.h"

extern const char un_data_figures[];
extern const size_t un_data_figures_len;

enum {
    FL_UNIT,
    FL_NONE,
    FL_MULT,
    FL_BEFORE,
    FL_AFTER,
    FL_INNER,
    FL_RANGE,
    FL_NEGATIVE,
    FL_LINK,
    FL_LEAD,
    FL_ADVERB,
    FL_NUMWORD,
    FL_COUNT
};

static const char *const list_names[FL_COUNT] = {"unit",  "none",     "multiplier", "before",
                                                 "after", "inner",    "range",      "negative",
                                                 "link",  "lead",     "adverb", "numword"};

/* What a word of the lists says besides itself (column 3 on). */
typedef struct fig_info {
    un_str a, b, c; /* unit: reported unit, kind, qualifier; multiplier:
                       power; before, after, inner: qualifier */
} fig_info;

typedef struct fig_tables {
    un_wordset lists[FL_COUNT];
    un_cp_bitmap starts; /* what may begin a number: numerals, digits */
    fig_info *info;
    size_t ninfo, cap;
} fig_tables;

static fig_tables *tables;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int on_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    fig_tables *t = ctx;
    if (nf < 2 || f[1].len == 0)
        return 0;
    for (int l = 0; l < FL_COUNT; l++) {
        if (f[0].len != strlen(list_names[l]) || memcmp(f[0].ptr, list_names[l], f[0].len) != 0)
            continue;
        if (t->ninfo == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 256;
            t->info = un_xrealloc(t->info, t->cap * sizeof *t->info);
        }
        fig_info *in = &t->info[t->ninfo];
        un_str none = {NULL, 0};
        in->a = nf > 2 ? f[2] : none;
        in->b = nf > 3 ? f[3] : none;
        in->c = nf > 4 ? f[4] : none;
        un_wordset_add(&t->lists[l], f[1].ptr, f[1].len, (int)t->ninfo);
        t->ninfo++;
    }
    return 0;
}

static void build(void)
{
    fig_tables *t = un_xcalloc(1, sizeof *t);
    for (int l = 0; l < FL_COUNT; l++)
        un_wordset_init(&t->lists[l]);
    un_tsv_each(un_data_figures, un_data_figures_len, on_line, t);
    for (int l = 0; l < FL_COUNT; l++)
        un_wordset_build(&t->lists[l], NULL);
    for (uint32_t c = 0x3000; c < 0xA000; c++)
        if (un_is_cn_numeral(c))
            un_cp_bitmap_set(&t->starts, c);
    for (uint32_t c = 0xFF10; c <= 0xFF19; c++)
        un_cp_bitmap_set(&t->starts, c);
    tables = t;
}

static const fig_tables *get_tables(void)
{
    pthread_once(&once, build);
    return tables;
}

static const un_word *word_at(const fig_tables *t, int l, const char *p, const char *end)
{
    return un_wordset_at(&t->lists[l], p, end);
}

/* A position and its first character, decoded once for several lists. */
typedef struct at_char {
    const char *p, *q; /* the character is p[..q), or p == q at the end */
    uint32_t c;
} at_char;

static at_char char_at(const char *p, const char *end)
{
    at_char a = {p, p, 0};
    if (p < end)
        a.c = un_utf8_next(&a.q, end);
    return a;
}

/* word_at for a caller that has decoded the first code point c, which
 * ends at q (p < q <= end). */
static const un_word *word_at_cp(const fig_tables *t, int l, uint32_t c, const char *p,
                                 const char *q, const char *end)
{
    return un_wordset_at_cp(&t->lists[l], c, p, q, end);
}

/* word_at at a's position. */
static const un_word *word_at_char(const fig_tables *t, int l, const at_char *a, const char *end)
{
    return a->p < a->q ? word_at_cp(t, l, a->c, a->p, a->q, end) : NULL;
}

static const un_word *word_before(const fig_tables *t, int l, const char *start, const char *p)
{
    return un_wordset_before(&t->lists[l], start, p);
}

static const fig_info *info_of(const fig_tables *t, const un_word *w)
{
    return &t->info[w->tag];
}

/* ---- decimal numbers as digits and a power of ten ---- */

#define DEC_MAX 40

typedef struct dec {
    char d[DEC_MAX]; /* digits, most significant first */
    int n;
    int exp;         /* value = d * 10^exp */
} dec;

static void dec_from_u64(dec *x, uint64_t v)
{
    x->n = (int)un_fmt_u64(x->d, v);
    x->exp = 0;
}

/* Writes x as decimal text: no leading zeros, no trailing zeros after the
 * point, no point for a whole number. */
static size_t dec_format(const dec *x, int negative, char *out, size_t cap)
{
    char buf[2 * DEC_MAX + 16];
    int k = 0, i = 0;
    while (i < x->n && x->d[i] == '0')
        i++; /* leading zeros say nothing */
    int n = x->n - i;
    const char *d = x->d + i;
    while (n > 0 && x->exp + (x->n - (i + n)) < 0 && d[n - 1] == '0')
        n--; /* trailing zeros of a fraction */
    int exp = x->exp + (x->n - i - n);
    if (n == 0) {
        buf[k++] = '0';
    } else {
        int whole = n + exp; /* digits before the point */
        if (negative)
            buf[k++] = '-';
        if (whole <= 0) {
            buf[k++] = '0';
            buf[k++] = '.';
            for (int z = 0; z < -whole; z++)
                buf[k++] = '0';
            for (int j = 0; j < n; j++)
                buf[k++] = d[j];
        } else {
            for (int j = 0; j < n && j < whole; j++)
                buf[k++] = d[j];
            for (int z = n; z < whole; z++)
                buf[k++] = '0';
            if (whole < n) {
                buf[k++] = '.';
                for (int j = whole; j < n; j++)
                    buf[k++] = d[j];
            }
        }
    }
    size_t len = (size_t)k < cap ? (size_t)k : cap - 1;
    memcpy(out, buf, len);
    out[len] = '\0';
    return len;
}

/* ---- reading characters ---- */

static uint32_t cp_at(const char *p, const char *end, const char **next)
{
    const char *q = p;
    uint32_t c = un_fold_width(un_utf8_next(&q, end));
    if (next)
        *next = q;
    return c;
}

static uint32_t cp_before(const char *start, const char *p)
{
    if (p <= start)
        return 0;
    const char *q = p;
    return un_fold_width(un_utf8_prev(start, &q));
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_latin(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}


/* ---- one number ---- */

typedef struct number {
    const char *start, *end; /* in the simplified text */
    dec value;
    int chinese;
    int year_like; /* four digits, whole, 1000-2999 (or four Chinese digits) */
    int single;    /* one Chinese character of value 1 (一) */
} number;

/* Reads Arabic digits at p (p at a digit): 21.5045, 1,000. Returns 0 when
 * there are too many digits to be a quantity. */
static int read_arabic(const char *p, const char *end, number *num)
{
    num->start = p;
    num->chinese = 0;
    dec *x = &num->value;
    x->n = 0;
    x->exp = 0;
    int frac = -1, whole_digits = 0;
    const char *q = p;
    for (;;) {
        const char *r;
        uint32_t c = cp_at(q, end, &r);
        if (q < end && is_digit(c)) {
            if (x->n >= DEC_MAX)
                return 0;
            x->d[x->n++] = (char)c;
            if (frac >= 0)
                frac++;
            else
                whole_digits++;
            q = r;
            continue;
        }
        /* A decimal point between digits. */
        if (q < end && (c == '.') && frac < 0) {
            const char *s;
            uint32_t c2 = cp_at(r, end, &s);
            if (r < end && is_digit(c2)) {
                frac = 0;
                q = r;
                continue;
            }
        }
        /* A thousands separator: an ASCII comma and exactly three digits. */
        if (q < end && *q == ',' && frac < 0 && whole_digits <= 3 * 6) {
            const char *s = q + 1;
            int k = 0;
            while (k < 4 && s < end && is_digit((uint32_t)(unsigned char)*s)) {
                s++;
                k++;
            }
            if (k == 3) {
                if (x->n + 3 > DEC_MAX)
                    return 0;
                for (const char *u = q + 1; u < s; u++)
                    x->d[x->n++] = *u;
                whole_digits += 3;
                q = s;
                continue;
            }
        }
        break;
    }
    num->end = q;
    if (frac > 0)
        x->exp = -frac;
    num->year_like = frac < 0 && whole_digits == 4 && x->d[0] >= '1' && x->d[0] <= '2';
    num->single = 0;
    return 1;
}

/* Reads a run of Chinese numerals at p: 两千, 二十五, 一百二十万, 五六 (a
 * range: *hi set), 二〇二〇. Returns 0 for none that has a value. */
static int read_chinese(const char *p, const char *end, number *num, dec *hi, int *is_range)
{
    uint32_t cs[32];
    int n = 0;
    const char *q = p;
    while (q < end && n < 32) {
        const char *r;
        uint32_t c = cp_at(q, end, &r);
        if (!un_is_cn_numeral(c))
            break;
        cs[n++] = c;
        q = r;
    }
    if (n == 0 || n == 32)
        return 0;
    /* 十几, 十多 read as 十 then 多 is fine; 几十, 数百 have no value, and
     * neither has 十几. */
    if (q < end) {
        uint32_t nc = cp_at(q, end, NULL);
        if (nc == 0x51E0 /* 几 */)
            return 0;
    }
    num->start = p;
    num->end = q;
    num->chinese = 1;
    num->year_like = 0;
    num->single = 0;
    *is_range = 0;
    int has_power = 0;
    for (int i = 0; i < n; i++)
        has_power |= un_cn_power(cs[i]) >= 0;
    if (!has_power) {
        if (n == 1) {
            dec_from_u64(&num->value, (uint64_t)un_cn_digit(cs[0]));
            num->single = un_cn_digit(cs[0]) == 1;
            return 1;
        }
        if (n == 2 && un_cn_digit(cs[1]) == un_cn_digit(cs[0]) + 1 && un_cn_digit(cs[0]) > 0) {
            dec_from_u64(&num->value, (uint64_t)un_cn_digit(cs[0]));
            dec_from_u64(hi, (uint64_t)un_cn_digit(cs[1]));
            *is_range = 1;
            return 1;
        }
        /* Digits read one by one: 二〇二〇. */
        uint64_t v = 0;
        for (int i = 0; i < n && i < 18; i++)
            v = v * 10 + (uint64_t)un_cn_digit(cs[i]);
        dec_from_u64(&num->value, v);
        num->year_like = n == 4;
        return 1;
    }
    /* 三四十, 五六百: two neighbours and a power, a range. */
    if (n == 3 && un_cn_digit(cs[0]) > 0 && un_cn_digit(cs[1]) == un_cn_digit(cs[0]) + 1 &&
        un_cn_power(cs[2]) >= 1) {
        uint64_t m = 1;
        for (int k = 0; k < un_cn_power(cs[2]); k++)
            m *= 10;
        dec_from_u64(&num->value, (uint64_t)un_cn_digit(cs[0]) * m);
        dec_from_u64(hi, (uint64_t)un_cn_digit(cs[1]) * m);
        *is_range = 1;
        return 1;
    }
    uint64_t total = 0, section = 0, digit = 0;
    int last_digit = 0;
    for (int i = 0; i < n; i++) {
        int d = un_cn_digit(cs[i]), pw = un_cn_power(cs[i]);
        if (d >= 0) {
            if (last_digit && digit != 0)
                return 0; /* 一二: not a number */
            digit = (uint64_t)d;
            last_digit = 1;
            continue;
        }
        last_digit = 0;
        if (pw < 4) {
            uint64_t m = 1;
            for (int k = 0; k < pw; k++)
                m *= 10;
            if (digit == 0 && (i == 0 || un_cn_power(cs[i - 1]) >= 0))
                digit = 1; /* 十五, 万五: one of it */
            section += digit * m;
        } else {
            uint64_t m = pw == 4 ? 10000u : 100000000u;
            if (pw == 8) {
                total = (total + section + digit) * m;
            } else {
                if (section + digit == 0)
                    section = 1;
                total += (section + digit) * m;
            }
            section = 0;
        }
        digit = 0;
        if (total > (uint64_t)1 << 60)
            return 0;
    }
    total += section + digit;
    dec_from_u64(&num->value, total);
    return 1;
}

/* ---- the parts after a number ---- */

/* The qualifier a list's column names, as a string that lives forever. */
static const char *qual_literal(const un_str s)
{
    static const char *const known[] = {">=", ">", "<=", "~"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (s.len == strlen(known[i]) && memcmp(s.ptr, known[i], s.len) == 0)
            return known[i];
    return NULL;
}

typedef struct tail {
    const char *end;     /* past what was read */
    int power;           /* of the multiplier, 0 for none */
    const fig_info *unit;
    const char *qual;    /* ">" for an inner 多 or 余, or from the unit */
} tail;

/* Reads [inner] [multiplier] [inner] [unit] at p; with chinese, no
 * multiplier (the numeral holds it). */
static void read_tail(const fig_tables *t, const char *p, const char *end, int chinese, tail *tl)
{
    tl->power = 0;
    tl->unit = NULL;
    tl->qual = NULL;
    /* The character at p is decoded once for the lists looked up there. */
    at_char a = char_at(p, end);
    const un_word *w = word_at_char(t, FL_INNER, &a, end);
    if (w) {
        tl->qual = qual_literal(info_of(t, w)->a);
        p += w->len;
        a = char_at(p, end);
    }
    if (!chinese) {
        w = word_at_char(t, FL_MULT, &a, end);
        if (w) {
            const fig_info *in = info_of(t, w);
            tl->power = (int)strtol(in->a.ptr ? in->a.ptr : "0", NULL, 10);
            p += w->len;
            a = char_at(p, end);
            const un_word *w2 = word_at_char(t, FL_INNER, &a, end);
            if (w2 && !tl->qual) {
                tl->qual = qual_literal(info_of(t, w2)->a);
                p += w2->len;
                a = char_at(p, end);
            }
        }
    }
    const un_word *u = word_at_char(t, FL_UNIT, &a, end);
    const un_word *no = word_at_char(t, FL_NONE, &a, end);
    if (u && !(no && no->len >= u->len)) {
        tl->unit = info_of(t, u);
        if (tl->unit->c.len)
            tl->qual = qual_literal(tl->unit->c);
        p += u->len;
    } else if (no) {
        tl->unit = NULL;
        tl->power = -1; /* no figure at all */
    }
    tl->end = p;
}

/* ---- a segment ---- */

/* A quotation this long (characters) or shorter, without a sentence's
 * punctuation, is a name or a slogan, not speech. */
#define QUOTE_NAME_MAX 20

typedef struct span {
    size_t start, end;
} span;

/* The short quotations (a name, a slogan: “345”, “5+5”) and book titles of
 * a segment: numbers inside them are no figures. */
static void quoted_spans(const char *t, const char *end, const ent_events *ev, un_vec *out)
{
    out->len = 0;
    const char *open = NULL;
    uint32_t close_want = 0;
    for (uint32_t ei = ev->at[EV_KIND_QUOTE]; ei < ev->at[EV_KIND_QUOTE + 1]; ei++) {
        const char *p = t + ev->off[ei], *q;
        uint32_t c = cp_at(p, end, &q);
        if (!open && (c == 0x201C || c == 0x300C || c == 0x300A || c == 0x2018)) {
            open = p;
            close_want = c == 0x201C ? 0x201D : c == 0x300C ? 0x300D : c == 0x300A ? 0x300B : 0x2019;
        } else if (open && c == close_want) {
            /* What stands between the marks: how long, and whether it is
             * a sentence. */
            const char *in = open;
            cp_at(open, end, &in);
            size_t chars = un_utf8_count(in, (size_t)(p - in));
            int sentence = 0;
            /* Only where it matters: a book title counts whatever it holds,
             * a long quotation never. */
            for (const char *r = in; close_want != 0x300B && chars <= QUOTE_NAME_MAX && r < p &&
                                     !sentence;) {
                uint32_t d = cp_at(r, p, &r);
                sentence = un_is_terminal(d) || d == ',';
            }
            if (close_want == 0x300B || (chars <= QUOTE_NAME_MAX && !sentence)) {
                span *sp = UN_VEC_PUSH(out, span);
                sp->start = (size_t)(open - t);
                sp->end = (size_t)(q - t);
            }
            open = NULL;
        }
    }
}

/* Does one of the spans sorted by start cover pos? Asked for positions
 * that never decrease, it reads each span once: *next counts the spans
 * that start at pos or before, *reach is the furthest end of those. */
static int covered(const span *v, size_t n, size_t pos, size_t *next, size_t *reach)
{
    while (*next < n && v[*next].start <= pos) {
        if (v[*next].end > *reach)
            *reach = v[*next].end;
        (*next)++;
    }
    return pos < *reach;
}

static un_str keep(un_reader *r, const char *s, size_t n)
{
    char *p = un_reader_alloc(r, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return un_str_make(p, n);
}

static int is_stop(const un_gazetteer *g, const fig_tables *t, const char *p, const char *end)
{
    const char *q;
    uint32_t c = cp_at(p, end, &q);
    if (!un_is_han(c) || un_is_cn_numeral(c))
        return 1;
    return un_gaz_word_at_cp(g, GL_PARTICLE, c, p, q, q) ||
           un_gaz_word_at_cp(g, GL_PREPOSITION, c, p, q, q) ||
           word_at_cp(t, FL_LINK, c, p, q, end) != NULL;
}

#define SUBJECT_AFTER_MAX 8
#define SUBJECT_BEFORE_MAX 16

/* What the figure counts: the noun right after a count (405名外来员工子女:
 * 外来员工子女), or the subject before a linking verb (技能人才达到21万人). */
static un_str find_subject(const un_gazetteer *g, const fig_tables *t, const char *ft,
                           const char *orig, const char *fend, size_t fig_start, size_t fig_end,
                           int count)
{
    un_str none = {NULL, 0};
    if (count) {
        const char *p = ft + fig_end, *e = p;
        int k = 0;
        while (e < fend && k < SUBJECT_AFTER_MAX && !is_stop(g, t, e, fend)) {
            un_utf8_next(&e, fend);
            k++;
        }
        if (k >= 2 && k < SUBJECT_AFTER_MAX)
            return un_str_make(orig + (p - ft), (size_t)(e - p));
    }
    const un_word *lk = word_before(t, FL_LINK, ft, ft + fig_start);
    if (!lk)
        return none;
    const char *e = ft + fig_start - lk->len, *b;
    for (const un_word *ad; (ad = word_before(t, FL_ADVERB, ft, e)) != NULL;)
        e -= ad->len;
    b = e;
    int k = 0;
    for (;;) {
        const char *q = b;
        uint32_t c = b > ft ? un_fold_width(un_utf8_prev(ft, &q)) : 0;
        /* A Han character is the same folded or not: looked up as decoded. */
        if (!un_is_han(c) || un_gaz_word_at_cp(g, GL_PARTICLE, c, q, b, b))
            break;
        if (k == SUBJECT_BEFORE_MAX)
            return none; /* a clause too long to tell its subject */
        b = q;
        k++;
    }
    for (;;) {
        const un_word *ld = word_at(t, FL_LEAD, b, e);
        if (!ld || (size_t)(e - b) <= ld->len)
            break;
        b += ld->len;
    }
    if (un_utf8_count(b, (size_t)(e - b)) < 2)
        return none;
    return un_str_make(orig + (b - ft), (size_t)(e - b));
}

/* Is the number at [s, e) part of a code or a date written with digits
 * (5G, G60, 5+5, 9·25, 2020-05-03, 10:30)? */
static int code_after(const char *e, const char *end);

static int code_like(const char *t, const char *s, const char *e, const char *end)
{
    uint32_t before = cp_before(t, s);
    if (is_latin(before) || before == '+' || before == 0xB7 || before == ':' || before == '/')
        return 1;
    if (before == '-' || before == '.') {
        const char *q = s;
        un_utf8_prev(t, &q);
        uint32_t b2 = cp_before(t, q);
        if (is_latin(b2) || is_digit(b2))
            return 1;
    }
    return code_after(e, end);
}

/* The part of code_like that looks after the digits. */
static int code_after(const char *e, const char *end)
{
    if (e >= end)
        return 0;
    const char *r;
    uint32_t after = cp_at(e, end, &r);
    if (after == '+' || after == 0xB7 || after == ':' || after == '/')
        return 1;
    if (after == '.' || after == '-') {
        /* 2020.05.03 (the first point was read as a decimal one), or
         * 2020-05-03: digits, the separator, digits, the separator again. */
        const char *q = r;
        int digits = 0;
        while (q < end && is_digit(cp_at(q, end, &r))) {
            digits++;
            q = r;
        }
        if (digits && after == '.')
            return 1;
        if (digits && q < end && cp_at(q, end, NULL) == '-')
            return 1;
    }
    return 0;
}

typedef struct figure_ctx {
    const un_gazetteer *g;
    const fig_tables *t;
    un_reader *r;
    const un_article *rec;
    un_vec *out;
    un_vec skips; /* of span: the segment's places */
} figure_ctx;

/* The first skip of segment s or after, in skips sorted by segment. */
static size_t fig_skip_from(const fig_skip *skip, size_t n, size_t s)
{
    size_t at;
    UN_PARTITION_POINT(at, 0, n, mid, skip[mid].seg < s);
    return at;
}

/* Is a 年 after a number a date: a year (2019年), a year with its month
 * next (20年3月)? */
static int is_year(const number *n, const tail *tl, const char *after_unit, const char *end)
{
    if (!tl->unit || tl->unit->a.len != 3 || memcmp(tl->unit->a.ptr, "年", 3) != 0)
        return 0;
    if (n->year_like && tl->power == 0 && !tl->qual)
        return 1;
    /* a month after it */
    const char *p = after_unit;
    int digits = 0;
    while (p < end) {
        const char *q;
        uint32_t c = cp_at(p, end, &q);
        if (!is_digit(c) && un_cn_digit(c) < 0 && c != 0x5341)
            break;
        digits++;
        p = q;
    }
    return digits > 0 && p < end && (size_t)(end - p) >= 3 && memcmp(p, "月", 3) == 0;
}

static void scan_segment(figure_ctx *x, size_t s, const char *ft, const ent_events *ev,
                         const fig_skip *skip, size_t nskip, un_vec *quotes)
{
    const fig_tables *t = x->t;
    const un_segment *sg = &x->rec->segments[s];
    const char *orig = sg->text.ptr;
    const char *end = ft + sg->text.len;
    int quotes_read = 0; /* the quotations, read at the first number */
    const char *resume = ft;
    /* The places of this segment to pass over, as spans. */
    x->skips.len = 0;
    for (size_t i = fig_skip_from(skip, nskip, s); i < nskip && skip[i].seg == s; i++)
        *(span *)un_vec_push_unset(&x->skips) = (span){skip[i].start, skip[i].end};
    size_t qnext = 0, qreach = 0, snext = 0, sreach = 0;
    for (uint32_t ei = ev->at[EV_KIND_NUMBER]; ei < ev->at[EV_KIND_NUMBER + 1]; ei++) {
        const char *p = ft + ev->off[ei];
        if (p < resume)
            continue;
        const char *q;
        uint32_t c = cp_at(p, end, &q);
        int arabic = is_digit(c);
        if (!arabic && !un_is_cn_numeral(c))
            continue;
        number n1;
        dec hi;
        int cn_range = 0;
        if (arabic ? !read_arabic(p, end, &n1) : !read_chinese(p, end, &n1, &hi, &cn_range)) {
            /* skip the whole run */
            const char *r = q;
            while (r < end) {
                const char *r2;
                uint32_t c2 = cp_at(r, end, &r2);
                if (!(is_digit(c2) || un_is_cn_numeral(c2) || c2 == '.' || c2 == ','))
                    break;
                r = r2;
            }
            resume = r;
            continue;
        }
        /* Where to go on when this is no figure: past the whole run of
         * digits and separators (no figure starts inside 1,234,567,890). */
        const char *next = n1.end;
        while (arabic && next < end) {
            const char *r2;
            uint32_t c2 = cp_at(next, end, &r2);
            if (is_digit(c2)) {
                next = r2;
                continue;
            }
            /* a separator goes with the run only in a group of three
             * digits (,789) or before a digit (.5) */
            int k = 0;
            const char *r3 = r2;
            while (k < 4 && r3 < end && is_digit(cp_at(r3, end, NULL))) {
                cp_at(r3, end, &r3);
                k++;
            }
            if (!((c2 == ',' && k == 3) || (c2 == '.' && k > 0)))
                break;
            next = r2;
        }
        size_t start = (size_t)(p - ft);
        /* Where no number is a figure. */
        if (!quotes_read) {
            quoted_spans(ft, end, ev, quotes);
            quotes_read = 1;
        }
        int passed = covered(quotes->data, quotes->len, start, &qnext, &qreach);
        if (covered(x->skips.data, x->skips.len, start, &snext, &sreach))
            passed = 1;
        uint32_t before = cp_before(ft, p);
        if (before == 0x7B2C) /* 第 */
            passed = 1;
        if (arabic && code_like(ft, p, n1.end, end))
            passed = 1;
        if (!arabic) {
            /* 统一, 一线, 周一, 星期三, 初一: a word, a day, not a number. */
            /* c, a numeral, is the same folded or not: looked up as decoded. */
            if (word_at_cp(t, FL_NUMWORD, c, p, q, end) ||
                un_wordset_ending(&t->lists[FL_NUMWORD], ft, p, q, c) ||
                before == 0x5468 /* 周 */ || before == 0x671F /* 期 (星期) */ ||
                before == 0x521D /* 初 */ || before == 0x62DC /* 拜 (礼拜) */)
                passed = 1;
            else if (un_is_cn_numeral(before) || is_digit(before))
                passed = 1; /* 万 of 10万 when 10 was passed over */
        }
        if (passed) {
            resume = next;
            continue;
        }
        /* 一半: half. */
        if (!arabic && n1.single && (size_t)(end - n1.end) >= 3 && memcmp(n1.end, "半", 3) == 0) {
            tail tl0 = {n1.end + 3, 0, NULL, NULL};
            const un_word *aw = word_at(t, FL_AFTER, tl0.end, end);
            const char *fe = aw ? tl0.end + aw->len : tl0.end;
            un_figure *f = UN_VEC_PUSH(x->out, un_figure);
            f->text = keep(x->r, orig + start, (size_t)(fe - p));
            f->value = keep(x->r, "0.5", 3);
            f->qualifier = aw ? un_str_make(qual_literal(info_of(t, aw)->a),
                                            strlen(qual_literal(info_of(t, aw)->a)))
                              : un_str_null();
            f->line = un_segment_line(sg, start);
            resume = fe;
            continue;
        }
        tail t1;
        read_tail(t, n1.end, end, n1.chinese, &t1);
        if (t1.power < 0) {
            resume = t1.end > next ? t1.end : next;
            continue;
        }
        /* A range: the same kind of number after a joining word. */
        number n2;
        tail t2;
        int range = cn_range;
        const char *fig_end = t1.end;
        if (!range) {
            const un_word *rw = word_at(t, FL_RANGE, t1.end, end);
            if (rw && t1.end + rw->len < end) {
                const char *s2 = t1.end + rw->len;
                uint32_t c2 = cp_at(s2, end, NULL);
                int ok = arabic ? is_digit(c2) && read_arabic(s2, end, &n2)
                                : un_is_cn_numeral(c2) &&
                                      read_chinese(s2, end, &n2, &hi, &cn_range) && !cn_range;
                if (ok && !(arabic && code_after(n2.end, end)) &&
                    !(arabic && n2.value.n > 1 && n2.value.d[0] == '0')) {
                    read_tail(t, n2.end, end, n2.chinese, &t2);
                    int units_agree = !t1.unit || !t2.unit || t1.unit == t2.unit ||
                                      (t1.unit->a.len == t2.unit->a.len &&
                                       memcmp(t1.unit->a.ptr, t2.unit->a.ptr, t1.unit->a.len) == 0);
                    if (t2.power >= 0 && units_agree && (t2.unit || t2.power)) {
                        range = 1;
                        hi = n2.value;
                        if (!t1.unit && !t1.power) {
                            t1.power = t2.power;
                        }
                        if (!t1.unit)
                            t1.unit = t2.unit;
                        hi.exp += t2.power;
                        if (!t1.qual)
                            t1.qual = t2.qual;
                        fig_end = t2.end;
                        if (n1.year_like && n2.year_like)
                            n1.year_like = 1;
                        else
                            n1.year_like = 0;
                    }
                }
            }
        }
        /* A numeral right after the unit (千家万户, 二十届四中全会): an
         * idiom or an ordinal. A power alone before 年 (百年): an age, a
         * century, not a count. */
        if (n1.chinese && t1.unit && t1.end < end && un_is_cn_numeral(cp_at(t1.end, end, NULL))) {
            resume = t1.end;
            continue;
        }
        if (n1.chinese && un_cn_power(c) >= 0 && t1.unit && t1.unit->a.len == 3 &&
            memcmp(t1.unit->a.ptr, "年", 3) == 0) {
            resume = t1.end;
            continue;
        }
        /* A figure needs a unit, or a multiplier (21万); a Chinese numeral
         * needs a unit, and more than 一 alone. */
        if ((!t1.unit && (t1.power == 0 || n1.chinese)) || (n1.chinese && n1.single && !range)) {
            resume = next;
            continue;
        }
        if (is_year(&n1, &t1, fig_end, end)) {
            resume = fig_end;
            continue;
        }
        /* After the unit: 以上, 以下, 左右. */
        const char *qual = t1.qual;
        const un_word *aw = word_at(t, FL_AFTER, fig_end, end);
        if (aw) {
            qual = qual_literal(info_of(t, aw)->a);
            fig_end += aw->len;
        }
        /* Before it: 约, 近, 超过; 零下 for a sign. */
        size_t text_start = start;
        int negative = 0;
        const un_word *bw = word_before(t, FL_BEFORE, ft, p);
        if (bw) {
            qual = qual_literal(info_of(t, bw)->a);
            text_start -= bw->len;
        }
        const un_word *nw = word_before(t, FL_NEGATIVE, ft, ft + text_start);
        if (nw) {
            negative = 1;
            text_start -= nw->len;
        }
        n1.value.exp += t1.power;
        char vbuf[2 * DEC_MAX + 16];
        un_figure *f = UN_VEC_PUSH(x->out, un_figure);
        f->text = keep(x->r, orig + text_start, (size_t)(fig_end - (ft + text_start)));
        size_t vl = dec_format(&n1.value, negative, vbuf, sizeof vbuf);
        f->value = keep(x->r, vbuf, vl);
        if (range) {
            vl = dec_format(&hi, negative, vbuf, sizeof vbuf);
            f->value_to = keep(x->r, vbuf, vl);
        }
        f->unit = t1.unit ? t1.unit->a : un_str_null();
        f->qualifier = qual ? un_str_make(qual, strlen(qual)) : un_str_null();
        int count = t1.unit && t1.unit->b.len == 5 && memcmp(t1.unit->b.ptr, "count", 5) == 0;
        f->subject = find_subject(x->g, t, ft, orig, end, text_start, (size_t)(fig_end - ft), count);
        if (f->subject.ptr)
            f->subject = keep(x->r, f->subject.ptr, f->subject.len);
        f->line = un_segment_line(sg, text_start);
        resume = fig_end;
    }
}

void un_find_figures(const un_gazetteer *g, un_reader *r, const un_article *rec,
                     const char *const *fold, const ent_events *ev,
                     const fig_skip *skip, size_t nskip, un_vec *out)
{
    figure_ctx x = {g, get_tables(), r, rec, out, {0}};
    un_vec_init(&x.skips, sizeof(span));
    un_vec quotes;
    un_vec_init(&quotes, sizeof(span));
    for (size_t s = 0; s < rec->n_segments; s++) {
        if (rec->segments[s].kind == UN_SEG_SECTION)
            continue;
        scan_segment(&x, s, fold[s], &ev[s], skip, nskip, &quotes);
    }
    un_vec_release(&quotes);
    un_vec_release(&x.skips);
}
