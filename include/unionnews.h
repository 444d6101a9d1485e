/* unionnews.h: the public API of libunionnews, the library behind the
 * unionnews command: page text in, article records out.
 *
 *   unionnews/base.h    version, status codes, string views, diagnostics
 *   unionnews/reader.h  the reader: bytes of a page -> article records
 *   unionnews/write.h   records as table, CSV, TSV, JSON, JSON Lines
 *   unionnews/table.h   text tables aligned by display width
 *   unionnews/index.h   the indexer: districts and other entities in records
 *   unionnews/stats.h   counts over many records, as one tidy table
 *   unionnews/match.h   which records match conditions (grep)
 *   unionnews/encoding.h inputs in any encoding, as UTF-8
 */
#ifndef UNIONNEWS_H
#define UNIONNEWS_H

#include "unionnews/base.h"
#include "unionnews/reader.h"
#include "unionnews/table.h"
#include "unionnews/index.h"
#include "unionnews/stats.h"
#include "unionnews/match.h"
#include "unionnews/encoding.h"
#include "unionnews/write.h"

#endif
