#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lex_house.sh — a house lexicon an editor keeps: `tingbao lexicon add` checks an entry
# as the loader does (bad ones refused with a message, the file untouched) and replaces
# the line of a word already there; W3C PLS 1.0 export is well-formed XML (xmllint) in
# the PLS namespace, and import then export gives the same entries and the same file;
# a render with a changed lexicon speaks again only the section holding the word.
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
T=$TINGBAO
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
cd "$tmp" || exit 1

"$T" lexicon add 单丽华 "shan4 li4 hua2" --file h.tsv && "$T" lexicon add 区志文 "ou1 zhi4 wen2" -f h.tsv &&
    "$T" lexicon add 单丽华 "shan4 li4 hua2" -f h.tsv && "$T" lexicon add 一会儿 "yi2 hui4 er5" -f h.tsv ||
    nok "lexicon add"
[ "$(grep -c $'^单丽华\t' h.tsv)" -eq 1 ] && [ "$(grep -vc '^#' h.tsv)" -eq 3 ] &&
    ok "add replaces the line of a word already there" || nok "add: $(cat h.tsv)"
cp h.tsv before.tsv
for bad in "坏词|huai4|1 syllables for a word of 2" "好|hao9|bad syllable" "abc|a1 b1 c1|"; do
    IFS='|' read -r w p why <<<"$bad"
    "$T" lexicon add "$w" "$p" -f h.tsv 2>err
    rc=$?
    if [ "$rc" -eq 3 ] && grep -q "$why" err && cmp -s h.tsv before.tsv; then
        ok "refused $w $p (exit 3, file untouched)"
    else
        nok "bad entry $w $p: exit $rc, $(cat err)"
    fi
done
"$T" pinyin --lexicon h.tsv <<<"单丽华说" | grep -q 'shan4 li4 hua2' && ok "pinyin reads the house lexicon" ||
    nok "pinyin with the house lexicon"

"$T" lexicon export-pls -f h.tsv -o a.pls || nok "export-pls"
xmllint --noout a.pls && ok "PLS well-formed (xmllint)" || nok "PLS not well-formed"
python3 - a.pls h.tsv <<'PY' && ok "PLS holds every entry, in the PLS 1.0 namespace" || nok "PLS content"
import sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2005/01/pronunciation-lexicon}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == NS + "lexicon" and root.get("version") == "1.0" and root.get("alphabet") == "x-pinyin"
got = [(l.find(NS + "grapheme").text, l.find(NS + "phoneme").text) for l in root.iter(NS + "lexeme")]
want = [tuple(l.rstrip("\n").split("\t")) for l in open(sys.argv[2], encoding="utf-8") if not l.startswith("#")]
assert got == want, (got, want)
PY
"$T" lexicon import-pls a.pls -f h2.tsv 2>/dev/null && "$T" lexicon export-pls -f h2.tsv >b.pls || nok "import-pls"
cmp -s a.pls b.pls && diff <(grep -v '^#' h.tsv) <(grep -v '^#' h2.tsv) >/dev/null &&
    ok "PLS round trip: import then export gives the same entries" || nok "PLS round trip"
printf '<lexicon xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" version="1.0" alphabet="x-pinyin"><lexeme><grapheme>坏</grapheme><phoneme>huai</phoneme></lexeme></lexicon>\n' >bad.pls
"$T" lexicon import-pls bad.pls -f h3.tsv 2>err
[ $? -eq 3 ] && grep -q 'bad.pls:1' err && [ ! -e h3.tsv ] && ok "a bad PLS entry is refused with FILE:LINE" ||
    nok "bad PLS: $(cat err)"

page=$TB_ROOT/tests/data/pages/render-small.txt
"$T" render -q --no-feed -d 2024-05-01 -o A "$page" || { nok "first render"; exit 0; }
"$T" lexicon add 滨河 "bin1 he2" -f house.tsv || nok "add 滨河"
msg=$("$T" render --no-feed -d 2024-05-01 --lexicon house.tsv -o A "$page" 2>&1)
grep -q '(1 spoken, 4 kept)' <<<"$msg" && ok "a lexicon change speaks again only the section with the word ($msg)" ||
    nok "lexicon change re-render: $msg"
