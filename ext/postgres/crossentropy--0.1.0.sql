-- crossentropy--0.1.0.sql — CREATE EXTENSION crossentropy: the functions of
-- crossentropy_pg.c. Every function is IMMUTABLE (a pure function of its
-- arguments) and PARALLEL SAFE; the scalars are STRICT (NULL in, NULL out);
-- the aggregates skip rows with a NULL and are NULL over no rows.
\echo Use "CREATE EXTENSION crossentropy" to load this file. \quit

-- scalars
CREATE FUNCTION bce(y float8, p float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_bce' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bce(y float8, p float8, eps float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_bce' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bce_logits(y float8, z float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_bce_logits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bce_logits(y float8, z float8, pos_weight float8) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_bce_logits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- the mean aggregates' support functions (internal state: ce_state)
CREATE FUNCTION ce_mean_ce_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_state_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_state_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_state_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_state_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_state_final(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_mean_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_merge_step(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_merge_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_ce_merge_inverse(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_merge_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION ce_mean_logits_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_state_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_state_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_state_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_state_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_state_final(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_merge_step(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_merge_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_mean_logits_merge_inverse(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_merge_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- mean_cross_entropy(y, p [, w]): parallel (partial, combine, final) and
-- moving (an inverse step for sliding window frames)
-- SSPACE on every aggregate whose state is internal: the power-of-two
-- chunk PostgreSQL allocates for the C state (88-byte ce_state: 128;
-- 40-byte ce_total: 64; 72-byte ce_softmax: 128), so that the planner sizes
-- a HashAggregate by it instead of assuming a default and spilling.
CREATE AGGREGATE mean_cross_entropy(float8, float8) (
  SFUNC = ce_mean_ce_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_ce_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial,
  MSFUNC = ce_mean_ce_step, MINVFUNC = ce_mean_ce_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_mean_ce_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy(float8, float8, float8) (
  SFUNC = ce_mean_ce_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_ce_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial,
  MSFUNC = ce_mean_ce_step, MINVFUNC = ce_mean_ce_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_mean_ce_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits(float8, float8) (
  SFUNC = ce_mean_logits_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_logits_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial,
  MSFUNC = ce_mean_logits_step, MINVFUNC = ce_mean_logits_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_mean_logits_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits(float8, float8, float8) (
  SFUNC = ce_mean_logits_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_logits_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial,
  MSFUNC = ce_mean_logits_step, MINVFUNC = ce_mean_logits_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_mean_logits_final, PARALLEL = SAFE);

-- the states: the 84-byte BLOBs of the SQLite extension, as bytea
CREATE AGGREGATE mean_cross_entropy_state(float8, float8) (
  SFUNC = ce_mean_ce_state_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_ce_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy_state(float8, float8, float8) (
  SFUNC = ce_mean_ce_state_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_ce_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy_merge(bytea) (
  SFUNC = ce_mean_ce_merge_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_ce_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial,
  MSFUNC = ce_mean_ce_merge_step, MINVFUNC = ce_mean_ce_merge_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_mean_ce_state_final, PARALLEL = SAFE);
CREATE FUNCTION mean_cross_entropy_value(state bytea) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE mean_bce_logits_state(float8, float8) (
  SFUNC = ce_mean_logits_state_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_logits_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits_state(float8, float8, float8) (
  SFUNC = ce_mean_logits_state_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_logits_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits_merge(bytea) (
  SFUNC = ce_mean_logits_merge_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_mean_logits_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial,
  MSFUNC = ce_mean_logits_merge_step, MINVFUNC = ce_mean_logits_merge_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_mean_logits_state_final, PARALLEL = SAFE);
CREATE FUNCTION mean_bce_logits_value(state bytea) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_mean_logits_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- categorical_ce(y, p): one observation's -Σ y·ln p, parallel and moving
CREATE FUNCTION ce_categorical_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_categorical_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_categorical_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_categorical_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_categorical_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_categorical_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_categorical_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_categorical_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_categorical_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_categorical_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_categorical_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_categorical_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE categorical_ce(float8, float8) (
  SFUNC = ce_categorical_step, STYPE = internal, SSPACE = 64, FINALFUNC = ce_categorical_final,
  COMBINEFUNC = ce_categorical_combine,
  SERIALFUNC = ce_categorical_serial, DESERIALFUNC = ce_categorical_deserial,
  MSFUNC = ce_categorical_step, MINVFUNC = ce_categorical_inverse, MSTYPE = internal, MSSPACE = 64,
  MFINALFUNC = ce_categorical_final, PARALLEL = SAFE);

-- softmax_ce(y, z): one observation's logits; parallel (running maxima
-- combine), growing frames only (a maximum cannot be removed)
CREATE FUNCTION ce_softmax_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_softmax_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_softmax_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_softmax_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_softmax_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_softmax_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_softmax_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_softmax_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_softmax_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_softmax_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE softmax_ce(float8, float8) (
  SFUNC = ce_softmax_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_softmax_final,
  COMBINEFUNC = ce_softmax_combine,
  SERIALFUNC = ce_softmax_serial, DESERIALFUNC = ce_softmax_deserial,
  PARALLEL = SAFE);

-- brier_score(y, p [, w]) and perplexity(logprob [, w]): mean aggregates
-- over ce_state, parallel (their own state kinds) and moving
CREATE FUNCTION ce_brier_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_brier_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_brier_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_brier_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_brier_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_brier_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_brier_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_brier_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_brier_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_brier_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_brier_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_brier_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_brier_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_brier_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE brier_score(float8, float8) (
  SFUNC = ce_brier_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_brier_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_brier_serial, DESERIALFUNC = ce_brier_deserial,
  MSFUNC = ce_brier_step, MINVFUNC = ce_brier_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_brier_final, PARALLEL = SAFE);
CREATE AGGREGATE brier_score(float8, float8, float8) (
  SFUNC = ce_brier_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_brier_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_brier_serial, DESERIALFUNC = ce_brier_deserial,
  MSFUNC = ce_brier_step, MINVFUNC = ce_brier_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_brier_final, PARALLEL = SAFE);

CREATE FUNCTION ce_perplexity_step(internal, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_perplexity_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_perplexity_inverse(internal, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_perplexity_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_perplexity_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_perplexity_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_perplexity_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_perplexity_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE perplexity(float8) (
  SFUNC = ce_perplexity_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_perplexity_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_perplexity_serial, DESERIALFUNC = ce_perplexity_deserial,
  MSFUNC = ce_perplexity_step, MINVFUNC = ce_perplexity_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_perplexity_final, PARALLEL = SAFE);
CREATE AGGREGATE perplexity(float8, float8) (
  SFUNC = ce_perplexity_step, STYPE = internal, SSPACE = 128, FINALFUNC = ce_perplexity_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_perplexity_serial, DESERIALFUNC = ce_perplexity_deserial,
  MSFUNC = ce_perplexity_step, MINVFUNC = ce_perplexity_inverse, MSTYPE = internal, MSSPACE = 128,
  MFINALFUNC = ce_perplexity_final, PARALLEL = SAFE);

-- binary_eval(y, p [, w]) and the statistics over its state (ce_eval);
-- serialized, the 1324-byte state of binary_eval_state(). SSPACE: the
-- 1296-byte state in the power-of-two chunk PostgreSQL allocates for it.
CREATE FUNCTION ce_eval_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_eval_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_eval_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_eval_state_final(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_eval_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_final(internal) RETURNS json
  AS 'MODULE_PATHNAME', 'ce_pg_eval_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_stderr_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_eval_stderr_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_entropy_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_eval_entropy_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_d2_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_eval_d2_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_stderr_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_stderr_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_stderr_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_stderr_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_stderr_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_stderr_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_stderr_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_stderr_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_entropy_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_entropy_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_entropy_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_entropy_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_entropy_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_entropy_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_entropy_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_entropy_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_d2_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_d2_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_d2_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_d2_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_d2_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_d2_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_d2_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_d2_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_state_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_state_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_state_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_state_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_state_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_state_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_state_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_state_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_merge_step(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_merge_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_eval_merge_inverse(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_eval_merge_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION binary_eval(state bytea) RETURNS json
  AS 'MODULE_PATHNAME', 'ce_pg_eval_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE binary_eval(float8, float8) (
  SFUNC = ce_eval_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_step, MINVFUNC = ce_eval_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_final, PARALLEL = SAFE);
CREATE AGGREGATE binary_eval(float8, float8, float8) (
  SFUNC = ce_eval_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_step, MINVFUNC = ce_eval_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy_stderr(float8, float8) (
  SFUNC = ce_eval_stderr_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_stderr_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_stderr_step, MINVFUNC = ce_eval_stderr_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_stderr_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy_stderr(float8, float8, float8) (
  SFUNC = ce_eval_stderr_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_stderr_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_stderr_step, MINVFUNC = ce_eval_stderr_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_stderr_final, PARALLEL = SAFE);
CREATE AGGREGATE normalized_entropy(float8, float8) (
  SFUNC = ce_eval_entropy_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_entropy_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_entropy_step, MINVFUNC = ce_eval_entropy_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_entropy_final, PARALLEL = SAFE);
CREATE AGGREGATE normalized_entropy(float8, float8, float8) (
  SFUNC = ce_eval_entropy_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_entropy_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_entropy_step, MINVFUNC = ce_eval_entropy_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_entropy_final, PARALLEL = SAFE);
CREATE AGGREGATE d2_log_loss(float8, float8) (
  SFUNC = ce_eval_d2_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_d2_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_d2_step, MINVFUNC = ce_eval_d2_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_d2_final, PARALLEL = SAFE);
CREATE AGGREGATE d2_log_loss(float8, float8, float8) (
  SFUNC = ce_eval_d2_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_d2_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_d2_step, MINVFUNC = ce_eval_d2_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_d2_final, PARALLEL = SAFE);
CREATE AGGREGATE binary_eval_state(float8, float8) (
  SFUNC = ce_eval_state_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_state_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_state_step, MINVFUNC = ce_eval_state_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_state_final, PARALLEL = SAFE);
CREATE AGGREGATE binary_eval_state(float8, float8, float8) (
  SFUNC = ce_eval_state_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_state_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_state_step, MINVFUNC = ce_eval_state_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_state_final, PARALLEL = SAFE);
CREATE AGGREGATE binary_eval_merge(bytea) (
  SFUNC = ce_eval_merge_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_eval_state_final,
  COMBINEFUNC = ce_eval_combine,
  SERIALFUNC = ce_eval_serial, DESERIALFUNC = ce_eval_deserial,
  MSFUNC = ce_eval_merge_step, MINVFUNC = ce_eval_merge_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_eval_state_final, PARALLEL = SAFE);

-- calibration_error(y, p [, w [, bins]]): bins fixed by a group's first
-- row (default 10: 1048 bytes, a 2048-byte chunk), parallel and moving
CREATE FUNCTION ce_calibration_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_step(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_step(internal, float8, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_inverse(internal, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_inverse(internal, float8, float8, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_final(internal) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_calibration_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_calibration_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_calibration_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE calibration_error(float8, float8) (
  SFUNC = ce_calibration_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_calibration_final,
  COMBINEFUNC = ce_calibration_combine,
  SERIALFUNC = ce_calibration_serial, DESERIALFUNC = ce_calibration_deserial,
  MSFUNC = ce_calibration_step, MINVFUNC = ce_calibration_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_calibration_final, PARALLEL = SAFE);
CREATE AGGREGATE calibration_error(float8, float8, float8) (
  SFUNC = ce_calibration_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_calibration_final,
  COMBINEFUNC = ce_calibration_combine,
  SERIALFUNC = ce_calibration_serial, DESERIALFUNC = ce_calibration_deserial,
  MSFUNC = ce_calibration_step, MINVFUNC = ce_calibration_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_calibration_final, PARALLEL = SAFE);
CREATE AGGREGATE calibration_error(float8, float8, float8, float8) (
  SFUNC = ce_calibration_step, STYPE = internal, SSPACE = 2048, FINALFUNC = ce_calibration_final,
  COMBINEFUNC = ce_calibration_combine,
  SERIALFUNC = ce_calibration_serial, DESERIALFUNC = ce_calibration_deserial,
  MSFUNC = ce_calibration_step, MINVFUNC = ce_calibration_inverse, MSTYPE = internal, MSSPACE = 2048,
  MFINALFUNC = ce_calibration_final, PARALLEL = SAFE);

-- paired_loss_test(loss_a, loss_b): json, parallel and moving
CREATE FUNCTION ce_paired_step(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_paired_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_paired_inverse(internal, float8, float8) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_paired_inverse' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_paired_final(internal) RETURNS json
  AS 'MODULE_PATHNAME', 'ce_pg_paired_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_paired_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_paired_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ce_paired_serial(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'ce_pg_paired_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ce_paired_deserial(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'ce_pg_paired_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE paired_loss_test(float8, float8) (
  SFUNC = ce_paired_step, STYPE = internal, SSPACE = 256, FINALFUNC = ce_paired_final,
  COMBINEFUNC = ce_paired_combine,
  SERIALFUNC = ce_paired_serial, DESERIALFUNC = ce_paired_deserial,
  MSFUNC = ce_paired_step, MINVFUNC = ce_paired_inverse, MSTYPE = internal, MSSPACE = 256,
  MFINALFUNC = ce_paired_final, PARALLEL = SAFE);
