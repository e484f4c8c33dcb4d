#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# opus_chained.sh — every edition's Ogg streams have serial numbers of their
# own (derived from the edition, so still deterministic): two editions' files
# concatenated are a legal chained Ogg file, which opusinfo (opus-tools)
# reads without a warning; with one fixed serial for every edition it warned
# of pages "illegally placed after EOS".
set -u
n=0
ok() { n=$((n + 1)); echo "ok $n - opus_chained: $*"; }
nok() { n=$((n + 1)); echo "not ok $n - opus_chained: $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
command -v opusinfo >/dev/null || { echo "ok 1 - opus_chained # SKIP opusinfo is not installed (opus-tools)"; exit 0; }
. "$TB_ROOT/tests/lib/names.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for e in "render-small:$TB_ROOT/tests/data/pages/render-small.txt:2024-05-06" \
         "hostile:$TB_ROOT/tests/data/publish/hostile.txt:2024-05-07"; do
    IFS=: read -r slug page date <<<"$e"
    "$TINGBAO" render -q --no-feed --no-mp3 "$page" -o "$tmp/out/$slug" --date "$date" 2>"$tmp/err" ||
        { nok "render $slug: $(head -c 200 "$tmp/err")"; exit 0; }
done
a=$tmp/out/render-small b=$tmp/out/hostile
ea=$a/$(edition_audio "$a" edition) eb=$b/$(edition_audio "$b" edition)
serials() { opusinfo "$@" 2>&1 | sed -n 's/.*serial: \([0-9a-f]*\).*/\1/p'; }
clean() { # opusinfo FILE: exit 0, no warning, and N logical streams
    opusinfo "$1" >"$tmp/info" 2>&1 && ! grep -qi 'warning' "$tmp/info" &&
        [ "$(grep -c 'New logical stream' "$tmp/info")" -eq "$2" ]
}
check "the two editions' whole files have different serials ($(serials "$ea") $(serials "$eb"))" \
    test "$(serials "$ea")" != "$(serials "$eb")"
check "... and neither is the fixed one of old (7462000N)" bash -c "! grep -qE '^7462000[0-9a-f]$' <<<'$(serials "$ea" "$eb")'"
cat "$ea" "$eb" >"$tmp/chain.opus"
check "opusinfo reads the two editions concatenated: 2 streams, no warning" clean "$tmp/chain.opus" 2
cat "$a/01-headline.opus" "$b/01-headline.opus" "$a/02-"*.opus >"$tmp/sections.opus"
check "... and the first sections of both and the second of one: 3 streams, no warning" \
    clean "$tmp/sections.opus" 3
grep -i warning "$tmp/info" | head -3 | sed 's/^/# /'
all=$(for f in "$a"/*.opus; do serials "$f"; done | sort)
check "within an edition every file has its own serial" test "$(uniq <<<"$all" | wc -l)" -eq "$(wc -l <<<"$all")"
