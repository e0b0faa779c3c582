/*
** kernels.h — the numeric heart of sqlite-crossentropy, in plain C.
**
** Everything here works on doubles and 64-bit counts only: no SQLite or
** PostgreSQL types, no allocation, no global state. Both front-ends call
** these (through signatures.h for the per-row losses); tests/c/kernels_test.c
** tests them alone.
**
** Requirements this file implements (cited in the code as [K1]..[K7]):
**  [K1] Clipping is on the log terms: ln p and ln(1-p) are each clamped from
**       below at ln(eps). eps = 0 means no clamp (ln 0 = -Inf is kept).
**  [K2] ln(1-p) is computed as log1p(-p), exact for tiny p.
**  [K3] A term whose coefficient is exactly 0 contributes exactly 0: no
**       0 * -Inf = NaN, whatever p is.
**  [K4] A perfect prediction has loss +0.0, never -0.0.
**  [K5] Sums are compensated (Neumaier's improved Kahan-Babuska), and
**       removing a value (window inverse step) is adding its negation.
**  [K6] Counts are 64-bit. A state with no rows, or with no positive weight,
**       has no value (the SQL NULL). A sum whose non-zero terms have all been
**       removed is exactly zero again: the rounding residue of removed rows
**       never shows in a frame of zero-loss rows.
**  [K7] An infinite term makes a sum +Inf while it is in it, and only then.
*/
#ifndef CROSSENTROPY_KERNELS_H
#define CROSSENTROPY_KERNELS_H

#include <math.h>
#include <stdint.h>

/* ln(DBL_EPSILON) = -52 ln 2: the log clamp for the default eps, which is
** scikit-learn's log_loss default for float64 (np.finfo(float64).eps). */
#define CE_DEFAULT_EPS      2.220446049250313e-16
#define CE_LOG_DEFAULT_EPS  (-36.04365338911715)

/* exp(-100) as a double, whose log is exactly -100: PyTorch's BCELoss clamp. */
#define CE_TORCH_EPS        3.720075976020836e-44

/* ln(eps) for a validated eps in [0, 0.5); the common cases need no log. */
static inline double ce_log_eps(double eps){
  if( eps==CE_DEFAULT_EPS ) return CE_LOG_DEFAULT_EPS;
  if( eps==CE_TORCH_EPS ) return -100.0;
  if( eps==0.0 ) return -INFINITY;
  return log(eps);
}

/* [K1] max(ln p, log_eps) */
static inline double ce_clamped_log(double p, double log_eps){
  double l = log(p);
  return l<log_eps ? log_eps : l;
}

/* [K1][K2] max(ln(1-p), log_eps) */
static inline double ce_clamped_log1m(double p, double log_eps){
  double l = log1p(-p);
  return l<log_eps ? log_eps : l;
}

/*
** Binary cross-entropy of one prediction: -(y ln p + (1-y) ln(1-p)).
** y and p must already be in [0,1]. Hard labels take one log, not two [K3].
** For soft labels the operation order makes the result bit-identical to
** PyTorch's BCELoss, (y-1)*ln(1-p) - y*ln p, when log_eps = -100.
*/
static inline double ce_bce(double y, double p, double log_eps){
  if( y==1.0 ) return 0.0 - ce_clamped_log(p, log_eps);     /* [K4] */
  if( y==0.0 ) return 0.0 - ce_clamped_log1m(p, log_eps);
  return 0.0 - (y*ce_clamped_log(p, log_eps)
                + (1.0-y)*ce_clamped_log1m(p, log_eps));
}

