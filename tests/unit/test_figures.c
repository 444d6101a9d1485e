/* test_figures.c: the figure parser on sentences written for these tests:
 * multipliers, exact decimals, qualifiers, ranges, Chinese numerals,
 * full-width digits, subjects, and each kind of number that is no figure.
 * Each check lists every figure of the sentence, so a figure found wrongly
 * fails as surely as one missed. */
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

static size_t put(char *out, size_t used, size_t cap, un_str s)
{
    if (s.ptr && used + s.len < cap) {
        memcpy(out + used, s.ptr, s.len);
        used += s.len;
    }
    out[used] = '\0';
    return used;
}

static size_t put_lit(char *out, size_t used, size_t cap, const char *s)
{
    return put(out, used, cap, (un_str){s, strlen(s)});
}

/* The figures of a story whose body is the given text, as
 * "text=value[~value_to][ unit][ qualifier][ @subject]" joined by '|'. */
static void figures_of(const char *body, int subjects, char *out, size_t cap)
{
    char page[4096];
    snprintf(page, sizeof page, "职工之家建设有新进展\n\n本报讯 记者王明报道 %s\n", body);
    un_reader *r;
    const un_article *a = first_record(page, &r);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < a->n_figures; i++) {
        const un_figure *f = &a->figures[i];
        if (i)
            used = put_lit(out, used, cap, "|");
        used = put(out, used, cap, f->text);
        used = put_lit(out, used, cap, "=");
        used = put(out, used, cap, f->value);
        if (f->value_to.ptr) {
            used = put_lit(out, used, cap, "~");
            used = put(out, used, cap, f->value_to);
        }
        if (f->unit.ptr) {
            used = put_lit(out, used, cap, " ");
            used = put(out, used, cap, f->unit);
        }
        if (f->qualifier.ptr) {
            used = put_lit(out, used, cap, " ");
            used = put(out, used, cap, f->qualifier);
        }
        if (subjects && f->subject.ptr) {
            used = put_lit(out, used, cap, " @");
            used = put(out, used, cap, f->subject);
        }
        /* Each figure's line is the body's. */
        assert_int_equal(f->line, 3);
    }
    un_reader_free(r);
}

#define EXPECT_FIGS(body, want) EXPECT_WITH(body, 0, want)
#define EXPECT_WITH(body, subjects, want)                                                         \
    do {                                                                                          \
        char got_[4096];                                                                          \
        figures_of(body, subjects, got_, sizeof got_);                                            \
        if (strcmp(got_, want) != 0)                                                              \
            fail_msg("got  '%s'\nwant '%s'", got_, want);                                         \
    } while (0)

static void test_multipliers(void **state)
{
    (void)state;
    EXPECT_FIGS("全区技能人才达到21.5045万人,投入1.2亿元,建成3千平方米的职工之家,覆盖60万职工。",
                "21.5045万人=215045 人|1.2亿元=120000000 元|3千平方米=3000 平方米|"
                "60万=600000");
    EXPECT_FIGS("累计发放1.2万亿元。", "1.2万亿元=1200000000000 元");
}

static void test_decimals_exact(void **state)
{
    (void)state;
    EXPECT_FIGS("占比26.3%,增长0.1%,结头不超过0.3厘米,资金12.30万元,1.15亿元。",
                "26.3%=26.3 %|0.1%=0.1 %|超过0.3厘米=0.3 厘米 >|12.30万元=123000 元|"
                "1.15亿元=115000000 元");
    /* Thousands separators, full-width digits and point. */
    EXPECT_FIGS("共有1,200名职工参加,其中１２名女职工,体重９２．５公斤。",
                "1,200名=1200 名|１２名=12 名|９２．５公斤=92.5 公斤");
}

static void test_qualifiers(void **state)
{
    (void)state;
    EXPECT_FIGS("参与职工3000余人次,100多名选手,覆盖率80%以上,35周岁以下,约300人,近10万人,"
                "300人左右,慰问56万多人(次),达2万多,气温零下7摄氏度。",
                "3000余人次=3000 人次 >|100多名=100 名 >|80%以上=80 % >=|35周岁以下=35 周岁 <=|"
                "约300人=300 人 ~|近10万人=100000 人 ~|300人左右=300 人 ~|"
                "56万多人(次)=560000 人次 >|2万多=20000 >|零下7摄氏度=-7 摄氏度");
}

static void test_ranges(void **state)
{
    (void)state;
    EXPECT_FIGS("每组3至5人,增幅20%—30%,奖励5-10万元,准备五六个节目,需要三四十天。",
                "3至5人=3~5 人|20%—30%=20~30 %|5-10万元=50000~100000 元|五六个=5~6 个|"
                "三四十天=30~40 天");
}

static void test_chinese_numerals(void **state)
{
    (void)state;
    EXPECT_FIGS("三台打包机,藏书两千册,资金一百二十万元,一半以上,二十三万多株树苗,十五名队员,"
                "坚持了三年。",
                "三台=3 台|两千册=2000 册|一百二十万元=1200000 元|一半以上=0.5 >=|"
                "二十三万多株=230000 株 >|十五名=15 名|三年=3 年");
}

static void test_subjects(void **state)
{
    (void)state;
    EXPECT_WITH("全区技能人才达到21.5045万人。共帮助405名外来员工子女在当地入学。"
                "企业合同签订率均达95%以上。",
                1,
                "21.5045万人=215045 人 @技能人才|405名=405 名 @外来员工子女|"
                "95%以上=95 % >= @企业合同签订率");
    /* A subject ends at a particle before it (的). */
    EXPECT_WITH("今年全市的参赛职工达500人。", 1, "500人=500 人 @参赛职工");
}

/* Dates and times, ordinals, codes, numbers in names or quotation marks,
 * phone numbers, words that look like numerals: none is a figure. */
static void test_not_figures(void **state)
{
    (void)state;
    EXPECT_FIGS("2019年6月5日上午7点,10时30分,会议在2020-05-03举行。", "");
    EXPECT_FIGS("第二,第4版,第三届,第5名。", "");
    EXPECT_FIGS("探索“345”维权服务机制,推行“5+5”工作法,沿228国道推进5G网络,G60科创走廊。", "");
    EXPECT_FIGS("咨询电话0571-87654321,每年“9·25”当天。", "");
    EXPECT_FIGS("统一部署,全国两会期间,一线职工意见一致,一名焊工说,百年工运历程。", "");
    EXPECT_FIGS("他三天两头往车间跑,四面八方的职工都来了。", "");
    EXPECT_FIGS("庆祝建会100周年,2019年度先进,1956—1964年的劳模,上世纪80年代。", "");
    /* A duration is a figure, a year is not. */
    EXPECT_FIGS("他于2000年来到这里,坚持了11年,2010年获评劳模。", "11年=11 年");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multipliers),      cmocka_unit_test(test_decimals_exact),
        cmocka_unit_test(test_qualifiers),       cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_chinese_numerals), cmocka_unit_test(test_subjects),
        cmocka_unit_test(test_not_figures),
    };
    return cmocka_run_group_tests_name("figures", tests, setup, teardown);
}
