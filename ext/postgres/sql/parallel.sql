-- parallel.sql — PostgreSQL runs the aggregates as Partial Aggregate ->
-- Gather -> Finalize Aggregate (combine and serialize), and the parallel
-- result equals the serial one within 2 ulp.
CREATE TABLE big AS
  SELECT i, (i % 2)::float8 AS y,
         ((i * 7919) % 1000 + 1)::float8 / 1001 AS p,
         ((i % 5) + 1)::float8 / 2 AS w,
         (((i * 7919) % 1000) - 500)::float8 / 50 AS z
  FROM generate_series(1::bigint, 2000000) AS i;
ANALYZE big;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT mean_cross_entropy(y, p), mean_cross_entropy(y, p, w),
  mean_bce_logits(y, z), mean_cross_entropy_state(y, p, w), categorical_ce(y, p),
  softmax_ce(y, z) FROM big;
SELECT mean_cross_entropy(y, p) AS m, mean_cross_entropy(y, p, w) AS mw,
       mean_bce_logits(y, z) AS ml, categorical_ce(y, p) AS cat,
       mean_cross_entropy_value(mean_cross_entropy_state(y, p, w)) AS sw,
       softmax_ce(y / 1000000, z) AS soft
FROM big \gset par_
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT mean_cross_entropy(y, p) FROM big;
SELECT mean_cross_entropy(y, p) AS m, mean_cross_entropy(y, p, w) AS mw,
       mean_bce_logits(y, z) AS ml, categorical_ce(y, p) AS cat,
       mean_cross_entropy_value(mean_cross_entropy_state(y, p, w)) AS sw,
       softmax_ce(y / 1000000, z) AS soft
FROM big \gset ser_
-- 2 ulp: |a - b| <= 2 * 2^-52 * |b|
SELECT abs(:par_m - :ser_m) <= 2 * 2.220446049250313e-16 * :ser_m AS mean,
       abs(:par_mw - :ser_mw) <= 2 * 2.220446049250313e-16 * :ser_mw AS weighted,
       abs(:par_ml - :ser_ml) <= 2 * 2.220446049250313e-16 * :ser_ml AS logits,
       abs(:par_cat - :ser_cat) <= 2 * 2.220446049250313e-16 * :ser_cat AS categorical,
       abs(:par_sw - :ser_sw) <= 2 * 2.220446049250313e-16 * :ser_sw AS states,
       -- softmax: 4 ulp plus exp() of rounded logit differences (|d| <= 20)
       abs(:par_soft - :ser_soft) <= (4 + 20) * 2.220446049250313e-16 * :ser_soft AS softmax;
-- the same numbers as the SQLite extension's on the same rows, which
-- tests/postgres.test checks; here, to 12 digits
SELECT round(:ser_m::numeric, 12) AS m, round(:ser_mw::numeric, 12) AS mw,
       round(:ser_ml::numeric, 12) AS ml;