/*
** Class-balanced binary cross-entropy (HED, Xie & Tu 2015):
** -(beta·y·ln p + (1-beta)·(1-y)·ln(1-p)), beta in [0,1]; a term with a zero
** coefficient contributes exactly 0 [K3].
*/
static inline double ce_balanced_bce(double y, double p, double beta,
                                     double log_eps){
  double pos = beta*y, neg = (1.0-beta)*(1.0-y), sum = 0.0;
  if( pos!=0.0 ) sum += pos*ce_clamped_log(p, log_eps);
  if( neg!=0.0 ) sum += neg*ce_clamped_log1m(p, log_eps);
  return 0.0 - sum;                                                /* [K4] */
}

/* torchvision's sigmoid_focal_loss defaults. */
#define CE_FOCAL_GAMMA 2.0
#define CE_FOCAL_ALPHA 0.25

/*
** The focal factor of Lin et al. 2017 as torchvision's sigmoid_focal_loss
** applies it: alpha_t·(1-p_t)^gamma, with 1-p_t given by the caller,
** alpha_t = y·alpha + (1-y)(1-alpha), and alpha < 0 meaning no alpha_t.
** pow(0, 0) is 1, so gamma = 0 gives plain (alpha-weighted) cross-entropy.
*/
static inline double ce_focal_factor(double y, double one_minus_pt,
                                     double gamma, double alpha){
  double factor = pow(one_minus_pt, gamma);
  if( alpha>=0.0 ) factor *= y*alpha + (1.0-y)*(1.0-alpha);
  return factor;
}

/* Focal loss of a probability: the factor times bce. 1-p_t is computed as
** y(1-p) + (1-y)p, exact for hard labels; bce is finite (clamped logs). */
static inline double ce_focal(double y, double p, double gamma, double alpha,
                              double log_eps){
  double factor = ce_focal_factor(y, y*(1.0-p) + (1.0-y)*p, gamma, alpha);
  return factor*ce_bce(y, p, log_eps) + 0.0;                       /* [K4] */
}

/* One class's term of categorical cross-entropy: -y ln p, 0 when y = 0 [K3]. */
static inline double ce_categorical_term(double y, double p, double log_eps){
  if( y==0.0 ) return 0.0;
  return 0.0 - y*ce_clamped_log(p, log_eps);
}

/* [K5] A compensated sum: the value is hi + lo, lo holding the rounding error
** that plain addition to hi lost. */
typedef struct ce_sum {
  double hi;
  double lo;
} ce_sum;

static inline void ce_sum_add(ce_sum *s, double x){
  double t = s->hi + x;
  if( fabs(s->hi)>=fabs(x) ){
    s->lo += (s->hi - t) + x;
  }else{
    s->lo += (x - t) + s->hi;
  }
  s->hi = t;
}

static inline double ce_sum_value(const ce_sum *s){
  return s->hi + s->lo;
}

/*
** A compensated sum that also counts its non-zero and its infinite terms.
** [K6] When a window has removed every non-zero term, the sum is exactly
** zero again, whatever rounding residue the removed terms left behind: a
** frame of perfect predictions is 0.0, never +-1e-32. [K7] +Inf terms (an
** exact loss of a certain, wrong prediction) are counted apart, so that
** removing one from a window leaves a finite sum, not Inf - Inf = NaN.
*/
typedef struct ce_counted_sum {
  ce_sum sum;
  int64_t n_nonzero;
  int64_t n_inf;
} ce_counted_sum;

/* Add (sign = +1) or remove (sign = -1) the term x, never -Inf or NaN. */
static inline void ce_counted_sum_update(ce_counted_sum *c, double x, int sign){
  if( x==0.0 ) return;
  if( x==INFINITY ){ c->n_inf += sign; return; }                   /* [K7] */
  c->n_nonzero += sign;
  /* (only a removal can leave none: the step's constant sign drops this) */
  if( sign<0 && c->n_nonzero==0 ){
    c->sum.hi = 0.0;
    c->sum.lo = 0.0;
    return;
  }
  ce_sum_add(&c->sum, sign>0 ? x : -x);
}

