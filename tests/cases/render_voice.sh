#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_voice.sh — the voice is data: --voice FILE changes how the edition
# sounds; `tingbao phonemes` shows what the engine says, line for line.
set -u
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
dur() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration"])' "$1"; }

# A slower copy of the default voice: same language settings, speed 100.
sed 's/^speed .*/speed 100/' "$TB_ROOT/voices/news" >"$tmp/slow"
"$TINGBAO" render "$page" -o "$tmp/news" -q -f wav &&
    "$TINGBAO" render "$page" -o "$tmp/slow-ed" -q -f wav --voice "$tmp/slow"
check "render with --voice FILE" test -s "$tmp/slow-ed/edition.json"
a=$(dur "$tmp/news/edition.json"); b=$(dur "$tmp/slow-ed/edition.json")
check "a slower voice file makes a longer edition ($a s vs $b s)" \
    awk -v a="$a" -v b="$b" 'BEGIN { exit !(b > a * 1.15) }'
check "edition.json names the voice" grep -q '"voice": "slow"' "$tmp/slow-ed/edition.json"

printf '今天天气很好\n你好\n\n国内生产总值增长了\n' >"$tmp/in"
if "$TINGBAO" phonemes <"$tmp/in" >"$tmp/ph" 2>"$tmp/err"; then
    check "phonemes: one line per input line" test "$(wc -l <"$tmp/ph")" -eq 4
    check "phonemes: Mandarin stays Mandarin" bash -c "! grep -qF '(en)' '$tmp/ph'"
    check "phonemes: 你好 with its third-tone sandhi" grep -qxF "n'i35_| X'Au214_|" "$tmp/ph"
    check "phonemes: an empty line gives an empty line" test -z "$(sed -n 3p "$tmp/ph")"
else
    nok "tingbao phonemes runs: $(head -3 "$tmp/err")"
fi
check "phonemes --help" bash -c "'$TINGBAO' phonemes --help | grep -q -- --voice"
"$TINGBAO" phonemes --voice "$tmp/none" </dev/null 2>/dev/null
check "phonemes with a missing voice fails (exit 1)" test $? -eq 1
