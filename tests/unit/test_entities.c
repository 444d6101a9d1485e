/* test_entities.c: unions, programmes, companies and people found by the
 * indexer on small invented pages (the default gazetteer). Each test lists
 * the distinct canonical names of one type in the order of first mention,
 * so a name found wrongly fails as surely as one missed. */
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

static int str_is(un_str s, const char *want)
{
    return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* The distinct names of entities of the given type in the page's first
 * record, joined by '|'; with codes 1, "name=code"; with codes 2, the
 * texts as printed instead of the names. */
static void names_of(const char *page, const char *type, int codes, char *out, size_t outlen)
{
    un_reader *r;
    const un_article *a = first_record(page, &r);
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        if (!str_is(e->type, type))
            continue;
        char item[256];
        if (codes == 2)
            snprintf(item, sizeof item, "%.*s", (int)e->text.len, e->text.ptr);
        else if (codes && e->code.ptr)
            snprintf(item, sizeof item, "%.*s=%.*s", (int)e->name.len, e->name.ptr,
                     (int)e->code.len, e->code.ptr);
        else
            snprintf(item, sizeof item, "%.*s", (int)e->name.len, e->name.ptr);
        /* distinct: skip a name already listed */
        int seen = 0;
        for (const char *p = out; *p && !seen;) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            seen = n == strlen(item) && memcmp(p, item, n) == 0;
            p = bar ? bar + 1 : p + n;
        }
        if (seen)
            continue;
        int w = snprintf(out + used, outlen - used, "%s%s", used ? "|" : "", item);
        assert_true(w > 0 && (size_t)w < outlen - used);
        used += (size_t)w;
    }
    un_reader_free(r);
}

#define EXPECT(page, type, codes, want)                                                           \
    do {                                                                                          \
        char got_[2048];                                                                          \
        names_of(page, type, codes, got_, sizeof got_);                                           \
        if (strcmp(got_, want) != 0)                                                              \
            fail_msg("%s: got '%s', want '%s'", type, got_, want);                                \
    } while (0)

/* A page and the names of one type found on it, joined by |. */
typedef struct page_case {
    const char *page, *want;
} page_case;

/* Each case's names of the type (with codes as names_of takes them). */
static void expect_cases(const page_case *cases, size_t n, const char *type, int codes)
{
    for (size_t i = 0; i < n; i++) {
        char got[2048];
        names_of(cases[i].page, type, codes, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: %s '%s', want '%s'", cases[i].page, type, got, cases[i].want);
    }
}

/* 区总工会 is the union of the district the article is about; 集团工会 that of
 * the group company it names; a bare 工会 (unions in general) is none. */
static void test_union_resolution(void **state)
{
    (void)state;
    EXPECT("黄岩职工技能比武开赛\n\n"
           "本报讯 记者王明 通讯员陈立报道 日前，台州市黄岩区第五届职工技能比武开幕。"
           "区总工会副主席李华介绍，比武共设八个项目。各级工会要把服务职工放在首位。"
           "浙江新港电子集团有限公司派出12名选手参赛，集团工会主席周红梅表示，"
           "公司将为获奖职工晋升一级工资。\n",
           "union", 1, "黄岩区总工会=331003|浙江新港电子集团工会");
    /* The same short form on a page about another district. */
    EXPECT("鄞州职工运动会开幕\n\n本报讯 记者王明报道 宁波市鄞州区第三届职工运动会昨天开幕，"
           "区总工会主席张强致辞。\n",
           "union", 1, "鄞州区总工会=330212");
    /* A place alone before 工会 is its federation; a trade after a place
     * keeps the place; a town's union is named by the town; 省市工会 (the
     * unions of provinces and cities) names no one. */
    EXPECT("金融职工共话发展\n\n本报讯 记者王明报道 杭州市金融工会日前召开会议。"
           "萧山工会、黄岩区新前街道总工会的代表参加。省市工会将继续支持。\n",
           "union", 1, "杭州市金融工会=330100|萧山区总工会=330109|新前街道总工会=331003");
    /* A company's union, by the company's short form. */
    EXPECT("车间里的读书会\n\n本报讯 记者王明报道 舜达集团成立读书会，舜达工会为职工购书。\n",
           "union", 0, "舜达集团工会");
}

/* A quoted name with a head noun after it, an award or honour ending, or a
 * verb of naming before it is a programme; scare quotes and speech are not. */
static void test_programme_vs_scare_quote(void **state)
{
    (void)state;
    EXPECT("“匠心工坊”培育工程启动\n\n"
           "本报讯 记者王明报道 近日，宁波市鄞州区总工会启动“匠心工坊”培育工程，"
           "并设立“职工微心愿”基金。区总工会负责人说，工会要做职工的“娘家人”，"
           "打通服务的“最后一公里”。去年，12人获评“鄞州工匠”，3人荣获“五一劳动奖章”。"
           "老师傅笑着说：“干活要用心，不能马虎。”\n",
           "programme", 0, "匠心工坊|职工微心愿|鄞州工匠|五一劳动奖章");
    /* Book-title marks with a head noun name a programme; a paper, a song
     * or a quoted slogan does not. */
    EXPECT("职工学法\n\n本报讯 记者王明报道 区总工会启动《职工法律明白卡》发放工程，"
           "倡导“有事好商量”。《新港日报》刊发了文章，职工合唱《咱们工人有力量》。\n",
           "programme", 0, "职工法律明白卡");
}

/* The words around a quote: an act of naming a few characters before it
 * (启动了“…”) counts, another verb does not; a head noun after it counts
 * only up to a preposition (向) or particle, which ends the compound. */
static void test_programme_context(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"书吧开张\n\n本报讯 记者王明报道 区总工会启动了“快乐书吧”活动，职工踊跃参加。\n",
         "快乐书吧"},
        {"书吧开张\n\n本报讯 记者王明报道 区总工会看了“快乐书吧”活动，职工踊跃参加。\n", ""},
        {"书吧开张\n\n本报讯 记者王明报道 大家把“快乐书吧”读书工程带进车间。\n", "快乐书吧"},
        {"书吧开张\n\n本报讯 记者王明报道 大家把“快乐书吧”向职工推出读书工程。\n", ""},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "programme", 0);
}

