/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch.c — reading the list of reports for `tingbao batch` (a manifest or a
 * folder), checking each line on its own so one bad line never hides the
 * others, and the shard arithmetic. The formats are described in batch.h and
 * docs/batch.md.
 */
#include "cli/batch.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "render/render.h"
#include "base/utf8.h"

#define MAX_ITEMS 1000000u
#define MAX_MANIFEST_BYTES ((size_t)256 << 20)

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *dup_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = malloc((size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static void item_clear(tb_batch_item *it)
{
    free(it->input);
    free(it->slug);
    free(it->date);
    free(it->title);
    free(it->error);
    memset(it, 0, sizeof *it);
}

void tb_batch_free(tb_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        item_clear(&b->items[i]);
    free(b->items);
    free(b);
}

/* A new zeroed item at the end of b, or NULL (no memory, or too many). */
static tb_batch_item *push(tb_batch *b, tb_status *st)
{
    if (b->n >= MAX_ITEMS) {
        *st = TB_ERR_TOO_BIG;
        return NULL;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        tb_batch_item *p = realloc(b->items, cap * sizeof *p);
        if (!p) {
            *st = TB_ERR_NOMEM;
            return NULL;
        }
        b->items = p;
        b->cap = cap;
    }
    tb_batch_item *it = &b->items[b->n++];
    memset(it, 0, sizeof *it);
    return it;
}

int tb_batch_slug_valid(const char *slug)
{
    size_t n = strlen(slug);
    if (n == 0 || n > TB_BATCH_SLUG_MAX)
        return 0;
    unsigned char c0 = (unsigned char)slug[0];
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9') ||
          c0 == '_'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)slug[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return strcmp(slug, "feed.xml") != 0 && strcmp(slug, "feed.conf") != 0;
}

static int valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || cp == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* Trim spaces (and stray tabs never reach here) around [*s, *s+*n). */
static void trim(const char **s, size_t *n)
{
    while (*n && ((*s)[0] == ' ' || (*s)[0] == '\v' || (*s)[0] == '\f')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\v' || (*s)[*n - 1] == '\f'))
        (*n)--;
}

static char *resolve(const char *base_dir, const char *path, size_t n)
{
    if (!base_dir || !*base_dir || path[0] == '/')
        return dup_n(path, n);
    size_t b = strlen(base_dir);
    while (b > 1 && base_dir[b - 1] == '/')
        b--;
    return dup_printf("%.*s/%.*s", (int)b, base_dir, (int)n, path);
}

/* Fill `it` from one manifest line (no line end). Returns TB_OK, or
 * TB_ERR_NOMEM; a bad line sets it->error and still returns TB_OK. */
static tb_status parse_line(tb_batch_item *it, const char *line, size_t len, const char *name,
                            size_t lineno, const char *base_dir)
{
    const char *f[5];
    size_t fl[5], nf = 0;
    const char *p = line, *end = line + len;
    it->line = lineno;
#define BAD(...)                                                                                   \
    do {                                                                                           \
        char *msg_ = dup_printf(__VA_ARGS__);                                                      \
        if (!msg_)                                                                                 \
            return TB_ERR_NOMEM;                                                                   \
        it->error = dup_printf("%s:%zu: %s", name, lineno, msg_);                                  \
        free(msg_);                                                                                \
        return it->error ? TB_OK : TB_ERR_NOMEM;                                                   \
    } while (0)
    if (!valid_utf8(line, len))
        BAD("the line is not valid UTF-8 (or holds a NUL byte)");
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *e = tab ? tab : end;
        if (nf == 5)
            BAD("more than 5 tab-separated fields (PATH, SLUG, DATE, TITLE, FORMAT)");
        f[nf] = p;
        fl[nf] = (size_t)(e - p);
        trim(&f[nf], &fl[nf]);
        nf++;
        if (!tab)
            break;
        p = tab + 1;
    }
    if (fl[0] == 0)
        BAD("no report path in the first field");
    it->input = resolve(base_dir, f[0], fl[0]);
    if (!it->input)
        return TB_ERR_NOMEM;
    if (nf > 1 && fl[1] > 0) {
        it->slug = dup_n(f[1], fl[1]);
        if (!it->slug)
            return TB_ERR_NOMEM;
        if (!tb_batch_slug_valid(it->slug))
            BAD("bad slug '%.*s': 1-%d letters, digits, '-', '_' or '.', starting with a "
                "letter, digit or '_'",
                (int)(fl[1] > 64 ? 64 : fl[1]), f[1], TB_BATCH_SLUG_MAX);
    } else {
        char slug[TB_BATCH_SLUG_MAX + 1];
        tb_render_slug(it->input, slug, sizeof slug);
        it->slug = dup_n(slug, strlen(slug));
        if (!it->slug)
            return TB_ERR_NOMEM;
        if (!tb_batch_slug_valid(it->slug))
            BAD("no usable slug from the file name; give one in the second field");
    }
    if (nf > 2 && fl[2] > 0) {
        it->date = dup_n(f[2], fl[2]);
        if (!it->date)
            return TB_ERR_NOMEM;
        if (!tb_edition_valid_date(it->date))
            BAD("bad date '%.*s': YYYY-MM-DD", (int)(fl[2] > 32 ? 32 : fl[2]), f[2]);
    }
    if (nf > 3 && fl[3] > 0) {
        it->title = dup_n(f[3], fl[3]);
        if (!it->title)
            return TB_ERR_NOMEM;
        tb_utf8_strip_invisible(it->title, fl[3]); /* no bidi override in a title */
    }
    if (nf > 4 && fl[4] > 0) {
        char fmt[16];
        tb_input_format f5 = TB_FMT_AUTO;
        snprintf(fmt, sizeof fmt, "%.*s", (int)(fl[4] < 15 ? fl[4] : 15), f[4]);
        if (fl[4] > 15 || tb_input_format_parse(fmt, &f5) != TB_OK)
            BAD("bad format '%.*s': epaper, text, markdown or html", (int)(fl[4] > 32 ? 32 : fl[4]),
                f[4]);
        it->format = (int)f5;
    }
#undef BAD
    return TB_OK;
}

/* A slug and its item number, sorted to find duplicates in n log n. */
typedef struct {
    const char *slug;
    size_t i;
} slug_ref;

static int by_slug(const void *a, const void *b)
{
    const slug_ref *x = a, *y = b;
    int c = strcmp(x->slug, y->slug);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Every item whose slug an earlier good item already has becomes an error:
 * two reports would otherwise write the same edition folder. */
static tb_status mark_duplicates(tb_batch *b, const char *name)
{
    slug_ref *ix = malloc((b->n ? b->n : 1) * sizeof *ix);
    if (!ix)
        return TB_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->items[i].error && b->items[i].slug)
            ix[m++] = (slug_ref){b->items[i].slug, i};
    qsort(ix, m, sizeof *ix, by_slug);
    size_t first = m ? ix[0].i : 0; /* the earliest item of the current run of equal slugs */
    for (size_t k = 1; k < m; k++) {
        tb_batch_item *it = &b->items[ix[k].i];
        const tb_batch_item *f = &b->items[first];
        if (strcmp(it->slug, f->slug) != 0) {
            first = ix[k].i;
            continue;
        }
        if (it->line)
            it->error = dup_printf("%s:%zu: duplicate slug '%s' (first at line %zu)", name,
                                   it->line, it->slug, f->line);
        else
            it->error = dup_printf("%s: duplicate slug '%s' (first from %s)", it->input, it->slug,
                                   f->input);
        if (!it->error) {
            free(ix);
            return TB_ERR_NOMEM;
        }
    }
    free(ix);
    return TB_OK;
}

tb_status tb_batch_parse(const char *text, size_t len, const char *name, const char *base_dir,
                         tb_batch **out, tb_diag *diag)
{
    *out = NULL;
    tb_batch *b = calloc(1, sizeof *b);
    if (!b)
        return TB_ERR_NOMEM;
    tb_status st = TB_OK;
    size_t lineno = 0, pos = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        pos = 3; /* a BOM some editors write */
    while (st == TB_OK && pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t e = nl ? (size_t)(nl - text) : len, n = e - pos;
        const char *line = text + pos;
        pos = nl ? e + 1 : len;
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == n || line[k] == '#')
            continue;
        tb_batch_item *it = push(b, &st);
        if (it)
            st = parse_line(it, line, n, name, lineno, base_dir);
    }
    if (st == TB_OK)
        st = mark_duplicates(b, name);
    if (st != TB_OK) {
        if (st == TB_ERR_TOO_BIG)
            tb_diag_set(diag, name, lineno, 0, "more than %u items", MAX_ITEMS);
        tb_batch_free(b);
        return st;
    }
    *out = b;
    return TB_OK;
}

static int is_report_name(const char *name)
{
    static const char *const ext[] = {".txt", ".md", ".markdown", ".html", ".htm"};
    if (name[0] == '.')
        return 0;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return 0;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (!strcasecmp(dot, ext[i]))
            return 1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static tb_status load_folder(const char *path, tb_batch **out, tb_diag *diag)
{
    DIR *d = opendir(path);
    if (!d)
        return tb_diag_io(diag, path, "cannot read the folder");
    char **names = NULL;
    size_t n = 0, cap = 0;
    tb_status st = TB_OK;
    struct dirent *e;
    errno = 0;
    while (st == TB_OK && (e = readdir(d)) != NULL) {
        if (!is_report_name(e->d_name))
            continue;
        char *full = resolve(path, e->d_name, strlen(e->d_name));
        struct stat sb;
        if (!full) {
            st = TB_ERR_NOMEM;
            break;
        }
        if (lstat(full, &sb) != 0 || S_ISDIR(sb.st_mode)) {
            free(full); /* gone meanwhile, or a folder named like a report */
            continue;
        }
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            char **p = c <= MAX_ITEMS ? realloc(names, c * sizeof *p) : NULL;
            if (!p) {
                free(full);
                st = c <= MAX_ITEMS ? TB_ERR_NOMEM : TB_ERR_TOO_BIG;
                break;
            }
            names = p;
            cap = c;
        }
        names[n++] = full;
        errno = 0;
    }
    if (st == TB_OK && errno)
        st = tb_diag_io(diag, path, "cannot read the folder");
    closedir(d);
    tb_batch *b = NULL;
    if (st == TB_OK && !(b = calloc(1, sizeof *b)))
        st = TB_ERR_NOMEM;
    if (st == TB_OK)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        tb_batch_item *it = push(b, &st);
        if (!it)
            break;
        it->input = names[i];
        names[i] = NULL;
        char slug[TB_BATCH_SLUG_MAX + 1];
        tb_render_slug(it->input, slug, sizeof slug);
        it->dropped = 1;
        struct stat sb;
        if (!(it->slug = dup_n(slug, strlen(slug))))
            st = TB_ERR_NOMEM;
        else if (lstat(it->input, &sb) == 0 && !S_ISREG(sb.st_mode) &&
                 !(it->error =
                       dup_printf("%s: %s; not followed", it->input,
                                  S_ISLNK(sb.st_mode) ? "a symbolic link" : "not a regular file")))
            st = TB_ERR_NOMEM;
        else if (!it->error && !tb_batch_slug_valid(it->slug) &&
                 !(it->error = dup_printf("%s: no usable slug from the file name", it->input)))
            st = TB_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (st == TB_OK)
        st = mark_duplicates(b, path);
    if (st != TB_OK) {
        if (st == TB_ERR_TOO_BIG)
            tb_diag_set(diag, path, 0, 0, "more than %u reports", MAX_ITEMS);
        tb_batch_free(b);
        return st;
    }
    *out = b;
    return TB_OK;
}

static tb_status read_stream(FILE *f, char **data, size_t *len, tb_diag *diag)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        return TB_ERR_NOMEM;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_MANIFEST_BYTES) {
                free(buf);
                tb_diag_set(diag, "-", 0, 0, "the manifest is larger than %zu bytes",
                            MAX_MANIFEST_BYTES);
                return TB_ERR_TOO_BIG;
            }
            char *p = realloc(buf, cap * 2 + 1);
            if (!p) {
                free(buf);
                return TB_ERR_NOMEM;
            }
            buf = p;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return tb_diag_io(diag, "-", "cannot read the manifest");
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return TB_OK;
}

