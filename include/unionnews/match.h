/* unionnews/match.h: which records match a user's conditions (the test
 * behind `unionnews grep`): a district and everything below it, entity
 * names, and text, literal or as a POSIX extended regular expression. */
#ifndef UNIONNEWS_MATCH_H
#define UNIONNEWS_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "unionnews/base.h"
#include "unionnews/index.h"
#include "unionnews/reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct un_match_options {
    /* A district by name, short form or code (浙江, 黄岩, 331003): a record
     * matches when it names that place or any place inside it. */
    const char *district;
    /* Entity names: a record matches when it names an entity of that type
     * whose canonical name or printed text holds the string. */
    const char *union_name;
    const char *programme;
    const char *company;
    const char *person;
    /* Text: a record matches when one of these occurs in its titles, body,
     * subheads or captions. With regex, each is a POSIX extended regular
     * expression matched against the text in Unicode NFC. */
    const char *const *texts;
    size_t ntexts;
    int regex;
} un_match_options;

typedef struct un_matcher un_matcher;

/* Compiles the conditions; every condition given must hold. g resolves
 * the district (NULL: the default gazetteer). Returns NULL with a message
 * in err for an unknown or ambiguous district or a bad expression. */
un_matcher *un_matcher_new(const un_gazetteer *g, const un_match_options *opt, char *err,
                           size_t errlen);
void un_matcher_free(un_matcher *m);

/* Does the record match? */
int un_matcher_test(un_matcher *m, const un_article *a);

/* A first look at the raw bytes of an input before it is read: a record
 * that matches needs a name of the district (or of a place inside it) and
 * the -e text somewhere in its input, line breaks and spaces aside. The
 * look runs at memory speed; an input it rules out need not be read.
 * un_match_scan_new returns NULL when the matcher cannot tell (no
 * Hyperscan, or only conditions on entity names or expressions); a
 * province's places are not looked for (too many names to be worth it),
 * only the -e texts given with it. One scan per thread. */
typedef struct un_match_scan un_match_scan;
un_match_scan *un_match_scan_new(const un_matcher *m);
void un_match_scan_free(un_match_scan *sc);
void un_match_scan_begin(un_match_scan *sc);
void un_match_scan_feed(un_match_scan *sc, const void *p, size_t n);
/* 0: no record of the input can match; 1: some may. The names are looked
 * for as UTF-8: feed only an input the reader will decode as UTF-8 (its
 * first block judged by un_encoding_detect); any other must be read. */
int un_match_scan_end(un_match_scan *sc);
/* After un_match_scan_begin: this look reads the input to its end and
 * notes the lines on which names end (lines as the reader counts them:
 * LF, CR or CR LF ends one), so that un_match_scan_record can judge the
 * records read from this same input by their lines instead of their text.
 * The notes hold until the next begin, or un_match_scan_forget_lines when
 * the input read next is not the one looked at. */
void un_match_scan_note_lines(un_match_scan *sc);
void un_match_scan_forget_lines(un_match_scan *sc);
/* The same look at one record's text (its segments, as the indexer reads
 * them): 0 when the record cannot match. A filter for the indexer
 * (un_indexer_set_filter), so that only such records are indexed. */
int un_match_scan_record(un_match_scan *sc, const un_article *a);
/* A line filter for the reader (un_reader_set_line_filter): 0 when the
 * look noted its lines and none of what it looks for ends on this one, so
 * that a record un_match_scan_record would judge by its lines only is not
 * made at all. 1 for every line otherwise. */
int un_match_scan_line(const un_match_scan *sc, size_t line);
/* After a look that noted its lines: the offsets in its input (from the
 * first byte fed) of every line feed, in order, *n of them, for the
 * reader to take instead of finding them again (un_reader_set_line_feeds).
 * NULL when the input held a CR, when it held more than 2^18 line feeds
 * or more than 4 GiB, or when the lines were not noted (or forgotten).
 * They hold until the next un_match_scan_begin. */
const uint32_t *un_match_scan_line_feeds(const un_match_scan *sc, size_t *n);
/* Did the last look note its lines, so that un_match_scan_line tells
 * them apart? */
int un_match_scan_lines_noted(const un_match_scan *sc);
/* For sparse reading (un_reader_set_sparse), with the lines noted: may a
 * record that un_match_scan_record keeps hold this line (its text, trimmed,
 * s[0..n))? Such a record holds a district's name where the district is a
 * condition, else an -e text: yes when one ends on the line, or the line
 * ends with the beginning of one (a paragraph so cut may go on with the
 * rest on a line joined to it that does not follow it) and a line of the
 * input begins with that rest, or is all of a beginning of it (a line
 * joined to another begins it: the text after a lead byline is joined to
 * nothing). */
int un_match_scan_needs(const un_match_scan *sc, size_t line, const char *s, size_t n);

/* The district the matcher looks for, resolved (name and code), or null
 * strings when it has none. */
un_str un_matcher_district_name(const un_matcher *m);
un_str un_matcher_district_code(const un_matcher *m);
/* The code prefix a matching district entity's code begins with (2, 4 or
 * 6 digits; for un_indexer_set_within), or "" when there is no district
 * condition. */
const char *un_matcher_district_prefix(const un_matcher *m);

#ifdef __cplusplus
}
#endif

#endif
