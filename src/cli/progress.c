/* progress.c: owns the progress line of long runs (cli.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define REDRAW_SECONDS 0.2

static struct {
    int on;            /* stderr is a terminal, and no -q */
    size_t files;      /* in the run */
    double total;      /* bytes of the files whose size is known */
    int sizes_known;   /* every file's: the time left can be told */
    double start, last_draw, after;
    int shown;         /* the line is on the screen */
    atomic_size_t done;
    atomic_ullong bytes;
    pthread_mutex_t lock;
} pg = {.lock = PTHREAD_MUTEX_INITIALIZER};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_begin(char *const *files, size_t n, int quiet)
{
    pthread_mutex_lock(&pg.lock);
    pg.on = !quiet && isatty(STDERR_FILENO);
    pg.files = n;
    pg.total = 0;
    pg.sizes_known = 1;
    pg.shown = 0;
    atomic_store(&pg.done, 0);
    atomic_store(&pg.bytes, 0);
    pg.start = pg.last_draw = now();
    const char *after = getenv("UNIONNEWS_PROGRESS_AFTER");
    pg.after = after && *after ? atof(after) : 1.0;
    for (size_t i = 0; pg.on && i < n; i++) {
        struct stat st;
        if (files[i][0] == '-' && files[i][1] == '\0')
            pg.sizes_known = 0;
        else if (stat(files[i], &st) == 0 && S_ISREG(st.st_mode))
            pg.total += (double)st.st_size;
        else
            pg.sizes_known = 0;
    }
    pthread_mutex_unlock(&pg.lock);
}

/* Draws the line; the lock is held. */
static void draw(double t)
{
    double mb = (double)atomic_load(&pg.bytes) / 1e6, secs = t - pg.start;
    double rate = secs > 0 ? mb / secs : 0;
    char left[32] = "";
    if (pg.sizes_known && rate > 0 && pg.total > 0) {
        double rest = (pg.total / 1e6 - mb) / rate;
        if (rest < 0)
            rest = 0;
        if (rest >= 3600)
            snprintf(left, sizeof left, ", %d h %02d min left", (int)(rest / 3600),
                     (int)(rest / 60) % 60);
        else if (rest >= 60)
            snprintf(left, sizeof left, ", %d min %02d s left", (int)(rest / 60),
                     (int)rest % 60);
        else
            snprintf(left, sizeof left, ", %d s left", (int)(rest + 0.5));
    }
    fflush(stdout);
    if (pg.sizes_known && pg.total > 0)
        fprintf(stderr, "\r" PROG ": %zu/%zu files, %.1f of %.1f MB, %.1f MB/s%s\033[K",
                atomic_load(&pg.done), pg.files, mb, pg.total / 1e6, rate, left);
    else
        fprintf(stderr, "\r" PROG ": %zu/%zu files, %.1f MB, %.1f MB/s\033[K",
                atomic_load(&pg.done), pg.files, mb, rate);
    fflush(stderr);
    pg.shown = 1;
    pg.last_draw = t;
}

/* Redraws when it is time; never waits for another thread's drawing. */
static void maybe_draw(void)
{
    if (!pg.on || pthread_mutex_trylock(&pg.lock) != 0)
        return;
    double t = now();
    if (pg.on && t - pg.start >= pg.after && (!pg.shown || t - pg.last_draw >= REDRAW_SECONDS))
        draw(t);
    pthread_mutex_unlock(&pg.lock);
}

void cli_progress_bytes(size_t n)
{
    atomic_fetch_add(&pg.bytes, (unsigned long long)n);
    maybe_draw();
}

void cli_progress_file_done(void)
{
    atomic_fetch_add(&pg.done, 1);
    maybe_draw();
}

void cli_progress_clear(void)
{
    pthread_mutex_lock(&pg.lock);
    if (pg.shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        pg.shown = 0;
        pg.last_draw = 0; /* redrawn at the next chance */
    }
    pthread_mutex_unlock(&pg.lock);
}

void cli_progress_end(void)
{
    cli_progress_clear();
    pthread_mutex_lock(&pg.lock);
    pg.on = 0;
    pthread_mutex_unlock(&pg.lock);
}
