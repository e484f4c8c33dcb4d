#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lex_voice.sh — what eSpeak NG really does with the engine text of `tingbao pinyin`:
# forced readings are said (银行 → hang), Latin is said in English and the voice
# comes back to Mandarin after it (a Mandarin syllable with a tone contour follows).
# Phoneme-level: espeak-ng -v cmn-latn-pinyin -q -x -m, as the scorer and synth use it.
set -u
if ! command -v espeak-ng >/dev/null 2>&1; then
    echo "ok - lex_voice # SKIP espeak-ng absent"
    exit 0
fi
say() { "$TINGBAO" pinyin <<<"$1" | espeak-ng -v cmn-latn-pinyin -q -x -m | tr -d '\n'; }
check() { # name phonemes extended-regex
    if grep -Eq -- "$3" <<<"$2"; then echo "ok - $1"; else echo "not ok - $1: got [$2]"; fi
}
check_not() {
    if grep -Eq -- "$3" <<<"$2"; then echo "not ok - $1: got [$2]"; else echo "ok - $1"; fi
}

p=$(say '银行')
check "银行 said yin2 hang2" "$p" "X'a35N"
check_not "银行 not said xing" "$p" "S;'i35N"

p=$(say '全市CPI同比上涨')
check "CPI spelt in English" "$p" "s,?i:.*p,?i:.*'aI"
check "back to Mandarin after CPI (同 tong2)" "$p" "th'ong35"
check_not "no (en) switch marker on Han text" "$p" "\(en\)"

p=$(say 'GDP增长，APP应用')
check "Mandarin after GDP (增 zeng1)" "$p" "ts'@55N"
check "Mandarin after APP (应 ying4)" "$p" "'iN51|'i51N"

p=$(say '进一步推动')
check "进一步: yi2" "$p" "j'i35"
p=$(say '这一举措')
check "这一举措: yi4" "$p" "j'i51"
p=$(say '不会')
check "不会: bu2" "$p" "p'u35"

# a user lexicon overrides the bundled one (later entries win)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '# test\n银行\tyin2 xing2\n' >"$tmp/user.tsv"
out=$("$TINGBAO" pinyin --lexicon "$tmp/user.tsv" <<<'银行')
[ "$out" = "yin2 xing2" ] && echo "ok - --lexicon overrides bundled entry" || echo "not ok - --lexicon override: [$out]"

# a bad user lexicon fails with file and line, exit code 3
printf '# test\n银行\tyin2\n' >"$tmp/bad.tsv"
err=$("$TINGBAO" pinyin --lexicon "$tmp/bad.tsv" <<<'银行' 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 3 ] && echo "ok - bad lexicon exits 3" || echo "not ok - bad lexicon exit code $rc"
grep -q "bad.tsv:2" <<<"$err" && echo "ok - bad lexicon names file:line" || echo "not ok - message: [$err]"
