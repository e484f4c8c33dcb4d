#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sec_inputs.sh — inputs an attacker (or an accident) can plant: FIFOs and
# devices where a file is read, files and lines without end, a binary voice
# file, escape sequences and bidi overrides in manifests and entities,
# impossible dates, crafted numbers. Each is refused at once with a message
# naming it, never waited on nor read without bound (issue 17: H2 H3 H4 H5
# S6 S8 U2 U4 U9). Hangs are caught by a guard (timeout), never by timing.
set -u
T=${TINGBAO:?}
root=${TB_ROOT:?}
page="$root/tests/data/pages/render-small.txt"
. "$root/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a hang guard only: far beyond any machine's speed (wait.sh's bound)
guard() { timeout -k 5 "${TB_TEST_HANG_GUARD:-900}" "$@"; }
# a memory bound for what once read without end (not under AddressSanitizer, which
# reserves terabytes of address space)
vlimit() { ldd "$T" 2>/dev/null | grep -q libasan || ulimit -v 1000000; }
# no raw control byte but tab and newline in a file (what reaches the terminal)
no_controls() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1"; }

# H2: a lexicon that never ends (/dev/zero, no newline): refused at once.
(vlimit; guard "$T" pinyin --lexicon /dev/zero </dev/null >/dev/null 2>"$tmp/err")
rc=$?
check "H2: --lexicon /dev/zero is bad input (exit 3, got $rc)" '[ $rc -eq 3 ]'
check "H2: ... 'not a regular file (a device)'" 'grep -q "/dev/zero: not a regular file (a device)" "$tmp/err"'
head -c 20000 /dev/zero | tr '\0' 'x' >"$tmp/longline.tsv"
(vlimit; "$T" pinyin --lexicon "$tmp/longline.tsv" </dev/null >/dev/null 2>"$tmp/err")
rc=$?
check "H2: a lexicon line of 20000 bytes: exit 3 naming line 1 (got $rc)" \
    '[ $rc -eq 3 ] && grep -q "longline.tsv:1: line longer than 4096 bytes" "$tmp/err"'
truncate -s 65M "$tmp/huge.tsv"
"$T" pinyin --lexicon "$tmp/huge.tsv" </dev/null >/dev/null 2>"$tmp/err"
rc=$?
check "H2: a lexicon of 65 MiB is too large (exit 3, got $rc)" \
    '[ $rc -eq 3 ] && grep -q "huge.tsv: the lexicon is larger than 64 MiB" "$tmp/err"'
truncate -s 100K "$tmp/huge-voice"
"$T" render "$page" -o "$tmp/v-out" -q --no-feed --voice "$tmp/huge-voice" >/dev/null 2>"$tmp/err"
rc=$?
check "H2: a voice file of 100 KiB is refused (exit 3, got $rc)" \
    '[ $rc -eq 3 ] && grep -q "huge-voice: larger than 65536 bytes" "$tmp/err"'

# H3: a FIFO as a lexicon, as a manifest item, as feed.conf: refused, not waited on.
mkfifo "$tmp/fifo.tsv"
guard "$T" pinyin --lexicon "$tmp/fifo.tsv" </dev/null >/dev/null 2>"$tmp/err"
rc=$?
check "H3: a FIFO lexicon: exit 3 'not a regular file (a FIFO)' (got $rc)" \
    '[ $rc -eq 3 ] && grep -q "fifo.tsv: not a regular file (a FIFO)" "$tmp/err"'
