#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# seg_hostile.sh — hostile input for the front of the pipeline: a 200,000-character line
# without punctuation (bounded sentences, nothing lost, linear time), a headline full of
# markup, quotes, %s%n and ../../ (kept verbatim and escaped in JSON), deeply nested
# HTML, and random bytes (a clean refusal or a result, never a crash).
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import random, sys
d = sys.argv[1]
# 200,000 characters, no punctuation, mixed Han, digits and Latin, one line
rnd = random.Random(7)
alphabet = "草原牧民生态保护增收合作社饲草" + "0123456789" + "abcXYZ"
body = "".join(rnd.choice(alphabet) for _ in range(200000))
open(f"{d}/long.txt", "w", encoding="utf-8").write("很长的一行\n\n" + body + "\n")
# a headline that tries format strings, markup, quotes and path tricks
open(f"{d}/markup.txt", "w", encoding="utf-8").write(
    '<b>"标题"</b> %s%n%d ../../etc/passwd \\ \'单引号\'\n\n  正文只有一句话。\n')
# 20,000 nested divs around one paragraph
open(f"{d}/deep.html", "w").write("<!DOCTYPE html><html><body>" + "<div>" * 20000 +
                                  "<h1>嵌套</h1><p>很深的一段。</p>" + "</div>" * 20000 + "</body></html>")
# random bytes
rb = random.Random(11)
for i in range(5):
    open(f"{d}/random{i}.bin", "wb").write(bytes(rb.randrange(256) for _ in range(4000)))
PY

start=$(date +%s%N)
if "$TINGBAO" sections "$tmp/long.txt" >"$tmp/long.json" 2>"$tmp/err"; then
    ms=$((($(date +%s%N) - start) / 1000000))
    python3 - "$tmp/long.json" "$tmp/long.txt" "$ms" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
src = open(sys.argv[2], encoding="utf-8").read().split("\n")[2]
sents = [t["text"] for s in d["sections"] for t in s["sentences"]]
body = [t for t in sents if t != "很长的一行"]
ok = all(0 < len(t) <= 120 for t in sents)
print(("ok" if ok else "not ok") + f" - long line: {len(body)} sentences, longest {max(map(len, body))} characters")
print(("ok" if "".join(body) == src else "not ok") + " - long line: every character kept, in order")
ms = int(sys.argv[3])
print(("ok" if ms < 5000 else "not ok") + f" - long line: segmented in {ms} ms")
PY
else
    echo "not ok - long line: $(head -c 300 "$tmp/err")"
fi

if "$TINGBAO" sections "$tmp/markup.txt" >"$tmp/m.json" 2>"$tmp/err" &&
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
want = "<b>\"标题\"</b> %s%n%d ../../etc/passwd \\ '"'"'单引号'"'"'"
sys.exit(0 if d["headline"] == want and d["sections"][0]["title"] == want else 1)' "$tmp/m.json"; then
    echo "ok - markup, quotes, format strings and ../ in a headline are kept verbatim in valid JSON"
else
    echo "not ok - hostile headline: $(head -c 300 "$tmp/err") $(head -c 300 "$tmp/m.json")"
fi

"$TINGBAO" sections "$tmp/deep.html" >"$tmp/deep.json" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; then
    echo "ok - 20,000 nested HTML elements: exit $rc, no crash"
else
    echo "not ok - nested HTML: exit $rc $(head -c 200 "$tmp/err")"
fi

for i in 0 1 2 3 4; do
    "$TINGBAO" sections "$tmp/random$i.bin" >"$tmp/r.json" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 3 ] && [ ! -s "$tmp/r.json" ]; then
        echo "ok - random bytes $i: refused ($(head -c 80 "$tmp/err" | tr '\n' ' '))"
    elif [ "$rc" -eq 0 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/r.json"; then
        echo "ok - random bytes $i: decoded to valid JSON"
    else
        echo "not ok - random bytes $i: exit $rc"
    fi
done
