/* cmd_report.c: `unionnews report`: the pages at a glance as one HTML page
 * that needs nothing else: the counts of stats (the same reading and the
 * same un_stats), drawn as bar charts and tables with inline bars, and a
 * list of the articles to filter as you type.
 *
 * The page is written by this file alone: inline CSS, SVG drawn here and
 * a small inline script that sorts and filters tables; nothing is fetched.
 * The same inputs give the same bytes: no clock, no locale, ties broken by
 * name. Memory stays bounded: besides the counts only a short row per
 * article is kept (file, line, headline, authors, districts), for the first
 * --rows articles. With -o the page goes to a temporary file beside FILE
 * that takes FILE's name once it is whole. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char usage_report[] =
    "usage: " PROG " report [-o FILE] [--top N] [--rows N] [-j N] [--gazetteer FILE]\n"
    "                        [--province P] [FILE...]\n"
    "\n"
    "The pages at a glance as one HTML page that needs nothing else (no network,\n"
    "no fonts or scripts from elsewhere): files, articles, fragments and\n"
    "characters; articles per province and per prefecture as bar charts; the\n"
    "districts, unions, programmes, companies, people and authors named most;\n"
    "figures by unit; authors by role; and a table of the articles (file, line,\n"
    "headline, authors, districts) that filters as you type. The same inputs\n"
    "give the same bytes. Without FILE, or with '-', reads standard input.\n"
    "\n"
    "  -o, --output FILE     write the page to FILE instead of standard output;\n"
    "                        FILE is replaced only by a whole page\n"
    "      --top N           rows per table of entities and authors (default 20;\n"
    "                        0 for all)\n"
    "      --rows N          list at most N articles in the table (default 20000)\n" CLI_INPUT_HELP
    "  -h, --help            show this help\n";

enum { OPT_ROWS = 2200, OPT_REPORT_TOP };

/* Defaults: rows of each entity table, articles listed, bars of the
 * prefecture chart (there are over 300 prefectures). */
#define DEFAULT_TOP 20
#define DEFAULT_ROWS 20000
#define PREFECTURE_BARS 40
/* A row of the article table keeps at most this much of each field, so
 * that a hostile record cannot make it large. */
#define MAX_HEADLINE_BYTES 400
#define MAX_NAMES 12

/* ---- memory ---------------------------------------------------------- */

/* A growable run of bytes. */
typedef cli_buf buf;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    return p;
}

static un_str cstr(const char *s)
{
    return (un_str){s, strlen(s)};
}

static int str_is(un_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.ptr && s.len == n && memcmp(s.ptr, lit, n) == 0;
}

