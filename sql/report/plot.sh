#!/bin/sh
# plot.sh — `make report-plot DB=eval.db`: the held-out (split 'test') log
# loss per day and model, one panel per dataset, as a PNG drawn by gnuplot
# from loss_daily alone (run the nightly job first).
#
#   sh sql/report/plot.sh DATABASE OUT.png [EXTENSION]
set -eu
db=$1 out=$2 ext=${3:-./dist/crossentropy}
command -v gnuplot >/dev/null || {
  echo "report-plot: needs gnuplot (apt-get install gnuplot-nox)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
datasets=$(sqlite3 "$db" "SELECT DISTINCT dataset FROM loss_daily WHERE split = 'test' ORDER BY dataset")
[ -n "$datasets" ] || { echo "report-plot: loss_daily has no 'test' rows in $db"; exit 1; }
n=0
for d in $datasets; do
  n=$((n + 1))
  # one block per model (gnuplot's index), its name on the block's first line
  sqlite3 -separator ' ' "$db" -cmd ".load $ext" \
    "SELECT model, day, mean_cross_entropy_value(state) FROM loss_daily
      WHERE dataset = '$d' AND split = 'test' ORDER BY model, day" |
  awk '$1 != model { if (model != "") printf "\n\n"; model = $1; print "\"" model "\"" }
       { print $2, $3 }' > "$tmp/$n.dat"
  echo "$d" > "$tmp/$n.name"
done
{
  echo "set terminal pngcairo noenhanced size 1000,$((330 * n)) font ',10'"
  echo "set output '$out'"
  echo "set xdata time; set timefmt '%Y-%m-%d'; set format x '%Y-%m-%d'; set xtics 86400"
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
