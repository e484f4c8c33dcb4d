/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * feed.h — the podcast feed over all editions in an output folder: RSS 2.0
 * with the itunes and Podcasting 2.0 namespaces, written with libxml2's
 * xmlTextWriter so that any title stays well-formed. Built only from the
 * editions' manifests (edition.json) and file sizes.
 *
 * Channel settings come from OUTDIR/feed.conf (key = value lines, '#'
 * comments), overridden by the caller's settings; see README.md.
 */
#ifndef TB_FEED_H
#define TB_FEED_H

#include "base/tb.h"

typedef struct {
    const char *title, *description, *link, *base_url, *image, *author;
    const char *owner_name, *owner_email, *category, *explicit_, *language;
} tb_feed_settings;

/* Fill unset (NULL) fields of `s` from OUTDIR/feed.conf if it exists; the
 * strings read are kept in *storage (free it with free() when done with s).
 * A malformed line gives TB_ERR_INPUT with the line in diag. */
tb_status tb_feed_load_conf(const char *outdir, tb_feed_settings *s, char **storage, tb_diag *diag);

/* Write OUTDIR/feed.xml (atomically) over every folder of OUTDIR that holds an
 * edition.json, newest edition first. *n_items receives the number of items.
 * Unset settings take documented defaults. */
tb_status tb_feed_write(const char *outdir, const tb_feed_settings *s, size_t *n_items,
                        tb_diag *diag);

/* The feed's podcast:guid: the UUIDv5 of the feed URL (scheme and trailing
 * slashes removed) in the Podcasting 2.0 namespace, as 36 characters + NUL. */
void tb_feed_guid(const char *feed_url, char out[37]);

#endif
