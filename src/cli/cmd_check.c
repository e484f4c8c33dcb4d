/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_check.c — `tingbao check REPORT`: the proof-listening list for an
 * editor. Every place whose reading tingbao is not sure of (check.c finds
 * them), with FILE:LINE:COL in the source, what is written, what will be said,
 * why it is uncertain and how to fix it; ranked by risk; text or --json.
 * Exit 0; with --strict, 5 when anything is risky (risk 2 or 3).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "cli/check.h"
#include "cli/cli.h"
#include "input/input.h"
#include "normalize/normalize.h"
#include "segment/segment.h"
#include "synth/synth.h"

static void help(void)
{
    puts("Usage: tingbao check [OPTIONS] REPORT\n"
         "List every place of REPORT whose reading tingbao is not sure of, riskiest first:\n"
         "  FILE:LINE:COL: risk N KIND: WRITTEN -> SAID\n"
         "      why: ...   fix: ... (often a lexicon line to add)\n"
         "Risk 3: a wrong reading is likely (a figure with two readings, an abbreviation\n"
         "never seen, a character eSpeak cannot say); 2: possible (a polyphone no word\n"
         "decides, a name in no lexicon whose reading is a guess, a Latin word); 1: a listen.\n"
         "\n"
         "Options:\n"
         "      --json            print a JSON object {source, findings:[...], risky}\n"
         "      --strict          exit 5 when anything has risk 2 or more\n"
         "  -l, --lexicon FILE    add a lexicon (later files win); repeatable\n"
         "  -f, --format FMT      epaper, markdown or html (default: sniffed)\n"
         "  -h, --help            show this help\n"
         "Exit status: 0 listed (also with --strict when nothing is risky), 5 risky\n"
         "places with --strict, 2 bad usage, 3 bad input, 1 other failure.");
}

