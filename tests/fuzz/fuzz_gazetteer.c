/* fuzz_gazetteer.c: the gazetteer loader on any file. The input is the
 * places file, and after a NUL byte the towns file. A file it refuses gets
 * a message naming file and line; one it loads indexes its own text as a
 * page without fault. */
#include <unistd.h>

#include "fuzz.h"

static char places_path[] = "/tmp/un-fuzz-places-XXXXXX";
static char towns_path[] = "/tmp/un-fuzz-towns-XXXXXX";
static int places_fd = -1, towns_fd = -1;

static void put(int fd, const uint8_t *data, size_t n)
{
    if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        fuzz_fail("cannot rewrite a temporary file");
    while (n) {
        ssize_t w = write(fd, data, n);
        if (w <= 0)
            fuzz_fail("cannot write a temporary file");
        data += w;
        n -= (size_t)w;
    }
}

static void remove_files(void)
{
    unlink(places_path);
    unlink(towns_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (places_fd < 0) {
        places_fd = mkstemp(places_path);
        towns_fd = mkstemp(towns_path);
        if (places_fd < 0 || towns_fd < 0)
            fuzz_fail("cannot make temporary files");
        atexit(remove_files);
    }
    const uint8_t *nul = memchr(data, '\0', size);
    size_t np = nul ? (size_t)(nul - data) : size;
    put(places_fd, data, np);
    if (nul)
        put(towns_fd, nul + 1, size - np - 1);
    char err[512] = "";
    un_gazetteer *g = un_gazetteer_load(places_path, nul ? towns_path : NULL, err, sizeof err);
    if (!g) {
        if (!err[0] || (!strstr(err, places_path) && !strstr(err, towns_path)))
            fuzz_fail("a refused gazetteer without a message naming its file");
        return 0;
    }
    un_indexer_options opt = {g, NULL, 0};
    un_indexer *ix = un_indexer_new(&opt, err, sizeof err);
    if (!ix)
        fuzz_fail(err);
    un_reader_options ro = {0, un_indexer_page, ix, 0};
    un_reader *r = un_reader_new(&ro);
    un_reader_begin(r, "fuzz", 4);
    if (un_reader_feed(r, data, np) == UN_OK)
        un_reader_finish(r);
    size_t n = 0;
    for (const un_article *a; (a = un_reader_next(r)) != NULL;)
        n += a->n_entities;
    (void)n;
    un_reader_free(r);
    un_indexer_free(ix);
    un_gazetteer_free(g);
    return 0;
}
