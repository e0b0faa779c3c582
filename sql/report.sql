-- report.sql — prints the loss report of the sample evaluation store as
-- tables, for `make demo`:
--   sqlite3 build/sample.db -cmd ".load ./dist/crossentropy" < sql/report.sql
-- The numbers come from the views of sql/report_views.sql.
.read sql/report_views.sql
.mode table
.print
.print Log loss by model and split (all 5 folds), binary: breast_cancer
SELECT model, split, n_obs, printf('%.6f', log_loss) AS log_loss
FROM loss_report WHERE dataset = 'breast_cancer' AND day = '*'
ORDER BY model, split;
.print
.print Log loss by model and split (all 5 folds), 3 classes: iris
SELECT model, split, n_obs, printf('%.6f', log_loss) AS log_loss
FROM loss_report WHERE dataset = 'iris' AND day = '*'
ORDER BY model, split;
.print
.print Held-out log loss by day (one fold a day)
SELECT day, dataset,
       printf('%.4f', max(CASE model WHEN 'logreg' THEN log_loss END)) AS logreg,
       printf('%.4f', max(CASE model WHEN 'logreg_c0.01' THEN log_loss END)) AS "logreg_c0.01",
       printf('%.4f', max(CASE model WHEN 'gaussian_nb' THEN log_loss END)) AS gaussian_nb
FROM loss_report WHERE split = 'test' AND day <> '*'
GROUP BY day, dataset ORDER BY dataset, day;
.print
.print The five costliest held-out predictions (breast_cancer)
SELECT model, day, obs_id, label, printf('%.3g', prob) AS prob,
       printf('%.4f', loss) AS loss
FROM worst_binary_predictions;
