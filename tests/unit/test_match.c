/* test_match.c: the matcher behind grep: districts by their hierarchy, and
 * the first look at raw bytes, which may rule an input out only when no
 * record of it can match. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unionnews.h"

#include "indexer_fixture.h"

static un_matcher *matcher(const char *district, const char *text, int regex)
{
    const char *texts[1] = {text};
    un_match_options o;
    memset(&o, 0, sizeof o);
    o.district = district;
    o.texts = texts;
    o.ntexts = text ? 1 : 0;
    o.regex = regex;
    char err[256];
    un_matcher *m = un_matcher_new(NULL, &o, err, sizeof err);
    if (!m)
        fail_msg("%s", err);
    return m;
}

/* The first look over s, fed in pieces of step bytes. */
static int look(const un_matcher *m, const char *s, size_t step)
{
    un_match_scan *sc = un_match_scan_new(m);
    if (!sc)
        return -1;
    un_match_scan_begin(sc);
    for (size_t i = 0, n = strlen(s); i < n; i += step)
        un_match_scan_feed(sc, s + i, i + step <= n ? step : n - i);
    int may = un_match_scan_end(sc);
    un_match_scan_free(sc);
    return may;
}

static void test_district_hierarchy(void **state)
{
    (void)state;
    un_reader *r;
    const un_article *a = first_record("黄岩职工技能比武开赛\n\n本报讯 记者王明报道 日前,"
                                       "台州市黄岩区第五届职工技能比武开幕。\n",
                                       &r);
    static const char *const yes[] = {"浙江", "浙江省", "台州", "331000", "黄岩", "331003"};
    static const char *const no[] = {"北京", "宁波", "330212"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        un_matcher *m = matcher(yes[i], NULL, 0);
        if (!un_matcher_test(m, a))
            fail_msg("--district %s should match", yes[i]);
        un_matcher_free(m);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        un_matcher *m = matcher(no[i], NULL, 0);
        if (un_matcher_test(m, a))
            fail_msg("--district %s should not match", no[i]);
        un_matcher_free(m);
    }
    un_reader_free(r);
    /* Unknown and ambiguous names are errors. */
    char err[256];
    un_match_options o;
    memset(&o, 0, sizeof o);
    o.district = "鼓楼";
    assert_null(un_matcher_new(NULL, &o, err, sizeof err));
    assert_non_null(strstr(err, "fits several places"));
    o.district = "火星";
    assert_null(un_matcher_new(NULL, &o, err, sizeof err));
}

