/*
** crossentropy_pg.c — the PostgreSQL front-end: the same losses as the
** SQLite extension over the same engine-neutral core (../core: kernels,
** argument signatures, state byte forms, evaluation statistics, error
** texts), linked in as objects of their own (Makefile: OBJS):
**
**   bce(y, p [, eps]), bce_logits(y, z [, pos_weight])       scalars, STRICT
**   mean_cross_entropy(y, p [, w]), mean_bce_logits(y, z [, w]),
**   brier_score(y, p [, w]), perplexity(logprob [, w])
**       aggregates: parallel (combine, serialize), moving (inverse)
**   categorical_ce(y, p)          aggregate: parallel and moving
**   softmax_ce(y, z)              aggregate: parallel (two running maxima
**                                 combine, ce_softmax_merge); no inverse
**   mean_cross_entropy_state / _merge / _value and the mean_bce_logits
**       ones: the partial state as bytea, byte for byte the SQLite BLOB
**   binary_eval(y, p [, w])       json; mean_cross_entropy_stderr,
**   normalized_entropy, d2_log_loss (y, p [, w]) float8; binary_eval_state
**   (y, p [, w]) and binary_eval_merge(state) bytea: aggregates over one
**       state, parallel and moving; binary_eval(state) json, STRICT
**   calibration_error(y, p [, w [, bins]])  aggregate: parallel and moving
**   paired_loss_test(loss_a, loss_b)        json aggregate: the same
**
** Rules (cited as [G1]..[G7]):
**  [G1] Arguments are read as their signature says (signatures.h) and a bad
**       one is reported with the SQLite front-end's text (messages.h), the
**       value written as a REAL: a float8 is one even when the query wrote
**       an integer ("got 90.0").
**  [G2] The aggregates skip rows with a NULL; over no rows they are NULL.
**       A moving aggregate's step never returns NULL, so a state is made
**       even for a skipped row (the final function gives NULL for none).
**  [G3] The mean aggregates' internal state is ce_state (state.h);
**       serialized, it is the 84-byte state of docs/states.md, so a state
**       written by SQLite merges here and back. brier_score's and
**       perplexity's are of their own kinds (4, 5), which only workers pass.
**  [G4] categorical_ce's, softmax_ce's, calibration_error's and
**       paired_loss_test's partial states between workers are
**       partial_state.h's byte forms, read back with its checks.
**  [G5] PostgreSQL calls one C symbol per SQL support function; where
**       several differ only by the SQL function they serve (the mean
**       aggregates, their states and merges, the statistics over
**       binary_eval's state), each is one line naming its SQL function,
**       signature and state kind (or statistic) for the shared code.
**  [G6] binary_eval's internal state is ce_eval (eval_state.h); serialized,
**       it is the 1324-byte state binary_eval_state() returns, so a state
**       written by SQLite merges here and back. The JSON is ce_eval_json's
**       and ce_paired_json's text, returned as json (whose datum is text).
**  [G7] calibration_error's bins are a whole number, fixed for a group by
**       its first row (its state is sized by it); a row, or a worker's
**       state, with other bins is an error.
*/
#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include <math.h>

#include "eval_stats.h"
#include "messages.h"
#include "partial_state.h"
#include "signatures.h"
#include "state.h"

PG_MODULE_MAGIC;

/* ---- arguments and errors ------------------------------------------- */

/* Raises the error (ereport does not return); callers still end their path
** as if it did, so no attribute is needed, which PostgreSQL 18 renamed. */
static void fail(int code, const char *message){
  ereport(ERROR, (errcode(code), errmsg("%s", message)));
}

/* The float8 argument at fcinfo position `at`, parameter k of sig, checked
** [G1]; the caller has handled NULL. */
static double arg(FunctionCallInfo fcinfo, int at, const char *func,
                  const ce_signature *sig, int k){
  double x = PG_GETARG_FLOAT8(at);
  if( !ce_in_range(x, sig->param[k].range) ){
    char message[CE_MESSAGE_SIZE];
    ce_range_error_text(message, sizeof message, func, sig->param[k].name,
                        k + 1, sig->param[k].range, x);
    fail(ERRCODE_INVALID_PARAMETER_VALUE, message);
  }
  return x;
}

/* The arguments from fcinfo position `from` on into a[], then the omitted
** trailing ones' defaults. */
static void read_args(FunctionCallInfo fcinfo, int from, const char *func,
                      const ce_signature *sig, double *a){
  int k, n = PG_NARGS() - from;
  for(k=0; k<n; k++) a[k] = arg(fcinfo, from + k, func, sig, k);
  for(; k<sig->n_params; k++) a[k] = sig->param[k].omitted;
}

static bool any_null(FunctionCallInfo fcinfo, int from){
  int i;
  for(i=from; i<PG_NARGS(); i++){
    if( PG_ARGISNULL(i) ) return true;
  }
  return false;
}

static MemoryContext agg_context(FunctionCallInfo fcinfo, const char *func){
  MemoryContext context;
  if( !AggCheckCallContext(fcinfo, &context) ){
    elog(ERROR, "%s called outside an aggregate", func);
  }
  return context;
}

