/* SPDX-License-Identifier: GPL-3.0-or-later */
/* daisy.c — a DAISY 2.02 fileset from an edition manifest; see daisy.h. */
#include "publish/daisy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fs.h"
#include "base/safe.h"
#include "publish/a11y.h"

#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define XHTML_PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
#define XHTML_SYSTEM "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"
#define SMIL_PUBLIC "-//W3C//DTD SMIL 1.0//EN"
#define SMIL_SYSTEM "http://www.w3.org/TR/REC-smil/SMIL10.dtd"
#define GENERATOR "tingbao " TB_VERSION
#define NARRATOR "eSpeak NG（合成语音）"
/* the MP3 inside daisy/: a fixed, plain name whatever the edition calls it */
#define AUDIO_NAME "edition.mp3"
/* dc:publisher is mandatory in DAISY 2.02: without a known newspaper, a
 * neutral "not stated" rather than the program's name */
#define UNKNOWN_PUBLISHER "未注明"

static void smil_name(size_t sec, char out[32])
{
    snprintf(out, 32, "sec-%zu.smil", sec + 1);
}

/* The id of the content element the section's heading is: the title sentence
 * when the title is spoken, else a heading of its own. */
static void heading_id(const tb_manifest *m, size_t sec, char out[48])
{
    if (tb_a11y_title_is_spoken(&m->sections[sec]))
        tb_a11y_sentence_id(sec, 0, out);
    else
        snprintf(out, 48, "h%zu", sec + 1);
}

/* The section's phrases: one per sentence, or the heading alone with the
 * whole section's audio when there is no sentence. */
static size_t n_phrases(const tb_man_section *s)
{
    return s->n_sentences ? s->n_sentences : 1;
}

static void phrase(const tb_manifest *m, size_t sec, size_t k, char text_id[48], long long *b,
                   long long *e)
{
    if (!m->sections[sec].n_sentences) {
        heading_id(m, sec, text_id);
        tb_a11y_section_tile(m, sec, b, e);
    } else {
        tb_a11y_sentence_id(sec, k, text_id);
        tb_a11y_sentence_clip(m, sec, k, b, e);
    }
}

static long long smil_ms(const tb_manifest *m, size_t sec)
{
    long long sum = 0, b, e;
    char id[48];
    for (size_t k = 0; k < n_phrases(&m->sections[sec]); k++) {
        phrase(m, sec, k, id, &b, &e);
        sum += e - b;
    }
    return sum;
}

static void par_id(size_t sec, size_t k, char out[48])
{
    snprintf(out, 48, "par-%zu-%zu", sec + 1, k + 1);
}

/* The id of phrase k's <text> in its SMIL file. */
static void text_id(size_t sec, size_t k, char out[48])
{
    snprintf(out, 48, "txt-%zu-%zu", sec + 1, k + 1);
}

/* "sec-N.smil#txt-N-1": where the section starts. NCC and content links
 * point at the SMIL <text> element, as DAISY 2.02 players follow them
 * (Debian's daisy-player plays nothing when they point at the <par>). */
static void section_href(size_t sec, char out[96])
{
    char file[32], id[48];
    smil_name(sec, file);
    text_id(sec, 0, id);
    snprintf(out, 96, "%s#%s", file, id);
}

/* The NCC heading level of section i (h1 or h2): an article, or one of its
 * sections (tb_man_level); ncc:depth is the deepest (tb_man_depth). */
static int ncc_level(const tb_manifest *m, size_t i)
{
    return tb_man_level(m, i);
}

static void meta_name(tb_xw *x, const char *name, const char *content, const char *scheme)
{
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "name", name);
    tb_xw_attr(x, "content", content);
    if (scheme)
        tb_xw_attr(x, "scheme", scheme);
    tb_xw_end(x);
}