/* The length of s cut to at most max bytes, on a character boundary. */
static size_t utf8_cut(un_str s, size_t max)
{
    if (s.len <= max)
        return s.len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s.ptr[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* ---- the article rows ------------------------------------------------ *
 * Each row is encoded as its length (4 bytes), its line (8 bytes) and four
 * fields, each a length (4 bytes) and its bytes: file, headline, authors,
 * districts. A thread writes the rows of a file into that file's piece;
 * the main thread takes them over in file order. */

typedef struct art_row {
    uint64_t line;
    un_str file, headline, authors, districts;
} art_row;

static void put_u32(buf *b, uint32_t v)
{
    cli_buf_add(b, &v, sizeof v);
}

static void put_field(buf *b, const char *p, size_t n)
{
    put_u32(b, (uint32_t)n);
    cli_buf_add(b, p, n);
}

/* Authors as "name (role); name": the first MAX_NAMES, then "…". */
static void add_authors(buf *b, const un_article *a)
{
    for (size_t i = 0; i < a->n_authors; i++) {
        if (i == MAX_NAMES) {
            cli_buf_add(b, "; …", strlen("; …"));
            break;
        }
        const un_author *au = &a->authors[i];
        if (i)
            cli_buf_add(b, "; ", 2);
        cli_buf_add(b, au->name.ptr, au->name.len);
        if (au->role.ptr && au->role.len) {
            cli_buf_add(b, " (", 2);
            cli_buf_add(b, au->role.ptr, au->role.len);
            cli_buf_add(b, ")", 1);
        }
    }
}

/* The districts a record names, each once, in the order of their first
 * mention: the first MAX_NAMES, then "…". Ambiguous mentions name none. */
static void add_districts(buf *b, const un_article *a)
{
    un_str seen[MAX_NAMES];
    size_t n = 0;
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        if (!str_is(e->type, "district") || !e->name.ptr)
            continue;
        size_t k = 0;
        while (k < n && !(seen[k].len == e->name.len &&
                          memcmp(seen[k].ptr, e->name.ptr, e->name.len) == 0))
            k++;
        if (k < n)
            continue;
        if (n == MAX_NAMES) {
            cli_buf_add(b, "、…", strlen("、…"));
            break;
        }
        if (n)
            cli_buf_add(b, "、", strlen("、"));
        cli_buf_add(b, e->name.ptr, e->name.len);
        seen[n++] = e->name;
    }
}

/* A field whose length is known only at its end: field_open leaves room
 * for the length and returns where; field_close fills it in. */
static size_t field_open(buf *b)
{
    size_t at = b->len;
    put_u32(b, 0);
    return at;
}

static void field_close(buf *b, size_t at)
{
    uint32_t n = (uint32_t)(b->len - at - 4);
    memcpy(b->p + at, &n, sizeof n);
}

/* Appends the row of article a to b. */
static void encode_row(buf *b, const un_article *a)
{
    size_t row = field_open(b);
    uint64_t line = a->line_start;
    cli_buf_add(b, &line, sizeof line);
    put_field(b, a->file.ptr, a->file.len);
    put_field(b, a->headline.ptr, utf8_cut(a->headline, MAX_HEADLINE_BYTES));
    size_t f = field_open(b);
    add_authors(b, a);
    field_close(b, f);
    f = field_open(b);
    add_districts(b, a);
    field_close(b, f);
    field_close(b, row);
}

static uint32_t get_u32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static un_str get_field(const char **p)
{
    uint32_t n = get_u32(*p);
    un_str s = {*p + 4, n};
    *p += 4 + n;
    return s;
}

/* Reads the row at *p and moves *p past it; 0 at end. Rows come from this
 * file's own encoder, so they are trusted. */
static int decode_row(const char **p, const char *end, art_row *r)
{
    if (*p >= end)
        return 0;
    uint32_t n = get_u32(*p);
    const char *q = *p + 4;
    memcpy(&r->line, q, sizeof r->line);
    q += sizeof r->line;
    r->file = get_field(&q);
    r->headline = get_field(&q);
    r->authors = get_field(&q);
    r->districts = get_field(&q);
    *p += 4 + n;
    return 1;
}

/* ---- reading --------------------------------------------------------- */

typedef struct report report;

/* What one reader of records keeps: its counts, and in a thread the piece
 * the current file's rows go to. */
typedef struct tally {
    un_stats *stats;
    report *rep; /* the command's, for the main tally; NULL in a thread */
    FILE *piece;
    buf row; /* the row being made */
} tally;

struct report {
    tally main;
    const un_gazetteer *g;
    buf rows;          /* the rows kept, in file order */
    size_t nrows;      /* rows kept */
    uint64_t narticles; /* articles seen, kept or not */
    size_t max_rows;
};

/* Counts an article for the table, keeping its row while there is room. */
static void keep_row(report *rep, const char *row, size_t n)
{
    rep->narticles++;
    if (rep->nrows >= rep->max_rows)
        return;
    cli_buf_add(&rep->rows, row, n);
    rep->nrows++;
}

static int on_record(void *ctx, const un_article *a)
{
    tally *t = ctx;
    un_stats_add(t->stats, a);
    if (a->kind != UN_KIND_ARTICLE)
        return 0;
    if (t->rep && t->rep->nrows >= t->rep->max_rows) {
        t->rep->narticles++;
        return 0;
    }
    t->row.len = 0;
    encode_row(&t->row, a);
    if (t->rep)
        keep_row(t->rep, t->row.p, t->row.len);
    else
        fwrite(t->row.p, 1, t->row.len, t->piece); /* an error shows at the piece's fclose */
    return 0;
}

static void *worker_new(void *ctx)
{
    tally *main = ctx;
    tally *w = xcalloc(1, sizeof *w);
    w->stats = un_stats_new(main->rep->g);
    return w;
}

static void worker_free(void *ctx, void *vw)
{
    (void)ctx;
    tally *w = vw;
    un_stats_free(w->stats);
    cli_buf_free(&w->row);
    free(w);
}

/* A thread's tally writes its rows into the file's piece; the main tally
 * (reading alone, handed stdout here) keeps them itself. */
static void file_begin(void *ctx, FILE *piece)
{
    tally *t = ctx;
    if (!t->rep)
        t->piece = piece;
}

static void absorb(void *ctx, const char *piece, size_t n)
{
    tally *main = ctx;
    const char *p = piece, *end = piece + n;
    while (p + 4 <= end) {
        size_t len = 4 + get_u32(p);
        if (len > (size_t)(end - p))
            break;
        keep_row(main->rep, p, len);
        p += len;
    }
}

static void merge(void *ctx, void *vw)
{
    un_stats_merge(((tally *)ctx)->stats, ((tally *)vw)->stats);
}

/* ---- the counts ------------------------------------------------------ */

enum {
    R_TOTAL,
    R_ROLE,
    R_TYPE,
    R_DISTINCT,
    R_UNIT,
    R_DISTRICT,
    R_UNION,
    R_PROGRAMME,
    R_COMPANY,
    R_PERSON,
    R_AUTHOR,
    R_PROVINCE,
    R_PREFECTURE,
    R_COUNT
};

static const char *const row_tables[R_COUNT] = {
    "total",   "role",    "type",   "distinct", "unit",     "district",  "union",
    "programme", "company", "person", "author",  "province", "prefecture"};

/* The rows of un_stats_rows by table, in its order. Keys point into the
 * counts, which outlive them. */
typedef struct rowlist {
    un_stats_row *v;
    size_t n, cap;
} rowlist;

typedef struct counts {
    rowlist t[R_COUNT];
} counts;

static int collect_row(void *ctx, const un_stats_row *r)
{
    counts *c = ctx;
    for (int k = 0; k < R_COUNT; k++) {
        if (strcmp(r->table, row_tables[k]) != 0)
            continue;
        rowlist *l = &c->t[k];
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 16;
            un_stats_row *v = realloc(l->v, l->cap * sizeof *v);
            if (!v) {
                cli_error("out of memory");
                exit(EXIT_TROUBLE);
            }
            l->v = v;
        }
        l->v[l->n++] = *r;
        break;
    }
    return 0; /* counties and other tables are not shown */
}

static void counts_free(counts *c)
{
    for (int k = 0; k < R_COUNT; k++)
        free(c->t[k].v);
}

/* The row of table k with key, or NULL. */
static const un_stats_row *find_row(const counts *c, int k, const char *key)
{
    for (size_t i = 0; i < c->t[k].n; i++)
        if (str_is(c->t[k].v[i].key, key))
            return &c->t[k].v[i];
    return NULL;
}

static uint64_t total(const counts *c, const char *key)
{
    const un_stats_row *r = find_row(c, R_TOTAL, key);
    return r ? r->mentions : 0;
}

static uint64_t max_of(const rowlist *l, int articles)
{
    uint64_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        uint64_t v = articles ? l->v[i].articles : l->v[i].mentions;
        if (v != UN_STATS_NONE && v > m)
            m = v;
    }
    return m;
}