static void test_first_look(void **state)
{
    (void)state;
    un_matcher *m = matcher("黄岩", NULL, 0);
    if (look(m, "x", 1) < 0) {
        un_matcher_free(m);
        skip(); /* a build without Hyperscan has no first look */
    }
    /* No name of 黄岩 or of a place in it: ruled out. */
    assert_int_equal(look(m, "宁波市鄞州区总工会举办职工运动会。\n", 7), 0);
    /* Its name, its full name, its traditional forms. */
    assert_int_equal(look(m, "台州黄岩开展活动。", 5), 1);
    assert_int_equal(look(m, "黄岩区总工会", 4), 1);
    assert_int_equal(look(m, "黃岩區總工會", 2), 1);
    assert_int_equal(look(m, "黃巖区", 1), 1);
    /* A town of it alone is not looked for: a town counts only inside a
     * county its record names, so no record of such a page matches. */
    assert_int_equal(look(m, "新前街道的职工", 3), 0);
    un_reader *r;
    static const char *const pages[2] = {"新前街道职工技能比武开赛\n\n本报讯 记者王明报道 日前,"
                                         "新前街道第五届职工技能比武开幕。\n",
                                         "新前街道职工技能比武开赛\n\n本报讯 记者王明报道 日前,"
                                         "黄岩区新前街道第五届职工技能比武开幕。\n"};
    for (int k = 0; k < 2; k++) {
        const un_article *a = first_record(pages[k], &r);
        assert_int_equal(un_matcher_test(m, a), k);
        assert_int_equal(look(m, pages[k], 7), k);
        un_reader_free(r);
    }
    /* A name a column break cut in two, fed a byte at a time. */
    assert_int_equal(look(m, "台州市黄\n\n岩区的职工", 1), 1);
    assert_int_equal(look(m, "台州市黄\r\n  岩区的职工", 1), 1);
    /* Ideographic spaces (U+3000) between its characters, their three
     * bytes cut by every feed size; punctuation with the same lead byte
     * (、。《》) is text, kept. */
    static const char spaced[] = "“台州”、《职工》。这是一段很长的文字,台州市黄　\n　岩区的职工。";
    for (size_t step = 1; step <= 17; step++)
        assert_int_equal(look(m, spaced, step), 1);
    assert_int_equal(look(m, "黄、岩区", 1), 0);
    assert_int_equal(look(m, "黄。岩区", 64), 0);
    /* A name at the very end, and one after a long run without spaces. */
    assert_int_equal(look(m, "职工职工职工职工职工职工职工职工职工职工黄岩", 1000), 1);
    assert_int_equal(look(m, "职工职工职工职工职工职工职工职工职工职工\t黄\t岩", 9), 1);
    /* A name cut by a space at every place in and around the blocks the
     * look passes over at once: after 0 to 80 bytes of text (ASCII and
     * Chinese, with punctuation of U+3000's lead byte), before 40 more;
     * a mark or a control byte between the halves is not a space. */
    static const char *const cuts[] = {"\n", " ", "\t", "\r\n", "　", "　\n　"};
    static const char *const joins[] = {"、", "。", "\x01", "x"};
    for (size_t lead = 0; lead <= 80; lead++) {
        char text[256];
        for (size_t i = 0; i < lead; i++)
            text[i] = (char)('a' + i % 26);
        for (size_t i = 0; i + 3 <= lead; i += 9)
            memcpy(text + i, i % 2 ? "。" : "职", 3);
        for (size_t c = 0; c < sizeof cuts / sizeof cuts[0] + sizeof joins / sizeof joins[0]; c++) {
            int cut = c < sizeof cuts / sizeof cuts[0];
            const char *mid = cut ? cuts[c] : joins[c - sizeof cuts / sizeof cuts[0]];
            snprintf(text + lead, sizeof text - lead, "黄%s岩%s", mid,
                     "的职工们在这里工作,生活得很好。abcdefgh");
            for (size_t step = 7; step <= 1000; step += 993)
                if (look(m, text, step) != cut)
                    fail_msg("%zu bytes, then 黄[%s]岩, fed %zu at a time: wrong", lead, mid, step);
        }
    }
    un_matcher_free(m);
    /* Text and district together: both must be there. */
    m = matcher("黄岩", "技能比武", 0);
    assert_int_equal(look(m, "黄岩的职工", 3), 0);
    assert_int_equal(look(m, "黄岩的技能\n比武", 3), 1);
    un_matcher_free(m);
    /* A place with a name of too many traditional mixes to list
     * (和布克赛尔蒙古自治县, 128) is looked for by a prefix of it, not
     * given up; a prefecture too; a province is not looked for, but the
     * text given with it is. */
    m = matcher("和布克赛尔蒙古自治县", NULL, 0);
    assert_int_equal(look(m, "和佈剋賽爾懞古自治縣", 5), 1);
    assert_int_equal(look(m, "海淀区的职工", 5), 0);
    un_matcher_free(m);
    m = matcher("台州", NULL, 0);
    assert_int_equal(look(m, "临海市总工会", 4), 1);
    assert_int_equal(look(m, "宁波市总工会", 4), 0);
    un_matcher_free(m);
    m = matcher("浙江", NULL, 0);
    assert_int_equal(look(m, "无关", 1), -1);
    un_matcher_free(m);
    m = matcher("浙江", "技能比武", 0);
    assert_int_equal(look(m, "宁波的技能\n比武", 3), 1);
    assert_int_equal(look(m, "宁波的职工", 3), 0);
    un_matcher_free(m);
    /* Expressions cannot be looked for: no first look. */
    m = matcher(NULL, "技能.才", 1);
    assert_int_equal(look(m, "无关", 1), -1);
    un_matcher_free(m);
}

/* A matcher of the district, or NULL when it takes no first look (built
 * without Hyperscan): the test is then skipped. */
static un_matcher *looking_matcher(const char *district)
{
    un_matcher *m = matcher(district, NULL, 0);
    if (look(m, "x", 1) < 0) {
        un_matcher_free(m);
        return NULL;
    }
    return m;
}

