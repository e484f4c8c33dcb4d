#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_opus.sh — render our own small e-paper page to Ogg Opus and check the
# edition by its properties, with ffprobe/ffmpeg as the independent judges.
# Holds for any segmentation: it compares the files with edition.json.
set -u
page="$TB_ROOT/tests/data/pages/render-small.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out="$tmp/out/small"
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

if ! "$TINGBAO" render "$page" -o "$out" --date 2024-05-06 --publisher "河湾日报" \
        >"$tmp/stdout" 2>"$tmp/stderr"; then
    nok "render exits 0: $(head -3 "$tmp/stderr")"
    exit 0
fi
ok "render exits 0"
check "summary line on stderr" grep -q "sections.*of audio in $out" "$tmp/stderr"
check "nothing on stdout" test ! -s "$tmp/stdout"
check "no temporary folder left" bash -c "! ls -a '$tmp/out' | grep -q tmp"
# The whole edition's files are named after the edition (folder and date), so
# that podcast apps that save enclosures under the URL's name keep them apart.
EDO=small-2024-05-06.opus EDM=small-2024-05-06.mp3
for f in "$EDO" chapters.json edition.json; do
    check "$f written" test -s "$out/$f"
done
check "edition.json names the files $EDO and $EDM" python3 -c '
import json, sys; d = json.load(open(sys.argv[1]))
sys.exit(not (d["edition"] == sys.argv[2] and d["mp3"] == sys.argv[3]))' "$out/edition.json" "$EDO" "$EDM"

# Section files named in edition.json exist, are NN-kind.opus, decode, and are not silent.
python3 - "$out" >"$tmp/files" <<'PY' || nok "edition.json parses"
import json, sys
d = json.load(open(sys.argv[1] + "/edition.json"))
for i, s in enumerate(d["sections"]):
    print("%s\t%s\t%s\t%s" % (s["file"], s["start"], s["duration"], s["title"]))
PY
n=$(wc -l <"$tmp/files")
check "edition.json lists sections" test "$n" -ge 2
i=0
while IFS=$'\t' read -r file start dur title; do
    i=$((i + 1))
    want=$(printf '%02d-' "$i")
    check "section $i file name $file" bash -c "[[ '$file' == $want[a-z]*.opus ]]"
    if ! ffmpeg -v error -i "$out/$file" -af volumedetect -f null - 2>"$tmp/vol" </dev/null; then
        nok "section $i decodes with ffmpeg"
        continue
    fi
    # volumedetect logs at info level; run again to read it
    ffmpeg -nostats -i "$out/$file" -af volumedetect -f null - 2>"$tmp/vol" </dev/null
    maxv=$(sed -n 's/.*max_volume: \(-\?[0-9.]*\) dB/\1/p' "$tmp/vol")
    meanv=$(sed -n 's/.*mean_volume: \(-\?[0-9.]*\) dB/\1/p' "$tmp/vol")
    check "section $i decodes to speech, unclipped (max $maxv dB, mean $meanv dB)" \
        awk -v m="$maxv" -v a="$meanv" 'BEGIN { exit !(m > -20 && m < 0 && a > -45) }'
    tags=$(ffprobe -v error -show_entries stream_tags -of default=nw=1 "$out/$file")
    for t in "TITLE=$title" "ALBUM=" "ARTIST=河湾日报" "ORGANIZATION=河湾日报" "DATE=2024-05-06" \
             "LANGUAGE=zh-CN" "track=$i"; do
        check "section $i tag ${t%%=*}" grep -qi "^TAG:$t" <<<"$tags"
    done
done <"$tmp/files"

# Chapters as FFmpeg reads them = section titles of edition.json, increasing starts,
# and the same starts as chapters.json and edition.json (to the millisecond).
ffprobe -v error -show_chapters -of json "$out/$EDO" >"$tmp/ch.json"
python3 - "$out" "$tmp/ch.json" <<'PY'
import json, sys
out, ch = sys.argv[1], sys.argv[2]
ed = json.load(open(out + "/edition.json"))
cj = json.load(open(out + "/chapters.json"))
ff = json.load(open(ch))["chapters"]
def say(ok, msg): print(("ok - " if ok else "not ok - ") + msg)
titles = [s["title"] for s in ed["sections"]]
say([c["tags"].get("title") for c in ff] == titles, "ffprobe chapters are the section titles")
starts = [float(c["start_time"]) for c in ff]
say(starts and starts[0] == 0 and all(a < b for a, b in zip(starts, starts[1:])),
    "chapter starts increase from 0: %s" % starts)
