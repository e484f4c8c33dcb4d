/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render_int.h — what the files of render/ share, and nothing outside it
 * includes: the plan of a render (plan.c), the pool of worker threads that
 * level and encode the spoken sections (its life: pool.c; its threads:
 * workers.c), the sections' parts of the edition (parts.c) and the
 * synthesis into the spool that feeds them (speak.c, spool.c). render.c runs
 * the steps.
 *
 * The timeline of a section: LEAD of silence, then each sentence followed by
 * GAP (the last one by TAIL, the longer pause between sections).
 *
 * Ownership: a plan owns its arrays and the previous render state
 * (tb_rd_plan_free); a pool owns its jobs' paths, its loudness sum and its
 * threads (tb_rd_pool_free); everything else is borrowed.
 */
#ifndef TB_RENDER_INT_H
#define TB_RENDER_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "audio/loudness.h"
#include "base/fs.h"
#include "encode/encode.h"
#include "encode/mp3.h"
#include "model/edition.h"
#include "model/timeline.h"
#include "render/render.h"
#include "model/render_state.h"
#include "synth/synth.h"

#define LEAD_SECONDS 0.25 /* before the first sentence of a section */
#define GAP_SECONDS 0.45  /* after each sentence (eSpeak ends a call with only ~30 ms) */
#define PARA_SECONDS 0.80 /* after the last sentence of a paragraph (tb_sentence.paragraph) */
#define TAIL_SECONDS 1.00 /* after the last sentence of a section */
#define SEED_BASE 0x7462u /* eSpeak's noise: seeded per section, for identical output */
#define MAX_JOBS 64       /* worker threads at most */
/* A piece this long or longer is measured in two halves side by side, the
 * second from this many 100 ms steps before the middle (workers.c): the
 * loudness search is the one stage of a correction's single section that
 * would otherwise run on one core. */
#define MEASURE_SPLIT_SECONDS 10.0
#define MEASURE_OVERLAP_STEPS 3

/* ---- the plan: what to render, what the previous edition offers ---- */

typedef struct {
    tb_enc_settings es;
    tb_enc_tags tags; /* strings borrowed from the edition and the options */
    const char *date;
    char key[TB_KEY_HEX];       /* of the whole edition */
    char (*keys)[TB_KEY_HEX];   /* per section */
    char (*files)[64];          /* per section: its file name */
    char edition_file[64];      /* the whole edition's (tb_timeline_file_name) */
    char mp3_file[64];          /* the MP3 edition's, when there is one */
    const tb_rs_section **kept; /* per section: the previous render's, or NULL */
    size_t n_kept;
    tb_render_state *prev; /* of the edition in the output folder, or NULL */
} plan;

/* The plan for ed into dir at the engine's rate. Zeroes *pl first, so
 * tb_rd_plan_free is safe whatever it returns. */
tb_status tb_rd_plan_make(const tb_edition *ed, const tb_render_options *opt, int rate,
                          const char *dir, plan *pl, tb_diag *diag);
void tb_rd_plan_free(plan *pl);
/* The previous edition is this one: same key, every section kept, every file there. */
int tb_rd_plan_up_to_date(const plan *pl, const tb_render_options *opt, const char *dir, size_t n);
/* The publisher of the edition: the option's (render -p, else feed.conf's
 * author or owner, as the command line found it), else the page's; NULL
 * when neither says (left out: never the program's name). */
const char *tb_rd_publisher(const tb_edition *ed, const tb_render_options *opt);
/* The voice file's name, as edition.json and the keys carry it. */
const char *tb_rd_base_name(const char *path);

/* ---- the pool: worker threads that level and encode the sections ---- */

