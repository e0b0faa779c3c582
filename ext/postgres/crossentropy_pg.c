/*
** crossentropy_pg.c — the PostgreSQL glue: the same losses as the SQLite
** extension, from the same kernels (../kernels.h, ../logit_kernels.h) and
** the same state code (../state.c, compiled into this file), with the same
** error texts (../checks.c) and NULL rules:
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
** The mean aggregates' internal state is ce_state (state.h); serialized, it
** is the 84-byte state of docs/states.md, so a state written by SQLite
** merges here and back.
*/
#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "kernels.h"
#include "logit_kernels.h"
#include "checks.h"
#include "state.h"
#include "le_bytes.h"

/* one translation unit: the shared plain-C sources, compiled in */
#include "../checks.c"
#include "../state.c"

PG_MODULE_MAGIC;

/* ---- arguments and errors ------------------------------------------- */

/* The value as ../args.h [A5] writes a REAL (a float8 argument is one even
** when the query wrote an integer: "got 90.0"), and the hint of [A6]. */
static void report(const char *func, const char *name, int position,
                   ce_range range, double x){
  char number[CE_NUMBER_SIZE];
  ce_format_double(x, number, sizeof number);
  ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                  errmsg("%s(): %s (%s argument) %s, got %s%s", func, name,
                         ce_ordinal(position), ce_range_rule(range), number,
                         ce_range_hint(range, x))));
}

/* The float8 argument i (0-based, after the aggregate state if any) as a
** checked value; the caller has handled NULL. */
static double arg(FunctionCallInfo fcinfo, int i, const char *func,
                  const char *name, int position, ce_range range){
  double x = PG_GETARG_FLOAT8(i);
  if( !ce_in_range(x, range) ) report(func, name, position, range, x);
  return x;
}

static bool any_null(FunctionCallInfo fcinfo, int from){
  int i;
  for(i=from; i<PG_NARGS(); i++){
    if( PG_ARGISNULL(i) ) return true;
  }
  return false;
}

/* ---- scalars ---------------------------------------------------------- */

PG_FUNCTION_INFO_V1(ce_pg_bce);
Datum ce_pg_bce(PG_FUNCTION_ARGS){
  double y = arg(fcinfo, 0, "bce", "y", 1, CE_RANGE_UNIT);
  double p = arg(fcinfo, 1, "bce", "p", 2, CE_RANGE_PROB);
  double eps = PG_NARGS()>2 ? arg(fcinfo, 2, "bce", "eps", 3, CE_RANGE_EPS)
                            : CE_DEFAULT_EPS;
  PG_RETURN_FLOAT8(ce_bce(y, p, ce_log_eps(eps)));
}

PG_FUNCTION_INFO_V1(ce_pg_bce_logits);
Datum ce_pg_bce_logits(PG_FUNCTION_ARGS){
  double y = arg(fcinfo, 0, "bce_logits", "y", 1, CE_RANGE_UNIT);
  double z = arg(fcinfo, 1, "bce_logits", "z", 2, CE_RANGE_ANY);
  double pw = PG_NARGS()>2
            ? arg(fcinfo, 2, "bce_logits", "pos_weight", 3, CE_RANGE_WEIGHT) : 1.0;
  PG_RETURN_FLOAT8(ce_bce_logits(y, z, pw));
}

/* ---- the mean aggregates ---------------------------------------------- */

static MemoryContext agg_context(FunctionCallInfo fcinfo, const char *func){
  MemoryContext context;
  if( !AggCheckCallContext(fcinfo, &context) ){
    elog(ERROR, "%s called outside an aggregate", func);
  }
  return context;
}

static ce_state *new_state(MemoryContext context){
  return (ce_state*)MemoryContextAllocZero(context, sizeof(ce_state));
}

