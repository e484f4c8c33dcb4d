#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# cli_basics.sh — the command line's promises: --help and --version, exit codes
# for bad usage, one output line per input line for the line filters.
set -u
T=${TINGBAO:?}
. "$TB_ROOT/tests/lib/tap.sh"

check "--version prints the version" '"$T" --version | grep -qE "^tingbao [0-9]+\.[0-9]+\.[0-9]+$"'
check "--help lists the commands" '"$T" --help | grep -q "render" && "$T" --help | grep -q "normalize"'
for c in render sections normalize pinyin feed; do
    check "$c --help exits 0 with a usage line" '"$T" $c --help | grep -q "^Usage: tingbao $c"'
done
"$T" >/dev/null 2>&1; check "no command exits 2" '[ $? -eq 2 ]'
"$T" frobnicate >/dev/null 2>&1; check "unknown command exits 2" '[ $? -eq 2 ]'
"$T" normalize --bogus >/dev/null 2>&1 </dev/null; check "unknown option exits 2" '[ $? -eq 2 ]'
"$T" render >/dev/null 2>&1; check "render without a report exits 2" '[ $? -eq 2 ]'
"$T" render /nonexistent/report.txt -o "$(mktemp -d)/x" >/dev/null 2>"${TMPDIR:-/tmp}/tb-cli-err.$$"
rc=$?
check "render of a missing file exits 1 and names it" '[ $rc -eq 1 ] && grep -q "/nonexistent/report.txt" "${TMPDIR:-/tmp}/tb-cli-err.$$"'
rm -f "${TMPDIR:-/tmp}/tb-cli-err.$$"
for c in normalize pinyin; do
    out=$(printf '第一行\n\n第三行 12\r\n' | "$T" $c | wc -l)
    check "$c prints one line per input line (blank and CRLF lines included)" '[ "$out" -eq 3 ]'
done
