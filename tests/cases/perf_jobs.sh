#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# perf_jobs.sh — the parallel encoders change nothing but the time: a render
# with one encoder thread and one with several write the same bytes, with and
# without the MP3 edition and in a lossless format; --jobs is checked.
set -u
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

same_tree() { # every file of $1 (daisy/ included) is in $2 with the same bytes, and nothing more
    [ "$(ls "$1" | wc -l)" -gt 3 ] || return 1
    diff -r -q "$1" "$2" >/dev/null
}

for variant in "opus+mp3:" "opus:--no-mp3" "flac:--format flac"; do
    name=${variant%%:*} args=${variant#*:}
    # shellcheck disable=SC2086
    # the same folder name in j1/ and j3/: the edition's files are named after it
    "$TINGBAO" render "$page" -q --no-feed $args -j 1 -o "$tmp/j1/$name" 2>"$tmp/err1" &&
        "$TINGBAO" render "$page" -q --no-feed $args -j 3 -o "$tmp/j3/$name" 2>"$tmp/err3"
    check "$name: renders with -j 1 and -j 3" test $? -eq 0
    check "$name: -j 1 and -j 3 write the same bytes" same_tree "$tmp/j1/$name" "$tmp/j3/$name"
done
check "opus+mp3: the MP3 edition is there" bash -c "ls '$tmp/j1/opus+mp3/' | grep -q '\.mp3\$'"
check "--no-mp3: no MP3 edition" bash -c "! ls '$tmp/j1/opus/' | grep -q '\.mp3\$'"

# the default (online CPUs) is the same again
"$TINGBAO" render "$page" -q --no-feed -o "$tmp/default/opus+mp3" 2>/dev/null
check "default --jobs writes the same bytes" same_tree "$tmp/j1/opus+mp3" "$tmp/default/opus+mp3"

for bad in 0 65 x 2x; do
    "$TINGBAO" render "$page" -q --no-feed -j "$bad" -o "$tmp/bad" 2>"$tmp/err"
    rc=$?
    check "--jobs $bad is a usage error (exit $rc)" test "$rc" -eq 2
done
check "no folder made by the refused runs" test ! -e "$tmp/bad"