/* One row into (sign +1) or out of (-1) a mean state; NULL rows skipped. */
static Datum mean_row(FunctionCallInfo fcinfo, int logits, const char *func,
                      int sign){
  MemoryContext context = agg_context(fcinfo, func);
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  double y, x, w = 1.0, loss;
  int weighted = PG_NARGS()>3;
  /* a state even for a skipped row: a moving aggregate's step must never
  ** return NULL (the final function gives NULL for no rows) */
  if( s==NULL ) s = new_state(context);
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(s);
  y = arg(fcinfo, 1, func, "y", 1, CE_RANGE_UNIT);
  x = logits ? arg(fcinfo, 2, func, "z", 2, CE_RANGE_ANY)
             : arg(fcinfo, 2, func, "p", 2, CE_RANGE_PROB);
  if( weighted ) w = arg(fcinfo, 3, func, "w", 3, CE_RANGE_WEIGHT);
  loss = logits ? ce_bce_logits(y, x, 1.0) : ce_bce(y, x, CE_LOG_DEFAULT_EPS);
  if( weighted ){
    s->weighted = 1;
    ce_mean_update_weighted(&s->mean, loss, w, sign);
  }else{
    ce_mean_update(&s->mean, loss, sign);
  }
  PG_RETURN_POINTER(s);
}

#define MEAN_STEP(name, logits, func, sign)                                   \
  PG_FUNCTION_INFO_V1(name);                                                  \
  Datum name(PG_FUNCTION_ARGS){ return mean_row(fcinfo, logits, func, sign); }

MEAN_STEP(ce_pg_mean_ce_step, 0, "mean_cross_entropy", +1)
MEAN_STEP(ce_pg_mean_ce_inverse, 0, "mean_cross_entropy", -1)
MEAN_STEP(ce_pg_mean_ce_state_step, 0, "mean_cross_entropy_state", +1)
MEAN_STEP(ce_pg_mean_logits_step, 1, "mean_bce_logits", +1)
MEAN_STEP(ce_pg_mean_logits_inverse, 1, "mean_bce_logits", -1)
MEAN_STEP(ce_pg_mean_logits_state_step, 1, "mean_bce_logits_state", +1)

/* The mean of a state as the result: NULL for none, errors as SQLite's. */
static Datum mean_result(FunctionCallInfo fcinfo, const ce_state *s,
                         const char *func){
  double mean;
  switch( ce_mean_value(&s->mean, s->weighted, &mean) ){
    case CE_VALUE:
      PG_RETURN_FLOAT8(mean);
    case CE_EMPTY:
      PG_RETURN_NULL();
    default:
      if( s->weighted ){
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
          errmsg("%s(): the weighted sum overflowed a double; scale the "
                 "weights (3rd argument) down", func)));
      }
      ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
        errmsg("%s(): the sum of the losses overflowed a double", func)));
  }
  PG_RETURN_NULL();                                        /* not reached */
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_final);
Datum ce_pg_mean_ce_final(PG_FUNCTION_ARGS){
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  return mean_result(fcinfo, (ce_state*)PG_GETARG_POINTER(0), "mean_cross_entropy");
}

PG_FUNCTION_INFO_V1(ce_pg_mean_logits_final);
Datum ce_pg_mean_logits_final(PG_FUNCTION_ARGS){
  if( PG_ARGISNULL(0) ) PG_RETURN_NULL();
  return mean_result(fcinfo, (ce_state*)PG_GETARG_POINTER(0), "mean_bce_logits");
}

/* COMBINEFUNC: state 2 merged into state 1 (a copy when 1 is NULL). */
PG_FUNCTION_INFO_V1(ce_pg_mean_combine);
Datum ce_pg_mean_combine(PG_FUNCTION_ARGS){
  MemoryContext context = agg_context(fcinfo, "ce_pg_mean_combine");
  ce_state *a = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  ce_state *b = PG_ARGISNULL(1) ? NULL : (ce_state*)PG_GETARG_POINTER(1);
  if( b==NULL ){
    if( a==NULL ) PG_RETURN_NULL();
    PG_RETURN_POINTER(a);
  }
  if( a==NULL ) a = new_state(context);
  if( !ce_state_merge(a, b, +1) ){
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("the merged states hold more rows than a 64-bit count")));
  }
  PG_RETURN_POINTER(a);
}

/* SERIALFUNC / DESERIALFUNC: the 84-byte state of docs/states.md. */
static bytea *state_bytes(const ce_state *s, ce_state_kind kind){
  bytea *out = (bytea*)palloc(VARHDRSZ + CE_STATE_BYTES);
  SET_VARSIZE(out, VARHDRSZ + CE_STATE_BYTES);
  ce_state_write(s, kind, (unsigned char*)VARDATA(out));
  return out;
}

