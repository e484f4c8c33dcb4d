#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check_sections.py EXPECT NAME < JSON — checks the output of `tingbao sections`
# against an expectation file and prints TAP lines ("ok - …" / "not ok - …").
#
# EXPECT holds, one per line (blank lines and "#" lines ignored):
#   KIND<TAB>TITLE     the sections, in order (every section must be listed)
#   !TEXT              text that must not appear in any title or sentence (chrome)
#   =KEY<TAB>VALUE     a field: top-level (headline, title, articles, date, format,
#                      encoding), or a dotted path into the JSON (sections.0.kicker);
#                      "null" for None; numbers compare as text; the pseudo-field
#                      "paragraphs" is the number of distinct paragraphs read
#   +TEXT              text that must appear in some sentence
#   @PATH              the page, when it is not the file beside EXPECT with the same
#                      stem (read by tests/cases/seg_pages.sh, ignored here)
# Always checked: every section has sentences; every sentence is non-empty, at
# most 120 characters, has a spoken form, and holds no control characters.
import json
import sys

CAP = 120


def field(doc, key):
    if key == "paragraphs":
        return len({t.get("paragraph") for s in doc.get("sections", []) for t in s["sentences"]})
    cur = doc
    for part in key.split("."):
        if isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        elif isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
    return cur


def main():
    expect_path, name = sys.argv[1], sys.argv[2]
    raw = sys.stdin.read()
    try:
        doc = json.loads(raw)
    except ValueError as e:
        print(f"not ok - {name}: output is not JSON ({e}): {raw[:200]!r}")
        return
    want, forbid, fields, present = [], [], [], []
    with open(expect_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("@"):
                continue
            if line.startswith("!"):
                forbid.append(line[1:])
            elif line.startswith("+"):
                present.append(line[1:])
            elif line.startswith("="):
                k, v = line[1:].split("\t", 1)
                fields.append((k, None if v == "null" else v))
            else:
                k, t = line.split("\t", 1)
                want.append((k, t))
    secs = doc.get("sections", [])
    got = [(s["kind"], s["title"]) for s in secs]
    if got == want:
        print(f"ok - {name}: {len(want)} sections, kinds and titles in order")
    else:
        print(f"not ok - {name}: sections differ")
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else None
            w = want[i] if i < len(want) else None
            mark = "  " if g == w else "!!"
            print(f"#  {mark} got {g}  want {w}")
    for k, v in fields:
        got_v = field(doc, k)
        if got_v == v or (v is not None and got_v is not None and str(got_v) == v):
            print(f"ok - {name}: {k} is {v!r}")
        else:
            print(f"not ok - {name}: {k} is {got_v!r}, want {v!r}")
    texts = [s["title"] for s in secs] + [t["text"] for s in secs for t in s["sentences"]]
    bad = [(c, t) for c in forbid for t in texts if c in t]
    if bad:
        print(f"not ok - {name}: chrome text spoken: {bad[:3]}")
    elif forbid:
        print(f"ok - {name}: none of {len(forbid)} chrome strings is spoken")
    for p in present:
        if any(p in t for t in texts):
            print(f"ok - {name}: {p!r} is read")
        else:
            print(f"not ok - {name}: {p!r} is missing")
    problems = []
    n = 0
    for s in secs:
        if not s["sentences"]:
            problems.append(f"section {s['title']!r} has no sentence")
        for t in s["sentences"]:
            n += 1
            x = t["text"]
            if not x.strip():
                problems.append("empty sentence")
            if len(x) > CAP:
                problems.append(f"{len(x)}-character sentence {x[:20]!r}…")
            if t.get("spoken") is None:
                problems.append(f"no spoken form for {x[:20]!r}")
            if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u200b\u200e\u200f\u202e\ufeff\ufffd" for c in x):
                problems.append(f"control or invisible character in {x[:20]!r}")
    if problems or n == 0:
        print(f"not ok - {name}: sentences: {problems[:3] or 'none at all'}")
    else:
        print(f"ok - {name}: {n} sentences, non-empty, at most {CAP} characters, clean")


if __name__ == "__main__":
    main()
