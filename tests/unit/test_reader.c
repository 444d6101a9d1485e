/* test_reader.c: the reader as a whole: records that do not depend on how
 * the input is cut into feeds, line ends, windows, rejected input and
 * diagnostics. Uses the seed page (data/bulletin.txt) and small pages. */
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

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    buf[len] = '\0';
    *n = (size_t)len;
    return buf;
}

/* Reads input with feeds of the given sizes (step 0: all at once; step
 * SIZE_MAX: random sizes from 1 to 64) and returns the JSON Lines of its
 * records. opt may be NULL. The first feed passes checked and ascii to
 * un_reader_feed_checked. */
static char *read_jsonl_checked(const char *in, size_t n, size_t step,
                                const un_reader_options *opt, int *status, size_t checked,
                                size_t ascii)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *mem = open_memstream(&out, &outlen);
    un_writer *w = un_writer_new(mem, UN_FORMAT_JSONL, 0, 0);
    un_reader *r = un_reader_new(opt);
    un_reader_begin(r, "page.txt", 8);
    uint32_t seed = 12345;
    const un_article *a;
    int rc = UN_OK;
    for (size_t i = 0; i < n && rc == UN_OK;) {
        size_t k = step == 0 ? n : step == SIZE_MAX ? 1 + fuzz_next(&seed) % 64 : step;
        if (k > n - i)
            k = n - i;
        rc = un_reader_feed_checked(r, in + i, k, i == 0 ? checked : 0, ascii);
        while ((a = un_reader_next(r)) != NULL)
            un_writer_article(w, a);
        i += k;
    }
    if (rc == UN_OK)
        rc = un_reader_finish(r);
    while ((a = un_reader_next(r)) != NULL)
        un_writer_article(w, a);
    un_writer_finish(w);
    un_writer_free(w);
    un_reader_free(r);
    fclose(mem);
    if (status)
        *status = rc;
    return out;
}

static char *read_jsonl(const char *in, size_t n, size_t step, const un_reader_options *opt,
                        int *status)
{
    return read_jsonl_checked(in, n, step, opt, status, 0, 0);
}

static void test_feeds_do_not_matter(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    char *whole = read_jsonl(page, n, 0, NULL, NULL);
    assert_true(strlen(whole) > 1000);
    size_t steps[] = {1, 2, 3, 7, 4096, SIZE_MAX};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char *cut = read_jsonl(page, n, steps[i], NULL, NULL);
        assert_string_equal(cut, whole);
        free(cut);
    }
    free(whole);
    free(page);
}

/* Rewrites LF line ends as sep. */
static char *with_line_ends(const char *in, size_t n, const char *sep, size_t *outn)
{
    size_t m = strlen(sep);
    char *out = malloc(n * m + 4);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\n') {
            memcpy(out + k, sep, m);
            k += m;
        } else {
            out[k++] = in[i];
        }
    }
    *outn = k;
    return out;
}

static void test_line_ends_and_bom(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    char *want = read_jsonl(page, n, 0, NULL, NULL);
    const char *seps[] = {"\n", "\r\n", "\r"};
    for (size_t i = 0; i < 3; i++) {
        /* The page with its own final line end, and with one added. */
        size_t m;
        char *alt = with_line_ends(page, n, seps[i], &m);
        char *got = read_jsonl(alt, m, 1, NULL, NULL);
        assert_string_equal(got, want);
        free(got);
        char *more = malloc(m + 2);
        memcpy(more, alt, m);
        memcpy(more + m, seps[i], strlen(seps[i]));
        got = read_jsonl(more, m + strlen(seps[i]), 5, NULL, NULL);
        assert_string_equal(got, want);
        free(got);
        free(more);
        free(alt);
    }
    char *bom = malloc(n + 3);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, page, n);
    char *got = read_jsonl(bom, n + 3, 1, NULL, NULL);
    assert_string_equal(got, want);
    free(got);
    free(bom);
    free(want);
    free(page);
}

/* A reader that has read the page in one feed, without an error. */
static un_reader *read_page(const char *page, size_t n)
{
    un_reader *r = un_reader_new(NULL);
    un_reader_begin(r, "bulletin.txt", 12);
    assert_int_equal(un_reader_feed(r, page, n), UN_OK);
    assert_int_equal(un_reader_finish(r), UN_OK);
    return r;
}

