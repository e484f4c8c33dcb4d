/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render.c — orchestration of the pipeline for one report (see render.h):
 * the one place that knows the order of the stages. An edition goes through
 * the table of steps below, in order, until one fails. One thread speaks
 * (eSpeak keeps global state) and spools each section's PCM to a temporary
 * file (speak.c); worker threads level and encode the spoken sections in
 * parallel, then decode them for the edition's loudness and MP3, which an
 * edition thread joins in order (workers.c); what to speak and what the
 * previous edition offers is the plan (plan.c). Memory does not grow with
 * the length of the report; each sentence's start is counted in samples.
 */
#include "render/render.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/safe.h"
#include "input/input.h"
#include "publish/edition_json.h"
#include "publish/publish.h"
#include "render/prepare.h"
#include "render/render_int.h"
#include "segment/segment.h"

/* ---- the steps of an edition ---- */

/* One edition being written into its temporary folder `dir`. */
typedef struct {
    const tb_edition *ed;
    const tb_render_options *opt;
    tb_synth *sy;
    const plan *pl;
    const char *old_dir, *dir; /* the edition being replaced; the folder written */
    tb_diag *diag;
    pool *p;
    section_run run;
    tb_timeline *tl;
    const char **paths, **titles; /* per section: its file, its chapter */
    tb_enc_span *spans;           /* per section: where the edition file has it */
    tb_enc_tags tags;
    char mp3_path[TB_PATH_MAX];
    size_t spoken; /* sections spoken (the rest were kept) */
    /* the Opus edition file, remuxed on a thread of its own while the rest
     * is published: its own figures, to check against the timeline's */
    pthread_t remux;
    int remuxing;
    tb_status remux_st;
    tb_diag remux_diag;
    tb_enc_tags remux_tags;
    tb_enc_span *remux_spans;
    double remux_total;
    char edition_path[TB_PATH_MAX];
} build;

/* The section files' names and chapters. */
static tb_status name_sections(build *b)
{
    char path[TB_PATH_MAX];
    for (size_t i = 0; i < b->ed->n_sections; i++) {
        tb_section_timing *t = &b->tl->sections[i];
        enc_job *j = &b->p->jobs[i];
        snprintf(t->file, sizeof t->file, "%s", b->pl->files[i]);
        memcpy(t->key, b->pl->keys[i], sizeof t->key);
        b->titles[i] = j->title = tb_section_title(&b->ed->sections[i]);
        j->t = t;
        if (!tb_path_join(path, b->dir, t->file))
            return tb_diag_io(b->diag, b->dir, "path too long");
        if (!(j->path = strdup(path)))
            return TB_ERR_NOMEM;
        b->paths[i] = j->path;
    }
    return TB_OK;
}

/* Where the MP3 edition goes, and each section's parts of the edition (of
 * the MP3, of the loudness): kept in the edition folder under PARTS, named by
 * the section's key, so that the next render takes those of the sections it
 * keeps instead of decoding and encoding them again. */
#define PARTS ".parts"

/* dir/KEY.ext into *out (owned); and the old folder's into *old when the
 * section is kept and it is there. */
static tb_status part_names(const char *dir, const char *old_dir, const char *key, const char *ext,
                            int kept, char **out, char **old)
{
    char name[TB_KEY_HEX + 8], path[TB_PATH_MAX];
    snprintf(name, sizeof name, "%s.%s", key, ext);
    if (!tb_path_join(path, dir, name))
        return TB_ERR_IO;
    if (!(*out = strdup(path)))
        return TB_ERR_NOMEM;
    if (kept && tb_path_join(path, old_dir, name) && access(path, R_OK) == 0 &&
        !(*old = strdup(path)))
        return TB_ERR_NOMEM;
    return TB_OK;
}