/* A COMBINEFUNC's two states, state 2 to be merged into state 1: returns
** state 1 (NULL when both are NULL), made zero in the aggregate's context
** when only it is NULL; *b is state 2, NULL when there is nothing to merge. */
static void *combine_states(FunctionCallInfo fcinfo, const char *func,
                            size_t size, void **b){
  MemoryContext context = agg_context(fcinfo, func);
  void *a = PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0);
  *b = PG_ARGISNULL(1) ? NULL : PG_GETARG_POINTER(1);
  if( *b!=NULL && a==NULL ) a = MemoryContextAllocZero(context, size);
  return a;
}

/* A bytea of n bytes, its data for the caller to write. */
static bytea *new_bytea(size_t n){
  bytea *out = (bytea*)palloc(VARHDRSZ + n);
  SET_VARSIZE(out, VARHDRSZ + n);
  return out;
}

/* ---- scalars ---------------------------------------------------------- */

static Datum scalar(FunctionCallInfo fcinfo, const char *func,
                    const ce_signature *sig){
  double a[CE_MAX_PARAMS];
  read_args(fcinfo, 0, func, sig, a);
  PG_RETURN_FLOAT8(sig->loss(a));
}

PG_FUNCTION_INFO_V1(ce_pg_bce);
Datum ce_pg_bce(PG_FUNCTION_ARGS){ return scalar(fcinfo, "bce", &CE_SIG_BCE); }
PG_FUNCTION_INFO_V1(ce_pg_bce_logits);
Datum ce_pg_bce_logits(PG_FUNCTION_ARGS){
  return scalar(fcinfo, "bce_logits", &CE_SIG_BCE_LOGITS);
}

/* ---- the mean aggregates ---------------------------------------------- */

static ce_state *new_state(MemoryContext context){
  return (ce_state*)MemoryContextAllocZero(context, sizeof(ce_state));
}

/* One row into (sign +1) or out of (-1) a mean state [G2]; the weight is
** the signature's last parameter, when the call gives them all. */
static Datum mean_row(FunctionCallInfo fcinfo, const char *func,
                      const ce_signature *sig, int sign){
  MemoryContext context = agg_context(fcinfo, func);
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  int n = PG_NARGS() - 1, weighted = n==sig->n_params;
  if( s==NULL ) s = new_state(context);
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(s);
  read_args(fcinfo, 1, func, sig, a);
  ce_state_add(s, sig->loss(a), weighted ? a[n-1] : 1.0, weighted, sign);
  PG_RETURN_POINTER(s);
}

/* [G5] */
#define MEAN_STEP(symbol, func, sig, sign)                                    \
  PG_FUNCTION_INFO_V1(symbol);                                                \
  Datum symbol(PG_FUNCTION_ARGS){ return mean_row(fcinfo, func, sig, sign); }

MEAN_STEP(ce_pg_mean_ce_step, "mean_cross_entropy", &CE_SIG_MEAN_BCE, +1)
MEAN_STEP(ce_pg_mean_ce_inverse, "mean_cross_entropy", &CE_SIG_MEAN_BCE, -1)
MEAN_STEP(ce_pg_mean_ce_state_step, "mean_cross_entropy_state",
          &CE_SIG_MEAN_BCE, +1)
MEAN_STEP(ce_pg_mean_logits_step, "mean_bce_logits", &CE_SIG_MEAN_LOGITS, +1)
MEAN_STEP(ce_pg_mean_logits_inverse, "mean_bce_logits", &CE_SIG_MEAN_LOGITS,
          -1)
MEAN_STEP(ce_pg_mean_logits_state_step, "mean_bce_logits_state",
          &CE_SIG_MEAN_LOGITS, +1)
MEAN_STEP(ce_pg_brier_step, "brier_score", &CE_SIG_BRIER, +1)
MEAN_STEP(ce_pg_brier_inverse, "brier_score", &CE_SIG_BRIER, -1)
MEAN_STEP(ce_pg_perplexity_step, "perplexity", &CE_SIG_PERPLEXITY, +1)
MEAN_STEP(ce_pg_perplexity_inverse, "perplexity", &CE_SIG_PERPLEXITY, -1)

/* The overflow error of func, its weights the argument at weight_position
** (0: none). */
static void overflow_error(const char *func, int weight_position){
  char message[CE_MESSAGE_SIZE];
  ce_mean_overflow_text(message, sizeof message, func, weight_position);
  fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, message);
}

/* The mean of a state into *mean: false for none; an overflow is the error
** SQLite's is, its weights the argument at weight_position. */
static bool mean_of(const ce_state *s, const char *func, int weight_position,
                    double *mean){
  switch( ce_mean_value(&s->mean, s->weighted, mean) ){
    case CE_VALUE:
      return true;
    case CE_EMPTY:
      return false;
    default:
      overflow_error(func, s->weighted ? weight_position : 0);
  }
  return false;                                            /* not reached */
}

/* The mean of a state as the result: NULL for none, errors as SQLite's. */
static Datum mean_result(FunctionCallInfo fcinfo, const ce_state *s,
                         const char *func){
  double mean;
  if( !mean_of(s, func, 3, &mean) ) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(mean);
}

