/* byline.h: recognising bylines and photo credits, and their people.
 *
 * Three places hold a byline on a page: the start of the lead paragraph
 * (`记者杜成敏 通讯员项微报道 职工…`, `本报讯(记者 叶武杰 倪妮 通讯员 林琳)4月28日…`),
 * the end of the last paragraph (`…表彰。(记者 吴晓静 通讯员 曾子龙)`,
 * `…过年!” 大皖新闻记者 张洪金`), and a line of its own (`■通讯员周建巨、柳庭和`,
 * `邓华 摄`, `【编辑:龚忻】`, `秋冰 许一铭`). The grammar is the same in all three:
 * role words (data/roles.tsv) before or after runs of two to four Han
 * characters, separated by spaces or 、. */
#ifndef UN_BYLINE_H
#define UN_BYLINE_H

#include "lexicon.h"
#include "unionnews/reader.h"

#define UN_BYLINE_MAX 16

typedef struct un_byline {
    size_t start;   /* byte offset of the byline in the parsed text */
    size_t end;     /* byte offset just past it (and past 报道) */
    size_t body;    /* lead bylines: where the body text starts */
    size_t n;       /* authors found */
    size_t n_roles; /* how many of them have a role */
    un_author authors[UN_BYLINE_MAX]; /* views into the parsed text */
} un_byline;

/* A byline at the start of s[0..n) followed by body text. Every name needs
 * a role. Returns 1 and fills *b, else 0. */
int un_byline_lead(const un_lexicon *lx, const char *s, size_t n, un_byline *b);

/* A byline at the end of s[0..n): in brackets, or after the last sentence.
 * names_ok allows names without any role (`(徐斌)`); the caller grants it
 * where the position alone makes a byline likely. Returns 1 and fills *b. */
int un_byline_tail(const un_lexicon *lx, const char *s, size_t n, int names_ok, un_byline *b);

/* s[0..n) as a whole is a byline line. Names without a role must begin
 * with a known surname. Returns 1 and fills *b. */
int un_byline_line(const un_lexicon *lx, const char *s, size_t n, un_byline *b);

/* A photo credit at the end of a caption (`…比赛。周建巨 摄`,
 * `慰问活动现场 记者石家豪摄`): names followed by 摄 or a role before them.
 * Returns 1 and fills *b. */
int un_byline_credit(const un_lexicon *lx, const char *s, size_t n, un_byline *b);

#endif
