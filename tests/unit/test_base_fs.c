/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_base_fs.c — base/fs: tb_fs_sweep_stale cleans up what a killed render
 * leaves beside its output folder, and nothing else; tb_fs_remove_tree never
 * follows a link; tb_fs_swap_in keeps the old folder when the new one fails;
 * paths, temporary names, mkdir -p, copy and sync. Dead PIDs
 * come from fork()ed children that exit at once and are reaped; a live one
 * from a child that waits. Ages are set with utimensat.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <errno.h>

#include "base/fs.h"

/* A PID that was a process of ours a moment ago and is no more. */
static pid_t dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return pid;
}

static char root[64];

static const char *at(const char *fmt, ...)
{
    static char paths[64][512]; /* a ring: enough for one test's paths */
    static int next;
    char *p = paths[next++ % 64];
    char rel[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rel, sizeof rel, fmt, ap);
    va_end(ap);
    snprintf(p, 512, "%s/%s", root, rel);
    return p;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int holds(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return !strcmp(buf, text);
}

/* An edition-like folder: a file and a subfolder with a file. */
static void make_edition(const char *dir, const char *mark)
{
    char p[600];
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(p, sizeof p, "%s/edition.json", dir);
    put(p, mark);
    snprintf(p, sizeof p, "%s/daisy", dir);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/daisy/ncc.html", dir);
    put(p, mark);
}

/* Set a path's mtime (not following a link) `seconds` into the past. */
static void age(const char *path, int seconds)
{
    struct timespec ts[2];
    clock_gettime(CLOCK_REALTIME, &ts[0]);
    ts[0].tv_sec -= seconds;
    ts[1] = ts[0];
    assert_int_equal(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/tb-sweep-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void stale_tmp_of_a_dead_render_is_removed(void **state)
{
    (void)state;
    pid_t dead = dead_pid();
    const char *tmp = at(".ed.tmp-%ld@%s", (long)dead, tb_fs_host());
    make_edition(tmp, "new");
    age(tmp, 120);
    make_edition(at("ed"), "current");
    assert_int_equal(tb_fs_sweep_stale(root, "ed", NULL), TB_OK);
    assert_false(exists(tmp));
    assert_true(holds(at("ed/edition.json"), "current"));
    assert_true(holds(at("ed/daisy/ncc.html"), "current"));
}

static void young_or_live_leftovers_are_kept(void **state)
{
    (void)state;
    /* a dead render's folder changed 10 s ago: too young to be sure */
    pid_t dead = dead_pid();
    const char *young = at(".ed.tmp-%ld@%s", (long)dead, tb_fs_host());
    make_edition(young, "x");
    age(young, 10);
    /* a render that is still running, whatever the age of its folder */
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t live = fork();
    assert_true(live >= 0);
    if (live == 0) {
        char c;
        close(go[1]);
        (void)!read(go[0], &c, 1); /* until the parent closes the pipe */
        _exit(0);
    }
    close(go[0]);
    const char *running = at(".ed.tmp-%ld@%s", (long)live, tb_fs_host());
    const char *running_old = at(".ed.old-%ld@%s", (long)live, tb_fs_host());
    make_edition(running, "y");
    make_edition(running_old, "z");
    age(running, 3600);
    age(running_old, 3600);
    /* our own: the render removes it itself */
    const char *own = at(".ed.tmp-%ld@%s", (long)getpid(), tb_fs_host());
    make_edition(own, "w");
    age(own, 3600);

    assert_int_equal(tb_fs_sweep_stale(root, "ed", NULL), TB_OK);
    assert_true(holds(at(".ed.tmp-%ld@%s/edition.json", (long)dead, tb_fs_host()), "x"));
    assert_true(holds(at(".ed.tmp-%ld@%s/daisy/ncc.html", (long)live, tb_fs_host()), "y"));
    assert_true(holds(at(".ed.old-%ld@%s/edition.json", (long)live, tb_fs_host()), "z"));
    assert_false(exists(at("ed"))); /* not restored from a live render's .old */
    assert_true(exists(own));
    close(go[1]);
    int status;
    assert_int_equal(waitpid(live, &status, 0), live);
}

static void old_is_restored_when_the_edition_is_missing(void **state)
{
    (void)state;
    pid_t dead = dead_pid();
    const char *old = at(".ed.old-%ld@%s", (long)dead, tb_fs_host());
    const char *tmp = at(".ed.tmp-%ld@%s", (long)dead, tb_fs_host());
    make_edition(old, "previous");
    make_edition(tmp, "unfinished");
    age(old, 120);
    age(tmp, 120);
    assert_int_equal(tb_fs_sweep_stale(root, "ed", NULL), TB_OK);
    assert_true(holds(at("ed/edition.json"), "previous"));
    assert_true(holds(at("ed/daisy/ncc.html"), "previous"));
    assert_false(exists(old));
    assert_false(exists(tmp));
}

static void old_is_removed_when_the_edition_exists(void **state)
{
    (void)state;
    pid_t dead = dead_pid();
    const char *old = at(".ed.old-%ld@%s", (long)dead, tb_fs_host());
    make_edition(old, "previous");
    age(old, 120);
    make_edition(at("ed"), "current");
    assert_int_equal(tb_fs_sweep_stale(root, "ed", NULL), TB_OK);
    assert_false(exists(old));
    assert_true(holds(at("ed/edition.json"), "current"));
}

static void links_and_other_names_are_never_touched(void **state)
{
    (void)state;
    pid_t dead = dead_pid();
    long d = (long)dead;
    /* a folder outside, reachable through links */
    const char *outside = at("outside");
    make_edition(outside, "keep");
    /* a link with a leftover's name, to a folder: kept, and the folder too */
    const char *link = at(".ed.tmp-%ld@%s", d, tb_fs_host());
    assert_int_equal(symlink(outside, link), 0);
    age(link, 120);
    /* a stale leftover holding a link to the folder outside: the link goes,
     * what it points to stays */
    pid_t dead2 = dead_pid();
    const char *tmp = at(".ed.tmp-%ld@%s", (long)dead2, tb_fs_host());
    make_edition(tmp, "new");
    char lp[600];
    snprintf(lp, sizeof lp, "%s/daisy/escape", tmp);
    assert_int_equal(symlink(outside, lp), 0);
    snprintf(lp, sizeof lp, "%s/daisy", tmp);
    age(lp, 120);
    age(tmp, 120);
    /* names that are not exactly .ed.tmp-PID / .ed.old-PID, and a plain file */
    const char *others[] = {".ed.tmp-",
                            ".ed.tmp-0%ld",
                            ".ed.tmp-%ldx",
                            ".ed.tmp-%ld.bak",
                            ".edx.tmp-%ld",
                            "ed.tmp-%ld",
                            ".ed.tmp-+%ld",
                            ".ed.new-%ld",
                            ".ed.tmp-99999999999999999999",
                            ".ed.tmp-%ld@another-host",
                            ".ed.tmp-%ld@",
                            ".ed.tmp-%ld"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        const char *p = at(others[i], d);
        make_edition(p, "other");
        age(p, 120);
    }
    pid_t dead3 = dead_pid();
    const char *file = at(".ed.old-%ld@%s", (long)dead3, tb_fs_host());
    put(file, "a file, not a folder");
    age(file, 120);

    assert_int_equal(tb_fs_sweep_stale(root, "ed", NULL), TB_OK);
    assert_true(exists(link));
    assert_true(holds(at("outside/edition.json"), "keep"));
    assert_true(holds(at("outside/daisy/ncc.html"), "keep"));
    assert_false(exists(tmp));
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s/edition.json", at(others[i], d));
        assert_true(holds(p, "other"));
    }
    assert_true(holds(file, "a file, not a folder"));
    assert_false(exists(at("ed"))); /* a file named .ed.old-PID is not an edition to restore */
}

static void missing_parent_and_bad_names(void **state)
{
    (void)state;
    assert_int_equal(tb_fs_sweep_stale(at("no/such/folder"), "ed", NULL), TB_OK);
    tb_diag d;
    memset(&d, 0, sizeof d);
    assert_int_equal(tb_fs_sweep_stale(root, "a/b", &d), TB_ERR_USAGE);
    assert_int_equal(tb_fs_sweep_stale(root, "", NULL), TB_ERR_USAGE);
    assert_int_equal(tb_fs_sweep_stale(root, "..", NULL), TB_ERR_USAGE);
    /* a parent that is a file: an I/O error naming it */
    put(at("plain"), "x");
    memset(&d, 0, sizeof d);
    assert_int_equal(tb_fs_sweep_stale(at("plain"), "ed", &d), TB_ERR_IO);
    assert_non_null(strstr(d.file, "plain"));
}

/* Sweep `root` for "ed", expecting an I/O error naming the leftover; in a
 * child that is not root when we are (root may remove anything). 1 if so. */
static int sweep_fails_on_leftover(void)
{
    if (geteuid() != 0) {
        tb_diag d;
        memset(&d, 0, sizeof d);
        return tb_fs_sweep_stale(root, "ed", &d) == TB_ERR_IO && strstr(d.file, ".ed.tmp-") &&
               d.err == EACCES;
    }
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(2);
        if (access(root, R_OK | W_OK | X_OK) != 0 && access(root, R_OK | X_OK) != 0)
            _exit(3); /* nobody cannot even reach the folder (a private /tmp): nothing to test */
        tb_diag d;
        memset(&d, 0, sizeof d);
        int ok = tb_fs_sweep_stale(root, "ed", &d) == TB_ERR_IO && strstr(d.file, ".ed.tmp-") &&
                 d.err == EACCES;
        _exit(ok ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void a_leftover_that_cannot_be_removed_is_reported(void **state)
{
    (void)state;
    pid_t dead = dead_pid();
    const char *tmp = at(".ed.tmp-%ld@%s", (long)dead, tb_fs_host());
    make_edition(tmp, "new");
    char sub[600];
    snprintf(sub, sizeof sub, "%s/daisy", tmp);
    /* its file cannot be unlinked (by anyone but root: see above) */
    assert_int_equal(chmod(sub, 0555), 0);
    assert_int_equal(chmod(root, 0755), 0);
    age(tmp, 120);
    int failed = sweep_fails_on_leftover();
    if (failed < 0) {
        assert_int_equal(chmod(sub, 0755), 0);
        skip(); /* said loudly by cmocka: "[  SKIPPED ]" */
    }
    assert_true(failed);
    assert_true(exists(sub));
    assert_int_equal(chmod(sub, 0755), 0);
    age(tmp, 120); /* a partial removal may have changed it */
    assert_int_equal(tb_fs_sweep_stale(root, "ed", NULL), TB_OK);
    assert_false(exists(tmp));
}

/* ---- the helpers beside the sweep ---- */

static void remove_tree_never_follows_a_link(void **state)
{
    (void)state;
    const char *keep = at("keep"), *tree = at("tree");
    make_edition(keep, "precious");
    make_edition(tree, "x");
    /* a link planted inside, to a folder and to a file: unlinked, not entered */
    assert_int_equal(symlink(keep, at("tree/daisy/into-keep")), 0);
    assert_int_equal(symlink(at("keep/edition.json"), at("tree/file-link")), 0);
    assert_int_equal(tb_fs_remove_tree(tree, NULL), TB_OK);
    assert_false(exists(tree));
    assert_true(holds(at("keep/edition.json"), "precious"));
    assert_true(holds(at("keep/daisy/ncc.html"), "precious"));
    /* a link at the top: an error, and neither it nor its target is touched */
    assert_int_equal(symlink(keep, at("top-link")), 0);
    tb_diag d = {0};
    assert_int_equal(tb_fs_remove_tree(at("top-link"), &d), TB_ERR_IO);
    assert_int_equal(d.err, ELOOP);
    assert_true(exists(at("top-link")));
    assert_true(holds(at("keep/daisy/ncc.html"), "precious"));
    /* a file at the top: left alone; a missing path: nothing to do */
    assert_int_equal(tb_fs_remove_tree(at("keep/edition.json"), NULL), TB_ERR_IO);
    assert_true(exists(at("keep/edition.json")));
    assert_int_equal(tb_fs_remove_tree(at("missing"), NULL), TB_OK);
}

static void swap_replaces_and_keeps_the_old_on_failure(void **state)
{
    (void)state;
    const char *dst = at("ed"), *fresh = at("fresh"), *aside = at(".ed.old-1@x");
    /* into an empty place */
    make_edition(fresh, "one");
    assert_int_equal(tb_fs_swap_in(fresh, dst, aside, NULL), TB_OK);
    assert_true(holds(at("ed/daisy/ncc.html"), "one"));
    assert_false(exists(fresh));
    /* over an old one: replaced, the old one gone */
    make_edition(fresh, "two");
    assert_int_equal(tb_fs_swap_in(fresh, dst, aside, NULL), TB_OK);
    assert_true(holds(at("ed/edition.json"), "two"));
    assert_false(exists(fresh));
    assert_false(exists(aside));
    /* the new one is missing: an error, the old one where it was */
    tb_diag d = {0};
    assert_int_equal(tb_fs_swap_in(fresh, dst, aside, &d), TB_ERR_IO);
    assert_true(holds(at("ed/edition.json"), "two"));
    assert_false(exists(aside));
}

static void paths_and_temporary_names(void **state)
{
    (void)state;
    char out[TB_PATH_MAX], parent[TB_PATH_MAX], name[TB_PATH_MAX];
    assert_true(tb_path_join(out, "a", "b"));
    assert_string_equal(out, "a/b");
    static char longname[TB_PATH_MAX + 8];
    memset(longname, 'x', TB_PATH_MAX);
    assert_false(tb_path_join(out, "a", longname));
    assert_int_equal(errno, ENAMETOOLONG);
    assert_int_equal(tb_path_split("a/b/", parent, name, NULL), TB_OK);
    assert_string_equal(parent, "a");
    assert_string_equal(name, "b");
    assert_int_equal(tb_path_split("b", parent, name, NULL), TB_OK);
    assert_string_equal(parent, ".");
    assert_int_equal(tb_path_split("/b", parent, name, NULL), TB_OK);
    assert_string_equal(parent, "/");
    assert_int_equal(tb_path_split("a/..", parent, name, NULL), TB_ERR_USAGE);
    assert_int_equal(tb_path_split("/", parent, name, NULL), TB_ERR_USAGE);
    assert_int_equal(tb_path_split(longname, parent, name, NULL), TB_ERR_IO);
    char want[256];
    snprintf(want, sizeof want, "out/.ed.tmp-%ld@%s", (long)getpid(), tb_fs_host());
    assert_true(tb_fs_temp_name(out, "out/ed", "tmp"));
    assert_string_equal(out, want);
    snprintf(want, sizeof want, ".ed.old-%ld@%s", (long)getpid(), tb_fs_host());
    assert_true(tb_fs_temp_name(out, "ed", "old"));
    assert_string_equal(out, want);
}

static void mkdirs_copy_and_sync(void **state)
{
    (void)state;
    assert_int_equal(tb_fs_mkdirs(at("a/b//c"), NULL), TB_OK);
    assert_int_equal(tb_fs_mkdirs(at("a/b/c"), NULL), TB_OK); /* again: fine */
    put(at("a/file"), "text");
    tb_diag d = {0};
    assert_int_equal(tb_fs_mkdirs(at("a/file/d"), &d), TB_ERR_IO);
    assert_int_equal(d.err, ENOTDIR);
    assert_int_equal(tb_fs_copy(at("a/file"), at("a/b/copy"), NULL), TB_OK);
    assert_true(holds(at("a/b/copy"), "text"));
    assert_int_equal(tb_fs_link_or_copy(at("a/file"), at("a/b/c/linked"), NULL), TB_OK);
    assert_true(holds(at("a/b/c/linked"), "text"));
    assert_int_equal(tb_fs_copy(at("a/missing"), at("a/b/x"), NULL), TB_ERR_IO);
    assert_int_equal(symlink(at("a/file"), at("a/b/c/link")), 0); /* not followed */
    assert_int_equal(tb_fs_sync_tree(at("a"), NULL), TB_OK);
    assert_int_equal(tb_fs_sync_tree(at("missing"), NULL), TB_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stale_tmp_of_a_dead_render_is_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(young_or_live_leftovers_are_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(old_is_restored_when_the_edition_is_missing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(old_is_removed_when_the_edition_exists, setup, teardown),
        cmocka_unit_test_setup_teardown(links_and_other_names_are_never_touched, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_parent_and_bad_names, setup, teardown),
        cmocka_unit_test_setup_teardown(a_leftover_that_cannot_be_removed_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(remove_tree_never_follows_a_link, setup, teardown),
        cmocka_unit_test_setup_teardown(swap_replaces_and_keeps_the_old_on_failure, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(paths_and_temporary_names, setup, teardown),
        cmocka_unit_test_setup_teardown(mkdirs_copy_and_sync, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
