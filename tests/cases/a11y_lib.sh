#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_lib.sh — the fixture edition the accessibility tests (a11y_*.sh) publish
# and judge. Sourced, it defines a11y_fixture DIR [--no-mp3]: a real edition
# folder with a few seconds of ffmpeg-made audio per section (.opus), the whole
# edition as edition.opus and edition.mp3, and an edition.json with hostile
# titles (quotes, <, &, ]]>, </script>, -->, emoji) and a section without
# sentences. Run directly (as tests/run does), it checks the fixture itself.

# a11y_fixture DIR [--no-mp3] — fails (status 1) if ffmpeg cannot make the audio.
a11y_fixture() {
    local dir=$1 mp3=1
    [ "${2:-}" = --no-mp3 ] && mp3=0
    mkdir -p "$dir" || return 1
    # section files: durations in seconds, one tone each so that a wrong seek is audible
    local names=(01-headline 02-intro 03-body 04-caption) durs=(2.5 3.0 3.5 2.0) freqs=(330 440 550 660)
    local i
    for i in 0 1 2 3; do
        ffmpeg -nostdin -v error -y -f lavfi \
            -i "sine=frequency=${freqs[$i]}:duration=${durs[$i]}:sample_rate=48000" \
            -c:a libopus -b:a 24k "$dir/${names[$i]}.opus" || return 1
    done
    ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:duration=11:sample_rate=48000" \
        -c:a libopus -b:a 24k "$dir/edition.opus" || return 1
    if [ "$mp3" = 1 ]; then
        ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:duration=11:sample_rate=44100" \
            -c:a libmp3lame -b:a 64k "$dir/edition.mp3" || return 1
    fi
    A11Y_MP3=$mp3 python3 - "$dir/edition.json" <<'PY' || return 1
import json, os, sys
title = '试验版 "引号" <b>粗体</b> & 符号 😀'
sections = [
    {"kind": "headline", "title": title, "file": "01-headline.opus", "start": 0.0, "duration": 2.5,
     "sentences": [{"text": title, "start": 0.2, "duration": 2.1}]},
    {"kind": "intro", "title": "导语：A&B <公司> \'单引号\'", "file": "02-intro.opus", "start": 2.5,
     "duration": 3.0,
     "sentences": [{"text": "第一句，说明情况。", "start": 2.6, "duration": 1.3},
                   {"text": "第二句 a < b && c > d。", "start": 3.9, "duration": 1.5}]},
    {"kind": "body", "title": "正文 ]]> </script><script>alert(1)</script> --> 🚀", "file": "03-body.opus",
     "start": 5.5, "duration": 3.5,
     "sentences": [{"text": "第三句。", "start": 5.6, "duration": 1.0},
                   {"text": "</p><p>第四句 &amp; 实体。", "start": 6.6, "duration": 1.2},
                   {"text": "第五句，最后一句。", "start": 7.8, "duration": 1.1}]},
    {"kind": "caption", "title": "图片说明（无句子）", "file": "04-caption.opus", "start": 9.0,
     "duration": 2.0, "sentences": []},
]
m = {"title": title, "date": "2022-06-15", "description": "测试用的版面 <描述> & 说明",
     "edition": "edition.opus", "duration": 11.0, "sections": sections}
if os.environ.get("A11Y_MP3") == "1":
    m["mp3"] = "edition.mp3"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(m, f, ensure_ascii=False, indent=1)
PY
}

# the section titles of the fixture, in order (what the headings must say)
a11y_titles() {
    python3 -c 'import json,sys; [print(s["title"]) for s in json.load(open(sys.argv[1]))["sections"]]' "$1/edition.json"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -u
    if ! command -v ffmpeg >/dev/null || ! command -v python3 >/dev/null; then
        echo "ok - a11y_lib fixture # SKIP ffmpeg or python3 not installed"
        exit 0
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    if a11y_fixture "$tmp/ed" && [ -s "$tmp/ed/edition.mp3" ] && [ -s "$tmp/ed/04-caption.opus" ] &&
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/ed/edition.json"; then
        echo "ok - a11y_lib fixture: audio and a valid edition.json"
    else
        echo "not ok - a11y_lib fixture: audio and a valid edition.json"
    fi
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/ed/edition.mp3" 2>/dev/null)
    if python3 -c 'import sys; sys.exit(0 if abs(float(sys.argv[1]) - 11.0) < 0.2 else 1)' "${d:-0}"; then
        echo "ok - a11y_lib fixture: edition.mp3 lasts the manifest's 11 s ($d s)"
    else
        echo "not ok - a11y_lib fixture: edition.mp3 lasts the manifest's 11 s (${d:-?} s)"
    fi
fi
