#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# seg_errors.sh — `tingbao sections` refuses bad input with one clear line naming the
# file (and line:column for encoding errors), the documented exit status, and nothing
# on stdout: invalid UTF-8 with --strict, empty and whitespace-only files, chrome-only
# pages, a file over the 16 MiB limit, a missing file, bad usage. Also the default
# policy for invalid bytes (dropped with a warning), --lenient, --encoding, stdin.
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
P=$TB_ROOT/tests/data/pages
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS PATTERN ARGS... : exit status, stderr matching PATTERN, empty stdout,
# and (for bad input and failures) a one-line message; usage errors add a "Try" line
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    "$TINGBAO" sections "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    local msg
    msg=$(head -c 400 "$tmp/err")
    if [ "$rc" -ne "$want" ]; then
        echo "not ok - $name: exit status $rc, want $want ($msg)"
    elif ! grep -Eq -- "$pattern" "$tmp/err"; then
        echo "not ok - $name: message [$msg] does not match /$pattern/"
    elif [ "$want" -ne 0 ] && [ -s "$tmp/out" ]; then
        echo "not ok - $name: output written despite the error"
    elif [ "$want" -ne 0 ] && [ "$want" -ne 2 ] && [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
        echo "not ok - $name: want a one-line message, got [$msg]"
    else
        echo "ok - $name"
    fi
}

expect "--strict: invalid UTF-8 names file:line:column" 3 \
    '^tingbao: .*invalid-utf8\.txt:6:8: invalid UTF-8 byte 0xFF at byte offset 88' --strict "$P/invalid-utf8.txt"
expect "empty file" 3 'empty-file\.txt: the report is empty' "$(cp "$P/empty.txt" "$tmp/empty-file.txt"; echo "$tmp/empty-file.txt")"
expect "whitespace-only file" 3 'whitespace-only\.txt: the report is empty' "$P/whitespace-only.txt"
expect "chrome-only page" 3 'chrome-only\.txt: no article text found' "$P/chrome-only.txt"
expect "missing file" 1 'no-such-file\.txt: cannot open the report: No such file' "$tmp/no-such-file.txt"
expect "a folder is not a report" 1 'cannot read the report' "$tmp"
expect "no argument" 2 'expected one REPORT' 
expect "two arguments" 2 'expected one REPORT' "$P/empty.txt" "$P/empty.txt"
expect "unknown format" 2 "unknown format 'pdf'" --format pdf "$P/empty.txt"
expect "unknown encoding" 2 "unknown encoding 'latin9'" --encoding latin9 "$P/empty.txt"
expect "--strict: forced UTF-8 on a GB18030 file" 3 'gb18030\.txt:1:1: invalid UTF-8 byte' --strict --encoding utf-8 "$P/gb18030.txt"

# over the documented 16 MiB limit: refused before any decoding
head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$tmp/big.txt"
expect "input over 16 MiB" 3 'big\.txt: the report is larger than the 16 MiB limit' "$tmp/big.txt"

# by default (and with --lenient, kept for old scripts) the bad byte is dropped with a
# warning naming its line, column and byte offset; reading goes on
for flag in "" --lenient; do
    # shellcheck disable=SC2086
    if "$TINGBAO" sections $flag "$P/invalid-utf8.txt" >"$tmp/out" 2>"$tmp/err" &&
        [ "$(cat "$tmp/err")" = "tingbao: warning: $P/invalid-utf8.txt:6:8 (byte 88): invalid UTF-8, 1 byte dropped" ] &&
        python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=json.dumps(d,ensure_ascii=False); sys.exit(0 if "几字弯" in t and "\ufffd" not in t and d["encoding"]=="UTF-8" else 1)' "$tmp/out"; then
        echo "ok - ${flag:-default}: the bad byte is dropped with a warning, the text around it kept"
    else
        echo "not ok - ${flag:-default}: $(head -c 300 "$tmp/err")"
    fi
done

# forced UTF-8 on a GB18030 file: the first runs with their positions, then a count
"$TINGBAO" sections --encoding utf-8 "$P/gb18030.txt" >"$tmp/out" 2>"$tmp/err"
if [ "$(grep -c ': invalid UTF-8, [0-9]* bytes\? dropped$' "$tmp/err")" -eq 5 ] &&
    grep -q "^tingbao: warning: $P/gb18030\.txt:1:1 (byte 0): invalid UTF-8" "$tmp/err" &&
    grep -Eq "^tingbao: warning: $P/gb18030\.txt: [0-9]+ more runs of invalid UTF-8 dropped \([0-9]+ bytes in all\)$" "$tmp/err"; then
    echo "ok - many invalid runs: five with positions, then a count"
else
    echo "not ok - many invalid runs: $(head -c 400 "$tmp/err")"
fi

# stdin and a forced format give the same result as the file
"$TINGBAO" sections "$P/markdown.md" | sed 1,2d >"$tmp/a"
"$TINGBAO" sections --format markdown - <"$P/markdown.md" | sed 1,2d >"$tmp/b"
if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then
    echo "ok - stdin with --format gives the same sections"
else
    echo "not ok - stdin with --format differs"
fi

# forcing GB18030 decodes the GB18030 page the same way detection does
"$TINGBAO" sections "$P/gb18030.txt" >"$tmp/a"
"$TINGBAO" sections --encoding gbk "$P/gb18030.txt" >"$tmp/b"
if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then
    echo "ok - --encoding gbk decodes as detection does"
else
    echo "not ok - --encoding gbk differs from detection"
fi

if "$TINGBAO" sections --help | grep -q '^Usage: tingbao sections'; then
    echo "ok - --help"
else
    echo "not ok - --help"
fi
