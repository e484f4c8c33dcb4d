#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_incremental.sh — re-rendering keeps what has not changed: after a
# one-sentence correction only the changed section is spoken again, and the
# edition is byte for byte what a full render (--force) of the corrected page
# makes; an unchanged page leaves the edition untouched; a change of settings
# speaks everything again; a missing section file is made again; every
# section's key and sample counts are in edition.json.
set -u
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
