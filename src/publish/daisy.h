/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * daisy.h — daisy/: a DAISY 2.02 talking-book fileset, the format hardware
 * DAISY players read, written from the manifest and the edition's MP3
 * (publishing stage; never synthesises).
 *
 * Inside: ncc.html (the navigation centre: the ncc metadata and one h1 per
 * section, linking to the section's first phrase), content.html (the written
 * text, an id on every sentence), one SMIL per section with each sentence as a
 * <par> phrase (its text and its clip of the MP3), and the MP3 itself (a hard
 * link to edition.mp3, or a copy where linking is impossible).
 */
#ifndef TB_DAISY_H
#define TB_DAISY_H

#include "publish/manifest.h"
#include "base/tb.h"

/* Write m->dir/daisy/. The fileset is built under a temporary name and then
 * swapped in, so a failure leaves the previous daisy/ as it was. m->mp3_file
 * must be set (TB_ERR_USAGE) and readable (TB_ERR_IO). */
tb_status tb_daisy_write(const tb_manifest *m, tb_diag *diag);

/* Remove dir/daisy/ as tb_daisy_write leaves it (its files, then the folder):
 * for an edition re-rendered without an MP3, whose old talking book would
 * no longer match it. Absent is fine; TB_ERR_IO if it cannot be removed. */
tb_status tb_daisy_remove(const char *dir, tb_diag *diag);

#endif
