#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_seed.sh — the accessible outputs on the real seed report's text at its
# real length (eleven sections, ~90 sentences, a quarter of an hour): an
# edition folder built from the seed's text with made-up timings and tones
# (a11y_seed_fixture), published, then judged like the fixture: epubcheck,
# DAISY Ace, the DAISY checks, the page in headless Chromium. The seed as *rendered* is
# judged by a11y_epub.sh where this tree can render.
set -u
. "$TB_ROOT/tests/lib/a11y_lib.sh"
SEED="$TB_SHARED/seeds/000_7ec918ee2a4c8b84.txt"
JAR=/usr/share/java/epubcheck.jar

if [ ! -f "$SEED" ]; then
    echo "ok - a11y_seed # SKIP ../shared absent"
    exit 0
fi
for tool in ffmpeg ffprobe xmllint python3; do
    if ! command -v $tool >/dev/null; then
        echo "ok - a11y_seed # SKIP $tool not installed (scripts/install-deps build test)"
        exit 0
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! a11y_seed_fixture "$SEED" "$tmp/seed" || ! "$TINGBAO" publish "$tmp/seed" 2>"$tmp/err"; then
    echo "not ok - a11y_seed: publish an edition of the seed's text ($(head -c 300 "$tmp/err"))"
    exit 0
fi
echo "ok - a11y_seed: published an edition of the seed's text"

if [ -f "$JAR" ] && command -v java >/dev/null; then
    out=$(cd "$tmp" && java -jar "$JAR" "$tmp/seed/edition.epub" 2>&1)
    rc=$?
    summary=$(printf '%s\n' "$out" | grep -E '^Messages:' | head -1)
    if [ $rc -eq 0 ] && [[ "$summary" == *"0 fatals / 0 errors / 0 warnings"* ]]; then
        echo "ok - a11y_seed: epubcheck: $summary"
    else
        echo "not ok - a11y_seed: epubcheck (exit $rc): $summary"
        printf '%s\n' "$out" | grep -E '^(ERROR|WARNING|FATAL)' | head -20 | sed 's/^/#   /'
    fi
else
    echo "ok - a11y_seed: epubcheck # SKIP epubcheck/java not installed"
fi

a11y_ace_check "$tmp/seed/edition.epub" a11y_seed

a11y_daisy_checks "$tmp/seed" a11y_seed-daisy

if ! command -v chromium >/dev/null || ! command -v node >/dev/null; then
    echo "ok - a11y_seed: page # SKIP chromium or node not installed"
elif ! "$TB_ROOT/tests/browser/setup" >/dev/null 2>&1; then
    echo "ok - a11y_seed: page # SKIP tests/browser/setup (npm ci) failed"
else
    a11y_page_check "$tmp/seed" a11y_seed-page
fi