static size_t encode(unsigned cp, char *u)
{
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Which characters the engine can say, asked once each through the synth
 * stage (a character eSpeak NG lacks comes back as the "@:" of a letter name). */
typedef struct {
    tb_synth *sy;
    unsigned char *asked, *known; /* bitmaps over U+0000..U+10FFFF */
} knows_ctx;

static int knows(unsigned cp, void *vctx)
{
    knows_ctx *k = vctx;
    if (!k->sy || cp > 0x10FFFF)
        return 1;
    unsigned char bit = (unsigned char)(1u << (cp & 7));
    if (k->asked[cp >> 3] & bit)
        return (k->known[cp >> 3] & bit) != 0;
    k->asked[cp >> 3] |= bit;
    char u[8], *ph = NULL;
    size_t n = encode(cp, u);
    tb_speech *sp = tb_speech_new();
    int ok = sp && tb_speech_run(sp, TB_LANG_ZH, 0, 0) == TB_OK &&
             tb_speech_add(sp, u, n) == TB_OK && tb_synth_phonemes(k->sy, sp, &ph) == TB_OK;
    int known = !ok || !strstr(ph, "@:");
    tb_speech_free(sp);
    free(ph);
    if (known)
        k->known[cp >> 3] |= bit;
    return known;
}

/* The place in the source of finding f of sentence t: the sentence is looked
 * for from the start of its line, then f's text from there. */
static void place(const tb_text *in, const tb_sentence *t, tb_finding *f)
{
    size_t line = t->line ? t->line : 1, at = 0;
    for (size_t l = 1; l < line && at < in->len; at++)
        if (in->text[at] == '\n')
            l++;
    size_t sent = strlen(t->text) < 12 ? strlen(t->text) : 12;
    while (sent > 0 && ((unsigned char)t->text[sent] & 0xC0) == 0x80)
        sent--;
    const char *base = NULL;
    for (const char *p = in->text + at; sent && *p; p++)
        if (strncmp(p, t->text, sent) == 0) {
            base = p;
            break;
        }
    if (!base || !sent)
        base = in->text + at;
    /* the k-th occurrence of f->written, k counted in the sentence */
    size_t wl = strlen(f->written), k = 0;
    for (const char *p = t->text;
         wl && (p = strstr(p, f->written)) && (size_t)(p - t->text) < f->off; p++)
        k++;
    const char *hit = base;
    for (const char *p = base; wl && (p = strstr(p, f->written)); p++, k--) {
        hit = p;
        if (k == 0)
            break;
    }
    f->line = 1;
    const char *ls = in->text;
    for (const char *p = in->text; p < hit; p++)
        if (*p == '\n') {
            f->line++;
            ls = p + 1;
        }
    f->col = 1;
    for (const char *p = ls; p < hit; p++)
        f->col += ((unsigned char)*p & 0xC0) != 0x80;
}

static int by_risk(const void *a, const void *b)
{
    const tb_finding *x = a, *y = b;
    if (x->risk != y->risk)
        return y->risk - x->risk;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static tb_status check_edition(const tb_lexicon *lx, const tb_text *in, const tb_edition *ed,
                               knows_ctx *kc, tb_findings *out)
{
    tb_status st = TB_OK;
    for (size_t i = 0; st == TB_OK && i < ed->n_sections; i++) {
        const tb_section *s = &ed->sections[i];
        for (size_t j = 0; st == TB_OK && j < s->n_sentences; j++) {
            const tb_sentence *t = &s->sentences[j];
            char *spoken = NULL;
            size_t first = out->n;
            st = tb_norm_text(t->text, strlen(t->text), &spoken);
            if (st == TB_OK)
                st = tb_check_sentence(lx, t->text, spoken, knows, kc, out);
            free(spoken);
            for (size_t f = first; st == TB_OK && f < out->n; f++)
                place(in, t, &out->v[f]);
        }
    }
    return st;
}

static int print_text(const char *path, const tb_findings *f)
{
    size_t risky = 0;
    for (size_t i = 0; i < f->n; i++) {
        const tb_finding *x = &f->v[i];
        risky += x->risk >= 2;
        printf("%s:%zu:%zu: risk %d %s: %s -> %s\n    why: %s\n", path, x->line, x->col, x->risk,
               x->kind, x->written, x->said, x->why);
        if (x->fix[0])
            printf("    fix: %s\n", x->fix);
    }
    printf("%zu places to listen to, %zu risky\n", f->n, risky);
    return ferror(stdout) ? -1 : (int)(risky > 0);
}

static int print_json(const char *path, const tb_findings *f)
{
    json_t *root = json_object(), *arr = json_array();
    size_t risky = 0;
    int ok = root && arr && json_object_set_new(root, "source", json_string(path)) == 0 &&
             json_object_set(root, "findings", arr) == 0;
    for (size_t i = 0; ok && i < f->n; i++) {
        const tb_finding *x = &f->v[i];
        risky += x->risk >= 2;
        json_t *o = json_pack("{s:s, s:I, s:I, s:i, s:s, s:s, s:s, s:s, s:s}", "file", path, "line",
                              (json_int_t)x->line, "col", (json_int_t)x->col, "risk", x->risk,
                              "kind", x->kind, "written", x->written, "said", x->said, "why",
                              x->why, "fix", x->fix);
        ok = o && json_array_append_new(arr, o) == 0;
    }
    ok = ok && json_object_set_new(root, "risky", json_integer((json_int_t)risky)) == 0;
    char *s = ok ? json_dumps(root, JSON_INDENT(1)) : NULL;
    ok = s && puts(s) >= 0;
    free(s);
    json_decref(arr);
    json_decref(root);
    return ok ? (int)(risky > 0) : -1;
}

static tb_status run(const char *path, const tb_input_opts *io, const tb_lexicon *lx,
                     tb_findings *f, tb_diag *diag)
{
    tb_text in;
    tb_status st = tb_input_read_opts(path, io, &in, diag);
    if (st != TB_OK)
        return st;
    tb_cli_input_warnings(path, &in.damage);
    tb_edition *ed = NULL;
    st = tb_segment(&in, path, &ed, diag);
    knows_ctx kc = {NULL, calloc(0x110000 / 8, 1), calloc(0x110000 / 8, 1)};
    if (st == TB_OK && (!kc.asked || !kc.known))
        st = TB_ERR_NOMEM;
    tb_diag sdiag = {0};
    if (st == TB_OK && tb_synth_new(tb_cli_default_voice(), &kc.sy, &sdiag) != TB_OK)
        fputs("tingbao check: warning: no speech engine; characters are not checked\n", stderr);
    if (st == TB_OK)
        st = check_edition(lx, &in, ed, &kc, f);
    tb_synth_free(kc.sy);
    free(kc.asked);
    free(kc.known);
    tb_edition_free(ed);
    tb_text_free(&in);
    if (st == TB_OK && f->n)
        qsort(f->v, f->n, sizeof *f->v, by_risk);
    return st;
}

int tb_cmd_check(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_STRICT };
    static const struct option opts[] = {
        {"json", no_argument, NULL, OPT_JSON},     {"strict", no_argument, NULL, OPT_STRICT},
        {"lexicon", required_argument, NULL, 'l'}, {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},          {0, 0, 0, 0}};
    tb_input_opts io = {TB_FMT_AUTO, TB_ENC_AUTO, 0, 0};
    const char *user[64];
    size_t n_user = 0;
    int json = 0, strict = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:f:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_JSON: json = 1; break;
        case OPT_STRICT: strict = 1; break;
        case 'l':
            if (n_user == sizeof user / sizeof user[0])
                return tb_cli_usage_error("check", "too many --lexicon files");
            user[n_user++] = optarg;
            break;
        case 'f':
            if (tb_input_format_parse(optarg, &io.format) != TB_OK)
                return tb_cli_usage_error("check", "unknown format '%s'", optarg);
            break;
        case 'h': help(); return TB_EXIT_OK;
        default: return tb_cli_usage_error("check", "unknown option");
        }
    }
    if (optind != argc - 1)
        return tb_cli_usage_error("check", "expected one REPORT file");
    const char *path = argv[optind];
    tb_diag diag = {0};
    tb_lexicon *lx = NULL;
    tb_status st = tb_cli_load_lexicon(user, n_user, &lx, &diag);
    tb_findings f = {0};
    if (st == TB_OK)
        st = run(path, &io, lx, &f, &diag);
    int risky = st == TB_OK ? (json ? print_json(path, &f) : print_text(path, &f)) : 0;
    tb_findings_free(&f);
    tb_lex_free(lx);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    if (risky < 0)
        return tb_cli_error(TB_ERR_IO, NULL);
    return strict && risky ? TB_EXIT_RISKY : TB_EXIT_OK;
}
