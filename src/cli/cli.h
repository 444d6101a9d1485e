/* cli.h: what the commands share: reading inputs into records, messages,
 * output checks and exit status. The CLI speaks only through these and
 * the public headers of the library. */
#ifndef UN_CLI_H
#define UN_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "unionnews.h"
#include "unionnews/index.h"

/* Exit status, as grep: 0 success or match, 1 nothing matched, 2 error. */
enum { EXIT_MATCH = 0, EXIT_NOMATCH = 1, EXIT_TROUBLE = 2 };

/* The program name in messages. */
#define PROG "unionnews"

/* Prints "unionnews: MESSAGE" and a newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called with each record; returns 0 to go on, non-zero to stop reading. */
typedef int (*cli_record_fn)(void *ctx, const un_article *a);

/* How inputs are read: the options every reading command shares. */
typedef struct cli_input {
    const char *gazetteer; /* --gazetteer FILE, or NULL for the embedded one */
    const char *province;  /* --province NAME|CODE, or NULL */
    int jobs;              /* -j N: threads; 0 for one per core */
    const char *encoding;  /* --encoding NAME; NULL (or "auto") to detect */
    int binary_text;       /* --binary text: read files with NUL bytes */
    int quiet;             /* -q: no notes ("decoded as GB18030") */
    size_t max_line;       /* --max-line-bytes N; 0 for the default */
} cli_input;

/* The long options of cli_input, for getopt_long tables (and 'j:' in the
 * short ones), and their handling: returns 1 when opt was one of them, 0
 * when not, -1 after an error message. */
enum { OPT_GAZETTEER = 1000, OPT_PROVINCE, OPT_ENCODING, OPT_BINARY, OPT_MAX_LINE };
#define CLI_INPUT_OPTIONS                                                                      \
    {"gazetteer", required_argument, NULL, OPT_GAZETTEER},                                    \
        {"province", required_argument, NULL, OPT_PROVINCE},                                  \
        {"jobs", required_argument, NULL, 'j'},                                               \
        {"encoding", required_argument, NULL, OPT_ENCODING},                                  \
        {"binary", required_argument, NULL, OPT_BINARY},                                      \
        {"max-line-bytes", required_argument, NULL, OPT_MAX_LINE},                            \
        {"quiet", no_argument, NULL, 'q'}
int cli_input_option(cli_input *in, int opt, const char *arg);

/* The help lines of those options. */
#define CLI_INPUT_HELP                                                                         \
    "  -j, --jobs N          read files in N threads (default: one per core);\n"             \
    "                        the output is the same in the same order\n"                     \
    "      --encoding NAME   read inputs as NAME (any iconv encoding); auto (the\n"          \
    "                        default) detects UTF-8, UTF-16/32, GB18030 and Big5\n"          \
    "      --binary MODE     files with NUL bytes: skip (default) or text\n"                 \
    "      --max-line-bytes N  the longest line read (default 128 MiB)\n"                    \
    "  -q, --quiet           no notes on stderr (\"decoded as GB18030\")\n"                  \
    "      --gazetteer FILE  read places from FILE (format of data/places.tsv)\n"               \
    "      --province P      resolve same-name places in province P (name or code)\n"

/* How records are printed: the options every printing command shares. */
typedef struct cli_output {
    un_format fmt;
    unsigned flags; /* UN_WRITE_* */
} cli_output;

enum { OPT_NO_HEADER = 1100, OPT_BOM };
#define CLI_OUTPUT_OPTIONS                                                                     \
    {"format", required_argument, NULL, 'f'}, {"no-header", no_argument, NULL, OPT_NO_HEADER}, \
        {"bom", no_argument, NULL, OPT_BOM}
#define CLI_OUTPUT_HELP                                                                        \
    "  -f, --format FORMAT   table (default), csv, tsv, json or jsonl\n"                        \
    "      --no-header       no header row (table, csv, tsv)\n"                                 \
    "      --bom             start csv or tsv with a UTF-8 byte order mark\n"