static void xhtml_open(tb_xw *x, const char *title)
{
    tb_xw_begin(x, "1.0", "utf-8");
    tb_xw_dtd(x, "html", XHTML_PUBLIC, XHTML_SYSTEM);
    tb_xw_start(x, "html");
    tb_xw_attr(x, "xmlns", NS_XHTML);
    tb_xw_attr(x, "xml:lang", "zh-CN");
    tb_xw_attr(x, "lang", "zh-CN");
    tb_xw_start(x, "head");
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "http-equiv", "Content-type");
    tb_xw_attr(x, "content", "text/html; charset=utf-8");
    tb_xw_end(x);
    tb_xw_el(x, "title", title);
}

static tb_status doc_end(tb_xw *x, tb_buf *out)
{
    tb_xw_end_document(x);
    return tb_xw_finish(x, out);
}

static const char *date_of(const tb_manifest *m)
{
    int y, mo, d;
    return m->date && sscanf(m->date, "%4d-%2d-%2d", &y, &mo, &d) == 3 ? m->date : "2000-01-01";
}

static tb_status ncc_html(const tb_manifest *m, tb_buf *out)
{
    char ident[64], buf[64], href[96], id[48];
    long long total = 0;
    for (size_t i = 0; i < m->n_sections; i++)
        total += smil_ms(m, i);
    tb_a11y_identifier(m, ident);
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(1, &x);
    if (st != TB_OK)
        return st;
    xhtml_open(x, m->title);
    meta_name(x, "dc:title", m->title, NULL);
    if (m->publisher) /* mandatory when known: the newspaper, never the program */
        meta_name(x, "dc:creator", m->publisher, NULL);
    meta_name(x, "dc:date", date_of(m), "yyyy-mm-dd");
    meta_name(x, "dc:format", "Daisy 2.02", NULL);
    meta_name(x, "dc:identifier", ident, NULL);
    meta_name(x, "dc:language", "zh-CN", "ISO 639");
    meta_name(x, "dc:publisher", m->publisher ? m->publisher : UNKNOWN_PUBLISHER, NULL);
    meta_name(x, "ncc:charset", "utf-8", NULL);
    meta_name(x, "ncc:generator", GENERATOR, NULL);
    meta_name(x, "ncc:narrator", NARRATOR, NULL);
    meta_name(x, "ncc:multimediaType", "audioFullText", NULL);
    snprintf(buf, sizeof buf, "%zu", m->n_sections);
    meta_name(x, "ncc:tocItems", buf, NULL);
    snprintf(buf, sizeof buf, "%d", tb_man_depth(m));
    meta_name(x, "ncc:depth", buf, NULL);
    meta_name(x, "ncc:pageFront", "0", NULL);
    meta_name(x, "ncc:pageNormal", "0", NULL);
    meta_name(x, "ncc:maxPageNormal", "0", NULL);
    meta_name(x, "ncc:pageSpecial", "0", NULL);
    tb_a11y_hms(total, buf);
    meta_name(x, "ncc:totalTime", buf, "hh:mm:ss");
    /* ncc.html, content.html, the SMIL files and the MP3 */
    snprintf(buf, sizeof buf, "%zu", m->n_sections + 3);
    meta_name(x, "ncc:files", buf, NULL);
    meta_name(x, "ncc:setInfo", "1 of 1", NULL);
    tb_xw_full_end(x); /* head */
    tb_xw_start(x, "body");
    for (size_t i = 0; i < m->n_sections; i++) {
        char h[4] = {'h', (char)('0' + ncc_level(m, i)), 0, 0};
        section_href(i, href);
        snprintf(id, sizeof id, "nav-%zu", i + 1);
        tb_xw_start(x, h);
        if (i == 0)
            tb_xw_attr(x, "class", "title");
        tb_xw_attr(x, "id", id);
        tb_xw_start(x, "a");
        tb_xw_attr(x, "href", href);
        tb_xw_text(x, m->sections[i].title);
        tb_xw_full_end(x);
        tb_xw_full_end(x);
    }
    tb_xw_full_end(x); /* body */
    tb_xw_full_end(x); /* html */
    return doc_end(x, out);
}

/* All sections in one document: h1 per section (linking to its SMIL), the
 * sentences as spans. Not indented: whitespace between spans would show. */
