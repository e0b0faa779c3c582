-- sample_views.sql — how the bundled sample's tables (sql/sample.sql: runs,
-- preds, class_probs) are mapped for crossentropy-report: one CREATE VIEW
-- per relation the job reads (docs/reporting.md, "Your schema"). A store of
-- another shape is mapped the same way; `crossentropy-report init --db FILE`
-- prints a template to edit.
--
--   sqlite3 eval.db < sql/report/sample_views.sql

-- Binary predictions: one row per (run, observation).
CREATE VIEW IF NOT EXISTS ce_predictions AS
SELECT run_id, obs_id, dataset, model, split, day, label, prob
  FROM preds JOIN runs USING (run_id);

-- Multi-class predictions, long format: one row per (run, observation,
-- class), is_true = 1 on the observation's class.
CREATE VIEW IF NOT EXISTS ce_class_predictions AS
SELECT run_id, obs_id, dataset, model, split, day, class, is_true, prob
  FROM class_probs JOIN runs USING (run_id);