/* Handles one of those options: returns 1 when opt was one of them, 0 when
 * not, -1 after printing an error (an unknown format). */
int cli_output_option(cli_output *out, int opt, const char *arg);

/* Reading: what every thread that reads needs, the same for all. */
typedef struct cli_session_config {
    const un_gazetteer *gazetteer; /* NULL: the embedded one */
    const char *province;
    unsigned what; /* what to index (UN_INDEX_*), 0 for all */
    int no_index;  /* records without entities or figures: nothing needs them */
    const char *within; /* NULL, or a code prefix: only records within it indexed */
    const char *encoding; /* NULL: detect */
    int binary_text;
    int quiet;
    size_t max_line;
} cli_session_config;

/* One thread's reader and indexer. */
typedef struct cli_reading cli_reading;
cli_reading *cli_reading_new(const cli_session_config *cfg);
void cli_reading_free(cli_reading *rd);
typedef struct cli_preload cli_preload;
/* Reads one input (a path, or "-" for stdin), passing each record to fn
 * (non-zero: stop reading it); messages go to err. Returns EXIT_MATCH or
 * EXIT_TROUBLE. pre (may be NULL): the input's bytes, read already. */
int cli_reading_file(cli_reading *rd, const char *path, const cli_preload *pre,
                     cli_record_fn fn, void *ctx, FILE *err);
/* The first block of an input, from which the reader judges its encoding
 * (un_encoding_detect); whoever judges it too must read as many bytes. */
#define CLI_FIRST_BLOCK (256u << 10)
/* Reads until buf holds want bytes or the input ends: the bytes read, or
 * -1 (errno) on an error. */
ssize_t cli_read_full(int fd, char *buf, size_t want);

/* A growable run of bytes, kept NUL-terminated; out of memory ends the
 * program (exit 2) with a message. Zero-initialised: empty. */
typedef struct cli_buf {
    char *p;
    size_t len, cap;
} cli_buf;
void cli_buf_add(cli_buf *b, const void *data, size_t n);
/* Room for n more bytes after the end (and a NUL after them), for the
 * caller to fill and count in len. */
char *cli_buf_room(cli_buf *b, size_t n);
void cli_buf_free(cli_buf *b);
/* How the reader decodes an input, judged on its first block (n bytes;
 * at_end when that is the whole input): CLI_ENC_OK with g->name (the
 * --encoding given, or the guess; NUL bytes are UTF-8 with --binary text),
 * CLI_ENC_BINARY (NUL bytes: skipped), CLI_ENC_UNKNOWN (nothing reads it
 * cleanly: the user is asked). Whoever must know agrees with the reader. */
typedef enum cli_enc { CLI_ENC_OK, CLI_ENC_BINARY, CLI_ENC_UNKNOWN } cli_enc;
cli_enc cli_judge_encoding(const char *forced, int binary_text, const char *buf, size_t n,
                           int at_end, un_encoding_guess *g);
/* A file read whole before the reader reads it (grep's first look), with
 * the encoding cli_judge_encoding gave its first block: the reader takes
 * the bytes from memory and the judgement as it is, and reads the file no
 * more. data NULL: none. */
struct cli_preload {
    const char *data; /* owned by whoever read it, kept until read */
    size_t len;
    un_encoding_guess guess; /* judged CLI_ENC_OK */
    const uint32_t *lf;      /* its line feeds, or NULL (un_reader_set_line_feeds) */
    size_t nlf;
};
/* Does an encoding name (iconv's) mean UTF-8? */
int cli_encoding_is_utf8(const char *name);
/* Records for which keep(ctx, record) is 0 are read but not indexed.
 * want_line (may be NULL) is the reader's line filter
 * (un_reader_set_line_filter): records that none of its lines can make
 * keep say yes to are not even made. want_part (may be NULL, and is
 * without want_line) lets the reader read pages in part
 * (un_reader_set_sparse). */