/* A company is the longest name before its legal form or kind; words of
 * the sentence before it (来自) are no part of it, and a kind of company
 * with no name (劳务派遣公司, 分公司) is none. */
static void test_company_boundaries(void **state)
{
    (void)state;
    EXPECT("企业工会助力复工\n\n本报讯 记者王明报道 来自杭州远航机械制造有限公司的技术员"
           "张国栋说，公司新上了两条生产线。嘉兴华联纺织股份有限公司、舜达集团等企业也积极"
           "参与。一家劳务派遣公司和分公司的负责人未到场。湖州市安吉县天目竹木制品厂也派人"
           "参加。\n",
           "company", 0,
           "杭州远航机械制造有限公司|嘉兴华联纺织股份有限公司|舜达集团|"
           "湖州市安吉县天目竹木制品厂");
}

/* A surname and one or two characters is a name only with evidence: a
 * title or role before, a verb of speech after, or a name-like shape at a
 * boundary more than once. Words that begin with a surname are not names,
 * nor are the byline's authors. */
static void test_names_vs_lookalikes(void **state)
{
    (void)state;
    EXPECT("职工书屋进车间\n\n本报讯 记者王明报道 “书屋建在车间里，大家下了班就能看书。”"
           "一线职工刘晓燕说。车间主任高建国介绍，书屋已有藏书两千册。全国劳动模范、"
           "高级技师孙立平表示，读书让他受益匪浅。大家都说，书屋办得好，方便又实用。"
           "书记向大家讲述了书屋的来历。当天，浙江的代表也来了，黄金周期间书屋照常开放，"
           "高效率的服务得到好评。记者王明在现场看到，职工王明华发言。\n",
           "person", 0, "刘晓燕|高建国|孙立平|王明华");
    /* Names in a list after one that counts count too. */
    EXPECT("表彰先进\n\n本报讯 记者王明报道 会上，省总工会副主席陈志远为李春梅、"
           "赵文、钱海涛等颁奖。\n",
           "person", 0, "陈志远|李春梅|赵文|钱海涛");
    /* Three names in a list are evidence for each other; the last one kept
     * only where something ends it (周立学习: not 周立学), and a word of
     * grammar before a list is none of it (向张红: 张红). */
    EXPECT("表彰先进\n\n本报讯 记者王明报道 大家表示，要向张红、刘洋、周立学习。\n",
           "person", 0, "张红|刘洋");
}

/* A name that overlaps an occurrence of another accepted name is a piece
 * of it (农同时 in 章农同时, 韦立农同时), however many characters the
 * other name begins before it, in the same paragraph or another. */
static void test_name_inside_name(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"职工之家建设推进会召开\n\n本报讯 记者李明报道 市总工会主席章农率队到企业走访慰问"
         "一线职工。章农同时要求各级工会做好服务工作。\n",
         "章农"},
        {"职工之家建设推进会召开\n\n本报讯 记者李明报道 市总工会主席韦立农率队到企业走访慰问"
         "一线职工。\n\n韦立农同时要求各级工会做好服务工作。\n",
         "韦立农"},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "person", 0);
}

