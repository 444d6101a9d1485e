/* byline.c: owns the byline grammar of byline.h: a small tokenizer over a
 * span of text, then one parser for the sequence of roles and names that
 * the lead, tail, line and credit forms share.
 *
 * Names are runs of two to four Han characters (two to three when no role
 * vouches for them and the surname is single). A run that is longer, or a
 * token the grammar does not expect, ends the byline: that is what keeps a
 * sentence such as `记者日前从山东省总工会…` from being read as one. */
#include "byline.h"
#include "internal.h"
#include "text.h"

#define MAX_TOKENS 64
/* The longest outlet's name glued to a role (大皖新闻记者), in characters: a
 * longer Han run ends every byline. */
#define MAX_OUTLET_CHARS 8

typedef enum tok_kind {
    T_HAN,
    T_ROLE,
    T_SEP,
    T_OPEN,
    T_CLOSE,
    T_REPORT,
    T_COLON,
    T_OTHER
} tok_kind;

typedef struct tok {
    tok_kind kind;
    un_role_pos role; /* T_ROLE */
    const char *p;
    size_t len;
    size_t nchars; /* T_HAN */
} tok;

typedef struct toks {
    tok t[MAX_TOKENS];
    size_t n;
    int truncated;
} toks;

static int is_sep(uint32_t c)
{
    return un_is_space(c) || c == 0x3001 /* 、 */ || c == ',' || c == 0xFF0C;
}

static int is_open(uint32_t c)
{
    c = un_fold_width(c);
    return c == '(' || c == 0x3010 || c == '[';
}

static int is_close(uint32_t c)
{
    c = un_fold_width(c);
    return c == ')' || c == 0x3011 || c == ']';
}

static int is_decoration(uint32_t c)
{
    return (c >= 0x25A0 && c <= 0x25FF) || (c >= 0x2605 && c <= 0x2606) || c == 0x2014 ||
           c == '*' || c == '-';
}

/* A role word or 报道 at p (whose first code point is c)? Sets *kind. */
static int word_at(const un_lexicon *lx, const un_cp_bitmap *starts, uint32_t c, const char *p,
                   const char *end, tok *t)
{
    if (!un_cp_bitmap_has(starts, c))
        return 0;
    size_t len;
    un_role_pos rp = un_lex_role_at(lx, p, end, &len);
    if (rp != UN_ROLE_NONE) {
        t->kind = T_ROLE;
        t->role = rp;
        t->len = len;
        return 1;
    }
    if (un_lex_word_at(lx, UN_WL_REPORT, p, end, &len)) {
        t->kind = T_REPORT;
        t->len = len;
        return 1;
    }
    return 0;
}

/* Splits p..end into tokens. With stop_early, it stops (setting
 * truncated) after the first token no byline can go on past: punctuation
 * or a digit, or a Han run longer than an outlet's name; that keeps the
 * cost of a paragraph that has no byline to its first few characters.
 * may_hold_role walks by the same stops before it: the two change
 * together. */
static void tokenize(const un_lexicon *lx, const char *p, const char *end, toks *ts,
                     int stop_early)
{
    const un_cp_bitmap *starts = un_lex_byline_starts(lx);
    ts->n = 0;
    ts->truncated = 0;
    while (p < end) {
        if (ts->n == MAX_TOKENS) {
            ts->truncated = 1;
            return;
        }
        tok *t = &ts->t[ts->n++];
        t->p = p;
        t->nchars = 0;
        t->role = UN_ROLE_NONE;
        const char *q = p;
        uint32_t c = un_utf8_next(&q, end);
        if (word_at(lx, starts, c, p, end, t)) {
            p += t->len;
            continue;
        }
        if (un_is_han(c)) {
            t->kind = T_HAN;
            t->nchars = 1;
            tok probe;
            /* With stop_early, a run past eight characters ends the
             * tokens whatever its length: its rest is not read. */
            while (q < end && !(stop_early && t->nchars > MAX_OUTLET_CHARS)) {
                const char *r = q;
                uint32_t d = un_utf8_next(&r, end);
                if (!un_is_han(d) || word_at(lx, starts, d, q, end, &probe))
                    break;
                q = r;
                t->nchars++;
            }
        } else if (is_sep(c)) {
            t->kind = T_SEP;
            while (q < end) {
                const char *r = q;
                if (!is_sep(un_utf8_next(&r, end)))
                    break;
                q = r;
            }
        } else if (is_open(c)) {
            t->kind = T_OPEN;
        } else if (is_close(c)) {
            t->kind = T_CLOSE;
        } else if (un_fold_width(c) == ':') {
            t->kind = T_COLON;
        } else {
            t->kind = T_OTHER;
        }
        t->len = (size_t)(q - p);
        p = q;
        if (stop_early && (t->kind == T_OTHER || (t->kind == T_HAN && t->nchars > MAX_OUTLET_CHARS))) {
            ts->truncated = p < end;
            return;
        }
    }
}