/* ---- writing HTML ---------------------------------------------------- */

/* Writes s with &, <, >, " and ' as entities, and control characters
 * (which HTML does not allow) as U+FFFD. */
static void esc(FILE *out, un_str s)
{
    size_t start = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                rep = "\xEF\xBF\xBD";
        }
        if (!rep)
            continue;
        fwrite(s.ptr + start, 1, i - start, out);
        fputs(rep, out);
        start = i + 1;
    }
    fwrite(s.ptr + start, 1, s.len - start, out);
}

static void esc_c(FILE *out, const char *s)
{
    esc(out, cstr(s));
}

/* A count with thousands separators: 1,234,567. */
static void put_count(FILE *out, uint64_t v)
{
    char d[24];
    int n = snprintf(d, sizeof d, "%llu", (unsigned long long)v);
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            fputc(',', out);
        fputc(d[i], out);
    }
}

/* "1 file", "2 files". */
static void put_counted(FILE *out, uint64_t v, const char *one, const char *many)
{
    put_count(out, v);
    fprintf(out, " %s", v == 1 ? one : many);
}

static const char page_css[] =
    ":root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--head:#f6f8fa;--bar:#2f6fb0;"
    "--track:#e6edf5;--tick:#e3e8ee}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;color:var(--fg);background:#fff;font-size:15px;line-height:1.55;"
    "font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Hiragino Sans GB\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n"
    "header,nav,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}\n"
    "h1{font-size:1.7em;margin:.8em 0 .1em}\n"
    "h2{font-size:1.3em;margin:1.8em 0 .6em;padding-bottom:.2em;"
    "border-bottom:1px solid var(--line)}\n"
    "h3{font-size:1.05em;margin:1.4em 0 .4em}\n"
    "p{margin:.4em 0}\n"
    ".muted,figcaption small,caption small{color:var(--muted)}\n"
    "nav ul{list-style:none;padding:0;margin:.6em 0;display:flex;flex-wrap:wrap;gap:4px 16px}\n"
    "nav a{color:var(--bar)}\n"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;"
    "margin:.6em 0}\n"
    ".tile{border:1px solid var(--line);border-radius:6px;padding:8px 12px}\n"
    ".tile b{display:block;font-size:1.45em;font-variant-numeric:tabular-nums}\n"
    ".tile span{color:var(--muted);font-size:.9em}\n"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}\n"
    "table{border-collapse:collapse;font-size:14px;margin:.3em 0 1em}\n"
    "caption{text-align:left;font-weight:bold;padding:.2em 0 .4em;white-space:nowrap}\n"
    "th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "th{background:var(--head);white-space:nowrap;font-weight:600}\n"
    "table.sort th{cursor:pointer;user-select:none}\n"
    "table.sort th[aria-sort=ascending]::after{content:\" \\25B2\";font-size:.7em}\n"
    "table.sort th[aria-sort=descending]::after{content:\" \\25BC\";font-size:.7em}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.v,td.k{white-space:nowrap}\n"
    "td.v i{display:inline-block;min-width:5em;text-align:right;font-style:normal;"
    "font-variant-numeric:tabular-nums;margin-right:8px}\n"
    ".bar{display:inline-block;width:110px;height:10px;background:var(--track);"
    "vertical-align:middle;border-radius:2px}\n"
    ".bar span{display:block;height:100%;background:var(--bar);border-radius:2px}\n"
    "figure{margin:1em 0 1.6em}\n"
    "figcaption{font-weight:bold;margin-bottom:.3em}\n"
    "svg.chart{display:block;width:100%;max-width:640px;min-width:480px;height:auto}\n"
    "svg.chart text{font-size:13px;fill:var(--fg)}\n"
    "svg.chart .head{font-weight:bold}\n"
    "svg.chart .axis{fill:var(--muted)}\n"
    "svg.chart rect.b{fill:var(--bar)}\n"
    "svg.chart line{stroke:var(--tick);stroke-width:1}\n"
    "svg.chart line.base{stroke:var(--muted)}\n"
    ".filter{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;margin:.6em 0}\n"
    ".filter input{font:inherit;padding:5px 8px;border:1px solid var(--line);"
    "border-radius:4px;width:22em;max-width:100%}\n"
    "#article-table td:nth-child(3){min-width:14em}\n"
    "[hidden]{display:none}\n"
    "footer{margin:2em auto;color:var(--muted);font-size:.9em}\n"
    "@media (max-width:600px){body{font-size:14px}h1{font-size:1.4em}"
    "header,nav,main,footer{padding:0 10px}th,td{padding:3px 6px}"
    "td.v i{min-width:3.5em}.bar{width:60px}}\n";

/* Sorts a table by the column whose header is clicked (counts falling
 * first; text, ranks and lines rising; again to reverse) and filters the article table by
 * every word typed. Rows keep their order among equals. */
