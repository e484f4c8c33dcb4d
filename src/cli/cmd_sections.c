/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_sections.c — STUB until the segmenter lands. */
#include "cli/cli.h"

int tb_cmd_sections(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return tb_cli_error(TB_ERR_USAGE, NULL);
}
