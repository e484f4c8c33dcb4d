#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lex_reading.sh — how right eSpeak NG reads tingbao's own reading sets
# (tests/reading/*.tsv) through `tingbao pinyin`, scored by the shared
# score-reading tool (it decodes eSpeak's phonemes back to pinyin), and that
# every unit the normaliser emits is said once (bench/units-check).
# Thresholds are set a little below what was measured when they were set, so a
# regression in the lexicon, the sandhi or the Latin marking fails here, while
# an eSpeak update that moves a few syllables does not:
#   reading-own.tsv  (220 lines): 100.0% / 99.9%, 0 switches (raw eSpeak 97.4% / 93.3%)
#   reading-i18.tsv  (241 lines, issue 18): 99.8% / 99.5%, 0 switches
#                    (raw eSpeak 90.7% / 83.2%; tingbao before issue 18 98.2% / 95.1%)
set -u
score=${TB_SHARED:-../shared}/tools/score-reading
if [ ! -x "$score" ]; then
    echo "ok - lex_reading # SKIP ../shared absent (no $score)"
    exit 0
fi
if ! command -v espeak-ng >/dev/null 2>&1; then
    echo "ok - lex_reading # SKIP espeak-ng absent"
    exit 0
fi
cd "$TB_ROOT" || exit 1
one_set() { # FILE MIN_SYL MIN_TONE
    local set=$1 min_syl=$2 min_tone=$3 name last syl tone sw
    name=$(basename "$set" .tsv)
    last=$("$score" --cmd "$TINGBAO pinyin" "$set" --jobs 2 | tail -1)
    echo "# $name: $last"
    read -r syl tone sw < <(sed -nE 's/^syllables ([0-9.]+)% tones ([0-9.]+)% en-switches ([0-9]+).*/\1 \2 \3/p' <<<"$last")
    if [ -z "${syl:-}" ]; then
        echo "not ok - $name: no score line from score-reading"
        return
    fi
    awk -v a="$syl" -v m="$min_syl" 'BEGIN { exit !(a >= m) }' &&
        echo "ok - $name syllables $syl% >= $min_syl%" || echo "not ok - $name syllables $syl% < $min_syl%"
    awk -v a="$tone" -v m="$min_tone" 'BEGIN { exit !(a >= m) }' &&
        echo "ok - $name tones $tone% >= $min_tone%" || echo "not ok - $name tones $tone% < $min_tone%"
    [ "$sw" -eq 0 ] && echo "ok - $name: no English switch on Han text" || echo "not ok - $name: $sw English switches"
}
one_set tests/reading/reading-own.tsv 99.0 98.5
one_set tests/reading/reading-i18.tsv 99.4 99.0
if out=$(TB_SHARED=${TB_SHARED:-../shared} bench/units-check --tingbao "$TINGBAO" 2>&1); then
    echo "ok - units: $(tail -1 <<<"$out")"
else
    echo "not ok - units:"
    sed 's/^/# /' <<<"$out"
fi
