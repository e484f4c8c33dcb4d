#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# feed_clients.sh — the feed in real podcast clients: two editions served over
# HTTP on 127.0.0.1 by a real web server (Debian's lighttpd, which answers
# Range requests, on a port free at run time); gPodder's command-line client
# gpo (with a home of its own) subscribes and downloads both episodes, to
# distinct file names (it names them after the URL's last component) at the
# exact lengths the feed gives; the Universal Feed Parser (feedparser) and
# gPodder's podcastparser read the feed with no error and the same items.
set -u
. "$TB_ROOT/tests/lib/wait.sh"
ok() { echo "ok - feed_clients: $*"; }
nok() { echo "not ok - feed_clients: $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
skip() { echo "ok - feed_clients # SKIP $*"; exit 0; }
LIGHTTPD=/usr/sbin/lighttpd PY=/usr/bin/python3 # the Debian python, which has the Debian modules
[ -x "$LIGHTTPD" ] || skip "lighttpd is not installed (scripts/install-deps test)"
command -v gpo >/dev/null || skip "gpo is not installed (package gpodder)"
command -v curl >/dev/null || skip "curl is not installed"
$PY -c 'import feedparser, podcastparser' 2>/dev/null ||
    skip "python3-feedparser or python3-podcastparser is not installed"

tmp=$(mktemp -d)
srv=""
cleanup() {
    [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
out=$tmp/www
mkdir -p "$out"
printf 'title = 河湾日报 · 听报\nauthor = 河湾日报社\nowner_email = audio@news.example.org\ncategory = News > Daily News\n' \
    >"$out/feed.conf"
for e in "small:$TB_ROOT/tests/data/pages/render-small.txt:2024-05-06" \
         "hostile:$TB_ROOT/tests/data/publish/hostile.txt:2024-05-07"; do
    IFS=: read -r slug page date <<<"$e"
    "$TINGBAO" render -q --no-feed "$page" -o "$out/$slug" --date "$date" 2>"$tmp/err" ||
        { nok "render $slug: $(head -c 200 "$tmp/err")"; exit 0; }
done

# lighttpd on a free port: ask the kernel for one; should another process take
# it before lighttpd binds, lighttpd exits and we ask again
free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serving() { curl -sf -o /dev/null "http://127.0.0.1:$port/feed.xml"; }
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    "$TINGBAO" feed -q "$out" --base-url "http://127.0.0.1:$port/" || { nok "tingbao feed"; exit 0; }
    cat >"$tmp/lighttpd.conf" <<CONF
server.document-root = "$out"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$tmp/lighttpd.log"
index-file.names = ( "index.html" )
mimetype.assign = ( ".mp3" => "audio/mpeg", ".opus" => "audio/ogg", ".xml" => "application/rss+xml",
                    ".json" => "application/json", ".vtt" => "text/vtt", ".html" => "text/html" )
CONF
    "$LIGHTTPD" -D -f "$tmp/lighttpd.conf" 2>>"$tmp/lighttpd.log" &
    srv=$!
    until_or_gone "$srv" serving && break
    wait "$srv" 2>/dev/null
    srv=""
done
[ -n "$srv" ] || skip "lighttpd cannot serve here: $(tail -1 "$tmp/lighttpd.log" | head -c 160)"
feed=http://127.0.0.1:$port/feed.xml
mp3=$(xmllint --xpath 'string(//item[1]/enclosure/@url)' "$out/feed.xml")
check "lighttpd answers a Range request on the enclosure (206, 100 bytes)" \
    test "$(curl -s -r 100-199 -o "$tmp/range" -w '%{http_code}' "$mp3"):$(stat -c %s "$tmp/range")" = 206:100

# feedparser and podcastparser, as podcast apps use them
$PY - "$feed" "$out/feed.xml" <<'PY'
import sys, urllib.request, feedparser, podcastparser
url, path = sys.argv[1], sys.argv[2]
def say(good, name): print(("ok - " if good else "not ok - ") + "feed_clients: " + name)
f = feedparser.parse(url)
say(not f.bozo, "feedparser reads the feed with no error (%s)" % (f.get("bozo_exception") or "well-formed"))
say(len(f.entries) == 2 and all(e.get("link", "").endswith("/index.html") for e in f.entries),
    "feedparser: two entries, each linking to its edition's page")
encl = [[l for l in e.links if l.get("rel") == "enclosure"] for e in f.entries]
say(all(len(x) == 1 and x[0]["type"] == "audio/mpeg" for x in encl), "feedparser: one MP3 enclosure per entry")
say(f.feed.get("tags", [{}])[0].get("term") == "News", "feedparser: the itunes category (%s)" % f.feed.get("tags"))
with urllib.request.urlopen(url) as r:
    p = podcastparser.parse(url, r)
eps = p.get("episodes", [])
say(len(eps) == 2, "podcastparser: two episodes")
say(all(len(e["enclosures"]) == 1 and e["enclosures"][0]["mime_type"] == "audio/mpeg"
        and e["enclosures"][0]["file_size"] > 0 and e["total_time"] > 0 for e in eps),
    "podcastparser: an MP3 enclosure with its size and the duration for each")
say(sorted(e["guid"] for e in eps) == sorted(e.id for e in f.entries), "both parsers read the same guids")
say([e["enclosures"][0]["url"] for e in eps] == [x[0]["href"] for x in encl], "... and the same enclosure URLs")
say(p.get("title") == f.feed.get("title") == "河湾日报 · 听报", "... and the same channel title")
PY

# gpo, with a home and a download folder of its own
export HOME=$tmp/gp-home GPODDER_HOME=$tmp/gp GPODDER_DOWNLOAD_DIR=$tmp/downloads
mkdir -p "$HOME"
gpo subscribe "$feed" >"$tmp/gpo.log" 2>&1
check "gpo subscribes to the feed (exit $?)" grep -q "$feed" <(gpo list 2>/dev/null)
gpo pending "$feed" >"$tmp/pending" 2>&1
check "gpo has both episodes as new: $(tail -1 "$tmp/pending")" grep -qx '2 new episodes' "$tmp/pending"
gpo download "$feed" >>"$tmp/gpo.log" 2>&1
mapfile -t got < <(find "$tmp/downloads" -type f -name '*.mp3' | sort)
check "gpo downloads two episodes (${#got[@]}: $(printf '%s ' "${got[@]##*/}"))" test "${#got[@]}" -eq 2
check "... to distinct file names, the editions' own" \
    test "$(printf '%s\n' "${got[@]##*/}" | sort | tr '\n' ' ')" = "hostile-2024-05-07.mp3 small-2024-05-06.mp3 "
for f in "${got[@]}"; do
    name=${f##*/}
    want=$(xmllint --xpath "string(//item/enclosure[contains(@url,'/$name')]/@length)" "$out/feed.xml")
    check "$name: the exact length the feed gives ($(stat -c %s "$f") of $want bytes) and the same bytes" \
        bash -c "[ '$(stat -c %s "$f")' = '$want' ] && cmp -s '$f' '$out/${name%-*-*-*}/$name'"
done
sed 's/^/# gpo: /' "$tmp/gpo.log" | grep -vi 'html5lib' | tail -5