typedef struct {
    /* the engine's PCM of the section in the spool (spool.c), on its running
     * sample count: from `start`, cut into pieces that end at cuts[] */
    uint64_t start;
    uint64_t *cuts; /* owned */
    size_t n_cuts, cap_cuts;
    size_t released;      /* pieces its worker is done with */
    int complete;         /* every piece is cut: the section is spoken */
    char *path;           /* the section file (owned) */
    const char *title;    /* borrowed from the edition */
    tb_section_timing *t; /* its figures (lufs, true_peak, gain_db): set by its worker */
    int kept;             /* the file was kept from the previous edition: nothing to encode */
    int encoded;          /* the section file is finished */
    /* on the edition's timeline, once it and every section before it are
     * encoded ("placed"): samples at the decoder's rate */
    tb_enc_file_info info; /* of its section file */
    uint64_t at, len;
    /* kept between renders under .parts/ by the section's key (owned): its
     * part of the MP3 edition (NULL: no MP3), its part of the edition's
     * loudness; and the previous edition's of the same key, or NULL */
    char *part_path, *loud_path;
    char *old_part, *old_loud;
    int edition_done; /* decoded, measured and its MP3 part written */
} enc_job;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* broadcast at every change of the fields below */
    const tb_render_options *opt;
    tb_enc_settings es;
    tb_enc_tags tags; /* of the edition; the workers set title and track */
    int fd;           /* the spool */
    uint64_t ring;    /* samples it holds at most (spool.c) */
    size_t oldest;    /* the first section with a piece still to read */
    int writer_waits; /* synthesis has waited for room in the ring (for the tests) */
    int rate;
    size_t n; /* sections */
    enc_job *jobs;
    size_t begun;         /* sections synthesis has begun (or kept): the ring's to mind */
    size_t ready;         /* sections with work for a worker: a piece cut, or kept */
    size_t next;          /* the next one a worker takes */
    size_t placed;        /* sections placed on the edition's timeline (see enc_job) */
    uint64_t timeline;    /* their decoded samples */
    size_t next_edition;  /* the next placed section a worker decodes for the edition */
    int dec_rate;         /* of the decoded sections */
    tb_loudness_sum *sum; /* the edition's loudness, section by section */
    int synth_done;
    atomic_int failed;    /* set with status: polled without the lock */
    tb_status status;     /* the first error */
    tb_diag diag;         /* and its diagnostic */
    const char *mp3_path; /* NULL: no MP3 edition */
    tb_loudness edition;  /* of the decoded edition, once the edition thread is done */
    /* the threads (tb_rd_pool_start) */
    int sync_ok; /* mu and cv are set up */
    pthread_t threads[MAX_JOBS];
    size_t n_threads;
    pthread_t edition_thread;
    int edition_running;
} pool;

int tb_rd_cancelled(const tb_render_options *opt);
/* Record the first error (later ones are consequences) and wake everyone. */
void tb_rd_pool_fail(pool *p, tb_status st, const tb_diag *d);
/* TB_ERR_INTERRUPTED when a thread must stop: another one failed, or the
 * user cancelled. */
tb_status tb_rd_pool_stopped(pool *p);
/* A pool for n sections at the engine's rate (jobs zeroed), the decoder's
 * rate and the loudness sum; NULL for want of memory. */
pool *tb_rd_pool_new(const tb_render_options *opt, const tb_enc_settings *es, size_t n, int rate);
/* Start the workers (the option, else the online CPUs; at most one per
 * section and MAX_JOBS) and the edition thread. */
tb_status tb_rd_pool_start(pool *p);
/* Synthesis is over with status st: wait for the workers. The pool's first
 * error (in *diag) when there was one, else st. */
tb_status tb_rd_pool_synth_done(pool *p, tb_status st, tb_diag *diag);
/* ---- the parts kept between renders (parts.c) ---- */
/* Section i's parts being made from its decoded samples, whether they come
 * from its file (the edition job) or from its encoder as it encodes
 * (tb_enc_section_listen): its part of the edition's loudness, and its MP3
 * part (when j->part_path is set), each on a thread of its own. */