static const char page_js[] =
    "(function(){'use strict';\n"
    "var each=function(l,f){Array.prototype.forEach.call(l,f);};\n"
    "var coll=window.Intl?new Intl.Collator('zh'):null;\n"
    "function key(c,num){var v=c.getAttribute('data-v');if(v===null)v=c.textContent;"
    "return num?(parseFloat(v)||0):v;}\n"
    "function sortBy(t,th,col){var num=th.classList.contains('n');"
    "var cur=th.getAttribute('aria-sort');"
    "var dir=cur?(cur==='ascending'?-1:1):(num&&!th.classList.contains('asc')?-1:1);"
    "var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);"
    "var k=rows.map(function(r){return key(r.cells[col],num);});"
    "var ix=rows.map(function(r,i){return i;});"
    "ix.sort(function(x,y){var a=k[x],c=k[y],d;"
    "if(num)d=a-c;else d=coll?coll.compare(a,c):(a<c?-1:a>c?1:0);return d*dir||x-y;});"
    "var f=document.createDocumentFragment();ix.forEach(function(i){f.appendChild(rows[i]);});"
    "b.appendChild(f);each(t.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});"
    "th.setAttribute('aria-sort',dir>0?'ascending':'descending');}\n"
    "each(document.querySelectorAll('table.sort'),function(t){"
    "each(t.tHead.rows[0].cells,function(th,col){th.tabIndex=0;"
    "th.addEventListener('click',function(){sortBy(t,th,col);});"
    "th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){"
    "e.preventDefault();sortBy(t,th,col);}});});});\n"
    "var box=document.getElementById('filter');\n"
    "if(box){var t=document.getElementById('article-table'),out=document.getElementById('shown'),"
    "rows=t.tBodies[0].rows,timer=0;\n"
    "var apply=function(){var q=box.value.toLowerCase().split(/\\s+/).filter(Boolean),n=0;"
    "for(var i=0;i<rows.length;i++){var r=rows[i];"
    "if(r.unText===undefined)r.unText=r.textContent.toLowerCase();"
    "var hit=q.every(function(w){return r.unText.indexOf(w)>=0;});"
    "r.hidden=!hit;if(hit)n++;}"
    "out.textContent=n+' of '+rows.length+' shown';};\n"
    "box.addEventListener('input',function(){clearTimeout(timer);"
    "timer=setTimeout(apply,rows.length>2000?150:0);});}\n"
    "})();\n";

static void page_head(FILE *out, const counts *c)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
          out);
    fprintf(out, "<meta name=\"generator\" content=\"" PROG " %s\">\n", un_version());
    fputs("<title>unionnews report: ", out);
    put_counted(out, total(c, "articles"), "article", "articles");
    fputs(" in ", out);
    put_counted(out, total(c, "files"), "file", "files");
    fputs("</title>\n<style>\n", out);
    fputs(page_css, out);
    fputs("</style>\n</head>\n<body>\n", out);
}

static void page_header(FILE *out, const counts *c, const un_gazetteer *g)
{
    fputs("<header>\n<h1>unionnews report</h1>\n<p class=\"muted\">", out);
    put_counted(out, total(c, "articles"), "article", "articles");
    fputs(" and ", out);
    put_counted(out, total(c, "fragments"), "fragment", "fragments");
    fputs(" in ", out);
    put_counted(out, total(c, "files"), "file", "files");
    fprintf(out, ", read by " PROG " %s; places from ", un_version());
    esc_c(out, un_gazetteer_source(g));
    fputs(".</p>\n</header>\n<nav aria-label=\"Sections\">\n<ul>"
          "<li><a href=\"#summary\">Corpus</a></li>"
          "<li><a href=\"#places\">Places</a></li>"
          "<li><a href=\"#entities\">Named most</a></li>"
          "<li><a href=\"#figures\">Figures</a></li>"
          "<li><a href=\"#authors\">Authors</a></li>"
          "<li><a href=\"#articles\">Articles</a></li></ul>\n</nav>\n<main>\n",
          out);
}

static void tile(FILE *out, uint64_t v, const char *label)
{
    fputs("<div class=\"tile\"><b>", out);
    put_count(out, v);
    fprintf(out, "</b><span>%s</span></div>\n", label);
}

/* The date range the file names hold, or why there is none. */
static void dates_note(FILE *out, char **files)
{
    long lo = 0, hi = 0;
    size_t named = 0, dated = 0;
    for (size_t i = 0; files && files[i]; i++) {
        if (strcmp(files[i], "-") == 0)
            continue;
        named++;
        long d = cli_path_date(files[i]);
        if (!d)
            continue;
        dated++;
        if (!lo || d < lo)
            lo = d;
        if (d > hi)
            hi = d;
    }
    fputs("<p id=\"dates\"><b>Dates:</b> the records carry no date of issue", out);
    if (!dated) {
        fputs(named ? " and no file name holds one, so this report gives no date range.</p>\n"
                    : ", so this report gives no date range.</p>\n",
              out);
        return;
    }
    fprintf(out, "; the names of %zu of the %zu files hold one, from %04ld-%02ld-%02ld to "
                 "%04ld-%02ld-%02ld (by file name, not by the text).</p>\n",
            dated, named, lo / 10000, lo / 100 % 100, lo % 100, hi / 10000, hi / 100 % 100,
            hi % 100);
}

