/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * opts.c — the render options shared by `tingbao render` and `tingbao batch`,
 * parsed once (see opts.h): strict numbers, one message per option.
 */
#include "cli/opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "encode/encode.h"
#include "input/input.h"
#include "synth/synth.h"

/* The voice families: synth/synth.h; the MBROLA one's packages: README.md. */
const char tb_opts_help_voice[] =
    "  -v, --voice FILE       the voice: voices/news (default) - eSpeak NG;\n"
    "                         voices/cmn-mbrola.voice - eSpeak NG reads, MBROLA cn1\n"
    "                         speaks with real tone contours (needs mbrola, mbrola-cn1:\n"
    "                         scripts/install-deps voices); voices/news-f - a female\n"
    "                         eSpeak NG news voice\n"
    "      --rate WPM         speaking rate in words a minute, as espeak-ng -s\n"
    "                         (80-450; default 175; the voice's speed applies on top)\n";

int tb_opts_parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || !((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
        return 0; /* no leading blanks or '+': what is given is what is read */
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

/* An Opus bitrate: bits/s, or kbit/s with a k suffix ("24k"), within
 * TB_ENC_MIN_BITRATE..TB_ENC_MAX_BITRATE. */
static int parse_bitrate(const char *s, int *out)
{
    char num[32];
    size_t n = strlen(s);
    long scale = 1, v;
    if (n > 0 && (s[n - 1] == 'k' || s[n - 1] == 'K')) {
        scale = 1000;
        n--;
    }
    if (n == 0 || n >= sizeof num)
        return 0;
    memcpy(num, s, n);
    num[n] = '\0';
    if (!tb_opts_parse_long(num, TB_ENC_MIN_BITRATE / scale, TB_ENC_MAX_BITRATE / scale, &v))
        return 0;
    *out = (int)(v * scale);
    return 1;
}

/* --bandwidth KHZ: 8, 12 or 20 → Hz. */
static int parse_bandwidth(const char *s, int *out)
{
    long v;
    if (!tb_opts_parse_long(s, 8, 20, &v) || (v != 8 && v != 12 && v != 20))
        return 0;
    *out = (int)v * 1000;
    return 1;
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
    long v;
    if (!tb_opts_parse_long(s, lo, hi, &v))
        return 0;
    *out = (int)v;
    return 1;
}

void tb_opts_init(tb_opts *o)
{
    memset(o, 0, sizeof *o);
    o->opt.format = TB_AUDIO_OPUS;
    o->opt.complexity = -1;
}

/* The numeric and enumerated options: 1 taken, 0 not one of them, -1 bad. */
static int take_number(tb_opts *o, const char *cmd, int c, const char *arg)
{
    tb_render_options *r = &o->opt;
    switch (c) {
    case 'f':
        if (tb_enc_parse_format(arg, &r->format) == TB_OK)
            return 1;
        tb_cli_usage_error(cmd, "--format must be opus, wav or flac");
        return -1;
    case 'b':
        if (parse_bitrate(arg, &r->bitrate))
            return 1;
        tb_cli_usage_error(cmd, "--bitrate must be 6000-256000 (bits/s)");
        return -1;
    case 'c':
        if (parse_int(arg, 0, 10, &r->complexity))
            return 1;
        tb_cli_usage_error(cmd, "--complexity must be 0-10");
        return -1;
    case 'j':
        if (parse_int(arg, 1, 64, &r->jobs))
            return 1;
        tb_cli_usage_error(cmd, "--jobs must be 1-64");
        return -1;
    case TB_OPT_RATE:
        if (parse_int(arg, TB_SYNTH_WPM_MIN, TB_SYNTH_WPM_MAX, &r->rate_wpm))
            return 1;
        tb_cli_usage_error(cmd, "--rate must be %d-%d (words a minute)", TB_SYNTH_WPM_MIN,
                           TB_SYNTH_WPM_MAX);
        return -1;
    case TB_OPT_BANDWIDTH:
        if (parse_bandwidth(arg, &r->bandwidth))
            return 1;
        tb_cli_usage_error(cmd, "--bandwidth must be 8, 12 or 20 (kHz)");
        return -1;
    case TB_OPT_INPUT_FORMAT:
        if (tb_input_format_parse(arg, &r->input_format) == TB_OK)
            return 1;
        tb_cli_usage_error(cmd, "--input-format must be epaper, text, markdown or html");
        return -1;
    default: return 0;
    }
}

int tb_opts_parse(tb_opts *o, const char *cmd, int argc, char **argv, const char *shortopts,
                  const struct option *longopts, int (*own)(void *ctx, int c, const char *arg),
                  void *ctx, void (*usage)(void), int *help)
{
    int c;
    *help = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        int r = tb_opts_take(o, cmd, c, optarg);
        if (r == 0)
            r = own(ctx, c, optarg);
        if (r < 0)
            return TB_EXIT_USAGE;
        if (r == 0 && c == 'h') {
            usage();
            *help = 1;
            return TB_EXIT_OK;
        }
        if (r == 0)
            return tb_cli_usage_error(cmd, "unknown option");
    }
    return TB_EXIT_OK;
}

int tb_opts_take(tb_opts *o, const char *cmd, int c, const char *arg)
{
    switch (c) {
    case 'v': o->opt.voice_path = arg; return 1;
    case 'l':
        if (o->n_lexicons == TB_OPTS_MAX_LEXICONS) {
            tb_cli_usage_error(cmd, "too many --lexicon files");
            return -1;
        }
        o->lexicons[o->n_lexicons++] = arg;
        return 1;
    case 'p': o->opt.publisher = arg; return 1;
    case 'q': o->quiet = 1; return 1;
    case TB_OPT_NO_MP3: o->opt.no_mp3 = 1; return 1;
    case TB_OPT_FORCE: o->opt.force = 1; return 1;
    case TB_OPT_BASE_URL: o->base_url = arg; return 1;
    default: return take_number(o, cmd, c, arg);
    }
}

int tb_opts_finish(tb_opts *o)
{
    if (!o->opt.voice_path)
        o->opt.voice_path = tb_cli_default_voice();
    if (access(o->opt.voice_path, R_OK) != 0) {
        fprintf(stderr, "tingbao: %s: cannot read the voice file: %s\n", o->opt.voice_path,
                strerror(errno));
        return TB_EXIT_USAGE;
    }
    return TB_EXIT_OK;
}
