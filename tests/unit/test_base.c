/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_base.c — unit tests for the shared helpers: capped buffer, UTF-8, edition model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "model/edition.h"
#include "base/utf8.h"

static void buf_grows_and_caps(void **state)
{
    (void)state;
    tb_buf b;
    tb_buf_init(&b, 10);
    assert_int_equal(tb_buf_adds(&b, "12345"), TB_OK);
    assert_int_equal(tb_buf_printf(&b, "%d", 6789), TB_OK);
    assert_string_equal(b.data, "123456789");
    assert_int_equal(tb_buf_adds(&b, "ab"), TB_ERR_TOO_BIG); /* 11 > 10 */
    assert_int_equal(b.len, 9);                              /* nothing half-written */
    assert_int_equal(tb_buf_addc(&b, 'x'), TB_OK);
    char *s = tb_buf_take(&b);
    assert_string_equal(s, "123456789x");
    assert_null(b.data);
    free(s);
    tb_buf_free(&b);
}

static void buf_codepoints(void **state)
{
    (void)state;
    tb_buf b;
    tb_buf_init(&b, 0);
    unsigned cps[] = {0x41, 0xE9, 0x542C, 0x1F600};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(tb_buf_addcp(&b, cps[i]), TB_OK);
    assert_memory_equal(b.data, "A\xC3\xA9\xE5\x90\xAC\xF0\x9F\x98\x80", 10);
    size_t off = 0;
    for (size_t i = 0; i < 4; i++) {
        unsigned cp;
        size_t n = tb_utf8_decode(b.data + off, b.len - off, &cp);
        assert_true(n > 0);
        assert_int_equal(cp, cps[i]);
        off += n;
    }
    assert_int_equal(tb_utf8_count(b.data, b.len), 4);
    tb_buf_free(&b);
}

static void utf8_rejects_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t n;
    } bad[] = {
        {"\xC0\xAF", 2},         /* overlong '/' */
        {"\xED\xA0\x80", 3},     /* surrogate */
        {"\xF4\x90\x80\x80", 4}, /* above U+10FFFF */
        {"\xE5\x90", 2},         /* truncated */
        {"\x80", 1},             /* lone continuation */
        {"\xFF", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned cp;
        assert_int_equal(tb_utf8_decode(bad[i].bytes, bad[i].n, &cp), 0);
        assert_int_equal(cp, 0xFFFD);
    }
    unsigned cp;
    assert_int_equal(tb_utf8_decode("", 0, &cp), 0);
    assert_true(tb_is_han(0x542C));
    assert_false(tb_is_han(0x3002)); /* 。 */
}

static void edition_owns_its_strings(void **state)
{
    (void)state;
    tb_edition *ed = tb_edition_new();
    assert_non_null(ed);
    char title[] = "标题";
    tb_section *sec = tb_edition_add_section(ed, TB_KIND_SUBHEADING, title);
    assert_non_null(sec);
    title[0] = 'X'; /* the edition keeps its own copy */
    assert_string_equal(sec->title, "标题");
    for (int i = 0; i < 100; i++)
        assert_non_null(tb_edition_add_sentence(ed, sec, "一句话。", strlen("一句话。"), (size_t)i + 1));
    for (int i = 0; i < 40; i++) /* grow the section array past its first size */
        assert_non_null(tb_edition_add_section(ed, TB_KIND_SUBREPORT, "地方"));
    assert_int_equal(tb_edition_count_sentences(ed), 100);
    assert_int_equal(ed->sections[0].sentences[99].line, 100);
    assert_string_equal(tb_section_kind_name(ed->sections[1].kind), "subreport");
    char big[100000];
    memset(big, 'a', sizeof big);
    char *p = tb_edition_strndup(ed, big, sizeof big); /* larger than an arena chunk */
    assert_non_null(p);
    assert_int_equal(strlen(p), sizeof big);
    tb_edition_free(ed);
}

static void grow_doubles_and_refuses_overflow(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 100; n++) {
        assert_int_equal(tb_grow((void **)&v, &cap, n, sizeof *v, 4), TB_OK);
        assert_true(cap > n);
        v[n] = (int)n;
    }
    assert_int_equal(cap, 128);
    assert_int_equal(v[99], 99);
    /* a size that would overflow is refused, leaving the array as it was */
    size_t huge = SIZE_MAX / 2 + 1;
    void *before = v;
    assert_int_equal(tb_grow((void **)&v, &huge, huge, 2, 4), TB_ERR_NOMEM);
    assert_ptr_equal(v, before);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_grows_and_caps),
        cmocka_unit_test(buf_codepoints),
        cmocka_unit_test(utf8_rejects_invalid),
        cmocka_unit_test(edition_owns_its_strings),
        cmocka_unit_test(grow_doubles_and_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
