-- crossentropy.sql — the functions in PostgreSQL: the values, NULL rules and
-- error texts of the SQLite extension's suite, where they apply.
CREATE EXTENSION crossentropy;

-- scalars (the same numbers as tests/bce.test, tests/bce_logits.test)
SELECT bce(1, 0.5) = ln(2) AS ln2, bce(1, 0) AS clamped,
       bce(1, 0, exp(-100)) AS torch, bce(1, 0, 0) AS exact,
       bce(0.25, 0.5) = ln(2) AS soft;
SELECT bce(NULL, 0.5) IS NULL AS y_null, bce(1, NULL, 0) IS NULL AS p_null;
SELECT bce_logits(1, 0) = ln(2) AS ln2, bce_logits(0, 1000) AS far,
       bce_logits(1, 0, 3) = 3*ln(2) AS weighted, bce_logits(1, '-Infinity') AS inf;
-- errors: the SQLite extension's texts
SELECT bce(1, 1.5);
SELECT bce(2, 0.5);
SELECT bce(1, 'NaN');
SELECT bce(1, 0.5, 0.5);
SELECT bce_logits(1, 0, -1);
SELECT bce_logits(1, 'NaN');
-- how an error writes a number (as Python's repr; a float8 argument written
-- as an integer is still a float8: 90.0), and the hint for a probability
-- in (1,100], which labels, eps and weights do not get
SELECT bce(1, 90);
SELECT bce(1, 90.0);
SELECT bce(1, 100);
SELECT bce(1, 100.5);
SELECT bce(90, 0.5);
SELECT bce(1, 0.5, 90);
SELECT mean_cross_entropy(1, 90);
SELECT mean_cross_entropy(1, 0.5, -90);
SELECT mean_cross_entropy_state(1, 90);
SELECT mean_bce_logits(90, 0);
SELECT categorical_ce(1, 90);
SELECT categorical_ce(90, 0.5);
SELECT softmax_ce(90, 0);
SELECT bce(1, 1e300);
SELECT bce(1, '-5e-324'::float8);
SELECT bce(1, -1e-09);
SELECT bce(1, -0.0001);
SELECT bce(1, -0.00001);
SELECT bce(1, 1e15);
SELECT bce(1, 9999999999999998);
SELECT bce(1, 1e16);
SELECT bce(1, -(0.1::float8 + 0.2::float8));

-- aggregates
CREATE TABLE t(g int, y float8, p float8, w float8, z float8);
INSERT INTO t VALUES (1, 1, 0.5, 2, 0), (1, 0, 0.25, 1, -1), (2, 1, 0.75, 0, 2),
                     (2, 0, 0.5, 1, 0), (2, NULL, 0.5, 1, 0), (3, 1, NULL, 1, 1);
-- the values the SQLite extension gives for the same rows
SELECT mean_cross_entropy(y, p) AS mean, mean_cross_entropy(y, p, w) AS weighted,
       mean_bce_logits(y, z) AS logits, mean_bce_logits(y, z, w) AS logits_weighted
FROM t;
SELECT g, mean_cross_entropy(y, p) IS NULL AS none FROM t GROUP BY g ORDER BY g;
SELECT mean_cross_entropy(y, p) IS NULL AS empty FROM t WHERE false;
SELECT mean_cross_entropy(y, p, 0) IS NULL AS zero_weight FROM t;
SELECT mean_cross_entropy(y, p + 1) FROM t;
SELECT mean_cross_entropy(y, p, w - 3) FROM t;
SELECT mean_cross_entropy(1, 0.5, w) FROM (VALUES (1e308::float8), (1e308)) AS v(w);

-- a sliding window (the inverse step) equals each frame computed afresh
SELECT count(*) AS frames, count(*) FILTER (WHERE m = f) AS equal FROM (
  SELECT mean_cross_entropy(y, p) OVER (ORDER BY g, p ROWS 1 PRECEDING) AS m,
         (SELECT mean_cross_entropy(y2, p2) FROM (
            SELECT y AS y2, p AS p2 FROM t AS u WHERE (u.g, u.p) <= (t.g, t.p)
            ORDER BY u.g DESC, u.p DESC LIMIT 2) AS last2) AS f
  FROM t WHERE y IS NOT NULL AND p IS NOT NULL) AS x;

-- sliding frames whose first rows are skipped (NULL): the moving step keeps
-- a state, and the frame with no usable row is NULL
SELECT i, mean_cross_entropy(y, p) OVER w AS mean, categorical_ce(y, p) OVER w AS cat,
       mean_cross_entropy_value(mean_cross_entropy_merge(s) OVER w) AS merged
FROM (VALUES (1, NULL::float8, 0.5::float8, NULL::bytea),
             (2, 1, 0.9, (SELECT mean_cross_entropy_state(1, 0.9))),
             (3, 0, 0.2, NULL)) AS v(i, y, p, s)
WINDOW w AS (ORDER BY i ROWS 1 PRECEDING) ORDER BY i;

