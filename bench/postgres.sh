#!/bin/sh
# postgres.sh — `make bench-postgres`: the PostgreSQL extension's aggregate
# against PostgreSQL's own, on a throwaway server (scripts/pg_server.sh):
# serial, and parallel with 1 and 2 workers, against sum(p) and the
# pure-SQL expression. Server-side execution time (EXPLAIN ANALYZE with
# TIMING OFF), median of REPS rounds, the queries interleaved, each ratio
# the median of its per-round ratios to serial sum(p). Asserts nothing.
set -eu
N=${PG_N:-2000000}
REPS=${REPS:-5}
. scripts/pg_server.sh
pg_install
pg_start
psql_() { psql -X -q -A -t -h "$pg_dir" -p "$pg_port" -U postgres -d postgres "$@"; }
psql_ -c "CREATE EXTENSION crossentropy" \
      -c "CREATE TABLE bin AS SELECT i, (i % 2)::float8 AS y,
            ((i * 7919) % 1000 + 1)::float8 / 1001 AS p FROM generate_series(1::bigint, $N) AS i" \
      -c "VACUUM ANALYZE bin"
settings="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
queries="sum(p)|0
sum(p)|1
sum(p)|2
mean_cross_entropy(y, p)|0
mean_cross_entropy(y, p)|1
mean_cross_entropy(y, p)|2
avg(-(y*ln(p)+(1-y)*ln(1-p)))|0
avg(-(y*ln(p)+(1-y)*ln(1-p)))|1
avg(-(y*ln(p)+(1-y)*ln(1-p)))|2"
out=$pg_dir/bench.tsv
: > "$out"
round=0
while [ $round -le "$REPS" ]; do                   # round 0 warms up
  echo "$queries" | while IFS='|' read -r expr workers; do
    ms=$(psql_ -c "$settings SET max_parallel_workers_per_gather = $workers;" \
               -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT $expr FROM bin" |
         tr -d ' \n' | sed 's/.*"ExecutionTime":\([0-9.]*\).*/\1/')
    if [ $round -gt 0 ]; then printf '%s\t%s\t%s\t%s\n' "$round" "$expr" "$workers" "$ms" >> "$out"; fi
  done
  round=$((round + 1))
done
echo "PostgreSQL $(psql_ -c 'SHOW server_version'), $N rows, median of $REPS rounds (server-side execution time)"
awk -F '\t' -v n="$N" '
  { t[$2 "|" $3, $1] = $4; if (!($2 "|" $3 in seen)) { seen[$2 "|" $3] = 1; order[++k] = $2 "|" $3 }
    if ($1 > r) r = $1 }
  function median(a, m,   i, j, x) { for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
      if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
    return a[int((m + 1) / 2)] }
  END {
    base = "sum(p)|0"
    for (q = 1; q <= k; q++) {
      split(order[q], p, "|")
      for (i = 1; i <= r; i++) { ns[i] = t[order[q], i] * 1e6 / n; ratio[i] = t[order[q], i] / t[base, i] }
      printf "  %-34s %d workers %8.1f ns/row %7.2fx\n", p[1], p[2], median(ns, r), median(ratio, r)
    }
  }' "$out"
