/* test_encoding.c: the encoding guess (byte order marks, UTF-16 without a
 * mark, binary, UTF-8 with a few bad bytes, GB18030 and Big5 by uchardet,
 * bytes nothing reads) and the transcoder (sequences cut between chunks,
 * bad bytes and the lines they stand on, CR and CRLF line ends). */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unionnews.h"

/* Sentences of the kind the pages hold, in UTF-8 (the Big5 one in
 * traditional script). */
static const char simplified[] =
    "黄岩区总工会举办职工技能竞赛，全区共有一百余名职工参加了比赛。\n"
    "台州市总工会表示，将继续推进产业工人队伍建设改革，培育更多高技能人才。\n"
    "各级工会组织深入企业车间，倾听职工心声，帮助解决实际困难和问题。\n";
static const char traditional[] =
    "黃岩區總工會舉辦職工技能競賽，全區共有一百餘名職工參加了比賽。\n"
    "台州市總工會表示，將繼續推進產業工人隊伍建設改革，培育更多高技能人才。\n"
    "各級工會組織深入企業車間，傾聽職工心聲，幫助解決實際困難和問題。\n";

/* utf8 encoded as `to` with iconv(3): the transcoder under test only
 * decodes. Returns the length. */
static size_t encode(const char *to, const char *utf8, char *out, size_t cap)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char *in = (char *)utf8, *o = out;
    size_t left = strlen(utf8), room = cap;
    assert_true(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
    iconv_close(cd);
    return cap - room;
}

static un_encoding_guess guess(const void *p, size_t n)
{
    un_encoding_guess g;
    un_encoding_detect(p, n, 1, &g);
    return g;
}

static void test_byte_order_marks(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t n;
        const char *name;
        size_t bom;
    } cases[] = {
        {"\xEF\xBB\xBF\xE5\xB7\xA5", 6, "UTF-8", 3},
        {"\xFF\xFE\x00\x00\xE5\x5D\x00\x00", 8, "UTF-32LE", 4},
        {"\x00\x00\xFE\xFF\x00\x00\x5D\xE5", 8, "UTF-32BE", 4},
        {"\xFF\xFE\xE5\x5D", 4, "UTF-16LE", 2},
        {"\xFE\xFF\x5D\xE5", 4, "UTF-16BE", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        un_encoding_guess g = guess(cases[i].bytes, cases[i].n);
        assert_string_equal(g.name, cases[i].name);
        assert_int_equal(g.bom, cases[i].bom);
        assert_true(g.certain);
        assert_false(g.binary);
    }
}

static void test_utf16_without_mark(void **state)
{
    (void)state;
    char buf[4096];
    size_t n = encode("UTF-16LE", simplified, buf, sizeof buf);
    un_encoding_guess g = guess(buf, n);
    assert_string_equal(g.name, "UTF-16LE");
    assert_int_equal(g.bom, 0);
    assert_true(g.certain);
    n = encode("UTF-16BE", simplified, buf, sizeof buf);
    g = guess(buf, n);
    assert_string_equal(g.name, "UTF-16BE");
    assert_true(g.certain);
}

static void test_binary(void **state)
{
    (void)state;
    /* NUL bytes that read as no text: a zip header and its data. */
    static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00\x9c\x8f\x01\x02\xff\x80";
    un_encoding_guess g = guess(zip, sizeof zip - 1);
    assert_true(g.binary);
    /* A lone low surrogate, in either byte order, where UTF-16 would be. */
    static const char broken[] = "\xDC\xDC\x00\x01\x41\x00";
    g = guess(broken, sizeof broken - 1);
    assert_true(g.binary);
}

static void test_utf8(void **state)
{
    (void)state;
    un_encoding_guess g = guess(simplified, strlen(simplified));
    assert_string_equal(g.name, "UTF-8");
    assert_true(g.certain);
    /* A few bad bytes in much UTF-8 are still UTF-8 (replaced, reported). */
    char buf[4096];
    snprintf(buf, sizeof buf, "%s\xFF\xFE%s", simplified, simplified);
    g = guess(buf, strlen(buf));
    assert_string_equal(g.name, "UTF-8");
    /* A sample cut inside a character is not a bad byte. */
    g.name[0] = '\0';
    un_encoding_detect(simplified, 4, 0, &g);
    assert_string_equal(g.name, "UTF-8");
    /* Nothing at all reads as UTF-8. */
    g = guess("", 0);
    assert_string_equal(g.name, "UTF-8");
}

/* Well-formed UTF-8 reports what it checked, for the reader to take: all
 * of a whole input, a sample up to a character its end cuts, with its
 * ASCII bytes counted; nothing where a bad byte made it look further, or
 * where it is no UTF-8 or has a byte order mark. */
static void test_utf8_checked(void **state)
{
    (void)state;
    size_t n = strlen(simplified), ascii = 0;
    for (size_t i = 0; i < n; i++)
        ascii += (unsigned char)simplified[i] < 0x80;
    un_encoding_guess g = guess(simplified, n);
    assert_int_equal(g.utf8_checked, n);
    assert_int_equal(g.utf8_ascii, ascii);
    /* Cut one byte into the second character (3 bytes each). */
    un_encoding_detect(simplified, 4, 0, &g);
    assert_int_equal(g.utf8_checked, 3);
    assert_int_equal(g.utf8_ascii, 0);
    char buf[4096];
    snprintf(buf, sizeof buf, "%s\xFF%s", simplified, simplified);
    g = guess(buf, strlen(buf));
    assert_string_equal(g.name, "UTF-8");
    assert_int_equal(g.utf8_checked, 0);
    snprintf(buf, sizeof buf, "\xEF\xBB\xBF%s", simplified);
    g = guess(buf, strlen(buf));
    assert_int_equal(g.bom, 3);
    assert_int_equal(g.utf8_checked, 0);
    n = encode("GB18030", simplified, buf, sizeof buf);
    g = guess(buf, n);
    assert_string_equal(g.name, "GB18030");
    assert_int_equal(g.utf8_checked, 0);
}

