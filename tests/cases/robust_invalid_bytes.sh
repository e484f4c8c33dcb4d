#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# robust_invalid_bytes.sh — a report with invalid bytes in the middle of its
# sentences still renders: every run of bad bytes is dropped with a warning
# naming file:line:column and its byte offset, and neither the bad bytes nor
# U+FFFD reach the engine text, the transcripts or the manifest — the edition
# reads exactly as the same report without them. --strict refuses the report
# instead (exit 3, file:line:column, no edition). Detection is unharmed: a
# UTF-8 page with a stray byte stays UTF-8, a GB18030 page with one stays
# GB18030, and Latin-1 text (neither) is refused, not read with its accents
# dropped.
set -u
T=${TINGBAO:?}
P=$TB_ROOT/tests/data/pages
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }

# The small page, and a copy with bad bytes inside three sentences: a stray
# 0xFF, an overlong '/' (C0 AF: one run of two bytes), a UTF-16 surrogate
# (ED A0 80: three bytes), and a U+FFFD that is valid UTF-8 but never text.
python3 - "$P/render-small.txt" "$tmp/clean.txt" "$tmp/bad.txt" "$tmp/expect" <<'EOF'
import sys
src, clean_path, bad_path, expect_path = sys.argv[1:]
text = open(src, encoding="utf-8").read()
inserts = [("周末不闭馆", "周末", b"\xff"),
           ("藏书约十二万册", "藏书约十二", b"\xc0\xaf"),
           ("借书比以前方便", "借书比", b"\xed\xa0\x80"),
           ("夜读空间配备", "夜读", "\ufffd".encode())]
raw = text.encode("utf-8")
for sentence, prefix, bad in inserts:
    at = raw.index(sentence.encode()) + len(prefix.encode())
    raw = raw[:at] + bad + raw[at:]
open(clean_path, "w", encoding="utf-8").write(text)
open(bad_path, "wb").write(raw)
# the expected warnings: file:line:column (characters, a bad byte counting as one)
with open(expect_path, "w") as out:
    bads = [bad for _, _, bad in inserts if bad != "\ufffd".encode()]  # U+FFFD is valid UTF-8:
    for at, bad in sorted((raw.index(bad), bad) for bad in bads):      # removed silently
        line = raw.count(b"\n", 0, at) + 1
        start = raw.rfind(b"\n", 0, at) + 1
        col = len(raw[start:at].decode("utf-8", errors="replace")) + 1
        n = len(bad)
        print(f"tingbao: warning: {bad_path}:{line}:{col} (byte {at}): invalid UTF-8, "
              f"{n} byte{'' if n == 1 else 's'} dropped", file=out)
EOF
[ -s "$tmp/expect" ] || { nok "test page written"; exit 0; }

# sections: the same sentences as the clean page, warnings in file order
"$T" sections "$tmp/bad.txt" >"$tmp/bad.json" 2>"$tmp/err"
rc=$?
"$T" sections "$tmp/clean.txt" >"$tmp/clean.json"
if [ "$rc" -eq 0 ] && diff "$tmp/expect" "$tmp/err" >/dev/null; then
    ok "sections warns once per run with file:line:column and byte offset"
else
    nok "sections warnings (exit $rc): $(diff "$tmp/expect" "$tmp/err" | head -c 400)"
fi
if python3 - "$tmp/bad.json" "$tmp/clean.json" <<'EOF'
import json, sys
bad, clean = (json.load(open(p)) for p in sys.argv[1:])
for d in (bad, clean):
    d.pop("source")
assert bad == clean, "the damaged page does not read as the clean one"
assert bad["encoding"] == "UTF-8"
t = json.dumps(bad, ensure_ascii=False)
assert "\ufffd" not in t and "周末不闭馆" in t and "藏书约十二万册" in t
EOF
then
    ok "sections of the damaged page equal those of the clean page, UTF-8, no U+FFFD"
else
    nok "sections of the damaged page differ from the clean page"
fi

# the engine text (normaliser + lexicon) of every spoken sentence: valid UTF-8, no U+FFFD
python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    for t in s["sentences"]: print(t["spoken"])' "$tmp/bad.json" >"$tmp/spoken"
"$T" pinyin --no-normalize <"$tmp/spoken" >"$tmp/engine"
if [ "$(wc -l <"$tmp/engine")" -ge 10 ] &&
    python3 -c 'import sys; t=open(sys.argv[1],"rb").read().decode("utf-8"); sys.exit(1 if "\ufffd" in t else 0)' "$tmp/engine"; then
    ok "engine text of the damaged page is valid UTF-8 without U+FFFD"
else
    nok "engine text of the damaged page"
fi

# render: succeeds, warns (even with -q), and every text file of the edition is clean
"$T" render -q --no-feed "$tmp/bad.txt" -o "$tmp/ed" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && diff "$tmp/expect" "$tmp/err" >/dev/null; then
    ok "render of the damaged page succeeds and warns with byte offsets"
else
    nok "render of the damaged page (exit $rc): $(head -c 400 "$tmp/err")"
