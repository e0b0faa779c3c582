# sharded.tcl — the figures of docs/postgres.md's "Sharded", at each row
# count of $SHARD_N (default 1000000 10000000), on the servers bench/sharded.sh
# starts: for each query, the rows each shard scans, the rows and bytes its
# Foreign Scan returns to the coordinator, and the coordinator's execution
# time against one server holding the same rows (the median of REPS runs,
# EXPLAIN ANALYZE with TIMING OFF, server side). The bytes are computed,
# not captured: the DataRow messages of the Remote SQL's result in
# PostgreSQL's protocol, text format as postgres_fdw fetches it (7 bytes a
# row and 4 a column, plus each column's text), run again on its shard;
# the cursor's FETCH commands and their replies add about 100 bytes per
# fetch of 100 rows. Asserts nothing.
source [file join [file dirname [info script]] .. tests sharded_setup.tcl]
set sizes [expr {[info exists ::env(SHARD_N)] ? $::env(SHARD_N) : "1000000 10000000"}]
set reps [expr {[info exists ::env(REPS)] ? $::env(REPS) : 5}]

# {label query}: sharded_setup.tcl's queries, each run on the coordinator
# over the sharded preds and on one server over the same rows in one table.
set queries [list {loss per day} $per_day_sql {all-time loss from states per day} $all_time_sql \
                  {7-day binary_eval from states per day} $rolling_sql \
                  {all-time loss, no states: every row shipped} $naive_sql]

proc median {xs} {
  set s [lsort -real $xs]
  return [lindex $s [expr {[llength $s] / 2}]]
}
proc execution_ms {run sql} {
  regexp {Execution Time: ([0-9.]+) ms} [$run "EXPLAIN (ANALYZE, TIMING OFF) $sql"] -> ms
  return $ms
}
# The protocol bytes of a remote query's result, computed on its shard.
proc shipped_bytes {server remote_sql} {
  pg $server "SELECT sum(7 + (SELECT sum(4 + octet_length(value)) FROM json_each_text(row_to_json(r))))
            FROM ($remote_sql) AS r"
}

puts "| rows | query | rows scanned per shard | rows returned per shard | bytes returned per shard | sharded ms | one server ms | ratio |"
puts "|---:|---|---:|---:|---:|---:|---:|---:|"
foreach n $sizes {
  sharded_load $n
  set scanned [list [pg shard_a "SELECT count(*) FROM preds"] [pg shard_b "SELECT count(*) FROM preds"]]
  foreach {label sql} $queries {
    set scans [foreign_scans [analyze $sql]]
    set returned {}
    set bytes {}
    foreach {remote rows} $scans shard {shard_a shard_b} {
      lappend returned $rows
      lappend bytes [shipped_bytes $shard $remote]
    }
    set times_s {}
    set times_1 {}
    for {set r 0} {$r < $reps} {incr r} {
      lappend times_s [execution_ms coord $sql]
      lappend times_1 [execution_ms single $sql]
    }
    set ms_s [median $times_s]
    set ms_1 [median $times_1]
    puts [format "| %d | %s | %s | %s | %s | %.1f | %.1f | %.2f |" $n $label \
            [join $scanned " / "] [join $returned " / "] [join $bytes " / "] \
            $ms_s $ms_1 [expr {$ms_s / $ms_1}]]
  }
}
