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

/* ---- settings -------------------------------------------------------- */

static const char *const conf_keys[] = {"title", "description", "link", "base_url",
                                        "image", "author", "owner_name", "owner_email",
                                        "category", "explicit", "language"};

static const char **conf_field(tb_feed_settings *s, size_t i)
{
    const char **f[] = {&s->title, &s->description, &s->link, &s->base_url,
                        &s->image, &s->author, &s->owner_name, &s->owner_email,
                        &s->category, &s->explicit_, &s->language};
    return f[i];
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

tb_status tb_feed_parse_conf(char *data, const char *path, tb_feed_settings *s, tb_diag *diag)
{
    size_t line = 0;
    for (char *p = data; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *t = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*t || *t == '#')
            continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            tb_diag_set(diag, path, line, 0, "expected 'key = value'");
            return TB_ERR_INPUT;
        }
        *eq = '\0';
        char *key = trim(t), *val = trim(eq + 1);
        size_t i = 0;
        while (i < sizeof conf_keys / sizeof conf_keys[0] && strcmp(conf_keys[i], key))
            i++;
        if (i == sizeof conf_keys / sizeof conf_keys[0]) {
            tb_diag_set(diag, path, line, 0, "unknown key '%.32s'", key);
            return TB_ERR_INPUT;
        }
        const char **f = conf_field(s, i);
        if (!*f)
            *f = val; /* points into data */
    }
    return TB_OK;
}

tb_status tb_feed_load_conf(const char *outdir, tb_feed_settings *s, char **storage, tb_diag *diag)
{
    *storage = NULL;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/feed.conf", outdir) >= (int)sizeof path)
        return TB_ERR_USAGE;
    struct stat stt;
    if (lstat(path, &stt) != 0)
        return TB_OK; /* no config: defaults */
    char *data = NULL;
    size_t len = 0;
    /* not through a link: its target's lines would be quoted in messages */
    tb_status st = tb_safe_read_file(path, TB_SAFE_NOFOLLOW, 1 << 20, &data, &len, diag);
    if (st == TB_OK)
        st = tb_feed_parse_conf(data, path, s, diag);
    if (st != TB_OK) {
        free(data);
        return st;
    }
    *storage = data;
    return TB_OK;
}

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

static void write_item(xw *x, const tb_manifest *m, const char *base, const char *feed_guid)
{
    char url[8192], buf[64], guid_name[4200], guid[37];
    start(x, "item");
    el(x, "title", m->title);
    if (m->description[0]) {
        el(x, "description", m->description);
    } else {
        /* the section titles, for an edition without a description */
        tb_buf b;
        tb_buf_init(&b, 1 << 20);
        for (size_t i = 0; i < m->n_sections; i++)
            if (tb_buf_adds(&b, i ? "；" : "") != TB_OK || tb_buf_adds(&b, m->sections[i].title) != TB_OK)
                x->rc = -1;
        el(x, "description", b.data ? b.data : "");
        tb_buf_free(&b);
    }
    /* the guid depends on the feed and the edition's slug only: re-rendering keeps it */
    int gl = snprintf(guid_name, sizeof guid_name, "%s/%s", feed_guid, m->slug);
    tb_uuid_v5(tb_uuid_ns_podcast, guid_name, gl > 0 && (size_t)gl < sizeof guid_name ? (size_t)gl : 0, guid);
    start(x, "guid");
    attr(x, "isPermaLink", "false");
    if (x->rc >= 0)
        x->rc = xmlTextWriterWriteString(x->w, BAD_CAST guid);
    end(x);
    char date[40];
    if (rfc822_date(m->date, date))
        el(x, "pubDate", date);
    const char *main_file = m->mp3_file ? m->mp3_file : m->edition_file;
    const char *main_type = m->mp3_file ? "audio/mpeg" : "audio/ogg";
    long long size = file_size(m, main_file);
    url_of(url, sizeof url, base, m->slug, main_file);
    start(x, "enclosure");
    attr(x, "url", url);
    snprintf(buf, sizeof buf, "%lld", size < 0 ? 0 : size);
    attr(x, "length", buf);
    attr(x, "type", main_type);
    end(x);
    snprintf(buf, sizeof buf, "%.0f", ceil(m->duration));
    el(x, "itunes:duration", buf);
    el(x, "itunes:episodeType", "full");
    if (m->voice) { /* i18: the voice that reads the edition */
        snprintf(buf, sizeof buf, "%.40s (eSpeak NG)", m->voice);
        start(x, "podcast:person");
        attr(x, "role", "host");
        if (x->rc >= 0)
            x->rc = xmlTextWriterWriteString(x->w, BAD_CAST buf);
        end(x);
    }
    start(x, "podcast:chapters");
    url_of(url, sizeof url, base, m->slug, "chapters.json");
    attr(x, "url", url);
    attr(x, "type", "application/json+chapters");
    end(x);
    start(x, "podcast:transcript");
    url_of(url, sizeof url, base, m->slug, "transcript.vtt");
    attr(x, "url", url);
    attr(x, "type", "text/vtt");
    attr(x, "language", "zh-cn");
    end(x);
    if (m->mp3_file) {
        /* the Opus edition beside the MP3, for apps that take it */
        long long osize = file_size(m, m->edition_file);
        start(x, "podcast:alternateEnclosure");
        attr(x, "type", "audio/ogg; codecs=opus");
        snprintf(buf, sizeof buf, "%lld", osize < 0 ? 0 : osize);
        attr(x, "length", buf);
        attr(x, "title", "Opus");
        start(x, "podcast:source");
        url_of(url, sizeof url, base, m->slug, m->edition_file);
        attr(x, "uri", url);
        end(x);
        end(x);
    }
    end(x);
}

