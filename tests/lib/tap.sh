# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib/tap.sh — numbered TAP lines for a test script. Source it.
# ok NAME / nok NAME: one line each; check NAME 'SHELL CONDITION': ok when the
# condition (evaluated) holds, else not ok.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
