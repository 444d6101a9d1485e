/* fuzz_decoder.c: encoding detection and decoding of any bytes. The guess
 * is well formed; decoding in random chunks gives valid UTF-8, the same
 * text as decoding at once, and lines with bad bytes in order. */
#include "fuzz.h"

static const char *const encodings[] = {"GB18030", "BIG5-HKSCS", "UTF-16LE", "UTF-16BE",
                                        "UTF-16", "UTF-32"};

/* data decoded from enc (chunks from seed; 0: at once) into a buffer the
 * caller frees; *bad is the count of lines with bad bytes. */
static char *decode(const char *enc, const uint8_t *data, size_t size, uint32_t seed, size_t *len,
                    size_t *bad)
{
    char err[256];
    un_transcoder *t = un_transcoder_new(enc, err, sizeof err);
    if (!t)
        fuzz_fail(err);
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f)
        fuzz_fail("open_memstream");
    size_t at = 0, last = 0;
    *bad = 0;
    for (int done = 0; !done;) {
        const char *o;
        size_t on;
        if (at < size) {
            size_t n = size - at;
            if (seed) {
                n = 1 + fuzz_next(&seed) % 17;
                if (n > size - at)
                    n = size - at;
            }
            un_transcoder_feed(t, data + at, n, &o, &on);
            at += n;
        } else {
            un_transcoder_finish(t, &o, &on);
            done = 1;
        }
        fwrite(o, 1, on, f);
        for (size_t i = 0; i < un_transcoder_bad_count(t); i++) {
            size_t line = un_transcoder_bad_line(t, i);
            if (line < last || line == 0)
                fuzz_fail("bad lines out of order");
            last = line;
            (*bad)++;
        }
        un_transcoder_clear_bad(t);
    }
    un_transcoder_free(t);
    fclose(f);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    un_encoding_guess g;
    un_encoding_detect(data, size, 1, &g);
    if (memchr(g.name, '\0', sizeof g.name) == NULL)
        fuzz_fail("encoding name not terminated");
    if (g.bom > size)
        fuzz_fail("BOM longer than the input");
    const char *enc = size ? encodings[data[0] % (sizeof encodings / sizeof *encodings)] : "GB18030";
    if (g.certain && g.name[0] && strcmp(g.name, "UTF-8") != 0)
        enc = g.name;
    size_t n1, n2, bad1, bad2;
    char *once = decode(enc, data, size, 0, &n1, &bad1);
    char *chunked = decode(enc, data, size, fuzz_seed(data, size) | 1, &n2, &bad2);
    if (!fuzz_utf8_valid(once, n1) || !fuzz_utf8_valid(chunked, n2))
        fuzz_fail("decoded text is not valid UTF-8");
    if (n1 != n2 || memcmp(once, chunked, n1) != 0)
        fuzz_fail("decoding in chunks gives other text");
    if (bad1 != bad2)
        fuzz_fail("decoding in chunks finds other bad lines");
    free(once);
    free(chunked);
    return 0;
}
