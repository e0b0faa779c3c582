/*
** partial_state.c — the byte forms of partial_state.h ([W1]..[W3]).
*/
#include <math.h>
#include "le_bytes.h"
#include "partial_state.h"

static void put_sum(unsigned char *out, const ce_sum *s){
  ce_put_le_f64(out, s->hi);
  ce_put_le_f64(out + 8, s->lo);
}

static void get_sum(const unsigned char *in, ce_sum *s){
  s->hi = ce_get_le_f64(in);
  s->lo = ce_get_le_f64(in + 8);
}

static int all_zero(const unsigned char *p, int n){
  int i;
  for(i=0; i<n; i++){
    if( p[i]!=0 ) return 0;
  }
  return 1;
}

static int sum_finite(const ce_sum *s){
  return isfinite(s->hi) && isfinite(s->lo);
}

void ce_total_write(const ce_total *t, unsigned char *out){
  ce_put_le64(out, (uint64_t)t->n_rows);
  put_sum(out + 8, &t->sum.sum);
  ce_put_le64(out + 24, (uint64_t)t->sum.n_nonzero);
  ce_put_le64(out + 32, (uint64_t)t->sum.n_inf);
}

int ce_total_read(const unsigned char *in, int64_t n, ce_total *t){
  static const ce_total zero;
  ce_total r;
  *t = zero;
  if( n!=CE_TOTAL_BYTES ) return 0;
  r.n_rows = (int64_t)ce_get_le64(in);
  get_sum(in + 8, &r.sum.sum);
  r.sum.n_nonzero = (int64_t)ce_get_le64(in + 24);
  r.sum.n_inf = (int64_t)ce_get_le64(in + 32);
  if( r.n_rows<0 || r.sum.n_nonzero<0 || r.sum.n_inf<0                /* [W2] */
   || r.sum.n_nonzero > r.n_rows || r.sum.n_inf > r.n_rows - r.sum.n_nonzero
   || !sum_finite(&r.sum.sum)
   || (r.sum.n_nonzero==0 && (r.sum.sum.hi!=0.0 || r.sum.sum.lo!=0.0)) ){
    return 0;                                                        /* [W3] */
  }
  *t = r;                                                            /* [W1] */
  return 1;
}

void ce_softmax_write(const ce_softmax *s, unsigned char *out){
  ce_put_le_f64(out, s->max_z);
  put_sum(out + 8, &s->others);
  put_sum(out + 24, &s->gap);
  put_sum(out + 40, &s->target);
  ce_put_le64(out + 56, (uint64_t)s->n_rows);
  ce_put_le64(out + 64, (uint64_t)s->infinite);
}

int ce_softmax_read(const unsigned char *in, int64_t n, ce_softmax *s){
  static const ce_softmax zero;
  ce_softmax r;
  uint64_t infinite;
  *s = zero;
  if( n!=CE_SOFTMAX_BYTES ) return 0;
  r.max_z = ce_get_le_f64(in);
  get_sum(in + 8, &r.others);
  get_sum(in + 24, &r.gap);
  get_sum(in + 40, &r.target);
  r.n_rows = (int64_t)ce_get_le64(in + 56);
  infinite = ce_get_le64(in + 64);
  r.infinite = infinite==1;
  /* [W2] the gap may have overflowed to +Inf (the loss is then +Inf, and
  ** its low part -Inf or NaN); every other part is a finite sum of terms
  ** >= 0, and an empty state is written as all zero bytes */
  if( r.n_rows<0 || infinite>1 || !isfinite(r.max_z)
   || !sum_finite(&r.others) || !(ce_sum_value(&r.others)>=0.0)
   || !sum_finite(&r.target) || !(ce_sum_value(&r.target)>=0.0)
   || (r.gap.hi!=INFINITY
       && (!sum_finite(&r.gap) || !(ce_sum_value(&r.gap)>=0.0)))
   || (r.n_rows==0 && !all_zero(in, CE_SOFTMAX_BYTES)) ){
    return 0;                                                        /* [W3] */
  }
  *s = r;                                                            /* [W1] */
  return 1;
}
