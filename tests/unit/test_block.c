/* test_block.c: the shape of single lines, and the bylines inside them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/fuzz.h"
#include "block.h"
#include "byline.h"

static un_block classify(const char *s)
{
    un_block b;
    memset(&b, 0, sizeof b);
    b.text = s;
    b.len = strlen(s);
    un_block_classify(un_lexicon_default(), &b);
    return b;
}

#define SHAPE_IS(line, want)                                                                  \
    do {                                                                                      \
        un_block b_ = classify(line);                                                         \
        if (b_.shape != (want))                                                               \
            fail_msg("'%s': shape %d, want %d", line, (int)b_.shape, (int)(want));           \
    } while (0)

static void test_titles(void **state)
{
    (void)state;
    SHAPE_IS("创新实践产改“政治上保证”", UN_SHAPE_TITLE);
    SHAPE_IS("为了孩子的求学梦 舜宇工会6年 助405名职工子女 在当地入学", UN_SHAPE_TITLE);
    /* An exclamation may end a title (a banner line over a series). */
    SHAPE_IS("“文艺轻骑兵”,行动!", UN_SHAPE_TITLE);
    /* A comma makes a title line weak: it may be a cut paragraph. */
    SHAPE_IS("构建“五位一体”维权服务组织,畅通维权服务“最后一公里”", UN_SHAPE_TITLE_WEAK);
    un_block b = classify("象山");
    assert_int_equal(b.shape, UN_SHAPE_TITLE);
    assert_true(b.flags & UN_BF_LABEL);
}

static void test_paragraphs(void **state)
{
    (void)state;
    SHAPE_IS("工作。", UN_SHAPE_PARA);
    /* Ends with a comma: a paragraph cut by a column break. */
    SHAPE_IS("建立实名认证互动交流群,", UN_SHAPE_PARA);
    un_block b = classify("今年6月,区总工会推出了培育工程,让产业工人有地位有作为,以党建带群团模式"
                          "创新实践产业工人队伍建设改革“政治上保证”的要求。");
    assert_int_equal(b.shape, UN_SHAPE_PARA);
    assert_false(b.flags & UN_BF_DANGLING);
    b = classify("同时,依托区总工会官网和微信公众号中的线上维权服务平台,畅通掌上维权服务"
                 "“绿色通道”,实现服务职工“零距离”。聘请律所专业律师担任常年");
    assert_true(b.flags & UN_BF_DANGLING);
    /* A sentence that ends inside its closing quote is complete. */
    b = classify("“职工有需求,马上有回应。随着服务的开展,我们更有动力去做好各项工作。”赵志兵说。");
    assert_false(b.flags & UN_BF_DANGLING);
}

