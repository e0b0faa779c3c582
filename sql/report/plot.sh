#!/bin/sh
# plot.sh — `make report-plot DB=eval.db`: the held-out (split 'test') log
# loss per day and model, one panel per dataset, as a PNG drawn by gnuplot
# from loss_daily alone (run the nightly job first). Dataset and model names
# may hold spaces, quotes and backslashes: they reach gnuplot only inside
# its single-quoted strings (a quote doubled), never through the data.
#
#   sh sql/report/plot.sh DATABASE OUT.png [EXTENSION]
set -eu
db=$1 out=$2 ext=${3:-./dist/crossentropy}
command -v gnuplot >/dev/null || {
  echo "report-plot: needs gnuplot (apt-get install gnuplot-nox)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a string as a gnuplot (and SQL) single-quoted literal: ' doubled
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
sqlite3 "$db" "SELECT DISTINCT dataset FROM loss_daily WHERE split = 'test'
               ORDER BY dataset" > "$tmp/datasets"
[ -s "$tmp/datasets" ] || { echo "report-plot: loss_daily has no 'test' rows in $db"; exit 1; }
# a tick every few days, so that long periods stay readable
step=$(sqlite3 "$db" "SELECT max(1, CAST((julianday(max(day)) - julianday(min(day))) / 10 AS INT))
                      FROM loss_daily")
panels=0
while IFS= read -r d; do
  panels=$((panels + 1))
  printf 'set title %s\n' "$(quote "$d")" > "$tmp/panel$panels.gp"
  sqlite3 "$db" "SELECT DISTINCT model FROM loss_daily
                 WHERE dataset = $(quote "$d") AND split = 'test' ORDER BY model" > "$tmp/models"
  plot="plot"
  m=0
  while IFS= read -r model; do
    m=$((m + 1))
    # one file per model: day and loss only
    sqlite3 -separator ' ' "$db" -cmd ".load '$ext'" \
      "SELECT day, mean_cross_entropy_value(state) FROM loss_daily
        WHERE dataset = $(quote "$d") AND model = $(quote "$model") AND split = 'test'
        ORDER BY day" > "$tmp/p$panels-m$m.dat"
    plot="$plot $(quote "$tmp/p$panels-m$m.dat") using 1:2 with linespoints lw 2 title $(quote "$model"),"
  done < "$tmp/models"
  printf '%s\n' "${plot%,}" >> "$tmp/panel$panels.gp"
done < "$tmp/datasets"
{
  printf "set terminal pngcairo noenhanced size 1000,%d font ',10'\n" $((330 * panels))
  printf 'set output %s\n' "$(quote "$out")"
  printf "set xdata time; set timefmt '%%Y-%%m-%%d'; set format x '%%Y-%%m-%%d'; set xtics %d\n" \
         $((step * 86400))
  printf "set ylabel 'log loss (held out)'; set grid; set key outside right\n"
  printf "set multiplot layout %d,1 title 'Log loss per day and model (sql/report, table loss_daily)'\n" \
         "$panels"
  i=1
  while [ $i -le $panels ]; do cat "$tmp/panel$i.gp"; i=$((i + 1)); done
  printf 'unset multiplot\n'
} > "$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
[ -z "${PLOT_SCRIPT:-}" ] || cp "$tmp/plot.gp" "$PLOT_SCRIPT"     # for the tests
echo "wrote $out"
