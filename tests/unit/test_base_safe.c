/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_base_safe.c — the input guards of src/base/safe.c, the calendar check
 * of src/base/date.c, the invisible-character strip of src/base/utf8.c and
 * the terminal escaping of src/cli/cli.c (issue 17: H2 H3 H5 S6 S8 U2 D10).
 */
#define _GNU_SOURCE
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

#include "base/date.h"
#include "base/safe.h"
#include "base/utf8.h"
#include "cli/cli.h"

static char root[64];

static const char *at(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", root, name);
    return p;
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/tb-safe-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void dates_are_real_days(void **state)
{
    (void)state;
    assert_true(tb_date_valid_iso("2024-02-29"));
    assert_true(tb_date_valid_iso("2000-02-29"));
    assert_true(tb_date_valid_iso("2023-12-31"));
    assert_false(tb_date_valid_iso("2023-02-29"));
    assert_false(tb_date_valid_iso("1900-02-29")); /* a century, not divisible by 400 */
    assert_false(tb_date_valid_iso("2024-02-30"));
    assert_false(tb_date_valid_iso("2024-04-31"));
    assert_false(tb_date_valid_iso("0000-01-01"));
    assert_false(tb_date_valid_iso("2024-13-01"));
    assert_false(tb_date_valid_iso("2024-1-01"));
    assert_false(tb_date_valid_iso("2024-01-01x"));
    assert_false(tb_date_valid_iso(NULL));
    assert_int_equal(tb_date_weekday(2024, 3, 1), 5); /* a Friday */
    assert_int_equal(tb_date_weekday(2000, 1, 1), 6);
}

static void invisible_characters_are_stripped(void **state)
{
    (void)state;
    char s[] = "A\xE2\x80\xAE"
               "B\xE2\x80\x8B"
               "C\xEF\xBB\xBF"
               "D\x1B[31m\xE2\x81\xA6"
               "E\xC2\x85";
    size_t n = tb_utf8_strip_invisible(s, strlen(s));
    assert_string_equal(s, "ABCD[31mE");
    assert_int_equal(n, strlen("ABCD[31mE"));
    char keep[] = "中文\t\n\xFF";
    assert_int_equal(tb_utf8_strip_invisible(keep, strlen(keep)), strlen("中文\t\n\xFF"));
}

static void terminal_text_is_escaped(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(tb_cli_safe("a\x1B]0;x\x07"
                                    "b",
                                    out, sizeof out),
                        "a\\x1B]0;x\\x07b");
    assert_string_equal(tb_cli_safe("右\xE2\x80\xAE"
                                    "左",
                                    out, sizeof out),
                        "右\\u{202E}左");
    assert_string_equal(tb_cli_safe("\xFF"
                                    "ok",
                                    out, sizeof out),
                        "\\xFFok");
    assert_string_equal(tb_cli_safe("\x1B\x1B\x1B", out, 9), "\\x1B\\x1B"); /* cut, never half */
}

static void only_regular_files_are_read(void **state)
{
    (void)state;
    char *data = NULL;
    size_t len = 0;
    tb_diag d = {0};
    put("plain", "hello\n");
    assert_int_equal(tb_safe_read_file(at("plain"), 0, 100, &data, &len, &d), TB_OK);
    assert_int_equal(len, 6);
    assert_string_equal(data, "hello\n");
    free(data);
    assert_int_equal(tb_safe_read_file(at("plain"), 0, 5, &data, &len, &d), TB_ERR_TOO_BIG);
    assert_int_equal(mkfifo(at("fifo"), 0600), 0);
    assert_int_equal(tb_safe_read_file(at("fifo"), 0, 100, &data, &len, &d), TB_ERR_INPUT);
    assert_string_equal(d.what, "not a regular file (a FIFO)");
    assert_int_equal(tb_safe_read_file("/dev/zero", 0, 100, &data, &len, &d), TB_ERR_INPUT);
    assert_string_equal(d.what, "not a regular file (a device)");
    assert_int_equal(tb_safe_read_file(root, 0, 100, &data, &len, &d), TB_ERR_IO); /* EISDIR */
    assert_int_equal(symlink(at("plain"), at("link")), 0);
    assert_int_equal(tb_safe_read_file(at("link"), TB_SAFE_NOFOLLOW, 100, &data, &len, &d),
                     TB_ERR_INPUT);
    assert_int_equal(tb_safe_read_file(at("link"), 0, 100, &data, &len, &d), TB_OK);
    free(data);
    assert_int_equal(tb_safe_read_file(at("missing"), 0, 100, &data, &len, &d), TB_ERR_IO);
}

static void lines_are_bounded(void **state)
{
    (void)state;
    put("lines", "one\n\ntwelve chars\nlast");
    FILE *f = fopen(at("lines"), "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t cap = 0, len = 0;
    assert_int_equal(tb_safe_getline(f, &buf, &cap, 8, &len), 1);
    assert_string_equal(buf, "one");
    assert_int_equal(tb_safe_getline(f, &buf, &cap, 8, &len), 1);
    assert_int_equal(len, 0);
    assert_int_equal(tb_safe_getline(f, &buf, &cap, 8, &len), -1);
    assert_true(cap <= 9); /* never more than the limit, whatever the line */
    fclose(f);
    f = fopen(at("lines"), "rb");
    for (int i = 0; i < 3; i++)
        assert_int_equal(tb_safe_getline(f, &buf, &cap, 64, &len), 1);
    assert_int_equal(tb_safe_getline(f, &buf, &cap, 64, &len), 1);
    assert_string_equal(buf, "last");
    assert_int_equal(tb_safe_getline(f, &buf, &cap, 64, &len), 0);
    fclose(f);
    free(buf);
}

static void writes_refuse_planted_links(void **state)
{
    (void)state;
    tb_diag d = {0};
    put("target", "precious");
    assert_int_equal(symlink(at("target"), at("planted")), 0);
    assert_int_equal(tb_safe_write_file(at("planted"), "x", 1, &d), TB_ERR_IO);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(tb_safe_read_file(at("target"), 0, 100, &data, &len, &d), TB_OK);
    assert_string_equal(data, "precious");
    free(data);
    assert_int_equal(tb_safe_write_file(at("fresh"), "abc", 3, &d), TB_OK);
    char hex[65];
    unsigned long long bytes = 0;
    assert_int_equal(tb_safe_file_sha256(at("fresh"), TB_SAFE_NOFOLLOW, hex, &bytes, &d), TB_OK);
    assert_int_equal(bytes, 3);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_are_real_days),
        cmocka_unit_test(invisible_characters_are_stripped),
        cmocka_unit_test(terminal_text_is_escaped),
        cmocka_unit_test_setup_teardown(only_regular_files_are_read, setup, teardown),
        cmocka_unit_test_setup_teardown(lines_are_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(writes_refuse_planted_links, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
