/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_encode_mp3.c — the MP3 writer: a tone in three chapters is written, then
 * read back with ffprobe (an independent reader of ID3 chapters and MP3
 * duration). Past 255 chapters (one CTOC's limit) the table of contents
 * becomes two levels: ffprobe lists every chapter, and mutagen (an
 * independent reader of CTOC frames) shows the tables and walks them in
 * order. Skips, saying so, when ffprobe or mutagen is missing.
 */
#include <errno.h>
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

/* Where an edition goes: its file, its tags, its chapters (their titles). */
typedef struct {
    const char *path;
    const tb_mp3_tags *tags;
    const tb_mp3_chapter *ch;
    size_t n;
} target;

/* The edition of n samples of x at `rate` in parts cut at cuts[0..k-1]
 * (samples, ascending), the parts made last to first: they do not depend on
 * each other; to be finished. */
static tb_mp3 *encode_parts_at(int rate, int kbps, const float *x, size_t n, const size_t *cuts,
                               size_t k, const target *t)
{
    tb_status err = TB_OK;
    tb_mp3 *m = tb_mp3_new(rate, kbps, t->path, t->tags, t->ch, t->n, &err, NULL);
    assert_non_null(m);
    FILE **files = calloc(k + 1, sizeof *files);
    assert_non_null(files);
    for (size_t i = k + 1; i-- > 0;) {
        size_t a = i ? cuts[i - 1] : 0, b = i < k ? cuts[i] : n;
        assert_non_null(files[i] = tmpfile());
        tb_mp3_part *p = tb_mp3_part_new(rate, kbps, a, b, i == k, files[i], &err);
        assert_non_null(p);
        for (size_t at = a; at < b; at += 5000)
            assert_int_equal(tb_mp3_part_write(p, x + at, b - at < 5000 ? b - at : 5000), TB_OK);
        assert_int_equal(tb_mp3_part_finish(p, "part", NULL), TB_OK);
        tb_mp3_part_free(p);
    }
    for (size_t i = 0; i <= k; i++) {
        assert_int_equal(tb_mp3_add_part(m, files[i], NULL), TB_OK);
        fclose(files[i]);
    }
    free(files);
    return m;
}

static tb_mp3 *encode_in_parts(int kbps, const float *x, size_t n, const size_t *cuts, size_t k,
                               const target *t)
{
    return encode_parts_at(RATE, kbps, x, n, cuts, k, t);
}

static float *decode(const char *path, size_t *n);

/* ffprobe's compact output for `entries`, lines joined, into out. */
static void probe(const char *path, const char *entries, char *out, size_t n)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "ffprobe -v error -show_entries %s -of compact=p=0:nk=1 '%s'",
             entries, path);
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
    size_t n = RATE * 9;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (double)i / RATE));
    tb_mp3_chapter ch[] = {{0, 3, "第一章 <&>"}, {3, 6, "第二章 😀"}, {6, 9, "Third"}};
    tb_mp3_tags tags = {"标题", "专辑", "tingbao", "2022-06-15", "chi"};
    target t = {path, &tags, ch, 3};
    tb_mp3 *m = encode_in_parts(48, x, n, NULL, 0, &t);
    assert_int_equal(tb_mp3_finish(m, tb_mp3_samples(RATE, n), ch, NULL), TB_OK);
    tb_mp3_free(m);

    char chapters[4096], duration[64];
    probe(path, "chapter=start_time,end_time:chapter_tags=title:format_tags=title,album", chapters,
          sizeof chapters);
    assert_non_null(strstr(chapters, "0.000000|3.000000|第一章 <&>\n"));
    assert_non_null(strstr(chapters, "3.000000|6.000000|第二章 😀\n"));
    assert_non_null(strstr(chapters, "6.000000|9.000000|Third\n"));
    assert_non_null(strstr(chapters, "标题"));
    assert_non_null(strstr(chapters, "专辑"));
    /* 9 s exactly when decoded: the Info frame's encoder delay and padding
     * are exact (ffprobe's duration counts whole frames; FFmpeg's decoder
     * applies them) */
    probe(path, "format=duration", duration, sizeof duration);
    assert_true(fabs(atof(duration) - 9.0) < 0.1);
    size_t got;
    free(decode(path, &got));
    assert_int_equal(got, 2 * n);
    free(x);
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
    size_t len = (size_t)RATE * n / 10;
    float *x = malloc(len * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < len; i++)
        x[i] = (float)(0.2 * sin(2 * M_PI * 330.0 * (double)i / RATE));
    tb_mp3_chapter *ch = calloc(n, sizeof *ch);
    char(*titles)[32] = calloc(n, sizeof *titles);
    assert_non_null(ch);
    assert_non_null(titles);
    for (size_t i = 0; i < n; i++) {
        snprintf(titles[i], sizeof titles[i], "第%zu节", i + 1);
        ch[i] = (tb_mp3_chapter){(double)i / 10, (double)(i + 1) / 10, titles[i]};
    }
    tb_mp3_tags tags = {"长篇", "专辑", "tingbao", NULL, "chi"};
    target t = {path, &tags, ch, n};
    tb_mp3 *m = encode_in_parts(32, x, len, NULL, 0, &t);
    free(x);
    assert_int_equal(tb_mp3_finish(m, tb_mp3_samples(RATE, len), ch, NULL), TB_OK);
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
                 "-of compact=p=0:nk=1 '%s'",
                 path);
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
    tb_mp3_chapter one = {0, 1, "x"};
    tb_mp3_tags tags = {"t", NULL, NULL, NULL, NULL};
    tb_diag d;
    memset(&d, 0, sizeof d);
    /* refused before the chapters are read: one entry stands for them all */
    assert_null(
        tb_mp3_new(RATE, 32, "/nonexistent/x.mp3", &tags, &one, TB_MP3_MAX_CHAPTERS + 1, &err, &d));
    assert_int_equal(err, TB_ERR_ENCODE);
    assert_non_null(strstr(d.what, "chapters"));
    /* a file that cannot be created says so */
    memset(&d, 0, sizeof d);
    assert_null(tb_mp3_new(RATE, 32, "/nonexistent/x.mp3", &tags, &one, 1, &err, &d));
    assert_int_equal(err, TB_ERR_IO);
    assert_non_null(strstr(d.file, "/nonexistent/x.mp3"));
}

