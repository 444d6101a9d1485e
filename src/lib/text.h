/* text.h: the bottom layer: decoding bytes into lines of valid UTF-8, and
 * the character classes the layers above ask about (Han characters,
 * punctuation in its full-width and ASCII forms, display width). */
#ifndef UN_TEXT_H
#define UN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "unionnews/table.h"

/* Called by the decoder when a line is complete. The line's bytes are the
 * ones appended to the decoder's output buffer since the previous call
 * (the line end itself is not stored). bad is non-zero when the line had
 * bytes that are not UTF-8. */
typedef void (*un_line_fn)(void *ctx, size_t lineno, int bad);

/* The UTF-8 decoder: strips a BOM, folds CRLF and lone CR to one line end,
 * replaces each maximal invalid subsequence with U+FFFD, and carries a
 * sequence split across two feeds over to the next one. Embedded struct:
 * un_decoder_init, no release needed. */
typedef struct un_decoder {
    un_buf *out;
    un_line_fn on_line;
    void *ctx;
    size_t line;          /* number of the line being decoded, 1-based */
    int line_bad;
    int started;          /* past the place where a BOM could be */
    int after_cr;         /* the previous byte was CR */
    int need;             /* continuation bytes still expected */
    unsigned char lo, hi; /* range of the next continuation byte */
    unsigned char hold[4];
    int nhold;
    int any;              /* bytes were appended since the last line end */
    uint64_t bytes_in;
    uint64_t feed_at;     /* the input offset of the bytes being fed */
    const uint32_t *lf;   /* the input's line feeds, or NULL: */
    size_t nlf, lf_at;    /* how many, and the first not yet passed */
    uint64_t bytes_nonascii;
    uint64_t bytes_bad;
} un_decoder;

void un_decoder_init(un_decoder *d, un_buf *out, un_line_fn on_line, void *ctx);
void un_decoder_feed(un_decoder *d, const unsigned char *p, size_t n);
/* The same, where p[0..checked) is known to be well-formed UTF-8 with
 * ascii bytes of ASCII (un_reader_feed_checked): used as is where the
 * decoder would check exactly those bytes, at the start of an input. */
void un_decoder_feed_checked(un_decoder *d, const unsigned char *p, size_t n, size_t checked,
                             size_t ascii);
/* Before the first feed: the offsets of all the input's line feeds, from
 * its first byte, in order (n of them; lf stays until finish), where the
 * input holds no CR. Lines of well-formed text are then ended there
 * without looking for them; an offset that holds no line feed drops the
 * list, and they are looked for again. */
void un_decoder_set_line_feeds(un_decoder *d, const uint32_t *lf, size_t n);
/* Flushes a final line that has no line end, and an incomplete sequence. */
void un_decoder_finish(un_decoder *d);

/* The code point of the three bytes at p: a well-formed sequence whose
 * lead byte is E0 to EF, so no check is made. */
static inline uint32_t un_utf8_decode3(const unsigned char *p)
{
    return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
           (uint32_t)(p[2] & 0x3F);
}

