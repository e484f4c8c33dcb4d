#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_traps.sh — `tingbao check` lists every trap planted in tests/data/check/traps.txt
# at its FILE:LINE:COL (an unknown name, a score that looks like a time, a fraction that
# could be a date, an unseen abbreviation, a character eSpeak lacks, a polyphone), ranks
# them by risk, validates as JSON with --json, exits 0, and 5 with --strict only when
# something is risky (tests/data/check/clean.txt is not).
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
D=$TB_ROOT/tests/data/check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$TINGBAO" check "$D/traps.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && echo "ok - check exits 0" || echo "not ok - check exit $rc: $(head -c 300 "$tmp/err")"
for want in "1:1: risk 2 name: 单丽华" "3:20: risk 3 figure: 21:15" "3:37: risk 2 name: 区志文" \
    "5:11: risk 3 figure: 1/4" "5:19: risk 3 abbreviation: QXZR" "5:44: risk 1 latin: GDP" \
    "7:10: risk 3 char: 鿰" "7:13: risk 2 polyphone: 行"; do
    grep -qF "traps.txt:$want" "$tmp/out" && echo "ok - listed $want" ||
        echo "not ok - not listed: $want"
done
# ranked: risks never go up down the list
grep -o ': risk [0-9]' "$tmp/out" | tr -dc '0-9\n' | awk 'NR > 1 && $1 > prev { bad = 1 } { prev = $1 } END { exit bad }' &&
    echo "ok - ranked by risk" || echo "not ok - not ranked by risk"
grep -q $'fix: add to a house lexicon: 单丽华\tshan4' "$tmp/out" && echo "ok - a lexicon line to add" ||
    echo "not ok - no lexicon line for the name"

"$TINGBAO" check --json --strict "$D/traps.txt" >"$tmp/json" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 5 ] && echo "ok - --strict exits 5 on risky places" || echo "not ok - --strict exit $rc"
if python3 - "$tmp/json" <<'PY'; then echo "ok - --json valid, every trap in it"; else echo "not ok - --json"; fi
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
types = {"file": str, "line": int, "col": int, "risk": int, "kind": str, "written": str,
         "said": str, "why": str, "fix": str}
assert isinstance(d["findings"], list) and isinstance(d["risky"], int)
for f in d["findings"]:
    assert set(f) == set(types), f
    for k, t in types.items():
        assert isinstance(f[k], t), (k, f)
    assert 1 <= f["risk"] <= 3 and f["line"] >= 1 and f["col"] >= 1
got = {(f["line"], f["col"], f["written"]) for f in d["findings"]}
for want in [(1, 1, "单丽华"), (3, 20, "21:15"), (3, 37, "区志文"), (5, 11, "1/4"),
             (5, 19, "QXZR"), (7, 10, "鿰"), (7, 13, "行")]:
    assert want in got, want
assert d["risky"] == sum(f["risk"] >= 2 for f in d["findings"])
PY
"$TINGBAO" check --strict "$D/clean.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && echo "ok - --strict exits 0 on a clean page" || echo "not ok - clean page exit $rc: $(cat "$tmp/out")"
"$TINGBAO" check >/dev/null 2>&1
[ $? -eq 2 ] && echo "ok - no REPORT is a usage error" || echo "not ok - no REPORT"
