#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib/golden.sh FILE.tsv — one TAP line per row of a golden table.
# The file names its subcommand in a line "# cmd: normalize" (or pinyin, …).
# Rows are INPUT<TAB>EXPECTED; blank lines and other "#" lines are ignored.
# The whole input column goes through one run of `tingbao CMD`, which must
# print exactly one line per input line.
set -u
file=$1
cmd=$(sed -n 's/^# cmd: *//p' "$file" | head -1)
[ -n "$cmd" ] || { echo "not ok - $file has no '# cmd:' line"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
grep -vE '^(#|[[:space:]]*$)' "$file" >"$tmp/rows"
cut -f1 "$tmp/rows" >"$tmp/in"
cut -f2 "$tmp/rows" >"$tmp/want"
# shellcheck disable=SC2086
if ! "$TINGBAO" $cmd <"$tmp/in" >"$tmp/got" 2>"$tmp/err"; then
    echo "not ok - tingbao $cmd failed: $(head -3 "$tmp/err")"
    exit 0
fi
paste "$tmp/in" "$tmp/want" "$tmp/got" | awk -F'\t' '{
    if ($2 == $3) printf "ok %d - %s\n", NR, $1;
    else printf "not ok %d - %s => got [%s] want [%s]\n", NR, $1, $3, $2 }'
n_in=$(wc -l <"$tmp/in"); n_out=$(wc -l <"$tmp/got")
[ "$n_in" -eq "$n_out" ] || echo "not ok - $n_out output lines for $n_in input lines"
