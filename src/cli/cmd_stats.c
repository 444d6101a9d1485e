/* cmd_stats.c: `unionnews stats`: the pages at a glance: every article
 * with its lines and headline, then the totals. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_stats[] =
    "usage: " PROG " stats [--gazetteer FILE] [--province P] [FILE...]\n"
    "\n"
    "Lists the articles of each page (file, id, lines, headline), then the\n"
    "totals: files read, articles, fragments, paragraphs, characters and\n"
    "authors by role. Without FILE, or with '-', reads standard input.\n"
    "\n"
    CLI_INPUT_HELP
    "  -h, --help            show this help\n";

typedef struct role_count {
    char *role;
    size_t count;
} role_count;

typedef struct totals {
    un_table *list;
    size_t files, articles, fragments, paragraphs, chars, authors;
    role_count *roles;
    size_t nroles;
} totals;

static void count_role(totals *t, un_str role)
{
    const char *name = role.ptr && role.len ? role.ptr : "(none)";
    size_t len = role.ptr && role.len ? role.len : strlen("(none)");
    for (size_t i = 0; i < t->nroles; i++)
        if (strlen(t->roles[i].role) == len && memcmp(t->roles[i].role, name, len) == 0) {
            t->roles[i].count++;
            return;
        }
    role_count *grown = realloc(t->roles, (t->nroles + 1) * sizeof *grown);
    char *copy = malloc(len + 1);
    if (!grown || !copy) {
        cli_error("out of memory");
        exit(EXIT_TROUBLE);
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    t->roles = grown;
    t->roles[t->nroles].role = copy;
    t->roles[t->nroles].count = 1;
    t->nroles++;
}

static int on_record(void *ctx, const un_article *a)
{
    totals *t = ctx;
    if (a->kind == UN_KIND_ARTICLE)
        t->articles++;
    else
        t->fragments++;
    t->paragraphs += a->paragraphs;
    t->chars += a->chars;
    t->authors += a->n_authors;
    for (size_t i = 0; i < a->n_authors; i++)
        count_role(t, a->authors[i].role);
    if (a->kind == UN_KIND_ARTICLE) {
        char id[32], lines[64];
        snprintf(id, sizeof id, "%zu", a->id);
        snprintf(lines, sizeof lines, "%zu-%zu", a->line_start, a->line_end);
        un_str cells[4] = {a->file, {id, strlen(id)}, {lines, strlen(lines)}, a->headline};
        if (un_table_row(t->list, cells) != UN_OK)
            cli_write_failed();
    }
    return 0;
}

static int by_count(const void *x, const void *y)
{
    const role_count *a = x, *b = y;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(a->role, b->role);
}

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             CLI_INPUT_OPTIONS,
                                             {NULL, 0, NULL, 0}};
    cli_input in = {NULL, NULL};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_stats, stdout);
            return cli_finish_output(EXIT_MATCH);
        }
        if (cli_input_option(&in, c, optarg))
            continue;
        fputs(usage_stats, stderr);
        return EXIT_TROUBLE;
    }
    static const char *const heads[] = {"FILE", "ID", "LINES", "HEADLINE"};
    totals t;
    memset(&t, 0, sizeof t);
    t.list = un_table_new(stdout, 4, heads, 0, cli_table_width());
    un_table_align_right(t.list, 1);
    int status = cli_read(argv + optind, &in, on_record, &t, &t.files);
    if (un_table_finish(t.list) != UN_OK)
        cli_write_failed();
    un_table_free(t.list);
    printf("\n");
    static const char *const kv[] = {"TOTAL", "COUNT"};
    un_table *sum = un_table_new(stdout, 2, kv, 0, 0);
    un_table_align_right(sum, 1);
    const char *names[] = {"files", "articles", "fragments", "paragraphs", "characters", "authors"};
    size_t values[] = {t.files, t.articles, t.fragments, t.paragraphs, t.chars, t.authors};
    char num[32];
    for (size_t i = 0; i < 6; i++) {
        snprintf(num, sizeof num, "%zu", values[i]);
        un_str cells[2] = {{names[i], strlen(names[i])}, {num, strlen(num)}};
        un_table_row(sum, cells);
    }
    qsort(t.roles, t.nroles, sizeof *t.roles, by_count);
    for (size_t i = 0; i < t.nroles; i++) {
        char label[128];
        snprintf(label, sizeof label, "authors: %s", t.roles[i].role);
        snprintf(num, sizeof num, "%zu", t.roles[i].count);
        un_str cells[2] = {{label, strlen(label)}, {num, strlen(num)}};
        un_table_row(sum, cells);
        free(t.roles[i].role);
    }
    if (un_table_finish(sum) != UN_OK)
        cli_write_failed();
    un_table_free(sum);
    free(t.roles);
    return cli_finish_output(status);
}
