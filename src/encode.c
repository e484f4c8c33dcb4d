/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode.c — section files as PCM arrives: Ogg Opus through libopusenc, WAV and
 * FLAC through libsndfile. The whole edition is made in encode_edition.c.
 */
#include "encode.h"

#include <errno.h>
#include <opus/opus.h>
#include <opus/opusenc.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode_int.h"

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
    s->bandwidth = TB_ENC_DEFAULT_BANDWIDTH; /* why: opus_open and bench/RESULTS.md */
}

struct tb_enc_section {
    tb_audio_format format;
    char *path;
    FILE *f;             /* Opus: the file libopusenc writes through us */
    OggOpusEnc *ope;
    SNDFILE *sf;
    int write_errno;     /* first failed write of the Opus file */
    tb_status status;    /* sticky */
};

static int ope_write(void *user, const unsigned char *p, opus_int32 len)
{
    tb_enc_section *e = user;
    if (fwrite(p, 1, (size_t)len, e->f) != (size_t)len) {
        e->write_errno = errno ? errno : EIO;
        return 1;
    }
    return 0;
}

static int ope_close(void *user)
{
    tb_enc_section *e = user;
    FILE *f = e->f;
    e->f = NULL;
    if (fclose(f) != 0) {
        if (!e->write_errno)
            e->write_errno = errno ? errno : EIO;
        return 1;
    }
    return 0;
}

static int add_tag(OggOpusComments *c, const char *tag, const char *val)
{
    return !val || !*val || ope_comments_add(c, tag, val) == OPE_OK;
}

/* The fixed Ogg serial number of track `track`: same input, same bytes. */
uint32_t tb_enc_serialno(int track)
{
    return 0x74620000u + (uint32_t)track; /* "tb" */
}

static tb_status opus_open(tb_enc_section *e, const tb_enc_settings *s, const tb_enc_tags *t,
                           tb_diag *diag)
{
    OggOpusComments *c = ope_comments_create();
    if (!c)
        return TB_ERR_NOMEM;
    char num[16], total[16];
    snprintf(num, sizeof num, "%d", t->track);
    snprintf(total, sizeof total, "%d", t->tracks);
    int ok = add_tag(c, "TITLE", t->title) && add_tag(c, "ALBUM", t->album) &&
             add_tag(c, "ARTIST", t->artist) && add_tag(c, "ORGANIZATION", t->artist) &&
             add_tag(c, "DATE", t->date) && add_tag(c, "LANGUAGE", t->language) &&
             (t->track <= 0 || (add_tag(c, "TRACKNUMBER", num) &&
                                (t->tracks <= 0 || add_tag(c, "TRACKTOTAL", total))));
    if (!ok) {
        ope_comments_destroy(c);
        tb_diag_set(diag, e->path, 0, 0, "cannot tag the Opus file");
        return TB_ERR_ENCODE;
    }
    e->f = fopen(e->path, "wb");
    if (!e->f) {
        ope_comments_destroy(c);
        tb_diag_set(diag, e->path, 0, 0, "cannot create the file");
        if (diag)
            diag->err = errno;
        return TB_ERR_IO;
    }
    OpusEncCallbacks cb = {ope_write, ope_close};
    int err = 0;
    e->ope = ope_encoder_create_callbacks(&cb, e, c, s->sample_rate, 1, 0, &err);
    ope_comments_destroy(c);
    if (!e->ope) {
        tb_diag_set(diag, e->path, 0, 0, "cannot start the Opus encoder: %s", ope_strerror(err));
        return TB_ERR_ENCODE;
    }
    /* Speech from eSpeak: nothing above 11 kHz (22050 Hz PCM), so the top of
     * Opus' fullband would carry no signal. Wideband (SILK alone) is smaller
     * and cheaper on most pages but overshoots: +4.4 dBTP on
     * tests/publish/hostile.txt against -2.0 at super-wideband, the default
     * (bench/RESULTS.md). AUDIO rather than VOIP: VOIP's high-pass and speech
     * enhancement cost 6.7 dB of waveform SNR on eSpeak's output at the same
     * size (docs/audio.md). */
    int want = s->bandwidth ? s->bandwidth : TB_ENC_DEFAULT_BANDWIDTH;
    int bw = s->sample_rate <= 16000 || want <= 8000 ? OPUS_BANDWIDTH_WIDEBAND
             : want <= 12000                         ? OPUS_BANDWIDTH_SUPERWIDEBAND
                                                             : OPUS_BANDWIDTH_FULLBAND;
    if ((err = ope_encoder_ctl(e->ope, OPE_SET_SERIALNO((opus_int32)tb_enc_serialno(t->track)))) ||
        (err = ope_encoder_ctl(e->ope, OPUS_SET_BITRATE(s->bitrate))) ||
        (err = ope_encoder_ctl(e->ope, OPUS_SET_COMPLEXITY(s->complexity))) ||
        (err = ope_encoder_ctl(e->ope, OPUS_SET_APPLICATION(OPUS_APPLICATION_AUDIO))) ||
        (err = ope_encoder_ctl(e->ope, OPUS_SET_SIGNAL(OPUS_SIGNAL_MUSIC))) ||
        (err = ope_encoder_ctl(e->ope, OPUS_SET_MAX_BANDWIDTH(bw)))) {
        tb_diag_set(diag, e->path, 0, 0, "cannot set up the Opus encoder: %s", ope_strerror(err));
        return TB_ERR_ENCODE;
    }
    return TB_OK;
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
    } tags[] = {{SF_STR_TITLE, t->title},   {SF_STR_ALBUM, t->album},
                {SF_STR_ARTIST, t->artist}, {SF_STR_DATE, t->date},
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
    tb_status st = s->format == TB_AUDIO_OPUS ? opus_open(e, s, tags, diag)
                                              : sf_open_write(e, s, tags, diag);
    if (st != TB_OK) {
        tb_enc_section_free(e);
        return st;
    }
    *out = e;
    return TB_OK;
}

