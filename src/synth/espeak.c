/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * espeak.c — the eSpeak NG back-end (see synth_int.h): the engine, started
 * once per process in synchronous mode; the voice file (staged under a name
 * eSpeak cannot mangle); and saying a script made by espeak_text.c, one
 * espeak_ng_Synthesize call per call of the script with the voice set
 * explicitly every time, because eSpeak 1.51 does not come back to a voice
 * loaded from a file after an SSML voice change: it picks the stock `cmn`
 * voice, which reads the rest of the sentence as English-spelled pinyin.
 */
#include <errno.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synth/espeak.h"
#include "synth/prosody.h"
#include "synth/synth_int.h"
#include "synth/voice_check.h"

#define TB_SYNTH_VOLUME 50 /* eSpeak's 0-200 scale */

/* eSpeak's callback has no user pointer that survives every path, and there
 * is only one engine: the live handle is kept here. */
static tb_synth *live;

static int on_audio(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    tb_synth *sy = live;
    if (!sy || !wav || n <= 0)
        return 0;
    /* non-zero asks eSpeak to stop */
    return tb_synth_pcm(sy, (const int16_t *)wav, (size_t)n) == TB_OK ? 0 : 1;
}

static void diag_engine(tb_diag *diag, const char *file, const char *what, espeak_ng_STATUS es)
{
    char msg[160];
    espeak_ng_GetStatusCodeMessage(es, msg, sizeof msg);
    tb_diag_set(diag, file, 0, 0, "%s: %s", what, msg);
}

/* eSpeak NG 1.51 hangs in espeak_ng_Initialize after espeak_ng_Terminate
 * (measured), so the engine is started once and lives as long as the process;
 * tb_synth_free only gives the handle back. */
static int engine_started;

static tb_status start_engine(tb_diag *diag)
{
    if (engine_started)
        return TB_OK;
    espeak_ng_InitializePath(NULL);
    espeak_ng_ERROR_CONTEXT ectx = NULL;
    espeak_ng_STATUS es = espeak_ng_Initialize(&ectx);
    espeak_ng_ClearErrorContext(&ectx);
    if (es == ENS_OK)
        es = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
    /* At its default volume (100) eSpeak NG clips: 2197 samples at full scale in
     * 5 minutes of the seed; at 70 the peak is -0.8 dBFS, at 50 it is -3.8 dBFS
     * (mean -25 dB): headroom for the encoder's overshoot; loudness is set later. */
    if (es == ENS_OK)
        es = espeak_ng_SetParameter(espeakVOLUME, TB_SYNTH_VOLUME, 0);
    if (es != ENS_OK) {
        diag_engine(diag, NULL, "cannot start eSpeak NG", es);
        return TB_ERR_SYNTH;
    }
    espeak_SetSynthCallback(on_audio);
    engine_started = 1;
    return TB_OK;
}

/* espeak_ng_SetVoiceByFile copies the path into a 60-byte buffer, lower-cases
 * it and cuts it at '+' (a variant name): /home/Ann/voices/news fails, and so
 * does any path of 60 bytes or more. A path it would mangle is served by a
 * copy of the file in a private folder with a short lower-case name. */
static int espeak_safe_path(const char *p)
{
    if (strlen(p) >= 60)
        return 0;
    for (; *p; p++)
        if ((*p >= 'A' && *p <= 'Z') || *p == '+')
            return 0;
    return 1;
}

static tb_status stage_voice(tb_espeak_voice *v, const char *voice_path, tb_diag *diag)
{
    FILE *in = fopen(voice_path, "rb");
    if (!in) {
        tb_diag_set(diag, voice_path, 0, 0, "cannot read the voice file");
        if (diag)
            diag->err = errno;
        return TB_ERR_IO;
    }
    char dir[64], path[80];
    int made = 0;
    for (unsigned n = 0; n < 1000 && !made; n++) {
        snprintf(dir, sizeof dir, "/tmp/tingbao-voice-%ld-%u", (long)getpid(), n);
        made = mkdir(dir, 0700) == 0;
        if (!made && errno != EEXIST)
            break;
    }
    tb_status st = TB_OK;
    FILE *out = NULL;
    if (!made || snprintf(path, sizeof path, "%s/voice", dir) >= (int)sizeof path ||
        !(out = fopen(path, "wb"))) {
        tb_diag_set(diag, "/tmp", 0, 0, "cannot stage the voice file for eSpeak");
        st = TB_ERR_IO;
    }
    char buf[4096];
    size_t n;
    while (st == TB_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            st = TB_ERR_IO;
    if (st == TB_OK && ferror(in))
        st = TB_ERR_IO;
    fclose(in);
    if (out && fclose(out) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    if (st == TB_OK && (!(v->voice_path = strdup(path)) || !(v->staged_dir = strdup(dir))))
        st = TB_ERR_NOMEM;
    if (st != TB_OK && made) {
        unlink(path);
        rmdir(dir);
    }
    return st;
}

/* The first `language NAME` of a voice file into out (empty if none). */
static void voice_language(const char *path, char *out, size_t cap)
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char name[64];
        if (sscanf(line, " language %63s", name) == 1) {
            if (strlen(name) < cap)
                memcpy(out, name, strlen(name) + 1);
            break;
        }
    }
    fclose(f);
}

static void unstage_voice(tb_espeak_voice *v)
{
    if (!v->staged_dir)
        return;
    if (v->voice_path)
        unlink(v->voice_path);
    rmdir(v->staged_dir);
}