static tb_status name_parts(build *b)
{
    const int mp3 = !b->opt->no_mp3 && tb_enc_has_mp3_edition(&b->pl->es);
    char dir[TB_PATH_MAX], old[TB_PATH_MAX];
    if (!tb_path_join(dir, b->dir, PARTS) || !tb_path_join(old, b->old_dir, PARTS))
        return tb_diag_io(b->diag, b->dir, "path too long");
    if (mkdir(dir, 0777) != 0)
        return tb_diag_io(b->diag, dir, "cannot create");
    if (mp3) {
        snprintf(b->tl->mp3_file, sizeof b->tl->mp3_file, "%s", b->pl->mp3_file);
        if (!tb_path_join(b->mp3_path, b->dir, b->tl->mp3_file))
            return tb_diag_io(b->diag, b->dir, "path too long");
        b->p->mp3_path = b->mp3_path;
    }
    tb_status st = TB_OK;
    for (size_t i = 0; st == TB_OK && i < b->ed->n_sections; i++) {
        enc_job *j = &b->p->jobs[i];
        const int kept = b->pl->kept[i] != NULL;
        st = part_names(dir, old, b->pl->keys[i], "loud", kept, &j->loud_path, &j->old_loud);
        if (st == TB_OK && mp3)
            st = part_names(dir, old, b->pl->keys[i], "mp3", kept, &j->part_path, &j->old_part);
    }
    if (st == TB_ERR_IO)
        return tb_diag_io(b->diag, b->dir, "path too long");
    return st;
}

/* The spool's room the render is expected to need: SPOOL_SECONDS_PER_BYTE
 * of audio per byte of the text to speak (the seed page: 0.073), 16-bit
 * samples, at most the ring. */
#define SPOOL_SECONDS_PER_BYTE 0.1

static unsigned long long spool_need(const build *b)
{
    unsigned long long total = 0;
    for (size_t i = 0; i < b->ed->n_sections; i++) {
        const tb_section *sec = &b->ed->sections[i];
        for (size_t j = 0; !b->pl->kept[i] && j < sec->n_sentences; j++)
            total += strlen(sec->sentences[j].text ? sec->sentences[j].text : "");
    }
    double seconds = (double)total * SPOOL_SECONDS_PER_BYTE;
    if (seconds > SPOOL_RING_SECONDS)
        seconds = SPOOL_RING_SECONDS;
    return (unsigned long long)(seconds * b->p->rate * sizeof(int16_t));
}

/* The spool: the engine's PCM, read back by the workers, in $TMPDIR; a
 * render refuses before it speaks when the room it expects is not there. */
static tb_status open_spool(build *b)
{
    if (!(b->run.spool = tb_fs_tmpfile()))
        return tb_diag_io(b->diag, tb_fs_tmp_dir(),
                          "cannot make a temporary file for the audio (TMPDIR)");
    b->p->fd = fileno(b->run.spool);
    b->p->ring = (uint64_t)SPOOL_RING_SECONDS * (uint64_t)b->p->rate;
    unsigned long long need = spool_need(b);
    if (!tb_rd_spool_room(b->run.spool, need))
        return tb_rd_spool_refuse(b->run.spool, need, b->diag);
    return TB_OK;
}

static tb_status start_workers(build *b)
{
    return tb_rd_pool_start(b->p);
}

/* Every section spoken (or kept) on this thread, the workers behind it. */
static tb_status speak_sections(build *b)
{
    tb_status st = TB_OK;
    b->run.progress.n_sections = b->ed->n_sections;
    b->run.progress.n_sentences = tb_edition_count_sentences(b->ed);
    for (size_t i = 0; st == TB_OK && i < b->ed->n_sections; i++) {
        tb_section_timing *t = &b->tl->sections[i];
        if (b->pl->kept[i]) {
            st = tb_rd_keep_section(b->old_dir, b->pl->kept[i], b->p->jobs[i].path, t, &b->run, i,
                                    b->diag);
        } else {
            st = tb_rd_speak_section(b->sy, b->ed, i, t, &b->run, b->diag);
            b->spoken++;
        }
    }
    return tb_rd_pool_synth_done(b->p, st, b->diag);
}

static void *remux_edition(void *arg)
{
    build *b = arg;
    b->remux_st =
        tb_enc_edition(&b->pl->es, b->edition_path, b->paths, b->titles, b->ed->n_sections,
                       &b->remux_tags, b->remux_spans, &b->remux_total, &b->remux_diag);
    return NULL;
}

