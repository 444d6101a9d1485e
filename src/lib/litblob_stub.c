/* litblob_stub.c: no Hyperscan database compiled ahead: the gazetteer
 * compiles its forms when it is built (the tool that writes the real one,
 * tools/litblob.c, links this). */
#include <stddef.h>

const unsigned char un_lit_blob[1] = {0};
const size_t un_lit_blob_len = 0;