static void test_metadata(void **state)
{
    (void)state;
    SHAPE_IS("《劳动报》(2019年03月08日 03版)", UN_SHAPE_META);
    SHAPE_IS("来源:江苏工人报 日期:2023-06-02", UN_SHAPE_META);
    SHAPE_IS("http://www.example.cn/news/0512.html 2020-05-12 09:00", UN_SHAPE_META);
    SHAPE_IS("2019-11-20 14:05:31", UN_SHAPE_META);
    /* An address anywhere in the line makes it metadata; a colon or a w
     * alone does not. */
    SHAPE_IS("职工们在网上看到了这条消息，网址是www.example.cn，大家都很高兴。", UN_SHAPE_META);
    SHAPE_IS("职工们在网上看到了这条消息，网址是https://example.cn，大家都很高兴。",
             UN_SHAPE_META);
    SHAPE_IS("//example.cn/news", UN_SHAPE_META);
    SHAPE_IS("职工们在网上看到了这条消息，网址是ww.example，大家都很高兴。", UN_SHAPE_PARA);
    SHAPE_IS("职工们在网上看到了这条消息，时间是10:30/11:00，大家都很高兴。", UN_SHAPE_PARA);
    SHAPE_IS("2018年7月3日", UN_SHAPE_META);
    /* Every character of a date or a time: 年月日时分秒号, 時 and 號 too. */
    SHAPE_IS("2018年7月3日 10时30分15秒", UN_SHAPE_META);
    SHAPE_IS("2018年7月3號 10時30分", UN_SHAPE_META);
    SHAPE_IS("7月3号 10:30", UN_SHAPE_META);
    SHAPE_IS("台州新闻网", UN_SHAPE_META);
    un_block b = classify("本文转自:杭州网");
    assert_int_equal(b.shape, UN_SHAPE_META);
    assert_true(b.flags & UN_BF_END);
    b = classify("作者:李明 浏览:208");
    assert_true(b.flags & UN_BF_AUTHOR);
    SHAPE_IS("00005版:职工之家", UN_SHAPE_BANNER);
    SHAPE_IS("第2088期:第03版", UN_SHAPE_BANNER);
    SHAPE_IS("职工之家:00005", UN_SHAPE_TITLE);
    /* A key with its colon after other words, full-width or ASCII. */
    SHAPE_IS("王明 来源" "\xEF\xBC\x9A" "江苏工人报", UN_SHAPE_META);
    SHAPE_IS("王明 来源:江苏工人报", UN_SHAPE_META);
    b = classify("王明 来源江苏工人报");
    assert_int_not_equal(b.shape, UN_SHAPE_META);
    /* A date is nine characters in ten of a date's: one other in ten is
     * allowed, two in eleven are not. */
    b = classify("2018年7月3日晨");
    assert_true(b.flags & UN_BF_DATE);
    b = classify("2018年7月3日晨报");
    assert_false(b.flags & UN_BF_DATE);
}

static void test_byline_lines(void **state)
{
    (void)state;
    SHAPE_IS("■通讯员王小林、陈芳", UN_SHAPE_BYLINE);
    SHAPE_IS("周强 摄", UN_SHAPE_BYLINE);
    SHAPE_IS("(孙立 吴海燕 文/摄)", UN_SHAPE_BYLINE);
    un_block b = classify("方静 许立新");
    assert_int_equal(b.shape, UN_SHAPE_BYLINE);
    assert_true(b.flags & UN_BF_NAMES_ONLY);
    b = classify("【编辑:刘洋】");
    assert_int_equal(b.shape, UN_SHAPE_BYLINE);
    assert_true(b.flags & UN_BF_END);
    /* Four characters after a single surname are no name: a deck. */
    SHAPE_IS("赵刚讲话", UN_SHAPE_TITLE);
}

static void test_captions(void **state)
{
    (void)state;
    un_block b = classify("职工在车间参加焊接比武。黄伟 摄");
    assert_int_equal(b.shape, UN_SHAPE_CAPTION);
    assert_true(b.flags & UN_BF_CREDIT);
    SHAPE_IS("图①:工会干部为职工送去慰问品。", UN_SHAPE_CAPTION);
    SHAPE_IS("图为区总工会主席(左二)与获奖职工交流。", UN_SHAPE_CAPTION);
    SHAPE_IS("比赛现场 记者林涛摄", UN_SHAPE_CAPTION);
}

static void test_lead_and_tail(void **state)
{
    (void)state;
    const char *lead = "本报讯(记者 周明 何静 通讯员 刘洋)5月1日上午,活动在文化广场举行。";
    un_block b = classify(lead);
    assert_true(b.flags & UN_BF_LEAD_BYLINE);
    assert_string_equal(lead + b.lead_end, "5月1日上午,活动在文化广场举行。");
    const char *tail = "入选的9名同志将一并表彰。(记者 陈亮 通讯员 王磊)";
    b = classify(tail);
    assert_true(b.flags & UN_BF_TAIL_BYLINE);
    assert_string_equal(tail + b.tail_start, "(记者 陈亮 通讯员 王磊)");
    /* Bare names in brackets only after a full sentence. */
    b = classify("区先进生产者285人获表彰,会上表彰了一批先进集体和个人,获奖代表发言(张三)");
    assert_false(b.flags & UN_BF_TAIL_BYLINE);
}