/* Can a role word (or 报道) start where tokenize with stop_early would
 * read from p? Walks the characters as it does, without tokens or
 * lookups: a character that may start such a word answers yes (looking
 * the word up costs more than tokenize does after it), and so every
 * answer no is exact; most paragraphs are told no within a few
 * characters. A byline needs a role, so without one there is none. */
static int may_hold_role(const un_lexicon *lx, const char *p, const char *end)
{
    const un_cp_bitmap *starts = un_lex_byline_starts(lx);
    size_t run = 0; /* Han characters in a row */
    while (p < end) {
        uint32_t c = un_utf8_next(&p, end);
        if (un_cp_bitmap_has(starts, c))
            return 1;
        if (un_is_han(c)) {
            /* tokenize stops after a run longer than an outlet's name */
            if (++run > MAX_OUTLET_CHARS)
                return 0;
            continue;
        }
        run = 0;
        if (!is_sep(c) && !is_open(c) && !is_close(c) && un_fold_width(c) != ':')
            return 0; /* punctuation or a digit: tokenize stops there */
    }
    return 0;
}

static void add_author(un_byline *b, const tok *name, const tok *role)
{
    un_str n = un_str_make(name->p, name->len);
    un_str r = role ? un_str_make(role->p, role->len) : un_str_null();
    for (size_t i = 0; i < b->n; i++) {
        const un_author *a = &b->authors[i];
        if (a->name.len == n.len && memcmp(a->name.ptr, n.ptr, n.len) == 0 &&
            a->role.len == r.len && (r.len == 0 || memcmp(a->role.ptr, r.ptr, r.len) == 0) &&
            (a->role.ptr == NULL) == (r.ptr == NULL))
            return;
    }
    if (b->n == UN_BYLINE_MAX)
        return;
    b->authors[b->n].name = n;
    b->authors[b->n].role = r;
    b->n++;
    if (role)
        b->n_roles++;
}

/* A name without a role must look like one: a known surname first, and
 * two or three characters (four with a compound surname). */
static int plausible_bare_name(const un_lexicon *lx, const tok *t)
{
    size_t slen;
    if (!un_lex_surname_at(lx, t->p, t->p + t->len, &slen))
        return 0;
    size_t schars = un_utf8_count(t->p, slen);
    return t->nchars > schars && t->nchars <= schars + 2;
}

typedef struct parse {
    const un_lexicon *lx;
    const toks *ts;
    size_t i;       /* next token */
    int names_ok;   /* names without a role are allowed */
    un_byline *b;
} parse;

static const tok *peek(const parse *ps, size_t k)
{
    return ps->i + k < ps->ts->n ? &ps->ts->t[ps->i + k] : NULL;
}

/* Parses role/name items from ps->i on, stopping at the first token that
 * does not fit. Returns 1 when at least one author was found and the
 * names left without a role are allowed. */
