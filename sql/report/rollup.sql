-- rollup.sql — prints the loss report (the view loss_rollup of
-- rollup_view.sql) as one result set, so that the shell's csv and json
-- modes give one table or one JSON array:
--
--   sqlite3 -table -header eval.db -cmd '.load ./dist/crossentropy' < sql/report/rollup.sql
--   sqlite3 -csv -header eval.db -cmd '.load ./dist/crossentropy' < sql/report/rollup.sql
--   sqlite3 -json eval.db -cmd '.load ./dist/crossentropy' < sql/report/rollup.sql
--
-- (run from the repository's directory, or `make report DB=eval.db
-- FORMAT=csv`).
.read sql/report/rollup_view.sql
SELECT dataset, model, split, period, first_day, last_day, n_obs, log_loss
FROM loss_rollup
ORDER BY dataset, split, model, k, last_day;
