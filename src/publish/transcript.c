/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transcript.c — WebVTT and SubRip transcripts; see transcript.h. */
#include "publish/transcript.h"

#include <math.h>
#include <string.h>

/* Milliseconds, rounded, never negative. */
static long long to_ms(double s)
{
    return s > 0 ? llround(s * 1000.0) : 0;
}

static tb_status add_time(tb_buf *b, long long ms, char frac_sep)
{
    return tb_buf_printf(b, "%02lld:%02lld:%02lld%c%03lld", ms / 3600000, ms / 60000 % 60,
                         ms / 1000 % 60, frac_sep, ms % 1000);
}

/* Text with the characters WebVTT reserves escaped and "-->" broken up; line
 * breaks become spaces (a cue's text is one line here). */
static tb_status add_vtt_text(tb_buf *b, const char *s)
{
    tb_status st = TB_OK;
    for (; *s && st == TB_OK; s++) {
        switch (*s) {
        case '&': st = tb_buf_adds(b, "&amp;"); break;
        case '<': st = tb_buf_adds(b, "&lt;"); break;
        case '>': st = tb_buf_adds(b, "&gt;"); break;
        case '\n':
        case '\r': st = tb_buf_addc(b, ' '); break;
        default: st = tb_buf_addc(b, *s);
        }
    }
    return st;
}

/* NOTE text may hold no "-->" and no blank line. */
static tb_status add_note_text(tb_buf *b, const char *s)
{
    tb_status st = TB_OK;
    for (; *s && st == TB_OK; s++) {
        if (*s == '\n' || *s == '\r')
            st = tb_buf_addc(b, ' ');
        else if (!strncmp(s, "-->", 3)) {
            st = tb_buf_adds(b, "->");
            s += 2;
        } else
            st = tb_buf_addc(b, *s);
    }
    return st;
}

/* Calls fn for each sentence with its cue number and [start, end) in ms. */
typedef tb_status (*cue_fn)(tb_buf *b, const tb_manifest *m, size_t sec, size_t sen, size_t num,
                            long long start, long long end);

static tb_status each_cue(const tb_manifest *m, tb_buf *b, cue_fn fn)
{
    size_t num = 0;
    long long prev_end = 0;
    for (size_t i = 0; i < m->n_sections; i++) {
        const tb_man_section *sec = &m->sections[i];
        for (size_t j = 0; j < sec->n_sentences; j++) {
            const tb_man_sentence *s = &sec->sentences[j];
            long long start = to_ms(s->start), end = to_ms(s->start + s->duration);
            /* the next sentence's start, in this section or the next non-empty one */
            const tb_man_sentence *next = j + 1 < sec->n_sentences ? &sec->sentences[j + 1] : NULL;
            for (size_t k = i + 1; !next && k < m->n_sections; k++)
                if (m->sections[k].n_sentences)
                    next = &m->sections[k].sentences[0];
            if (next && to_ms(next->start) < end)
                end = to_ms(next->start);
            if (start < prev_end)
                start = prev_end;
            if (end <= start)
                end = start + 1;
            tb_status st = fn(b, m, i, j, ++num, start, end);
            if (st != TB_OK)
                return st;
            prev_end = end;
        }
    }
    return TB_OK;
}

static tb_status vtt_cue(tb_buf *b, const tb_manifest *m, size_t sec, size_t sen, size_t num,
                         long long start, long long end)
{
    const tb_man_section *s = &m->sections[sec];
    tb_status st = TB_OK;
    if (sen == 0) {
        st = tb_buf_printf(b, "NOTE %zu. ", sec + 1);
        if (st == TB_OK)
            st = add_note_text(b, s->title);
        if (st == TB_OK)
            st = tb_buf_adds(b, "\n\n");
    }
    if (st == TB_OK)
        st = tb_buf_printf(b, "%zu\n", num);
    if (st == TB_OK)
        st = add_time(b, start, '.');
    if (st == TB_OK)
        st = tb_buf_adds(b, " --> ");
    if (st == TB_OK)
        st = add_time(b, end, '.');
    if (st == TB_OK)
        st = tb_buf_addc(b, '\n');
    if (st == TB_OK)
        st = add_vtt_text(b, s->sentences[sen].text);
    if (st == TB_OK)
        st = tb_buf_adds(b, "\n\n");
    return st;
}

static tb_status srt_cue(tb_buf *b, const tb_manifest *m, size_t sec, size_t sen, size_t num,
                         long long start, long long end)
{
    tb_status st = tb_buf_printf(b, "%zu\n", num);
    if (st == TB_OK)
        st = add_time(b, start, ',');
    if (st == TB_OK)
        st = tb_buf_adds(b, " --> ");
    if (st == TB_OK)
        st = add_time(b, end, ',');
    if (st == TB_OK)
        st = tb_buf_addc(b, '\n');
    /* SubRip has no escapes; a blank line would end the cue, so fold line breaks */
    for (const char *p = m->sections[sec].sentences[sen].text; *p && st == TB_OK; p++)
        st = tb_buf_addc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
    if (st == TB_OK)
        st = tb_buf_adds(b, "\n\n");
    return st;
}

tb_status tb_transcript_vtt(const tb_manifest *m, tb_buf *out)
{
    tb_status st = tb_buf_adds(out, "WEBVTT\n\n");
    return st == TB_OK ? each_cue(m, out, vtt_cue) : st;
}

tb_status tb_transcript_srt(const tb_manifest *m, tb_buf *out)
{
    return each_cue(m, out, srt_cue);
}
