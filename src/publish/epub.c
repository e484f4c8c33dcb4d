/* SPDX-License-Identifier: GPL-3.0-or-later */
/* epub.c — EPUB 3 with Media Overlays from an edition manifest; see epub.h. */
#include "publish/epub.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "base/buf.h"
#include "base/fs.h"
#include "base/safe.h"
#include "publish/a11y.h"

#define NS_OPF "http://www.idpf.org/2007/opf"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_OPS "http://www.idpf.org/2007/ops"
#define NS_SMIL "http://www.w3.org/ns/SMIL"
#define ACTIVE_CLASS "-epub-media-overlay-active"
#define NARRATOR "eSpeak NG (synthetic voice, tingbao)"

static const char css[] = "body { font-family: serif; line-height: 1.8; margin: 1em; }\n"
                          "h1 { font-size: 1.4em; line-height: 1.4; }\n"
                          "." ACTIVE_CLASS " { background-color: #ffeb3b; color: #000000; }\n";

static const char summary[] =
    "本书是报道的有声版：每一句文字都与朗读音频同步（媒体覆盖层），可按章节导航。"
    "音频由语音合成生成。This talking book pairs every sentence of the report's text "
    "with its synthesised narration (Media Overlays) and has a table of contents by section.";

/* Names inside the container. */
static void xhtml_name(size_t sec, char out[32])
{
    snprintf(out, 32, "sec-%zu.xhtml", sec + 1);
}

static void smil_name(size_t sec, char out[32])
{
    snprintf(out, 32, "sec-%zu.smil", sec + 1);
}

/* The audio inside the container, as seen from EPUB/ (content, overlays and
 * package all live there): a fixed name, whatever the edition calls its MP3,
 * so that no href ever needs escaping. */
#define AUDIO_HREF "audio/edition.mp3"

/* Overlay duration of a section: the sum of its clips (its whole clip when it
 * has no sentence), so that the total is exactly the sum of the overlays. */
static long long overlay_ms(const tb_manifest *m, size_t sec)
{
    const tb_man_section *s = &m->sections[sec];
    long long b, e, sum = 0;
    if (!s->n_sentences) {
        tb_a11y_section_tile(m, sec, &b, &e);
        return e - b;
    }
    for (size_t j = 0; j < s->n_sentences; j++) {
        tb_a11y_sentence_clip(m, sec, j, &b, &e);
        sum += e - b;
    }
    return sum;
}

/* ---- documents --------------------------------------------------------- */

static tb_status container_xml(tb_buf *out)
{
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(1, &x);
    if (st != TB_OK)
        return st;
    tb_xw_begin(x, "1.0", "UTF-8");
    tb_xw_start(x, "container");
    tb_xw_attr(x, "version", "1.0");
    tb_xw_attr(x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
    tb_xw_start(x, "rootfiles");
    tb_xw_start(x, "rootfile");
    tb_xw_attr(x, "full-path", "EPUB/package.opf");
    tb_xw_attr(x, "media-type", "application/oebps-package+xml");
    tb_xw_end(x);
    tb_xw_end(x);
    tb_xw_end(x);
    tb_xw_end_document(x);
    return tb_xw_finish(x, out);
}

/* <html> … <head><title/><link css/></head><body> — left open at <body>. */
static void xhtml_open(tb_xw *x, const char *title)
{
    tb_xw_begin(x, "1.0", "UTF-8");
    tb_xw_dtd(x, "html", NULL, NULL);
    tb_xw_start(x, "html");
    tb_xw_attr(x, "xmlns", NS_XHTML);
    tb_xw_attr(x, "xmlns:epub", NS_OPS);
    tb_xw_attr(x, "xml:lang", "zh-CN");
    tb_xw_attr(x, "lang", "zh-CN");
    tb_xw_start(x, "head");
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "charset", "UTF-8");
    tb_xw_end(x);
    tb_xw_el(x, "title", title);
    tb_xw_start(x, "link");
    tb_xw_attr(x, "rel", "stylesheet");
    tb_xw_attr(x, "type", "text/css");
    tb_xw_attr(x, "href", "style.css");
    tb_xw_end(x);
    tb_xw_full_end(x);
    tb_xw_start(x, "body");
}

