/* block.c: owns the shape of a single line (block.h). Every rule here
 * looks at the line alone; the order of the tests is the order of
 * precedence: a banner or metadata line may be short and unpunctuated like
 * a title, and a byline line may be a bare name like a kicker, so those
 * are recognised first. Long lines skip the tests that only short lines
 * can pass, so a paragraph costs one count of its characters and a look at
 * its two ends. */
#include "block.h"
#include "byline.h"
#include "internal.h"
#include "text.h"

/* Counts of one short line, gathered in one pass (its characters come
 * from the line's hash, which counts them anyway). */
typedef struct scan {
    size_t nchars, han, digits, commas, stops, terminals;
    uint32_t last, before_last;
    int url;
} scan;

static int is_date_char(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || c == '-' || c == '/' || c == ':' || c == '.' ||
               c == ' ';
    switch (c) {
    case 0x5E74: /* 年 */
    case 0x6708: /* 月 */
    case 0x65E5: /* 日 */
    case 0x65F6: /* 时 */
    case 0x6642: /* 時 */
    case 0x5206: /* 分 */
    case 0x79D2: /* 秒 */
    case 0x53F7: /* 号 */
    case 0x865F: /* 號 */
        return 1;
    default:
        return 0;
    }
}

#ifdef UN_AVX2
/* How many bytes from p on are Han characters of U+4E00..U+9FFF (lead
 * E4 with B8 or more after it, or E5..E9), up to ten characters at a
 * time: a block of 32 bytes read, the characters before the first other
 * one passed over. p starts a character of valid UTF-8, so while bytes
 * 0, 3, 6, .. are leads of three bytes, the bytes between continue them. */
UN_AVX2_FN static size_t han_run_avx2(const unsigned char *p, const unsigned char *end)
{
    const uint32_t leads = 0x09249249u; /* bits 0, 3, .., 27 */
    const __m256i e4 = _mm256_set1_epi8((char)0xE4), five = _mm256_set1_epi8(5),
                  b8 = _mm256_set1_epi8((char)0xB8);
    const unsigned char *q = p;
    while (end - q >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)q);
        __m256i off = _mm256_sub_epi8(v, e4); /* E4..E9 become 0..5 */
        uint32_t lead = (uint32_t)_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(_mm256_min_epu8(off, five), off));
        uint32_t is_e4 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, e4));
        uint32_t ge_b8 = (uint32_t)_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(_mm256_max_epu8(v, b8), v));
        uint32_t other = leads & ~(lead & ~(is_e4 & ~(ge_b8 >> 1)));
        if (other) {
            q += __builtin_ctz(other); /* a multiple of 3 */
            break;
        }
        q += 30;
    }
    return (size_t)(q - p);
}
#endif

static void scan_line(const char *s, size_t n, size_t nchars, scan *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->nchars = nchars;
    const char *p = s, *end = s + n;
    if (n >= 2 && s[0] == '/' && s[1] == '/')
        sc->url = 1;
#ifdef UN_AVX2
    /* Tried at the start and after each character that is not Han: a
     * block that fails holds one within ten characters. */
    int avx2 = un_have_avx2(), vec = avx2 && n >= 32;
#endif
    while (p < end) {
#ifdef UN_AVX2
        if (vec) {
            size_t k = han_run_avx2((const unsigned char *)p, (const unsigned char *)end);
            vec = 0;
            if (k) {
                sc->han += k / 3;
                sc->before_last = k >= 6 ? un_utf8_decode3((const unsigned char *)p + k - 6)
                                         : sc->last;
                sc->last = un_utf8_decode3((const unsigned char *)p + k - 3);
                p += k;
                continue;
            }
        }
#endif
        const char *at = p;
        const unsigned char *u = (const unsigned char *)p;
        uint32_t c;
        if (u[0] >= 0xE4 && u[0] <= 0xE9 && end - p >= 3) {
            /* Most of a line: a three-byte character of U+4000..U+9FFF. */
            c = un_utf8_decode3(u);
            p += 3;
            if (c >= 0x4E00) {
                /* A Han character: no fold, no address, no punctuation. */
                sc->before_last = sc->last;
                sc->last = c;
                sc->han++;
                continue;
            }
        } else {
            c = un_utf8_next(&p, end);
        }
#ifdef UN_AVX2
        vec = avx2 && end - p >= 32;
#endif
        c = un_fold_width(c);
        /* An address: "://" or "www." anywhere (the text is valid UTF-8,
         * so ASCII bytes start characters). */
        if ((*at == ':' && end - at >= 3 && at[1] == '/' && at[2] == '/') ||
            (*at == 'w' && end - at >= 4 && memcmp(at, "www.", 4) == 0))
            sc->url = 1;
        sc->before_last = sc->last;
        sc->last = c;
        if (un_is_han(c))
            sc->han++;
        else if (c >= '0' && c <= '9')
            sc->digits++;
        if (c == ',')
            sc->commas++;
        if (c == 0x3002)
            sc->stops++;
        if (un_is_terminal(c))
            sc->terminals++;
    }
}

