#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_incremental.sh — re-rendering keeps what has not changed: after a
# one-sentence correction only the changed section is spoken again, and the
# edition is byte for byte what a full render (--force) of the corrected page
# makes; an unchanged page leaves the edition untouched; a change of settings
# speaks everything again; a missing section file is made again; every
# section's key and sample counts are in edition.json; the MP3 edition's
# parts are kept too (corrections in the first, a middle and the last
# section), and the joined MP3 is the full render's, valid (mp3val, FFmpeg).
set -u
. "$TB_ROOT/tests/lib/names.sh"
T=${TINGBAO:?}
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
stamp() { (cd "$1" && find . -type f -printf '%p %i %T@\n' | LC_ALL=C sort); }

cp "$page" "$tmp/a.txt"
# the correction: one figure in the intro (section 3 of 5)
sed 's/共有三层，藏书约十二万册/共有四层，藏书约十五万册/' "$page" >"$tmp/b.txt"
check "the corrected page differs in one line" test "$(diff "$tmp/a.txt" "$tmp/b.txt" | grep -c '^>')" -eq 1

"$T" render -q --no-feed -d 2024-05-01 -o "$tmp/A" "$tmp/a.txt" || { nok "first render"; exit 0; }
python3 - "$tmp/A/edition.json" <<'PY' && ok "edition.json records the render state: a key per section, exact sample counts" || nok "edition.json records the render state"
import json, re, sys
d = json.load(open(sys.argv[1]))
r = d["render"]
hexkey = re.compile(r"^[0-9a-f]{64}$")
assert hexkey.match(r["key"])
assert len(r["sections"]) == len(d["sections"]) == 5
keys = set()
for s, rs in zip(d["sections"], r["sections"]):
    assert hexkey.match(rs["key"]) and rs["file"] == s["file"]
    assert len(rs["samples"]) == 2 * len(s["sentences"])
    assert all(isinstance(x, int) and x >= 0 for x in rs["samples"])
    keys.add(rs["key"])
assert len(keys) == 5
PY

# the full render in a folder of the same name (the edition's files are named after it)
"$T" render -q --no-feed --force -d 2024-05-01 -o "$tmp/B/C" "$tmp/b.txt" || nok "full render of the correction"
cp -a "$tmp/A" "$tmp/C"
msg=$("$T" render --no-feed -d 2024-05-01 -o "$tmp/C" "$tmp/b.txt" 2>&1)
check "after the correction only the changed section is spoken ($msg)" \
    grep -q '(1 spoken, 4 kept)' <<<"$msg"
check "the incremental edition is byte for byte the full render's" diff -r "$tmp/B/C" "$tmp/C"
check "the kept sections are the previous edition's files" \
    bash -c "cmp '$tmp/A/01-headline.opus' '$tmp/C/01-headline.opus' && cmp '$tmp/A/05-subheading.opus' '$tmp/C/05-subheading.opus'"
check "the changed section is new" bash -c "! cmp -s '$tmp/A/03-intro.opus' '$tmp/C/03-intro.opus'"
keys() { python3 -c 'import json,sys; print(" ".join(s["key"] for s in json.load(open(sys.argv[1]))["render"]["sections"]))' "$1"; }
read -ra ka <<<"$(keys "$tmp/A/edition.json")"
read -ra kc <<<"$(keys "$tmp/C/edition.json")"
a=${ka[2]} c=${kc[2]}
check "the changed section has a new key" test "$a" != "$c"
check "the unchanged sections keep their keys" test \
    "${ka[0]} ${ka[1]} ${ka[3]} ${ka[4]}" = "${kc[0]} ${kc[1]} ${kc[3]} ${kc[4]}"

# the MP3 edition's parts survive a correction: each section's part (and its
# part of the edition's loudness) is kept in .parts/ under its key, and only
# the changed section's is encoded again; corrections in the first section after the headline (the headline
# is in every file's tags), the middle one (above) and the last one
parts() { (cd "$1/.parts" && ls -- *.mp3 | LC_ALL=C sort | tr '\n' ' '); }
check "the MP3 edition keeps one part per section, named by its key" \
    test "$(parts "$tmp/C")" = "$(keys "$tmp/C/edition.json" | tr ' ' '\n' | sed 's/$/.mp3/' | LC_ALL=C sort | tr '\n' ' ')"
