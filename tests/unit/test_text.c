/* test_text.c: the decoder (BOM, line ends, invalid bytes, splits across
 * feeds, a missing final newline) and the character helpers. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/fuzz.h"
#include "random_text.h"
#include "text.h"

/* Collects the decoded lines as "N:text|" (bad lines as "N!text|"). */
typedef struct sink {
    un_buf out;
    size_t start;
    char log[4096];
    uint64_t nonascii, bad; /* the decoder's counts at the end */
} sink;

static void on_line(void *ctx, size_t lineno, int bad)
{
    sink *s = ctx;
    char entry[1024];
    snprintf(entry, sizeof entry, "%zu%c%.*s|", lineno, bad ? '!' : ':',
             (int)(s->out.len - s->start), s->out.data ? s->out.data + s->start : "");
    strncat(s->log, entry, sizeof s->log - strlen(s->log) - 1);
    s->start = s->out.len;
}

/* Decodes input fed in pieces of `step` bytes (0: all at once), with the
 * offsets of its line feeds given (lf, nlf of them) unless lf is NULL;
 * *passed: how many of them the decoder passed by the list, or SIZE_MAX
 * when it had none at the end. */
static void decode_lf(const char *in, size_t n, size_t step, const uint32_t *lf, size_t nlf,
                      sink *s, size_t *passed)
{
    memset(s, 0, sizeof *s);
    un_buf_init(&s->out);
    un_decoder d;
    un_decoder_init(&d, &s->out, on_line, s);
    if (lf)
        un_decoder_set_line_feeds(&d, lf, nlf);
    if (step == 0)
        step = n ? n : 1;
    for (size_t i = 0; i < n; i += step)
        un_decoder_feed(&d, (const unsigned char *)in + i, n - i < step ? n - i : step);
    un_decoder_finish(&d);
    s->nonascii = d.bytes_nonascii;
    s->bad = d.bytes_bad;
    *passed = d.lf ? d.lf_at : SIZE_MAX;
    un_buf_release(&s->out);
}

static void decode(const char *in, size_t n, size_t step, sink *s)
{
    size_t passed;
    decode_lf(in, n, step, NULL, 0, s, &passed);
}

/* The same log for every way of cutting the input. */
static void expect_all_splits(const char *in, size_t n, const char *want)
{
    sink s;
    for (size_t step = 0; step <= n + 1; step++) {
        decode(in, n, step, &s);
        if (strcmp(s.log, want) != 0)
            fail_msg("step %zu: got '%s', want '%s'", step, s.log, want);
    }
}

#define LIT(s) (s), (sizeof(s) - 1)

static void test_plain_lines(void **state)
{
    (void)state;
    expect_all_splits(LIT("一\n二\n"), "1:一|2:二|");
}

static void test_no_final_newline(void **state)
{
    (void)state;
    expect_all_splits(LIT("一\n二"), "1:一|2:二|");
    expect_all_splits(LIT("二"), "1:二|");
    expect_all_splits(LIT(""), "");
}

static void test_bom(void **state)
{
    (void)state;
    expect_all_splits(LIT("\xEF\xBB\xBF标题\n"), "1:标题|");
    /* Only at the start: later it is text (U+FEFF). */
    expect_all_splits(LIT("a\n\xEF\xBB\xBF\n"), "1:a|2:\xEF\xBB\xBF|");
    /* A BOM's first bytes followed by something else. */
    expect_all_splits(LIT("\xEF\xBB" "A"), "1!\xEF\xBF\xBD" "A|");
    expect_all_splits(LIT("\xEF"), "1!\xEF\xBF\xBD|");
}

static void test_line_ends(void **state)
{
    (void)state;
    expect_all_splits(LIT("a\r\nb\r\n"), "1:a|2:b|");
    expect_all_splits(LIT("a\rb\rc"), "1:a|2:b|3:c|");
    expect_all_splits(LIT("a\r\rb\n\n"), "1:a|2:|3:b|4:|");
    expect_all_splits(LIT("a\r\n\r\nb"), "1:a|2:|3:b|");
    expect_all_splits(LIT("\r"), "1:|");
}

