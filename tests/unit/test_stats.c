/* test_stats.c: the rows of un_stats_rows with --top N are the first N of
 * each table's rows in full, for tables of many entries whose counts tie
 * often (so that records and then names decide), and for N below, at and
 * above a table's size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/fuzz.h"
#include "unionnews.h"

/* The rows as text, one a line: table, key, mentions, records. */
typedef struct rows {
    char *text;
    size_t len, cap;
} rows;

static int keep_row(void *ctx, const un_stats_row *row)
{
    rows *r = ctx;
    char line[160];
    int n = snprintf(line, sizeof line, "%s\t%.*s\t%llu\t%llu\n", row->table, (int)row->key.len,
                     row->key.ptr ? row->key.ptr : "", (unsigned long long)row->mentions,
                     (unsigned long long)row->articles);
    assert_true(n > 0 && (size_t)n < sizeof line);
    if (r->len + (size_t)n + 1 > r->cap) {
        r->cap = 2 * (r->len + (size_t)n + 1);
        r->text = realloc(r->text, r->cap);
        assert_non_null(r->text);
    }
    memcpy(r->text + r->len, line, (size_t)n + 1);
    r->len += (size_t)n;
    return 0;
}

static rows rows_of(un_stats *s, size_t top)
{
    rows r = {NULL, 0, 0};
    un_stats_options opt = {top, NULL};
    assert_int_equal(un_stats_rows(s, &opt, keep_row, &r), 0);
    return r;
}

/* The first `top` lines of each table of `all` (every line of the tables
 * that are not cut: totals, roles, types, distinct counts and units). */
static char *cut(const char *all, size_t top)
{
    static const char *const cut_tables[] = {"district", "union",  "programme",
                                             "company",  "person", "author"};
    char *out = malloc(strlen(all) + 1);
    assert_non_null(out);
    size_t len = 0, in_table = 0;
    char table[32] = "";
    for (const char *p = all; *p;) {
        const char *nl = strchr(p, '\n');
        size_t tlen = (size_t)(strchr(p, '\t') - p);
        if (tlen != strlen(table) || memcmp(p, table, tlen) != 0) {
            assert_true(tlen < sizeof table);
            memcpy(table, p, tlen);
            table[tlen] = '\0';
            in_table = 0;
        }
        int is_cut = 0;
        for (size_t k = 0; k < sizeof cut_tables / sizeof *cut_tables; k++)
            is_cut |= strcmp(table, cut_tables[k]) == 0;
        if (!is_cut || in_table++ < top) {
            memcpy(out + len, p, (size_t)(nl + 1 - p));
            len += (size_t)(nl + 1 - p);
        }
        p = nl + 1;
    }
    out[len] = '\0';
    return out;
}

static void test_top_is_a_prefix(void **state)
{
    (void)state;
    un_stats *s = un_stats_new(NULL);
    assert_non_null(s);
    uint32_t seed = 11;
    /* 3,000 people with few distinct counts, so that many tie on
     * mentions and records; 5 authors, fewer than most tops below. */
    for (int i = 0; i < 3000; i++) {
        char name[32];
        snprintf(name, sizeof name, "人%04u", fuzz_next(&seed) % 5000);
        uint64_t records = 1 + fuzz_next(&seed) % 3;
        un_stats_row row = {"person", {name, strlen(name)}, {NULL, 0},
                            records + fuzz_next(&seed) % 4, records};
        assert_int_equal(un_stats_add_row(s, &row), UN_OK);
    }
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "作者%d", i);
        un_stats_row row = {"author", {name, strlen(name)}, {NULL, 0}, (uint64_t)(i % 2) + 1, 1};
        assert_int_equal(un_stats_add_row(s, &row), UN_OK);
    }
    rows all = rows_of(s, 0);
    static const size_t tops[] = {1, 2, 3, 5, 10, 64, 1000, 5000};
    for (size_t k = 0; k < sizeof tops / sizeof *tops; k++) {
        rows some = rows_of(s, tops[k]);
        char *want = cut(all.text, tops[k]);
        if (strcmp(some.text, want) != 0)
            fail_msg("--top %zu: the rows are not the first of the full table", tops[k]);
        free(want);
        free(some.text);
    }
    free(all.text);
    un_stats_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_is_a_prefix),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