typedef struct tb_rd_parts tb_rd_parts;
/* *out is set even on failure (then give the error to tb_rd_parts_close). */
tb_status tb_rd_parts_open(pool *p, size_t i, tb_rd_parts **out, tb_diag *d);
/* The next decoded samples (a tb_enc_pcm_fn). */
tb_status tb_rd_parts_pcm(const float *x, size_t n, void *ctx);
/* The samples are over (st: how it went so far; j->len must be set): the
 * parts finished and saved, the loudness added to the pool's sum; frees e.
 * Its status, else st. */
tb_status tb_rd_parts_close(tb_rd_parts *e, tb_status st, tb_diag *d);
/* The section's part of the edition's loudness to loud_path. */
tb_status tb_rd_save_loudness(const enc_job *j, tb_meter *m, tb_diag *d);
/* A kept section's parts linked from the previous edition (old_loud, old_part)
 * and its loudness added to the pool's sum, without decoding it; sets
 * edition_done. */
tb_status tb_rd_kept_parts(pool *p, enc_job *j, tb_diag *d);
/* Section i's MP3 part joined (see tb_mp3_frame_at), its chapter set. */
tb_status tb_rd_join_part(pool *p, size_t i, tb_mp3 *mp3, tb_mp3_chapter *ch, tb_diag *d);

/* Wait for the edition thread (stopped first when st is an error); its
 * error, else st. */
tb_status tb_rd_pool_edition_done(pool *p, tb_status st, tb_diag *diag);
void tb_rd_pool_free(pool *p);

/* ---- an encoder on a thread of its own (pipe.c) ----
 *
 * A worker's pass measures and limits on its thread while the encoder it
 * feeds (the section's Opus, the MP3 part) runs on another: in a correction,
 * where one section is all there is to do, that is the second core at work.
 * The encoder gets the very chunks it would get called directly, in order,
 * so its bytes do not change. */
typedef tb_status (*tb_rd_pipe_fn)(void *ctx, const void *x, size_t n);
typedef struct tb_rd_pipe tb_rd_pipe;
/* A pipe of chunks of elements of `elem` bytes to fn(ctx, …) on its own
 * thread; NULL for want of memory or threads. */
tb_rd_pipe *tb_rd_pipe_new(size_t elem, tb_rd_pipe_fn fn, void *ctx);
/* n elements copied to the pipe, once it has room; the consumer's first
 * error, if it had one. */
tb_status tb_rd_pipe_put(tb_rd_pipe *p, const void *x, size_t n);
/* Wait until the consumer has had every chunk (or, with abort, only the one
 * it is on) and stop its thread; its first error, else TB_OK. */
tb_status tb_rd_pipe_close(tb_rd_pipe *p, int abort);
void tb_rd_pipe_free(tb_rd_pipe *p); /* closes it with abort first */

/* ---- the output folder (folder.c) ---- */

/* The output folder's names: PARENT/NAME (dir, trailing '/' dropped) and the
 * temporary and set-aside names beside it; the leftovers of killed renders
 * swept; TB_ERR_USAGE when the folder is there and not an edition. */
typedef struct {
    char dir[TB_PATH_MAX], parent[TB_PATH_MAX], name[TB_PATH_MAX];
    char tmp[TB_PATH_MAX], aside[TB_PATH_MAX];
    int exists;
} out_folder;
tb_status tb_rd_out_folder_open(const char *output_dir, out_folder *o, tb_diag *diag);

/* ---- the spool (spool.c) ----
 *
 * The engine's PCM goes to a temporary file in $TMPDIR (else /tmp) used as
 * a ring of SPOOL_RING_SECONDS of audio, addressed by the running count of
 * samples spoken. Each section is cut into pieces a worker levels on its
 * own (its own gain search): a soft cut at the first sentence end after
 * SPOOL_PIECE_SECONDS, a hard one at SPOOL_PIECE_MAX_SECONDS. Synthesis
 * waits while the ring holds no room for what it speaks: the oldest piece
 * still to be read bounds it. Since a piece is at most half the ring, the
 * worker of the piece before can always finish. So the spool never holds
 * more than SPOOL_RING_SECONDS of audio, whatever the length of a section,
 * and never takes its file system below SPOOL_FLOOR_BYTES free: the render
 * asks for the room it expects before it speaks, and looks again every
 * SPOOL_CHECK_BYTES while the file grows. A section shorter than
 * SPOOL_PIECE_SECONDS is one piece, levelled as a whole. */