/* Reads a state argument: the same checks and messages as SQLite's. */
static void read_state(bytea *in, ce_state_kind kind, const char *func,
                       const char *aggregate, ce_state *s){
  int found = 0;
  int64_t n = VARSIZE_ANY_EXHDR(in);
  ce_state_status status = ce_state_read((const unsigned char*)VARDATA_ANY(in),
                                         n, kind, s, &found);
  if( status!=CE_STATE_OK ){
    char message[200];
    ce_state_error_text(message, sizeof message, func, aggregate, status,
                        found, n);
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s", message)));
  }
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_serial);
Datum ce_pg_mean_ce_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(state_bytes((ce_state*)PG_GETARG_POINTER(0), CE_STATE_MEAN_CE));
}

PG_FUNCTION_INFO_V1(ce_pg_mean_logits_serial);
Datum ce_pg_mean_logits_serial(PG_FUNCTION_ARGS){
  PG_RETURN_BYTEA_P(state_bytes((ce_state*)PG_GETARG_POINTER(0),
                                CE_STATE_MEAN_LOGITS));
}

/* In the current memory context, as PostgreSQL's own deserializers: the
** combine function copies what it keeps into the aggregate's context. */
static Datum deserial(FunctionCallInfo fcinfo, ce_state_kind kind,
                      const char *aggregate){
  ce_state *s = (ce_state*)palloc0(sizeof(ce_state));
  read_state(PG_GETARG_BYTEA_PP(0), kind, aggregate, aggregate, s);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_deserial);
Datum ce_pg_mean_ce_deserial(PG_FUNCTION_ARGS){
  return deserial(fcinfo, CE_STATE_MEAN_CE, "mean_cross_entropy");
}

PG_FUNCTION_INFO_V1(ce_pg_mean_logits_deserial);
Datum ce_pg_mean_logits_deserial(PG_FUNCTION_ARGS){
  return deserial(fcinfo, CE_STATE_MEAN_LOGITS, "mean_bce_logits");
}

/* ---- states as values: _state final, _merge, _value --------------------- */

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_state_final);
Datum ce_pg_mean_ce_state_final(PG_FUNCTION_ARGS){
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  if( s==NULL || s->mean.n_rows==0 ) PG_RETURN_NULL();
  PG_RETURN_BYTEA_P(state_bytes(s, CE_STATE_MEAN_CE));
}

PG_FUNCTION_INFO_V1(ce_pg_mean_logits_state_final);
Datum ce_pg_mean_logits_state_final(PG_FUNCTION_ARGS){
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  if( s==NULL || s->mean.n_rows==0 ) PG_RETURN_NULL();
  PG_RETURN_BYTEA_P(state_bytes(s, CE_STATE_MEAN_LOGITS));
}

/* _merge's step and inverse: a state (bytea) into or out of the merged one. */
static Datum merge_row(FunctionCallInfo fcinfo, ce_state_kind kind,
                       const char *func, const char *aggregate, int sign){
  MemoryContext context = agg_context(fcinfo, func);
  ce_state *s = PG_ARGISNULL(0) ? NULL : (ce_state*)PG_GETARG_POINTER(0);
  ce_state part;
  if( s==NULL ) s = new_state(context);        /* never NULL: see mean_row */
  if( PG_ARGISNULL(1) ) PG_RETURN_POINTER(s);
  read_state(PG_GETARG_BYTEA_PP(1), kind, func, aggregate, &part);
  if( !ce_state_merge(s, &part, sign) ){
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("%s(): the merged states hold more rows than a "
                           "64-bit count", func)));
  }
  PG_RETURN_POINTER(s);
}

#define MERGE_STEP(name, kind, func, aggregate, sign)                         \
  PG_FUNCTION_INFO_V1(name);                                                  \
  Datum name(PG_FUNCTION_ARGS){                                               \
    return merge_row(fcinfo, kind, func, aggregate, sign);                    \
  }

MERGE_STEP(ce_pg_mean_ce_merge_step, CE_STATE_MEAN_CE,
           "mean_cross_entropy_merge", "mean_cross_entropy", +1)
MERGE_STEP(ce_pg_mean_ce_merge_inverse, CE_STATE_MEAN_CE,
           "mean_cross_entropy_merge", "mean_cross_entropy", -1)
MERGE_STEP(ce_pg_mean_logits_merge_step, CE_STATE_MEAN_LOGITS,
           "mean_bce_logits_merge", "mean_bce_logits", +1)
