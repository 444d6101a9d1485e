/* blocks.c: a developer's view of the reader's decisions: one line per
 * block with its line number, shape, flags, role and record.
 *
 *     blocks FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "reader_trace.h"
#include "text.h"

static void show(void *ctx, const un_block *b, const char *role, long owner, int stray)
{
    (void)ctx;
    static const struct {
        unsigned flag;
        const char *name;
    } flags[] = {{UN_BF_DANGLING, "dangling"}, {UN_BF_COMMA, "comma"},
                 {UN_BF_LEAD_BYLINE, "lead"},  {UN_BF_TAIL_BYLINE, "tail"},
                 {UN_BF_NAMES_ONLY, "names"},  {UN_BF_END, "end"},
                 {UN_BF_AUTHOR, "author"},     {UN_BF_DATE, "date"},
                 {UN_BF_LABEL, "label"},       {UN_BF_CREDIT, "credit"},
                 {UN_BF_EXCLAIM, "exclaim"}};
    char f[128] = "";
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (b->flags & flags[i].flag) {
            if (f[0])
                strcat(f, ",");
            strcat(f, flags[i].name);
        }
    /* The first 30 characters of the line. */
    const char *p = b->text, *end = b->text + b->len;
    for (int k = 0; k < 30 && p < end; k++)
        un_utf8_next(&p, end);
    printf("%4zu %3ld %-8s %-8s %s%-22s %.*s%s\n", b->line, owner, un_shape_name(b->shape), role,
           stray ? "STRAY " : "", f, (int)(p - b->text), b->text, p < end ? "…" : "");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: blocks FILE\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    un_reader *r = un_reader_new(NULL);
    un_reader_set_trace(r, show, NULL);
    un_reader_begin(r, argv[1], strlen(argv[1]));
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        un_reader_feed(r, buf, n);
    un_reader_finish(r);
    un_reader_free(r);
    fclose(in);
    return 0;
}
