#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# publish_lighttpd.sh — dist/lighttpd-tingbao.conf serves a real edition the
# way podcast apps need it: lighttpd (as the current user, on a free loopback
# port, in a temporary folder) with Debian's global MIME table and our file
# included as /etc/lighttpd/conf-enabled/ would include it, its one path
# pointed at our published folder. Checks the media types, 206 answers with
# Content-Range to byte ranges (and the bytes themselves), hidden entries
# refused, and ffprobe reading the edition over HTTP.
set -u
T=${TINGBAO:?}
R=${TB_ROOT:?}
. "$TB_ROOT/tests/lib/tap.sh"
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
skip_all() { echo "ok 1 - lighttpd serves an edition # SKIP $1"; exit 0; }
lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
[ -x "$lighttpd" ] || skip_all "lighttpd not installed (scripts/install-deps test)"
command -v curl >/dev/null || skip_all "curl not installed"
. "$R/tests/lib/wait.sh"
. "$R/tests/lib/names.sh"
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$port/audio
pub=$tmp/published
mkdir -p "$pub/.batch" "$tmp/www"
echo '{"index":0}' >"$pub/.batch/shard-0-of-1.jsonl"
"$T" render -q tests/data/pages/render-small.txt -o "$pub/small" 2>"$tmp/render.err" ||
    { nok "render for the server: $(head -3 "$tmp/render.err")"; exit 0; }
"$T" feed -q --base-url "$base/" "$pub" || nok "tingbao feed"
opus=$(edition_audio "$pub/small" edition) mp3=$(edition_audio "$pub/small" mp3) # SLUG-DATE.*
[ -n "$opus" ] && [ -n "$mp3" ] || { nok "edition.json names the Opus and MP3 editions"; exit 0; }

sed "s|/srv/tingbao/published/|$pub/|" "$R/dist/lighttpd-tingbao.conf" >"$tmp/tingbao.conf"
mime=""
[ -x /usr/share/lighttpd/create-mime.conf.pl ] && mime='include_shell "/usr/share/lighttpd/create-mime.conf.pl"'
cat >"$tmp/lighttpd.conf" <<EOF
server.modules = ( "mod_indexfile", "mod_access", "mod_alias" )
server.document-root = "$tmp/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$tmp/error.log"
index-file.names = ( "index.html" )
$mime
include "$tmp/tingbao.conf"
server.modules += ( "mod_dirlisting", "mod_staticfile" )
EOF
"$lighttpd" -tt -f "$tmp/lighttpd.conf" >"$tmp/tt" 2>&1
check "lighttpd accepts the configuration$( [ -s "$tmp/tt" ] && echo " ($(head -2 "$tmp/tt" | tr '\n' ' '))")" \
    test ! -s "$tmp/tt"
(cd "$tmp" && exec "$lighttpd" -D -f "$tmp/lighttpd.conf") &
pid=$!
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
until_or_gone "$pid" port_open || { nok "lighttpd listens on $port: $(cat "$tmp/error.log" 2>/dev/null)"; exit 0; }

# media type of each kind of file (the parameter, as in "; charset=utf-8", aside)
for pair in "small/$opus=audio/ogg" small/01-headline.opus=audio/ogg "small/$mp3=audio/mpeg" \
    small/transcript.vtt=text/vtt small/chapters.vtt=text/vtt \
    small/chapters.json=application/json+chapters small/edition.json=application/json \
    feed.xml=application/rss+xml small/index.html=text/html small/edition.epub=application/epub+zip \
    small/playlist.m3u8=application/vnd.apple.mpegurl small/daisy/sec-1.smil=application/smil+xml; do
    path=${pair%%=*} want=${pair#*=}
    got=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/$path")
    [ "${got%%;*}" = "200 $want" ] && ok "$path is served as $want" || nok "$path: got '$got', want '200 $want'"
done

# byte ranges: a middle range of the Opus edition, the last bytes of the MP3
range() { # PATH RANGE FIRST LAST: 206, Content-Range FIRST-LAST/SIZE, the very bytes
    local path=$1 r=$2 first=$3 last=$4 size code cr
    size=$(stat -c %s "$pub/$path")
    [ "$last" = end ] && last=$((size - 1))
    [ "$first" -lt 0 ] && first=$((size + first))
    code=$(curl -s -r "$r" -D "$tmp/h" -o "$tmp/body" -w '%{http_code}' "$base/$path")
    cr=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Cc]ontent-[Rr]ange: //p')
    check "$path bytes $r: status 206 (got $code)" test "$code" = 206
    check "$path bytes $r: Content-Range: bytes $first-$last/$size (got '$cr')" test "$cr" = "bytes $first-$last/$size"
    check "$path bytes $r: the body is those bytes of the file" \
        cmp -s "$tmp/body" <(tail -c +$((first + 1)) "$pub/$path" | head -c $((last - first + 1)))
}
range "small/$opus" 1000-1999 1000 1999
range "small/$mp3" -500 -500 end
accept=$(curl -s -o /dev/null -D - "$base/small/$mp3" | tr -d '\r' | sed -n 's/^[Aa]ccept-[Rr]anges: //p')
check "a whole file says Accept-Ranges: bytes (got '$accept')" test "$accept" = bytes
cors=$(curl -s -o /dev/null -D - "$base/small/chapters.json" | tr -d '\r' | sed -n 's/^[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin: //p')
check "chapters.json may be fetched by web players (Access-Control-Allow-Origin: '$cors')" test "$cors" = '*'
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/.batch/shard-0-of-1.jsonl")
check "hidden entries (.batch/ summaries) are refused (got $code)" test "$code" = 403

if command -v ffprobe >/dev/null; then
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$base/small/$opus" 2>&1)
    c=$(ffprobe -v error -show_chapters -of csv=p=0 "$base/small/$mp3" 2>/dev/null | wc -l)
    check "ffprobe reads $opus over HTTP (duration $d s)" awk -v d="$d" 'BEGIN{exit !(d + 0 > 1)}'
    check "ffprobe reads $mp3's chapters over HTTP ($c)" test "$c" -ge 2
fi
