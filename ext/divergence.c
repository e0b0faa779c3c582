/*
** divergence.c — SQL glue for the information measures of one distribution
** stored one row per class:
**
**   entropy(p)            aggregate and window function: -Σ p·ln p
**   kl_divergence(p, q)   aggregate and window function: Σ p·ln(p/q)
**
** Requirements:
**  (1) p and q in [0,1]. Distributions are taken as given, not renormalised.
**  (2) 0·ln 0 = 0; kl_divergence is +Inf when some p > 0 has q = 0.
**  (3) Rows with a NULL are skipped; no usable rows gives NULL.
**  (4) The window inverse step removes exactly the term the step added.
** The terms are in divergence_kernels.h.
*/
#include "args.h"
#include "divergence_kernels.h"
#include "kernels.h"

static const ce_arg ENTROPY_ARGS[] = {
  {"entropy", "p", 1, CE_RANGE_PROB},
};

static const ce_arg KL_ARGS[] = {
  {"kl_divergence", "p", 1, CE_RANGE_PROB},
  {"kl_divergence", "q", 2, CE_RANGE_PROB},
};

/* Adds or removes one class's term; sets SQLITE_NOMEM on failure. */
static void total_update(sqlite3_context *ctx, double term, int sign){
  ce_total *total = sqlite3_aggregate_context(ctx, sizeof(*total));
  if( total==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_total_update(total, term, sign);
}

static void entropy_update(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv, int sign){
  double p;
  if( ce_args_read(ctx, argc, argv, ENTROPY_ARGS, &p)<=0 ) return;
  total_update(ctx, ce_entropy_term(p), sign);
}

void ce_entropy_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  entropy_update(ctx, argc, argv, +1);
}

void ce_entropy_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  entropy_update(ctx, argc, argv, -1);                               /* (4) */
}

void ce_entropy_value(sqlite3_context *ctx){
  ce_total *total = sqlite3_aggregate_context(ctx, 0);
  double sum;
  if( total==0 || ce_total_value(total, &sum)==CE_EMPTY ) return;    /* (3) */
  sqlite3_result_double(ctx, sum);
}

static void kl_update(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                      int sign){
  double a[2];                                                        /* p, q */
  if( ce_args_read(ctx, argc, argv, KL_ARGS, a)<=0 ) return;
  total_update(ctx, ce_kl_term(a[0], a[1]), sign);
}

void ce_kl_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  kl_update(ctx, argc, argv, +1);
}

void ce_kl_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  kl_update(ctx, argc, argv, -1);                                    /* (4) */
}

/* KL terms have either sign, so its sum is not clamped at 0 like the
** others; a sum of terms that all left the frame is still exactly 0. */
void ce_kl_value(sqlite3_context *ctx){
  ce_total *total = sqlite3_aggregate_context(ctx, 0);
  if( total==0 || total->n_rows==0 ) return;                         /* (3) */
  sqlite3_result_double(ctx, ce_counted_sum_value(&total->sum) + 0.0);
}
