#!/bin/sh
# coverage.sh — `make coverage`: line and branch coverage of ext/ by the
# tests, measured with gcc's --coverage and gcov.
#
# Two instrumented builds: the loadable library (build/cov/loadable), which
# the whole Tcl suite loads, and the compiled-in form (-DSQLITE_CORE,
# build/cov/core) that the C probes link: static_probe, oom_probe (every
# allocation failing in turn) and thread_probe, and the core's unit tests
# (kernels_test, partial_state_test, messages_test, eval_test, format_test). A line or branch counts as
# covered when either build ran it (scripts/coverage_merge.py). Prints one
# line per file and the totals; CE_COVERAGE_LIST=1 lists the lines not run.
set -eu
out=build/cov
rm -rf "$out"
mkdir -p "$out/loadable" "$out/core" dist/cov
sources=$(ls ext/core/*.c ext/sqlite/*.c)   # the Makefile's SOURCES: every one
flags="-O0 -g --coverage -std=c99 -Iext/core -Iext/sqlite"
for f in $sources; do
  gcc $flags -fPIC -DCE_BUILD_FLAGS='"-O0 --coverage"' -c "$f" -o "$out/loadable/$(basename "$f" .c).o"
  gcc $flags -DSQLITE_CORE -c "$f" -o "$out/core/$(basename "$f" .c).o"
done
gcc --coverage -shared -o dist/cov/crossentropy.so "$out"/loadable/*.o -lm
# the core's own unit tests link the same objects (their SQLite calls unused)
for probe in static_probe oom_probe thread_probe kernels_test \
             partial_state_test messages_test eval_test format_test; do
  gcc $flags -D_POSIX_C_SOURCE=200809L -DSQLITE_CORE -o "$out/$probe" \
      "tests/c/$probe.c" "$out"/core/*.o -lsqlite3 -lpthread -lm
done
echo "coverage: the Tcl suite on the instrumented library..."
CE_EXT=dist/cov/crossentropy tclsh tests/run.tcl > "$out/suite.log" 2>&1 || true
tail -1 "$out/suite.log"
echo "coverage: the C probes on the compiled-in build..."
"$out/static_probe" | tail -1
"$out/oom_probe" | tail -1
"$out/thread_probe" "$out/thread.db" | tail -1
echo "coverage: the core's unit tests on the compiled-in build..."
for probe in kernels_test partial_state_test messages_test eval_test format_test; do
  "$out/$probe" | tail -1
done
# gcov's JSON per build, then the union of executed lines and branches
for build in loadable core; do
  (cd "$out/$build" && for f in $sources; do
     gcov --json-format -b -o . "../../../$f" >/dev/null 2>&1; done)
done
python3 scripts/coverage_merge.py "$out/loadable" "$out/core"