/* Are nine in ten of the nchars characters of s[0..n) ones that can be
 * part of a date or time? Asked only of a line with digits enough to be
 * one; it stops at the first other character past the tenth of them. */
static int mostly_date(const char *s, size_t n, size_t nchars)
{
    const char *p = s, *end = s + n;
    size_t others = 0;
    while (p < end) {
        others += (size_t)!is_date_char(un_fold_width(un_utf8_next(&p, end)));
        if (others * 10 > nchars)
            return 0;
    }
    return 1;
}

/* A page banner: 00002版:浙工会, 第14064期:第01版, A3版. */
static int is_banner(const char *s, size_t n)
{
    if (!memmem(s, n, "版", 3))
        return 0; /* the one character that says yes */
    const char *p = s, *end = s + n;
    size_t digits = 0;
    int di = 0; /* 第 seen */
    while (p < end) {
        const char *q = p;
        uint32_t c = un_fold_width(un_utf8_next(&q, end));
        if (c >= '0' && c <= '9') {
            digits++;
        } else if (c == 0x7248 /* 版 */ && digits > 0) {
            /* At the start (00002版:) or as 第..版 anywhere. */
            if (di || p - s <= 8)
                return 1;
            digits = 0;
        } else if (c == 0x7B2C /* 第 */) {
            di = 1;
            digits = 0;
        } else if (c >= 'A' && c <= 'Z' && digits == 0) {
            /* A3版 */
        } else {
            digits = 0;
            di = 0;
        }
        p = q;
    }
    return 0;
}

/* A metadata key followed by a colon, at p. */
static int key_colon_at(const un_lexicon *lx, un_wordlist wl, const char *p, const char *end)
{
    size_t len;
    if (!un_lex_word_at(lx, wl, p, end, &len))
        return 0;
    const char *q = p + len;
    while (q < end && *q == ' ')
        q++;
    if (q >= end)
        return 0;
    const char *r = q;
    return un_fold_width(un_utf8_next(&r, end)) == ':';
}

/* A metadata key with its colon anywhere in the line. */
static int has_key_colon(const un_lexicon *lx, const char *s, size_t n)
{
    /* No colon, ASCII or full-width (EF BC 9A), no key before one. */
    if (!memchr(s, ':', n) && !memmem(s, n, "\xEF\xBC\x9A", 3))
        return 0;
    const un_cp_bitmap *starts = un_lex_meta_starts(lx);
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *q = p;
        uint32_t c = un_utf8_next(&q, end);
        if (un_cp_bitmap_has(starts, c) && key_colon_at(lx, UN_WL_META, p, end))
            return 1;
        p = q;
    }
    return 0;
}

static int starts_with_lit(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n >= m && memcmp(s, lit, m) == 0;
}

static int ends_with_lit(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n >= m && memcmp(s + n - m, lit, m) == 0;
}

/* The line ends a sentence: terminal punctuation, possibly followed by
 * closing quotes or brackets (。” and !)). */
static int ends_sentence(const char *s, size_t n)
{
    const char *p = s + n;
    for (int k = 0; k < 4 && p > s; k++) {
        uint32_t c = un_fold_width(un_utf8_prev(s, &p));
        if (un_is_terminal(c))
            return 1;
        if (!un_is_closer(c))
            return 0;
    }
    return 0;
}

