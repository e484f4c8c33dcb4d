#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# publish_feed.sh — the publishing outputs of real renders, judged by
# independent tools: the feed over two editions (xmllint, XPath through
# python's XML parser), enclosure sizes, durations and chapters (ffprobe),
# the transcript, and loudness (ffmpeg's ebur128 filter on the decoded files).
set -u
T=${TINGBAO:?}
root=${TB_ROOT:?}
. "$TB_ROOT/tests/lib/tap.sh"
for tool in ffprobe ffmpeg xmllint python3; do
    command -v $tool >/dev/null || { echo "ok 1 - publish tests # SKIP $tool not installed"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
mkdir -p "$out"
printf 'title = 听报 & <测试>\nauthor = 测试编辑部\nowner_email = desk@example.org\n' >"$out/feed.conf"

"$T" render -q "$root/examples/xilin-0612.txt" -o "$out/xilin" --date 2023-06-12
check "render of the example with the MP3 edition" '[ $? -eq 0 ] && [ -s "$out/xilin/xilin-2023-06-12.mp3" ]'
"$T" render -q "$root/tests/data/publish/hostile.txt" -o "$out/hostile" --date 2023-06-13
check "render of a page whose headline is full of markup" '[ $? -eq 0 ]'
check "a render rewrites the feed of a folder that keeps one (feed.conf)" '[ -s "$out/feed.xml" ]'
"$T" feed -q "$out" --base-url "https://news.example.org/audio/"
check "tingbao feed exits 0" '[ $? -eq 0 ]'
check "feed.xml is well-formed (xmllint)" 'xmllint --noout "$out/feed.xml"'

# XPath checks, sizes and durations: python reads the feed, ffprobe the files.
cat >"$tmp/check_feed.py" <<'PY'
import json, os, subprocess, sys, uuid, xml.etree.ElementTree as ET
out = sys.argv[1]
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0"}
doc = ET.parse(os.path.join(out, "feed.xml"))
ch = doc.find("channel")
res = []
def t(name, cond): res.append((name, bool(cond)))
def probe(path, entries):
    return subprocess.run(["ffprobe", "-v", "error", "-show_entries", entries, "-of", "json", path],
                          capture_output=True, text=True, check=True).stdout
t("channel title from feed.conf", ch.findtext("title") == "听报 & <测试>")
for tag in ["link", "description", "language"]:
    t("channel has " + tag, (ch.findtext(tag) or "").strip())
t("language is zh-cn", ch.findtext("language") == "zh-cn")
t("itunes:image has an href", ch.find("itunes:image", NS) is not None and ch.find("itunes:image", NS).get("href"))
t("itunes:author", ch.findtext("itunes:author", namespaces=NS) == "测试编辑部")
t("itunes:owner with e-mail", ch.findtext("itunes:owner/itunes:email", namespaces=NS) == "desk@example.org")
t("itunes:category", ch.find("itunes:category", NS) is not None and ch.find("itunes:category", NS).get("text"))
t("itunes:explicit", ch.findtext("itunes:explicit", namespaces=NS) in ("false", "true"))
t("podcast:locked", ch.findtext("podcast:locked", namespaces=NS) in ("no", "yes"))
want = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "news.example.org/audio/feed.xml"))
t("podcast:guid is the UUIDv5 of the feed URL", ch.findtext("podcast:guid", namespaces=NS) == want)
items = ch.findall("item")
t("one item per edition", len(items) == 2)
t("newest first", [i.findtext("title") for i in items][1].startswith("草原绿起来"))
t("a title full of markup survives", items[0].findtext("title") == "<b>“草原”&'牧民'</b> 😀 %s%n ../../ 新风貌")
for it, slug in zip(items, ["hostile", "xilin"]):
    d = json.load(open(os.path.join(out, slug, "edition.json")))
    for tag in ["title", "description", "guid", "pubDate"]:
        t(slug + ": item has " + tag, (it.findtext(tag) or "").strip())
    t(slug + ": guid is not a permalink", it.find("guid").get("isPermaLink") == "false")
    enc = it.find("enclosure")
    t(slug + ": the files are named after the edition", d["mp3"] == "%s-%s.mp3" % (slug, d["date"])
      and d["edition"] == "%s-%s.opus" % (slug, d["date"]))
    mp3 = os.path.join(out, slug, d["mp3"])
    t(slug + ": enclosure is the MP3", enc.get("type") == "audio/mpeg" and enc.get("url") == "https://news.example.org/audio/%s/%s" % (slug, d["mp3"]))
    t(slug + ": item link is the edition's page", it.findtext("link") == "https://news.example.org/audio/%s/index.html" % slug)
    t(slug + ": enclosure length is the file's size", int(enc.get("length")) == os.path.getsize(mp3))
    alt = it.find("podcast:alternateEnclosure", NS)
    opus = os.path.join(out, slug, d["edition"])
    t(slug + ": Opus offered in alternateEnclosure", alt is not None and alt.get("type") == "audio/ogg"
      and alt.get("codecs") == "opus" and int(alt.get("length")) == os.path.getsize(opus)
      and alt.find("podcast:source", NS).get("uri").endswith("/%s/%s" % (slug, d["edition"])))
    t(slug + ": alternateEnclosure bitrate is the file's average in bit/s",
      alt is not None and abs(int(alt.get("bitrate")) - os.path.getsize(opus) * 8 / d["duration"]) <= 1)
    pc = it.find("podcast:chapters", NS)
    t(slug + ": podcast:chapters", pc is not None and pc.get("type") == "application/json+chapters" and pc.get("url").endswith("/chapters.json"))
    tr = it.find("podcast:transcript", NS)
    t(slug + ": podcast:transcript (VTT)", tr is not None and tr.get("type") == "text/vtt" and tr.get("url").endswith("/transcript.vtt"))
    dur_mp3 = float(json.loads(probe(mp3, "format=duration"))["format"]["duration"])
    dur_opus = float(json.loads(probe(opus, "format=duration"))["format"]["duration"])
    t(slug + ": itunes:duration agrees with ffprobe (whole seconds)", abs(int(it.findtext("itunes:duration", namespaces=NS)) - dur_mp3) <= 1.0)
    t(slug + ": edition.json duration agrees with ffprobe within 0.1 s", abs(d["duration"] - dur_opus) <= 0.1)
    t(slug + ": MP3 and Opus editions last the same within 0.1 s", abs(dur_mp3 - dur_opus) <= 0.1)
    c_opus = json.loads(probe(opus, "chapter=start_time:chapter_tags=title"))["chapters"]
    c_mp3 = json.loads(probe(mp3, "chapter=start_time:chapter_tags=title"))["chapters"]
    t(slug + ": the same chapter titles in the Opus and MP3 editions",
      [c["tags"]["title"] for c in c_opus] == [c["tags"]["title"] for c in c_mp3] == [s["title"] for s in d["sections"]])
    t(slug + ": the same chapter starts (within 50 ms)",
      len(c_opus) == len(c_mp3) and all(abs(float(a["start_time"]) - float(b["start_time"])) < 0.05 for a, b in zip(c_opus, c_mp3)))
    # the transcript: one numbered cue per sentence, in order, not overlapping
    vtt = open(os.path.join(out, slug, "transcript.vtt"), encoding="utf-8").read()
    t(slug + ": transcript starts with WEBVTT", vtt.startswith("WEBVTT\n"))
    cues = []
    blocks = vtt.split("\n\n")
    for b in blocks:
        lines = b.strip("\n").split("\n")
        if len(lines) >= 3 and "-->" in lines[1]:
            a, z = lines[1].split(" --> ")
            sec = lambda s: int(s[0:2]) * 3600 + int(s[3:5]) * 60 + float(s[6:])
            cues.append((lines[0], sec(a), sec(z), lines[2]))
    sents = [s for sec in d["sections"] for s in sec["sentences"]]
    t(slug + ": one cue per sentence", len(cues) == len(sents))
    t(slug + ": cues numbered 1..N", [c[0] for c in cues] == [str(i + 1) for i in range(len(cues))])
    t(slug + ": cues in order and not overlapping", all(c[1] < c[2] for c in cues) and all(cues[i][2] <= cues[i + 1][1] for i in range(len(cues) - 1)))
    unesc = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    t(slug + ": cue text is the written sentence", [unesc(c[3]) for c in cues] == [s["text"] for s in sents])
    t(slug + ": a NOTE per section", vtt.count("\nNOTE ") == len(d["sections"]))
    m3u = open(os.path.join(out, slug, "playlist.m3u8"), encoding="utf-8").read().split("\n")
    files = [l for l in m3u if l and not l.startswith("#")]
    t(slug + ": playlist lists the section files, which exist", files == [s["file"] for s in d["sections"]] and all(os.path.exists(os.path.join(out, slug, f)) for f in files))
