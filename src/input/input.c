/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * input.c — first stage of the pipeline: bytes of a report file → clean UTF-8
 * text and its format (see input.h for the guarantees and the policy).
 *
 * Order of work: read (capped) → pick the encoding (BOM, forced, or detected)
 * → decode to UTF-8 (iconv for GB18030 and UTF-16) → clean (line ends,
 * controls, escape sequences, invisible marks) → sniff the format.
 * Positions in diagnostics always refer to the raw file: line and column
 * (in characters) of the first bad byte, and its byte offset.
 */
#include "input/input.h"
#include "input/input_int.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/safe.h"
#include "base/utf8.h"

/* ---------- reading ---------- */

static tb_status slurp(const char *path, size_t max, int flags, tb_buf *b, tb_diag *diag)
{
    int is_stdin = !strcmp(path, "-");
    tb_status ost = TB_OK;
    /* a FIFO or a device (a planted batch item) is refused, never waited on */
    FILE *f = is_stdin ? stdin : tb_safe_fopen_read(path, flags, &ost, diag);
    if (!f) {
        if (ost == TB_ERR_IO && diag && diag->err)
            tb_diag_set(diag, path, 0, 0, "cannot open the report");
        else if (ost == TB_ERR_IO) /* a folder */
            tb_diag_set(diag, path, 0, 0, "cannot read the report: not a regular file (a folder)");
        return ost;
    }
    /* one byte beyond the limit tells "too big" from "exactly at the limit" */
    tb_buf_init(b, max + 1);
    char chunk[65536];
    size_t n;
    tb_status st = TB_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        st = tb_buf_add(b, chunk, n);
        if (st != TB_OK)
            break;
    }
    int e = errno;
    int failed = st == TB_OK && ferror(f);
    if (!is_stdin)
        fclose(f);
    if (st == TB_OK && b->len > max)
        st = TB_ERR_TOO_BIG;
    if (st == TB_ERR_TOO_BIG) {
        tb_diag_set(diag, path, 0, 0, "the report is larger than the %zu MiB limit", max >> 20);
    } else if (failed) {
        tb_diag_set(diag, path, 0, 0, "cannot read the report");
        if (diag)
            diag->err = e;
        st = TB_ERR_IO;
    }
    if (st != TB_OK)
        tb_buf_free(b);
    return st;
}

/* ---------- positions in raw text ---------- */

/* 1-based line and column (in characters, an invalid byte counting as one)
 * of byte `off` in the UTF-8-ish raw data. */
static void utf8_position(const char *d, size_t off, size_t *line, size_t *col)
{
    size_t ln = 1, start = 0;
    for (size_t i = 0; i < off; i++)
        if (d[i] == '\n') {
            ln++;
            start = i + 1;
        }
    size_t c = 1;
    for (size_t i = start; i < off;) {
        unsigned cp;
        size_t k = tb_utf8_decode(d + i, off - i, &cp);
        i += k ? k : 1;
        c++;
    }
    *line = ln;
    *col = c;
}

/* 1-based line and column of the character that would follow the valid
 * UTF-8 text u[0..n) (a converted prefix of the file). */