static tb_status xhtml_close(tb_xw *x, tb_buf *out)
{
    tb_xw_full_end(x); /* body */
    tb_xw_full_end(x); /* html */
    tb_xw_end_document(x);
    return tb_xw_finish(x, out);
}

/* One section: <section><h1/><p><span id=…>sentence</span>…</p></section>.
 * Not indented: whitespace between the spans of Chinese text would show. */
static tb_status section_xhtml(const tb_manifest *m, size_t sec, tb_buf *out)
{
    const tb_man_section *s = &m->sections[sec];
    char id[48], hid[48];
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(0, &x);
    if (st != TB_OK)
        return st;
    xhtml_open(x, s->title);
    tb_xw_start(x, "section");
    tb_a11y_section_id(sec, id);
    tb_xw_attr(x, "id", id);
    tb_xw_attr(x, "epub:type", "chapter");
    tb_xw_attr(x, "role", "doc-chapter"); /* the ARIA role matching epub:type */
    int spoken = tb_a11y_title_is_spoken(s);
    if (spoken)
        tb_a11y_sentence_id(sec, 0, hid);
    else
        snprintf(hid, sizeof hid, "h%zu", sec + 1);
    tb_xw_attr(x, "aria-labelledby", hid);
    tb_xw_start(x, "h1");
    tb_xw_attr(x, "id", hid);
    tb_xw_text(x, s->title);
    tb_xw_full_end(x);
    if (s->n_sentences > (size_t)spoken) {
        tb_xw_start(x, "p");
        for (size_t j = (size_t)spoken; j < s->n_sentences; j++) {
            if (j > (size_t)spoken && tb_man_new_paragraph(s, j)) { /* the source's paragraphs */
                tb_xw_full_end(x);
                tb_xw_start(x, "p");
            }
            tb_a11y_sentence_id(sec, j, id);
            tb_xw_start(x, "span");
            tb_xw_attr(x, "id", id);
            tb_xw_text(x, s->sentences[j].text);
            tb_xw_full_end(x);
        }
        tb_xw_full_end(x);
    }
    tb_xw_full_end(x); /* section */
    return xhtml_close(x, out);
}

static void smil_par(tb_xw *x, const tb_manifest *m, size_t sec, const char *frag, long long b,
                     long long e, size_t n)
{
    char xhtml[32], src[128], clock[40], pid[48];
    (void)m;
    xhtml_name(sec, xhtml);
    snprintf(pid, sizeof pid, "par-%zu-%zu", sec + 1, n);
    tb_xw_start(x, "par");
    tb_xw_attr(x, "id", pid);
    tb_xw_start(x, "text");
    snprintf(src, sizeof src, "%s#%s", xhtml, frag);
    tb_xw_attr(x, "src", src);
    tb_xw_end(x);
    tb_xw_start(x, "audio");
    tb_xw_attr(x, "src", AUDIO_HREF);
    tb_a11y_clock(b, clock);
    tb_xw_attr(x, "clipBegin", clock);
    tb_a11y_clock(e, clock);
    tb_xw_attr(x, "clipEnd", clock);
    tb_xw_end(x);
    tb_xw_end(x);
}