static int is_meta(const un_lexicon *lx, const char *s, size_t n, const scan *sc, unsigned *flags)
{
    const char *end = s + n;
    if (sc->url)
        return 1;
    if (key_colon_at(lx, UN_WL_META, s, end) || key_colon_at(lx, UN_WL_END, s, end)) {
        if (key_colon_at(lx, UN_WL_AUTHOR, s, end))
            *flags |= UN_BF_AUTHOR;
        if (key_colon_at(lx, UN_WL_END, s, end))
            *flags |= UN_BF_END;
        return 1;
    }
    if (sc->stops == 0 && has_key_colon(lx, s, n))
        return 1;
    /* The print edition: 《工人日报》(2012年01月17日 002版) */
    if (starts_with_lit(s, n, "《") && ends_with_lit(s, n, ")") && memmem(s, n, "版", 3))
        return 1;
    /* Only a date or a time: 2021-08-03 09:25:00, 2024年12月6日. */
    if (sc->digits >= 4 && mostly_date(s, n, sc->nchars)) {
        *flags |= UN_BF_DATE;
        return 1;
    }
    /* Only an outlet's name: 温州网. */
    size_t len;
    if (sc->nchars <= 8 && sc->han == sc->nchars && sc->nchars >= 2 &&
        un_lex_word_before(lx, UN_WL_OUTLET, s, end, &len) && len < n)
        return 1;
    return 0;
}

/* A caption opens with 图为, 上图 and the like, or with 图 and a number:
 * 图①:, 图1. */
static int opens_caption(const un_lexicon *lx, const char *s, size_t n)
{
    size_t len;
    if (un_lex_word_at(lx, UN_WL_CAPTION, s, s + n, &len))
        return 1;
    if (!starts_with_lit(s, n, "图") && !starts_with_lit(s, n, "圖"))
        return 0;
    const char *p = s + 3, *end = s + n;
    if (p >= end)
        return 0;
    uint32_t c = un_fold_width(un_utf8_next(&p, end));
    return (c >= 0x2460 && c <= 0x2473) || (c >= '0' && c <= '9');
}

/* A hash of s[0..n), with the count of its characters into *nchars: one
 * read of the bytes, sixteen at a time. FNV-1a over 8-byte words in two
 * lanes (so that neither waits on the other's multiply), then a final mix:
 * enough to find equal lines on one page, which are then compared byte for
 * byte. A character is a byte other than a continuation byte (10xxxxxx). */
static uint64_t hash_count(const char *s, size_t n, size_t *nchars)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ n, h2 = 0x84222325cbf29ce4ULL;
    size_t cont = 0, i = 0;
    for (; i + 16 <= n; i += 16) {
        uint64_t w, w2;
        memcpy(&w, s + i, 8);
        memcpy(&w2, s + i + 8, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h2 = (h2 ^ w2) * 0x100000001b3ULL;
        h ^= h >> 29;
        h2 ^= h2 >> 29;
        uint64_t m = un_swar_continuations(w) + un_swar_continuations(w2);
        cont += (size_t)((m * UN_SWAR_ONES) >> 56);
    }
    for (; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    }
    h ^= h2 * 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    *nchars = n - cont;
    return h;
}

#ifdef UN_AVX2
/* hash_count on 32 bytes at a time (n >= 32): four lanes of 64 bits,
 * each adding the product of the halves of its word (mixed with a
 * constant) and the word beside it, as fast hashes of long inputs do; the
 * characters counted by a compare and a popcount. Its hashes differ from
 * hash_count's, but lines of one length are all hashed by the same one,
 * so equal lines still have equal hashes. */
