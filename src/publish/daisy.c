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

/* The NCC heading level of section i: h1 for every section now. (An article
 * level above the sections would make them h2, and ncc:depth 2.) */
static int ncc_level(const tb_manifest *m, size_t i)
{
    (void)m;
    (void)i;
    return 1;
}

static int ncc_depth(const tb_manifest *m)
{
    int d = 1;
    for (size_t i = 0; i < m->n_sections; i++)
        if (ncc_level(m, i) > d)
            d = ncc_level(m, i);
    return d;
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
    if (x->rc >= 0)
        x->rc = xmlTextWriterStartDocument(x->w, "1.0", "utf-8", NULL);
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteDTD(x->w, BAD_CAST "html", BAD_CAST XHTML_PUBLIC,
                                      BAD_CAST XHTML_SYSTEM, NULL);
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
    if (x->rc >= 0)
        x->rc = xmlTextWriterEndDocument(x->w);
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
    tb_xw x;
    tb_status st = tb_xw_open(&x, 1);
    if (st != TB_OK)
        return st;
    xhtml_open(&x, m->title);
    meta_name(&x, "dc:title", m->title, NULL);
    if (m->publisher) /* mandatory when known: the newspaper, never the program */
        meta_name(&x, "dc:creator", m->publisher, NULL);
    meta_name(&x, "dc:date", date_of(m), "yyyy-mm-dd");
    meta_name(&x, "dc:format", "Daisy 2.02", NULL);
    meta_name(&x, "dc:identifier", ident, NULL);
    meta_name(&x, "dc:language", "zh-CN", "ISO 639");
    meta_name(&x, "dc:publisher", m->publisher ? m->publisher : UNKNOWN_PUBLISHER, NULL);
    meta_name(&x, "ncc:charset", "utf-8", NULL);
    meta_name(&x, "ncc:generator", GENERATOR, NULL);
    meta_name(&x, "ncc:narrator", NARRATOR, NULL);
    meta_name(&x, "ncc:multimediaType", "audioFullText", NULL);
    snprintf(buf, sizeof buf, "%zu", m->n_sections);
    meta_name(&x, "ncc:tocItems", buf, NULL);
    snprintf(buf, sizeof buf, "%d", ncc_depth(m));
    meta_name(&x, "ncc:depth", buf, NULL);
    meta_name(&x, "ncc:pageFront", "0", NULL);
    meta_name(&x, "ncc:pageNormal", "0", NULL);
    meta_name(&x, "ncc:maxPageNormal", "0", NULL);
    meta_name(&x, "ncc:pageSpecial", "0", NULL);
    tb_a11y_hms(total, buf);
    meta_name(&x, "ncc:totalTime", buf, "hh:mm:ss");
    /* ncc.html, content.html, the SMIL files and the MP3 */
    snprintf(buf, sizeof buf, "%zu", m->n_sections + 3);
    meta_name(&x, "ncc:files", buf, NULL);
    meta_name(&x, "ncc:setInfo", "1 of 1", NULL);
    tb_xw_full_end(&x); /* head */
    tb_xw_start(&x, "body");
    for (size_t i = 0; i < m->n_sections; i++) {
        char h[4] = {'h', (char)('0' + ncc_level(m, i)), 0, 0};
        section_href(i, href);
        snprintf(id, sizeof id, "nav-%zu", i + 1);
        tb_xw_start(&x, h);
        if (i == 0)
            tb_xw_attr(&x, "class", "title");
        tb_xw_attr(&x, "id", id);
        tb_xw_start(&x, "a");
        tb_xw_attr(&x, "href", href);
        tb_xw_text(&x, m->sections[i].title);
        tb_xw_full_end(&x);
        tb_xw_full_end(&x);
    }
    tb_xw_full_end(&x); /* body */
    tb_xw_full_end(&x); /* html */
    return doc_end(&x, out);
}

/* All sections in one document: h1 per section (linking to its SMIL), the
 * sentences as spans. Not indented: whitespace between spans would show. */