typedef struct want_author {
    const char *name, *role;
} want_author;

static void expect_authors(const un_byline *bl, const want_author *want, size_t n)
{
    assert_int_equal(bl->n, n);
    for (size_t i = 0; i < n; i++) {
        const un_author *a = &bl->authors[i];
        if (a->name.len != strlen(want[i].name) || memcmp(a->name.ptr, want[i].name, a->name.len))
            fail_msg("author %zu: '%.*s', want '%s'", i, (int)a->name.len, a->name.ptr,
                     want[i].name);
        if (!want[i].role) {
            assert_null(a->role.ptr);
        } else if (a->role.len != strlen(want[i].role) ||
                   memcmp(a->role.ptr, want[i].role, a->role.len)) {
            fail_msg("role %zu: '%.*s', want '%s'", i, (int)a->role.len,
                     a->role.ptr ? a->role.ptr : "", want[i].role);
        }
    }
}

/* Which parser a case goes through. */
enum form { LEAD, TAIL, LINE, CREDIT };

typedef struct byline_case {
    enum form form;
    const char *text;
    want_author authors[4]; /* ended by a NULL name; none: no byline */
} byline_case;

static const byline_case byline_cases[] = {
    {LEAD, "记者杜成敏 通讯员项微报道 职工入选“先锋领队”,就有机会成为人才。",
     {{"杜成敏", "记者"}, {"项微", "通讯员"}}},
    {LEAD, "本报 记者程雪 通讯员徐家辉、沈勇强报道 激情高亢的歌曲……",
     {{"程雪", "记者"}, {"徐家辉", "通讯员"}, {"沈勇强", "通讯员"}}},
    {LEAD, "江南晚报讯 (记者 马骏 通讯员 田甜) 日前,区总工会举行仪式。",
     {{"马骏", "记者"}, {"田甜", "通讯员"}}},
    {LEAD, "本报讯 (全媒体记者 郑洁) 3月2日,大会闭幕。", {{"郑洁", "全媒体记者"}}},
    /* An outlet's name glued to the role, of up to eight characters. */
    {LEAD, "大皖新闻记者张洪金报道 日前,区总工会举行仪式。", {{"张洪金", "记者"}}},
    {LEAD, "浙江温州瑞安新闻记者张洪金报道 日前,区总工会举行仪式。", {{"张洪金", "记者"}}},
    {LEAD, "浙江温州瑞安市新闻记者张洪金报道 日前,区总工会举行仪式。", {{NULL, NULL}}},
    /* A sentence that begins with a role word is no byline. */
    {LEAD, "记者近日从市总工会获悉,今年的评选活动将于下月启动。", {{NULL, NULL}}},
    {TAIL, "……使劳模精神成为动力。(文/摄本报记者 张伟 李娜)", {{"张伟", "记者"}, {"李娜", "记者"}}},
    {TAIL, "将自己开车回家过年!” 晨报记者 黄磊", {{"黄磊", "记者"}}},
    {LINE, "(孙立 吴海燕 文/摄)", {{"孙立", "文/摄"}, {"吴海燕", "文/摄"}}},
    /* A role before the names wins over the credit after them. */
    {LINE, "本报通讯员 许峰 摄", {{"许峰", "通讯员"}}},
    {LINE, "(記者黃志明)", {{"黃志明", "記者"}}},
    {LINE, "方静 许立新", {{"方静", NULL}, {"许立新", NULL}}},
    {CREDIT, "区职工技能竞赛现场。吴斌、郑丽 摄", {{"吴斌", "摄"}, {"郑丽", "摄"}}},
    /* Caption text before the credit is not a name. */
    {CREDIT, "比赛 现场 摄", {{NULL, NULL}}},
};

