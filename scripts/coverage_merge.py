"""coverage_merge.py — the union of gcov's JSON reports (gcov --json-format)
from several instrumented builds of the same sources: a line is covered
when any build ran it, a branch when any build took it. Prints one line per
file under ext/ and the totals. Standard library only.

    python3 scripts/coverage_merge.py DIR...    (each DIR holds *.gcov.json.gz)
"""
import glob
import gzip
import json
import os
import sys

lines = {}      # (file, line) -> covered
branches = {}   # (file, line, index) -> taken

for directory in sys.argv[1:]:
    for path in glob.glob(os.path.join(directory, "*.gcov.json.gz")):
        with gzip.open(path) as f:
            report = json.load(f)
        for entry in report["files"]:
            name = entry["file"]
            if not name.startswith("ext/"):
                continue
            # an inline function's lines appear once per function using it
            seen = {}
            for line in entry["lines"]:
                number = line["line_number"]
                key = (name, number)
                lines[key] = lines.get(key, False) or line["count"] > 0
                for i, branch in enumerate(line["branches"]):
                    index = seen.get(number, 0)
                    seen[number] = index + 1
                    bkey = (name, number, index)
                    branches[bkey] = branches.get(bkey, False) or branch["count"] > 0

files = sorted({f for f, _ in lines})
print("%-26s %18s %18s" % ("file", "lines", "branches taken"))
tl = tc = tb = tt = 0
for name in files:
    nl = sum(1 for (f, _) in lines if f == name)
    nc = sum(1 for (f, _), c in lines.items() if f == name and c)
    nb = sum(1 for (f, _, _) in branches if f == name)
    nt = sum(1 for (f, _, _), t in branches.items() if f == name and t)
    tl, tc, tb, tt = tl + nl, tc + nc, tb + nb, tt + nt
    print("%-26s %5d/%-5d %5.1f%% %5d/%-5d %5.1f%%" % (
        name, nc, nl, 100.0 * nc / nl, nt, nb, 100.0 * nt / nb if nb else 100.0))
print("%-26s %5d/%-5d %5.1f%% %5d/%-5d %5.1f%%" % (
    "ext/ total", tc, tl, 100.0 * tc / tl, tt, tb, 100.0 * tt / tb))
uncovered = sorted((f, n) for (f, n), c in lines.items() if not c)
if uncovered and os.environ.get("CE_COVERAGE_LIST"):
    print("lines not run:", " ".join("%s:%d" % u for u in uncovered))