void cli_reading_filter(cli_reading *rd, int (*keep)(void *, const un_article *),
                        int (*want_line)(void *, size_t),
                        int (*want_part)(void *, size_t, const char *, size_t), void *ctx);

/* A command's work on its inputs, for one thread or several (run.c). With
 * one, fn gets ctx and file_begin gets stdout. With several, each thread
 * has worker_new(ctx); file_begin gives it the piece of memory the file's
 * output goes to, absorb hands each file's piece to ctx in file order, and
 * merge each worker's counts at the end. A NULL worker_new reads with one
 * thread only; done (may be NULL) says the answer is known (grep -q). */
typedef struct cli_job {
    cli_record_fn record;
    void *ctx;
    void *(*worker_new)(void *ctx);
    void (*worker_free)(void *ctx, void *worker);
    void (*file_begin)(void *worker, FILE *piece);
    void (*file_end)(void *worker, const char *path);
    void (*absorb)(void *ctx, const char *piece, size_t n);
    void (*merge)(void *ctx, void *worker);
    int (*done)(void *ctx);
    /* May be NULL: 0 when the file need not be read at all (grep's first
     * look found nothing it needs); its output is then that of a file
     * without a matching record. It may fill pre (zeroed) with the file's
     * bytes, which the reader then reads instead of the file. */
    int (*want_file)(void *worker, const char *path, cli_preload *pre);
    /* May be NULL: 0 when a record cannot matter to the command; it is then
     * not indexed (un_indexer_set_filter), and still passed to record. */
    int (*want_record)(void *worker, const un_article *rec);
    /* May be NULL (and is unless want_record is not): 0 when no record
     * holding the line can be one want_record wants (cli_reading_filter). */
    int (*want_line)(void *worker, size_t line);
    /* May be NULL (and is without want_line): the reader's sparse filter
     * (un_reader_set_sparse), for a command that shows no record's id. */
    int (*want_part)(void *worker, size_t line, const char *text, size_t len);
} cli_job;

/* Runs job on files (NULL-terminated; none or "-" is stdin) with up to
 * jobs threads. *nread (if not NULL) gets the number of inputs read
 * through. Returns EXIT_MATCH or EXIT_TROUBLE. */
int cli_run(char **files, const cli_session_config *cfg, int jobs, const cli_job *job,
            size_t *nread);
/* The number of cores, the default of -j. */
int cli_default_jobs(void);

/* The level of a district by its code (town for a nine-digit code), or
 * null: for the tables of districts. */
un_str cli_district_level(const un_gazetteer *g, un_str code);

/* The date a file's path holds, as YYYYMMDD, or 0: records carry no date of
 * issue, a file's name often does (2020-07-15/, 20200715, 2020年7月15日);
 * the last date in the path counts, a day that does not exist does not. */
long cli_path_date(const char *path);

/* The progress line of long runs (progress.c). When stderr is a terminal
 * and a run has gone on for about a second (UNIONNEWS_PROGRESS_AFTER
 * seconds), one line on stderr, redrawn in place, says how many files are
 * done of how many, the megabytes read and their rate, and the time left.
 * Nothing when stderr is no terminal or with -q. Whatever else is written
 * to stderr clears it first (cli_progress_clear). Thread-safe. cli_run
 * begins and ends it; cli_reading_file counts the bytes. */
void cli_progress_begin(char *const *files, size_t n, int quiet);
void cli_progress_bytes(size_t n);
void cli_progress_file_done(void);
void cli_progress_clear(void);
void cli_progress_end(void);

/* A command's reading: the gazetteer loaded once, the options checked.
 * NULL after a message on stderr. */
typedef struct cli_session cli_session;
cli_session *cli_session_open(const cli_input *in);
const un_gazetteer *cli_session_gazetteer(const cli_session *s);
/* What the command needs indexed (UN_INDEX_*); 0: nothing, no indexer at
 * all. The default is everything. */
void cli_session_need(cli_session *s, unsigned what);
/* Only records that may name a place within the code prefix are indexed
 * (un_indexer_set_within); prefix is kept, not copied. */
