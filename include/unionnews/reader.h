/* unionnews/reader.h: page text in, article records out.
 *
 * The reader takes the bytes of one input (a page file, or stdin) in chunks
 * of any size and turns them into the records that spec/records.md defines:
 * one per article (it has a headline) or fragment (text on the page that
 * belongs to no headline). The records do not depend on where the chunks
 * split.
 *
 * Usage:
 *
 *     un_reader *r = un_reader_new(NULL);
 *     un_reader_begin(r, "page.txt", 8);
 *     while ((n = read(fd, buf, sizeof buf)) > 0) {
 *         un_reader_feed(r, buf, n);
 *         while ((a = un_reader_next(r)) != NULL) ...use a...
 *     }
 *     un_reader_finish(r);
 *     while ((a = un_reader_next(r)) != NULL) ...use a...
 *     un_reader_free(r);
 *
 * A page is analysed as a whole, so records usually appear only after
 * un_reader_finish; an input larger than the window (un_reader_options)
 * is analysed window by window so that memory stays bounded.
 */
#ifndef UNIONNEWS_READER_H
#define UNIONNEWS_READER_H

#include <stddef.h>
#include <stdint.h>

#include "unionnews/base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum un_kind {
    UN_KIND_ARTICLE = 0,
    UN_KIND_FRAGMENT = 1
} un_kind;

/* One person of a byline with the role printed beside them. role.ptr is
 * NULL when the byline names no role (a bare "(徐斌)"). */
typedef struct un_author {
    un_str name;
    un_str role;
} un_author;

/* One of the places a mention may mean, when it stays ambiguous. */
typedef struct un_candidate {
    un_str name;
    un_str code;
} un_candidate;

/* An entity mention, filled by the indexer (unionnews/index.h). */
typedef struct un_entity {
    un_str type;   /* "district", ... */
    un_str text;   /* as printed */
    un_str name;   /* canonical, simplified: for a district its official full
                      name (of the successor, for a unit that no longer exists) */
    un_str code;   /* GB/T 2260 code, or null */
    un_str level;  /* districts: province, prefecture, county, town */
    size_t line;
    un_str status; /* null; "historical" (the printed unit was renamed or
                      merged: former_* say which); "ambiguous" (name and code
                      null, candidates say which places it may be) */
    un_str former_name;
    un_str former_code;
    const un_candidate *candidates;
    size_t n_candidates;
    size_t segment; /* where it was printed: the index of its segment in */
    size_t offset;  /* the record's segments, and the byte offset there */
} un_entity;

/* A figure: a quantity as printed, filled by the indexer. */
typedef struct un_figure {
    un_str text;      /* as printed, with its qualifier words (近10万人) */
    un_str value;     /* the number as decimal text, multiplier applied
                         (215045 for 21.5045万人); for a range its low end */
    un_str value_to;  /* a range's high end (3至5人: 5), or null */
    un_str unit;      /* 人, 名, %, 元, 年 (a duration), ...; null for a bare
                         number with a multiplier (21万) */
    un_str qualifier; /* ">=" (以上), ">" (余, 多, 逾), "<=" (以下), "~" (约,
                         近, 左右), or null */
    un_str subject;   /* what it counts where the sentence says (技能人才
                         达到21.5045万人: 技能人才), or null */
    size_t line;
} un_figure;

/* Where a record's searchable text comes from: its title lines, subheads,
 * captions and the paragraphs of its body, in page order, each with the
 * line it was printed on. Body segments are views into the record's body;
 * a paragraph that a column break cut is one segment whose pieces stood on
 * different lines (un_segment_line tells which). */
typedef enum un_segment_kind {
    UN_SEG_SECTION,
    UN_SEG_KICKER,
    UN_SEG_HEADLINE,
    UN_SEG_DECK,
    UN_SEG_SUBHEAD,
    UN_SEG_CAPTION,
    UN_SEG_BODY
} un_segment_kind;