static tb_status content_html(const tb_manifest *m, tb_buf *out)
{
    char id[48], href[96];
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(0, &x);
    if (st != TB_OK)
        return st;
    xhtml_open(x, m->title);
    tb_xw_full_end(x); /* head */
    tb_xw_start(x, "body");
    for (size_t i = 0; i < m->n_sections; i++) {
        const tb_man_section *s = &m->sections[i];
        int spoken = tb_a11y_title_is_spoken(s);
        heading_id(m, i, id);
        section_href(i, href);
        tb_xw_start(x, ncc_level(m, i) == 1 ? "h1" : "h2"); /* article, its sections */
        tb_xw_attr(x, "id", id);
        tb_xw_start(x, "a");
        tb_xw_attr(x, "href", href);
        tb_xw_text(x, s->title);
        tb_xw_full_end(x);
        tb_xw_full_end(x);
        if (s->n_sentences > (size_t)spoken) {
            tb_xw_start(x, "p");
            for (size_t j = (size_t)spoken; j < s->n_sentences; j++) {
                if (j > (size_t)spoken && tb_man_new_paragraph(s, j)) {
                    tb_xw_full_end(x);
                    tb_xw_start(x, "p");
                }
                tb_a11y_sentence_id(i, j, id);
                tb_xw_start(x, "span");
                tb_xw_attr(x, "id", id);
                tb_xw_text(x, s->sentences[j].text);
                tb_xw_full_end(x);
            }
            tb_xw_full_end(x);
        }
    }
    tb_xw_full_end(x);
    tb_xw_full_end(x);
    return doc_end(x, out);
}

/* Seconds with three decimals, for SMIL 1.0 values ("npt=12.345s", "3.300s"). */
static void secs(long long ms, const char *prefix, char out[48])
{
    snprintf(out, 48, "%s%lld.%03llds", prefix, ms / 1000, ms % 1000);
}

static tb_status section_smil(const tb_manifest *m, size_t sec, long long elapsed, tb_buf *out)
{
    char ident[64], buf[48], id[48], src[96];
    tb_a11y_identifier(m, ident);
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(1, &x);
    if (st != TB_OK)
        return st;
    tb_xw_begin(x, "1.0", "utf-8");
    tb_xw_dtd(x, "smil", SMIL_PUBLIC, SMIL_SYSTEM);
    tb_xw_start(x, "smil");
    tb_xw_start(x, "head");
    meta_name(x, "dc:format", "Daisy 2.02", NULL);
    meta_name(x, "dc:title", m->sections[sec].title, NULL);
    meta_name(x, "dc:identifier", ident, NULL);
    meta_name(x, "ncc:generator", GENERATOR, NULL);
    tb_a11y_hms(elapsed, buf);
    meta_name(x, "ncc:totalElapsedTime", buf, NULL);
    long long here = smil_ms(m, sec);
    tb_a11y_hms(here, buf);
    meta_name(x, "ncc:timeInThisSmil", buf, NULL);
    tb_xw_start(x, "layout");
    tb_xw_start(x, "region");
    tb_xw_attr(x, "id", "txtView");
    tb_xw_end(x);
    tb_xw_end(x);
    tb_xw_end(x); /* head */
    tb_xw_start(x, "body");
    tb_xw_start(x, "seq");
    secs(here, "", buf);
    tb_xw_attr(x, "dur", buf);
    for (size_t k = 0; k < n_phrases(&m->sections[sec]); k++) {
        long long b, e;
        char content_id[48];
        phrase(m, sec, k, content_id, &b, &e);
        par_id(sec, k, id);
        tb_xw_start(x, "par");
        tb_xw_attr(x, "endsync", "last");
        tb_xw_attr(x, "id", id);
        tb_xw_start(x, "text");
        snprintf(src, sizeof src, "content.html#%s", content_id);
        tb_xw_attr(x, "src", src);
        text_id(sec, k, id);
        tb_xw_attr(x, "id", id);
        tb_xw_end(x);
        tb_xw_start(x, "audio");
        tb_xw_attr(x, "src", AUDIO_NAME);
        secs(b, "npt=", buf);
        tb_xw_attr(x, "clip-begin", buf);
        secs(e, "npt=", buf);
        tb_xw_attr(x, "clip-end", buf);
        snprintf(id, sizeof id, "aud-%zu-%zu", sec + 1, k + 1);
        tb_xw_attr(x, "id", id);
        tb_xw_end(x);
        tb_xw_end(x); /* par */
    }
    tb_xw_end(x);
    tb_xw_end(x);
    tb_xw_end(x);
    return doc_end(x, out);
}

