/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c — exit codes, error messages and small helpers shared by the subcommands. */
#include "cli/cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/safe.h"
#include "base/utf8.h"

int tb_cli_exit_code(tb_status st)
{
    switch (st) {
    case TB_OK: return TB_EXIT_OK;
    case TB_ERR_USAGE: return TB_EXIT_USAGE;
    case TB_ERR_ENCODING:
    case TB_ERR_INPUT:
    case TB_ERR_TOO_BIG:
    case TB_ERR_LEXICON: return TB_EXIT_INPUT;
    case TB_ERR_INTERRUPTED: return TB_EXIT_INTR;
    case TB_ERR_NOMEM:
    case TB_ERR_IO:
    case TB_ERR_SYNTH:
    case TB_ERR_ENCODE: return TB_EXIT_FAIL;
    }
    return TB_EXIT_FAIL;
}

const char *tb_cli_safe(const char *s, char *out, size_t cap)
{
    size_t o = 0, n = strlen(s);
    for (size_t i = 0; i < n && o + 1 < cap;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        char esc[16] = "";
        if (k == 0)
            snprintf(esc, sizeof esc, "\\x%02X", (unsigned char)s[i]);
        else if (cp < 0x80 && (cp < 0x20 || cp == 0x7F))
            snprintf(esc, sizeof esc, "\\x%02X", cp);
        else if (tb_utf8_invisible(cp))
            snprintf(esc, sizeof esc, "\\u{%04X}", cp);
        size_t m = esc[0] ? strlen(esc) : k;
        if (o + m + 1 > cap)
            break;
        memcpy(out + o, esc[0] ? esc : s + i, m);
        o += m;
        i += k ? k : 1;
    }
    if (cap)
        out[o] = '\0';
    return out;
}

int tb_cli_error(tb_status st, const tb_diag *diag)
{
    char safe[2048];
    fputs("tingbao: ", stderr);
    if (diag && diag->file[0]) {
        fputs(tb_cli_safe(diag->file, safe, sizeof safe), stderr);
        if (diag->line)
            fprintf(stderr, ":%zu", diag->line);
        if (diag->line && diag->column)
            fprintf(stderr, ":%zu", diag->column);
        fputs(": ", stderr);
    }
    if (diag && diag->what[0]) {
        fputs(tb_cli_safe(diag->what, safe, sizeof safe), stderr);
        if (diag->err)
            fprintf(stderr, ": %s", strerror(diag->err));
    } else {
        fputs(tb_strerror(st), stderr);
    }
    fputc('\n', stderr);
    return tb_cli_exit_code(st);
}

void tb_cli_feed_skipped(const tb_diag *why, void *ctx)
{
    (void)ctx;
    char file[2048], what[1024];
    fprintf(stderr, "tingbao: warning: %s", tb_cli_safe(why->file, file, sizeof file));
    if (why->line)
        fprintf(stderr, ":%zu", why->line);
    fprintf(stderr, ": %s", tb_cli_safe(why->what, what, sizeof what));
    if (why->err)
        fprintf(stderr, ": %s", strerror(why->err));
    fputs("; left out of the feed\n", stderr);
}

void tb_cli_input_warnings(const char *path, const tb_input_damage *d)
{
    if (d && d->declared[0])
        fprintf(stderr,
                "tingbao: warning: %s: the page declares charset %s, but its bytes do not read "
                "as Chinese in it; read as %s\n",
                path, d->declared, d->encoding ? d->encoding : "UTF-8");
    if (!d || d->bytes == 0)
        return;
    const char *enc = d->encoding ? d->encoding : "UTF-8";
    char safe[2048];
    path = tb_cli_safe(path, safe, sizeof safe);
    size_t kept = d->runs;
    if (kept > TB_INPUT_RUNS_KEPT)
        kept = TB_INPUT_RUNS_KEPT;
    for (size_t i = 0; i < kept; i++) {
        const tb_input_run *r = &d->first[i];
        fprintf(stderr, "tingbao: warning: %s:%zu:%zu (byte %zu): invalid %s, %zu byte%s dropped\n",
                path, r->line, r->column, r->offset, enc, r->bytes, r->bytes == 1 ? "" : "s");
    }
    if (d->runs > kept)
        fprintf(stderr,
                "tingbao: warning: %s: %zu more run%s of invalid %s dropped (%zu bytes in all)\n",
                path, d->runs - kept, d->runs - kept == 1 ? "" : "s", enc, d->bytes);
}

int tb_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tingbao %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tingbao %s --help'.\n", cmd);
    return TB_EXIT_USAGE;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tb_cli_datadir(const char *sub)
{
    static char path[PATH_MAX];
    const char *env = getenv("TINGBAO_DATADIR");
    if (env && *env) {
        snprintf(path, sizeof path, "%s/%s", env, sub);
        return path;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* the binary sits in the tree root, or in build/ below it */
            if (snprintf(path, sizeof path, "%s/%s", exe, sub) < (int)sizeof path && is_dir(path))
                return path;
            if (snprintf(path, sizeof path, "%s/../%s", exe, sub) < (int)sizeof path &&
                is_dir(path))
                return path;
        }
    }
    snprintf(path, sizeof path, "%s/%s", TB_DATADIR, sub);
    return path;
}

const char *tb_cli_default_voice(void)
{
    static char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/news", tb_cli_datadir("voices"));
    return path;
}

tb_status tb_cli_each_line(tb_status (*fn)(const char *line, size_t len, void *ctx), void *ctx,
                           tb_diag *diag)
{
    char *line = NULL;
    size_t cap = 0, len = 0, lineno = 0;
    int r;
    tb_status st = TB_OK;
    while (st == TB_OK && (r = tb_safe_getline(stdin, &line, &cap, TB_CLI_LINE_MAX, &len)) != 0) {
        lineno++;
        if (r == -1) {
            tb_diag_set(diag, "<stdin>", lineno, 0, "line longer than %d bytes", TB_CLI_LINE_MAX);
            st = TB_ERR_TOO_BIG;
            break;
        }
        if (r == -2) {
            st = tb_diag_io(diag, "<stdin>", "cannot read");
            break;
        }
        while (len && line[len - 1] == '\r')
            len--;
        line[len] = '\0';
        st = fn(line, len, ctx);
    }
    free(line);
    return st;
}

tb_status tb_cli_load_lexicon(const char *const *user, size_t n_user, tb_lexicon **out,
                              tb_diag *diag)
{
    *out = NULL;
    tb_lexicon *lx = tb_lex_new();
    if (!lx)
        return TB_ERR_NOMEM;
    tb_status st = tb_lex_load_dir(lx, tb_cli_datadir("lexicon"), diag);
    for (size_t i = 0; st == TB_OK && i < n_user; i++)
        st = tb_lex_load_file(lx, user[i], diag);
    if (st != TB_OK) {
        tb_lex_free(lx);
        return st;
    }
    *out = lx;
    return TB_OK;
}

static volatile sig_atomic_t stop_flag;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

const volatile sig_atomic_t *tb_cli_stop_on_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &stop_flag;
}

void tb_cli_parse_warning(const char *path, size_t line, const char *what, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "tingbao: warning: %s:%zu: %s\n", path, line, what);
}