/* Entity mentions, distinct entities and records by type. */
static void types_table(FILE *out, const counts *c)
{
    fputs("<div class=\"scroll\"><table>\n<caption>Entities by type</caption>\n"
          "<thead><tr><th>Type</th><th class=\"n\">Mentions</th><th class=\"n\">Distinct</th>"
          "<th class=\"n\">Articles</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < c->t[R_DISTINCT].n; i++) {
        const un_stats_row *d = &c->t[R_DISTINCT].v[i];
        const un_stats_row *t = NULL;
        for (size_t k = 0; k < c->t[R_TYPE].n; k++)
            if (c->t[R_TYPE].v[k].key.len == d->key.len &&
                memcmp(c->t[R_TYPE].v[k].key.ptr, d->key.ptr, d->key.len) == 0)
                t = &c->t[R_TYPE].v[k];
        fputs("<tr><td>", out);
        esc(out, d->key);
        fputs("</td><td class=\"n\">", out);
        put_count(out, t ? t->mentions : 0);
        fputs("</td><td class=\"n\">", out);
        put_count(out, d->mentions);
        fputs("</td><td class=\"n\">", out);
        put_count(out, t ? t->articles : 0);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table></div>\n", out);
}

static void section_summary(FILE *out, const counts *c, char **files, size_t nfiles_named)
{
    fputs("<section id=\"summary\">\n<h2>Corpus</h2>\n<div class=\"tiles\">\n", out);
    tile(out, total(c, "files"), "files read");
    tile(out, total(c, "articles"), "articles");
    tile(out, total(c, "fragments"), "fragments");
    tile(out, total(c, "paragraphs"), "paragraphs");
    tile(out, total(c, "characters"), "characters");
    tile(out, total(c, "authors"), "authors in bylines");
    fputs("</div>\n", out);
    if (total(c, "files") < nfiles_named) {
        fputs("<p><b>Inputs:</b> ", out);
        put_count(out, nfiles_named - total(c, "files"));
        fputs(" of the ", out);
        put_counted(out, nfiles_named, "input", "inputs");
        fputs(" named could not be read (the messages on standard error say why); "
              "the counts are those of the others.</p>\n",
              out);
    }
    dates_note(out, files);
    fputs("<p class=\"muted\">An article has a headline; a fragment is text of no headline "
          "on its page (a jump from another page, a stray copy). Counts of articles in the "
          "tables below include fragments that name the entity.</p>\n",
          out);
    types_table(out, c);
    fputs("</section>\n", out);
}

/* ---- bar charts ------------------------------------------------------ *
 * One row per bar: the label right-aligned at the left, the bar, its
 * count just after it; an axis with ticks below, titled. Sizes in pixels
 * of the viewBox, which scales with the page. */

enum {
    CH_WIDTH = 560,
    CH_LABEL_END = 160, /* labels end here: room for 12 Chinese characters */
    CH_X0 = 168,        /* bars start here */
    CH_SPAN = 300,      /* the longest bar; its count fits in what is left */
    CH_TOP = 30,        /* the header row */
    CH_ROW = 24,
    CH_BAR = 16,
    CH_LABEL_UNITS = 24 /* of half an em */
};

/* A step of 1, 2 or 5 times a power of ten that cuts 0..max into about
 * four parts. */
static uint64_t tick_step(uint64_t max)
{
    for (uint64_t p = 1;; p *= 10) {
        static const uint64_t m[3] = {1, 2, 5};
        for (int k = 0; k < 3; k++)
            if (p * m[k] * 4 >= max)
                return p * m[k];
        if (p > UINT64_MAX / 100)
            return p;
    }
}

static long scale(uint64_t v, uint64_t axis_max)
{
    return (long)((v * CH_SPAN + axis_max / 2) / axis_max);
}

typedef struct chart {
    const char *id;
    const char *title;
    const char *what;  /* the header over the labels: "Province" */
    const char *axis;  /* the axis title */
    const un_stats_row *rows;
    size_t n;
} chart;

static void chart_bar(FILE *out, const un_stats_row *r, size_t i, uint64_t axis_max)
{
    long y = CH_TOP + (long)i * CH_ROW;
    long w = scale(r->articles, axis_max);
    if (w < 1)
        w = 1;
    fputs("<g><title>", out);
    esc(out, r->key);
    if (r->code.ptr) {
        fputs(" ", out);
        esc(out, r->code);
    }
    fputs(": ", out);
    put_counted(out, r->articles, "article", "articles");
    fputs(", ", out);
    put_counted(out, r->mentions, "mention", "mentions");
    fputs("</title>", out);
    /* As much of the label as fits in its half ems (a Chinese character
     * takes two, as in a terminal), with room for an ellipsis if cut. */
    size_t fit = un_display_cut(r->key.ptr, r->key.len, CH_LABEL_UNITS, 2);
    fprintf(out, "<text x=\"%d\" y=\"%ld\" text-anchor=\"end\">", CH_LABEL_END, y + 17);
    esc(out, (un_str){r->key.ptr, fit});
    if (fit < r->key.len)
        fputs("…", out);
    fprintf(out, "</text><rect class=\"b\" x=\"%d\" y=\"%ld\" width=\"%ld\" height=\"%d\"/>",
            CH_X0, y + (CH_ROW - CH_BAR) / 2, w, CH_BAR);
    fprintf(out, "<text x=\"%ld\" y=\"%ld\">", CH_X0 + w + 6, y + 17);
    put_count(out, r->articles);
    fputs("</text></g>\n", out);
}

static void chart_axis(FILE *out, long y, uint64_t step, uint64_t axis_max, const char *title)
{
    fprintf(out, "<line class=\"base\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%ld\"/>\n", CH_X0,
            CH_TOP, CH_X0, y);
    fprintf(out, "<line class=\"base\" x1=\"%d\" y1=\"%ld\" x2=\"%d\" y2=\"%ld\"/>\n", CH_X0, y,
            CH_X0 + CH_SPAN, y);
    for (uint64_t v = 0; v <= axis_max; v += step) {
        long x = CH_X0 + scale(v, axis_max);
        fprintf(out, "<line class=\"base\" x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\"/>", x, y,
                x, y + 5);
        fprintf(out, "<text class=\"axis\" x=\"%ld\" y=\"%ld\" text-anchor=\"middle\">", x,
                y + 20);
        put_count(out, v);
        fputs("</text>\n", out);
    }
    fprintf(out, "<text class=\"axis\" x=\"%d\" y=\"%ld\" text-anchor=\"middle\">",
            CH_X0 + CH_SPAN / 2, y + 40);
    esc_c(out, title);
    fputs("</text>\n", out);
}

/* Grid lines behind the bars, one per tick past zero. */
static void chart_grid(FILE *out, long y, uint64_t step, uint64_t axis_max)
{
    for (uint64_t v = step; v <= axis_max; v += step) {
        long x = CH_X0 + scale(v, axis_max);
        fprintf(out, "<line x1=\"%ld\" y1=\"%d\" x2=\"%ld\" y2=\"%ld\"/>\n", x, CH_TOP, x, y);
    }
}

static void bar_chart(FILE *out, const chart *ch)
{
    uint64_t max = 0;
    for (size_t i = 0; i < ch->n; i++)
        if (ch->rows[i].articles > max)
            max = ch->rows[i].articles;
    uint64_t step = tick_step(max);
    uint64_t axis_max = (max + step - 1) / step * step;
    long axis_y = CH_TOP + (long)ch->n * CH_ROW + 4;
    long height = axis_y + 50;
    fprintf(out, "<figure>\n<figcaption id=\"%s-title\">", ch->id);
    esc_c(out, ch->title);
    fputs("</figcaption>\n<div class=\"scroll\">", out);
    fprintf(out,
            "<svg class=\"chart\" id=\"%s\" lang=\"zh-CN\" xmlns=\"http://www.w3.org/2000/svg\" "
            "viewBox=\"0 0 %d %ld\" width=\"%d\" height=\"%ld\" role=\"img\" "
            "aria-labelledby=\"%s-title\">\n",
            ch->id, CH_WIDTH, height, CH_WIDTH, height, ch->id);
    fprintf(out, "<title>");
    esc_c(out, ch->title);
    fprintf(out, "</title>\n<text class=\"head\" x=\"%d\" y=\"18\" text-anchor=\"end\">",
            CH_LABEL_END);
    esc_c(out, ch->what);
    fprintf(out, "</text><text class=\"head\" x=\"%d\" y=\"18\">Articles</text>\n", CH_X0);
    chart_grid(out, axis_y, step, axis_max);
    for (size_t i = 0; i < ch->n; i++)
        chart_bar(out, &ch->rows[i], i, axis_max);
    chart_axis(out, axis_y, step, axis_max, ch->axis);
    fputs("</svg></div>\n</figure>\n", out);
}

static void section_places(FILE *out, const counts *c)
{
    fputs("<section id=\"places\">\n<h2>Places</h2>\n", out);
    const rowlist *prov = &c->t[R_PROVINCE], *pref = &c->t[R_PREFECTURE];
    if (!prov->n) {
        fputs("<p>No record names a place of the gazetteer.</p>\n</section>\n", out);
        return;
    }
    fputs("<p class=\"muted\">A record counts once for each province (prefecture) it names "
          "a place in, itself or one inside it; so the bars add up to more than the articles. "
          "Sorted by articles, then mentions, then name.</p>\n",
          out);
    chart ch = {"chart-province", "Articles per province", "Province",
                "articles (records naming a place in the province)", prov->v, prov->n};
    bar_chart(out, &ch);
    size_t shown = pref->n < PREFECTURE_BARS ? pref->n : PREFECTURE_BARS;
    chart cp = {"chart-prefecture", "Articles per prefecture", "Prefecture",
                "articles (records naming a place in the prefecture)", pref->v, shown};
    if (shown)
        bar_chart(out, &cp);
    if (shown < pref->n) {
        fprintf(out, "<p class=\"muted\">The %zu prefectures named in most articles of the ",
                shown);
        put_count(out, pref->n);
        fputs(" named.</p>\n", out);
    }
    fputs("</section>\n", out);
}

/* ---- tables with inline bars ----------------------------------------- */

/* A count with a bar as long as its share of the column's largest. */
static void bar_cell(FILE *out, uint64_t v, uint64_t max)
{
    unsigned permille = max ? (unsigned)(v * 1000 / max) : 0;
    if (v && !permille)
        permille = 1;
    fprintf(out, "<td class=\"v\" data-v=\"%llu\"><i>", (unsigned long long)v);
    put_count(out, v);
    fprintf(out, "</i><span class=\"bar\"><span style=\"width:%u.%u%%\"></span></span></td>",
            permille / 10, permille % 10);
}

/* The columns of a counts table besides its key: a code (and for districts
 * its level) and what the two counts are called. */
typedef struct table_spec {
    const char *id;
    const char *caption;
    const char *key_head;
    int code;  /* 0 none, 1 code, 2 code and level */
    const char *mentions_head;
    const char *articles_head;
} table_spec;

static void table_head(FILE *out, const table_spec *t)
{
    fprintf(out, "<h3 id=\"%s-title\">%s</h3>\n", t->id, t->caption);
}

static void table_open(FILE *out, const table_spec *t)
{
    fprintf(out,
            "<div class=\"scroll\"><table class=\"sort\" id=\"%s\" lang=\"zh-CN\" "
            "aria-labelledby=\"%s-title\">\n<thead><tr><th class=\"n asc\">#</th><th>%s</th>",
            t->id, t->id, t->key_head);
    if (t->code)
        fputs("<th>Code</th>", out);
    if (t->code == 2)
        fputs("<th>Level</th>", out);
    fprintf(out, "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
            t->mentions_head, t->articles_head);
}

/* The rows of l under the title of t (written before, with its note). */
static void counts_table(FILE *out, const table_spec *t, const rowlist *l, const un_gazetteer *g)
{
    table_open(out, t);
    uint64_t mmax = max_of(l, 0), amax = max_of(l, 1);
    for (size_t i = 0; i < l->n; i++) {
        const un_stats_row *r = &l->v[i];
        fprintf(out, "<tr><td class=\"n\">%zu</td><td class=\"k\">", i + 1);
        esc(out, r->key);
        fputs("</td>", out);
        if (t->code) {
            fputs("<td>", out);
            if (r->code.ptr)
                esc(out, r->code);
            fputs("</td>", out);
        }
        if (t->code == 2) {
            fputs("<td>", out);
            un_str lv = cli_district_level(g, r->code);
            if (lv.ptr)
                esc(out, lv);
            fputs("</td>", out);
        }
        bar_cell(out, r->mentions, mmax);
        bar_cell(out, r->articles, amax);
        fputs("</tr>\n", out);
    }
    if (!l->n)
        fprintf(out, "<tr><td></td><td colspan=\"%d\">none</td></tr>\n", 3 + t->code);
    fputs("</tbody>\n</table></div>\n", out);
}

/* How many distinct entities of a type there are, for "20 of 153". */
static uint64_t distinct(const counts *c, const char *type)
{
    const un_stats_row *r = find_row(c, R_DISTINCT, type);
    return r ? r->mentions : 0;
}

static void shown_note(FILE *out, size_t shown, uint64_t all, const char *what)
{
    fputs("<p class=\"muted\">", out);
    if (shown < all) {
        fprintf(out, "The %zu named most of ", shown);
        put_count(out, all);
        fprintf(out, " distinct %s", what);
    } else {
        fputs("All ", out);
        put_count(out, all);
        fprintf(out, " distinct %s", what);
    }
    fputs("; by mentions, then articles, then name. Click a header to sort.</p>\n", out);
}

static void section_entities(FILE *out, const counts *c, const un_gazetteer *g)
{
    static const struct {
        int k;
        const char *type, *plural;
        table_spec spec;
    } tables[] = {
        {R_DISTRICT, "district", "districts",
         {"table-district", "Districts named most", "District", 2, "Mentions", "Articles"}},
        {R_UNION, "union", "unions",
         {"table-union", "Unions named most", "Union", 1, "Mentions", "Articles"}},
        {R_PROGRAMME, "programme", "programmes",
         {"table-programme", "Programmes named most", "Programme", 0, "Mentions", "Articles"}},
        {R_COMPANY, "company", "companies",
         {"table-company", "Companies named most", "Company", 0, "Mentions", "Articles"}},
        {R_PERSON, "person", "people",
         {"table-person", "People named most", "Person", 0, "Mentions", "Articles"}},
    };
    fputs("<section id=\"entities\">\n<h2>Named most</h2>\n", out);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        table_head(out, &tables[i].spec);
        shown_note(out, c->t[tables[i].k].n, distinct(c, tables[i].type), tables[i].plural);
        counts_table(out, &tables[i].spec, &c->t[tables[i].k], g);
    }
    fputs("</section>\n", out);
}

