/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_pinyin.c — `tingbao pinyin`: the engine text for each stdin line (the
 * lexicon's speech as the synth stage tells it to eSpeak). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lexicon/lexicon.h"
#include "normalize/normalize.h"
#include "synth/synth.h"

typedef struct {
    const tb_lexicon *lx;
    int normalize; /* 0 with --no-normalize: the lexicon stage alone */
} pinyin_ctx;

static tb_status one_line(const char *line, size_t len, void *ctx)
{
    const pinyin_ctx *pc = ctx;
    const tb_lexicon *lx = pc->lx;
    char *spoken = NULL, *engine = NULL;
    tb_speech *speech = NULL;
    tb_status st = pc->normalize ? tb_norm_text(line, len, &spoken) : TB_OK;
    if (st != TB_OK)
        return st;
    if (!pc->normalize && !(spoken = strndup(line, len)))
        return TB_ERR_NOMEM;
    st = tb_lex_speech(lx, spoken, strlen(spoken), &speech);
    free(spoken);
    if (st == TB_OK)
        st = tb_synth_engine_text(speech, &engine);
    tb_speech_free(speech);
    if (st != TB_OK)
        return st;
    int ok = puts(engine) >= 0;
    free(engine);
    return ok ? TB_OK : TB_ERR_IO;
}

int tb_cmd_pinyin(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {"lexicon", required_argument, NULL, 'l'},
                                         {"no-default-lexicon", no_argument, NULL, 'N'},
                                         {"no-normalize", no_argument, NULL, 'R'},
                                         {0, 0, 0, 0}};
    const char *user[64];
    size_t n_user = 0;
    int use_default = 1, normalize = 1, c;
    while ((c = getopt_long(argc, argv, "hl:", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            puts("Usage: tingbao pinyin [--lexicon FILE]... < TEXT\n"
                 "Print, one line per input line, the text handed to the speech engine:\n"
                 "the normalised text with lexicon readings as pinyin (tone digits),\n"
                 "一/不 sandhi applied and Latin runs marked for English (SSML).\n"
                 "  -l, --lexicon FILE       add a lexicon (later files win); repeatable\n"
                 "      --no-default-lexicon do not load the bundled lexicon/\n"
                 "      --no-normalize       the lexicon stage alone, on text as given");
            return TB_EXIT_OK;
        case 'l':
            if (n_user == sizeof user / sizeof user[0])
                return tb_cli_usage_error("pinyin", "too many --lexicon files");
            user[n_user++] = optarg;
            break;
        case 'N': use_default = 0; break;
        case 'R': normalize = 0; break;
        default: return tb_cli_usage_error("pinyin", "unknown option");
        }
    }
    if (optind < argc)
        return tb_cli_usage_error("pinyin", "reads stdin; no arguments expected");
    tb_lexicon *lx = tb_lex_new();
    if (!lx)
        return tb_cli_error(TB_ERR_NOMEM, NULL);
    tb_diag diag = {0};
    tb_status st = use_default ? tb_lex_load_dir(lx, tb_cli_datadir("lexicon"), &diag) : TB_OK;
    for (size_t i = 0; st == TB_OK && i < n_user; i++)
        st = tb_lex_load_file(lx, user[i], &diag);
    if (st == TB_OK)
        st = tb_cli_each_line(one_line, &(pinyin_ctx){lx, normalize}, &diag);
    tb_lex_free(lx);
    if (fflush(stdout) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}
