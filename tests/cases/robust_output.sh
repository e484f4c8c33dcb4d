#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# robust_output.sh — nothing is ever lost: a render killed outright (SIGKILL,
# which no program can clean up after) leaves the previous edition and the feed
# exactly as they were; a full disk and a folder the user may not write to give
# a clean error, exit 1, and leave nothing half-made.
set -u
T=${TINGBAO:?}
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
. "$TB_ROOT/tests/lib/wait.sh"
sums() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

# A page long enough to be killed while encoding.
{ head -7 "$page"; for _ in $(seq 30); do sed -n '8,$p' "$page"; done; } >"$tmp/long.txt"

out=$tmp/out
mkdir -p "$out"
"$T" render -q "$page" -o "$out/ed" --feed --date 2024-03-01 || { nok "first render"; exit 0; }
sums "$out" >"$tmp/before"
"$T" render -q "$tmp/long.txt" -o "$out/ed" --feed &
pid=$!
# until it writes its section files (encoding), however long that takes
encoding() { ls "$out"/.ed.tmp-*/0*.opus >/dev/null 2>&1; }
until_or_gone "$pid" encoding
kill -KILL "$pid"; wait "$pid" 2>/dev/null
# what SIGKILL leaves is a hidden temporary folder; the edition and the feed are untouched
ls -A "$out" | grep -v '^\.ed\.tmp-' >"$tmp/visible"
check "after SIGKILL mid-encode the edition and the feed are exactly as before" \
    bash -c "diff <(cd '$out' && find ed feed.xml -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
                  <(grep -E ' \./(ed/|feed\.xml)' '$tmp/before' | sed 's| \./| |') >/dev/null"
"$T" feed -q "$out"
check "the feed over the folder still lists one edition (temporary folders are not editions)" \
    test "$(grep -c '<item>' "$out/feed.xml")" -eq 1
"$T" render -q "$page" -o "$out/ed2" --date 2024-03-02
check "a later render into the same folder works" test -s "$out/ed2/edition.json"
# What SIGKILL left is swept by the next render of that edition, once it is
# older than a minute (a live render's folder is never touched)
left=$(ls -d "$out"/.ed.tmp-* 2>/dev/null | head -1)
if [ -n "$left" ]; then
    touch -d '2 minutes ago' "$left"
    "$T" render -q "$page" -o "$out/ed" --date 2024-03-01
    check "the next render of the edition sweeps the killed render's temporary folder" test ! -e "$left"
else
    nok "SIGKILL left no temporary folder to sweep (it should have: the kill came mid-encode)"
fi

# A full disk: a small tmpfs in a private mount namespace (root only; skipped elsewhere).
# 2600k: room for the small page's edition (1520 KB with the newsreader's clause pauses,
# and 500 KB of MP3 parts kept for the next render).
small=$tmp/small
mkdir -p "$small"
if unshare -m true 2>/dev/null && unshare -m sh -c "mount -t tmpfs -o size=2600k tmpfs '$small'" 2>/dev/null; then
    unshare -m bash -c "
        mount -t tmpfs -o size=2600k tmpfs '$small' || exit 99
        '$T' render -q '$page' -o '$small/ed' || exit 98
        (cd '$small/ed' && sha256sum -- *) >'$tmp/small-before'
        '$T' render -q '$tmp/long.txt' -o '$small/ed' 2>'$tmp/full-err'
        echo \$? >'$tmp/full-rc'
        (cd '$small/ed' && sha256sum -- *) >'$tmp/small-after'
        ls -A '$small' >'$tmp/small-ls'
    "
    rc=$(cat "$tmp/full-rc" 2>/dev/null || echo none)
    check "a full disk fails with exit 1 (got $rc)" test "$rc" = 1
    check "and says so: $(head -c 200 "$tmp/full-err" 2>/dev/null)" grep -qi "no space" "$tmp/full-err"
    check "the previous edition on the full disk is intact" cmp -s "$tmp/small-before" "$tmp/small-after"
    check "nothing half-made is left on the full disk" test "$(cat "$tmp/small-ls")" = "ed"
else
    ok "full disk # SKIP cannot mount a tmpfs here (needs root and mount namespaces)"
fi

# A folder the user may not write to: run as 'nobody' (root may write anywhere).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$page" 2>/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$T" 2>/dev/null; then
    mkdir -p "$tmp/locked"
    chmod 755 "$tmp/locked"
    HOME=$tmp setpriv --reuid=65534 --regid=65534 --clear-groups "$T" render -q "$page" -o "$tmp/locked/ed" 2>"$tmp/ro-err"
    rc=$?
    check "an unwritable folder fails with exit 1 (got $rc)" test "$rc" -eq 1
    check "and names the folder: $(head -c 200 "$tmp/ro-err")" grep -q "$tmp/locked" "$tmp/ro-err"
    check "nothing is left in the unwritable folder" test -z "$(ls -A "$tmp/locked")"
else
    ok "unwritable folder # SKIP needs root, setpriv and a 'nobody' user who can read the tree"
fi
