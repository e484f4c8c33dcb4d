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
    /* called for each edition folder left out of the feed because its
     * edition.json cannot be read or is not a manifest (why: its path and
     * what is wrong); may be NULL */
    void (*skipped)(const tb_diag *why, void *ctx);
    void *skipped_ctx;
} tb_feed_settings;

/* Fill unset (NULL) fields of `s` from OUTDIR/feed.conf if it exists (a
 * regular file, not a link, of at most 1 MiB); the
 * strings read are kept in *storage (free it with free() when done with s).
 * Every value is checked as tb_feed_check does: a malformed line, an unknown
 * key or a value podcast apps refuse gives TB_ERR_INPUT with the file and
 * line in diag. '#' at the start of a line or after a blank starts a comment. */
tb_status tb_feed_load_conf(const char *outdir, tb_feed_settings *s, char **storage, tb_diag *diag);

/* The same from feed.conf's text (NUL-terminated, changed in place: the
 * fields set point into it); path names it in diag. For the fuzzer. */
tb_status tb_feed_parse_conf(char *data, const char *path, tb_feed_settings *s, tb_diag *diag);

/* Non-zero when `value` is acceptable for the feed.conf key `key` (what Apple
 * Podcasts and the Podcasting 2.0 namespace accept): base_url, link and image
 * absolute http(s) URLs, image a .jpg/.jpeg/.png, explicit "true" or
 * "false", category one of Apple's (categories.def) written "Parent" or
 * "Parent > Subcategory", owner_email an address, language a code such as
 * zh-cn, the other keys non-empty. Else 0 with the reason in why[n]. */
int tb_feed_check(const char *key, const char *value, char *why, size_t n);

/* tb_feed_check on every set field of s, the message naming the field as a
 * flag ("--explicit: ..."): TB_ERR_INPUT on the first bad one. */
tb_status tb_feed_check_settings(const tb_feed_settings *s, tb_diag *diag);

/* The publisher OUTDIR/feed.conf names — its author, else its owner_name —
 * as a string the caller frees, or *out NULL when there is none (or no
 * feed.conf). The whole file is checked as tb_feed_load_conf does. */
tb_status tb_feed_conf_publisher(const char *outdir, char **out, tb_diag *diag);

/* A category value split into Apple's category and subcategory (*sub NULL
 * when there is none), pointing into the static table; 0 with why[n] set
 * when Apple has no such category. */
int tb_feed_category(const char *value, const char **parent, const char **sub, char *why, size_t n);

/* Write OUTDIR/feed.xml (atomically) over every folder of OUTDIR (not a
 * symbolic link) that holds a regular edition.json, newest edition first; a
 * folder whose edition.json is unusable is left out (s->skipped says which). *n_items receives the number of items.
 * Unset settings take documented defaults. */
tb_status tb_feed_write(const char *outdir, const tb_feed_settings *s, size_t *n_items,
                        tb_diag *diag);

/* The feed's podcast:guid: the UUIDv5 of the feed URL (scheme and trailing
 * slashes removed) in the Podcasting 2.0 namespace, as 36 characters + NUL. */
void tb_feed_guid(const char *feed_url, char out[37]);

#endif
