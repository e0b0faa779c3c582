/*
** crossentropy_pg.c — the PostgreSQL front-end: the same losses as the
** SQLite extension over the same engine-neutral core (../core: kernels,
** argument signatures, state byte forms, error texts), linked in as objects
** of their own (Makefile: OBJS):
**
**   bce(y, p [, eps]), bce_logits(y, z [, pos_weight])       scalars, STRICT
**   mean_cross_entropy(y, p [, w]), mean_bce_logits(y, z [, w])
**       aggregates: parallel (combine, serialize), moving (inverse)
**   categorical_ce(y, p)          aggregate: parallel and moving
**   softmax_ce(y, z)              aggregate: parallel (two running maxima
**                                 combine, ce_softmax_merge); no inverse
**   mean_cross_entropy_state / _merge / _value and the mean_bce_logits
**       ones: the partial state as bytea, byte for byte the SQLite BLOB
**
** Rules (cited as [G1]..[G5]):
**  [G1] Arguments are read as their signature says (signatures.h) and a bad
**       one is reported with the SQLite front-end's text (messages.h), the
**       value written as a REAL: a float8 is one even when the query wrote
**       an integer ("got 90.0").
**  [G2] The aggregates skip rows with a NULL; over no rows they are NULL.
**       A moving aggregate's step never returns NULL, so a state is made
**       even for a skipped row (the final function gives NULL for none).
**  [G3] The mean aggregates' internal state is ce_state (state.h);
**       serialized, it is the 84-byte state of docs/states.md, so a state
**       written by SQLite merges here and back.
**  [G4] categorical_ce's and softmax_ce's partial states between workers
**       are partial_state.h's byte forms, read back with its checks.
**  [G5] PostgreSQL calls one C symbol per SQL support function; where
**       several differ only by the SQL function they serve (the mean
**       aggregates, their states and merges), each is one line naming
**       its SQL function, signature and state kind for the shared code.
*/
#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"

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

/* One row into (sign +1) or out of (-1) a mean state [G2]. */
static Datum mean_row(FunctionCallInfo fcinfo, const char *func,
                      const ce_signature *sig, int sign){
  MemoryContext context = agg_context(fcinfo, func);
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  double a[CE_MAX_PARAMS];
  if( s==NULL ) s = new_state(context);
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(s);
  read_args(fcinfo, 1, func, sig, a);
  ce_state_add(s, sig->loss(a), a[2], PG_NARGS()>3, sign);
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

/* The mean of a state as the result: NULL for none, errors as SQLite's. */
static Datum mean_result(FunctionCallInfo fcinfo, const ce_state *s,
                         const char *func){
  char message[CE_MESSAGE_SIZE];
  double mean;
  switch( ce_mean_value(&s->mean, s->weighted, &mean) ){
    case CE_VALUE:
      PG_RETURN_FLOAT8(mean);
    case CE_EMPTY:
      PG_RETURN_NULL();
    default:
      ce_mean_overflow_text(message, sizeof message, func, s->weighted ? 3 : 0);
      fail(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, message);
  }
  PG_RETURN_NULL();                                        /* not reached */
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
