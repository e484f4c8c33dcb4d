/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_batch.c — `tingbao batch MANIFEST|FOLDER -o DIR`: render many reports
 * into DIR/SLUG, one tb_render() after another with one lexicon, optionally
 * only one shard of the list (--shard I/N, for N independent workers), then
 * rewrite DIR/feed.xml once, under a lock so that concurrent shards never
 * leave a feed that misses an edition. Writes one JSON Lines record per item
 * (--summary) so that a runner can retry what failed. The list itself is read
 * by src/batch.c; the formats are in docs/batch.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/batch.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "encode/encode.h"
#include "base/fs.h"
#include "base/safe.h"
#include "lexicon/lexicon.h"
#include "publish/feed.h"
#include "render/render.h"
#include "base/utf8.h"

static void usage(void)
{
    fputs("Usage: tingbao batch MANIFEST|FOLDER -o DIR [OPTIONS]\n"
          "Render many reports into DIR/SLUG edition folders, one after another, then\n"
          "rewrite DIR/feed.xml once. An edition that is already up to date is skipped;\n"
          "a report that fails is reported and the others still render.\n"
          "\n"
          "MANIFEST: one report a line, tab-separated: PATH [SLUG [DATE [TITLE]]]\n"
          "('#' comments and blank lines ignored; PATH relative to the manifest's folder;\n"
          "empty SLUG: from the file name; empty DATE/TITLE: the report's own); '-' reads\n"
          "the manifest from standard input. FOLDER: every *.txt, *.md, *.html in it.\n"
          "\n"
          "  -o, --output DIR       the folder the editions go to (required)\n"
          "      --shard I/N        only the items whose number (0-based) modulo N is I;\n"
          "                         N workers with I = 0..N-1 cover the list once\n"
          "      --summary FILE     one JSON object per item (JSON Lines), written\n"
          "                         atomically at the end; '-' for standard output; a\n"
          "                         device or pipe is written to, a link is refused\n"
          "      --force            render every item again, even when up to date\n"
          "      --no-feed          do not rewrite DIR/feed.xml\n"
          "      --base-url URL     where DIR is published (see tingbao feed)\n"
          "  -j, --jobs N           worker threads per render, 1-64 (default: the CPUs)\n",
          stdout);
    fputs(tb_opts_help_voice, stdout);
    puts("  -l, --lexicon FILE     add a lexicon after the bundled one; repeatable\n"
         "  -f, --format FMT       opus (default), wav or flac\n"
         "  -b, --bitrate N        Opus bitrate in bits/s (6000-256000; 24k = 24000)\n"
         "  -c, --complexity N     Opus encoder complexity 0-10\n"
         "      --bandwidth KHZ    Opus: 8, 12 (default) or 20\n"
         "  -p, --publisher NAME   the newspaper: tags, EPUB and DAISY creator and publisher\n"
         "                         (default: DIR/feed.conf's author, else each page's own)\n"
         "      --no-mp3           no MP3 edition\n"
         "      --input-format F   read every report as epaper, text, markdown or html\n"
         "                         (default: by its extension, else by its content)\n"
         "  -q, --quiet            no line per item, only errors and the final line\n"
         "  -h, --help             this text\n"
         "\n"
         "Exit status: 0 every item rendered or skipped; 4 some item failed (the\n"
         "summary says which and why: run the same command again to retry them);\n"
         "1 the manifest, the feed or the summary could not be read or written;\n"
         "3 a bad --lexicon or DIR/feed.conf line;\n"
         "2 bad usage; 130 interrupted (SIGINT/SIGTERM: the current render is\n"
         "abandoned and cleaned up, the rest are reported as not run).");
}

/* Long-only options of batch's own (TB_OPT_* are the shared ones). */
enum { O_SHARD = 0x200, O_SUMMARY, O_NOFEED };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The message tb_cli_error would print, without the "tingbao: " prefix. */
static void format_reason(tb_status st, const tb_diag *d, char *out, size_t cap)
{
    size_t o = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int k_ = snprintf(out + o, cap - o, __VA_ARGS__);                                          \
        if (k_ > 0)                                                                                \
            o = o + (size_t)k_ < cap ? o + (size_t)k_ : cap - 1;                                   \
    } while (0)
    out[0] = '\0';
    if (d->file[0]) {
        ADD("%s", d->file);
        if (d->line)
            ADD(":%zu", d->line);
        if (d->line && d->column)
            ADD(":%zu", d->column);
        ADD(": ");
    }
    if (d->what[0]) {
        ADD("%s", d->what);
        if (d->err)
            ADD(": %s", strerror(d->err));
    } else {
        ADD("%s", tb_strerror(st));
    }
#undef ADD
}

