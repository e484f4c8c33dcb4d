/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.c — what a render is to do: the encoder settings and tags, each
 * section's key (what shapes its audio) and file name, and which sections the
 * edition already in the output folder offers unchanged (see render_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "encode/mp3.h"
#include "publish/edition_json.h"
#include "render/render_int.h"

/* ---- what to render: settings, keys, what the previous edition offers ---- */

void tb_rd_plan_free(plan *pl)
{
    free(pl->keys);
    free(pl->files);
    free(pl->kept);
    tb_render_state_free(pl->prev);
}

const char *tb_rd_base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Everything that shapes every section's audio: the program, the engine and
 * the voice file's bytes, the encoder settings, the loudness and pause
 * constants. (The lexicon and the normaliser shape the engine text, which is
 * in each section's own key.) */
static tb_status settings_key(const tb_render_options *opt, const plan *pl, tb_hash *h,
                              tb_diag *diag)
{
    tb_hash_init(h);
    tb_hash_str(h, "tingbao render state 1");
    tb_hash_str(h, TB_VERSION);
    tb_hash_str(h, tb_synth_engine_version());
    if (tb_hash_file(h, opt->voice_path) != TB_OK)
        return tb_diag_io(diag, opt->voice_path, "cannot read the voice file");
    const tb_enc_settings *es = &pl->es;
    tb_hash_int(h, opt->rate_wpm); /* --rate */
    tb_hash_int(h, es->format);
    tb_hash_int(h, es->sample_rate);
    tb_hash_int(h, es->bitrate);
    tb_hash_int(h, es->complexity);
    tb_hash_int(h, es->bandwidth);
    const double constants[] = {LEAD_SECONDS,
                                GAP_SECONDS,
                                TAIL_SECONDS,
                                TB_LOUD_TARGET_LUFS,
                                TB_LOUD_PCM_TARGET_LUFS,
                                TB_LOUD_CEILING_DB,
                                SEED_BASE,
                                PARA_SECONDS,
                                SPOOL_PIECE_SECONDS,
                                SPOOL_PIECE_MAX_SECONDS,
                                MEASURE_SPLIT_SECONDS,
                                MEASURE_OVERLAP_STEPS};
    for (size_t k = 0; k < sizeof constants / sizeof *constants; k++)
        tb_hash_double(h, constants[k]);
    return TB_OK;
}

const char *tb_rd_publisher(const tb_edition *ed, const tb_render_options *opt)
{
    if (opt->publisher && opt->publisher[0])
        return opt->publisher;
    return ed->publisher && ed->publisher[0] ? ed->publisher : NULL;
}

static int file_exists(const char *dir, const char *name)
{
    char path[TB_PATH_MAX];
    struct stat sb;
    return tb_path_join(path, dir, name) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

tb_status tb_rd_plan_make(const tb_edition *ed, const tb_render_options *opt, int rate,
                          const char *dir, plan *pl, tb_diag *diag)
{
    const size_t n = ed->n_sections;
    memset(pl, 0, sizeof *pl);
    pl->keys = calloc(n, sizeof *pl->keys);
    pl->files = calloc(n, sizeof *pl->files);
    pl->kept = calloc(n, sizeof *pl->kept);
    if (!pl->keys || !pl->files || !pl->kept)
        return TB_ERR_NOMEM;
    tb_enc_settings_default(&pl->es, rate);
    pl->es.format = opt->format;
    if (opt->bitrate)
        pl->es.bitrate = opt->bitrate;
    if (opt->complexity >= 0)
        pl->es.complexity = opt->complexity;
    if (opt->bandwidth)
        pl->es.bandwidth = opt->bandwidth;
    pl->date = opt->date ? opt->date : ed->date;
    tb_timeline_file_name(tb_rd_base_name(dir), pl->date, tb_enc_extension(pl->es.format),
                          pl->edition_file);
    tb_timeline_file_name(tb_rd_base_name(dir), pl->date, "mp3", pl->mp3_file);
    tb_enc_tags *tags = &pl->tags;
    tags->title = tb_edition_title(ed, opt->title);
    tags->album = tags->title;
    tags->artist = tb_rd_publisher(ed, opt);
    tags->date = pl->date;
    tags->language = "zh-CN";
    tags->tracks = (int)n;

    tb_hash base;
    tb_status st = settings_key(opt, pl, &base, diag);
    if (st != TB_OK)
        return st;
    if (!opt->force) {
        char path[TB_PATH_MAX];
        if (tb_path_join(path, dir, "edition.json") &&
            (st = tb_render_state_load(path, &pl->prev)) != TB_OK)
            return st;
    }
    tb_hash ed_hash = base; /* the edition: every section's key and what the publishers show */
    for (size_t i = 0; i < n; i++) {
        const tb_section *sec = &ed->sections[i];
        snprintf(pl->files[i], sizeof pl->files[i], "%02zu-%s.%s", i + 1,
                 tb_section_kind_name(sec->kind), tb_enc_extension(pl->es.format));
        tb_hash h = base;
        tb_hash_int(&h, (long long)i);
        tb_hash_int(&h, (long long)n);
        tb_hash_str(&h, pl->files[i]);
        tb_hash_str(&h, tb_section_title(sec));
        tb_hash_str(&h, tags->title);
        tb_hash_str(&h, tags->artist);
        tb_hash_str(&h, tags->date);
        tb_hash_str(&h, tags->language);
        tb_hash_int(&h, (long long)sec->n_sentences);
        for (size_t j = 0; j < sec->n_sentences; j++) {
            tb_hash_str(&h, sec->sentences[j].engine ? sec->sentences[j].engine : "");
            tb_hash_int(&h, tb_section_paragraph_ends(sec, j)); /* the longer pause */
        }
        tb_hash_hex(&h, pl->keys[i]);
        const tb_rs_section *k = tb_render_state_find(pl->prev, pl->keys[i]);
        if (k && !strcmp(k->file, pl->files[i]) && k->n_sentences == sec->n_sentences &&
            tb_render_state_file_ok(dir, k)) { /* length and SHA-256 as recorded */
            pl->kept[i] = k;
            pl->n_kept++;
        }
        tb_hash_str(&ed_hash, pl->keys[i]);
        for (size_t j = 0; j < sec->n_sentences; j++) {
            tb_hash_str(&ed_hash, sec->sentences[j].text);
            tb_hash_str(&ed_hash, sec->sentences[j].spoken);
            tb_hash_int(&ed_hash, (long long)sec->sentences[j].line);
        }
    }
    tb_hash_int(&ed_hash,
                !opt->no_mp3 && tb_enc_has_mp3_edition(&pl->es) ? TB_MP3_EDITION_KBPS : 0);
    tb_hash_str(&ed_hash, tb_rd_base_name(ed->source)); /* what edition.json shows */
    tb_hash_str(&ed_hash, tb_rd_base_name(opt->voice_path));
    tb_hash_hex(&ed_hash, pl->key);
    return TB_OK;
}

int tb_rd_plan_up_to_date(const plan *pl, const tb_render_options *opt, const char *dir, size_t n)
{
    if (!pl->prev || strcmp(pl->prev->key, pl->key) || pl->n_kept != n || pl->prev->n_sections != n)
        return 0;
    if (!file_exists(dir, pl->edition_file))
        return 0;
    return opt->no_mp3 || !tb_enc_has_mp3_edition(&pl->es) || file_exists(dir, pl->mp3_file);
}
