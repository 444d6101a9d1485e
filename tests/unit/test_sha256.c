/* test_sha256.c: the CLI's SHA-256 against the examples of FIPS 180-4 and
 * its companion vectors, fed whole and in pieces of every small size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

static void digest_of(const void *data, size_t n, size_t piece, char hex[65])
{
    cli_sha256 s;
    unsigned char d[32];
    cli_sha256_init(&s);
    const unsigned char *p = data;
    if (piece == 0)
        piece = n ? n : 1;
    for (size_t off = 0; off < n; off += piece)
        cli_sha256_update(&s, p + off, n - off < piece ? n - off : piece);
    cli_sha256_final(&s, d);
    cli_sha256_hex(d, hex);
}

static void check(const char *msg, const char *want)
{
    char hex[65];
    size_t n = strlen(msg);
    digest_of(msg, n, 0, hex);
    assert_string_equal(hex, want);
    /* The digest does not depend on how the bytes are cut. */
    for (size_t piece = 1; piece <= 130; piece++) {
        digest_of(msg, n, piece, hex);
        assert_string_equal(hex, want);
    }
}

static void test_empty(void **state)
{
    (void)state;
    check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* FIPS 180-4's one-block example (appendix B.1 of the former 180-2). */
static void test_abc(void **state)
{
    (void)state;
    check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* The two-block example: 448 bits, so the padding takes a block of its own. */
static void test_two_blocks(void **state)
{
    (void)state;
    check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* 896 bits, from the NIST vectors. */
static void test_896_bits(void **state)
{
    (void)state;
    check("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
          "nopqrsmnopqrstnopqrstu",
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million times 'a'. */
static void test_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    char hex[65];
    digest_of(a, n, 0, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    digest_of(a, n, 4093, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* Lengths around the padding's edges (55, 56, 63, 64 bytes): every one
 * must give the same digest whole and byte by byte. */
static void test_padding_edges(void **state)
{
    (void)state;
    char msg[130], whole[65], bytes[65];
    for (size_t n = 0; n < sizeof msg; n++) {
        for (size_t i = 0; i < n; i++)
            msg[i] = (char)('a' + i % 26);
        digest_of(msg, n, 0, whole);
        digest_of(msg, n, 1, bytes);
        assert_string_equal(whole, bytes);
    }
    /* 55 and 56 bytes of 'a' (one block; two blocks of padding). */
    memset(msg, 'a', 56);
    digest_of(msg, 55, 0, whole);
    assert_string_equal(whole, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    digest_of(msg, 56, 0, whole);
    assert_string_equal(whole, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),          cmocka_unit_test(test_abc),
        cmocka_unit_test(test_two_blocks),     cmocka_unit_test(test_896_bits),
        cmocka_unit_test(test_million_a),      cmocka_unit_test(test_padding_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
