/*
** categorical.c — SQL glue for categorical cross-entropy over grouped rows:
**
**   categorical_ce(y, p)    aggregate and window function
**
** One group is one observation, one row per class: y is that class's target
** (a 0/1 indicator or a soft target), p its predicted probability.
** Requirements:
**  (1) y and p must be in [0,1].
**  (2) The result is -Σ y·ln p with ln p clamped at ln(DBL_EPSILON), as
**      scikit-learn's log_loss clips; rows with y = 0 add exactly 0.
**  (3) Probabilities are not renormalised (scikit-learn >= 1.5): a group may
**      store only some of the classes.
**  (4) Rows with a NULL in either argument are skipped; a group with no
**      usable rows gives NULL.
**  (5) The window inverse step removes exactly what the step added.
*/
#include "args.h"
#include "kernels.h"

static const ce_arg CAT_ARGS[] = {
  {"categorical_ce", "y", 1, CE_RANGE_UNIT},
  {"categorical_ce", "p", 2, CE_RANGE_PROB},
};

/* One row, in the step (sign = +1) or the window inverse step (sign = -1):
** the inline fast path for the common row, as in binary.c's mean_ce_row. */
CE_ALWAYS_INLINE void categorical_row(sqlite3_context *ctx,
                                      sqlite3_value **argv, int sign){
  ce_total *total;
  double a[2];                                                       /* y, p */
  if( !ce_args_fast(argv, 2, CAT_ARGS, a)
   && ce_args_read(ctx, 2, argv, CAT_ARGS, a)<=0 ) return;         /* (1)(4) */
  total = sqlite3_aggregate_context(ctx, sizeof(*total));
  if( total==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_total_update(total, ce_categorical_term(a[0], a[1], CE_LOG_DEFAULT_EPS),
                  sign);
}

void ce_categorical_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc;
  categorical_row(ctx, argv, +1);
}

void ce_categorical_inverse(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv){
  (void)argc;
  categorical_row(ctx, argv, -1);                                    /* (5) */
}

/* xValue and xFinal alike: neither changes the state. */
void ce_categorical_value(sqlite3_context *ctx){
  ce_total *total = sqlite3_aggregate_context(ctx, 0);
  double sum;
  if( total==0 || ce_total_value(total, &sum)==CE_EMPTY ) return;    /* (4) */
  sqlite3_result_double(ctx, sum);
}
