/* SPDX-License-Identifier: GPL-3.0-or-later */
/* id3_int.h — the MP3 edition's ID3v2.3 tag (id3.c), for mp3.c inside encode/. */
#ifndef TB_ENC_ID3_INT_H
#define TB_ENC_ID3_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "encode/mp3.h"

/* The whole tag (header and frames: title, album, artist, language, year,
 * the chapters under one ordered top-level CTOC or sub-CTOCs past 255) into
 * `tag`. */
tb_status tb_enc_id3_tag(tb_buf *tag, const tb_mp3_tags *t, const tb_mp3_chapter *ch, size_t n);

#endif
