/* fuzz_indexer.c: the indexer on any page. Every entity lies inside its
 * record (its segment, offset and line), every string is valid UTF-8, and
 * entities come in the order they were printed. */
#include "fuzz.h"

static un_indexer *ix;

static void free_indexer(void)
{
    un_indexer_free(ix);
}

static void check_str(un_str s)
{
    if (s.ptr && !fuzz_utf8_valid(s.ptr, s.len))
        fuzz_fail("a string of an entity is not valid UTF-8");
}

static void check_record(const un_article *a)
{
    size_t last_seg = 0, last_off = 0;
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        if (e->segment >= a->n_segments)
            fuzz_fail("entity in no segment");
        const un_segment *sg = &a->segments[e->segment];
        if (e->offset > sg->text.len)
            fuzz_fail("entity past its segment");
        if (e->segment < last_seg || (e->segment == last_seg && e->offset < last_off))
            fuzz_fail("entities out of order");
        last_seg = e->segment;
        last_off = e->offset;
        if (e->line < a->line_start || e->line > a->line_end)
            fuzz_fail("entity line outside its record");
        if (!e->type.ptr || !e->text.ptr || e->text.len == 0)
            fuzz_fail("entity without type or text");
        check_str(e->text);
        check_str(e->name);
        check_str(e->code);
        for (size_t k = 0; k < e->n_candidates; k++)
            check_str(e->candidates[k].name);
    }
    for (size_t i = 0; i < a->n_figures; i++) {
        const un_figure *f = &a->figures[i];
        if (!f->text.ptr || !f->value.ptr || f->value.len == 0)
            fuzz_fail("figure without text or value");
        check_str(f->text);
        check_str(f->subject);
        if (f->line < a->line_start || f->line > a->line_end)
            fuzz_fail("figure line outside its record");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix) {
        char err[256];
        ix = un_indexer_new(NULL, err, sizeof err);
        if (!ix)
            fuzz_fail(err);
        atexit(free_indexer);
    }
    un_reader_options ro = {0, un_indexer_page, ix, 0};
    un_reader *r = un_reader_new(&ro);
    if (!r)
        fuzz_fail("out of memory");
    un_reader_begin(r, "fuzz", 4);
    int rc = un_reader_feed(r, data, size);
    for (const un_article *a; (a = un_reader_next(r)) != NULL;)
        check_record(a);
    if (rc == UN_OK)
        un_reader_finish(r);
    for (const un_article *a; (a = un_reader_next(r)) != NULL;)
        check_record(a);
    un_reader_free(r);
    return 0;
}
