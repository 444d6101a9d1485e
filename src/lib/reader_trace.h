/* reader_trace.h: an internal hook for tests and tools/blocks: after each
 * analysis, the reader reports every block with its shape, its role in its
 * record and the record's index. Not part of the public API. */
#ifndef UN_READER_TRACE_H
#define UN_READER_TRACE_H

#include "block.h"
#include "unionnews/reader.h"

typedef void (*un_trace_fn)(void *ctx, const un_block *b, const char *role, long owner,
                            int stray);

/* Sets (or, with fn NULL, clears) the trace callback of r. */
void un_reader_set_trace(un_reader *r, un_trace_fn fn, void *ctx);

/* The name of a shape: "para", "title", ... */
const char *un_shape_name(un_shape s);

#endif
