/* SPDX-License-Identifier: GPL-3.0-or-later */
/* feed.c — the RSS 2.0 podcast feed (itunes + Podcasting 2.0); see feed.h. */
#include "publish/feed.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/xmlwriter.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/fs.h"
#include "base/safe.h"
#include "publish/manifest.h"
#include "base/uuid.h"

#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define NS_ATOM "http://www.w3.org/2005/Atom"
#define MAX_EDITIONS 100000

static const char *or_default(const char *v, const char *def)
{
    return v && *v ? v : def;
}

/* ---- identifiers ---------------------------------------------------- */

void tb_feed_guid(const char *feed_url, char out[37])
{
    const char *p = strstr(feed_url, "://");
    p = p ? p + 3 : feed_url;
    size_t n = strlen(p);
    while (n && p[n - 1] == '/')
        n--;
    tb_uuid_v5(tb_uuid_ns_podcast, p, n, out);
}

/* ---- editions -------------------------------------------------------- */

static int newest_first(const void *a, const void *b)
{
    const tb_manifest *x = *(tb_manifest *const *)a, *y = *(tb_manifest *const *)b;
    int c = strcmp(y->date ? y->date : "", x->date ? x->date : "");
    return c ? c : strcmp(x->slug, y->slug);
}

static int name_order(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every edition folder of outdir: a real folder (not a link) holding a
 * regular edition.json. One that cannot be read is left out of the feed and
 * reported through s->skipped: one bad folder never hides the others. */
static tb_status load_editions(const char *outdir, const tb_feed_settings *s, tb_manifest ***out,
                               size_t *n, tb_diag *diag)
{
    (void)tb_fs_sweep_stale(outdir, "feed.xml", NULL); /* a killed writer's temporary file */
    struct dirent **ents;
    int k = scandir(outdir, &ents, NULL, name_order);
    if (k < 0)
        return tb_diag_io(diag, outdir, "cannot list the output folder");
    tb_manifest **list = calloc((size_t)k + 1, sizeof *list);
    tb_status st = list ? TB_OK : TB_ERR_NOMEM;
    size_t m = 0;
    for (int i = 0; i < k; i++) {
        const char *name = ents[i]->d_name;
        /* skip hidden entries: temporary and set-aside editions start with '.' */
        if (st == TB_OK && name[0] != '.' && m < MAX_EDITIONS) {
            char dir[4096], json[4200];
            struct stat db, sb;
            snprintf(dir, sizeof dir, "%s/%s", outdir, name);
            snprintf(json, sizeof json, "%s/edition.json", dir);
            if (lstat(dir, &db) == 0 && S_ISDIR(db.st_mode) && lstat(json, &sb) == 0 &&
                S_ISREG(sb.st_mode)) {
                tb_diag why = {0};
                tb_status one = tb_manifest_load(dir, &list[m], &why);
                if (one == TB_OK)
                    m++;
                else if (one == TB_ERR_NOMEM)
                    st = one;
                else if (s->skipped)
                    s->skipped(&why, s->skipped_ctx);
            }
        }
        free(ents[i]);
    }
    free(ents);
    if (st != TB_OK) {
        for (size_t i = 0; i < m; i++)
            tb_manifest_free(list[i]);
        free(list);
        return st;
    }
    qsort(list, m, sizeof *list, newest_first);
    *out = list;
    *n = m;
    return TB_OK;
}

static long long file_size(const tb_manifest *m, const char *file)
{
    char path[8192];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", m->dir, file);
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* "Wed, 15 Jun 2022 06:00:00 +0800": editions are dated in China time. */
static int rfc822_date(const char *iso, char out[40])
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    if (!tb_date_valid_iso(iso))
        return 0;
    int y = atoi(iso), mo = atoi(iso + 5), d = atoi(iso + 8);
    int w = tb_date_weekday(y, mo, d);
    snprintf(out, 40, "%s, %02d %s %04d 06:00:00 +0800", wday[w], d, mon[mo - 1], y);
    return 1;
}

/* ---- writing --------------------------------------------------------- */

typedef struct {
    xmlTextWriterPtr w;
    int rc; /* sticky: first negative return of libxml2 */
} xw;

static void el(xw *x, const char *name, const char *text)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST text);
}

static void start(xw *x, const char *name)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterStartElement(x->w, BAD_CAST name);
}

static void end(xw *x)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterEndElement(x->w);
}

static void attr(xw *x, const char *name, const char *value)
{
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value);
}