static void test_invalid_bytes(void **state)
{
    (void)state;
    /* A lone continuation byte and a byte that is never UTF-8. */
    expect_all_splits(LIT("a\x80" "b\n\xFF\n"), "1!a\xEF\xBF\xBD" "b|2!\xEF\xBF\xBD|");
    /* A truncated sequence is one replacement (a maximal subpart). */
    expect_all_splits(LIT("\xE4\xB8" "x\n"), "1!\xEF\xBF\xBD" "x|");
    /* Overlong and surrogate forms are invalid byte by byte. */
    expect_all_splits(LIT("\xC0\xAF\n"), "1!\xEF\xBF\xBD\xEF\xBF\xBD|");
    expect_all_splits(LIT("\xED\xA0\x80\n"), "1!\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|");
    /* A sequence cut by the end of the input. */
    expect_all_splits(LIT("a\xE4\xB8"), "1!a\xEF\xBF\xBD|");
    /* A sequence broken by a line end: the line end still counts. */
    expect_all_splits(LIT("\xE4\n\xE4\xB8\x80\n"), "1!\xEF\xBF\xBD|2:\xE4\xB8\x80|");
    /* Four-byte characters pass. */
    expect_all_splits(LIT("\xF0\x9F\x98\x80\n"), "1:\xF0\x9F\x98\x80|");
}

/* Up to 39 of the pieces (none longer than 6 bytes) one after another in
 * in, drawn with seed: returns their length. */
static size_t random_pieces(const char *const *pieces, size_t npieces, uint32_t *seed, char *in)
{
    size_t n = 0, count = fuzz_next(seed) % 40;
    for (size_t k = 0; k < count; k++) {
        const char *piece = pieces[fuzz_next(seed) % npieces];
        memcpy(in + n, piece, strlen(piece));
        n += strlen(piece);
    }
    return n;
}

/* Random mixes of text, line ends of every kind and bad bytes decode to
 * the same lines and counts however the feeds cut them: whole feeds take
 * the path for well-formed text, short ones the byte-by-byte one. */
static void test_random_splits(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "职工", "\n", "\r", "\r\n", "\xFF",
                                         "\xE4\xB8", "\xF0\x9F\x98\x80", "\x80", "。"};
    uint32_t seed = 5;
    char in[256];
    for (int round = 0; round < 3000; round++) {
        size_t n = random_pieces(pieces, sizeof pieces / sizeof pieces[0], &seed, in);
        sink whole, cut;
        decode(in, n, 0, &whole);
        size_t step = 1 + fuzz_next(&seed) % 9;
        decode(in, n, step, &cut);
        if (strcmp(whole.log, cut.log) != 0 || whole.nonascii != cut.nonascii ||
            whole.bad != cut.bad)
            fail_msg("%zu bytes, step %zu: '%s' (%llu, %llu), whole '%s' (%llu, %llu)", n, step,
                     cut.log, (unsigned long long)cut.nonascii, (unsigned long long)cut.bad,
                     whole.log, (unsigned long long)whole.nonascii,
                     (unsigned long long)whole.bad);
    }
}

/* Line feeds given (as grep's first look finds them) end the same lines
 * as those the decoder finds, however the feeds cut the input and
 * whatever the byte-by-byte paths take between; an offset that holds no
 * line feed drops the list, with the same lines. */