typedef enum { ITEM_RENDERED, ITEM_SKIPPED, ITEM_FAILED } item_status;

/* A JSON string of s; bytes that are not UTF-8 (a file name in another
 * encoding) become U+FFFD, since JSON cannot carry them. NULL on OOM. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    tb_buf b;
    tb_buf_init(&b, 0);
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        if (tb_buf_addcp(&b, k ? cp : 0xFFFD) != TB_OK) {
            tb_buf_free(&b);
            return NULL;
        }
        i += k ? k : 1;
    }
    j = json_string(b.data ? b.data : "");
    tb_buf_free(&b);
    return j;
}

static const char *const status_name[] = {"rendered", "skipped", "failed"};

/* One item's line of the summary; 0 on OOM. */
static int summary_add(tb_buf *out, size_t index, const tb_batch_item *it, item_status s,
                       const char *reason, int code, double seconds, const tb_render_result *res)
{
    json_t *o = json_object();
    if (!o)
        return 0;
    int ok =
        !json_object_set_new(o, "index", json_integer((json_int_t)index)) &&
        !json_object_set_new(o, "line",
                             it->line ? json_integer((json_int_t)it->line) : json_null()) &&
        !json_object_set_new(o, "slug", it->slug ? jstr(it->slug) : json_null()) &&
        !json_object_set_new(o, "input", it->input ? jstr(it->input) : json_null()) &&
        !json_object_set_new(o, "status", json_string(status_name[s])) &&
        !json_object_set_new(o, "reason", reason ? jstr(reason) : json_null()) &&
        !json_object_set_new(o, "exit", json_integer(code)) &&
        !json_object_set_new(o, "seconds", json_real((double)(long)(seconds * 1000) / 1000)) &&
        !json_object_set_new(o, "sections", json_integer((json_int_t)res->n_sections)) &&
        !json_object_set_new(o, "synthesised", json_integer((json_int_t)res->n_synthesised)) &&
        !json_object_set_new(o, "duration", json_real((double)(long)(res->duration * 1000) / 1000));
    char *line =
        ok ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(o);
    if (!line)
        return 0;
    int r = tb_buf_adds(out, line) == TB_OK && tb_buf_addc(out, '\n') == TB_OK;
    free(line);
    return r;
}

/* Rewrite DIR/feed.xml over every edition in DIR, holding an exclusive lock
 * on DIR/.feed.lock so that concurrent shards write one after another: the
 * last one to finish lists every edition present. */
static int write_feed(const char *dir, const char *base_url, size_t *items)
{
    char lock[TB_PATH_MAX];
    if (!tb_path_join(lock, dir, ".feed.lock")) {
        fprintf(stderr, "tingbao: %s: path too long\n", dir);
        return TB_EXIT_FAIL;
    }
    /* O_NOFOLLOW, a regular file with one link: a planted link never makes root create or
     * open another file */
    int fd = -1;
    tb_diag ld = {0};
    tb_status lst = tb_safe_lock(lock, 1, &fd, &ld);
    if (lst != TB_OK)
        return tb_cli_error(lst, &ld);
    tb_feed_settings s = {0};
    s.skipped = tb_cli_feed_skipped;
    s.base_url = base_url;
    char *storage = NULL;
    tb_diag diag = {0};
    tb_status st = tb_feed_load_conf(dir, &s, &storage, &diag);
    if (st == TB_OK)
        st = tb_feed_write(dir, &s, items, &diag);
    free(storage);
    close(fd); /* the lock goes with it; the file stays for the next shard */
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}

typedef struct {
    tb_render_options opt;
    const char *outdir;
    int quiet;
    size_t n_rendered, n_skipped, n_failed, done, total;
    tb_buf summary;
} batch_run;

