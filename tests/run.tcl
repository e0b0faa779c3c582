# run.tcl — runs every test suite (tests/*.test under tclsh, and the C unit
# tests built into build/), each in its own process so a crash is counted,
# and prints the total as its last line: "N passed, N failed".
# Exits non-zero when anything failed.

set testdir [file dirname [file normalize [info script]]]
set topdir  [file dirname $testdir]

# $CE_RUNNER (e.g. valgrind and its options) runs each Tcl suite's tclsh.
set runner {}
if {[info exists env(CE_RUNNER)]} { set runner $env(CE_RUNNER) }
# $CE_SKIP_SUITES: suites (file names) this run leaves out, with a note.
set skip {}
if {[info exists env(CE_SKIP_SUITES)]} { set skip $env(CE_SKIP_SUITES) }
set suites {}                                       ;# {label command} pairs
foreach f [lsort [glob -directory $testdir *.test]] {
  if {[file tail $f] in $skip} {
    puts "note: [file tail $f] left out of this run (CE_SKIP_SUITES)"
    continue
  }
  lappend suites [file tail $f] [list {*}$runner [info nameofexecutable] $f]
}
foreach c {kernels_test number_test partial_state_test messages_test eval_test format_test
           static_probe oom_probe} {
  lappend suites $c [list [file join $topdir build $c]]
}
lappend suites thread_probe [list [file join $topdir build thread_probe] \
                                  [file join $topdir build thread_probe.db]]

set total_pass 0
set total_fail 0
foreach {label suite} $suites {
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
  if {$p == 0 && $f == 0} {
    # (its note above says why: a server or a tool it needs is not here)
    puts [format "%-28s skipped, ran no test" $label]
  } else {
    puts [format "%-28s %5d passed, %d failed" $label $p $f]
  }
  incr total_pass $p
  incr total_fail $f
}
puts "$total_pass passed, $total_fail failed"
exit [expr {$total_fail > 0}]