/* A look that notes the lines of s, fed in pieces of step bytes. */
static un_match_scan *noted(const un_matcher *m, const char *s, size_t step)
{
    un_match_scan *sc = un_match_scan_new(m);
    assert_non_null(sc);
    un_match_scan_begin(sc);
    un_match_scan_note_lines(sc);
    for (size_t i = 0, n = strlen(s); i < n; i += step)
        un_match_scan_feed(sc, s + i, i + step <= n ? step : n - i);
    un_match_scan_end(sc);
    return sc;
}

/* The judgement of a record of one body segment: text printed on line,
 * rejoined from pieces at later lines (n of them) if any. */
static int judge(un_match_scan *sc, const char *text, size_t line, const un_piece *pieces,
                 size_t n)
{
    un_segment g;
    memset(&g, 0, sizeof g);
    g.kind = UN_SEG_BODY;
    g.text.ptr = text;
    g.text.len = strlen(text);
    g.line = line;
    g.pieces = pieces;
    g.n_pieces = n;
    un_article a;
    memset(&a, 0, sizeof a);
    a.segments = &g;
    a.n_segments = 1;
    return un_match_scan_record(sc, &a);
}

/* With the lines of its input noted, the look judges a record by the
 * lines of its segments: lines as the reader counts them (LF, CR, CR LF,
 * even cut by a feed), and the text around a column break, which may
 * join a name the look did not see whole. */
static void test_record_by_lines(void **state)
{
    (void)state;
    un_matcher *m = looking_matcher("黄岩");
    if (!m)
        skip();
    /* The name ends on line 5 of each input (on 6, cut by a break, in
     * the last); a record of another line, whose text names it too, is
     * ruled out by its line: the lines decide. */
    static const struct {
        const char *text;
        size_t line;
    } inputs[] = {
        {"一\n二\n三\n四\n黄岩区的职工\n六\n", 5},
        {"一\r\n二\r\n\r\n四\r\n黄岩区的职工\r\n六", 5},
        {"一\r二\r三\r\r 黄岩\r六", 5},
        {"\n\r\n\r\r\n　黄\n岩\n", 6},
        /* A byte that may begin U+3000 (E3), then a line break, at every
         * place a feed can end. */
        {"一\xe3\n二\xe3\r\n三\xe3\n\xe3\r黄岩", 5},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        for (size_t step = 1; step <= 7; step++) {
            un_match_scan *sc = noted(m, inputs[i].text, step);
            for (size_t line = 3; line <= 7; line++)
                if (judge(sc, "黄岩区的职工", line, NULL, 0) != (line == inputs[i].line))
                    fail_msg("input %zu fed %zu at a time: line %zu judged wrong", i, step, line);
            un_match_scan_free(sc);
        }
    }
    /* A paragraph rejoined from lines 2 and 4 (another story's line 3
     * between them): the name cut by the break is found in its text; a
     * paragraph with no name across its break is not kept for line 5. */
    static const char page[] = "宁波市总工会举办活动。\n台州市黄\n另一篇的文字。\n岩区的职工。\n"
                               "黄岩区总工会慰问职工。\n";
    un_match_scan *sc = noted(m, page, 4096);
    const un_piece at4 = {strlen("台州市黄"), 4};
    assert_int_equal(judge(sc, "宁波市总工会举办活动。", 1, NULL, 0), 0);
    assert_int_equal(judge(sc, "黄岩区总工会慰问职工。", 5, NULL, 0), 1);
    assert_int_equal(judge(sc, "台州市黄岩区的职工。", 2, &at4, 1), 1);
    assert_int_equal(judge(sc, "台州市黄岩区的职工。", 2, NULL, 0), 0);
    assert_int_equal(judge(sc, "台州市的职工。", 2, &at4, 1), 0);
    /* The text is read as far as the longest name (黄岩: the look's
     * names hold no other, 黄岩区 none) reaches around the break: a name
     * across it is found, one beyond its reach is left to the lines'
     * notes. */
    const un_piece at9 = {strlen("一二黄"), 4}, at12 = {strlen("黄岩一二"), 4};
    assert_int_equal(judge(sc, "一二黄岩", 2, &at9, 1), 1);
    assert_int_equal(judge(sc, "黄岩一二三", 2, &at12, 1), 0);
    /* Notes forgotten (another input read): records are read as text. */
    un_match_scan_forget_lines(sc);
    assert_int_equal(judge(sc, "黄岩区总工会慰问职工。", 1, NULL, 0), 1);
    assert_int_equal(judge(sc, "宁波市总工会举办活动。", 5, NULL, 0), 0);
    un_match_scan_free(sc);
    un_matcher_free(m);
}