tb_status tb_feed_write(const char *outdir, const tb_feed_settings *s, size_t *n_items,
                        tb_diag *diag)
{
    tb_manifest **eds = NULL;
    size_t n = 0;
    tb_status st = load_editions(outdir, s, &eds, &n, diag);
    if (st != TB_OK)
        return st;
    const char *base = or_default(s->base_url, "http://localhost/tingbao/");
    char feed_url[4200], guid[37], img[4200];
    url_of(feed_url, sizeof feed_url, base, NULL, "feed.xml");
    url_of(img, sizeof img, base, NULL, "cover.jpg");
    tb_feed_guid(feed_url, guid);

    xmlBufferPtr xb = xmlBufferCreate();
    xw x = {xb ? xmlNewTextWriterMemory(xb, 0) : NULL, 0};
    if (!x.w) {
        xmlBufferFree(xb);
        st = TB_ERR_NOMEM;
        goto done;
    }
    xmlTextWriterSetIndent(x.w, 1);
    xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
    x.rc = xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL);
    start(&x, "rss");
    attr(&x, "version", "2.0");
    attr(&x, "xmlns:itunes", NS_ITUNES);
    attr(&x, "xmlns:podcast", NS_PODCAST);
    attr(&x, "xmlns:atom", NS_ATOM);
    start(&x, "channel");
    el(&x, "title", or_default(s->title, "听报 tingbao"));
    el(&x, "link", or_default(s->link, base));
    el(&x, "description",
       or_default(s->description, "Audio editions of Chinese newspaper reports, read by tingbao."));
    el(&x, "language", or_default(s->language, "zh-cn"));
    el(&x, "generator", "tingbao " TB_VERSION);
    start(&x, "atom:link");
    attr(&x, "href", feed_url);
    attr(&x, "rel", "self");
    attr(&x, "type", "application/rss+xml");
    end(&x);
    char date[40];
    if (n && rfc822_date(eds[0]->date, date))
        el(&x, "lastBuildDate", date); /* from the newest edition, not the clock */
    start(&x, "itunes:image");
    attr(&x, "href", or_default(s->image, img));
    end(&x);
    el(&x, "itunes:author", or_default(s->author, "tingbao"));
    start(&x, "itunes:owner");
    el(&x, "itunes:name", or_default(s->owner_name, or_default(s->author, "tingbao")));
    el(&x, "itunes:email", or_default(s->owner_email, "editor@example.invalid"));
    end(&x);
    start(&x, "itunes:category");
    attr(&x, "text", or_default(s->category, "News"));
    end(&x);
    el(&x, "itunes:explicit", or_default(s->explicit_, "false"));
    el(&x, "itunes:type", "episodic");
    start(&x, "podcast:locked");
    attr(&x, "owner", or_default(s->owner_email, "editor@example.invalid"));
    if (x.rc >= 0)
        x.rc = xmlTextWriterWriteString(x.w, BAD_CAST "no");
    end(&x);
    el(&x, "podcast:guid", guid);
    for (size_t i = 0; i < n; i++)
        write_item(&x, eds[i], base, guid);
    end(&x);
    end(&x);
    if (x.rc >= 0)
        x.rc = xmlTextWriterEndDocument(x.w);
    xmlFreeTextWriter(x.w); /* flushes into xb */
    if (x.rc < 0) {
        tb_diag_set(diag, outdir, 0, 0, "cannot build the feed XML");
        st = TB_ERR_IO;
    } else {
        char path[4200];
        snprintf(path, sizeof path, "%s/feed.xml", outdir);
        st = tb_file_write_atomic(path, xmlBufferContent(xb), (size_t)xmlBufferLength(xb), diag);
    }
    xmlBufferFree(xb);
    if (st == TB_OK && n_items)
        *n_items = n;
done:
    for (size_t i = 0; i < n; i++)
        tb_manifest_free(eds[i]);
    free(eds);
    return st;
}