tb_status tb_batch_load(const char *path, tb_batch **out, tb_diag *diag)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    tb_status st;
    if (!strcmp(path, "-")) {
        st = read_stream(stdin, &data, &len, diag);
        if (st == TB_OK)
            st = tb_batch_parse(data, len, "-", NULL, out, diag);
        free(data);
        return st;
    }
    struct stat sb;
    if (stat(path, &sb) != 0)
        return tb_diag_io(diag, path, "cannot read the manifest");
    if (S_ISDIR(sb.st_mode))
        return load_folder(path, out, diag);
    st = tb_file_read(path, MAX_MANIFEST_BYTES, &data, &len, diag);
    if (st != TB_OK)
        return st;
    /* relative paths in the manifest are relative to its folder */
    char *base = dup_n(path, strlen(path));
    if (!base) {
        free(data);
        return TB_ERR_NOMEM;
    }
    char *slash = strrchr(base, '/');
    if (!slash)
        base[0] = '\0';
    else if (slash == base)
        base[1] = '\0';
    else
        *slash = '\0';
    st = tb_batch_parse(data, len, path, base, out, diag);
    free(base);
    free(data);
    return st;
}

int tb_batch_parse_shard(const char *s, size_t *index, size_t *count)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || !slash[1])
        return 0;
    unsigned long long v[2] = {0, 0};
    const char *part[2] = {s, slash + 1}, *stop[2] = {slash, s + strlen(s)};
    for (int k = 0; k < 2; k++) {
        if (stop[k] - part[k] > 7)
            return 0;
        for (const char *p = part[k]; p < stop[k]; p++) {
            if (*p < '0' || *p > '9')
                return 0;
            v[k] = v[k] * 10 + (unsigned)(*p - '0');
        }
    }
    if (v[1] == 0 || v[1] > 1000000 || v[0] >= v[1])
        return 0;
    *index = (size_t)v[0];
    *count = (size_t)v[1];
    return 1;
}

int tb_batch_in_shard(size_t item, size_t index, size_t count)
{
    return count > 0 && item % count == index;
}