/* The whole-edition file from the section files. An Opus edition is a remux
 * (no second encode) on a thread of its own, beside the rest of the
 * publishing: the timeline it follows is known already (time_sentences).
 * WAV and FLAC are timed by the copy itself, so it comes first. */
static tb_status write_edition_file(build *b)
{
    tb_timeline *tl = b->tl;
    tl->format = tb_enc_extension(b->pl->es.format);
    snprintf(tl->edition_file, sizeof tl->edition_file, "%s", b->pl->edition_file);
    if (!tb_path_join(b->edition_path, b->dir, tl->edition_file))
        return tb_diag_io(b->diag, b->dir, "path too long");
    b->remux_tags = b->tags;
    b->remux_tags.track = 0;
    b->remux_tags.stream_key = b->pl->key; /* the Ogg serial: the edition's own */
    if (b->pl->es.format != TB_AUDIO_OPUS) /* timed by the copy itself */
        return tb_enc_edition(&b->pl->es, b->edition_path, b->paths, b->titles, b->ed->n_sections,
                              &b->remux_tags, b->spans, &tl->duration, b->diag);
    if (pthread_create(&b->remux, NULL, remux_edition, b) != 0)
        return TB_ERR_NOMEM;
    b->remuxing = 1;
    /* the spans the remux will find: the same arithmetic on the same files */
    tb_enc_clock c = {0};
    for (size_t i = 0; i < b->ed->n_sections; i++)
        tb_enc_clock_add(&c, &b->p->jobs[i].info, &b->spans[i]);
    tl->duration = tb_enc_clock_total(&c, &b->p->jobs[b->ed->n_sections - 1].info);
    return TB_OK;
}

/* The remux done, on the timeline the edition was published with. */
static tb_status finish_edition_file(build *b)
{
    if (!b->remuxing)
        return TB_OK;
    pthread_join(b->remux, NULL);
    b->remuxing = 0;
    if (b->remux_st != TB_OK) {
        if (b->diag)
            *b->diag = b->remux_diag;
        return b->remux_st;
    }
    if (b->remux_total != b->tl->duration ||
        memcmp(b->remux_spans, b->spans, b->ed->n_sections * sizeof *b->spans)) {
        tb_diag_set(b->diag, b->edition_path, 0, 0,
                    "the edition file's timeline is not the sections'");
        return TB_ERR_ENCODE;
    }
    return TB_OK;
}

/* Each section and sentence on the edition's timeline. */
static tb_status time_sentences(build *b)
{
    const double rate = b->pl->es.sample_rate;
    for (size_t i = 0; i < b->ed->n_sections; i++) {
        tb_section_timing *t = &b->tl->sections[i];
        t->span.start = b->spans[i].start;
        t->span.duration = b->spans[i].duration;
        for (size_t j = 0; j < t->n_sentences; j++) {
            t->sentences[j].start = b->spans[i].start + (double)t->samples[2 * j] / rate;
            t->sentences[j].duration = (double)t->samples[2 * j + 1] / rate;
        }
    }
    return TB_OK;
}

/* The MP3 edition and the edition's loudness, from the edition thread. */
static tb_status finish_edition_audio(build *b)
{
    tb_status st = tb_rd_pool_edition_done(b->p, TB_OK, b->diag);
    b->tl->lufs = b->p->edition.lufs;
    b->tl->true_peak = b->p->edition.true_peak;
    return st;
}

static tb_status write_manifest(build *b)
{
    const tb_enc_settings *es = &b->pl->es;
    tb_edition_json_info info = {b->tags.title,
                                 b->tags.artist,
                                 b->pl->date,
                                 tb_rd_base_name(b->opt->voice_path),
                                 tb_enc_nominal_bitrate(es),
                                 es->sample_rate};
    char path[TB_PATH_MAX];
    if (!tb_path_join(path, b->dir, "edition.json"))
        return tb_diag_io(b->diag, b->dir, "path too long");
    return tb_pub_edition_json(b->ed, b->tl, &info, path, b->diag);
}

