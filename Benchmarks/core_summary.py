"""Turns package-benchmark's Markdown output (stdin) into BENCHMARKS.md's micro benchmark section:
a summary of each benchmark's median time, then the full tables with their headings one level down."""

import re
import sys

raw = sys.stdin.read()
text = raw[raw.index("## "):] if "## " in raw else raw
rows = []
name = None
for line in text.splitlines():
    if line.startswith("### "):
        name = line[4:].strip()
    m = re.match(r"\| Time \(wall clock\) \((\w+)\) \*?\s*\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|", line)
    if name and m:
        unit, p50, p99 = m[1], m[4].strip(), m[7].strip()
        rows.append(f"| {name} | {p50} {unit} | {p99} {unit} |")
        name = None
print("| benchmark | median (p50) | p99 |")
print("| --- | ---: | ---: |")
print("\n".join(rows))
print()
print(re.sub(r"^(#+) ", lambda m: "#" + m[1] + " ", text, flags=re.M))
