#!/bin/sh
# profile.sh — `make bench-profile`: where each row's time goes, as
# instruction counts (valgrind's callgrind), which unlike timings do not
# vary between runs on a shared machine.
#
# Each query runs in the sqlite3 shell on an in-memory copy of the
# benchmark's data (bench --save, PROFILE_N rows, default 100000), with
# counting switched on only inside sqlite3_step(), so loading the extension
# and the data are not counted. Prints instructions per row, split by where
# they execute: SQLite itself (VM, B-tree, the value API), the extension,
# libm (the logarithms), the rest (libc). Not a test; asserts nothing.
set -eu

N=${PROFILE_N:-100000}
OUT=build/profile
EXT=${EXT:-dist/crossentropy}
command -v valgrind >/dev/null || { echo "profile: needs valgrind (apt-get install valgrind)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "profile: needs the sqlite3 shell (apt-get install sqlite3)"; exit 1; }
mkdir -p "$OUT"
./build/bench "$EXT" "$N" --save "$OUT/data.db" >/dev/null

# profile LABEL ROWS SQL: one line of the table
profile() {
  label=$1 rows=$2 sql=$3
  file="$OUT/callgrind.$(printf '%s' "$label" | tr -c 'A-Za-z0-9' _).out"
  valgrind --tool=callgrind --toggle-collect=sqlite3_step \
    --callgrind-out-file="$file" \
    sqlite3 :memory: -cmd ".load $EXT" -cmd ".restore $OUT/data.db" "$sql" \
    >/dev/null 2>"$file.log" || { cat "$file.log"; exit 1; }
  # self cost per function, summed by the object file it lives in
  callgrind_annotate --threshold=100 "$file" | awk -v label="$label" -v rows="$rows" '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1; next }
    /^ *[0-9][0-9,]* / && /\[/ {
      n = $1; gsub(",", "", n)
      if( $0 ~ /libsqlite3/ ) sqlite += n
      else if( $0 ~ /crossentropy/ ) ext += n
      else if( $0 ~ /libm[.-]/ ) libm += n
      else other += n
    }
    END {
      other += total - sqlite - ext - libm - other   # lines without an object
      printf "  %-46s %7.0f %7.0f %6.0f %5.0f %5.0f\n", label, total/rows,
             sqlite/rows, ext/rows, libm/rows, other/rows
    }'
}

echo "Instructions per row (callgrind, inside sqlite3_step; $N rows, SQLite $(sqlite3 -version | cut -d' ' -f1))"
printf '  %-46s %7s %7s %6s %5s %5s\n' query total SQLite ours libm other
profile "sum(p)"                         "$N" "SELECT sum(p) FROM bin"
profile "sum(ln(p))"                     "$N" "SELECT sum(ln(p)) FROM bin"
profile "mean_cross_entropy(y, p)"       "$N" "SELECT mean_cross_entropy(y, p) FROM bin"
profile "mean_cross_entropy(y, p, w)"    "$N" "SELECT mean_cross_entropy(y, p, w) FROM bin"
profile "mean_cross_entropy(y, p, 1.0)"  "$N" "SELECT mean_cross_entropy(y, p, 1.0) FROM bin"
profile "avg(bce(y, p))"                 "$N" "SELECT avg(bce(y, p)) FROM bin"
profile "pure SQL avg(-(y*ln(p)+(1-y)*ln(1-p)))" "$N" \
  "SELECT avg(-(y*ln(p)+(1-y)*ln(1-p))) FROM bin"
profile "brier_score(y, p)"              "$N" "SELECT brier_score(y, p) FROM bin"
profile "binary_eval(y, p)"              "$N" "SELECT binary_eval(y, p) FROM bin"
profile "mean_bce_logits(y, z)"          "$N" "SELECT mean_bce_logits(y, z) FROM bin"
profile "mean_bce_logits(y, z, w)"       "$N" "SELECT mean_bce_logits(y, z, w) FROM bin"
profile "GROUP BY obs: sum(p)"           "$N" "SELECT obs, sum(p) FROM cat GROUP BY obs"
profile "GROUP BY obs: categorical_ce"   "$N" "SELECT obs, categorical_ce(y, p) FROM cat GROUP BY obs"
W=$((N / 10))
echo "Instructions per observation, 10 classes ($W rows)"
profile "json_each route"                "$W" \
  "SELECT avg(l) FROM (SELECT (SELECT -ln(max(value, 2.220446049250313e-16)) FROM json_each(w.probs_json) WHERE key = w.label) AS l FROM wide10 AS w)"
profile "avg(length(f64)) (a scalar call)" "$W" "SELECT avg(length(f64)) FROM wide10"
profile "avg(cross_entropy(label, json))" "$W" "SELECT avg(cross_entropy(label, probs_json)) FROM wide10"
profile "avg(cross_entropy_f64(label, f64))" "$W" "SELECT avg(cross_entropy_f64(label, f64)) FROM wide10"

# The JSON reader alone, per element: bench/parse_rate.cc's --count mode
# runs one parser over ~200,000 elements of the parse-rate table's arrays,
# and only its function count_pass is counted.
echo "Instructions per element of a JSON array (callgrind; bench/parse_rate.cc --count)"
printf '  %-46s %7s %7s %7s\n' "arrays" ours fast_float json_valid
for style in long short; do
  for k in 10 100 1000; do
    line=""
    for parser in ours fast_float json_valid; do
      file="$OUT/callgrind.parse.$parser.$k.$style.out"
      n=$(valgrind --tool=callgrind --toggle-collect='*count_pass*' \
            --callgrind-out-file="$file" ./build/parse_rate --count $parser $k $style 2>"$file.log") ||
        { cat "$file.log"; exit 1; }
      total=$(callgrind_annotate "$file" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
      line="$line $(awk -v t="$total" -v n="$n" 'BEGIN { printf "%7.0f", t/n }')"
    done
    label="$k elements, $( [ $style = long ] && echo "json.dumps (17 digits)" || echo "short (0.1)")"
    printf '  %-46s%s\n' "$label" "$line"
  done
done