static void test_line_feeds_given(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "职工", "\n", "\n\n", "\xFF", "\xE4\xB8",
                                         "\xF0\x9F\x98\x80", "\x80", "。", "\xEF\xBB\xBF"};
    uint32_t seed = 11;
    char in[256];
    uint32_t lf[256];
    for (int round = 0; round < 3000; round++) {
        size_t n = random_pieces(pieces, sizeof pieces / sizeof pieces[0], &seed, in), nlf = 0;
        for (size_t i = 0; i < n; i++)
            if (in[i] == '\n')
                lf[nlf++] = (uint32_t)i;
        sink plain, given;
        size_t passed;
        decode(in, n, 0, &plain);
        size_t step = fuzz_next(&seed) % 9;
        decode_lf(in, n, step, lf, nlf, &given, &passed);
        if (strcmp(plain.log, given.log) != 0 || plain.nonascii != given.nonascii ||
            plain.bad != given.bad || passed == SIZE_MAX)
            fail_msg("%zu bytes, step %zu: '%s', found '%s'%s", n, step, given.log, plain.log,
                     passed == SIZE_MAX ? " (the list was dropped)" : "");
    }
    /* An offset that holds no line feed, before the line's own: the list
     * is dropped there, and the lines are found. (A line feed left out of
     * the list is not noticed: the list must be the input's.) */
    static const char text[] = "职工\n技能\n比武\n";
    static const uint32_t right[3] = {6, 13, 20};
    static const uint32_t wrong[][3] = {{0, 1, 2}, {3, 13, 20}, {6, 16, 20}};
    sink s;
    size_t passed;
    decode_lf(LIT(text), 0, right, 3, &s, &passed);
    assert_string_equal(s.log, "1:职工|2:技能|3:比武|");
    assert_int_equal(passed, 3); /* well-formed text fed whole: all by the list */
    for (size_t k = 0; k < 3; k++) {
        decode_lf(LIT(text), 0, wrong[k], 3, &s, &passed);
        assert_string_equal(s.log, "1:职工|2:技能|3:比武|");
        assert_true(passed == SIZE_MAX);
    }
}

static void test_counts(void **state)
{
    (void)state;
    sink s;
    memset(&s, 0, sizeof s);
    un_buf_init(&s.out);
    un_decoder d;
    un_decoder_init(&d, &s.out, on_line, &s);
    un_decoder_feed(&d, (const unsigned char *)"a\xFF\xE4\xB8\x80", 5);
    un_decoder_finish(&d);
    assert_int_equal(d.bytes_bad, 1);
    assert_int_equal(d.bytes_nonascii, 4);
    un_buf_release(&s.out);
}

/* un_fmt_u64 writes what printf does, at the edges of each length and at
 * random. */
static void test_fmt_size(void **state)
{
    (void)state;
    uint32_t seed = 3;
    for (int i = 0; i < 2000; i++) {
        uint64_t v;
        if (i < 40) {
            v = 1;
            for (int k = 0; k < i / 2; k++)
                v *= 10;
            v -= (size_t)(i % 2); /* 10^k and 10^k - 1 */
        } else if (i == 40) {
            v = UINT64_MAX;
        } else {
            v = ((uint64_t)fuzz_next(&seed) << 32 | fuzz_next(&seed)) >> (fuzz_next(&seed) % 64);
        }
        char got[21], want[32];
        got[un_fmt_u64(got, v)] = '\0';
        snprintf(want, sizeof want, "%" PRIu64, v);
        assert_string_equal(got, want);
    }
}

static void test_helpers(void **state)
{
    (void)state;
    const char *s = "职工,ab";
    assert_int_equal(un_utf8_count(s, strlen(s)), 5);
    /* Counted eight bytes at a time: every length and alignment, against
     * a byte at a time, bad bytes included. */
    static const char mix[] = "工会a\xF0\x9F\x98\x80职工\xFF\x80Ω技能比武,开幕bc";
    for (size_t at = 0; at < sizeof mix - 1; at++)
        for (size_t n = 0; at + n <= sizeof mix - 1; n++) {
            size_t want = 0;
            for (size_t i = at; i < at + n; i++)
                want += ((unsigned char)mix[i] & 0xC0) != 0x80;
            assert_int_equal(un_utf8_count(mix + at, n), want);
        }
    assert_int_equal(un_display_width(s, strlen(s)), 7);
    assert_int_equal(un_fold_width(0xFF0C), ',');
    assert_int_equal(un_fold_width(0x3000), ' ');
    assert_true(un_is_han(0x5DE5));
    assert_false(un_is_han('a'));
    size_t n = strlen("\xE3\x80\x80 工会 \t");
    const char *t = un_trim("\xE3\x80\x80 工会 \t", &n);
    assert_int_equal(n, 6);
    assert_memory_equal(t, "工会", 6);
    const char *end = s + strlen(s);
    assert_int_equal(un_utf8_prev(s, &end), 'b');
    char out[4];
    assert_int_equal(un_utf8_encode(0x5DE5, out), 3);
    assert_memory_equal(out, "工", 3);
}

/* un_sort: in order and stable (equal keys keep their order), for every
 * length up to past the insertion sort's limit, for elements small
 * enough for it and too large for it; an empty NULL array is fine. */
