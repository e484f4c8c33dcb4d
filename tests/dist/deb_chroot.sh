#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# deb_chroot.sh — the Debian package, for real: `scripts/make-deb` builds it
# with no network and lintian passes it (no error, no warning); it installs
# with apt into a fresh Debian 12 chroot (debootstrap minbase, cached by
# scripts/debian-base), which gets nothing but what the package declares; the
# installed tingbao renders the packaged example with its data from
# /usr/share/tingbao, and every output decodes (ffprobe/ffmpeg, on the host);
# the man pages, the completion and the units are where Debian looks for them;
# a purge leaves nothing behind. Needs root; skips loudly otherwise.
set -u
. "$(dirname "$0")/lib.sh"
R=${TB_ROOT:?}
. "$R/tests/lib/names.sh"
[ "$(id -u)" = 0 ] || skip_all "the package in a fresh chroot" "needs root (debootstrap, chroot)"
for c in dpkg-buildpackage dh lintian debootstrap unshare ffprobe ffmpeg; do
    command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] ||
        skip_all "the package in a fresh chroot" "$c not installed (scripts/install-deps build test deb)"
done
cache=${TB_DIST_CACHE:-/var/tmp/tingbao-dist}
mkdir -p "$cache"
root=$(mktemp -d "$cache/chroot-XXXXXX")
rmdir "$root"
log=$(mktemp -d)
trap 'rm -rf --one-file-system "$root" "$log"' EXIT

"$R/scripts/make-deb" >"$log/make-deb.out" 2>&1
rc=$?
deb=$(tail -1 "$log/make-deb.out")
check "make deb: dpkg-buildpackage and lintian pass (exit $rc$([ $rc -ne 0 ] && echo ": $(tail -3 "$log/make-deb.out" | tr '\n' ' ')"))" \
    test "$rc" -eq 0
[ "$rc" -eq 0 ] || exit 0
check "the build ran without a network$(grep -o '(built.*)' "$log/make-deb.out" | head -1)" \
    grep -q 'no network)' "$log/make-deb.out"
deps=$(dpkg-deb -f "$deb" Depends)
check "Depends has the libraries it links, from shlibs ($deps)" \
    bash -c "for l in libespeak-ng1 libopus0 libogg0 libsoxr0 libsndfile1 libxml2 libjansson4 libnettle8 libebur128-1 libmp3lame0 libzip4 libc6; do grep -q \"\$l\" <<<'$deps' || exit 1; done"

"$R/scripts/debian-root" "$root" "$deb" >"$log/root.out" 2>&1
rc=$?
check "apt installs the .deb into a fresh debootstrap chroot$([ $rc -ne 0 ] && echo " ($(tail -3 "$log/root.out" | tr '\n' ' '))")" \
    test "$rc" -eq 0
[ "$rc" -eq 0 ] || exit 0
in_root() { "$R/scripts/debian-root" --run "$root" "$@"; }

ver=$(in_root tingbao --version)
check "the installed tingbao runs ($ver)" test "$ver" = "tingbao $(dpkg-deb -f "$deb" Version)"
for f in /usr/share/tingbao/lexicon/20-polyphones.tsv /usr/share/tingbao/voices/news \
    /usr/share/man/man1/tingbao.1.gz /usr/share/man/man1/tingbao-render.1.gz /usr/share/man/man5/tingbao-lexicon.5.gz \
    /usr/share/man/man5/tingbao-voice.5.gz /usr/share/man/man5/tingbao-feed.conf.5.gz \
    /usr/share/bash-completion/completions/tingbao /lib/systemd/system/tingbao-daily.timer \
    /usr/bin/tingbao-shard /usr/share/doc/tingbao/copyright /usr/share/doc/tingbao/examples/xilin-0612.txt; do
    check "installed: $f" test -e "$root$f"
done
check "the daily run's user exists (sysusers)" in_root sh -c 'id tingbao >/dev/null'
check "the timer is not enabled by the install" test ! -e "$root/etc/systemd/system/timers.target.wants/tingbao-daily.timer"

# the example, with the data the package installed (no TINGBAO_DATADIR, no tree)
in_root sh -c 'mkdir -p /srv/out && cd / &&
    tingbao render /usr/share/doc/tingbao/examples/xilin-0612.txt -o /srv/out/xilin-0612 -q' >"$log/render.out" 2>&1
