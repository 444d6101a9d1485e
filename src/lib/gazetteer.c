/* gazetteer.c: owns the gazetteer: the divisions of data/places.tsv and
 * data/towns.tsv (or of files a user gives), the forms each is printed
 * under, which forms are also ordinary words, and the automaton over all
 * of them.
 *
 * Forms of a place: its full name (黄岩区); its root, the name without the
 * suffix of data/index.tsv (黄岩), when that leaves two characters or more
 * and does not start with a suffix character itself (市中区 gives no 市中);
 * for a division named for ethnic groups, the part before them (阿坝藏族羌族
 * 自治州 -> 阿坝) and that part with 州 or 县 (阿坝州).
 *
 * A form is risky, and counts only with evidence, when it is also an
 * ordinary word: a full name of two characters (城区, 郊区, 忠县), or a root
 * that the jieba dictionary (data/placewords.tsv) lists as an ordinary
 * word (a part of speech that is no name: 开化 v, 天台 n), or lists so often
 * that a county or prefecture alone cannot explain it (江山 1224 times,
 * 长兴 100: a county's name is rare in general text). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "gazetteer.h"
#include "lexicon.h"
#include "entities.h"
#include "text.h"

extern const char un_data_places[];
extern const size_t un_data_places_len;
extern const char un_data_towns[];
extern const size_t un_data_towns_len;
extern const char un_data_placewords[];
extern const size_t un_data_placewords_len;
extern const char un_data_t2s[];
extern const size_t un_data_t2s_len;
extern const char un_data_index[];
extern const size_t un_data_index_len;
extern const char un_data_crosswords[];
extern const size_t un_data_crosswords_len;
extern const char un_data_commonwords[];
extern const size_t un_data_commonwords_len;
extern const char un_data_functionchars[];
extern const size_t un_data_functionchars_len;

/* The risk thresholds of the module comment: jieba counts above which a
 * root is taken for an ordinary word. */
#define RISK_ANY_WORD 20          /* listed as an ordinary word */
#define RISK_COUNTY_NAME 80       /* a county-level name listed this often */
#define RISK_PREFECTURE_NAME 3000 /* a prefecture's name listed this often */

static const char *const level_names[] = {"province", "prefecture", "county", "town"};

/* ---- small string maps ---- */

typedef struct word_entry {
    un_str word;
    long freq;
    un_str pos;
} word_entry;

typedef struct build {
    un_gazetteer *g;
    un_vec suffixes, ethnic, nametags; /* of un_str */
    word_entry *words;                  /* open addressing */
    size_t wcap;
    un_vec rows;                        /* of place_row */
    const char *file;
    char *err;
    size_t errlen;
    const void *lit_blob; /* the forms' Hyperscan database, compiled ahead */
    size_t lit_blob_len;
    un_cp_bitmap *name_chars; /* the code points of the forms */
    int astral_names;         /* some form holds a code point past the BMP */
} build;

typedef struct place_row {
    un_str code, name, level, parent, status, successor;
} place_row;

static int str_eq(un_str a, const char *s, size_t n)
{
    return a.len == n && memcmp(a.ptr, s, n) == 0;
}

static const word_entry *word_find(const build *b, const char *s, size_t n)
{
    if (!b->wcap)
        return NULL;
    size_t h = (size_t)un_hash_bytes(s, n) & (b->wcap - 1);
    while (b->words[h].word.ptr) {
        if (str_eq(b->words[h].word, s, n))
            return &b->words[h];
        h = (h + 1) & (b->wcap - 1);
    }
    return NULL;
}

/* ---- reading the lists ---- */

static int on_index_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    build *b = ctx;
    un_gazetteer *g = b->g;
    if (nf < 2)
        return 0;
    static const char *const names[GL_COUNT] = {
        "org",       "townsuffix", "unionsuffix",   "unionlevel", "unionname", "legalform",
        "companysuffix", "stop",   "generic",       "progsuffix", "proghead",  "progweak",
        "progbefore", "role",      "personverb",    "nameend",    "common",   "function",
        "surnamecommon", "notsuffix", "kindend", "grouprole", "orgchar", "proglevel", "particle", "pronoun",
        "preposition"};
    un_vec *v = str_eq(f[0], "suffix", 6)    ? &b->suffixes
                : str_eq(f[0], "ethnic", 6)  ? &b->ethnic
                : str_eq(f[0], "nametag", 7) ? &b->nametags
                                             : NULL;
    if (v) {
        *(un_str *)un_vec_push_unset(v) = f[1];
        return 0;
    }
    for (int l = 0; l < GL_COUNT; l++)
        if (str_eq(f[0], names[l], strlen(names[l]))) {
            un_wordset_add(&g->lists[l], f[1].ptr, f[1].len, 0);
            return 0;
        }
    fprintf(stderr, "unionnews: data/index.tsv: unknown list '%.*s'\n", (int)f[0].len, f[0].ptr);
    abort();
}

