#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# batch_shard.sh — N workers split a manifest with no coordination: shards
# 0/2 and 1/2 run at the same time cover every item exactly once and the feed
# written last lists every edition; the entry point dist/tingbao-shard maps a
# Slurm array task or a Kubernetes completion index to --shard; SIGTERM stops
# a batch cleanly with a summary that says what was not run.
set -u
T=${TINGBAO:?}
src="$TB_ROOT/tests/data/batch"
shard="$TB_ROOT/dist/tingbao-shard"
. "$TB_ROOT/tests/lib/wait.sh"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
for tool in xmllint python3; do
    command -v $tool >/dev/null || { echo "ok 1 - batch shards # SKIP $tool not installed"; exit 0; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# indexes.py SUMMARY... -> the sorted item numbers, and fails on a repeat
cat >"$tmp/indexes.py" <<'PY'
import json, sys
seen = []
for f in sys.argv[1:]:
    seen += [json.loads(l)["index"] for l in open(f, encoding="utf-8")]
if len(seen) != len(set(seen)):
    sys.exit("an item ran twice: %s" % sorted(seen))
print(" ".join(map(str, sorted(seen))))
PY

# 1. Two shards at once over five reports and a bad line.
{
    printf '%s\t%s\t2024-04-0%d\n' "$src/bridge.txt" bridge 1 "$src/market.md" market 2
    printf 'bad line\tno/slash\n'
    printf '%s\t%s\t2024-04-0%d\n' "$src/school.txt" school 3 "$src/clinic.html" clinic 4 \
        "$src/harvest.txt" harvest 5
} >"$tmp/m.tsv"
pids=()
for i in 0 1; do
    "$T" batch "$tmp/m.tsv" -o "$tmp/out" --shard $i/2 --summary "$tmp/s$i.jsonl" --no-mp3 -j 1 -q \
        2>"$tmp/err$i" &
    pids+=($!)
done
wait "${pids[0]}"; rc0=$?
wait "${pids[1]}"; rc1=$?
check "shard 0/2 exits 4: it holds the bad line (got $rc0)" test "$rc0" -eq 4
check "shard 1/2 exits 0 (got $rc1)" test "$rc1" -eq 0
check "the two shards cover items 0-5 exactly once" \
    test "$(python3 "$tmp/indexes.py" "$tmp/s0.jsonl" "$tmp/s1.jsonl")" = "0 1 2 3 4 5"
check "shard 0/2 took the even items" test "$(python3 "$tmp/indexes.py" "$tmp/s0.jsonl")" = "0 2 4"
for s in bridge market school clinic harvest; do
    check "$s: one complete edition" test -s "$tmp/out/$s/edition.json"
done
check "nothing else in the output folder" \
    test "$(ls -A "$tmp/out" | sort | tr '\n' ' ')" = ".feed.lock bridge clinic feed.xml harvest market school "
check "the feed is well-formed" xmllint --noout "$tmp/out/feed.xml"
check "the feed written last lists all five editions" \
    test "$(xmllint --xpath 'count(/rss/channel/item)' "$tmp/out/feed.xml")" = 5
check "... each once, newest first" \
    test "$(xmllint --xpath '/rss/channel/item/enclosure/@url' "$tmp/out/feed.xml" |
            grep -oE '/[a-z]+/[a-z]+(-[0-9]{4}-[0-9]{2}-[0-9]{2})?\.opus' |
            sed -E 's#^/([a-z]+)/\1(-[0-9-]+)?\.opus$#/\1#' | tr -d '\n')" \
    = "/harvest/clinic/school/market/bridge"

# 2. The entry point, with what the engines set. Seven bad lines cost no render.
for k in 1 2 3 4 5 6 7; do printf 'r%d.txt\tbad/%d\n' $k $k; done >"$tmp/bad.tsv"
krc=""
for i in 0 1 2; do
    JOB_COMPLETION_INDEX=$i TB_SHARD_COUNT=3 TINGBAO=$T "$shard" "$tmp/bad.tsv" "$tmp/k8s" --no-feed 2>/dev/null
    krc="$krc$?"
done
check "Indexed Job: each index exits 4 (all its items bad)" test "$krc" = 444
check "Indexed Job: JOB_COMPLETION_INDEX 0..2 cover the 7 items once" \
    test "$(python3 "$tmp/indexes.py" "$tmp"/k8s/.batch/shard-{0,1,2}-of-3.jsonl)" = "0 1 2 3 4 5 6"
