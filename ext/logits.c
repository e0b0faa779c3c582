/*
** logits.c — SQL glue for the binary losses computed from logits z (raw
** scores, before the sigmoid):
**
**   bce_logits(y, z [, pos_weight])             scalar
**   focal_loss_logits(y, z [, gamma [, alpha]]) scalar
**   mean_bce_logits(y, z [, w])                 aggregate and window function
**   mean_bce_logits_state(y, z [, w])           its partial state (states.c)
**
** Requirements:
**  (1) y in [0,1]; z any number, +-Inf included (their limits are returned,
**      0 or +Inf); pos_weight and w finite >= 0; gamma finite >= 0 (default
**      2); alpha <= 1 (default 0.25, negative for none).
**  (2) Scalars: NULL in any argument gives NULL, before any validation.
**  (3) mean_bce_logits: rows with a NULL are skipped; no rows or a total
**      weight of 0 gives NULL; an infinite loss makes the mean +Inf while
**      its row is in the frame; an overflowing weighted sum is an error.
** The numerics are in logit_kernels.h.
*/
#include "args.h"
#include "logit_kernels.h"
#include "mean_agg.h"

static const ce_arg BCE_LOGITS_ARGS[] = {
  {"bce_logits", "y", 1, CE_RANGE_UNIT},
  {"bce_logits", "z", 2, CE_RANGE_ANY},
  {"bce_logits", "pos_weight", 3, CE_RANGE_WEIGHT},
};

void ce_bce_logits_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  double a[3] = {0.0, 0.0, 1.0};                          /* y, z, pos_weight */
  if( ce_args_read(ctx, argc, argv, BCE_LOGITS_ARGS, a)<=0 ) return; /* (2) */
  sqlite3_result_double(ctx, ce_bce_logits(a[0], a[1], a[2]));
}

static const ce_arg FOCAL_LOGITS_ARGS[] = {
  {"focal_loss_logits", "y", 1, CE_RANGE_UNIT},
  {"focal_loss_logits", "z", 2, CE_RANGE_ANY},
  {"focal_loss_logits", "gamma", 3, CE_RANGE_WEIGHT},
  {"focal_loss_logits", "alpha", 4, CE_RANGE_ALPHA},
};

void ce_focal_logits_func(sqlite3_context *ctx, int argc,
                          sqlite3_value **argv){
  double a[4] = {0.0, 0.0, CE_FOCAL_GAMMA, CE_FOCAL_ALPHA};
  if( ce_args_read(ctx, argc, argv, FOCAL_LOGITS_ARGS, a)<=0 ) return;
  sqlite3_result_double(ctx, ce_focal_logits(a[0], a[1], a[2], a[3]));
}

static const ce_arg MEAN_LOGITS_ARGS[] = {
  {"mean_bce_logits", "y", 1, CE_RANGE_UNIT},
  {"mean_bce_logits", "z", 2, CE_RANGE_ANY},
  {"mean_bce_logits", "w", 3, CE_RANGE_WEIGHT},
};
static const ce_arg MEAN_LOGITS_STATE_ARGS[] = {
  {"mean_bce_logits_state", "y", 1, CE_RANGE_UNIT},
  {"mean_bce_logits_state", "z", 2, CE_RANGE_ANY},
  {"mean_bce_logits_state", "w", 3, CE_RANGE_WEIGHT},
};

/* One row, in the step (sign = +1) or the window inverse step (sign = -1):
** the inline fast path for the common row, as in binary.c's mean_ce_row. */
CE_ALWAYS_INLINE void mean_logits_row(sqlite3_context *ctx, int argc,
                                      sqlite3_value **argv, int sign,
                                      const ce_arg *specs){
  double a[3];                                              /* y, z [, w] */
  if( !ce_args_fast(argv, argc, specs, a)
   && ce_args_read(ctx, argc, argv, specs, a)<=0 ) return;
  ce_mean_agg_update(ctx, ce_bce_logits(a[0], a[1], 1.0), argc>2 ? a[2] : 1.0,
                     argc>2, sign);
}

CE_MEAN_STEPS(ce_mean_logits_step, ce_mean_logits_inverse, mean_logits_row,
              MEAN_LOGITS_ARGS)
CE_MEAN_STEPS(ce_mean_logits_state_step, ce_mean_logits_state_inverse,
              mean_logits_row, MEAN_LOGITS_STATE_ARGS)

void ce_mean_logits_value(sqlite3_context *ctx){
  ce_mean_agg_result(ctx, "mean_bce_logits");                        /* (3) */
}
