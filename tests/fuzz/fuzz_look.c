/* fuzz_look.c: grep's first look (un_match_scan) on any bytes. The look
 * leaves out line breaks, spaces, tabs and U+3000 eight bytes at a time
 * and holds a U+3000 cut by the end of a feed; here the same bytes, fed in
 * pieces whose sizes the input chooses, must give what the bytes stripped
 * by the plainest loop give fed at once. The first byte picks the
 * condition: a county, a prefecture, a county and a text.
 *
 * A look that notes lines must give the same answer, and judge a record
 * of any one line (as the reader counts lines: LF, CR, CR LF) as one that
 * may match whenever the line's own text holds what the look needs.
 *
 * Its notes as the reader's line filter must hold back no record that
 * the look, judging by the same notes, would keep (the judgement grep
 * makes; a record's text fed whole would also find a name run across two
 * segments, which no finder reads as one): read with the filter, the
 * bytes give every such record as they do without it, and only records
 * they give. So must sparse reading (grep's, with the look's ends of
 * names as its sparse filter) against the filter alone, ids left out. */
#include "fuzz.h"

static un_matcher *matchers[3];

static void free_matchers(void)
{
    for (int i = 0; i < 3; i++)
        un_matcher_free(matchers[i]);
}

static void make_matchers(void)
{
    static const char *const district[3] = {"黄岩", "台州", "象山县"};
    static const char *const text[3] = {NULL, NULL, "技能比武"};
    for (int i = 0; i < 3; i++) {
        un_match_options o;
        memset(&o, 0, sizeof o);
        o.district = district[i];
        o.texts = &text[i];
        o.ntexts = text[i] ? 1 : 0;
        char err[256];
        matchers[i] = un_matcher_new(NULL, &o, err, sizeof err);
        if (!matchers[i])
            fuzz_fail(err);
    }
    atexit(free_matchers);
}

/* The bytes without \n, \r, space, tab and U+3000, a byte at a time. */
static size_t strip(const uint8_t *p, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
            continue;
        if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
            i += 2;
            continue;
        }
        out[k++] = (char)c;
    }
    return k;
}

/* Every line of data[0..size) judged by sc (which noted the lines) and
 * by its text (text, which did not): a line whose text may match must be
 * kept by its line too. */
static void check_lines(un_match_scan *sc, un_match_scan *text, const uint8_t *data, size_t size)
{
    size_t line = 1, from = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && data[i] != '\n' && data[i] != '\r')
            continue;
        un_segment g;
        memset(&g, 0, sizeof g);
        g.kind = UN_SEG_BODY;
        g.text.ptr = (const char *)data + from;
        g.text.len = i - from;
        g.line = line;
        un_article a;
        memset(&a, 0, sizeof a);
        a.segments = &g;
        a.n_segments = 1;
        if (un_match_scan_record(text, &a) && !un_match_scan_record(sc, &a))
            fuzz_fail("a line whose text holds a name was ruled out by its line");
        if (i + 1 < size && data[i] == '\r' && data[i + 1] == '\n')
            i++;
        from = i + 1;
        line++;
    }
}

static int line_wanted(void *ctx, size_t line)
{
    return un_match_scan_line(ctx, line);
}

static int part_wanted(void *ctx, size_t line, const char *text, size_t len)
{
    return text ? un_match_scan_needs(ctx, line, text, len) : un_match_scan_lines_noted(ctx);
}


/* The records of data as JSON Lines, one string each (*n of them), read
 * with sc's notes as line filter (filter 1), and sparse reading too
 * (filter 2: ids left out); keep[i] (if not NULL) gets whether sc judges
 * record i one that may match. */
static char **records_of(const uint8_t *data, size_t size, un_match_scan *sc, int filter,
                         unsigned char **keep, size_t *n)
{
    un_reader *r = un_reader_new(NULL);
    if (filter)
        un_reader_set_line_filter(r, line_wanted, sc);
    if (filter == 2)
        un_reader_set_sparse(r, part_wanted);
    un_reader_begin(r, "fuzz", 4);
    size_t nlf;
    const uint32_t *lf = filter ? un_match_scan_line_feeds(sc, &nlf) : NULL;
    if (lf) /* as grep gives the reader the look's line feeds */
        un_reader_set_line_feeds(r, lf, nlf);
    if (un_reader_feed(r, data, size) == UN_OK)
        un_reader_finish(r);
    char **out = NULL;
    *n = 0;
    if (keep)
        *keep = NULL;
    for (const un_article *a; (a = un_reader_next(r)) != NULL; (*n)++) {
        out = realloc(out, (*n + 1) * sizeof *out);
        if (keep)
            *keep = realloc(*keep, *n + 1);
        if (!out || (keep && !*keep))
            fuzz_fail("out of memory");
        size_t len;
        FILE *f = open_memstream(&out[*n], &len);
        if (!f)
            fuzz_fail("open_memstream");
        un_writer *w = un_writer_new(f, UN_FORMAT_JSONL, 0, 0);
        un_writer_article(w, a);
        un_writer_finish(w);
        un_writer_free(w);
        fclose(f);
        if (keep)
            (*keep)[*n] = (unsigned char)un_match_scan_record(sc, a);
        if (filter == 2)
            fuzz_drop_ids(out[*n]);
    }
    un_reader_free(r);
    return out;
}

