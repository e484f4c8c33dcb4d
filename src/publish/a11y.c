/* SPDX-License-Identifier: GPL-3.0-or-later */
/* a11y.c — ids, clips and identifiers shared by the accessible outputs; see a11y.h. */
#include "publish/a11y.h"

#include "base/buf.h"
#include "base/uuid.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long tb_a11y_ms(double seconds)
{
    return seconds > 0 && isfinite(seconds) ? llround(seconds * 1000.0) : 0;
}

void tb_a11y_section_id(size_t sec, char out[32])
{
    snprintf(out, 32, "sec-%zu", sec + 1);
}

void tb_a11y_sentence_id(size_t sec, size_t sen, char out[48])
{
    snprintf(out, 48, "s%zu-%zu", sec + 1, sen + 1);
}

/* Where section sec's stretch of the timeline starts: its start, 0 for the
 * first (the stretches tile the edition). */
static long long tile_begin(const tb_manifest *m, size_t sec)
{
    return sec ? tb_a11y_ms(m->sections[sec].start) : 0;
}

/* ... and ends: where the next one starts, the edition's end for the last. */
static long long tile_end(const tb_manifest *m, size_t sec)
{
    return sec + 1 < m->n_sections ? tile_begin(m, sec + 1) : tb_a11y_ms(m->duration);
}

static void keep_inside(const tb_manifest *m, long long *begin, long long *end)
{
    long long total = tb_a11y_ms(m->duration);
    if (*end > total)
        *end = total;
    if (*begin > total - 1)
        *begin = total > 0 ? total - 1 : 0;
    if (*end <= *begin)
        *end = *begin + 1;
}

void tb_a11y_sentence_clip(const tb_manifest *m, size_t sec, size_t sen, long long *begin,
                           long long *end)
{
    const tb_man_section *s = &m->sections[sec];
    long long b = sen ? tb_a11y_ms(s->sentences[sen].start) : tile_begin(m, sec);
    long long e =
        sen + 1 < s->n_sentences ? tb_a11y_ms(s->sentences[sen + 1].start) : tile_end(m, sec);
    keep_inside(m, &b, &e);
    *begin = b;
    *end = e;
}

void tb_a11y_section_clip(const tb_manifest *m, size_t sec, long long *begin, long long *end)
{
    const tb_man_section *s = &m->sections[sec];
    long long b = tb_a11y_ms(s->start), e = tb_a11y_ms(s->start + s->duration);
    keep_inside(m, &b, &e);
    *begin = b;
    *end = e;
}

void tb_a11y_section_tile(const tb_manifest *m, size_t sec, long long *begin, long long *end)
{
    long long b = tile_begin(m, sec), e = tile_end(m, sec);
    keep_inside(m, &b, &e);
    *begin = b;
    *end = e;
}

void tb_a11y_clock(long long ms, char out[40])
{
    if (ms < 0)
        ms = 0;
    snprintf(out, 40, "%lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
             ms % 1000);
}

void tb_a11y_hms(long long ms, char out[40])
{
    long long s = ms < 0 ? 0 : (ms + 500) / 1000;
    snprintf(out, 40, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
}

void tb_a11y_identifier(const tb_manifest *m, char out[64])
{
    /* from what the edition says, not where it is: a render builds it in a
     * temporary folder, and the same report must give the same book */
    tb_buf b;
    tb_buf_init(&b, 1 << 20);
    if (tb_buf_adds(&b, "tingbao:edition:") != TB_OK || tb_buf_adds(&b, m->title) != TB_OK ||
        tb_buf_addc(&b, '\n') != TB_OK || tb_buf_adds(&b, m->date ? m->date : "") != TB_OK ||
        tb_buf_addc(&b, '\n') != TB_OK ||
        tb_buf_adds(&b, m->description ? m->description : "") != TB_OK)
        tb_buf_reset(&b); /* out of memory or too long: the title alone below */
    memcpy(out, "urn:uuid:", 9);
    if (b.len)
        tb_uuid_v5(tb_uuid_ns_url, b.data, b.len, out + 9);
    else
        tb_uuid_v5(tb_uuid_ns_url, m->title, strlen(m->title), out + 9);
    tb_buf_free(&b);
}

int tb_a11y_title_is_spoken(const tb_man_section *s)
{
    return s->n_sentences > 0 && !strcmp(s->sentences[0].text, s->title);
}

/* ---- XML writing ------------------------------------------------------ */

struct tb_xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc; /* first negative libxml2 return, else >= 0 */
};

tb_status tb_xw_new(int indent, tb_xw **out)
{
    *out = NULL;
    tb_xw *x = calloc(1, sizeof *x);
    if (!x)
        return TB_ERR_NOMEM;
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        if (x->buf)
            xmlBufferFree(x->buf);
        free(x);
        return TB_ERR_NOMEM;
    }
    if (indent) {
        xmlTextWriterSetIndent(x->w, 1);
        xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
    }
    *out = x;
    return TB_OK;
}

void tb_xw_begin(tb_xw *x, const char *version, const char *encoding)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterStartDocument(x->w, version, encoding, NULL);
}

void tb_xw_dtd(tb_xw *x, const char *name, const char *pubid, const char *sysid)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteDTD(x->w, BAD_CAST name, BAD_CAST pubid, BAD_CAST sysid, NULL);
}

void tb_xw_end_document(tb_xw *x)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterEndDocument(x->w);
}

void tb_xw_start(tb_xw *x, const char *name)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterStartElement(x->w, BAD_CAST name);
}

void tb_xw_end(tb_xw *x)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterEndElement(x->w);
}

void tb_xw_full_end(tb_xw *x)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterFullEndElement(x->w);
}

void tb_xw_attr(tb_xw *x, const char *name, const char *value)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value);
}

void tb_xw_fail(tb_xw *x)
{
    x->rc = -1;
}

void tb_xw_text(tb_xw *x, const char *text)
{
    if (x->rc >= 0 && *text)
        x->rc = xmlTextWriterWriteString(x->w, BAD_CAST text);
}

void tb_xw_raw(tb_xw *x, const char *markup)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteRaw(x->w, BAD_CAST markup);
}

void tb_xw_el(tb_xw *x, const char *name, const char *text)
{
    tb_xw_start(x, name);
    tb_xw_text(x, text);
    tb_xw_full_end(x);
}

tb_status tb_xw_finish(tb_xw *x, tb_buf *out)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterFlush(x->w);
    xmlFreeTextWriter(x->w); /* flushes into buf */
    x->w = NULL;
    tb_status st = x->rc < 0 ? TB_ERR_IO : TB_OK;
    if (st == TB_OK)
        st = tb_buf_add(out, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
    xmlBufferFree(x->buf);
    free(x);
    return st;
}
