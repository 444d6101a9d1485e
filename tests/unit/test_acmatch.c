/* test_acmatch.c: the automaton against a naive matcher on random
 * dictionaries and texts, and the folding of one script onto another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acmatch.h"
#include "random_text.h"
#include "text.h"

typedef struct occ {
    size_t start, end;
    uint32_t id;
} occ;

typedef struct occs {
    occ v[20000];
    size_t n;
} occs;

static void collect(void *ctx, size_t start, size_t end, uint32_t id)
{
    occs *o = ctx;
    if (o->n < sizeof o->v / sizeof o->v[0])
        o->v[o->n++] = (occ){start, end, id};
}

static int by_occ(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* A small alphabet so that patterns overlap and share prefixes and
 * suffixes: four Han characters, a four-byte character and two ASCII. */
static const char *const alphabet[] = {"江", "山", "市", "区", "\xF0\xA0\x80\x80", "a", "1"};
#define NALPHA (sizeof alphabet / sizeof alphabet[0])

static size_t random_string(uint32_t *seed, char *out, size_t maxchars)
{
    return random_text(seed, alphabet, NALPHA, maxchars, out);
}

static void test_random_dictionaries(void **state)
{
    (void)state;
    uint32_t seed = 2024;
    for (int round = 0; round < 200; round++) {
        char pats[40][64];
        size_t plen[40];
        size_t npat = 1 + fuzz_next(&seed) % 40;
        un_ac *ac = un_ac_new();
        for (size_t i = 0; i < npat; i++) {
            plen[i] = random_string(&seed, pats[i], 5);
            un_ac_add(ac, pats[i], plen[i], (uint32_t)i);
        }
        un_ac_build(ac, NULL, 0);
        char text[2048];
        size_t tlen = random_string(&seed, text, 300);
        static occs got, want;
        got.n = want.n = 0;
        un_ac_scan(ac, text, tlen, collect, &got);
        /* Naive: every pattern at every character start. */
        for (size_t s = 0; s < tlen; s++) {
            if (((unsigned char)text[s] & 0xC0) == 0x80)
                continue;
            for (size_t i = 0; i < npat; i++)
                if (s + plen[i] <= tlen && memcmp(text + s, pats[i], plen[i]) == 0)
                    collect(&want, s, s + plen[i], (uint32_t)i);
        }
        qsort(got.v, got.n, sizeof(occ), by_occ);
        qsort(want.v, want.n, sizeof(occ), by_occ);
        if (got.n != want.n)
            fail_msg("round %d: %zu matches, naive %zu", round, got.n, want.n);
        assert_memory_equal(got.v, want.v, got.n * sizeof(occ));
        un_ac_free(ac);
    }
}

static void test_fold(void **state)
{
    (void)state;
    un_ac *ac = un_ac_new();
    un_ac_add(ac, "云南省", strlen("云南省"), 7);
    /* 雲 -> 云; 省 is the same in both scripts. */
    un_fold_pair fold[] = {{0x96F2, 0x4E91}};
    un_ac_build(ac, fold, 1);
    static occs got;
    got.n = 0;
    const char *t = "来自雲南省的职工";
    un_ac_scan(ac, t, strlen(t), collect, &got);
    assert_int_equal(got.n, 1);
    assert_int_equal(got.v[0].id, 7);
    assert_int_equal(got.v[0].start, strlen("来自"));
    assert_int_equal(got.v[0].end, strlen("来自雲南省"));
    /* The same class for both characters; none for a character in no
     * pattern. */
    assert_int_equal(un_ac_class(ac, 0x96F2), un_ac_class(ac, 0x4E91));
    assert_int_equal(un_ac_class(ac, 0x804C /* 职 */), 0);
    assert_true(un_ac_states(ac) >= 4);
    un_ac_free(ac);
}

static void test_empty(void **state)
{
    (void)state;
    un_ac *ac = un_ac_new();
    un_ac_build(ac, NULL, 0);
    static occs got;
    got.n = 0;
    un_ac_scan(ac, "江山", strlen("江山"), collect, &got);
    assert_int_equal(got.n, 0);
    un_ac_free(ac);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_dictionaries),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests_name("acmatch", tests, NULL, NULL);
}
