/* SPDX-License-Identifier: GPL-3.0-or-later */
/* feed_conf.c — the feed's channel settings: feed.conf, and what podcast apps accept; see feed.h.
 */
#include "publish/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "base/safe.h"

/* ---- the Apple category table (categories.def names its source) ------ */

typedef struct {
    const char *name;
    int top; /* 1: a category, 0: a subcategory of the last category above it */
} category;

static const category categories[] = {
#define CATEGORY(n) {n, 1},
#define SUB(n) {n, 0},
#include "publish/categories.def"
#undef CATEGORY
#undef SUB
};
#define N_CATEGORIES (sizeof categories / sizeof categories[0])

/* The table entry named `name` (exactly, as Apple spells it), or -1. */
static long find_category(const char *name, size_t len)
{
    for (size_t i = 0; i < N_CATEGORIES; i++)
        if (strlen(categories[i].name) == len && !strncmp(categories[i].name, name, len))
            return (long)i;
    return -1;
}

/* The top-level category that entry i (a find_category result, >= 0) is under. */
static const char *parent_of(long i)
{
    size_t k = (size_t)i < N_CATEGORIES ? (size_t)i : 0;
    while (k > 0 && !categories[k].top)
        k--;
    return categories[k].name;
}

int tb_feed_category(const char *value, const char **parent, const char **sub, char *why, size_t n)
{
    const char *gt = strchr(value, '>');
    size_t plen = gt ? (size_t)(gt - value) : strlen(value);
    while (plen && value[plen - 1] == ' ')
        plen--;
    long p = find_category(value, plen), s = -1;
    if (p < 0) {
        snprintf(why, n, "'%.*s' is not an Apple Podcasts category (see the README)", (int)plen,
                 value);
        return 0;
    }
    if (!categories[p].top) {
        snprintf(why, n, "'%s' is a subcategory: write 'category = %s > %s'", categories[p].name,
                 parent_of(p), categories[p].name);
        return 0;
    }
    if (gt) {
        const char *v = gt + 1;
        while (*v == ' ')
            v++;
        s = find_category(v, strlen(v));
        if (s < 0 || categories[s].top || strcmp(parent_of(s), categories[p].name)) {
            snprintf(why, n, "'%s' is not a subcategory of '%s' in Apple Podcasts", v,
                     categories[p].name);
            return 0;
        }
    }
    *parent = categories[p].name;
    *sub = s >= 0 ? categories[s].name : NULL;
    return 1;
}

/* ---- values ------------------------------------------------------------ */

/* An absolute http(s) URL with a host, no spaces, controls or quotes. */
static int http_url(const char *v, char *why, size_t n, const char *what)
{
    size_t skip = !strncasecmp(v, "https://", 8) ? 8 : !strncasecmp(v, "http://", 7) ? 7 : 0;
    int ok = skip && v[skip] && v[skip] != '/';
    for (const unsigned char *p = (const unsigned char *)v; ok && *p; p++)
        ok = *p > 0x20 && *p != 0x7f && *p != '"' && *p != '<' && *p != '>' && *p != '\\';
    if (!ok)
        snprintf(why, n, "%s must be an absolute http:// or https:// URL, not '%s'", what, v);
    return ok;
}

/* JPEG or PNG, by the path's extension (what Apple Podcasts accepts). */
static int artwork(const char *v, char *why, size_t n)
{
    if (!http_url(v, why, n, "image"))
        return 0;
    size_t len = strcspn(v, "?#");
    static const char *const ext[] = {".jpg", ".jpeg", ".png"};
    for (size_t i = 0; i < 3; i++) {
        size_t e = strlen(ext[i]);
        if (len > e && !strncasecmp(v + len - e, ext[i], e))
            return 1;
    }
    snprintf(why, n, "image must be a JPEG or PNG file (.jpg, .jpeg, .png), not '%s'", v);
    return 0;
}

static int email(const char *v, char *why, size_t n)
{
    const char *at = strchr(v, '@');
    int ok = at && at > v && at[1] && !strchr(at + 1, '@') && strchr(at + 1, '.');
    for (const unsigned char *p = (const unsigned char *)v; ok && *p; p++)
        ok = *p > 0x20 && *p != 0x7f && *p != '<' && *p != '>' && *p != '"';
    if (!ok)
        snprintf(why, n, "owner_email must be an e-mail address, not '%s'", v);
    return ok;
}

