/* run.c: owns cli_run: the inputs of a command read by one thread or by
 * several, with the same output either way.
 *
 * With one thread (or one input) the files are read in turn and every
 * record goes to the command's context, which writes the final output.
 * With more, each thread has its own reader and indexer and a worker
 * context of the command; it takes the next file, writes that file's
 * output into a piece of memory (and its messages into another), and the
 * main thread hands the pieces to the command in file order. A thread may
 * run a few files ahead of the output, and more while the pieces waiting
 * hold little, so memory stays bounded by the pieces of those files (and
 * one file slower than the others holds the rest up less). The pieces of output are reused from file to
 * file: fresh memory for each (as open_memstream gave) cost a page fault
 * per 4 KiB written, a sixth more time for two threads of `articles`.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* How many files a thread may finish before the output has taken them:
 * AHEAD_PER_THREAD at least, up to AHEAD_MAX_PER_THREAD while the pieces
 * finished and waiting for the output hold less than HELD_MAX bytes. */
#define AHEAD_PER_THREAD 2
#define AHEAD_MAX_PER_THREAD 16
#define HELD_MAX ((size_t)1 << 20)

/* A piece of memory a file's output is written to, kept for the next. */
typedef cli_buf piece;

/* A piece that grew past this goes back without its memory. */
#define PIECE_KEEP_MAX ((size_t)16 << 20)

typedef struct slot {
    piece *out;  /* the file's output */
    char *err;   /* and messages */
    size_t err_len;
    int status;
    int done;
} slot;

typedef struct shared {
    const cli_job *job;
    cli_session_config cfg;
    char **files;
    size_t nfiles;
    slot *slots;
    size_t next_file;   /* the next file to take */
    size_t next_output; /* the next file the main thread writes */
    size_t limit;       /* files taken may pass next_output + limit */
    size_t limit_max;   /* only up to next_output + limit_max */
    size_t held;        /* bytes of the pieces finished, not yet written */
    int stop;
    piece **spare; /* pieces the output has taken, for reuse */
    size_t nspare, spare_cap;
    pthread_mutex_t lock;
    pthread_cond_t taken, finished;
} shared;

typedef struct thread_arg {
    shared *sh;
    void *worker;
    int failed; /* could not set up its reader */
} thread_arg;

/* The stream's writes go to the end of the piece. */
static ssize_t piece_write(void *cookie, const char *buf, size_t n)
{
    cli_buf_add(cookie, buf, n);
    return (ssize_t)n;
}

/* A piece for the next file's output, a spare one if any (under the lock),
 * with a stream writing to it; NULL when out of memory. */
static FILE *piece_open(shared *sh, piece **out)
{
    pthread_mutex_lock(&sh->lock);
    piece *pc = sh->nspare ? sh->spare[--sh->nspare] : NULL;
    pthread_mutex_unlock(&sh->lock);
    if (!pc)
        pc = calloc(1, sizeof *pc);
    *out = pc;
    if (!pc)
        return NULL;
    pc->len = 0;
    cookie_io_functions_t io = {NULL, piece_write, NULL, NULL};
    return fopencookie(pc, "w", io);
}

static void piece_free(piece *pc)
{
    if (pc)
        cli_buf_free(pc);
    free(pc);
}

/* Gives a piece the output has taken back for reuse (under the lock). */
static void piece_spare(shared *sh, piece *pc)
{
    if (pc->cap > PIECE_KEEP_MAX)
        cli_buf_free(pc);
    if (sh->nspare == sh->spare_cap) {
        size_t cap = sh->spare_cap ? 2 * sh->spare_cap : 8;
        piece **sp = realloc(sh->spare, cap * sizeof *sp);
        if (!sp) {
            piece_free(pc);
            return;
        }
        sh->spare = sp;
        sh->spare_cap = cap;
    }
    sh->spare[sh->nspare++] = pc;
}

