#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_page.sh — the fixture edition's index.html in a real headless Chromium
# (Debian's, driven by playwright-core; tests/browser/check-page.mjs says what
# is checked), served from 127.0.0.1 by tests/browser/serve.py.
set -u
. "$(dirname "$0")/a11y_lib.sh"
B="$TB_ROOT/tests/browser"
CHROMIUM=$(command -v chromium || true)

for tool in ffmpeg python3 node; do
    if ! command -v $tool >/dev/null; then
        echo "ok - a11y_page # SKIP $tool not installed (scripts/install-deps build test)"
        exit 0
    fi
done
if [ -z "$CHROMIUM" ]; then
    echo "ok - a11y_page # SKIP chromium not installed (apt-get install chromium)"
    exit 0
fi
if ! "$B/setup" >/dev/null 2>&1; then
    echo "ok - a11y_page # SKIP tests/browser/setup (npm ci of playwright-core, axe-core) failed"
    exit 0
fi
tmp=$(mktemp -d)
srv=""
cleanup() {
    [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
if ! a11y_fixture "$tmp/ed" || ! "$TINGBAO" publish "$tmp/ed" 2>"$tmp/err"; then
    echo "not ok - a11y_page: tingbao publish on the fixture edition ($(head -c 300 "$tmp/err"))"
    exit 0
fi
python3 "$B/serve.py" "$tmp/ed" >"$tmp/port" 2>"$tmp/srv.err" &
srv=$!
port=""
for _ in $(seq 50); do
    port=$(sed -n 's/^PORT //p' "$tmp/port")
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "not ok - a11y_page: serve the edition on 127.0.0.1 ($(head -c 200 "$tmp/srv.err"))"
    exit 0
fi
# a hard bound: a hung browser must not hang the test suite
timeout 240 node "$B/check-page.mjs" "http://127.0.0.1:$port/index.html" "$tmp/ed/edition.json" "$CHROMIUM"
rc=$?
[ $rc -eq 124 ] && echo "not ok - a11y_page: the browser check finished within 240 s"
exit 0
