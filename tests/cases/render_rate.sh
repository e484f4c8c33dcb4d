#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_rate.sh — --rate (words a minute, as espeak-ng -s) changes how long the audio
# lasts, in proportion, and 175 is the default; the female news voice (voices/news-f)
# renders, is named in edition.json and in the feed item; a rate out of range is a
# usage error.
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
T=$TINGBAO
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
printf '新馆每天开放到晚上十点，周末不闭馆。馆长说，很多读者白天要上班。\n' >"$tmp/p.txt"
dur() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration"])' "$1/edition.json"; }
for r in default 120 175 250; do
    args=(); [ "$r" = default ] || args=(--rate "$r")
    "$T" render -q --no-feed --no-mp3 -f wav "${args[@]}" -o "$tmp/r$r" "$tmp/p.txt" || nok "render --rate $r"
done
cmp -s "$tmp/rdefault/01-intro.wav" "$tmp/r175/01-intro.wav" && ok "the default rate is 175 words a minute" ||
    nok "default differs from --rate 175"
python3 - "$(dur "$tmp/r120")" "$(dur "$tmp/r175")" "$(dur "$tmp/r250")" <<'PY' && ok "durations follow the rate" || nok "durations: $(dur "$tmp/r120") $(dur "$tmp/r175") $(dur "$tmp/r250")"
import sys
a, b, c = map(float, sys.argv[1:])
assert a > b > c, (a, b, c)
assert 1.5 < a / c < 2.6, a / c  # 250/120 = 2.1, less the pauses
PY
"$T" render -q --base-url https://example.org/e -v "$TB_ROOT/voices/news-f" -o "$tmp/out/f1" "$tmp/p.txt" &&
    "$T" feed --base-url https://example.org/e "$tmp/out" >/dev/null 2>&1 || nok "render with news-f"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["audio"]["voice"] == "news-f"' "$tmp/out/f1/edition.json" &&
    ok "edition.json names the voice" || nok "edition.json voice"
xmllint --noout "$tmp/out/feed.xml" && grep -q '<podcast:person role="host">news-f (eSpeak NG)</podcast:person>' "$tmp/out/feed.xml" &&
    ok "the feed item names the voice" || nok "feed item voice"
"$T" render --rate 20 -o "$tmp/x" "$tmp/p.txt" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- '--rate must be 80-450' "$tmp/err" && ok "--rate out of range is a usage error" ||
    nok "--rate 20: $(cat "$tmp/err")"
