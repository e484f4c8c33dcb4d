/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cli_batch.c — unit tests for the batch list (src/batch.c): the manifest
 * format, bad lines as failed items, duplicate slugs, folders, shards. */
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

#include "cli/batch.h"
#include "input/input.h"

static tb_batch *parse(const char *text, const char *base)
{
    tb_batch *b = NULL;
    tb_diag d = {0};
    assert_int_equal(tb_batch_parse(text, strlen(text), "m.tsv", base, &b, &d), TB_OK);
    assert_non_null(b);
    return b;
}

static void manifest_fields(void **state)
{
    (void)state;
    tb_batch *b = parse("\xEF\xBB\xBF# a comment\r\n"
                        "\n"
                        "   \t \n"
                        "  # an indented comment\n"
                        "a.txt\r\n"
                        "sub/b.md\tb-0312\t2024-03-12\t 草原 新闻 \n"
                        "/abs/c.html\t\t\t只有标题\n"
                        "d.txt\t  e_1  \t2024-01-31\n"
                        "page.dat\t\t\t\t html ",
                        "/data/m");
    assert_int_equal(b->n, 5);
    assert_int_equal(b->items[0].format, TB_FMT_AUTO);
    assert_int_equal(b->items[4].format, TB_FMT_HTML); /* FORMAT: as --input-format */
    assert_null(b->items[4].title);
    assert_string_equal(b->items[0].input, "/data/m/a.txt");
    assert_string_equal(b->items[0].slug, "a");
    assert_null(b->items[0].date);
    assert_null(b->items[0].title);
    assert_int_equal(b->items[0].line, 5);
    assert_null(b->items[0].error);
    assert_string_equal(b->items[1].input, "/data/m/sub/b.md");
    assert_string_equal(b->items[1].slug, "b-0312");
    assert_string_equal(b->items[1].date, "2024-03-12");
    assert_string_equal(b->items[1].title, "草原 新闻");   /* trimmed, inner space kept */
    assert_string_equal(b->items[2].input, "/abs/c.html"); /* absolute: as given */
    assert_string_equal(b->items[2].slug, "c");
    assert_null(b->items[2].date);
    assert_string_equal(b->items[2].title, "只有标题");
    assert_string_equal(b->items[3].slug, "e_1");
    assert_string_equal(b->items[3].date, "2024-01-31");
    assert_int_equal(b->items[3].line, 8);
    tb_batch_free(b);

    b = parse("x.txt\n+++.txt\n", NULL); /* no base: paths as given */
    assert_string_equal(b->items[0].input, "x.txt");
    assert_string_equal(b->items[1].slug, "edition"); /* tb_render_slug's fallback */
    tb_batch_free(b);
}

/* Every bad line is an item with a reason naming the file and line; the good
 * lines around it are untouched and the numbering counts the bad ones. */
