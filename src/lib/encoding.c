/* encoding.c: owns the encoding guess and the transcoder of
 * unionnews/encoding.h, on iconv(3) and uchardet. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uchardet/uchardet.h>

#include "internal.h"
#include "text.h"
#include "unionnews/encoding.h"

/* Text a reader can take: ASCII that prints and white space, CJK
 * characters and punctuation, full-width forms, the replacement mark. */
static int texty(uint32_t c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t' ||
           (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x2000 && c <= 0x206F) || (c >= 0x00A0 && c <= 0x00FF);
}

static int is_cjk(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* How well the sample reads as UTF-16 (big: 1 for big-endian): the share
 * of its characters that are text, or -1 for broken surrogates. */
static double utf16_score(const unsigned char *p, size_t n, int big)
{
    size_t chars = 0, good = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = big ? ((uint32_t)p[i] << 8 | p[i + 1]) : ((uint32_t)p[i + 1] << 8 | p[i]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= n)
                break; /* cut at the end of the sample */
            uint32_t lo = big ? ((uint32_t)p[i + 2] << 8 | p[i + 3])
                              : ((uint32_t)p[i + 3] << 8 | p[i + 2]);
            if (lo < 0xDC00 || lo > 0xDFFF)
                return -1;
            i += 2;
            chars++;
            good++;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF)
            return -1;
        chars++;
        good += texty(u);
    }
    return chars ? (double)good / (double)chars : 0;
}

/* Decodes the sample with iconv: the share of bytes that did not decode,
 * and the share of CJK among the characters that are not ASCII. */
static void try_decode(const char *name, const char *p, size_t n, int at_end, double *bad,
                       double *cjk)
{
    *bad = 1;
    *cjk = 0;
    iconv_t cd = iconv_open("UTF-32LE", name);
    if (cd == (iconv_t)-1)
        return;
    size_t invalid = 0, nonascii = 0, cjks = 0;
    char out[4096];
    char *in = (char *)p;
    size_t left = n;
    while (left > 0) {
        char *o = out;
        size_t room = sizeof out;
        size_t rc = iconv(cd, &in, &left, &o, &room);
        for (char *q = out; q + 4 <= o; q += 4) {
            uint32_t c = (uint32_t)(unsigned char)q[0] | (uint32_t)(unsigned char)q[1] << 8 |
                         (uint32_t)(unsigned char)q[2] << 16 | (uint32_t)(unsigned char)q[3] << 24;
            if (c >= 0x80) {
                nonascii++;
                cjks += is_cjk(c);
            }
        }
        if (rc == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            if (errno == EINVAL && !at_end)
                break; /* cut at the end of the sample */
            invalid++;
            in++;
            left--;
        }
    }
    iconv_close(cd);
    *bad = n ? (double)invalid / (double)n : 0;
    *cjk = nonascii ? (double)cjks / (double)nonascii : 0;
}

/* The length of the valid UTF-8 sequence at p (1 for ASCII), 0 when the
 * bytes there are no valid sequence, or -1 when end cuts a sequence that
 * is valid so far. */
static int utf8_seq(const unsigned char *p, const unsigned char *end)
{
    if (p[0] < 0x80)
        return 1;
    unsigned char lo, hi;
    int k = un_utf8_lead(p[0], &lo, &hi) + 1;
    if (k == 1)
        return 0;
    for (int i = 1; i < k; i++) {
        if (p + i >= end)
            return -1;
        unsigned char b = p[i];
        if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            return 0;
    }
    return k;
}

