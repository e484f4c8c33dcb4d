#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sec_editions.sh — what is read back from edition folders cannot be
# trusted: a malformed or crafted edition.json, a damaged kept section
# file, a folder that only looks like an edition, a full disk; and what
# edition.json publishes about the server (issue 17: U1 U9 U11 U12 D7 D10).
set -u
T=${TINGBAO:?}
root=${TB_ROOT:?}
page="$root/tests/data/pages/render-small.txt"
. "$root/tests/lib/tap.sh"
tmp=$(mktemp -d)
mnt=
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
sha() { sha256sum "$1" | cut -c1-64; }
items() { python3 -c 'import sys,xml.etree.ElementTree as E; print(len(E.parse(sys.argv[1]).findall("channel/item")))' "$1"; }

out=$tmp/out
mkdir -p "$out"
"$T" render "$page" -o "$out/a" -q --no-feed --date 2024-03-01 || { nok "first render"; exit 0; }
cp -a "$out/a" "$out/b"
sed -i 's/"date": "2024-03-01"/"date": "2024-03-02"/' "$out/b/edition.json"

# U1: one malformed edition.json: a warning naming it; the feed lists the rest.
mkdir -p "$out/broken" "$out/crafted" "$out/baddate"
echo '{"title": "half' >"$out/broken/edition.json"
# U11: durations far out of range (printed as 全长 -153722867280912:-55 before)
sed 's/"duration": [0-9.]*/"duration": 1e300/' "$out/a/edition.json" >"$out/crafted/edition.json"
sed 's/"date": "2024-03-01"/"date": "2024-02-30"/' "$out/a/edition.json" >"$out/baddate/edition.json"
"$T" feed -q "$out" 2>"$tmp/err"
rc=$?
check "U1: tingbao feed with bad editions in DIR exits 0 (got $rc)" '[ $rc -eq 0 ]'
check "U1: ... warns naming each bad edition.json" \
    'grep -q "broken/edition.json.*left out of the feed" "$tmp/err" && grep -q "crafted/edition.json.*left out of the feed" "$tmp/err" && grep -q "baddate/edition.json: bad date.*left out of the feed" "$tmp/err"'
check "U1: ... and lists the two good editions" '[ "$(items "$out/feed.xml")" -eq 2 ]'
check "U2: no 'Fri, 30 Feb 2024' in the feed" '! grep -q "30 Feb" "$out/feed.xml"'
mkdir -p "$tmp/drop"
cp "$page" "$tmp/drop/new.txt"
"$T" batch "$tmp/drop" -o "$out" -q 2>"$tmp/err"
rc=$?
check "U1: batch's feed rewrite goes on past the bad editions (got $rc)" \
    '[ $rc -eq 0 ] && [ "$(items "$out/feed.xml")" -eq 3 ]'

# U11: the crafted numbers never reach a page.
"$T" publish "$out/crafted" 2>"$tmp/err"
rc=$?
check "U11: publish of an edition.json with a duration of 1e300: exit 3 (got $rc)" \
    '[ $rc -eq 3 ] && grep -q "crafted/edition.json: not an edition manifest" "$tmp/err"'
python3 - "$out/a/edition.json" "$tmp/neg.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["sections"][1]["sentences"][0]["start"] = -5
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
mkdir -p "$tmp/neg" && cp "$tmp/neg.json" "$tmp/neg/edition.json"
"$T" publish "$tmp/neg" 2>"$tmp/err"
check "U11: a negative sentence start is refused" '[ $? -eq 3 ] && grep -q "a sentence lacks text, start or duration" "$tmp/err"'

# D7: a folder with a non-edition edition.json (junk, a symlink) is never replaced.
for kind in junk link; do
    d=$tmp/d7-$kind
    mkdir -p "$d/ed"
    echo precious >"$d/ed/notes.txt"
    if [ $kind = junk ]; then echo 'not json' >"$d/ed/edition.json"; else ln -s "$out/a/edition.json" "$d/ed/edition.json"; fi
    "$T" render "$page" -o "$d/ed" -q --no-feed 2>"$tmp/err"
    rc=$?
    check "D7: render refuses a folder whose edition.json is a $kind (exit 2, got $rc)" '[ $rc -eq 2 ]'
    check "D7: ... its other files are kept" '[ "$(cat "$d/ed/notes.txt")" = precious ]'
