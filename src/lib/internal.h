/* internal.h: helpers shared by the library's modules and never exported.
 *
 * Memory: every module allocates through un_xmalloc and friends, which abort
 * with a message when the system is out of memory (style rule 5: out-of-memory
 * is not a recoverable status here). Arenas hold the strings of one page's
 * records so that a whole page is released at once.
 */
#ifndef UN_INTERNAL_H
#define UN_INTERNAL_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unionnews/base.h"

#if defined(__GNUC__)
#define UN_UNUSED __attribute__((unused))
#define UN_LIKELY(x) __builtin_expect(!!(x), 1)
#define UN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define UN_UNUSED
#define UN_LIKELY(x) (x)
#define UN_UNLIKELY(x) (x)
#endif

/* Allocation that never returns NULL: on failure it prints one line to
 * stderr and aborts. This is the one place where the library speaks. */
void *un_xmalloc(size_t n);
void *un_xcalloc(size_t n, size_t size);
void *un_xrealloc(void *p, size_t n);

/* Tests on eight bytes at once (a word read with memcpy). Each answers
 * yes or no rightly for the word as a whole; which byte it was they do
 * not tell. */
#define UN_SWAR_ONES 0x0101010101010101ull
#define UN_SWAR_HIGHS 0x8080808080808080ull
/* The masks below have the top bit set in the first byte of w (the
 * lowest: w is read little-endian) that is equal to b, or below n (n at
 * most 0x80); the bits of the bytes after it may be wrong, as a borrow
 * runs on. Zero when there is none. */
static inline uint64_t un_swar_byte_mask(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (UN_SWAR_ONES * b);
    return (x - UN_SWAR_ONES) & ~x & UN_SWAR_HIGHS;
}
static inline uint64_t un_swar_below_mask(uint64_t w, unsigned char n)
{
    return (w - UN_SWAR_ONES * n) & ~w & UN_SWAR_HIGHS;
}
/* Is a byte of w equal to b? */
static inline int un_swar_has_byte(uint64_t w, unsigned char b)
{
    return un_swar_byte_mask(w, b) != 0;
}
/* Is a byte of w below n (n at most 0x80)? */
static inline int un_swar_has_below(uint64_t w, unsigned char n)
{
    return un_swar_below_mask(w, n) != 0;
}

/* 1 in each byte of w that continues a UTF-8 sequence (10xxxxxx), 0 in
 * the others: (x * UN_SWAR_ONES) >> 56 sums such a word, or the sum of up
 * to 31 of them. */
static inline uint64_t un_swar_continuations(uint64_t w)
{
    return (w & ~(w << 1) & UN_SWAR_HIGHS) >> 7;
}

/* FNV-1a over s[0..n): the hash of the library's small tables of strings. */
static inline uint64_t un_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

/* Code for 32 bytes at a time: functions marked UN_AVX2_FN use AVX2 and
 * run only where un_have_avx2() says the machine has it; other builds and
 * machines take the eight-byte or byte-by-byte paths. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define UN_AVX2 1
#define UN_AVX2_FN __attribute__((target("avx2")))
static inline int un_have_avx2(void)
{
    return __builtin_cpu_supports("avx2");
}
/* 64 bytes at a time where AVX-512 (F, VL and BW) is there, with its masks,
 * gathers and compresses. */
#define UN_AVX512_FN __attribute__((target("avx2,avx512f,avx512vl,avx512bw")))
static inline int un_have_avx512(void)
{
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw");
}
#endif

/* A growable byte buffer. Embedded: un_buf_init / un_buf_release. */
typedef struct un_buf {
    char *data;
    size_t len;
    size_t cap;
} un_buf;

void un_buf_init(un_buf *b);
void un_buf_release(un_buf *b);
/* Makes room for at least extra more bytes; returns the write position.
 * un_buf_grow is its rare case, out of line. */
char *un_buf_grow(un_buf *b, size_t extra);
static inline char *un_buf_reserve(un_buf *b, size_t extra)
{
    if (UN_UNLIKELY(b->cap - b->len < extra))
        return un_buf_grow(b, extra);
    return b->data + b->len;
}
/* Inline: most appends are short and fit (record fields, keys). */
static inline void un_buf_append(un_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return; /* and no memcpy to a buffer never allocated */
    memcpy(un_buf_reserve(b, n), p, n);
    b->len += n;
}
static inline void un_buf_putc(un_buf *b, char c)
{
    if (UN_UNLIKELY(b->len == b->cap))
        un_buf_grow(b, 1);
    b->data[b->len++] = c;
}
static inline void un_buf_puts(un_buf *b, const char *s)
{
    un_buf_append(b, s, strlen(s));
}
/* Writes v in decimal at out (room for 20 bytes; no NUL): its length. */
static inline size_t un_fmt_u64(char *out, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = digits[n - 1 - i];
    return n;
}

/* A growable array of fixed-size items. */
typedef struct un_vec {
    void *data;
    size_t len;
    size_t cap;
    size_t size; /* bytes per item */
} un_vec;

void un_vec_init(un_vec *v, size_t item_size);
void un_vec_release(un_vec *v);
/* Makes room for need items in all (len included). */
void un_vec_reserve(un_vec *v, size_t need);
/* Makes room for one more item (out of line: the rare case of push). */
void un_vec_grow(un_vec *v);
/* Appends one item left as it was, for a caller that sets all of it. */
static inline void *un_vec_push_unset(un_vec *v)
{
    if (UN_UNLIKELY(v->len == v->cap))
        un_vec_grow(v);
    return (char *)v->data + v->len++ * v->size;
}
/* Appends one zeroed item of type T and returns it; valid until the next
 * push. The size is known where it is written, so the item is zeroed by a
 * few stores, not by a call to memset per item. */
