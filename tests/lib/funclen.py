#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# List C functions longer than LIMIT lines (default 80), body braces included.
# The tree is clang-formatted: a function body opens with "{" and closes
# with "}" in column 0, the line before the "{" ends the signature.
import re, sys

def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    start = name = None
    for i, line in enumerate(lines):
        if line == "{" and i > 0:
            j = i - 1
            while j > 0 and not re.search(r"\w+\s*\(", lines[j]):
                j -= 1
            m = re.search(r"(\w+)\s*\(", lines[j])
            start, name = i, m.group(1) if m else "?"
        elif line.startswith("}") and start is not None:
            yield name, start + 1, i - start + 1
            start = None

limit = 80
args = sys.argv[1:]
if args and args[0].startswith("--limit="):
    limit = int(args.pop(0).split("=")[1])
bad = 0
for path in args:
    for name, line, n in functions(path):
        if n > limit:
            print(f"{path}:{line}: {name} is {n} lines (limit {limit})")
            bad += 1
sys.exit(1 if bad else 0)
