#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_lib.sh — the fixture edition the accessibility tests (a11y_*.sh) publish
# and judge. Sourced, it defines a11y_fixture DIR [--no-mp3]: a real edition
# folder with a few seconds of ffmpeg-made audio per section (.opus), the whole
# edition as edition.opus and edition.mp3, and an edition.json with hostile
# titles (quotes, <, &, ]]>, </script>, -->, emoji) and a section without
# sentences. Run directly (as tests/run does), it checks the fixture itself.

. "$TB_ROOT/tests/lib/wait.sh"

# a11y_fixture DIR [--no-mp3] — fails (status 1) if ffmpeg cannot make the audio.
a11y_fixture() {
    local dir=$1 mp3=1
    [ "${2:-}" = --no-mp3 ] && mp3=0
    mkdir -p "$dir" || return 1
    # section files: durations in seconds, one tone each so that a wrong seek is audible
    # (a file name with a space, a '#' and Han characters: the page must make it a URL)
    local names=(01-headline 02-intro "03-正文 #1" 04-caption) durs=(2.5 3.0 3.5 2.0) freqs=(330 440 550 660)
    local i
    for i in 0 1 2 3; do
        ffmpeg -nostdin -v error -y -f lavfi \
            -i "sine=frequency=${freqs[$i]}:duration=${durs[$i]}:sample_rate=48000" \
            -c:a libopus -b:a 24k "$dir/${names[$i]}.opus" || return 1
    done
    ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:duration=11:sample_rate=48000" \
        -c:a libopus -b:a 24k "$dir/edition.opus" || return 1
    if [ "$mp3" = 1 ]; then
        ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:duration=11:sample_rate=44100" \
            -c:a libmp3lame -b:a 64k "$dir/edition.mp3" || return 1
    fi
    A11Y_MP3=$mp3 python3 - "$dir/edition.json" <<'PY' || return 1
import json, os, sys
title = '试验版 "引号" <b>粗体</b> & 符号 😀'
sections = [
    {"kind": "headline", "title": title, "file": "01-headline.opus", "start": 0.0, "duration": 2.5,
     "sentences": [{"text": title, "start": 0.2, "duration": 2.1}]},
    {"kind": "intro", "title": "导语：A&B <公司> \'单引号\'", "file": "02-intro.opus", "start": 2.5,
     "duration": 3.0,
     "sentences": [{"text": "第一句，说明情况。", "start": 2.6, "duration": 1.3},
                   {"text": "第二句 a < b && c > d。", "start": 3.9, "duration": 1.5}]},
    {"kind": "body", "title": "正文 ]]> </script><script>alert(1)</script> --> 🚀", "file": "03-正文 #1.opus",
     "start": 5.5, "duration": 3.5,
     "sentences": [{"text": "第三句。", "start": 5.6, "duration": 1.0},
                   {"text": "</p><p>第四句 &amp; 实体。", "start": 6.6, "duration": 1.2},
                   {"text": "第五句，最后一句。", "start": 7.8, "duration": 1.1}]},
    {"kind": "caption", "title": "图片说明（无句子）", "file": "04-caption.opus", "start": 9.0,
     "duration": 2.0, "sentences": []},
]
m = {"title": title, "date": "2022-06-15", "description": "测试用的版面 <描述> & 说明",
     "edition": "edition.opus", "duration": 11.0, "sections": sections}
if os.environ.get("A11Y_MP3") == "1":
    m["mp3"] = "edition.mp3"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(m, f, ensure_ascii=False, indent=1)
PY
}