static tb_status content_html(const tb_manifest *m, tb_buf *out)
{
    char id[48], href[96];
    tb_xw x;
    tb_status st = tb_xw_open(&x, 0);
    if (st != TB_OK)
        return st;
    xhtml_open(&x, m->title);
    tb_xw_full_end(&x); /* head */
    tb_xw_start(&x, "body");
    for (size_t i = 0; i < m->n_sections; i++) {
        const tb_man_section *s = &m->sections[i];
        int spoken = tb_a11y_title_is_spoken(s);
        heading_id(m, i, id);
        section_href(i, href);
        tb_xw_start(&x, "h1");
        tb_xw_attr(&x, "id", id);
        tb_xw_start(&x, "a");
        tb_xw_attr(&x, "href", href);
        tb_xw_text(&x, s->title);
        tb_xw_full_end(&x);
        tb_xw_full_end(&x);
        if (s->n_sentences > (size_t)spoken) {
            tb_xw_start(&x, "p");
            for (size_t j = (size_t)spoken; j < s->n_sentences; j++) {
                tb_a11y_sentence_id(i, j, id);
                tb_xw_start(&x, "span");
                tb_xw_attr(&x, "id", id);
                tb_xw_text(&x, s->sentences[j].text);
                tb_xw_full_end(&x);
            }
            tb_xw_full_end(&x);
        }
    }
    tb_xw_full_end(&x);
    tb_xw_full_end(&x);
    return doc_end(&x, out);
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
    tb_xw x;
    tb_status st = tb_xw_open(&x, 1);
    if (st != TB_OK)
        return st;
    x.rc = xmlTextWriterStartDocument(x.w, "1.0", "utf-8", NULL);
    if (x.rc >= 0)
        x.rc = xmlTextWriterWriteDTD(x.w, BAD_CAST "smil", BAD_CAST SMIL_PUBLIC,
                                     BAD_CAST SMIL_SYSTEM, NULL);
    tb_xw_start(&x, "smil");
    tb_xw_start(&x, "head");
    meta_name(&x, "dc:format", "Daisy 2.02", NULL);
    meta_name(&x, "dc:title", m->sections[sec].title, NULL);
    meta_name(&x, "dc:identifier", ident, NULL);
    meta_name(&x, "ncc:generator", GENERATOR, NULL);
    tb_a11y_hms(elapsed, buf);
    meta_name(&x, "ncc:totalElapsedTime", buf, NULL);
    long long here = smil_ms(m, sec);
    tb_a11y_hms(here, buf);
    meta_name(&x, "ncc:timeInThisSmil", buf, NULL);
    tb_xw_start(&x, "layout");
    tb_xw_start(&x, "region");
    tb_xw_attr(&x, "id", "txtView");
    tb_xw_end(&x);
    tb_xw_end(&x);
    tb_xw_end(&x); /* head */
    tb_xw_start(&x, "body");
    tb_xw_start(&x, "seq");
    secs(here, "", buf);
    tb_xw_attr(&x, "dur", buf);
    for (size_t k = 0; k < n_phrases(&m->sections[sec]); k++) {
        long long b, e;
        char content_id[48];
        phrase(m, sec, k, content_id, &b, &e);
        par_id(sec, k, id);
        tb_xw_start(&x, "par");
        tb_xw_attr(&x, "endsync", "last");
        tb_xw_attr(&x, "id", id);
        tb_xw_start(&x, "text");
        snprintf(src, sizeof src, "content.html#%s", content_id);
        tb_xw_attr(&x, "src", src);
        text_id(sec, k, id);
        tb_xw_attr(&x, "id", id);
        tb_xw_end(&x);
        tb_xw_start(&x, "audio");
        tb_xw_attr(&x, "src", AUDIO_NAME);
        secs(b, "npt=", buf);
        tb_xw_attr(&x, "clip-begin", buf);
        secs(e, "npt=", buf);
        tb_xw_attr(&x, "clip-end", buf);
        snprintf(id, sizeof id, "aud-%zu-%zu", sec + 1, k + 1);
        tb_xw_attr(&x, "id", id);
        tb_xw_end(&x);
        tb_xw_end(&x); /* par */
    }
    tb_xw_end(&x);
    tb_xw_end(&x);
    tb_xw_end(&x);
    return doc_end(&x, out);
}

/* ---- files ------------------------------------------------------------- */

/* Copy a file in fixed-size pieces (the MP3 may be large). */
static tb_status copy_file(const char *from, const char *to, tb_diag *diag)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return tb_diag_io(diag, from, "cannot open the edition's MP3");
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        close(in);
        return tb_diag_io(diag, to, "cannot create");
    }
    char buf[1 << 16];
    tb_status st = TB_OK;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            st = tb_diag_io(diag, from, "cannot read");
            break;
        }
        if (r == 0)
            break;
        for (ssize_t off = 0; off < r && st == TB_OK;) {
            ssize_t w = write(out, buf + off, (size_t)(r - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                st = tb_diag_io(diag, to, "cannot write");
            else
                off += w;
        }
        if (st != TB_OK)
            break;
    }
    close(in);
    if (close(out) != 0 && st == TB_OK)
        st = tb_diag_io(diag, to, "cannot write");
    return st;
}

