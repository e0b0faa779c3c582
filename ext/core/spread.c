/*
** spread.c — merging and the centred value of a sum of squared deviations
** (spread.h has the method and the rules [H1]..[H4]).
*/
#include <math.h>
#include "spread.h"
#include "state.h"

/* A counted sum whose value is the compensated sum of the terms, with
** `count` as its number of non-zero terms (kept as b's so that removing b
** later subtracts exactly what adding it added). */
static ce_counted_sum moved_sum(const ce_counted_sum *base, double t1,
                                double t2, int64_t count){
  ce_counted_sum c = *base;
  ce_sum_add(&c.sum, t1);
  ce_sum_add(&c.sum, t2);
  c.n_nonzero = count;
  return c;
}

int ce_spread_merge(ce_spread *a, const ce_spread *b, int sign, int a_empty){
  ce_spread r;
  ce_counted_sum dev, dev_sq;
  double delta, vb, db;
  if( a_empty && sign>0 ){ *a = *b; return 1; }            /* [H3] b's shift */
  r = *a;
  delta = b->shift - a->shift;
  if( delta==0.0 ){
    dev = b->dev;
    dev_sq = b->dev_sq;
  }else{                                                  /* [H3] move b */
    vb = ce_sum_value(&b->weight.sum);
    db = ce_sum_value(&b->dev.sum);
    dev = moved_sum(&b->dev, delta*vb, 0.0, b->weight.n_nonzero);
    dev_sq = moved_sum(&b->dev_sq, 2.0*delta*db, delta*delta*vb,
                       b->weight.n_nonzero);
  }
  if( !ce_counted_sum_merge(&r.weight, &b->weight, sign)
   || !ce_counted_sum_merge(&r.dev, &dev, sign)
   || !ce_counted_sum_merge(&r.dev_sq, &dev_sq, sign) ) return 0;
  *a = r;
  return 1;
}

int ce_spread_centered(const ce_spread *s, double a, double *out){
  double v = ce_sum_value(&s->weight.sum);
  double d = ce_sum_value(&s->dev.sum);
  double d2 = ce_sum_value(&s->dev_sq.sum);
  double q;
  if( !isfinite(v) || !isfinite(d) || !isfinite(d2) || !isfinite(a)
   || !isfinite(s->shift)
   || s->dev_sq.n_inf>0 || s->weight.n_inf>0 ){
    return 0;                                                      /* [H4] */
  }
  if( s->dev_sq.n_nonzero==0 ){ *out = 0.0; return 1; }       /* [H1][H2] */
  q = d2 - 2.0*a*d + a*a*v;
  if( !isfinite(q) ) return 0;
  *out = q>0.0 ? q : 0.0;                                          /* [H4] */
  return 1;
}