/* Bytes not ASCII, and bytes of no valid UTF-8 sequence, in the sample. */
static void utf8_counts(const unsigned char *p, size_t n, int at_end, size_t *nonascii,
                        size_t *invalid, un_encoding_guess *out)
{
    *nonascii = *invalid = 0;
    /* All of it at memory speed, up to a sequence the sample's end cut
     * (which only the rest of the input could complete). */
    size_t whole = at_end ? n : un_utf8_uncut(p, n), all_ascii;
    if (un_utf8_valid(p, whole, &all_ascii) == 1) {
        *nonascii = whole - all_ascii;
        out->utf8_checked = whole;
        out->utf8_ascii = all_ascii;
        return;
    }
    const unsigned char *end = p + n;
    /* Line by line while the lines are well formed (at memory speed where
     * the machine can), then byte by byte from the first that is not. */
    for (size_t run, ascii; p < end && (run = un_utf8_line(p, (size_t)(end - p), &ascii)) != SIZE_MAX;) {
        *nonascii += run - ascii;
        p += run + (p + run < end); /* and the line end, ASCII */
    }
    while (p < end) {
        /* The common cases first: ASCII, and the three bytes of a CJK
         * character (U+1000 to U+CFFF, no surrogates among them). */
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t cjk = un_utf8_cjk_run(p, end);
        if (cjk) {
            *nonascii += cjk;
            p += cjk;
            continue;
        }
        int k = utf8_seq(p, end);
        if (k == -1 && !at_end)
            break; /* cut by the end of the sample */
        if (k <= 0) {
            (*nonascii)++;
            (*invalid)++;
            p++;
            continue;
        }
        if (k > 1)
            *nonascii += (size_t)k;
        p += k;
    }
}

static void set(un_encoding_guess *g, const char *name, size_t bom, int certain,
                const char *why)
{
    snprintf(g->name, sizeof g->name, "%s", name);
    g->bom = bom;
    g->certain = certain;
    g->why = why;
}

void un_encoding_detect(const void *sample, size_t n, int at_end, un_encoding_guess *out)
{
    const unsigned char *p = sample;
    memset(out, 0, sizeof *out);
    /* A byte order mark decides. */
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        set(out, "UTF-8", 3, 1, "byte order mark");
        return;
    }
    if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) {
        set(out, "UTF-32LE", 4, 1, "byte order mark");
        return;
    }
    if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
        set(out, "UTF-32BE", 4, 1, "byte order mark");
        return;
    }
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        set(out, "UTF-16LE", 2, 1, "byte order mark");
        return;
    }
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        set(out, "UTF-16BE", 2, 1, "byte order mark");
        return;
    }
    /* NUL bytes: UTF-16 without a mark, if it reads as text so; else not
     * text at all. */
    if (memchr(p, 0, n)) {
        double le = utf16_score(p, n, 0), be = utf16_score(p, n, 1);
        if (le >= 0.95 && le >= be)
            set(out, "UTF-16LE", 0, 1, "detected");
        else if (be >= 0.95)
            set(out, "UTF-16BE", 0, 1, "detected");
        else
            out->binary = 1;
        return;
    }
    /* UTF-8, or nearly: a few bad bytes are replaced and reported. */
    size_t nonascii, invalid;
    utf8_counts(p, n, at_end, &nonascii, &invalid, out);
    if (invalid == 0 || (invalid < 4 || invalid * 4 <= nonascii)) {
        set(out, "UTF-8", 0, 1, "UTF-8");
        return;
    }
    out->utf8_checked = out->utf8_ascii = 0;
    /* A Chinese encoding, when uchardet names one and it reads so. */
    const char *name = NULL;
    uchardet_t ud = uchardet_new();
    if (ud) {
        if (uchardet_handle_data(ud, (const char *)p, n) == 0) {
            uchardet_data_end(ud);
            const char *cs = uchardet_get_charset(ud);
            if (cs && (strcmp(cs, "GB18030") == 0 || strcmp(cs, "GB2312") == 0 ||
                       strcmp(cs, "GBK") == 0))
                name = "GB18030";
            else if (cs && strcmp(cs, "BIG5") == 0)
                name = "BIG5-HKSCS";
        }
        uchardet_delete(ud);
    }
    if (name) {
        double bad, cjk;
        try_decode(name, (const char *)p, n, at_end, &bad, &cjk);
        set(out, name, 0, bad < 0.005 && cjk >= 0.5, "detected");
        return;
    }
    set(out, "", 0, 0, "unknown");
}