static Datum mean_final(FunctionCallInfo fcinfo, const char *func){
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  return mean_result(fcinfo, (ce_state*)PG_GETARG_POINTER(0), func);
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_final);
Datum ce_pg_mean_ce_final(PG_FUNCTION_ARGS){
  return mean_final(fcinfo, "mean_cross_entropy");
}
PG_FUNCTION_INFO_V1(ce_pg_mean_logits_final);
Datum ce_pg_mean_logits_final(PG_FUNCTION_ARGS){
  return mean_final(fcinfo, "mean_bce_logits");
}
PG_FUNCTION_INFO_V1(ce_pg_brier_final);
Datum ce_pg_brier_final(PG_FUNCTION_ARGS){
  return mean_final(fcinfo, "brier_score");
}

/* exp of the mean of −logprob: +Inf while a row of logprob −Inf (and
** weight > 0) is in the state; its weights are the 2nd argument. */
PG_FUNCTION_INFO_V1(ce_pg_perplexity_final);
Datum ce_pg_perplexity_final(PG_FUNCTION_ARGS){
  double mean;
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  if( !mean_of((ce_state*)PG_GETARG_POINTER(0), "perplexity", 2, &mean) ){
    PG_RETURN_NULL();
  }
  if( isfinite(mean) && exp(mean)==HUGE_VAL ){
    char message[CE_MESSAGE_SIZE];
    ce_perplexity_overflow_text(message, sizeof message, "perplexity", mean);
    fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, message);
  }
  PG_RETURN_FLOAT8(exp(mean));
}

/* COMBINEFUNC: state 2 merged into state 1 (a copy when 1 is NULL). */
PG_FUNCTION_INFO_V1(ce_pg_mean_combine);
Datum ce_pg_mean_combine(PG_FUNCTION_ARGS){
  void *b;
  ce_state *a = combine_states(fcinfo, "ce_pg_mean_combine", sizeof(*a), &b);
  if( a==NULL ) PG_RETURN_NULL();
  if( b!=NULL && !ce_state_merge(a, (ce_state*)b, +1) ){
    fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
         "the merged states hold more rows than a 64-bit count");
  }
  PG_RETURN_POINTER(a);
}

/* SERIALFUNC, and the _state aggregates' result: the 84-byte state [G3]. */
static bytea *state_bytes(const ce_state *s, ce_state_kind kind){
  bytea *out = new_bytea(CE_STATE_BYTES);
  ce_state_write(s, kind, (unsigned char*)VARDATA(out));
  return out;
}

/* Reads a state argument: the same checks and messages as SQLite's. */
static void read_state(bytea *in, ce_state_kind kind, const char *func,
                       ce_state *s){
  int found = 0;
  int64_t n = VARSIZE_ANY_EXHDR(in);
  ce_state_status status = ce_state_read((const unsigned char*)VARDATA_ANY(in),
                                         n, kind, s, &found);
  if( status!=CE_STATE_OK ){
    char message[CE_MESSAGE_SIZE];
    ce_state_error_text(message, sizeof message, func,
                        ce_state_kind_name(kind), status, found, n);
    fail(ERRCODE_INVALID_PARAMETER_VALUE, message);
  }
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_serial);
Datum ce_pg_mean_ce_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(state_bytes((ce_state*)PG_GETARG_POINTER(0),
                                CE_STATE_MEAN_CE));
}
PG_FUNCTION_INFO_V1(ce_pg_mean_logits_serial);
Datum ce_pg_mean_logits_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(state_bytes((ce_state*)PG_GETARG_POINTER(0),
                                CE_STATE_MEAN_LOGITS));
}
PG_FUNCTION_INFO_V1(ce_pg_brier_serial);
Datum ce_pg_brier_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(state_bytes((ce_state*)PG_GETARG_POINTER(0),
                                CE_STATE_BRIER));                   /* [G3] */
}
PG_FUNCTION_INFO_V1(ce_pg_perplexity_serial);
Datum ce_pg_perplexity_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(state_bytes((ce_state*)PG_GETARG_POINTER(0),
                                CE_STATE_PERPLEXITY));              /* [G3] */
}

/* In the current memory context, as PostgreSQL's own deserializers: the
** combine function copies what it keeps into the aggregate's context. */
static Datum deserial(FunctionCallInfo fcinfo, ce_state_kind kind){
  ce_state *s = (ce_state*)palloc0(sizeof(ce_state));
  read_state(PG_GETARG_BYTEA_PP(0), kind, ce_state_kind_name(kind), s);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_deserial);
Datum ce_pg_mean_ce_deserial(PG_FUNCTION_ARGS){
  return deserial(fcinfo, CE_STATE_MEAN_CE);
}
PG_FUNCTION_INFO_V1(ce_pg_mean_logits_deserial);
Datum ce_pg_mean_logits_deserial(PG_FUNCTION_ARGS){
  return deserial(fcinfo, CE_STATE_MEAN_LOGITS);
}
PG_FUNCTION_INFO_V1(ce_pg_brier_deserial);
Datum ce_pg_brier_deserial(PG_FUNCTION_ARGS){
  return deserial(fcinfo, CE_STATE_BRIER);
}
PG_FUNCTION_INFO_V1(ce_pg_perplexity_deserial);
Datum ce_pg_perplexity_deserial(PG_FUNCTION_ARGS){
  return deserial(fcinfo, CE_STATE_PERPLEXITY);
}

/* ---- states as values: _state final, _merge, _value --------------------- */

