/* SPDX-License-Identifier: GPL-3.0-or-later */
/* encode_int.h — what the files of encode/ share; not part of the contract. No
 * library type: libsndfile's is in sf_int.h, libogg's in ogg_int.h. */
#ifndef TB_ENCODE_INT_H
#define TB_ENCODE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "encode/encode.h"

/* The Ogg serial number of a file with these tags: FNV-1a of t->stream_key,
 * or, without one, a fixed number per track (0: the whole edition). */
uint32_t tb_enc_serialno(const tb_enc_tags *t);

/* ---- Ogg Opus sections (encode_opus.c) ----
 * A streaming writer of one mono Ogg Opus file; see encode_opus.c for the
 * stream it writes. The first error is sticky. */
typedef struct tb_enc_opus tb_enc_opus;

/* Create `path` (truncated) and write its header pages. `path` is borrowed
 * and must outlive the handle; tags are read during the call only. Settings
 * are assumed validated (tb_enc_section_new). */
tb_status tb_enc_opus_new(const tb_enc_settings *s, const char *path, const tb_enc_tags *tags,
                          tb_enc_opus **out, tb_diag *diag);
/* Append n samples at the settings' rate. */
tb_status tb_enc_opus_write(tb_enc_opus *o, const int16_t *pcm, size_t n);
/* Encode what remains, write the last page and close the file (also on
 * error); after it only _free is allowed. */
tb_status tb_enc_opus_finish(tb_enc_opus *o, tb_diag *diag);
/* Release the handle, closing the file unfinished if _finish was not called. */
void tb_enc_opus_free(tb_enc_opus *o);

/* ---- a section decoded as it is encoded (decode.c) ----
 * What tb_enc_section_listen attaches to the Opus writer: each audio packet,
 * as it is made, decoded as tb_enc_decoder_add decodes the finished file. */
typedef struct {
    tb_enc_decoder *d;
    int64_t skip, at; /* decoded samples to drop at the start; decoded so far */
    int last;         /* the edition's last section: the end trim applies */
    tb_enc_pcm_fn fn;
    void *ctx;
    tb_status st; /* fn's first error, or a packet that would not decode; then deaf */
} tb_enc_listener;
/* Non-zero for a decoder of Opus files (not of WAV or FLAC). */
int tb_enc_decoder_is_opus(const tb_enc_decoder *d);
void tb_enc_listener_init(tb_enc_listener *l, tb_enc_decoder *d, int pre_skip, int first, int last,
                          tb_enc_pcm_fn fn, void *ctx);
/* One audio packet; `end` is the final granule position (P + L) for the
 * packets made once the input has ended, else -1. */
void tb_enc_listener_packet(tb_enc_listener *l, const unsigned char *packet, long bytes,
                            int64_t end);
/* Hand every audio packet from now on to l (borrowed until _finish); l is
 * initialised with the writer's pre-skip. */
void tb_enc_opus_listen(tb_enc_opus *o, tb_enc_listener *l, tb_enc_decoder *d, int first, int last,
                        tb_enc_pcm_fn fn, void *ctx);

/* ---- 48 kHz for Opus (encode_resample.c) ----
 * A streaming mono resampler: a windowed-sinc polyphase filter with no delay
 * (output sample j is the input at time j * in / out, zeros before the
 * start). To flush it, feed zeros: each output appears once the input it
 * needs (40 samples past its time, when upsampling) has arrived. */
typedef struct tb_enc_resampler tb_enc_resampler;

/* NULL on allocation failure or a rate <= 0. Free with _free. */
tb_enc_resampler *tb_enc_resampler_new(int in_rate, int out_rate);
void tb_enc_resampler_free(tb_enc_resampler *r);
/* Take up to *in_len samples of `in` and write up to *out_len to `out`; both
 * are set to what was taken and written. Stops when `out` is full or `in` is
 * used up. TB_ERR_ENCODE on failure. */
tb_status tb_enc_resample(tb_enc_resampler *r, const float *in, size_t *in_len, float *out,
                          size_t *out_len);
/* The input has ended: write up to *out_len of what the filter still holds
 * (no padding added); *out_len is set to what was written, 0 once empty. */
tb_status tb_enc_resample_drain(tb_enc_resampler *r, float *out, size_t *out_len);

/* An OpusTags comment list being built; owns its memory (free with _free). */
typedef struct {
    tb_buf body; /* the comments, each a 32-bit LE length and TAG=value */
    size_t count;
} tb_enc_comments;

void tb_enc_comments_init(tb_enc_comments *c);
void tb_enc_comments_free(tb_enc_comments *c);
/* Add TAG=val; nothing when val is NULL or empty; val is cut at a newline. */
tb_status tb_enc_comments_add(tb_enc_comments *c, const char *tag, const char *val);
/* Add the tags of a file: TITLE, ALBUM, ARTIST, ORGANIZATION (the artist),
 * DATE, LANGUAGE, and TRACKNUMBER/TRACKTOTAL when t->track > 0. */
tb_status tb_enc_comments_tags(tb_enc_comments *c, const tb_enc_tags *t);
/* Append the whole OpusTags packet (magic, vendor naming tingbao and libopus,
 * the comments) to *out. */
tb_status tb_enc_comments_packet(const tb_enc_comments *c, tb_buf *out);

#endif