static void test_seed_records(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    un_reader *r = read_page(page, n);
    const un_article *a = un_reader_next(r);
    assert_non_null(a);
    /* The first story: a section banner, headline and deck, a byline glued
     * to the lead, two subheads, and a paragraph cut by a column break. */
    assert_int_equal(a->kind, UN_KIND_ARTICLE);
    assert_int_equal(a->id, 1);
    assert_memory_equal(a->headline.ptr, "创新实践产改“政治上保证”", a->headline.len);
    assert_non_null(a->section.ptr);
    assert_null(a->kicker.ptr);
    assert_non_null(a->deck.ptr);
    assert_int_equal(a->line_start, 5);
    assert_int_equal(a->line_end, 47);
    assert_int_equal(a->n_authors, 2);
    assert_memory_equal(a->byline.ptr, "记者杜成敏 通讯员项微报道", a->byline.len);
    assert_int_equal(a->n_subheads, 2);
    assert_true(a->body.len > 0);
    assert_memory_equal(a->body.ptr, "职工入选", strlen("职工入选"));
    /* Lines 27 and 29 are one paragraph: no line break where it was cut. */
    const char *cut = "建立实名认证互动交流群,打通";
    assert_non_null(memmem(a->body.ptr, a->body.len, cut, strlen(cut)));
    size_t articles = 1, fragments = 0;
    int stray_copy_found = 0;
    while ((a = un_reader_next(r)) != NULL) {
        articles += a->kind == UN_KIND_ARTICLE;
        fragments += a->kind == UN_KIND_FRAGMENT;
        if (a->kind == UN_KIND_FRAGMENT && a->line_start == 109 && a->line_end == 111)
            stray_copy_found = 1;
        if (a->kind == UN_KIND_ARTICLE && a->kicker.ptr)
            assert_memory_equal(a->section.ptr, "“文艺轻骑兵”,行动!", a->section.len);
    }
    assert_int_equal(articles, 6);
    assert_true(fragments >= 2);
    assert_true(stray_copy_found);
    un_reader_free(r);
    free(page);
}

/* The headlines of the records of a page, joined by '|'. */
static void headlines(const char *page, char *out, size_t outlen)
{
    un_reader *r = read_page(page, strlen(page));
    out[0] = '\0';
    for (const un_article *a; (a = un_reader_next(r)) != NULL;)
        snprintf(out + strlen(out), outlen - strlen(out), "%s%.*s", out[0] ? "|" : "",
                 (int)a->headline.len, a->headline.ptr ? a->headline.ptr : "");
    un_reader_free(r);
}

/* A short line between paragraphs opens a new story when the paragraph
 * after it restates it, four characters in a row (工会拨付); three (会拨付)
 * leave it a subhead of the story it stands in. */
static void test_lead_restates_title(void **state)
{
    (void)state;
    static const char story[] = "职工书屋进车间\n\n本报讯 记者王明报道 车间里建起了职工书屋,"
                                "大家下了班就能看书。书屋已有藏书两千册,借阅方便。\n\n"
                                "义乌工会拨付慰问金\n\n";
    static const struct {
        const char *para, *want;
    } cases[] = {
        {"总工会拨付资金一百万元,用于帮扶困难职工。帮扶工作已经展开。\n",
         "职工书屋进车间|义乌工会拨付慰问金"},
        {"会拨付资金一百万元,用于帮扶困难职工。帮扶工作已经展开。\n", "职工书屋进车间"},
        /* A lead dated in its first sentence, by a word (日前, 昨天) or a
         * date (5月3日), opens a story without restating it; a day later
         * in the paragraph does not. */
        {"日前,市里为困难职工送去了温暖。帮扶工作已经展开。\n",
         "职工书屋进车间|义乌工会拨付慰问金"},
        {"5月3日,市里为困难职工送去了温暖。帮扶工作已经展开。\n",
         "职工书屋进车间|义乌工会拨付慰问金"},
        {"市里为困难职工送去了温暖。帮扶工作日前已经展开。\n", "职工书屋进车间"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char page[1024], got[256];
        snprintf(page, sizeof page, "%s%s", story, cases[i].para);
        headlines(page, got, sizeof got);
        assert_string_equal(got, cases[i].want);
    }
}

/* ---- The line filter ---- */

typedef struct lines_wanted {
    size_t line; /* the one line wanted, or 0 for none */
    size_t asked;
} lines_wanted;

static int want_one_line(void *ctx, size_t line)
{
    lines_wanted *lw = ctx;
    lw->asked++;
    return line == lw->line;
}

static void make_held_hook(void *ctx, un_reader *r, un_article *records, size_t n)
{
    (void)ctx;
    (void)records;
    (void)n;
    un_reader_make_held(r);
}

/* The JSON Lines of the records r (set up, then freed) reads from in. */
static char *read_with(un_reader *r, const char *in, size_t n)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *mem = open_memstream(&out, &outlen);
    un_writer *w = un_writer_new(mem, UN_FORMAT_JSONL, 0, 0);
    un_reader_begin(r, "page.txt", 8);
    assert_int_equal(un_reader_feed(r, in, n), UN_OK);
    assert_int_equal(un_reader_finish(r), UN_OK);
    for (const un_article *a; (a = un_reader_next(r)) != NULL;)
        un_writer_article(w, a);
    un_writer_finish(w);
    un_writer_free(w);
    un_reader_free(r);
    fclose(mem);
    return out;
}

