/* random_text.h: random strings over a small alphabet of characters, for
 * tests that compare a fast lookup with a plain search. */
#ifndef UN_TEST_RANDOM_TEXT_H
#define UN_TEST_RANDOM_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* xorshift32: *s must not be 0. */
static inline uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* 1..maxchars characters drawn from alphabet[0..nalpha) into out; returns
 * the length in bytes. */
static inline size_t random_text(uint32_t *seed, const char *const *alphabet, size_t nalpha,
                                 size_t maxchars, char *out)
{
    size_t n = 1 + next_rand(seed) % maxchars, len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = alphabet[next_rand(seed) % nalpha];
        memcpy(out + len, c, strlen(c));
        len += strlen(c);
    }
    return len;
}

#endif
