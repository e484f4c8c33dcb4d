/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_render.c — `tingbao render REPORT`: options, the lexicon, signals,
 * progress and the summary line around tb_render().
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "publish/feed.h"
#include "encode/encode.h"
#include "lexicon/lexicon.h"
#include "render/render.h"

static void usage(void)
{
    fputs("Usage: tingbao render REPORT [OPTIONS]\n"
          "Turn a report (e-paper text, plain text, Markdown or HTML) into an audio edition:\n"
          "one file per section, the whole edition with chapters, chapters.json and\n"
          "edition.json, in a folder that is replaced only once it is complete.\n"
          "\n"
          "  -o, --output DIR       the edition folder (default: output/SLUG, SLUG from the\n"
          "                         report's file name); an existing folder is replaced only\n"
          "                         if it is empty or holds an edition\n",
          stdout);
    fputs(tb_opts_help_voice, stdout);
    puts("  -l, --lexicon FILE     add a lexicon after the bundled one (later files win);\n"
         "                         repeatable\n"
         "  -f, --format FMT       opus (default), wav or flac; lossless formats keep the\n"
         "                         chapters only in chapters.json\n"
         "  -b, --bitrate N        Opus bitrate in bits/s (6000-256000, default 32000;\n"
         "                         a k suffix means kbit/s: 24k)\n"
         "  -c, --complexity N     Opus encoder complexity 0-10 (default 5)\n"
         "      --bandwidth KHZ    Opus: the highest frequency kept: 8 (wideband),\n"
         "                         12 (default) or 20\n"
         "  -j, --jobs N           worker threads, which level, encode and make the\n"
         "                         MP3, 1-64 (default: the online CPUs);\n"
         "                         the files are the same whatever N\n"
         "  -d, --date YYYY-MM-DD  the edition's date (DATE tag, manifest)\n"
         "  -p, --publisher NAME   the newspaper: ARTIST and ORGANIZATION tags, EPUB and DAISY\n"
         "                         creator and publisher (default: the author in the feed\n"
         "                         folder's feed.conf, else the page's publisher, else none)\n"
         "      --strict           refuse a report with invalid bytes (exit 3, naming\n"
         "                         FILE:LINE:COL); by default they are dropped, each run\n"
         "                         with a warning giving its line, column and byte offset\n"
         "      --input-format F   read REPORT as epaper, text, markdown or html (default:\n"
         "                         by its extension .txt .md .html, else by its content)\n"
         "      --no-mp3           no MP3 edition (for feeds aimed only at apps that take Opus)\n"
         "      --title TEXT       the edition's title (default: the report's headline)\n"
         "      --force            speak every section again; by default a section whose\n"
         "                         text and settings are unchanged is kept from the edition\n"
         "                         already in the folder, and an unchanged edition is left\n"
         "                         as it is (the result is the same bytes either way)\n"
         "      --feed, --no-feed  rewrite (or not) the podcast feed.xml of the output's parent\n"
         "                         folder; default: when it keeps one already, or with no -o\n"
         "      --base-url URL     where the parent folder is published (see tingbao feed);\n"
         "                         implies --feed\n"
         "  -q, --quiet            print nothing but errors\n"
         "  -h, --help             this text\n"
         "\n"
         "Exit status: 0 done, 1 failure while working, 2 bad usage, 3 bad input\n"
         "(encoding, no article text, bad lexicon), 130 interrupted. On any failure the\n"
         "previous edition in the output folder is left as it was.");
}

typedef struct {
    int tty;
} progress_state;

static void on_progress(const tb_render_progress *p, void *ctx)
{
    progress_state *ps = ctx;
    if (!ps->tty)
        return;
    double pct =
        p->n_sentences ? 100.0 * (double)p->sentences_done / (double)p->n_sentences : 100.0;
    fprintf(stderr, "\rtingbao: section %zu/%zu  %3.0f%%  %.1f min of audio ", p->section,
            p->n_sections, pct, p->seconds / 60.0);
    fflush(stderr);
}

