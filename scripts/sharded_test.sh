#!/bin/sh
# sharded_test.sh — `make test-sharded`: the extension over a sharded
# PostgreSQL (docs/postgres.md, "Sharded"). Three throwaway PostgreSQL 15
# clusters on 127.0.0.1 (scripts/pg_server.sh), the extension installed in
# the one PostgreSQL they share: a coordinator (port 54351) whose
# partitioned table's partitions are postgres_fdw foreign tables on two
# shards (54352, 54353); then tests/sharded.test against them. The ports
# can be moved with CE_SHARD_BASE_PORT (the coordinator's; the shards
# follow it).
set -eu
. scripts/pg_server.sh
base=${CE_SHARD_BASE_PORT:-54351}
pg_install
pg_start_sharded "$base"
CE_EXT=dist/crossentropy tclsh tests/sharded.test
