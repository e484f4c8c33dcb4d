#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# parallel_ssh.sh — GNU Parallel fans a manifest out over SSH, for real: an
# sshd of our own on a free loopback port with a throw-away host key and user
# key (its own config: no PAM, authorized keys in the temporary folder), then
# `parallel --sshlogin` runs the shards through dist/tingbao-shard as remote
# jobs against it. Every item must be in exactly one shard, every edition
# there once, and the feed must list them all.
set -u
. "$(dirname "$0")/lib.sh"
T=${TINGBAO:?}
for c in parallel ssh ssh-keygen python3 xmllint; do
    command -v $c >/dev/null || skip_all "GNU Parallel over SSH" "$c not installed (scripts/install-deps dist)"
done
parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
    skip_all "GNU Parallel over SSH" "the parallel command is not GNU Parallel (moreutils?)"
[ -x /usr/sbin/sshd ] || skip_all "GNU Parallel over SSH" "/usr/sbin/sshd not installed (openssh-server)"
[ "$(id -u)" = 0 ] || skip_all "GNU Parallel over SSH" "needs root (sshd's privilege separation)"

tmp=$(mktemp -d /tmp/tb-pssh.XXXXXX)
chmod 755 "$tmp"
sshd_pid=""
cleanup() {
    [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that the EXIT trap stops the daemons

ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key" -C tingbao-test-host
ssh-keygen -q -t ed25519 -N '' -f "$tmp/user_key" -C tingbao-test-user
cp "$tmp/user_key.pub" "$tmp/authorized_keys"
port=$(free_port)
user=$(id -un)
cat >"$tmp/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
LogLevel VERBOSE
CONF
mkdir -p /run/sshd # the privilege-separation folder sshd insists on
/usr/sbin/sshd -t -f "$tmp/sshd_config" 2>"$tmp/sshd-t.log"
check "our sshd_config is valid (sshd -t)" test $? -eq 0
/usr/sbin/sshd -D -e -f "$tmp/sshd_config" 2>"$tmp/sshd.log" &
sshd_pid=$!
if ! wait_port "$port" "$sshd_pid"; then
    nok "sshd listens on 127.0.0.1:$port"
    sed 's/^/# /' "$tmp/sshd.log"
    exit 0
fi
ok "sshd listens on 127.0.0.1:$port"

# The ssh command Parallel uses: our key, our port, a throw-away known_hosts.
cat >"$tmp/ssh" <<SH
#!/bin/sh
exec ssh -F /dev/null -p $port -i $tmp/user_key -o IdentitiesOnly=yes -o BatchMode=yes \\
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=$tmp/known_hosts -o LogLevel=ERROR "\$@"
SH
chmod +x "$tmp/ssh"
check "ssh logs in with the throw-away key" \
    test "$("$tmp/ssh" "$user@127.0.0.1" 'echo "$SSH_CONNECTION"' | cut -d' ' -f1)" = 127.0.0.1

make_manifest "$tmp/m.tsv"
out=$tmp/out
shards=3
# Two job slots on the one SSH "machine"; three shards. The command runs on
# the far side, so it names the binary and the entry point by absolute path.
parallel --will-cite --ssh "$tmp/ssh" --sshlogin "2/$user@127.0.0.1" --joblog "$tmp/joblog" \
    --tag --line-buffer \
    TINGBAO="$T" "$TB_ROOT/dist/tingbao-shard" --index {} --count $shards \
    "$tmp/m.tsv" "$out" --no-mp3 -j 1 -q ::: $(seq 0 $((shards - 1))) >"$tmp/par.log" 2>&1
rc=$?
check "parallel exits with the number of failed jobs: 1, the shard with the bad line (got $rc)" test "$rc" -eq 1
check "the joblog has the three shards, each on the SSH login" \
    test "$(awk 'NR > 1 && $2 ~ /127\.0\.0\.1/' "$tmp/joblog" | wc -l)" -eq $shards
check "shard 0 (the bad line's) exited 4, the others 0" \
    test "$(awk 'NR > 1 { print $7 }' "$tmp/joblog" | sort | tr -d '\n')" = 004
accepted=$(grep -c 'Accepted publickey for' "$tmp/sshd.log")
check "the jobs went through our sshd ($accepted logins)" test "$accepted" -ge $((shards + 1))
check_run "Parallel over SSH" "$out" "$out"/.batch/shard-{0,1,2}-of-3.jsonl

# A runner retries what failed: --resume-failed reruns only the failed job.
parallel --will-cite --ssh "$tmp/ssh" --sshlogin "2/$user@127.0.0.1" --joblog "$tmp/joblog" \
    --resume-failed \
    TINGBAO="$T" "$TB_ROOT/dist/tingbao-shard" --index {} --count $shards \
    "$tmp/m.tsv" "$out" --no-mp3 -j 1 -q ::: $(seq 0 $((shards - 1))) >>"$tmp/par.log" 2>&1
check "--resume-failed runs the failed shard again, and only it" \
    test "$(awk 'NR > 1' "$tmp/joblog" | wc -l)" -eq $((shards + 1))
sed 's/^/# /' "$tmp/par.log" | tail -20