static void test_byline_forms(void **state)
{
    (void)state;
    const un_lexicon *lx = un_lexicon_default();
    for (size_t i = 0; i < sizeof byline_cases / sizeof byline_cases[0]; i++) {
        const byline_case *c = &byline_cases[i];
        un_byline bl;
        size_t n = strlen(c->text);
        int found = c->form == LEAD   ? un_byline_lead(lx, c->text, n, &bl)
                    : c->form == TAIL ? un_byline_tail(lx, c->text, n, 1, &bl)
                    : c->form == LINE ? un_byline_line(lx, c->text, n, &bl)
                                      : un_byline_credit(lx, c->text, n, &bl);
        size_t want = 0;
        while (want < 4 && c->authors[want].name)
            want++;
        if (found != (want > 0))
            fail_msg("'%s': found %d", c->text, found);
        if (found)
            expect_authors(&bl, c->authors, want);
    }
    /* The lead's end: where the body starts. */
    const char *s = "记者杜成敏 通讯员项微报道 职工入选";
    un_byline bl;
    assert_true(un_byline_lead(lx, s, strlen(s), &bl));
    assert_int_equal(bl.end, strlen("记者杜成敏 通讯员项微报道"));
    assert_string_equal(s + bl.body, "职工入选");
}

/* Surnames: one character, or the longest of a compound (欧阳 over 欧),
 * never past the end, nothing for a character that begins none or only
 * begins compounds. */
