/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * publish.h — the last stage: the files written from a finished edition's
 * manifest (chapters.json, transcript.vtt, transcript.srt, playlist.m3u8, the
 * accessible index.html with chapters.vtt, and with an MP3 edition.epub and
 * daisy/ — see chapters.h, html.h, epub.h, daisy.h). The feed over all
 * editions is in feed.h.
 */
#ifndef TB_PUBLISH_H
#define TB_PUBLISH_H

#include "base/tb.h"

/* Write chapters.json, transcript.vtt, transcript.srt, playlist.m3u8, chapters.vtt and
 * index.html into the edition folder `dir` from its edition.json, and, when
 * the manifest names an MP3, edition.epub and daisy/. Stops at the first
 * failure (diag names the file); each file is replaced atomically. */
/* staged: dir is a render's temporary folder, synced as a whole before it is
 * swapped in (its files then need no fsync of their own). */
tb_status tb_publish_edition(const char *dir, int staged, tb_diag *diag);

#endif
