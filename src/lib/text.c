/* text.c: owns decoding (BOM, line ends, invalid bytes, sequences split
 * across reads) and the character helpers of text.h.
 *
 * The decoder is one pass over the bytes: runs of ASCII and of well-formed
 * sequences are copied in bulk; only line ends and bad bytes leave the
 * inner loop. Validity follows Unicode's table of well-formed byte
 * sequences (no overlongs, no surrogates, nothing above U+10FFFF), and each
 * maximal subpart of an ill-formed sequence becomes one U+FFFD, the
 * replacement practice the Unicode standard recommends. */
#include <utf8proc.h>

#include "text.h"

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

void un_decoder_init(un_decoder *d, un_buf *out, un_line_fn on_line, void *ctx)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->on_line = on_line;
    d->ctx = ctx;
    d->line = 1;
}

static void end_line(un_decoder *d)
{
    d->on_line(d->ctx, d->line, d->line_bad);
    d->line++;
    d->line_bad = 0;
    d->any = 0;
}

static void replace(un_decoder *d, size_t nbytes)
{
    un_buf_append(d->out, REPLACEMENT, 3);
    d->line_bad = 1;
    d->any = 1;
    d->bytes_bad += nbytes;
}

int un_utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0;
        else if (c == 0xED)
            *hi = 0x9F;
        return 2;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90;
        else if (c == 0xF4)
            *hi = 0x8F;
        return 3;
    }
    return 0;
}

/* ---- one line checked 32 bytes at a time (AVX2) ----
 *
 * Every way UTF-8 can break shows at some byte together with the byte
 * before it, or as a continuation byte where no third or fourth byte of a
 * sequence is due. Each kind of break below is a bit; a kind holds at a
 * position when the high nibble of the byte before, that byte's low
 * nibble and the high nibble of the byte at the position each fall in the
 * kind's set of nibbles (bit k of a set: nibble k). Three table lookups,
 * one for each nibble, ANDed, give every kind at once. */
#ifdef UN_AVX2

enum {
    BREAK_SHORT = 1 << 0, /* a lead byte, then no continuation */
    BREAK_LONG = 1 << 1,  /* ASCII, then a continuation */
    BREAK_OVER3 = 1 << 2, /* E0 80..9F: too long a form */
    BREAK_LARGE = 1 << 3, /* F4 90..BF, F5..FF 90..BF: past U+10FFFF */
    BREAK_SURR = 1 << 4,  /* ED A0..BF: a surrogate */
    BREAK_OVER2 = 1 << 5, /* C0 or C1, then a continuation */
    BREAK_OVER4 = 1 << 6, /* F0 80..8F, and F5..FF 80..8F */
    BREAK_CONTS = 1 << 7  /* two continuations: right only where a third or
                             fourth byte is due, which is tested apart */
};

/* kind, then the sets: high nibble before, low nibble before, high nibble
 * at the position. */
#define BREAK_KINDS(X, k)                                                                     \
    X(BREAK_SHORT, 0xF000, 0xFFFF, 0xF0FF, k)                                                 \
    X(BREAK_LONG, 0x00FF, 0xFFFF, 0x0F00, k)                                                  \
    X(BREAK_OVER3, 0x4000, 0x0001, 0x0300, k)                                                 \
    X(BREAK_LARGE, 0x8000, 0xFFF0, 0x0E00, k)                                                 \
    X(BREAK_SURR, 0x4000, 0x2000, 0x0C00, k)                                                  \
    X(BREAK_OVER2, 0x1000, 0x0003, 0x0F00, k)                                                 \
    X(BREAK_OVER4, 0x8000, 0xFFE1, 0x0100, k)                                                 \
    X(BREAK_CONTS, 0x0F00, 0xFFFF, 0x0F00, k)
