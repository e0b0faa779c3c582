#!/bin/sh
# postgres_test.sh — `make test-postgres`: the PostgreSQL extension against
# a real, throwaway server (scripts/pg_server.sh: PostgreSQL 15 installed
# when missing, ext/postgres built and installed, a cluster under /tmp):
# pg_regress (ext/postgres/sql, expected/), then tests/postgres.test (the
# same numbers, states and error texts as the SQLite extension).
set -eu
. scripts/pg_server.sh
pg_install
pg_start
status=0
echo "== pg_regress (ext/postgres/sql, expected/)"
if ! make -s -C ext/postgres installcheck PGHOST="$pg_dir" PGPORT="$pg_port" PGUSER=postgres; then
  status=1
  head -60 ext/postgres/regression.diffs 2>/dev/null || true
fi
echo "== tests/postgres.test"
CE_PGHOST=$pg_dir CE_PGPORT=$pg_port CE_EXT=dist/crossentropy tclsh tests/postgres.test || status=1
exit $status