/* The JSON Lines of the records read with a line filter that wants one
 * line (or none), made by a page hook that asks for every held record
 * (make_held) or not. */
static char *read_filtered(const char *in, size_t n, lines_wanted *lw, int make_held)
{
    un_reader_options opt = {0};
    if (make_held)
        opt.page_hook = make_held_hook;
    un_reader *r = un_reader_new(&opt);
    un_reader_set_line_filter(r, want_one_line, lw);
    return read_with(r, in, n);
}

static size_t count_lines(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += *s == '\n';
    return k;
}

/* Every line of part is a whole line of all. */
static void assert_lines_of(const char *part, const char *all)
{
    for (const char *p = part; *p;) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        size_t len = (size_t)(nl - p) + 1;
        int found = 0;
        for (const char *q = all; *q && !found;) {
            const char *qe = strchr(q, '\n');
            found = (size_t)(qe - q) + 1 == len && memcmp(q, p, len) == 0;
            q = qe + 1;
        }
        assert_true(found);
        p = nl + 1;
    }
}

/* Each record of the seed page, read with a filter that wants only its
 * first line, comes out as it does without the filter, ids and all; the
 * records that do not hold the line are mostly not made. Asked to make
 * what it held back, the reader gives the page as without the filter. */
static void test_line_filter(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    char *all = read_jsonl(page, n, 0, NULL, NULL);
    size_t records = count_lines(all);
    assert_true(records >= 8);
    size_t held_some = 0;
    for (const char *p = all; *p; p = strchr(p, '\n') + 1) {
        const char *ls = strstr(p, "\"line_start\":");
        assert_non_null(ls);
        lines_wanted lw = {strtoul(ls + strlen("\"line_start\":"), NULL, 10), 0};
        char *got = read_filtered(page, n, &lw, 0);
        assert_true(lw.asked > 0);
        const char *nl = strchr(p, '\n');
        assert_non_null(memmem(got, strlen(got), p, (size_t)(nl - p) + 1));
        assert_lines_of(got, all);
        held_some += count_lines(got) < records;
        free(got);
        char *made = read_filtered(page, n, &lw, 1);
        assert_string_equal(made, all);
        free(made);
    }
    assert_true(held_some == records);
    free(all);
    free(page);
}

/* A paragraph cut mid-sentence goes on with the next one of its story,
 * but not with one that opens with a dateline and byline: the text after
 * the byline is a paragraph of its own, in every way of feeding it. */