/* Render one item (or report why it cannot be), add its summary line. */
static int run_item(batch_run *r, const tb_lexicon *lx, size_t index, const tb_batch_item *it)
{
    char reason[1024], outdir[TB_PATH_MAX];
    tb_render_result res = {0};
    item_status s = ITEM_FAILED;
    int code = TB_EXIT_OK;
    double t0 = now();
    reason[0] = '\0';
    r->done++;
    if (*r->opt.cancel) {
        snprintf(reason, sizeof reason, "not run: interrupted");
        code = TB_EXIT_INTR;
    } else if (it->error) {
        snprintf(reason, sizeof reason, "%s", it->error);
        code = TB_EXIT_INPUT;
    } else if (snprintf(outdir, sizeof outdir, "%s/%s", r->outdir, it->slug) >=
               (int)sizeof outdir) {
        snprintf(reason, sizeof reason, "%s/%s: path too long", r->outdir, it->slug);
        code = TB_EXIT_USAGE;
    } else {
        tb_render_options opt = r->opt;
        opt.output_dir = outdir;
        opt.date = it->date;
        opt.title = it->title;
        if (it->format != TB_FMT_AUTO) /* the manifest's FORMAT field wins */
            opt.input_format = (tb_input_format)it->format;
        opt.nofollow_input = it->dropped;
        tb_diag diag = {0};
        tb_status st = tb_render(it->input, lx, &opt, &res, &diag);
        if (st == TB_OK) {
            s = res.up_to_date ? ITEM_SKIPPED : ITEM_RENDERED;
        } else {
            format_reason(st, &diag, reason, sizeof reason);
            code = tb_cli_exit_code(st);
            memset(&res, 0, sizeof res);
        }
    }
    double secs = now() - t0;
    if (s == ITEM_RENDERED)
        r->n_rendered++;
    else if (s == ITEM_SKIPPED)
        r->n_skipped++;
    else
        r->n_failed++;
    /* items not run after a signal are only in the summary and the final count */
    if ((!r->quiet || s == ITEM_FAILED) && code != TB_EXIT_INTR) {
        if (s == ITEM_FAILED) {
            char safe[2048], safe_slug[512];
            fprintf(stderr, "tingbao batch: [%zu/%zu] %s: failed: %s\n", r->done, r->total,
                    tb_cli_safe(it->slug ? it->slug : "?", safe_slug, sizeof safe_slug),
                    tb_cli_safe(reason, safe, sizeof safe));
        } else {
            long a = (long)(res.duration + 0.5);
            fprintf(stderr,
                    "tingbao batch: [%zu/%zu] %s: %s, %zu sections, %ld:%02ld:%02ld of "
                    "audio, %.1f s\n",
                    r->done, r->total, it->slug, status_name[s], res.n_sections, a / 3600,
                    a / 60 % 60, a % 60, secs);
        }
    }
    return summary_add(&r->summary, index, it, s, s == ITEM_FAILED ? reason : NULL, code, secs,
                       &res);
}

/* The summary (JSON Lines) to `path`, written atomically, or to standard
 * output for "-". An exit code. */
static int write_summary(const tb_buf *summary, const char *path)
{
    if (!strcmp(path, "-")) {
        if (summary->len && (fwrite(summary->data, 1, summary->len, stdout) != summary->len ||
                             fflush(stdout) != 0)) {
            fprintf(stderr, "tingbao: standard output: cannot write the summary: %s\n",
                    strerror(errno));
            return TB_EXIT_FAIL;
        }
        return TB_EXIT_OK;
    }
    tb_diag sd = {0};
    /* a device or pipe stays one, a link is not replaced by a file */
    tb_status sst =
        tb_safe_write_output(path, summary->len ? summary->data : "", summary->len, &sd);
    return sst == TB_OK ? TB_EXIT_OK : tb_cli_error(sst, &sd);
}

/* The final line but its end: counts, time, and the feed's editions when
 * feed_items is not NULL (the feed was written). */
static void print_totals(const batch_run *r, size_t shard_i, size_t shard_n, double elapsed,
                         const size_t *feed_items)
{
    char shard[64] = "";
    if (shard_n > 1)
        snprintf(shard, sizeof shard, "shard %zu/%zu: ", shard_i, shard_n);
    fprintf(stderr, "tingbao batch: %s%zu item%s: %zu rendered, %zu skipped, %zu failed in %.1f s",
            shard, r->total, r->total == 1 ? "" : "s", r->n_rendered, r->n_skipped, r->n_failed,
            elapsed);
    if (feed_items)
        fprintf(stderr, "; %s/feed.xml: %zu edition%s", r->outdir, *feed_items,
                *feed_items == 1 ? "" : "s");
}

/* What the command line asks for. */
typedef struct {
    tb_opts o; /* the options batch shares with render */
    const char *outdir, *summary_path, *manifest;
    size_t shard_i, shard_n;
    int feed, help;
} batch_args;

/* The options only `batch` has: 1 taken, 0 not one of them, -1 a usage error (printed). */
static int take_own(void *ctx, int c, const char *arg)
{
    batch_args *a = ctx;
    switch (c) {
    case 'o': a->outdir = arg; return 1;
    case O_SHARD:
        if (tb_batch_parse_shard(arg, &a->shard_i, &a->shard_n))
            return 1;
        tb_cli_usage_error("batch", "--shard must be I/N with 0 <= I < N");
        return -1;
    case O_SUMMARY: a->summary_path = arg; return 1;
    case O_NOFEED: a->feed = 0; return 1;
    default: return 0;
    }
}

/* Parse argv into a: TB_EXIT_OK (a->help when --help was shown), or the exit
 * code of a usage error (printed). */