MERGE_STEP(ce_pg_mean_logits_merge_inverse, CE_STATE_MEAN_LOGITS,
           "mean_bce_logits_merge", "mean_bce_logits", -1)

PG_FUNCTION_INFO_V1(ce_pg_mean_ce_value);
Datum ce_pg_mean_ce_value(PG_FUNCTION_ARGS){
  ce_state s;
  read_state(PG_GETARG_BYTEA_PP(0), CE_STATE_MEAN_CE,
             "mean_cross_entropy_value", "mean_cross_entropy", &s);
  return mean_result(fcinfo, &s, "mean_cross_entropy_value");
}

PG_FUNCTION_INFO_V1(ce_pg_mean_logits_value);
Datum ce_pg_mean_logits_value(PG_FUNCTION_ARGS){
  ce_state s;
  read_state(PG_GETARG_BYTEA_PP(0), CE_STATE_MEAN_LOGITS,
             "mean_bce_logits_value", "mean_bce_logits", &s);
  return mean_result(fcinfo, &s, "mean_bce_logits_value");
}

/* ---- categorical_ce: a sum of terms, parallel and moving ----------------- */

static Datum categorical_row(FunctionCallInfo fcinfo, int sign){
  MemoryContext context = agg_context(fcinfo, "categorical_ce");
  ce_total *t = PG_ARGISNULL(0) ? NULL : (ce_total*)PG_GETARG_POINTER(0);
  double y, p;
  if( t==NULL ) t = (ce_total*)MemoryContextAllocZero(context, sizeof(*t));
  if( any_null(fcinfo, 1) ) PG_RETURN_POINTER(t);          /* see mean_row */
  y = arg(fcinfo, 1, "categorical_ce", "y", 1, CE_RANGE_UNIT);
  p = arg(fcinfo, 2, "categorical_ce", "p", 2, CE_RANGE_PROB);
  ce_total_update(t, ce_categorical_term(y, p, CE_LOG_DEFAULT_EPS), sign);
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
  MemoryContext context = agg_context(fcinfo, "categorical_ce");
  ce_total *a = PG_ARGISNULL(0) ? NULL : (ce_total*)PG_GETARG_POINTER(0);
  ce_total *b = PG_ARGISNULL(1) ? NULL : (ce_total*)PG_GETARG_POINTER(1);
  if( b==NULL ){
    if( a==NULL ) PG_RETURN_NULL();
    PG_RETURN_POINTER(a);
  }
  if( a==NULL ) a = (ce_total*)MemoryContextAllocZero(context, sizeof(*a));
  if( !ce_counted_sum_merge(&a->sum, &b->sum, +1) ){
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("categorical_ce(): more terms than a 64-bit count")));
  }
  a->n_rows += b->n_rows;
  PG_RETURN_POINTER(a);
}

