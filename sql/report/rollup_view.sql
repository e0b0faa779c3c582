-- rollup_view.sql — the TEMP view loss_rollup: the loss report from
-- loss_daily alone (no prediction is read again). For each dataset, model
-- and split, one row per day, per 7 days up to each day, and for all days:
--   period      'day', '7 days' or 'all'
--   first_day, last_day   the days it covers
--   n_obs       observations
--   log_loss    their mean loss, as one scan of them would give it
--   k           1, 2, 3 for the three periods, for ordering
-- sql/report/rollup.sql prints it; the demo and the tests query it.
CREATE TEMP VIEW IF NOT EXISTS loss_rollup AS
WITH daily AS (
  SELECT dataset, model, split, day, n_obs, state FROM loss_daily
), last7 AS (
  SELECT dataset, model, split, day AS last_day,
         (SELECT min(d2.day) FROM loss_daily AS d2
           WHERE d2.dataset = d.dataset AND d2.model = d.model
             AND d2.split = d.split AND d2.day > date(d.day, '-7 days')) AS first_day,
         sum(n_obs) OVER w AS n_obs,
         mean_cross_entropy_merge(state) OVER w AS state
    FROM daily AS d
  WINDOW w AS (PARTITION BY dataset, model, split
               ORDER BY CAST(strftime('%s', day) AS INTEGER)
               RANGE BETWEEN 6*86400 PRECEDING AND CURRENT ROW)
)
SELECT dataset, model, split, period, first_day, last_day, n_obs,
       mean_cross_entropy_value(state) AS log_loss, k
FROM (
  SELECT dataset, model, split, 'day' AS period, day AS first_day,
         day AS last_day, n_obs, state, 1 AS k FROM daily
  UNION ALL
  SELECT dataset, model, split, '7 days', first_day, last_day, n_obs, state, 2
    FROM last7
  UNION ALL
  SELECT dataset, model, split, 'all', min(day), max(day), sum(n_obs),
         mean_cross_entropy_merge(state), 3
    FROM daily GROUP BY dataset, model, split
);