UN_AVX2_FN static uint64_t hash_count_avx2(const char *s, size_t n, size_t *nchars)
{
    const __m256i mix = _mm256_set_epi64x((long long)0x9E3779B97F4A7C15ULL,
                                          (long long)0xC2B2AE3D27D4EB4FULL,
                                          (long long)0x165667B19E3779F9ULL,
                                          (long long)0xD6E8FEB86659FD93ULL);
    const __m256i low = _mm256_set1_epi8(-64); /* continuation bytes are below */
    __m256i acc = _mm256_set1_epi64x((long long)n);
    size_t cont = 0;
    /* The last block is the last 32 bytes, which may overlap the one
     * before: its bytes counted already (the first `seen`) are not
     * counted again. */
    for (size_t i = 0; i < n; i += 32) {
        size_t at = i + 32 <= n ? i : n - 32, seen = i - at;
        __m256i v = _mm256_loadu_si256((const __m256i *)(s + at));
        uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(low, v));
        cont += (size_t)__builtin_popcount(m >> seen);
        __m256i k = _mm256_xor_si256(v, mix);
        __m256i prod = _mm256_mul_epu32(k, _mm256_srli_epi64(k, 32));
        acc = _mm256_add_epi64(acc, _mm256_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
        acc = _mm256_add_epi64(acc, prod);
    }
    uint64_t lane[4];
    _mm256_storeu_si256((__m256i *)lane, acc);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int k = 0; k < 4; k++) {
        h = (h ^ lane[k]) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    *nchars = n - cont;
    return h;
}
#endif

/* (上接第一版) at the start, (下转第三版) at the end: a jump mark is a
 * bracket of at most a dozen characters holding a jump word. */
static int jump_mark(const un_lexicon *lx, const char *s, size_t n, int at_end)
{
    size_t len;
    if (!at_end) {
        const char *p = s, *end = s + n;
        if (p >= end || !un_is_opener(un_fold_width(un_utf8_next(&p, end))))
            return 0;
        return un_lex_word_at(lx, UN_WL_JUMPIN, p, end, &len);
    }
    const char *end = s + n, *p = end;
    if (p <= s || !un_is_closer(un_fold_width(un_utf8_prev(s, &p))))
        return 0;
    for (int k = 0; k < 12 && p > s; k++) {
        const char *q = p;
        uint32_t c = un_fold_width(un_utf8_prev(s, &q));
        if (un_is_opener(c))
            return un_lex_word_at(lx, UN_WL_JUMPOUT, p, end, &len);
        p = q;
    }
    return 0;
}

