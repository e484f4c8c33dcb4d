/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ogg_int.h — reading an Ogg Opus section file packet by packet (libogg), and
 * its measure; shared by the whole-edition writer (whole.c) and the decoder
 * (decode.c) inside encode/ only. Implemented in ogg_read.c.
 */
#ifndef TB_ENC_OGG_INT_H
#define TB_ENC_OGG_INT_H

#include <ogg/ogg.h>
#include <stdint.h>
#include <stdio.h>

#include "encode/encode.h"

typedef struct {
    FILE *f;
    ogg_sync_state oy;
    ogg_stream_state os;
    int have_stream;
    int64_t last_granule; /* of the last page seen, -1 before any */
} tb_enc_ogg_reader;

/* Open `path` for reading (TB_ERR_IO when it cannot be). */
tb_status tb_enc_ogg_open(tb_enc_ogg_reader *r, const char *path, tb_diag *diag);
void tb_enc_ogg_close(tb_enc_ogg_reader *r);
/* 1: a packet in *op (valid until the next call); 0: end of file; <0: bad file. */
int tb_enc_ogg_packet(tb_enc_ogg_reader *r, ogg_packet *op);

/* What a section file's pass over its packets finds. */
typedef struct {
    unsigned char head[64]; /* the OpusHead packet */
    long head_len;
    tb_enc_opus_info info;
} tb_enc_ogg_measured;

/* Measure the section file `path`: TB_ERR_ENCODE when it is not a mono Ogg
 * Opus file as the encoder writes them. */
tb_status tb_enc_ogg_measure(const char *path, tb_enc_ogg_measured *m, tb_diag *diag);

#endif