static void test_no_join_after_lead(void **state)
{
    (void)state;
    static const char cut[] = "车间里建起了职工书屋,大家下了班就能看书,书屋已有藏书两千册,"
                              "借阅也很方便,来看书的人越来越多,职工们都说这";
    static const struct {
        const char *next, *body;
    } cases[] = {
        {"是好事。工会还将添置新书。", "说这是好事。"},
        {"本报讯 记者王明报道 是好事。工会还将添置新书。", "说这\\n是好事。"},
        {"(记者王明)是好事。工会还将添置新书。", "说这\\n是好事。"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char page[1024];
        snprintf(page, sizeof page, "%s\n%s\n", cut, cases[i].next);
        for (size_t step = 0; step <= 7; step += 7) {
            char *got = read_jsonl(page, strlen(page), step, NULL, NULL);
            assert_int_equal(count_lines(got), 1);
            if (!strstr(got, cases[i].body))
                fail_msg("case %zu: no %s in %s", i, cases[i].body, got);
            free(got);
        }
    }
}

/* A paragraph cut by a column break and continued past a blank line: held
 * back when the filter wants none of its lines, unless the blank line
 * holds a space the filter does not read past (U+00A0), which may hide a
 * name running across the break. */
static void test_line_filter_joins(void **state)
{
    (void)state;
    static const struct {
        const char *blank;
        size_t records;
    } cases[] = {{"", 0}, {"  \t", 0}, {"\xE3\x80\x80", 0}, {"\xC2\xA0", 1}, {"\xE2\x80\x8B", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char page[512];
        snprintf(page, sizeof page,
                 "职工书屋进车间\n\n本报讯 记者王明报道 车间里建起了职工书屋,大家下了\n%s\n"
                 "班就能看书。书屋已有藏书两千册,借阅方便。\n",
                 cases[i].blank);
        char *plain = read_jsonl(page, strlen(page), 0, NULL, NULL);
        assert_int_equal(count_lines(plain), 1);
        lines_wanted none = {0, 0};
        char *got = read_filtered(page, strlen(page), &none, 0);
        assert_int_equal(count_lines(got), cases[i].records);
        assert_lines_of(got, plain);
        free(got);
        free(plain);
    }
}

/* ---- Sparse reading ---- */

typedef struct sparse_want {
    size_t line;       /* the one line wanted, or 0 */
    const char *tail;  /* a line ending so is wanted by the sparse filter */
    int off;           /* the sparse filter says the input may not be read so */
    size_t hooked;     /* records the page hook saw, all calls */
    size_t calls;      /* page hook calls */
    int make_held;     /* the hook asks for the held records */
} sparse_want;

static int sparse_line(void *ctx, size_t line)
{
    return line == ((sparse_want *)ctx)->line;
}

static int sparse_part(void *ctx, size_t line, const char *text, size_t len)
{
    const sparse_want *sw = ctx;
    if (!text)
        return !sw->off;
    size_t k = sw->tail ? strlen(sw->tail) : 0;
    return line == sw->line || (k && len >= k && memcmp(text + len - k, sw->tail, k) == 0);
}

static void sparse_hook(void *ctx, un_reader *r, un_article *records, size_t n)
{
    (void)records;
    sparse_want *sw = ctx;
    sw->calls++;
    sw->hooked += n;
    if (sw->make_held && !un_reader_make_held(r))
        sw->hooked -= n; /* read again whole: counted then */
}

/* The JSON Lines of the records made (ids left out), read with a line
 * filter wanting sw->line and, if sparse, sparse reading. */
static char *read_sparse_jsonl(const char *in, size_t n, sparse_want *sw, int sparse)
{
    un_reader_options opt = {0};
    opt.page_hook = sparse_hook;
    opt.page_ctx = sw;
    un_reader *r = un_reader_new(&opt);
    un_reader_set_line_filter(r, sparse_line, sw);
    if (sparse)
        un_reader_set_sparse(r, sparse_part);
    char *out = read_with(r, in, n);
    fuzz_drop_ids(out);
    return out;
}

/* Wanting any one line of a page, sparse reading makes the records a whole
 * reading with the same filter makes; on the seed page, for most lines the
 * page hook sees fewer records: the page was read in part. Pages: the seed
 * page (copies, a jump, columns cut), the seed page after its own second
 * half (articles in another order, copies further apart), and small pages
 * for the rules of a sync point: a weak line before a headline under an
 * open article, a banner waiting past a paragraph for the next headline,
 * a paragraph printed three times, a section carried under kickers, a
 * weak line and a headline under a closed article. */
static void test_sparse_same_records(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    const char *half = page + n / 2;
    while (*half != '\n')
        half++;
    half++;
    size_t nh = (size_t)(page + n - half);
    char *turned = malloc(nh + n);
    memcpy(turned, half, nh);
    memcpy(turned + nh, page, n);
    /* A weak title line (a comma in it) before a headline, under an open
     * article: the article keeps it as text; the headline's run starts no
     * article whatever came before. */
    static const char weak[] = "职工书屋进车间\n"
                               "本报讯 记者王明报道 车间里建起了职工书屋,大家下了班就能看书。\n"
                               "书屋已有藏书两千册,借阅方便,职工们很喜欢。\n"
                               "工会开展读书活动,职工踊跃参加\n"
                               "技能比武展风采\n"
                               "本报讯 记者李强报道 昨天,市总工会举办职工技能比武大赛。\n"
                               "比赛设有多个项目,吸引了众多职工参加。\n";
    /* A banner that waits past a paragraph for the next headline, whose
     * section it becomes. */
    static const char banner[] = "职工书屋进车间\n"
                                 "本报讯 记者王明报道 车间里建起了职工书屋,大家下了班就能看书。\n"
                                 "书屋已有藏书两千册,借阅方便,职工们很喜欢。\n"
                                 "第3版:要闻\n"
                                 "据了解,今年全市将举办各类职工文化活动一百余场。\n"
                                 "技能比武展风采\n"
                                 "本报讯 记者李强报道 昨天,市总工会举办职工技能比武大赛。\n"
                                 "比赛设有多个项目,吸引了众多职工参加。\n";
    /* A paragraph printed three times: in its article, and twice as a
     * stray copy between others. */
    static const char thrice[] = "职工书屋进车间\n"
                                 "本报讯 记者王明报道 车间里建起了职工书屋,大家下了班就能看书。\n"
                                 "书屋已有藏书两千册,借阅方便,职工们很喜欢。\n"
                                 "技能比武展风采\n"
                                 "本报讯 记者李强报道 昨天,市总工会举办职工技能比武大赛。\n"
                                 "比赛设有多个项目,吸引了众多职工参加。\n"
                                 "书屋已有藏书两千册,借阅方便,职工们很喜欢。\n"
                                 "劳模工作室揭牌\n"
                                 "本报讯 记者赵青报道 日前,区总工会为三家劳模工作室揭牌。\n"
                                 "工作室将带动更多职工钻研技术。\n"
                                 "书屋已有藏书两千册,借阅方便,职工们很喜欢。\n"
                                 "安全生产月启动\n"
                                 "本报讯 记者钱进报道 昨天,全市安全生产月活动启动。\n";
    /* A series under kickers: a section, kicker and headline whose lead
     * is no dateline (so no sync point), then a kicker and headline that
     * takes over the section. */
    static const char series[] = "职工书屋进车间\n"
                                 "本报讯 记者王明报道 车间里建起了职工书屋,大家下了班就能看书。\n"
                                 "书屋已有藏书两千册,借阅方便。(记者 王明)\n"
                                 "文化走基层\n"
                                 "象山\n"
                                 "送戏下乡惠职工\n"
                                 "演出队走进多家企业,为职工送上文艺节目。\n"
                                 "象山\n"
                                 "技能比武展风采\n"
                                 "本报讯 记者李强报道 昨天,市总工会举办职工技能比武大赛。\n"
                                 "比赛设有多个项目,吸引了众多职工参加。\n";
    /* A weak line and a headline under a closed article: one title,
     * headline and deck; no sync point at the headline alone. */
    static const char closed[] = "职工书屋进车间\n"
                                 "本报讯 记者王明报道 车间里建起了职工书屋,大家下了班就能看书。\n"
                                 "书屋已有藏书两千册,借阅方便。(记者 王明)\n"
                                 "工会开展读书活动,职工踊跃参加\n"
                                 "技能比武展风采\n"
                                 "本报讯 记者李强报道 昨天,市总工会举办职工技能比武大赛。\n"
                                 "比赛设有多个项目,吸引了众多职工参加。\n";
    const struct {
        const char *text;
        size_t len;
    } pages[] = {{page, n},
                 {turned, nh + n},
                 {weak, sizeof weak - 1},
                 {banner, sizeof banner - 1},
                 {thrice, sizeof thrice - 1},
                 {series, sizeof series - 1},
                 {closed, sizeof closed - 1}};
    sparse_want last = {10, NULL, 0, 0, 0, 0};
    char *taken = read_sparse_jsonl(series, sizeof series - 1, &last, 1);
    assert_non_null(strstr(taken, "\"section\":\"文化走基层\",\"kicker\":\"象山\",\"headline\":\"技能比武展风采\""));
    free(taken);
    sparse_want second = {2, NULL, 0, 0, 0, 0};
    char *kept = read_sparse_jsonl(weak, sizeof weak - 1, &second, 1);
    assert_non_null(strstr(kept, "\"line_start\":1,\"line_end\":4,"));
    free(kept);
    for (size_t k = 0; k < sizeof pages / sizeof pages[0]; k++) {
        const char *in = pages[k].text;
        size_t len = pages[k].len;
        size_t lines = 0, fewer = 0, wanted = 0, text = 0;
        for (size_t i = 0; i < len; i++) {
            lines += in[i] == '\n';
            text += in[i] == '\n' && i > 0 && in[i - 1] != '\n';
        }
        for (size_t line = 1; line <= lines; line++) {
            sparse_want whole = {line, NULL, 0, 0, 0, 0}, part = whole;
            char *a = read_sparse_jsonl(in, len, &whole, 0);
            char *b = read_sparse_jsonl(in, len, &part, 1);
            assert_string_equal(b, a);
            wanted += a[0] != '\0';
            fewer += a[0] != '\0' && part.hooked < whole.hooked;
            free(a);
            free(b);
        }
        assert_true(wanted * 10 > text * 9);
        if (k < 2)
            assert_true(fewer * 4 > wanted * 3);
    }
    free(turned);
    free(page);
}

/* Reads in once for each of the k wants, in sparse reading where sparse
 * says, into out. */
static void read_each(const char *in, size_t n, sparse_want *sw, const int *sparse, char **out,
                      size_t k)
{
    for (size_t i = 0; i < k; i++)
        out[i] = read_sparse_jsonl(in, n, &sw[i], sparse[i]);
}

static void free_each(char **out, size_t k)
{
    for (size_t i = 0; i < k; i++)
        free(out[i]);
}

/* A paragraph cut by a column break and continued past a blank line that
 * holds a space the line filter does not read past: a whole reading makes
 * its record (a name may run across the break), sparse reading only when
 * the sparse filter wants the end of the cut line. */
static void test_sparse_tail(void **state)
{
    (void)state;
    static const char page[] = "职工书屋进车间\n\n本报讯 记者王明报道 车间里建起了职工书屋,大家下了\n"
                               "\xC2\xA0\n班就能看书。书屋已有藏书两千册,借阅方便。\n";
    /* whole; sparse, wanting no line; sparse, wanting the cut line's end */
    sparse_want sw[3] = {{0, NULL, 0, 0, 0, 0}, {0, NULL, 0, 0, 0, 0}, {0, "下了", 0, 0, 0, 0}};
    static const int sparse[3] = {0, 1, 1};
    char *out[3];
    read_each(page, sizeof page - 1, sw, sparse, out, 3);
    assert_int_equal(count_lines(out[0]), 1);
    assert_string_equal(out[1], "");
    assert_string_equal(out[2], out[0]);
    free_each(out, 3);
}

/* A page hook that asks for the held records gets the page again, read
 * whole, and the records are those of a reading without sparse reading;
 * so they are where the sparse filter says the input may not be read in
 * part. */
static void test_sparse_make_held(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    char *all = read_jsonl(page, n, 0, NULL, NULL);
    /* whole; sparse; sparse, where the filter says it may not be */
    sparse_want sw[3] = {{3, NULL, 0, 0, 0, 1}, {3, NULL, 0, 0, 0, 1}, {3, NULL, 1, 0, 0, 1}};
    static const int sparse[3] = {0, 1, 1};
    char *out[3];
    read_each(page, n, sw, sparse, out, 3);
    assert_string_equal(out[1], out[0]);
    assert_string_equal(out[2], out[0]);
    assert_int_equal(count_lines(out[0]), count_lines(all));
    assert_int_equal(sw[0].calls, 1);
    assert_int_equal(sw[1].calls, 2);
    assert_int_equal(sw[2].calls, 1);
    assert_int_equal(sw[1].hooked, sw[0].hooked);
    free_each(out, 3);
    free(all);
    free(page);
}

static void test_windows(void **state)
{
    (void)state;
    /* The seed page twice, read through a small window: records come
     * window by window, ids keep counting, and feeds still do not matter. */
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    char *two = malloc(2 * n);
    memcpy(two, page, n);
    memcpy(two + n, page, n);
    un_reader_options opt = {.window = 4096};
    char *a = read_jsonl(two, 2 * n, 0, &opt, NULL);
    char *b = read_jsonl(two, 2 * n, SIZE_MAX, &opt, NULL);
    assert_string_equal(a, b);
    /* Twice the page's nine records at least (a window may cut one). */
    assert_non_null(strstr(a, "\"id\":18,"));
    free(a);
    free(b);
    free(two);
    free(page);
}

static void test_rejects_other_encodings(void **state)
{
    (void)state;
    /* 工会组织职工参加技能培训,提升岗位本领。 in GBK, line after line. */
    static const char line[] = "\xB9\xA4\xBB\xE1\xD7\xE9\xD6\xAF\xD6\xB0\xB9\xA4\xB2\xCE\xBC\xD3"
                               "\xBC\xBC\xC4\xDC\xC5\xE0\xD1\xB5\x2C\xCC\xE1\xC9\xFD\xB8\xDA\xCE"
                               "\xBB\xB1\xBE\xC1\xEC\xA1\xA3\n";
    char gbk[40 * (sizeof line - 1)];
    for (size_t i = 0; i < sizeof gbk; i += sizeof line - 1)
        memcpy(gbk + i, line, sizeof line - 1);
    int status;
    char *out = read_jsonl(gbk, sizeof gbk, 7, NULL, &status);
    assert_int_equal(status, UN_ERR_NOT_TEXT);
    assert_string_equal(out, "");
    free(out);
    un_reader *r = un_reader_new(NULL);
    un_reader_begin(r, "x", 1);
    un_reader_feed(r, gbk, sizeof gbk);
    assert_int_equal(un_reader_finish(r), UN_ERR_NOT_TEXT);
    assert_int_equal(un_reader_diag_count(r), 0);
    assert_null(un_reader_next(r));
    un_reader_free(r);
}

static void test_invalid_bytes_reported(void **state)
{
    (void)state;
    const char *in = "标题\n\n本报讯 记者王明报道 今天\xFF天气很好,职工们参加了活动。\n"
                     "第二段\x80\x80落在这里,活动取得了圆满成功。\n";
    un_reader *r = un_reader_new(NULL);
    un_reader_begin(r, "x", 1);
    assert_int_equal(un_reader_feed(r, in, strlen(in)), UN_OK);
    assert_int_equal(un_reader_finish(r), UN_OK);
    /* Once per line, in line order. */
    assert_int_equal(un_reader_diag_count(r), 2);
    assert_int_equal(un_reader_diag(r, 0)->line, 3);
    assert_int_equal(un_reader_diag(r, 1)->line, 4);
    assert_string_equal(un_diag_message(un_reader_diag(r, 0)->code), "invalid bytes");
    const un_article *a = un_reader_next(r);
    assert_non_null(a);
    assert_non_null(memmem(a->body.ptr, a->body.len, "今天\xEF\xBF\xBD天气", 12));
    un_reader_free(r);
}

/* One feed with un_reader_feed_checked and what the guess checked. */
static char *read_checked(const char *in, size_t n, size_t checked, size_t ascii)
{
    int status;
    char *out = read_jsonl_checked(in, n, 0, NULL, &status, checked, ascii);
    assert_int_equal(status, UN_OK);
    return out;
}

/* What un_encoding_detect checked is taken as checked, the same records
 * coming of it; where it does not stand for exactly the bytes the reader
 * would check (a character held back at the start, another length), the
 * reader checks them itself and reports what is bad. */
static void test_feed_checked(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    un_encoding_guess g;
    un_encoding_detect(page, n, 1, &g);
    assert_int_equal(g.utf8_checked, n);
    char *want = read_jsonl(page, n, 0, NULL, NULL);
    char *got = read_checked(page, n, g.utf8_checked, g.utf8_ascii);
    assert_string_equal(got, want);
    free(got);
    /* A page that begins with a full-width comma (EF BC 8C), whose first
     * byte is held as a byte order mark's might be. */
    char *comma = malloc(n + 3);
    memcpy(comma, "\xEF\xBC\x8C", 3);
    memcpy(comma + 3, page, n);
    un_encoding_detect(comma, n + 3, 1, &g);
    char *want2 = read_jsonl(comma, n + 3, 0, NULL, NULL);
    got = read_checked(comma, n + 3, g.utf8_checked, g.utf8_ascii);
    assert_string_equal(got, want2);
    free(got);
    free(want2);
    free(comma);
    const char *bad = "标题\n\n本报讯 记者王明报道 今天\xFF天气很好,职工们参加了活动。\n";
    size_t len = strlen(bad);
    /* A claim on a later feed is not taken, even for exactly its bytes. */
    {
        un_reader *r = un_reader_new(NULL);
        un_reader_begin(r, "x", 1);
        assert_int_equal(un_reader_feed(r, "标题\n\n", 8), UN_OK);
        assert_int_equal(un_reader_feed_checked(r, bad + 8, len - 8, len - 8, 0), UN_OK);
        assert_int_equal(un_reader_finish(r), UN_OK);
        assert_int_equal(un_reader_diag_count(r), 1);
        un_reader_free(r);
    }
    for (size_t claim = len - 1; claim <= len + 1; claim += 2) {
        un_reader *r = un_reader_new(NULL);
        un_reader_begin(r, "x", 1);
        assert_int_equal(un_reader_feed_checked(r, bad, len, claim, 0), UN_OK);
        assert_int_equal(un_reader_finish(r), UN_OK);
        assert_int_equal(un_reader_diag_count(r), 1);
        un_reader_free(r);
    }
    free(want);
    free(page);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    char *out = read_jsonl("", 0, 0, NULL, NULL);
    assert_string_equal(out, "");
    free(out);
    out = read_jsonl("\n\n \n\r\n", 6, 1, NULL, NULL);
    assert_string_equal(out, "");
    free(out);
}

static void test_api_misuse(void **state)
{
    (void)state;
    un_reader *r = un_reader_new(NULL);
    assert_int_equal(un_reader_feed(r, "x", 1), UN_ERR_STATE);
    un_reader_begin(r, "x", 1);
    assert_int_equal(un_reader_finish(r), UN_OK);
    assert_int_equal(un_reader_finish(r), UN_ERR_STATE);
    un_reader_free(r);
    un_reader_free(NULL);
    assert_string_equal(un_strerror(UN_ERR_NOT_TEXT), "not UTF-8 text");
    assert_string_equal(un_strerror(999), "unknown error");
}

/* The escape of one byte string, written plainly: the reference. */
static size_t plain_escape(const unsigned char *s, size_t n, char *out)
{
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            o += (size_t)sprintf(out + o, "\\u%04x", s[i + 2] == 0xA8 ? 0x2028 : 0x2029);
            i += 2;
        } else if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c == '\n' || c == '\t' || c == '\r') {
            out[o++] = '\\';
            out[o++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
        } else if (c < 0x20 || c == 0x7F) {
            o += (size_t)sprintf(out + o, "\\u%04x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return o;
}

/* un_json_string against the plain escape, on strings of every length up
 * to 130 (past the 32-byte blocks) drawn from CJK text and every byte that
 * needs an escape, at every alignment. */
static void test_json_string_escapes(void **state)
{
    (void)state;
    static const char *const pieces[] = {"工", "会", "a", "\"", "\\", "\n", "\t", "\r",
                                         "\x01", "\x1f", "\x7f", "\xe2\x80\xa8",
                                         "\xe2\x80\xa9", "\xe2\x80\x9c", " ", "\xe2\x80"};
    uint32_t seed = 12345;
    for (int round = 0; round < 4000; round++) {
        unsigned char buf[160];
        size_t n = 0, want_len = (size_t)(round % 131);
        while (n < want_len) {
            fuzz_next(&seed);
            const char *pc = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t k = strlen(pc);
            if (n + k > want_len)
                k = want_len - n;
            memcpy(buf + n, pc, k);
            n += k;
        }
        for (size_t shift = 0; shift < 8 && shift <= n; shift++) {
            char want[1024], *got = NULL;
            size_t gotlen = 0;
            plain_escape(buf + shift, n - shift, want);
            FILE *f = open_memstream(&got, &gotlen);
            assert_non_null(f);
            un_json_string(f, (un_str){(const char *)buf + shift, n - shift});
            fclose(f);
            if (strcmp(got, want) != 0)
                fail_msg("escape of %zu bytes: got %s, want %s", n - shift, got, want);
            free(got);
            /* Into memory: the same bytes, within the room promised. */
            size_t room = UN_JSON_QUOTED_MAX(n - shift);
            char *mem = malloc(room + 1);
            assert_non_null(mem);
            mem[room] = 'X';
            size_t len = un_json_quote(mem, (un_str){(const char *)buf + shift, n - shift});
            assert_true(len <= room);
            assert_int_equal(mem[room], 'X');
            assert_int_equal(len, strlen(want));
            assert_memory_equal(mem, want, len);
            free(mem);
        }
    }
}

/* Short strings (up to 32 bytes are quoted with a few loads and stores):
 * every length up to 40 of text that needs no escape, and the same with
 * one byte that does at each position, against the plain escape. */
static void test_json_short_strings(void **state)
{
    (void)state;
    static const unsigned char bad[] = {'"', '\\', '\n', 0x01, 0x1F, 0x7F, 0xE2};
    const char *text = "a工会 b职工z之家0123456789工会组织职工参加技能培训";
    for (size_t n = 1; n <= 40; n++) {
        for (size_t at = 0; at <= n; at++) {
            for (size_t k = 0; k < (at < n ? sizeof bad : 1); k++) {
                unsigned char s[48];
                memcpy(s, text, n);
                if (at < n)
                    s[at] = bad[k]; /* at == n: none */
                char want[512], got[512];
                size_t wl = plain_escape(s, n, want);
                size_t gl = un_json_quote(got, (un_str){(const char *)s, n});
                if (gl != wl || memcmp(got, want, wl) != 0)
                    fail_msg("%zu bytes, byte %zu: got %.*s, want %s", n, at, (int)gl, got, want);
            }
        }
    }
}

/* Every record's count of characters, against its body counted here. */
static void check_chars(const char *page, size_t n)
{
    un_reader *r = un_reader_new(NULL);
    un_reader_begin(r, "page.txt", 8);
    assert_int_equal(un_reader_feed(r, page, n), UN_OK);
    assert_int_equal(un_reader_finish(r), UN_OK);
    const un_article *a;
    size_t records = 0;
    while ((a = un_reader_next(r)) != NULL) {
        size_t want = 0;
        for (size_t i = 0; i < a->body.len; i++) {
            unsigned char c = (unsigned char)a->body.ptr[i];
            want += (c & 0xC0) != 0x80 && c != '\n';
        }
        if (a->chars != want)
            fail_msg("record %zu (lines %zu-%zu): %zu characters, want %zu", (size_t)a->id,
                     a->line_start, a->line_end, a->chars, want);
        records++;
    }
    assert_true(records > 0);
    un_reader_free(r);
}

static void test_record_chars(void **state)
{
    (void)state;
    size_t n;
    char *page = slurp(UN_TEST_DATA "/bulletin.txt", &n);
    check_chars(page, n);
    free(page);
    /* A page of its own: a headline, a lead with its byline, paragraphs of
     * every kind of character, one cut by a column break, one closed by a
     * byline in brackets. */
    char buf[8192];
    size_t k = 0;
#define ADD(s) (memcpy(buf + k, s, strlen(s)), k += strlen(s))
    ADD("职工之家建设再上新台阶\n\n");
    ADD("本报讯 记者王小明报道 近日,区总工会召开会议,部署全年工作😀。\n\n");
    for (int i = 0; i < 12; i++)
        ADD("会议指出,要把职工群众的事办好,café 与 㐀 都算字,2023年投入资金21.5万元。");
    ADD("\n\n下一步,将继续推进\n\n产业工人队伍建设改革,为职工办实事。(记者 李明)\n");
#undef ADD
    check_chars(buf, k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feeds_do_not_matter),
        cmocka_unit_test(test_line_ends_and_bom),
        cmocka_unit_test(test_seed_records),
        cmocka_unit_test(test_lead_restates_title),
        cmocka_unit_test(test_line_filter),
        cmocka_unit_test(test_line_filter_joins),
        cmocka_unit_test(test_no_join_after_lead),
        cmocka_unit_test(test_sparse_same_records),
        cmocka_unit_test(test_sparse_tail),
        cmocka_unit_test(test_sparse_make_held),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_rejects_other_encodings),
        cmocka_unit_test(test_invalid_bytes_reported),
        cmocka_unit_test(test_feed_checked),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_api_misuse),
        cmocka_unit_test(test_json_string_escapes),
        cmocka_unit_test(test_json_short_strings),
        cmocka_unit_test(test_record_chars),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
