/* fuzz_figures.c: the figure parser on any sentence, set as the body of a
 * story. Every value is a JSON number, every qualifier one of the five,
 * and every figure's text stands in its record's text. */
#include "fuzz.h"

static un_indexer *ix;

static void free_indexer(void)
{
    un_indexer_free(ix);
}

static int json_number(un_str s)
{
    const char *p = s.ptr, *end = s.ptr + s.len;
    if (p < end && *p == '-')
        p++;
    if (p == end || *p < '0' || *p > '9')
        return 0;
    if (*p == '0')
        p++;
    else
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    if (p < end && *p == '.') {
        p++;
        if (p == end || *p < '0' || *p > '9')
            return 0;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    return p == end;
}

static int known_qualifier(un_str q)
{
    static const char *const all[] = {">=", ">", "<=", "<", "~"};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (q.len == strlen(all[i]) && memcmp(q.ptr, all[i], q.len) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix) {
        char err[256];
        un_indexer_options opt = {NULL, NULL, UN_INDEX_DISTRICTS | UN_INDEX_FIGURES};
        ix = un_indexer_new(&opt, err, sizeof err);
        if (!ix)
            fuzz_fail(err);
        atexit(free_indexer);
    }
    static const char head[] = "职工之家建设有新进展\n\n本报讯 记者王明报道 ";
    size_t n = sizeof head - 1 + size + 1;
    char *page = malloc(n);
    if (!page)
        fuzz_fail("out of memory");
    memcpy(page, head, sizeof head - 1);
    memcpy(page + sizeof head - 1, data, size);
    page[n - 1] = '\n';
    un_reader_options ro = {0, un_indexer_page, ix, 0};
    un_reader *r = un_reader_new(&ro);
    un_reader_begin(r, "fuzz", 4);
    if (un_reader_feed(r, page, n) == UN_OK)
        un_reader_finish(r);
    for (const un_article *a; (a = un_reader_next(r)) != NULL;) {
        for (size_t i = 0; i < a->n_figures; i++) {
            const un_figure *f = &a->figures[i];
            if (!json_number(f->value) || (f->value_to.ptr && !json_number(f->value_to)))
                fuzz_fail("a figure's value is not a JSON number");
            if (f->qualifier.ptr && !known_qualifier(f->qualifier))
                fuzz_fail("a figure's qualifier is none of the five");
            int found = 0;
            for (size_t k = 0; k < a->n_segments && f->text.ptr && !found; k++)
                found = memmem(a->segments[k].text.ptr, a->segments[k].text.len, f->text.ptr,
                               f->text.len) != NULL;
            if (!found)
                fuzz_fail("a figure's text is not in its record's text");
        }
    }
    un_reader_free(r);
    free(page);
    return 0;
}
