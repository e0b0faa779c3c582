#!/bin/sh
# sharded_test.sh — `make test-sharded`: the extension over a sharded
# PostgreSQL (docs/postgres.md, "Sharded"). Three throwaway PostgreSQL 15
# clusters, each on its own Unix socket (scripts/pg_server.sh), the
# extension installed in the one PostgreSQL they share: a coordinator whose
# partitioned table's partitions are postgres_fdw foreign tables on two
# shards; then tests/sharded.test against them.
set -eu
. scripts/pg_server.sh
pg_install
pg_start_sharded
CE_EXT=dist/crossentropy tclsh tests/sharded.test