#define UN_VEC_PUSH(v, T) ((T *)un_vec_push_zeroed((v), sizeof(T)))
static inline void *un_vec_push_zeroed(un_vec *v, size_t size)
{
    assert(size == v->size);
    void *item = un_vec_push_unset(v);
    memset(item, 0, size);
    return item;
}
/* Appends n items copied from items (of the vector's size) at once. */
void un_vec_append(un_vec *v, const void *items, size_t n);
/* Appends n zeroed items at once. */
void un_vec_push_zeroes(un_vec *v, size_t n);
/* The vector's items, for the caller to free (NULL when it has none); the
 * vector is left empty. */
void *un_vec_take(un_vec *v);
#define UN_VEC_AT(v, type, i) (((type *)(v)->data)[i])

/* An arena: bump allocation in chunks, freed all at once. Pointers stay
 * valid until un_arena_reset or un_arena_release. */
typedef struct un_arena_chunk un_arena_chunk;
typedef struct un_arena {
    un_arena_chunk *head;
    size_t chunk_size;
} un_arena;

void un_arena_init(un_arena *a, size_t chunk_size);
void un_arena_release(un_arena *a);
/* Frees every allocation but keeps the first chunk for reuse. */
void un_arena_reset(un_arena *a);
void *un_arena_alloc(un_arena *a, size_t n);
/* Copies n bytes into the arena; returns the copy (not NUL-terminated). */
const char *un_arena_dup(un_arena *a, const char *s, size_t n);

/* One needle sought in many texts (memmem's answers): the shifts by the
 * needle's byte pairs are worked out once, where memmem works them out
 * again for every text. Between 2 and 255 bytes. */
typedef struct un_needle {
    const unsigned char *p;
    size_t n;
    size_t again;             /* the shift after a window that held no match */
    unsigned char shift[256]; /* by the hash of the window's last two bytes */
} un_needle;
void un_needle_init(un_needle *nd, const char *p, size_t n);
/* The first occurrence of the needle in s[0..len), or NULL. */
const char *un_needle_find(const un_needle *nd, const char *s, size_t len);

/* A stable sort that accepts an empty array given as NULL (qsort's
 * arguments may not be NULL even when there is nothing to sort), and
 * leaves an array already in order as it is after n - 1 comparisons:
 * many arrays sorted here come in order (the hits of a segment where no
 * names overlap). The arrays sorted per record are short (a few dozen
 * hits, quotes or places): small elements, up to 64 of them, are sorted
 * in place by insertion, where the comparison is inlined; others go to
 * qsort, which is glibc's merge sort, stable as well. */
static inline void un_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;
    size_t i = 1;
    while (i < n && cmp(b + (i - 1) * size, b + i * size) <= 0)
        i++;
    if (i >= n)
        return;
    if (size > 32 || n > 64) {
        qsort(base, n, size, cmp);
        return;
    }
    unsigned char tmp[32];
    for (; i < n; i++) {
        size_t j = i;
        if (cmp(b + (j - 1) * size, b + j * size) <= 0)
            continue;
        memcpy(tmp, b + j * size, size);
        do {
            memcpy(b + j * size, b + (j - 1) * size, size);
            j--;
        } while (j > 0 && cmp(b + (j - 1) * size, tmp) > 0);
        memcpy(b + j * size, tmp, size);
    }
}

/* Sorted arrays of int32_t (place indices): the order for un_sort, and
 * the first index whose key is >= k (<= k for un_i32_upper: > k). */
static inline int un_cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The binary search of the library: sets out to the first index i of
 * [from, n) at which the condition BEFORE, an expression of the variable
 * named by i, is false, for a range sorted so that BEFORE holds on a
 * prefix of it (n when it holds everywhere). */
#define UN_PARTITION_POINT(out, from, n, i, BEFORE)                                           \
    do {                                                                                      \
        size_t un_lo_ = (from), un_hi_ = (n);                                                 \
        while (un_lo_ < un_hi_) {                                                             \
            size_t i = un_lo_ + (un_hi_ - un_lo_) / 2;                                        \
            if (BEFORE)                                                                       \
                un_lo_ = i + 1;                                                               \
            else                                                                              \
                un_hi_ = i;                                                                   \
        }                                                                                     \
        (out) = un_lo_;                                                                       \
    } while (0)

static inline size_t un_i32_bound(const int32_t *keys, size_t n, int32_t k, int upper)
{
    size_t at;
    UN_PARTITION_POINT(at, 0, n, mid, keys[mid] < k || (upper && keys[mid] == k));
    return at;
}

/* Calls fn for each line of TSV text that is not empty and not a comment
 * (#), with its fields split at tabs (a CR before the line end dropped).
 * fn returns 0 to go on; a non-zero return stops the walk and is returned.
 * Lines with more than UN_TSV_MAX_FIELDS fields have the rest in the last. */
#define UN_TSV_MAX_FIELDS 16
typedef int (*un_tsv_fn)(void *ctx, size_t lineno, const un_str *fields, size_t nfields);
int un_tsv_each(const char *data, size_t n, un_tsv_fn fn, void *ctx);

static inline un_str un_str_make(const char *p, size_t n)
{
    un_str s;
    s.ptr = p;
    s.len = n;
    return s;
}
static inline un_str un_str_null(void)
{
    return un_str_make(NULL, 0);
}

#endif