/* Decodes one code point from valid UTF-8 at *p (p < end) and advances *p. */
static inline uint32_t un_utf8_next(const char **pp, const char *end)
{
    const unsigned char *p = (const unsigned char *)*pp;
    uint32_t c = p[0];
    /* Three bytes first: most characters of a Chinese text. */
    if ((c & 0xF0) == 0xE0 && p + 2 < (const unsigned char *)end) {
        *pp += 3;
        return un_utf8_decode3(p);
    }
    if (c < 0x80) {
        *pp += 1;
        return c;
    }
    if (c < 0xE0 && p + 1 < (const unsigned char *)end) {
        *pp += 2;
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (c < 0xF0 && p + 2 < (const unsigned char *)end) {
        *pp += 3;
        return un_utf8_decode3(p);
    }
    if (p + 3 < (const unsigned char *)end) {
        *pp += 4;
        return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
               ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *pp = end;
    return 0xFFFD;
}

/* Decodes the code point that ends just before *pend (start < *pend) and
 * moves *pend to its first byte. */
uint32_t un_utf8_prev_any(const char *start, const char **pend);

/* The same, inline for the common characters: ASCII and the three bytes
 * of a CJK character (most calls). */
static inline uint32_t un_utf8_prev(const char *start, const char **pend)
{
    const unsigned char *p = (const unsigned char *)*pend;
    /* Three bytes first (most calls), then ASCII: apart, as ASCII is no
     * continuation byte. */
    if ((size_t)((const char *)p - start) >= 3 && (p[-3] & 0xF0) == 0xE0 &&
        (p[-2] & 0xC0) == 0x80 && (p[-1] & 0xC0) == 0x80) {
        *pend -= 3;
        return un_utf8_decode3(p - 3);
    }
    if (p[-1] < 0x80) {
        *pend -= 1;
        return p[-1];
    }
    return un_utf8_prev_any(start, pend);
}

/* Number of code points in valid UTF-8. */
size_t un_utf8_count(const char *s, size_t n);

/* For a UTF-8 lead byte: how many continuation bytes follow, and the range
 * of the first one (the rest are 0x80..0xBF). 0 for bytes that cannot
 * start a sequence (ASCII included). */
int un_utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi);

/* Where p[0..n) first holds CR or LF (n if nowhere), when every byte
 * before that is whole, well-formed UTF-8; *ascii gets how many of those
 * bytes are ASCII. SIZE_MAX when a byte before it is not (or the answer
 * needs the slow path: on a machine without AVX2, always). */
size_t un_utf8_line(const unsigned char *p, size_t n, size_t *ascii);
/* Is all of p[0..n) whole, well-formed UTF-8 (a sequence cut by the end is
 * not)? 1, with *ascii the ASCII bytes; 0 when not; -1 when the answer
 * needs the slow path (on a machine without AVX2, always). */
int un_utf8_valid(const unsigned char *p, size_t n, size_t *ascii);
/* The length of p[0..n) before a sequence that its end may cut (a lead
 * byte among the last three, with only continuation bytes after it). */
size_t un_utf8_uncut(const unsigned char *p, size_t n);

/* The bytes at p that are whole pairs of three-byte characters from
 * U+1000 to U+CFFF (lead byte E1 to EC: no overlong form, no surrogate,
 * so always valid), read eight bytes at a time while eight remain: most
 * of a Chinese text. A multiple of six; 0 where such a pair does not
 * start at p. */
static inline size_t un_utf8_cjk_pairs(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *q = p;
    while (end - q >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        /* Byte i in bits 8i..8i+7: bytes 1, 2, 4 and 5 continue (10xxxxxx),
         * bytes 0 and 3 lead (E1 to EC). */
        if ((w & 0x0000C0C000C0C000ull) != 0x0000808000808000ull ||
            (uint8_t)((uint8_t)w - 0xE1) > 0x0B || (uint8_t)((uint8_t)(w >> 24) - 0xE1) > 0x0B)
            break;
        q += 6;
    }
    return (size_t)(q - p);
}

/* The bytes at p of whole three-byte characters from U+1000 to U+CFFF, one
 * after another (pairs of them read at once): 0 where none starts at p. */
static inline size_t un_utf8_cjk_run(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *q = p;
    while (end - q >= 3 && (unsigned char)(q[0] - 0xE1) <= 0x0B && (q[1] & 0xC0) == 0x80 &&
           (q[2] & 0xC0) == 0x80) {
        q += 3;
        q += un_utf8_cjk_pairs(q, end);
    }
    return (size_t)(q - p);
}

/* The length of c's UTF-8 encoding. */
static inline size_t un_utf8_size(uint32_t c)
{
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* Encodes c as UTF-8 into out (4 bytes of room); returns the length. */
size_t un_utf8_encode(uint32_t c, char *out);

/* Folds the full-width forms of ASCII (U+FF01..U+FF5E) and the ideographic
 * space to ASCII, as NFKC would, so that rules about punctuation see one
 * form. Other code points are returned unchanged. */
static inline uint32_t un_fold_width(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFF01 + 0x21;
    if (c == 0x3000)
        return ' ';
    return c;
}

/* A Han character (CJK unified or compatibility ideograph) or 〇. */
/* A Chinese digit: 零〇一二三四五六七八九两 -> 0..9, else -1. */
static inline int un_cn_digit(uint32_t c)
{
    switch (c) {
    case 0x96F6: case 0x3007: return 0;
    case 0x4E00: return 1;
    case 0x4E8C: case 0x4E24: return 2;
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    default: return -1;
    }
}

/* A Chinese power of ten: 十百千万亿 -> 1, 2, 3, 4, 8, else -1. */
static inline int un_cn_power(uint32_t c)
{
    switch (c) {
    case 0x5341: return 1;
    case 0x767E: return 2;
    case 0x5343: return 3;
    case 0x4E07: return 4;
    case 0x4EBF: return 8;
    default: return -1;
    }
}

static inline int un_is_cn_numeral(uint32_t c)
{
    return un_cn_digit(c) >= 0 || un_cn_power(c) >= 0;
}

static inline int un_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x3134F) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

/* White space as the reader trims it: ASCII space and tab, the ideographic
 * space, no-break spaces and the BOM (a stray one inside the text). */
static inline int un_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == 0x2002 ||
           c == 0x2003 || c == 0x2009 || c == 0x200B || c == 0xFEFF || c == '\f' || c == '\v';
}

