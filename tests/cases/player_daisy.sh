#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# player_daisy.sh — the DAISY fileset in the console player blind Linux users
# have: Debian's daisy-player, run headless. A PulseAudio of our own with a
# null sink stands in for the sound card (an LD_PRELOAD shim,
# tests/lib/fake_sound_home.c, serves daisy-player the /proc/asound/cards it
# insists on reading and a home of our own for its settings), tmux gives it a
# terminal and the keys. Judged from the player's behaviour: strace sees it
# open the edition's MP3, PulseAudio sees it play into the sink, its screen
# shows the time running, and after cursor-down + Enter it opens the next
# section's SMIL file and the MP3 again. Every wait is for an event
# (tests/lib/wait.sh). Skips loudly when a package is missing or PulseAudio
# cannot run here.
set -u
. "$TB_ROOT/tests/lib/wait.sh"
n=0
ok() { n=$((n + 1)); echo "ok $n - player_daisy: $*"; }
nok() { n=$((n + 1)); echo "not ok $n - player_daisy: $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }
skip() { echo "ok 1 - player_daisy # SKIP $*"; exit 0; }
for tool in daisy-player pulseaudio pactl tmux strace cc ffprobe; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps test)"
done

tmp=$(mktemp -d)
pa_pid="" sock="$tmp/tmux.sock"
cleanup() {
    tmux -S "$sock" kill-server 2>/dev/null
    [ -n "$pa_pid" ] && kill "$pa_pid" 2>/dev/null && wait "$pa_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# the edition: our own small page, rendered
ed=$tmp/out/small
"$TINGBAO" render -q --no-feed "$TB_ROOT/tests/data/pages/render-small.txt" -o "$ed" --date 2024-05-06 \
    2>"$tmp/render.err" || { nok "render the page: $(head -c 200 "$tmp/render.err")"; exit 0; }
d=$ed/daisy
mp3=$d/edition.mp3

# ncc:totalTime is the MP3's duration: the clips tile the timeline
dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp3")
tt=$(sed -n 's/.*name="ncc:totalTime" content="\([0-9:]*\)".*/\1/p' "$d/ncc.html")
check "ncc:totalTime $tt is the MP3's $dur s (ffprobe), to the second" \
    awk -v t="$tt" -v d="$dur" 'BEGIN { split(t, a, ":"); s = a[1] * 3600 + a[2] * 60 + a[3];
                                       x = s - d; if (x < 0) x = -x; exit !(x <= 0.5 + 1e-6) }'

# the shim, the sound server
cc -shared -fPIC -O2 -o "$tmp/shim.so" "$TB_ROOT/tests/lib/fake_sound_home.c" -ldl ||
    skip "cannot build the LD_PRELOAD shim"
printf ' 0 [Null           ]: Null - PulseAudio null sink\n                      PulseAudio null sink\n' >"$tmp/cards"
mkdir -p "$tmp/home" "$tmp/run" && chmod 700 "$tmp/run"
export HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run
unset PULSE_SERVER
pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --log-target=stderr \
    -L "module-null-sink sink_name=nullsink sink_properties=alsa.card_name=nullsink" \
    -L module-native-protocol-unix >"$tmp/pa.log" 2>&1 &
pa_pid=$!
until_or_gone "$pa_pid" pactl info >/dev/null 2>&1 ||
    skip "PulseAudio cannot run here: $(grep -m1 '^E:' "$tmp/pa.log" | head -c 160)"

# daisy-player in a terminal of its own: -i no bookmarks, sink 0 of PulseAudio
tmux -S "$sock" -f /dev/null new-session -d -x 100 -y 30 -c "$d" \
    "env LD_PRELOAD=$tmp/shim.so TB_FAKE_CARDS=$tmp/cards TB_FAKE_HOME=$tmp/home \
     strace -f -qq -e trace=openat -o $tmp/trace daisy-player -i -d 0:pulseaudio -n .; \
     echo \"exit \$?\" >$tmp/exit; tmux -S $sock wait-for -S done" ||
    skip "tmux cannot start a session here"
pane_pid=$(tmux -S "$sock" display -p '#{pane_pid}')
screen() { tmux -S "$sock" capture-pane -p 2>/dev/null; }
has() { screen | grep -q "$1"; }
opened() { grep -c "openat(AT_FDCWD, \"[^\"]*/$1\"" "$tmp/trace" 2>/dev/null; }
gt() { [ "$(opened "$1")" -gt "$2" ]; }
playing() { pactl list short sink-inputs 2>/dev/null | grep -q .; }

until_or_gone "$pane_pid" has 'total length' 
check "daisy-player lists the book (its screen: levels and total length)" has 'total length'
first=$(sed -n 's/.*<a href="[^"]*">\([^<]*\)<\/a>.*/\1/p' "$d/ncc.html" | head -1)
check "... with the first section's title" has "${first:0:6}"

mp3_before=$(opened edition.mp3)
tmux -S "$sock" send-keys Enter
until_or_gone "$pane_pid" gt edition.mp3 "$mp3_before"
check "Enter: it opens the edition's MP3 (strace)" gt edition.mp3 "$mp3_before"
until_or_gone "$pane_pid" playing
check "it plays into PulseAudio's null sink (a sink input)" playing
check "... daisy-player's own stream" bash -c "pactl list sink-inputs | grep -q 'application.process.binary = \"daisy-player\"'"
until_or_gone "$pane_pid" has '00:0[1-9]'
check "its screen shows the time running" has '00:0[1-9]'

smil2=$(opened sec-2.smil) mp3_before=$(opened edition.mp3)
tmux -S "$sock" send-keys Down Enter
until_or_gone "$pane_pid" gt sec-2.smil "$smil2"
check "cursor down + Enter: it opens the next section's SMIL file" gt sec-2.smil "$smil2"
until_or_gone "$pane_pid" gt edition.mp3 "$mp3_before"
check "... and plays the MP3 again from there" gt edition.mp3 "$mp3_before"

tmux -S "$sock" send-keys q
until_or_gone "$pane_pid" test -s "$tmp/exit"
check "q: it quits with status 0 ($(cat "$tmp/exit" 2>/dev/null))" grep -qx 'exit 0' "$tmp/exit"
check "its settings went to our home, not the real one" test -e "$tmp/home/.daisy-player.xml"
