#!/bin/sh
# demo.sh — part of `make demo`: the nightly reporting job on the bundled
# sample data (build/sample.db), as if its five days arrived over two
# nights: days 1-3, then days 4-5, then a night with nothing new.
set -eu
ext=./dist/crossentropy
db=build/eval.db
rm -f "$db"
sqlite3 "$db" < sql/report/schema.sql
copy_days() {   # copy_days FIRST LAST: the sample's runs of those days arrive
  sqlite3 "$db" "ATTACH 'build/sample.db' AS s;
    INSERT INTO runs SELECT * FROM s.runs WHERE day BETWEEN '$1' AND '$2';
    INSERT INTO preds SELECT p.* FROM s.preds AS p JOIN s.runs USING (run_id)
      WHERE day BETWEEN '$1' AND '$2';
    INSERT INTO class_probs SELECT c.* FROM s.class_probs AS c JOIN s.runs USING (run_id)
      WHERE day BETWEEN '$1' AND '$2';"
}
night() {
  printf 'nightly job (%s): ' "$1"
  sqlite3 "$db" -cmd ".load $ext" < sql/report/nightly.sql
}
echo
echo "== The nightly report (sql/report/), on the sample's days as they arrive"
copy_days 2026-11-01 2026-11-03
night "days 1-3 have arrived"
copy_days 2026-11-04 2026-11-05
night "days 4-5 have arrived"
night "nothing new: nothing changes"
echo
echo "Held-out log loss of breast_cancer by model: each day, the last 7 days, all days"
echo "(make report DB=$db FORMAT=table|csv|json prints every row)"
sqlite3 -table -header "$db" -cmd ".load $ext" -cmd ".read sql/report/rollup_view.sql" \
  "SELECT model, period, first_day, last_day, n_obs, printf('%.6f', log_loss) AS log_loss
     FROM loss_rollup
    WHERE dataset = 'breast_cancer' AND split = 'test'
      AND (period <> '7 days' OR last_day = '2026-11-05')
    ORDER BY model, k, last_day"
if command -v gnuplot >/dev/null; then
  sh sql/report/plot.sh "$db" build/report.png "$ext"
else
  echo "(no gnuplot: the plot, build/report.png, is skipped)"
fi