#define IN_HI(bit, hi, lo, at, k) | (((hi) >> (k)) & 1 ? (bit) : 0)
#define IN_LO(bit, hi, lo, at, k) | (((lo) >> (k)) & 1 ? (bit) : 0)
#define IN_AT(bit, hi, lo, at, k) | (((at) >> (k)) & 1 ? (bit) : 0)
#define ENTRY(col, k) (char)(0 BREAK_KINDS(col, k))
#define TABLE16(col)                                                                          \
    ENTRY(col, 0), ENTRY(col, 1), ENTRY(col, 2), ENTRY(col, 3), ENTRY(col, 4), ENTRY(col, 5), \
        ENTRY(col, 6), ENTRY(col, 7), ENTRY(col, 8), ENTRY(col, 9), ENTRY(col, 10),           \
        ENTRY(col, 11), ENTRY(col, 12), ENTRY(col, 13), ENTRY(col, 14), ENTRY(col, 15)

UN_AVX2_FN static inline __m256i nibble_lookup(__m256i table, __m256i x,
                                                                    int high)
{
    __m256i low4 = _mm256_set1_epi8(0x0F);
    __m256i idx = high ? _mm256_and_si256(_mm256_srli_epi16(x, 4), low4) : _mm256_and_si256(x, low4);
    return _mm256_shuffle_epi8(table, idx);
}

/* Non-zero bytes where the 32 bytes at `in`, after the 32 bytes `prev`,
 * break UTF-8. */
UN_AVX2_FN static inline __m256i breaks(__m256i in, __m256i prev)
{
    const __m256i t_hi = _mm256_setr_epi8(TABLE16(IN_HI), TABLE16(IN_HI));
    const __m256i t_lo = _mm256_setr_epi8(TABLE16(IN_LO), TABLE16(IN_LO));
    const __m256i t_at = _mm256_setr_epi8(TABLE16(IN_AT), TABLE16(IN_AT));
    /* The bytes one, two and three before each position. */
    __m256i joined = _mm256_permute2x128_si256(prev, in, 0x21);
    __m256i p1 = _mm256_alignr_epi8(in, joined, 15);
    __m256i p2 = _mm256_alignr_epi8(in, joined, 14);
    __m256i p3 = _mm256_alignr_epi8(in, joined, 13);
    __m256i kinds = _mm256_and_si256(
        _mm256_and_si256(nibble_lookup(t_hi, p1, 1), nibble_lookup(t_lo, p1, 0)),
        nibble_lookup(t_at, in, 1));
    /* A third byte is due two after E0..FF, a fourth three after F0..FF:
     * there, and only there, two continuations in a row are right. */
    __m256i third = _mm256_subs_epu8(p2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(p3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i due = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(kinds, due);
}

UN_AVX2_FN static size_t line_avx2(const unsigned char *p, size_t n,
                                                         size_t *ascii)
{
    __m256i prev = _mm256_setzero_si256();
    const __m256i lf = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
    size_t i = 0, asc = 0;
    for (;;) {
        __m256i in;
        int last = n - i < 32;
        if (!last) {
            in = _mm256_loadu_si256((const __m256i *)(p + i));
        } else {
            /* The rest, padded with NUL (ASCII): a sequence cut by the end
             * of the input breaks at the first NUL. */
            unsigned char pad[32] = {0};
            memcpy(pad, p + i, n - i);
            in = _mm256_loadu_si256((const __m256i *)pad);
        }
        uint32_t ends = (uint32_t)_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_cmpeq_epi8(in, lf), _mm256_cmpeq_epi8(in, cr)));
        uint32_t bad = ~(uint32_t)_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(breaks(in, prev), _mm256_setzero_si256()));
        uint32_t high = (uint32_t)_mm256_movemask_epi8(in);
        if (ends) {
            /* The line ends at j: the bytes up to and including it tell
             * whether the ones before it are whole and well formed. */
            unsigned j = (unsigned)__builtin_ctz(ends);
            uint32_t before = (1u << j) - 1;
            if (bad & (before | (1u << j)))
                return SIZE_MAX;
            *ascii = asc + j - (size_t)__builtin_popcount(high & before);
            return i + j;
        }
        if (bad)
            return SIZE_MAX;
        if (last) {
            *ascii = asc + (n - i) - (size_t)__builtin_popcount(high);
            return n;
        }
        asc += 32 - (size_t)__builtin_popcount(high);
        prev = in;
        i += 32;
    }
}

