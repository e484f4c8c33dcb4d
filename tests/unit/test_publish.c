/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_publish.c — transcript, playlist and feed from hand-written manifests:
 * cue order and non-overlap, escaping of hostile titles, the podcast:guid
 * derivation, a stable item guid, newest-first order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "base/buf.h"
#include "base/fs.h"
#include "model/timeline.h"
#include "publish/feed.h"
#include "publish/manifest.h"
#include "publish/publish.h"
#include "publish/transcript.h"

static char root[64];

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(tb_file_write_atomic(path, text, strlen(text), NULL), TB_OK);
}

/* An edition folder with two sections; sentence 2 overlaps sentence 3 on purpose. */
static void make_edition(const char *slug, const char *date, const char *title)
{
    char dir[256], json[4096];
    snprintf(dir, sizeof dir, "%s/%s", root, slug);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(
        json, sizeof json,
        "{\"title\":\"%s\",\"date\":\"%s\",\"edition\":\"edition.opus\",\"mp3\":\"edition.mp3\","
        "\"duration\":12.5,\"sections\":["
        "{\"kind\":\"headline\",\"title\":\"%s\",\"file\":\"01-headline.opus\",\"start\":0,"
        "\"duration\":3.0,\"sentences\":[{\"text\":\"%s\",\"start\":0.2,\"duration\":2.5}]},"
        "{\"kind\":\"intro\",\"title\":\"导语 --> 开头\",\"file\":\"02-intro.opus\",\"start\":3.0,"
        "\"duration\":9.5,\"sentences\":[{\"text\":\"第一句。\",\"start\":3.1,\"duration\":4.0},"
        "{\"text\":\"a < b & c\",\"start\":7.0,\"duration\":5.0}]}]}",
        title, date, title, title);
    put(dir, "edition.json", json);
    put(dir, "edition.opus", "OggS-pretend-opus");
    put(dir, "edition.mp3", "ID3-pretend-mp3-longer");
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/tb-test-publish-XXXXXX");
    assert_non_null(mkdtemp(root));
    make_edition("day1", "2022-06-14", "旧闻 \\\"引号\\\" <b>&amp; 😀");
    make_edition("day2", "2022-06-15", "新闻");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void vtt_cues_ordered_and_escaped(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/day1", root);
    tb_manifest *m;
    assert_int_equal(tb_manifest_load(dir, &m, NULL), TB_OK);
    assert_string_equal(m->slug, "day1");
    tb_buf b;
    tb_buf_init(&b, 0);
    assert_int_equal(tb_transcript_vtt(m, &b), TB_OK);
    assert_true(!strncmp(b.data, "WEBVTT\n\n", 8));
    /* sentence 2 (3.1 + 4.0 = 7.1) is cut where sentence 3 begins */
    assert_non_null(strstr(b.data, "2\n00:00:03.100 --> 00:00:07.000\n第一句。"));
    assert_non_null(strstr(b.data, "a &lt; b &amp; c"));
    assert_null(strstr(b.data, "导语 -->")); /* NOTE may not hold the cue arrow */
    assert_non_null(strstr(b.data, "NOTE 2. 导语 -> 开头"));
    tb_buf_reset(&b);
    assert_int_equal(tb_transcript_srt(m, &b), TB_OK);
    assert_non_null(strstr(b.data, "3\n00:00:07,000 --> 00:00:12,000\na < b & c\n"));
    tb_buf_free(&b);
    tb_manifest_free(m);
}

static void manifest_refuses_escaping_names(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/evil", root);
    assert_int_equal(mkdir(dir, 0755), 0);
    put(dir, "edition.json",
        "{\"title\":\"x\",\"edition\":\"../../etc/passwd\",\"duration\":1,\"sections\":[]}");
    tb_manifest *m = NULL;
    tb_diag d = {0};
    assert_int_equal(tb_manifest_load(dir, &m, &d), TB_ERR_INPUT);
    assert_null(m);
    put(dir, "edition.json", "{\"title\":");
    assert_int_equal(tb_manifest_load(dir, &m, &d), TB_ERR_INPUT); /* not JSON: bad input */
    assert_true(d.line >= 1);
    /* times out of range and impossible dates are refused too (issue 17: U11, U2) */
    put(dir, "edition.json",
        "{\"title\":\"x\",\"edition\":\"e.opus\",\"duration\":1e300,\"sections\":[]}");
    assert_int_equal(tb_manifest_load(dir, &m, &d), TB_ERR_INPUT);
    put(dir, "edition.json",
        "{\"title\":\"x\",\"edition\":\"e.opus\",\"duration\":1,\"date\":\"2024-02-30\","
        "\"sections\":[]}");
    assert_int_equal(tb_manifest_load(dir, &m, &d), TB_ERR_INPUT);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void feed_guid_follows_the_namespace(void **state)
{
    (void)state;
    char g[37];
    /* the example of the Podcasting 2.0 namespace document */
    tb_feed_guid("https://mp3s.nashownotes.com/pc20rss.xml", g);
    assert_string_equal(g, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
    tb_feed_guid("http://mp3s.nashownotes.com/pc20rss.xml///", g);
    assert_string_equal(g, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
}

static char *xpath_string(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "itunes",
                       BAD_CAST "http://www.itunes.com/dtds/podcast-1.0.dtd");
    xmlXPathRegisterNs(ctx, BAD_CAST "podcast", BAD_CAST "https://podcastindex.org/namespace/1.0");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    xmlChar *s = xmlXPathCastToString(o);
    char *r = strdup((char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return r;
}

static void feed_is_wellformed_newest_first_and_stable(void **state)
{
    (void)state;
    tb_feed_settings s = {.base_url = "https://news.example.org/audio/", .title = "A & B <feed>"};
    size_t n = 0;
    assert_int_equal(tb_feed_write(root, &s, &n, NULL), TB_OK);
    assert_int_equal(n, 2);
    char path[256];
    snprintf(path, sizeof path, "%s/feed.xml", root);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    char *v = xpath_string(doc, "string(/rss/channel/title)");
    assert_string_equal(v, "A & B <feed>");
    free(v);
    v = xpath_string(doc, "string(/rss/channel/item[1]/title)");
    assert_string_equal(v, "新闻"); /* newest first */
    free(v);
    v = xpath_string(doc, "string(/rss/channel/item[2]/title)");
    assert_string_equal(v, "旧闻 \"引号\" <b>&amp; 😀");
    free(v);
    v = xpath_string(doc, "string(/rss/channel/item[2]/enclosure/@length)");
    assert_string_equal(v, "22");
    free(v);
    v = xpath_string(doc, "string(/rss/channel/item[2]/enclosure/@url)");
    assert_string_equal(v, "https://news.example.org/audio/day1/edition.mp3");
    free(v);
    v = xpath_string(doc, "string(/rss/channel/item[1]/pubDate)");
    assert_string_equal(v, "Wed, 15 Jun 2022 06:00:00 +0800");
    free(v);
    v = xpath_string(doc,
                     "string(/rss/channel/item[2]/podcast:alternateEnclosure/podcast:source/@uri)");
    assert_string_equal(v, "https://news.example.org/audio/day1/edition.opus");
    free(v);
    char *guid1 = xpath_string(doc, "string(/rss/channel/item[2]/guid)");
    xmlFreeDoc(doc);
    /* writing again (a re-render) gives the same item guid */
    assert_int_equal(tb_feed_write(root, &s, &n, NULL), TB_OK);
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    char *guid2 = xpath_string(doc, "string(/rss/channel/item[2]/guid)");
    assert_string_equal(guid1, guid2);
    assert_int_equal(strlen(guid1), 36);
    free(guid1);
    free(guid2);
    xmlFreeDoc(doc);
}

static void publish_writes_the_edition_files(void **state)
{
    (void)state;
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/day2", root);
    assert_int_equal(tb_publish_edition(dir, 0, NULL), TB_OK);
    const char *names[] = {"transcript.vtt", "transcript.srt", "playlist.m3u8"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_int_equal(access(path, R_OK), 0);
    }
    char *data;
    size_t len;
    snprintf(path, sizeof path, "%s/playlist.m3u8", dir);
    assert_int_equal(tb_file_read(path, 1 << 20, &data, &len, NULL), TB_OK);
    assert_string_equal(data, "#EXTM3U\n#PLAYLIST:新闻\n#EXTINF:3,新闻\n01-headline.opus\n"
                              "#EXTINF:10,导语 --> 开头\n02-intro.opus\n");
    free(data);
}

/* What podcast apps accept, value by value (feed.conf keys). */
static void feed_values_are_what_apps_accept(void **state)
{
    (void)state;
    char why[256];
    static const char *const good[][2] = {{"category", "News"},
                                          {"category", "News > Daily News"},
                                          {"category", "Health & Fitness >Mental Health"},
                                          {"explicit", "false"},
                                          {"image", "https://a.org/c.JPG?v=2"},
                                          {"image", "http://a.org/c.png"},
                                          {"base_url", "https://a.org/audio/"},
                                          {"owner_email", "a@b.org"},
                                          {"language", "zh-cn"},
                                          {"title", "听报"}};
    static const char *const bad[][2] = {{"category", "Daily News"},
                                         {"category", "Arts > Daily News"},
                                         {"category", "news"},
                                         {"explicit", "maybe"},
                                         {"image", "https://a.org/c.gif"},
                                         {"image", "c.jpg"},
                                         {"base_url", "not a url"},
                                         {"link", "javascript:alert(1)"},
                                         {"link", "https://"},
                                         {"owner_email", "nobody"},
                                         {"language", "中文"},
                                         {"title", ""}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(tb_feed_check(good[i][0], good[i][1], why, sizeof why));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        assert_false(tb_feed_check(bad[i][0], bad[i][1], why, sizeof why));
        assert_true(why[0] != '\0');
    }
    const char *parent, *sub;
    assert_true(tb_feed_category("News > Daily News", &parent, &sub, why, sizeof why));
    assert_string_equal(parent, "News");
    assert_string_equal(sub, "Daily News");
    assert_non_null(strstr((tb_feed_category("Daily News", &parent, &sub, why, sizeof why), why),
                           "News > Daily News"));
}

/* The whole edition's files: named after the folder and the date. */
static void edition_files_are_named_after_the_edition(void **state)
{
    (void)state;
    char out[64];
    tb_timeline_file_name("nmg-0404", "2022-04-04", "mp3", out);
    assert_string_equal(out, "nmg-0404-2022-04-04.mp3");
    tb_timeline_file_name("Daily News_1", NULL, "opus", out);
    assert_string_equal(out, "daily-news_1.opus");
    tb_timeline_file_name("内蒙古日报", "2022-04-04", "mp3", out);
    assert_string_equal(out, "edition-2022-04-04.mp3");
    tb_timeline_file_name("nmg-2022-04-04", "2022-04-04", "mp3", out);
    assert_string_equal(out, "nmg-2022-04-04.mp3");
    tb_timeline_file_name("a-very-long-folder-name-that-goes-on-and-on-and-on-forever",
                          "2022-04-04", "flac", out);
    assert_true(strlen(out) < 64 && strstr(out, "-2022-04-04.flac"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vtt_cues_ordered_and_escaped),
        cmocka_unit_test(manifest_refuses_escaping_names),
        cmocka_unit_test(feed_guid_follows_the_namespace),
        cmocka_unit_test(feed_is_wellformed_newest_first_and_stable),
        cmocka_unit_test(publish_writes_the_edition_files),
        cmocka_unit_test(feed_values_are_what_apps_accept),
        cmocka_unit_test(edition_files_are_named_after_the_edition),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
