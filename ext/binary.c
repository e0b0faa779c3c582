/*
** binary.c — SQL glue for binary cross-entropy:
**
**   bce(y, p)                      scalar
**   bce(y, p, eps)                 scalar, explicit log clamp
**   mean_cross_entropy(y, p)       aggregate and window function
**   mean_cross_entropy(y, p, w)    weighted: Σ w·bce / Σ w
**
** Requirements (the numbers are cited below):
**  (1) y and p must be in [0,1]; y may be a soft label.
**  (2) eps must be in [0,0.5); it defaults to DBL_EPSILON (scikit-learn's
**      log_loss), exp(-100) gives PyTorch's BCELoss, 0 the exact loss.
**  (3) w must be finite and >= 0 (scikit-learn's sample_weight).
**  (4) Scalar: NULL in any argument gives NULL, before any validation.
**  (5) Aggregate: rows with a NULL in any argument are skipped, as avg()
**      skips them; no usable rows, or a total weight of 0, gives NULL.
**  (6) A weighted sum that overflows a double is an error, not Inf or NaN.
**  (7) The window inverse step removes exactly what the step added.
** The numerics themselves are in kernels.h.
*/
#include "args.h"
#include "kernels.h"

static const ce_arg BCE_Y   = {"bce", "y",   1, CE_RANGE_UNIT};
static const ce_arg BCE_P   = {"bce", "p",   2, CE_RANGE_UNIT};
static const ce_arg BCE_EPS = {"bce", "eps", 3, CE_RANGE_EPS};

static const ce_arg MEAN_Y = {"mean_cross_entropy", "y", 1, CE_RANGE_UNIT};
static const ce_arg MEAN_P = {"mean_cross_entropy", "p", 2, CE_RANGE_UNIT};
static const ce_arg MEAN_W = {"mean_cross_entropy", "w", 3, CE_RANGE_WEIGHT};

void ce_bce_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  double y, p, eps = CE_DEFAULT_EPS;
  int type_y = sqlite3_value_type(argv[0]);
  int type_p = sqlite3_value_type(argv[1]);
  int type_eps = argc>2 ? sqlite3_value_type(argv[2]) : SQLITE_FLOAT;
  if( type_y==SQLITE_NULL || type_p==SQLITE_NULL || type_eps==SQLITE_NULL ){
    return;                                                          /* (4) */
  }
  if( !ce_arg_unit(ctx, argv[0], type_y, &BCE_Y, &y) ) return;       /* (1) */
  if( !ce_arg_unit(ctx, argv[1], type_p, &BCE_P, &p) ) return;
  if( argc>2 && !ce_arg_eps(ctx, argv[2], type_eps, &BCE_EPS, &eps) ){
    return;                                                          /* (2) */
  }
  sqlite3_result_double(ctx, ce_bce(y, p, ce_log_eps(eps)));
}

/* The aggregate's state: the mean kernel plus which form is being computed. */
typedef struct mean_ce_state {
  ce_mean mean;
  int weighted;
} mean_ce_state;

/* The step (sign = +1) and the window inverse step (sign = -1) in one. */
static void mean_ce_update(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv, int sign){
  mean_ce_state *state;
  double y, p, w = 1.0, loss;
  int type_y = sqlite3_value_type(argv[0]);
  int type_p = sqlite3_value_type(argv[1]);
  int type_w = argc>2 ? sqlite3_value_type(argv[2]) : SQLITE_FLOAT;
  if( type_y==SQLITE_NULL || type_p==SQLITE_NULL || type_w==SQLITE_NULL ){
    return;                                                          /* (5) */
  }
  if( !ce_arg_unit(ctx, argv[0], type_y, &MEAN_Y, &y) ) return;      /* (1) */
  if( !ce_arg_unit(ctx, argv[1], type_p, &MEAN_P, &p) ) return;
  if( argc>2 && !ce_arg_weight(ctx, argv[2], type_w, &MEAN_W, &w) ){
    return;                                                          /* (3) */
  }
  state = sqlite3_aggregate_context(ctx, sizeof(*state));
  if( state==0 ){ sqlite3_result_error_nomem(ctx); return; }
  loss = ce_bce(y, p, CE_LOG_DEFAULT_EPS);
  if( argc>2 ){
    state->weighted = 1;
    ce_mean_update_weighted(&state->mean, loss, w, sign);
  }else{
    ce_mean_update(&state->mean, loss, sign);
  }
}

void ce_mean_ce_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_ce_update(ctx, argc, argv, +1);
}

void ce_mean_ce_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_ce_update(ctx, argc, argv, -1);                               /* (7) */
}

/* xValue and xFinal alike: neither changes the state. */
void ce_mean_ce_value(sqlite3_context *ctx){
  mean_ce_state *state = sqlite3_aggregate_context(ctx, 0);
  double mean;
  if( state==0 ) return;                                             /* (5) */
  switch( ce_mean_value(&state->mean, state->weighted, &mean) ){
    case CE_VALUE:
      sqlite3_result_double(ctx, mean);
      break;
    case CE_EMPTY:
      sqlite3_result_null(ctx);                                      /* (5) */
      break;
    case CE_OVERFLOW:
      sqlite3_result_error(ctx, "mean_cross_entropy(): the weighted sum "
          "overflowed a double; scale the weights (3rd argument) down", -1);
      break;                                                         /* (6) */
  }
}
