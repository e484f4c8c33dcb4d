/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_publish.c — `tingbao publish DIR`: (re)write every publishing file of one
 * rendered edition folder from its edition.json (transcripts, playlist, the
 * accessible page, EPUB and DAISY). For re-publishing an edition rendered
 * earlier (after an upgrade, say) and for the tests, which call the library
 * through it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "publish/publish.h"

int tb_cmd_publish(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        puts("Usage: tingbao publish DIR\n"
             "Rewrite the publishing files of the edition folder DIR from DIR/edition.json:\n"
             "transcript.vtt, transcript.srt, playlist.m3u8, index.html, chapters.vtt and,\n"
             "when the edition has an MP3, edition.epub and daisy/. Nothing is synthesised.");
        return TB_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return tb_cli_usage_error("publish", "expected one edition folder");
    tb_diag diag = {0};
    tb_status st = tb_publish_edition(argv[1], 0, &diag);
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}
