/* unionnews/encoding.h: inputs in any encoding, as UTF-8 for the reader.
 *
 * un_encoding_detect looks at the first bytes of an input: a byte order
 * mark decides (UTF-8, UTF-16, UTF-32); else valid (or nearly valid) UTF-8
 * is UTF-8; else NUL bytes mean UTF-16 without a mark when the bytes read
 * as Chinese text that way, and a binary file when not; else uchardet
 * names a Chinese encoding (GB18030, which covers GBK and GB2312, or Big5),
 * accepted only when the sample decodes cleanly and reads as Chinese text
 * in it. It never guesses: when none of this holds, the guess is not
 * certain and the caller asks the user.
 *
 * un_transcoder turns bytes of an encoding iconv knows into UTF-8, chunk by
 * chunk; what does not decode becomes U+FFFD, and the lines where that
 * happened are kept for messages. */
#ifndef UNIONNEWS_ENCODING_H
#define UNIONNEWS_ENCODING_H

#include <stddef.h>

#include "unionnews/base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct un_encoding_guess {
    char name[32]; /* for iconv: "UTF-8", "GB18030", "BIG5-HKSCS", "UTF-16LE", ... */
    size_t bom;    /* bytes of byte order mark at the start, to skip */
    int binary;    /* NUL bytes that no text encoding explains */
    int certain;   /* the name can be trusted */
    const char *why; /* how it was found: "byte order mark", "UTF-8", "detected" */
    /* For UTF-8: the sample's first utf8_checked bytes were found well
     * formed, utf8_ascii of them ASCII, so that un_reader_feed_checked
     * need not check them again; 0 when not checked so. */
    size_t utf8_checked, utf8_ascii;
} un_encoding_guess;

/* Guesses the encoding of an input from its first n bytes (at_end: that is
 * all of it). */
void un_encoding_detect(const void *sample, size_t n, int at_end, un_encoding_guess *out);

typedef struct un_transcoder un_transcoder;

/* A converter from the named encoding to UTF-8. Returns NULL with a
 * message in err when iconv does not know the name. */
un_transcoder *un_transcoder_new(const char *name, char *err, size_t errlen);
void un_transcoder_free(un_transcoder *t);

/* Converts n more bytes; *out (valid until the next call) gets the UTF-8
 * of all that could be converted, *outlen its length. A sequence cut at
 * the end of the bytes waits for the next call. */
void un_transcoder_feed(un_transcoder *t, const void *in, size_t n, const char **out,
                        size_t *outlen);
/* The end of the input: what still waits is invalid. */
void un_transcoder_finish(un_transcoder *t, const char **out, size_t *outlen);

/* The lines (1-based, of the output) that held bytes that did not decode,
 * since the last clear, in order, each once. */
size_t un_transcoder_bad_count(const un_transcoder *t);
size_t un_transcoder_bad_line(const un_transcoder *t, size_t i);
void un_transcoder_clear_bad(un_transcoder *t);

#ifdef __cplusplus
}
#endif

#endif
