#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sec_fs.sh — a shared output folder with an attacker in it: symbolic links
# planted at the exact temporary names the next run will use (its PID is
# known: the run is started stopped, the link planted, then it goes on),
# links at daisy/, .feed.lock and in a batch drop folder, devices and links
# as --summary, a mount point, a name too long, two renders of one folder,
# and the leftovers of killed runs (issue 17: S1 S2 S3 S4 S5 D1 U3 U5 U6 U8).
# Run as root (CI), and where it makes sense also as an unprivileged user
# (setpriv), skipping loudly when that is not possible.
set -u
T=${TINGBAO:?}
root=${TB_ROOT:?}
page="$root/tests/data/pages/render-small.txt"
. "$root/tests/lib/tap.sh"
. "$root/tests/lib/wait.sh"
tmp=$(mktemp -d)
chmod 755 "$tmp"
mounted=
cleanup() { [ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
host=$(hostname 2>/dev/null | tr -cd 'A-Za-z0-9.-' | cut -c1-64)
[ -n "$host" ] || host=localhost
sums() { (cd "$1" && find . -type f -exec sha256sum {} + | sort); }
is_stopped() { [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = T ]; }
# start_stopped CMD...: CMD runs as $spid, stopped just before it starts
start_stopped() {
    sh -c 'kill -STOP $$; exec "$@"' sh "$@" &
    spid=$!
    until_or_gone "$spid" is_stopped "$spid"
}
# go: let the stopped run go on; its exit status in $rc
go() { kill -CONT "$spid"; wait "$spid"; rc=$?; }
dead_pid() { sh -c 'exit 0' & local p=$!; wait $p; echo $p; }
old() { touch -h -d '10 minutes ago' "$@"; }

# who runs tingbao: root, and an unprivileged user when we can become one
runners=(root)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    runners+=(nobody)
else
    ok "the attacks as an unprivileged user # SKIP not root or no setpriv: root runs only"
fi
# as WHO: the command prefix that runs as WHO, in ${as[@]}
set_as() {
    if [ "$1" = root ]; then as=(env); else as=(env "HOME=$tmp/home" setpriv --reuid=65534 --regid=65534 --clear-groups); fi
}
own() { [ "$1" = root ] || chown -R 65534:65534 "${@:2}"; }
mkdir -p "$tmp/home" && own nobody "$tmp/home"

for who in "${runners[@]}"; do
    set_as "$who"
    w=$tmp/$who
    mkdir -p "$w/out" "$w/victim/sub"
    echo precious >"$w/victim/a.txt"
    echo precious >"$w/victim/sub/b.txt"
    echo precious >"$w/victim.txt"
    own "$who" "$w"
    sums "$w/victim" >"$w/victim.sums"

    # S1: .ed.tmp-PID@HOST of the next render is a link to the victim folder
    start_stopped "${as[@]}" "$T" render "$page" -o "$w/out/ed" -q --no-feed
    ln -s "$w/victim" "$w/out/.ed.tmp-$spid@$host"
    go
    check "S1 ($who): render with its temporary name planted as a link succeeds (got $rc)" '[ $rc -eq 0 ] && [ -s "$w/out/ed/edition.json" ]'
    check "S1 ($who): ... the folder the link points to is intact" '[ "$(sums "$w/victim")" = "$(cat "$w/victim.sums")" ]'
    check "S1 ($who): ... no temporary name left" '! ls -A "$w/out" | grep -q "\.tmp-"'

    # S2: daisy/ of the edition is a link to the victim folder; and .daisy.tmp-PID@HOST
    rm -rf "$w/out/ed/daisy"
    ln -s "$w/victim" "$w/out/ed/daisy"
    start_stopped "${as[@]}" "$T" publish "$w/out/ed"
    ln -s "$w/victim" "$w/out/ed/.daisy.tmp-$spid@$host"
    ln -s "$w/victim" "$w/out/ed/.daisy.old-$spid@$host"
    go
    check "S2 ($who): publish over a daisy link and planted temporary links succeeds (got $rc)" '[ $rc -eq 0 ]'
    check "S2 ($who): ... the folder the links point to is intact" '[ "$(sums "$w/victim")" = "$(cat "$w/victim.sums")" ]'
    check "S2 ($who): ... daisy/ is a real folder again" '[ -d "$w/out/ed/daisy" ] && [ ! -L "$w/out/ed/daisy" ] && [ -s "$w/out/ed/daisy/ncc.html" ]'

    # S3: the atomic writes' temporary names planted as links to a file
    start_stopped "${as[@]}" "$T" feed -q "$w/out"
    ln -s "$w/victim.txt" "$w/out/.feed.xml.tmp-$spid@$host"
    go
    check "S3 ($who): feed with its temporary file planted as a link succeeds (got $rc)" '[ $rc -eq 0 ] && [ -f "$w/out/feed.xml" ] && [ ! -L "$w/out/feed.xml" ]'
    check "S3 ($who): ... the file the link points to is unchanged" '[ "$(cat "$w/victim.txt")" = precious ]'
    start_stopped "${as[@]}" "$T" publish "$w/out/ed"
    for f in index.html transcript.vtt transcript.srt playlist.m3u8 chapters.vtt; do
        ln -s "$w/victim.txt" "$w/out/ed/.$f.tmp-$spid@$host"
    done
    go
    check "S3 ($who): publish with five temporary files planted as links (got $rc)" '[ $rc -eq 0 ] && [ "$(cat "$w/victim.txt")" = precious ]'
done

w=$tmp/root
# S4: .feed.lock is a link to a file root must not create
ln -s "$tmp/nologin" "$w/out/.feed.lock"
mkdir -p "$tmp/drop" && cp "$page" "$tmp/drop/r.txt"
"$T" batch "$tmp/drop" -o "$w/out" -q 2>"$tmp/err"
check "S4: batch never creates the file a planted .feed.lock points to" '[ ! -e "$tmp/nologin" ]'
check "S4: ... and says the lock file is not one of ours" 'grep -q "\.feed\.lock: " "$tmp/err"'
rm -f "$w/out/.feed.lock"

# S5: a link in a drop folder to a file the uploader cannot read
umask_old=$(umask); umask 077
echo "秘密：只有管理员能读这份文件。" >"$tmp/secret.txt"
umask "$umask_old"
mkdir -p "$tmp/drop5" && chmod 1777 "$tmp/drop5"
cp "$page" "$tmp/drop5/good.txt"
ln -s "$tmp/secret.txt" "$tmp/drop5/leak.txt"
"$T" batch "$tmp/drop5" -o "$tmp/out5" --no-feed 2>"$tmp/err"
rc=$?
check "S5: batch FOLDER refuses a link (exit 4, got $rc)" '[ $rc -eq 4 ] && grep -q "leak: failed: .*leak.txt: a symbolic link; not followed" "$tmp/err"'
check "S5: ... the linked file is rendered nowhere" '[ ! -e "$tmp/out5/leak" ] && ! grep -rq "管理员" "$tmp/out5"'
check "S5: ... the other report is" '[ -s "$tmp/out5/good/edition.json" ]'

# D1: --summary at a device, a link, a pipe — our own nodes in the scratch
# folder (a /dev/full or /dev/stdout of the system is never put at risk)
printf 'r.txt\tr\n' >"$tmp/drop/list.tsv"
if mknod "$tmp/full" c 1 7 2>/dev/null; then
    "$T" batch "$tmp/drop/list.tsv" -o "$w/out" -q --no-feed --summary "$tmp/full" 2>"$tmp/err"
    rc=$?
    check "D1: --summary at a full device fails saying ENOSPC (got $rc)" '[ $rc -eq 1 ] && grep -q "full: cannot write: No space left on device" "$tmp/err"'
    check "D1: ... the device is still a device" '[ -c "$tmp/full" ]'
else
    ok "D1: --summary at a full device # SKIP cannot make a device node here (needs root)"
fi
ln -s /proc/self/fd/1 "$tmp/stdout"
"$T" batch "$tmp/drop/list.tsv" -o "$w/out" -q --no-feed --summary "$tmp/stdout" >"$tmp/sum" 2>/dev/null
check "D1: --summary through a link to our stdout streams the summary" 'grep -q "\"slug\":\"r\"" "$tmp/sum" && [ -L "$tmp/stdout" ]'
mkfifo "$tmp/pipe"
cat "$tmp/pipe" >"$tmp/piped" &
reader=$!
"$T" batch "$tmp/drop/list.tsv" -o "$w/out" -q --no-feed --summary "$tmp/pipe" 2>/dev/null
wait "$reader"
check "D1: --summary at a FIFO writes into it, and it stays a FIFO" 'grep -q "\"slug\":\"r\"" "$tmp/piped" && [ -p "$tmp/pipe" ]'
ln -s "$w/victim.txt" "$tmp/sum-link"
"$T" batch "$tmp/drop/list.tsv" -o "$w/out" -q --no-feed --summary "$tmp/sum-link" 2>"$tmp/err"
rc=$?
check "D1: --summary through a link to a file is refused (got $rc)" '[ $rc -ne 0 ] && grep -q "sum-link: a symbolic link; not replaced" "$tmp/err"'
check "D1: ... the link and its file are unchanged" '[ -L "$tmp/sum-link" ] && [ "$(cat "$w/victim.txt")" = precious ]'

# U3: two renders of one folder: the second fails at once, naming the first
{ head -7 "$page"; for _ in $(seq 20); do sed -n '8,$p' "$page"; done; } >"$tmp/long.txt"
"$T" render "$tmp/long.txt" -o "$tmp/u3/ed" -q --no-feed &
first=$!
writing() { ls -A "$tmp/u3" 2>/dev/null | grep -q '\.ed\.tmp-'; }
until_or_gone "$first" writing
kill -STOP "$first"
"$T" render "$page" -o "$tmp/u3/ed" -q --no-feed 2>"$tmp/err"
rc=$?
kill -CONT "$first"
wait "$first"
rc1=$?
check "U3: a second render of the same folder fails (exit 1, got $rc)" '[ $rc -eq 1 ]'
check "U3: ... naming who holds it" 'grep -q "u3/.ed.lock: in use: being written by $first@$host" "$tmp/err"'
check "U3: ... the first finishes its edition (got $rc1)" '[ $rc1 -eq 0 ] && [ -s "$tmp/u3/ed/edition.json" ]'
check "U3: ... and no lock or temporary file is left" '[ -z "$(ls -A "$tmp/u3" | grep -v "^ed$")" ]'

# U5: the output folder is a mount point: refused before any work
mkdir -p "$tmp/u5/ed"
if mount -t tmpfs -o size=4m tmpfs "$tmp/u5/ed" 2>/dev/null; then
    mounted=$tmp/u5/ed
    "$T" render "$page" -o "$tmp/u5/ed" -q --no-feed 2>"$tmp/err"
    rc=$?
    check "U5: a mount point as output: exit 2 'is a mount point' (got $rc)" '[ $rc -eq 2 ] && grep -q "u5/ed: is a mount point" "$tmp/err"'
    check "U5: ... nothing made beside it" '[ "$(ls -A "$tmp/u5")" = ed ]'
    umount "$tmp/u5/ed" && mounted=
else
    ok "U5: a mount point as output # SKIP cannot mount a tmpfs here (needs root)"
fi

# U6: a folder name that leaves no room for the temporary name
long=$(printf 'e%.0s' $(seq 245))
"$T" render "$page" -o "$tmp/u6/$long" -q --no-feed 2>"$tmp/err"
rc=$?
check "U6: a 245-byte folder name: exit 2 'folder name too long' (got $rc)" '[ $rc -eq 2 ] && grep -q "folder name too long: 245 bytes" "$tmp/err"'
check "U6: ... before any audio was made" '[ -z "$(ls -A "$tmp/u6" 2>/dev/null)" ]'

# U8: what a killed publish left is cleaned up; a killed swap is undone
ed=$w/out/ed
dp=$(dead_pid)
mkdir -p "$ed/.daisy.tmp-$dp@$host" && echo half >"$ed/.daisy.tmp-$dp@$host/ncc.html"
echo half >"$ed/.edition.epub.tmp-$dp@$host"
echo half >"$ed/.index.html.tmp-$dp@$host"
old "$ed/.daisy.tmp-$dp@$host" "$ed/.daisy.tmp-$dp@$host/ncc.html" "$ed/.edition.epub.tmp-$dp@$host" "$ed/.index.html.tmp-$dp@$host"
"$T" publish "$ed" 2>"$tmp/err"
check "U8: publish removes the leftovers of a killed publish" '[ $? -eq 0 ] && [ -z "$(ls -A "$ed" | grep "\.tmp-")" ]'
mv "$ed/daisy" "$ed/.daisy.old-$dp@$host"
old "$ed/.daisy.old-$dp@$host"
sums "$ed/.daisy.old-$dp@$host" >"$tmp/daisy.sums"
"$T" publish "$ed" 2>"$tmp/err"
check "U8: a DAISY folder set aside by a killed publish is put back, then rewritten" \
    '[ -d "$ed/daisy" ] && [ ! -e "$ed/.daisy.old-$dp@$host" ] && [ "$(sums "$ed/daisy")" = "$(cat "$tmp/daisy.sums")" ]'
exit 0
