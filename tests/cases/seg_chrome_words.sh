#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# seg_chrome_words.sh — src/parse/chrome_words.c is what scripts/derive-chrome-words makes
# of lexicon/chrome/ui.tsv (the vocabulary is data; the C table must not drift from it),
# and bench/pages prints the segmentation table with every test page wholly right.
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$TB_ROOT" || exit 1
if scripts/derive-chrome-words >"$tmp/words.c" 2>"$tmp/err" && cmp -s "$tmp/words.c" src/parse/chrome_words.c; then
    echo "ok - chrome_words.c matches lexicon/chrome/ui.tsv"
else
    echo "not ok - chrome_words.c is stale: run scripts/derive-chrome-words > src/parse/chrome_words.c $(head -c 200 "$tmp/err")"
fi
if bench/pages "$TINGBAO" >"$tmp/table" 2>&1; then
    echo "ok - bench/pages: $(tail -1 "$tmp/table")"
else
    echo "not ok - bench/pages: $(grep -E 'WRONG|refused' "$tmp/table" | head -3 | tr '\n' ' ')"
fi
