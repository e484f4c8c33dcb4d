/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * input.h — the first stage: read a report file, decode it to clean UTF-8 and
 * sniff its format. Only this module knows about encodings.
 *
 * What comes out (tb_text.text) is always: valid UTF-8, no BOM, LF line ends,
 * no NUL or other control characters (tab and newline excepted), no ANSI
 * escape sequences, no zero-width or bidirectional marks, no U+FFFD.
 *
 * Encodings, in this order: a byte-order mark (UTF-8, GB18030, UTF-16);
 * --encoding; UTF-16 without a BOM when it reads as text (NUL bytes that do
 * not are refused with a message); the charset an HTML page declares (meta
 * charset, XML declaration) when its text reads as Chinese in it; else
 * UTF-8 if the bytes are UTF-8, else GB18030 (a superset of GBK and GB2312)
 * or Big5 (with HKSCS) when one explains the bytes far better than UTF-8
 * (at most one invalid byte per 8 that UTF-8 would drop; so damaged UTF-8
 * stays UTF-8, damaged GB18030 stays GB18030), the one whose text reads more
 * like Chinese. In a GB18030 or Big5 file, a line that is valid UTF-8
 * Chinese stays UTF-8. charset.c says how "reads like Chinese" is judged.
 *
 * Invalid input policy: by default invalid bytes are dropped and reading
 * goes on; each run of them is recorded (position, length) in
 * tb_text.damage so that the caller can warn. Neither the bad bytes nor
 * U+FFFD ever reach the text. With `strict` set the first invalid byte is
 * refused instead: TB_ERR_ENCODING with its file, line, column and byte
 * offset in the diag. Undeclared bytes in neither encoding (at least 8
 * invalid bytes, outnumbering the valid UTF-8 characters, that GB18030 does
 * not explain better: Latin-1, a binary file) are refused that way whatever
 * the policy, unless the encoding is forced.
 *
 * Size limit: TB_INPUT_MAX_BYTES (16 MiB) of raw input unless the options
 * set another; larger input is refused with TB_ERR_TOO_BIG before decoding.
 */
#ifndef TB_INPUT_H
#define TB_INPUT_H

#include <stddef.h>

#include "base/tb.h"

#define TB_INPUT_MAX_BYTES ((size_t)16 << 20) /* 16 MiB: a newspaper page is ~50 KB */

typedef enum {
    TB_FMT_AUTO = 0, /* sniff */
    TB_FMT_EPAPER,   /* text scraped from an e-paper page (also plain text) */
    TB_FMT_MARKDOWN,
    TB_FMT_HTML
} tb_input_format;

typedef enum {
    TB_ENC_AUTO = 0, /* BOM, UTF-16, declared charset, else UTF-8/GB18030/Big5 (above) */
    TB_ENC_UTF8,
    TB_ENC_GB18030,
    TB_ENC_BIG5, /* Big5 with the HKSCS extensions */
    TB_ENC_UTF16LE,
    TB_ENC_UTF16BE
} tb_input_encoding;

typedef struct {
    tb_input_format format;     /* TB_FMT_AUTO sniffs */
    tb_input_encoding encoding; /* TB_ENC_AUTO detects */
    size_t max_bytes;           /* 0: TB_INPUT_MAX_BYTES */
    int strict;                 /* refuse the first invalid byte instead of dropping it */
} tb_input_opts;

/* How many runs of dropped bytes keep their position (the rest are counted). */
#define TB_INPUT_RUNS_KEPT 5

/* One run of consecutive invalid bytes that was dropped. Line and column
 * (1-based, the column in characters) and the byte offset are those of the
 * run's first byte in the raw file. */
typedef struct {
    size_t offset, line, column;
    size_t bytes;
} tb_input_run;

/* What was dropped from a report read without `strict`. */
typedef struct {
    size_t bytes;                           /* invalid bytes dropped in all; 0: none */
    size_t runs;                            /* runs of consecutive invalid bytes */
    tb_input_run first[TB_INPUT_RUNS_KEPT]; /* the first min(runs, TB_INPUT_RUNS_KEPT) */
    const char *encoding;                   /* the encoding they were invalid in (static storage) */
    char declared[32];                      /* a charset the page declared that its bytes do not fit
                                             * (decoded as `encoding` instead), else "" */
} tb_input_damage;

typedef struct {
    char *text; /* clean UTF-8 (see above), NUL-terminated; owned */
    size_t len;
    tb_input_format format; /* never TB_FMT_AUTO after a successful read */
    const char *encoding;   /* "UTF-8", "GB18030", "Big5" or "UTF-16" (static storage) */
    tb_input_damage damage; /* invalid bytes dropped (never with `strict`) */
} tb_text;

/* Read `path` ("-" for stdin) with default options (invalid bytes dropped),
 * forcing `format` unless it is TB_FMT_AUTO. Same contract as
 * tb_input_read_opts. */
tb_status tb_input_read(const char *path, tb_input_format format, tb_text *out, tb_diag *diag);

/* Read `path` ("-" for stdin) and decode it as described at the top of this
 * header; opts may be NULL (defaults). Errors: TB_ERR_IO (errno in diag),
 * TB_ERR_TOO_BIG, TB_ERR_ENCODING (file:line:column in diag: `strict` only,
 * or an encoding this system cannot decode), TB_ERR_NOMEM.
 * On success the caller owns out->text (tb_text_free); on failure *out is
 * left empty. */
tb_status tb_input_read_opts(const char *path, const tb_input_opts *opts, tb_text *out,
                             tb_diag *diag);

/* The same for a file others may have dropped (batch FOLDER): a symbolic
 * link at path is refused (TB_ERR_INPUT, "not a regular file (a symbolic
 * link)"), never followed; a FIFO or device is refused by every reader. */
tb_status tb_input_read_nofollow(const char *path, const tb_input_opts *opts, tb_text *out,
                                 tb_diag *diag);

/* Decode raw bytes data[0..n) exactly as tb_input_read_opts decodes a file;
 * `name` is used in diag messages. Same ownership of out->text. */
tb_status tb_input_decode(const char *data, size_t n, const char *name, const tb_input_opts *opts,
                          tb_text *out, tb_diag *diag);

/* Guess the format of clean text: HTML if it starts with <!DOCTYPE, <html,
 * <head, <body or <?xml, or is mostly markup (at least 5 closing tags and
 * most lines starting with a tag); Markdown if it has an ATX heading line
 * (`# `), a setext heading underlined with `===`, or two underlined with
 * `---`; else e-paper. A file's extension decides before this (input.c). */
tb_input_format tb_input_sniff(const char *text, size_t len);

/* "epaper", "markdown", "html" (or "auto"); static storage. */
const char *tb_input_format_name(tb_input_format f);

/* Parse a format name as given on a command line; TB_ERR_USAGE if unknown. */
tb_status tb_input_format_parse(const char *name, tb_input_format *out);

/* Parse an encoding name ("utf-8", "gb18030", "gbk", "gb2312", "big5",
 * "utf-16le", "utf-16be", "auto"). */
tb_status tb_input_encoding_parse(const char *name, tb_input_encoding *out);

/* Release out->text; safe on an empty or already freed tb_text. */
void tb_text_free(tb_text *t);

#endif
