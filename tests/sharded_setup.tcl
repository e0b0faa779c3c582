# sharded_setup.tcl — the sharded store of tests/sharded.test and
# bench/sharded.tcl, on the three servers named in $CE_SHARDS (coordinator,
# shard a, shard b, each DIR:PORT of its Unix socket; scripts/pg_server.sh's
# pg_start_sharded):
#   - on each shard, database cetest with the extension and its share of
#     preds: days 2026-11-01..15 on a, 16..30 on b;
#   - on the coordinator, database cetest with the extension, postgres_fdw,
#     a server per shard (OPTIONS (extensions 'crossentropy'): our functions
#     may be shipped; async_capable: the shards work at once), preds
#     partitioned by range of day, each partition a foreign table on its
#     shard, and enable_partitionwise_aggregate on for every session; and
#     database single, all the rows in one plain table preds, for comparison.
# The rows come from integer arithmetic over a series i, one division for
# the probability: the same doubles on every server (and in SQLite, which
# sharded.test fills the same way).
# After sharded_load N: pg SERVER SQL [DB] (SERVER coordinator, shard_a or
# shard_b), coord SQL, single SQL, and the queries both files run.
foreach name {coordinator shard_a shard_b} where $::env(CE_SHARDS) {
  set i [string last : $where]
  set ::server($name) [list [string range $where 0 [expr {$i - 1}]] [string range $where [expr {$i + 1}] end]]
}
set ::env(PGOPTIONS) "-c client_min_messages=warning"
proc pg {name sql {db cetest}} {
  lassign $::server($name) host port
  exec psql -X -q -A -t -h $host -p $port -U postgres -d $db -v ON_ERROR_STOP=1 -c $sql
}
proc coord {sql} { pg coordinator $sql }
proc single {sql} { pg coordinator $sql single }

# The queries a team writes, checked by sharded.test and timed by
# bench/sharded.tcl.
set per_day_sql {SELECT day, mean_cross_entropy(label, prob) FROM preds GROUP BY day ORDER BY day}
set all_time_sql {SELECT mean_cross_entropy_value(mean_cross_entropy_merge(s))
  FROM (SELECT day, mean_cross_entropy_state(label, prob) AS s FROM preds GROUP BY day) AS d}
set rolling_sql {SELECT day, binary_eval(binary_eval_merge(s) OVER w)
  FROM (SELECT day, binary_eval_state(label, prob) AS s FROM preds GROUP BY day) AS d
  WINDOW w AS (ORDER BY day RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW) ORDER BY day}
set naive_sql {SELECT mean_cross_entropy(label, prob) FROM preds}

proc sharded_load {n} {
  set columns {(i / 1000)::int AS run_id, i::int AS obs_id, DATE '2026-11-01' + (i % 30)::int AS day,
               'm' || ((i / 7) % 3) AS model, ((i * 7) % 11 < 4)::int::float8 AS label,
               ((i * 7919) % 1000 + 1)::float8 / 1001 AS prob}
  set schema "(run_id int, obs_id int, day date, model text, label float8, prob float8)"
  foreach {name where} {shard_a "i % 30 < 15" shard_b "i % 30 >= 15"} {
    pg $name "DROP DATABASE IF EXISTS cetest" postgres
    pg $name "CREATE DATABASE cetest" postgres
    pg $name "CREATE EXTENSION crossentropy; CREATE TABLE preds $schema;
              INSERT INTO preds SELECT $columns FROM generate_series(1::bigint, $n) AS i WHERE $where;
              ANALYZE preds"
  }
  foreach db {cetest single} {
    pg coordinator "DROP DATABASE IF EXISTS $db" postgres
    pg coordinator "CREATE DATABASE $db" postgres
  }
  pg coordinator "ALTER DATABASE cetest SET enable_partitionwise_aggregate = on" postgres
  single "CREATE EXTENSION crossentropy; CREATE TABLE preds $schema;
          INSERT INTO preds SELECT $columns FROM generate_series(1::bigint, $n) AS i; ANALYZE preds"
  set servers ""
  foreach name {shard_a shard_b} {
    lassign $::server($name) host port
    append servers "CREATE SERVER $name FOREIGN DATA WRAPPER postgres_fdw
        OPTIONS (host '$host', port '$port', dbname 'cetest', extensions 'crossentropy',
                 async_capable 'true');
      CREATE USER MAPPING FOR postgres SERVER $name OPTIONS (user 'postgres');"
  }
  pg coordinator "CREATE EXTENSION crossentropy; CREATE EXTENSION postgres_fdw; $servers
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
