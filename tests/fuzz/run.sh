#!/bin/sh
# run.sh — `make fuzz`: runs each libFuzzer harness for SECONDS (default
# 60) from its committed seeds (tests/fuzz/seeds/NAME) plus what earlier
# runs found (build/fuzz/corpus-NAME), and prints executions and coverage.
# A crash, sanitizer report or failed check stops it with the reproducer's
# path; that input then belongs in a regression test.
set -eu
seconds=${1:-60}
status=0
for name in vector sql; do
  corpus=build/fuzz/corpus-$name
  log=build/fuzz/$name.log
  mkdir -p "$corpus"
  echo "== fuzz_$name, ${seconds} s"
  if ./build/fuzz/fuzz_$name -max_total_time="$seconds" -print_final_stats=1 \
       -artifact_prefix=build/fuzz/$name- "$corpus" tests/fuzz/seeds/$name \
       >"$log" 2>&1; then
    grep 'DONE' "$log" | tail -1 | tr -s '\t ' ' ' | sed 's/^/   /'
    grep -E 'stat::number_of_executed_units|stat::new_units_added' "$log" | sed 's/^/   /'
  else
    status=1
    grep -E 'ERROR|SUMMARY|REQUIRE|unexpected error|runtime error' "$log" | head -5 | sed 's/^/   /'
    echo "   reproducer: $(ls build/fuzz/$name-* 2>/dev/null | head -1); full log: $log"
  fi
done
exit $status
