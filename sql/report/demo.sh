#!/bin/sh
# demo.sh — part of `make demo`: crossentropy-report, the nightly report, on
# the bundled sample data (build/sample.db), as if its five days arrived
# over two nights (days 1-3, then 4-5), then a night with nothing new and a
# night when one run brings a bad row. The store maps the sample's tables
# with sql/report/sample_views.sql, as any store would be mapped.
set -eu
report=./dist/crossentropy-report
db=build/eval.db
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$db" "ATTACH 'build/sample.db' AS s;
  CREATE TABLE runs AS SELECT * FROM s.runs WHERE 0;
  CREATE TABLE preds AS SELECT * FROM s.preds WHERE 0;
  CREATE TABLE class_probs AS SELECT * FROM s.class_probs WHERE 0;"
sqlite3 "$db" < sql/report/sample_views.sql
copy_days() {   # copy_days FIRST LAST: the sample's runs of those days arrive
  sqlite3 "$db" "ATTACH 'build/sample.db' AS s;
    INSERT INTO runs SELECT * FROM s.runs WHERE day BETWEEN '$1' AND '$2';
    INSERT INTO preds SELECT p.* FROM s.preds AS p JOIN s.runs USING (run_id)
      WHERE day BETWEEN '$1' AND '$2';
    INSERT INTO class_probs SELECT c.* FROM s.class_probs AS c JOIN s.runs USING (run_id)
      WHERE day BETWEEN '$1' AND '$2';"
}
night() {   # night TITLE OUT OPTIONS...: one run of the job (stdout to OUT, - for here)
  title=$1 out=$2; shift 2
  echo
  echo "== $title"
  [ "$out" = - ] && echo "\$ crossentropy-report --db $db $*" || echo "\$ crossentropy-report --db $db $* > $out"
  status=0
  if [ "$out" = - ]; then "$report" --db "$db" "$@" || status=$?
  else "$report" --db "$db" "$@" > "$out" || status=$?; fi
  echo "(exit status $status)"
}
echo
echo "== The nightly report (crossentropy-report), on the sample's days as they arrive"
copy_days 2026-11-01 2026-11-03
night "Night 1, days 1-3 have arrived" build/night1.csv --format csv
copy_days 2026-11-04 2026-11-05
night "Night 2, days 4-5 have arrived" - --baseline logreg --max-increase 50 \
      --plot build/report.png --html build/report.html
night "Night 3, nothing new: nothing changes" build/night3.json --format json
# a run of day 6 with a probability written as a percentage
sqlite3 "$db" "INSERT INTO runs VALUES (61, 'breast_cancer', 'logreg', 'test', 5, '2026-11-06');
  INSERT INTO preds SELECT 61, obs_id, label, prob FROM preds WHERE run_id = 10;
  UPDATE preds SET prob = round(prob * 100, 1)
   WHERE run_id = 61 AND obs_id = (SELECT min(obs_id) FROM preds WHERE run_id = 61 AND prob BETWEEN 0.6 AND 0.9);"
night "Night 4, a run with a bad row: not folded, the rest is; exit status 4" build/night4.md --format markdown
echo
echo "Written: build/night1.csv, build/night3.json, build/night4.md, build/report.png, build/report.html"