static void url_of(char *out, size_t n, const char *base, const char *slug, const char *file)
{
    size_t bl = strlen(base);
    int slash = bl && base[bl - 1] == '/';
    if (slug)
        snprintf(out, n, "%s%s%s/%s", base, slash ? "" : "/", slug, file);
    else
        snprintf(out, n, "%s%s%s", base, slash ? "" : "/", file);
}

/* The edition's description, or its section titles when it has none. */
static void item_description(xw *x, const tb_manifest *m)
{
    if (m->description[0]) {
        el(x, "description", m->description);
        return;
    }
    tb_buf b;
    tb_buf_init(&b, 1 << 20);
    for (size_t i = 0; i < m->n_sections; i++)
        if (tb_buf_adds(&b, i ? "；" : "") != TB_OK ||
            tb_buf_adds(&b, m->sections[i].title) != TB_OK)
            x->rc = -1;
    el(x, "description", b.data ? b.data : "");
    tb_buf_free(&b);
}

static void url_el(xw *x, const char *name, const char *base, const char *slug, const char *file,
                   const char *type)
{
    char url[8192];
    url_of(url, sizeof url, base, slug, file);
    start(x, name);
    attr(x, "url", url);
    attr(x, "type", type);
}

/* The enclosure (the MP3, or the Opus edition without one) and, beside the
 * MP3, the Opus edition as a podcast:alternateEnclosure. */
static void item_audio(xw *x, const tb_manifest *m, const char *base)
{
    char url[8192], buf[64];
    const char *main_file = m->mp3_file ? m->mp3_file : m->edition_file;
    long long size = file_size(m, main_file);
    url_el(x, "enclosure", base, m->slug, main_file, m->mp3_file ? "audio/mpeg" : "audio/ogg");
    snprintf(buf, sizeof buf, "%lld", size < 0 ? 0 : size);
    attr(x, "length", buf);
    end(x);
    snprintf(buf, sizeof buf, "%.0f", ceil(m->duration));
    el(x, "itunes:duration", buf);
    el(x, "itunes:episodeType", "full");
    if (!m->mp3_file)
        return;
    long long osize = file_size(m, m->edition_file);
    start(x, "podcast:alternateEnclosure");
    attr(x, "type", "audio/ogg");
    attr(x, "codecs", "opus");
    snprintf(buf, sizeof buf, "%lld", osize < 0 ? 0 : osize);
    attr(x, "length", buf);
    if (osize > 0 && m->duration > 0) {
        /* the namespace's bitrate: the average, in bits per second */
        snprintf(buf, sizeof buf, "%.0f", (double)osize * 8.0 / m->duration);
        attr(x, "bitrate", buf);
    }
    attr(x, "title", "Opus");
    start(x, "podcast:source");
    url_of(url, sizeof url, base, m->slug, m->edition_file);
    attr(x, "uri", url);
    end(x);
    end(x);
}

static void write_item(xw *x, const tb_manifest *m, const char *base, const char *feed_guid)
{
    char url[8192], guid_name[4200], guid[37], date[40];
    start(x, "item");
    el(x, "title", m->title);
    url_of(url, sizeof url, base, m->slug, "index.html"); /* the edition's page */
    el(x, "link", url);
    item_description(x, m);
    /* the guid depends on the feed and the edition's slug only: re-rendering keeps it */
    int gl = snprintf(guid_name, sizeof guid_name, "%s/%s", feed_guid, m->slug);
    tb_uuid_v5(tb_uuid_ns_podcast, guid_name,
               gl > 0 && (size_t)gl < sizeof guid_name ? (size_t)gl : 0, guid);
    start(x, "guid");
    attr(x, "isPermaLink", "false");
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteString(x->w, BAD_CAST guid);
    end(x);
    if (rfc822_date(m->date, date))
        el(x, "pubDate", date);
    item_audio(x, m, base);
    if (m->voice) { /* the voice that reads the edition */
        char who[64];
        snprintf(who, sizeof who, "%.40s (eSpeak NG)", m->voice);
        start(x, "podcast:person");
        attr(x, "role", "host");
        if (x->rc >= 0)
            x->rc = xmlTextWriterWriteString(x->w, BAD_CAST who);
        end(x);
    }
    url_el(x, "podcast:chapters", base, m->slug, "chapters.json", "application/json+chapters");
    end(x);
    url_el(x, "podcast:transcript", base, m->slug, "transcript.vtt", "text/vtt");
    attr(x, "language", "zh-cn");
    end(x);
    end(x);
}

static void text_el(xw *x, const char *name, const char *attr_name, const char *attr_value,
                    const char *text)
{
    start(x, name);
    attr(x, attr_name, attr_value);
    if (x->rc >= 0 && text)
        x->rc = xmlTextWriterWriteString(x->w, BAD_CAST text);
    end(x);
}

