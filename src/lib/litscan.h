/* litscan.h: many literal strings found at once in bytes, with Hyperscan
 * (libhs; Vectorscan off x86) where the build has it.
 *
 * The set reports every occurrence of every literal, as (start, end, id),
 * like the Aho-Corasick automaton of acmatch.h, but matches bytes exactly:
 * no folding of traditional characters. The indexer uses it for text that
 * needs no folding and the automaton for the rest. Without Hyperscan,
 * un_litset_build fails and callers keep to the automaton.
 *
 * A built set can be serialised and read back (a build step compiles the
 * embedded gazetteer's set once, so that start-up does not); a database
 * made for another CPU, or another set, is refused and compiled afresh.
 */
#ifndef UN_LITSCAN_H
#define UN_LITSCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct un_litset un_litset;
typedef struct un_litscan un_litscan;

un_litset *un_litset_new(void);
void un_litset_free(un_litset *s);
/* Adds a literal (not empty; copied) with its id. */
void un_litset_add(un_litset *s, const char *p, size_t n, uint32_t id);
/* The literals added (i < un_litset_count), each with its length and id. */
size_t un_litset_count(const un_litset *s);
const char *un_litset_literal(const un_litset *s, size_t i, size_t *len, uint32_t *id);
/* The length of the longest literal added, in bytes. */
size_t un_litset_longest(const un_litset *s);
/* Compiles the set, or reads it from blob (len bytes, from
 * un_litset_serialize of the same literals) when that fits this CPU.
 * Returns 0, or -1 when there is no Hyperscan or compiling failed. */
int un_litset_build(un_litset *s, const void *blob, size_t len);
/* Is the set built and usable? */
int un_litset_ready(const un_litset *s);
/* The compiled database as bytes (malloc'd, *len set), or NULL. */
void *un_litset_serialize(const un_litset *s, size_t *len);
/* A fingerprint of the literals and ids, stored with a serialised set. */
uint64_t un_litset_fingerprint(const un_litset *s);

/* What a scan needs of its own (one per thread). */
un_litscan *un_litscan_new(const un_litset *s);
void un_litscan_free(un_litscan *sc);

typedef void (*un_lit_hit_fn)(void *ctx, size_t start, size_t end, uint32_t id);
/* Reports every occurrence in text[0..n), in no particular order. */
void un_litscan_run(un_litscan *sc, const char *text, size_t n, un_lit_hit_fn fn, void *ctx);

/* Streaming: a set compiled with un_litset_build_stream is fed in chunks
 * (a file read block by block), so that a literal cut by a chunk's edge
 * still counts. The callback returns non-zero to stop the scan at once
 * (an answer known); afterwards the stream reports nothing more until
 * begun again. */
typedef struct un_litstream un_litstream;
typedef int (*un_lit_stop_fn)(void *ctx, size_t end, uint32_t id);
/* Compiles the set for streaming. Returns 0, or -1 without Hyperscan. */
int un_litset_build_stream(un_litset *s);
un_litstream *un_litstream_new(const un_litset *s);
void un_litstream_free(un_litstream *st);
void un_litstream_begin(un_litstream *st, un_lit_stop_fn fn, void *ctx);
void un_litstream_feed(un_litstream *st, const char *p, size_t n);
void un_litstream_end(un_litstream *st);

#endif
