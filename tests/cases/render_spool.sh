#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_spool.sh — the audio spool lives in $TMPDIR and never fills its file
# system: a TMPDIR that is not there is named in the error; a TMPDIR on a
# small tmpfs (root and mount namespaces; skipped loudly elsewhere) gets a
# clear refusal before anything is spoken, the tmpfs stays empty, and the
# previous edition is intact.
set -u
T=${TINGBAO:?}
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

"$T" render -q --no-feed -o "$tmp/ed" "$page" || { nok "a render with the default TMPDIR"; exit 0; }
(cd "$tmp/ed" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$tmp/before"
TMPDIR=$tmp/nowhere "$T" render -q --no-feed --force -o "$tmp/ed" "$page" 2>"$tmp/err"
rc=$?
check "a TMPDIR that is not there fails with exit 1 (got $rc)" test "$rc" = 1
check "... and names it: $(head -c 160 "$tmp/err")" grep -q "$tmp/nowhere" "$tmp/err"

small=$tmp/small
mkdir -p "$small"
if unshare -m sh -c "mount -t tmpfs -o size=8m tmpfs '$small'" 2>/dev/null; then
    unshare -m bash -c "
        mount -t tmpfs -o size=8m tmpfs '$small' || exit 99
        TMPDIR='$small' '$T' render -q --no-feed --force -o '$tmp/ed' '$page' 2>'$tmp/err'
        echo \$? >'$tmp/rc'
        df -k '$small' | awk 'NR == 2 { print \$3 }' >'$tmp/used'
        ls -A '$small' >'$tmp/small-ls'
    "
    rc=$(cat "$tmp/rc" 2>/dev/null || echo none)
    check "a small TMPDIR is refused with exit 1 (got $rc)" test "$rc" = 1
    check "... with a clear message: $(head -c 200 "$tmp/err")" \
        grep -q "no room for the audio spool: .* MB free, it needs about .* MB" "$tmp/err"
    check "... before it fills: the tmpfs holds nothing ($(cat "$tmp/used") KB used)" \
        bash -c "test \"\$(cat '$tmp/used')\" -lt 64 && test ! -s '$tmp/small-ls'"
    (cd "$tmp/ed" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$tmp/after"
    check "... and the previous edition is intact" cmp -s "$tmp/before" "$tmp/after"
else
    ok "a small TMPDIR is refused # SKIP cannot mount a tmpfs here (needs root and mount namespaces)"
fi