static int parse_items(parse *ps)
{
    const tok *role = NULL;      /* the pre role in force */
    const tok *bare[UN_BYLINE_MAX];
    size_t nbare = 0;            /* names seen without a role, waiting for a post role */
    size_t before = ps->b->n;
    size_t stop = ps->i;         /* token index after the last accepted item */
    int first = 1;
    for (;;) {
        const tok *t = peek(ps, 0);
        if (!t)
            break;
        if (t->kind == T_ROLE) {
            const tok *next = peek(ps, 1);
            int next_is_name = next && (next->kind == T_HAN ||
                                        (next->kind == T_SEP && peek(ps, 2) &&
                                         peek(ps, 2)->kind == T_HAN) ||
                                        next->kind == T_COLON);
            if (t->role == UN_ROLE_NOISE ||
                ((t->role == UN_ROLE_POST || t->role == UN_ROLE_BOTH) && next &&
                 next->kind == T_ROLE)) {
                /* 本报 in 本报记者; 文/摄 in 文/摄本报记者. */
                ps->i++;
                continue;
            }
            if (t->role == UN_ROLE_POST || (t->role == UN_ROLE_BOTH && !next_is_name)) {
                /* Caption text before a credit (比赛 周建巨 摄) is no name. */
                for (size_t k = 0; k < nbare; k++)
                    if (!plausible_bare_name(ps->lx, bare[k]))
                        return 0;
                for (size_t k = 0; k < nbare; k++)
                    add_author(ps->b, bare[k], t);
                nbare = 0;
                ps->i++;
                stop = ps->i;
                continue;
            }
            role = t;
            ps->i++;
            if (peek(ps, 0) && peek(ps, 0)->kind == T_COLON)
                ps->i++;
            first = 0;
            continue;
        }
        if (t->kind == T_HAN) {
            const tok *next = peek(ps, 1);
            if (first && next && next->kind == T_ROLE && next->role == UN_ROLE_PRE &&
                t->nchars <= MAX_OUTLET_CHARS) {
                /* An outlet's name glued to the role: 大皖新闻记者. */
                ps->i++;
                first = 0;
                continue;
            }
            first = 0;
            if (t->nchars < 2 || t->nchars > 4)
                break;
            if (role) {
                add_author(ps->b, t, role);
            } else {
                if (nbare == UN_BYLINE_MAX)
                    break;
                bare[nbare++] = t;
            }
            ps->i++;
            stop = ps->i;
            continue;
        }
        if (t->kind == T_SEP) {
            const tok *next = peek(ps, 1);
            if (next && (next->kind == T_HAN || next->kind == T_ROLE)) {
                ps->i++;
                continue;
            }
        }
        break;
    }
    ps->i = stop;
    if (nbare > 0) {
        if (!ps->names_ok)
            return 0;
        for (size_t k = 0; k < nbare; k++)
            if (!plausible_bare_name(ps->lx, bare[k]))
                return 0;
        for (size_t k = 0; k < nbare; k++)
            add_author(ps->b, bare[k], NULL);
    }
    return ps->b->n > before;
}

static void reset(un_byline *b)
{
    b->start = b->end = b->body = 0;
    b->n = b->n_roles = 0;
}

static size_t offset(const char *base, const tok *t)
{
    return (size_t)(t->p - base);
}

/* Skips decorations (■ and the like) and spaces at the start. */
static const char *skip_lead(const char *p, const char *end)
{
    while (p < end) {
        const char *q = p;
        uint32_t c = un_utf8_next(&q, end);
        if (!un_is_space(c) && !is_decoration(c))
            break;
        p = q;
    }
    return p;
}

/* A dateline before the byline: 本报讯, 温州网讯, 新华社北京5月1日电. Returns
 * where it ends, or p when there is none. */
static const char *skip_dateline(const un_lexicon *lx, const char *p, const char *end)
{
    const char *q = p;
    for (int k = 0; k < 16 && q < end; k++) {
        const char *r = q;
        uint32_t c = un_utf8_next(&r, end);
        int word = un_is_han(c) || (c < 0x80 && (c >= '0' && c <= '9')) || c == 0xB7;
        if (!word)
            return p;
        size_t len = un_lex_len_from(lx, UN_WL_DATELINE, c, q, r, end), rlen;
        if (len) {
            const char *after = q + len;
            if (after == end)
                return after;
            const char *s = after;
            uint32_t d = un_utf8_next(&s, end);
            if (!un_is_han(d) || un_lex_role_at(lx, after, end, &rlen) != UN_ROLE_NONE)
                return after;
        }
        q = r;
    }
    return p;
}

