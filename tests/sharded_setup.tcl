# sharded_setup.tcl — the sharded store of tests/sharded.test and
# bench/sharded.tcl, on the three servers named in $CE_SHARD_PORTS
# (coordinator, shard a, shard b; 127.0.0.1; scripts/pg_server.sh's
# pg_start_sharded):
#   - on each shard, database cetest with the extension and its share of
#     preds: days 2026-11-01..15 on a, 16..30 on b;
#   - on the coordinator, database cetest with the extension, postgres_fdw,
#     a server per shard (OPTIONS (extensions 'crossentropy'): our functions
#     may be shipped) and preds partitioned by range of day, each partition
#     a foreign table on its shard; and database single, all the rows in
#     one plain table preds, for comparison.
# The rows come from integer arithmetic over a series i, one division for
# the probability: the same doubles on every server (and in SQLite, which
# sharded.test fills the same way).
# After sharded_load N: pg PORT SQL [DB], coord SQL (partitionwise
# aggregation on), single SQL, and $coord_port $a_port $b_port.
lassign $::env(CE_SHARD_PORTS) coord_port a_port b_port
set ::env(PGOPTIONS) "-c client_min_messages=warning"
proc pg {port sql {db cetest}} {
  exec psql -X -q -A -t -h 127.0.0.1 -p $port -U postgres -d $db -v ON_ERROR_STOP=1 -c $sql
}
proc coord {sql} { pg $::coord_port "SET enable_partitionwise_aggregate = on; $sql" }
proc single {sql} { pg $::coord_port $sql single }

proc sharded_load {n} {
  set columns {(i / 1000)::int AS run_id, i::int AS obs_id, DATE '2026-11-01' + (i % 30)::int AS day,
               'm' || ((i / 7) % 3) AS model, ((i * 7) % 11 < 4)::int::float8 AS label,
               ((i * 7919) % 1000 + 1)::float8 / 1001 AS prob}
  set schema "(run_id int, obs_id int, day date, model text, label float8, prob float8)"
  foreach {port where} [list $::a_port "i % 30 < 15" $::b_port "i % 30 >= 15"] {
    pg $port "DROP DATABASE IF EXISTS cetest" postgres
    pg $port "CREATE DATABASE cetest" postgres
    pg $port "CREATE EXTENSION crossentropy; CREATE TABLE preds $schema;
              INSERT INTO preds SELECT $columns FROM generate_series(1::bigint, $n) AS i WHERE $where;
              ANALYZE preds"
  }
  foreach db {cetest single} {
    pg $::coord_port "DROP DATABASE IF EXISTS $db" postgres
    pg $::coord_port "CREATE DATABASE $db" postgres
  }
  single "CREATE EXTENSION crossentropy; CREATE TABLE preds $schema;
          INSERT INTO preds SELECT $columns FROM generate_series(1::bigint, $n) AS i; ANALYZE preds"
  set servers ""
  foreach {name port} [list a $::a_port b $::b_port] {
    append servers "CREATE SERVER shard_$name FOREIGN DATA WRAPPER postgres_fdw
        OPTIONS (host '127.0.0.1', port '$port', dbname 'cetest', extensions 'crossentropy',
                 async_capable 'true');
      CREATE USER MAPPING FOR postgres SERVER shard_$name OPTIONS (user 'postgres');"
  }
  pg $::coord_port "CREATE EXTENSION crossentropy; CREATE EXTENSION postgres_fdw; $servers
    CREATE TABLE preds $schema PARTITION BY RANGE (day);
    CREATE FOREIGN TABLE preds_a PARTITION OF preds FOR VALUES FROM ('2026-11-01') TO ('2026-11-16')
      SERVER shard_a OPTIONS (table_name 'preds');
    CREATE FOREIGN TABLE preds_b PARTITION OF preds FOR VALUES FROM ('2026-11-16') TO ('2026-12-01')
      SERVER shard_b OPTIONS (table_name 'preds');
    ANALYZE preds"
}

# The Foreign Scans of an EXPLAIN (ANALYZE, VERBOSE) plan: {remote-sql actual-rows ...}.
proc foreign_scans {plan} {
  set rows_list {}
  set sql_list {}
  foreach {- rows} [regexp -all -inline {Foreign Scan[^\n]*actual rows=(\d+)} $plan] { lappend rows_list $rows }
  foreach {- sql} [regexp -all -inline {Remote SQL: ([^\n]*)} $plan] { lappend sql_list $sql }
  set out {}
  foreach sql $sql_list rows $rows_list { lappend out $sql $rows }
  return $out
}
proc analyze {sql} { coord "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) $sql" }