static int on_word_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    build *b = ctx;
    if (nf < 3)
        return 0;
    size_t h = (size_t)un_hash_bytes(f[0].ptr, f[0].len) & (b->wcap - 1);
    while (b->words[h].word.ptr)
        h = (h + 1) & (b->wcap - 1);
    b->words[h].word = f[0];
    b->words[h].freq = strtol(f[1].ptr, NULL, 10);
    b->words[h].pos = f[2];
    return 0;
}

static int fail(build *b, size_t lineno, const char *what)
{
    snprintf(b->err, b->errlen, "%s:%zu: %s", b->file, lineno, what);
    return 1;
}

static int on_place_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    build *b = ctx;
    if (nf >= 1 && str_eq(f[0], "code", 4))
        return 0; /* the header */
    if (nf < 3)
        return fail(b, lineno, "expected code, name, level, parent, status, successor");
    place_row *r = UN_VEC_PUSH(&b->rows, place_row);
    r->code = f[0];
    r->name = f[1];
    r->level = f[2];
    r->parent = nf > 3 ? f[3] : un_str_make("", 0);
    r->status = nf > 4 ? f[4] : un_str_make("", 0);
    r->successor = nf > 5 ? f[5] : un_str_make("", 0);
    if (r->name.len == 0)
        return fail(b, lineno, "a place without a name");
    if (r->code.len != 0 && r->code.len != 6)
        return fail(b, lineno, "a code of six digits expected");
    for (size_t i = 0; i < r->code.len; i++)
        if (r->code.ptr[i] < '0' || r->code.ptr[i] > '9')
            return fail(b, lineno, "a code of six digits expected");
    int known = 0;
    for (int l = 0; l < 3; l++)
        known |= str_eq(r->level, level_names[l], strlen(level_names[l]));
    if (!known)
        return fail(b, lineno, "level must be province, prefecture or county");
    if (r->code.len == 0 && r->successor.len == 0)
        return fail(b, lineno, "a place needs a code or a successor");
    return 0;
}

/* ---- building ---- */

/* The code index: each code once, a current place before a historical
 * one of the same code. */
static void index_codes(un_gazetteer *g)
{
    g->code_cap = 16;
    while (g->code_cap < 2 * g->nplaces)
        g->code_cap *= 2;
    g->code_slot = un_xmalloc(g->code_cap * sizeof(int32_t));
    for (size_t i = 0; i < g->code_cap; i++)
        g->code_slot[i] = -1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < g->nplaces; i++) {
            const place *p = &g->places[i];
            if (!p->code[0] || p->historical != pass)
                continue;
            size_t h = (size_t)un_hash_bytes(p->code, 6) & (g->code_cap - 1);
            while (g->code_slot[h] >= 0 && memcmp(g->places[g->code_slot[h]].code, p->code, 6))
                h = (h + 1) & (g->code_cap - 1);
            if (g->code_slot[h] < 0)
                g->code_slot[h] = (int32_t)i;
        }
}

static long code_index(const un_gazetteer *g, const char *code, size_t n, int current_only)
{
    if (n != 6 || !g->code_cap)
        return -1;
    size_t h = (size_t)un_hash_bytes(code, 6) & (g->code_cap - 1);
    while (g->code_slot[h] >= 0) {
        const place *p = &g->places[g->code_slot[h]];
        if (memcmp(p->code, code, 6) == 0)
            return current_only && p->historical ? -1 : g->code_slot[h];
        h = (h + 1) & (g->code_cap - 1);
    }
    return -1;
}

/* Where the root of a name ends (a byte offset), or 0 when it has none
 * of two characters or more. */
static size_t root_end(const build *b, const char *s, size_t n, int *ethnic)
{
    *ethnic = 0;
    /* Named for ethnic groups: the part before the first of them. */
    const char *p = s, *end = s + n;
    size_t chars = 0;
    while (p < end) {
        if (chars >= 2) {
            for (size_t k = 0; k < b->ethnic.len; k++) {
                un_str e = UN_VEC_AT(&b->ethnic, un_str, k);
                size_t room = (size_t)(end - p);
                if (e.len > room || memcmp(p, e.ptr, e.len) != 0)
                    continue;
                const char *after = p + e.len;
                size_t rest = (size_t)(end - after);
                int zu = rest >= 3 && memcmp(after, "族", 3) == 0;
                int self = e.len >= 6 && rest >= 6 && memcmp(after, "自治", 6) == 0;
                if (zu || self) {
                    *ethnic = 1;
                    return (size_t)(p - s);
                }
            }
        }
        un_utf8_next(&p, end);
        chars++;
    }
    for (size_t k = 0; k < b->suffixes.len; k++) {
        un_str x = UN_VEC_AT(&b->suffixes, un_str, k);
        if (x.len < n && memcmp(s + n - x.len, x.ptr, x.len) == 0 &&
            un_utf8_count(s, n - x.len) >= 2)
            return n - x.len;
    }
    return 0;
}

