/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c — the tingbao command: picks the subcommand and hands over.
 * Each subcommand lives in src/cli/cmd_NAME.c and returns an exit code.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"render", tb_cmd_render,
     "render REPORT into an audio edition (Ogg Opus per section + whole edition)"},
    {"batch", tb_cmd_batch,
     "render many reports (a manifest or a folder, or one shard of it) into a folder"},
    {"sections", tb_cmd_sections, "print the segmentation of REPORT as JSON"},
    {"normalize", tb_cmd_normalize, "print the spoken form of each line of stdin"},
    {"pinyin", tb_cmd_pinyin, "print what the engine is told for each line of stdin"},
    {"feed", tb_cmd_feed, "(re)write the podcast feed over all editions in a folder"},
    {"phonemes", tb_cmd_phonemes, "print the phonemes eSpeak says for each line of stdin"},
    {"check", tb_cmd_check,
     "list the places of REPORT whose reading is uncertain (proof-listening)"},
    {"lexicon", tb_cmd_lexicon, "keep a house lexicon: add WORD PINYIN, import-pls, export-pls"},
    {"publish", tb_cmd_publish,
     "rewrite one edition folder's transcripts, page, EPUB and DAISY from edition.json"},
};

static void usage(FILE *f)
{
    fputs("Usage: tingbao COMMAND [OPTIONS] [ARGS]\n"
          "Turn a Chinese newspaper report into an audio edition.\n\nCommands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'tingbao COMMAND --help' describes each command.\n"
          "Exit status: 0 success, 1 failure while working, 2 bad usage,\n"
          "3 bad input (encoding, no article text, too large, bad lexicon),\n"
          "4 (batch) some items failed, 5 (check --strict) risky readings, 130 interrupted.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TB_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return TB_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("tingbao %s\n", TB_VERSION);
        return TB_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "tingbao: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return TB_EXIT_USAGE;
}
