# plot.gp — docs/performance.png from the sweep's TSV (bench/sweep.sh):
# median ns per row against N, one line per query, both axes log-scale.
#
#   gnuplot -e "tsv='build/sweep/sweep.tsv'; out='docs/performance.png'" bench/plot.gp
#
# The TSV lines are "n<TAB>group<TAB>query<TAB>ns_per_row" (bench --tsv); a
# query's label is its row label in bench.c's table.
if (!exists("tsv")) tsv = "build/sweep/sweep.tsv"
if (!exists("out")) out = "docs/performance.png"

set terminal pngcairo size 1240,720 font "sans,11"
set output out
set datafile separator "\t"
set datafile missing NaN          # other queries' lines: skipped, lines unbroken
set logscale x 10
set logscale y 10
set format x "10^{%L}"
set xlabel "N (rows per table; the 10-class vectors have N/10 observations)"
set ylabel "median ns per row (per observation for the vectors)"
set title "sqlite-crossentropy: time per row against table size (make bench-sweep)"
set grid xtics ytics mytics lc rgb "#dddddd"
set key outside right center vertical Left reverse spacing 1.4 font ",10"
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0

# The queries plotted: their labels in the TSV, and their legend titles.
array Q[9]
array T[9]
array C[9] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", \
              "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]
Q[1] = "SELECT sum(p)";                             T[1] = "sum(p)"
Q[2] = "SELECT mean_cross_entropy(y, p)";           T[2] = "mean_cross_entropy(y, p)"
Q[3] = "pure SQL: avg(-(y*ln(p)+(1-y)*ln(1-p)))";   T[3] = "pure SQL: avg(-(y*ln(p)+(1-y)*ln(1-p)))"
Q[4] = "GROUP BY obs: sum(p)";                      T[4] = "GROUP BY obs: sum(p)"
Q[5] = "GROUP BY obs: categorical_ce(y, p)";        T[5] = "GROUP BY obs: categorical_ce(y, p)"
Q[6] = "SELECT mean_bce_logits(y, z)";              T[6] = "mean_bce_logits(y, z)"
Q[7] = "GROUP BY obs: softmax_ce(y, z)";            T[7] = "GROUP BY obs: softmax_ce(y, z)"
Q[8] = "avg(cross_entropy_f64(label, f64)), 10 classes"; T[8] = "avg(cross_entropy_f64), 10 classes (per obs.)"
Q[9] = "json_each route, 10 classes";               T[9] = "json_each route, 10 classes (per obs.)"

plot for [i=1:|Q|] tsv using 1:(strcol(3) eq Q[i] ? $4 : NaN) \
     with linespoints lw 2 lc rgb C[i] pt (i % 7 + 1) ps 1.2 title T[i] noenhanced
