/*
** sum.c — aggregates that sum one observation's per-class terms, stored one
** row per class (one group = one observation), from the registration row's
** signature and kernel (signatures.h):
**
**   categorical_ce(y, p)   -Σ y·ln p, ln p clamped at ln(DBL_EPSILON) as
**                          scikit-learn's log_loss clips
**   entropy(p)             -Σ p·ln p
**   kl_divergence(p, q)    Σ p·ln(p/q)
**
** Rules (cited as [U1]..[U5]):
**  [U1] Each row is read and checked as the signature says ([P1]); a term
**       whose coefficient is 0 adds exactly 0 (kernels.h [K3], [D1]).
**  [U2] Distributions are taken as given, not renormalised (scikit-learn
**       >= 1.5): a group may store only some of its classes.
**  [U3] Rows with a NULL in any argument are skipped; a group with no
**       usable rows gives NULL.
**  [U4] The window inverse step removes exactly the term the step added.
**  [U5] Terms are >= 0, so the sum is clamped at 0 against the residue of
**       removed terms; but kl_divergence's terms have either sign (aux
**       CE_SUM_SIGNED), so its sum is not, and a frame whose terms have all
**       left is still exactly 0. kl_divergence is +Inf when some p > 0 has
**       q = 0 [D2].
*/
#include "args.h"

/* One row, in the step (sign = +1) or the window inverse step (sign = -1):
** the inline fast path for the common row (mean.c [E5]), with argc a
** constant. */
CE_ALWAYS_INLINE void sum_row(sqlite3_context *ctx, int argc,
                              sqlite3_value **argv, int sign){
  const ce_signature *sig = ce_called(ctx)->sig;
  double a[CE_MAX_PARAMS];
  ce_total *total;
  if( !ce_args_fast(argv, argc, sig, a)
   && ce_args_read(ctx, argc, argv, sig, a)<=0 ) return;         /* [U1][U3] */
  total = sqlite3_aggregate_context(ctx, sizeof(*total));
  if( total==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_total_update(total, sig->loss(a), sign);       /* [U2] as given */
}

void ce_sum_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  if( argc==1 ) sum_row(ctx, 1, argv, +1);
  else sum_row(ctx, 2, argv, +1);
}

void ce_sum_agg_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  if( argc==1 ) sum_row(ctx, 1, argv, -1);                          /* [U4] */
  else sum_row(ctx, 2, argv, -1);
}

/* xValue and xFinal alike: neither changes the state. */
void ce_sum_agg_value(sqlite3_context *ctx){
  ce_total *total = sqlite3_aggregate_context(ctx, 0);
  double sum;
  if( total==0 || total->n_rows==0 ) return;                        /* [U3] */
  if( ce_called(ctx)->aux==CE_SUM_SIGNED ){                         /* [U5] */
    sum = ce_counted_sum_value(&total->sum) + 0.0;
  }else{
    sum = ce_counted_sum_nonnegative(&total->sum);
  }
  sqlite3_result_double(ctx, sum);
}
