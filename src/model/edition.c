/* SPDX-License-Identifier: GPL-3.0-or-later */
/* edition.c — the edition data model and its string arena; see edition.h. */
#include "model/edition.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"

const char *tb_section_kind_name(tb_section_kind kind)
{
    switch (kind) {
    case TB_KIND_HEADLINE: return "headline";
    case TB_KIND_CAPTION: return "caption";
    case TB_KIND_INTRO: return "intro";
    case TB_KIND_SUBHEADING: return "subheading";
    case TB_KIND_SUBREPORT: return "subreport";
    case TB_KIND_CREDIT: return "credit";
    case TB_KIND_NOTE: return "note";
    case TB_KIND_TABLE: return "table";
    }
    return "intro";
}

tb_edition *tb_edition_new(void)
{
    tb_edition *ed = calloc(1, sizeof *ed);
    if (!ed)
        return NULL;
    ed->headline = tb_edition_strdup(ed, "");
    ed->title = ed->headline;
    ed->source = tb_edition_strdup(ed, "-");
    if (!ed->headline || !ed->source) {
        tb_edition_free(ed);
        return NULL;
    }
    return ed;
}

void tb_edition_free(tb_edition *ed)
{
    if (!ed)
        return;
    for (size_t i = 0; i < ed->n_sections; i++) {
        for (size_t j = 0; j < ed->sections[i].n_sentences; j++)
            tb_speech_free(ed->sections[i].sentences[j].speech);
        free(ed->sections[i].sentences);
    }
    free(ed->sections);
    tb_arena_free(&ed->arena);
    free(ed);
}

char *tb_edition_strndup(tb_edition *ed, const char *s, size_t n)
{
    return tb_arena_strndup(&ed->arena, s, n);
}

char *tb_edition_strdup(tb_edition *ed, const char *s)
{
    return tb_edition_strndup(ed, s, strlen(s));
}

tb_section *tb_edition_add_section(tb_edition *ed, tb_section_kind kind, const char *title)
{
    void *sections = ed->sections;
    if (tb_grow(&sections, &ed->cap_sections, ed->n_sections, sizeof *ed->sections, 16) != TB_OK)
        return NULL;
    ed->sections = sections;
    char *t = tb_edition_strdup(ed, title ? title : "");
    if (!t)
        return NULL;
    tb_section *sec = &ed->sections[ed->n_sections++];
    memset(sec, 0, sizeof *sec);
    sec->kind = kind;
    sec->title = t;
    return sec;
}

tb_sentence *tb_edition_add_sentence(tb_edition *ed, tb_section *sec, const char *text, size_t len,
                                     size_t line)
{
    void *sentences = sec->sentences;
    if (tb_grow(&sentences, &sec->cap_sentences, sec->n_sentences, sizeof *sec->sentences, 8) !=
        TB_OK)
        return NULL;
    sec->sentences = sentences;
    char *t = tb_edition_strndup(ed, text, len);
    if (!t)
        return NULL;
    tb_sentence *s = &sec->sentences[sec->n_sentences++];
    memset(s, 0, sizeof *s);
    s->text = t;
    s->line = line;
    return s;
}

size_t tb_edition_count_sentences(const tb_edition *ed)
{
    size_t n = 0;
    for (size_t i = 0; i < ed->n_sections; i++)
        n += ed->sections[i].n_sentences;
    return n;
}

int tb_edition_valid_date(const char *s)
{
    return tb_date_valid_iso(s);
}

const char *tb_section_title(const tb_section *sec)
{
    return sec->title && sec->title[0] ? sec->title : tb_section_kind_name(sec->kind);
}

const char *tb_edition_title(const tb_edition *ed, const char *chosen)
{
    return chosen && chosen[0]                   ? chosen
           : ed->page_title && ed->page_title[0] ? ed->page_title /* the page's own (og:title) */
           : ed->title && ed->title[0]       ? ed->title /* the episode: paper and page, 等N篇 */
           : ed->headline && ed->headline[0] ? ed->headline
           : ed->n_sections                  ? tb_section_title(&ed->sections[0])
                                             : "";
}

int tb_section_paragraph_ends(const tb_section *sec, size_t j)
{
    return j + 1 < sec->n_sentences && sec->sentences[j].paragraph &&
           sec->sentences[j + 1].paragraph != sec->sentences[j].paragraph;
}
