-- The 0.1.0 nightly job (formerly sql/report/nightly.sql), kept as a test
-- fixture: report.test builds a 0.1.0 store with it and checks that
-- crossentropy-report migrates that store in place.
-- nightly.sql — the incremental reporting job: folds the runs not yet
-- reported into loss_daily, one state per (dataset, model, split, day),
-- merging into a day's existing state when a run arrives late. Each run is
-- read once, ever; running the job again with no new runs changes nothing.
-- One transaction: a job that fails half-way leaves loss_daily and
-- loss_runs as they were. A run is folded in once it has predictions, so a
-- writer must insert a run's predictions in the same transaction as the
-- run (predictions added to a run after it was folded in are not counted).
-- The job waits up to a minute for another writer to finish.
--
--   sqlite3 eval.db -cmd '.load ./dist/crossentropy' < sql/report/nightly.sql
--
-- (run from the repository's directory; or `make report DB=eval.db`).
-- Prints one line once the transaction has committed, never before (a
-- job whose commit fails does not claim success):
--   runs folded: 36, states written: 36
-- the runs folded in, and the (dataset, model, split, day) states written.
.bail on
.timeout 60000
.read tests/data/report_0.1.0/schema.sql
BEGIN IMMEDIATE;

CREATE TEMP TABLE new_runs AS
  SELECT run_id FROM runs
   WHERE run_id NOT IN (SELECT run_id FROM loss_runs)
     AND (EXISTS (SELECT 1 FROM preds WHERE preds.run_id = runs.run_id)
          OR EXISTS (SELECT 1 FROM class_probs AS c WHERE c.run_id = runs.run_id));

-- Binary: the mean bce of (label, prob). Multi-class: the loss of an
-- observation is -ln p of its true class, bce(1, p), so the mean of
-- bce(1, prob) over the true-class rows is the multi-class log loss.
CREATE TEMP TABLE new_parts AS
  SELECT dataset, model, split, day, count(*) AS n_obs,
         mean_cross_entropy_state(label, prob) AS state
    FROM preds JOIN runs USING (run_id)
   WHERE run_id IN (SELECT run_id FROM new_runs)
   GROUP BY dataset, model, split, day
  UNION ALL
  SELECT dataset, model, split, day, count(*),
         mean_cross_entropy_state(1, prob)
    FROM class_probs JOIN runs USING (run_id)
   WHERE is_true = 1 AND run_id IN (SELECT run_id FROM new_runs)
   GROUP BY dataset, model, split, day;

INSERT INTO loss_daily(dataset, model, split, day, n_obs, state, updated_at)
  SELECT dataset, model, split, day, n_obs, state,
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM new_parts WHERE true
  ON CONFLICT(dataset, model, split, day) DO UPDATE SET
    n_obs = n_obs + excluded.n_obs,
    state = (SELECT mean_cross_entropy_merge(s) FROM
               (SELECT loss_daily.state AS s UNION ALL SELECT excluded.state)),
    updated_at = excluded.updated_at;

INSERT INTO loss_runs(run_id, reported_at)
  SELECT run_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM new_runs;

CREATE TEMP TABLE job_summary AS
  SELECT (SELECT count(*) FROM new_runs) AS runs_folded,
         (SELECT count(*) FROM new_parts) AS states_written;

DROP TABLE new_parts;
DROP TABLE new_runs;
COMMIT;

SELECT printf('runs folded: %d, states written: %d', runs_folded, states_written)
  FROM job_summary;
DROP TABLE job_summary;
