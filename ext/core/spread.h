/*
** spread.h — a mergeable sum of squared deviations, Σ v·(x − mean)², for
** the standard errors of binary_eval (x a row's loss, v = w²) and of
** paired_loss_test (x a loss difference, v = 1). Plain C, no engine types.
**
** The sums are of the shifted data x − K, K the first row's x ("computing
** shifted data": the classic cure for the cancellation of Σx² − (Σx)²/n):
**   Σ v,  Σ v·(x−K),  Σ v·(x−K)²
** and Σ v·(x − m)² = Σ v(x−K)² − 2a·Σ v(x−K) + a²·Σ v with a = m − K.
**
** Rules (cited as [H1]..[H5]):
**  [H1] The shift K is the first row's x (set by the owner when its state
**       is empty); with K that close to the data, the centred sum loses
**       about u·(1 + a²·Σv/Q) of itself, Q the result: for all rows equal
**       it is exactly 0.
**  [H2] The three sums are compensated and counted (kernels.h [K5][K6]),
**       so adding then removing rows (a window) leaves their sums exactly
**       as if the rows had never been there, residue included: a frame of
**       equal losses has a standard error of exactly 0 again.
**  [H3] Merging a state with another shift K' first moves it to ours:
**       δ = K' − K, Σ v(x−K) = Σ v(x−K') + δ·Σ v and
**       Σ v(x−K)² = Σ v(x−K')² + 2δ·Σ v(x−K') + δ²·Σ v, each a compensated
**       sum of the three terms; a merge with an empty state takes its shift.
**  [H4] The centred sum is clamped at 0 (rounding can only make it a hair
**       negative), and a sum that is not finite (weights beyond 1e154,
**       whose squares overflow) is reported, never returned.
**  [H5] The centring takes a = m − K, m the (w-weighted) mean, from a sum
**       of the shifted data, Σ w·(x − K) / Σ w, not from m rounded to a
**       double less K: when the x agree to 9 digits, m's own rounding and
**       that of the products w·x (1e-16 each) would be a relative 1e-7 of
**       their spread, and for weights with v = w² ≠ w that error enters
**       Σ v·(x − m)² at first order (1e-10 of the standard error). With
**       v = 1 (paired_loss_test, and the unweighted loss) Σ v·(x − K) is
**       that sum; binary_eval keeps Σ w·(loss − K) for its weighted form.
*/
#ifndef CROSSENTROPY_SPREAD_H
#define CROSSENTROPY_SPREAD_H

#include "kernels.h"

typedef struct ce_spread {
  double shift;             /* K [H1] */
  ce_counted_sum weight;    /* Σ v */
  ce_counted_sum dev;       /* Σ v·(x − K) */
  ce_counted_sum dev_sq;    /* Σ v·(x − K)² */
} ce_spread;

/* One row into (sign = +1) or out of (sign = -1) the sums [H2]. */
static inline void ce_spread_add(ce_spread *s, double x, double v, int sign){
  double d = x - s->shift, vd = v*d;
  ce_counted_sum_update(&s->weight, v, sign);
  ce_counted_sum_update(&s->dev, vd, sign);
  ce_counted_sum_update(&s->dev_sq, vd*d, sign);
}

/* Adds (sign = +1) or removes (-1) b to or from a [H3]; a_empty: a holds
** no rows, so it becomes b. 1, or 0 (a unchanged) when a count would leave
** int64_t. */
int ce_spread_merge(ce_spread *a, const ce_spread *b, int sign, int a_empty);

/* Σ v·(x − m)², at least 0 [H4], given a = m − K [H5]: 1 with *out set, 0
** when a sum is not finite. */
int ce_spread_centered(const ce_spread *s, double offset, double *out);

#endif /* CROSSENTROPY_SPREAD_H */
