#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_daisy.sh — the DAISY 2.02 fileset of the fixture edition: every file
# well-formed (xmllint) and valid against its DTD (XHTML 1.0 Transitional,
# SMIL 1.0, from Debian's w3c-sgml-lib catalog, offline); every clip inside
# the MP3's duration as ffprobe measures it, in order and not overlapping;
# every ncc and SMIL link resolves to a file and an id; the ncc metadata
# agree with the fileset (tocItems, files, totalTime).
set -u
. "$(dirname "$0")/a11y_lib.sh"

for tool in ffmpeg ffprobe xmllint python3; do
    if ! command -v $tool >/dev/null; then
        echo "ok - a11y_daisy # SKIP $tool not installed (scripts/install-deps build test)"
        exit 0
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! a11y_fixture "$tmp/ed" || ! "$TINGBAO" publish "$tmp/ed" 2>"$tmp/err"; then
    echo "not ok - a11y_daisy: tingbao publish on the fixture edition ($(head -c 300 "$tmp/err"))"
    exit 0
fi
d="$tmp/ed/daisy"
[ -f "$d/ncc.html" ] && echo "ok - a11y_daisy: publish wrote daisy/ncc.html" ||
    echo "not ok - a11y_daisy: publish wrote daisy/ncc.html"

files=("$d"/ncc.html "$d"/content.html "$d"/*.smil)
if xmllint --noout --nonet "${files[@]}" 2>"$tmp/xl"; then
    echo "ok - a11y_daisy: ${#files[@]} files well-formed (xmllint)"
else
    echo "not ok - a11y_daisy: files well-formed (xmllint): $(head -c 300 "$tmp/xl")"
fi
if [ -f /usr/share/xml/w3c-sgml-lib/schema/dtd/REC-smil-19980615/smil10.dtd ]; then
    if xmllint --noout --nonet --valid "${files[@]}" 2>"$tmp/xl"; then
        echo "ok - a11y_daisy: ncc.html and content.html valid XHTML 1.0, SMIL files valid SMIL 1.0 (xmllint --valid)"
    else
        echo "not ok - a11y_daisy: DTD validity (xmllint --valid): $(head -c 400 "$tmp/xl")"
    fi
else
    echo "ok - a11y_daisy: DTD validity # SKIP w3c-sgml-lib not installed (the DTDs, offline)"
fi

if cmp -s "$d/edition.mp3" "$tmp/ed/edition.mp3"; then
    echo "ok - a11y_daisy: daisy/edition.mp3 is the edition's MP3"
else
    echo "not ok - a11y_daisy: daisy/edition.mp3 is the edition's MP3"
fi

dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$d/edition.mp3")
python3 - "$d" "${dur:-0}" "$tmp/ed/edition.json" <<'PY'
import json, os, re, sys
import xml.etree.ElementTree as ET

d, mp3_dur, manifest = sys.argv[1], float(sys.argv[2]), json.load(open(sys.argv[3], encoding="utf-8"))
X = "{http://www.w3.org/1999/xhtml}"

def tap(ok, name, detail=""):
    print(f"{'ok' if ok else 'not ok'} - a11y_daisy: {name}" + (f" ({detail})" if detail else ""))

def ids(path):
    return {e.get("id") for e in ET.parse(path).iter() if e.get("id")}

def npt(v):
    m = re.fullmatch(r"npt=(\d+(?:\.\d+)?)s", v or "")
    return float(m.group(1)) if m else None

ncc = ET.parse(os.path.join(d, "ncc.html")).getroot()
meta = {m.get("name"): m.get("content") for m in ncc.iter(X + "meta") if m.get("name")}
heads = [h for h in ncc.iter(X + "h1")]
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
n_sent = sum(max(1, len(s["sentences"])) for s in manifest["sections"])
tap(not bad and len(clips) == n_sent and mp3_dur > 0,
    f"all {len(clips)} clips lie inside the MP3's {mp3_dur:.3f} s (ffprobe)", "; ".join(bad))
tap(order, "clips in reading order, none overlapping")

# ncc links: every heading links to a SMIL file and a par id in it
for h in heads:
    a = h.find(X + "a")
    f, _, frag = (a.get("href") if a is not None else "").partition("#")
    if not f or not os.path.isfile(os.path.join(d, f)) or frag not in ids(os.path.join(d, f)):
        links_bad.append(f"ncc: {a.get('href') if a is not None else '(no link)'}")
tap(not links_bad, f"every ncc and SMIL link resolves ({len(heads)} headings, {len(clips)} phrases)",
    "; ".join(links_bad))

titles = [s["title"] for s in manifest["sections"]]
got = ["".join(h.itertext()).strip() for h in heads]
tap(got == titles and heads and heads[0].get("class") == "title",
    "ncc: one h1 per section, the first of class title", json.dumps(got, ensure_ascii=False))

want = {"dc:format": "Daisy 2.02", "dc:language": "zh-CN", "dc:title": manifest["title"],
        "dc:date": manifest["date"], "ncc:charset": "utf-8", "ncc:pageNormal": "0",
        "ncc:multimediaType": "audioFullText", "ncc:tocItems": str(len(heads)),
        "ncc:files": str(len(os.listdir(d)))}
wrong = [f"{k}={meta.get(k)!r}" for k, v in want.items() if meta.get(k) != v]
for k in ("dc:creator", "dc:identifier", "ncc:generator", "ncc:narrator", "ncc:totalTime"):
    if not meta.get(k):
        wrong.append(f"{k} missing")
hms = re.fullmatch(r"(\d+):(\d\d):(\d\d)", meta.get("ncc:totalTime", ""))
if not hms or abs(int(hms[1]) * 3600 + int(hms[2]) * 60 + int(hms[3]) - total) > 0.5:
    wrong.append(f"ncc:totalTime {meta.get('ncc:totalTime')} vs clips {total:.3f} s")
tap(not wrong, "ncc metadata complete and consistent with the fileset", "; ".join(wrong))
PY