static void end_position(const char *u, size_t n, size_t *line, size_t *col)
{
    size_t ln = 1, c = 1;
    for (size_t j = 0; j < n; j++) {
        if (u[j] == '\n') {
            ln++;
            c = 1;
        } else if (((unsigned char)u[j] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = ln;
    *col = c;
}

/* Record one dropped invalid byte at raw offset `off`; a byte right after the
 * previous one extends its run. `where` computes the position of a new run
 * (only for the first TB_INPUT_RUNS_KEPT runs: it costs a scan of the text). */
typedef void (*position_fn)(const void *ctx, size_t *line, size_t *col);

static void note_dropped(tb_input_damage *dm, size_t off, size_t *next_off, position_fn where,
                         const void *ctx)
{
    if (dm->bytes++ > 0 && off == *next_off) {
        if (dm->runs <= TB_INPUT_RUNS_KEPT)
            dm->first[dm->runs - 1].bytes++;
    } else {
        if (dm->runs < TB_INPUT_RUNS_KEPT) {
            tb_input_run *r = &dm->first[dm->runs];
            r->offset = off;
            r->bytes = 1;
            where(ctx, &r->line, &r->column);
        }
        dm->runs++;
    }
    *next_off = off + 1;
}

/* ---------- cleaning (shared by every encoding) ---------- */

/* Code points that are never text to speak: C1 controls, invisible
 * formatting (zero-width, bidirectional marks and isolates), the BOM used as
 * a zero-width no-break space, and the replacement character. */
static int invisible(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x061C || cp == 0x180E ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFD);
}

/* Length of the ANSI/VT escape sequence starting at d[0] == ESC (at least 1). */
static size_t escape_len(const char *d, size_t n)
{
    if (n < 2)
        return 1;
    unsigned char c = (unsigned char)d[1];
    size_t i = 2;
    if (c == '[') { /* CSI: parameters, intermediates, one final byte */
        while (i < n && (unsigned char)d[i] >= 0x20 && (unsigned char)d[i] <= 0x3F)
            i++;
        return i < n && (unsigned char)d[i] >= 0x40 && (unsigned char)d[i] <= 0x7E ? i + 1 : i;
    }
    if (c == ']' || c == 'P' || c == '_' || c == '^') { /* OSC/DCS/APC/PM: up to BEL or ST */
        while (i < n) {
            if (d[i] == '\a')
                return i + 1;
            if (d[i] == 0x1B && i + 1 < n && d[i + 1] == '\\')
                return i + 2;
            if (d[i] == '\n')
                return i; /* unterminated: never swallow more than the line */
            i++;
        }
        return i;
    }
    if (c >= 0x20 && c <= 0x7E)
        return 2; /* two-byte escapes such as ESC c, ESC 7 */
    return 1;
}

typedef struct {
    const char *d;
    size_t off;
} raw_at;

static void raw_position(const void *ctx, size_t *line, size_t *col)
{
    const raw_at *r = ctx;
    utf8_position(r->d, r->off, line, col);
}

/* Clean UTF-8 data d[0..n) into out. Invalid sequences: in strict mode the
 * first one is an error (reported at raw offset base + i), otherwise dropped
 * and recorded in t->damage. d is the file's own bytes (after any BOM), so
 * that positions can be given in lines and columns of the file. */
static tb_status clean_utf8(const char *d, size_t n, size_t base, int strict, const char *name,
                            tb_buf *out, tb_text *t, tb_diag *diag)
{
    size_t i = 0, next_bad = 0;
    while (i < n) {
        unsigned char c = (unsigned char)d[i];
        tb_status st = TB_OK;
        if (c == '\r') {
            i += i + 1 < n && d[i + 1] == '\n' ? 2 : 1;
            st = tb_buf_addc(out, '\n');
        } else if (c == 0x1B) {
            i += escape_len(d + i, n - i);
        } else if (c < 0x80) {
            if (c >= 0x20 ? c != 0x7F : (c == '\n' || c == '\t'))
                st = tb_buf_addc(out, (char)c);
            i++;
        } else {
            unsigned cp;
            size_t k = tb_utf8_decode(d + i, n - i, &cp);
            if (k == 0) {
                if (strict) {
                    size_t line, col;
                    utf8_position(d, i, &line, &col);
                    tb_diag_set(diag, name, line, col,
                                "invalid UTF-8 byte 0x%02X at byte offset %zu (the file is "
                                "neither UTF-8 nor GB18030; convert it to UTF-8)",
                                c, base + i);
                    if (diag)
                        diag->offset = base + i;
                    return TB_ERR_ENCODING;
                }
                raw_at at = {d, i};
                note_dropped(&t->damage, base + i, &next_bad, raw_position, &at);
                i++;
                continue;
            }
            if (cp == 0x2028 || cp == 0x2029)
                st = tb_buf_addc(out, '\n');
            else if (!invisible(cp))
                st = tb_buf_add(out, d + i, k);
            i += k;
        }
        if (st != TB_OK)
            return st;
    }
    return TB_OK;
}

/* ---------- decoding other encodings ---------- */

/* Convert d[0..n) from `charset` to UTF-8 with iconv into out. An invalid or
 * truncated sequence is an error in strict mode (line and column counted in
 * the converted text, which has the same characters), else dropped byte by
 * byte and recorded in t->damage. `base` is the offset of d in the file. */
static void converted_position(const void *ctx, size_t *line, size_t *col)
{
    const tb_buf *out = ctx;
    end_position(out->data ? out->data : "", out->len, line, col);
}

static tb_status convert(const char *charset, const char *d, size_t n, size_t base, int strict,
                         const char *name, tb_buf *out, tb_text *t, tb_diag *diag)
{
    size_t next_bad = 0;
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) {
        tb_diag_set(diag, name, 0, 0, "this system cannot decode %s", charset);
        return TB_ERR_ENCODING;
    }
    char *ip = (char *)(uintptr_t)d; /* iconv's prototype wants char **, it does not write */
    size_t il = n;
    tb_status st = TB_OK;
    while (st == TB_OK) {
        char tmp[8192];
        char *op = tmp;
        size_t ol = sizeof tmp;
        size_t r = il ? iconv(cd, &ip, &il, &op, &ol) : iconv(cd, NULL, NULL, &op, &ol);
        int e = errno;
        st = tb_buf_add(out, tmp, (size_t)(op - tmp));
        if (st != TB_OK)
            break;
        if (r != (size_t)-1) {
            if (il == 0)
                break;
            continue;
        }
        if (e == E2BIG)
            continue;
        size_t off = (size_t)(ip - d);
        if (e != EILSEQ && e != EINVAL) {
            tb_diag_set(diag, name, 0, 0, "decoding %s failed", charset);
            st = TB_ERR_ENCODING;
            break;
        }
        if (strict) {
            size_t line, col;
            converted_position(out, &line, &col);
            tb_diag_set(diag, name, line, col, "invalid %s byte 0x%02X at byte offset %zu", charset,
                        (unsigned char)d[off], base + off);
            if (diag)
                diag->offset = base + off;
            st = TB_ERR_ENCODING;
            break;
        }
        note_dropped(&t->damage, base + off, &next_bad, converted_position, out);
        ip++;
        il--;
    }
    iconv_close(cd);
    return st;
}

/* Convert legacy bytes d[0..n) line by line: a line that is valid UTF-8
 * Chinese (pasted into a GB18030 or Big5 file) is kept as it is, the others
 * are converted. Line ends (0x0A) are never part of a GB18030 or Big5
 * character, so lines split cleanly. */
static tb_status convert_mixed(const char *charset, const char *d, size_t n, size_t base,
                               int strict, const char *name, tb_buf *out, tb_text *t, tb_diag *diag)
{
    tb_status st = TB_OK;
    for (size_t i = 0; i < n && st == TB_OK;) {
        const char *nl = memchr(d + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - d) + 1 : n;
        if (tb_input_utf8_chinese_line(d + i, e - i))
            st = tb_buf_add(out, d + i, e - i);
        else
            st = convert(charset, d + i, e - i, base + i, strict, name, out, t, diag);
        i = e;
    }
    return st;
}

/* Is the report markup, whose declared charset counts? */
static int looks_markup(const char *data, size_t n, const char *name, tb_input_format forced)
{
    tb_input_format f = forced != TB_FMT_AUTO ? forced : tb_input_format_by_name(name);
    if (f != TB_FMT_AUTO)
        return f == TB_FMT_HTML;
    size_t i = 0;
    if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    return i < n && data[i] == '<';
}

/* ---------- the entry points ---------- */

tb_status tb_input_decode(const char *data, size_t n, const char *name, const tb_input_opts *opts,
                          tb_text *out, tb_diag *diag)
{
    static const tb_input_opts defaults = {TB_FMT_AUTO, TB_ENC_AUTO, 0, 0};
    if (!opts)
        opts = &defaults;
    size_t max = opts->max_bytes ? opts->max_bytes : TB_INPUT_MAX_BYTES;
    memset(out, 0, sizeof *out);
    if (!name)
        name = "-";
    if (n > max) {
        tb_diag_set(diag, name, 0, 0, "the report is larger than the %zu MiB limit", max >> 20);
        return TB_ERR_TOO_BIG;
    }

    tb_charset_choice ch;
    tb_status st =
        tb_input_choose(data, n, name, opts, looks_markup(data, n, name, opts->format), &ch, diag);
    if (st != TB_OK)
        return st;
    const char *d = data + ch.skip;
    size_t dn = n - ch.skip, skip = ch.skip;
    memcpy(out->damage.declared, ch.declared, sizeof ch.declared);

    tb_buf clean;
    tb_buf_init(&clean, max * 2 + 16); /* GB18030 → UTF-8 grows by at most 3/2 */
    if (!ch.charset) {
        out->encoding = "UTF-8";
        out->damage.encoding = out->encoding;
        /* a file in neither encoding is refused whatever the policy: the
         * message names its first invalid byte */
        st = clean_utf8(d, dn, skip, opts->strict || ch.neither, name, &clean, out, diag);
    } else {
        out->encoding = ch.name;
        out->damage.encoding = out->encoding;
        tb_buf utf8;
        tb_buf_init(&utf8, max * 2 + 16);
        st = ch.mixed ? convert_mixed(ch.charset, d, dn, skip, opts->strict, name, &utf8, out, diag)
                      : convert(ch.charset, d, dn, skip, opts->strict, name, &utf8, out, diag);
        if (st == TB_OK)
            st = clean_utf8(utf8.data ? utf8.data : "", utf8.len, skip, 1, name, &clean, out,
                            diag); /* iconv's output is valid UTF-8: strict never fires */
        tb_buf_free(&utf8);
    }
    if (st == TB_OK) {
        out->len = clean.len;
        out->text = tb_buf_take(&clean);
        if (!out->text)
            st = TB_ERR_NOMEM;
    }
    tb_buf_free(&clean);
    if (st != TB_OK) {
        tb_input_damage damage = out->damage;
        memset(out, 0, sizeof *out);
        out->damage = damage;
        return st;
    }
    /* what the user says, else the file's extension, else the text's shape */
    out->format = opts->format != TB_FMT_AUTO ? opts->format : tb_input_format_by_name(name);
    if (out->format == TB_FMT_AUTO)
        out->format = tb_input_sniff(out->text, out->len);
    return TB_OK;
}

static tb_status read_with(const char *path, int flags, const tb_input_opts *opts, tb_text *out,
                           tb_diag *diag)
{
    size_t max = opts && opts->max_bytes ? opts->max_bytes : TB_INPUT_MAX_BYTES;
    memset(out, 0, sizeof *out);
    tb_buf raw;
    tb_status st = slurp(path, max, flags, &raw, diag);
    if (st != TB_OK)
        return st;
    st = tb_input_decode(raw.data ? raw.data : "", raw.len, path, opts, out, diag);
    tb_buf_free(&raw);
    return st;
}

tb_status tb_input_read_opts(const char *path, const tb_input_opts *opts, tb_text *out,
                             tb_diag *diag)
{
    return read_with(path, 0, opts, out, diag);
}

tb_status tb_input_read_nofollow(const char *path, const tb_input_opts *opts, tb_text *out,
                                 tb_diag *diag)
{
    return read_with(path, TB_SAFE_NOFOLLOW, opts, out, diag);
}

tb_status tb_input_read(const char *path, tb_input_format format, tb_text *out, tb_diag *diag)
{
    tb_input_opts o = {format, TB_ENC_AUTO, 0, 0}; /* not strict: drop invalid bytes */
    return tb_input_read_opts(path, &o, out, diag);
}

const char *tb_input_format_name(tb_input_format f)
{
    switch (f) {
    case TB_FMT_AUTO: return "auto";
    case TB_FMT_EPAPER: return "epaper";
    case TB_FMT_MARKDOWN: return "markdown";
    case TB_FMT_HTML: return "html";
    }
    return "auto";
}

tb_status tb_input_format_parse(const char *name, tb_input_format *out)
{
    static const struct {
        const char *name;
        tb_input_format f;
    } names[] = {{"auto", TB_FMT_AUTO},    {"epaper", TB_FMT_EPAPER},     {"text", TB_FMT_EPAPER},
                 {"plain", TB_FMT_EPAPER}, {"markdown", TB_FMT_MARKDOWN}, {"md", TB_FMT_MARKDOWN},
                 {"html", TB_FMT_HTML}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name)) {
            *out = names[i].f;
            return TB_OK;
        }
    return TB_ERR_USAGE;
}

tb_status tb_input_encoding_parse(const char *name, tb_input_encoding *out)
{
    if (!strcasecmp(name, "auto"))
        *out = TB_ENC_AUTO;
    else if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
        *out = TB_ENC_UTF8;
    else if (!strcasecmp(name, "gb18030") || !strcasecmp(name, "gbk") ||
             !strcasecmp(name, "gb2312") || !strcasecmp(name, "cp936"))
        *out = TB_ENC_GB18030;
    else if (!strcasecmp(name, "big5") || !strcasecmp(name, "big5-hkscs") ||
             !strcasecmp(name, "cp950"))
        *out = TB_ENC_BIG5;
    else if (!strcasecmp(name, "utf-16le") || !strcasecmp(name, "utf16le"))
        *out = TB_ENC_UTF16LE;
    else if (!strcasecmp(name, "utf-16be") || !strcasecmp(name, "utf16be"))
        *out = TB_ENC_UTF16BE;
    else
        return TB_ERR_USAGE;
    return TB_OK;
}

void tb_text_free(tb_text *t)
{
    if (!t)
        return;
    free(t->text);
    t->text = NULL;
    t->len = 0;
}