/* Whether both parts of the sum are finite (no overflow). */
static inline int ce_counted_sum_finite(const ce_counted_sum *c){
  return isfinite(c->sum.hi) && isfinite(c->sum.lo);
}

/* The sum: +Inf if it holds an infinite term, NaN if its finite terms
** overflowed a double. */
static inline double ce_counted_sum_value(const ce_counted_sum *c){
  double v = ce_sum_value(&c->sum);
  if( !isfinite(v) ) return NAN;
  return c->n_inf>0 ? INFINITY : v;
}

/* The same for a sum of terms known to be >= 0. Below zero it can only be
** residue of removed terms, at the scale of u^2 times the largest sum held. */
static inline double ce_counted_sum_nonnegative(const ce_counted_sum *c){
  double v = ce_counted_sum_value(c);
  return v<0.0 ? 0.0 : v;                    /* [K4]; NaN from an overflow passes */
}

/*
** The state of a (weighted) mean: Σ w·loss and Σ w. The unweighted mean
** uses w = 1 and the row count as its denominator, so it never needs Σ w.
** All terms are >= 0 (losses and weights are).
*/
typedef struct ce_mean {
  ce_counted_sum wloss;   /* Σ w·loss */
  ce_counted_sum weight;  /* Σ w (weighted form only); n_nonzero: rows w > 0 */
  int64_t n_rows;         /* rows accumulated [K6] */
  int64_t n_overflow;     /* rows whose finite loss times w overflowed: a
                          ** count, so that such a row leaving a window
                          ** frame leaves the frame's mean usable again */
} ce_mean;

static inline void ce_mean_reset(ce_mean *m){
  static const ce_mean zero;
  *m = zero;
}

/* Add (sign = +1) or remove (sign = -1) one unweighted row. */
static inline void ce_mean_update(ce_mean *m, double loss, int sign){
  m->n_rows += sign;
  ce_counted_sum_update(&m->wloss, loss, sign);
}

/* Add (sign = +1) or remove (sign = -1) one weighted row, w >= 0. */
static inline void ce_mean_update_weighted(ce_mean *m, double loss, double w,
                                           int sign){
  m->n_rows += sign;
  if( w>0.0 ){
    double wloss = w*loss;
    if( wloss==INFINITY && loss!=INFINITY ) m->n_overflow += sign;
    ce_counted_sum_update(&m->wloss, wloss, sign);
    ce_counted_sum_update(&m->weight, w, sign);
  }
}

/* Outcome of reading a state's value. */
typedef enum ce_status {
  CE_VALUE = 0,     /* *out holds the value */
  CE_EMPTY,         /* no rows, or total weight 0: SQL NULL */
  CE_OVERFLOW       /* Σ w·loss or Σ w left the range of doubles (huge w) */
} ce_status;

static inline ce_status ce_mean_value(const ce_mean *m, int weighted,
                                      double *out){
  double num, den;
  if( m->n_rows==0 || (weighted && m->weight.n_nonzero==0) ) return CE_EMPTY;
  num = ce_counted_sum_nonnegative(&m->wloss);
  den = weighted ? ce_counted_sum_value(&m->weight) : (double)m->n_rows;
  if( m->n_overflow>0 || isnan(num) || !isfinite(den) ) return CE_OVERFLOW;
  *out = num/den;
  return CE_VALUE;
}

/* The state of a plain sum of terms >= 0 with a row count (categorical_ce). */
typedef struct ce_total {
  ce_counted_sum sum;
  int64_t n_rows;
} ce_total;

static inline void ce_total_update(ce_total *t, double x, int sign){
  t->n_rows += sign;
  ce_counted_sum_update(&t->sum, x, sign);
}

static inline ce_status ce_total_value(const ce_total *t, double *out){
  if( t->n_rows==0 ) return CE_EMPTY;
  *out = ce_counted_sum_nonnegative(&t->sum);
  return CE_VALUE;
}

#endif /* CROSSENTROPY_KERNELS_H */
