/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chapters.h — publish: the edition's chapters as Podcasting 2.0 JSON chapters
 * ({"version":"1.2.0","chapters":[{"startTime":0,"title":"…"},…]}), one per
 * section, timed on the whole-edition file. Written from the edition and its
 * timeline only.
 */
#ifndef TB_CHAPTERS_H
#define TB_CHAPTERS_H

#include "model/edition.h"
#include "model/timeline.h"

/* Write chapters.json to `path` (created or truncated). */
tb_status tb_pub_chapters(const tb_edition *ed, const tb_timeline *tl, const char *path,
                          tb_diag *diag);

#endif
