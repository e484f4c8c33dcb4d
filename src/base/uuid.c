/* SPDX-License-Identifier: GPL-3.0-or-later */
/* uuid.c — RFC 4122 version 5 UUIDs; see uuid.h. */
#include "base/uuid.h"

#include <nettle/sha1.h>
#include <stdio.h>

const unsigned char tb_uuid_ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                          0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
const unsigned char tb_uuid_ns_podcast[16] = {0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
                                              0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6};

void tb_uuid_v5(const unsigned char ns[16], const void *name, size_t n, char out[37])
{
    struct sha1_ctx ctx;
    unsigned char d[SHA1_DIGEST_SIZE];
    sha1_init(&ctx);
    sha1_update(&ctx, 16, ns);
    sha1_update(&ctx, n, name);
    sha1_digest(&ctx, sizeof d, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 */
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        o += sprintf(o, "%02x", d[i]);
    }
}