mkdir -p "$tmp/drop"
cp "$page" "$tmp/drop/good.txt"
mkfifo "$tmp/drop/pipe.txt"
printf 'pipe.txt\tpipe\ngood.txt\tgood\n' >"$tmp/drop/list.tsv"
guard "$T" batch "$tmp/drop/list.tsv" -o "$tmp/b-out" -q --no-feed 2>"$tmp/err"
rc=$?
check "H3: a FIFO item fails alone, the batch goes on (exit 4, got $rc)" '[ $rc -eq 4 ]'
check "H3: ... the FIFO item is named" 'grep -q "pipe: failed: .*pipe.txt: not a regular file (a FIFO)" "$tmp/err"'
check "H3: ... the other item is rendered" '[ -s "$tmp/b-out/good/edition.json" ]'
mkdir -p "$tmp/f-out"
mkfifo "$tmp/f-out/feed.conf"
guard "$T" feed -q "$tmp/f-out" 2>"$tmp/err"
rc=$?
check "H3: a FIFO feed.conf is refused (got $rc)" \
    '[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "feed.conf: not a regular file (a FIFO)" "$tmp/err"'

# H4: a FIFO named edition.json in the output folder: no hang, not replaced.
mkdir -p "$tmp/h4/ed"
mkfifo "$tmp/h4/ed/edition.json"
guard "$T" render "$page" -o "$tmp/h4/ed" -q --no-feed 2>"$tmp/err"
rc=$?
check "H4: render beside a FIFO edition.json ends, refusing the folder (got $rc)" \
    '[ $rc -eq 2 ] && grep -q "not an edition folder" "$tmp/err"'
check "H4: ... the FIFO is still there" '[ -p "$tmp/h4/ed/edition.json" ]'

# H5: one 12 MB line of digits: refused with bounded memory.
if [ -x /usr/bin/time ]; then
    head -c 12000000 /dev/zero | tr '\0' '7' >"$tmp/digits"
    /usr/bin/time -f '%M' -o "$tmp/rss" "$T" pinyin <"$tmp/digits" >/dev/null 2>"$tmp/err"
    rc=$?
    rss=$(tail -1 "$tmp/rss")
    check "H5: pinyin on a 12 MB line: exit 3, '<stdin>:1: line longer' (got $rc)" \
        '[ $rc -eq 3 ] && grep -q "<stdin>:1: line longer than 1048576 bytes" "$tmp/err"'
    check "H5: ... peak memory under 100 MB (${rss} kB)" '[ "$rss" -lt 100000 ]'
else
    ok "H5: pinyin on a 12 MB line # SKIP /usr/bin/time (package time) not installed"
fi

