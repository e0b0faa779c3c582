# run.tcl — runs every test suite (tests/*.test under tclsh, and the C unit
# tests built into build/), each in its own process so a crash is counted,
# and prints the total as its last line: "N passed, N failed".
# Exits non-zero when anything failed.

set testdir [file dirname [file normalize [info script]]]
set topdir  [file dirname $testdir]

set suites {}
foreach f [lsort [glob -directory $testdir *.test]] {
  lappend suites [list [info nameofexecutable] $f]
}
lappend suites [list [file join $topdir build kernels_test]]
lappend suites [list [file join $topdir build static_probe]]

set total_pass 0
set total_fail 0
foreach suite $suites {
  set label [file tail [lindex $suite end]]
  set status [catch {exec {*}$suite 2>@1} output]
  set summary ""
  foreach line [split $output "\n"] {
    if {[regexp {^(\d+) passed, (\d+) failed$} $line -> p f]} {
      set summary [list $p $f]
    } elseif {$line ne ""} {
      puts "  $label: $line"
    }
  }
  if {$summary eq ""} {
    # No summary line: the suite crashed or could not start.
    puts "  $label: ended without a summary (exit status $status)"
    set summary {0 1}
  }
  lassign $summary p f
  if {$status != 0 && $f == 0} {
    puts "  $label: exited non-zero"
    incr f
  }
  puts [format "%-28s %5d passed, %d failed" $label $p $f]
  incr total_pass $p
  incr total_fail $f
}
puts "$total_pass passed, $total_fail failed"
exit [expr {$total_fail > 0}]