/* Decode path with FFmpeg to 44.1 kHz mono float; the sample count to *n.
 * FFmpeg must say nothing: a broken frame or bit reservoir is an error. */
static float *decode(const char *path, size_t *n)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -f f32le -ac 1 -ar 44100 - 2>'%s.err'", path,
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 20, len = 0, got;
    float *y = malloc(cap * sizeof *y);
    assert_non_null(y);
    while ((got = fread(y + len, sizeof *y, cap - len, p)) > 0)
        if ((len += got) == cap) {
            assert_non_null(y = realloc(y, (cap *= 2) * sizeof *y));
        }
    assert_int_equal(pclose(p), 0);
    snprintf(cmd, sizeof cmd, "%s.err", path);
    FILE *e = fopen(cmd, "r");
    assert_non_null(e);
    char msg[256] = "";
    if (fgets(msg, sizeof msg, e))
        print_message("ffmpeg: %s", msg);
    assert_string_equal(msg, "");
    fclose(e);
    unlink(cmd);
    *n = len;
    return y;
}

/* Four "sections" (a second of silence each end, tones between) in four
 * parts, cut where the sections meet and encoded last to first, against
 * the same audio in one part: both decode (FFmpeg, no complaint) to exactly
 * the input's length, every tone starts at the same sample in both, and
 * every section keeps its energy: the parts join as one stream, each
 * frame at its place. */
