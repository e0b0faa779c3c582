/*
** binary.c — SQL glue for binary cross-entropy:
**
**   bce(y, p)                      scalar
**   bce(y, p, eps)                 scalar, explicit log clamp
**   mean_cross_entropy(y, p)       aggregate and window function
**   mean_cross_entropy(y, p, w)    weighted: Σ w·bce / Σ w
**   mean_cross_entropy_state(y, p [, w])   its partial state (states.c)
**   balanced_bce(y, p, beta)       scalar, class-balanced
**   focal_loss(y, p [, gamma [, alpha]])   scalar, torchvision's defaults
**
** Requirements (the numbers are cited below):
**  (1) y and p must be in [0,1]; y may be a soft label.
**  (1b) beta in [0,1]; gamma finite >= 0 (default 2); alpha <= 1, default
**      0.25, negative for no alpha weighting (torchvision's convention).
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
#include "mean_agg.h"

static const ce_arg BCE_Y   = {"bce", "y",   1, CE_RANGE_UNIT};
static const ce_arg BCE_P   = {"bce", "p",   2, CE_RANGE_PROB};
static const ce_arg BCE_EPS = {"bce", "eps", 3, CE_RANGE_EPS};

static const ce_arg MEAN_ARGS[] = {
  {"mean_cross_entropy", "y", 1, CE_RANGE_UNIT},
  {"mean_cross_entropy", "p", 2, CE_RANGE_PROB},
  {"mean_cross_entropy", "w", 3, CE_RANGE_WEIGHT},
};
static const ce_arg MEAN_STATE_ARGS[] = {
  {"mean_cross_entropy_state", "y", 1, CE_RANGE_UNIT},
  {"mean_cross_entropy_state", "p", 2, CE_RANGE_PROB},
  {"mean_cross_entropy_state", "w", 3, CE_RANGE_WEIGHT},
};

void ce_bce_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  double y, p, eps = CE_DEFAULT_EPS;
  int type_y = sqlite3_value_type(argv[0]);
  int type_p = sqlite3_value_type(argv[1]);
  int type_eps = argc>2 ? sqlite3_value_type(argv[2]) : SQLITE_FLOAT;
  if( type_y==SQLITE_NULL || type_p==SQLITE_NULL || type_eps==SQLITE_NULL ){
    return;                                                          /* (4) */
  }
  if( !ce_arg_number(ctx, argv[0], type_y, &BCE_Y, &y) ) return;       /* (1) */
  if( !ce_arg_number(ctx, argv[1], type_p, &BCE_P, &p) ) return;
  if( argc>2 && !ce_arg_number(ctx, argv[2], type_eps, &BCE_EPS, &eps) ){
    return;                                                          /* (2) */
  }
  sqlite3_result_double(ctx, ce_bce(y, p, ce_log_eps(eps)));
}

static const ce_arg BALANCED_ARGS[] = {
  {"balanced_bce", "y", 1, CE_RANGE_UNIT},
  {"balanced_bce", "p", 2, CE_RANGE_PROB},
  {"balanced_bce", "beta", 3, CE_RANGE_UNIT},
};

void ce_balanced_bce_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  double a[3];                                                   /* y, p, beta */
  if( ce_args_read(ctx, argc, argv, BALANCED_ARGS, a)<=0 ) return;   /* (4) */
  sqlite3_result_double(ctx, ce_balanced_bce(a[0], a[1], a[2],
                                             CE_LOG_DEFAULT_EPS));
}

static const ce_arg FOCAL_ARGS[] = {
  {"focal_loss", "y", 1, CE_RANGE_UNIT},
  {"focal_loss", "p", 2, CE_RANGE_PROB},
  {"focal_loss", "gamma", 3, CE_RANGE_WEIGHT},
  {"focal_loss", "alpha", 4, CE_RANGE_ALPHA},
};

void ce_focal_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  double a[4] = {0.0, 0.0, CE_FOCAL_GAMMA, CE_FOCAL_ALPHA};  /* y p gamma alpha */
  if( ce_args_read(ctx, argc, argv, FOCAL_ARGS, a)<=0 ) return;      /* (4) */
  sqlite3_result_double(ctx, ce_focal(a[0], a[1], a[2], a[3],
                                      CE_LOG_DEFAULT_EPS));
}

/*
** One row, in the step (sign = +1) or the window inverse step (sign = -1).
** The common row, y, p (and w) REAL or INTEGER and in range, is the whole
** table in practice: it takes the inline fast path, which with argc and
** sign constants keeps the per-row cost near the floor of an aggregate with
** one log (docs/performance.md). Any other row is read again from the
** start, NULLs first (5), by ce_args_read.
*/
CE_ALWAYS_INLINE void mean_ce_row(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv, int sign,
                                  const ce_arg *specs){
  double a[3];                                              /* y, p [, w] */
  if( !ce_args_fast(argv, argc, specs, a)
   && ce_args_read(ctx, argc, argv, specs, a)<=0 ) return;      /* (1)(3)(5) */
  ce_mean_agg_update(ctx, ce_bce(a[0], a[1], CE_LOG_DEFAULT_EPS),
                     argc>2 ? a[2] : 1.0, argc>2, sign);
}

/* (7): the inverse step removes what the step added (mean_agg.h) */
CE_MEAN_STEPS(ce_mean_ce_step, ce_mean_ce_inverse, mean_ce_row, MEAN_ARGS)
CE_MEAN_STEPS(ce_mean_ce_state_step, ce_mean_ce_state_inverse, mean_ce_row,
              MEAN_STATE_ARGS)

/* xValue and xFinal alike. */
void ce_mean_ce_value(sqlite3_context *ctx){
  ce_mean_agg_result(ctx, "mean_cross_entropy");                 /* (5)(6) */
}