typedef struct sort_small {
    uint32_t key, seq;
} sort_small;
typedef struct sort_large {
    uint32_t key, seq;
    char pad[40];
} sort_large;

static int small_by_key(const void *a, const void *b)
{
    const sort_small *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static int large_by_key(const void *a, const void *b)
{
    const sort_large *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static void test_sort(void **state)
{
    (void)state;
    un_sort(NULL, 0, sizeof(sort_small), small_by_key);
    uint32_t seed = 7;
    sort_small sm[80];
    sort_large lg[80];
    for (size_t n = 1; n <= 80; n++)
        for (int round = 0; round < 20; round++) {
            /* Few distinct keys, so that many are equal; some rounds
             * nearly in order, as the hits of a segment come. */
            for (size_t i = 0; i < n; i++) {
                uint32_t k = round % 4 == 0 ? (uint32_t)i / 3 : fuzz_next(&seed) % 6;
                if (round % 4 == 0 && fuzz_next(&seed) % 8 == 0)
                    k += 2;
                sm[i] = (sort_small){k, (uint32_t)i};
                lg[i] = (sort_large){k, (uint32_t)i, {0}};
            }
            un_sort(sm, n, sizeof *sm, small_by_key);
            un_sort(lg, n, sizeof *lg, large_by_key);
            /* Every element once: nothing lost or doubled. */
            uint64_t seen_sm[2] = {0, 0}, seen_lg[2] = {0, 0};
            for (size_t i = 0; i < n; i++) {
                seen_sm[sm[i].seq / 64] |= 1ull << (sm[i].seq % 64);
                seen_lg[lg[i].seq / 64] |= 1ull << (lg[i].seq % 64);
            }
            for (size_t w = 0; w < 2; w++) {
                size_t bits = n > 64 * w ? n - 64 * w : 0;
                uint64_t all = bits >= 64 ? ~0ull : (1ull << bits) - 1;
                assert_true(seen_sm[w] == all && seen_lg[w] == all);
            }
            for (size_t i = 1; i < n; i++) {
                assert_true(sm[i - 1].key < sm[i].key ||
                            (sm[i - 1].key == sm[i].key && sm[i - 1].seq < sm[i].seq));
                assert_true(lg[i - 1].key < lg[i].key ||
                            (lg[i - 1].key == lg[i].key && lg[i - 1].seq < lg[i].seq));
            }
        }
}

/* un_needle_find answers as memmem: needles of 2 to 255 bytes, found or
 * not, at the start, the end or nowhere, in texts of few characters (so
 * that pairs of bytes and their hashes recur, and matches are many). */
static void test_needle(void **state)
{
    (void)state;
    static const char *const alphabet[] = {"a", "b", "\xe9\xbb\x84", "\xe5\xb2\xa9",
                                           "\xe5\x8c\xba", "\xe5\xb2\x81"};
    uint32_t seed = 11;
    static char text[4 * 400], needle[256];
    un_needle nd;
    for (int round = 0; round < 20000; round++) {
        size_t len = random_text(&seed, alphabet, 6, 1 + round % 400, text);
        size_t n = 2 + fuzz_next(&seed) % (round % 7 == 0 ? 254 : 24);
        if (fuzz_next(&seed) % 2 && len >= n) {
            /* a piece of the text, perhaps its start or its end */
            size_t at = fuzz_next(&seed) % (len - n + 1);
            if (round % 5 == 0)
                at = round % 10 ? 0 : len - n;
            memcpy(needle, text + at, n);
        } else {
            for (size_t i = 0; i < n; i++)
                needle[i] = alphabet[fuzz_next(&seed) % 6][0]; /* a, b or a lead byte */
        }
        un_needle_init(&nd, needle, n);
        assert_ptr_equal(un_needle_find(&nd, text, len), memmem(text, len, needle, n));
        /* The same needle in a second text, as glued_copy asks. */
        size_t len2 = random_text(&seed, alphabet, 6, 60, text);
        assert_ptr_equal(un_needle_find(&nd, text, len2), memmem(text, len2, needle, n));
    }
    un_needle_init(&nd, "ab", 2);
    assert_null(un_needle_find(&nd, "a", 1));
    const char *xab = "xab";
    assert_ptr_equal(un_needle_find(&nd, xab, 3), xab + 1);
}

/* un_trim's byte tests agree with un_is_space at every code point, as the
 * first and as the last character, with text around it and without; and
 * un_trim takes runs of every space off both ends and nothing else. */
static void test_trim_bytes(void **state)
{
    (void)state;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        unsigned char buf[8] = {'x', 0, 0, 0, 0, 'x'};
        size_t k = un_utf8_encode(c, (char *)buf + 1);
        size_t want = un_is_space(c) ? k : 0;
        assert_int_equal(un_space_first(buf + 1, k), want);
        assert_int_equal(un_space_first(buf + 1, k + 1), want);
        assert_int_equal(un_space_last(buf + 1, k), want);
        assert_int_equal(un_space_last(buf, k + 1), want);
    }
    static const char *const spaces[] = {" ", "\t", "\v", "\f", "\xC2\xA0", "\xE2\x80\x82",
                                         "\xE2\x80\x83", "\xE2\x80\x89", "\xE2\x80\x8B",
                                         "\xE3\x80\x80", "\xEF\xBB\xBF"};
    size_t ns = sizeof spaces / sizeof spaces[0];
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < ns; j++) {
            char line[64];
            snprintf(line, sizeof line, "%s%s工会。%s%s", spaces[i], spaces[j], spaces[j],
                     spaces[i]);
            size_t n = strlen(line);
            const char *t = un_trim(line, &n);
            assert_int_equal(n, strlen("工会。"));
            assert_memory_equal(t, "工会。", n);
            line[strlen(spaces[i]) + strlen(spaces[j])] = '\0';
            n = strlen(line);
            un_trim(line, &n);
            assert_int_equal(n, 0);
        }
    /* A newline is no space to trim, nor U+2000 (E2 80 80) or 、 (E3 80 81). */
    static const char *const kept[] = {"\n", "\xE2\x80\x80", "\xE3\x80\x81", "\xC2\xA1"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        size_t n = strlen(kept[i]);
        assert_ptr_equal(un_trim(kept[i], &n), kept[i]);
        assert_int_equal(n, strlen(kept[i]));
    }
}