void tb_espeak_unload(const tb_synth *sy, tb_espeak_voice *v)
{
    if (live == sy)
        live = NULL;
    unstage_voice(v);
    free(v->staged_dir);
    free(v->voice_path);
    v->staged_dir = v->voice_path = NULL;
}

tb_status tb_espeak_load(tb_synth *sy, tb_espeak_voice *v, const char *voice_path, tb_diag *diag)
{
    if (live) {
        tb_diag_set(diag, NULL, 0, 0, "the speech engine is already in use in this process");
        return TB_ERR_USAGE;
    }
    tb_status st = start_engine(diag);
    if (st != TB_OK)
        return st;
    const char *data_dir = NULL;
    espeak_Info(&data_dir);
    /* before eSpeak sees it: no flood, no crash (voice_check.h); a file that
     * cannot be read is the engine's "cannot load the voice" as before */
    if ((st = tb_voice_check(voice_path, data_dir, diag)) != TB_OK)
        return st == TB_ERR_IO ? TB_ERR_SYNTH : st;
    if (espeak_safe_path(voice_path))
        st = (v->voice_path = strdup(voice_path)) ? TB_OK : TB_ERR_NOMEM;
    else
        st = stage_voice(v, voice_path, diag);
    espeak_ng_STATUS es = ENS_OK;
    if (st == TB_OK && (es = espeak_ng_SetVoiceByFile(v->voice_path)) != ENS_OK) {
        diag_engine(diag, voice_path, "cannot load the voice", es);
        st = TB_ERR_SYNTH;
    }
    if (st != TB_OK) {
        tb_espeak_unload(sy, v);
        return st;
    }
    voice_language(v->voice_path, v->language, sizeof v->language);
    sy->rate = espeak_ng_GetSampleRate();
    live = sy;
    return TB_OK;
}

int tb_espeak_call(const char **p, const char *end, const char **voice, const char **text)
{
    if (*p >= end)
        return 0;
    const char *z = memchr(*p, '\0', (size_t)(end - *p));
    const char *t = z ? z + 1 : end, *tz = z ? memchr(t, '\0', (size_t)(end - t)) : NULL;
    if (!tz)
        return -1; /* not a script of ours */
    *voice = *p;
    *text = t;
    *p = tz + 1;
    return 1;
}

tb_status tb_espeak_say(tb_synth *sy, const tb_espeak_voice *v, const char *script, size_t len,
                        FILE *trace)
{
    tb_status st = TB_OK;
    if (trace)
        espeak_SetPhonemeTrace(espeakPHONEMES_SHOW, trace);
    const char *p = script, *end = script + len, *voice, *text;
    int got;
    while (st == TB_OK && (got = tb_espeak_call(&p, end, &voice, &text)) != 0) {
        if (got < 0) {
            st = TB_ERR_SYNTH;
            break;
        }
        espeak_ng_STATUS es;
        if (voice[0]) {
            es = espeak_ng_SetVoiceByName(voice);
            if (es != ENS_OK) /* unknown voice: read the run in ours */
                es = espeak_ng_SetVoiceByFile(v->voice_path);
            else if (trace)
                fprintf(trace, "[%s] ", voice);
        } else {
            es = espeak_ng_SetVoiceByFile(v->voice_path);
        }
        if (es == ENS_OK)
            es = espeak_ng_SetParameter(espeakRATE, sy->wpm ? sy->wpm : espeakRATE_NORMAL, 0);
        if (es == ENS_OK)
            es = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                      espeakCHARS_UTF8 | espeakSSML, NULL, NULL);
        if (sy->status != TB_OK)
            st = sy->status;
        else if (es != ENS_OK)
            st = TB_ERR_SYNTH;
    }
    /* leave the voice file current, whatever the text did */
    if (espeak_ng_SetVoiceByFile(v->voice_path) != ENS_OK && st == TB_OK)
        st = TB_ERR_SYNTH;
    if (trace)
        espeak_SetPhonemeTrace(0, NULL);
    return st;
}

const char *tb_synth_engine_version(void)
{
    /* eSpeak's version and the revision of tingbao's own pauses and prosody
     * (synth/prosody.h): both shape the audio, so both key a section */
    static char with_ours[80];
    const char *v = espeak_Info(NULL);
    if (!with_ours[0])
        snprintf(with_ours, sizeof with_ours, "%s/prosody %d", v ? v : "", TB_PROSODY_REVISION);
    return with_ours;
}

/* The eSpeak back-end: tb_synth.impl is a tb_espeak_voice. */

static tb_status espeak_open(tb_synth *sy, const char *voice_path, tb_diag *diag)
{
    tb_espeak_voice *v = calloc(1, sizeof *v);
    if (!v)
        return TB_ERR_NOMEM;
    tb_status st = tb_espeak_load(sy, v, voice_path, diag);
    if (st != TB_OK) {
        free(v);
        return st;
    }
    sy->impl = v;
    return TB_OK;
}

static void espeak_close(tb_synth *sy)
{
    if (!sy->impl)
        return;
    tb_espeak_unload(sy, sy->impl);
    free(sy->impl);
    sy->impl = NULL;
}

static tb_status espeak_script(const tb_synth *sy, const tb_speech *sp, tb_buf *out)
{
    return tb_espeak_script(sy->impl, sp, out);
}

static tb_status espeak_say(tb_synth *sy, const char *script, size_t len, FILE *trace)
{
    return tb_espeak_say(sy, sy->impl, script, len, trace);
}

const tb_synth_backend tb_synth_espeak = {"espeak-ng", espeak_open, espeak_close, espeak_script,
                                          espeak_say};
