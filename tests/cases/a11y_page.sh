#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_page.sh — the fixture edition's index.html in a real headless Chromium
# (Debian's, driven by playwright-core; tests/browser/check-page.mjs says what
# is checked), served from 127.0.0.1 by tests/browser/serve.py.
set -u
. "$TB_ROOT/tests/lib/a11y_lib.sh"

for tool in ffmpeg python3 node; do
    if ! command -v $tool >/dev/null; then
        echo "ok - a11y_page # SKIP $tool not installed (scripts/install-deps build test)"
        exit 0
    fi
done
if ! command -v chromium >/dev/null; then
    echo "ok - a11y_page # SKIP chromium not installed (apt-get install chromium)"
    exit 0
fi
if ! "$TB_ROOT/tests/browser/setup" >/dev/null 2>&1; then
    echo "ok - a11y_page # SKIP tests/browser/setup (npm ci of playwright-core, axe-core) failed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! a11y_fixture "$tmp/ed" || ! "$TINGBAO" publish "$tmp/ed" 2>"$tmp/err"; then
    echo "not ok - a11y_page: tingbao publish on the fixture edition ($(head -c 300 "$tmp/err"))"
    exit 0
fi
a11y_page_check "$tmp/ed" a11y_page

# a page with several untitled intros (one report holding several articles):
# the sections share the title 导语, and their regions must still be told apart
cp -r "$tmp/ed" "$tmp/intros"
python3 - "$tmp/intros/edition.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
for s in m["sections"][1:3]:
    s["kind"], s["title"] = "intro", "导语"
json.dump(m, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
if "$TINGBAO" publish "$tmp/intros" 2>"$tmp/err"; then
    a11y_page_check "$tmp/intros" a11y_page-intros
else
    echo "not ok - a11y_page-intros: tingbao publish ($(head -c 300 "$tmp/err"))"
fi