/* Stepping by characters, at every start and end of text of one to four
 * bytes a character and of cut or stray bytes. The inline un_utf8_prev
 * agrees with the general one. un_utf8_next reads a sequence by its first
 * byte (below C0 after ASCII as two bytes) where its bytes all stand
 * before the end; a cut one reads as U+FFFD and moves to the end. */
static void test_utf8_steps(void **state)
{
    (void)state;
    const char s[] = "a\xC3\xA9\xE5\xB7\xA5\xF0\xA0\xAE\xB7\x80\xE5\xB7z\xB7\xA5\xE4\xBC\x9A";
    size_t n = sizeof s - 1;
    for (size_t from = 0; from < n; from++)
        for (size_t to = from + 1; to <= n; to++) {
            const char *a = s + to, *b = s + to;
            uint32_t ca = un_utf8_prev(s + from, &a);
            uint32_t cb = un_utf8_prev_any(s + from, &b);
            assert_int_equal(ca, cb);
            assert_ptr_equal(a, b);

            const unsigned char *p = (const unsigned char *)s + from;
            unsigned char c = p[0];
            size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            uint32_t want = 0xFFFD;
            if (from + len <= to) {
                want = len == 1   ? c
                       : len == 2 ? (uint32_t)(c & 0x1F) << 6 | (p[1] & 0x3Fu)
                       : len == 3 ? (uint32_t)(c & 0x0F) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu)
                                  : (uint32_t)(c & 0x07) << 18 | (p[1] & 0x3Fu) << 12 |
                                        (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
            } else {
                len = to - from;
            }
            const char *q = s + from;
            assert_int_equal(un_utf8_next(&q, s + to), want);
            assert_ptr_equal(q, s + from + len);
        }
    const char *e = s + n;
    assert_int_equal(un_utf8_prev(s, &e), 0x4F1A); /* 会 */
    assert_ptr_equal(e, s + n - 3);
}

