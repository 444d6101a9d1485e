/* figures.h: the figure parser: the quantities of a record (21.5045万人,
 * 80%以上, 三台), with value, unit, qualifier and subject. Its word lists
 * are data/figures.tsv, compiled in and parsed once. */
#ifndef UN_FIGURES_H
#define UN_FIGURES_H

#include <stddef.h>

#include "entities.h"
#include "gazetteer.h"
#include "internal.h"
#include "unionnews/reader.h"

/* A stretch of a record's segment that holds no figure (a place's name
 * such as 三门 or 九江). */
typedef struct fig_skip {
    size_t seg, start, end;
} fig_skip;

/* Finds the figures of rec, reading each segment's text simplified (fold,
 * same offsets as the segments) at its EV_NUMBER events (ev), and appends them to out (of un_figure),
 * in order; their strings live in the reader's memory. skip lists what to
 * pass over, sorted or not. g gives the particles and prepositions that
 * end a subject. */
void un_find_figures(const un_gazetteer *g, un_reader *r, const un_article *rec,
                     const char *const *fold, const ent_events *ev,
                     const fig_skip *skip, size_t nskip, un_vec *out);

#endif