static void manifest_bad_lines(void **state)
{
    (void)state;
    static const struct {
        const char *line, *why;
    } bad[] = {
        {"\tslug", "no report path"},
        {"a.txt\t../up", "bad slug"},
        {"a.txt\tx/y", "bad slug"},
        {"a.txt\t.hidden", "bad slug"},
        {"a.txt\tfeed.xml", "bad slug"},
        {"a.txt\t-dash", "bad slug"},
        {"a.txt\t中文", "bad slug"},
        {"a.txt\tok\t2024-13-01", "bad date"},
        {"a.txt\tok\t2024-1-01", "bad date"},
        {"a.txt\tok\t2024-01-01\ttitle\thtml\textra", "more than 5"},
        {"a.txt\tok\t2024-01-01\ttitle\tpdf", "bad format"},
        {"a\xff.txt", "not valid UTF-8"},
        {"a\xe4\xb8.txt", "not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "first.txt\n%s\nlast.txt\n", bad[i].line);
        tb_batch *b = parse(text, NULL);
        assert_int_equal(b->n, 3);
        assert_null(b->items[0].error);
        assert_null(b->items[2].error);
        const char *err = b->items[1].error;
        if (!err || !strstr(err, bad[i].why) || strncmp(err, "m.tsv:2: ", 9) != 0)
            fail_msg("line '%s': got '%s', want m.tsv:2: ... %s", bad[i].line, err ? err : "(none)",
                     bad[i].why);
        tb_batch_free(b);
    }
}

static void manifest_duplicates(void **state)
{
    (void)state;
    /* the first holder of a slug keeps it; later ones fail, whatever the order */
    tb_batch *b = parse("z.txt\tsame\n"
                        "a.txt\n"
                        "y.txt\tsame\n"
                        "dir/a.md\n"
                        "w.txt\tsame\n"
                        "bad\t../x\n"
                        "q.txt\tx\n",
                        NULL);
    assert_int_equal(b->n, 7);
    assert_null(b->items[0].error);
    assert_null(b->items[1].error);
    assert_non_null(b->items[2].error);
    assert_non_null(strstr(b->items[2].error, "m.tsv:3: duplicate slug 'same' (first at line 1)"));
    assert_non_null(b->items[3].error);
    assert_non_null(strstr(b->items[3].error, "duplicate slug 'a' (first at line 2)"));
    assert_non_null(strstr(b->items[4].error, "(first at line 1)"));
    assert_non_null(strstr(b->items[5].error, "bad slug"));
    assert_null(b->items[6].error);
    tb_batch_free(b);
}

static void slugs(void **state)
{
    (void)state;
    const char *good[] = {"a", "0", "_x", "2024-03-18", "nmg.0404", "A-b_c.d"};
    const char *bad[] = {"",    ".",        "..",        ".x", "-x",  "a/b",
                         "a b", "feed.xml", "feed.conf", "é",  "a\\b"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(tb_batch_slug_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(tb_batch_slug_valid(bad[i]));
    char longest[TB_BATCH_SLUG_MAX + 2];
    memset(longest, 'a', sizeof longest);
    longest[TB_BATCH_SLUG_MAX] = '\0';
    assert_true(tb_batch_slug_valid(longest));
    longest[TB_BATCH_SLUG_MAX] = 'a';
    longest[TB_BATCH_SLUG_MAX + 1] = '\0';
    assert_false(tb_batch_slug_valid(longest));
}

static void shards(void **state)
{
    (void)state;
    size_t i = 99, n = 99;
    assert_true(tb_batch_parse_shard("0/1", &i, &n));
    assert_int_equal(i, 0);
    assert_int_equal(n, 1);
    assert_true(tb_batch_parse_shard("3/4", &i, &n));
    assert_int_equal(i, 3);
    assert_int_equal(n, 4);
    const char *bad[] = {"",     "/",    "1",   "1/",   "/2",   "2/2",   "3/2",        "0/0",
                         "-1/2", "1/-2", "a/2", "1/2x", " 1/2", "1/2/3", "0/99999999", "0/1000001"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        if (tb_batch_parse_shard(bad[k], &i, &n))
            fail_msg("shard '%s' accepted", bad[k]);
    /* N shards cover 0..M-1 exactly once */
    for (size_t count = 1; count <= 7; count++) {
        for (size_t item = 0; item < 50; item++) {
            int owners = 0;
            for (size_t s = 0; s < count; s++)
                owners += tb_batch_in_shard(item, s, count);
            assert_int_equal(owners, 1);
            assert_true(tb_batch_in_shard(item, item % count, count));
        }
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void folder_and_manifest_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/tb-batch-XXXXXX", p[512];
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"b-report.TXT", "a.md", "c.html", ".hidden.txt", "notes.pdf", "A.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        write_file(p, "x\n");
    }
    snprintf(p, sizeof p, "%s/sub.txt", dir); /* a folder named like a report */
    assert_int_equal(mkdir(p, 0777), 0);
    tb_batch *b = NULL;
    tb_diag d = {0};
    assert_int_equal(tb_batch_load(dir, &b, &d), TB_OK);
    assert_int_equal(b->n, 4); /* A.txt, a.md, b-report.TXT, c.html in byte order */
    assert_non_null(strstr(b->items[0].input, "/A.txt"));
    assert_string_equal(b->items[0].slug, "a");
    assert_null(b->items[0].error);
    assert_string_equal(b->items[1].slug, "a"); /* a.md: same slug as A.txt */
    assert_non_null(b->items[1].error);
    assert_non_null(strstr(b->items[1].error, "duplicate slug 'a'"));
    assert_string_equal(b->items[2].slug, "b-report");
    assert_string_equal(b->items[3].slug, "c");
    assert_int_equal(b->items[3].line, 0);
    tb_batch_free(b);

    /* a manifest file: relative paths against its folder */
    snprintf(p, sizeof p, "%s/list.tsv", dir);
    write_file(p, "a.md\tone\nsub/x.txt\ttwo\n");
    assert_int_equal(tb_batch_load(p, &b, &d), TB_OK);
    assert_int_equal(b->n, 2);
    char want[512];
    snprintf(want, sizeof want, "%s/sub/x.txt", dir);
    assert_string_equal(b->items[1].input, want);
    tb_batch_free(b);

    snprintf(p, sizeof p, "%s/none.tsv", dir);
    assert_int_equal(tb_batch_load(p, &b, &d), TB_ERR_IO);
    assert_null(b);
    assert_non_null(strstr(d.file, "none.tsv"));

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(manifest_fields),
        cmocka_unit_test(manifest_bad_lines),
        cmocka_unit_test(manifest_duplicates),
        cmocka_unit_test(slugs),
        cmocka_unit_test(shards),
        cmocka_unit_test(folder_and_manifest_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