rc=$?
check "the installed tingbao renders the example (exit $rc$([ $rc -ne 0 ] && echo ": $(tail -2 "$log/render.out" | tr '\n' ' ')"))" \
    test "$rc" -eq 0
ed=$root/srv/out/xilin-0612
opus=$(edition_audio "$ed" edition) mp3=$(edition_audio "$ed" mp3) # SLUG-DATE.*
missing=""
for f in "${opus:-the Opus edition}" "${mp3:-the MP3 edition}" 01-headline.opus chapters.json transcript.vtt index.html edition.epub \
    daisy/ncc.html edition.json; do
    [ -s "$ed/$f" ] || missing="$missing $f"
done
check "the edition's files are there${missing:+ (missing:$missing)}" test -z "$missing"
bad=""
for f in "$ed"/*.opus "$ed/$mp3"; do
    [ -f "$f" ] || continue
    ffprobe -v error -show_entries format=duration -of csv=p=0 "$f" >/dev/null 2>&1 &&
        [ -z "$(ffmpeg -v error -i "$f" -f null - 2>&1)" ] || bad="$bad $(basename "$f")"
done
check "every audio file probes and decodes without an error${bad:+ (bad:$bad)}" test -z "$bad"
chapters=$(ffprobe -v error -show_chapters -of csv=p=0 "$ed/$opus" 2>/dev/null | wc -l)
sections=$(ls "$ed"/[0-9][0-9]-*.opus 2>/dev/null | wc -l)
check "$opus has a chapter per section ($chapters chapters, $sections sections)" \
    test "$chapters" -eq "$sections" -a "$sections" -gt 0
check "chapters.json parses" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["chapters"]' "$ed/chapters.json"

# The daily run as docs/batch.md sets it up: its first two lines (the third,
# systemctl enable, needs a booted systemd), then the installed unit's ExecStart,
# with its Environment= expanded, as its User= (what LogsDirectory= would make,
# made by hand); the report a desk drops is published with the feed.
unit=$root/lib/systemd/system/tingbao-daily.service
envline=$(sed -n 's/^Environment=//p' "$unit")
cmdline=$(sed -n 's/^ExecStart=//p' "$unit")
user=$(sed -n 's/^User=//p' "$unit")
in_root sh -c "set -e
    $(sed -n '/^sudo install -d .*\/srv\/tingbao/s/^sudo //p' "$R/docs/batch.md" | sed 's/ *#.*//')
    install -d -o $user -g $user /var/log/tingbao
    cp /usr/share/doc/tingbao/examples/xilin-0612.txt /srv/tingbao/drop/
    export $envline
    cd / && setpriv --reuid=$user --regid=$user --clear-groups sh -c \"exec $cmdline -q\"" \
    >"$log/daily.out" 2>&1
rc=$?
pubd=$root/srv/tingbao/published
pmp3=$(edition_audio "$pubd/xilin-0612" mp3)
check "the daily run, set up as docs/batch.md says, publishes the drop folder (exit $rc$([ $rc -ne 0 ] && echo ": $(tail -2 "$log/daily.out" | tr '\n' ' ')"))" \
    test "$rc" -eq 0 -a -n "$pmp3" -a -s "$pubd/xilin-0612/$pmp3"
check "the daily run wrote the feed and its summary" \
    bash -c "xmllint --noout '$pubd/feed.xml' && grep -q '\"status\":\"rendered\"' '$root/var/log/tingbao/daily.jsonl'"
uid=$(in_root id -u "$user")
got=$(stat -c %u:%a "$pubd/xilin-0612/$pmp3" 2>&1)
check "the published files belong to the daily run's user ($uid), readable by all (got $got)" test "$got" = "$uid:644"

in_root apt-get purge -y -qq tingbao >/dev/null 2>&1
left=$(cd "$root" && ls -d usr/bin/tingbao usr/bin/tingbao-shard usr/share/tingbao usr/share/man/man1/tingbao.1.gz \
    usr/share/bash-completion/completions/tingbao lib/systemd/system/tingbao-daily.service 2>/dev/null | tr '\n' ' ')
check "apt purge removes what the package installed${left:+ (left: $left)}" test -z "$left"
