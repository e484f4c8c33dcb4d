#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# feed_values.sh — the feed takes only values podcast apps accept (Apple
# Podcasts' categories with their subcategories under their parents, explicit
# true/false, JPEG/PNG artwork, absolute http(s) URLs, an e-mail address):
# every bad feed.conf value is refused as feed.conf:LINE with exit 3, every
# bad option value as bad usage (exit 2), and feed.xml is then left as it
# was; the README's feed.conf still gives its feed; --base-url on render
# implies the feed; a bad feed.conf stops a render before anything is spoken.
set -u
n=0
ok() { n=$((n + 1)); echo "ok $n - feed_values: $*"; }
nok() { n=$((n + 1)); echo "not ok $n - feed_values: $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
command -v xmllint >/dev/null || { echo "ok 1 - feed_values # SKIP xmllint is not installed"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
"$TINGBAO" render -q --no-feed "$TB_ROOT/tests/data/pages/render-small.txt" -o "$out/small" \
    --date 2024-05-06 2>"$tmp/err" || { nok "render: $(head -c 200 "$tmp/err")"; exit 0; }

# the README's feed.conf (comments after values included)
cat >"$tmp/good.conf" <<'CONF'
title       = 内蒙古日报 · 听报
description = 每日要闻的有声版
link        = https://news.example.org/
base_url    = https://news.example.org/audio/     # where DIR is published: enclosure and feed URLs
image       = https://news.example.org/audio/cover.jpg
author      = 内蒙古日报社
owner_name  = 内蒙古日报社
owner_email = audio@news.example.org
category    = News
explicit    = false
CONF
cp "$tmp/good.conf" "$out/feed.conf"
"$TINGBAO" feed -q "$out" 2>"$tmp/err"
check "the README's feed.conf is accepted (exit $?)" test -s "$out/feed.xml"
xp() { xmllint --xpath "$1" "$out/feed.xml" 2>/dev/null; }
check "... its values are in the feed" test "$(xp 'string(//channel/*[local-name()="image"]/@href)')|$(xp 'string(//channel/*[local-name()="explicit"])')|$(xp 'string(//channel/*[local-name()="category"]/@text)')|$(xp 'string(//channel/link)')" \
    = "https://news.example.org/audio/cover.jpg|false|News|https://news.example.org/"
check "... and the enclosure is under base_url, the comment left out" \
    test "$(xp 'string(//item/enclosure/@url)')" = "https://news.example.org/audio/small/small-2024-05-06.mp3"
cp "$out/feed.xml" "$tmp/good.xml"
"$TINGBAO" feed -q "$out"
check "the same feed.conf gives the same feed again" cmp -s "$out/feed.xml" "$tmp/good.xml"

# every bad value, on line 4 of an otherwise good file: exit 3, feed.conf:4, feed.xml kept
while IFS='|' read -r line what; do
    { sed -n 1,3p "$tmp/good.conf"; echo "$line"; sed -n '4,$p' "$tmp/good.conf" | grep -v "^${line%% *} "; } >"$out/feed.conf"
    "$TINGBAO" feed -q "$out" 2>"$tmp/err"
    rc=$?
    check "refused: '$line' ($what) — exit $rc, $(head -1 "$tmp/err" | head -c 120)" \
        bash -c "[ $rc -eq 3 ] && grep -q 'feed.conf:4: ' '$tmp/err' && cmp -s '$out/feed.xml' '$tmp/good.xml'"
done <<'BAD'
explicit = maybe|explicit is true or false
explicit = yes|the old yes/no is not Apple's
category = Breaking News|not an Apple category
category = Daily News|a subcategory at top level
category = Arts > Daily News|a subcategory under the wrong parent
category = news|Apple's spelling
image = https://news.example.org/audio/cover.gif|artwork is JPEG or PNG
image = javascript:alert(1)|not an http(s) URL
base_url = not a url|not a URL
base_url = ftp://news.example.org/audio/|not http(s)
base_url = https:///audio/|no host
link = javascript:alert(1)|not an http(s) URL
link = https://news.example.org/a b|a space in a URL
owner_email = nobody|not an address
language = 中文|not a language code
colour = blue|an unknown key
title|not key = value
BAD

cp "$tmp/good.conf" "$out/feed.conf"
cat >"$out/feed.conf" <<'CONF'
category = News > Daily News
CONF
"$TINGBAO" feed -q "$out" --base-url https://news.example.org/audio/
check "a subcategory under its parent: itunes:category nested as Apple asks" \
    test "$(xp 'string(//channel/*[local-name()="category"]/@text)')/$(xp 'string(//channel/*[local-name()="category"]/*[local-name()="category"]/@text)')" = "News/Daily News"
cp "$out/feed.xml" "$tmp/sub.xml"

# the options: bad usage (exit 2), feed.xml kept
for opt in "--explicit maybe" "--category Daily%News" "--image https://x.org/a.gif" "--base-url not%a%url" \
           "--link javascript:alert(1)" "--owner-email nobody"; do
    set -- ${opt//%/ }
    "$TINGBAO" feed -q "$out" "$1" "${*:2}" 2>"$tmp/err"
    rc=$?
    check "refused: tingbao feed $1 '${*:2}' — exit $rc, $(head -1 "$tmp/err" | head -c 100)" \
        bash -c "[ $rc -eq 2 ] && grep -q -- '$1' '$tmp/err' && cmp -s '$out/feed.xml' '$tmp/sub.xml'"
done

# render: --base-url implies the feed; it cannot go with --no-feed
"$TINGBAO" render -q "$TB_ROOT/tests/data/pages/render-small.txt" -o "$tmp/b/small" --date 2024-05-06 \
    --base-url https://cdn.example.org/b/ 2>"$tmp/err"
check "render --base-url without --feed writes the feed, under that URL" \
    bash -c "xmllint --xpath 'string(//item/enclosure/@url)' '$tmp/b/feed.xml' | grep -qx 'https://cdn.example.org/b/small/small-2024-05-06.mp3'"
"$TINGBAO" render -q "$TB_ROOT/tests/data/pages/render-small.txt" -o "$tmp/c/small" --no-feed \
    --base-url https://cdn.example.org/c/ 2>"$tmp/err"
rc=$?
check "render --base-url --no-feed is bad usage (exit $rc), nothing rendered" \
    bash -c "[ $rc -eq 2 ] && grep -q 'no-feed' '$tmp/err' && [ ! -e '$tmp/c' ]"
mkdir -p "$tmp/d" && printf 'title = t\nexplicit = maybe\n' >"$tmp/d/feed.conf"
"$TINGBAO" render -q "$TB_ROOT/tests/data/pages/render-small.txt" -o "$tmp/d/small" 2>"$tmp/err"
rc=$?
check "a bad feed.conf stops a render before it speaks (exit $rc, feed.conf:2, no edition)" \
    bash -c "[ $rc -eq 3 ] && grep -q 'feed.conf:2: ' '$tmp/err' && [ ! -e '$tmp/d/small' ]"