/* The same checks without looking for line ends: the whole of p[0..n),
 * the rest after the last 32 bytes padded with NUL (which breaks a
 * sequence cut by the end). */
UN_AVX2_FN static int valid_avx2(const unsigned char *p, size_t n, size_t *ascii)
{
    __m256i prev = _mm256_setzero_si256();
    size_t high = 0;
    unsigned char pad[32];
    for (size_t i = 0;; i += 32) {
        int last = n - i < 32;
        if (last) {
            memset(pad, 0, sizeof pad);
            memcpy(pad, p + i, n - i);
        }
        __m256i in = _mm256_loadu_si256((const __m256i *)(last ? pad : p + i));
        if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(breaks(in, prev), _mm256_setzero_si256())) !=
            -1)
            return 0;
        high += (size_t)__builtin_popcount((uint32_t)_mm256_movemask_epi8(in));
        if (last)
            break;
        prev = in;
    }
    *ascii = n - high;
    return 1;
}
#endif

int un_utf8_valid(const unsigned char *p, size_t n, size_t *ascii)
{
#ifdef UN_AVX2
    if (un_have_avx2())
        return valid_avx2(p, n, ascii);
#endif
    (void)p;
    (void)n;
    (void)ascii;
    return -1;
}

size_t un_utf8_line(const unsigned char *p, size_t n, size_t *ascii)
{
#ifdef UN_AVX2
    if (un_have_avx2())
        return line_avx2(p, n, ascii);
#endif
    (void)p;
    (void)n;
    (void)ascii;
    return SIZE_MAX;
}

/* Length of the longest prefix of p[0..n) made of ASCII other than CR and
 * LF and of complete well-formed sequences; *ascii gets how many of its
 * bytes are ASCII. */
static size_t valid_run(const unsigned char *p, size_t n, size_t *ascii)
{
    size_t i = un_utf8_line(p, n, ascii);
    if (i != SIZE_MAX)
        return i;
    i = 0;
    size_t a = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == '\n' || c == '\r')
                break;
            i++;
            a++;
            continue;
        }
        size_t cjk = un_utf8_cjk_run(p + i, p + n);
        if (cjk) {
            /* The common case in Chinese text, checked without un_utf8_lead. */
            i += cjk;
            continue;
        }
        unsigned char lo, hi;
        int k = un_utf8_lead(c, &lo, &hi);
        if (k == 0 || i + (size_t)k >= n)
            break;
        if (p[i + 1] < lo || p[i + 1] > hi)
            break;
        int ok = 1;
        for (int j = 2; j <= k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                ok = 0;
        if (!ok)
            break;
        i += (size_t)k + 1;
    }
    *ascii = a;
    return i;
}

size_t un_utf8_uncut(const unsigned char *p, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if ((p[n - k] & 0xC0) != 0x80)
            return p[n - k] >= 0xC0 ? n - k : n;
    return n;
}

void un_decoder_set_line_feeds(un_decoder *d, const uint32_t *lf, size_t n)
{
    if (d->bytes_in != 0)
        return;
    d->lf = lf;
    d->nlf = n;
    d->lf_at = 0;
}

/* Appends p[a..e) to the line being decoded and, unless e is the end b
 * of the bytes, ends the line there. Returns whether e == b. */
static int put_run(un_decoder *d, const unsigned char *p, size_t a, size_t e, size_t b)
{
    if (e > a) {
        un_buf_append(d->out, p + a, e - a);
        d->any = 1;
    }
    if (e == b)
        return 1;
    end_line(d);
    return 0;
}

/* The lines of p[a..b) as feed_valid takes them, ended at the line feeds
 * the decoder was given. Returns where it stopped: b, or the start of a
 * line whose end the list got wrong (then dropped). */