static Datum state_final(FunctionCallInfo fcinfo, ce_state_kind kind){
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  if( s==NULL || s->mean.n_rows==0 ) PG_RETURN_NULL();
  PG_RETURN_BYTEA_P(state_bytes(s, kind));
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_state_final);
Datum ce_pg_mean_ce_state_final(PG_FUNCTION_ARGS){
  return state_final(fcinfo, CE_STATE_MEAN_CE);
}
PG_FUNCTION_INFO_V1(ce_pg_mean_logits_state_final);
Datum ce_pg_mean_logits_state_final(PG_FUNCTION_ARGS){
  return state_final(fcinfo, CE_STATE_MEAN_LOGITS);
}

/* _merge's step and inverse: a state (bytea) into or out of the merged one. */
static Datum merge_row(FunctionCallInfo fcinfo, ce_state_kind kind,
                       const char *func, int sign){
  MemoryContext context = agg_context(fcinfo, func);
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  ce_state part;
  if( s==NULL ) s = new_state(context);                            /* [G2] */
  if( PG_ARGISNULL(1) ) PG_RETURN_POINTER(s);
  read_state(PG_GETARG_BYTEA_PP(1), kind, func, &part);
  if( !ce_state_merge(s, &part, sign) ){
    char message[CE_MESSAGE_SIZE];
    ce_merge_overflow_text(message, sizeof message, func);
    fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, message);
  }
  PG_RETURN_POINTER(s);
}

/* [G5] */
#define MERGE_STEP(symbol, kind, func, sign)                                  \
  PG_FUNCTION_INFO_V1(symbol);                                                \
  Datum symbol(PG_FUNCTION_ARGS){ return merge_row(fcinfo, kind, func, sign); }

MERGE_STEP(ce_pg_mean_ce_merge_step, CE_STATE_MEAN_CE,
           "mean_cross_entropy_merge", +1)
MERGE_STEP(ce_pg_mean_ce_merge_inverse, CE_STATE_MEAN_CE,
           "mean_cross_entropy_merge", -1)
MERGE_STEP(ce_pg_mean_logits_merge_step, CE_STATE_MEAN_LOGITS,
           "mean_bce_logits_merge", +1)
MERGE_STEP(ce_pg_mean_logits_merge_inverse, CE_STATE_MEAN_LOGITS,
           "mean_bce_logits_merge", -1)

static Datum state_value(FunctionCallInfo fcinfo, ce_state_kind kind,
                         const char *func){
  ce_state s;
  read_state(PG_GETARG_BYTEA_PP(0), kind, func, &s);
  return mean_result(fcinfo, &s, func);
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_value);
Datum ce_pg_mean_ce_value(PG_FUNCTION_ARGS){
  return state_value(fcinfo, CE_STATE_MEAN_CE, "mean_cross_entropy_value");
}
PG_FUNCTION_INFO_V1(ce_pg_mean_logits_value);
Datum ce_pg_mean_logits_value(PG_FUNCTION_ARGS){
  return state_value(fcinfo, CE_STATE_MEAN_LOGITS, "mean_bce_logits_value");
}

/* ---- categorical_ce: a sum of terms, parallel and moving ----------------- */