static void section_figures(FILE *out, const counts *c, const un_gazetteer *g)
{
    fputs("<section id=\"figures\">\n<h2>Figures</h2>\n"
          "<p class=\"muted\">Quantities written in the text, by their unit ((none): a bare "
          "number with a multiplier, 21万); by figures, then articles, then unit.</p>\n",
          out);
    table_spec t = {"table-unit", "Figures by unit", "Unit", 0, "Figures", "Articles"};
    table_head(out, &t);
    counts_table(out, &t, &c->t[R_UNIT], g);
    fputs("</section>\n", out);
}

static void section_authors(FILE *out, const counts *c, const un_gazetteer *g)
{
    fputs("<section id=\"authors\">\n<h2>Authors</h2>\n"
          "<p class=\"muted\">People of the bylines by the role printed beside them "
          "((none): no role printed).</p>\n",
          out);
    table_spec roles = {"table-role", "Authors by role", "Role", 0, "Authors", "Articles"};
    table_head(out, &roles);
    counts_table(out, &roles, &c->t[R_ROLE], g);
    table_spec names = {"table-author", "Authors named most", "Author", 0, "Bylines",
                        "Articles"};
    table_head(out, &names);
    fputs("<p class=\"muted\">The ", out);
    put_count(out, c->t[R_AUTHOR].n);
    fputs(" named in most bylines; by bylines, then articles, then name.</p>\n", out);
    counts_table(out, &names, &c->t[R_AUTHOR], g);
    fputs("</section>\n", out);
}

