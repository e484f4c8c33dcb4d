#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# slurm_array.sh — a Slurm job array renders a manifest, for real: a one-node
# cluster of our own in a temporary folder (a fresh munge key and munged on
# its own socket, slurmctld and slurmd on free loopback ports, state and
# spool in the folder), then the shipped dist/tingbao.sbatch submitted as
# --array=0-2 --wait (SLURM_ARRAY_TASK_ID → --shard I/3 through
# dist/tingbao-shard). Every item must be in exactly one task's summary,
# every edition there once, and the feed must list them all. The daemons are
# stopped whatever happens.
set -u
. "$(dirname "$0")/lib.sh"
T=${TINGBAO:?}
for c in munged munge slurmctld slurmd sbatch sinfo scontrol python3 xmllint; do
    command -v $c >/dev/null || skip_all "Slurm job array" "$c not installed (scripts/install-deps dist)"
done
[ "$(id -u)" = 0 ] || skip_all "Slurm job array" "needs root (SlurmUser=root, munged)"

tmp=$(mktemp -d /tmp/tb-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
    local p
    if [ -n "${SLURM_CONF:-}" ] && [ -s "$tmp/slurm.conf" ]; then
        scancel --quiet --partition=tb 2>/dev/null
    fi
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that the EXIT trap stops the daemons
dump_logs() { local f; for f in "$tmp"/*.log; do [ -f "$f" ] && tail -15 "$f" | sed "s|^|# $(basename "$f"): |"; done; }

# munge: a fresh key, its own socket
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/jobs"
dd if=/dev/urandom of="$tmp/munge.key" bs=128 count=1 status=none
chmod 400 "$tmp/munge.key"
munged --force --foreground --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" \
    --pid-file="$tmp/munged.pid" --seed-file="$tmp/munged.seed" >"$tmp/munged.log" 2>&1 &
pids+=($!)
until_or_gone "${pids[-1]}" test -S "$tmp/munge.sock"
check "munged runs on its own socket and credentials round-trip" \
    bash -c "munge -S '$tmp/munge.sock' -n | unmunge -S '$tmp/munge.sock' >/dev/null"

host=$(hostname -s)
ctl_port=$(free_port)
d_port=$(free_port)
[ "$d_port" = "$ctl_port" ] && d_port=$((ctl_port + 1))
cat >"$tmp/slurm.conf" <<CONF
ClusterName=tingbaotest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=tbnode NodeAddr=127.0.0.1 NodeHostname=$host CPUs=2 State=UNKNOWN
PartitionName=tb Nodes=tbnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out.log" 2>&1 &
pids+=($!)
wait_port "$ctl_port" "${pids[-1]}" || { nok "slurmctld listens on 127.0.0.1:$ctl_port"; dump_logs; exit 0; }
slurmd -D -f "$SLURM_CONF" -N tbnode >"$tmp/slurmd.out.log" 2>&1 &
pids+=($!)
state=""
node_idle() { state=$(sinfo -h -n tbnode -o %T 2>/dev/null); [ "$state" = idle ]; }
until_or_gone "${pids[-1]}" node_idle
if [ "$state" != idle ]; then
    nok "the one-node cluster comes up (node state: ${state:-none})"
    dump_logs
    exit 0
fi
ok "the one-node cluster comes up (slurmctld :$ctl_port, slurmd :$d_port, node idle)"

make_manifest "$tmp/m.tsv"
out=$tmp/out
# Slurm runs a copy of the script: it finds the entry point through TINGBAO_SHARD
# and tingbao through TINGBAO, both exported to the tasks (sbatch --export=ALL).
TINGBAO="$T" TINGBAO_SHARD="$TB_ROOT/dist/tingbao-shard" timeout 600 \
    sbatch --wait --array=0-2 --chdir="$tmp/jobs" --output="$tmp/jobs/task-%A_%a.out" \
    "$TB_ROOT/dist/tingbao.sbatch" "$tmp/m.tsv" "$out" --no-mp3 -q >"$tmp/sbatch.log" 2>&1
rc=$?
check "sbatch --wait: the array's exit status is the worst task's, 4 (got $rc)" test "$rc" -eq 4
job=$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' "$tmp/sbatch.log")
check "one array job was submitted (job ${job:-none})" test -n "$job"
for i in 0 1 2; do
    check "array task $i ran shard $i/3" grep -q "shard $i/3 of" "$tmp/jobs/task-${job}_$i.out"
done
check "SLURM_CPUS_PER_TASK (the script's --cpus-per-task=2) becomes -j 2" \
    grep -q 'shard 1/3 of .* (-j 2)$' "$tmp/jobs/task-${job}_1.out"
check_run "Slurm array" "$out" "$out"/.batch/shard-{0,1,2}-of-3.jsonl

# Retry: only the failed task (0), with --count since the array is not 0..N-1.
# Submitted from the source tree without TINGBAO_SHARD: the script finds the
# entry point in $SLURM_SUBMIT_DIR/dist/.
cd "$TB_ROOT" && env -u TINGBAO_SHARD TINGBAO="$T" timeout 300 \
    sbatch --wait --array=0 --chdir="$tmp/jobs" --output="$tmp/jobs/retry-%A_%a.out" \
    "$TB_ROOT/dist/tingbao.sbatch" --count 3 "$tmp/m.tsv" "$out" --no-mp3 -q >"$tmp/sbatch2.log" 2>&1
rc=$?
check "a retry of task 0 with --count 3 runs shard 0/3 again (exit $rc: its bad line still fails)" \
    bash -c "[ $rc -eq 4 ] && grep -q 'shard 0/3 of' '$tmp'/jobs/retry-*_0.out"
check_run "Slurm array after the retry" "$out" "$out"/.batch/shard-{0,1,2}-of-3.jsonl
