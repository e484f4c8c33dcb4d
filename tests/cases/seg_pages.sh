#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# seg_pages.sh — `tingbao sections` on every test page with an expectation file
# (tests/data/pages/NAME.expect, see tests/lib/check_sections.py): kinds and titles in
# order, no chrome text spoken, sentences non-empty and within the 120-character cap.
# Covers e-paper pages of several shapes, Markdown, HTML, CRLF+BOM, GB18030, control
# characters, the bundled example and the real seed page (skipped when ../shared is absent).
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
TB_SHARED=${TB_SHARED:-$TB_ROOT/../shared}
check=$TB_ROOT/tests/lib/check_sections.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for expect in "$TB_ROOT"/tests/data/pages/*.expect; do
    name=$(basename "$expect" .expect)
    page=$(sed -n 's/^@//p' "$expect" | head -1)
    if [ -n "$page" ]; then
        page=${page//\$TB_SHARED/$TB_SHARED}
        [ "${page#/}" = "$page" ] && page=$TB_ROOT/$page
    else
        page=$(ls "$TB_ROOT/tests/data/pages/$name".{txt,md,html} 2>/dev/null | head -1)
    fi
    if [ -z "$page" ] || [ ! -f "$page" ]; then
        case $page in
        "$TB_SHARED"/*) echo "ok - $name # SKIP ../shared absent"; continue ;;
        esac
        echo "not ok - $name: no page for $expect"
        continue
    fi
    if ! "$TINGBAO" sections "$page" >"$tmp/out.json" 2>"$tmp/err"; then
        echo "not ok - $name: tingbao sections failed: $(head -c 300 "$tmp/err")"
        continue
    fi
    python3 "$check" "$expect" "$name" <"$tmp/out.json"
    # the same input gives the same output, byte for byte
    "$TINGBAO" sections "$page" >"$tmp/again.json" 2>/dev/null
    if cmp -s "$tmp/out.json" "$tmp/again.json"; then
        echo "ok - $name: output is deterministic"
    else
        echo "not ok - $name: two runs differ"
    fi
done