check "Indexed Job: index 1 of 3 took items 1 and 4" \
    test "$(python3 "$tmp/indexes.py" "$tmp/k8s/.batch/shard-1-of-3.jsonl")" = "1 4"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_COUNT=4 \
    TINGBAO=$T TB_SUMMARY_DIR="$tmp/sl" "$shard" "$tmp/bad.tsv" "$tmp/slurm" --no-feed 2>/dev/null
check "Slurm array: task 2 of 0-3 is shard 2/4 (items 2 and 6)" \
    test "$(python3 "$tmp/indexes.py" "$tmp/sl/shard-2-of-4.jsonl")" = "2 6"
SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_MAX=5 SLURM_ARRAY_TASK_COUNT=2 \
    TINGBAO=$T "$shard" "$tmp/bad.tsv" "$tmp/slurm" --no-feed 2>"$tmp/e"; rc=$?
check "Slurm array that is not 0..N-1 without --count: usage error (got $rc)" \
    bash -c "[ $rc -eq 2 ] && grep -q 'give --count' '$tmp/e'"
SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_MAX=5 SLURM_ARRAY_TASK_COUNT=2 \
    TINGBAO=$T TB_SUMMARY_DIR="$tmp/sl" "$shard" --count 6 "$tmp/bad.tsv" "$tmp/slurm" --no-feed 2>/dev/null
check "a retry of some tasks with --count: task 5 is shard 5/6" \
    test "$(python3 "$tmp/indexes.py" "$tmp/sl/shard-5-of-6.jsonl")" = "5"
JOB_COMPLETION_INDEX=2 TINGBAO=$T "$shard" --index 0 --count 7 "$tmp/bad.tsv" "$tmp/arg" --no-feed 2>/dev/null
check "--index wins over the engine's variable" test -s "$tmp/arg/.batch/shard-0-of-7.jsonl"
env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX -u TB_SHARD_INDEX TINGBAO=$T \
    "$shard" --count 2 "$tmp/bad.tsv" "$tmp/none" 2>/dev/null; rc=$?
check "no index from anywhere: usage error (got $rc)" test "$rc" -eq 2
TINGBAO=$T "$shard" --index 3 --count 3 "$tmp/bad.tsv" "$tmp/none" 2>/dev/null; rc=$?
check "index not below the count: usage error (got $rc)" test "$rc" -eq 2

# 3. SIGTERM in the middle: the current render is abandoned and cleaned up,
# the rest are "failed" with "not run: interrupted", exit 130, no leftovers.
page="$TB_ROOT/tests/data/pages/render-small.txt"
for k in 1 2 3 4 5 6; do printf '%s\tp%d\n' "$page" $k; done >"$tmp/six.tsv"
"$T" batch "$tmp/six.tsv" -o "$tmp/intr" --summary "$tmp/intr.jsonl" --no-mp3 -j 1 -q 2>"$tmp/ie" &
pid=$!
# once the first edition is complete, however long that takes
until_or_gone "$pid" test -e "$tmp/intr/p1/edition.json"
kill -TERM "$pid"
wait "$pid"; rc=$?
check "SIGTERM: exit 130 (got $rc)" test "$rc" -eq 130
cat >"$tmp/intr.py" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(recs) == 6, len(recs)
assert recs[0]["status"] == "rendered", recs[0]
rest = [r["reason"] for r in recs if r["status"] == "failed"]
assert rest and all(r in ("interrupted", "not run: interrupted") or "nterrupt" in r for r in rest), rest
assert recs[-1]["reason"] == "not run: interrupted" and recs[-1]["exit"] == 130, recs[-1]
PY
check "SIGTERM: the summary has every item, the rest not run" python3 "$tmp/intr.py" "$tmp/intr.jsonl"
check "SIGTERM: the final line says interrupted" grep -q '(interrupted)' "$tmp/ie"
check "SIGTERM: no temporary folder left" bash -c "! ls -a '$tmp/intr' | grep -qE '\.(tmp|old)-'"
check "SIGTERM: the feed lists the editions that were finished" \
    bash -c "[ \"\$(xmllint --xpath 'count(//item)' '$tmp/intr/feed.xml')\" = \"\$(ls -d '$tmp'/intr/p*/ | wc -l)\" ]"
