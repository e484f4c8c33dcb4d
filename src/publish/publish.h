/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * publish.h — the last stage: the files written from a finished edition's
 * manifest (transcript.vtt, transcript.srt, playlist.m3u8). The feed over
 * all editions is in feed.h; chapters.json is written by render from the
 * same timings.
 */
#ifndef TB_PUBLISH_H
#define TB_PUBLISH_H

#include "tb.h"

/* Write transcript.vtt, transcript.srt and playlist.m3u8 into the edition
 * folder `dir` from its edition.json. */
tb_status tb_publish_edition(const char *dir, tb_diag *diag);

#endif
