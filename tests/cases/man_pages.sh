#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# man_pages.sh — the manual pages and --help agree: every option a command's
# --help lists is documented in its page (man/tingbao-CMD.1.scd, OPTIONS), and
# every option a page documents is in --help; every command of `tingbao --help`
# has a page; every page builds with scdoc and renders without groff warnings.
# A failure names the option, the command and the page to fix.
set -u
T=${TINGBAO:?}
R=${TB_ROOT:?}
. "$TB_ROOT/tests/lib/tap.sh"
command -v scdoc >/dev/null || { echo "ok 1 - man pages # SKIP scdoc not installed (scripts/install-deps build)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Options in --help: a -x/--xyz that starts an option line, follows ", " or two
# spaces (two options on one line), or "[" (the usage line).
help_opts() { "$@" --help 2>/dev/null | grep -oE '(^|[[:space:]]{2}|, |\[)--?[a-zA-Z][a-zA-Z0-9-]*' | sed -E 's/^[^-]*//' | sort -u; }
# Options a page documents: the term lines of its OPTIONS section (*-o*, *--output* _DIR_).
man_opts() {
    awk '/^# /{in_opts = ($0 == "# OPTIONS")} in_opts && /^\*-/' "$1" |
        grep -oE '\*--?[a-zA-Z][a-zA-Z0-9-]*\*' | tr -d '*' | sort -u
}

# compare NAME PAGE HELP-COMMAND...
compare() {
    local name=$1 page=$2 rel=${2#"$R"/}
    shift 2
    [ -f "$page" ] || { nok "$name has a manual page ($rel is missing)"; return; }
    help_opts "$@" >"$tmp/help"
    man_opts "$page" >"$tmp/man"
    local o missing=0 stale=0
    for o in $(comm -23 "$tmp/help" "$tmp/man"); do
        nok "$name: option $o is in '$name --help' but not in $rel: add it under # OPTIONS"
        missing=$((missing + 1))
    done
    for o in $(comm -13 "$tmp/help" "$tmp/man"); do
        case $o in -h | --help) continue ;; esac # some commands' --help do not list themselves
        nok "$name: option $o is documented in $rel but '$name --help' does not list it: remove it there or add it to --help"
        stale=$((stale + 1))
    done
    [ $((missing + stale)) -eq 0 ] && ok "$name: --help and $rel list the same $(wc -l <"$tmp/help") options"
}

cmds=$("$T" --help | awk '/^Commands:/{c=1; next} c && /^  [a-z]/{print $1} c && /^$/{c=0}')
[ -n "$cmds" ] && ok "tingbao --help lists commands: $(echo $cmds)" || nok "tingbao --help lists no commands"
for c in $cmds; do
    compare "tingbao $c" "$R/man/tingbao-$c.1.scd" "$T" "$c"
    grep -q "^\*$c\*\$" "$R/man/tingbao.1.scd" && ok "tingbao(1) lists the command $c" ||
        nok "tingbao(1) does not list the command $c: add it under # COMMANDS in man/tingbao.1.scd"
done
compare "tingbao-shard" "$R/man/tingbao-shard.1.scd" "$R/dist/tingbao-shard"
for o in --help --version; do
    grep -q -- "\*$o\*" "$R/man/tingbao.1.scd" && ok "tingbao(1) documents $o" || nok "tingbao(1) does not document $o"
done

# Every page builds, names itself as its file does, and renders without warnings.
for src in "$R"/man/*.scd; do
    page=$(basename "$src" .scd)
    if ! sed 's/@VERSION@/0/' "$src" | scdoc >"$tmp/$page" 2>"$tmp/err"; then
        nok "$page: scdoc fails: $(head -1 "$tmp/err")"
        continue
    fi
    title=$(head -1 "$src" | cut -d' ' -f1)
    [ "$title" = "${page%.*}(${page##*.})" ] && ok "$page builds and is titled $title" ||
        nok "$page: its first line names $title, not ${page%.*}(${page##*.})"
    if command -v man >/dev/null; then
        warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$tmp/$page" 2>&1 >/dev/null)
        [ -z "$warn" ] && ok "$page renders without groff warnings" || nok "$page: groff says: $warn"
    fi
done