# a11y_seed_fixture SEED DIR — an edition folder from a real report's TEXT
# (the seed page): chrome lines dropped, short unpunctuated lines as section
# titles, sentences split at 。！？, timings made up (0.15 s a character), one
# tone per section and for the whole edition. Not a render: a way to judge the
# publishers on real text at real length where this tree cannot synthesise.
a11y_seed_fixture() {
    local seed=$1 dir=$2
    mkdir -p "$dir" || return 1
    python3 - "$seed" "$dir" <<'PY' || return 1
import json, re, sys
seed, out = sys.argv[1], sys.argv[2]
chrome = re.compile(r"^(往期阅读|当前版|上一篇|下一篇|放大|标题导航|第\d+版)")
lines = [l.strip() for l in open(seed, encoding="utf-8")]
lines = [l for l in lines if len(l) > 1 and not chrome.match(l)]
title, rest = lines[0], lines[1:]
sections = [{"kind": "headline", "title": title, "sentences": [title]}]
for l in rest:
    if len(l) < 30 and not re.search(r"[。！？]$", l):
        sections.append({"kind": "subheading", "title": l, "sentences": []})
    else:
        if len(sections) == 1:
            sections.append({"kind": "intro", "title": "导语", "sentences": []})
        sections[-1]["sentences"] += [s for s in re.findall(r"[^。！？]+[。！？]?", l) if s.strip()]
t = 0.0
for i, s in enumerate(sections):
    s["file"] = f"{i + 1:02d}-{s['kind']}.opus"
    s["start"] = round(t, 3)
    sents = []
    for text in s["sentences"]:
        d = round(0.15 * len(text) + 0.3, 3)
        sents.append({"text": text, "start": round(t, 3), "duration": d})
        t += d
    if not sents:
        t += 1.0
    s["sentences"] = sents
    s["duration"] = round(t - s["start"], 3)
m = {"title": title, "date": "2022-06-15", "description": "", "edition": "edition.opus",
     "mp3": "edition.mp3", "duration": round(t, 3), "sections": sections}
json.dump(m, open(f"{out}/edition.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
with open(f"{out}/audio.txt", "w") as f:
    for s in sections:
        f.write(f"{s['file']} {s['duration']}\n")
    f.write(f"edition {m['duration']}\n")
PY
    local file dur
    while read -r file dur; do
        if [ "$file" = edition ]; then
            # low rates and the fastest Opus mode: a quarter of an hour of tone in seconds
            ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:duration=$dur:sample_rate=16000" \
                -ac 1 -c:a libmp3lame -b:a 16k "$dir/edition.mp3" || return 1
            ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:duration=$dur:sample_rate=48000" \
                -c:a libopus -b:a 12k -compression_level 0 "$dir/edition.opus" || return 1
        else
            ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=440:duration=$dur:sample_rate=48000" \
                -c:a libopus -b:a 12k -compression_level 0 "$dir/$file" || return 1
        fi
    done <"$dir/audio.txt"
    rm -f "$dir/audio.txt"
}

# a11y_daisy_checks DIR NAME — TAP lines judging the DAISY fileset DIR/daisy
# of the edition folder DIR (see a11y_daisy.sh); NAME labels the lines.
a11y_daisy_checks() {
    local ed=$1 name=$2 d="$1/daisy" tmp
    tmp=$(mktemp -d)
    files=("$d"/ncc.html "$d"/content.html "$d"/*.smil)
    if xmllint --noout --nonet "${files[@]}" 2>"$tmp/xl"; then
    echo "ok - $name: ${#files[@]} files well-formed (xmllint)"
    else
    echo "not ok - $name: files well-formed (xmllint): $(head -c 300 "$tmp/xl")"
    fi
    if [ -f /usr/share/xml/w3c-sgml-lib/schema/dtd/REC-smil-19980615/smil10.dtd ]; then
    if xmllint --noout --nonet --valid "${files[@]}" 2>"$tmp/xl"; then
        echo "ok - $name: ncc.html and content.html valid XHTML 1.0, SMIL files valid SMIL 1.0 (xmllint --valid)"
    else
        echo "not ok - $name: DTD validity (xmllint --valid): $(head -c 400 "$tmp/xl")"
    fi
    else
    echo "ok - $name: DTD validity # SKIP w3c-sgml-lib not installed (the DTDs, offline)"
    fi

    if cmp -s "$d/edition.mp3" "$ed/edition.mp3"; then
    echo "ok - $name: daisy/edition.mp3 is the edition's MP3"
    else
    echo "not ok - $name: daisy/edition.mp3 is the edition's MP3"
    fi

    dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$d/edition.mp3")
    python3 - "$d" "${dur:-0}" "$ed/edition.json" "$name" <<'PY'
import json, os, re, sys
import xml.etree.ElementTree as ET

d, mp3_dur, label = sys.argv[1], float(sys.argv[2]), sys.argv[4]
manifest = json.load(open(sys.argv[3], encoding="utf-8"))
X = "{http://www.w3.org/1999/xhtml}"

def tap(ok, name, detail=""):
    print(f"{'ok' if ok else 'not ok'} - {label}: {name}" + (f" ({detail})" if detail else ""))

def ids(path):
    return {e.get("id") for e in ET.parse(path).iter() if e.get("id")}

def npt(v):
    m = re.fullmatch(r"npt=(\d+(?:\.\d+)?)s", v or "")
    return float(m.group(1)) if m else None

ncc = ET.parse(os.path.join(d, "ncc.html")).getroot()
meta = {m.get("name"): m.get("content") for m in ncc.iter(X + "meta") if m.get("name")}
heads = [h for h in ncc.iter() if h.tag in (X + "h1", X + "h2")]
smils = sorted(f for f in os.listdir(d) if f.endswith(".smil"))

# clips: inside the MP3, ordered, not overlapping, with a real text target
clips, bad, links_bad = [], [], []
content_ids = ids(os.path.join(d, "content.html"))
total = 0.0
for f in sorted(smils, key=lambda s: int(re.findall(r"\d+", s)[0])):
    root = ET.parse(os.path.join(d, f)).getroot()
    for par in root.iter("par"):
        text, audio = par.find("text"), par.find("audio")
        tf, _, tid = text.get("src").partition("#")
        if tf != "content.html" or tid not in content_ids:
            links_bad.append(f"{f}: {text.get('src')}")
        if not os.path.isfile(os.path.join(d, audio.get("src"))):
            links_bad.append(f"{f}: {audio.get('src')}")
        b, e = npt(audio.get("clip-begin")), npt(audio.get("clip-end"))
        if b is None or e is None or not (0 <= b < e <= mp3_dur + 0.001):
            bad.append(f"{f}: {audio.get('clip-begin')}..{audio.get('clip-end')}")
        else:
            clips.append((b, e))
            total += e - b
order = all(clips[i][1] <= clips[i + 1][0] + 1e-9 for i in range(len(clips) - 1))
# the clips tile the MP3: each begins where the one before ends, the first at 0,
# the last at the edition's end (ms rounding; the MP3 measured by ffprobe within
# 0.1 s: the fixtures' low-rate LAME files carry some padding), so a player
# hears every pause too
gaps = [f"{clips[i][1]:.3f}..{clips[i + 1][0]:.3f}" for i in range(len(clips) - 1)
        if abs(clips[i][1] - clips[i + 1][0]) > 0.0015]
tiled = (clips and clips[0][0] == 0 and abs(clips[-1][1] - manifest["duration"]) <= 0.0015
         and abs(clips[-1][1] - mp3_dur) <= 0.1 and not gaps)
tap(tiled, "the clips tile the MP3 from 0 to its end, pauses included",
    "; ".join(gaps[:5]) + (f" first {clips[0][0]}, last {clips[-1][1]} of {mp3_dur}" if clips else ""))
n_sent = sum(max(1, len(s["sentences"])) for s in manifest["sections"])
tap(not bad and len(clips) == n_sent and mp3_dur > 0,
    f"all {len(clips)} clips lie inside the MP3's {mp3_dur:.3f} s (ffprobe)", "; ".join(bad))
tap(order, "clips in reading order, none overlapping")

# ncc links: every heading links to a SMIL file and the id of a <text> in it
# (what DAISY players follow; Debian's daisy-player plays nothing for a <par> id)
def text_ids(path):
    return {e.get("id") for e in ET.parse(path).iter("text") if e.get("id")}
for h in heads:
    a = h.find(X + "a")
    f, _, frag = (a.get("href") if a is not None else "").partition("#")
    if not f or not os.path.isfile(os.path.join(d, f)) or frag not in text_ids(os.path.join(d, f)):
        links_bad.append(f"ncc: {a.get('href') if a is not None else '(no link)'}")
tap(not links_bad, f"every ncc and SMIL link resolves ({len(heads)} headings, {len(clips)} phrases)",
    "; ".join(links_bad))

titles = [s["title"] for s in manifest["sections"]]
got = ["".join(h.itertext()).strip() for h in heads]
# two levels: h1 opens an article (its headline), h2 for its other sections
secs = manifest["sections"]
levels = ["h1" if i == 0 or s["kind"] == "headline" or s.get("article") != secs[i - 1].get("article")
          else "h2" for i, s in enumerate(secs)]
tap(got == titles and heads and heads[0].get("class") == "title" and
    [h.tag[len(X):] for h in heads] == levels,
    "ncc: one heading per section (h1 article, h2 section), the first of class title",
    json.dumps(got, ensure_ascii=False))

want = {"dc:format": "Daisy 2.02", "dc:language": "zh-CN", "dc:title": manifest["title"],
        "dc:date": manifest["date"], "ncc:charset": "utf-8", "ncc:pageNormal": "0",
        "ncc:multimediaType": "audioFullText", "ncc:tocItems": str(len(heads)),
        "ncc:depth": "2" if "h2" in levels else "1",
        "ncc:files": str(len(os.listdir(d)))}
wrong = [f"{k}={meta.get(k)!r}" for k, v in want.items() if meta.get(k) != v]
for k in ("dc:publisher", "dc:identifier", "ncc:generator", "ncc:narrator", "ncc:totalTime"):
    if not meta.get(k):
        wrong.append(f"{k} missing")
# the newspaper when known (dc:creator is mandatory only then), never the program
if meta.get("dc:creator") != manifest.get("publisher"):
    wrong.append(f"dc:creator {meta.get('dc:creator')!r} is not the publisher {manifest.get('publisher')!r}")
if manifest.get("publisher") and meta.get("dc:publisher") != manifest["publisher"]:
    wrong.append(f"dc:publisher {meta.get('dc:publisher')!r}")
if any("tingbao" in (meta.get(k) or "").lower() for k in ("dc:creator", "dc:publisher")):
    wrong.append("the program's name as creator or publisher")
levels = [int(h.tag[-1]) for h in ncc.iter() if re.fullmatch(re.escape(X) + "h[1-6]", str(h.tag))]
if meta.get("ncc:depth") != str(max(levels or [1])):
    wrong.append(f"ncc:depth {meta.get('ncc:depth')} vs headings down to h{max(levels or [1])}")
hms = re.fullmatch(r"(\d+):(\d\d):(\d\d)", meta.get("ncc:totalTime", ""))
secs = int(hms[1]) * 3600 + int(hms[2]) * 60 + int(hms[3]) if hms else -1
if abs(secs - total) > 0.5 or abs(secs - mp3_dur) > 0.6:
    wrong.append(f"ncc:totalTime {meta.get('ncc:totalTime')} vs clips {total:.3f} s, MP3 {mp3_dur:.3f} s")
tap(not wrong, "ncc metadata complete and consistent with the fileset", "; ".join(wrong))
PY
    rm -rf "$tmp"
}

# a11y_page_check DIR NAME — serve the edition folder DIR on 127.0.0.1
# (tests/browser/serve.py) and judge its index.html in headless Chromium
# (tests/browser/check-page.mjs); TAP lines labelled NAME. Needs chromium,
# node and tests/browser/setup done (the callers check and skip).
a11y_page_check() {
    local ed=$1 name=$2 b="$TB_ROOT/tests/browser" log srv port="" rc
    log=$(mktemp -d)
    # the W3C's Nu HTML Checker: no error and no warning; infos (the XML-style
    # "/>" of void elements) allowed. Counted from its JSON: --Werror counts infos.
    local vnu="$b/node_modules/vnu-jar/build/dist/vnu.jar"
    if [ -f "$vnu" ] && command -v java >/dev/null; then
        java -jar "$vnu" --format json --also-check-css "$ed/index.html" >"$log/vnu" 2>&1
        python3 - "$log/vnu" "$name" <<'PY'
import json, sys
name = sys.argv[2]
try:
    msgs = json.load(open(sys.argv[1], encoding="utf-8"))["messages"]
except (OSError, ValueError, KeyError) as e:
    print(f"not ok - {name}: Nu HTML Checker ran ({e})")
    sys.exit(0)
bad = [m for m in msgs if m["type"] == "error" or m.get("subType") == "warning" or m["type"] == "non-document-error"]
for m in bad[:10]:
    print(f"#   vnu: {m['type']}/{m.get('subType', '')} line {m.get('lastLine')}: {m.get('message')}")
print(f"{'not ok' if bad else 'ok'} - {name}: Nu HTML Checker: {len(bad)} errors or warnings in index.html "
      f"({len(msgs) - len(bad)} infos)")
PY
    else
        echo "ok - $name: Nu HTML Checker # SKIP vnu-jar (tests/browser/setup) or java missing"
    fi
    python3 "$b/serve.py" "$ed" >"$log/port" 2>"$log/err" &
    srv=$!
    # until the server says its port (or dies), however long that takes
    serving() { port=$(sed -n 's/^PORT //p' "$log/port"); [ -n "$port" ]; }
    until_or_gone "$srv" serving
    if [ -z "$port" ]; then
        echo "not ok - $name: serve the edition on 127.0.0.1 ($(head -c 200 "$log/err"))"
    else
        # a hard bound: a hung browser must not hang the suite
        timeout 300 node "$b/check-page.mjs" "http://127.0.0.1:$port/index.html" "$ed/edition.json" \
            "$(command -v chromium)" "$name"
        rc=$?
        [ $rc -eq 124 ] && echo "not ok - $name: the browser check finished within 300 s"
    fi
    kill "$srv" 2>/dev/null
    wait "$srv" 2>/dev/null
    rm -rf "$log"
    return 0
}

# a11y_ace_check EPUB NAME — DAISY Ace (the EPUB accessibility checker, from
# tests/browser's node modules, driving Debian's chromium) on EPUB: one TAP
# line, ok when Ace's outcome is "pass" (no violation of any impact).
a11y_ace_check() {
    local epub=$1 name=$2 ace="$TB_ROOT/tests/browser/node_modules/.bin/ace-cli" out
    if ! command -v chromium >/dev/null || ! command -v node >/dev/null; then
        echo "ok - $name: DAISY Ace # SKIP chromium or node not installed"
        return 0
    fi
    if [ ! -x "$ace" ] && ! "$TB_ROOT/tests/browser/setup" >/dev/null 2>&1; then
        echo "ok - $name: DAISY Ace # SKIP tests/browser/setup (npm ci) failed"
        return 0
    fi
    out=$(mktemp -d)
    PUPPETEER_EXECUTABLE_PATH=$(command -v chromium) timeout 300 "$ace" --force --silent \
        --outdir "$out/report" "$epub" >"$out/log" 2>&1
    python3 - "$out/report/report.json" "$name" <<'PY'
import json, sys
name = sys.argv[2]
try:
    r = json.load(open(sys.argv[1], encoding="utf-8"))
except (OSError, ValueError) as e:
    print(f"not ok - {name}: DAISY Ace ran and wrote its report ({e})")
    sys.exit(0)
found = [(a["earl:testSubject"]["url"], x["earl:test"].get("earl:impact"), x["earl:test"].get("dct:title"))
         for a in r.get("assertions", []) for x in a.get("assertions", [])]
outcome = r.get("earl:result", {}).get("earl:outcome")
for f in found:
    print("#   ace: %s %s %s" % f)
missing = r.get("a11y-metadata", {}).get("missing", [])
print(f"# ace: metadata not given (a conformance claim needs a person's audit): {', '.join(missing)}")
ok = outcome == "pass" and not found
print(f"{'ok' if ok else 'not ok'} - {name}: DAISY Ace outcome {outcome}, {len(found)} violations")
PY
    rm -rf "$out"
}

# the section titles of the fixture, in order (what the headings must say)
a11y_titles() {
    python3 -c 'import json,sys; [print(s["title"]) for s in json.load(open(sys.argv[1]))["sections"]]' "$1/edition.json"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -u
    if ! command -v ffmpeg >/dev/null || ! command -v python3 >/dev/null; then
        echo "ok - a11y_lib fixture # SKIP ffmpeg or python3 not installed"
        exit 0
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    if a11y_fixture "$tmp/ed" && [ -s "$tmp/ed/edition.mp3" ] && [ -s "$tmp/ed/04-caption.opus" ] &&
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/ed/edition.json"; then
        echo "ok - a11y_lib fixture: audio and a valid edition.json"
    else
        echo "not ok - a11y_lib fixture: audio and a valid edition.json"
    fi
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/ed/edition.mp3" 2>/dev/null)
    if python3 -c 'import sys; sys.exit(0 if abs(float(sys.argv[1]) - 11.0) < 0.2 else 1)' "${d:-0}"; then
        echo "ok - a11y_lib fixture: edition.mp3 lasts the manifest's 11 s ($d s)"
    else
        echo "not ok - a11y_lib fixture: edition.mp3 lasts the manifest's 11 s (${d:-?} s)"
    fi
fi