fi
if [ "$rc" -eq 0 ] && python3 - "$tmp/ed" "$tmp/clean.json" <<'EOF'
import json, os, sys
ed, clean = sys.argv[1:]
for name in ("edition.json", "chapters.json", "transcript.vtt", "transcript.srt",
             "chapters.vtt", "index.html", "playlist.m3u8"):
    raw = open(os.path.join(ed, name), "rb").read()
    for b in (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80"):
        assert b not in raw, (name, b)
    assert "\ufffd" not in raw.decode("utf-8"), name  # strict decoding: valid UTF-8
want = [(t["text"], t["spoken"]) for s in json.load(open(clean))["sections"] for t in s["sentences"]]
got = [(t["text"], t["spoken"]) for s in json.load(open(os.path.join(ed, "edition.json")))["sections"]
       for t in s["sentences"]]
assert got == want, "the edition does not read as the clean page"
EOF
then
    ok "the edition's text files hold no bad byte and no U+FFFD, and read as the clean page"
else
    nok "the edition's text files"
fi

# --strict: refused with file:line:column, exit 3, no edition made
first=$(head -1 "$tmp/expect" | sed -E 's/^tingbao: warning: (.*) \(byte ([0-9]+)\).*/\1 \2/')
where=${first% *} off=${first##* }
"$T" render -q --strict "$tmp/bad.txt" -o "$tmp/ed2" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 3 ] && [ ! -e "$tmp/ed2" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -Eq "^tingbao: $where: invalid UTF-8 byte 0x[0-9A-F]{2} at byte offset $off " "$tmp/err"; then
    ok "render --strict refuses the page: exit 3, $where, no edition"
else
    nok "render --strict (exit $rc): $(head -c 300 "$tmp/err")"
fi
"$T" sections --strict "$tmp/bad.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 3 ] && [ ! -s "$tmp/out" ] && grep -q "^tingbao: $where: invalid UTF-8 byte" "$tmp/err"; then
    ok "sections --strict refuses the page with $where"
else
    nok "sections --strict (exit $rc): $(head -c 300 "$tmp/err")"
fi
"$T" render -q --lenient --no-mp3 --no-feed "$tmp/bad.txt" -o "$tmp/ed3" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && diff "$tmp/expect" "$tmp/err" >/dev/null; then
    ok "render --lenient is still accepted (the default policy)"
else
    nok "render --lenient (exit $rc): $(head -c 300 "$tmp/err")"
fi

# detection: a stray byte in a GB18030 page keeps it GB18030 (the byte dropped,
# reported as invalid GB18030); the same in a UTF-8 page keeps it UTF-8
python3 - "$P/gb18030.txt" "$tmp/gb-bad.txt" <<'EOF'
import sys
raw = open(sys.argv[1], "rb").read()
at = raw.index("光伏".encode("gb18030"))
open(sys.argv[2], "wb").write(raw[:at] + b"\xff" + raw[at:])
EOF
"$T" sections "$P/gb18030.txt" | sed 1,2d >"$tmp/gb.json"
"$T" sections "$tmp/gb-bad.txt" 2>"$tmp/err" | sed 1,2d >"$tmp/gb-bad.json"
if [ -s "$tmp/gb.json" ] && cmp -s "$tmp/gb.json" "$tmp/gb-bad.json" &&
    grep -q '"encoding": "GB18030"' "$tmp/gb-bad.json" && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -Eq "^tingbao: warning: $tmp/gb-bad\.txt:[0-9]+:[0-9]+ \(byte [0-9]+\): invalid GB18030, 1 byte dropped$" "$tmp/err"; then
    ok "a GB18030 page with a stray byte stays GB18030, the byte dropped with a warning"
else
    nok "a GB18030 page with a stray byte: $(head -c 300 "$tmp/err")"
fi
if grep -q '"encoding": "UTF-8"' "$tmp/bad.json"; then
    ok "a UTF-8 page with stray bytes stays UTF-8"
else
    nok "a UTF-8 page with stray bytes is no longer UTF-8"
fi

# Latin-1: neither UTF-8 nor GB18030 — refused whatever the policy, before any audio
printf 'Le gar\xe7on a mang\xe9 une cr\xe8me br\xfbl\xe9e \xe0 la terrasse du caf\xe9 pr\xe8s de\n' >"$tmp/latin1.txt"
printf "l'\xe9glise. O\xf9 est la biblioth\xe8que? Tr\xe8s bien, merci. \xc7a va, \xe0 demain.\n" >>"$tmp/latin1.txt"
"$T" render -q --no-feed "$tmp/latin1.txt" -o "$tmp/ed4" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 3 ] && [ ! -e "$tmp/ed4" ] &&
    grep -q "^tingbao: $tmp/latin1\.txt:1:7: invalid UTF-8 byte 0xE7 at byte offset 6 (the file is neither UTF-8 nor GB18030" "$tmp/err"; then
    ok "a Latin-1 page is refused (exit 3, file:line:column), not read with its accents dropped"
else
    nok "a Latin-1 page (exit $rc): $(head -c 300 "$tmp/err")"
fi
