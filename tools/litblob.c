/* litblob.c: writes the Hyperscan database of the embedded gazetteer's
 * names as a C file (un_lit_blob), so that the library reads it at start
 * instead of compiling it each time.
 *
 *   un_litblob OUT.c
 *
 * Built with litblob_stub.c, so the gazetteer it builds compiles its names
 * itself; the bytes are that database, serialised, after a fingerprint of
 * the names (litscan.c refuses a database of other names, or one made for
 * another CPU, and compiles afresh). */
#include <stdio.h>
#include <stdlib.h>

#include "gazetteer.h"
#include "litscan.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: un_litblob OUT.c\n");
        return 2;
    }
    const un_gazetteer *g = un_gazetteer_default();
    size_t n = 0;
    unsigned char *bytes = un_litset_serialize(g->lits, &n);
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "/* Written by tools/litblob.c: the embedded gazetteer's names compiled "
                 "for Hyperscan. */\n#include <stddef.h>\n\n"
                 "const unsigned char un_lit_blob[%zu] = {", n ? n : 1);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%u,", i % 20 ? "" : "\n", bytes[i]);
    if (n == 0)
        fputs("0", out);
    fprintf(out, "\n};\nconst size_t un_lit_blob_len = %zu;\n", n);
    free(bytes);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