static int starts_with_suffix_char(const build *b, const char *s, size_t n)
{
    for (size_t k = 0; k < b->suffixes.len; k++) {
        un_str x = UN_VEC_AT(&b->suffixes, un_str, k);
        /* the one-character suffixes: 省 市 区 县 州 旗 盟 */
        if (un_utf8_count(x.ptr, x.len) == 1 && x.len <= n && memcmp(s, x.ptr, x.len) == 0)
            return 1;
    }
    return 0;
}

static int is_name_tag(const build *b, un_str pos)
{
    for (size_t k = 0; k < b->nametags.len; k++)
        if (str_eq(UN_VEC_AT(&b->nametags, un_str, k), pos.ptr, pos.len))
            return 1;
    return 0;
}

static int risky_form(const build *b, const place *p, const char *s, size_t n, int kind)
{
    size_t chars = un_utf8_count(s, n);
    if (kind == FORM_FULL && chars <= 2)
        return 1;
    const word_entry *w = word_find(b, s, n);
    if (!w)
        return 0;
    if (!is_name_tag(b, w->pos) && w->freq >= RISK_ANY_WORD)
        return 1;
    if (kind == FORM_FULL)
        return 0;
    if (p->level == LEVEL_COUNTY && w->freq >= RISK_COUNTY_NAME)
        return 1;
    if (p->level == LEVEL_PREFECTURE && w->freq >= RISK_PREFECTURE_NAME)
        return 1;
    return 0;
}

/* Adds a form; its text is s, or (s NULL) n bytes at offset off of g->text,
 * whose pointer is fixed once the text stops growing. */
static void add_form(build *b, un_vec *forms, size_t pi, const char *s, size_t off, size_t n,
                     int kind)
{
    un_gazetteer *g = b->g;
    form *f = UN_VEC_PUSH(forms, form);
    f->text = s ? s : (const char *)(uintptr_t)off;
    f->len = (uint32_t)n;
    if (!s)
        s = g->text.data + off;
    f->place = (int32_t)pi;
    f->kind = (uint8_t)kind;
    f->risky = (uint8_t)risky_form(b, &g->places[pi], s, n, kind);
    f->nchars = (uint8_t)un_utf8_count(s, n);
    const word_entry *w = word_find(b, s, n);
    f->freq = w ? (uint32_t)w->freq : 0;
    un_ac_add(g->ac, s, n, (uint32_t)(forms->len - 1));
    un_litset_add(g->lits, s, n, (uint32_t)(forms->len - 1));
    for (const char *q = s, *end = s + n; q < end;) {
        uint32_t c = un_utf8_next(&q, end);
        if (c >= 0x10000)
            b->astral_names = 1;
        un_cp_bitmap_set(b->name_chars, c);
    }
}

static void make_forms(build *b)
{
    un_gazetteer *g = b->g;
    un_vec forms;
    un_vec_init(&forms, sizeof(form));
    char buf[256];
    un_vec alias; /* of size_t: the forms whose text is in g->text */
    un_vec_init(&alias, sizeof(size_t));
    for (size_t i = 0; i < g->nplaces; i++) {
        const place *p = &g->places[i];
        add_form(b, &forms, i, p->name, 0, p->name_len, FORM_FULL);
        int ethnic;
        size_t r = root_end(b, p->name, p->name_len, &ethnic);
        if (r == 0 || starts_with_suffix_char(b, p->name, r))
            continue;
        add_form(b, &forms, i, p->name, 0, r, FORM_SHORT);
        if (ethnic && r + 3 < sizeof buf && p->level != LEVEL_PROVINCE) {
            /* 阿坝州, 长阳县: the root with the unit's kind. */
            memcpy(buf, p->name, r);
            memcpy(buf + r, p->level == LEVEL_PREFECTURE ? "州" : "县", 3);
            size_t off = g->text.len;
            un_buf_append(&g->text, buf, r + 3);
            *(size_t *)un_vec_push_unset(&alias) = forms.len;
            add_form(b, &forms, i, NULL, off, r + 3, FORM_ALIAS);
        }
    }
    g->nforms = forms.len;
    g->forms = un_vec_take(&forms);
    for (size_t k = 0; k < alias.len; k++) {
        form *f = &g->forms[UN_VEC_AT(&alias, size_t, k)];
        f->text = g->text.data + (size_t)(uintptr_t)f->text;
    }
    un_vec_release(&alias);
}

static int on_common_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    (void)nf;
    un_gazetteer *g = ctx;
    un_wordset_add(&g->lists[GL_COMMON], f[0].ptr, f[0].len, 0);
    return 0;
}

static int on_function_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    (void)nf;
    un_gazetteer *g = ctx;
    un_wordset_add(&g->lists[GL_FUNCTION], f[0].ptr, f[0].len, 0);
    return 0;
}

/* A surname that begins no name where it stands: one character, which
 * begins no longer surname and is a word of grammar (和, 有, 都) but no
 * common surname. The people finder passes over it wherever it stands, so
 * it raises no event. */