static tb_status section_smil(const tb_manifest *m, size_t sec, tb_buf *out)
{
    const tb_man_section *s = &m->sections[sec];
    char xhtml[32], id[48], textref[96];
    long long b, e;
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(1, &x);
    if (st != TB_OK)
        return st;
    xhtml_name(sec, xhtml);
    tb_xw_begin(x, "1.0", "UTF-8");
    tb_xw_start(x, "smil");
    tb_xw_attr(x, "xmlns", NS_SMIL);
    tb_xw_attr(x, "xmlns:epub", NS_OPS);
    tb_xw_attr(x, "version", "3.0");
    tb_xw_start(x, "body");
    tb_xw_start(x, "seq");
    snprintf(id, sizeof id, "seq-%zu", sec + 1);
    tb_xw_attr(x, "id", id);
    tb_a11y_section_id(sec, id);
    snprintf(textref, sizeof textref, "%s#%s", xhtml, id);
    tb_xw_attr(x, "epub:textref", textref);
    tb_xw_attr(x, "epub:type", "chapter");
    if (!s->n_sentences) {
        /* nothing but a heading: pair it with the whole section */
        snprintf(id, sizeof id, "h%zu", sec + 1);
        tb_a11y_section_tile(m, sec, &b, &e);
        smil_par(x, m, sec, id, b, e, 1);
    }
    for (size_t j = 0; j < s->n_sentences; j++) {
        tb_a11y_sentence_id(sec, j, id);
        tb_a11y_sentence_clip(m, sec, j, &b, &e);
        smil_par(x, m, sec, id, b, e, j + 1);
    }
    tb_xw_end(x);
    tb_xw_end(x);
    tb_xw_end(x);
    tb_xw_end_document(x);
    return tb_xw_finish(x, out);
}

static tb_status nav_xhtml(const tb_manifest *m, tb_buf *out)
{
    char href[32];
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(1, &x);
    if (st != TB_OK)
        return st;
    xhtml_open(x, m->title);
    tb_xw_start(x, "nav");
    tb_xw_attr(x, "epub:type", "toc");
    tb_xw_attr(x, "role", "doc-toc");
    tb_xw_attr(x, "id", "toc");
    tb_xw_attr(x, "aria-labelledby", "toc-title");
    tb_xw_start(x, "h1");
    tb_xw_attr(x, "id", "toc-title");
    tb_xw_text(x, "目录");
    tb_xw_full_end(x);
    tb_xw_start(x, "ol");
    for (size_t i = 0; i < m->n_sections; i++) {
        /* two levels: an article's li holds the ol of its sections */
        int level = tb_man_level(m, i), next = i + 1 < m->n_sections ? tb_man_level(m, i + 1) : 1;
        xhtml_name(i, href);
        tb_xw_start(x, "li");
        tb_xw_start(x, "a");
        tb_xw_attr(x, "href", href);
        tb_xw_text(x, m->sections[i].title);
        tb_xw_full_end(x);
        if (level == 1 && next == 2)
            tb_xw_start(x, "ol");
        else
            tb_xw_full_end(x); /* li */
        if (level == 2 && next == 1) {
            tb_xw_full_end(x); /* the article's ol */
            tb_xw_full_end(x); /* the article's li */
        }
    }
    tb_xw_full_end(x);
    tb_xw_full_end(x);
    /* landmarks: where reading starts */
    tb_xw_start(x, "nav");
    tb_xw_attr(x, "epub:type", "landmarks");
    tb_xw_attr(x, "hidden", "hidden");
    tb_xw_start(x, "ol");
    tb_xw_start(x, "li");
    tb_xw_start(x, "a");
    tb_xw_attr(x, "epub:type", "bodymatter");
    xhtml_name(0, href);
    tb_xw_attr(x, "href", href);
    tb_xw_text(x, "正文");
    tb_xw_full_end(x);
    tb_xw_full_end(x);
    tb_xw_full_end(x);
    tb_xw_full_end(x);
    return xhtml_close(x, out);
}

static void meta(tb_xw *x, const char *property, const char *refines, const char *value)
{
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "property", property);
    if (refines)
        tb_xw_attr(x, "refines", refines);
    tb_xw_text(x, value);
    tb_xw_full_end(x);
}

static void item(tb_xw *x, const char *id, const char *href, const char *type, const char *props,
                 const char *overlay)
{
    tb_xw_start(x, "item");
    tb_xw_attr(x, "id", id);
    tb_xw_attr(x, "href", href);
    tb_xw_attr(x, "media-type", type);
    if (props)
        tb_xw_attr(x, "properties", props);
    if (overlay)
        tb_xw_attr(x, "media-overlay", overlay);
    tb_xw_end(x);
}

