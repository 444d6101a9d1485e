/* indexer_fixture.h: what the tests of the indexer share: one indexer on the
 * default gazetteer for a group of tests, and the first record of a page. */
#ifndef UN_INDEXER_FIXTURE_H
#define UN_INDEXER_FIXTURE_H

#include "unionnews.h"

static un_indexer *ix;

static int setup(void **state)
{
    (void)state;
    char err[256];
    ix = un_indexer_new(NULL, err, sizeof err);
    return ix ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    un_indexer_free(ix);
    return 0;
}

/* Reads page with the indexer and returns its first record; *r is the
 * reader, to be freed by the caller once done with the record. */
static const un_article *first_record(const char *page, un_reader **r)
{
    un_reader_options ro = {0, un_indexer_page, ix, 0};
    *r = un_reader_new(&ro);
    assert_non_null(*r);
    un_reader_begin(*r, "test", 1);
    un_reader_feed(*r, page, strlen(page));
    un_reader_finish(*r);
    const un_article *a = un_reader_next(*r);
    assert_non_null(a);
    return a;
}

#endif
