/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_edition.c — libFuzzer harness: any bytes as an edition.json, read back by the publishers
 * (tb_manifest_parse) and by an incremental render (tb_render_state_parse); every figure
 * accepted must be one the checks promise. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "publish/manifest.h"
#include "model/render_state.h"
#include "publish/edition_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_manifest(const tb_manifest *m)
{
    if (!(m->duration >= 0 && m->duration <= TB_MANIFEST_MAX_SECONDS))
        abort();
    if (m->date && !tb_date_valid_iso(m->date))
        abort();
    if (strchr(m->edition_file, '/') || (m->mp3_file && strchr(m->mp3_file, '/')))
        abort();
    for (size_t i = 0; i < m->n_sections; i++) {
        const tb_man_section *s = &m->sections[i];
        if (strchr(s->file, '/') || !strcmp(s->file, "..") || !isfinite(s->start) ||
            !(s->duration >= 0 && s->duration <= TB_MANIFEST_MAX_SECONDS))
            abort();
        for (size_t j = 0; j < s->n_sentences; j++)
            if (!(s->sentences[j].start >= 0 &&
                  s->sentences[j].duration <= TB_MANIFEST_MAX_SECONDS))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tb_manifest *m = NULL;
    tb_diag diag = {0};
    if (tb_manifest_parse((const char *)data, size, "out/ed", "out/ed/edition.json", &m, &diag) ==
        TB_OK) {
        check_manifest(m);
        tb_manifest_free(m);
    }
    tb_render_state *rs = NULL;
    if (tb_render_state_parse((const char *)data, size, &rs) == TB_OK && rs) {
        for (size_t i = 0; i < rs->n_sections; i++) {
            const tb_rs_section *s = &rs->sections[i];
            if (strchr(s->file, '/') || s->file[0] == '.' || !isfinite(s->lufs) ||
                !isfinite(s->gain_db) || strlen(s->sha256) != 64)
                abort();
            for (size_t k = 0; k < 2 * s->n_sentences; k++)
                if (s->samples[k] > (uint64_t)TB_RS_MAX_SAMPLES)
                    abort();
        }
        tb_render_state_free(rs);
    }
    return 0;
}
