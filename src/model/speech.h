/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * speech.h — what the lexicon stage hands the synth stage for one sentence:
 * a list of runs, each in one language, with plain text (not escaped, no
 * markup). The lexicon decides what is said and in which language; only the
 * synth stage knows which engine voice says a language and how the engine is
 * told (src/synth/).
 *
 * A run is a stretch of one language said in one breath. A run marked
 * `joined` continues the run before it (same language, no break): an English
 * phrase whose abbreviations are spelt ("IMF chief": "IMF" spelt, joined by
 * " chief" read) is one run and its joined followers. Two runs not joined are
 * said apart even in the same language.
 *
 * Ownership: a tb_speech owns its runs and their text; tb_speech_free
 * releases all of it. Text pointers are valid until the next append.
 */
#ifndef TB_SPEECH_H
#define TB_SPEECH_H

#include <stddef.h>

#include "base/buf.h"
#include "base/tb.h"

/* Language tags (BCP 47) the lexicon writes. */
#define TB_LANG_ZH "zh" /* Mandarin: Han characters, and pinyin with tone digits (hang2) */
#define TB_LANG_EN "en" /* English: Latin letters */

typedef struct {
    char lang[8]; /* a language tag: TB_LANG_ZH or TB_LANG_EN */
    int spell;    /* said letter by letter (an abbreviation: IMF) */
    int joined;   /* continues the run before it (see above) */
    size_t off;   /* its text: tb_speech.text.data[off, off + len) */
    size_t len;
} tb_run;

typedef struct {
    tb_run *runs;
    size_t n_runs;
    size_t cap_runs;
    tb_buf text; /* every run's text, one after another */
} tb_speech;

/* A new empty speech; NULL on allocation failure. */
tb_speech *tb_speech_new(void);
/* Free the speech, its runs and their text (NULL is fine). */
void tb_speech_free(tb_speech *sp);

/* Start a new run (empty text) in language `lang` (at most 7 bytes). */
tb_status tb_speech_run(tb_speech *sp, const char *lang, int spell, int joined);

/* Append s[0..n) to the last run's text (one must have been started). */
tb_status tb_speech_add(tb_speech *sp, const char *s, size_t n);

/* The last run, or NULL when there is none. */
const tb_run *tb_speech_last(const tb_speech *sp);

/* The text of run r of sp (not NUL-terminated: r->len bytes). */
static inline const char *tb_run_text(const tb_speech *sp, const tb_run *r)
{
    return sp->text.data ? sp->text.data + r->off : "";
}

#endif
