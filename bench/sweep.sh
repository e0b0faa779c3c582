#!/bin/sh
# sweep.sh — `make bench-sweep`: the benchmark at growing N, the memory check,
# the Python baseline and the plot, in one run (several minutes; N = 10^7
# needs about 2 GB of RAM). Nothing is asserted; see docs/performance.md.
#
#   SWEEP_N="10000 100000" sh bench/sweep.sh      # fewer sizes
#
# Writes build/sweep/sweep.tsv (replaced each run), build/sweep/bench.db (the
# 1M-row database of the Python comparison) and docs/performance.png.
# Expects dist/crossentropy and build/bench (make all build/bench).
set -eu
cd "$(dirname "$0")/.."

BENCH=./build/bench
EXT=dist/crossentropy
OUT=build/sweep
TSV=$OUT/sweep.tsv
DB=$OUT/bench.db
PNG=docs/performance.png
SWEEP_N=${SWEEP_N:-"10000 100000 1000000 10000000"}

[ -x "$BENCH" ] || { echo "sweep: $BENCH is missing; run make all build/bench" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$TSV"

for n in $SWEEP_N; do
  echo "== N = $n"
  "$BENCH" "$EXT" "$n" --tsv "$TSV"
  echo
done

echo "== Peak RSS of one mean_cross_entropy (new process each)"
small=$("$BENCH" "$EXT" --rss 10000)
big=$("$BENCH" "$EXT" --rss 10000000)
echo "  10000 rows:    $small KiB"
echo "  10000000 rows: $big KiB"
echo "  difference:    $((big - small)) KiB"
echo

echo "== Python: fetch into numpy + scikit-learn log_loss vs one query (1M rows)"
"$BENCH" "$EXT" 1000000 --save "$DB"
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 bench/python_baseline.py "$DB" "$EXT"
else
  echo "sweep: /usr/bin/python3 not found; Python baseline skipped"
fi
echo

if command -v gnuplot >/dev/null 2>&1; then
  gnuplot -e "tsv='$TSV'; out='$PNG'" bench/plot.gp
  echo "== Plot: $PNG (from $TSV)"
else
  echo "sweep: gnuplot not found (apt-get install gnuplot-nox); $PNG not written"
fi
