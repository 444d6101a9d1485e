/* write_json.c: owns the JSON and JSON Lines views of a record, the
 * contract of spec/records.md field by field and in its order. */
#include <inttypes.h>
#include <stddef.h>

#include "internal.h"
#include "text.h"
#include "write_impl.h"

/* The bytes of w that may need an escape (below 0x20, '"', '\\', 0x7F,
 * or 0xE2, which starts U+2028): the high bit of each, and of some above
 * the first, which is exact. 0 when there is none. */
static inline uint64_t look_mask(uint64_t w)
{
    return un_swar_below_mask(w, 0x20) | un_swar_byte_mask(w, '"') |
           un_swar_byte_mask(w, '\\') | un_swar_byte_mask(w, 0x7F) |
           un_swar_byte_mask(w, 0xE2);
}

/* The first byte of w that may need an escape, or 8 when there is none. */
static inline unsigned first_look(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w); /* the first byte lowest, as the masks want */
#endif
    uint64_t m = look_mask(w);
    return m ? (unsigned)__builtin_ctzll(m) >> 3 : 8;
}

static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint32_t load4(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* A string of 1 to 32 bytes that needs no escape, quoted into out with a
 * few overlapping loads and stores instead of a loop; 0 when it needs one
 * (then the caller quotes it byte by byte). Most strings of a record are
 * short: names, codes, types. */
static size_t quote_short(char *out, const char *s, size_t n)
{
    if (n >= 8) {
        /* Words at 0, 8, 16 and n - 8, each start clipped to n - 8. */
        size_t a = n >= 16 ? 8 : n - 8, b = n >= 24 ? 16 : n - 8;
        uint64_t w0 = load8(s), w1 = load8(s + a), w2 = load8(s + b), w3 = load8(s + n - 8);
        if (look_mask(w0) | look_mask(w1) | look_mask(w2) | look_mask(w3))
            return 0;
        out[0] = '"';
        memcpy(out + 1, &w0, 8);
        memcpy(out + 1 + a, &w1, 8);
        memcpy(out + 1 + b, &w2, 8);
        memcpy(out + 1 + n - 8, &w3, 8);
    } else if (n >= 4) {
        uint32_t lo = load4(s), hi = load4(s + n - 4);
        if (look_mask(lo | (uint64_t)hi << 32))
            return 0;
        out[0] = '"';
        memcpy(out + 1, &lo, 4);
        memcpy(out + 1 + n - 4, &hi, 4);
    } else {
        /* 1 to 3 bytes: the first, the middle and the last; the rest 'a'. */
        unsigned char c0 = (unsigned char)s[0], c1 = (unsigned char)s[n / 2],
                      c2 = (unsigned char)s[n - 1];
        uint64_t w = UN_SWAR_ONES * 'a';
        w = (w & ~(uint64_t)0xFFFFFF) | c0 | (uint32_t)c1 << 8 | (uint32_t)c2 << 16;
        if (look_mask(w))
            return 0;
        out[0] = '"';
        out[1] = (char)c0;
        out[1 + n / 2] = (char)c1;
        out[n] = (char)c2;
    }
    out[n + 1] = '"';
    return n + 2;
}

#ifdef UN_AVX2
/* How many bytes from p on need no escape, 32 at a time (a multiple of 32
 * unless one that does is found): none below 0x20, '"', '\\' or 0x7F, and
 * no U+2028 or U+2029, told from the other characters that begin with
 * 0xE2 (“, ”, — and … are frequent in Chinese text). */
UN_AVX2_FN static size_t plain_json_avx2(const unsigned char *p, const unsigned char *end)
{
    const __m256i x1f = _mm256_set1_epi8(0x1F), quote = _mm256_set1_epi8('"'),
                  bslash = _mm256_set1_epi8('\\'), del = _mm256_set1_epi8(0x7F),
                  e2 = _mm256_set1_epi8((char)0xE2), x80 = _mm256_set1_epi8((char)0x80),
                  a8 = _mm256_set1_epi8((char)0xA8), a9 = _mm256_set1_epi8((char)0xA9);
    const unsigned char *q = p;
    /* Two bytes past the block are read: U+2028 may start at its end. */
    while (end - q >= 34) {
        __m256i a = _mm256_loadu_si256((const __m256i *)q);
        __m256i b = _mm256_loadu_si256((const __m256i *)(q + 1));
        __m256i c = _mm256_loadu_si256((const __m256i *)(q + 2));
        __m256i look = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_max_epu8(a, x1f), x1f),
                            _mm256_cmpeq_epi8(a, quote)),
            _mm256_or_si256(_mm256_cmpeq_epi8(a, bslash), _mm256_cmpeq_epi8(a, del)));
        __m256i sep = _mm256_and_si256(
            _mm256_and_si256(_mm256_cmpeq_epi8(a, e2), _mm256_cmpeq_epi8(b, x80)),
            _mm256_or_si256(_mm256_cmpeq_epi8(c, a8), _mm256_cmpeq_epi8(c, a9)));
        uint32_t m = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(look, sep));
        if (m)
            return (size_t)(q - p) + (size_t)__builtin_ctz(m);
        q += 32;
    }
    return (size_t)(q - p);
}
#endif

