/* match.c: owns un_matcher (unionnews/match.h).
 *
 * A district condition becomes a code prefix: a province matches every
 * code with its first two digits, a prefecture its first four, a county
 * its six (and the nine-digit codes of its towns). Entity conditions are
 * substrings of names; text is searched segment by segment, literally or
 * with regexec(3) on the segment's NFC form (utf8proc).
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "unionnews/match.h"

struct un_matcher {
    char prefix[8];
    size_t prefix_len; /* 0: no district condition */
    un_str district_name, district_code;
    const char *names[4]; /* union, programme, company, person */
    char **texts;
    size_t ntexts;
    regex_t *regs;
    int regex;
};

static const char *const name_types[4] = {"union", "programme", "company", "person"};

/* s in NFC, malloc'd and NUL-terminated, or NULL. */
static char *nfc(const char *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return len < 0 ? NULL : (char *)out;
}

un_matcher *un_matcher_new(const un_gazetteer *g, const un_match_options *opt, char *err,
                           size_t errlen)
{
    if (!g)
        g = un_gazetteer_default();
    un_matcher *m = un_xcalloc(1, sizeof *m);
    if (opt->district) {
        long i = un_gazetteer_find(g, opt->district, strlen(opt->district));
        if (i == -2) {
            long all[8];
            size_t n = un_gazetteer_find_all(g, opt->district, strlen(opt->district), all, 8);
            size_t k = (size_t)snprintf(err, errlen, "'%s' fits several places:", opt->district);
            for (size_t j = 0; j < n && j < 8 && k < errlen; j++) {
                un_place_info p = un_gazetteer_place(g, all[j]);
                k += (size_t)snprintf(err + k, errlen - k, "%s %.*s %.*s", j ? "," : "",
                                      (int)p.name.len, p.name.ptr, (int)p.code.len, p.code.ptr);
            }
            if (k < errlen)
                snprintf(err + k, errlen - k, "%s; give a code or a full name",
                         n > 8 ? ", ..." : "");
            un_matcher_free(m);
            return NULL;
        }
        if (i < 0) {
            snprintf(err, errlen, "'%s' is no district the gazetteer knows", opt->district);
            un_matcher_free(m);
            return NULL;
        }
        un_place_info p = un_gazetteer_place(g, i);
        size_t keep = p.level.len == 8 && memcmp(p.level.ptr, "province", 8) == 0     ? 2
                      : p.level.len == 10 && memcmp(p.level.ptr, "prefecture", 10) == 0 ? 4
                                                                                        : 6;
        if (keep > p.code.len)
            keep = p.code.len;
        memcpy(m->prefix, p.code.ptr, keep);
        m->prefix_len = keep;
        m->district_name = p.name;
        m->district_code = p.code;
    }
    const char *names[4] = {opt->union_name, opt->programme, opt->company, opt->person};
    for (int k = 0; k < 4; k++)
        m->names[k] = names[k] && *names[k] ? names[k] : NULL;
    m->regex = opt->regex;
    m->ntexts = opt->ntexts;
    m->texts = un_xcalloc(opt->ntexts ? opt->ntexts : 1, sizeof *m->texts);
    if (m->regex)
        m->regs = un_xcalloc(opt->ntexts ? opt->ntexts : 1, sizeof *m->regs);
    for (size_t k = 0; k < opt->ntexts; k++) {
        const char *t = opt->texts[k];
        m->texts[k] = nfc(t, strlen(t));
        if (!m->texts[k]) {
            snprintf(err, errlen, "'%s' is not valid UTF-8", t);
            m->ntexts = k;
            un_matcher_free(m);
            return NULL;
        }
        if (m->regex) {
            int rc = regcomp(&m->regs[k], m->texts[k], REG_EXTENDED | REG_NOSUB);
            if (rc != 0) {
                char msg[256];
                regerror(rc, &m->regs[k], msg, sizeof msg);
                snprintf(err, errlen, "bad expression '%s': %s", t, msg);
                free(m->texts[k]);
                m->texts[k] = NULL;
                m->ntexts = k;
                un_matcher_free(m);
                return NULL;
            }
        }
    }
    return m;
}

void un_matcher_free(un_matcher *m)
{
    if (!m)
        return;
    for (size_t k = 0; k < m->ntexts; k++) {
        if (m->regex)
            regfree(&m->regs[k]);
        free(m->texts[k]);
    }
    free(m->texts);
    free(m->regs);
    free(m);
}

static int has(un_str s, const char *needle)
{
    size_t n = strlen(needle);
    return s.ptr && s.len >= n && memmem(s.ptr, s.len, needle, n) != NULL;
}

static int type_is(un_str t, const char *name)
{
    return t.len == strlen(name) && memcmp(t.ptr, name, t.len) == 0;
}

static int text_matches(un_matcher *m, const un_article *a)
{
    for (size_t s = 0; s < a->n_segments; s++) {
        un_str t = a->segments[s].text;
        if (!m->regex) {
            for (size_t k = 0; k < m->ntexts; k++)
                if (has(t, m->texts[k]))
                    return 1;
            continue;
        }
        char *norm = nfc(t.ptr ? t.ptr : "", t.len);
        int hit = 0;
        for (size_t k = 0; norm && k < m->ntexts && !hit; k++)
            hit = regexec(&m->regs[k], norm, 0, NULL, 0) == 0;
        free(norm);
        if (hit)
            return 1;
    }
    return 0;
}

int un_matcher_test(un_matcher *m, const un_article *a)
{
    if (m->prefix_len) {
        int found = 0;
        for (size_t i = 0; i < a->n_entities && !found; i++) {
            const un_entity *e = &a->entities[i];
            found = type_is(e->type, "district") && e->code.ptr &&
                    e->code.len >= m->prefix_len &&
                    memcmp(e->code.ptr, m->prefix, m->prefix_len) == 0;
        }
        if (!found)
            return 0;
    }
    for (int k = 0; k < 4; k++) {
        if (!m->names[k])
            continue;
        int found = 0;
        for (size_t i = 0; i < a->n_entities && !found; i++) {
            const un_entity *e = &a->entities[i];
            found = type_is(e->type, name_types[k]) &&
                    (has(e->name, m->names[k]) || has(e->text, m->names[k]));
        }
        if (!found)
            return 0;
    }
    if (m->ntexts && !text_matches(m, a))
        return 0;
    return 1;
}

un_str un_matcher_district_name(const un_matcher *m)
{
    return m->district_name;
}

un_str un_matcher_district_code(const un_matcher *m)
{
    return m->district_code;
}