/* The channel's own elements, before the items; newest is the newest edition or NULL. */
static void channel_head(xw *x, const tb_feed_settings *s, const char *base, const char *feed_url,
                         const char *guid, const tb_manifest *newest)
{
    char img[4200], date[40], why[256];
    url_of(img, sizeof img, base, NULL, "cover.jpg");
    el(x, "title", or_default(s->title, "听报 tingbao"));
    el(x, "link", or_default(s->link, base));
    el(x, "description",
       or_default(s->description, "Audio editions of Chinese newspaper reports, read by tingbao."));
    el(x, "language", or_default(s->language, "zh-cn"));
    el(x, "generator", "tingbao " TB_VERSION);
    start(x, "atom:link");
    attr(x, "href", feed_url);
    attr(x, "rel", "self");
    attr(x, "type", "application/rss+xml");
    end(x);
    if (newest && rfc822_date(newest->date, date))
        el(x, "lastBuildDate", date); /* from the newest edition, not the clock */
    text_el(x, "itunes:image", "href", or_default(s->image, img), NULL);
    el(x, "itunes:author", or_default(s->author, "tingbao"));
    start(x, "itunes:owner");
    el(x, "itunes:name", or_default(s->owner_name, or_default(s->author, "tingbao")));
    el(x, "itunes:email", or_default(s->owner_email, "editor@example.invalid"));
    end(x);
    const char *cat = "News", *sub = NULL;
    if (s->category && !tb_feed_category(s->category, &cat, &sub, why, sizeof why))
        x->rc = -1; /* checked when the settings were read */
    start(x, "itunes:category");
    attr(x, "text", cat);
    if (sub)
        text_el(x, "itunes:category", "text", sub, NULL);
    end(x);
    el(x, "itunes:explicit", or_default(s->explicit_, "false"));
    el(x, "itunes:type", "episodic");
    text_el(x, "podcast:locked", "owner", or_default(s->owner_email, "editor@example.invalid"),
            "no");
    el(x, "podcast:guid", guid);
}

/* The whole feed document into xb. */
static tb_status feed_xml(xmlBufferPtr xb, const tb_feed_settings *s, tb_manifest **eds, size_t n)
{
    const char *base = or_default(s->base_url, "http://localhost/tingbao/");
    char feed_url[4200], guid[37];
    url_of(feed_url, sizeof feed_url, base, NULL, "feed.xml");
    tb_feed_guid(feed_url, guid);
    xw x = {xmlNewTextWriterMemory(xb, 0), 0};
    if (!x.w)
        return TB_ERR_NOMEM;
    xmlTextWriterSetIndent(x.w, 1);
    xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
    x.rc = xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL);
    start(&x, "rss");
    attr(&x, "version", "2.0");
    attr(&x, "xmlns:itunes", NS_ITUNES);
    attr(&x, "xmlns:podcast", NS_PODCAST);
    attr(&x, "xmlns:atom", NS_ATOM);
    start(&x, "channel");
    channel_head(&x, s, base, feed_url, guid, n ? eds[0] : NULL);
    for (size_t i = 0; i < n; i++)
        write_item(&x, eds[i], base, guid);
    end(&x);
    end(&x);
    if (x.rc >= 0)
        x.rc = xmlTextWriterEndDocument(x.w);
    xmlFreeTextWriter(x.w); /* flushes into xb */
    return x.rc < 0 ? TB_ERR_IO : TB_OK;
}

tb_status tb_feed_write(const char *outdir, const tb_feed_settings *s, size_t *n_items,
                        tb_diag *diag)
{
    tb_manifest **eds = NULL;
    size_t n = 0;
    tb_status st = load_editions(outdir, s, &eds, &n, diag);
    if (st != TB_OK)
        return st;
    xmlBufferPtr xb = xmlBufferCreate();
    st = xb ? feed_xml(xb, s, eds, n) : TB_ERR_NOMEM;
    if (st == TB_ERR_IO)
        tb_diag_set(diag, outdir, 0, 0, "cannot build the feed XML");
    if (st == TB_OK) {
        char path[4200];
        snprintf(path, sizeof path, "%s/feed.xml", outdir);
        st = tb_file_write_atomic(path, xmlBufferContent(xb), (size_t)xmlBufferLength(xb), diag);
    }
    if (xb)
        xmlBufferFree(xb);
    if (st == TB_OK && n_items)
        *n_items = n;
    for (size_t i = 0; i < n; i++)
        tb_manifest_free(eds[i]);
    free(eds);
    return st;
}