for name, good in res:
    print(("ok - " if good else "not ok - ") + name)
PY
python3 "$tmp/check_feed.py" "$out" || nok "the feed checker ran to its end"

# loudness of every decoded file, by an independent meter
for f in "$out"/xilin/*.opus "$out"/xilin/*.mp3 "$out"/hostile/hostile-*.opus; do
    read -r I TP < <(ffmpeg -nostats -hide_banner -i "$f" -af ebur128=peak=true -f null - 2>&1 |
        awk '/^ +I:/ {i=$2} /^ +Peak:/ {p=$2} END {print i, p}')
    check "$(basename "$(dirname "$f")")/$(basename "$f"): $I LUFS within 1 LU of -16, true peak $TP <= -1 dBTP" \
        'awk -v i="$I" -v p="$TP" "BEGIN {exit !(i >= -17 && i <= -15 && p <= -1)}"'
done

# the publisher is the newspaper feed.conf names (its author), never the program
tags=$(for f in "$out/xilin/01-headline.opus" "$out/xilin/xilin-2023-06-12.opus" "$out/xilin/xilin-2023-06-12.mp3"; do
    ffprobe -v error -show_entries stream_tags:format_tags -of default=nw=1 "$f"; done)
check "ARTIST of a section, the Opus and the MP3 edition is feed.conf's author" \
    '[ "$(grep -ic "^TAG:ARTIST=测试编辑部$" <<<"$tags")" -ge 3 ]'
check "no file is tagged with the program's name as its artist" '! grep -qix "TAG:ARTIST=tingbao" <<<"$tags" && ! grep -qix "TAG:artist=tingbao" <<<"$tags"'
check "DAISY dc:creator and dc:publisher are the newspaper" \
    '[ "$(grep -c "name=\"dc:\(creator\|publisher\)\" content=\"测试编辑部\"" "$out/xilin/daisy/ncc.html")" = 2 ]'
if command -v unzip >/dev/null; then
    check "EPUB dc:creator and dc:publisher are the newspaper" \
        '[ "$(unzip -p "$out/xilin/edition.epub" EPUB/package.opf | grep -c "<dc:\(creator\|publisher\)>测试编辑部<")" = 2 ]'
fi

# re-rendering an edition replaces its item, never duplicates it
guid1=$(python3 -c 'import sys,xml.etree.ElementTree as E; print([i.findtext("guid") for i in E.parse(sys.argv[1]).find("channel").findall("item")])' "$out/feed.xml")
"$T" render -q "$root/examples/xilin-0612.txt" -o "$out/xilin" --date 2023-06-12 --base-url "https://news.example.org/audio/"
guid2=$(python3 -c 'import sys,xml.etree.ElementTree as E; print([i.findtext("guid") for i in E.parse(sys.argv[1]).find("channel").findall("item")])' "$out/feed.xml")
check "re-rendering keeps the item guids and the item count" '[ "$guid1" = "$guid2" ]'
check "no temporary or set-aside folder is left behind" '[ -z "$(ls -A "$out" | grep "^\.")" ]'
