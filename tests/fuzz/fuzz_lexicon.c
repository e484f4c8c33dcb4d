/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lexicon.c — libFuzzer harness: speech and its engine text for any valid UTF-8 line, with the bundled lexicon. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/lexicon.h"
#include "base/utf8.h"
#include "synth/synth.h"

static tb_lexicon *lx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lx = tb_lex_new();
    const char *dir = getenv("TB_LEXICON_DIR");
    if (!lx || tb_lex_load_dir(lx, dir ? dir : "lexicon", NULL) != TB_OK) {
        fprintf(stderr, "fuzz_lexicon: cannot load the lexicon\n");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size;) {
        unsigned cp;
        size_t k = tb_utf8_decode((const char *)data + i, size - i, &cp);
        if (!k || cp == 0 || cp == '\n')
            return 0;
        i += k;
    }
    char *out = NULL;
    tb_speech *sp = NULL;
    if (tb_lex_speech(lx, (const char *)data, size, &sp) == TB_OK &&
        tb_synth_engine_text(sp, &out) == TB_OK && out) {
        /* engine text is XML: no raw '<' may come from the input's text */
        if (!memchr(data, '<', size) && !memchr(data, '&', size)) {
            const char *p = out;
            while ((p = strchr(p, '<')) != NULL) {
                if (strncmp(p, "<voice", 6) && strncmp(p, "</voice>", 8) && strncmp(p, "<sub", 4) &&
                    strncmp(p, "</sub>", 6) && strncmp(p, "<break", 6) && strncmp(p, "<say-as", 7) &&
                    strncmp(p, "</say-as>", 9) && strncmp(p, "<phoneme", 8) && strncmp(p, "</phoneme>", 10) &&
                    strncmp(p, "<s>", 3) && strncmp(p, "</s>", 4) && strncmp(p, "<s ", 3))
                    abort();
                p++;
            }
        }
    }
    free(out);
    tb_speech_free(sp);
    return 0;
}