for where in 8:first 18:last; do
    line=${where%%:*} name=${where#*:}
    sed "${line}s/。/另。/" "$tmp/b.txt" >"$tmp/$name.txt"
    # both in folders named C: the edition's file names follow the folder's
    full="$tmp/full-$name/C" inc="$tmp/inc-$name/C"
    "$T" render -q --no-feed --force -d 2024-05-01 -o "$full" "$tmp/$name.txt" ||
        nok "full render of the correction in the $name section"
    mkdir -p "$tmp/inc-$name" && cp -a "$tmp/B/C" "$inc"
    inodes() { (cd "$1/.parts" && stat -c "%i %n" -- * | LC_ALL=C sort); }
    inodes "$inc" >"$tmp/inodes-before"
    msg=$("$T" render --no-feed -d 2024-05-01 -o "$inc" "$tmp/$name.txt" 2>&1)
    check "a correction in the $name section speaks one section ($msg)" grep -q '(1 spoken, 4 kept)' <<<"$msg"
    check "... and encodes one MP3 part again: 4 of the 5 parts (MP3, loudness) are the previous edition's files" \
        test "$(comm -12 "$tmp/inodes-before" <(inodes "$inc") | grep -c .)" -eq 8
    check "... and the edition (the MP3 edition, its parts) is byte for byte the full render's" \
        diff -r "$full" "$inc"
    mp3="$inc/$(edition_audio "$inc" mp3)"
    if command -v mp3val >/dev/null 2>&1; then
        mp3val "$mp3" >"$tmp/mp3val" 2>&1
        check "... and mp3val finds every frame of its MP3 edition sound" \
            bash -c "grep -q 'MPEG frames (MPEG 1 Layer III)' '$tmp/mp3val' && ! grep -Eq 'WARNING|ERROR' '$tmp/mp3val'"
    else
        ok "mp3val checks the incremental MP3 edition # SKIP mp3val is not installed"
    fi
    check "... and FFmpeg decodes it without a word, with 5 chapters" bash -c \
        "ffmpeg -v error -i '$mp3' -f null - 2>&1 </dev/null | (! grep -q .) &&
         test \"\$(ffprobe -v error -show_chapters -of csv '$mp3' | grep -c '^chapter')\" -eq 5"
done

stamp "$tmp/C" >"$tmp/before"
msg=$("$T" render --no-feed -d 2024-05-01 -o "$tmp/C" "$tmp/b.txt" 2>&1)
stamp "$tmp/C" >"$tmp/after"
check "an unchanged page is reported up to date ($msg)" grep -q 'up to date' <<<"$msg"
check "an up-to-date edition is left untouched (same inodes and times)" diff "$tmp/before" "$tmp/after"

msg=$("$T" render --no-feed -d 2024-05-02 -o "$tmp/C" "$tmp/b.txt" 2>&1)
check "a new date (a tag in every file) speaks every section again ($msg)" grep -q '5 sections' <<<"$msg"
check "... and is not reported as kept" bash -c "! grep -q 'kept\|up to date' <<<'$msg'"
msg=$("$T" render --no-feed -d 2024-05-02 -b 24k -o "$tmp/C" "$tmp/b.txt" 2>&1)
check "a new bitrate speaks every section again" bash -c "! grep -q 'kept\|up to date' <<<'$msg'"

rm "$tmp/C/04-subheading.opus"
msg=$("$T" render --no-feed -d 2024-05-02 -b 24k -o "$tmp/C" "$tmp/b.txt" 2>&1)
check "a missing section file is made again ($msg)" grep -q '(1 spoken, 4 kept)' <<<"$msg"
check "... and is there" test -s "$tmp/C/04-subheading.opus"

# a lossless edition is kept the same way
"$T" render -q --no-feed -f flac -o "$tmp/F" "$tmp/a.txt" &&
    "$T" render -q --no-feed -f flac --force -o "$tmp/G/F" "$tmp/b.txt" &&
    msg=$("$T" render --no-feed -f flac -o "$tmp/F" "$tmp/b.txt" 2>&1)
check "FLAC: one section spoken after the correction" grep -q '(1 spoken, 4 kept)' <<<"$msg"
check "FLAC: the incremental edition is the full render's" diff -r "$tmp/F" "$tmp/G/F"
