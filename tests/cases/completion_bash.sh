#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# completion_bash.sh — dist/tingbao.bash-completion, driven the way bash drives
# it: an interactive bash (bash -i) with Debian's bash-completion loaded and our
# file sourced, the completion function `complete -p` names called with
# COMP_WORDS/COMP_CWORD set, COMPREPLY read back. Subcommands, each
# subcommand's options (from its --help), option values, reports and folders.
set -u
T=${TINGBAO:?}
R=${TB_ROOT:?}
. "$TB_ROOT/tests/lib/tap.sh"
bc=/usr/share/bash-completion/bash_completion
[ -f "$bc" ] || { echo "ok 1 - bash completion # SKIP bash-completion not installed (scripts/install-deps test)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/work/sub.d" "$tmp/work/2024"
ln -s "$T" "$tmp/bin/tingbao"
ln -s "$R/dist/tingbao-shard" "$tmp/bin/tingbao-shard"
touch "$tmp/work/page4.txt" "$tmp/work/page5.md" "$tmp/work/page6.html" "$tmp/work/ours.tsv" \
    "$tmp/work/notes.pdf"

# complete WORD... : what TAB offers after the words (the last one is the word
# being completed, "" for a new one), sorted, on one line
complete_words() {
    (cd "$tmp/work" && PATH="$tmp/bin:$PATH" HOME=$tmp bash --norc --noprofile -i -c '
        . "$1"; . "$2"; shift 2
        fn=$(complete -p "$1" 2>/dev/null | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
        [ -n "$fn" ] || { echo "NO-COMPLETION-FOR-$1"; exit; }
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$bc" "$R/dist/tingbao.bash-completion" "$@" 2>/dev/null) |
        sort | tr '\n' ' ' | sed 's/ $//'
}
# expect "WHAT" "WANTED" WORD...
expect() {
    local what=$1 want=$2 got
    shift 2
    got=$(complete_words "$@")
    [ "$got" = "$want" ] && ok "$what: '$*' offers $want" || nok "$what: '$*' offers '$got', not '$want'"
}
# expect_has "WHAT" "OPTION..." WORD...: the completions include every OPTION
expect_has() {
    local what=$1 want=$2 got o miss=""
    shift 2
    got=" $(complete_words "$@") "
    for o in $want; do [[ $got == *" $o "* ]] || miss="$miss $o"; done
    [ -z "$miss" ] && ok "$what: '$*' offers $want" || nok "$what: '$*' lacks$miss (offers:$got)"
}

expect "subcommands" "--help --version batch feed normalize phonemes pinyin publish render sections" tingbao ""
expect "a subcommand's prefix" "publish" tingbao pu
expect_has "render's options from its --help" "--bandwidth --base-url --bitrate" tingbao render --b
expect_has "batch's options" "--shard --summary" tingbao batch --s
expect "a report for render: reports and folders only" "2024 page4.txt page5.md page6.html sub.d" tingbao render ""
expect "a lexicon: .tsv files and folders" "2024 ours.tsv sub.d" tingbao render page4.txt --lexicon ""
expect "the output folder: folders only" "2024 sub.d" tingbao render page4.txt -o ""
expect "render formats" "flac opus wav" tingbao render -f ""
expect "sections formats" "epaper html markdown" tingbao sections --format ""
expect "encodings" "gb18030 gbk utf-8" tingbao sections -e ""
expect "bandwidths" "12 20 8" tingbao batch page4.txt --bandwidth ""
expect "feed takes a folder" "2024 sub.d" tingbao feed ""
expect_has "feed's two-a-line options" "--owner-name --owner-email" tingbao feed --owner
expect "explicit" "false true" tingbao feed --explicit ""
expect "normalize reads stdin: no files" "" tingbao normalize ""
expect_has "tingbao-shard's own options" "--index --count" tingbao-shard --
expect_has "tingbao-shard passes batch's options" "--force --no-feed" tingbao-shard --index 0 --count 2 m.tsv out --
expect "tingbao-shard: DIR after MANIFEST" "2024 sub.d" tingbao-shard --index 0 --count 2 m.tsv ""