void un_block_classify(const un_lexicon *lx, un_block *b)
{
    const char *s = b->text;
    size_t n = b->len;
    b->flags = 0;
    size_t len0;
    if (un_lex_word_at(lx, UN_WL_NONSTART, s, s + n, &len0))
        b->flags |= UN_BF_NONSTART;
    b->lead_end = 0;
    b->tail_start = n;
#ifdef UN_AVX2
    if (n >= 32 && un_have_avx2())
        b->hash = hash_count_avx2(s, n, &b->nchars);
    else
#endif
        b->hash = hash_count(s, n, &b->nchars);
    un_byline bl, lead;
    /* Whether the line opens with a byline, asked in several places below. */
    int has_lead = -1;
    /* Lines longer than this many bytes are paragraphs whatever else they
     * are: even metadata lines stay well under it. */
    if (n > 3 * 100) {
        b->shape = UN_SHAPE_PARA;
        b->flags |= UN_BF_COMMA;
    } else {
        scan sc;
        scan_line(s, n, b->nchars, &sc);
        if (sc.commas)
            b->flags |= UN_BF_COMMA;
        if (sc.nchars <= UN_BANNER_MAX_CHARS && sc.stops == 0 && is_banner(s, n)) {
            b->shape = UN_SHAPE_BANNER;
            return;
        }
        if (sc.nchars <= 16 && (jump_mark(lx, s, n, 0) || jump_mark(lx, s, n, 1)) &&
            sc.han + 6 >= sc.nchars) {
            /* A jump mark on a line of its own. */
            b->shape = UN_SHAPE_META;
            b->flags |= jump_mark(lx, s, n, 0) ? UN_BF_JUMP_IN : UN_BF_END;
            return;
        }
        if (sc.nchars <= 100 && is_meta(lx, s, n, &sc, &b->flags)) {
            b->shape = UN_SHAPE_META;
            if (b->flags & UN_BF_END) {
                /* 编辑:龚忻 is also a byline. */
                if (un_byline_line(lx, s, n, &bl) && bl.n_roles > 0)
                    b->shape = UN_SHAPE_BYLINE;
            }
            return;
        }
        if (sc.nchars <= 40) {
            if (un_byline_line(lx, s, n, &bl)) {
                b->shape = UN_SHAPE_BYLINE;
                if (bl.n_roles == 0)
                    b->flags |= UN_BF_NAMES_ONLY;
                size_t len;
                if (bl.n > 0 && bl.authors[0].role.ptr &&
                    un_lex_word_at(lx, UN_WL_END, bl.authors[0].role.ptr,
                                   bl.authors[0].role.ptr + bl.authors[0].role.len, &len) &&
                    len == bl.authors[0].role.len)
                    b->flags |= UN_BF_END;
                return;
            }
            has_lead = un_byline_lead(lx, s, n, &lead);
            if (has_lead && lead.body >= n) {
                b->shape = UN_SHAPE_BYLINE;
                return;
            }
        }
        if (sc.nchars <= 100 && opens_caption(lx, s, n)) {
            b->shape = UN_SHAPE_CAPTION;
            if (un_byline_credit(lx, s, n, &bl)) {
                b->flags |= UN_BF_CREDIT;
                b->tail_start = bl.start;
            }
            return;
        }
        if (sc.nchars <= 100 && un_byline_credit(lx, s, n, &bl) && bl.start > 0) {
            b->shape = UN_SHAPE_CAPTION;
            b->flags |= UN_BF_CREDIT;
            b->tail_start = bl.start;
            return;
        }
        /* A lead cut short by a column break: 西江日报讯 (记者 X) 日前,端州区总 */
        if (has_lead < 0)
            has_lead = un_byline_lead(lx, s, n, &lead);
        if (has_lead && lead.body < n) {
            b->shape = UN_SHAPE_PARA;
            goto para;
        }
        int exclaim = sc.last == '!' || sc.last == '?';
        int inner_terminal = sc.terminals > (un_is_terminal(sc.last) ? 1u : 0u);
        if (sc.nchars > UN_TITLE_MAX_CHARS || inner_terminal || sc.last == 0x3002 ||
            sc.last == 0x2026 || sc.last == ',' || sc.last == 0x3001 || sc.last == ':' ||
            sc.last == ';' || sc.last == 0x2014 || sc.last == '(' || sc.last == 0x201C ||
            (un_is_closer(sc.last) && un_is_terminal(sc.before_last) && !exclaim)) {
            b->shape = UN_SHAPE_PARA;
        } else if (b->flags & UN_BF_NONSTART) {
            /* No title begins with 、 or 的: this continues a cut line. */
            b->shape = UN_SHAPE_PARA;
        } else if (exclaim) {
            b->shape = UN_SHAPE_TITLE;
            b->flags |= UN_BF_EXCLAIM;
        } else if (sc.commas) {
            b->shape = UN_SHAPE_TITLE_WEAK;
        } else {
            b->shape = UN_SHAPE_TITLE;
            if (sc.nchars <= 4 && sc.han == sc.nchars)
                b->flags |= UN_BF_LABEL;
        }
        if (b->shape != UN_SHAPE_PARA)
            return;
    }
para:
    if (!ends_sentence(s, n))
        b->flags |= UN_BF_DANGLING;
    if (jump_mark(lx, s, n, 0))
        b->flags |= UN_BF_JUMP_IN;
    if (jump_mark(lx, s, n, 1))
        b->flags = (b->flags | UN_BF_JUMP_OUT) & ~(unsigned)UN_BF_DANGLING;
    if (has_lead < 0)
        has_lead = un_byline_lead(lx, s, n, &lead);
    if (has_lead && lead.body < n) {
        b->flags |= UN_BF_LEAD_BYLINE;
        b->lead_end = lead.body;
    }
    if (un_byline_tail(lx, s, n, 1, &bl) && bl.start > b->lead_end) {
        int ok = bl.n_roles > 0;
        if (!ok) {
            /* A bracket of bare names counts only after a full sentence:
             * …学习。(徐斌) but not …工作室(张三). */
            const char *p = s + bl.start;
            ok = p > s && ends_sentence(s, bl.start);
        }
        if (ok) {
            b->flags |= UN_BF_TAIL_BYLINE;
            b->flags &= ~(unsigned)UN_BF_DANGLING;
            b->tail_start = bl.start;
        }
    }
}
