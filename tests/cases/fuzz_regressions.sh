#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz_regressions.sh — replay every input the fuzzers ever crashed on (and the
# seed corpora) through the real binary: each must end with a message or
# success, never a signal. tests/fuzz/regressions/TARGET/ holds the crashers.
set -u
T=${TINGBAO:?}
root=${TB_ROOT:?}
n=0
for f in "$root"/tests/fuzz/corpus/normalize/* "$root"/tests/fuzz/regressions/normalize/* \
         "$root"/tests/fuzz/corpus/lexicon/* "$root"/tests/fuzz/regressions/lexicon/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    case "$f" in */normalize/*) cmd=normalize ;; *) cmd=pinyin ;; esac
    "$T" $cmd <"$f" >/dev/null 2>&1
    rc=$?
    if [ $rc -lt 128 ]; then echo "ok $n - $cmd ${f#$root/} (exit $rc)"; else echo "not ok $n - $cmd ${f#$root/} died with signal $((rc - 128))"; fi
done
for f in "$root"/tests/fuzz/corpus/segment/* "$root"/tests/fuzz/regressions/segment/*; do
    [ -f "$f" ] || continue
    for fmt in epaper markdown html; do
        n=$((n + 1))
        "$T" sections --format "$fmt" "$f" >/dev/null 2>&1
        rc=$?
        if [ $rc -lt 128 ]; then echo "ok $n - sections --format $fmt ${f#$root/} (exit $rc)"; else echo "not ok $n - sections $fmt ${f#$root/} died with signal $((rc - 128))"; fi
    done
done
# edition.json and feed.conf (fuzz_edition, fuzz_feedconf): through tingbao
# publish and tingbao feed on a scratch folder holding the input
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for f in "$root"/tests/fuzz/corpus/edition/* "$root"/tests/fuzz/regressions/edition/* \
         "$root"/tests/fuzz/corpus/feedconf/* "$root"/tests/fuzz/regressions/feedconf/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    rm -rf "$scratch/out" && mkdir -p "$scratch/out/ed"
    case "$f" in
    */edition/*) cp "$f" "$scratch/out/ed/edition.json"; cmd="publish $scratch/out/ed" ;;
    *) cp "$f" "$scratch/out/feed.conf"; cmd="feed -q $scratch/out" ;;
    esac
    "$T" $cmd >/dev/null 2>&1
    rc=$?
    if [ $rc -lt 128 ]; then echo "ok $n - ${cmd%% *} ${f#$root/} (exit $rc)"; else echo "not ok $n - ${cmd%% *} ${f#$root/} died with signal $((rc - 128))"; fi
done