static void *work(void *varg)
{
    thread_arg *ta = varg;
    shared *sh = ta->sh;
    const cli_job *job = sh->job;
    cli_reading *rd = cli_reading_new(&sh->cfg);
    if (rd && job->want_record)
        cli_reading_filter(rd, job->want_record, job->want_line, job->want_part, ta->worker);
    if (!rd) {
        ta->failed = 1;
        pthread_mutex_lock(&sh->lock);
        sh->stop = 1;
        pthread_cond_broadcast(&sh->finished);
        pthread_cond_broadcast(&sh->taken);
        pthread_mutex_unlock(&sh->lock);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        while (!sh->stop && sh->next_file < sh->nfiles &&
               sh->next_file >= sh->next_output + sh->limit &&
               (sh->next_file >= sh->next_output + sh->limit_max || sh->held >= HELD_MAX))
            pthread_cond_wait(&sh->taken, &sh->lock);
        if (sh->stop || sh->next_file >= sh->nfiles ||
            (job->done && job->done(job->ctx))) {
            pthread_mutex_unlock(&sh->lock);
            break;
        }
        size_t i = sh->next_file++;
        pthread_mutex_unlock(&sh->lock);

        slot *sl = &sh->slots[i];
        FILE *out = piece_open(sh, &sl->out);
        FILE *err = open_memstream(&sl->err, &sl->err_len);
        if (!out || !err) {
            if (out)
                fclose(out);
            if (err)
                fclose(err);
            sl->status = EXIT_TROUBLE;
        } else {
            if (job->file_begin)
                job->file_begin(ta->worker, out);
            cli_preload pre;
            memset(&pre, 0, sizeof pre);
            if (job->want_file && !job->want_file(ta->worker, sh->files[i], &pre))
                sl->status = EXIT_MATCH;
            else
                sl->status = cli_reading_file(rd, sh->files[i], pre.data ? &pre : NULL,
                                              job->record, ta->worker, err);
            if (job->file_end)
                job->file_end(ta->worker, sh->files[i]);
            if (fclose(out) != 0 || fclose(err) != 0)
                sl->status = EXIT_TROUBLE;
        }
        pthread_mutex_lock(&sh->lock);
        sl->done = 1;
        sh->held += (sl->out ? sl->out->len : 0) + sl->err_len;
        pthread_cond_broadcast(&sh->finished);
        pthread_mutex_unlock(&sh->lock);
    }
    cli_reading_free(rd);
    return NULL;
}

static int run_sequential(const cli_job *job, const cli_session_config *cfg, char **files,
                          size_t *nread)
{
    cli_reading *rd = cli_reading_new(cfg);
    if (!rd)
        return EXIT_TROUBLE;
    if (job->want_record)
        cli_reading_filter(rd, job->want_record, job->want_line, job->want_part, job->ctx);
    int status = EXIT_MATCH;
    size_t ok = 0;
    for (size_t i = 0; files[i]; i++) {
        if (job->done && job->done(job->ctx))
            break;
        if (job->file_begin)
            job->file_begin(job->ctx, stdout);
        cli_preload pre;
        memset(&pre, 0, sizeof pre);
        int st = job->want_file && !job->want_file(job->ctx, files[i], &pre)
                     ? EXIT_MATCH
                     : cli_reading_file(rd, files[i], pre.data ? &pre : NULL, job->record,
                                        job->ctx, stderr);
        if (job->file_end)
            job->file_end(job->ctx, files[i]);
        cli_progress_file_done();
        if (st == EXIT_MATCH)
            ok++;
        else
            status = EXIT_TROUBLE;
    }
    if (nread)
        *nread = ok;
    cli_reading_free(rd);
    return status;
}

static int run_threads(char **files, size_t nfiles, const cli_session_config *cfg, int jobs,
                       const cli_job *job, size_t *nread);

int cli_run(char **files, const cli_session_config *cfg, int jobs, const cli_job *job,
            size_t *nread)
{
    static char *stdin_only[] = {"-", NULL};
    if (!files || !files[0])
        files = stdin_only;
    size_t nfiles = 0;
    while (files[nfiles])
        nfiles++;
    cli_progress_begin(files, nfiles, cfg->quiet);
    int status = jobs <= 1 || nfiles < 2 || !job->worker_new
                     ? run_sequential(job, cfg, files, nread)
                     : run_threads(files, nfiles, cfg, jobs, job, nread);
    cli_progress_end();
    return status;
}