#define SPOOL_PIECE_SECONDS 300
#define SPOOL_PIECE_MAX_SECONDS 600
#define SPOOL_RING_SECONDS 1200
_Static_assert(2 * SPOOL_PIECE_MAX_SECONDS <= SPOOL_RING_SECONDS,
               "a piece must fit in the ring beside the one before it, or synthesis waits forever");
#define SPOOL_FLOOR_BYTES (64ull << 20)
#define SPOOL_CHECK_BYTES (4ull << 20)
/* Free space for n more bytes of spool, leaving the floor. */
int tb_rd_spool_room(FILE *spool, unsigned long long n);
/* Say that the spool has no room: where, how much is free, how much it needs. */
tb_status tb_rd_spool_refuse(FILE *spool, unsigned long long need, tb_diag *diag);
/* Section i begins at running sample `at`; the workers take it once its
 * first piece is cut. */
void tb_rd_pool_begin(pool *p, size_t i, uint64_t at);
/* Section i is kept: nothing in the spool. */
void tb_rd_pool_kept(pool *p, size_t i);
/* Section i's next piece ends at `end`; `last`: the section is complete (an
 * empty last piece only completes it). */
tb_status tb_rd_pool_piece(pool *p, size_t i, uint64_t end, int last);
/* n samples to the ring at running sample `at`, once there is room (the
 * caller's pieces at most SPOOL_PIECE_MAX_SECONDS long, n < the ring);
 * TB_ERR_INTERRUPTED when the pool stopped meanwhile. */
tb_status tb_rd_spool_write(pool *p, const int16_t *pcm, size_t n, uint64_t at, tb_diag *d);
/* k samples from running sample `at`. */
tb_status tb_rd_spool_read(pool *p, int16_t *out, uint64_t at, size_t k, tb_diag *d);
/* Wait for piece k of section i: 1 with its range, 0 when the section has
 * no more, TB_ERR_INTERRUPTED (negative) when the pool stopped. */
int tb_rd_pool_next_piece(pool *p, size_t i, size_t k, uint64_t *from, uint64_t *n);
/* The worker of section i is done with its oldest piece: its room is free. */
void tb_rd_pool_piece_done(pool *p, size_t i);

/* ---- synthesis into the spool (speak.c) ---- */

typedef struct {
    const tb_render_options *opt;
    pool *pool;
    size_t section;       /* being spoken */
    uint64_t at;          /* the spool's running count of samples */
    uint64_t piece_start; /* of the section's current piece */
    uint64_t samples;     /* of this section so far */
    tb_render_progress progress;
    int rate;
    FILE *spool;        /* the engine's PCM of every section, read back by the workers */
    uint64_t unchecked; /* bytes spooled since its file system's free space was looked at */
    int no_room;        /* the spool stopped short of filling its file system */
    tb_diag *diag;
} section_run;

/* Speak section i into the spool, piece by piece, for the workers. */
tb_status tb_rd_speak_section(tb_synth *sy, const tb_edition *ed, size_t i, tb_section_timing *t,
                              section_run *run, tb_diag *diag);
/* Section i as the previous render made it: its file linked (or copied) from
 * the edition being replaced (old_dir), its figures from that edition's
 * render state. */
tb_status tb_rd_keep_section(const char *old_dir, const tb_rs_section *k, const char *path,
                             tb_section_timing *t, section_run *run, size_t i, tb_diag *diag);

#endif
