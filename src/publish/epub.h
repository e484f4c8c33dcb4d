/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * epub.h — edition.epub: an EPUB 3 talking book with Media Overlays, written
 * from the manifest and the edition's MP3 (publishing stage; never synthesises).
 *
 * Inside: one XHTML document per section (the written text, an id on every
 * sentence), one SMIL overlay per section pairing each sentence with its clip
 * of the one MP3, a navigation document listing the sections, the package
 * document with media:duration per overlay and in total, media:active-class,
 * language zh-CN and the schema.org accessibility metadata. Zipped with
 * libzip, `mimetype` first and stored. Same manifest and MP3 → the same bytes
 * (dates come from the edition, not the clock).
 */
#ifndef TB_EPUB_H
#define TB_EPUB_H

#include "publish/manifest.h"
#include "base/tb.h"

/* Write m->dir/edition.epub (atomically: a temporary name renamed into place).
 * m->mp3_file must be set and name a readable file in m->dir (TB_ERR_USAGE if
 * not set, TB_ERR_IO if unreadable). diag names the file on failure. */
tb_status tb_epub_write(const tb_manifest *m, tb_diag *diag);

#endif