/* ---- the transcoder ---- */

struct un_transcoder {
    iconv_t cd;
    un_buf out;
    un_buf in;       /* a sequence cut by the end of the last chunk, then this one */
    size_t line;     /* of the output, 1-based */
    int after_cr;
    un_vec bad;      /* of size_t: lines with bytes that did not decode */
    size_t last_bad; /* the last line put there, kept when it is cleared */
};

un_transcoder *un_transcoder_new(const char *name, char *err, size_t errlen)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) {
        snprintf(err, errlen, "unknown encoding '%s' (iconv -l lists them)", name);
        return NULL;
    }
    un_transcoder *t = un_xcalloc(1, sizeof *t);
    t->cd = cd;
    t->line = 1;
    un_buf_init(&t->out);
    un_buf_init(&t->in);
    un_vec_init(&t->bad, sizeof(size_t));
    return t;
}

void un_transcoder_free(un_transcoder *t)
{
    if (!t)
        return;
    iconv_close(t->cd);
    un_buf_release(&t->out);
    un_buf_release(&t->in);
    un_vec_release(&t->bad);
    free(t);
}

/* Counts the line breaks of output bytes as the reader does (LF, CRLF, CR). */
static void count_lines(un_transcoder *t, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\n') {
            if (!t->after_cr)
                t->line++;
            t->after_cr = 0;
        } else if (c == '\r') {
            t->line++;
            t->after_cr = 1;
        } else {
            t->after_cr = 0;
        }
    }
}

static void mark_bad(un_transcoder *t)
{
    un_buf_append(&t->out, "\xEF\xBF\xBD", 3);
    t->after_cr = 0;
    if (t->last_bad != t->line)
        *(size_t *)un_vec_push_unset(&t->bad) = t->last_bad = t->line;
}

/* Converts what t->in holds; unless final, a sequence cut at its end stays
 * in t->in for the next chunk. */
static void convert(un_transcoder *t, int final)
{
    char *src = t->in.data;
    size_t left = t->in.len;
    while (left > 0) {
        char *o = un_buf_reserve(&t->out, left * 4 + 16);
        size_t room = t->out.cap - t->out.len;
        char *start = o;
        size_t rc = iconv(t->cd, &src, &left, &o, &room);
        count_lines(t, start, (size_t)(o - start));
        t->out.len += (size_t)(o - start);
        if (rc != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !final)
            break; /* cut: the rest comes with the next chunk */
        /* A byte that does not decode: U+FFFD, and on. */
        mark_bad(t);
        src++;
        left--;
    }
    memmove(t->in.data, src, left);
    t->in.len = left;
}

void un_transcoder_feed(un_transcoder *t, const void *in, size_t n, const char **out,
                        size_t *outlen)
{
    t->out.len = 0;
    un_buf_append(&t->in, in, n);
    convert(t, 0);
    *out = t->out.data;
    *outlen = t->out.len;
}

void un_transcoder_finish(un_transcoder *t, const char **out, size_t *outlen)
{
    t->out.len = 0;
    convert(t, 1);
    /* The shift state of stateful encodings. */
    char *o = un_buf_reserve(&t->out, 16);
    size_t room = 16;
    iconv(t->cd, NULL, NULL, &o, &room);
    t->out.len += 16 - room;
    *out = t->out.data;
    *outlen = t->out.len;
}

size_t un_transcoder_bad_count(const un_transcoder *t)
{
    return t->bad.len;
}

size_t un_transcoder_bad_line(const un_transcoder *t, size_t i)
{
    return UN_VEC_AT(&t->bad, size_t, i);
}

void un_transcoder_clear_bad(un_transcoder *t)
{
    t->bad.len = 0;
}
