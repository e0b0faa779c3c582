#!/bin/sh
# postgres_spill.sh — `make bench-postgres-spill`: whether a GROUP BY over ROWS long-format rows (default
# 10M: 1M observations of 10 classes) fits its HashAggregate in work_mem
# (WM, default 256MB): categorical_ce with its declared state size
# (SSPACE = 64), the same aggregate declared without one, PostgreSQL's pure
# SQL, and sum(p); EXPLAIN (ANALYZE) batches, memory, disk, time (serial).
# A throwaway server (scripts/pg_server.sh); asserts nothing.
set -eu
. scripts/pg_server.sh
pg_install
pg_start
q() { psql -X -q -A -t -h "$pg_dir" -p "$pg_port" -U postgres -d postgres -c "$1"; }
q "CREATE EXTENSION crossentropy"
q "CREATE TABLE long AS SELECT (i / 10) AS obs, (i % 10) AS class, ((i % 10) = (i / 10) % 10)::int::float8 AS y, ((i * 7919) % 1000 + 1)::float8 / 1001 AS p FROM generate_series(0::bigint, ${ROWS:-10000000} - 1) AS i"; q "VACUUM ANALYZE long"
q "CREATE AGGREGATE categorical_ce_nospace(float8, float8) (SFUNC = ce_categorical_step, STYPE = internal, FINALFUNC = ce_categorical_final)"
for agg in "categorical_ce(y, p)" "categorical_ce_nospace(y, p)" "-sum(y * ln(p))" "sum(p)"; do
  echo "== $agg"
  q "SET max_parallel_workers_per_gather = 0; SET work_mem = '${WM:-256MB}'; EXPLAIN (ANALYZE, TIMING OFF) SELECT obs, $agg FROM long GROUP BY obs" | grep -E "HashAggregate|Batches|Execution|Planned Partitions|Sort|GroupAggregate" 
done