/* A company right before a name, or a company and 的, is a title: 王建平
 * and 李春梅 count with nothing else for them, the same name after a verb
 * does not. */
static void test_name_after_company(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"车间里的新设备\n\n本报讯 记者王明报道 杭州远航机械制造有限公司王建平在车间里调试"
         "设备。舜达集团的李春梅在一旁记录。\n",
         "王建平|李春梅"},
        {"车间里的新设备\n\n本报讯 记者王明报道 大家在车间里看见王建平在调试设备。\n", ""},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "person", 0);
}

/* A surname that is also a word of grammar begins a name only where it
 * is a common surname too (张, 向); elsewhere (和, 有, 都) it begins none,
 * wherever it stands. */
static void test_surnames_that_are_words(void **state)
{
    (void)state;
    EXPECT("职工书屋进车间\n\n本报讯 记者王明报道 班组长张红表示，大家和有关部门都很支持。"
           "车间主任向东明介绍，书屋已有藏书两千册。\n",
           "person", 0, "张红|向东明");
    EXPECT("职工书屋进车间\n\n本报讯 记者王明报道 大家和有关部门都说，书屋办得好。\n",
           "person", 0, "");
}

/* A name that counts counts again wherever it stands as a name: each
 * further occurrence that a name's end follows, in every paragraph, and
 * not where it runs on into other characters (高建国高). */
static void test_name_repeats(void **state)
{
    (void)state;
    un_reader *r;
    const un_article *a = first_record(
        "职工书屋进车间\n\n本报讯 记者王明报道 车间主任高建国介绍，书屋已有藏书两千册。"
        "高建国在车间里放了书架，高建国高兴地说起书屋。\n\n书架旁，总有高建国。\n",
        &r);
    size_t lines[8], n = 0, offsets[8];
    for (size_t i = 0; i < a->n_entities && n < 8; i++)
        if (str_is(a->entities[i].type, "person") && str_is(a->entities[i].name, "高建国")) {
            lines[n] = a->entities[i].line;
            offsets[n++] = a->entities[i].offset;
        }
    assert_int_equal(n, 3);
    assert_int_equal(lines[0], 3);
    assert_int_equal(lines[1], 3);
    assert_int_equal(lines[2], 5);
    assert_true(offsets[0] < offsets[1]);
    un_reader_free(r);
}

/* A name with nothing but punctuation before it counts where it occurs
 * twice in the record, in its section line too; once is not enough. */
static void test_weak_names_twice(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"走近书屋\n职工书屋进车间\n一座书屋温暖一个车间\n\n本报讯 记者王明报道 "
         "书屋已有藏书两千册。李春梅，车间的老书友。\n",
         ""},
        {"走近李春梅\n职工书屋进车间\n一座书屋温暖一个车间\n\n本报讯 记者王明报道 "
         "书屋已有藏书两千册。李春梅，车间的老书友。\n",
         "李春梅"},
        {"走近书屋\n职工书屋进车间\n一座书屋温暖一个车间\n\n本报讯 记者王明报道 "
         "书屋已有藏书两千册。李春梅，车间的老书友。书架旁，李春梅，笑着翻书。\n",
         "李春梅"},
        /* Each mark of punctuation before it is the weak evidence. */
        {"职工书屋进车间\n\n本报讯 书屋已有藏书两千册，李春梅在车间读书，李春梅在书屋借书。\n",
         "李春梅"},
        {"职工书屋进车间\n\n本报讯 书屋真好!李春梅在车间读书!李春梅在书屋借书。\n", "李春梅"},
        {"职工书屋进车间\n\n本报讯 书屋好吗?李春梅在车间读书?李春梅在书屋借书。\n", "李春梅"},
        {"职工书屋进车间\n\n本报讯 他说“书屋真好”李春梅在车间读书“好”李春梅在书屋借书。\n",
         "李春梅"},
        {"职工书屋进车间\n\n本报讯 书屋和车间读书的人有王明、李春梅在车间读书、李春梅在书屋借书。\n",
         "李春梅"},
        /* Without the mark, the same name is none. */
        {"职工书屋进车间\n\n本报讯 书屋已有藏书两千册 李春梅在车间读书 李春梅在书屋借书。\n", ""},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "person", 0);
}

/* A verb of speech right after a name of two or three characters is
 * evidence enough, with nothing before the name that is (会上). */