/* part's records are some of whole's, in order, with every one that keep
 * marks among them. */
static void check_part(char **whole, size_t n_whole, const unsigned char *keep, char **part,
                       size_t n_part, const char *left_out, const char *extra)
{
    size_t j = 0; /* part's records, in order, among whole's */
    for (size_t i = 0; i < n_whole; i++) {
        int same = j < n_part && strcmp(whole[i], part[j]) == 0;
        if (keep[i] && !same)
            fuzz_fail(left_out);
        j += same;
    }
    if (j != n_part)
        fuzz_fail(extra);
}

static void free_records(char **r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i]);
    free(r);
}

static void check_reader(un_match_scan *sc, const uint8_t *data, size_t size)
{
    size_t n_all, n_got, n_part;
    unsigned char *keep, *keep_got;
    char **all = records_of(data, size, sc, 0, &keep, &n_all);
    char **got = records_of(data, size, sc, 1, &keep_got, &n_got);
    check_part(all, n_all, keep, got, n_got, "the line filter held back a record the look keeps",
               "the line filter gave a record not read without it");
    /* Sparse reading against the filter alone, ids left out. */
    char **part = records_of(data, size, sc, 2, NULL, &n_part);
    for (size_t i = 0; i < n_got; i++)
        fuzz_drop_ids(got[i]);
    check_part(got, n_got, keep_got, part, n_part, "sparse reading left out a record the look keeps",
               "sparse reading gave a record the line filter did not");
    free_records(all, n_all);
    free_records(got, n_got);
    free_records(part, n_part);
    free(keep);
    free(keep_got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!matchers[0])
        make_matchers();
    if (size < 2)
        return 0;
    un_matcher *m = matchers[data[0] % 3];
    size_t step = 1 + data[1] % 23;
    data += 2;
    size -= 2;
    un_match_scan *sc = un_match_scan_new(m);
    if (!sc)
        return 0; /* a build without Hyperscan has no first look */
    char *plain = malloc(size + 1);
    if (!plain)
        fuzz_fail("out of memory");
    size_t n = strip(data, size, plain);
    /* Stripping may join bytes into a new U+3000 (E3 80 \n 80): the look
     * in pieces does not see one there, a second strip would. Such
     * inputs, never valid UTF-8, are left out. */
    char *again = malloc(n + 1);
    if (!again)
        fuzz_fail("out of memory");
    size_t n2 = strip((const uint8_t *)plain, n, again);
    free(again);
    if (n2 != n) {
        un_match_scan_free(sc);
        free(plain);
        return 0;
    }
    un_match_scan_begin(sc);
    un_match_scan_feed(sc, plain, n);
    int want = un_match_scan_end(sc);
    for (int noting = 0; noting <= 1; noting++) {
        un_match_scan_begin(sc);
        if (noting)
            un_match_scan_note_lines(sc);
        size_t k = step;
        for (size_t i = 0; i < size;) {
            size_t len = size - i < k ? size - i : k;
            un_match_scan_feed(sc, data + i, len);
            k = 1 + (k * 7 + data[i]) % 23; /* sizes that vary along */
            i += len;
        }
        int got = un_match_scan_end(sc);
        if (got != want)
            fuzz_fail(got ? "the look in pieces found a name the stripped bytes lack"
                          : "the look in pieces missed a name the stripped bytes hold");
    }
    /* The line feeds the look noted are the input's, unless a CR is. */
    size_t nlf, k = 0;
    const uint32_t *lf = un_match_scan_line_feeds(sc, &nlf);
    if (!lf != (memchr(data, '\r', size) != NULL))
        fuzz_fail("the look's line feeds given with a CR, or not given without");
    for (size_t i = 0; lf && i < size; i++)
        if (data[i] == '\n' && (k >= nlf || lf[k++] != i))
            fuzz_fail("the look's line feeds are not the input's");
    if (lf && k != nlf)
        fuzz_fail("the look noted more line feeds than the input has");
    un_match_scan *text = un_match_scan_new(m);
    check_lines(sc, text, data, size);
    check_reader(sc, data, size);
    un_match_scan_free(text);
    un_match_scan_free(sc);
    free(plain);
    return 0;
}