/* Where a piece of a rejoined paragraph begins, and its line. */
typedef struct un_piece {
    size_t offset; /* byte offset in the segment's text */
    size_t line;
} un_piece;

typedef struct un_segment {
    un_segment_kind kind;
    un_str text;
    size_t line;            /* of its first piece */
    const un_piece *pieces; /* the later pieces, for a rejoined paragraph */
    size_t n_pieces;
} un_segment;

/* The line on which byte offset off of a segment's text was printed. */
size_t un_segment_line(const un_segment *s, size_t off);

/* An article record. Every view and array points into memory owned by the
 * reader that returned it, valid until the next call of un_reader_feed,
 * un_reader_finish, un_reader_begin or un_reader_free. */
typedef struct un_article {
    un_str file;        /* the name given to un_reader_begin */
    size_t id;          /* 1-based, in order of appearance in the input */
    un_kind kind;
    un_str section;     /* a banner over one or more stories, or null */
    un_str kicker;      /* 引题, or null */
    un_str headline;    /* 主题; null for fragments */
    un_str deck;        /* 副题, or null */
    un_str byline;      /* as printed, without body text; or null */
    const un_author *authors;
    size_t n_authors;
    size_t line_start;  /* 1-based, inclusive */
    size_t line_end;
    const un_str *subheads;
    size_t n_subheads;
    const un_str *captions;
    size_t n_captions;
    size_t paragraphs;  /* paragraphs in body, after rejoining */
    size_t chars;       /* characters (code points) in body, without the
                           newlines between paragraphs */
    un_str body;        /* paragraphs joined by "\n" */
    const un_entity *entities;
    size_t n_entities;
    const un_figure *figures;
    size_t n_figures;
    const un_segment *segments; /* the searchable text, see above */
    size_t n_segments;
} un_article;

typedef struct un_reader un_reader;

/* Called with the records of each analysed page before they are handed
 * out, so that a later stage (the indexer) can fill fields such as
 * entities with the whole page in view. Memory for what it adds comes from
 * un_reader_alloc and lives as long as the records. */
typedef void (*un_page_hook)(void *ctx, un_reader *r, un_article *records, size_t n);

/* The longest line read by default, in bytes. */
#define UN_MAX_LINE_DEFAULT ((size_t)128 << 20)

/* Tuning; zero fields take the defaults. */
typedef struct un_reader_options {
    /* Bytes of decoded text analysed as one page. Input beyond it is cut at
     * a line boundary and analysed as the next window. Default 16 MiB. */
    size_t window;
    un_page_hook page_hook; /* may be NULL */
    void *page_ctx;
    /* The longest line read, in bytes: a longer one stops the input with
     * UN_ERR_LIMIT and a UN_DIAG_LINE_TOO_LONG on its line, never a silent
     * cut. Default UN_MAX_LINE_DEFAULT (128 MiB). */
    size_t max_line;
} un_reader_options;

/* Memory that lives as long as the current records (for page hooks).
 * Never NULL; aligned for any type. */
void *un_reader_alloc(un_reader *r, size_t n);

/* Creates a reader. opt may be NULL for defaults. Never returns NULL
 * (aborts when out of memory). Free it with un_reader_free. */
un_reader *un_reader_new(const un_reader_options *opt);

/* Frees the reader and every record it returned. NULL is a no-op. */
void un_reader_free(un_reader *r);

/* Starts a new input named name (copied; used for the records' file
 * field). Discards any state and records of the previous input. */
void un_reader_begin(un_reader *r, const char *name, size_t name_len);

/* Feeds the next len bytes of the input. Returns UN_OK, or
 * UN_ERR_NOT_TEXT when the input is judged not to be UTF-8 text (most of
 * its bytes are invalid); after that the input is ignored up to the next
 * un_reader_begin and yields no records. */
int un_reader_feed(un_reader *r, const void *data, size_t len);