say(cj.get("version") == "1.2.0", "chapters.json version 1.2.0")
say([c["title"] for c in cj["chapters"]] == titles, "chapters.json titles agree")
say(all(abs(c["startTime"] - s) <= 0.0015 for c, s in zip(cj["chapters"], starts))
    and len(cj["chapters"]) == len(starts), "chapters.json start times agree with ffprobe")
say(all(abs(s["start"] - t) <= 0.0015 for s, t in zip(ed["sections"], starts)),
    "edition.json section starts agree with ffprobe")
sents = [x for s in ed["sections"] for x in s["sentences"]]
say(all(x["text"] and x["duration"] > 0 for x in sents), "every sentence has text and a duration")
say(all(a["start"] + a["duration"] <= b["start"] + 1e-6 for a, b in zip(sents, sents[1:])),
    "sentence spans are in order and do not overlap")
say(all(s["start"] <= x["start"] and x["start"] + x["duration"] <= s["start"] + s["duration"] + 0.01
        for s in ed["sections"] for x in s["sentences"]), "sentences lie inside their section")
PY

# Section durations add up to the whole edition within 1 s (ffprobe's own figures).
total=0
while IFS=$'\t' read -r file _; do
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/$file")
    total=$(awk -v a="$total" -v b="$d" 'BEGIN { print a + b }')
done <"$tmp/files"
ed=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/$EDO")
check "sections add up to the Opus edition ($total s vs $ed s)" \
    awk -v a="$total" -v b="$ed" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1.0 && b > 10) }'
check "the Opus edition decodes without error" \
    bash -c "ffmpeg -v error -i '$out/$EDO' -f null - 2>&1 </dev/null | (! grep -q .)"
headline=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["title"])' "$out/edition.json")
etags=$(ffprobe -v error -show_entries stream_tags -of default=nw=1 "$out/$EDO")
check "the Opus edition ALBUM is the headline" grep -qxF "TAG:ALBUM=$headline" <<<"$etags"
check "the Opus edition has DATE and LANGUAGE" bash -c "grep -q '^TAG:DATE=2024-05-06' <<<\"\$0\" && grep -q '^TAG:LANGUAGE=zh-CN' <<<\"\$0\"" "$etags"

# The edition is the sections' own packets: decoded at its chapter start, the
# edition must give the same samples as the section file decoded on its own
# (away from the first and last half second, where decoder state differs).
ffmpeg -v error -y -i "$out/$EDO" -f s16le -ar 48000 "$tmp/ed.raw" </dev/null
i=0
while IFS=$'\t' read -r file start _; do
    i=$((i + 1))
    ffmpeg -v error -y -i "$out/$file" -f s16le -ar 48000 "$tmp/s.raw" </dev/null
    python3 - "$tmp/ed.raw" "$tmp/s.raw" "$start" "$i" <<'PY'
import sys
from array import array
ed, sec = array('h'), array('h')
ed.frombytes(open(sys.argv[1], 'rb').read())
sec.frombytes(open(sys.argv[2], 'rb').read())
off = round(float(sys.argv[3]) * 48000)
ks = range(24000, len(sec) - 24000, 5)
diff = sum(1 for k in ks if off + k >= len(ed) or abs(ed[off + k] - sec[k]) > 1)
print(("ok - " if diff == 0 and len(ks) > 0 else "not ok - ") +
      "section %s decodes identically inside the Opus edition at its chapter start (%d of %d samples differ)"
      % (sys.argv[4], diff, len(ks)))
PY
done <"$tmp/files"

# The edition's loudness in edition.json is summed from its sections, each
# decoded and measured on its own: it must read what an independent meter
# (FFmpeg's ebur128) reads on the decoded the Opus edition as a whole.
read -r I TP < <(ffmpeg -nostats -hide_banner -i "$out/$EDO" -af ebur128=peak=true -f null - 2>&1 </dev/null |
    awk '/^ +I:/ {i=$2} /^ +Peak:/ {p=$2} END {print i, p}')
