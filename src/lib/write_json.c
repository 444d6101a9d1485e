/* write_json.c: owns the JSON and JSON Lines views of a record, the
 * contract of spec/records.md field by field and in its order. */
#include <inttypes.h>

#include "internal.h"
#include "text.h"
#include "write_impl.h"

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Does some byte of w equal b? (as a yes or no, never wrong) */
static inline uint64_t has_byte(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (ONES * b);
    return (x - ONES) & ~x & HIGHS;
}

/* Might a byte of w need an escape? Never no where one does. */
static inline int needs_look(uint64_t w)
{
    uint64_t below = (w - ONES * 0x20) & ~w & HIGHS;
    return (below | has_byte(w, '"') | has_byte(w, '\\') | has_byte(w, 0x7F) |
            has_byte(w, 0xE2)) != 0;
}

int un_json_string(FILE *out, un_str s)
{
    if (!s.ptr)
        return fputs("null", out) == EOF ? UN_ERR_IO : UN_OK;
    static const char hex[] = "0123456789abcdef";
    putc('"', out);
    const unsigned char *p = (const unsigned char *)s.ptr, *end = p + s.len;
    const unsigned char *run = p;
    while (p < end) {
        /* Eight bytes at a time past those that need no escape: none below
         * 0x20 and none of '"', '\\', 0x7F or 0xE2 (which starts U+2028). */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (needs_look(w))
                break;
            p += 8;
        }
        if (p >= end)
            break;
        unsigned char c = *p;
        const char *esc = NULL;
        char u[7];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == 0x7F) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4],
            u[5] = hex[c & 15], u[6] = 0;
            esc = u;
        } else if (c == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            /* U+2028 and U+2029 are valid JSON but not valid JavaScript
             * string content; escaping them costs nothing. */
            esc = p[2] == 0xA8 ? "\\u2028" : "\\u2029";
            fwrite(run, 1, (size_t)(p - run), out);
            fputs(esc, out);
            p += 3;
            run = p;
            continue;
        }
        if (esc) {
            fwrite(run, 1, (size_t)(p - run), out);
            fputs(esc, out);
            run = p + 1;
        }
        p++;
    }
    fwrite(run, 1, (size_t)(p - run), out);
    putc('"', out);
    return ferror(out) ? UN_ERR_IO : UN_OK;
}

static void key(FILE *out, const char *k, int first)
{
    if (!first)
        putc(',', out);
    putc('"', out);
    fputs(k, out);
    fputs("\":", out);
}

static void str_field(FILE *out, const char *k, un_str s)
{
    key(out, k, 0);
    un_json_string(out, s);
}

static void size_field(FILE *out, const char *k, size_t v)
{
    key(out, k, 0);
    fprintf(out, "%zu", v);
}

static void str_array(FILE *out, const char *k, const un_str *v, size_t n)
{
    key(out, k, 0);
    putc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            putc(',', out);
        un_json_string(out, v[i]);
    }
    putc(']', out);
}

int un_write_json_record(FILE *out, const un_article *a)
{
    putc('{', out);
    key(out, "file", 1);
    un_json_string(out, a->file);
    size_field(out, "id", a->id);
    str_field(out, "kind", un_str_make(a->kind == UN_KIND_ARTICLE ? "article" : "fragment",
                                      a->kind == UN_KIND_ARTICLE ? 7 : 8));
    str_field(out, "section", a->section);
    str_field(out, "kicker", a->kicker);
    str_field(out, "headline", a->headline);
    str_field(out, "deck", a->deck);
    str_field(out, "byline", a->byline);
    key(out, "authors", 0);
    putc('[', out);
    for (size_t i = 0; i < a->n_authors; i++) {
        if (i)
            putc(',', out);
        fputs("{\"name\":", out);
        un_json_string(out, a->authors[i].name);
        fputs(",\"role\":", out);
        un_json_string(out, a->authors[i].role);
        putc('}', out);
    }
    putc(']', out);
    size_field(out, "line_start", a->line_start);
    size_field(out, "line_end", a->line_end);
    str_array(out, "subheads", a->subheads, a->n_subheads);
    str_array(out, "captions", a->captions, a->n_captions);
    size_field(out, "paragraphs", a->paragraphs);
    size_field(out, "chars", a->chars);
    str_field(out, "body", a->body);
    key(out, "entities", 0);
    putc('[', out);
    for (size_t i = 0; i < a->n_entities; i++) {
        const un_entity *e = &a->entities[i];
        if (i)
            putc(',', out);
        putc('{', out);
        key(out, "type", 1);
        un_json_string(out, e->type);
        str_field(out, "text", e->text);
        str_field(out, "name", e->name);
        str_field(out, "code", e->code);
        if (e->level.ptr)
            str_field(out, "level", e->level);
        size_field(out, "line", e->line);
        if (e->status.ptr)
            str_field(out, "status", e->status);
        if (e->former_name.ptr) {
            key(out, "former", 0);
            fputs("{\"name\":", out);
            un_json_string(out, e->former_name);
            fputs(",\"code\":", out);
            un_json_string(out, e->former_code);
            putc('}', out);
        }
        if (e->n_candidates) {
            key(out, "candidates", 0);
            putc('[', out);
            for (size_t k = 0; k < e->n_candidates; k++) {
                fputs(k ? ",{\"name\":" : "{\"name\":", out);
                un_json_string(out, e->candidates[k].name);
                fputs(",\"code\":", out);
                un_json_string(out, e->candidates[k].code);
                putc('}', out);
            }
            putc(']', out);
        }
        putc('}', out);
    }
    putc(']', out);
    key(out, "figures", 0);
    putc('[', out);
    for (size_t i = 0; i < a->n_figures; i++) {
        const un_figure *f = &a->figures[i];
        if (i)
            putc(',', out);
        putc('{', out);
        key(out, "text", 1);
        un_json_string(out, f->text);
        key(out, "value", 0);
        /* value is a decimal number as text, printed as a JSON number. */
        fwrite(f->value.ptr, 1, f->value.len, out);
        key(out, "value_to", 0);
        if (f->value_to.ptr)
            fwrite(f->value_to.ptr, 1, f->value_to.len, out);
        else
            fputs("null", out);
        str_field(out, "unit", f->unit);
        str_field(out, "qualifier", f->qualifier);
        str_field(out, "subject", f->subject);
        size_field(out, "line", f->line);
        putc('}', out);
    }
    putc(']', out);
    putc('}', out);
    return ferror(out) ? UN_ERR_IO : UN_OK;
}
