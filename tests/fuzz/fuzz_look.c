/* fuzz_look.c: grep's first look (un_match_scan) on any bytes. The look
 * leaves out line breaks, spaces, tabs and U+3000 eight bytes at a time
 * and holds a U+3000 cut by the end of a feed; here the same bytes, fed in
 * pieces whose sizes the input chooses, must give what the bytes stripped
 * by the plainest loop give fed at once. The first byte picks the
 * condition: a county, a prefecture, a county and a text. */
#include "fuzz.h"

static un_matcher *matchers[3];

static void free_matchers(void)
{
    for (int i = 0; i < 3; i++)
        un_matcher_free(matchers[i]);
}

static void make_matchers(void)
{
    static const char *const district[3] = {"黄岩", "台州", "象山县"};
    static const char *const text[3] = {NULL, NULL, "技能比武"};
    for (int i = 0; i < 3; i++) {
        un_match_options o;
        memset(&o, 0, sizeof o);
        o.district = district[i];
        o.texts = &text[i];
        o.ntexts = text[i] ? 1 : 0;
        char err[256];
        matchers[i] = un_matcher_new(NULL, &o, err, sizeof err);
        if (!matchers[i])
            fuzz_fail(err);
    }
    atexit(free_matchers);
}

/* The bytes without \n, \r, space, tab and U+3000, a byte at a time. */
static size_t strip(const uint8_t *p, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
            continue;
        if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
            i += 2;
            continue;
        }
        out[k++] = (char)c;
    }
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!matchers[0])
        make_matchers();
    if (size < 2)
        return 0;
    un_matcher *m = matchers[data[0] % 3];
    size_t step = 1 + data[1] % 23;
    data += 2;
    size -= 2;
    un_match_scan *sc = un_match_scan_new(m);
    if (!sc)
        return 0; /* a build without Hyperscan has no first look */
    char *plain = malloc(size + 1);
    if (!plain)
        fuzz_fail("out of memory");
    size_t n = strip(data, size, plain);
    /* Stripping may join bytes into a new U+3000 (E3 80 \n 80): the look
     * in pieces does not see one there, a second strip would. Such
     * inputs, never valid UTF-8, are left out. */
    char *again = malloc(n + 1);
    if (!again)
        fuzz_fail("out of memory");
    size_t n2 = strip((const uint8_t *)plain, n, again);
    free(again);
    if (n2 != n) {
        un_match_scan_free(sc);
        free(plain);
        return 0;
    }
    un_match_scan_begin(sc);
    un_match_scan_feed(sc, plain, n);
    int want = un_match_scan_end(sc);
    un_match_scan_begin(sc);
    for (size_t i = 0, k; i < size; i += k) {
        k = size - i < step ? size - i : step;
        un_match_scan_feed(sc, data + i, k);
        step = 1 + (step * 7 + data[i]) % 23; /* sizes that vary along */
    }
    int got = un_match_scan_end(sc);
    un_match_scan_free(sc);
    free(plain);
    if (got != want)
        fuzz_fail(got ? "the look in pieces found a name the stripped bytes lack"
                      : "the look in pieces missed a name the stripped bytes hold");
    return 0;
}
