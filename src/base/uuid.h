/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uuid.h — name-based UUIDs (RFC 4122 version 5, SHA-1 from nettle): the
 * identifiers of feeds, items and talking books derive from what they name,
 * never from the clock or a random source, so outputs are reproducible.
 */
#ifndef TB_UUID_H
#define TB_UUID_H

#include <stddef.h>

/* The RFC 4122 namespace for URLs, and the Podcasting 2.0 namespace for podcast:guid. */
extern const unsigned char tb_uuid_ns_url[16];
extern const unsigned char tb_uuid_ns_podcast[16];

/* The UUIDv5 of name[0..n) in namespace ns, as 36 lower-case characters + NUL. */
void tb_uuid_v5(const unsigned char ns[16], const void *name, size_t n, char out[37]);

#endif
