/* unionnews/base.h: version, status codes, string views and diagnostics:
 * the vocabulary every other public header uses. */
#ifndef UNIONNEWS_BASE_H
#define UNIONNEWS_BASE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UN_VERSION_MAJOR 0
#define UN_VERSION_MINOR 1
#define UN_VERSION_PATCH 0
#define UN_VERSION_STRING "0.1.0"

/* Returns the library's version string, e.g. "0.1.0". Static storage. */
const char *un_version(void);

/* Status codes. Functions that can fail return one of these; UN_OK is 0. */
typedef enum un_status {
    UN_OK = 0,
    UN_ERR_ARG,      /* a caller passed an invalid argument */
    UN_ERR_STATE,    /* a call out of order (feed after finish, ...) */
    UN_ERR_NOT_TEXT, /* the input is not text in an encoding we read */
    UN_ERR_IO,       /* a read or write failed; errno says why */
    UN_ERR_LIMIT     /* an input exceeded a documented limit */
} un_status;

/* Returns a short English description of a status code. Static storage;
 * never NULL, also for unknown codes. */
const char *un_strerror(int status);

/* A string view: ptr points to len bytes of valid UTF-8, not necessarily
 * NUL-terminated. A field that is absent (JSON null) has ptr == NULL. The
 * bytes belong to whoever returned the view; see each declaration. */
typedef struct un_str {
    const char *ptr;
    size_t len;
} un_str;

/* Diagnostic codes attached to input lines. */
typedef enum un_diag_code {
    UN_DIAG_INVALID_UTF8 = 1, /* bytes that are not UTF-8, replaced by U+FFFD */
    UN_DIAG_LINE_TOO_LONG = 2 /* a line longer than the limit: reading stops */
} un_diag_code;

/* One diagnostic about the input: a line number (1-based) and a code.
 * un_diag_message gives its text. */
typedef struct un_diag {
    size_t line;
    un_diag_code code;
} un_diag;

/* The message of a diagnostic code, e.g. "invalid UTF-8". Static storage. */
const char *un_diag_message(un_diag_code code);

#ifdef __cplusplus
}
#endif

#endif
