#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# image_podman.sh — the container image (`make image`: the .deb on a debootstrap
# base, imported into podman, no registry) runs the Kubernetes Indexed Job of
# dist/k8s-indexed-job.yaml: the image the manifest names, its pod command and
# args and env, one container per index with JOB_COMPLETION_INDEX set, the
# shared volume a folder of ours mounted at the manifest's mountPath; the result
# passes the checks every engine's run passes (tests/dist/lib.sh). Skips loudly
# when podman is missing or cannot run a container on this machine.
set -u
. "$(dirname "$0")/lib.sh"
R=${TB_ROOT:?}
. "$R/tests/lib/names.sh"
name="the Indexed Job's pods in the container image"
[ "$(id -u)" = 0 ] || skip_all "$name" "needs root (debootstrap, chroot; rootless podman not tried)"
command -v podman >/dev/null || skip_all "$name" "podman not installed (scripts/install-deps deb)"
command -v xmllint >/dev/null || skip_all "$name" "xmllint not installed"
/usr/bin/python3 -c 'import yaml' 2>/dev/null || skip_all "$name" "python3-yaml not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$R/scripts/make-image" >"$tmp/image.out" 2>&1
rc=$?
image=$(tail -1 "$tmp/image.out")
check "make image builds $image$([ $rc -ne 0 ] && echo " (exit $rc: $(tail -3 "$tmp/image.out" | tr '\n' ' '))")" \
    test "$rc" -eq 0
[ "$rc" -eq 0 ] || exit 0

# How podman can run a container here: as it is; else with the rlimits this
# machine allows (crun cannot raise RLIMIT_NOFILE/NPROC without CAP_SYS_RESOURCE);
# else with runc too (crun refuses hybrid cgroup v1/v2 hierarchies).
lim=(--ulimit "nofile=1024:1024" --ulimit "nproc=4096:4096")
glob=() opts=() how=""
for v in plain ulimits runc; do
    case $v in
    plain) g=() o=() ;;
    ulimits) g=() o=("${lim[@]}") ;;
    runc) command -v runc >/dev/null || continue; g=(--runtime runc) o=("${lim[@]}") ;;
    esac
    if podman "${g[@]}" run --rm --network=none "${o[@]}" "$image" true >"$tmp/probe.$v" 2>&1; then
        glob=("${g[@]}") opts=("${o[@]}") how=$v
        break
    fi
done
if [ -z "$how" ]; then
    why=$(tail -1 "$tmp/probe.plain" 2>/dev/null)
    echo "ok $((n + 1)) - $name # SKIP podman cannot run a container here: $why"
    exit 0
fi
v=$(podman "${glob[@]}" run --rm --network=none "${opts[@]}" --user 65534:65534 "$image" tingbao --version 2>&1)
check "a non-root user in the container runs tingbao ($v)" test "${v%% *}" = tingbao
check "podman runs the image here ($how${glob:+: ${glob[*]}}${opts:+ ${opts[*]}})" true

# The manifest: its image, the pod's command, args, env and the volume's mountPath.
/usr/bin/python3 - "$R/dist/k8s-indexed-job.yaml" >"$tmp/job.sh" <<'PY'
import shlex, sys, yaml
j = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
s = j["spec"]
(c,) = s["template"]["spec"]["containers"]
env = {e["name"]: e["value"] for e in c.get("env", [])}
(mount,) = [m["mountPath"] for m in c["volumeMounts"]]
print("completions=%d" % s["completions"])
print("yaml_image=%s" % shlex.quote(c["image"]))
print("mount=%s" % shlex.quote(mount))
print("cmd=(%s)" % " ".join(shlex.quote(a) for a in c["command"] + c["args"]))
print("env=(%s)" % " ".join(shlex.quote("--env=%s=%s" % kv) for kv in env.items()))
PY
# shellcheck disable=SC1091
. "$tmp/job.sh"
check "the manifest names the image make image builds ($yaml_image)" test "$yaml_image" = "$image"

# The shared volume: the reports and a manifest with paths relative to it.
vol=$tmp/vol
mkdir -p "$vol/reports"
make_manifest "$tmp/abs.tsv"
cp "$R"/tests/data/batch/* "$R/tests/data/pages/render-small.txt" "$vol/reports/"
sed -e "s|$R/tests/data/batch/|reports/|" -e "s|$R/tests/data/pages/|reports/|" "$tmp/abs.tsv" >"$vol/${cmd[1]#"$mount"/}"
fails=0 worst=0
for i in $(seq 0 $((completions - 1))); do
    podman "${glob[@]}" run --rm --network=none "${opts[@]}" --volume "$vol:$mount" \
        "${env[@]}" --env "JOB_COMPLETION_INDEX=$i" "$image" "${cmd[@]}" -q 2>>"$tmp/pods.log"
    rc=$?
    [ "$rc" -ne 0 ] && fails=$((fails + 1))
    [ "$rc" -gt "$worst" ] && worst=$rc
done
check "$completions containers: one fails with 4 (the bad line's), the rest succeed (failed $fails, worst $worst)" \
    test "$fails$worst" = 14
outdir=$vol/${cmd[2]#"$mount"/}
summaries=()
for i in $(seq 0 $((completions - 1))); do summaries+=("$outdir/.batch/shard-$i-of-$completions.jsonl"); done
check "every index wrote its summary on the shared volume" bash -c 'for f; do [ -f "$f" ] || exit 1; done' _ "${summaries[@]}"
check_run "Indexed Job (podman)" "$outdir" "${summaries[@]}"
dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$outdir/bridge/$(edition_audio "$outdir/bridge" edition)" 2>/dev/null)
check "an edition made in the container decodes (bridge: $dur s)" awk -v d="$dur" 'BEGIN{exit !(d + 0 > 1)}'