# U4: a binary voice file: one message, nothing on stdout, no eSpeak flood.
head -c 3000 /dev/urandom >"$tmp/binary-voice"
printf 'name x\nlanguage cmn-latn-pinyin\nphonemes cmn\ndictionary cmn\necho 99999 100\n' >"$tmp/crash-voice"
printf 'name x\nlanguage cmn-latn-pinyin\nphonemes nosuch\n' >"$tmp/table-voice"
for v in binary-voice:1 crash-voice:5 table-voice:3; do
    f=${v%:*} line=${v#*:}
    "$T" render "$page" -o "$tmp/u4-out" -q --no-feed --voice "$tmp/$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    check "U4: $f: exit 3, one line naming $f:$line (got $rc)" \
        '[ $rc -eq 3 ] && [ $(wc -l <"$tmp/err") -eq 1 ] && grep -q "$f:$line: " "$tmp/err"'
    check "U4: $f: nothing on stdout with -q" '[ ! -s "$tmp/out" ]'
done
check "U4: no edition left by the refused voices" '[ ! -e "$tmp/u4-out" ]'

# U9: a missing --lexicon: one clear message, exit 3 (the documented bad input).
"$T" render "$page" -o "$tmp/u9-out" -q --no-feed --lexicon "$tmp/no-such.tsv" 2>"$tmp/err"
rc=$?
check "U9: missing --lexicon: exit 3 (got $rc)" '[ $rc -eq 3 ]'
check "U9: ... says 'No such file or directory' once" \
    '[ $(grep -o "No such file or directory" "$tmp/err" | wc -l) -eq 1 ] && grep -q "no-such.tsv: cannot open the lexicon" "$tmp/err"'

# U2: impossible dates refused everywhere.
for d in 2024-02-30 2023-02-29 0000-01-01 2023-04-31; do
    "$T" render "$page" -o "$tmp/u2-out" -q --no-feed --date "$d" 2>/dev/null
    rc=$?
    check "U2: --date $d is bad usage (got $rc)" '[ $rc -eq 2 ]'
done
"$T" render "$page" -o "$tmp/u2-leap" -q --no-feed --date 2024-02-29 2>/dev/null
check "U2: --date 2024-02-29 (a leap day) is taken" '[ $? -eq 0 ] && grep -q "\"date\": \"2024-02-29\"" "$tmp/u2-leap/edition.json"'
printf 'good.txt\tbad-date\t2023-02-29\n' >"$tmp/drop/dates.tsv"
"$T" batch "$tmp/drop/dates.tsv" -o "$tmp/u2-batch" -q --no-feed 2>"$tmp/err"
check "U2: a manifest DATE of 2023-02-29 fails its item" 'grep -q "dates.tsv:1: bad date" "$tmp/err"'
{ head -7 "$page"; echo "2024年2月30日"; sed -n '8,$p' "$page"; } >"$tmp/feb30.txt"
"$T" render "$tmp/feb30.txt" -o "$tmp/u2-page" -q --no-feed 2>/dev/null
check "U2: a page stating 2024年2月30日 gets no such date" \
    '[ -s "$tmp/u2-page/edition.json" ] && ! grep -q "2024-02-30" "$tmp/u2-page/edition.json"'

# S6: escape sequences in manifest fields never reach the terminal raw.
printf 'no\033]0;owned\007such\033[2J.txt\tesc-path\ngood.txt\tesc-date\t\033[31m2024\n' >"$tmp/drop/esc.tsv"
"$T" batch "$tmp/drop/esc.tsv" -o "$tmp/s6-out" --no-feed 2>"$tmp/err"
check "S6: both bad items are reported" '[ $(grep -c "failed:" "$tmp/err") -eq 2 ]'
check "S6: ... with their escapes shown as \\x1B, never raw" \
    'no_controls "$tmp/err" && grep -q "\\\\x1B]0;owned\\\\x07" "$tmp/err"'

# S8: bidi overrides and zero-width characters written as entities.
cat >"$tmp/bidi.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>页&#x202E;题</title></head><body>
<h1>河湾县&#x202E;图书馆&#8203;新馆&#x2066;开放&#xFEFF;&#27;[31m</h1>
<p>本月初，河湾县图书馆新馆正式向公众开放&#x200F;。新馆共有三层&#x061C;，藏书约十二万册。</p>
<p>开馆首周，到馆读者超过八千人次&#x202D;。</p>
</body></html>
EOF
mkdir -p "$tmp/s8"
"$T" render "$tmp/bidi.html" -o "$tmp/s8/ed" -q --feed 2>/dev/null
check "S8: the page with entity-written bidi marks renders" '[ -s "$tmp/s8/ed/edition.json" ]'
invisible() { # the file holds U+061C, U+200B-200F, U+202A-202E, U+2066-2069, U+FEFF or ESC
    python3 -c 'import sys,re; t=open(sys.argv[1],encoding="utf-8").read(); sys.exit(0 if re.search("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\x1b]", t) else 1)' "$1"
}
for f in ed/edition.json ed/index.html ed/transcript.vtt feed.xml; do
    check "S8: no bidi, zero-width or ESC character in $f" '[ -s "$tmp/s8/$f" ] && ! invisible "$tmp/s8/$f"'
done
check "S8: ... the headline's text is kept" 'grep -q "河湾县图书馆新馆开放" "$tmp/s8/ed/edition.json"'
printf 'good.txt\tbidi-title\t\t标题\342\200\256反转\342\200\213\n' >"$tmp/drop/title.tsv"
"$T" batch "$tmp/drop/title.tsv" -o "$tmp/s8b" -q --no-feed 2>/dev/null
check "S8: a manifest TITLE loses its bidi override and zero-width space" \
    'grep -q "\"title\": \"标题反转\"" "$tmp/s8b/bidi-title/edition.json" && ! invisible "$tmp/s8b/bidi-title/edition.json"'
exit 0
