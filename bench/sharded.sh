#!/bin/sh
# sharded.sh — `make bench-sharded`: bench/sharded.tcl's figures on a
# coordinator and two shards (scripts/pg_server.sh's pg_start_sharded);
# SHARD_N rows (default 1000000 10000000), REPS runs.
set -eu
. scripts/pg_server.sh
pg_install
pg_start_sharded
CE_EXT=dist/crossentropy tclsh bench/sharded.tcl
