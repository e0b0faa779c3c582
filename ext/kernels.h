/*
** kernels.h — the numeric heart of sqlite-crossentropy, in plain C.
**
** Everything here works on doubles and 64-bit counts only: no SQLite types,
** no allocation, no global state. The SQLite glue (binary.c, categorical.c)
** calls these; tests/c/kernels_test.c tests them alone; other engines can
** reuse them unchanged.
**
** Requirements this file implements (cited in the code as [K1]..[K6]):
**  [K1] Clipping is on the log terms: ln p and ln(1-p) are each clamped from
**       below at ln(eps). eps = 0 means no clamp (ln 0 = -Inf is kept).
**  [K2] ln(1-p) is computed as log1p(-p), exact for tiny p.
**  [K3] A term whose coefficient is exactly 0 contributes exactly 0: no
**       0 * -Inf = NaN, whatever p is.
**  [K4] A perfect prediction has loss +0.0, never -0.0.
**  [K5] Sums are compensated (Neumaier's improved Kahan-Babuska), and
**       removing a value (window inverse step) is adding its negation.
**  [K6] Counts are 64-bit; a state with no rows, or with no positive weight,
**       has no value (the SQL NULL), and is reset to exact zeros so that
**       rounding residue of removed rows never leaks into later frames.
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
** The state of a (weighted) mean: Σ w·loss and Σ w as compensated sums.
** The unweighted mean uses w = 1 and the row count as its denominator, so
** it never needs the weight sum.
*/
typedef struct ce_mean {
  ce_sum wloss;       /* Σ w·loss */
  ce_sum weight;      /* Σ w (weighted form only) */
  int64_t n_rows;     /* rows accumulated [K6] */
  int64_t n_weighted; /* rows with w > 0 (weighted form only) */
} ce_mean;

static inline void ce_mean_reset(ce_mean *m){
  static const ce_mean zero = {{0.0, 0.0}, {0.0, 0.0}, 0, 0};
  *m = zero;
}

/* Add (sign = +1) or remove (sign = -1) one unweighted row. */
static inline void ce_mean_update(ce_mean *m, double loss, int sign){
  m->n_rows += sign;
  if( m->n_rows==0 ){ ce_mean_reset(m); return; }                  /* [K6] */
  ce_sum_add(&m->wloss, sign>0 ? loss : -loss);
}

/* Add (sign = +1) or remove (sign = -1) one weighted row, w >= 0. */
static inline void ce_mean_update_weighted(ce_mean *m, double loss, double w,
                                           int sign){
  m->n_rows += sign;
  if( w>0.0 ) m->n_weighted += sign;
  if( m->n_weighted==0 ){                                          /* [K6] */
    int64_t n = m->n_rows;
    ce_mean_reset(m);
    m->n_rows = n;
    return;
  }
  if( w>0.0 ){
    double wl = w*loss;
    ce_sum_add(&m->wloss, sign>0 ? wl : -wl);
    ce_sum_add(&m->weight, sign>0 ? w : -w);
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
  if( m->n_rows==0 || (weighted && m->n_weighted==0) ) return CE_EMPTY;
  num = ce_sum_value(&m->wloss);
  den = weighted ? ce_sum_value(&m->weight) : (double)m->n_rows;
  if( !isfinite(num) || !isfinite(den) ) return CE_OVERFLOW;
  *out = num/den;
  return CE_VALUE;
}

/* The state of a plain compensated sum with a row count (categorical_ce). */
typedef struct ce_total {
  ce_sum sum;
  int64_t n_rows;
} ce_total;

static inline void ce_total_update(ce_total *t, double x, int sign){
  t->n_rows += sign;
  if( t->n_rows==0 ){                                              /* [K6] */
    t->sum.hi = 0.0;
    t->sum.lo = 0.0;
    return;
  }
  ce_sum_add(&t->sum, sign>0 ? x : -x);
}

static inline ce_status ce_total_value(const ce_total *t, double *out){
  if( t->n_rows==0 ) return CE_EMPTY;
  *out = ce_sum_value(&t->sum) + 0.0;                              /* [K4] */
  return CE_VALUE;
}

#endif /* CROSSENTROPY_KERNELS_H */
