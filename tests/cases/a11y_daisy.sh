#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_daisy.sh — the DAISY 2.02 fileset of the fixture edition: every file
# well-formed (xmllint) and valid against its DTD (XHTML 1.0 Transitional,
# SMIL 1.0, from Debian's w3c-sgml-lib catalog, offline); every clip inside
# the MP3's duration as ffprobe measures it, in order and not overlapping;
# every ncc and SMIL link resolves to a file and an id; the ncc metadata
# agree with the fileset (tocItems, files, totalTime).
set -u
. "$TB_ROOT/tests/lib/a11y_lib.sh"

for tool in ffmpeg ffprobe xmllint python3; do
    if ! command -v $tool >/dev/null; then
        echo "ok - a11y_daisy # SKIP $tool not installed (scripts/install-deps build test)"
        exit 0
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! a11y_fixture "$tmp/ed" || ! "$TINGBAO" publish "$tmp/ed" 2>"$tmp/err"; then
    echo "not ok - a11y_daisy: tingbao publish on the fixture edition ($(head -c 300 "$tmp/err"))"
    exit 0
fi
d="$tmp/ed/daisy"
[ -f "$d/ncc.html" ] && echo "ok - a11y_daisy: publish wrote daisy/ncc.html" ||
    echo "not ok - a11y_daisy: publish wrote daisy/ncc.html"

a11y_daisy_checks "$tmp/ed" a11y_daisy
