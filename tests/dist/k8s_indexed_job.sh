#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# k8s_indexed_job.sh — dist/k8s-indexed-job.yaml is a valid Indexed Job
# (PyYAML parses it; the fields an Indexed Job needs are there and agree with
# each other), it runs the same entry point as dist/tingbao.sbatch, and that
# entry point, run the way the pods run it (the container's command and
# args, its env, JOB_COMPLETION_INDEX = 0..completions-1, the volume mapped
# to a temporary folder), renders a manifest with the checks every engine
# passes. No cluster here: kubectl and a kubelet are not Debian packages.
set -u
. "$(dirname "$0")/lib.sh"
T=${TINGBAO:?}
yaml_file="$TB_ROOT/dist/k8s-indexed-job.yaml"
py=""
for p in /usr/bin/python3 python3; do
    command -v "$p" >/dev/null && "$p" -c 'import yaml' 2>/dev/null && { py=$p; break; }
done
[ -n "$py" ] || skip_all "Kubernetes Indexed Job" "no python3 with PyYAML (python3-yaml; scripts/install-deps dist)"
command -v xmllint >/dev/null || skip_all "Kubernetes Indexed Job" "xmllint not installed"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Parse and check; print the pieces the emulation needs as shell lines.
"$py" - "$yaml_file" >"$tmp/job.sh" 2>"$tmp/err" <<'PY'
import shlex, sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
assert len(docs) == 1, "one document"
j = docs[0]
assert j["apiVersion"] == "batch/v1" and j["kind"] == "Job", "a batch/v1 Job"
s = j["spec"]
assert s["completionMode"] == "Indexed", "completionMode: Indexed"
n = s["completions"]
assert isinstance(n, int) and n >= 1, "completions"
assert 1 <= s["parallelism"] <= n, "1 <= parallelism <= completions"
pod = s["template"]["spec"]
assert pod["restartPolicy"] in ("Never", "OnFailure"), "restartPolicy"
(c,) = pod["containers"]
env = {e["name"]: e["value"] for e in c.get("env", [])}
assert env.get("TB_SHARD_COUNT") == str(n), "TB_SHARD_COUNT equals completions"
assert "JOB_COMPLETION_INDEX" not in env, "the index is Kubernetes' own"
assert c["command"] == ["tingbao-shard"], "the command is the entry point"
args = c["args"]
assert len(args) >= 2, "args: MANIFEST DIR"
mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
vols = {v["name"]: v for v in pod["volumes"]}
assert set(mounts) <= set(vols), "every mount has a volume"
(mount,) = [p for p in mounts.values() if args[1].startswith(p + "/")]
assert args[0].startswith(mount + "/"), "the manifest is on the shared volume"
assert "persistentVolumeClaim" in vols[[k for k, p in mounts.items() if p == mount][0]], "a shared claim"
print("completions=%d" % n)
print("mount=%s" % shlex.quote(mount))
print("args=(%s)" % " ".join(shlex.quote(a) for a in args))
print("env=(%s)" % " ".join(shlex.quote("%s=%s" % kv) for kv in env.items()))
PY
rc=$?
why=""
[ "$rc" -ne 0 ] && why=" ($(tail -1 "$tmp/err"))"
check "the YAML parses and is a consistent Indexed Job$why" test "$rc" -eq 0
[ "$rc" -eq 0 ] || exit 0
# shellcheck disable=SC1091
. "$tmp/job.sh"
check "the sbatch script runs the same entry point" grep -q 'tingbao-shard' "$TB_ROOT/dist/tingbao.sbatch"

# The pods, one after another, with the volume mapped to a folder of ours. The
# YAML's counts are for a real archive; the emulation keeps them (items are few,
# so some indexes get none: that must be fine too).
make_manifest "$tmp/data.tsv"
vol=$tmp/vol
mkdir -p "$vol"
fix() { printf '%s' "${1/#$mount/$vol}"; }
cp "$tmp/data.tsv" "$(fix "${args[0]}")"
outdir=$(fix "${args[1]}")
rest=("${args[@]:2}")
fails=0 worst=0
for i in $(seq 0 $((completions - 1))); do
    env "${env[@]}" JOB_COMPLETION_INDEX="$i" TINGBAO="$T" \
        "$TB_ROOT/dist/tingbao-shard" "$(fix "${args[0]}")" "$outdir" "${rest[@]}" -q 2>>"$tmp/pods.log"
    rc=$?
    [ "$rc" -ne 0 ] && fails=$((fails + 1))
    [ "$rc" -gt "$worst" ] && worst=$rc
done
check "$completions pods: one fails with 4 (the bad line's), the rest succeed (failed $fails, worst $worst)" \
    test "$fails$worst" = 14
summaries=()
for i in $(seq 0 $((completions - 1))); do summaries+=("$outdir/.batch/shard-$i-of-$completions.jsonl"); done
check "every index wrote a summary, empty or not" bash -c 'for f; do [ -f "$f" ] || exit 1; done' _ "${summaries[@]}"
check_run "Indexed Job (emulated)" "$outdir" "${summaries[@]}"
