/*
** divergence_kernels.h — the terms of entropy and Kullback-Leibler
** divergence over one distribution's classes, in plain C. Like kernels.h:
** doubles only, no SQLite. The sums use kernels.h's counted sums.
**
** Rules (cited as [D1]..[D3]):
**  [D1] 0·ln 0 = 0: a class with p = 0 contributes exactly 0.
**  [D2] p > 0 where q = 0 contributes +Inf (the divergence is infinite).
**  [D3] ln(p/q) is computed as log1p((p-q)/q) when p and q are within a
**       factor of 2 (p - q is then exact), so nearly equal distributions
**       get their tiny divergence right instead of ln p - ln q's rounding.
*/
#ifndef CROSSENTROPY_DIVERGENCE_KERNELS_H
#define CROSSENTROPY_DIVERGENCE_KERNELS_H

#include <math.h>

/* -p ln p, p in [0,1]: non-negative. */
static inline double ce_entropy_term(double p){
  if( p==0.0 ) return 0.0;                                         /* [D1] */
  return 0.0 - p*log(p);
}

/* p ln(p/q), p and q in [0,1]; either sign, or +Inf. */
static inline double ce_kl_term(double p, double q){
  if( p==0.0 ) return 0.0;                                         /* [D1] */
  if( q==0.0 ) return INFINITY;                                    /* [D2] */
  if( p<=2.0*q && q<=2.0*p ) return p*log1p((p - q)/q);           /* [D3] */
  return p*(log(p) - log(q));
}

#endif /* CROSSENTROPY_DIVERGENCE_KERNELS_H */