static void test_speech_after_name(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"读书会进车间\n\n本报讯 会上刘晓燕介绍，书屋已有藏书两千册。\n", "刘晓燕"},
        {"读书会进车间\n\n本报讯 会上张强表示，书屋办得好。\n", "张强"},
        {"读书会进车间\n\n本报讯 会上高效率地完成了任务。\n", ""},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "person", 0);
}

/* A title or a company's word inside what would be a name makes it none,
 * however strong the evidence around it (a verb of speech after it): 李主任
 * and 王厂长 are a title after a surname, 王公司 a company's word. */
static void test_titles_are_no_names(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"读书会进车间\n\n本报讯 会上李主任表示，书屋已有藏书两千册。\n", ""},
        {"读书会进车间\n\n本报讯 会上王厂长说，书屋办得好。\n", ""},
        {"读书会进车间\n\n本报讯 会上王公司表示，活动很多。\n", ""},
        {"读书会进车间\n\n本报讯 会上李明表示，书屋已有藏书两千册。\n", "李明"},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "person", 0);
}

/* A record longer than a window (64 KiB) is read in windows, a long
 * paragraph in slices: the names in a slice past the first, and in a
 * paragraph of a later window, are found as in a short record, each kind
 * at its own events moved to the slice's offsets; so are the figures. */
static void test_long_records(void **state)
{
    (void)state;
    const char *filler = "大家认真学习。"; /* names nothing, counts nothing */
    const char *names = "车间主任高建国介绍，杭州远航机械制造有限公司启动“匠心工坊”培育工程，"
                        "舜达集团成立读书会，舜达工会为职工购书12本。";
    size_t flen = strlen(filler), nlen = strlen(names);
    for (int layout = 0; layout < 3; layout++) {
        /* 0: short; 1: the names in a slice of one long paragraph; 2: in
         * a paragraph after a long one. */
        size_t reps = layout ? 5000 : 1;
        char *page = malloc(64 + (2 * reps + 2) * flen + nlen);
        assert_non_null(page);
        size_t n = (size_t)sprintf(page, "读书会进车间\n\n本报讯 记者王明报道 ");
        for (size_t k = 0; k < reps; k++, n += flen)
            memcpy(page + n, filler, flen);
        if (layout == 2)
            page[n++] = '\n';
        memcpy(page + n, names, nlen);
        n += nlen;
        for (size_t k = 0; k < reps; k++, n += flen)
            memcpy(page + n, filler, flen);
        strcpy(page + n, "\n");
        EXPECT(page, "person", 2, "高建国");
        EXPECT(page, "company", 2, "杭州远航机械制造有限公司|舜达集团");
        EXPECT(page, "programme", 2, "“匠心工坊”培育工程");
        EXPECT(page, "union", 2, "舜达工会");
        un_reader *r;
        const un_article *a = first_record(page, &r);
        assert_int_equal(a->n_figures, 1);
        assert_true(str_is(a->figures[0].text, "12本"));
        un_reader_free(r);
        free(page);
    }
}

/* A word that crosses the end of a name (区域, 区位) takes the characters
 * it holds from the name: 大东区域 names 大东, 上虞区位 no place. */
static void test_crossing_words(void **state)
{
    (void)state;
    static const page_case cases[] = {
        {"标题\n\n本报讯 沈阳市大东区域发展很快。\n", "沈阳市|大东"},
        {"标题\n\n本报讯 沈阳市大东区的职工很多。\n", "沈阳市|大东区"},
        {"标题\n\n本报讯 上虞区位优势明显。\n", ""},
        {"标题\n\n本报讯 上虞区的职工很多。\n", "上虞区"},
    };
    expect_cases(cases, sizeof cases / sizeof cases[0], "district", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_union_resolution),
        cmocka_unit_test(test_programme_vs_scare_quote),
        cmocka_unit_test(test_programme_context),
        cmocka_unit_test(test_company_boundaries),
        cmocka_unit_test(test_names_vs_lookalikes),
        cmocka_unit_test(test_name_inside_name),
        cmocka_unit_test(test_name_after_company),
        cmocka_unit_test(test_surnames_that_are_words),
        cmocka_unit_test(test_name_repeats),
        cmocka_unit_test(test_weak_names_twice),
        cmocka_unit_test(test_crossing_words),
        cmocka_unit_test(test_speech_after_name),
        cmocka_unit_test(test_titles_are_no_names),
        cmocka_unit_test(test_long_records),
    };
    return cmocka_run_group_tests_name("entities", tests, setup, teardown);
}
