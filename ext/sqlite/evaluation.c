/*
** evaluation.c — the evaluation statistics, aggregate and window functions
** over the states of eval_state.h (numbers and JSON from eval_stats.h):
**
**   binary_eval(y, p [, w])               JSON: every statistic below
**   mean_cross_entropy_stderr(y, p [, w]) standard error of the log loss
**   normalized_entropy(y, p [, w])        log loss / H(base rate)
**   d2_log_loss(y, p [, w])               1 − normalized_entropy
**   binary_eval_state(y, p [, w])         the state as a BLOB
**   binary_eval_merge(state)              states merged, a BLOB
**   binary_eval(state)                    scalar: the JSON a state holds
**   calibration_error(y, p [, w [, bins]])  expected calibration error
**   paired_loss_test(loss_a, loss_b)      JSON: paired z-test of a − b
**
** The statistics over binary_eval's state share its step; the row's aux
** says what the value is (glue.h CE_EVAL_*).
**
** Rules (cited as [N1]..[N5]):
**  [N1] Rows are read and checked as mean_cross_entropy's are (mean.c
**       [E1][E2][E5]): the same fast path, the same errors, NULLs skipped.
**  [N2] No rows, or a total weight of 0, is NULL; so is a statistic that
**       has no value (a standard error of one row, a normalized entropy of
**       one class only: eval_stats.h). A sum that overflowed is an error.
**  [N3] Every aggregate is a window function: the inverse step removes
**       exactly what the step added (eval_state.h [B2]).
**  [N4] calibration_error's bins are a whole number in [1,10000], the same
**       on every row of a group: its state is sized by the first row.
**  [N5] JSON is returned as TEXT with SQLite's JSON subtype (glue.h).
*/
#include <math.h>
#include "args.h"
#include "eval_stats.h"
#include "messages.h"

/* ---- binary_eval and the statistics over its state ------------------- */

CE_ALWAYS_INLINE void eval_row(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv, int sign){
  double a[CE_MAX_PARAMS];                                       /* y, p, w */
  ce_eval *e;
  if( !ce_args_fast(argv, argc, &CE_SIG_MEAN_BCE, a)                 /* [N1] */
   && ce_args_read(ctx, argc, argv, &CE_SIG_MEAN_BCE, a)<=0 ) return;
  e = sqlite3_aggregate_context(ctx, sizeof(*e));
  if( e==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_eval_add(e, a[0], a[1], argc>2 ? a[2] : 1.0, argc>2, sign);
}

void ce_eval_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  if( argc==2 ) eval_row(ctx, 2, argv, +1);
  else eval_row(ctx, 3, argv, +1);
}
void ce_eval_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  if( argc==2 ) eval_row(ctx, 2, argv, -1);                         /* [N3] */
  else eval_row(ctx, 3, argv, -1);
}

static void result_json(sqlite3_context *ctx, const char *text, size_t n){
  sqlite3_result_text(ctx, text, (int)n, SQLITE_TRANSIENT);
  sqlite3_result_subtype(ctx, CE_JSON_SUBTYPE);                     /* [N5] */
}

/* What the row asks of state e: CE_EVAL_JSON, _STDERR, ... */
static void eval_result(sqlite3_context *ctx, const ce_eval *e, int what){
  const ce_function *f = ce_called(ctx);
  ce_eval_summary s;
  char message[CE_MESSAGE_SIZE];
  if( what==CE_EVAL_STATE ){
    unsigned char bytes[CE_EVAL_STATE_BYTES];
    if( e->mean.mean.n_rows==0 ) return;                            /* [N2] */
    ce_eval_write(e, bytes);
    sqlite3_result_blob(ctx, bytes, CE_EVAL_STATE_BYTES, SQLITE_TRANSIENT);
    return;
  }
  switch( ce_eval_summarize(e, &s) ){
    case CE_EMPTY:
      return;                                                       /* [N2] */
    case CE_OVERFLOW:
      ce_mean_overflow_text(message, sizeof message, f->name,
                            e->mean.weighted ? 3 : 0);
      sqlite3_result_error(ctx, message, -1);
      return;
    case CE_VALUE:
      break;
  }
  if( s.stderr_overflow && (what==CE_EVAL_STDERR || what==CE_EVAL_JSON) ){
    ce_spread_range_text(message, sizeof message, f->name, 3);      /* [J5] */
    sqlite3_result_error(ctx, message, -1);
    return;
  }
  switch( what ){
    case CE_EVAL_STDERR:
      if( s.has_stderr ) sqlite3_result_double(ctx, s.log_loss_stderr);
      break;
    case CE_EVAL_NORMALIZED_ENTROPY:
      if( s.has_entropy ) sqlite3_result_double(ctx, s.normalized_entropy);
      break;
    case CE_EVAL_D2:
      if( s.has_entropy ) sqlite3_result_double(ctx, s.d2_log_loss);
      break;
    default: {
      char json[CE_EVAL_JSON_SIZE];
      result_json(ctx, json, ce_eval_json(e, &s, json, sizeof json));
      break;
    }
  }
}

/* xValue and xFinal of the aggregates over binary_eval's state. */
void ce_eval_agg_value(sqlite3_context *ctx){
  ce_eval *e = sqlite3_aggregate_context(ctx, 0);
  if( e!=0 ) eval_result(ctx, e, ce_called(ctx)->aux);
}