static size_t feed_known_lines(un_decoder *d, const unsigned char *p, size_t a, size_t b)
{
    const uint64_t at = d->feed_at;
    const uint32_t *lf = d->lf;
    size_t k = d->lf_at;
    while (k < d->nlf && lf[k] < at + a)
        k++; /* passed by the byte-by-byte paths */
    while (a < b) {
        size_t e = k < d->nlf && lf[k] < at + b ? (size_t)(lf[k] - at) : b;
        if (e < b && p[e] != '\n') {
            d->lf = NULL;
            return a;
        }
        if (put_run(d, p, a, e, b))
            break;
        k++;
        a = e + 1;
    }
    d->lf_at = k;
    return b;
}

/* The lines of p[a..b), whole well-formed UTF-8 of which `ascii` bytes are
 * ASCII, with the decoder at a sequence's and a line's edge: appended and
 * ended, at the line feeds given or found by memchr. */
static void feed_valid(un_decoder *d, const unsigned char *p, size_t a, size_t b, size_t ascii)
{
    d->bytes_nonascii += (b - a) - ascii;
    if (d->lf && (a = feed_known_lines(d, p, a, b)) == b)
        return;
    int crs = memchr(p + a, '\r', b - a) != NULL;
    while (a < b) {
        const unsigned char *lf = memchr(p + a, '\n', b - a);
        size_t e = lf ? (size_t)(lf - p) : b;
        const unsigned char *cr = crs ? memchr(p + a, '\r', e - a) : NULL;
        if (cr)
            e = (size_t)(cr - p);
        if (put_run(d, p, a, e, b))
            break;
        if (p[e] == '\r') {
            if (e + 1 == b)
                d->after_cr = 1; /* an LF next, in the next bytes, goes with it */
            else if (p[e + 1] == '\n')
                e++;
        }
        a = e + 1;
    }
}

static void feed_byte(un_decoder *d, unsigned char c);

void un_decoder_feed(un_decoder *d, const unsigned char *p, size_t n)
{
    un_decoder_feed_checked(d, p, n, 0, 0);
}

void un_decoder_feed_checked(un_decoder *d, const unsigned char *p, size_t n, size_t checked,
                             size_t known_ascii)
{
    d->feed_at = d->bytes_in;
    d->bytes_in += n;
    size_t i = 0;
    /* A BOM may only stand at the very start; its bytes may arrive one at a
     * time, so hold them until they match or not. */
    while (!d->started && i < n) {
        static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
        if (p[i] == bom[d->nhold]) {
            d->hold[d->nhold++] = p[i++];
            if (d->nhold == 3) {
                d->nhold = 0;
                d->started = 1;
            }
            continue;
        }
        d->started = 1;
        int held = d->nhold;
        unsigned char copy[3];
        memcpy(copy, d->hold, (size_t)held);
        d->nhold = 0;
        for (int j = 0; j < held; j++)
            feed_byte(d, copy[j]);
    }
    if (d->after_cr && i < n)
        feed_byte(d, p[i++]); /* the LF of a CR LF that the feeds cut, or not */
    /* The rest of a sequence the last feed cut, a byte at a time, so that
     * what follows can take the checked path below. */
    while (d->need > 0 && i < n)
        feed_byte(d, p[i++]);
    /* Most input is well-formed: checked whole, up to a sequence the end of
     * the bytes may cut, then split into lines. */
    size_t ascii = known_ascii, whole = i + un_utf8_uncut(p + i, n - i);
    /* The caller's check stands for exactly these bytes (none held back,
     * no byte order mark taken off); else they are checked here. */
    int known = i == 0 && checked == whole;
    if (d->need == 0 && !d->after_cr && whole > i &&
        (known || un_utf8_valid(p + i, whole - i, &ascii) == 1)) {
        feed_valid(d, p, i, whole, ascii);
        i = whole;
    }
    while (i < n) {
        if (d->need == 0 && !d->after_cr) {
            size_t run = valid_run(p + i, n - i, &ascii);
            if (run) {
                un_buf_append(d->out, p + i, run);
                d->bytes_nonascii += run - ascii;
                d->any = 1;
                i += run;
                if (i == n)
                    break;
            }
        }
        feed_byte(d, p[i++]);
    }
}

