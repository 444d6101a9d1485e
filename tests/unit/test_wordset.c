/* test_wordset.c: lookups of a word set agree with a plain search of its
 * words, for words and texts of every length around the 8 bytes that a
 * probe compares inside the index; un_wordset_at_cp and un_wordset_len_from
 * (from a decoded first character) too, the latter also for a set
 * built with a bitmap of first code points and its single characters
 * noted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "random_text.h"
#include "wordset.h"

/* Characters of one to four bytes, so that word lengths fall on every
 * side of 8. */
static const char *const alphabet[] = {"a", "b", "\xC2\xB7", "工", "会", "总", "\xF0\xA0\x80\x80"};
#define NALPHA (sizeof alphabet / sizeof alphabet[0])


#define NWORDS 400

static void test_lookups_match_plain_search(void **state)
{
    (void)state;
    static char store[NWORDS][64];
    static size_t lens[NWORDS];
    uint32_t seed = 7;
    un_wordset ws;
    un_wordset_init(&ws);
    for (size_t i = 0; i < NWORDS; i++) {
        lens[i] = random_text(&seed, alphabet, NALPHA, 6, store[i]);
        un_wordset_add(&ws, store[i], lens[i], (int)i);
    }
    un_wordset_build(&ws, NULL);
    /* A second set, as the callers of un_wordset_len_from build theirs:
     * with a bitmap of first code points, and single characters noted.
     * Its words: those not beginning with 工 or b, and 工 and b alone
     * (which are then singles). */
    static int in2[NWORDS];
    un_wordset ws2;
    un_wordset_init(&ws2);
    un_cp_bitmap *starts = calloc(1, sizeof *starts);
    assert_non_null(starts);
    for (size_t i = 0; i < NWORDS; i++) {
        int lone = strcmp(store[i], "工") == 0 || strcmp(store[i], "b") == 0;
        in2[i] = lone || (memcmp(store[i], "工", 3) != 0 && store[i][0] != 'b');
        if (in2[i])
            un_wordset_add(&ws2, store[i], lens[i], (int)i);
    }
    un_wordset_add(&ws2, "工", 3, -1);
    un_wordset_add(&ws2, "b", 1, -1);
    un_wordset_build(&ws2, starts);
    un_wordset_note_singles(&ws2);
    assert_true(un_cp_bitmap_has(ws2.single, 0x5DE5) && un_cp_bitmap_has(ws2.single, 'b'));
    char text[256];
    size_t checked = 0, found = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = random_text(&seed, alphabet, NALPHA, 24, text);
        /* Every character boundary: the longest word starting there, and
         * the longest ending there. */
        for (size_t at = 0; at <= n; at++) {
            if (at < n && ((unsigned char)text[at] & 0xC0) == 0x80)
                continue;
            size_t want_at = 0, want_before = 0, want2 = 0;
            if (at < n && (memcmp(text + at, "工", 3) == 0 || text[at] == 'b'))
                want2 = text[at] == 'b' ? 1 : 3; /* the lone words */
            for (size_t i = 0; i < NWORDS; i++) {
                if (lens[i] <= n - at && memcmp(text + at, store[i], lens[i]) == 0 &&
                    lens[i] > want_at)
                    want_at = lens[i];
                if (in2[i] && lens[i] <= n - at && memcmp(text + at, store[i], lens[i]) == 0 &&
                    lens[i] > want2)
                    want2 = lens[i];
                if (lens[i] <= at && memcmp(text + at - lens[i], store[i], lens[i]) == 0 &&
                    lens[i] > want_before)
                    want_before = lens[i];
            }
            const un_word *w = at < n ? un_wordset_at(&ws, text + at, text + n) : NULL;
            assert_int_equal(w ? w->len : 0, want_at);
            if (w)
                assert_memory_equal(w->s, text + at, w->len);
            if (at < n) {
                const char *q = text + at;
                uint32_t cp = un_utf8_next(&q, text + n);
                assert_int_equal(un_wordset_len_from(&ws, cp, text + at, q, text + n), want_at);
                assert_int_equal(un_wordset_len_from(&ws2, cp, text + at, q, text + n), want2);
                const un_word *wc = un_wordset_at_cp(&ws, cp, text + at, q, text + n);
                assert_int_equal(wc ? wc->len : 0, want_at);
                wc = un_wordset_at_cp(&ws2, cp, text + at, q, text + n);
                assert_int_equal(wc ? wc->len : 0, want2);
            }
            w = un_wordset_before(&ws, text, text + at);
            assert_int_equal(w ? w->len : 0, want_before);
            if (w)
                assert_memory_equal(w->s, text + at - w->len, w->len);
            checked++;
            found += want_at > 0;
        }
    }
    /* The test means something only if words are found, long ones too. */
    assert_true(found > checked / 4);
    un_wordset_release(&ws);
    un_wordset_release(&ws2);
    free(starts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups_match_plain_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