/* Chapters, transcript, playlist and the accessible edition, from edition.json. */
static tb_status publish(build *b)
{
    return tb_publish_edition(b->dir, 1, b->diag); /* synced with the whole folder */
}

/* What an edition goes through, in order (in the manner of Flite's synth
 * method table): the first step that fails ends it. */
static const struct {
    const char *name;
    tb_status (*run)(build *b);
} steps[] = {
    {"name the section files", name_sections},
    {"name the MP3 edition and the parts", name_parts},
    {"open the spool", open_spool},
    {"start the workers", start_workers},
    {"speak the sections", speak_sections},
    {"start the edition file", write_edition_file},
    {"time the sentences", time_sentences},
    {"finish the MP3 edition and the loudness", finish_edition_audio},
    {"write edition.json", write_manifest},
    {"publish", publish},
    {"write the edition file", finish_edition_file},
};

static void build_free(build *b)
{
    if (b->remuxing) /* a later step failed: its file goes with the folder */
        pthread_join(b->remux, NULL);
    tb_rd_pool_free(b->p); /* stops and joins any thread still running */
    if (b->run.spool)
        fclose(b->run.spool);
    tb_timeline_free(b->tl);
    free(b->paths);
    free(b->titles);
    free(b->spans);
    free(b->remux_spans);
}

/* Everything of the edition into the folder dir; sections the plan keeps are
 * taken from old_dir (the edition being replaced). */
static tb_status write_edition(const tb_edition *ed, const tb_render_options *opt, tb_synth *sy,
                               const plan *pl, const char *old_dir, const char *dir,
                               tb_render_result *res, tb_diag *diag)
{
    const size_t n = ed->n_sections;
    build b = {
        .ed = ed, .opt = opt, .sy = sy, .pl = pl, .old_dir = old_dir, .dir = dir, .diag = diag};
    b.p = tb_rd_pool_new(opt, &pl->es, n, tb_synth_rate(sy));
    b.tl = tb_timeline_new(ed);
    b.paths = calloc(n, sizeof *b.paths);
    b.titles = calloc(n, sizeof *b.titles);
    b.spans = calloc(n, sizeof *b.spans);
    b.remux_spans = calloc(n, sizeof *b.remux_spans);
    tb_status st =
        b.p && b.tl && b.paths && b.titles && b.spans && b.remux_spans ? TB_OK : TB_ERR_NOMEM;
    if (st == TB_OK) {
        b.tags = b.p->tags = pl->tags;
        b.run = (section_run){.opt = opt, .pool = b.p, .rate = b.p->rate};
        memcpy(b.tl->key, pl->key, sizeof b.tl->key);
    }
    for (size_t k = 0; st == TB_OK && k < sizeof steps / sizeof *steps; k++) {
        st = steps[k].run(&b);
        /* a step that failed without saying why is named by the table */
        if (st != TB_OK && st != TB_ERR_INTERRUPTED && diag && !diag->what[0])
            tb_diag_set(diag, NULL, 0, 0, "could not %s", steps[k].name);
    }
    if (st == TB_OK && res) {
        res->n_sections = n;
        res->n_sentences = b.run.progress.n_sentences;
        res->duration = b.tl->duration;
        res->n_synthesised = b.spoken;
        res->up_to_date = 0;
    }
    build_free(&b);
    return st;
}

/* Write the edition into o->tmp, flush it, and swap it into place; on
 * failure the temporary folder goes and the previous edition stays. */
