/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_sections.c — `tingbao sections REPORT`: the front of the pipeline
 * (input → parse → segment → normalise) printed as JSON, so that the
 * segmentation can be checked, diffed and tested without synthesising audio.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "input/input.h"
#include "parse/parse.h"
#include "render/prepare.h"
#include "segment/segment.h"

static void help(void)
{
    puts("Usage: tingbao sections [OPTIONS] REPORT\n"
         "Print how REPORT is cut into sections and sentences, as JSON:\n"
         "  {\"source\":…, \"headline\":…, \"title\":…, \"articles\":N, \"date\":…,\n"
         "   \"format\":…, \"encoding\":…, \"page_title\", \"publisher\", \"author\": only when\n"
         "   the page states them,\n"
         "   \"sections\":[{\"kind\":\"headline|caption|intro|subheading|subreport|credit|\n"
         "                         note|table\", \"title\":…, \"article\":N,\n"
         "                 (headline sections) \"kicker\":…|null, \"subtitle\":…|null,\n"
         "                 \"sentences\":[{\"text\":…, \"spoken\":…, \"line\":N,\n"
         "                               \"paragraph\":N}]}]}\n"
         "REPORT is e-paper text, plain text, Markdown or HTML; '-' reads stdin.\n"
         "\n"
         "Options:\n"
         "  -f, --input-format FMT  epaper, text, markdown or html (also --format; default:\n"
         "                        by the extension .txt .md .html, else sniffed from the text)\n"
         "  -e, --encoding ENC    utf-8, gb18030 (gbk), big5, utf-16le or utf-16be\n"
         "                        (default: BOM, declared charset, else detected)\n"
         "      --strict          refuse invalid bytes (exit 3, FILE:LINE:COL) instead of\n"
         "                        dropping them with a warning (the default)\n"
         "      --blocks          also print the parsed blocks and their roles (chrome included)\n"
         "  -h, --help            show this help\n"
         "\n"
         "Invalid bytes are dropped, each run with a warning naming its line, column and\n"
         "byte offset; U+FFFD never reaches the text. Input larger than 16 MiB is refused.\n"
         "Exit status: 0 success, 2 bad usage, 3 bad input (encoding with --strict, empty\n"
         "page, no article text, too large), 1 other failure.");
}