-- categorical_ce and softmax_ce, one observation per group
CREATE TABLE c(obs int, y float8, p float8, z float8);
INSERT INTO c VALUES (1, 1, 0.7, 2), (1, 0, 0.2, 1), (1, 0, 0.1, 0),
                     (2, 0, 0.5, 0), (2, 1, 0.5, 0);
SELECT obs, categorical_ce(y, p) = -ln(CASE obs WHEN 1 THEN 0.7 ELSE 0.5 END::float8) AS cat,
       softmax_ce(y, z) AS softmax
FROM c GROUP BY obs ORDER BY obs;
SELECT categorical_ce(y, 2) FROM c;
SELECT softmax_ce(y, 'Infinity') FROM c;

-- states: the SQLite BLOB format, as bytea
SELECT mean_cross_entropy_value(mean_cross_entropy_state(y, p)) = mean_cross_entropy(y, p) AS same,
       length(mean_cross_entropy_state(y, p, w)) AS bytes
FROM t;
SELECT mean_cross_entropy_value(mean_cross_entropy_merge(s)) = (SELECT mean_cross_entropy(y, p, w) FROM t) AS merged
FROM (SELECT mean_cross_entropy_state(y, p, w) AS s FROM t GROUP BY g) AS parts;
-- a state written by the SQLite extension: SELECT hex(mean_cross_entropy_state(1, 0.5))
SELECT mean_cross_entropy_value(decode(
  '43457374010100000100000000000000EF39FAFE422EE63F00000000' ||
  '00000000010000000000000000000000000000000000000000000000' ||
  '000000000000000000000000000000000000000000000000071CB66F', 'hex')) = ln(2) AS from_sqlite;
SELECT encode(mean_cross_entropy_state(1, 0.5), 'hex') AS for_sqlite;
SELECT mean_cross_entropy_value('\x00');
SELECT mean_cross_entropy_value(mean_bce_logits_state(1, 0));
SELECT mean_bce_logits_value(mean_bce_logits_state(1, 0)) = ln(2) AS logits_state;
SELECT mean_cross_entropy_merge(s) IS NULL AS none FROM (VALUES (NULL::bytea)) AS v(s);

-- the evaluation statistics over the same rows (the SQLite extension's
-- numbers: one core computes and prints them)
SELECT binary_eval(y, p) FROM t;
SELECT (binary_eval(y, p, w) ->> 'log_loss')::float8 = mean_cross_entropy(y, p, w) AS log_loss,
       brier_score(y, p) AS brier, brier_score(y, p, w) AS brier_w,
       perplexity(ln(p)) = exp(mean_cross_entropy(1, p)) AS perplexity,
       calibration_error(y, p, w, 2) AS ece, mean_cross_entropy_stderr(y, p) AS stderr,
       normalized_entropy(y, p) AS ne, d2_log_loss(y, p) AS d2
FROM t;
SELECT paired_loss_test(bce(y, p), bce(y, 0.5)) FROM t;
SELECT binary_eval(binary_eval_state(y, p, w))::text = binary_eval(y, p, w)::text AS state_same,
       length(binary_eval_state(y, p)) AS bytes
FROM t;
SELECT (binary_eval(binary_eval_merge(s)) ->> 'n')::int AS n,
       round((binary_eval(binary_eval_merge(s)) ->> 'log_loss')::numeric, 12) =
       round((SELECT mean_cross_entropy(y, p, w) FROM t)::numeric, 12) AS merged
FROM (SELECT binary_eval_state(y, p, w) AS s FROM t GROUP BY g) AS parts;
SELECT binary_eval(y, p) IS NULL AS eval, calibration_error(y, p) IS NULL AS ece,
       paired_loss_test(y, p) IS NULL AS paired, binary_eval_state(y, p) IS NULL AS state
FROM t WHERE false;
SELECT mean_cross_entropy_stderr(y, p) IS NULL AS one_row,
       normalized_entropy(y, p) IS NULL AS one_class, d2_log_loss(y, p) IS NULL AS d2
FROM t WHERE y = 1 AND g = 1;
-- sliding frames whose first row is skipped: calibration_error's state has
-- no bins until a row sets them
SELECT i, calibration_error(y, p, 1, 4) OVER w AS ece, paired_loss_test(y, p) OVER w AS paired,
       (binary_eval(y, p) OVER w) ->> 'n' AS n
FROM (VALUES (1, NULL::float8, 0.5::float8), (2, 1, 0.9), (3, 0, 0.2), (4, 1, 0.6)) AS v(i, y, p)
WINDOW w AS (ORDER BY i ROWS 2 PRECEDING) ORDER BY i;
-- errors: the SQLite extension's texts
SELECT binary_eval(1, 1.5);
SELECT calibration_error(1, 0.5, 1, 2.5);
SELECT calibration_error(1, 0.5, 1, 0);
SELECT calibration_error(y, p, 1, g) FROM t;
SELECT perplexity(0.5);
SELECT paired_loss_test(1, 'Infinity');
SELECT binary_eval('\x00'::bytea);
SELECT binary_eval_merge(s) FROM (SELECT mean_cross_entropy_state(1, 0.5) AS s) AS v;
