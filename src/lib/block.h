/* block.h: the shape of one block (a non-empty line of the page), decided
 * from the line alone: its length, its punctuation, how it starts and
 * ends. What a block *is* in its article (headline or subhead, body or
 * stray copy) the reader decides from the shapes around it. */
#ifndef UN_BLOCK_H
#define UN_BLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lexicon.h"

typedef enum un_shape {
    UN_SHAPE_PARA,       /* body text: sentences, or a piece of one */
    UN_SHAPE_TITLE,      /* short, without sentence punctuation */
    UN_SHAPE_TITLE_WEAK, /* title-like with a comma inside: a title, or the
                            head of a paragraph that a column break cut */
    UN_SHAPE_META,       /* source, date, URL, view counter, print edition */
    UN_SHAPE_BANNER,     /* a page banner: 00002版:浙工会, 第01版 */
    UN_SHAPE_CAPTION,    /* a photo caption: 图为…, or a line with a credit */
    UN_SHAPE_BYLINE      /* a line that is only a byline */
} un_shape;

/* Flags of a block. */
enum {
    UN_BF_DANGLING = 1 << 0,   /* ends mid-sentence */
    UN_BF_COMMA = 1 << 1,      /* has a comma */
    UN_BF_LEAD_BYLINE = 1 << 2,/* PARA that opens with a byline */
    UN_BF_TAIL_BYLINE = 1 << 3,/* PARA or CAPTION that ends with a byline */
    UN_BF_NAMES_ONLY = 1 << 4, /* BYLINE of names without any role */
    UN_BF_END = 1 << 5,        /* META or BYLINE that closes an article
                                  (本文转自, 编辑:X) */
    UN_BF_AUTHOR = 1 << 6,     /* META that names an author (作者:X) */
    UN_BF_DATE = 1 << 7,       /* META that is only a date or time */
    UN_BF_LABEL = 1 << 8,      /* TITLE of at most four characters */
    UN_BF_CREDIT = 1 << 9,     /* CAPTION that ends with a photo credit */
    UN_BF_EXCLAIM = 1 << 10,   /* TITLE that ends with ! or ? */
    UN_BF_NONSTART = 1 << 11,  /* begins with what cannot begin a sentence */
    UN_BF_JUMP_IN = 1 << 12,   /* PARA that opens with (上接第一版) */
    UN_BF_JUMP_OUT = 1 << 13   /* PARA that ends with (下转第三版) */
};

typedef struct un_block {
    size_t line;       /* 1-based line number */
    const char *text;  /* trimmed line, into the page text */
    size_t len;
    size_t nchars;     /* code points */
    un_shape shape;
    unsigned flags;
    size_t lead_end;   /* LEAD_BYLINE: byte offset where the body starts */
    size_t tail_start; /* TAIL_BYLINE: byte offset where the byline starts */
    uint64_t hash;     /* of text, for finding copies */
} un_block;

/* Fills the shape, flags and byline offsets of b from b->text, b->len. */
void un_block_classify(const un_lexicon *lx, un_block *b);

/* Longest title line, in characters. */
#define UN_TITLE_MAX_CHARS 50
/* Longest banner (第3版, 00002版:要闻), in characters. */
#define UN_BANNER_MAX_CHARS 40

/* What the shapes un_block_classify gives need of a line's bytes, for a
 * caller that would rather not classify it (a character takes at most
 * four bytes): a title line (TITLE, TITLE_WEAK), or a line of bare names
 * (BYLINE with UN_BF_NAMES_ONLY), has no more than 4 * UN_TITLE_MAX_CHARS;
 * a banner no more than 4 * UN_BANNER_MAX_CHARS, and holds 版. */
static inline int un_block_may_be_title(size_t len)
{
    return len <= 4 * UN_TITLE_MAX_CHARS;
}

static inline int un_block_may_be_banner(const char *s, size_t len)
{
    return len <= 4 * UN_BANNER_MAX_CHARS && memmem(s, len, "版", 3) != NULL;
}

#endif
