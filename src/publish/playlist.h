/* SPDX-License-Identifier: GPL-3.0-or-later */
/* playlist.h — extended M3U (UTF-8, .m3u8) of an edition's section files. */
#ifndef TB_PLAYLIST_H
#define TB_PLAYLIST_H

#include "base/buf.h"
#include "publish/manifest.h"

/* Append the playlist: #EXTM3U, #PLAYLIST with the headline, then for each
 * section #EXTINF:<seconds, rounded up>,<title> and its file name. */
tb_status tb_playlist_m3u8(const tb_manifest *m, tb_buf *out);

#endif