/* The same, where the caller has found data[0..checked) well-formed UTF-8
 * with ascii bytes of ASCII (un_encoding_guess's utf8_checked and
 * utf8_ascii, for the bytes un_encoding_detect was given): the reader
 * takes that instead of checking those bytes again. On the first feed of
 * an input only, with checked <= len; on a later feed, or with checked 0,
 * it checks as un_reader_feed does. */
int un_reader_feed_checked(un_reader *r, const void *data, size_t len, size_t checked,
                           size_t ascii);

/* After un_reader_begin, before the first feed: the offsets in the input
 * (from its first byte) of all its line feeds, in order, n of them, where
 * the input holds no CR (un_match_scan_line_feeds gives such a list, of
 * the input it looked at). The reader ends lines there instead of looking
 * for them; lf must stay until un_reader_finish. An offset that holds no
 * line feed is noticed, and the reader finds the rest itself. */
void un_reader_set_line_feeds(un_reader *r, const uint32_t *lf, size_t n);

/* Ends the input: analyses what is left and makes its records available.
 * Returns UN_OK or UN_ERR_NOT_TEXT as un_reader_feed. */
int un_reader_finish(un_reader *r);

/* Returns the next available record, or NULL when there is none for now. */
const un_article *un_reader_next(un_reader *r);

/* Says whether a record holding the given (1-based) line may be wanted. */
typedef int (*un_line_filter)(void *ctx, size_t line);

/* Sets (or, with fn NULL, clears) a line filter: a promise that whatever
 * the caller wants ends on a line fn wants, as the input reads with its
 * line breaks, spaces, tabs and U+3000 left out (a name may run across
 * them). A record none of whose lines fn wants (nor its section's), whose
 * text joins no paragraph to text other than what follows it so read, is
 * then not made: a page hook sees it empty (kind and lines only, no
 * segments) unless it asks for the page's records with
 * un_reader_make_held, and un_reader_next passes over it. Its id is
 * used up all the same. grep uses it to make only the records its first
 * look found a name on. */
void un_reader_set_line_filter(un_reader *r, un_line_filter fn, void *ctx);

/* Asked by a reader in sparse reading (un_reader_set_sparse), with the
 * line filter's ctx. With text NULL: may the input being read be read so?
 * Else: may a record the caller wants hold this line (line, and its text
 * trimmed, text[0..len))? A promise like the line filter's, but for every
 * such record: it holds a line fn wants, or a line whose end fn wants
 * (what it wants may run on into a line joined to it: a paragraph cut by
 * a column break may be joined to text other than the line after it). */
typedef int (*un_sparse_filter)(void *ctx, size_t line, const char *text, size_t len);

/* With a line filter: sets (or, with fn NULL, clears) sparse reading. A
 * page is then analysed only around the lines fn wants, from a headline
 * that starts an article whatever came before it to the next headline
 * after which no article takes a section from before; only the records
 * there are made or held back, as the line filter says. Where that cannot
 * be told apart (a text printed more than eight times, a banner waiting
 * at the end, ...), or a page hook asks for the held records, the page is
 * read whole. Every record fn's promise covers comes as a whole reading
 * with the line filter makes it, and ids count only the records made. For
 * callers that never show an id (grep's lines and counts). */
void un_reader_set_sparse(un_reader *r, un_sparse_filter fn);

/* From a page hook: makes the records of the page that the line filter
 * held back, in place, as they would have been made without it. Returns
 * 1, or 0 for a page read in part (sparse reading): the hook should then
 * return at once, and it is called again with the page read whole. */
int un_reader_make_held(un_reader *r);

/* Diagnostics about the input that are ready to report, in line order.
 * un_reader_diag returns the i-th (0 <= i < un_reader_diag_count). They
 * stay until un_reader_clear_diags or the next un_reader_begin. While the
 * reader is still judging whether the input is text at all, diagnostics
 * are held back, so a rejected input yields none. */
size_t un_reader_diag_count(const un_reader *r);
const un_diag *un_reader_diag(const un_reader *r, size_t i);
void un_reader_clear_diags(un_reader *r);

#ifdef __cplusplus
}
#endif

#endif
