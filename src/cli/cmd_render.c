/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_render.c — STUB until synthesis and encoding land. */
#include "cli/cli.h"

int tb_cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return tb_cli_error(TB_ERR_USAGE, NULL);
}
