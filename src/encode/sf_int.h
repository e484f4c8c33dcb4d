/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sf_int.h — libsndfile helpers the WAV/FLAC writers of encode/ share
 * (section.c, whole.c); never included outside encode/. */
#ifndef TB_ENC_SF_INT_H
#define TB_ENC_SF_INT_H

#include <sndfile.h>

#include "encode/encode.h"

/* Set the tags of a libsndfile file open for writing; 0 on failure. */
int tb_enc_sf_tags(SNDFILE *sf, const tb_enc_tags *t);

#endif