tb_status tb_enc_section_write(tb_enc_section *e, const int16_t *pcm, size_t n)
{
    if (e->status != TB_OK)
        return e->status;
    while (n > 0) {
        int chunk = n > 65536 ? 65536 : (int)n;
        if (e->ope) {
            if (ope_encoder_write(e->ope, pcm, chunk) != OPE_OK)
                e->status = e->write_errno ? TB_ERR_IO : TB_ERR_ENCODE;
        } else if (sf_write_short(e->sf, pcm, chunk) != chunk) {
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
    if (e->status == TB_OK && e->ope) {
        int err = ope_encoder_drain(e->ope);
        ope_encoder_destroy(e->ope); /* closes the file through ope_close */
        e->ope = NULL;
        if (err != OPE_OK || e->write_errno)
            e->status = e->write_errno ? TB_ERR_IO : TB_ERR_ENCODE;
        if (err != OPE_OK && !e->write_errno)
            tb_diag_set(diag, e->path, 0, 0, "Opus encoder: %s", ope_strerror(err));
    } else if (e->status == TB_OK && e->sf) {
        sf_write_sync(e->sf);
        if (sf_close(e->sf) != 0)
            e->status = TB_ERR_IO;
        e->sf = NULL;
    }
    if (e->status != TB_OK && diag && !diag->what[0]) {
        tb_diag_set(diag, e->path, 0, 0, "cannot write the file");
        diag->err = e->write_errno;
    }
    return e->status;
}

void tb_enc_section_free(tb_enc_section *e)
{
    if (!e)
        return;
    if (e->ope)
        ope_encoder_destroy(e->ope);
    if (e->f)
        fclose(e->f);
    if (e->sf)
        sf_close(e->sf);
    free(e->path);
    free(e);
}
