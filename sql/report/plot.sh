#!/bin/sh
# plot.sh — `make report-plot DB=eval.db`: the held-out (split 'test') log
# loss per day and model, one panel per dataset, as a PNG drawn by gnuplot
# from loss_daily alone (run the nightly job first). Names may hold spaces
# and quotes.
#
#   sh sql/report/plot.sh DATABASE OUT.png [EXTENSION]
set -eu
db=$1 out=$2 ext=${3:-./dist/crossentropy}
command -v gnuplot >/dev/null || {
  echo "report-plot: needs gnuplot (apt-get install gnuplot-nox)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')
sqlite3 "$db" "SELECT DISTINCT dataset FROM loss_daily WHERE split = 'test'
               ORDER BY dataset" > "$tmp/datasets"
[ -s "$tmp/datasets" ] || { echo "report-plot: loss_daily has no 'test' rows in $db"; exit 1; }
# a tick every few days, so that long periods stay readable
step=$(sqlite3 "$db" "SELECT max(1, CAST((julianday(max(day)) - julianday(min(day))) / 10 AS INT))
                      FROM loss_daily")
n=0
while IFS= read -r d; do
  n=$((n + 1))
  quoted=$(printf '%s' "$d" | sed "s/'/''/g")
  # one block per model (gnuplot's index), its name on the block's first line
  sqlite3 -separator "$tab" "$db" -cmd ".load $ext" \
    "SELECT model, day, mean_cross_entropy_value(state) FROM loss_daily
      WHERE dataset = '$quoted' AND split = 'test' ORDER BY model, day" |
  awk -F "$tab" '$1 != model { if (NR > 1) printf "\n\n"; model = $1
                               gsub(/"/, "\\\"", $1); print "\"" $1 "\"" }
                 { print $2 "\t" $3 }' > "$tmp/$n.dat"
  printf '%s' "$d" | sed "s/'/''/g" > "$tmp/$n.name"
done < "$tmp/datasets"
{
  echo "set terminal pngcairo noenhanced size 1000,$((330 * n)) font ',10'"
  echo "set output '$(printf '%s' "$out" | sed "s/'/''/g")'"
  echo "set datafile separator '\t'"
  echo "set xdata time; set timefmt '%Y-%m-%d'; set format x '%Y-%m-%d'; set xtics $((step * 86400))"
  echo "set ylabel 'log loss (held out)'; set grid; set key outside right"
  echo "set multiplot layout $n,1 title 'Log loss per day and model (sql/report, table loss_daily)'"
  i=1
  while [ $i -le $n ]; do
    echo "set title '$(cat "$tmp/$i.name")'"
    models=$(grep -c '^"' "$tmp/$i.dat")
    echo "plot for [b=0:$((models - 1))] '$tmp/$i.dat' index b using 1:2 with linespoints lw 2 title columnheader(1)"
    i=$((i + 1))
  done
  echo "unset multiplot"
} > "$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
echo "wrote $out"
