-- report_views.sql — the loss report of the sample evaluation store, as
-- TEMP views (nothing is written to the database). Needs the extension
-- loaded and the schema of sql/sample.sql (runs, preds, class_probs).
-- sql/report.sql prints them; tests/sample.test checks their numbers
-- against scikit-learn's log_loss on the same predictions.

-- One row per (dataset, model, split, day), plus day '*' for all days.
-- Binary: the mean of bce over the rows, as log_loss(y, p).
-- Multi-class: categorical_ce over all of a group's rows is the sum of its
-- observations' losses (compensated); divided by the number of observations
-- (one true class each) it is log_loss(y, P).
CREATE TEMP VIEW loss_report AS
WITH binary_rows AS (
  SELECT dataset, model, split, day, label, prob
  FROM preds JOIN runs USING (run_id)
), multiclass_rows AS (
  SELECT dataset, model, split, day, is_true, prob
  FROM class_probs JOIN runs USING (run_id)
)
SELECT dataset, model, split, day, count(*) AS n_obs,
       mean_cross_entropy(label, prob) AS log_loss
  FROM binary_rows GROUP BY dataset, model, split, day
UNION ALL
SELECT dataset, model, split, '*', count(*), mean_cross_entropy(label, prob)
  FROM binary_rows GROUP BY dataset, model, split
UNION ALL
SELECT dataset, model, split, day, sum(is_true),
       categorical_ce(is_true, prob) / sum(is_true)
  FROM multiclass_rows GROUP BY dataset, model, split, day
UNION ALL
SELECT dataset, model, split, '*', sum(is_true),
       categorical_ce(is_true, prob) / sum(is_true)
  FROM multiclass_rows GROUP BY dataset, model, split;

-- The held-out predictions that cost the most, with their run's metadata.
CREATE TEMP VIEW worst_binary_predictions AS
SELECT model, day, obs_id, label, prob, bce(label, prob) AS loss
FROM preds JOIN runs USING (run_id)
WHERE split = 'test'
ORDER BY loss DESC, model, obs_id
LIMIT 5;