static void parts_join_into_one_timeline(void **state)
{
    (void)state;
    if (system("command -v ffmpeg >/dev/null 2>&1") != 0)
        skip();
    const size_t secs[4] = {4, 5, 3, 6};
    size_t n = 0, cuts[3], starts[4];
    for (int k = 0; k < 4; k++) {
        starts[k] = n + RATE;
        n += secs[k] * RATE + 777 * (size_t)k; /* cuts off the frame grid */
        if (k < 3)
            cuts[k] = n;
    }
    float *x = calloc(n, sizeof *x);
    assert_non_null(x);
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < (secs[k] - 2) * RATE; i++)
            x[starts[k] + i] = (float)(0.3 * sin(2 * M_PI * (300.0 + 150 * k) * (double)i / RATE));
    char one[] = "/tmp/tb-test-mp3-XXXXXX", four[] = "/tmp/tb-test-mp3-XXXXXX";
    int fd1 = mkstemp(one), fd4 = mkstemp(four);
    assert_true(fd1 >= 0 && fd4 >= 0);
    close(fd1);
    close(fd4);
    tb_mp3_tags tags = {"t", NULL, NULL, NULL, NULL};
    tb_mp3_chapter ch = {0, (double)n / RATE, "x"};
    target t1 = {one, &tags, &ch, 1}, t4 = {four, &tags, &ch, 1};
    tb_mp3 *m = encode_in_parts(64, x, n, NULL, 0, &t1);
    assert_int_equal(tb_mp3_finish(m, tb_mp3_samples(RATE, n), &ch, NULL), TB_OK);
    tb_mp3_free(m);
    m = encode_in_parts(64, x, n, cuts, 3, &t4);
    assert_int_equal(tb_mp3_finish(m, tb_mp3_samples(RATE, n), &ch, NULL), TB_OK);
    tb_mp3_free(m);
    size_t n1, n4, want = n * 2; /* 22.05 to 44.1 kHz */
    float *y1 = decode(one, &n1), *y4 = decode(four, &n4);
    assert_int_equal(n1, want);
    assert_int_equal(n4, want);
    for (int k = 0; k < 4; k++) {
        size_t a = (k ? cuts[k - 1] : 0) * 2, b = (k < 3 ? cuts[k] : n) * 2, on1 = b, on4 = b;
        double e1 = 0, e4 = 0;
        for (size_t i = a; i < b; i++) {
            if (on1 == b && fabsf(y1[i]) > 0.1f)
                on1 = i;
            if (on4 == b && fabsf(y4[i]) > 0.1f)
                on4 = i;
            e1 += (double)y1[i] * y1[i];
            e4 += (double)y4[i] * y4[i];
        }
        assert_true(on1 < b && labs((long)on1 - (long)starts[k] * 2) < 40);
        assert_true(labs((long)on4 - (long)on1) <= 2);
        assert_true(fabs(10 * log10(e4 / e1)) < 0.2);
    }
    free(y1);
    free(y4);
    free(x);
    unlink(one);
    unlink(four);
}

/* A part that cannot be written (/dev/full) says which and why, once
 * finished, whichever write failed first. */
static void a_full_disk_is_reported(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    tb_status err = TB_OK;
    tb_mp3_part *p = tb_mp3_part_new(RATE, 64, 0, RATE * 20, 1, full, &err);
    assert_non_null(p);
    float *x = calloc(RATE, sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < RATE; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (double)i / RATE));
    tb_status st = TB_OK;
    for (int s = 0; s < 20 && st == TB_OK; s++)
        st = tb_mp3_part_write(p, x, RATE);
    tb_diag d;
    memset(&d, 0, sizeof d);
    assert_int_equal(tb_mp3_part_finish(p, "the-part", &d), TB_ERR_IO);
    assert_string_equal(d.file, "the-part");
    assert_int_equal(d.err, ENOSPC);
    tb_mp3_part_free(p);
    fclose(full);
    free(x);
}

/* Many parts at 24 kHz, the rate the render decodes Opus at: its grid meets
 * the 44.1 kHz one every 80 samples, so a cut lies between the two grids'
 * points and must give the frame there to exactly one of the two parts
 * around it. 200 parts of 0.7-2 s: the edition is exactly as long as its
 * input, and a tone in the middle of every part is where it was. */
