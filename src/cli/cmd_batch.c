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
#include "encode/encode.h"
#include "base/fs.h"
#include "lexicon/lexicon.h"
#include "publish/feed.h"
#include "render/render.h"
#include "base/utf8.h"

static void usage(void)
{
    puts("Usage: tingbao batch MANIFEST|FOLDER -o DIR [OPTIONS]\n"
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
         "                         atomically at the end; '-' for standard output\n"
         "      --force            render every item again, even when up to date\n"
         "      --no-feed          do not rewrite DIR/feed.xml\n"
         "      --base-url URL     where DIR is published (see tingbao feed)\n"
         "  -j, --jobs N           worker threads per render, 1-64 (default: the CPUs)\n"
         "  -v, --voice FILE       eSpeak NG voice file (default: voices/news)\n"
         "  -l, --lexicon FILE     add a lexicon after the bundled one; repeatable\n"
         "  -f, --format FMT       opus (default), wav or flac\n"
         "  -b, --bitrate N        Opus bitrate in bits/s (6000-256000; 24k = 24000)\n"
         "  -c, --complexity N     Opus encoder complexity 0-10\n"
         "      --bandwidth KHZ    Opus: 8, 12 (default) or 20\n"
         "  -p, --publisher NAME   ARTIST and ORGANIZATION tags\n"
         "      --no-mp3           no edition.mp3\n"
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

static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return 0;
    *out = (int)v;
    return 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* mkdir -p for the output folder. */
static int make_dirs(const char *path)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat sb;
    if (stat(p, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
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
    char lock[PATH_MAX];
    snprintf(lock, sizeof lock, "%s/.feed.lock", dir);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "tingbao: %s: cannot open the feed lock: %s\n", lock, strerror(errno));
        return TB_EXIT_FAIL;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            fprintf(stderr, "tingbao: %s: cannot lock: %s\n", lock, strerror(errno));
            close(fd);
            return TB_EXIT_FAIL;
        }
    }
    tb_feed_settings s = {0};
    s.base_url = base_url;
    char *storage = NULL;
    tb_diag diag = {0};
    tb_status st = tb_feed_load_conf(dir, &s, &storage, &diag);
    if (st == TB_OK)
        st = tb_feed_write(dir, &s, items, &diag);
    free(storage);
    flock(fd, LOCK_UN);
    close(fd);
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
    char reason[1024], outdir[PATH_MAX];
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
            fprintf(stderr, "tingbao batch: [%zu/%zu] %s: failed: %s\n", r->done, r->total,
                    it->slug ? it->slug : "?", reason);
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

int tb_cmd_batch(int argc, char **argv)
{
    enum { O_SHARD = 256, O_SUMMARY, O_FORCE, O_NOFEED, O_BASE, O_NOMP3, O_BW };
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"shard", required_argument, NULL, O_SHARD},
                                         {"summary", required_argument, NULL, O_SUMMARY},
                                         {"force", no_argument, NULL, O_FORCE},
                                         {"no-feed", no_argument, NULL, O_NOFEED},
                                         {"base-url", required_argument, NULL, O_BASE},
                                         {"jobs", required_argument, NULL, 'j'},
                                         {"voice", required_argument, NULL, 'v'},
                                         {"lexicon", required_argument, NULL, 'l'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"bitrate", required_argument, NULL, 'b'},
                                         {"complexity", required_argument, NULL, 'c'},
                                         {"bandwidth", required_argument, NULL, O_BW},
                                         {"publisher", required_argument, NULL, 'p'},
                                         {"no-mp3", no_argument, NULL, O_NOMP3},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0, 0, 0, 0}};
    batch_run r;
    memset(&r, 0, sizeof r);
    r.opt.format = TB_AUDIO_OPUS;
    r.opt.complexity = -1;
    const char *summary_path = NULL, *base_url = NULL, *user[64];
    size_t n_user = 0, shard_i = 0, shard_n = 1;
    int feed = 1, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:v:l:f:b:c:p:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': r.outdir = optarg; break;
        case O_SHARD:
            if (!tb_batch_parse_shard(optarg, &shard_i, &shard_n))
                return tb_cli_usage_error("batch", "--shard must be I/N with 0 <= I < N");
            break;
        case O_SUMMARY: summary_path = optarg; break;
        case O_FORCE: r.opt.force = 1; break;
        case O_NOFEED: feed = 0; break;
        case O_BASE: base_url = optarg; break;
        case 'j':
            if (!parse_int(optarg, 1, 64, &r.opt.jobs))
                return tb_cli_usage_error("batch", "--jobs must be 1-64");
            break;
        case 'v': r.opt.voice_path = optarg; break;
        case 'l':
            if (n_user == sizeof user / sizeof user[0])
                return tb_cli_usage_error("batch", "too many --lexicon files");
            user[n_user++] = optarg;
            break;
        case 'f':
            if (tb_enc_parse_format(optarg, &r.opt.format) != TB_OK)
                return tb_cli_usage_error("batch", "--format must be opus, wav or flac");
            break;
        case 'b':
            if (!tb_cli_parse_bitrate(optarg, &r.opt.bitrate))
                return tb_cli_usage_error("batch", "--bitrate must be 6000-256000 (bits/s)");
            break;
        case 'c':
            if (!parse_int(optarg, 0, 10, &r.opt.complexity))
                return tb_cli_usage_error("batch", "--complexity must be 0-10");
            break;
        case O_BW:
            if (!strcmp(optarg, "8") || !strcmp(optarg, "12") || !strcmp(optarg, "20"))
                r.opt.bandwidth = atoi(optarg) * 1000;
            else
                return tb_cli_usage_error("batch", "--bandwidth must be 8, 12 or 20 (kHz)");
            break;
        case 'p': r.opt.publisher = optarg; break;
        case O_NOMP3: r.opt.no_mp3 = 1; break;
        case 'q': r.quiet = 1; break;
        case 'h': usage(); return TB_EXIT_OK;
        default: return tb_cli_usage_error("batch", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return tb_cli_usage_error("batch", "expects one MANIFEST file or FOLDER");
    if (!r.outdir || !*r.outdir)
        return tb_cli_usage_error("batch", "-o DIR is required");
    const char *manifest = argv[optind];

    char voicebuf[PATH_MAX];
    if (!r.opt.voice_path) {
        snprintf(voicebuf, sizeof voicebuf, "%s/news", tb_cli_datadir("voices"));
        r.opt.voice_path = voicebuf;
    }
    if (access(r.opt.voice_path, R_OK) != 0) {
        fprintf(stderr, "tingbao: %s: cannot read the voice file: %s\n", r.opt.voice_path,
                strerror(errno));
        return TB_EXIT_USAGE;
    }

    tb_diag diag = {0};
    char *conf_publisher = NULL; /* the newspaper, from DIR/feed.conf (checked before any render) */
    tb_status st = tb_feed_conf_publisher(r.outdir, &conf_publisher, &diag);
    if (st != TB_OK)
        return tb_cli_error(st, &diag);
    if (!r.opt.publisher)
        r.opt.publisher = conf_publisher;
    tb_batch *b = NULL;
    st = tb_batch_load(manifest, &b, &diag);
    if (st != TB_OK) {
        free(conf_publisher);
        return tb_cli_error(st, &diag);
    }
    if (make_dirs(r.outdir) != 0) {
        fprintf(stderr, "tingbao: %s: cannot create the output folder: %s\n", r.outdir,
                strerror(errno));
        tb_batch_free(b);
        free(conf_publisher);
        return TB_EXIT_FAIL;
    }

    tb_lexicon *lx = NULL;
    if ((st = tb_cli_load_lexicon(user, n_user, &lx, &diag)) != TB_OK) {
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

    int rc = TB_EXIT_OK;
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
        int wrc = TB_EXIT_OK;
        if (!strcmp(summary_path, "-")) {
            if (r.summary.len &&
                (fwrite(r.summary.data, 1, r.summary.len, stdout) != r.summary.len ||
                 fflush(stdout) != 0)) {
                fprintf(stderr, "tingbao: standard output: cannot write the summary: %s\n",
                        strerror(errno));
                wrc = TB_EXIT_FAIL;
            }
        } else {
            tb_diag sd = {0};
            tb_status sst = tb_file_write_atomic(summary_path, r.summary.len ? r.summary.data : "",
                                                 r.summary.len, &sd);
            if (sst != TB_OK)
                wrc = tb_cli_error(sst, &sd);
        }
        if (rc == TB_EXIT_OK)
            rc = wrc;
    }
    tb_buf_free(&r.summary);

    char shard[64] = "";
    if (shard_n > 1)
        snprintf(shard, sizeof shard, "shard %zu/%zu: ", shard_i, shard_n);
    fprintf(stderr, "tingbao batch: %s%zu item%s: %zu rendered, %zu skipped, %zu failed in %.1f s",
            shard, r.total, r.total == 1 ? "" : "s", r.n_rendered, r.n_skipped, r.n_failed,
            elapsed);
    if (fed)
        fprintf(stderr, "; %s/feed.xml: %zu edition%s", r.outdir, feed_items,
                feed_items == 1 ? "" : "s");
    fputs(*stop ? " (interrupted)\n" : "\n", stderr);
    if (*stop)
        return TB_EXIT_INTR;
    if (rc != TB_EXIT_OK)
        return rc;
    return r.n_failed ? TB_EXIT_SOME_FAILED : TB_EXIT_OK;
}