/* json_string() refuses invalid UTF-8; the edition's text is always valid. */
static int set_str(json_t *obj, const char *key, const char *value)
{
    json_t *v = value ? json_string(value) : json_null();
    return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *edition_json(const tb_edition *ed, const tb_text *in)
{
    json_t *root = json_object();
    json_t *secs = json_array();
    if (!root || !secs || !set_str(root, "source", ed->source) ||
        !set_str(root, "headline", ed->headline) || !set_str(root, "title", ed->title) ||
        json_object_set_new(root, "articles", json_integer((json_int_t)ed->n_articles)) ||
        !set_str(root, "date", ed->date) ||
        !set_str(root, "format", tb_input_format_name(in->format)) ||
        !set_str(root, "encoding", in->encoding) ||
        /* what the page states about itself: only when it does */
        (ed->page_title && !set_str(root, "page_title", ed->page_title)) ||
        (ed->publisher && !set_str(root, "publisher", ed->publisher)) ||
        (ed->author && !set_str(root, "author", ed->author)) ||
        json_object_set(root, "sections", secs)) {
        json_decref(secs);
        json_decref(root);
        return NULL;
    }
    json_decref(secs); /* root holds it */
    for (size_t i = 0; i < ed->n_sections; i++) {
        const tb_section *s = &ed->sections[i];
        json_t *js = json_object(), *sents = json_array();
        int ok = js && sents && json_array_append_new(secs, js) == 0;
        if (!ok) {
            json_decref(sents);
            json_decref(root);
            return NULL;
        }
        ok = set_str(js, "kind", tb_section_kind_name(s->kind)) && set_str(js, "title", s->title) &&
             json_object_set_new(js, "article", json_integer((json_int_t)s->article)) == 0 &&
             (s->kind != TB_KIND_HEADLINE ||
              (set_str(js, "kicker", s->kicker) && set_str(js, "subtitle", s->subtitle))) &&
             json_object_set_new(js, "sentences", sents) == 0;
        for (size_t j = 0; ok && j < s->n_sentences; j++) {
            const tb_sentence *t = &s->sentences[j];
            json_t *jt = json_object();
            ok = jt && json_array_append_new(sents, jt) == 0 && set_str(jt, "text", t->text) &&
                 set_str(jt, "spoken", t->spoken) &&
                 json_object_set_new(jt, "line", json_integer((json_int_t)t->line)) == 0 &&
                 json_object_set_new(jt, "paragraph", json_integer((json_int_t)t->paragraph)) == 0;
        }
        if (!ok) {
            json_decref(root);
            return NULL;
        }
    }
    return root;
}

static json_t *blocks_json(const tb_document *doc)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < doc->n_blocks; i++) {
        const tb_block *b = &doc->blocks[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(arr, o) ||
            !set_str(o, "role", tb_block_role_name(b->role)) || !set_str(o, "text", b->text) ||
            json_object_set_new(o, "line", json_integer((json_int_t)b->line))) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

int tb_cmd_sections(int argc, char **argv)
{
    enum { OPT_LENIENT = 256, OPT_STRICT, OPT_BLOCKS };
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},   {"input-format", required_argument, NULL, 'f'},
        {"encoding", required_argument, NULL, 'e'}, {"lenient", no_argument, NULL, OPT_LENIENT},
        {"strict", no_argument, NULL, OPT_STRICT},  {"blocks", no_argument, NULL, OPT_BLOCKS},
        {"help", no_argument, NULL, 'h'},           {0, 0, 0, 0}};
    tb_input_opts io = {TB_FMT_AUTO, TB_ENC_AUTO, 0, 0};
    int want_blocks = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:e:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (tb_input_format_parse(optarg, &io.format) != TB_OK)
                return tb_cli_usage_error("sections", "unknown format '%s'", optarg);
            break;
        case 'e':
            if (tb_input_encoding_parse(optarg, &io.encoding) != TB_OK)
                return tb_cli_usage_error("sections", "unknown encoding '%s'", optarg);
            break;
        case OPT_LENIENT: io.strict = 0; break; /* the default now; kept for old scripts */
        case OPT_STRICT: io.strict = 1; break;
        case OPT_BLOCKS: want_blocks = 1; break;
        case 'h': help(); return TB_EXIT_OK;
        default: return tb_cli_usage_error("sections", "unknown option");
        }
    }
    if (optind != argc - 1)
        return tb_cli_usage_error("sections", "expected one REPORT file");
    const char *path = argv[optind];

    tb_diag diag;
    memset(&diag, 0, sizeof diag);
    tb_text in;
    tb_status st = tb_input_read_opts(path, &io, &in, &diag);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    tb_cli_input_warnings(path, &in.damage);

    tb_document *doc = NULL;
    tb_edition *ed = NULL;
    json_t *root = NULL;
    st = tb_parse_text(in.text, in.len, in.format, path, &doc, &diag);
    if (st == TB_OK)
        st = tb_segment_document(doc, path, &ed, &diag);
    if (st == TB_OK && ed->warning)
        tb_cli_parse_warning(path, ed->warning_line, ed->warning, NULL);
    if (st == TB_OK)
        st = tb_edition_prepare(ed, NULL);
    if (st == TB_OK && !(root = edition_json(ed, &in)))
        st = TB_ERR_NOMEM;
    if (st == TB_OK && want_blocks) {
        json_t *b = blocks_json(doc);
        if (!b || json_object_set_new(root, "blocks", b))
            st = TB_ERR_NOMEM;
    }
    int rc = TB_EXIT_OK;
    if (st == TB_OK) {
        if (json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) ||
            fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
            tb_diag_set(&diag, "<stdout>", 0, 0, "cannot write the JSON");
            rc = tb_cli_error(TB_ERR_IO, &diag);
        }
    } else {
        rc = tb_cli_error(st, &diag);
    }
    json_decref(root);
    tb_edition_free(ed);
    tb_document_free(doc);
    tb_text_free(&in);
    return rc;
}