/* An RSS language code: "zh-cn", "en", "zh-Hans-CN" (letters, digits, '-'). */
static int language(const char *v, char *why, size_t n)
{
    size_t a = 0;
    while ((v[a] >= 'a' && v[a] <= 'z') || (v[a] >= 'A' && v[a] <= 'Z'))
        a++;
    int ok = a >= 2 && a <= 3;
    for (const char *p = v + a; ok && *p; p++)
        ok = (*p == '-' && p[1] && p[1] != '-') || (*p >= 'a' && *p <= 'z') ||
             (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
    if (!ok)
        snprintf(why, n, "language must be a language code such as zh-cn, not '%s'", v);
    return ok;
}

int tb_feed_check(const char *key, const char *v, char *why, size_t n)
{
    const char *parent, *sub;
    if (!strcmp(key, "base_url") || !strcmp(key, "link"))
        return http_url(v, why, n, key);
    if (!strcmp(key, "image"))
        return artwork(v, why, n);
    if (!strcmp(key, "explicit")) {
        if (!strcmp(v, "true") || !strcmp(v, "false"))
            return 1;
        snprintf(why, n, "explicit must be true or false, not '%s'", v);
        return 0;
    }
    if (!strcmp(key, "category"))
        return tb_feed_category(v, &parent, &sub, why, n);
    if (!strcmp(key, "owner_email"))
        return email(v, why, n);
    if (!strcmp(key, "language"))
        return language(v, why, n);
    if (!*v) {
        snprintf(why, n, "%s is empty", key);
        return 0;
    }
    return 1;
}

/* ---- feed.conf ---------------------------------------------------------- */

static const char *const conf_keys[] = {"title",    "description", "link",       "base_url",
                                        "image",    "author",      "owner_name", "owner_email",
                                        "category", "explicit",    "language"};
#define N_KEYS (sizeof conf_keys / sizeof conf_keys[0])

static const char **conf_field(tb_feed_settings *s, size_t i)
{
    const char **f[] = {&s->title,    &s->description, &s->link,       &s->base_url,
                        &s->image,    &s->author,      &s->owner_name, &s->owner_email,
                        &s->category, &s->explicit_,   &s->language};
    return f[i];
}

tb_status tb_feed_check_settings(const tb_feed_settings *s, tb_diag *diag)
{
    char why[512];
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *v = *conf_field((tb_feed_settings *)s, i);
        if (v && !tb_feed_check(conf_keys[i], v, why, sizeof why)) {
            char flag[32];
            snprintf(flag, sizeof flag, "%s", conf_keys[i]);
            for (char *p = flag; *p; p++)
                if (*p == '_')
                    *p = '-'; /* the flag's spelling: --base-url */
            tb_diag_set(diag, NULL, 0, 0, "--%s: %s", flag, why);
            return TB_ERR_INPUT;
        }
    }
    return TB_OK;
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

/* One "key = value" line into s (unset fields only); 0 with diag set when bad. */
static int conf_line(char *t, const char *path, size_t line, tb_feed_settings *s, tb_diag *diag)
{
    char *eq = strchr(t, '=');
    if (!eq) {
        tb_diag_set(diag, path, line, 0, "expected 'key = value'");
        return 0;
    }
    *eq = '\0';
    char *key = trim(t), *val = trim(eq + 1), why[512];
    size_t i = 0;
    while (i < N_KEYS && strcmp(conf_keys[i], key))
        i++;
    if (i == N_KEYS) {
        tb_diag_set(diag, path, line, 0, "unknown key '%s'", key);
        return 0;
    }
    if (!tb_feed_check(key, val, why, sizeof why)) {
        tb_diag_set(diag, path, line, 0, "%s", why);
        return 0;
    }
    const char **f = conf_field(s, i);
    if (!*f)
        *f = val; /* points into the file's text, kept in *storage */
    return 1;
}

tb_status tb_feed_parse_conf(char *data, const char *path, tb_feed_settings *s, tb_diag *diag)
{
    size_t line = 0;
    for (char *p = data; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        for (char *h = strchr(p, '#'); h; h = strchr(h + 1, '#'))
            if (h == p || h[-1] == ' ' || h[-1] == '\t') {
                *h = '\0'; /* a comment: the line's start or after a blank */
                break;
            }
        char *t = trim(p);
        p = nl ? nl + 1 : NULL;
        if (*t && !conf_line(t, path, line, s, diag))
            return TB_ERR_INPUT;
    }
    return TB_OK;
}

tb_status tb_feed_load_conf(const char *outdir, tb_feed_settings *s, char **storage, tb_diag *diag)
{
    *storage = NULL;
    char path[TB_PATH_MAX];
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

tb_status tb_feed_conf_publisher(const char *outdir, char **out, tb_diag *diag)
{
    tb_feed_settings s = {0};
    char *storage = NULL;
    *out = NULL;
    tb_status st = tb_feed_load_conf(outdir, &s, &storage, diag);
    const char *who = s.author ? s.author : s.owner_name;
    if (st == TB_OK && who && !(*out = strdup(who)))
        st = TB_ERR_NOMEM;
    free(storage);
    return st;
}