/* Where a text is cut to fit a width with room for an ellipsis. */
static void test_display_cut(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t max, ellipsis, want;
    } cases[] = {
        {"工会", 4, 1, 6},       /* fits: all of it */
        {"工会主席", 5, 1, 6},   /* 工会 and the mark */
        {"工会", 3, 1, 3},       /* 工 and the mark */
        {"abcdef", 4, 2, 2},     {"a工b", 3, 1, 1}, {"", 0, 1, 0},
        {"工会主席", 24, 2, 12}, {"会", 1, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = un_display_cut(cases[i].s, strlen(cases[i].s), cases[i].max,
                                    cases[i].ellipsis);
        if (got != cases[i].want)
            fail_msg("'%s' in %zu (+%zu): %zu bytes, want %zu", cases[i].s, cases[i].max,
                     cases[i].ellipsis, got, cases[i].want);
    }
}

/* un_utf8_cjk_pairs and un_utf8_cjk_run against plain loops: whole pairs of characters with
 * lead bytes E1 to EC and two continuation bytes, while eight bytes
 * remain, on strings of such characters, others (E0, ED, ASCII, four
 * bytes) and broken ones, at every start. */
static void test_cjk_pairs(void **state)
{
    (void)state;
    static const char *const pieces[] = {"工", "会", "\xE1\x80\x80", "\xEC\xBF\xBF", "\xE0\xA0\x80",
                                         "\xED\x9F\xBF", "a", "\xF0\xA0\xAE\xB7", "\xE5\xB7",
                                         "\xE5\x41\x80", "\xE3\x80\x82"};
    uint32_t seed = 7;
    for (int round = 0; round < 3000; round++) {
        unsigned char buf[64];
        size_t n = 0;
        while (n + 4 < sizeof buf) {
            fuzz_next(&seed);
            size_t k = (seed >> 16) % 16;
            const char *pc = pieces[k < 11 ? k : k % 2]; /* mostly 工 and 会 */
            memcpy(buf + n, pc, strlen(pc));
            n += strlen(pc);
            if ((seed >> 8) % 7 == 0)
                break;
        }
        for (size_t at = 0; at < n; at++) {
            size_t want = 0;
            const unsigned char *q = buf + at, *end = buf + n;
            while (end - (q + want) >= 8) {
                const unsigned char *r = q + want;
                int ok = 1;
                for (int c = 0; c < 2; c++)
                    ok &= r[3 * c] >= 0xE1 && r[3 * c] <= 0xEC &&
                          (r[3 * c + 1] & 0xC0) == 0x80 && (r[3 * c + 2] & 0xC0) == 0x80;
                if (!ok)
                    break;
                want += 6;
            }
            assert_int_equal(un_utf8_cjk_pairs(q, end), want);
            /* The whole run, a character at a time. */
            size_t run = 0;
            while (end - (q + run) >= 3 && q[run] >= 0xE1 && q[run] <= 0xEC &&
                   (q[run + 1] & 0xC0) == 0x80 && (q[run + 2] & 0xC0) == 0x80)
                run += 3;
            assert_int_equal(un_utf8_cjk_run(q, end), run);
        }
    }
}

/* What un_utf8_line must answer, the slow way: the fuzz targets' check
 * of Unicode's table of well-formed sequences, on the bytes before the
 * first line end. */
static size_t line_by_table(const unsigned char *p, size_t n, size_t *ascii)
{
    size_t e = 0, a = 0;
    while (e < n && p[e] != '\n' && p[e] != '\r')
        a += p[e++] < 0x80;
    if (!fuzz_utf8_valid((const char *)p, e))
        return SIZE_MAX;
    *ascii = a;
    return e;
}

static int line_answers; /* inputs that un_utf8_line answered */

/* un_utf8_valid on the whole input against the table. */
static void check_valid(const unsigned char *p, size_t n)
{
    size_t ascii = 0, want_ascii = 0;
    int got = un_utf8_valid(p, n, &ascii);
    if (got < 0)
        return; /* the slow path's to answer */
    int want = fuzz_utf8_valid((const char *)p, n);
    for (size_t i = 0; i < n; i++)
        want_ascii += p[i] < 0x80;
    if (got != want || (got && ascii != want_ascii))
        fail_msg("%zu bytes: valid %d (%zu ASCII), want %d (%zu ASCII)", n, got, ascii, want,
                 want_ascii);
}