/* The partial sum between workers: n_rows, hi, lo, non-zero and Inf terms,
** little-endian, 40 bytes (internal to PostgreSQL's parallel plans). */
PG_FUNCTION_INFO_V1(ce_pg_categorical_serial);
Datum ce_pg_categorical_serial(PG_FUNCTION_ARGS){
  ce_total *t = (ce_total*)PG_GETARG_POINTER(0);
  bytea *out = (bytea*)palloc(VARHDRSZ + 40);
  unsigned char *b = (unsigned char*)VARDATA(out);
  SET_VARSIZE(out, VARHDRSZ + 40);
  ce_put_le64(b, (uint64_t)t->n_rows);
  ce_put_le_f64(b + 8, t->sum.sum.hi);
  ce_put_le_f64(b + 16, t->sum.sum.lo);
  ce_put_le64(b + 24, (uint64_t)t->sum.n_nonzero);
  ce_put_le64(b + 32, (uint64_t)t->sum.n_inf);
  PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(ce_pg_categorical_deserial);
Datum ce_pg_categorical_deserial(PG_FUNCTION_ARGS){
  bytea *in = PG_GETARG_BYTEA_PP(0);
  const unsigned char *b = (const unsigned char*)VARDATA_ANY(in);
  ce_total *t = (ce_total*)palloc0(sizeof(*t));          /* as deserial() */
  if( VARSIZE_ANY_EXHDR(in)!=40 ) elog(ERROR, "categorical_ce: bad partial state");
  t->n_rows = (int64_t)ce_get_le64(b);
  t->sum.sum.hi = ce_get_le_f64(b + 8);
  t->sum.sum.lo = ce_get_le_f64(b + 16);
  t->sum.n_nonzero = (int64_t)ce_get_le64(b + 24);
  t->sum.n_inf = (int64_t)ce_get_le64(b + 32);
  PG_RETURN_POINTER(t);
}

/* ---- softmax_ce: one observation's logits ------------------------------ */

PG_FUNCTION_INFO_V1(ce_pg_softmax_step);
Datum ce_pg_softmax_step(PG_FUNCTION_ARGS){
  MemoryContext context = agg_context(fcinfo, "softmax_ce");
  ce_softmax *s = PG_ARGISNULL(0) ? NULL : (ce_softmax*)PG_GETARG_POINTER(0);
  double y, z;
  if( any_null(fcinfo, 1) ){
    if( s==NULL ) PG_RETURN_NULL();
    PG_RETURN_POINTER(s);
  }
  y = arg(fcinfo, 1, "softmax_ce", "y", 1, CE_RANGE_UNIT);
  z = arg(fcinfo, 2, "softmax_ce", "z", 2, CE_RANGE_FINITE);
  if( s==NULL ) s = (ce_softmax*)MemoryContextAllocZero(context, sizeof(*s));
  ce_softmax_add(s, y, z);
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
  MemoryContext context = agg_context(fcinfo, "softmax_ce");
  ce_softmax *a = PG_ARGISNULL(0) ? NULL : (ce_softmax*)PG_GETARG_POINTER(0);
  ce_softmax *b = PG_ARGISNULL(1) ? NULL : (ce_softmax*)PG_GETARG_POINTER(1);
  if( b==NULL ){
    if( a==NULL ) PG_RETURN_NULL();
    PG_RETURN_POINTER(a);
  }
  if( a==NULL ) a = (ce_softmax*)MemoryContextAllocZero(context, sizeof(*a));
  ce_softmax_merge(a, b);
  PG_RETURN_POINTER(a);
}

/* The partial state between workers (internal to PostgreSQL): the maximum,
** the three compensated sums, n_rows and the infinite flag, 72 bytes. */
PG_FUNCTION_INFO_V1(ce_pg_softmax_serial);
Datum ce_pg_softmax_serial(PG_FUNCTION_ARGS){
  ce_softmax *s = (ce_softmax*)PG_GETARG_POINTER(0);
  bytea *out = (bytea*)palloc(VARHDRSZ + 72);
  unsigned char *b = (unsigned char*)VARDATA(out);
  SET_VARSIZE(out, VARHDRSZ + 72);
  ce_put_le_f64(b, s->max_z);
  ce_put_le_f64(b + 8, s->others.hi);
  ce_put_le_f64(b + 16, s->others.lo);
  ce_put_le_f64(b + 24, s->gap.hi);
  ce_put_le_f64(b + 32, s->gap.lo);
  ce_put_le_f64(b + 40, s->target.hi);
  ce_put_le_f64(b + 48, s->target.lo);
  ce_put_le64(b + 56, (uint64_t)s->n_rows);
  ce_put_le64(b + 64, (uint64_t)s->infinite);
  PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(ce_pg_softmax_deserial);
Datum ce_pg_softmax_deserial(PG_FUNCTION_ARGS){
  bytea *in = PG_GETARG_BYTEA_PP(0);
  const unsigned char *b = (const unsigned char*)VARDATA_ANY(in);
  ce_softmax *s = (ce_softmax*)palloc0(sizeof(*s));        /* as deserial() */
  if( VARSIZE_ANY_EXHDR(in)!=72 ) elog(ERROR, "softmax_ce: bad partial state");
  s->max_z = ce_get_le_f64(b);
  s->others.hi = ce_get_le_f64(b + 8);
  s->others.lo = ce_get_le_f64(b + 16);
  s->gap.hi = ce_get_le_f64(b + 24);
  s->gap.lo = ce_get_le_f64(b + 32);
  s->target.hi = ce_get_le_f64(b + 40);
  s->target.lo = ce_get_le_f64(b + 48);
  s->n_rows = (int64_t)ce_get_le64(b + 56);
  s->infinite = ce_get_le64(b + 64)!=0;
  PG_RETURN_POINTER(s);
}
