# tester.tcl — a small test harness for plain tclsh, in the style of SQLite's
# own tester.tcl: do_test, do_execsql_test, do_catchsql_test, finish_test.
# It adds float comparisons with a stated tolerance (do_ulp_test,
# do_abs_test, do_rel_test) and readers for the reference data in tests/data/.
#
# Each *.test file sources this, runs its cases and ends with finish_test,
# which prints "N passed, N failed" and exits non-zero on any failure.
# The extension to load is named by $CE_EXT (default dist/crossentropy).

package require sqlite3

set ::testdir [file dirname [file normalize [info script]]]
set ::topdir  [file dirname $::testdir]
if {[info exists ::env(CE_EXT)]} {
  set ::ce_ext [file normalize $::env(CE_EXT)]
} else {
  set ::ce_ext [file join $::topdir dist crossentropy]
}
set ::n_pass 0
set ::n_fail 0

# Opens database handle $name on $file with the extension loaded.
proc open_db {{name db} {file :memory:}} {
  sqlite3 $name $file
  $name enable_load_extension 1
  set path $::ce_ext
  $name eval {SELECT load_extension($path)}
  return $name
}

proc pass {name} { incr ::n_pass }
proc fail {name msg} {
  incr ::n_fail
  puts "FAILED $name: $msg"
}

# The test passes when $result (or an error, when $failed) is $expected.
proc check_result {name failed result expected} {
  if {$failed} {
    fail $name "error: $result"
  } elseif {$result ne $expected} {
    fail $name "expected {$expected}\n       got      {$result}"
  } else {
    pass $name
  }
}

# Runs $script in the caller's scope; passes when its result is $expected.
proc do_test {name script expected} {
  set failed [catch {uplevel 1 $script} result]
  check_result $name $failed $result $expected
}

# The rows of $sql, as a flat Tcl list, must equal the list $expected.
# $variables in $sql are the caller's.
proc do_execsql_test {name sql expected} {
  set failed [catch {uplevel 1 [list db eval $sql]} result]
  check_result $name $failed $result [list {*}$expected]
}

# {0 rows} when $sql succeeds, {1 message} when it fails.
proc catchsql {sql} {
  set rc [catch {uplevel 1 [list db eval $sql]} result]
  return [list $rc $result]
}
proc do_catchsql_test {name sql expected} {
  set failed [catch {uplevel 1 [list catchsql $sql]} result]
  check_result $name $failed $result [list {*}$expected]
}

# Distance between two doubles in units in the last place: the number of
# representable doubles between them. Equal infinities are 0 apart.
proc ulp_key {x} {
  binary scan [binary format d $x] w bits
  if {$bits < 0} { set bits [expr {-0x8000000000000000 - $bits}] }
  return $bits
}
proc ulp_distance {a b} {
  if {$a == $b} { return 0 }
  if {![string is double -strict $a] || ![string is double -strict $b]} {
    return inf
  }
  return [expr {abs([ulp_key $a] - [ulp_key $b])}]
}

proc check_number {name value} {
  if {![string is double -strict $value]} {
    fail $name "expected a number, got {$value}"
    return 0
  }
  return 1
}

# $got must be within $maxulp ulps of $expected (both may be Inf).
proc check_ulp {name got expected maxulp} {
  if {![check_number $name $got]} return
  set d [ulp_distance $got $expected]
  if {$d eq "inf" || $d > $maxulp} {
    fail $name "expected $expected within $maxulp ulp, got $got ($d ulp)"
  } else {
    pass $name
  }
}

# |got - expected| <= tol
proc check_abs {name got expected tol} {
  if {![check_number $name $got]} return
  if {$got == $expected || abs($got - $expected) <= $tol} {
    pass $name
  } else {
    fail $name "expected $expected within $tol absolute, got $got"
  }
}

# |got - expected| <= tol * |expected|
proc check_rel {name got expected tol} {
  if {![check_number $name $got]} return
  if {$got == $expected || abs($got - $expected) <= $tol * abs($expected)} {
    pass $name
  } else {
    set r [expr {abs($got - $expected) / abs($expected)}]
    fail $name "expected $expected within $tol relative, got $got (rel. error $r)"
  }
}

# Parity with scikit-learn: 1e-15 absolute, or 1 ulp of the reference where
# that is coarser (values >= 8). Two correctly working logs may round one
# ulp apart; scikit-learn computes log(1-p) where we use log1p(-p).
proc check_sklearn {name got expected} {
  if {![check_number $name $got]} return
  if {[ulp_distance $got $expected] <= 1} {
    pass $name
  } else {
    check_abs $name $got $expected 1e-15
  }
}

proc do_ulp_test {name sql expected maxulp} {
  check_ulp $name [db onecolumn $sql] $expected $maxulp
}
proc do_rel_test {name sql expected tol} {
  check_rel $name [db onecolumn $sql] $expected $tol
}

# Reads tests/data/$file (TSV with a header line) as a list of dicts.
# Numbers stay strings here; callers turn them into doubles where binding.
proc read_tsv {file} {
  set fd [open [file join $::testdir data $file]]
  set lines [split [string trimright [read $fd] "\n"] "\n"]
  close $fd
  set header [split [lindex $lines 0] "\t"]
  set rows {}
  foreach line [lrange $lines 1 end] {
    set row {}
    foreach k $header v [split $line "\t"] { dict set row $k $v }
    lappend rows $row
  }
  return $rows
}

# A TSV number as a Tcl double, so that it binds to SQL as a REAL with
# exactly the value written (Tcl's parser rounds correctly; inf and -inf
# become the infinities).
proc num {text} {
  return [expr {double($text)}]
}

proc finish_test {} {
  catch {db close}
  puts "$::n_pass passed, $::n_fail failed"
  exit [expr {$::n_fail > 0}]
}

# Slow cases (millions of rows) are skipped when CE_SKIP_SLOW is set, as the
# sanitizer run does; they are never skipped in the plain run.
proc slow_tests_skipped {} {
  return [expr {[info exists ::env(CE_SKIP_SLOW)] && $::env(CE_SKIP_SLOW) ne ""}]
}
