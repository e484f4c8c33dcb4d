#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_epub.sh — edition.epub judged by epubcheck (0 errors, 0 warnings) on the
# fixture edition and, when this tree can render, on the seed; by DAISY Ace
# (the EPUB accessibility checker: no violation); the container's
# layout (mimetype first, stored, no extra field); the same edition zips to the
# same bytes; an edition without an MP3 gets no EPUB and no DAISY folder.
set -u
. "$TB_ROOT/tests/lib/a11y_lib.sh"
JAR=/usr/share/java/epubcheck.jar
SEED="$TB_SHARED/seeds/000_7ec918ee2a4c8b84.txt"

if ! command -v ffmpeg >/dev/null || ! command -v python3 >/dev/null; then
    echo "ok - a11y_epub # SKIP ffmpeg or python3 not installed (scripts/install-deps build test)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! a11y_fixture "$tmp/ed" || ! "$TINGBAO" publish "$tmp/ed" 2>"$tmp/err"; then
    echo "not ok - a11y_epub: tingbao publish on the fixture edition ($(head -c 300 "$tmp/err"))"
    exit 0
fi
[ -s "$tmp/ed/edition.epub" ] && echo "ok - a11y_epub: publish wrote edition.epub" ||
    echo "not ok - a11y_epub: publish wrote edition.epub"

# epubcheck FILE NAME — one TAP line: exit 0 and "0 fatals / 0 errors / 0 warnings"
epubcheck() {
    local out
    out=$(cd "$tmp" && java -jar "$JAR" "$1" 2>&1)
    local rc=$? summary
    summary=$(printf '%s\n' "$out" | grep -E '^Messages:|No errors or warnings' | tr '\n' ' ')
    if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q 'Messages: 0 fatals / 0 errors / 0 warnings'; then
        echo "ok - a11y_epub: epubcheck on $2: $summary"
    else
        echo "not ok - a11y_epub: epubcheck on $2 (exit $rc): $summary"
        printf '%s\n' "$out" | grep -E '^(ERROR|WARNING|FATAL)' | head -20 | sed 's/^/#   /'
    fi
}

if [ -f "$JAR" ] && command -v java >/dev/null; then
    epubcheck "$tmp/ed/edition.epub" "the fixture edition (hostile titles, a section without sentences)"
else
    echo "ok - a11y_epub: epubcheck on the fixture edition # SKIP epubcheck/java not installed (apt-get install epubcheck default-jre-headless)"
fi

a11y_ace_check "$tmp/ed/edition.epub" "a11y_epub"

# the container: mimetype first, stored, no extra field, exact content; an
# overlay for every section document
if python3 - "$tmp/ed/edition.epub" <<'PY'; then
import sys, zipfile, struct
z = zipfile.ZipFile(sys.argv[1])
first = z.infolist()[0]
raw = open(sys.argv[1], "rb").read(38 + 20)
sig, _, _, method = struct.unpack("<IHHH", raw[:10])
name_len, extra_len = struct.unpack("<HH", raw[26:30])
ok = (first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and sig == 0x04034b50
      and method == 0 and extra_len == 0 and raw[30:38] == b"mimetype"
      and raw[38:58] == b"application/epub+zip")
names = z.namelist()
docs = [n for n in names if n.endswith(".xhtml") and not n.endswith("nav.xhtml")]
smils = [n for n in names if n.endswith(".smil")]
ok = ok and len(docs) == 4 and len(smils) == 4 and "EPUB/audio/edition.mp3" in names
sys.exit(0 if ok else 1)
PY
    echo "ok - a11y_epub: mimetype first, stored, no extra field; 4 documents, 4 overlays, the MP3"
else
    echo "not ok - a11y_epub: mimetype first, stored, no extra field; 4 documents, 4 overlays, the MP3"
fi

# deterministic: publishing again, later and in another time zone, gives the same bytes
TZ=UTC "$TINGBAO" publish "$tmp/ed" 2>/dev/null
cp "$tmp/ed/edition.epub" "$tmp/first.epub"
t0=$(date +%s)
until [ "$(date +%s)" != "$t0" ]; do sleep 0.05; done # the clock has moved on
TZ=Asia/Shanghai "$TINGBAO" publish "$tmp/ed" 2>/dev/null
if cmp -s "$tmp/first.epub" "$tmp/ed/edition.epub"; then
    echo "ok - a11y_epub: the same edition gives a byte-identical EPUB (a second later, TZ UTC vs Asia/Shanghai)"
else
    echo "not ok - a11y_epub: the same edition gives a byte-identical EPUB (a second later, TZ UTC vs Asia/Shanghai)"
fi

# no MP3: page and transcripts yes, EPUB and DAISY no
if a11y_fixture "$tmp/nomp3" --no-mp3 && "$TINGBAO" publish "$tmp/nomp3" 2>"$tmp/err" &&
    [ -s "$tmp/nomp3/index.html" ] && [ ! -e "$tmp/nomp3/edition.epub" ] && [ ! -e "$tmp/nomp3/daisy" ] &&
    ! grep -q 'edition.epub' "$tmp/nomp3/index.html"; then
    echo "ok - a11y_epub: an edition without MP3 gets the page but no EPUB or DAISY"
else
    echo "not ok - a11y_epub: an edition without MP3 gets the page but no EPUB or DAISY ($(head -c 200 "$tmp/err"))"
fi

# the seed, when this tree has the render pipeline
if [ ! -f "$SEED" ]; then
    echo "ok - a11y_epub: epubcheck on the seed edition # SKIP ../shared absent"
elif ! "$TINGBAO" render "$SEED" -o "$tmp/seed" >"$tmp/render.log" 2>&1; then
    echo "ok - a11y_epub: epubcheck on the seed edition # SKIP tingbao render failed here: $(tail -1 "$tmp/render.log" | head -c 160)"
elif ! ls "$tmp/seed/" | grep -q '\.mp3$'; then
    echo "ok - a11y_epub: epubcheck on the seed edition # SKIP the render wrote no MP3 edition"
elif [ ! -f "$JAR" ]; then
    echo "ok - a11y_epub: epubcheck on the seed edition # SKIP epubcheck not installed"
else
    "$TINGBAO" publish "$tmp/seed" 2>"$tmp/err" || echo "not ok - a11y_epub: publish the seed edition ($(head -c 200 "$tmp/err"))"
    epubcheck "$tmp/seed/edition.epub" "the seed edition"
    a11y_ace_check "$tmp/seed/edition.epub" "a11y_epub-seed"
fi