/* cli_run with threads: workers read files, the main thread writes their
 * output in order. */
static int run_threads(char **files, size_t nfiles, const cli_session_config *cfg, int jobs,
                       const cli_job *job, size_t *nread)
{
    if ((size_t)jobs > nfiles)
        jobs = (int)nfiles;

    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.job = job;
    sh.cfg = *cfg;
    sh.files = files;
    sh.nfiles = nfiles;
    sh.limit = (size_t)jobs * AHEAD_PER_THREAD;
    sh.limit_max = (size_t)jobs * AHEAD_MAX_PER_THREAD;
    sh.slots = calloc(nfiles, sizeof *sh.slots);
    thread_arg *args = calloc((size_t)jobs, sizeof *args);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (!sh.slots || !args || !threads) {
        free(sh.slots);
        free(args);
        free(threads);
        cli_error("out of memory");
        return EXIT_TROUBLE;
    }
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.taken, NULL);
    pthread_cond_init(&sh.finished, NULL);
    /* Every worker is made before any thread runs: making one reads the
     * command's context, which the threads write. */
    for (int t = 0; t < jobs; t++) {
        args[t].sh = &sh;
        args[t].worker = job->worker_new(job->ctx);
    }
    int started = 0;
    for (int t = 0; t < jobs; t++) {
        if (pthread_create(&threads[t], NULL, work, &args[t]) != 0)
            break;
        started++;
    }
    for (int t = started; t < jobs; t++)
        job->worker_free(job->ctx, args[t].worker);
    int status = started ? EXIT_MATCH : EXIT_TROUBLE;
    size_t ok = 0;
    /* The output, file by file, in order. */
    for (size_t i = 0; i < nfiles && started; i++) {
        pthread_mutex_lock(&sh.lock);
        while (!sh.slots[i].done && !(sh.stop || (job->done && job->done(job->ctx) &&
                                                  sh.next_file <= i)))
            pthread_cond_wait(&sh.finished, &sh.lock);
        int done = sh.slots[i].done;
        pthread_mutex_unlock(&sh.lock);
        if (!done)
            break; /* not taken: the job was done, or a thread failed */
        slot *sl = &sh.slots[i];
        if (sl->err_len) {
            fflush(stdout);
            cli_progress_clear();
            fwrite(sl->err, 1, sl->err_len, stderr);
        }
        cli_progress_file_done();
        if (job->absorb && sl->out)
            job->absorb(job->ctx, sl->out->p ? sl->out->p : "", sl->out->len);
        free(sl->err);
        sl->err = NULL;
        if (sl->status == EXIT_MATCH)
            ok++;
        else
            status = EXIT_TROUBLE;
        pthread_mutex_lock(&sh.lock);
        sh.held -= (sl->out ? sl->out->len : 0) + sl->err_len;
        if (sl->out)
            piece_spare(&sh, sl->out);
        sl->out = NULL;
        sh.next_output = i + 1;
        pthread_cond_broadcast(&sh.taken);
        pthread_mutex_unlock(&sh.lock);
    }
    pthread_mutex_lock(&sh.lock);
    sh.stop = 1;
    pthread_cond_broadcast(&sh.taken);
    pthread_mutex_unlock(&sh.lock);
    for (int t = 0; t < started; t++) {
        pthread_join(threads[t], NULL);
        if (args[t].failed)
            status = EXIT_TROUBLE;
        if (job->merge)
            job->merge(job->ctx, args[t].worker);
        job->worker_free(job->ctx, args[t].worker);
    }
    for (size_t i = 0; i < nfiles; i++) {
        piece_free(sh.slots[i].out);
        free(sh.slots[i].err);
    }
    for (size_t k = 0; k < sh.nspare; k++)
        piece_free(sh.spare[k]);
    free(sh.spare);
    pthread_mutex_destroy(&sh.lock);
    pthread_cond_destroy(&sh.taken);
    pthread_cond_destroy(&sh.finished);
    free(sh.slots);
    free(args);
    free(threads);
    if (nread)
        *nread = ok;
    return status;
}

int cli_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}
