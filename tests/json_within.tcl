# json_within.tcl — comparing two binary_eval JSON texts field by field,
# each number within its tolerance; sourced by postgres.test and
# sharded.test after tester.tcl and open_db (it reads JSON with SQLite).
# The numeric leaves of a JSON text as {path text ...}, each number as the
# text it was written with (SQLite's -> returns it), nulls as "null".
proc json_leaves {j} {
  set out {}
  db eval {SELECT fullkey, $j -> fullkey AS text FROM json_tree($j)
           WHERE type NOT IN ('object', 'array')} {
    lappend out $fullkey $text
  }
  return $out
}
# Whether a and b are within tol: {ulp n}, {rel x} or {abs x}.
proc within {a b tol} {
  if {$a eq $b} { return 1 }
  if {![string is double -strict $a] || ![string is double -strict $b]} { return 0 }
  lassign $tol kind x
  switch $kind {
    ulp { return [expr {[ulp_distance $a $b] <= $x}] }
    rel { return [expr {abs($a - $b) <= $x * max(abs($a), abs($b))}] }
    abs { return [expr {abs($a - $b) <= $x}] }
  }
}
# Two JSON texts with the same fields, each number within its tolerance
# (tols: path -> tolerance; others within default): "ok" or what differs.
proc json_within {a b tols default} {
  set la [json_leaves $a]
  set lb [json_leaves $b]
  if {[dict keys $la] ne [dict keys $lb]} { return "fields: $a | $b" }
  foreach {path x} $la {
    set y [dict get $lb $path]
    set tol [expr {[dict exists $tols $path] ? [dict get $tols $path] : $default}]
    if {![within $x $y $tol]} { return "$path: $x vs $y ($tol)" }
  }
  return ok
}
# binary_eval's log loss within 2 ulp; the other fields take a default.
set eval_tols {{$.log_loss} {ulp 2}}