static void on_input_damaged(const char *path, const tb_input_damage *d, void *ctx)
{
    (void)ctx;
    tb_cli_input_warnings(path, d);
}

/* The folder that holds the edition folder: where its feed lives. */
static void parent_of(const char *edition_dir, char parent[PATH_MAX])
{
    snprintf(parent, PATH_MAX, "%s", edition_dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    char *slash = strrchr(parent, '/');
    if (!slash)
        snprintf(parent, PATH_MAX, ".");
    else if (slash == parent)
        parent[1] = '\0';
    else
        *slash = '\0';
}

/* After a render: rewrite PARENT/feed.xml over every edition in the parent
 * folder, when asked (feed = 1) or when that folder already keeps a feed
 * (a feed.xml or feed.conf there) and not told otherwise (feed = 0). */
static int update_feed(const char *edition_dir, int feed, const char *base_url, int quiet)
{
    char parent[PATH_MAX];
    parent_of(edition_dir, parent);
    if (feed < 0) {
        char probe[PATH_MAX + 16];
        snprintf(probe, sizeof probe, "%s/feed.xml", parent);
        int has = access(probe, F_OK) == 0;
        snprintf(probe, sizeof probe, "%s/feed.conf", parent);
        feed = has || access(probe, F_OK) == 0;
    }
    if (!feed)
        return TB_EXIT_OK;
    tb_feed_settings s = {0};
    s.skipped = tb_cli_feed_skipped;
    s.base_url = base_url;
    char *storage = NULL;
    tb_diag diag = {0};
    size_t items = 0;
    tb_status st = tb_feed_load_conf(parent, &s, &storage, &diag);
    if (st == TB_OK)
        st = tb_feed_write(parent, &s, &items, &diag);
    free(storage);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    if (!quiet)
        fprintf(stderr, "tingbao: %s/feed.xml: %zu edition%s\n", parent, items,
                items == 1 ? "" : "s");
    return TB_EXIT_OK;
}

/* Before a render, what the feed asks: --base-url is the feed's, so it implies
 * the feed (*feed = 1) and cannot go with --no-feed; it must be an http(s)
 * URL; the feed folder's feed.conf is checked now, before anything is spoken,
 * and names the publisher (*publisher, the caller frees it; NULL: none).
 * TB_EXIT_OK, or the exit code of the error (printed). */
static int feed_prelude(const char *output_dir, const char *base_url, int *feed, char **publisher)
{
    tb_feed_settings fs = {0};
    fs.base_url = base_url;
    tb_diag diag = {0};
    char parent[PATH_MAX];
    *publisher = NULL;
    if (base_url && *feed == 0)
        return tb_cli_usage_error("render", "--base-url is where the feed is published; "
                                            "it cannot go with --no-feed");
    if (base_url)
        *feed = 1;
    if (tb_feed_check_settings(&fs, &diag) != TB_OK)
        return tb_cli_usage_error("render", "%s", diag.what);
    parent_of(output_dir, parent);
    tb_status st = tb_feed_conf_publisher(parent, publisher, &diag);
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}

typedef struct {
    tb_opts o; /* the options render shares with batch */
    int feed;  /* -1: when the folder already keeps a feed, or by default output/ */
    int help;  /* --help was shown */
} render_args;

/* The options only `render` has: 1 taken, 0 not one of them, -1 a usage error (printed). */
static int take_own(void *ctx, int c, const char *arg)
{
    render_args *a = ctx;
    tb_render_options *opt = &a->o.opt;
    switch (c) {
    case 'o': opt->output_dir = arg; return 1;
    case 'd':
        if (!tb_edition_valid_date(arg)) {
            tb_cli_usage_error("render", "--date must be YYYY-MM-DD");
            return -1;
        }
        opt->date = arg;
        return 1;
    case 'T': opt->title = arg; return 1;
    case 'S': opt->strict = 1; return 1;
    case 'L': opt->strict = 0; return 1; /* the default now; kept for old scripts */
    case 'F': a->feed = 1; return 1;
    case 'N': a->feed = 0; return 1;
    default: return 0;
    }
}

/* Parse argv into a: TB_EXIT_OK and *report (or a->help), or the exit code
 * of a usage error (printed). */
static int parse_args(int argc, char **argv, render_args *a, const char **report)
{
    static const struct option opts[] = {TB_OPTS_LONG,
                                         {"output", required_argument, NULL, 'o'},
                                         {"date", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"feed", no_argument, NULL, 'F'},
                                         {"no-feed", no_argument, NULL, 'N'},
                                         {"title", required_argument, NULL, 'T'},
                                         {"strict", no_argument, NULL, 'S'},
                                         {"lenient", no_argument, NULL, 'L'},
                                         {0, 0, 0, 0}};
    tb_opts_init(&a->o);
    a->feed = -1;
    int rc = tb_opts_parse(&a->o, "render", argc, argv, TB_OPTS_SHORT "o:d:h", opts, take_own, a,
                           usage, &a->help);
    if (rc != TB_EXIT_OK || a->help)
        return rc;
    if (optind + 1 != argc)
        return tb_cli_usage_error("render", "expects one REPORT file");
    *report = argv[optind];
    return tb_opts_finish(&a->o);
}

/* The summary line after a render. */
static void summary(const tb_render_result *res, const char *dir)
{
    long secs = (long)(res->duration + 0.5);
    fprintf(stderr, "tingbao: %zu sections, %zu sentences, %ld:%02ld:%02ld of audio in %s/",
            res->n_sections, res->n_sentences, secs / 3600, secs / 60 % 60, secs % 60, dir);
    if (res->up_to_date)
        fputs(": up to date, left as it was\n", stderr);
    else if (res->n_synthesised < res->n_sections)
        fprintf(stderr, " (%zu spoken, %zu kept)\n", res->n_synthesised,
                res->n_sections - res->n_synthesised);
    else
        fputc('\n', stderr);
}

int tb_cmd_render(int argc, char **argv)
{
    render_args a;
    const char *report = NULL;
    int rc = parse_args(argc, argv, &a, &report);
    if (rc != TB_EXIT_OK || a.help)
        return rc;
    tb_render_options *opt = &a.o.opt;
    char outbuf[PATH_MAX];
    if (!opt->output_dir && a.feed < 0)
        a.feed = 1; /* the default output/ folder is a feed folder */
    if (!opt->output_dir) {
        char slug[128];
        tb_render_slug(report, slug, sizeof slug);
        snprintf(outbuf, sizeof outbuf, "output/%s", slug);
        opt->output_dir = outbuf;
    }
    char *conf_publisher = NULL; /* the newspaper, from the feed folder's feed.conf */
    if ((rc = feed_prelude(opt->output_dir, a.o.base_url, &a.feed, &conf_publisher)) != TB_EXIT_OK)
        return rc;
    if (!opt->publisher)
        opt->publisher = conf_publisher;

    tb_lexicon *lx = NULL;
    tb_diag diag = {0};
    tb_status st = tb_cli_load_lexicon(a.o.lexicons, a.o.n_lexicons, &lx, &diag);
    if (st != TB_OK) {
        free(conf_publisher);
        return tb_cli_error(st, &diag);
    }
    opt->cancel = tb_cli_stop_on_signals();
    progress_state ps = {!a.o.quiet && isatty(STDERR_FILENO)};
    opt->progress = on_progress;
    opt->progress_ctx = &ps;
    opt->input_damaged = on_input_damaged; /* warnings even with --quiet: text was lost */
    opt->parse_warning = tb_cli_parse_warning;

    tb_render_result res = {0};
    st = tb_render(report, lx, opt, &res, &diag);
    tb_lex_free(lx);
    free(conf_publisher);
    if (ps.tty)
        fputs("\r\033[K", stderr);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    if (!a.o.quiet)
        summary(&res, opt->output_dir);
    return update_feed(opt->output_dir, a.feed, a.o.base_url, a.o.quiet);
}