static void many_parts_at_24k_add_up(void **state)
{
    (void)state;
    if (system("command -v ffmpeg >/dev/null 2>&1") != 0)
        skip();
    const int rate = 24000;
    size_t cuts[199], n = 0;
    unsigned seed = 12345;
    for (int k = 0; k < 200; k++) {
        seed = seed * 1103515245u + 12345u;
        n += 16800 + (seed >> 8) % 31200; /* 0.7 to 2 s */
        if (k < 199)
            cuts[k] = n;
    }
    float *x = calloc(n, sizeof *x);
    assert_non_null(x);
    for (int k = 0; k < 200; k++) { /* 0.2 s of tone in the middle of each part */
        size_t a = k ? cuts[k - 1] : 0, b = k < 199 ? cuts[k] : n, mid = (a + b) / 2;
        for (size_t i = mid - 2400; i < mid + 2400; i++)
            x[i] = (float)(0.3 * sin(2 * M_PI * 500.0 * (double)(i - mid) / rate));
    }
    char path[] = "/tmp/tb-test-mp3-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    tb_mp3_tags tags = {"t", NULL, NULL, NULL, NULL};
    tb_mp3_chapter ch = {0, (double)n / rate, "x"};
    target t = {path, &tags, &ch, 1};
    tb_mp3 *m = encode_parts_at(rate, 64, x, n, cuts, 199, &t);
    assert_int_equal(tb_mp3_finish(m, tb_mp3_samples(rate, n), &ch, NULL), TB_OK);
    tb_mp3_free(m);
    size_t got;
    float *y = decode(path, &got);
    assert_int_equal(got, (n * 44100 + rate / 2) / rate);
    for (int k = 0; k < 200; k++) {
        size_t a = k ? cuts[k - 1] : 0, b = k < 199 ? cuts[k] : n, mid = (a + b) / 2;
        size_t on = (mid - 2400) * 44100 / rate, at = on - 441;
        while (at < on + 441 && fabsf(y[at]) < 0.05f)
            at++;
        assert_true(at + 44 >= on && at <= on + 44); /* within 1 ms */
    }
    free(y);
    free(x);
    unlink(path);
}

/* The edition takes only whole MP3 frames: a part cut short, or bytes that
 * are not frames, are refused, not joined. */
static void damaged_parts_are_refused(void **state)
{
    (void)state;
    size_t n = RATE * 3;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (double)i / RATE));
    tb_status err = TB_OK;
    FILE *f = tmpfile();
    assert_non_null(f);
    tb_mp3_part *p = tb_mp3_part_new(RATE, 64, 0, n, 1, f, &err);
    assert_non_null(p);
    assert_int_equal(tb_mp3_part_write(p, x, n), TB_OK);
    assert_int_equal(tb_mp3_part_finish(p, "part", NULL), TB_OK);
    tb_mp3_part_free(p);
    long size = ftell(f);
    assert_true(size > 1000);
    char path[] = "/tmp/tb-test-mp3-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    tb_mp3_tags tags = {"t", NULL, NULL, NULL, NULL};
    tb_mp3_chapter ch = {0, 3, "x"};
    tb_mp3 *m = tb_mp3_new(RATE, 64, path, &tags, &ch, 1, &err, NULL);
    assert_non_null(m);
    assert_int_equal(tb_mp3_add_part(m, f, NULL), TB_OK); /* whole */
    tb_mp3_free(m);
    assert_int_equal(ftruncate(fileno(f), size - 10), 0);
    m = tb_mp3_new(RATE, 64, path, &tags, &ch, 1, &err, NULL);
    assert_int_equal(tb_mp3_add_part(m, f, NULL), TB_ERR_ENCODE); /* its last frame cut short */
    tb_mp3_free(m);
    FILE *g = tmpfile();
    assert_non_null(g);
    assert_int_equal(fwrite(x, sizeof *x, 1000, g), 1000);
    m = tb_mp3_new(RATE, 64, path, &tags, &ch, 1, &err, NULL);
    assert_int_equal(tb_mp3_add_part(m, g, NULL), TB_ERR_ENCODE); /* not MP3 at all */
    tb_mp3_free(m);
    unlink(path);
    fclose(f);
    fclose(g);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chapters_and_duration_read_back),
        cmocka_unit_test(many_chapters_get_a_two_level_table),
        cmocka_unit_test(too_many_chapters_are_refused),
        cmocka_unit_test(parts_join_into_one_timeline),
        cmocka_unit_test(a_full_disk_is_reported),
        cmocka_unit_test(damaged_parts_are_refused),
        cmocka_unit_test(many_parts_at_24k_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
