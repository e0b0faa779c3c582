-- schema.sql — the evaluation store the reporting job reads and writes.
-- Safe to run on every job: it creates only what is missing.
--
-- What the models wrote (sql/sample.sql creates the same three tables with
-- the bundled sample data):
--   runs         one evaluation run: which model, on which dataset and
--                split, which day (YYYY-MM-DD)
--   preds        binary predictions: the label and the probability of
--                class 1, one row per observation of a run
--   class_probs  multi-class predictions, one row per (observation, class):
--                is_true marks the observation's class
-- What the job keeps:
--   loss_daily   one partial state (mean_cross_entropy_state) per
--                (dataset, model, split, day): every roll-up merges these
--   loss_runs    the runs already folded into loss_daily, so each run is
--                counted once however often the job runs
CREATE TABLE IF NOT EXISTS runs(
  run_id  INTEGER PRIMARY KEY,
  dataset TEXT NOT NULL,
  model   TEXT NOT NULL,
  split   TEXT NOT NULL,
  fold    INTEGER NOT NULL,
  day     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS preds(
  run_id INTEGER NOT NULL REFERENCES runs,
  obs_id INTEGER NOT NULL,
  label  INTEGER NOT NULL,
  prob   REAL NOT NULL,
  PRIMARY KEY(run_id, obs_id)
);
CREATE TABLE IF NOT EXISTS class_probs(
  run_id  INTEGER NOT NULL REFERENCES runs,
  obs_id  INTEGER NOT NULL,
  class   INTEGER NOT NULL,
  is_true INTEGER NOT NULL,
  prob    REAL NOT NULL,
  PRIMARY KEY(run_id, obs_id, class)
);
CREATE TABLE IF NOT EXISTS loss_daily(
  dataset    TEXT NOT NULL,
  model      TEXT NOT NULL,
  split      TEXT NOT NULL,
  day        TEXT NOT NULL,
  n_obs      INTEGER NOT NULL,
  state      BLOB NOT NULL,        -- mean_cross_entropy_state(...) of the day
  updated_at TEXT NOT NULL,
  PRIMARY KEY(dataset, model, split, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS loss_runs(
  run_id      INTEGER PRIMARY KEY REFERENCES runs,
  reported_at TEXT NOT NULL
);