static int nameless_surname(const un_gazetteer *g, const un_lexicon *lx, uint32_t c)
{
    char enc[4];
    size_t n = un_utf8_encode(c, enc);
    const char *end = enc + n;
    if (!lx->surnames.single || !un_cp_bitmap_has(lx->surnames.single, c))
        return 0;
    return un_wordset_len_from(&g->lists[GL_FUNCTION], c, enc, end, end) == n &&
           !un_gaz_word_at(g, GL_SURNAMECOMMON, enc, end);
}

/* The events each code point starts, for the entity finders' one pass. */
static void make_evclass(un_gazetteer *g)
{
    uint8_t *ec = un_xcalloc(65536 + 3, 1); /* and 3 for a gather's last 4 bytes */
    const un_lexicon *lx = un_lexicon_default();
    const un_cp_bitmap *sur = un_lex_surname_starts(lx);
    for (uint32_t c = 0; c < 65536; c++) {
        uint8_t m = 0;
        if (un_cp_bitmap_has(sur, c) && un_is_han(c) && !nameless_surname(g, lx, c))
            m |= EV_SURNAME;
        if (un_gaz_may_start(g, GL_LEGALFORM, c) || un_gaz_may_start(g, GL_COMPANYSUFFIX, c))
            m |= EV_COMPANY;
        if (un_gaz_may_start(g, GL_UNIONSUFFIX, c))
            m |= EV_UNION;
        if (c == 0x201C || c == 0x201D || c == 0x300C || c == 0x300D || c == 0x300A ||
            c == 0x300B || c == 0x2018 || c == 0x2019)
            m |= EV_QUOTE;
        if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || un_is_cn_numeral(c))
            m |= EV_NUMBER;
        if (un_cp_bitmap_has(g->foldable, c))
            m |= EV_FOLD;
        if (un_gaz_may_start(g, GL_TOWNSUFFIX, c))
            m |= EV_TOWN;
        ec[c] = m;
    }
    g->evclass = ec;
    /* Around a surname, as maybe_name (entities.c) asks, from the same
     * predicates (entities.h): what may stand before a name, or the end of
     * a role (主席); what ends a given name of one or two characters. */
    g->name_before = un_xcalloc(1, sizeof *g->name_before);
    g->name_after = un_xcalloc(1, sizeof *g->name_after);
    for (uint32_t c = 0; c < 65536; c++) {
        if (ent_name_may_follow(un_fold_width(c)))
            un_cp_bitmap_set(g->name_before, c);
        if (ent_name_ends_before(c) || un_gaz_may_start(g, GL_PERSONVERB, c))
            un_cp_bitmap_set(g->name_after, c);
    }
    const un_word_index *roles = &g->lists[GL_ROLE].last;
    for (size_t i = 0; i < roles->nwords; i++) {
        const char *q = roles->words[i].s + roles->words[i].len;
        un_cp_bitmap_set(g->name_before, un_utf8_prev(roles->words[i].s, &q));
    }
}

/* The automaton's folding as a table, so that Hyperscan can scan
 * traditional text too: Hyperscan over the text folded by g->scan_fold
 * finds what the automaton finds in the text itself. un_ac_build gives a
 * character the class of the one it folds to where that one is in some
 * name (or folds to one that is) and it is in none; the same rule, pair by
 * pair in the same order, gives each character the one whose class it
 * takes. The table serves only where every such fold is of a character
 * of three bytes to one of three (so the hits' offsets stay those of the
 * text), as every pair of the bundled table is, unless the names hold
 * characters past the BMP; else the automaton scans. */
static void make_scan_fold(un_gazetteer *g, const build *b, const un_vec *fold)
{
    g->scan_fold_exact = !b->astral_names;
    if (!g->scan_fold_exact)
        return;
    uint16_t *rep = un_xcalloc(65536, sizeof *rep);
    for (uint32_t c = 0; c < 65536; c++)
        if (un_cp_bitmap_has(b->name_chars, c))
            rep[c] = (uint16_t)c;
    for (size_t k = 0; k < fold->len; k++) {
        const un_fold_pair *fp = &UN_VEC_AT(fold, un_fold_pair, k);
        if (fp->to >= 0x10000 || !rep[fp->to])
            continue; /* no class: past the BMP, no name holds it */
        if (un_utf8_size(fp->from) != 3 || un_utf8_size(rep[fp->to]) != 3) {
            g->scan_fold_exact = 0;
            free(rep);
            return;
        }
        if (!rep[fp->from])
            rep[fp->from] = rep[fp->to];
    }
    for (uint32_t c = 0; c < 65536; c++)
        if (rep[c] == c)
            rep[c] = 0; /* in a name itself, or never folded */
    g->scan_fold = rep;
}

/* The automaton is built once, by the first thread that needs it. */
static pthread_mutex_t ac_lock = PTHREAD_MUTEX_INITIALIZER;

const un_ac *un_gaz_ac(const un_gazetteer *cg)
{
    un_gazetteer *g = (un_gazetteer *)cg;
    pthread_mutex_lock(&ac_lock);
    if (!g->ac_built) {
        un_ac_build(g->ac, g->fold_pairs.data, g->fold_pairs.len);
        g->ac_built = 1;
    }
    pthread_mutex_unlock(&ac_lock);
    return g->ac;
}