/* ---- files ------------------------------------------------------------- */

static tb_status put(const tb_manifest *m, const char *dir, const char *name, tb_buf *b,
                     tb_diag *diag)
{
    char path[TB_PATH_MAX];
    if (!tb_path_join(path, dir, name))
        return tb_diag_io(diag, dir, "path too long");
    return tb_manifest_write_file(m, path, b->data ? b->data : "", b->len, diag);
}

static tb_status write_fileset(const tb_manifest *m, const char *tmp, tb_diag *diag)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = ncc_html(m, &b);
    if (st == TB_OK)
        st = put(m, tmp, "ncc.html", &b, diag);
    tb_buf_reset(&b);
    if (st == TB_OK)
        st = content_html(m, &b);
    if (st == TB_OK)
        st = put(m, tmp, "content.html", &b, diag);
    long long elapsed = 0;
    for (size_t i = 0; i < m->n_sections && st == TB_OK; i++) {
        char name[32];
        tb_buf_reset(&b);
        smil_name(i, name);
        st = section_smil(m, i, elapsed, &b);
        if (st == TB_OK)
            st = put(m, tmp, name, &b, diag);
        elapsed += smil_ms(m, i);
    }
    tb_buf_free(&b);
    if (st != TB_OK)
        return st;
    char from[TB_PATH_MAX], to[TB_PATH_MAX];
    if (!tb_path_join(from, m->dir, m->mp3_file) || !tb_path_join(to, tmp, AUDIO_NAME))
        return tb_diag_io(diag, m->dir, "path too long");
    return tb_fs_link_or_copy(from, to, diag);
}

tb_status tb_daisy_write(const tb_manifest *m, tb_diag *diag)
{
    if (!m->mp3_file || !m->n_sections) {
        tb_diag_set(diag, m->dir, 0, 0, "a DAISY book needs the edition's MP3 and a section");
        return TB_ERR_USAGE;
    }
    char mp3[TB_PATH_MAX], dst[TB_PATH_MAX], tmp[TB_PATH_MAX], old[TB_PATH_MAX];
    if (!tb_path_join(mp3, m->dir, m->mp3_file) || !tb_path_join(dst, m->dir, "daisy") ||
        !tb_fs_temp_name(tmp, dst, "tmp") || !tb_fs_temp_name(old, dst, "old"))
        return tb_diag_io(diag, m->dir, "path too long");
    if (access(mp3, R_OK) != 0)
        return tb_diag_io(diag, mp3, "the edition's MP3 cannot be read");
    /* a leftover of a killed run with our pid, or a link planted at our name: removed,
     * never followed (base/safe.h) */
    (void)tb_safe_remove_tree(tmp, NULL);
    if (mkdir(tmp, 0755) != 0)
        return tb_diag_io(diag, tmp, "cannot create a folder");
    tb_status st = write_fileset(m, tmp, diag);
    if (st == TB_OK) /* the old fileset out, the new one in, the old one gone */
        st = tb_fs_swap_in(tmp, dst, old, diag);
    if (st != TB_OK)
        (void)tb_fs_remove_tree(tmp, NULL);
    return st;
}

tb_status tb_daisy_remove(const char *dir, tb_diag *diag)
{
    char path[TB_PATH_MAX];
    if (!tb_path_join(path, dir, "daisy"))
        return tb_diag_io(diag, dir, "path too long");
    return tb_fs_remove_tree(path, diag); /* a link or a file there: left alone */
}
