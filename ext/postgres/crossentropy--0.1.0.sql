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
CREATE AGGREGATE mean_cross_entropy(float8, float8) (
  SFUNC = ce_mean_ce_step, STYPE = internal, FINALFUNC = ce_mean_ce_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial,
  MSFUNC = ce_mean_ce_step, MINVFUNC = ce_mean_ce_inverse, MSTYPE = internal,
  MFINALFUNC = ce_mean_ce_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy(float8, float8, float8) (
  SFUNC = ce_mean_ce_step, STYPE = internal, FINALFUNC = ce_mean_ce_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial,
  MSFUNC = ce_mean_ce_step, MINVFUNC = ce_mean_ce_inverse, MSTYPE = internal,
  MFINALFUNC = ce_mean_ce_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits(float8, float8) (
  SFUNC = ce_mean_logits_step, STYPE = internal, FINALFUNC = ce_mean_logits_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial,
  MSFUNC = ce_mean_logits_step, MINVFUNC = ce_mean_logits_inverse, MSTYPE = internal,
  MFINALFUNC = ce_mean_logits_final, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits(float8, float8, float8) (
  SFUNC = ce_mean_logits_step, STYPE = internal, FINALFUNC = ce_mean_logits_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial,
  MSFUNC = ce_mean_logits_step, MINVFUNC = ce_mean_logits_inverse, MSTYPE = internal,
  MFINALFUNC = ce_mean_logits_final, PARALLEL = SAFE);

-- the states: the 84-byte BLOBs of the SQLite extension, as bytea
CREATE AGGREGATE mean_cross_entropy_state(float8, float8) (
  SFUNC = ce_mean_ce_state_step, STYPE = internal, FINALFUNC = ce_mean_ce_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy_state(float8, float8, float8) (
  SFUNC = ce_mean_ce_state_step, STYPE = internal, FINALFUNC = ce_mean_ce_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_cross_entropy_merge(bytea) (
  SFUNC = ce_mean_ce_merge_step, STYPE = internal, FINALFUNC = ce_mean_ce_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_ce_serial, DESERIALFUNC = ce_mean_ce_deserial,
  MSFUNC = ce_mean_ce_merge_step, MINVFUNC = ce_mean_ce_merge_inverse, MSTYPE = internal,
  MFINALFUNC = ce_mean_ce_state_final, PARALLEL = SAFE);
CREATE FUNCTION mean_cross_entropy_value(state bytea) RETURNS float8
  AS 'MODULE_PATHNAME', 'ce_pg_mean_ce_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE mean_bce_logits_state(float8, float8) (
  SFUNC = ce_mean_logits_state_step, STYPE = internal, FINALFUNC = ce_mean_logits_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits_state(float8, float8, float8) (
  SFUNC = ce_mean_logits_state_step, STYPE = internal, FINALFUNC = ce_mean_logits_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial, PARALLEL = SAFE);
CREATE AGGREGATE mean_bce_logits_merge(bytea) (
  SFUNC = ce_mean_logits_merge_step, STYPE = internal, FINALFUNC = ce_mean_logits_state_final,
  COMBINEFUNC = ce_mean_combine,
  SERIALFUNC = ce_mean_logits_serial, DESERIALFUNC = ce_mean_logits_deserial,
  MSFUNC = ce_mean_logits_merge_step, MINVFUNC = ce_mean_logits_merge_inverse, MSTYPE = internal,
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
  SFUNC = ce_categorical_step, STYPE = internal, FINALFUNC = ce_categorical_final,
  COMBINEFUNC = ce_categorical_combine,
  SERIALFUNC = ce_categorical_serial, DESERIALFUNC = ce_categorical_deserial,
  MSFUNC = ce_categorical_step, MINVFUNC = ce_categorical_inverse, MSTYPE = internal,
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
  SFUNC = ce_softmax_step, STYPE = internal, FINALFUNC = ce_softmax_final,
  COMBINEFUNC = ce_softmax_combine,
  SERIALFUNC = ce_softmax_serial, DESERIALFUNC = ce_softmax_deserial,
  PARALLEL = SAFE);
