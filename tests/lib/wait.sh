# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib/wait.sh — wait for an event, never for a time. Sourced by test scripts.
#
# until_or_gone PID CMD... — run CMD every 50 ms until it succeeds (0) or the
# process PID has ended (1). The only bound is a hang guard of
# TB_TEST_HANG_GUARD seconds (default 900), far beyond any machine's speed:
# a test waits for what it needs to see, however slow the machine is.
until_or_gone() {
    local pid=$1 t=0 guard=$((${TB_TEST_HANG_GUARD:-900} * 20))
    shift
    until "$@"; do
        kill -0 "$pid" 2>/dev/null || { "$@"; return; }
        t=$((t + 1))
        [ "$t" -ge "$guard" ] && return 1
        sleep 0.05
    done
}
