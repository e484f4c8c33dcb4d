/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_normalize.c — `tingbao normalize`: the spoken form of each stdin line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "normalize/normalize.h"

static tb_status one_line(const char *line, size_t len, void *ctx)
{
    (void)ctx;
    char *out = NULL;
    tb_status st = tb_norm_text(line, len, &out);
    if (st != TB_OK)
        return st;
    int ok = puts(out) >= 0;
    free(out);
    return ok ? TB_OK : TB_ERR_IO;
}

int tb_cmd_normalize(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            puts("Usage: tingbao normalize < TEXT\n"
                 "Print the spoken form of each input line (numbers, dates, units and\n"
                 "symbols as a Mandarin newsreader says them), one output line per input line.");
            return TB_EXIT_OK;
        }
        return tb_cli_usage_error("normalize", "unknown option");
    }
    if (optind < argc)
        return tb_cli_usage_error("normalize", "reads stdin; no arguments expected");
    tb_diag diag = {0};
    tb_status st = tb_cli_each_line(one_line, NULL, &diag);
    if (fflush(stdout) != 0 && st == TB_OK)
        st = tb_diag_io(&diag, "<stdout>", "cannot write");
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}