static Datum categorical_row(FunctionCallInfo fcinfo, int sign){
  MemoryContext context = agg_context(fcinfo, "categorical_ce");
  ce_total *t = PG_ARGISNULL(0) ? NULL : (ce_total*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  if( t==NULL ) t = (ce_total*)MemoryContextAllocZero(context, sizeof(*t));
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(t);                  /* [G2] */
  read_args(fcinfo, 1, "categorical_ce", &CE_SIG_CATEGORICAL, a);
  ce_total_update(t, CE_SIG_CATEGORICAL.loss(a), sign);
  PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(ce_pg_categorical_step);
Datum ce_pg_categorical_step(PG_FUNCTION_ARGS){ return categorical_row(fcinfo, +1); }
PG_FUNCTION_INFO_V1(ce_pg_categorical_inverse);
Datum ce_pg_categorical_inverse(PG_FUNCTION_ARGS){ return categorical_row(fcinfo, -1); }

PG_FUNCTION_INFO_V1(ce_pg_categorical_final);
Datum ce_pg_categorical_final(PG_FUNCTION_ARGS){
  double sum;
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  if( ce_total_value((ce_total*)PG_GETARG_POINTER(0), &sum)==CE_EMPTY ){
    PG_RETURN_NULL();
  }
  PG_RETURN_FLOAT8(sum);
}

PG_FUNCTION_INFO_V1(ce_pg_categorical_combine);
Datum ce_pg_categorical_combine(PG_FUNCTION_ARGS){
  void *other;
  ce_total *a = combine_states(fcinfo, "categorical_ce", sizeof(*a), &other);
  const ce_total *b = other;
  if( a==NULL ) PG_RETURN_NULL();
  if( b==NULL ) PG_RETURN_POINTER(a);
  if( !ce_counted_sum_merge(&a->sum, &b->sum, +1) ){
    fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
         "categorical_ce(): more terms than a 64-bit count");
  }
  a->n_rows += b->n_rows;
  PG_RETURN_POINTER(a);
}

/* [G4] */
PG_FUNCTION_INFO_V1(ce_pg_categorical_serial);
Datum ce_pg_categorical_serial(PG_FUNCTION_ARGS){
  bytea *out = new_bytea(CE_TOTAL_BYTES);
  ce_total_write((ce_total*)PG_GETARG_POINTER(0),
                 (unsigned char*)VARDATA(out));
  PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(ce_pg_categorical_deserial);
Datum ce_pg_categorical_deserial(PG_FUNCTION_ARGS){
  bytea *in = PG_GETARG_BYTEA_PP(0);
  ce_total *t = (ce_total*)palloc0(sizeof(*t));          /* as deserial() */
  if( !ce_total_read((const unsigned char*)VARDATA_ANY(in),
                     VARSIZE_ANY_EXHDR(in), t) ){
    elog(ERROR, "categorical_ce: bad partial state");
  }
  PG_RETURN_POINTER(t);
}

/* ---- softmax_ce: one observation's logits ------------------------------ */

PG_FUNCTION_INFO_V1(ce_pg_softmax_step);
Datum ce_pg_softmax_step(PG_FUNCTION_ARGS){
  MemoryContext context = agg_context(fcinfo, "softmax_ce");
  ce_softmax *s = PG_ARGISNULL(0) ? NULL : (ce_softmax*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  if( any_null(fcinfo, 1) ){
    if( s==NULL ) PG_RETURN_NULL();
    PG_RETURN_POINTER(s);
  }
  read_args(fcinfo, 1, "softmax_ce", &CE_SIG_SOFTMAX, a);
  if( s==NULL ) s = (ce_softmax*)MemoryContextAllocZero(context, sizeof(*s));
  ce_softmax_add(s, a[0], a[1]);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ce_pg_softmax_final);
Datum ce_pg_softmax_final(PG_FUNCTION_ARGS){
  ce_softmax *s;
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  s = (ce_softmax*)PG_GETARG_POINTER(0);
  if( s->n_rows==0 ) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(ce_softmax_value(s));
}

PG_FUNCTION_INFO_V1(ce_pg_softmax_combine);
Datum ce_pg_softmax_combine(PG_FUNCTION_ARGS){
  void *b;
  ce_softmax *a = combine_states(fcinfo, "softmax_ce", sizeof(*a), &b);
  if( a==NULL ) PG_RETURN_NULL();
  if( b!=NULL ) ce_softmax_merge(a, (const ce_softmax*)b);
  PG_RETURN_POINTER(a);
}

/* [G4] */
PG_FUNCTION_INFO_V1(ce_pg_softmax_serial);
Datum ce_pg_softmax_serial(PG_FUNCTION_ARGS){
  bytea *out = new_bytea(CE_SOFTMAX_BYTES);
  ce_softmax_write((ce_softmax*)PG_GETARG_POINTER(0),
                   (unsigned char*)VARDATA(out));
  PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(ce_pg_softmax_deserial);
Datum ce_pg_softmax_deserial(PG_FUNCTION_ARGS){
  bytea *in = PG_GETARG_BYTEA_PP(0);
  ce_softmax *s = (ce_softmax*)palloc0(sizeof(*s));        /* as deserial() */
  if( !ce_softmax_read((const unsigned char*)VARDATA_ANY(in),
                       VARSIZE_ANY_EXHDR(in), s) ){
    elog(ERROR, "softmax_ce: bad partial state");
  }
  PG_RETURN_POINTER(s);
}

/* ---- binary_eval and the statistics over its state [G6] ----------------- */

/* What an aggregate over binary_eval's state returns. */
typedef enum eval_what {
  EVAL_JSON, EVAL_STDERR, EVAL_ENTROPY, EVAL_D2
} eval_what;

/* One row into (sign +1) or out of (-1) binary_eval's state [G1][G2], read
** as mean_cross_entropy's. */
static Datum eval_row(FunctionCallInfo fcinfo, const char *func, int sign){
  MemoryContext context = agg_context(fcinfo, func);
  ce_eval *e = PG_ARGISNULL(0) ? NULL : (ce_eval*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  int weighted = PG_NARGS() - 1==CE_SIG_MEAN_BCE.n_params;
  if( e==NULL ) e = (ce_eval*)MemoryContextAllocZero(context, sizeof(*e));
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(e);
  read_args(fcinfo, 1, func, &CE_SIG_MEAN_BCE, a);
  ce_eval_add(e, a[0], a[1], weighted ? a[2] : 1.0, weighted, sign);
  PG_RETURN_POINTER(e);
}

/* [G5] */
#define EVAL_STEP(symbol, func, sign)                                         \
  PG_FUNCTION_INFO_V1(symbol);                                                \
  Datum symbol(PG_FUNCTION_ARGS){ return eval_row(fcinfo, func, sign); }

EVAL_STEP(ce_pg_eval_step, "binary_eval", +1)
EVAL_STEP(ce_pg_eval_inverse, "binary_eval", -1)
EVAL_STEP(ce_pg_eval_stderr_step, "mean_cross_entropy_stderr", +1)
EVAL_STEP(ce_pg_eval_stderr_inverse, "mean_cross_entropy_stderr", -1)
EVAL_STEP(ce_pg_eval_entropy_step, "normalized_entropy", +1)
EVAL_STEP(ce_pg_eval_entropy_inverse, "normalized_entropy", -1)
EVAL_STEP(ce_pg_eval_d2_step, "d2_log_loss", +1)
EVAL_STEP(ce_pg_eval_d2_inverse, "d2_log_loss", -1)
EVAL_STEP(ce_pg_eval_state_step, "binary_eval_state", +1)
EVAL_STEP(ce_pg_eval_state_inverse, "binary_eval_state", -1)

/* A JSON text as a json datum: json's datum is its text [G6]. */
static Datum json_result(const char *text, size_t n){
  PG_RETURN_TEXT_P(cstring_to_text_with_len(text, (int)n));
}

/* What a state gives as `what`: NULL for no value, errors as SQLite's. */
static Datum eval_result(FunctionCallInfo fcinfo, const ce_eval *e,
                         const char *func, eval_what what){
  ce_eval_summary s;
  switch( ce_eval_summarize(e, &s) ){
    case CE_VALUE:
      break;
    case CE_EMPTY:
      PG_RETURN_NULL();                                             /* [G2] */
    default:
      overflow_error(func, e->mean.weighted ? 3 : 0);
  }
  if( s.stderr_overflow && (what==EVAL_STDERR || what==EVAL_JSON) ){
    char message[CE_MESSAGE_SIZE];                                 /* [J5] */
    ce_spread_range_text(message, sizeof message, func, 3);
    fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, message);
  }
  switch( what ){
    case EVAL_STDERR:
      if( !s.has_stderr ) PG_RETURN_NULL();
      PG_RETURN_FLOAT8(s.log_loss_stderr);
    case EVAL_ENTROPY:
      if( !s.has_entropy ) PG_RETURN_NULL();
      PG_RETURN_FLOAT8(s.normalized_entropy);
    case EVAL_D2:
      if( !s.has_entropy ) PG_RETURN_NULL();
      PG_RETURN_FLOAT8(s.d2_log_loss);
    default: {
      char json[CE_EVAL_JSON_SIZE];
      return json_result(json, ce_eval_json(e, &s, json, sizeof json));
    }
  }
}

static Datum eval_final(FunctionCallInfo fcinfo, const char *func,
                        eval_what what){
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  return eval_result(fcinfo, (ce_eval*)PG_GETARG_POINTER(0), func, what);
}

/* [G5] */
#define EVAL_FINAL(symbol, func, what)                                        \
  PG_FUNCTION_INFO_V1(symbol);                                                \
  Datum symbol(PG_FUNCTION_ARGS){ return eval_final(fcinfo, func, what); }

EVAL_FINAL(ce_pg_eval_final, "binary_eval", EVAL_JSON)
EVAL_FINAL(ce_pg_eval_stderr_final, "mean_cross_entropy_stderr", EVAL_STDERR)
EVAL_FINAL(ce_pg_eval_entropy_final, "normalized_entropy", EVAL_ENTROPY)
EVAL_FINAL(ce_pg_eval_d2_final, "d2_log_loss", EVAL_D2)

/* SERIALFUNC, and the result of _state and _merge: the 1324 bytes [G6]. */
static bytea *eval_bytes(const ce_eval *e){
  bytea *out = new_bytea(CE_EVAL_STATE_BYTES);
  ce_eval_write(e, (unsigned char*)VARDATA(out));
  return out;
}

/* Reads a state argument: the same checks and messages as SQLite's. */
static void read_eval(bytea *in, const char *func, ce_eval *e){
  int found = 0;
  int64_t n = VARSIZE_ANY_EXHDR(in);
  ce_state_status status = ce_eval_read((const unsigned char*)VARDATA_ANY(in),
                                        n, e, &found);
  if( status!=CE_STATE_OK ){
    char message[CE_MESSAGE_SIZE];
    ce_state_error_text(message, sizeof message, func, "binary_eval", status,
                        found, n);
    fail(ERRCODE_INVALID_PARAMETER_VALUE, message);
  }
}

PG_FUNCTION_INFO_V1(ce_pg_eval_state_final);
Datum ce_pg_eval_state_final(PG_FUNCTION_ARGS){
  ce_eval *e = PG_ARGISNULL(0) ? NULL : (ce_eval*)PG_GETARG_POINTER(0);
  if( e==NULL || e->mean.mean.n_rows==0 ) PG_RETURN_NULL();        /* [G2] */
  PG_RETURN_BYTEA_P(eval_bytes(e));
}

PG_FUNCTION_INFO_V1(ce_pg_eval_serial);
Datum ce_pg_eval_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(eval_bytes((ce_eval*)PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(ce_pg_eval_deserial);
Datum ce_pg_eval_deserial(PG_FUNCTION_ARGS){
  ce_eval *e = (ce_eval*)palloc0(sizeof(*e));              /* as deserial() */
  read_eval(PG_GETARG_BYTEA_PP(0), "binary_eval", e);
  PG_RETURN_POINTER(e);
}

static void merge_overflow_error(const char *func){
  char message[CE_MESSAGE_SIZE];
  ce_merge_overflow_text(message, sizeof message, func);
  fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, message);
}

PG_FUNCTION_INFO_V1(ce_pg_eval_combine);
Datum ce_pg_eval_combine(PG_FUNCTION_ARGS){
  void *b;
  ce_eval *a = combine_states(fcinfo, "binary_eval", sizeof(*a), &b);
  if( a==NULL ) PG_RETURN_NULL();
  if( b!=NULL && !ce_eval_merge(a, (const ce_eval*)b, +1) ){
    merge_overflow_error("binary_eval");
  }
  PG_RETURN_POINTER(a);
}

/* binary_eval_merge's step and inverse: a state into or out of the merged
** one. */
static Datum eval_merge_row(FunctionCallInfo fcinfo, int sign){
  const char *func = "binary_eval_merge";
  MemoryContext context = agg_context(fcinfo, func);
  ce_eval *e = PG_ARGISNULL(0) ? NULL : (ce_eval*)PG_GETARG_POINTER(0);
  ce_eval part;
  if( e==NULL ) e = (ce_eval*)MemoryContextAllocZero(context, sizeof(*e));
  if( PG_ARGISNULL(1) ) PG_RETURN_POINTER(e);                      /* [G2] */
  read_eval(PG_GETARG_BYTEA_PP(1), func, &part);
  if( !ce_eval_merge(e, &part, sign) ) merge_overflow_error(func);
  PG_RETURN_POINTER(e);
}

PG_FUNCTION_INFO_V1(ce_pg_eval_merge_step);
Datum ce_pg_eval_merge_step(PG_FUNCTION_ARGS){ return eval_merge_row(fcinfo, +1); }
PG_FUNCTION_INFO_V1(ce_pg_eval_merge_inverse);
Datum ce_pg_eval_merge_inverse(PG_FUNCTION_ARGS){ return eval_merge_row(fcinfo, -1); }

/* binary_eval(state): the JSON a state holds. */
PG_FUNCTION_INFO_V1(ce_pg_eval_value);
Datum ce_pg_eval_value(PG_FUNCTION_ARGS){
  ce_eval e;
  read_eval(PG_GETARG_BYTEA_PP(0), "binary_eval", &e);
  return eval_result(fcinfo, &e, "binary_eval", EVAL_JSON);
}

/* ---- calibration_error: any number of bins [G7] ------------------------- */

static ce_calibration *new_calibration(MemoryContext context, int bins){
  ce_calibration *c = (ce_calibration*)MemoryContextAllocZero(context,
                                                ce_calibration_size(bins));
  c->n_bins = bins;
  return c;
}

static void bins_changed(int bins, int first){
  char message[CE_MESSAGE_SIZE];
  ce_bins_changed_text(message, sizeof message, "calibration_error", bins,
                       first);
  fail(ERRCODE_INVALID_PARAMETER_VALUE, message);
}

/* One row into or out of the bins; a state of no bins until the group's
** first row that is not skipped [G2]. */
static Datum calibration_row(FunctionCallInfo fcinfo, int sign){
  const char *func = "calibration_error";
  const ce_signature *sig = &CE_SIG_CALIBRATION;
  MemoryContext context = agg_context(fcinfo, func);
  ce_calibration *c = PG_ARGISNULL(0) ? NULL
                                      : (ce_calibration*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  int bins;
  if( any_null(fcinfo, 1) ){
    if( c==NULL ) c = new_calibration(context, 0);
    PG_RETURN_POINTER(c);
  }
  read_args(fcinfo, 1, func, sig, a);                               /* [G1] */
  if( a[3]!=floor(a[3]) ){                                          /* [G7] */
    char message[CE_MESSAGE_SIZE];
    ce_range_error_text(message, sizeof message, func, sig->param[3].name, 4,
                        CE_RANGE_BINS, a[3]);
    fail(ERRCODE_INVALID_PARAMETER_VALUE, message);
  }
  bins = (int)a[3];
  if( c==NULL || c->n_bins==0 ){
    c = new_calibration(context, bins);            /* the group's first row */
  }else if( c->n_bins!=bins ){
    bins_changed(bins, c->n_bins);
  }
  ce_calibration_add(c, a[0], a[1], a[2], sign);
  PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(ce_pg_calibration_step);
Datum ce_pg_calibration_step(PG_FUNCTION_ARGS){ return calibration_row(fcinfo, +1); }
PG_FUNCTION_INFO_V1(ce_pg_calibration_inverse);
Datum ce_pg_calibration_inverse(PG_FUNCTION_ARGS){ return calibration_row(fcinfo, -1); }

PG_FUNCTION_INFO_V1(ce_pg_calibration_final);
Datum ce_pg_calibration_final(PG_FUNCTION_ARGS){
  ce_calibration *c;
  double ece;
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  c = (ce_calibration*)PG_GETARG_POINTER(0);
  switch( ce_calibration_value(c->bin, c->n_bins, &ece) ){
    case CE_VALUE:
      PG_RETURN_FLOAT8(ece);
    case CE_EMPTY:
      PG_RETURN_NULL();                                             /* [G2] */
    default:
      overflow_error("calibration_error", 3);
  }
  PG_RETURN_NULL();                                        /* not reached */
}

/* COMBINEFUNC: b's bins into a's, which must be as many [G7]. */
PG_FUNCTION_INFO_V1(ce_pg_calibration_combine);
Datum ce_pg_calibration_combine(PG_FUNCTION_ARGS){
  MemoryContext context = agg_context(fcinfo, "calibration_error");
  ce_calibration *a = PG_ARGISNULL(0) ? NULL
                                      : (ce_calibration*)PG_GETARG_POINTER(0);
  const ce_calibration *b = PG_ARGISNULL(1) ? NULL
                          : (const ce_calibration*)PG_GETARG_POINTER(1);
  if( b==NULL || b->n_bins==0 ){
    if( a==NULL ) PG_RETURN_NULL();
    PG_RETURN_POINTER(a);
  }
  if( a==NULL || a->n_bins==0 ){
    size_t size = ce_calibration_size(b->n_bins);
    a = (ce_calibration*)MemoryContextAlloc(context, size);
    memcpy(a, b, size);
    PG_RETURN_POINTER(a);
  }
  if( a->n_bins!=b->n_bins ) bins_changed(b->n_bins, a->n_bins);
  if( !ce_eval_bins_merge(a->bin, b->bin, a->n_bins, +1) ){
    merge_overflow_error("calibration_error");
  }
  PG_RETURN_POINTER(a);
}

/* [G4] */
PG_FUNCTION_INFO_V1(ce_pg_calibration_serial);
Datum ce_pg_calibration_serial(PG_FUNCTION_ARGS){
  const ce_calibration *c = (const ce_calibration*)PG_GETARG_POINTER(0);
  bytea *out = new_bytea(ce_calibration_bytes(c->n_bins));
  ce_calibration_write(c, (unsigned char*)VARDATA(out));
  PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(ce_pg_calibration_deserial);
Datum ce_pg_calibration_deserial(PG_FUNCTION_ARGS){
  bytea *in = PG_GETARG_BYTEA_PP(0);
  const unsigned char *bytes = (const unsigned char*)VARDATA_ANY(in);
  int64_t n = VARSIZE_ANY_EXHDR(in);
  int bins = ce_calibration_read_bins(bytes, n);
  ce_calibration *c;
  if( bins<0 ) elog(ERROR, "calibration_error: bad partial state");
  c = (ce_calibration*)palloc0(ce_calibration_size(bins)); /* as deserial() */
  if( !ce_calibration_read(bytes, n, c) ){
    elog(ERROR, "calibration_error: bad partial state");
  }
  PG_RETURN_POINTER(c);
}

/* ---- paired_loss_test ---------------------------------------------------- */

static Datum paired_row(FunctionCallInfo fcinfo, int sign){
  MemoryContext context = agg_context(fcinfo, "paired_loss_test");
  ce_paired *s = PG_ARGISNULL(0) ? NULL : (ce_paired*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  if( s==NULL ) s = (ce_paired*)MemoryContextAllocZero(context, sizeof(*s));
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(s);                  /* [G2] */
  read_args(fcinfo, 1, "paired_loss_test", &CE_SIG_PAIRED, a);      /* [G1] */
  ce_paired_add(s, a[0], a[1], sign);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ce_pg_paired_step);
Datum ce_pg_paired_step(PG_FUNCTION_ARGS){ return paired_row(fcinfo, +1); }
PG_FUNCTION_INFO_V1(ce_pg_paired_inverse);
Datum ce_pg_paired_inverse(PG_FUNCTION_ARGS){ return paired_row(fcinfo, -1); }

PG_FUNCTION_INFO_V1(ce_pg_paired_final);
Datum ce_pg_paired_final(PG_FUNCTION_ARGS){
  ce_paired_summary s;
  char json[CE_PAIRED_JSON_SIZE];
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  switch( ce_paired_summarize((ce_paired*)PG_GETARG_POINTER(0), &s) ){
    case CE_VALUE:                                                  /* [G6] */
      return json_result(json, ce_paired_json(&s, json, sizeof json));
    case CE_EMPTY:
      PG_RETURN_NULL();                                             /* [G2] */
    default:
      overflow_error("paired_loss_test", 0);
  }
  PG_RETURN_NULL();                                        /* not reached */
}

PG_FUNCTION_INFO_V1(ce_pg_paired_combine);
Datum ce_pg_paired_combine(PG_FUNCTION_ARGS){
  void *b;
  ce_paired *a = combine_states(fcinfo, "paired_loss_test", sizeof(*a), &b);
  if( a==NULL ) PG_RETURN_NULL();
  if( b!=NULL && !ce_paired_merge(a, (const ce_paired*)b, +1) ){
    merge_overflow_error("paired_loss_test");
  }
  PG_RETURN_POINTER(a);
}

/* [G4] */
PG_FUNCTION_INFO_V1(ce_pg_paired_serial);
Datum ce_pg_paired_serial(PG_FUNCTION_ARGS){
  bytea *out = new_bytea(CE_PAIRED_BYTES);
  ce_paired_write((ce_paired*)PG_GETARG_POINTER(0),
                  (unsigned char*)VARDATA(out));
  PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(ce_pg_paired_deserial);
Datum ce_pg_paired_deserial(PG_FUNCTION_ARGS){
  bytea *in = PG_GETARG_BYTEA_PP(0);
  ce_paired *s = (ce_paired*)palloc0(sizeof(*s));          /* as deserial() */
  if( !ce_paired_read((const unsigned char*)VARDATA_ANY(in),
                      VARSIZE_ANY_EXHDR(in), s) ){
    elog(ERROR, "paired_loss_test: bad partial state");
  }
  PG_RETURN_POINTER(s);
}
