/* SPDX-License-Identifier: GPL-3.0-or-later */
/* encode_int.h — what encode.c and encode_edition.c share; not part of the contract. */
#ifndef TB_ENCODE_INT_H
#define TB_ENCODE_INT_H

#include <sndfile.h>
#include <stdint.h>

#include "encode.h"

/* The fixed Ogg serial number of track `track` (0: the whole edition). */
uint32_t tb_enc_serialno(int track);
/* Set the tags of a libsndfile file open for writing; 0 on failure. */
int tb_enc_sf_tags(SNDFILE *sf, const tb_enc_tags *t);

#endif