size_t un_json_quote(char *out, un_str s)
{
    if (!s.ptr) {
        memcpy(out, "null", 4);
        return 4;
    }
    if (s.len >= 1 && s.len <= 32) {
        size_t k = quote_short(out, s.ptr, s.len);
        if (k)
            return k;
    }
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    *o++ = '"';
    const unsigned char *p = (const unsigned char *)s.ptr, *end = p + s.len;
    const unsigned char *run = p;
#ifdef UN_AVX2
    int avx2 = s.len >= 34 && un_have_avx2();
#endif
    while (p < end) {
#ifdef UN_AVX2
        if (avx2)
            p += plain_json_avx2(p, end);
#endif
        /* Eight bytes at a time past those that need no escape, then to
         * the first that may. */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            unsigned k = first_look(w);
            p += k;
            if (k < 8)
                break;
        }
        if (p >= end)
            break;
        unsigned char c = *p;
        const char *esc = NULL;
        char u[7];
        size_t skip = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == 0x7F) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4],
            u[5] = hex[c & 15], u[6] = 0;
            esc = u;
        } else if (c == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            /* U+2028 and U+2029 are valid JSON but not valid JavaScript
             * string content; escaping them costs nothing. */
            esc = p[2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (esc) {
            memcpy(o, run, (size_t)(p - run));
            o += p - run;
            size_t k = strlen(esc);
            memcpy(o, esc, k);
            o += k;
            p += skip;
            run = p;
        } else {
            p++;
        }
    }
    memcpy(o, run, (size_t)(p - run));
    o += p - run;
    *o++ = '"';
    return (size_t)(o - out);
}

/* s as a JSON string (null for a null string) at the end of b. */
void un_json_escape(un_buf *b, un_str s)
{
    char *at = un_buf_reserve(b, UN_JSON_QUOTED_MAX(s.len));
    b->len += un_json_quote(at, s);
}

int un_json_string(FILE *out, un_str s)
{
    /* A cell of a row is short: quoted on the stack, not in a buffer
     * allocated and freed for each. */
    char stack[1024];
    if (UN_JSON_QUOTED_MAX(s.len) <= sizeof stack) {
        fwrite(stack, 1, un_json_quote(stack, s), out);
    } else {
        un_buf b;
        un_buf_init(&b);
        un_json_escape(&b, s);
        fwrite(b.data, 1, b.len, out);
        un_buf_release(&b);
    }
    return ferror(out) ? UN_ERR_IO : UN_OK;
}

/* A key (a literal: inline, its length is known) and its colon, after a
 * comma unless it is the first: one reservation for all of it. */
static inline void key(un_buf *b, const char *k, int first)
{
    size_t n = strlen(k);
    char *o = un_buf_reserve(b, n + 4);
    if (!first)
        *o++ = ',';
    *o++ = '"';
    memcpy(o, k, n);
    o += n;
    *o++ = '"';
    *o++ = ':';
    b->len = (size_t)(o - b->data);
}

static inline void str_field(un_buf *b, const char *k, un_str s)
{
    key(b, k, 0);
    un_json_escape(b, s);
}

static inline void size_field(un_buf *b, const char *k, size_t v)
{
    key(b, k, 0);
    char num[20];
    un_buf_append(b, num, un_fmt_u64(num, v));
}

static void str_array(un_buf *b, const char *k, const un_str *v, size_t n)
{
    key(b, k, 0);
    un_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            un_buf_putc(b, ',');
        un_json_escape(b, v[i]);
    }
    un_buf_putc(b, ']');
}