void cli_session_within(cli_session *s, const char *prefix);
/* cli_run with the session's settings and -j. */
int cli_session_run(cli_session *s, char **files, const cli_job *job, size_t *nread);
void cli_session_close(cli_session *s);

/* Checks stdout after a command wrote to it: flushes it and reports a
 * write error. A closed pipe ends the program as SIGPIPE would. Returns
 * status unchanged, or EXIT_TROUBLE on an error. */
int cli_finish_output(int status);

/* Ends the program at once when a write to stdout has failed (a full
 * disk: a message and exit 2; a closed pipe: quietly). */
void cli_check_output(void);

/* Ends the program at once after a failed write to stdout. */
void cli_write_failed(void) __attribute__((noreturn));

/* The display width to cut table rows to: the terminal's when stdout is a
 * terminal, else 0 (no cutting). */
size_t cli_table_width(void);

/* A command that prints one row per item of each record (entities,
 * figures): its usage, its own options and its columns. */
typedef struct cli_rows_cmd {
    const char *usage;
    const char *shortopts;          /* its own, with "f:h" added */
    const struct option *longopts;  /* its own, NULL-terminated */
    /* Handles one of its own options: 1 done, -1 after an error message. */
    int (*option)(void *ctx, int opt, const char *arg);
    const un_column *columns;
    size_t ncolumns;
    /* Prints a record's rows with w. */
    void (*rows)(void *ctx, un_rowwriter *w, const un_article *a);
    /* A command with an operand before the files (kwic TERM): its name for
     * messages, and what takes it: 0 done, -1 after an error message.
     * NULL for none. */
    const char *operand_name;
    int (*operand)(void *ctx, const char *arg);
    /* Called once before reading, with the gazetteer in use; may be NULL.
     * Returns 0, or -1 after an error message. */
    int (*start)(void *ctx, const un_gazetteer *g);
} cli_rows_cmd;

/* Parses the options (the command's own, output, input, -h), reads the
 * inputs and prints the rows; returns the exit status. */
int cli_rows_main(const cli_rows_cmd *cmd, void *ctx, int argc, char **argv);

/* stats and merge: --top and --by, and printing the counts. */
enum { OPT_TOP = 2000, OPT_BY };
#define CLI_STATS_OPTIONS                                                                      \
    {"top", required_argument, NULL, OPT_TOP}, {"by", required_argument, NULL, OPT_BY}
int cli_stats_option(un_stats_options *so, int opt, const char *arg);
/* The version of the partial counts (stats --partial, merge). */
#define CLI_PARTIAL_VERSION "1"
/* Prints the counts as the options say; partial: every count as JSON
 * Lines after a row naming the format, for merge. */
void cli_stats_print(un_stats *st, const un_gazetteer *g, const un_stats_options *so,
                     const cli_output *out, int partial);

/* SHA-256 (FIPS 180-4, sha256.c), for export's bookkeeping: init, then
 * update with the bytes in pieces of any size, then final writes the
 * 32-byte digest (the state is used up). */
typedef struct cli_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t nbuf;
} cli_sha256;
void cli_sha256_init(cli_sha256 *s);
void cli_sha256_update(cli_sha256 *s, const void *data, size_t n);
void cli_sha256_final(cli_sha256 *s, unsigned char out[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void cli_sha256_hex(const unsigned char digest[32], char hex[65]);

/* The commands. argv[0] is the command name. */
int cmd_articles(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_figures(int argc, char **argv);
int cmd_grep(int argc, char **argv);
int cmd_kwic(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* The usage text of each command, for -h and `unionnews help CMD`. */
extern const char usage_articles[];
extern const char usage_entities[];
extern const char usage_export[];
extern const char usage_figures[];
extern const char usage_grep[];
extern const char usage_kwic[];
extern const char usage_merge[];
extern const char usage_report[];
extern const char usage_stats[];
extern const char usage_help[];

#endif