static void check_line(const unsigned char *p, size_t n)
{
    check_valid(p, n);
    size_t a1 = 0, a2 = 0;
    size_t want = line_by_table(p, n, &a1), got = un_utf8_line(p, n, &a2);
    if (got == SIZE_MAX) {
#if defined(__x86_64__) && defined(__GNUC__)
        /* With AVX2 it answers for every well-formed line. */
        if (want != SIZE_MAX && __builtin_cpu_supports("avx2"))
            fail_msg("no answer for a well-formed line of %zu bytes", n);
#endif
        return;
    }
    line_answers++;
    if (got != want || a1 != a2) {
        char hex[3 * 80 + 1] = "";
        for (size_t i = 0; i < n && i < 80; i++)
            snprintf(hex + 3 * i, 4, "%02X ", p[i]);
        fail_msg("%zu bytes [%s]: %zu (%zu ASCII), want %zu (%zu ASCII)", n, hex, got, a2, want,
                 a1);
    }
}

static void test_utf8_line(void **state)
{
    (void)state;
    /* Bytes that sit at the edges of UTF-8's ranges. */
    static const unsigned char edge[] = {0x00, 0x0A, 0x0D, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                         0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                         0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    const size_t ne = sizeof edge;
    unsigned char buf[128];
    line_answers = 0;
    /* Every pair of bytes, and sequences of three and four bytes of edge
     * bytes behind every lead, at offsets around the 32-byte blocks, with
     * text after them or the end of the input. */
    static const size_t offsets[] = {0, 1, 13, 29, 30, 31, 32, 33, 62, 63};
    for (size_t oi = 0; oi < sizeof offsets / sizeof offsets[0]; oi++) {
        size_t at = offsets[oi];
        memset(buf, 'a', sizeof buf);
        for (unsigned b0 = 0; b0 < 256; b0++) {
            buf[at] = (unsigned char)b0;
            for (unsigned b1 = 0; b1 < 256; b1++) {
                buf[at + 1] = (unsigned char)b1;
                check_line(buf, at + 2);
                check_line(buf, at + 40);
            }
            if (b0 < 0xC0)
                continue;
            for (size_t i1 = 0; i1 < ne; i1++)
                for (size_t i2 = 0; i2 < ne; i2++) {
                    buf[at + 1] = edge[i1];
                    buf[at + 2] = edge[i2];
                    buf[at + 3] = 'a';
                    check_line(buf, at + 3);
                    check_line(buf, at + 40);
                    if (b0 < 0xF0)
                        continue;
                    for (size_t i3 = 0; i3 < ne; i3++) {
                        buf[at + 3] = edge[i3];
                        check_line(buf, at + 4);
                        check_line(buf, at + 40);
                    }
                }
            buf[at + 1] = buf[at + 2] = buf[at + 3] = 'a';
        }
    }
    /* Chinese text with a byte changed here and there, cut anywhere. */
    static const char text[] = "职工入选“青年基金”,就有机会成为企业重点培养的人才。工会\r\n"
                               "㐀😀é,2023年:www.example.cn 記者";
    uint32_t seed = 11;
    for (int round = 0; round < 200000; round++) {
        size_t n = sizeof text - 1;
        memcpy(buf, text, n);
        fuzz_next(&seed);
        size_t from = (seed >> 8) % n;
        size_t len = (seed >> 4) % (n - from + 1);
        if (round % 3 == 0) {
            fuzz_next(&seed);
            buf[(seed >> 8) % n] ^= (unsigned char)(1u << ((seed >> 20) % 8));
        }
        check_line(buf + from, len);
    }
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2"))
        assert_true(line_answers > 100000);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines),   cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_bom),           cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_invalid_bytes), cmocka_unit_test(test_counts),
        cmocka_unit_test(test_random_splits),
        cmocka_unit_test(test_line_feeds_given), cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_fmt_size),      cmocka_unit_test(test_utf8_steps),
        cmocka_unit_test(test_cjk_pairs),     cmocka_unit_test(test_trim_bytes),
        cmocka_unit_test(test_display_cut),   cmocka_unit_test(test_utf8_line),
        cmocka_unit_test(test_sort),          cmocka_unit_test(test_needle),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
