#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_lossless.sh — --format wav and flac: every file decodes (ffmpeg), the
# edition is exactly the sections end to end, and chapters.json / edition.json
# time the sections on it to the millisecond.
set -u
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

for fmt in wav flac; do
    out="$tmp/$fmt"
    if ! "$TINGBAO" render "$page" -o "$out" --format "$fmt" -p 河湾日报 -q 2>"$tmp/err"; then
        nok "$fmt: render exits 0: $(head -3 "$tmp/err")"
        continue
    fi
    ed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["edition"])' "$out/edition.json")
    check "$fmt: the edition $ed written (SLUG[-DATE].$fmt), no Opus file" \
        bash -c "[[ '$ed' == $fmt*.$fmt ]] && test -s '$out/$ed' && ! ls '$out' | grep -q opus"
    total=0
    files=$(python3 -c 'import json,sys; [print(s["file"]) for s in json.load(open(sys.argv[1]))["sections"]]' "$out/edition.json")
    for f in $files; do
        check "$fmt: $f is $fmt" bash -c "[[ '$f' == *.$fmt ]]"
        n=$(ffprobe -v error -select_streams a:0 -count_packets -show_entries stream=sample_rate,channels \
            -of csv=p=0 "$out/$f")
        check "$fmt: $f is 22050 Hz mono ($n)" test "$n" = "22050,1"
        s=$(ffmpeg -nostats -i "$out/$f" -af astats=measure_overall=Number_of_samples+RMS_level -f null - 2>&1 </dev/null)
        cnt=$(sed -n 's/.*Number of samples: \([0-9]*\).*/\1/p' <<<"$s" | tail -1)
        rms=$(sed -n 's/.*RMS level dB: \(-\?[0-9.]*\).*/\1/p' <<<"$s" | tail -1)
        check "$fmt: $f decodes to speech (RMS $rms dB)" awk -v r="$rms" 'BEGIN { exit !(r > -40) }'
        total=$((total + cnt))
    done
    s=$(ffmpeg -nostats -i "$out/$ed" -af astats=measure_overall=Number_of_samples -f null - 2>&1 </dev/null)
    ecnt=$(sed -n 's/.*Number of samples: \([0-9]*\).*/\1/p' <<<"$s" | tail -1)
    check "$fmt: the edition is the sections end to end ($total = $ecnt samples)" test "$total" -eq "$ecnt"
    python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
ed = json.load(open(out + "/edition.json"))
cj = json.load(open(out + "/chapters.json"))
fmt = ed["audio"]["format"]
def say(ok, msg): print(("ok - " if ok else "not ok - ") + fmt + ": " + msg)
t = 0.0
okk = True
for s in ed["sections"]:
    okk = okk and abs(s["start"] - t) <= 0.0015
    t += s["duration"]
say(okk, "sections start where the previous one ends")
say(abs(t - ed["duration"]) <= 0.002, "durations add up to the edition exactly")
say([c["title"] for c in cj["chapters"]] == [s["title"] for s in ed["sections"]]
    and all(abs(c["startTime"] - s["start"]) < 0.0015 for c, s in zip(cj["chapters"], ed["sections"])),
    "chapters.json agrees with edition.json")
say(ed["audio"]["bitrate"] is None, "no bitrate for a lossless edition")
PY
done
tags=$(ffprobe -v error -show_entries format_tags -of default=nw=1 "$tmp/flac/01-"*.flac)
check "flac: sections are tagged (TITLE, ARTIST, track)" \
    bash -c "grep -qi '^TAG:TITLE=' <<<\"\$0\" && grep -qi '^TAG:ARTIST=河湾日报' <<<\"\$0\" && grep -qi '^TAG:track.*=1' <<<\"\$0\"" "$tags"