static tb_status write_and_swap(const tb_edition *ed, const tb_render_options *opt, tb_synth *sy,
                                const plan *pl, const out_folder *o, tb_render_result *res,
                                tb_diag *diag)
{
    /* a leftover of a killed run with our pid, or a link planted at our name: removed,
     * never followed (base/safe.h) */
    (void)tb_safe_remove_tree(o->tmp, NULL);
    if (mkdir(o->tmp, 0777) != 0)
        return tb_diag_io(diag, o->tmp, "cannot create the temporary folder");
    tb_status st = write_edition(ed, opt, sy, pl, o->dir, o->tmp, res, diag);
    if (st == TB_OK && tb_rd_cancelled(opt))
        st = TB_ERR_INTERRUPTED;
    if (st == TB_OK)
        st = tb_fs_sync_tree(o->tmp, diag);
    if (st == TB_OK)
        st = tb_fs_swap_in(o->tmp, o->dir, o->aside, diag);
    if (st == TB_OK)
        (void)tb_fs_sync_dir(o->parent, NULL); /* best effort: it is complete */
    if (st != TB_OK)
        (void)tb_fs_remove_tree(o->tmp, NULL);
    return st;
}

tb_status tb_render_edition(const tb_edition *ed, const tb_render_options *opt,
                            tb_render_result *res, tb_diag *diag)
{
    if (ed->n_sections == 0) {
        tb_diag_set(diag, ed->source, 0, 0, "nothing to read");
        return TB_ERR_INPUT;
    }
    out_folder *o = malloc(sizeof *o);
    if (!o)
        return TB_ERR_NOMEM;
    tb_status st = tb_rd_out_folder_open(opt->output_dir, o, diag);
    tb_synth *sy = NULL;
    if (st == TB_OK)
        st = tb_synth_new(opt->voice_path, &sy, diag);
    if (st == TB_OK)
        st = tb_synth_set_wpm(sy, opt->rate_wpm); /* --rate; 0: the voice's own pace */
    plan pl = {0}; /* tb_rd_plan_make zeroes it first, so tb_rd_plan_free is safe */
    if (st == TB_OK)
        st = tb_rd_plan_make(ed, opt, tb_synth_rate(sy), o->dir, &pl, diag);
    if (st == TB_OK && o->exists && tb_rd_plan_up_to_date(&pl, opt, o->dir, ed->n_sections)) {
        if (res) {
            memset(res, 0, sizeof *res);
            res->n_sections = ed->n_sections;
            res->n_sentences = tb_edition_count_sentences(ed);
            res->duration = pl.prev->duration;
            res->up_to_date = 1;
        }
    } else {
        if (st == TB_OK)
            st = tb_fs_mkdirs(o->parent, diag);
        if (st == TB_OK) /* before write_edition starts its threads */
            st = tb_synth_fork_server(sy, diag);
        if (st == TB_OK)
            st = write_and_swap(ed, opt, sy, &pl, o, res, diag);
    }
    tb_rd_plan_free(&pl);
    tb_synth_free(sy);
    free(o);
    return st;
}

tb_status tb_render(const char *report_path, const tb_lexicon *lx, const tb_render_options *opt,
                    tb_render_result *res, tb_diag *diag)
{
    tb_text text = {0};
    tb_edition *ed = NULL;
    tb_input_opts io = {opt->input_format, TB_ENC_AUTO, 0, opt->strict};
    tb_dest_lock lock; /* the output folder is ours from the start (mount point, name, lock) */
    tb_status st = tb_safe_claim_dest(opt->output_dir, &lock, diag);
    if (st == TB_OK)
        st = opt->nofollow_input ? tb_input_read_nofollow(report_path, &io, &text, diag)
                                 : tb_input_read_opts(report_path, &io, &text, diag);
    if (st == TB_OK && (text.damage.bytes || text.damage.declared[0]) && opt->input_damaged)
        opt->input_damaged(report_path, &text.damage, opt->input_damaged_ctx);
    if (st == TB_OK)
        st = tb_segment(&text, report_path, &ed, diag);
    tb_text_free(&text);
    if (st == TB_OK && ed->warning && opt->parse_warning)
        opt->parse_warning(report_path, ed->warning_line, ed->warning, opt->input_damaged_ctx);
    if (st == TB_OK)
        st = tb_edition_prepare(ed, lx);
    if (st == TB_OK)
        st = tb_render_edition(ed, opt, res, diag);
    tb_edition_free(ed);
    tb_safe_release_dest(&lock);
    return st;
}