static void test_chinese_encodings(void **state)
{
    (void)state;
    char buf[4096];
    size_t n = encode("GB18030", simplified, buf, sizeof buf);
    un_encoding_guess g = guess(buf, n);
    assert_string_equal(g.name, "GB18030");
    assert_true(g.certain);
    n = encode("BIG5", traditional, buf, sizeof buf);
    g = guess(buf, n);
    assert_string_equal(g.name, "BIG5-HKSCS");
    assert_true(g.certain);
}

static void test_unknown(void **state)
{
    (void)state;
    /* High bytes without NULs that no Chinese encoding reads as Chinese. */
    unsigned char junk[600];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(0x80 | (x >> 16));
    }
    un_encoding_guess g = guess(junk, sizeof junk);
    assert_false(g.certain);
    assert_false(g.binary);
}

/* Decodes in chunks of the given size; returns the text (static). */
static const char *decode(const char *enc, const char *in, size_t n, size_t chunk,
                          size_t *bad_lines, size_t nbad_max, size_t *nbad)
{
    static char out[8192];
    size_t used = 0;
    char err[128];
    un_transcoder *t = un_transcoder_new(enc, err, sizeof err);
    assert_non_null(t);
    *nbad = 0;
    for (size_t at = 0;; at += chunk) {
        const char *o;
        size_t on;
        if (at < n)
            un_transcoder_feed(t, in + at, at + chunk <= n ? chunk : n - at, &o, &on);
        else
            un_transcoder_finish(t, &o, &on);
        assert_true(used + on < sizeof out);
        memcpy(out + used, o, on);
        used += on;
        for (size_t i = 0; i < un_transcoder_bad_count(t) && *nbad < nbad_max; i++)
            bad_lines[(*nbad)++] = un_transcoder_bad_line(t, i);
        un_transcoder_clear_bad(t);
        if (at >= n)
            break;
    }
    un_transcoder_free(t);
    out[used] = '\0';
    return out;
}

static void test_transcoder_chunks(void **state)
{
    (void)state;
    char buf[4096];
    size_t n = encode("GB18030", simplified, buf, sizeof buf);
    size_t bad[4], nbad;
    /* Every chunk size cuts some two-byte sequence: the text is whole. */
    for (size_t chunk = 1; chunk <= 7; chunk++)
        assert_string_equal(decode("GB18030", buf, n, chunk, bad, 4, &nbad), simplified);
    assert_int_equal(nbad, 0);
    n = encode("UTF-16LE", simplified, buf, sizeof buf);
    assert_string_equal(decode("UTF-16LE", buf, n, 3, bad, 4, &nbad), simplified);
}

static void test_transcoder_bad_bytes(void **state)
{
    (void)state;
    /* GB18030 lines; line 2 (after CRLF) and line 4 (after a lone CR)
     * hold a byte that is no sequence. Each bad line is told once, however
     * the input is cut. */
    char buf[256];
    size_t n = 0;
    n += encode("GB18030", "工会\r\n", buf + n, sizeof buf - n);
    n += encode("GB18030", "职工", buf + n, sizeof buf - n);
    buf[n++] = (char)0xFF;
    buf[n++] = (char)0xFF;
    n += encode("GB18030", "\n竞赛\r", buf + n, sizeof buf - n);
    buf[n++] = (char)0xFF;
    n += encode("GB18030", "人才\n", buf + n, sizeof buf - n);
    for (size_t chunk = 1; chunk <= 5; chunk++) {
        size_t bad[8], nbad;
        const char *text = decode("GB18030", buf, n, chunk, bad, 8, &nbad);
        assert_string_equal(text, "工会\r\n职工\xEF\xBF\xBD\xEF\xBF\xBD\n竞赛\r\xEF\xBF\xBD人才\n");
        assert_int_equal(nbad, 2);
        assert_int_equal(bad[0], 2);
        assert_int_equal(bad[1], 4);
    }
    /* A sequence cut by the end of the input is a bad byte at the end. */
    size_t m = encode("GB18030", "工会", buf, sizeof buf);
    size_t bad[2], nbad;
    const char *text = decode("GB18030", buf, m - 1, 2, bad, 2, &nbad);
    assert_string_equal(text, "工\xEF\xBF\xBD");
    assert_int_equal(nbad, 1);
}

static void test_unknown_encoding_name(void **state)
{
    (void)state;
    char err[128];
    assert_null(un_transcoder_new("NOSUCH-8", err, sizeof err));
    assert_non_null(strstr(err, "NOSUCH-8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_order_marks),
        cmocka_unit_test(test_utf16_without_mark),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_checked),
        cmocka_unit_test(test_chinese_encodings),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_transcoder_chunks),
        cmocka_unit_test(test_transcoder_bad_bytes),
        cmocka_unit_test(test_unknown_encoding_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
