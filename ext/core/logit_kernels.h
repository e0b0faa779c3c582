/*
** logit_kernels.h — losses computed from logits (raw scores), in plain C.
** Like kernels.h: doubles and counts only, no SQLite, no allocation.
**
** Requirements (cited as [L1]..[L4]):
**  [L1] Stable for every finite z: no exp() of a positive argument, and no
**       subtraction of nearly equal numbers (the two halves of the line
**       z >= 0 / z < 0 are each a sum of non-negative terms).
**  [L2] z = +-Inf gives the limit of the loss, 0 or +Inf, never NaN.
**  [L3] softmax_ce keeps a running maximum, so logits of +-1000 neither
**       overflow nor lose the small loss of a confident right prediction.
**  [L4] Results are >= 0 and a perfect prediction is +0.0 (as [K4]).
*/
#ifndef CROSSENTROPY_LOGIT_KERNELS_H
#define CROSSENTROPY_LOGIT_KERNELS_H

#include <math.h>
#include <stdint.h>
#include "compiler.h"
#include "kernels.h"

/* The logistic function σ(z), without overflow for any z. */
static inline double ce_sigmoid(double z){
  if( z>=0.0 ) return 1.0/(1.0 + exp(-z));
  else{
    double e = exp(z);
    return e/(1.0 + e);
  }
}

/*
** Binary cross-entropy from a logit, with PyTorch's pos_weight pw:
**   -( pw·y·ln σ(z) + (1-y)·ln(1-σ(z)) )
** For z >= 0:  (1-y)·z + lw·log1p(exp(-z))
** for z <  0:  pw·y·(-z) + lw·log1p(exp(z)),   lw = 1 + (pw-1)·y,
** both sums of non-negative terms [L1]. pw = 1 is the plain loss.
*/
static inline double ce_bce_logits(double y, double z, double pw){
  double lw = 1.0 + (pw - 1.0)*y;
  if( z>=0.0 ){
    if( z==INFINITY ) return y==1.0 ? 0.0 : INFINITY;              /* [L2] */
    return (1.0-y)*z + lw*log1p(exp(-z)) + 0.0;                    /* [L4] */
  }
  if( z==-INFINITY ) return y==0.0 || pw==0.0 ? 0.0 : INFINITY;    /* [L2] */
  /* y·(-z) first: it cannot overflow (y <= 1), and pw·y could underflow */
  return pw*(y*(-z)) + lw*log1p(exp(z)) + 0.0;
}

/* Focal loss from a logit, torchvision's sigmoid_focal_loss: the focal
** factor times bce_logits, with 1-p_t = y·σ(-z) + (1-y)·σ(z) computed
** without cancellation. A zero factor wins over an infinite loss [K3]. */
static inline double ce_focal_logits(double y, double z, double gamma,
                                     double alpha){
  double one_minus_pt = y*ce_sigmoid(-z) + (1.0-y)*ce_sigmoid(z);
  double factor = ce_focal_factor(y, one_minus_pt, gamma, alpha);
  if( factor==0.0 ) return 0.0;
  return factor*ce_bce_logits(y, z, 1.0);
}

/*
** Streaming softmax cross-entropy of one observation: Σ y·(lse - z) over
** its classes, lse = ln Σ exp(z), in one pass [L3]. With m the running
** maximum, lse - z = (m - z) + log1p(others), where others = Σ exp(z - m)
** over every class but one at the maximum. So the loss is
**   gap + Σy · log1p(others),   gap = Σ y·(m - z),
** two non-negative parts. When a new maximum arrives, every earlier class's
** m - z grows by the same d: gap grows by d·Σy, and others is rescaled.
*/
typedef struct ce_softmax {
  double max_z;      /* m */
  ce_sum others;     /* Σ exp(z - m), all classes but one at the maximum */
  ce_sum gap;        /* Σ y·(m - z) */
  ce_sum target;     /* Σ y */
  int64_t n_rows;
  int infinite;      /* a gap term overflowed: the loss is beyond DBL_MAX */
} ce_softmax;

/* Adds the non-negative gap term y·(hi - lo), hi >= lo. If hi - lo itself
** overflows (logits ~1e308 apart, then of opposite signs), y·hi - y·lo adds
** two non-negative numbers instead; a term still beyond DBL_MAX makes the
** loss +Inf, as IEEE rounds such a value [L2]. */
static inline void ce_softmax_add_gap(ce_softmax *s, double y, double hi,
                                      double lo){
  double term = y*(hi - lo);
  if( term==INFINITY ) term = y*hi - y*lo;
  if( term==INFINITY ) s->infinite = 1;
  else ce_sum_add(&s->gap, term);
}

/* Always inline: a vector's loop over its classes calls it per element. */
CE_ALWAYS_INLINE void ce_softmax_add(ce_softmax *s, double y, double z){
  if( s->n_rows++==0 ){
    s->max_z = z;
  }else if( z>s->max_z ){
    double d = z - s->max_z;
    double scale = exp(-d);
    /* the old maximum joins the others, which shrink by exp(-d) */
    s->others.hi *= scale;
    s->others.lo *= scale;
    ce_sum_add(&s->others, scale);
    if( ce_sum_value(&s->target)!=0.0 ){
      ce_softmax_add_gap(s, ce_sum_value(&s->target), z, s->max_z);
    }
    s->max_z = z;
  }else{
    ce_sum_add(&s->others, exp(z - s->max_z));
    if( y!=0.0 ) ce_softmax_add_gap(s, y, s->max_z, z);
  }
  ce_sum_add(&s->target, y);
}

/*
** Merges state b into a: the two halves of one observation's classes, as
** parallel workers see them. With M = the larger maximum and d = M - the
** smaller one, the smaller side's others (and its own maximum class, now
** one of the others) shrink by exp(-d), and its gap grows by d·Σy of that
** side, as in ce_softmax_add for a new maximum.
*/
static inline void ce_softmax_merge(ce_softmax *a, const ce_softmax *b){
  const ce_softmax *lo;
  ce_softmax hi;
  double scale, target_lo;
  if( b->n_rows==0 ) return;
  if( a->n_rows==0 ){ *a = *b; return; }
  hi = a->max_z>=b->max_z ? *a : *b;          /* the side with the maximum */
  lo = a->max_z>=b->max_z ? b : a;
  scale = exp(lo->max_z - hi.max_z);
  ce_sum_add(&hi.others, scale*lo->others.hi);
  ce_sum_add(&hi.others, scale*lo->others.lo);
  ce_sum_add(&hi.others, scale);            /* lo's own maximum class */
  ce_sum_add(&hi.gap, lo->gap.hi);
  ce_sum_add(&hi.gap, lo->gap.lo);
  target_lo = ce_sum_value(&lo->target);
  if( target_lo!=0.0 ) ce_softmax_add_gap(&hi, target_lo, hi.max_z, lo->max_z);
  ce_sum_add(&hi.target, lo->target.hi);
  ce_sum_add(&hi.target, lo->target.lo);
  hi.n_rows += lo->n_rows;
  hi.infinite |= lo->infinite;
  *a = hi;
}

/* The loss; the caller handles n_rows == 0 (no value). */
static inline double ce_softmax_value(const ce_softmax *s){
  double target = ce_sum_value(&s->target);
  double gap = ce_sum_value(&s->gap);
  if( target==0.0 ) return 0.0;
  if( s->infinite || !isfinite(gap) ) return INFINITY;             /* [L2] */
  return gap + target*log1p(ce_sum_value(&s->others)) + 0.0;       /* [L4] */
}

#endif /* CROSSENTROPY_LOGIT_KERNELS_H */
