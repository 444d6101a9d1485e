/* fuzz.h: what the fuzz targets share. Each target defines
 * LLVMFuzzerTestOneInput; built with libFuzzer (-DUN_FUZZ=ON, clang) it is
 * fuzzed, built without it replay.c gives it a main that runs saved
 * inputs, so every build replays the corpus under ctest. A target calls
 * fuzz_fail when an invariant breaks: it prints why and aborts, which
 * both libFuzzer and ctest report. */
#ifndef UN_FUZZ_H
#define UN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unionnews.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_fail(const char *why)
{
    fprintf(stderr, "fuzz: %s\n", why);
    abort();
}

/* Takes every "id":N, out of the JSON in s, in place: sparse reading
 * (un_reader_set_sparse) counts ids only for the records it makes. */
static inline void fuzz_drop_ids(char *s)
{
    char *d = s;
    for (const char *p = s; *p;) {
        if (strncmp(p, "\"id\":", 5) == 0) {
            p += 5;
            while (*p >= '0' && *p <= '9')
                p++;
            if (*p == ',')
                p++;
            continue;
        }
        *d++ = *p++;
    }
    *d = '\0';
}

/* Is s[0..n) well-formed UTF-8 (no surrogates, nothing over U+10FFFF)? */
static inline int fuzz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned char c = *p;
        size_t k;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80)
            k = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            k = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            k = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else
            return 0;
        if ((size_t)(end - p) < k)
            return 0;
        for (size_t i = 1; i < k; i++) {
            unsigned char b = p[i];
            if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
                return 0;
        }
        p += k;
    }
    return 1;
}

/* A small generator of chunk sizes, seeded from the input. */
static inline uint32_t fuzz_next(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9E3779B9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static inline uint32_t fuzz_seed(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size && i < 64; i++)
        h = (h ^ data[i]) * 16777619u;
    return h ^ (uint32_t)size;
}

#endif
