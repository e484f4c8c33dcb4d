/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chapters.h — publish: the edition's chapters as Podcasting 2.0 JSON chapters
 * ({"version":"1.2.0","chapters":[{"startTime":0,"title":"…"},…]}), one per
 * section, timed on the whole-edition file. Written from the manifest
 * (edition.json) only, with the other publishing files (publish.h), so that
 * `tingbao publish` rewrites it along with chapters.vtt.
 */
#ifndef TB_CHAPTERS_H
#define TB_CHAPTERS_H

#include "base/buf.h"
#include "publish/manifest.h"

/* chapters.json of the manifest m into out (appended). */
tb_status tb_chapters_json(const tb_manifest *m, tb_buf *out);

#endif
