#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# render_long_section.sh — a section longer than a spool piece (about six
# minutes of 导语, past the 300 s soft cut, so it is levelled in pieces)
# comes out whole and even: it decodes to exactly the length edition.json
# gives, its loudness is the target, its first and last minute are as loud
# as each other, and one worker or two make the same bytes. The cut itself
# is not visible in the files; the ring and its pieces are tested in
# tests/unit/test_render_spool.c.
set -u
T=${TINGBAO:?}
source "$TB_ROOT/tests/lib/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# our own text: a headline and one paragraph of 45 sentences
python3 - >"$tmp/long.txt" <<'PY'
print("河湾县冬季供暖工作全面启动")
print()
towns = ["东关镇", "西河乡", "南岗镇", "北坡村", "柳树湾", "石门镇", "杏花村", "青山乡", "白水镇", "红旗村"]
print("".join(f"{towns[i % 10]}第{i}号供热站已经完成检修，今年新增管网{i % 7 + 2}公里，"
              f"覆盖居民{100 + i * 13}户。" for i in range(1, 46)))
PY

for j in 1 2; do
    if ! "$T" render -q --no-feed --no-mp3 -j$j --date 2026-01-05 -o "$tmp/j$j/ed" "$tmp/long.txt" \
            2>"$tmp/err"; then
        nok "render -j$j exits 0: $(head -c 200 "$tmp/err")"
        exit 0
    fi
done
ok "render -j1 and -j2 exit 0"

read -r file dur lufs < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sections"][1]
print(s["file"], s["duration"], s["loudness"]["integrated_lufs"])
' "$tmp/j2/ed/edition.json")
check "the 导语 is longer than a spool piece (300 s): $dur s" \
    "awk -v d='$dur' 'BEGIN { exit !(d > 330) }'"
check "... and the target loudness (-16 LUFS ± 1): $lufs" \
    "awk -v l='$lufs' 'BEGIN { exit !(l > -17 && l < -15) }'"

# decoded by FFmpeg: the length edition.json gives, to the millisecond
dec=$(ffmpeg -v error -i "$tmp/j2/ed/$file" -f s16le -ac 1 -ar 48000 - </dev/null | wc -c |
    awk '{ printf "%.4f", $1 / 2 / 48000 }')
check "it decodes to its duration in edition.json ($dec s vs $dur s)" \
    "awk -v a='$dec' -v b='$dur' 'BEGIN { d = a - b; exit !(d < 0.002 && d > -0.002) }'"

# levelled piece by piece, it stays even: the first and the last minute
minute_lufs() {
    ffmpeg -nostats -hide_banner -ss "$1" -t 60 -i "$tmp/j2/ed/$file" -af ebur128 -f null - 2>&1 \
        </dev/null | awk '/^ +I:/ { i = $2 } END { print i }'
}
first=$(minute_lufs 1)
last=$(minute_lufs "$(awk -v d="$dur" 'BEGIN { print d - 62 }')")
check "the first minute ($first LUFS) and the last ($last LUFS) within 1.5 LU" \
    "awk -v a='$first' -v b='$last' 'BEGIN { d = a - b; exit !(a != \"\" && b != \"\" && d < 1.5 && d > -1.5) }'"
check "... and near the target (-16 ± 2)" \
    "awk -v a='$first' -v b='$last' 'BEGIN { exit !(a > -18 && a < -14 && b > -18 && b < -14) }'"

check "one worker and two make the same files" "diff -r '$tmp/j1' '$tmp/j2' >/dev/null"