static void test_surnames(void **state)
{
    (void)state;
    const un_lexicon *lx = un_lexicon_default();
    static const struct {
        const char *text;
        size_t cut; /* bytes of text given, 0: all */
        size_t want;
    } cases[] = {
        {"王小明", 0, 3}, {"欧阳修", 0, 6}, {"欧小明", 0, 3}, {"司马光", 0, 6},
        {"欧阳", 4, 3},   {"王", 2, 0},     {"的王", 0, 0},   {"a王", 0, 0},
        {"黃志明", 0, 3}, {"歐陽修", 0, 6}, {"", 0, 0},
        /* A character that begins a compound (上官, 司马): the compound,
         * else the character if it is a surname alone (司, not 上), also
         * before a character that ends another compound (马 of 司马). */
        {"上官云", 0, 6}, {"上班", 0, 0},   {"上", 0, 0},     {"司机", 0, 3},
        {"司马", 0, 6},   {"欧马", 0, 3},   {"上马", 0, 0},   {"司", 0, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        size_t n = cases[i].cut ? cases[i].cut : strlen(t), len = 0;
        int found = un_lex_surname_at(lx, t, t + n, &len);
        if (found != (cases[i].want > 0) || (found && len != cases[i].want))
            fail_msg("'%s' (%zu bytes): found %d, length %zu", t, n, found, len);
    }
}

/* Characters as the reader counts them: every byte but 10xxxxxx. */
static size_t plain_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static void test_counts_and_hashes(void **state)
{
    (void)state;
    /* Lines of every length up to 700 bytes from pieces of one to four
     * bytes (short lines are counted character by character, long ones
     * sixteen bytes at a time, or with AVX2 32, the last block overlapping
     * the one before): the count, and equal hashes for equal text at
     * another address, a different one when a byte differs. */
    static const char *const pieces[] = {"工", "a", "é", "😀", "，", "㐀", "䷀", "1", "“"};
    char line[720], copy[721];
    uint32_t seed = 7;
    for (size_t target = 1; target <= 700; target++) {
        size_t n = 0;
        while (n < target) {
            fuzz_next(&seed);
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            memcpy(line + n, p, strlen(p));
            n += strlen(p);
        }
        un_block a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        a.text = line;
        a.len = n;
        un_block_classify(un_lexicon_default(), &a);
        if (a.nchars != plain_count(line, n))
            fail_msg("%zu bytes: %zu characters, want %zu", n, a.nchars, plain_count(line, n));
        memcpy(copy + 1, line, n); /* another alignment */
        b.text = copy + 1;
        b.len = n;
        un_block_classify(un_lexicon_default(), &b);
        assert_true(a.hash == b.hash);
        copy[1 + n - 1] ^= 1;
        un_block_classify(un_lexicon_default(), &b);
        if (a.hash == b.hash)
            fail_msg("%zu bytes: the hash missed a change of the last byte", n);
        copy[1 + n - 1] ^= 1;
        copy[1] ^= 1;
        un_block_classify(un_lexicon_default(), &b);
        if (a.hash == b.hash)
            fail_msg("%zu bytes: the hash missed a change of the first byte", n);
        copy[1] ^= 1;
        copy[1 + n / 2] ^= 1;
        un_block_classify(un_lexicon_default(), &b);
        if (n > 1 && a.hash == b.hash)
            fail_msg("%zu bytes: the hash missed a change of the middle byte", n);
    }
    /* Four Han characters make a bare label (象山); the hexagram signs of
     * U+4DC0 share the first byte of Han characters but are not Han, and
     * the characters of extension A (U+3400) are. */
    assert_true(classify("象山黄岩").flags & UN_BF_LABEL);
    assert_true(classify("一二三四").flags & UN_BF_LABEL);
    assert_true(classify("㐀㐁㐂㐃").flags & UN_BF_LABEL);
    assert_false(classify("䷀䷁䷂䷃").flags & UN_BF_LABEL);
    assert_false(classify("象山䷀").flags & UN_BF_LABEL);
}

/* Runs of Han characters are passed over many at a time; a mark among
 * them still counts wherever it stands: a comma makes the line weak, a
 * full stop before the end makes it a paragraph. The runs hold the first
 * and last Han characters of U+4E00..U+9FFF and, between them, the
 * characters just outside it (extension A, a hexagram sign) that share
 * their first bytes. */
static void test_marks_among_han(void **state)
{
    (void)state;
    static const char *const han[] = {"一", "工", "龥", "中", "会", "㐀", "职", "䷀", "鿿"};
    char line[400];
    for (size_t len = 11; len <= 45; len++) {
        for (size_t at = 0; at + 1 < len; at++) {
            const char *marks[] = {NULL, "，", "。"};
            for (size_t m = 0; m < 3; m++) {
                size_t n = 0;
                for (size_t k = 0; k < len; k++) {
                    const char *piece =
                        (m && k == at) ? marks[m] : han[(k * 7 + len) % (sizeof han / sizeof han[0])];
                    memcpy(line + n, piece, strlen(piece));
                    n += strlen(piece);
                }
                line[n] = '\0';
                un_block b = classify(line);
                if (m == 0 && (b.shape != UN_SHAPE_TITLE || (b.flags & UN_BF_COMMA)))
                    fail_msg("'%s': shape %d, want a title without a comma", line, (int)b.shape);
                if (m == 1 && (b.shape != UN_SHAPE_TITLE_WEAK || !(b.flags & UN_BF_COMMA)))
                    fail_msg("'%s': shape %d, want a weak title", line, (int)b.shape);
                if (m == 2 && b.shape != UN_SHAPE_PARA)
                    fail_msg("'%s': shape %d, want a paragraph", line, (int)b.shape);
            }
        }
    }
    /* The count of Han characters after such a run: a jump mark of 16
     * characters is a line of its own with 10 of them, not with 9 (the
     * hexagram signs end the run and are not Han). */
    un_block b = classify("（上接一二三四五六七八䷀䷁䷂䷃）");
    assert_int_equal(b.shape, UN_SHAPE_META);
    assert_true(b.flags & UN_BF_JUMP_IN);
    b = classify("（上接一二三四五六七䷀䷁䷂䷃䷄）");
    assert_true(b.shape != UN_SHAPE_META);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_titles),       cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_metadata),     cmocka_unit_test(test_byline_lines),
        cmocka_unit_test(test_captions),     cmocka_unit_test(test_lead_and_tail),
        cmocka_unit_test(test_byline_forms), cmocka_unit_test(test_surnames),
        cmocka_unit_test(test_counts_and_hashes),
        cmocka_unit_test(test_marks_among_han),
    };
    return cmocka_run_group_tests_name("block", tests, NULL, NULL);
}
