/* random_text.h: random strings over a small alphabet of characters, for
 * tests that compare a fast lookup with a plain search. */
#ifndef UN_TEST_RANDOM_TEXT_H
#define UN_TEST_RANDOM_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../fuzz/fuzz.h" /* fuzz_next, the tests' one generator */

/* 1..maxchars characters drawn from alphabet[0..nalpha) into out; returns
 * the length in bytes. */
static inline size_t random_text(uint32_t *seed, const char *const *alphabet, size_t nalpha,
                                 size_t maxchars, char *out)
{
    size_t n = 1 + fuzz_next(seed) % maxchars, len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = alphabet[fuzz_next(seed) % nalpha];
        memcpy(out + len, c, strlen(c));
        len += strlen(c);
    }
    return len;
}

#endif