int un_gaz_needs_fold(const un_gazetteer *g, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            p++;
        } else if (c >= 0xE0 && c < 0xF0 && end - p >= 3) {
            /* Valid UTF-8 (the reader's): the code point without checks. */
            uint32_t cp = un_utf8_decode3(p);
            if (un_cp_bitmap_has(g->foldable, cp))
                return 1;
            p += 3;
        } else {
            const char *q = (const char *)p;
            uint32_t cp = un_utf8_next(&q, (const char *)end);
            if (cp < 0x10000 && un_cp_bitmap_has(g->foldable, cp))
                return 1;
            p = (const unsigned char *)q;
        }
    }
    return 0;
}

/* Copies text[0..n) (valid UTF-8) into out, each character of three
 * bytes that has an entry in table replaced by it (of three bytes too:
 * the offsets stay). */
static void fold3(const uint16_t *table, const char *text, size_t n, char *out)
{
    memcpy(out, text, n);
    const unsigned char *p = (const unsigned char *)text, *end = p + n;
    while (p < end) {
        if (*p >= 0xE0 && *p < 0xF0 && end - p >= 3) {
            uint16_t to = table[un_utf8_decode3(p)];
            if (to)
                un_utf8_encode(to, out + ((const char *)p - text));
            p += 3;
        } else {
            p++; /* ASCII, or a byte of another length's sequence */
        }
    }
}

int un_gaz_scan_fold(const un_gazetteer *g, const char *text, size_t n, char *out)
{
    if (!g->scan_fold_exact)
        return 0;
    fold3(g->scan_fold, text, n, out);
    return 1;
}

void un_gaz_fold(const un_gazetteer *g, const char *text, size_t n, char *out)
{
    fold3(g->fold, text, n, out);
}

static int on_t2s_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    un_vec *v = ctx;
    if (nf < 2 || !f[0].len || !f[1].len)
        return 0;
    const char *a = f[0].ptr, *c = f[1].ptr;
    un_fold_pair *fp = UN_VEC_PUSH(v, un_fold_pair);
    fp->from = un_utf8_next(&a, f[0].ptr + f[0].len);
    fp->to = un_utf8_next(&c, f[1].ptr + f[1].len);
    return 0;
}

static int on_town_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    build *b = ctx;
    un_gazetteer *g = b->g;
    if (nf >= 1 && str_eq(f[0], "code", 4))
        return 0;
    if (nf < 3 || f[0].len < 6 || f[0].len >= sizeof g->towns[0].code)
        return fail(b, lineno, "expected code, name, county");
    long county = code_index(g, f[2].ptr, f[2].len, 1);
    if (county < 0)
        return 0; /* a town of a unit we do not list */
    if (g->ntowns == g->town_alloc) {
        g->town_alloc = g->town_alloc ? 2 * g->town_alloc : 1024;
        g->towns = un_xrealloc(g->towns, g->town_alloc * sizeof(town));
    }
    town *t = &g->towns[g->ntowns++];
    memcpy(t->code, f[0].ptr, f[0].len);
    t->code[f[0].len] = '\0';
    t->name = f[1].ptr;
    t->name_len = f[1].len;
    t->county = (int32_t)county;
    t->next = -1;
    const char *q = f[1].ptr;
    if (!g->town_starts)
        g->town_starts = un_xcalloc(1, sizeof *g->town_starts);
    un_cp_bitmap_set(g->town_starts, un_utf8_next(&q, f[1].ptr + f[1].len));
    size_t chars = un_utf8_count(f[1].ptr, f[1].len);
    if (chars > g->max_town_chars)
        g->max_town_chars = chars;
    return 0;
}

static void index_towns(un_gazetteer *g)
{
    g->town_cap = 16;
    while (g->town_cap < 2 * g->ntowns)
        g->town_cap *= 2;
    g->town_slot = un_xmalloc(g->town_cap * sizeof(int32_t));
    for (size_t i = 0; i < g->town_cap; i++)
        g->town_slot[i] = -1;
    g->town_filter = un_xcalloc((size_t)1 << (UN_GAZ_TOWN_FILTER_BITS - 6), sizeof(uint64_t));
    for (size_t i = g->ntowns; i-- > 0;) {
        town *t = &g->towns[i];
        uint64_t hv = un_gaz_town_hash(UN_GAZ_TOWN_HASH0, t->name, t->name_len);
        uint64_t b = hv >> (64 - UN_GAZ_TOWN_FILTER_BITS);
        g->town_filter[b >> 6] |= (uint64_t)1 << (b & 63);
        size_t h = (size_t)hv & (g->town_cap - 1);
        while (g->town_slot[h] >= 0) {
            const town *o = &g->towns[g->town_slot[h]];
            if (o->name_len == t->name_len && memcmp(o->name, t->name, t->name_len) == 0)
                break;
            h = (h + 1) & (g->town_cap - 1);
        }
        t->next = g->town_slot[h];
        g->town_slot[h] = (int32_t)i;
    }
}

