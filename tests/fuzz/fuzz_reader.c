/* fuzz_reader.c: the reader fed in random chunks gives exactly the records
 * of the same bytes fed at once (written as JSON Lines, byte for byte). */
#include "fuzz.h"

/* The records of data fed in chunks (sizes from seed; 0: at once), as JSON
 * Lines in a buffer the caller frees. */
static char *records_of(const uint8_t *data, size_t size, uint32_t seed, size_t *len)
{
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f)
        fuzz_fail("open_memstream");
    un_reader *r = un_reader_new(NULL);
    un_writer *w = un_writer_new(f, UN_FORMAT_JSONL, 0, 0);
    if (!r || !w)
        fuzz_fail("out of memory");
    un_reader_begin(r, "fuzz", 4);
    size_t at = 0;
    int rc = UN_OK;
    while (at < size && rc == UN_OK) {
        size_t n = size - at;
        if (seed) {
            uint32_t k = fuzz_next(&seed);
            n = (k & 3) == 0 ? 1 + (k >> 8) % 4 : 1 + (k >> 8) % 300;
            if (n > size - at)
                n = size - at;
        }
        rc = un_reader_feed(r, data + at, n);
        at += n;
        for (const un_article *a; (a = un_reader_next(r)) != NULL;)
            un_writer_article(w, a);
    }
    if (rc == UN_OK)
        rc = un_reader_finish(r);
    for (const un_article *a; (a = un_reader_next(r)) != NULL;)
        un_writer_article(w, a);
    fprintf(f, "rc=%d diags=%zu\n", rc, un_reader_diag_count(r));
    un_writer_finish(w);
    un_writer_free(w);
    un_reader_free(r);
    fclose(f);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n1, n2;
    char *whole = records_of(data, size, 0, &n1);
    char *chunked = records_of(data, size, fuzz_seed(data, size) | 1, &n2);
    if (n1 != n2 || memcmp(whole, chunked, n1) != 0) {
        fprintf(stderr, "whole:\n%.*s\nchunked:\n%.*s\n", (int)n1, whole, (int)n2, chunked);
        fuzz_fail("records differ when fed in chunks");
    }
    if (!fuzz_utf8_valid(whole, n1))
        fuzz_fail("records are not valid UTF-8");
    free(whole);
    free(chunked);
    return 0;
}
