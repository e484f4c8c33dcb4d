# SPDX-License-Identifier: GPL-3.0-or-later
# names.sh — the names an edition gives its whole-edition files (SLUG-DATE.opus,
# SLUG-DATE.mp3), read from its edition.json rather than guessed. Source it.
# edition_audio DIR edition|mp3 — prints the file name ("" when there is none)
edition_audio() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d.get(sys.argv[2]) or "")' "$1/edition.json" "$2" 2>/dev/null
}