int un_byline_lead(const un_lexicon *lx, const char *s, size_t n, un_byline *b)
{
    reset(b);
    const char *end = s + n;
    /* A lead byline is short: look at the first 160 bytes only, so a long
     * paragraph costs nothing more. */
    const char *limit = n > 160 ? s + 160 : end;
    while (limit < end && ((unsigned char)*limit & 0xC0) == 0x80)
        limit--;
    const char *p = skip_lead(s, limit);
    const char *start = p;
    const char *q = skip_dateline(lx, p, limit);
    int dateline = q != p;
    if (!may_hold_role(lx, q, limit))
        return 0;
    toks ts;
    tokenize(lx, q, limit, &ts, 1);
    parse ps = {lx, &ts, 0, 0, b};
    while (peek(&ps, 0) && peek(&ps, 0)->kind == T_SEP)
        ps.i++;
    int open = 0;
    if (peek(&ps, 0) && peek(&ps, 0)->kind == T_OPEN) {
        open = 1;
        ps.i++;
    }
    if (!parse_items(&ps) || b->n_roles == 0)
        return 0;
    while (peek(&ps, 0) && peek(&ps, 0)->kind == T_SEP && open)
        ps.i++;
    const tok *t = peek(&ps, 0);
    const char *stop;
    if (open) {
        if (!t || t->kind != T_CLOSE)
            return 0;
        stop = t->p + t->len;
        ps.i++;
        const tok *r = peek(&ps, 0);
        if (r && r->kind == T_REPORT)
            stop = r->p + r->len;
    } else if (t && t->kind == T_REPORT) {
        stop = t->p + t->len;
    } else if (dateline && (!t || t->kind == T_SEP)) {
        stop = t ? t->p : limit;
        if (!t && limit != end)
            return 0;
    } else if (!t && limit == end) {
        stop = end; /* the whole line is the byline */
    } else {
        return 0;
    }
    b->start = (size_t)(start - s);
    b->end = (size_t)(stop - s);
    const char *body = skip_lead(stop, end);
    b->body = (size_t)(body - s);
    return 1;
}

/* The byline inside brackets ending at the end of the tokens, or an
 * unclosed bracket that runs to the end. */
static int tail_bracket(const un_lexicon *lx, const char *s, const toks *ts, int names_ok,
                        un_byline *b)
{
    size_t last = ts->n - 1;
    int closed = ts->t[last].kind == T_CLOSE;
    size_t open = SIZE_MAX;
    for (size_t k = closed ? last : ts->n; k-- > 0;) {
        if (ts->t[k].kind == T_CLOSE)
            return 0;
        if (ts->t[k].kind == T_OPEN) {
            open = k;
            break;
        }
    }
    if (open == SIZE_MAX)
        return 0;
    parse ps = {lx, ts, open + 1, names_ok, b};
    while (peek(&ps, 0) && peek(&ps, 0)->kind == T_SEP)
        ps.i++;
    if (!parse_items(&ps))
        return 0;
    while (peek(&ps, 0) && peek(&ps, 0)->kind == T_SEP)
        ps.i++;
    if (closed ? ps.i != last : ps.i != ts->n)
        return 0;
    if (!closed && b->n_roles == 0)
        return 0;
    b->start = offset(s, &ts->t[open]);
    b->end = closed ? offset(s, &ts->t[last]) + ts->t[last].len
                    : offset(s, &ts->t[ts->n - 1]) + ts->t[ts->n - 1].len;
    return 1;
}

/* Tokens of the last `room` bytes of s[0..n), starting on a character. */
static const char *tail_start(const char *s, size_t n, size_t room)
{
    if (n <= room)
        return s;
    const char *p = s + n - room;
    while (p < s + n && ((unsigned char)*p & 0xC0) == 0x80)
        p++;
    return p;
}

/* The last opening bracket in from..end with no other bracket after it
 * (but for a closing one that ends the text), or NULL. */
static const char *last_open(const char *from, const char *end)
{
    const char *p = end;
    int first = 1;
    while (p > from) {
        const char *q = p;
        uint32_t c = un_utf8_prev(from, &q);
        if (is_open(c))
            return q;
        if (is_close(c) && !first)
            return NULL;
        first = 0;
        p = q;
    }
    return NULL;
}