/* A state argument: 1 with *e read, 0 for NULL, -1 after an error. */
static int read_eval_state(sqlite3_context *ctx, sqlite3_value *v,
                           ce_eval *e){
  const unsigned char *bytes = 0;
  int n = 0, found = 0, got = ce_state_blob(ctx, v, &bytes, &n);
  ce_state_status status;
  if( got<=0 ) return got;
  status = ce_eval_read(bytes, n, e, &found);
  if( status==CE_STATE_OK ) return 1;
  ce_state_refused(ctx, status, found, n);
  return -1;
}

static void eval_merge(sqlite3_context *ctx, sqlite3_value *v, int sign){
  ce_eval part, *sum;
  char message[CE_MESSAGE_SIZE];
  if( read_eval_state(ctx, v, &part)<=0 ) return;
  sum = sqlite3_aggregate_context(ctx, sizeof(*sum));
  if( sum==0 ){ sqlite3_result_error_nomem(ctx); return; }
  if( !ce_eval_merge(sum, &part, sign) ){
    ce_merge_overflow_text(message, sizeof message, ce_called(ctx)->name);
    sqlite3_result_error(ctx, message, -1);
  }
}

void ce_eval_merge_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc;
  eval_merge(ctx, argv[0], +1);
}
void ce_eval_merge_inverse(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv){
  (void)argc;
  eval_merge(ctx, argv[0], -1);                                     /* [N3] */
}

/* binary_eval(state): the JSON the state holds. */
void ce_eval_state_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  ce_eval e;
  (void)argc;
  if( read_eval_state(ctx, argv[0], &e)>0 ) eval_result(ctx, &e, CE_EVAL_JSON);
}

/* ---- calibration_error ---------------------------------------------- */

static void calibration_row(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv, int sign){
  const ce_signature *sig = &CE_SIG_CALIBRATION;
  double a[CE_MAX_PARAMS];
  ce_calibration *c;
  int bins;
  char message[CE_MESSAGE_SIZE];
  if( argc<4 && ce_args_fast(argv, argc, sig, a) ){                  /* [N1] */
    if( argc<3 ) a[2] = sig->param[2].omitted;
    a[3] = sig->param[3].omitted;
  }else if( ce_args_read(ctx, argc, argv, sig, a)<=0 ){
    return;
  }
  if( a[3]!=floor(a[3]) ){                                          /* [N4] */
    ce_range_error_text(message, sizeof message, ce_called(ctx)->name,
                        sig->param[3].name, 4, CE_RANGE_BINS, a[3]);
    sqlite3_result_error(ctx, message, -1);
    return;
  }
  bins = (int)a[3];
  c = sqlite3_aggregate_context(ctx, (int)ce_calibration_size(bins));
  if( c==0 ){ sqlite3_result_error_nomem(ctx); return; }
  if( c->n_bins==0 ) c->n_bins = bins;            /* the group's first row */
  if( c->n_bins!=bins ){
    ce_bins_changed_text(message, sizeof message, ce_called(ctx)->name, bins,
                         c->n_bins);
    sqlite3_result_error(ctx, message, -1);
    return;
  }
  ce_calibration_add(c, a[0], a[1], a[2], sign);
}

void ce_calibration_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  calibration_row(ctx, argc, argv, +1);
}
void ce_calibration_inverse(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv){
  calibration_row(ctx, argc, argv, -1);                             /* [N3] */
}

void ce_calibration_agg_value(sqlite3_context *ctx){
  ce_calibration *c = sqlite3_aggregate_context(ctx, 0);
  char message[CE_MESSAGE_SIZE];
  double ece;
  if( c==0 ) return;
  switch( ce_calibration_value(c->bin, c->n_bins, &ece) ){
    case CE_VALUE:
      sqlite3_result_double(ctx, ece);
      break;
    case CE_EMPTY:
      break;                                                        /* [N2] */
    case CE_OVERFLOW:
      ce_mean_overflow_text(message, sizeof message, ce_called(ctx)->name, 3);
      sqlite3_result_error(ctx, message, -1);
      break;
  }
}

/* ---- paired_loss_test -------------------------------------------------- */

static void paired_row(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                       int sign){
  double a[CE_MAX_PARAMS];
  ce_paired *s;
  if( !ce_args_fast(argv, 2, &CE_SIG_PAIRED, a)                      /* [N1] */
   && ce_args_read(ctx, argc, argv, &CE_SIG_PAIRED, a)<=0 ) return;
  s = sqlite3_aggregate_context(ctx, sizeof(*s));
  if( s==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_paired_add(s, a[0], a[1], sign);
}

void ce_paired_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  paired_row(ctx, argc, argv, +1);
}
void ce_paired_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  paired_row(ctx, argc, argv, -1);                                  /* [N3] */
}

void ce_paired_agg_value(sqlite3_context *ctx){
  ce_paired *p = sqlite3_aggregate_context(ctx, 0);
  ce_paired_summary s;
  char text[CE_PAIRED_JSON_SIZE];
  if( p==0 ) return;
  switch( ce_paired_summarize(p, &s) ){
    case CE_VALUE:
      result_json(ctx, text, ce_paired_json(&s, text, sizeof text));
      break;
    case CE_EMPTY:
      break;                                                        /* [N2] */
    case CE_OVERFLOW:
      ce_mean_overflow_text(text, sizeof text, ce_called(ctx)->name, 0);
      sqlite3_result_error(ctx, text, -1);
      break;
  }
}