/* {"name":..,"code":..} or {"name":..,"role":..}: a pair of strings. */
static void pair(un_buf *b, const char *k1, un_str v1, const char *k2, un_str v2)
{
    un_buf_putc(b, '{');
    key(b, k1, 1);
    un_json_escape(b, v1);
    str_field(b, k2, v2);
    un_buf_putc(b, '}');
}

/* An array of n such pairs, "name" and then k2: items of `size` bytes
 * (un_author, un_candidate) holding the two strings at offsets o1, o2. */
static void pairs(un_buf *b, const void *items, size_t size, size_t n, size_t o1, size_t o2,
                  const char *k2)
{
    un_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        const char *item = (const char *)items + i * size;
        if (i)
            un_buf_putc(b, ',');
        pair(b, "name", *(const un_str *)(item + o1), k2, *(const un_str *)(item + o2));
    }
    un_buf_putc(b, ']');
}

static void entity(un_buf *b, const un_entity *e)
{
    un_buf_putc(b, '{');
    key(b, "type", 1);
    un_json_escape(b, e->type);
    str_field(b, "text", e->text);
    str_field(b, "name", e->name);
    str_field(b, "code", e->code);
    if (e->level.ptr)
        str_field(b, "level", e->level);
    size_field(b, "line", e->line);
    if (e->status.ptr)
        str_field(b, "status", e->status);
    if (e->former_name.ptr) {
        key(b, "former", 0);
        pair(b, "name", e->former_name, "code", e->former_code);
    }
    if (e->n_candidates) {
        key(b, "candidates", 0);
        pairs(b, e->candidates, sizeof(un_candidate), e->n_candidates,
              offsetof(un_candidate, name), offsetof(un_candidate, code), "code");
    }
    un_buf_putc(b, '}');
}

static void figure(un_buf *b, const un_figure *f)
{
    un_buf_putc(b, '{');
    key(b, "text", 1);
    un_json_escape(b, f->text);
    key(b, "value", 0);
    /* value is a decimal number as text, printed as a JSON number. */
    un_buf_append(b, f->value.ptr, f->value.len);
    key(b, "value_to", 0);
    if (f->value_to.ptr)
        un_buf_append(b, f->value_to.ptr, f->value_to.len);
    else
        un_buf_append(b, "null", 4);
    str_field(b, "unit", f->unit);
    str_field(b, "qualifier", f->qualifier);
    str_field(b, "subject", f->subject);
    size_field(b, "line", f->line);
    un_buf_putc(b, '}');
}

int un_write_json_record(FILE *out, un_buf *b, const un_article *a)
{
    b->len = 0;
    un_buf_putc(b, '{');
    key(b, "file", 1);
    un_json_escape(b, a->file);
    size_field(b, "id", a->id);
    str_field(b, "kind", un_str_make(a->kind == UN_KIND_ARTICLE ? "article" : "fragment",
                                    a->kind == UN_KIND_ARTICLE ? 7 : 8));
    str_field(b, "section", a->section);
    str_field(b, "kicker", a->kicker);
    str_field(b, "headline", a->headline);
    str_field(b, "deck", a->deck);
    str_field(b, "byline", a->byline);
    key(b, "authors", 0);
    pairs(b, a->authors, sizeof(un_author), a->n_authors, offsetof(un_author, name),
          offsetof(un_author, role), "role");
    size_field(b, "line_start", a->line_start);
    size_field(b, "line_end", a->line_end);
    str_array(b, "subheads", a->subheads, a->n_subheads);
    str_array(b, "captions", a->captions, a->n_captions);
    size_field(b, "paragraphs", a->paragraphs);
    size_field(b, "chars", a->chars);
    str_field(b, "body", a->body);
    key(b, "entities", 0);
    un_buf_putc(b, '[');
    for (size_t i = 0; i < a->n_entities; i++) {
        if (i)
            un_buf_putc(b, ',');
        entity(b, &a->entities[i]);
    }
    un_buf_putc(b, ']');
    key(b, "figures", 0);
    un_buf_putc(b, '[');
    for (size_t i = 0; i < a->n_figures; i++) {
        if (i)
            un_buf_putc(b, ',');
        figure(b, &a->figures[i]);
    }
    un_buf_append(b, "]}", 2);
    fwrite(b->data, 1, b->len, out);
    return ferror(out) ? UN_ERR_IO : UN_OK;
}