/* Remove a flat folder this module wrote (files only). */
static void remove_flat(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[4400];
            if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p)
                unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static tb_status put(const char *dir, const char *name, tb_buf *b, tb_diag *diag)
{
    char path[4400];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return TB_ERR_USAGE;
    return tb_file_write_atomic(path, b->data ? b->data : "", b->len, diag);
}

static tb_status write_fileset(const tb_manifest *m, const char *tmp, tb_diag *diag)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = ncc_html(m, &b);
    if (st == TB_OK)
        st = put(tmp, "ncc.html", &b, diag);
    tb_buf_reset(&b);
    if (st == TB_OK)
        st = content_html(m, &b);
    if (st == TB_OK)
        st = put(tmp, "content.html", &b, diag);
    long long elapsed = 0;
    for (size_t i = 0; i < m->n_sections && st == TB_OK; i++) {
        char name[32];
        tb_buf_reset(&b);
        smil_name(i, name);
        st = section_smil(m, i, elapsed, &b);
        if (st == TB_OK)
            st = put(tmp, name, &b, diag);
        elapsed += smil_ms(m, i);
    }
    tb_buf_free(&b);
    if (st != TB_OK)
        return st;
    char from[4400], to[4400];
    if (snprintf(from, sizeof from, "%s/%s", m->dir, m->mp3_file) >= (int)sizeof from ||
        snprintf(to, sizeof to, "%s/" AUDIO_NAME, tmp) >= (int)sizeof to)
        return TB_ERR_USAGE;
    if (link(from, to) == 0)
        return TB_OK;
    return copy_file(from, to, diag);
}

tb_status tb_daisy_write(const tb_manifest *m, tb_diag *diag)
{
    if (!m->mp3_file || !m->n_sections) {
        tb_diag_set(diag, m->dir, 0, 0, "a DAISY book needs the edition's MP3 and a section");
        return TB_ERR_USAGE;
    }
    char mp3[4400], dst[4400], tmp[4400], old[4400];
    if (snprintf(mp3, sizeof mp3, "%s/%s", m->dir, m->mp3_file) >= (int)sizeof mp3 ||
        snprintf(old, sizeof old, "%s/.daisy.old-%ld", m->dir, (long)getpid()) >= (int)sizeof old)
        return TB_ERR_USAGE;
    if (snprintf(dst, sizeof dst, "%s/daisy", m->dir) >= (int)sizeof dst ||
        snprintf(tmp, sizeof tmp, "%s/.daisy.tmp-%ld", m->dir, (long)getpid()) >= (int)sizeof tmp)
        return TB_ERR_USAGE;
    if (access(mp3, R_OK) != 0)
        return tb_diag_io(diag, mp3, "the edition's MP3 cannot be read");
    remove_flat(tmp);
    if (mkdir(tmp, 0755) != 0)
        return tb_diag_io(diag, tmp, "cannot create a folder");
    tb_status st = write_fileset(m, tmp, diag);
    if (st != TB_OK) {
        remove_flat(tmp);
        return st;
    }
    /* swap: the old fileset aside, the new one in, the old one gone */
    struct stat sb;
    int had = stat(dst, &sb) == 0;
    if (had && rename(dst, old) != 0) {
        st = tb_diag_io(diag, dst, "cannot move the previous DAISY folder aside");
        remove_flat(tmp);
        return st;
    }
    if (rename(tmp, dst) != 0) {
        st = tb_diag_io(diag, dst, "cannot move the DAISY folder into place");
        if (had)
            rename(old, dst);
        remove_flat(tmp);
        return st;
    }
    if (had)
        remove_flat(old);
    return TB_OK;
}

tb_status tb_daisy_remove(const char *dir, tb_diag *diag)
{
    char path[4400];
    if (snprintf(path, sizeof path, "%s/daisy", dir) >= (int)sizeof path)
        return TB_ERR_USAGE;
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return TB_OK;
    if (!S_ISDIR(sb.st_mode))
        return tb_diag_io(diag, path, "not a folder; left alone");
    remove_flat(path);
    return lstat(path, &sb) == 0 ? tb_diag_io(diag, path, "cannot remove the old DAISY folder") : TB_OK;
}