int un_byline_tail(const un_lexicon *lx, const char *s, size_t n, int names_ok, un_byline *b)
{
    reset(b);
    size_t len = n;
    const char *t0 = un_trim(s, &len);
    const char *end = t0 + len;
    if (len == 0)
        return 0;
    /* A byline ends with a closing bracket or a name, never with sentence
     * punctuation: most paragraphs are done with here. */
    const char *q = end;
    uint32_t last = un_fold_width(un_utf8_prev(t0, &q));
    if (!is_close(last) && !un_is_han(last))
        return 0;
    const char *from = tail_start(t0, len, 120);
    toks ts;
    const char *open = last_open(from, end);
    if (open) {
        tokenize(lx, open, end, &ts, 1);
        if (ts.n > 0 && !ts.truncated && tail_bracket(lx, s, &ts, names_ok, b))
            return 1;
        reset(b);
    }
    /* No brackets: the text after the last sentence end, when short. */
    const char *p = end;
    const char *cut = NULL;
    while (p > from) {
        const char *r = p;
        uint32_t c = un_fold_width(un_utf8_prev(from, &r));
        if (un_is_terminal(c) || c == 0x201D || c == 0x300D) {
            cut = p;
            break;
        }
        p = r;
    }
    if (!cut || end - cut > 60)
        return 0;
    const char *start = skip_lead(cut, end);
    if (start == end)
        return 0;
    tokenize(lx, start, end, &ts, 1);
    if (ts.truncated)
        return 0;
    parse ps = {lx, &ts, 0, 0, b};
    if (!parse_items(&ps) || ps.i != ts.n)
        return 0;
    if (b->n_roles == 0)
        return 0;
    b->start = (size_t)(start - s);
    b->end = (size_t)(end - s);
    return 1;
}

int un_byline_line(const un_lexicon *lx, const char *s, size_t n, un_byline *b)
{
    reset(b);
    const char *end = s + n;
    const char *p = skip_lead(s, end);
    size_t len = (size_t)(end - p);
    p = un_trim(p, &len);
    end = p + len;
    if (len == 0 || len > 160)
        return 0;
    toks ts;
    tokenize(lx, p, end, &ts, 1);
    if (ts.truncated || ts.n == 0)
        return 0;
    size_t first = 0, last = ts.n;
    if (ts.t[0].kind == T_OPEN && ts.t[ts.n - 1].kind == T_CLOSE) {
        first = 1;
        last = ts.n - 1;
    }
    toks inner;
    inner.n = 0;
    inner.truncated = 0;
    for (size_t k = first; k < last; k++)
        inner.t[inner.n++] = ts.t[k];
    parse ps = {lx, &inner, 0, 1, b};
    if (!parse_items(&ps) || ps.i != inner.n)
        return 0;
    b->start = (size_t)(p - s);
    b->end = (size_t)(end - s);
    b->body = b->end;
    return 1;
}

int un_byline_credit(const un_lexicon *lx, const char *s, size_t n, un_byline *b)
{
    reset(b);
    size_t len = n;
    const char *t0 = un_trim(s, &len);
    const char *end = t0 + len;
    /* The credit ends the caption with 摄 (or another post role); it and
     * the names before it are Han characters and separators. */
    size_t rlen;
    un_role_pos rp = un_lex_role_before(lx, t0, end, &rlen);
    if (rp != UN_ROLE_POST && rp != UN_ROLE_BOTH)
        return 0;
    const char *from = end;
    while (from > t0) {
        const char *q = from;
        uint32_t c = un_utf8_prev(t0, &q);
        if (!un_is_han(c) && !is_sep(c) && c != '/')
            break;
        from = q;
    }
    if (end - from > 120)
        from = tail_start(from, (size_t)(end - from), 120);
    toks ts;
    tokenize(lx, from, end, &ts, 0);
    if (ts.n == 0 || ts.truncated || ts.t[ts.n - 1].kind != T_ROLE ||
        ts.t[ts.n - 1].role == UN_ROLE_PRE)
        return 0;
    /* Walk back over the names, separators and roles of the credit. */
    size_t k = ts.n - 1;
    while (k > 0) {
        const tok *t = &ts.t[k - 1];
        if (t->kind == T_SEP || t->kind == T_ROLE || (t->kind == T_HAN && t->nchars <= 4))
            k--;
        else
            break;
    }
    /* A Han run right before the credit may be caption text glued to a
     * role (现场 记者石家豪摄 is split by its space; 比赛。周建巨 by 。). */
    while (k < ts.n && ts.t[k].kind == T_SEP)
        k++;
    for (; k < ts.n; k++) {
        reset(b);
        toks sub;
        sub.n = 0;
        sub.truncated = 0;
        for (size_t j = k; j < ts.n; j++)
            sub.t[sub.n++] = ts.t[j];
        parse ps = {lx, &sub, 0, 0, b};
        if (sub.t[0].kind == T_HAN || sub.t[0].kind == T_ROLE) {
            if (parse_items(&ps) && ps.i == sub.n) {
                b->start = offset(s, &ts.t[k]);
                b->end = (size_t)(end - s);
                return 1;
            }
        }
    }
    reset(b);
    return 0;
}
