/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mp3.c — the MP3 writer: a tone in three chapters is written, then
 * read back with ffprobe (an independent reader of ID3 chapters and MP3
 * duration). Past 255 chapters (one CTOC's limit) the table of contents
 * becomes two levels: ffprobe lists every chapter, and mutagen (an
 * independent reader of CTOC frames) shows the tables and walks them in
 * order. Skips, saying so, when ffprobe or mutagen is missing.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "encode/mp3.h"

#define RATE 22050

/* ffprobe's compact output for `entries`, lines joined, into out. */
static void probe(const char *path, const char *entries, char *out, size_t n)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "ffprobe -v error -show_entries %s -of compact=p=0:nk=1 '%s'", entries,
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    out[0] = '\0';
    while (fgets(line, sizeof line, p))
        strncat(out, line, n - strlen(out) - 1);
    assert_int_equal(pclose(p), 0);
}

static void chapters_and_duration_read_back(void **state)
{
    (void)state;
    if (system("command -v ffprobe >/dev/null 2>&1") != 0)
        skip();
    char path[] = "/tmp/tb-test-mp3-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    tb_status err = TB_OK;
    tb_mp3 *m = tb_mp3_new(RATE, 48, &err);
    assert_non_null(m);
    size_t n = RATE * 9;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (double)i / RATE));
    assert_int_equal(tb_mp3_write(m, x, n), TB_OK);
    tb_mp3_chapter ch[] = {{0, 3, "第一章 <&>"}, {3, 6, "第二章 😀"}, {6, 9, "Third"}};
    tb_mp3_tags tags = {"标题", "专辑", "tingbao", "2022-06-15", "chi"};
    assert_int_equal(tb_mp3_finish(m, path, &tags, ch, 3, NULL), TB_OK);
    tb_mp3_free(m);
    free(x);

    char chapters[4096], duration[64];
    probe(path, "chapter=start_time,end_time:chapter_tags=title:format_tags=title,album", chapters,
          sizeof chapters);
    assert_non_null(strstr(chapters, "0.000000|3.000000|第一章 <&>\n"));
    assert_non_null(strstr(chapters, "3.000000|6.000000|第二章 😀\n"));
    assert_non_null(strstr(chapters, "6.000000|9.000000|Third\n"));
    assert_non_null(strstr(chapters, "标题"));
    assert_non_null(strstr(chapters, "专辑"));
    /* the duration, from the Info frame, is 9 s, give or take the encoder delay and padding (about 60 ms) */
    probe(path, "format=duration", duration, sizeof duration);
    assert_true(fabs(atof(duration) - 9.0) < 0.1);
    unlink(path);
}

/* A python3 that has mutagen (python3-mutagen), or NULL. A python3 from
 * pyenv or a venv may shadow the system one that has the Debian package. */
static const char *python_with_mutagen(void)
{
    static const char *const candidates[] = {"python3", "/usr/bin/python3"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "%s -c 'import mutagen.id3' >/dev/null 2>&1", candidates[i]);
        if (system(cmd) == 0)
            return candidates[i];
    }
    return NULL;
}

/* Prints one line per CTOC (sorted): id, flags, count, first and last
 * child, TIT2 or "-"; then "CHAP n", and "walk ok" when the tables, read
 * from the top-level one down, list ch1..chN in order and each once. */
static const char dump_py[] =
    "import sys\n"
    "from mutagen.id3 import ID3\n"
    "t = ID3(sys.argv[1])\n"
    "tocs = {f.element_id: f for f in t.getall('CTOC')}\n"
    "for k in sorted(tocs):\n"
    "    f = tocs[k]\n"
    "    ids = f.child_element_ids\n"
    "    title = f.sub_frames['TIT2'].text[0] if 'TIT2' in f.sub_frames else '-'\n"
    "    print(k, int(f.flags), len(ids), ids[0], ids[-1], title)\n"
    "chaps = t.getall('CHAP')\n"
    "print('CHAP', len(chaps))\n"
    "top = [f for f in tocs.values() if int(f.flags) & 2]\n"
    "def walk(f):\n"
    "    for c in f.child_element_ids:\n"
    "        yield from walk(tocs[c]) if c in tocs else [c]\n"
    "order = list(walk(top[0])) if len(top) == 1 else []\n"
    "if order == ['ch%d' % (i + 1) for i in range(len(chaps))]:\n"
    "    print('walk ok')\n";

