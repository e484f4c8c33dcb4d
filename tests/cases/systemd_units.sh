#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# systemd_units.sh — dist/tingbao-daily.service and .timer pass
# `systemd-analyze verify` (syntax, the command exists and is executable, the
# man pages they name exist), installed the way `make install` installs them
# (ExecStart pointing at BINDIR, here the tingbao under test), and keep the
# hardening the daily run promises (docs/batch.md).
set -u
T=${TINGBAO:?}
R=${TB_ROOT:?}
. "$TB_ROOT/tests/lib/tap.sh"
command -v systemd-analyze >/dev/null ||
    { echo "ok 1 - systemd units # SKIP systemd-analyze not installed (package systemd; scripts/install-deps test)"; exit 0; }
command -v scdoc >/dev/null || { echo "ok 1 - systemd units # SKIP scdoc not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/units" "$tmp/man/man1" "$tmp/man/man5"
svc=$R/dist/tingbao-daily.service
timer=$R/dist/tingbao-daily.timer
# as make install does it (sed on /usr/bin/tingbao), with BINDIR = the build
sed "s|/usr/bin/tingbao|$T|g" "$svc" >"$tmp/units/tingbao-daily.service"
cp "$timer" "$tmp/units/"
for p in "$R"/man/*.scd; do
    page=$(basename "$p" .scd)
    sed 's/@VERSION@/0/' "$p" | scdoc >"$tmp/man/man${page##*.}/$page"
done

(cd "$tmp/units" && MANPATH=$tmp/man systemd-analyze verify ./tingbao-daily.service ./tingbao-daily.timer) \
    >"$tmp/verify" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$tmp/verify" ] && ok "systemd-analyze verify passes on the service and the timer" ||
    nok "systemd-analyze verify (exit $rc): $(tr '\n' ' ' <"$tmp/verify")"

# the daily run: a batch over the drop folder into the published folder (then the feed)
exec_line=$(sed -n 's/^ExecStart=//p' "$svc")
[[ $exec_line == "/usr/bin/tingbao batch \${TB_DROP} -o \${TB_PUBLISHED} "* ]] &&
    ok "ExecStart is a batch of the drop folder into the published folder" || nok "ExecStart is '$exec_line'"
grep -q '^Environment=TB_DROP=/srv/tingbao/drop TB_PUBLISHED=/srv/tingbao/published$' "$svc" &&
    grep -q '^ReadWritePaths=/srv/tingbao/published$' "$svc" &&
    ok "the published folder is the one writable path the environment names" ||
    nok "Environment= and ReadWritePaths= do not name the same published folder"
for want in ProtectSystem=strict NoNewPrivileges=yes User=tingbao PrivateTmp=yes ProtectHome=yes \
    PrivateNetwork=yes CapabilityBoundingSet= Type=oneshot; do
    grep -qx "$want" "$svc" && ok "service: $want" || nok "service lacks $want"
done
grep -qx 'Persistent=true' "$timer" && grep -q '^OnCalendar=' "$timer" &&
    grep -qx 'WantedBy=timers.target' "$timer" && ok "timer: daily OnCalendar, Persistent, WantedBy timers.target" ||
    nok "timer lacks OnCalendar/Persistent/WantedBy"
# how exposed the service is, by systemd's own measure (lower is better; 0-10)
score=$(cd "$tmp/units" && systemd-analyze security --offline=yes ./tingbao-daily.service 2>/dev/null |
    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -n "$score" ]; then
    awk -v s="$score" 'BEGIN{exit !(s <= 2.0)}' && ok "systemd-analyze security: exposure $score (<= 2.0)" ||
        nok "systemd-analyze security: exposure $score, above 2.0"
fi
