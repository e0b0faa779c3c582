/*
** spread.h — a mergeable sum of squared deviations, Σ v·(x − m)², for
** the standard errors of binary_eval (x a row's loss, v = w², m the
** w-weighted mean) and of paired_loss_test (x a loss difference, w = v = 1).
** Plain C, no engine types.
**
** The sums are of the shifted data x − K ("computing shifted data": the
** classic cure for the cancellation of Σx² − (Σx)²/n):
**   Σ v,  Σ w·(x−K),  Σ v·(x−K),  Σ v·(x−K)²
** and Σ v·(x − m)² = Σ v(x−K)² − 2a·Σ v(x−K) + a²·Σ v with a = m − K.
**
** Rules (cited as [H1]..[H6]):
**  [H1] The shift K is the first x to enter an empty spread (a row of
**       weight 0 never enters). With K close to the data the centred sum Q
**       loses about u·(1 + a²·Σv/Q) of itself; for all rows equal it is
**       exactly 0.
**  [H2] The sums are compensated and counted (kernels.h [K5][K6]), so
**       adding then removing rows (a window) takes out what went in, and
**       a spread whose rows have all left is empty again (its next row
**       sets a new K).
**  [H3] Moving the sums to another shift K + δ: Σ w(x−K−δ) = Σ w(x−K) −
**       δ·Σ w, Σ v(x−K−δ) = Σ v(x−K) − δ·Σ v and Σ v(x−K−δ)² = Σ v(x−K)²
**       − 2δ·Σ v(x−K) + δ²·Σ v, each a compensated sum of its terms.
**       Merging moves the lighter spread (smaller Σ v) to the heavier's
**       shift, so the result does not depend on which came first; an empty
**       spread takes the other's.
**  [H4] The centred sum is clamped at 0 (rounding can only make it a hair
**       negative). A v beyond the doubles (w above 1e154) does not enter
**       the sums: it is counted as an infinite term of Σ v, and the
**       standard error is an error (never a silently wrong number) while
**       its row is in; so is a sum that is no longer finite. A v below the
**       normal doubles (w below 1e-154) is left out and counted (dev's
**       n_inf): its share of Q is below 2^-1022 per row, negligible next to
**       the rows kept unless those are about as small, and then (their
**       count·2^-1022 above 2^-60·Σ v, or none kept) the standard error is
**       the same error.
**  [H5] a = m − K is Σ w·(x − K) / Σ w, from the shifted sum, not m rounded
**       to a double less K: when the x agree to 9 digits, m's own rounding
**       and that of the products w·x (1e-16 each) would be a relative 1e-7
**       of their spread, and for v = w² ≠ w that error enters Σ v·(x − m)²
**       at first order.
**  [H6] A spread whose K has drifted away from its data (a first row that
**       was an outlier) is re-centred: the owner calls ce_spread_recentre
**       when its row count reaches a power of two from 16 on, and where
**       a²·Σ v > 16·Q the sums move to K + a [H3]. The error [H1] then
**       stays about 16u, however far the first row was; a GROUP BY pays
**       for it about log2(n) times. A window's frame is not re-centred as
**       rows leave (docs/mean_cross_entropy_stderr.md says what that
**       means for frames after an outlier).
*/
#ifndef CROSSENTROPY_SPREAD_H
#define CROSSENTROPY_SPREAD_H

#include <float.h>
#include "kernels.h"

typedef struct ce_spread {
  double shift;             /* K [H1] */
  ce_counted_sum weight;    /* Σ v; n_inf: rows whose v is out of range */
  ce_counted_sum first;     /* Σ w·(x − K) [H5] */
  ce_counted_sum dev;       /* Σ v·(x − K); n_inf: rows whose v underflowed */
  ce_counted_sum dev_sq;    /* Σ v·(x − K)² */
} ce_spread;

/* Whether no row is in the sums (rows out of range [H4] aside). */
static inline int ce_spread_empty(const ce_spread *s){
  return s->weight.n_nonzero==0;
}

/* One row, x with weight w > 0 and v (w², or 1), into (sign = +1) or out
** of (sign = -1) the sums [H1][H2][H4]. */
static inline void ce_spread_add(ce_spread *s, double x, double w, double v,
                                 int sign){
  double d, vd;
  if( !(v<=DBL_MAX) ){ s->weight.n_inf += sign; return; }          /* [H4] */
  if( v<DBL_MIN ){ s->dev.n_inf += sign; return; }
  if( sign>0 && ce_spread_empty(s) ) s->shift = x;
  d = x - s->shift;
  vd = v*d;
  ce_counted_sum_update(&s->weight, v, sign);
  ce_counted_sum_update(&s->first, w*d, sign);
  ce_counted_sum_update(&s->dev, vd, sign);
  ce_counted_sum_update(&s->dev_sq, vd*d, sign);
}

/* Adds (sign = +1) or removes (-1) b to or from a [H3]; w_a, w_b are
** their Σ w. 1, or 0 (a unchanged) when a count would leave int64_t. */
int ce_spread_merge(ce_spread *a, const ce_spread *b, int sign, double w_a,
                    double w_b);

/* [H6] Moves the sums to K + a where K has drifted from the data; w is
** the spread's Σ w. */
void ce_spread_recentre(ce_spread *s, double w);

/* Σ v·(x − m)², at least 0 [H4][H5], w the spread's Σ w: 1 with *out set,
** 0 when it is not a number (an out-of-range v in, or a sum not finite). */
int ce_spread_centered(const ce_spread *s, double w, double *out);

/* [H4] Whether the rows left out for a v below the normal doubles are too
** many (or all there is) for Q to be right without them. */
int ce_spread_underflowed(const ce_spread *s);

/* Whether the owner should offer a re-centring after its row count became
** n [H6]. */
static inline int ce_spread_checkpoint(int64_t n){
  return n>=16 && (n & (n - 1))==0;
}

#endif /* CROSSENTROPY_SPREAD_H */
