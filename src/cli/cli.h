/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h — what the subcommands share: one entry point per subcommand, the
 * mapping from tb_status to exit codes, and the one place that prints errors.
 * Only CLI code prints; the library under src/ never does.
 *
 * Exit codes (documented in README.md and `tingbao --help`):
 *   0 success · 1 runtime failure (I/O, engine, encoder, memory) · 2 usage
 *   3 bad input (encoding, no article text, too large, bad lexicon) · 130 interrupted
 *   4 (batch) some items failed, the others were rendered or skipped
 */
#ifndef TB_CLI_H
#define TB_CLI_H

#include <signal.h>

#include "input/input.h"
#include "lexicon/lexicon.h"
#include "base/tb.h"

enum {
    TB_EXIT_OK = 0,
    TB_EXIT_FAIL = 1,
    TB_EXIT_USAGE = 2,
    TB_EXIT_INPUT = 3,
    TB_EXIT_SOME_FAILED = 4,
    TB_EXIT_RISKY = 5, /* check --strict: risky readings listed */
    TB_EXIT_INTR = 130
};

/* Each subcommand: argv[0] is the subcommand's name. Returns an exit code. */
int tb_cmd_render(int argc, char **argv);
int tb_cmd_normalize(int argc, char **argv);
int tb_cmd_pinyin(int argc, char **argv);
int tb_cmd_sections(int argc, char **argv);
int tb_cmd_feed(int argc, char **argv);
int tb_cmd_phonemes(int argc, char **argv);
int tb_cmd_publish(int argc, char **argv); /* re-publish one edition folder */
int tb_cmd_batch(int argc, char **argv);   /* render many reports, or one shard of them */
int tb_cmd_check(int argc, char **argv);
int tb_cmd_lexicon(int argc, char **argv);
    /* keep a house lexicon; PLS import/export */ /* the proof-listening list of a report */

/* Exit code for a status. */
int tb_cli_exit_code(tb_status st);

/* Print "tingbao: FILE:LINE:COL: WHAT (STATUS MESSAGE)" to stderr, leaving out
 * what the diag does not know. diag may be NULL. Returns tb_cli_exit_code(st). */
int tb_cli_error(tb_status st, const tb_diag *diag);

/* s made safe to print on a terminal, in out[cap] (cut short if need be):
 * control characters (ESC and the rest of C0, DEL, C1), bidirectional and
 * zero-width characters become \xNN or \u{NNNN}, bytes that are not UTF-8
 * \xNN, so that a file name or a manifest field cannot move the cursor,
 * recolour, retitle the terminal or reorder what is read. Returns out. */
const char *tb_cli_safe(const char *s, char *out, size_t cap);

/* For tb_feed_settings.skipped: "tingbao: warning: PATH: WHAT; left out of
 * the feed" on stderr (ctx unused). */
void tb_cli_feed_skipped(const tb_diag *why, void *ctx);

/* Warn on stderr about the invalid bytes dropped from the report at `path`:
 * one line per run that kept its position,
 *   "tingbao: warning: FILE:LINE:COL (byte OFFSET): invalid UTF-8, N bytes dropped",
 * then one line counting the rest. Nothing when d->bytes is 0. */
void tb_cli_input_warnings(const char *path, const tb_input_damage *d);

/* A new lexicon with the bundled entries, then the user's files in order
 * (later entries win). TB_OK and *out (free with tb_lex_free), or a status
 * with diag naming the file and line. */
tb_status tb_cli_load_lexicon(const char *const *user, size_t n_user, tb_lexicon **out,
                              tb_diag *diag);

/* From now on SIGINT and SIGTERM only set the flag returned (for a render's
 * `cancel`): the work in progress stops and cleans up. */
const volatile sig_atomic_t *tb_cli_stop_on_signals(void);

/* Print "tingbao CMD: MESSAGE" to stderr and return TB_EXIT_USAGE. */
int tb_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The folder that holds tingbao's data `sub` ("lexicon" or "voices"):
 * $TINGBAO_DATADIR/sub if set, else the folder beside the executable when it
 * has one (a build tree), else the installed DATADIR/sub. Static storage. */
const char *tb_cli_datadir(const char *sub);

/* The default voice file, tb_cli_datadir("voices")/news: the one place it is
 * named. Static storage. */
const char *tb_cli_default_voice(void);

/* Longest stdin line the line filters (normalize, pinyin, phonemes) take:
 * what one line costs in memory is a small multiple of it. */
#define TB_CLI_LINE_MAX (1 << 20)

/* Read stdin line by line, calling fn(line, len, ctx) for each line without
 * its newline (CR stripped too). Stops at the first non-OK status; a line
 * longer than TB_CLI_LINE_MAX is TB_ERR_TOO_BIG ("<stdin>:LINE" in diag),
 * found without reading the rest of it. */
tb_status tb_cli_each_line(tb_status (*fn)(const char *line, size_t len, void *ctx), void *ctx,
                           tb_diag *diag);

/* Print "tingbao: warning: PATH:LINE: WHAT" (a parser's note; ctx unused). */
void tb_cli_parse_warning(const char *path, size_t line, const char *what, void *ctx);

#endif
