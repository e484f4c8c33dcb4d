/* SPDX-License-Identifier: GPL-3.0-or-later */
/* timeline.c — the edition's timeline whatever the format: the one place that
 * decides what a format means for it (see encode.h). */
#include "encode/encode.h"

#include <string.h>

int tb_enc_has_mp3_edition(const tb_enc_settings *s)
{
    return s->format == TB_AUDIO_OPUS;
}

int tb_enc_nominal_bitrate(const tb_enc_settings *s)
{
    return s->format == TB_AUDIO_OPUS ? s->bitrate : 0;
}

tb_status tb_enc_file_measure(const tb_enc_settings *s, const char *path, tb_enc_file_info *info,
                              tb_diag *diag)
{
    memset(info, 0, sizeof *info);
    return s->format == TB_AUDIO_OPUS ? tb_enc_opus_measure(path, &info->opus, diag) : TB_OK;
}

uint64_t tb_enc_file_decoded(const tb_enc_settings *s, const tb_enc_file_info *info, int rate,
                             int first, int last)
{
    return s->format == TB_AUDIO_OPUS ? tb_enc_opus_decoded(&info->opus, rate, first, last) : 0;
}

void tb_enc_clock_add(tb_enc_clock *c, const tb_enc_file_info *info, tb_enc_span *span)
{
    tb_enc_opus_clock_add(&c->opus, &info->opus, span);
}

double tb_enc_clock_total(const tb_enc_clock *c, const tb_enc_file_info *last)
{
    return tb_enc_opus_clock_total(&c->opus, &last->opus);
}