/* dcterms:modified from the edition's date (YYYY-MM-DD), noon China time as
 * UTC; a fixed date for an undated edition. Never the clock. */
static void modified_of(const tb_manifest *m, char out[32])
{
    int y, mo, d;
    if (m->date && sscanf(m->date, "%4d-%2d-%2d", &y, &mo, &d) == 3 && y >= 1900 && y <= 9999 &&
        mo >= 1 && mo <= 12 && d >= 1 && d <= 31)
        snprintf(out, 32, "%04d-%02d-%02dT04:00:00Z", y, mo, d);
    else
        snprintf(out, 32, "2000-01-01T00:00:00Z");
}

/* The accessibility metadata (schema.org, as the EPUB Accessibility spec asks). */
static void a11y_meta(tb_xw *x)
{
    meta(x, "schema:accessMode", NULL, "textual");
    meta(x, "schema:accessMode", NULL, "auditory");
    meta(x, "schema:accessModeSufficient", NULL, "textual");
    meta(x, "schema:accessModeSufficient", NULL, "auditory");
    meta(x, "schema:accessModeSufficient", NULL, "textual,auditory");
    meta(x, "schema:accessibilityFeature", NULL, "synchronizedAudioText");
    meta(x, "schema:accessibilityFeature", NULL, "tableOfContents");
    meta(x, "schema:accessibilityFeature", NULL, "readingOrder");
    meta(x, "schema:accessibilityFeature", NULL, "structuralNavigation");
    meta(x, "schema:accessibilityHazard", NULL, "none");
    meta(x, "schema:accessibilitySummary", NULL, summary);
}

static tb_status package_opf(const tb_manifest *m, tb_buf *out)
{
    char ident[64], modified[32], clock[40], id[48], ref[48], href[32], mo[48];
    tb_xw *x = NULL;
    tb_status st = tb_xw_new(1, &x);
    if (st != TB_OK)
        return st;
    tb_a11y_identifier(m, ident);
    modified_of(m, modified);
    tb_xw_begin(x, "1.0", "UTF-8");
    tb_xw_start(x, "package");
    tb_xw_attr(x, "xmlns", NS_OPF);
    tb_xw_attr(x, "version", "3.0");
    tb_xw_attr(x, "unique-identifier", "uid");
    tb_xw_attr(x, "xml:lang", "zh-CN");
    tb_xw_start(x, "metadata");
    tb_xw_attr(x, "xmlns:dc", NS_DC);
    tb_xw_start(x, "dc:identifier");
    tb_xw_attr(x, "id", "uid");
    tb_xw_text(x, ident);
    tb_xw_full_end(x);
    tb_xw_el(x, "dc:title", m->title);
    tb_xw_el(x, "dc:language", "zh-CN");
    if (m->date && *m->date)
        tb_xw_el(x, "dc:date", m->date);
    if (m->description[0])
        tb_xw_el(x, "dc:description", m->description);
    if (m->publisher) { /* the newspaper wrote it and publishes it; unknown: left out */
        tb_xw_el(x, "dc:creator", m->publisher);
        tb_xw_el(x, "dc:publisher", m->publisher);
    }
    meta(x, "dcterms:modified", NULL, modified);
    a11y_meta(x);
    /* media overlays */
    long long total = 0;
    for (size_t i = 0; i < m->n_sections; i++) {
        long long d = overlay_ms(m, i);
        total += d;
        snprintf(ref, sizeof ref, "#mo-%zu", i + 1);
        tb_a11y_clock(d, clock);
        meta(x, "media:duration", ref, clock);
    }
    tb_a11y_clock(total, clock);
    meta(x, "media:duration", NULL, clock);
    meta(x, "media:narrator", NULL, NARRATOR);
    meta(x, "media:active-class", NULL, ACTIVE_CLASS);
    tb_xw_end(x); /* metadata */

    tb_xw_start(x, "manifest");
    item(x, "nav", "nav.xhtml", "application/xhtml+xml", "nav", NULL);
    item(x, "css", "style.css", "text/css", NULL, NULL);
    item(x, "audio", AUDIO_HREF, "audio/mpeg", NULL, NULL);
    for (size_t i = 0; i < m->n_sections; i++) {
        snprintf(id, sizeof id, "sec-%zu", i + 1);
        snprintf(mo, sizeof mo, "mo-%zu", i + 1);
        xhtml_name(i, href);
        item(x, id, href, "application/xhtml+xml", NULL, mo);
        smil_name(i, href);
        item(x, mo, href, "application/smil+xml", NULL, NULL);
    }
    tb_xw_end(x);

    tb_xw_start(x, "spine");
    for (size_t i = 0; i < m->n_sections; i++) {
        snprintf(id, sizeof id, "sec-%zu", i + 1);
        tb_xw_start(x, "itemref");
        tb_xw_attr(x, "idref", id);
        tb_xw_end(x);
    }
    tb_xw_end(x);
    tb_xw_end(x); /* package */
    tb_xw_end_document(x);
    return tb_xw_finish(x, out);
}

