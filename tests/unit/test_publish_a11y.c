/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_publish_a11y.c — the accessible outputs from hand-written manifests: sentence
 * clips (tiling the timeline, clamped, never empty), clock values and the edition identifier;
 * the EPUB container and package document (read back with libzip and
 * libxml2), its overlays and documents with hostile text round-tripping; the
 * page's headings and sentence spans (parsed as HTML); byte-identical
 * re-publishing; the DAISY folder swapped whole; no talking books without an
 * MP3, and none half-written when the MP3 is missing.
 * The external validators (epubcheck, xmllint --valid, Chromium, axe-core)
 * judge the same outputs in tests/cases/a11y_*.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "base/fs.h"
#include "publish/a11y.h"
#include "publish/manifest.h"
#include "publish/publish.h"

static char root[64];

#define HOSTILE "标题 \\\"引号\\\" <b>&amp; ]]> </script><script>alert(1)</script> 😀"
#define HOSTILE_C "标题 \"引号\" <b>&amp; ]]> </script><script>alert(1)</script> 😀"
#define SENT2 "a < b && c > d。"

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(tb_file_write_atomic(path, text, strlen(text), NULL), TB_OK);
}

/* Three sections: a spoken headline, two sentences, and one without any. */
static void make_edition(const char *slug, int with_mp3, int mp3_file)
{
    char dir[256], json[4096];
    snprintf(dir, sizeof dir, "%s/%s", root, slug);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(
        json, sizeof json,
        "{\"title\":\"%s\",\"date\":\"2022-06-15\",\"edition\":\"edition.opus\",%s"
        "\"duration\":10.0,\"sections\":["
        "{\"kind\":\"headline\",\"title\":\"%s\",\"file\":\"01-headline.opus\",\"start\":0,"
        "\"duration\":3.0,\"sentences\":[{\"text\":\"%s\",\"start\":0.25,\"duration\":2.5}]},"
        "{\"kind\":\"intro\",\"title\":\"导语 & <开头>\",\"file\":\"02-intro.opus\",\"start\":3.0,"
        "\"duration\":5.0,\"sentences\":[{\"text\":\"第一句。\",\"start\":3.1,\"duration\":2.4},"
        "{\"text\":\"" SENT2 "\",\"start\":5.0,\"duration\":9.0}]},"
        "{\"kind\":\"caption\",\"title\":\"图片说明\",\"file\":\"03-caption.opus\",\"start\":8.0,"
        "\"duration\":2.0,\"sentences\":[]}]}",
        HOSTILE, with_mp3 ? "\"mp3\":\"edition.mp3\"," : "", HOSTILE, HOSTILE);
    put(dir, "edition.json", json);
    put(dir, "edition.opus", "OggS-pretend-opus");
    if (mp3_file)
        put(dir, "edition.mp3", "ID3-pretend-mp3");
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/tb-test-a11y-XXXXXX");
    assert_non_null(mkdtemp(root));
    make_edition("full", 1, 1);
    make_edition("nomp3", 0, 0);
    make_edition("lostmp3", 1, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *slug, const char *name, size_t *len)
{
    char path[512], *data;
    size_t n;
    snprintf(path, sizeof path, "%s/%s/%s", root, slug, name);
    assert_int_equal(tb_file_read(path, 1 << 24, &data, &n, NULL), TB_OK);
    if (len)
        *len = n;
    return data;
}

/* ---- pure helpers ------------------------------------------------------- */

/* Two levels: a headline (or a new article) opens level 1; paragraphs split where the
 * paragraph number changes, never at an unknown (0) one. */
static void levels_and_paragraphs(void **state)
{
    (void)state;
    tb_man_sentence a[] = {{"一", 0, 1, 1}, {"二", 1, 1, 1}, {"三", 2, 1, 2}};
    tb_man_sentence u[] = {{"四", 3, 1, 0}, {"五", 4, 1, 0}};
    tb_man_section secs[] = {{"headline", "甲", "1.opus", 0, 1, a, 1, 1},
                             {"intro", "导语", "2.opus", 1, 2, a, 3, 1},
                             {"intro", "导语", "3.opus", 3, 2, u, 2, 2},
                             {"credit", "某", "4.opus", 5, 1, u, 1, 2}};
    tb_manifest m = {.duration = 6.0, .sections = secs, .n_sections = 4};
    assert_int_equal(tb_man_level(&m, 0), 1);
    assert_int_equal(tb_man_level(&m, 1), 2);
    assert_int_equal(tb_man_level(&m, 2), 1); /* article 2 has no headline */
    assert_int_equal(tb_man_level(&m, 3), 2);
    assert_int_equal(tb_man_depth(&m), 2);
    m.n_sections = 1;
    assert_int_equal(tb_man_depth(&m), 1);
    assert_false(tb_man_new_paragraph(&secs[1], 0));
    assert_false(tb_man_new_paragraph(&secs[1], 1));
    assert_true(tb_man_new_paragraph(&secs[1], 2));
    assert_false(tb_man_new_paragraph(&secs[2], 1));
}

static void clips_tile_the_timeline_and_are_never_empty(void **state)
{
    (void)state;
    tb_man_sentence a[] = {{"一", 0.25, 2.0, 1}, {"二", 2.5, 1.0, 1}, {"三", 4.5, 0.0, 2}};
    tb_man_sentence b[] = {{"四", 4.5, 99.0, 3}};
    tb_man_section secs[] = {{"", "甲", "1.opus", 0, 4.5, a, 3, 1},
                             {"", "乙", "2.opus", 4.5, 9, b, 1, 1}};
    tb_manifest m = {.duration = 10.0, .sections = secs, .n_sections = 2};
    static const struct {
        size_t sec, sen;
        long long begin, end;
    } want[] = {
        {0, 0, 0, 2500},     /* from the section's start (the edition's) to the next sentence */
        {0, 1, 2500, 4500},  /* the pause after it included */
        {0, 2, 4500, 4501},  /* empty: one millisecond */
        {1, 0, 4500, 10000}, /* to the edition's end, kept inside it */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long long bg, en;
        tb_a11y_sentence_clip(&m, want[i].sec, want[i].sen, &bg, &en);
        assert_int_equal(bg, want[i].begin);
        assert_int_equal(en, want[i].end);
    }
    long long bg, en;
    tb_a11y_section_clip(&m, 1, &bg, &en);
    assert_int_equal(bg, 4500);
    assert_int_equal(en, 10000);
    tb_a11y_section_tile(&m, 0, &bg, &en);
    assert_int_equal(bg, 0);
    assert_int_equal(en, 4500);
}

static void clock_values(void **state)
{
    (void)state;
    char out[40];
    static const struct {
        long long ms;
        const char *clock, *hms;
    } rows[] = {
        {0, "0:00:00.000", "00:00:00"},    {1499, "0:00:01.499", "00:00:01"},
        {1500, "0:00:01.500", "00:00:02"}, {3723456, "1:02:03.456", "01:02:03"},
        {-5, "0:00:00.000", "00:00:00"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tb_a11y_clock(rows[i].ms, out);
        assert_string_equal(out, rows[i].clock);
        tb_a11y_hms(rows[i].ms, out);
        assert_string_equal(out, rows[i].hms);
    }
    assert_int_equal(tb_a11y_ms(2.0005), 2001);
    assert_int_equal(tb_a11y_ms(-1.0), 0);
}

static void identifier_is_stable_and_edition_specific(void **state)
{
    (void)state;
    tb_manifest a = {.slug = "day1", .title = "标题"}, b = a, c = a, d = a;
    b.title = "另一个标题";
    d.slug = ".day1.tmp-4242"; /* where it is built does not matter */
    char x[64], y[64], z[64], w[64];
    tb_a11y_identifier(&a, x);
    tb_a11y_identifier(&b, y);
    tb_a11y_identifier(&c, z);
    tb_a11y_identifier(&d, w);
    assert_string_equal(x, z);
    assert_string_equal(x, w);
    assert_string_not_equal(x, y);
    assert_int_equal(strlen(x), strlen("urn:uuid:") + 36);
    assert_int_equal(strncmp(x, "urn:uuid:", 9), 0);
    assert_int_equal(x[9 + 14], '5'); /* version 5 */
}

/* ---- EPUB ------------------------------------------------------------------ */

static char *zip_entry(zip_t *za, const char *name)
{
    zip_stat_t st;
    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    char *data = calloc(1, st.size + 1);
    assert_non_null(data);
    assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    return data;
}

static xmlXPathContextPtr xpath_ctx(xmlDocPtr doc)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_non_null(ctx);
    xmlXPathRegisterNs(ctx, BAD_CAST "opf", BAD_CAST "http://www.idpf.org/2007/opf");
    xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
    xmlXPathRegisterNs(ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/ns/SMIL");
    xmlXPathRegisterNs(ctx, BAD_CAST "epub", BAD_CAST "http://www.idpf.org/2007/ops");
    return ctx;
}

static char *xs(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(o);
    xmlChar *s = xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    char *r = strdup((const char *)s);
    xmlFree(s);
    return r;
}

static double xn(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(o);
    double d = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    return d;
}

static void expect(xmlXPathContextPtr ctx, const char *expr, const char *want)
{
    char *got = xs(ctx, expr);
    if (strcmp(got, want))
        fail_msg("%s: got '%s', want '%s'", expr, got, want);
    free(got);
}

static long long parse_clock(const char *s)
{
    long long h, m, sec, ms;
    assert_int_equal(sscanf(s, "%lld:%lld:%lld.%lld", &h, &m, &sec, &ms), 4);
    return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/* The package document: metadata, accessibility, one overlay per section
 * and the total duration the sum of the overlays'. */
static void check_package(zip_t *za)
{
    char *opf = zip_entry(za, "EPUB/package.opf");
    xmlDocPtr doc = xmlReadMemory(opf, (int)strlen(opf), "package.opf", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlXPathContextPtr c = xpath_ctx(doc);
    expect(c, "string(/opf:package/@version)", "3.0");
    expect(c, "string(//dc:language)", "zh-CN");
    expect(c, "string(//dc:title)", HOSTILE_C);
    expect(c, "string(//opf:meta[@property='dcterms:modified'])", "2022-06-15T04:00:00Z");
    expect(c, "string(//opf:meta[@property='media:active-class'])", "-epub-media-overlay-active");
    expect(c, "string(//opf:meta[@property='schema:accessibilityHazard'])", "none");
    assert_true(xn(c, "count(//opf:meta[@property='schema:accessMode'])") == 2);
    assert_true(xn(c, "count(//opf:meta[@property='schema:accessibilityFeature' and "
                      "(.='synchronizedAudioText' or .='tableOfContents' or .='readingOrder')])") ==
                3);
    assert_true(xn(c, "string-length(//opf:meta[@property='schema:accessibilitySummary'])") > 20);
    /* no publisher in the manifest: no creator or publisher, never the program's name */
    assert_true(xn(c, "count(//dc:creator | //dc:publisher)") == 0);
    char *uid = xs(c, "string(//dc:identifier[@id=/opf:package/@unique-identifier])");
    assert_int_equal(strncmp(uid, "urn:uuid:", 9), 0);
    free(uid);
    /* one overlay per section document; total duration = sum of the overlays */
    assert_true(xn(c, "count(//opf:item[@media-overlay])") == 3);
    assert_true(xn(c, "count(//opf:item[@media-type='application/smil+xml'])") == 3);
    assert_true(xn(c, "count(//opf:spine/opf:itemref)") == 3);
    long long sum = 0;
    for (int i = 1; i <= 3; i++) {
        char q[128];
        snprintf(q, sizeof q,
                 "string(//opf:meta[@property='media:duration' and @refines='#mo-%d'])", i);
        char *v = xs(c, q);
        sum += parse_clock(v);
        free(v);
    }
    char *total = xs(c, "string(//opf:meta[@property='media:duration' and not(@refines)])");
    assert_int_equal(parse_clock(total), sum);
    /* the clips tile the 10 s: 3 s (the headline, its pauses included) + 2 s
     * (to the next sentence) + 3 s (to the next section) + 2 s (the caption) */
    assert_int_equal(sum, 3000 + 2000 + 3000 + 2000);
    free(total);
    xmlXPathFreeContext(c);
    xmlFreeDoc(doc);
    free(opf);
}

/* The section documents, their overlays and the navigation document. */
static void check_documents(zip_t *za)
{
    xmlDocPtr doc;
    xmlXPathContextPtr c;
    /* section 2: spans carry the sentences, hostile text round-trips */
    char *x2 = zip_entry(za, "EPUB/sec-2.xhtml");
    doc = xmlReadMemory(x2, (int)strlen(x2), "sec-2.xhtml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    c = xpath_ctx(doc);
    expect(c, "string(//h:h1)", "导语 & <开头>");
    expect(c, "string(//h:span[@id='s2-2'])", SENT2);
    expect(c, "string(/h:html/@xml:lang)", "zh-CN");
    xmlXPathFreeContext(c);
    xmlFreeDoc(doc);
    free(x2);
    /* section 1: the spoken title is the heading, not repeated */
    char *x1 = zip_entry(za, "EPUB/sec-1.xhtml");
    doc = xmlReadMemory(x1, (int)strlen(x1), "sec-1.xhtml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    c = xpath_ctx(doc);
    expect(c, "string(//h:h1/@id)", "s1-1");
    expect(c, "string(//h:h1)", HOSTILE_C);
    assert_true(xn(c, "count(//h:p)") == 0);
    xmlXPathFreeContext(c);
    xmlFreeDoc(doc);
    free(x1);

    /* overlays: each par points at an id of its document; clips in order */
    char *s2 = zip_entry(za, "EPUB/sec-2.smil");
    doc = xmlReadMemory(s2, (int)strlen(s2), "sec-2.smil", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    c = xpath_ctx(doc);
    assert_true(xn(c, "count(//s:par)") == 2);
    expect(c, "string(//s:par[1]/s:text/@src)", "sec-2.xhtml#s2-1");
    expect(c, "string(//s:par[1]/s:audio/@clipBegin)", "0:00:03.000");
    expect(c, "string(//s:par[1]/s:audio/@clipEnd)", "0:00:05.000");
    expect(c, "string(//s:par[2]/s:audio/@clipEnd)", "0:00:08.000");
    expect(c, "string(//s:seq/@epub:textref)", "sec-2.xhtml#sec-2");
    xmlXPathFreeContext(c);
    xmlFreeDoc(doc);
    free(s2);
    char *s3 = zip_entry(za, "EPUB/sec-3.smil");
    assert_non_null(strstr(s3, "sec-3.xhtml#h3"));
    free(s3);
    char *nav = zip_entry(za, "EPUB/nav.xhtml");
    doc = xmlReadMemory(nav, (int)strlen(nav), "nav.xhtml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    c = xpath_ctx(doc);
    assert_true(xn(c, "count(//h:nav[@epub:type='toc']//h:li)") == 3);
    expect(c, "string(//h:nav[@epub:type='toc']//h:li[1]/h:a)", HOSTILE_C);
    xmlXPathFreeContext(c);
    xmlFreeDoc(doc);
    free(nav);
}

static void epub_container_and_package(void **state)
{
    (void)state;
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/full", root);
    assert_int_equal(tb_publish_edition(dir, 0, NULL), TB_OK);
    snprintf(path, sizeof path, "%s/edition.epub", dir);
    int err = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
    assert_string_equal(st.name, "mimetype");
    assert_int_equal(st.comp_method, ZIP_CM_STORE);
    char *mt = zip_entry(za, "mimetype");
    assert_string_equal(mt, "application/epub+zip");
    free(mt);

    check_package(za);
    check_documents(za);
    zip_close(za);
}

/* ---- the page ------------------------------------------------------------ */

static void page_headings_spans_and_script(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/full", root);
    assert_int_equal(tb_publish_edition(dir, 0, NULL), TB_OK);
    size_t len;
    char *html = slurp("full", "index.html", &len);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 35), 0);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "index.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    assert_non_null(doc);
    xmlXPathContextPtr c = xpath_ctx(doc);
    /* two levels: the article's headline is an h2, its sections h3 */
    assert_true(xn(c, "count(//main/section/h2)") == 1);
    assert_true(xn(c, "count(//main/section/h3)") == 2);
    expect(c, "string(//main/section[1]/h2)", HOSTILE_C);
    expect(c, "string(//main/section[2]/h3)", "导语 & <开头>");
    expect(c, "string(//main/section[2]/@data-start)", "3.000");
    expect(c, "string(//span[@id='s2-2']/@data-start)", "5.000");
    expect(c, "string(//span[@id='s2-2']/@data-end)", "8.000");
    expect(c, "string(//span[@id='s2-2'])", SENT2);
    expect(c, "string(//audio[@id='player']/source[1]/@src)", "edition.mp3");
    expect(c, "string(//audio[@id='player']/track/@kind)", "chapters");
    expect(c, "string(//main/section[3]//audio/@src)", "03-caption.opus");
    expect(c, "string(//p[@id='now']/@aria-live)", "off");
    assert_true(xn(c, "count(//header) + count(//nav) + count(//main)") == 3);
    assert_true(xn(c, "count(//a[@href='edition.epub'])") == 1);
    /* exactly one script, whole: a "</" inside it would have cut it short */
    assert_true(xn(c, "count(//script)") == 1);
    char *js = xs(c, "string(//script)");
    assert_non_null(strstr(js, "})();"));
    free(js);
    xmlXPathFreeContext(c);
    xmlFreeDoc(doc);
    free(html);

    char *vtt = slurp("full", "chapters.vtt", NULL);
    assert_non_null(strstr(vtt, "WEBVTT\n\nsec-1\n00:00:00.000 --> 00:00:03.000\n"));
    assert_non_null(
        strstr(vtt, "\nsec-2\n00:00:03.000 --> 00:00:08.000\n导语 &amp; &lt;开头&gt;\n"));
    free(vtt);
}

/* ---- whole edition -------------------------------------------------------- */

static void republishing_is_byte_identical_and_swaps_daisy(void **state)
{
    (void)state;
    char dir[256], stale[300];
    snprintf(dir, sizeof dir, "%s/full", root);
    assert_int_equal(tb_publish_edition(dir, 0, NULL), TB_OK);
    size_t n1, n2, h1, h2;
    char *e1 = slurp("full", "edition.epub", &n1), *p1 = slurp("full", "index.html", &h1);
    snprintf(stale, sizeof stale, "%s/daisy/stale.smil", dir);
    put(dir, "daisy/stale.smil", "old");
    sleep(1); /* a clock in the output would show now */
    assert_int_equal(tb_publish_edition(dir, 0, NULL), TB_OK);
    char *e2 = slurp("full", "edition.epub", &n2), *p2 = slurp("full", "index.html", &h2);
    assert_int_equal(n1, n2);
    assert_memory_equal(e1, e2, n1);
    assert_int_equal(h1, h2);
    assert_memory_equal(p1, p2, h1);
    assert_int_not_equal(access(stale, F_OK), 0); /* the old folder went as a whole */
    char *ncc = slurp("full", "daisy/ncc.html", NULL);
    assert_non_null(strstr(ncc, "<meta name=\"ncc:tocItems\" content=\"3\"/>"));
    assert_non_null(strstr(ncc, "<meta name=\"ncc:files\" content=\"6\"/>"));
    free(ncc);
    char *mp3 = slurp("full", "daisy/edition.mp3", NULL);
    assert_string_equal(mp3, "ID3-pretend-mp3");
    free(mp3);
    free(e1);
    free(e2);
    free(p1);
    free(p2);
    /* no leftovers of the swap */
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, ".tmp-"));
    closedir(d);
}

static void no_mp3_no_talking_books(void **state)
{
    (void)state;
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/nomp3", root);
    /* talking books left by an earlier render with an MP3 */
    put(dir, "edition.epub", "old");
    snprintf(path, sizeof path, "%s/daisy", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    put(dir, "daisy/ncc.html", "old");
    assert_int_equal(tb_publish_edition(dir, 0, NULL), TB_OK);
    snprintf(path, sizeof path, "%s/index.html", dir);
    assert_int_equal(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/edition.epub", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/daisy", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    char *html = slurp("nomp3", "index.html", NULL);
    assert_null(strstr(html, "edition.epub"));
    assert_null(strstr(html, "edition.mp3"));
    assert_non_null(strstr(html, "<source src=\"edition.opus\""));
    free(html);
}

static void missing_mp3_fails_cleanly(void **state)
{
    (void)state;
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/lostmp3", root);
    tb_diag diag = {0};
    assert_int_equal(tb_publish_edition(dir, 0, &diag), TB_ERR_IO);
    assert_non_null(strstr(diag.file, "edition.mp3"));
    snprintf(path, sizeof path, "%s/edition.epub", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, ".tmp-"));
    closedir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levels_and_paragraphs),
        cmocka_unit_test(clips_tile_the_timeline_and_are_never_empty),
        cmocka_unit_test(clock_values),
        cmocka_unit_test(identifier_is_stable_and_edition_specific),
        cmocka_unit_test(epub_container_and_package),
        cmocka_unit_test(page_headings_spans_and_script),
        cmocka_unit_test(republishing_is_byte_identical_and_swaps_daisy),
        cmocka_unit_test(no_mp3_no_talking_books),
        cmocka_unit_test(missing_mp3_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