int32_t un_gaz_towns_named(const un_gazetteer *g, const char *s, size_t n, uint64_t hv)
{
    if (!g->town_cap)
        return -1;
    size_t h = (size_t)hv & (g->town_cap - 1);
    while (g->town_slot[h] >= 0) {
        const town *t = &g->towns[g->town_slot[h]];
        if (t->name_len == n && memcmp(t->name, s, n) == 0)
            return g->town_slot[h];
        h = (h + 1) & (g->town_cap - 1);
    }
    return -1;
}

static int on_cross_line(void *ctx, size_t lineno, const un_str *f, size_t nf)
{
    (void)lineno;
    (void)nf;
    un_gazetteer *g = ctx;
    size_t h = (size_t)un_hash_bytes(f[0].ptr, f[0].len) & (g->cross_cap - 1);
    while (g->cross[h].ptr)
        h = (h + 1) & (g->cross_cap - 1);
    g->cross[h] = f[0];
    g->cross_freq[h] = nf > 1 ? (uint32_t)strtoul(f[1].ptr, NULL, 10) : 1;
    const char *p = f[0].ptr, *end = f[0].ptr + f[0].len;
    uint32_t c1 = un_utf8_next(&p, end);
    un_cp_bitmap_set(g->cross_starts, c1);
    if (p < end) {
        uint32_t b = un_gaz_pair_bit(c1, un_utf8_next(&p, end));
        g->cross_pairs[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    return 0;
}

static void load_crosswords(un_gazetteer *g)
{
    size_t n = 0;
    for (size_t i = 0; i < un_data_crosswords_len; i++)
        n += un_data_crosswords[i] == '\n';
    g->cross_cap = 16;
    while (g->cross_cap < 2 * n + 2)
        g->cross_cap *= 2;
    g->cross = un_xcalloc(g->cross_cap, sizeof(un_str));
    g->cross_freq = un_xcalloc(g->cross_cap, sizeof(uint32_t));
    g->cross_starts = un_xcalloc(1, sizeof *g->cross_starts);
    g->cross_pairs = un_xcalloc((size_t)1 << (UN_GAZ_PAIR_BITS - 6), sizeof(uint64_t));
    un_tsv_each(un_data_crosswords, un_data_crosswords_len, on_cross_line, g);
}

uint32_t un_gaz_crossword(const un_gazetteer *g, const char *s, size_t n)
{
    if (!g->cross_cap)
        return 0;
    size_t h = (size_t)un_hash_bytes(s, n) & (g->cross_cap - 1);
    while (g->cross[h].ptr) {
        if (str_eq(g->cross[h], s, n))
            return g->cross_freq[h];
        h = (h + 1) & (g->cross_cap - 1);
    }
    return 0;
}

int un_gaz_within(const un_gazetteer *g, int32_t b, int32_t a)
{
    for (int depth = 0; b >= 0 && depth < 8; depth++) {
        if (b == a)
            return 1;
        b = g->places[b].parent;
    }
    return 0;
}

/* Builds g from the texts of its files (which must outlive g: the names
 * point into them). Returns 0, or 1 with b->err set. */
static int build_all(un_gazetteer *g, const char *places, size_t places_len,
                     const char *places_file, const char *towns, size_t towns_len,
                     const char *towns_file, const void *blob, size_t blob_len, char *err,
                     size_t errlen)
{
    build b;
    memset(&b, 0, sizeof b);
    b.g = g;
    b.lit_blob = blob;
    b.lit_blob_len = blob_len;
    b.err = err;
    b.errlen = errlen;
    b.name_chars = un_xcalloc(1, sizeof *b.name_chars);
    un_vec_init(&b.suffixes, sizeof(un_str));
    un_vec_init(&b.ethnic, sizeof(un_str));
    un_vec_init(&b.nametags, sizeof(un_str));
    un_vec_init(&b.rows, sizeof(place_row));
    for (int l = 0; l < GL_COUNT; l++)
        un_wordset_init(&g->lists[l]);
    un_buf_init(&g->text);
    un_tsv_each(un_data_index, un_data_index_len, on_index_line, &b);
    un_tsv_each(un_data_commonwords, un_data_commonwords_len, on_common_line, g);
    un_tsv_each(un_data_functionchars, un_data_functionchars_len, on_function_line, g);
    g->starts = un_xcalloc(GL_COUNT, sizeof(un_cp_bitmap));
    for (int l = 0; l < GL_COUNT; l++)
        un_wordset_build(&g->lists[l], &g->starts[l]);
    /* Words of grammar are single characters, asked of one at a time. */
    un_wordset_note_singles(&g->lists[GL_FUNCTION]);
    /* jieba words: a table at most half full. */
    size_t nwords = 0;
    for (size_t i = 0; i < un_data_placewords_len; i++)
        nwords += un_data_placewords[i] == '\n';
    b.wcap = 16;
    while (b.wcap < 2 * nwords + 2)
        b.wcap *= 2;
    b.words = un_xcalloc(b.wcap, sizeof(word_entry));
    un_tsv_each(un_data_placewords, un_data_placewords_len, on_word_line, &b);
    b.file = places_file;
    int rc = un_tsv_each(places, places_len, on_place_line, &b);
    if (!rc && b.rows.len == 0)
        rc = fail(&b, 1, "no places");
    if (!rc) {
        g->nplaces = b.rows.len;
        g->places = un_xcalloc(g->nplaces, sizeof(place));
        for (size_t i = 0; i < g->nplaces; i++) {
            const place_row *r = &UN_VEC_AT(&b.rows, place_row, i);
            place *p = &g->places[i];
            memcpy(p->code, r->code.ptr, r->code.len);
            p->name = r->name.ptr;
            p->name_len = r->name.len;
            for (int l = 0; l < 3; l++)
                if (str_eq(r->level, level_names[l], strlen(level_names[l])))
                    p->level = (uint8_t)l;
            p->historical = str_eq(r->status, "historical", 10);
            p->parent = p->successor = p->province = -1;
        }
        index_codes(g);
        for (size_t i = 0; i < g->nplaces && !rc; i++) {
            const place_row *r = &UN_VEC_AT(&b.rows, place_row, i);
            place *p = &g->places[i];
            if (r->parent.len) {
                p->parent = (int32_t)code_index(g, r->parent.ptr, r->parent.len, 1);
                if (p->parent < 0)
                    rc = fail(&b, 0, "a parent code that is no place");
            }
            if (r->successor.len) {
                p->successor = (int32_t)code_index(g, r->successor.ptr, r->successor.len, 1);
                if (p->successor < 0)
                    rc = fail(&b, 0, "a successor code that is no current place");
            }
        }
        for (size_t i = 0; i < g->nplaces; i++) {
            int32_t k = (int32_t)i;
            for (int depth = 0; depth < 8 && g->places[k].parent >= 0; depth++)
                k = g->places[k].parent;
            g->places[i].province = k;
        }
    }
    if (!rc) {
        g->ac = un_ac_new();
        g->lits = un_litset_new();
        make_forms(&b);
        un_vec fold;
        un_vec_init(&fold, sizeof(un_fold_pair));
        un_tsv_each(un_data_t2s, un_data_t2s_len, on_t2s_line, &fold);
        /* The automaton is built when first needed (un_gaz_ac): with
         * Hyperscan, only traditional text needs it. */
        g->fold_pairs = fold;
        un_litset_build(g->lits, b.lit_blob, b.lit_blob_len);
        g->fold = un_xcalloc(65536, sizeof(uint16_t));
        g->foldable = un_xcalloc(1, sizeof *g->foldable);
        for (size_t k = 0; k < fold.len; k++) {
            const un_fold_pair *fp = &UN_VEC_AT(&fold, un_fold_pair, k);
            if (fp->from < 0x10000 && fp->to < 0x10000) {
                /* Folded where the UTF-8 length stays (three bytes, as
                 * every pair of the table has). */
                if (un_utf8_size(fp->from) == 3 && un_utf8_size(fp->to) == 3)
                    g->fold[fp->from] = (uint16_t)fp->to;
                un_cp_bitmap_set(g->foldable, fp->from);
            }
        }
        make_scan_fold(g, &b, &fold);
        make_evclass(g);
        load_crosswords(g);
        if (towns) {
            b.file = towns_file;
            rc = un_tsv_each(towns, towns_len, on_town_line, &b);
            index_towns(g);
        }

    }
    free(b.words);
    free(b.name_chars);
    un_vec_release(&b.suffixes);
    un_vec_release(&b.ethnic);
    un_vec_release(&b.nametags);
    un_vec_release(&b.rows);
    return rc;
}

/* ---- the default gazetteer ---- */

/* The embedded gazetteer's forms compiled for Hyperscan at build time
 * (tools/litblob.c), or nothing (length 0): then they compile at start. */
extern const unsigned char un_lit_blob[];
extern const size_t un_lit_blob_len;

static un_gazetteer *the_default;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void build_default(void)
{
    un_gazetteer *g = un_xcalloc(1, sizeof *g);
    char err[256];
    if (build_all(g, un_data_places, un_data_places_len, "data/places.tsv", un_data_towns,
                  un_data_towns_len, "data/towns.tsv", un_lit_blob, un_lit_blob_len, err,
                  sizeof err)) {
        fprintf(stderr, "unionnews: the embedded gazetteer is broken: %s\n", err);
        abort();
    }
    /* The source: the second comment line of places.tsv names it. */
    const char *p = strstr(un_data_places, "# npm ");
    const char *e = p ? strchr(p, ',') : NULL;
    if (p && e && (size_t)(e - p - 2) < sizeof g->source)
        memcpy(g->source, p + 2, (size_t)(e - p - 2));
    else
        snprintf(g->source, sizeof g->source, "embedded data/places.tsv");
    the_default = g;
}

const un_gazetteer *un_gazetteer_default(void)
{
    pthread_once(&default_once, build_default);
    return the_default;
}

/* A user's gazetteer keeps its file texts alive behind the struct. */
typedef struct loaded {
    un_gazetteer g;
    char *places_text, *towns_text;
} loaded;

static char *read_file(const char *path, size_t *n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    un_buf b;
    un_buf_init(&b);
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        un_buf_append(&b, chunk, k);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "cannot read '%s'", path);
        un_buf_release(&b);
        return NULL;
    }
    un_buf_putc(&b, '\0');
    *n = b.len - 1;
    return b.data;
}

