/* SPDX-License-Identifier: GPL-3.0-or-later */
/* timeline.c — allocation of the edition timeline; see timeline.h. */
#include "model/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tb_timeline_file_name(const char *folder, const char *date, const char *ext, char out[64])
{
    const char *base = strrchr(folder, '/');
    base = base && base[1] ? base + 1 : folder;
    char slug[41];
    size_t o = 0;
    int dash = 0;
    for (const char *p = base; *p && *p != '/' && o < sizeof slug - 2; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
            if (dash && o)
                slug[o++] = '-';
            slug[o++] = c;
            dash = 0;
        } else {
            dash = 1;
        }
    }
    slug[o] = '\0';
    if (!o)
        snprintf(slug, sizeof slug, "edition");
    int dated = date && strlen(date) == 10 && !strstr(slug, date);
    snprintf(out, 64, "%s%s%s.%.8s", slug, dated ? "-" : "", dated ? date : "", ext);
}

tb_timeline *tb_timeline_new(const tb_edition *ed)
{
    tb_timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return NULL;
    tl->format = "opus";
    tl->sections = calloc(ed->n_sections ? ed->n_sections : 1, sizeof *tl->sections);
    if (!tl->sections) {
        free(tl);
        return NULL;
    }
    tl->n_sections = ed->n_sections;
    for (size_t i = 0; i < ed->n_sections; i++) {
        size_t n = ed->sections[i].n_sentences;
        tl->sections[i].sentences = calloc(n ? n : 1, sizeof(tb_span));
        tl->sections[i].samples = calloc(n ? 2 * n : 1, sizeof(uint64_t));
        if (!tl->sections[i].sentences || !tl->sections[i].samples) {
            tb_timeline_free(tl);
            return NULL;
        }
        tl->sections[i].n_sentences = n;
    }
    return tl;
}

void tb_timeline_free(tb_timeline *tl)
{
    if (!tl)
        return;
    for (size_t i = 0; i < tl->n_sections; i++) {
        free(tl->sections[i].sentences);
        free(tl->sections[i].samples);
    }
    free(tl->sections);
    free(tl);
}
