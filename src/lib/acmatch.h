/* acmatch.h: one Aho-Corasick automaton for many patterns at once.
 *
 * The automaton reads code points, each mapped to a class: the characters
 * that occur in no pattern share class 0 and send the automaton back to
 * its root without a lookup, and a fold table can give a character the
 * class of another (a traditional character that of its simplified one),
 * so that one automaton matches both scripts. Every occurrence of every
 * pattern is reported, overlapping ones included, in order of their end. */
#ifndef UN_ACMATCH_H
#define UN_ACMATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct un_ac un_ac;

/* Creates an empty automaton (a builder until un_ac_build). Never NULL. */
un_ac *un_ac_new(void);
void un_ac_free(un_ac *ac);

/* Adds a pattern of valid UTF-8 with its id; the same text may be added
 * with several ids. Before un_ac_build only. */
void un_ac_add(un_ac *ac, const char *s, size_t n, uint32_t id);

/* A fold: code point pairs (from, to), to be matched as `to`. */
typedef struct un_fold_pair {
    uint32_t from, to;
} un_fold_pair;

/* Freezes the automaton: computes the failure links and outputs. fold may
 * be NULL. After this, un_ac_scan may run from several threads at once. */
void un_ac_build(un_ac *ac, const un_fold_pair *fold, size_t nfold);

/* Called for each occurrence: start and end are byte offsets into the
 * scanned text (end exclusive). */
typedef void (*un_ac_hit_fn)(void *ctx, size_t start, size_t end, uint32_t id);

/* Scans valid UTF-8 text, reporting every occurrence of every pattern. */
void un_ac_scan(const un_ac *ac, const char *text, size_t n, un_ac_hit_fn fn, void *ctx);

/* The class of a code point (0: in no pattern), after folding. */
uint32_t un_ac_class(const un_ac *ac, uint32_t cp);

/* Sizes, for tests and for the closing note on the gazetteer. */
size_t un_ac_states(const un_ac *ac);
size_t un_ac_patterns(const un_ac *ac);
size_t un_ac_bytes(const un_ac *ac);

#endif
