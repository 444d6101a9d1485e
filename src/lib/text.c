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

/* Length of the longest prefix of p[0..n) made of ASCII other than CR and
 * LF and of complete well-formed sequences; *ascii gets how many of its
 * bytes are ASCII. */
static size_t valid_run(const unsigned char *p, size_t n, size_t *ascii)
{
    size_t i = 0, a = 0;
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

static void feed_byte(un_decoder *d, unsigned char c);

void un_decoder_feed(un_decoder *d, const unsigned char *p, size_t n)
{
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
    while (i < n) {
        if (d->need == 0 && !d->after_cr) {
            size_t ascii;
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
        uint64_t m = (w & ~(w << 1) & UN_SWAR_HIGHS) >> 7; /* 0 or 1 a byte */
        cont += (size_t)((m * UN_SWAR_ONES) >> 56);
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

const char *un_trim(const char *s, size_t *n)
{
    const char *p = s, *end = s + *n;
    while (p < end) {
        const char *q = p;
        if (!un_is_space(un_utf8_next(&q, end)))
            break;
        p = q;
    }
    while (end > p) {
        const char *q = end;
        if (!un_is_space(un_utf8_prev(p, &q)))
            break;
        end = q;
    }
    *n = (size_t)(end - p);
    return p;
}