static int same(un_str a, un_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Reads the records of two readers of the same page side by side: each
 * record of all has entities; a record of some whose id is not kept_id has
 * none and no figures, the one that is has the same entities (type, name,
 * code and status). Returns the number of records. */
static size_t expect_only_kept(un_reader *all, un_reader *some, unsigned kept_id)
{
    const un_article *a, *b;
    size_t n = 0;
    while ((a = un_reader_next(all)) != NULL) {
        b = un_reader_next(some);
        assert_non_null(b);
        n++;
        assert_true(a->n_entities > 0);
        if (b->id != kept_id) {
            assert_int_equal(b->n_entities, 0);
            assert_int_equal(b->n_figures, 0);
            continue;
        }
        assert_int_equal(b->n_entities, a->n_entities);
        for (size_t i = 0; i < a->n_entities; i++) {
            assert_true(same(a->entities[i].type, b->entities[i].type));
            assert_true(same(a->entities[i].name, b->entities[i].name));
            assert_true(same(a->entities[i].code, b->entities[i].code));
            assert_true(same(a->entities[i].status, b->entities[i].status));
        }
    }
    return n;
}

/* The records of page, indexed by ix; keep (may be NULL) filters them. */
static un_reader *read_page_with(un_indexer *with, const char *page, un_record_filter keep,
                                 void *ctx)
{
    un_indexer_set_filter(with, keep, ctx);
    un_reader_options ro = {0, un_indexer_page, with, 0};
    un_reader *r = un_reader_new(&ro);
    assert_non_null(r);
    un_reader_begin(r, "test", 1);
    un_reader_feed(r, page, strlen(page));
    un_reader_finish(r);
    un_indexer_set_filter(with, NULL, NULL);
    return r;
}

static un_reader *read_page(const char *page, un_record_filter keep, void *ctx)
{
    return read_page_with(ix, page, keep, ctx);
}

static int keep_second(void *ctx, const un_article *a)
{
    (*(int *)ctx)++;
    return a->id == 2;
}

static int keep_may_match(void *ctx, const un_article *a)
{
    return un_match_scan_record(ctx, a);
}

/* A record the filter passes over gets no entities; one it keeps gets
 * exactly what it gets without the filter. */
static void test_record_filter(void **state)
{
    (void)state;
    static const char page[] =
        "宁波职工运动会开幕\n\n本报讯 记者王明报道 宁波市鄞州区总工会举办职工运动会。\n\n"
        "黄岩职工技能比武开赛\n\n本报讯 记者李红报道 台州市黄岩区第五届职工技能比武开幕,"
        "浙江省总工会到场。\n\n"
        "象山渔民节\n\n本报讯 记者张强报道 象山县总工会慰问渔民,发放资金12万元。\n";
    un_reader *all = read_page(page, NULL, NULL);
    int calls = 0;
    un_reader *some = read_page(page, keep_second, &calls);
    const un_article *a, *b;
    assert_int_equal(expect_only_kept(all, some, 2), 3);
    assert_int_equal(calls, 3);
    un_reader_free(all);
    un_reader_free(some);
    /* Within 黄岩 (331003), and within 浙江 (33): the records that name no
     * place there are passed over; the others get all they had. */
    static const struct {
        const char *prefix;
        int kept[3];
    } within[] = {{"331003", {0, 1, 0}}, {"33", {1, 1, 1}}, {"11", {0, 0, 0}}};
    for (size_t w = 0; w < sizeof within / sizeof within[0]; w++) {
        all = read_page(page, NULL, NULL);
        un_indexer_set_within(ix, within[w].prefix);
        some = read_page(page, NULL, NULL);
        un_indexer_set_within(ix, NULL);
        while ((a = un_reader_next(all)) != NULL) {
            b = un_reader_next(some);
            assert_non_null(b);
            int kept = within[w].kept[a->id - 1];
            assert_int_equal(b->n_entities, kept ? a->n_entities : 0);
            for (size_t i = 0; kept && i < a->n_entities; i++)
                assert_true(same(a->entities[i].code, b->entities[i].code));
        }
        un_reader_free(all);
        un_reader_free(some);
    }
    /* The matcher's look as the filter: only the 黄岩 story is indexed. */
    un_matcher *m = matcher("黄岩", NULL, 0);
    un_match_scan *sc = un_match_scan_new(m);
    if (!sc) {
        un_matcher_free(m);
        skip();
    }
    un_reader *r = read_page(page, keep_may_match, sc);
    size_t matched = 0;
    while ((a = un_reader_next(r)) != NULL) {
        assert_int_equal(a->n_entities > 0, a->id == 2);
        matched += un_matcher_test(m, a);
    }
    assert_int_equal(matched, 1);
    un_reader_free(r);
    un_match_scan_free(sc);
    un_matcher_free(m);
}

static int keep_id(void *ctx, const un_article *a)
{
    return a->id == *(const unsigned *)ctx;
}

/* Two stories of 浙江 places (宁波, 绍兴, 温州, 湖州), before a third that
 * names 西湖区, which the page's province settles. */
#define TWO_ZHEJIANG_STORIES                                                                      \
    "宁波职工运动会开幕\n\n本报讯 记者王明报道 宁波市总工会举办职工运动会,绍兴市总工会也来了。\n\n"  \
    "温州职工技能比武\n\n本报讯 记者李红报道 温州市职工技能比武开幕,湖州市总工会到场。\n\n"

/* An indexer of districts alone with a filter reads only the records kept,
 * and the rest of the page only where a kept record needs the page's
 * province: 西湖区 (杭州 or 南昌) is settled by the 浙江 places of the other
 * stories, though they are not kept. Either way a kept record gets what it
 * gets without the filter. */
static void test_filter_reads_less(void **state)
{
    (void)state;
    static const char page[] = TWO_ZHEJIANG_STORIES
        "西湖区职工书屋开放\n\n本报讯 记者张强报道 西湖区职工书屋开放,职工都来看书。\n";
    char err[256];
    un_indexer_options io = {NULL, NULL, UN_INDEX_DISTRICTS};
    un_indexer *dx = un_indexer_new(&io, err, sizeof err);
    assert_non_null(dx);
    for (unsigned id = 1; id <= 3; id++) {
        un_reader *all = read_page_with(dx, page, NULL, NULL);
        un_reader *some = read_page_with(dx, page, keep_id, &id);
        assert_int_equal(expect_only_kept(all, some, id), 3);
        un_reader_free(all);
        un_reader_free(some);
    }
    /* The story the others settle. */
    unsigned third = 3;
    un_reader *r = read_page_with(dx, page, keep_id, &third);
    const un_article *a;
    while ((a = un_reader_next(r)) != NULL)
        if (a->id == 3) {
            assert_true(a->n_entities > 0);
            assert_true(same(a->entities[0].code, (un_str){"330106", 6}));
        }
    un_reader_free(r);
    un_indexer_free(dx);
}

/* The entity of record id of r printed as text: its code, "ambiguous" for
 * one that may be several places, or "none" when there is no such entity. */
static const char *entity_code(un_reader *r, unsigned id, const char *text, char *buf, size_t n)
{
    const un_article *a;
    snprintf(buf, n, "none");
    while ((a = un_reader_next(r)) != NULL)
        for (size_t i = 0; a->id == id && i < a->n_entities; i++) {
            const un_entity *e = &a->entities[i];
            if (!same(e->text, (un_str){text, strlen(text)}))
                continue;
            if (e->status.ptr && same(e->status, (un_str){"ambiguous", 9}))
                snprintf(buf, n, "ambiguous");
            else
                snprintf(buf, n, "%.*s", (int)e->code.len, e->code.ptr);
        }
    return buf;
}

/* With districts alone, a filter and a place to be within (grep's lines
 * and counts), only whether a kept record names a place within it counts:
 * where no province the page may have changes that, the page is not read
 * whole to count it, and 西湖区 (杭州 or 南昌) beside 黄岩区 stays
 * ambiguous. Within 杭州, or 江西, the province decides, and is counted. */
static void test_within_province_moot(void **state)
{
    (void)state;
    static const char page[] = TWO_ZHEJIANG_STORIES
        "两区职工书屋开放\n\n本报讯 记者张强报道 黄岩区和西湖区的职工书屋开放,职工都来看书。\n";
    char err[256], buf[32];
    un_indexer_options io = {NULL, NULL, UN_INDEX_DISTRICTS};
    un_indexer *dx = un_indexer_new(&io, err, sizeof err);
    assert_non_null(dx);
    unsigned third = 3;
    static const struct {
        const char *within, *text, *code;
    } cases[] = {
        {"331003", "黄岩区", "331003"}, {"331003", "西湖区", "ambiguous"},
        {"3310", "西湖区", "ambiguous"}, {"3301", "西湖区", "330106"},
        {"33", "西湖区", "ambiguous"},      {"36", "西湖区", "330106"},
        {NULL, "西湖区", "330106"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        un_indexer_set_within(dx, cases[i].within);
        un_reader *r = read_page_with(dx, page, keep_id, &third);
        const char *got = entity_code(r, 3, cases[i].text, buf, sizeof buf);
        if (strcmp(got, cases[i].code) != 0)
            fail_msg("within %s: %s is %s, not %s", cases[i].within ? cases[i].within : "-",
                     cases[i].text, got, cases[i].code);
        un_reader_free(r);
    }
    un_indexer_free(dx);
}

/* un_match_scan_needs on line of the input sc noted, whose text is s. */
static int needs(const un_match_scan *sc, size_t line, const char *s)
{
    return un_match_scan_needs(sc, line, s, strlen(s));
}

/* filler, then a line of n 职, then tail: malloc'd. */
static char *with_long_line(const char *filler, size_t n, const char *tail)
{
    size_t a = strlen(filler), b = strlen(tail);
    char *s = malloc(a + 3 * n + 1 + b + 1);
    assert_non_null(s);
    memcpy(s, filler, a);
    for (size_t i = 0; i < n; i++)
        memcpy(s + a + 3 * i, "职", 3);
    s[a + 3 * n] = '\n';
    memcpy(s + a + 3 * n + 1, tail, b + 1);
    return s;
}

/* Sparse reading asks which lines a record that may match can hold: a line
 * a name ends on, or one that ends with a beginning of a name (a head)
 * whose rest (a tail) begins a line of the input, trimmed, which a join
 * across a column break may put after it; or that a line all of a tail's
 * beginning, joined next, may go on to. */
static void test_scan_needs(void **state)
{
    (void)state;
    un_matcher *ms[2] = {looking_matcher("黄岩"), looking_matcher("下花园")};
    if (!ms[0] || !ms[1]) {
        un_matcher_free(ms[0]);
        un_matcher_free(ms[1]);
        skip();
    }
    static const struct {
        int district; /* 0: 黄岩, line 1 台州市黄; 1: 下花园, line 1 工作在下 */
        const char *page;
        int want; /* line 1 is needed */
    } pages[] = {
        /* 岩区 begins line 3, another story's line between. */
        {0, "台州市黄\n另一篇的文字。\n岩区的职工。\n", 1},
        /* No line begins with the rest of a name 黄 begins. */
        {0, "台州市黄\n另一篇的文字。\n职工说黄岩区好。\n", 0},
        /* Spaces the reader trims: U+00A0, U+3000, a tab. */
        {0, "台州市黄\n另一篇。\n\xC2\xA0岩区的职工。\n", 1},
        {0, "台州市黄\n另一篇。\n\xE3\x80\x80\xE3\x80\x80岩区的职工。\n", 1},
        {0, "台州市黄\r\n另一篇。\r\n\t岩区\r\n", 1},
        /* 下花园: 园 begins a line, but it is the rest after 下花, not
         * after 下. */
        {1, "工作在下\n另一篇的文字。\n园的职工。\n", 0},
        {1, "工作在下\n另一篇的文字。\n花园的职工。\n", 1},
        {1, "工作在下\n另一篇的文字。\n花園的职工。\n", 1},
        /* A line of 花 alone may be joined to 下 and go on with a line
         * that begins with 园. */
        {1, "工作在下\n另一篇的文字。\n花\n其他二。\n园的职工。\n", 1},
        {1, "工作在下\n另一篇的文字。\n花 \xC2\xA0\n", 1},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        const char *first = pages[i].district ? "工作在下" : "台州市黄";
        for (size_t step = 1; step <= 7; step++) {
            un_match_scan *sc = noted(ms[pages[i].district], pages[i].page, step);
            if (needs(sc, 1, first) != pages[i].want)
                fail_msg("page %zu fed %zu at a time: line 1 judged wrong", i, step);
            assert_int_equal(needs(sc, 2, "另一篇的文字。"), 0);
            un_match_scan_free(sc);
        }
    }
    un_matcher *m = ms[0];
    /* A line the name ends on; a name cut after a shorter one it holds
     * (黄岩 of 黄岩区) is needed where the shorter ends. */
    un_match_scan *sc = noted(m, "一\n黄岩区的职工\n", 3);
    assert_int_equal(needs(sc, 2, "黄岩区的职工"), 1);
    assert_int_equal(needs(sc, 1, "一"), 0);
    un_match_scan_free(sc);
    sc = noted(m, "台州市黄岩\n区的职工。\n", 2);
    assert_int_equal(needs(sc, 1, "台州市黄岩"), 1);
    assert_int_equal(needs(sc, 2, "区的职工。"), 0);
    un_match_scan_free(sc);
    /* Far into the input, past the look's buffer: a tail at a line start
     * is still seen; a line longer than the buffer, whose start the look
     * no longer holds, may begin any. */
    m = ms[1];
    static const char head[] = "工作在下\n", other[] = "其他的文字啊。\n";
    size_t nother = 4096;
    char *filler = malloc(sizeof head + nother * (sizeof other - 1));
    assert_non_null(filler);
    char *at = filler + sizeof head - 1;
    memcpy(filler, head, sizeof head - 1);
    for (size_t k = 0; k < nother; k++, at += sizeof other - 1)
        memcpy(at, other, sizeof other - 1);
    *at = '\0';
    char *far = with_long_line(filler, 10, "花园的职工。\n");
    char *none = with_long_line(filler, 20000, "园的职工。\n");
    char *cut = with_long_line(filler, 50000, "园的职工。\n");
    const char *inputs[] = {far, none, cut};
    const int want[] = {1, 0, 1};
    for (size_t i = 0; i < 3; i++)
        for (size_t step = 4093; step <= 65536; step *= 4) {
            sc = noted(m, inputs[i], step);
            if (needs(sc, 1, "工作在下") != want[i])
                fail_msg("long input %zu fed %zu at a time: line 1 judged wrong", i, step);
            un_match_scan_free(sc);
        }
    free(far);
    free(none);
    free(cut);
    free(filler);
    un_matcher_free(ms[0]);
    un_matcher_free(ms[1]);
}

/* A look that notes its lines gives the offsets of its input's line
 * feeds, for the reader to take; none where a CR ends a line, and none
 * where the lines were not noted or are forgotten. */
static void test_line_feeds(void **state)
{
    (void)state;
    un_matcher *m = looking_matcher("黄岩");
    if (!m)
        skip();
    static const char page[] = "一\n\n黄岩区的职工\xE3\x80\x80\n\xE3\n\t \n末";
    uint32_t want[8];
    size_t nwant = 0;
    for (size_t i = 0; page[i]; i++)
        if (page[i] == '\n')
            want[nwant++] = (uint32_t)i;
    for (size_t step = 1; step <= sizeof page; step++) {
        un_match_scan *sc = noted(m, page, step);
        size_t n;
        const uint32_t *lf = un_match_scan_line_feeds(sc, &n);
        if (!lf || n != nwant || memcmp(lf, want, n * sizeof *lf) != 0)
            fail_msg("fed %zu at a time: wrong line feeds", step);
        un_match_scan_forget_lines(sc);
        assert_null(un_match_scan_line_feeds(sc, &n));
        un_match_scan_free(sc);
    }
    size_t n;
    un_match_scan *sc = noted(m, "黄岩区的职工", 2);
    assert_non_null(un_match_scan_line_feeds(sc, &n));
    assert_int_equal(n, 0);
    un_match_scan_free(sc);
    sc = noted(m, "一\r\n黄岩\n", 1);
    assert_null(un_match_scan_line_feeds(sc, &n));
    un_match_scan_free(sc);
    sc = un_match_scan_new(m);
    un_match_scan_begin(sc);
    un_match_scan_feed(sc, "一\n黄岩\n", strlen("一\n黄岩\n"));
    un_match_scan_end(sc);
    assert_null(un_match_scan_line_feeds(sc, &n));
    un_match_scan_free(sc);
    un_matcher_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_district_hierarchy),
        cmocka_unit_test(test_first_look),
        cmocka_unit_test(test_record_by_lines),
        cmocka_unit_test(test_record_filter),
        cmocka_unit_test(test_filter_reads_less),
        cmocka_unit_test(test_scan_needs),
        cmocka_unit_test(test_line_feeds),
        cmocka_unit_test(test_within_province_moot),
    };
    return cmocka_run_group_tests_name("match", tests, setup, teardown);
}