un_gazetteer *un_gazetteer_load(const char *places_path, const char *towns_path, char *err,
                                size_t errlen)
{
    loaded *l = un_xcalloc(1, sizeof *l);
    size_t np = 0, nt = 0;
    l->places_text = read_file(places_path, &np, err, errlen);
    if (l->places_text && towns_path)
        l->towns_text = read_file(towns_path, &nt, err, errlen);
    if (!l->places_text || (towns_path && !l->towns_text) ||
        build_all(&l->g, l->places_text, np, places_path, l->towns_text, nt, towns_path, NULL, 0,
                  err,
                  errlen)) {
        un_gazetteer_free(&l->g);
        return NULL;
    }
    snprintf(l->g.source, sizeof l->g.source, "%s", places_path);
    return &l->g;
}

void un_gazetteer_free(un_gazetteer *g)
{
    if (!g || g == the_default)
        return;
    loaded *l = (loaded *)g;
    un_ac_free(g->ac);
    un_vec_release(&g->fold_pairs);
    un_litset_free(g->lits);
    free(g->foldable);
    free(g->evclass);
    free(g->name_before);
    free(g->name_after);
    free(g->places);
    free(g->forms);
    free(g->towns);
    free(g->town_slot);
    free(g->code_slot);
    free(g->cross);
    free(g->cross_freq);
    free(g->cross_starts);
    free(g->cross_pairs);
    free(g->town_starts);
    free(g->town_filter);
    un_buf_release(&g->text);
    for (int k = 0; k < GL_COUNT; k++)
        un_wordset_release(&g->lists[k]);
    free(g->starts);
    free(g->fold);
    free(g->scan_fold);
    free(l->places_text);
    free(l->towns_text);
    free(l);
}

