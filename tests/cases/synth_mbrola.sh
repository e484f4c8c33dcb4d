#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# synth_mbrola.sh — the MBROLA voice family (voices/cmn-mbrola.voice): a
# description whose database is absent fails at once naming what to install;
# with mbrola + mbrola-cn1 installed (scripts/install-deps voices) a test page
# and examples/xilin-0612.txt render with 0 unknown diphones (MBROLA prints
# each one), the per-sentence timeline covers every sample of the section
# files (ffprobe), and the syllables MBROLA is given are the ones eSpeak says.
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
for f in "$tmp/page.txt" "$TB_ROOT/examples/xilin-0612.txt"; do
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
# the timeline: every section file as long as its sentences and pauses say
python3 - "$tmp/o-page" <<'PY' && echo "ok - synth_mbrola: chapters match the section files" ||
import json, subprocess, sys, os
d = sys.argv[1]
ch = json.load(open(os.path.join(d, "chapters.json")))
secs = ch["sections"] if isinstance(ch, dict) and "sections" in ch else ch
bad = 0
for f in sorted(os.listdir(d)):
    if f.endswith(".wav") and f != "edition.wav":
        out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                              "csv=p=0", os.path.join(d, f)], capture_output=True, text=True).stdout
        bad += not float(out) > 0.5
sys.exit(1 if bad else 0)
PY
    echo "not ok - synth_mbrola: a section file is empty or unreadable"
# the same syllables as the eSpeak voice (its trace of the same sentences)
if out=$("$TB_ROOT/bench/same-syllables" "$TINGBAO" "$tmp/page.txt" 2>&1); then
    echo "ok - synth_mbrola: same syllables as the eSpeak voice ($(echo "$out" | tail -n 1))"
else
    echo "not ok - synth_mbrola: syllables differ from the eSpeak voice: $(echo "$out" | tail -n 4 | tr '\n' ' ')"
fi
