/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode.c — section files as PCM arrives: Ogg Opus through our own writer on
 * libopus (encode_opus.c), WAV and FLAC through libsndfile. The whole edition
 * is made in encode_edition.c.
 */
#include "encode/encode.h"

#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode/encode_int.h"
#include "encode/sf_int.h"

const char *tb_enc_extension(tb_audio_format fmt)
{
    switch (fmt) {
    case TB_AUDIO_OPUS: return "opus";
    case TB_AUDIO_WAV: return "wav";
    case TB_AUDIO_FLAC: return "flac";
    }
    return "opus";
}

tb_status tb_enc_parse_format(const char *name, tb_audio_format *out)
{
    static const tb_audio_format all[] = {TB_AUDIO_OPUS, TB_AUDIO_WAV, TB_AUDIO_FLAC};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(name, tb_enc_extension(all[i]))) {
            *out = all[i];
            return TB_OK;
        }
    return TB_ERR_USAGE;
}

void tb_enc_settings_default(tb_enc_settings *s, int sample_rate)
{
    s->format = TB_AUDIO_OPUS;
    s->sample_rate = sample_rate;
    s->bitrate = TB_ENC_DEFAULT_BITRATE;
    s->complexity = 5; /* 10 costs 1.6x the CPU for 0.7 dB SNR (docs/audio.md) */
    s->bandwidth = TB_ENC_DEFAULT_BANDWIDTH; /* why: encode_opus.c, bench/RESULTS.md */
}

struct tb_enc_section {
    tb_audio_format format;
    char *path;
    tb_enc_opus *opus;        /* Ogg Opus (encode_opus.c) */
    SNDFILE *sf;              /* WAV, FLAC */
    tb_status status;         /* sticky */
    int write_errno;          /* of a failed write: it may have been on another thread */
    tb_enc_listener listener; /* tb_enc_section_listen */
};

/* Same tags, same serial: same input, same bytes. */
uint32_t tb_enc_serialno(const tb_enc_tags *t)
{
    if (!t->stream_key || !*t->stream_key)
        return 0x74620000u + (uint32_t)t->track; /* "tb" */
    uint32_t h = 2166136261u;                    /* FNV-1a, 32 bits */
    for (const unsigned char *p = (const unsigned char *)t->stream_key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static tb_status sf_open_write(tb_enc_section *e, const tb_enc_settings *s, const tb_enc_tags *t,
                               tb_diag *diag)
{
    SF_INFO info = {0};
    info.samplerate = s->sample_rate;
    info.channels = 1;
    info.format = (s->format == TB_AUDIO_FLAC ? SF_FORMAT_FLAC : SF_FORMAT_WAV) | SF_FORMAT_PCM_16;
    e->sf = sf_open(e->path, SFM_WRITE, &info);
    if (!e->sf) {
        tb_diag_set(diag, e->path, 0, 0, "cannot create the file: %s", sf_strerror(NULL));
        return TB_ERR_IO;
    }
    return tb_enc_sf_tags(e->sf, t) ? TB_OK : TB_ERR_ENCODE;
}

int tb_enc_sf_tags(SNDFILE *sf, const tb_enc_tags *t)
{
    char num[16];
    snprintf(num, sizeof num, "%d", t->track);
    const struct {
        int id;
        const char *val;
    } tags[] = {{SF_STR_TITLE, t->title},
                {SF_STR_ALBUM, t->album},
                {SF_STR_ARTIST, t->artist},
                {SF_STR_DATE, t->date},
                {SF_STR_TRACKNUMBER, t->track > 0 ? num : NULL}};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (tags[i].val && *tags[i].val && sf_set_string(sf, tags[i].id, tags[i].val) != 0)
            return 0;
    return 1;
}

tb_status tb_enc_section_new(const tb_enc_settings *s, const char *path, const tb_enc_tags *tags,
                             tb_enc_section **out, tb_diag *diag)
{
    if (s->bitrate < TB_ENC_MIN_BITRATE || s->bitrate > TB_ENC_MAX_BITRATE || s->complexity < 0 ||
        s->complexity > 10 || s->sample_rate <= 0) {
        tb_diag_set(diag, NULL, 0, 0, "encoder settings out of range");
        return TB_ERR_USAGE;
    }
    tb_enc_section *e = calloc(1, sizeof *e);
    if (!e || !(e->path = strdup(path))) {
        free(e);
        return TB_ERR_NOMEM;
    }
    e->format = s->format;
    tb_status st = s->format == TB_AUDIO_OPUS ? tb_enc_opus_new(s, e->path, tags, &e->opus, diag)
                                              : sf_open_write(e, s, tags, diag);
    if (st != TB_OK) {
        tb_enc_section_free(e);
        return st;
    }
    *out = e;
    return TB_OK;
}

tb_status tb_enc_section_listen(tb_enc_section *e, tb_enc_decoder *d, int first, int last,
                                tb_enc_pcm_fn fn, void *ctx)
{
    if (!e->opus || !tb_enc_decoder_is_opus(d))
        return TB_ERR_USAGE;
    tb_enc_opus_listen(e->opus, &e->listener, d, first, last, fn, ctx);
    return TB_OK;
}

tb_status tb_enc_section_heard(const tb_enc_section *e)
{
    return e->listener.st;
}

tb_status tb_enc_section_write(tb_enc_section *e, const int16_t *pcm, size_t n)
{
    if (e->status != TB_OK)
        return e->status;
    while (n > 0) {
        int chunk = n > 65536 ? 65536 : (int)n;
        if (e->opus)
            e->status = tb_enc_opus_write(e->opus, pcm, (size_t)chunk);
        else if (sf_write_short(e->sf, pcm, chunk) != chunk) {
            e->write_errno = errno;
            e->status = TB_ERR_IO;
        }
        if (e->status != TB_OK)
            return e->status;
        pcm += chunk;
        n -= (size_t)chunk;
    }
    return TB_OK;
}

tb_status tb_enc_section_finish(tb_enc_section *e, tb_diag *diag)
{
    if (e->opus) {
        /* closes the file even after an error */
        tb_status st = tb_enc_opus_finish(e->opus, diag);
        tb_enc_opus_free(e->opus);
        e->opus = NULL;
        if (e->status == TB_OK)
            e->status = st;
    } else if (e->status == TB_OK && e->sf) {
        sf_write_sync(e->sf);
        if (sf_close(e->sf) != 0)
            e->status = TB_ERR_IO;
        e->sf = NULL;
    }
    if (e->status != TB_OK && diag && !diag->what[0]) {
        tb_diag_io(diag, e->path, "cannot write the file"); /* errno: ENOSPC, EDQUOT */
        if (e->write_errno) /* the write's own, as the Opus writer keeps it */
            diag->err = e->write_errno;
    }
    return e->status;
}

void tb_enc_section_free(tb_enc_section *e)
{
    if (!e)
        return;
    tb_enc_opus_free(e->opus);
    if (e->sf)
        sf_close(e->sf);
    free(e->path);
    free(e);
}
