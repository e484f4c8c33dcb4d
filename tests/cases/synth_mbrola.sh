#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# synth_mbrola.sh — the MBROLA voice family (voices/cmn-mbrola.voice): a
# description whose database is absent fails at once naming what to install;
# with mbrola + mbrola-cn1 installed (scripts/install-deps voices) a test page,
# examples/xilin-0612.txt and the seed (../shared) render with 0 unknown
# diphones (MBROLA prints each one), the timeline matches the section files
# (ffprobe durations, silent pauses, sounding sentences), and the syllables
# MBROLA is given are the ones the eSpeak voice says.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 1. asked for but not installed: fails at once, naming the packages
printf 'family mbrola\nreader %s/voices/news\ndatabase %s/none/cn1\npackages mbrola mbrola-cn1\n' \
    "$TB_ROOT" "$tmp" > "$tmp/absent.voice"
printf '# 标题\n\n你好。\n' > "$tmp/t.txt"
if "$TINGBAO" render --voice "$tmp/absent.voice" -o "$tmp/o0" "$tmp/t.txt" 2>"$tmp/err0"; then
    echo "not ok - synth_mbrola: a voice whose database is absent renders"
elif grep -q 'install the Debian packages mbrola mbrola-cn1' "$tmp/err0" && [ ! -e "$tmp/o0" ]; then
    echo "ok - synth_mbrola: absent database fails at once naming mbrola mbrola-cn1"
else
    echo "not ok - synth_mbrola: absent database message: $(head -c 300 "$tmp/err0")"
fi
if ! command -v mbrola >/dev/null || [ ! -r /usr/share/mbrola/cn1/cn1 ]; then
    echo "ok - synth_mbrola # SKIP mbrola or mbrola-cn1 not installed (scripts/install-deps voices)"
    exit 0
fi
cat > "$tmp/page.txt" <<'PAGE'
# 春天的报告

今天上午，市政府召开新闻发布会，介绍了全年经济运行情况、重点项目进展和民生工作。

老李说：“我们村里的路修好了，孩子们上学方便多了。”女儿、儿子和外孙都回来了。

国家统计局发布的数据显示，一季度GDP同比增长百分之五点三，居民收入稳步提高。
PAGE
seed="$TB_ROOT/../shared/seeds/000_7ec918ee2a4c8b84.txt"
pages=("$tmp/page.txt" "$TB_ROOT/examples/xilin-0612.txt")
if [ -r "$seed" ]; then
    pages+=("$seed")
else
    echo "ok - synth_mbrola: the seed # SKIP ../shared/seeds is absent"
fi
for f in "${pages[@]}"; do
    n=$(basename "$f" .txt)
    if ! TINGBAO_MBROLA_PHO=1 "$TINGBAO" render --voice "$TB_ROOT/voices/cmn-mbrola.voice" \
        --format wav -o "$tmp/o-$n" "$f" 2>"$tmp/err-$n"; then
        echo "not ok - synth_mbrola: render $n: $(grep -v '^[_a-z]* [0-9]' "$tmp/err-$n" | head -c 300)"
        continue
    fi
    u=$(grep -c 'unknown, replaced' "$tmp/err-$n")
    [ "$u" = 0 ] && echo "ok - synth_mbrola: $n: 0 unknown diphones" ||
        echo "not ok - synth_mbrola: $n: $u unknown diphones ($(grep -m3 'unknown' "$tmp/err-$n" | tr '\n' ' '))"
done
# the timeline: each section file as long as edition.json says (ffprobe), every
# sentence's window holds sound and the pauses between sentences are silent
python3 - "$tmp/o-page" >"$tmp/timeline" 2>&1 <<'PY'
import array, json, os, subprocess, sys, wave
d = sys.argv[1]
ed = json.load(open(os.path.join(d, "edition.json")))
bad = []
for sec in ed["sections"]:
    f = os.path.join(d, sec["file"])
    dur = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                                "-of", "csv=p=0", f], capture_output=True, text=True).stdout)
    if abs(dur - sec["duration"]) > 0.002:
        bad.append("%s: %.3f s, edition.json %.3f" % (sec["file"], dur, sec["duration"]))
    w = wave.open(f)
    rate = w.getframerate()
    pcm = array.array("h", w.readframes(w.getnframes()))
    ss = sec["sentences"]
    for k, s in enumerate(ss):
        a = int((s["start"] - sec["start"]) * rate)
        b = int((s["start"] - sec["start"] + s["duration"]) * rate)
        if not any(pcm[a:b]):
            bad.append("%s: sentence %d is silent" % (sec["file"], k))
        if k + 1 < len(ss):
            c = int((ss[k + 1]["start"] - sec["start"]) * rate)
            if any(pcm[b + int(0.002 * rate):c - int(0.002 * rate)]):
                bad.append("%s: sound between sentences %d and %d" % (sec["file"], k, k + 1))
print("; ".join(bad) or "%d sections" % len(ed["sections"]))
sys.exit(1 if bad else 0)
PY
if [ $? = 0 ]; then
    echo "ok - synth_mbrola: the timeline matches the audio ($(cat "$tmp/timeline"))"
else
    echo "not ok - synth_mbrola: timeline: $(head -c 400 "$tmp/timeline")"
fi
# the same syllables as the eSpeak voice (its trace of the same sentences)
if out=$("$TB_ROOT/bench/same-syllables" "$TINGBAO" "$tmp/page.txt" 2>&1); then
    echo "ok - synth_mbrola: same syllables as the eSpeak voice ($(echo "$out" | tail -n 1))"
else
    echo "not ok - synth_mbrola: syllables differ from the eSpeak voice: $(echo "$out" | tail -n 4 | tr '\n' ' ')"
fi
