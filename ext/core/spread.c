/*
** spread.c — moving, merging and the centred value of a sum of squared
** deviations (spread.h has the method and the rules [H1]..[H6]).
*/
#include <float.h>
#include <math.h>
#include "spread.h"
#include "state.h"

/* s's sums moved from K to K + delta, w its Σ w [H3]. Each moved sum's
** count of non-zero terms becomes the spread's rows (an upper bound, kept
** the same when the moved copy is removed again). */
static void move(ce_spread *s, double delta, double w){
  double v = ce_sum_value(&s->weight.sum), d = ce_sum_value(&s->dev.sum);
  int64_t rows = s->weight.n_nonzero;
  ce_sum_add(&s->first.sum, -delta*w);
  ce_sum_add(&s->dev.sum, -delta*v);
  ce_sum_add(&s->dev_sq.sum, -2.0*delta*d);
  ce_sum_add(&s->dev_sq.sum, delta*delta*v);
  s->first.n_nonzero = s->dev.n_nonzero = s->dev_sq.n_nonzero = rows;
  s->shift += delta;
}

int ce_spread_merge(ce_spread *a, const ce_spread *b, int sign, double w_a,
                    double w_b){
  ce_spread r = *a, moved = *b;
  if( sign>0 && ce_spread_empty(a) ){                  /* [H3] b's shift */
    moved.weight.n_inf += a->weight.n_inf;
    *a = moved;
    return 1;
  }
  if( sign>0 && !ce_spread_empty(b)
   && ce_sum_value(&b->weight.sum)>ce_sum_value(&a->weight.sum) ){
    move(&r, b->shift - a->shift, w_a);           /* [H3] the heavier's K */
  }
  if( moved.shift!=r.shift && !ce_spread_empty(&moved) ){
    move(&moved, r.shift - moved.shift, w_b);
  }
  if( !ce_counted_sum_merge(&r.weight, &moved.weight, sign)
   || !ce_counted_sum_merge(&r.first, &moved.first, sign)
   || !ce_counted_sum_merge(&r.dev, &moved.dev, sign)
   || !ce_counted_sum_merge(&r.dev_sq, &moved.dev_sq, sign) ) return 0;
  *a = r;
  return 1;
}

void ce_spread_recentre(ce_spread *s, double w){
  double v = ce_sum_value(&s->weight.sum), a, q, k;
  if( ce_spread_empty(s) || !ce_spread_centered(s, w, &q) ) return;
  a = ce_sum_value(&s->first.sum)/w;
  if( !(a*a*v > 16.0*q) ) return;                    /* [H6] well centred */
  k = s->shift + a;
  if( k - s->shift==a ) move(s, a, w);  /* only a δ that K + δ holds exactly */
}

int ce_spread_underflowed(const ce_spread *s){
  return s->dev.n_inf>0
      && (ce_spread_empty(s) || (double)s->dev.n_inf*DBL_MIN
                                > 0x1p-60*ce_sum_value(&s->weight.sum));
}

int ce_spread_centered(const ce_spread *s, double w, double *out){
  double v = ce_sum_value(&s->weight.sum);
  double d = ce_sum_value(&s->dev.sum);
  double d2 = ce_sum_value(&s->dev_sq.sum);
  double a = ce_sum_value(&s->first.sum)/w, q;                      /* [H5] */
  if( s->weight.n_inf>0 || s->dev_sq.n_inf>0 || ce_spread_underflowed(s)
   || !isfinite(v) || !isfinite(d)
   || !isfinite(d2) || !isfinite(a) || !isfinite(s->shift) ){
    return 0;                                                      /* [H4] */
  }
  if( s->dev_sq.n_nonzero==0 || s->weight.n_nonzero==1 ){
    *out = 0.0;                     /* [H1] one row is its own mean */
    return 1;
  }
  q = d2 - 2.0*a*d + a*a*v;
  if( !isfinite(q) ) return 0;
  *out = q>0.0 ? q : 0.0;                                          /* [H4] */
  return 1;
}
