/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_normalize.c — libFuzzer harness: the normaliser on any valid UTF-8 line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "base/utf8.h"

/* The normaliser's contract is one line of valid UTF-8 (input guarantees it). */
static int valid_line(const uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = tb_utf8_decode((const char *)d + i, n - i, &cp);
        if (!k || cp == '\n' || cp == 0)
            return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!valid_line(data, size))
        return 0;
    char *out = NULL;
    if (tb_norm_text((const char *)data, size, &out) == TB_OK) {
        size_t n = strlen(out);
        unsigned cp;
        for (size_t i = 0; i < n;) { /* the output must be valid UTF-8 too */
            size_t k = tb_utf8_decode(out + i, n - i, &cp);
            if (!k)
                abort();
            i += k;
        }
    }
    free(out);
    return 0;
}
