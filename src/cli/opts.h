/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * opts.h — the render options that `tingbao render` and `tingbao batch` share
 * (voice, lexicons, format, bitrate, complexity, bandwidth, jobs, publisher,
 * --no-mp3, --force, --base-url, --input-format, --quiet), parsed in one place, with strict
 * numbers: a value with trailing bytes, out of range or too large for its type
 * is a usage error naming the option and its range.
 *
 * A command lists TB_OPTS_LONG in its getopt_long table and TB_OPTS_SHORT in
 * its short option string, hands every option to tb_opts_take first, and calls
 * tb_opts_finish once after the loop.
 *
 * Ownership: a tb_opts holds pointers into argv (borrowed for the command's
 * run) and to static storage (the default voice).
 */
#ifndef TB_CLI_OPTS_H
#define TB_CLI_OPTS_H

#include <getopt.h>
#include <limits.h>
#include <stddef.h>

#include "render/render.h"

#define TB_OPTS_MAX_LEXICONS 64

/* Long-only options of the shared set (above any character). */
enum { TB_OPT_BANDWIDTH = 0x100, TB_OPT_NO_MP3, TB_OPT_FORCE, TB_OPT_BASE_URL,
       TB_OPT_INPUT_FORMAT, TB_OPT_RATE };

#define TB_OPTS_SHORT "v:l:f:b:c:j:p:q"
/* clang-format off */
#define TB_OPTS_LONG                                                              \
    {"voice", required_argument, NULL, 'v'},                                      \
    {"lexicon", required_argument, NULL, 'l'},                                    \
    {"format", required_argument, NULL, 'f'},                                     \
    {"bitrate", required_argument, NULL, 'b'},                                    \
    {"complexity", required_argument, NULL, 'c'},                                 \
    {"jobs", required_argument, NULL, 'j'},                                       \
    {"publisher", required_argument, NULL, 'p'},                                  \
    {"quiet", no_argument, NULL, 'q'},                                            \
    {"bandwidth", required_argument, NULL, TB_OPT_BANDWIDTH},                     \
    {"no-mp3", no_argument, NULL, TB_OPT_NO_MP3},                                 \
    {"force", no_argument, NULL, TB_OPT_FORCE},                                   \
    {"base-url", required_argument, NULL, TB_OPT_BASE_URL},                       \
    {"input-format", required_argument, NULL, TB_OPT_INPUT_FORMAT},               \
    {"rate", required_argument, NULL, TB_OPT_RATE}
/* clang-format on */

/* The help of the shared --voice, for the usage text of every command that
 * takes the shared set: lines of 80 columns or less, each ending in "\n". */
extern const char tb_opts_help_voice[];

typedef struct {
    tb_render_options opt; /* output_dir, date, title, strict, callbacks: the command's */
    const char *lexicons[TB_OPTS_MAX_LEXICONS];
    size_t n_lexicons;
    const char *base_url; /* NULL: none given */
    int quiet;
} tb_opts;

/* Set the defaults (Opus, the encoder's default complexity, ...). */
void tb_opts_init(tb_opts *o);

/* Take option c (a getopt_long result) with its argument arg when it is one
 * of the shared set. Returns 1 when taken, 0 when it is not a shared option
 * (the command handles it), or -1 after printing a usage error for `cmd`
 * (the command then exits with TB_EXIT_USAGE). */
int tb_opts_take(tb_opts *o, const char *cmd, int c, const char *arg);

/* The option loop render and batch share: getopt_long over argv with
 * `shortopts` (TB_OPTS_SHORT and the command's own) and `longopts`; each
 * option goes to tb_opts_take first, then to own(ctx, c, arg) (1 taken, 0 not
 * one of them, -1 a usage error it printed); -h / --help calls usage() and
 * sets *help. Returns TB_EXIT_OK or TB_EXIT_USAGE (the error printed); optind
 * is then the first operand. */
int tb_opts_parse(tb_opts *o, const char *cmd, int argc, char **argv, const char *shortopts,
                  const struct option *longopts, int (*own)(void *ctx, int c, const char *arg),
                  void *ctx, void (*usage)(void), int *help);

/* After parsing: the default voice (tb_cli_default_voice) when none was
 * given, and a check that the voice file can be read. Returns
 * TB_EXIT_OK, or TB_EXIT_USAGE after printing why. */
int tb_opts_finish(tb_opts *o);

/* Strict decimal integer: all of s (no sign games, no trailing bytes, no
 * overflow) and lo <= value <= hi. 1 and *out set, or 0. */
int tb_opts_parse_long(const char *s, long lo, long hi, long *out);

#endif