static void article_row(FILE *out, const art_row *r)
{
    fputs("<tr><td>", out);
    esc(out, r->file);
    fprintf(out, "</td><td class=\"n\">%llu</td><td>", (unsigned long long)r->line);
    esc(out, r->headline);
    fputs("</td><td>", out);
    esc(out, r->authors);
    fputs("</td><td>", out);
    esc(out, r->districts);
    fputs("</td></tr>\n", out);
}

static void section_articles(FILE *out, const report *rep, const counts *c)
{
    fputs("<section id=\"articles\">\n<h2 id=\"articles-title\">Articles</h2>\n<p>", out);
    if (rep->nrows < rep->narticles) {
        fputs("The table lists the first ", out);
        put_count(out, rep->nrows);
        fputs(" of the ", out);
        put_count(out, rep->narticles);
        fputs(" articles, in the order of the files (<code>--rows</code> sets how many); "
              "the counts above are of all.",
              out);
    } else {
        fputs("Every article, in the order of the files", out);
        fputs(total(c, "fragments") ? " (fragments have no headline and are not listed)."
                                    : ".",
              out);
    }
    fputs(" Line is where the article starts.</p>\n", out);
    fputs("<p class=\"filter\"><label for=\"filter\">Filter</label> "
          "<input id=\"filter\" type=\"search\" autocomplete=\"off\" "
          "placeholder=\"headline, author, place, file\"> <span id=\"shown\" "
          "aria-live=\"polite\">",
          out);
    fprintf(out, "%zu of %zu shown</span></p>\n", rep->nrows, rep->nrows);
    fputs("<div class=\"scroll\"><table class=\"sort\" id=\"article-table\" lang=\"zh-CN\" "
          "aria-labelledby=\"articles-title\">\n<thead><tr><th>File</th>"
          "<th class=\"n asc\">Line</th><th>Headline</th><th>Authors</th>"
          "<th>Districts</th></tr></thead>\n<tbody>\n",
          out);
    if (rep->rows.len) {
        const char *p = rep->rows.p, *end = rep->rows.p + rep->rows.len;
        art_row r;
        while (decode_row(&p, end, &r))
            article_row(out, &r);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", out);
}

static void page_tail(FILE *out)
{
    fprintf(out, "</main>\n<footer>Made by " PROG " %s report.</footer>\n<script>\n",
            un_version());
    fputs(page_js, out);
    fputs("</script>\n</body>\n</html>\n", out);
}

static void write_page(FILE *out, const report *rep, const counts *c, char **files,
                       size_t nnamed)
{
    page_head(out, c);
    page_header(out, c, rep->g);
    section_summary(out, c, files, nnamed);
    section_places(out, c);
    section_entities(out, c, rep->g);
    section_figures(out, c, rep->g);
    section_authors(out, c, rep->g);
    section_articles(out, rep, c);
    page_tail(out);
}

/* ---- where the page goes ---------------------------------------------- */

/* Standard output, or a temporary file beside path that takes path's
 * name once the page is whole, so that no failure leaves half a page. */
typedef struct sink {
    FILE *f;
    const char *path; /* NULL for standard output */
    char *tmp;
} sink;

static int sink_open(sink *s, const char *path)
{
    memset(s, 0, sizeof *s);
    if (!path || strcmp(path, "-") == 0) {
        s->f = stdout;
        return 0;
    }
    s->path = path;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t n = dirlen + strlen(base) + 16;
    s->tmp = xcalloc(1, n);
    snprintf(s->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(s->tmp);
    if (fd < 0 || !(s->f = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(s->tmp);
        }
        cli_error("cannot write '%s': %s", path, strerror(e));
        free(s->tmp);
        s->tmp = NULL;
        return -1;
    }
    return 0;
}

/* Gives the file the mode a new file gets (mkstemp made it private). */
static int sink_mode(sink *s)
{
    mode_t mask = umask(0);
    umask(mask);
    return fchmod(fileno(s->f), 0666 & ~mask);
}

/* Finishes the page: 0, or -1 after a message (the file then stays as it
 * was). For standard output, cli_finish_output checks. */
static int sink_close(sink *s)
{
    if (!s->path)
        return 0;
    errno = 0;
    int bad = fflush(s->f) != 0 || ferror(s->f) || sink_mode(s) != 0 || fsync(fileno(s->f)) != 0;
    int e = errno;
    if (fclose(s->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    s->f = NULL;
    if (!bad && rename(s->tmp, s->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(s->tmp);
        cli_error("cannot write '%s': %s", s->path, e ? strerror(e) : "write error");
    }
    free(s->tmp);
    s->tmp = NULL;
    return bad ? -1 : 0;
}

/* ---- the command ------------------------------------------------------ */

static int number_option(const char *name, const char *arg, size_t *out)
{
    char *end;
    long long v = strtoll(arg, &end, 10);
    if (*arg < '0' || *arg > '9' || *end || v < 0 || v > 100000000) {
        cli_error("--%s needs a number, 0 or more, not '%s'", name, arg);
        return -1;
    }
    *out = (size_t)v;
    return 1;
}

typedef struct report_args {
    const char *output;
    size_t top, rows;
    cli_input in;
} report_args;

/* Parses the options; returns -1 to go on, else the exit status. */
static int parse_args(report_args *a, int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"top", required_argument, NULL, OPT_REPORT_TOP},
                                             {"rows", required_argument, NULL, OPT_ROWS},
                                             CLI_INPUT_OPTIONS,
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->top = DEFAULT_TOP;
    a->rows = DEFAULT_ROWS;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:qh", longopts, NULL)) != -1) {
        int handled;
        if (c == 'h') {
            fputs(usage_report, stdout);
            return cli_finish_output(EXIT_MATCH);
        } else if (c == 'o') {
            a->output = optarg;
            handled = 1;
        } else if (c == OPT_REPORT_TOP) {
            handled = number_option("top", optarg, &a->top);
        } else if (c == OPT_ROWS) {
            handled = number_option("rows", optarg, &a->rows);
        } else {
            handled = cli_input_option(&a->in, c, optarg);
        }
        if (handled < 0)
            return EXIT_TROUBLE;
        if (!handled) {
            fputs(usage_report, stderr);
            return EXIT_TROUBLE;
        }
    }
    return -1;
}

int cmd_report(int argc, char **argv)
{
    report_args args;
    int status = parse_args(&args, argc, argv);
    if (status >= 0)
        return status;
    char **files = argv + optind;
    size_t nnamed = 0;
    while (files[nnamed])
        nnamed++;
    cli_session *ses = cli_session_open(&args.in);
    if (!ses)
        return EXIT_TROUBLE;
    sink out;
    if (sink_open(&out, args.output) < 0) {
        cli_session_close(ses);
        return EXIT_TROUBLE;
    }
    report rep;
    memset(&rep, 0, sizeof rep);
    rep.g = cli_session_gazetteer(ses);
    rep.max_rows = args.rows;
    rep.main.rep = &rep;
    rep.main.stats = un_stats_new(rep.g);
    cli_job job = {on_record, &rep.main, worker_new, worker_free, file_begin,
                   NULL,      absorb,    merge,      NULL,        NULL,
                   NULL,      NULL,      NULL};
    size_t nread = 0;
    status = cli_session_run(ses, files, &job, &nread);
    for (size_t i = 0; i < nread; i++)
        un_stats_file(rep.main.stats);
    counts c;
    memset(&c, 0, sizeof c);
    un_stats_options so = {args.top, "all"};
    un_stats_rows(rep.main.stats, &so, collect_row, &c);
    write_page(out.f, &rep, &c, files, nnamed ? nnamed : 1);
    if (sink_close(&out) < 0)
        status = EXIT_TROUBLE;
    counts_free(&c);
    un_stats_free(rep.main.stats);
    cli_buf_free(&rep.rows);
    cli_buf_free(&rep.main.row);
    cli_session_close(ses);
    return cli_finish_output(status);
}
