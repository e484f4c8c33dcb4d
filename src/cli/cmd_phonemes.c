/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_phonemes.c — `tingbao phonemes`: what eSpeak says for each stdin line,
 * after the normaliser and the lexicon, as eSpeak phoneme codes on one line.
 * Made for tests (a language switch shows as "(en)") and for lexicon work.
 */
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
    tb_synth *sy;
} ctx_t;

static tb_status one_line(const char *line, size_t len, void *vctx)
{
    ctx_t *c = vctx;
    char *spoken = NULL, *ph = NULL;
    tb_speech *speech = NULL;
    tb_status st = tb_norm_text(line, len, &spoken);
    if (st == TB_OK)
        st = tb_lex_speech(c->lx, spoken, strlen(spoken), &speech);
    if (st == TB_OK)
        st = tb_synth_phonemes(c->sy, speech, &ph);
    free(spoken);
    tb_speech_free(speech);
    if (st != TB_OK)
        return st;
    /* one output line per input line: clauses joined by a space */
    size_t n = strlen(ph);
    while (n && (ph[n - 1] == '\n' || ph[n - 1] == ' '))
        ph[--n] = '\0';
    for (char *p = ph; *p; p++)
        if (*p == '\n')
            *p = ' ';
    int ok = puts(ph) >= 0;
    free(ph);
    return ok ? TB_OK : TB_ERR_IO;
}

int tb_cmd_phonemes(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {"lexicon", required_argument, NULL, 'l'},
                                         {"voice", required_argument, NULL, 'v'},
                                         {"no-default-lexicon", no_argument, NULL, 'N'},
                                         {0, 0, 0, 0}};
    const char *user[64];
    size_t n_user = 0;
    const char *voice = NULL;
    int use_default = 1, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hl:v:", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            puts("Usage: tingbao phonemes [--voice FILE] [--lexicon FILE]... < TEXT\n"
                 "Print, one line per input line, the phonemes eSpeak NG says for it after\n"
                 "the normaliser and the lexicon (eSpeak's ASCII phoneme codes, clauses\n"
                 "separated by spaces). A switch of language inside Mandarin shows as\n"
                 "\"(en)...(cmn)\"; a run given to another voice on purpose starts \"[en] \".\n"
                 "  -v, --voice FILE         eSpeak NG voice file (default voices/news)\n"
                 "  -l, --lexicon FILE       add a lexicon (later files win); repeatable\n"
                 "      --no-default-lexicon do not load the bundled lexicon/");
            return TB_EXIT_OK;
        case 'l':
            if (n_user == sizeof user / sizeof user[0])
                return tb_cli_usage_error("phonemes", "too many --lexicon files");
            user[n_user++] = optarg;
            break;
        case 'v': voice = optarg; break;
        case 'N': use_default = 0; break;
        default: return tb_cli_usage_error("phonemes", "unknown option");
        }
    }
    if (optind < argc)
        return tb_cli_usage_error("phonemes", "reads stdin; no arguments expected");
    tb_lexicon *lx = tb_lex_new();
    if (!lx)
        return tb_cli_error(TB_ERR_NOMEM, NULL);
    tb_diag diag = {0};
    tb_synth *sy = NULL;
    tb_status st = use_default ? tb_lex_load_dir(lx, tb_cli_datadir("lexicon"), &diag) : TB_OK;
    for (size_t i = 0; st == TB_OK && i < n_user; i++)
        st = tb_lex_load_file(lx, user[i], &diag);
    if (st == TB_OK)
        st = tb_synth_new(voice ? voice : tb_cli_default_voice(), &sy, &diag);
    if (st == TB_OK) {
        ctx_t ctx = {lx, sy};
        st = tb_cli_each_line(one_line, &ctx, &diag);
    }
    tb_synth_free(sy);
    tb_lex_free(lx);
    if (fflush(stdout) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}