/* Write n chapters of 0.1 s (titles "第I节") over n * 0.1 s of tone. */
static void write_chapters(const char *path, size_t n)
{
    tb_status err = TB_OK;
    tb_mp3 *m = tb_mp3_new(RATE, 32, &err);
    assert_non_null(m);
    size_t len = (size_t)RATE * n / 10;
    float *x = malloc(len * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < len; i++)
        x[i] = (float)(0.2 * sin(2 * M_PI * 330.0 * (double)i / RATE));
    assert_int_equal(tb_mp3_write(m, x, len), TB_OK);
    free(x);
    tb_mp3_chapter *ch = calloc(n, sizeof *ch);
    char (*titles)[32] = calloc(n, sizeof *titles);
    assert_non_null(ch);
    assert_non_null(titles);
    for (size_t i = 0; i < n; i++) {
        snprintf(titles[i], sizeof titles[i], "第%zu节", i + 1);
        ch[i] = (tb_mp3_chapter){(double)i / 10, (double)(i + 1) / 10, titles[i]};
    }
    tb_mp3_tags tags = {"长篇", "专辑", "tingbao", NULL, "chi"};
    assert_int_equal(tb_mp3_finish(m, path, &tags, ch, n, NULL), TB_OK);
    tb_mp3_free(m);
    free(titles);
    free(ch);
}

/* Run the mutagen dump on path into out. */
static void mutagen_dump(const char *py, const char *path, char *out, size_t cap)
{
    char script[] = "/tmp/tb-test-id3-XXXXXX";
    int fd = mkstemp(script);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, dump_py, sizeof dump_py - 1), (ssize_t)(sizeof dump_py - 1));
    close(fd);
    char cmd[256], line[256];
    snprintf(cmd, sizeof cmd, "%s %s '%s'", py, script, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    out[0] = '\0';
    while (fgets(line, sizeof line, p))
        strncat(out, line, cap - strlen(out) - 1);
    assert_int_equal(pclose(p), 0);
    unlink(script);
}

static void many_chapters_get_a_two_level_table(void **state)
{
    (void)state;
    if (system("command -v ffprobe >/dev/null 2>&1") != 0)
        skip();
    const char *py = python_with_mutagen();
    if (!py)
        skip();
    static const struct {
        size_t n;
        const char *tables; /* what mutagen shows */
    } cases[] = {
        {255, "toc 3 255 ch1 ch255 -\nCHAP 255\nwalk ok\n"}, /* the last single-table size */
        {256, "toc 3 2 toc1 toc2 -\n"
              "toc1 1 255 ch1 ch255 第1–255节\n"
              "toc2 1 1 ch256 ch256 第256–256节\n"
              "CHAP 256\nwalk ok\n"},
        {616, "toc 3 3 toc1 toc3 -\n" /* a 1 M-character report */
              "toc1 1 255 ch1 ch255 第1–255节\n"
              "toc2 1 255 ch256 ch510 第256–510节\n"
              "toc3 1 106 ch511 ch616 第511–616节\n"
              "CHAP 616\nwalk ok\n"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char path[] = "/tmp/tb-test-mp3-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        size_t n = cases[c].n;
        write_chapters(path, n);

        char tables[1024];
        mutagen_dump(py, path, tables, sizeof tables);
        assert_string_equal(tables, cases[c].tables);

        /* ffprobe: every chapter, in order, with its start, end and title */
        char cmd[256], line[256], want[128];
        snprintf(cmd, sizeof cmd,
                 "ffprobe -v error -show_entries chapter=start_time,end_time:chapter_tags=title "
                 "-of compact=p=0:nk=1 '%s'", path);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        size_t i = 0;
        while (fgets(line, sizeof line, p)) {
            assert_true(i < n);
            snprintf(want, sizeof want, "%.6f|%.6f|第%zu节\n", (double)i / 10, (double)(i + 1) / 10,
                     i + 1);
            assert_string_equal(line, want);
            i++;
        }
        assert_int_equal(pclose(p), 0);
        assert_int_equal(i, n);
        unlink(path);
    }
}

static void too_many_chapters_are_refused(void **state)
{
    (void)state;
    tb_status err = TB_OK;
    tb_mp3 *m = tb_mp3_new(RATE, 32, &err);
    assert_non_null(m);
    tb_mp3_chapter one = {0, 1, "x"};
    tb_mp3_tags tags = {"t", NULL, NULL, NULL, NULL};
    tb_diag d;
    memset(&d, 0, sizeof d);
    /* refused before the chapters are read: one entry stands for them all */
    assert_int_equal(tb_mp3_finish(m, "/nonexistent/x.mp3", &tags, &one, TB_MP3_MAX_CHAPTERS + 1, &d),
                     TB_ERR_ENCODE);
    assert_non_null(strstr(d.what, "chapters"));
    tb_mp3_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chapters_and_duration_read_back),
        cmocka_unit_test(many_chapters_get_a_two_level_table),
        cmocka_unit_test(too_many_chapters_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