const char *un_gazetteer_source(const un_gazetteer *g)
{
    return g->source;
}

void un_gazetteer_stats_get(const un_gazetteer *g, un_gazetteer_stats *out)
{
    out->places = g->nplaces;
    out->towns = g->ntowns;
    out->forms = g->nforms;
    const un_ac *ac = un_gaz_ac(g);
    out->states = un_ac_states(ac);
    out->bytes = un_ac_bytes(ac) + g->nplaces * sizeof(place) + g->nforms * sizeof(form) +
                 g->ntowns * sizeof(town) + g->town_cap * sizeof(int32_t);
}

long un_gazetteer_find(const un_gazetteer *g, const char *s, size_t n)
{
    int digits = n > 0;
    for (size_t i = 0; i < n; i++)
        digits &= s[i] >= '0' && s[i] <= '9';
    if (digits)
        return n == 6 ? code_index(g, s, n, 0) : -1;
    /* Full names first, then the other forms; a province before the rest
     * (河北 is 河北省 before it is 天津's 河北区); current places only. */
    long all[16];
    size_t k = un_gazetteer_find_all(g, s, n, all, 16);
    for (size_t i = 0; i < k && i < 16; i++)
        if (g->places[all[i]].level == LEVEL_PROVINCE)
            return all[i];
    return k == 0 ? -1 : k > 1 ? -2 : all[0];
}

size_t un_gazetteer_find_all(const un_gazetteer *g, const char *s, size_t n, long *out,
                             size_t max)
{
    size_t k = 0;
    for (int pass = 0; pass < 2 && k == 0; pass++) {
        for (size_t i = 0; i < g->nforms; i++) {
            const form *f = &g->forms[i];
            const place *p = &g->places[f->place];
            if ((pass == 0) != (f->kind == FORM_FULL) || p->historical)
                continue;
            if (f->len != n || memcmp(f->text, s, n) != 0)
                continue;
            int seen = 0;
            for (size_t j = 0; j < k && j < max && !seen; j++)
                seen = out[j] == f->place;
            if (!seen) {
                if (k < max)
                    out[k] = f->place;
                k++;
            }
        }
    }
    return k;
}

un_place_info un_gazetteer_place(const un_gazetteer *g, long i)
{
    un_place_info info;
    const place *p = &g->places[i];
    info.name = un_str_make(p->name, p->name_len);
    info.code = un_str_make(p->code, strlen(p->code));
    info.level = un_str_make(level_names[p->level], strlen(level_names[p->level]));
    info.parent = p->parent;
    return info;
}
