# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# tests/dist/lib.sh — what the distributed-engine tests share (sourced): TAP
# lines, a free loopback port, waiting for a port, the manifest of our own
# short reports, and the checks every engine's run must pass: each item in
# exactly one shard's summary, each edition there once, the feed listing all.
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
skip_all() { echo "ok 1 - $1 # SKIP $2"; exit 0; }

# free_port: a TCP port on 127.0.0.1 nobody listens on right now
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

. "$(dirname "${BASH_SOURCE[0]}")/../lib/wait.sh"

# wait_port PORT PID: until something accepts connections on 127.0.0.1:PORT (0),
# or the daemon PID has ended (1); no time limit but the hang guard of wait.sh
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
    until_or_gone "$2" port_open "$1"
}

# make_manifest FILE: six of our reports (absolute paths, dated) and one bad line
make_manifest() {
    local src="$TB_ROOT/tests/data/batch"
    {
        echo "# six short reports and a bad line, for the distributed tests"
        printf '%s\t%s\t2024-05-0%d\n' "$src/bridge.txt" bridge 1 "$src/market.md" market 2 \
            "$src/school.txt" school 3
        printf '%s\t%s\t2024-05-32\n' "$src/clinic.html" bad-date
        printf '%s\t%s\t2024-05-0%d\n' "$src/clinic.html" clinic 4 "$src/harvest.txt" harvest 5 \
            "$TB_ROOT/tests/data/pages/render-small.txt" library 6
    } >"$1"
}
GOOD_SLUGS="bridge market school clinic harvest library"
N_ITEMS=7

# check_run NAME DIR SUMMARY...: the checks every engine's run must pass
check_run() {
    local name=$1 dir=$2
    shift 2
    check "$name: the shards' summaries cover items 0-$((N_ITEMS - 1)) exactly once" python3 - "$@" <<'PY'
import json, sys
seen = []
for f in sys.argv[1:]:
    seen += [json.loads(l)["index"] for l in open(f, encoding="utf-8")]
sys.exit(0 if sorted(seen) == list(range(7)) else "items %s" % sorted(seen))
PY
    check "$name: only the bad line failed" python3 - "$@" <<'PY'
import json, sys
bad = [json.loads(l) for f in sys.argv[1:] for l in open(f, encoding="utf-8")]
bad = [r["slug"] for r in bad if r["status"] == "failed"]
sys.exit(0 if bad == ["bad-date"] else "failed: %s" % bad)
PY
    local s missing=""
    for s in $GOOD_SLUGS; do
        [ -s "$dir/$s/edition.json" ] && ls "$dir/$s/" | grep -q "^$s.*\.opus\$" || missing="$missing $s"
    done
    check "$name: every edition is there${missing:+ (missing:$missing)}" test -z "$missing"
    check "$name: no edition for the bad line, no temporary folder" \
        bash -c "[ ! -e '$dir/bad-date' ] && ! ls -a '$dir' | grep -qE '\.(tmp|old)-'"
    check "$name: the feed is well-formed" xmllint --noout "$dir/feed.xml"
    local want got
    want=$(for s in $GOOD_SLUGS; do echo "$s"; done | sort | tr '\n' ' ')
    got=$(xmllint --xpath '/rss/channel/item/enclosure/@url' "$dir/feed.xml" 2>/dev/null |
        grep -oE '/[a-z-]+/[^/"]+\.(mp3|opus)"' | cut -d/ -f2 | sort | tr '\n' ' ')
    check "$name: the feed lists every edition once (got: $got)" test "$got" = "$want"
}