/* Terminal punctuation: the characters that end a sentence (after width
 * folding): 。 . ! ? … ; and their full-width forms. */
static inline int un_is_terminal(uint32_t c)
{
    return c == 0x3002 || c == '!' || c == '?' || c == 0x2026 || c == ';' || c == 0xFE54 ||
           c == 0xFF61 || c == 0xFE52;
}

/* Closing quotes and brackets that may follow terminal punctuation. */
static inline int un_is_closer(uint32_t c)
{
    return c == 0x201D || c == 0x2019 || c == '"' || c == '\'' || c == 0x300D || c == 0x300F ||
           c == ')' || c == 0x300B || c == 0x3011 || c == ']' || c == 0x3009;
}

/* Opening quotes and brackets. */
static inline int un_is_opener(uint32_t c)
{
    return c == 0x201C || c == 0x2018 || c == 0x300C || c == 0x300E || c == '(' ||
           c == 0x300A || c == 0x3010 || c == '[' || c == 0x3008;
}

/* Display width of valid UTF-8 in terminal columns (East Asian wide and
 * full-width characters count 2, combining marks 0). */
int un_char_width(uint32_t c);

/* The bytes of a space that grep's first look reads past at p (p < end):
 * a line break, a space, a tab, or U+3000 whole before end; else 0. The
 * reader's line filter promises no more than a look that reads past
 * these (unionnews/reader.h), so both take them from here. */
static inline size_t un_look_space(const unsigned char *p, const unsigned char *end)
{
    if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
        return 1;
    return *p == 0xE3 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
}

/* The length in bytes of the space (un_is_space) that s[0..n) begins
 * with (un_space_first) or ends with (un_space_last), or 0: U+0009,
 * U+000B, U+000C, U+0020; U+00A0 = C2 A0; U+2002, 2003, 2009, 200B =
 * E2 80 82, 83, 89, 8B; U+3000 = E3 80 80; U+FEFF = EF BB BF. The bytes
 * decide without decoding: most lines begin with a lead byte E2 or E3
 * (“, 《) and end with 。 (E3 80 82), none of them a space. */
static inline int un_space_ascii(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}
static inline int un_space_e2(unsigned char c)
{
    return c == 0x82 || c == 0x83 || c == 0x89 || c == 0x8B;
}
static inline size_t un_space_first(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return un_space_ascii(c) ? 1 : 0;
    if (c == 0xC2)
        return n >= 2 && s[1] == 0xA0 ? 2 : 0;
    if (n < 3)
        return 0;
    if ((c == 0xEF && s[1] == 0xBB && s[2] == 0xBF) ||
        (c == 0xE2 && s[1] == 0x80 && un_space_e2(s[2])) ||
        (c == 0xE3 && s[1] == 0x80 && s[2] == 0x80))
        return 3;
    return 0;
}
static inline size_t un_space_last(const unsigned char *s, size_t n)
{
    unsigned char c = s[n - 1];
    if (c < 0x80)
        return un_space_ascii(c) ? 1 : 0;
    if (c == 0xA0 && n >= 2 && s[n - 2] == 0xC2)
        return 2;
    if (n < 3)
        return 0;
    if ((c == 0xBF && s[n - 2] == 0xBB && s[n - 3] == 0xEF) ||
        (un_space_e2(c) && s[n - 2] == 0x80 && s[n - 3] == 0xE2) ||
        (c == 0x80 && s[n - 2] == 0x80 && s[n - 3] == 0xE3))
        return 3;
    return 0;
}

/* Trims white space (un_is_space) from both ends of s[0..*n); returns the
 * new start and sets *n. */
static inline const char *un_trim(const char *s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = *n, k;
    while (len > 0 && (k = un_space_first(p, len)) > 0) {
        p += k;
        len -= k;
    }
    while (len > 0 && (k = un_space_last(p, len)) > 0)
        len -= k;
    *n = len;
    return (const char *)p;
}

#endif