/* ---- the container ----------------------------------------------------- */

typedef struct {
    zip_t *za;
    time_t mtime;
    tb_status st;
} zipper;

/* Add `src` (ownership passes here) under `name`, stored or deflated. */
static void add_source(zipper *z, const char *name, zip_source_t *src, int store)
{
    if (z->st != TB_OK || !src) {
        if (src)
            zip_source_free(src);
        if (z->st == TB_OK)
            z->st = TB_ERR_NOMEM;
        return;
    }
    zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        z->st = TB_ERR_IO;
        return;
    }
    zip_uint64_t u = (zip_uint64_t)idx;
    if (zip_set_file_compression(z->za, u, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9) < 0 ||
        zip_file_set_mtime(z->za, u, z->mtime, 0) < 0)
        z->st = TB_ERR_IO;
}

/* Add a document built by tb_buf (the buffer is emptied: libzip owns the bytes). */
static void add_buf(zipper *z, const char *name, tb_buf *b, int store)
{
    if (z->st != TB_OK)
        return;
    size_t len = b->len;
    char *data = tb_buf_take(b);
    if (!data) {
        z->st = TB_ERR_NOMEM;
        return;
    }
    zip_source_t *src = zip_source_buffer(z->za, data, len, 1);
    if (!src)
        free(data);
    add_source(z, name, src, store);
}

typedef tb_status (*doc_fn)(const tb_manifest *m, tb_buf *out);
typedef tb_status (*sec_fn)(const tb_manifest *m, size_t sec, tb_buf *out);

static void add_doc(zipper *z, const char *name, const tb_manifest *m, doc_fn fn)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    if (z->st == TB_OK)
        z->st = fn(m, &b);
    add_buf(z, name, &b, 0);
    tb_buf_free(&b);
}

static void add_sec(zipper *z, const char *name, const tb_manifest *m, size_t sec, sec_fn fn)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    if (z->st == TB_OK)
        z->st = fn(m, sec, &b);
    add_buf(z, name, &b, 0);
    tb_buf_free(&b);
}

static tb_status container_doc(const tb_manifest *m, tb_buf *out)
{
    (void)m;
    return container_xml(out);
}

/* A fixed time for every entry: noon of the edition's date, or 2000-01-01.
 * Zip keeps local wall-clock fields and libzip fills them through localtime(),
 * so the time is built with mktime(): the same fields, and bytes, in any TZ. */
static time_t entry_time(const tb_manifest *m)
{
    struct tm t = {0};
    int y, mo, d;
    if (m->date && sscanf(m->date, "%4d-%2d-%2d", &y, &mo, &d) == 3 && y >= 1980 && y < 2100 &&
        mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
        t.tm_year = y - 1900;
        t.tm_mon = mo - 1;
        t.tm_mday = d;
    } else {
        t.tm_year = 100;
        t.tm_mday = 1;
    }
    t.tm_hour = 12;
    t.tm_isdst = -1;
    return mktime(&t);
}

