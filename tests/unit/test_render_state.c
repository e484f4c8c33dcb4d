/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_render_state.c — the keys of an incremental render: fields are hashed
 * with their lengths, so moving a boundary changes the key; NULL and "" differ;
 * and the state read back from edition.json is exact, or absent when it is
 * damaged (an edition is then rendered in full, never from bad figures).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/render_state.h"
#include "publish/edition_json.h"

static void key_of(const char *a, const char *b, char out[TB_KEY_HEX])
{
    tb_hash h;
    tb_hash_init(&h);
    tb_hash_str(&h, a);
    tb_hash_str(&h, b);
    tb_hash_hex(&h, out);
}

static void fields_are_separate(void **state)
{
    (void)state;
    char k1[TB_KEY_HEX], k2[TB_KEY_HEX], k3[TB_KEY_HEX], k4[TB_KEY_HEX];
    key_of("ab", "c", k1);
    key_of("a", "bc", k2);
    key_of("ab", "c", k3);
    key_of("ab", NULL, k4);
    assert_string_not_equal(k1, k2);
    assert_string_equal(k1, k3);
    assert_int_equal(strlen(k1), 64);
    char k5[TB_KEY_HEX];
    key_of("ab", "", k5);
    assert_string_not_equal(k4, k5);
    /* copies of a hash state go on independently (the render hashes a common
     * prefix once and each section from a copy) */
    tb_hash base, x, y;
    tb_hash_init(&base);
    tb_hash_str(&base, "settings");
    x = base;
    y = base;
    tb_hash_int(&x, 1);
    tb_hash_int(&y, 2);
    tb_hash_hex(&x, k1);
    tb_hash_hex(&y, k2);
    assert_string_not_equal(k1, k2);
}

static char *write_tmp(const char *text)
{
    static char path[] = "/tmp/tb-test-render-state-XXXXXX";
    strcpy(path, "/tmp/tb-test-render-state-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" /* of "abc" */
#define KEY_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define KEY_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void state_reads_back_exactly(void **state)
{
    (void)state;
    char *path = write_tmp("{\"duration\": 12.5, \"render\": {\"key\": \"" KEY_A "\", \"sections\": ["
                           "{\"key\": \"" KEY_B "\", \"file\": \"01-headline.opus\", "
                           "\"samples\": [5512, 64000, 79435, 12], \"lufs\": -15.8221075442, "
                           "\"true_peak\": -3.6, \"gain_db\": 17.9380363943, \"bytes\": 3, "
                           "\"sha256\": \"" SHA_ABC "\"}]}}");
    tb_render_state *s = NULL;
    assert_int_equal(tb_render_state_load(path, &s), TB_OK);
    assert_non_null(s);
    assert_string_equal(s->key, KEY_A);
    assert_true(s->duration == 12.5);
    assert_int_equal(s->n_sections, 1);
    const tb_rs_section *r = tb_render_state_find(s, KEY_B);
    assert_non_null(r);
    assert_string_equal(r->file, "01-headline.opus");
    assert_int_equal(r->n_sentences, 2);
    assert_int_equal(r->samples[0], 5512);
    assert_int_equal(r->samples[3], 12);
    assert_true(r->lufs == -15.8221075442);
    assert_true(r->gain_db == 17.9380363943);
    assert_int_equal(r->bytes, 3);
    assert_string_equal(r->sha256, SHA_ABC);
    assert_null(tb_render_state_find(s, KEY_A));
    /* a kept file must still be what the state says: length and SHA-256 */
    char dir[] = "/tmp/tb-rs-XXXXXX", file[64];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/01-headline.opus", dir);
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    fputs("abc", f);
    fclose(f);
    assert_true(tb_render_state_file_ok(dir, r));
    f = fopen(file, "wb");
    fputs("abd", f); /* damaged, same length */
    fclose(f);
    assert_false(tb_render_state_file_ok(dir, r));
    unlink(file);
    assert_int_equal(symlink("/etc/hostname", file), 0); /* a link is never a kept file */
    assert_false(tb_render_state_file_ok(dir, r));
    unlink(file);
    rmdir(dir);
    tb_render_state_free(s);
    unlink(path);
}

static void damaged_state_is_no_state(void **state)
{
    (void)state;
    static const char *bad[] = {
        "not json",
        "{\"render\": {\"key\": \"short\", \"sections\": []}}",
        "{\"render\": {\"key\": \"" KEY_A "\", \"sections\": [{\"key\": \"" KEY_B
        "\", \"file\": \"../../etc/passwd\", \"samples\": []}]}}",
        "{\"render\": {\"key\": \"" KEY_A "\", \"sections\": [{\"key\": \"" KEY_B
        "\", \"file\": \"01-a.opus\", \"samples\": [1, 2, 3]}]}}",
        "{\"render\": {\"key\": \"" KEY_A "\", \"sections\": [{\"key\": \"" KEY_B
        "\", \"file\": \"01-a.opus\", \"samples\": [1, -2]}]}}",
        "{\"title\": \"an edition from an older tingbao\"}",
        /* figures out of range, a section without its file's checksum */
        "{\"duration\": 1e300, \"render\": {\"key\": \"" KEY_A "\", \"sections\": []}}",
        "{\"duration\": 1, \"render\": {\"key\": \"" KEY_A "\", \"sections\": [{\"key\": \"" KEY_B
        "\", \"file\": \"01-a.opus\", \"samples\": [1, 2], \"lufs\": -16, \"true_peak\": -3, "
        "\"gain_db\": 1, \"bytes\": 3}]}}",
        "{\"duration\": 1, \"render\": {\"key\": \"" KEY_A "\", \"sections\": [{\"key\": \"" KEY_B
        "\", \"file\": \"01-a.opus\", \"samples\": [1, 2], \"lufs\": -1e300, \"true_peak\": -3, "
        "\"gain_db\": 1, \"bytes\": 3, \"sha256\": \"" SHA_ABC "\"}]}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *path = write_tmp(bad[i]);
        tb_render_state *s = (tb_render_state *)1;
        assert_int_equal(tb_render_state_load(path, &s), TB_OK);
        assert_null(s);
        unlink(path);
    }
    tb_render_state *s = (tb_render_state *)1;
    assert_int_equal(tb_render_state_load("/nonexistent/edition.json", &s), TB_OK);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_are_separate),
        cmocka_unit_test(state_reads_back_exactly),
        cmocka_unit_test(damaged_state_is_no_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
