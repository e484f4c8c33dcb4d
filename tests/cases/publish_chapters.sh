#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# publish_chapters.sh — chapters.json is a publisher's file: `tingbao publish`
# writes it from edition.json (one chapter per section, at its start, under its
# title) and rewrites it when edition.json changes, as it does chapters.vtt.
# Judged by Python's json module against the manifest.
set -u
. "$TB_ROOT/tests/lib/a11y_lib.sh"

for tool in ffmpeg python3; do
    if ! command -v $tool >/dev/null; then
        echo "ok - publish_chapters # SKIP $tool not installed (scripts/install-deps build test)"
        exit 0
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ed="$tmp/ed"
if ! a11y_fixture "$ed" --no-mp3; then
    echo "not ok - publish_chapters: the fixture edition could not be made"
    exit 0
fi
rm -f "$ed/chapters.json"

# the chapters of $1/chapters.json are those of its edition.json
same_chapters() {
    python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1]
m = json.load(open(d + "/edition.json", encoding="utf-8"))
c = json.load(open(d + "/chapters.json", encoding="utf-8"))
want = [{"startTime": round(s["start"], 3), "title": s["title"]} for s in m["sections"]]
got = [{"startTime": round(x["startTime"], 3), "title": x["title"]} for x in c["chapters"]]
sys.exit(0 if c.get("version") == "1.2.0" and got == want else 1)
PY
}

n=0
check() {
    n=$((n + 1))
    if eval "$2"; then echo "ok $n - publish_chapters: $1"; else echo "not ok $n - publish_chapters: $1"; fi
}

check "tingbao publish succeeds" '"$TINGBAO" publish "$ed" 2>"$tmp/err"'
check "it writes chapters.json" '[ -s "$ed/chapters.json" ]'
check "one chapter per section, at its start, under its title" 'same_chapters "$ed"'
python3 - "$ed/edition.json" <<'PY'
import json, sys
p = sys.argv[1]
m = json.load(open(p, encoding="utf-8"))
m["sections"][1]["title"] = "改过的标题"
json.dump(m, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
check "publishing again succeeds" '"$TINGBAO" publish "$ed" 2>"$tmp/err"'
check "chapters.json follows the changed edition.json" \
    'same_chapters "$ed" && grep -q "改过的标题" "$ed/chapters.json"'
check "and so does chapters.vtt" 'grep -q "改过的标题" "$ed/chapters.vtt"'