read -r mI mTP < <(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["loudness"]; print(l["integrated_lufs"], l["true_peak_dbtp"])' "$out/edition.json")
check "edition.json's loudness $mI LUFS / $mTP dBTP is FFmpeg's on the Opus edition ($I LUFS / $TP dBTP)" \
    awk -v a="$mI" -v b="$I" -v p="$mTP" -v q="$TP" 'BEGIN { d = a - b; e = p - q; exit !(d <= 0.2 && d >= -0.2 && e <= 0.5 && e >= -0.5) }'

# The MP3 edition is encoded in parts, one per section, in parallel, and
# joined: it must be one valid stream (mp3val checks every frame, FFmpeg
# decodes it without a word). Each part starts on the MP3 frame (1152 samples
# at 44.1 kHz) nearest where its section starts in the Opus edition, so that
# a re-render can keep it whatever comes before: so the MP3 is as long as
# the Opus edition within half a frame (its Info frame's delay and padding),
# its chapters start on frames within half a frame of chapters.json, and
# each section's speech starts within half a frame (and 1 ms) of where it
# starts in the Opus edition: no drift, however many sections.
if [ ! -s "$out/$EDM" ]; then
    nok "the MP3 edition written"
else
    if command -v mp3val >/dev/null 2>&1; then
        mp3val "$out/$EDM" >"$tmp/mp3val" 2>&1
        check "mp3val finds every frame of the MP3 edition sound" \
            bash -c "grep -q 'MPEG frames (MPEG 1 Layer III)' '$tmp/mp3val' && ! grep -Eq 'WARNING|ERROR' '$tmp/mp3val'"
    else
        ok "mp3val checks the MP3 edition # SKIP mp3val is not installed (scripts/install-deps test)"
    fi
    check "the MP3 edition decodes without error" \
        bash -c "ffmpeg -v error -i '$out/$EDM' -f null - 2>&1 </dev/null | (! grep -q .)"
    ffmpeg -v error -y -i "$out/$EDM" -f f32le -ac 1 "$tmp/mp3.raw" </dev/null
    ffmpeg -v error -y -i "$out/$EDO" -f f32le -ac 1 -ar 44100 "$tmp/opus.raw" </dev/null
    ffprobe -v error -show_chapters -of json "$out/$EDM" >"$tmp/mp3ch.json"
    python3 - "$tmp/mp3.raw" "$tmp/opus.raw" "$tmp/mp3ch.json" "$out/chapters.json" <<'PY'
import json, sys
from array import array
def say(ok, msg): print(("ok - " if ok else "not ok - ") + msg)
m, o = array('f'), array('f')
m.frombytes(open(sys.argv[1], 'rb').read())
o.frombytes(open(sys.argv[2], 'rb').read())
HALF = 576 + 2  # half an MP3 frame, and the resamplers' rounding
say(abs(len(m) - len(o)) <= HALF, "the MP3 edition lasts as long as the Opus edition within half a frame"
    " (%d and %d samples at 44.1 kHz)" % (len(m), len(o)))
ch = json.load(open(sys.argv[3]))["chapters"]
cj = json.load(open(sys.argv[4]))["chapters"]
def on_frame(t):  # ffprobe's chapter times are in ms
    f = float(t) * 44100 / 1152
    return abs(f - round(f)) * 1152 <= 23
# chapters.json has 10 ms: half a frame (13.1 ms) and 5 ms
say(len(ch) == len(cj) and all(abs(float(a["start_time"]) - b["startTime"]) <= 0.019 and
                               on_frame(a["start_time"]) for a, b in zip(ch, cj)),
    "the MP3 edition chapters start on frames within half a frame of where chapters.json says")
def onset(x, a, b):  # the first sample of speech after a
    for k in range(a, min(b, len(x))):
        if abs(x[k]) > 0.05:
            return k
    return None
bad = []
for i, c in enumerate(cj):
    a = round(c["startTime"] * 44100)
    b = round(cj[i + 1]["startTime"] * 44100) if i + 1 < len(cj) else len(o)
    om, oo = onset(m, max(a - HALF, 0), b), onset(o, a, b)
    if om is None or oo is None or abs(om - oo) > HALF + 44:
        bad.append("%d: %s vs %s" % (i + 1, om, oo))
say(not bad, "every section's speech starts within half a frame and 1 ms in the MP3 and the Opus editions " + "; ".join(bad))
PY
fi

# Same input, same options: byte-identical files.
"$TINGBAO" render "$page" -o "$tmp/again/small" --date 2024-05-06 --publisher "河湾日报" -q
same=1
diff -r -q "$out" "$tmp/again/small" | sed 's/^/# /' | grep . && same=0
check "rendering twice gives byte-identical files" test "$same" -eq 1