tb_status tb_epub_write(const tb_manifest *m, tb_diag *diag)
{
    if (!m->mp3_file || !m->n_sections) {
        tb_diag_set(diag, m->dir, 0, 0, "an EPUB needs the edition's MP3 and at least one section");
        return TB_ERR_USAGE;
    }
    char *mp3 = malloc(TB_PATH_MAX), *path = malloc(TB_PATH_MAX), *tmp = malloc(TB_PATH_MAX);
    tb_status st = mp3 && path && tmp ? TB_OK : TB_ERR_NOMEM;
    if (st != TB_OK)
        goto out;
    if (!tb_path_join(mp3, m->dir, m->mp3_file) || !tb_path_join(path, m->dir, "edition.epub") ||
        !tb_fs_temp_name(tmp, path, "tmp")) {
        st = tb_diag_io(diag, m->dir, "path too long");
        goto out;
    }
    if (access(mp3, R_OK) != 0) {
        tb_diag_set(diag, mp3, 0, 0, "the edition's MP3 cannot be read");
        st = TB_ERR_IO;
        goto out;
    }
    int zerr = 0;
    (void)tb_safe_remove_tree(tmp, NULL); /* a leftover (or a planted link) there: never followed */
    zipper z = {zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &zerr), entry_time(m), TB_OK};
    if (!z.za) {
        tb_diag_set(diag, path, 0, 0, "cannot create the EPUB (libzip error %d)", zerr);
        st = TB_ERR_IO;
        goto out;
    }
    /* mimetype first and stored, as OCF requires */
    static const char mimetype[] = "application/epub+zip";
    add_source(&z, "mimetype", zip_source_buffer(z.za, mimetype, sizeof mimetype - 1, 0), 1);
    add_doc(&z, "META-INF/container.xml", m, container_doc);
    add_doc(&z, "EPUB/package.opf", m, package_opf);
    add_doc(&z, "EPUB/nav.xhtml", m, nav_xhtml);
    tb_buf cssb;
    tb_buf_init(&cssb, 0);
    if (z.st == TB_OK)
        z.st = tb_buf_adds(&cssb, css);
    add_buf(&z, "EPUB/style.css", &cssb, 0);
    tb_buf_free(&cssb);
    for (size_t i = 0; i < m->n_sections && z.st == TB_OK; i++) {
        char name[64], file[32];
        xhtml_name(i, file);
        snprintf(name, sizeof name, "EPUB/%s", file);
        add_sec(&z, name, m, i, section_xhtml);
        smil_name(i, file);
        snprintf(name, sizeof name, "EPUB/%s", file);
        add_sec(&z, name, m, i, section_smil);
    }
    /* MP3 is compressed already: store it */
    if (z.st == TB_OK)
        add_source(&z, "EPUB/" AUDIO_HREF, zip_source_file(z.za, mp3, 0, -1), 1);
    if (z.st != TB_OK) {
        tb_diag_set(diag, path, 0, 0, "cannot build the EPUB: %s", zip_strerror(z.za));
        zip_discard(z.za);
        st = z.st;
        goto out;
    }
    if (zip_close(z.za) < 0) {
        tb_diag_set(diag, path, 0, 0, "cannot write the EPUB: %s", zip_strerror(z.za));
        zip_discard(z.za);
        unlink(tmp);
        st = TB_ERR_IO;
        goto out;
    }
    /* on disk before it replaces the previous EPUB (libzip does not sync) */
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    int synced = fd >= 0 && (m->staged || fsync(fd) == 0);
    if (fd >= 0)
        close(fd);
    if (!synced || rename(tmp, path) != 0) {
        tb_diag_set(diag, path, 0, 0, "cannot sync and rename the EPUB into place");
        unlink(tmp);
        st = TB_ERR_IO;
    }
out:
    free(mp3);
    free(path);
    free(tmp);
    return st;
}
