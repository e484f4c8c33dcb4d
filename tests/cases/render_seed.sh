#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_seed.sh — the real sample page (read from ../shared, never copied):
# it renders, its chapters and files agree, and eSpeak never switches to
# English inside the Mandarin of any sentence.
set -u
seed="$TB_SHARED/seeds/000_7ec918ee2a4c8b84.txt"
if [ ! -f "$seed" ]; then
    echo "ok - render the seed # SKIP ../shared absent"
    echo "ok - seed phonemes have no switch to English # SKIP ../shared absent"
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out="$tmp/nmg-0404"
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

if ! "$TINGBAO" render "$seed" -o "$out" -q 2>"$tmp/err"; then
    nok "render the seed: $(head -3 "$tmp/err")"
    exit 0
fi
ok "render the seed"
. "$TB_ROOT/tests/lib/names.sh"
edo=$(edition_audio "$out" edition)
ffprobe -v error -show_chapters -of json "$out/$edo" >"$tmp/ch.json"
python3 - "$out" "$tmp/ch.json" <<'PY'
import json, sys
ed = json.load(open(sys.argv[1] + "/edition.json"))
ff = json.load(open(sys.argv[2]))["chapters"]
cj = json.load(open(sys.argv[1] + "/chapters.json"))
def say(ok, msg): print(("ok - " if ok else "not ok - ") + "seed: " + msg)
titles = [s["title"] for s in ed["sections"]]
say([c["tags"].get("title") for c in ff] == titles, "ffprobe chapters are the %d section titles" % len(titles))
st = [float(c["start_time"]) for c in ff]
say(st[0] == 0 and all(a < b for a, b in zip(st, st[1:])), "chapter starts increase")
say([c["title"] for c in cj["chapters"]] == titles
    and all(abs(c["startTime"] - s) <= 0.0015 for c, s in zip(cj["chapters"], st)), "chapters.json agrees")
say(ed["duration"] > 600, "more than 10 minutes of audio (%.0f s)" % ed["duration"])
PY
total=0
for f in "$out"/[0-9][0-9]-*.opus; do
    ffmpeg -nostats -i "$f" -af volumedetect -f null - 2>"$tmp/vol" </dev/null
    m=$(sed -n 's/.*mean_volume: \(-\?[0-9.]*\) dB/\1/p' "$tmp/vol")
    check "seed: $(basename "$f") is not silent (mean $m dB)" awk -v a="$m" 'BEGIN { exit !(a > -45) }'
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
    total=$(awk -v a="$total" -v b="$d" 'BEGIN { print a + b }')
done
e=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/$edo")
check "seed: sections add up to $edo within 1 s ($total vs $e)" \
    awk -v a="$total" -v b="$e" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1) }'

# Every sentence through the same normaliser, lexicon and voice as the render.
python3 -c 'import json,sys; [print(x["text"]) for s in json.load(open(sys.argv[1]))["sections"] for x in s["sentences"]]' \
    "$out/edition.json" >"$tmp/sentences"
if ! "$TINGBAO" phonemes <"$tmp/sentences" >"$tmp/phonemes" 2>"$tmp/err"; then
    nok "seed phonemes: $(head -3 "$tmp/err")"
    exit 0
fi
check "seed: one phoneme line per sentence" test "$(wc -l <"$tmp/sentences")" -eq "$(wc -l <"$tmp/phonemes")"
bad=$(paste "$tmp/sentences" "$tmp/phonemes" | grep -F '(en)' | cut -f1)
if [ -z "$bad" ]; then
    ok "seed phonemes have no switch to English ($(wc -l <"$tmp/sentences") sentences)"
else
    nok "seed phonemes have no switch to English: $(wc -l <<<"$bad") sentences switch"
    head -5 <<<"$bad" | sed 's/^/#   /'
fi
