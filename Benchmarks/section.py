"""Replaces one generated section of BENCHMARKS.md (between `<!-- NAME:begin -->` and `<!-- NAME:end -->`),
leaving the hand-written text around it alone.  Usage: python3 Benchmarks/section.py FILE NAME < text"""

import os
import sys


def write_section(path, name, text):
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    doc = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if begin not in doc:
        doc = doc.rstrip("\n") + f"\n\n{begin}\n{end}\n"
    head, rest = doc.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(path, "w") as f:
        f.write(f"{head}{begin}\n{text.strip()}\n{end}{tail}")


if __name__ == "__main__":
    write_section(sys.argv[1], sys.argv[2], sys.stdin.read())