done

# U12: edition.json names the report by its file name, never the server path.
check "U12: edition.json's source is the file name only" \
    'grep -q "\"source\": \"render-small.txt\"" "$out/a/edition.json" && ! grep -q "$root" "$out/a/edition.json"'
mkdir -p "$tmp/u12/sub"
cp "$page" "$tmp/u12/sub/r.txt"
printf 'sub/r.txt\tr\n' >"$tmp/u12/one.tsv"
printf './sub/../sub//r.txt\tr\n' >"$tmp/u12/two.tsv"
"$T" batch "$tmp/u12/one.tsv" -o "$tmp/u12/out" -q --no-feed 2>/dev/null
"$T" batch "$tmp/u12/two.tsv" -o "$tmp/u12/out" --no-feed 2>"$tmp/err"
check "U12: another spelling of the same report's path is up to date (skipped)" \
    'grep -q "\] r: skipped" "$tmp/err"'

# D10: a damaged section file is never kept.
d10=$tmp/d10
"$T" render "$page" -o "$d10/ed" -q --no-feed
good=$(sha "$d10/ed/02-caption.opus")
check "D10: edition.json records each section file's length and SHA-256" \
    'grep -q "\"sha256\": \"$good\"" "$d10/ed/edition.json"'
printf 'XXXX' | dd of="$d10/ed/02-caption.opus" bs=1 seek=200 conv=notrunc 2>/dev/null
"$T" render "$page" -o "$d10/ed" --no-feed 2>"$tmp/err"
check "D10: an unchanged render does not call an edition with a damaged section up to date" \
    '! grep -q "up to date" "$tmp/err" && grep -q "1 spoken, 4 kept" "$tmp/err"'
check "D10: ... the section file is made again, the same bytes as before" '[ "$(sha "$d10/ed/02-caption.opus")" = "$good" ]'
printf 'XXXX' | dd of="$d10/ed/02-caption.opus" bs=1 seek=200 conv=notrunc 2>/dev/null
sed 's/退休教师/退休医生/' "$page" >"$tmp/changed.txt" # the last section only
"$T" render "$tmp/changed.txt" -o "$d10/ed" --no-feed 2>"$tmp/err"
rc=$?
check "D10: a changed render next to a damaged section succeeds (got $rc)" '[ $rc -eq 0 ]'
check "D10: ... speaking the changed and the damaged sections" 'grep -q "2 spoken, 3 kept" "$tmp/err"'
check "D10: ... the damaged one the same bytes as before" '[ "$(sha "$d10/ed/02-caption.opus")" = "$good" ]'

# U9: a full disk says so (ENOSPC), for every format.
mnt=$(mktemp -d)
if mount -t tmpfs -o size=120k tmpfs "$mnt" 2>/dev/null; then
    for f in opus flac opus+mp3; do
        # opus+mp3: the MP3 edition and its parts are written too (whichever file fills the disk)
        args=(-f "${f%+mp3}"); [ "$f" = opus+mp3 ] || args+=(--no-mp3)
        "$T" render "$page" -o "$mnt/ed" -q --no-feed "${args[@]}" 2>"$tmp/err"
        rc=$?
        check "U9: a full disk ($f): exit 1 saying 'No space left on device' (got $rc)" \
            '[ $rc -eq 1 ] && grep -q "No space left on device" "$tmp/err"'
    done
    check "U9: ... nothing left on the full disk" '[ -z "$(ls -A "$mnt")" ]'
else
    rmdir "$mnt"; mnt=
    ok "U9: a full disk says so # SKIP cannot mount a tmpfs here (needs root)"
fi
exit 0