/* The slow path: one byte, with the state of a split sequence. */
static void feed_byte(un_decoder *d, unsigned char c)
{
    if (d->after_cr) {
        d->after_cr = 0;
        if (c == '\n')
            return;
    }
    if (c >= 0x80)
        d->bytes_nonascii++;
    if (d->need > 0) {
        if (c >= d->lo && c <= d->hi) {
            d->hold[d->nhold++] = c;
            d->lo = 0x80;
            d->hi = 0xBF;
            if (--d->need == 0) {
                un_buf_append(d->out, d->hold, (size_t)d->nhold);
                d->any = 1;
                d->nhold = 0;
            }
            return;
        }
        /* The sequence broke off: its bytes so far are one maximal
         * subpart; c starts afresh. */
        replace(d, (size_t)d->nhold);
        d->need = 0;
        d->nhold = 0;
    }
    if (c < 0x80) {
        if (c == '\n') {
            end_line(d);
        } else if (c == '\r') {
            end_line(d);
            d->after_cr = 1;
        } else {
            un_buf_putc(d->out, (char)c);
            d->any = 1;
        }
        return;
    }
    unsigned char lo, hi;
    int k = un_utf8_lead(c, &lo, &hi);
    if (k == 0) {
        replace(d, 1);
        return;
    }
    d->need = k;
    d->lo = lo;
    d->hi = hi;
    d->hold[0] = c;
    d->nhold = 1;
}

void un_decoder_finish(un_decoder *d)
{
    if (!d->started && d->nhold > 0) {
        /* Input shorter than a BOM that began like one. */
        d->started = 1;
        int held = d->nhold;
        unsigned char copy[3];
        memcpy(copy, d->hold, (size_t)held);
        d->nhold = 0;
        for (int j = 0; j < held; j++)
            feed_byte(d, copy[j]);
    }
    d->started = 1;
    if (d->need > 0) {
        replace(d, (size_t)d->nhold);
        d->need = 0;
        d->nhold = 0;
    }
    if (d->any || d->line_bad)
        end_line(d);
    d->after_cr = 0;
}

uint32_t un_utf8_prev_any(const char *start, const char **pend)
{
    const char *p = *pend;
    const char *q = p - 1;
    while (q > start && ((unsigned char)*q & 0xC0) == 0x80 && p - q < 4)
        q--;
    const char *r = q;
    uint32_t c = un_utf8_next(&r, p);
    *pend = q;
    return c;
}

size_t un_utf8_count(const char *s, size_t n)
{
    /* Every byte but the continuation bytes (10xxxxxx) begins a character;
     * eight at a time: a byte's top bit set and the next bit clear. */
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        cont += (size_t)((un_swar_continuations(w) * UN_SWAR_ONES) >> 56);
    }
    for (; i < n; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return n - cont;
}

size_t un_utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

int un_char_width(uint32_t c)
{
    if (c < 0x20 || c == 0x7F)
        return 0;
    if (c < 0x7F)
        return 1;
    int w = utf8proc_charwidth((utf8proc_int32_t)c);
    return w < 0 ? 0 : w;
}

size_t un_display_width(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    size_t w = 0;
    while (p < end) {
        if ((unsigned char)*p < 0x80) {
            w += (*p >= 0x20 && *p != 0x7F);
            p++;
            continue;
        }
        w += (size_t)un_char_width(un_utf8_next(&p, end));
    }
    return w;
}

size_t un_display_cut(const char *s, size_t n, size_t max, size_t ellipsis)
{
    const char *p = s, *end = s + n, *cut = NULL;
    size_t w = 0;
    while (p < end) {
        const char *q = p;
        w += (size_t)un_char_width(un_utf8_next(&q, end));
        if (!cut && w + ellipsis > max)
            cut = p; /* where the mark would have to go */
        if (w > max)
            return (size_t)(cut - s);
        p = q;
    }
    return n;
}