static int parse_args(int argc, char **argv, batch_args *a)
{
    static const struct option opts[] = {TB_OPTS_LONG,
                                         {"output", required_argument, NULL, 'o'},
                                         {"shard", required_argument, NULL, O_SHARD},
                                         {"summary", required_argument, NULL, O_SUMMARY},
                                         {"no-feed", no_argument, NULL, O_NOFEED},
                                         {"help", no_argument, NULL, 'h'},
                                         {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    tb_opts_init(&a->o);
    a->shard_n = 1;
    a->feed = 1;
    int rc = tb_opts_parse(&a->o, "batch", argc, argv, TB_OPTS_SHORT "o:h", opts, take_own, a,
                           usage, &a->help);
    if (rc != TB_EXIT_OK || a->help)
        return rc;
    if (optind + 1 != argc)
        return tb_cli_usage_error("batch", "expects one MANIFEST file or FOLDER");
    if (!a->outdir || !*a->outdir)
        return tb_cli_usage_error("batch", "-o DIR is required");
    a->manifest = argv[optind];
    return tb_opts_finish(&a->o);
}

/* The publisher DIR/feed.conf names (*publisher, the caller frees it; NULL:
 * none), checked before any render, then the batch manifest. */
static tb_status load_batch(const char *manifest, const char *outdir, tb_batch **b,
                            char **publisher, tb_diag *diag)
{
    tb_status st = tb_feed_conf_publisher(outdir, publisher, diag);
    if (st == TB_OK && (st = tb_batch_load(manifest, b, diag)) != TB_OK) {
        free(*publisher);
        *publisher = NULL;
    }
    return st;
}

int tb_cmd_batch(int argc, char **argv)
{
    batch_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != TB_EXIT_OK || a.help)
        return rc;
    batch_run r;
    memset(&r, 0, sizeof r);
    r.opt = a.o.opt;
    r.outdir = a.outdir;
    r.quiet = a.o.quiet;
    const char *summary_path = a.summary_path, *base_url = a.o.base_url;
    const char *manifest = a.manifest;
    size_t shard_i = a.shard_i, shard_n = a.shard_n;
    int feed = a.feed;

    tb_diag diag = {0};
    tb_batch *b = NULL;
    char *conf_publisher = NULL; /* the newspaper, from DIR/feed.conf */
    tb_status st = load_batch(manifest, r.outdir, &b, &conf_publisher, &diag);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    if (!r.opt.publisher)
        r.opt.publisher = conf_publisher;
    if (tb_fs_mkdirs(r.outdir, NULL) != TB_OK) {
        fprintf(stderr, "tingbao: %s: cannot create the output folder: %s\n", r.outdir,
                strerror(errno));
        tb_batch_free(b);
        free(conf_publisher);
        return TB_EXIT_FAIL;
    }

    tb_lexicon *lx = NULL;
    if ((st = tb_cli_load_lexicon(a.o.lexicons, a.o.n_lexicons, &lx, &diag)) != TB_OK) {
        tb_batch_free(b);
        free(conf_publisher);
        return tb_cli_error(st, &diag);
    }
    const volatile sig_atomic_t *stop = tb_cli_stop_on_signals();
    r.opt.cancel = stop;

    for (size_t i = 0; i < b->n; i++)
        r.total += tb_batch_in_shard(i, shard_i, shard_n);
    tb_buf_init(&r.summary, (size_t)1 << 30);
    double t0 = now();
    int oom = 0;
    for (size_t i = 0; i < b->n && !oom; i++)
        if (tb_batch_in_shard(i, shard_i, shard_n))
            oom = !run_item(&r, lx, i, &b->items[i]);
    tb_lex_free(lx);
    tb_batch_free(b);
    free(conf_publisher);
    double elapsed = now() - t0;

    rc = TB_EXIT_OK;
    if (oom) {
        rc = tb_cli_error(TB_ERR_NOMEM, NULL);
    }
    size_t feed_items = 0;
    int fed = 0;
    if (feed && !oom) {
        rc = write_feed(r.outdir, base_url, &feed_items);
        fed = rc == TB_EXIT_OK;
    }
    if (summary_path && !oom) {
        int wrc = write_summary(&r.summary, summary_path);
        if (rc == TB_EXIT_OK)
            rc = wrc;
    }
    tb_buf_free(&r.summary);

    print_totals(&r, shard_i, shard_n, elapsed, fed ? &feed_items : NULL);
    fputs(*stop ? " (interrupted)\n" : "\n", stderr);
    if (*stop)
        return TB_EXIT_INTR;
    if (rc != TB_EXIT_OK)
        return rc;
    return r.n_failed ? TB_EXIT_SOME_FAILED : TB_EXIT_OK;
}
