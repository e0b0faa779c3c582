/*
** signatures.h — every loss's arguments, in plain C: their names and
** ranges, the value an omitted trailing one takes, and the kernel that
** computes one row's loss from them. A signature names no SQL function:
** the front-ends register one or several SQL names over it (bce and its
** 3-argument form, mean_cross_entropy and mean_cross_entropy_state) and
** put the name in the errors they report from it.
**
** Rules (cited as [P1]..[P7]):
**  [P1] Labels, targets and probabilities are in [0,1]; a label may be soft.
**       A probability's errors carry the percentage hint (checks.h).
**  [P2] eps (the log clamp) is in [0,0.5) and defaults to DBL_EPSILON, as
**       scikit-learn's log_loss; exp(-100) gives PyTorch's BCELoss, 0 the
**       exact loss. The other losses clamp at DBL_EPSILON.
**  [P3] Weights (w, pos_weight) and gamma are finite and >= 0; w and
**       pos_weight default to 1, gamma to 2 and alpha to 0.25 (torchvision);
**       alpha is at most 1, negative for no alpha weighting.
**  [P4] Logits z of the binary losses are any number, +-Inf included (their
**       limits are returned); softmax_ce's logits are finite.
**  [P5] label_smoothing is in [0,1] and defaults to 0.
**  [P6] The static const signatures are defined here, in the header, so
**       that a front-end's per-row code that names one (the scalars' entries
**       and the mean aggregates' steps) sees its ranges and kernel as
**       constants: the range checks fold to compares and the kernel is
**       inlined. Code that takes the signature from a registration row (the
**       sums of per-class terms) reads the bounds at run time, two loads
**       per argument, and calls the kernel through the pointer
**       (docs/performance.md).
**  [P7] A log-probability is <= 0 (-Inf included: a token the model gave
**       probability 0); calibration bins are a whole number in [1,10000],
**       10 when omitted; paired losses are any finite numbers.
*/
#ifndef CROSSENTROPY_SIGNATURES_H
#define CROSSENTROPY_SIGNATURES_H

#include "checks.h"
#include "divergence_kernels.h"
#include "kernels.h"
#include "logit_kernels.h"

#define CE_MAX_PARAMS 4

/* One argument: its name in errors, what it may be, and the value it has
** when a shorter form of the function omits it. Its position in errors is
** its index + 1. */
typedef struct ce_param {
  const char *name;
  ce_range range;
  double omitted;
} ce_param;

/* One row's loss (or term) from its arguments, all present or defaulted. */
typedef double (*ce_row_loss)(const double *args);

typedef struct ce_signature {
  int n_params;
  ce_param param[CE_MAX_PARAMS];
  ce_row_loss loss;       /* 0 where the front-end streams (vectors, softmax) */
} ce_signature;

/* ---- the kernels as ce_row_loss: args in the signature's order --------- */

static inline double ce_row_bce(const double *a){              /* y, p, eps */
  return ce_bce(a[0], a[1], ce_log_eps(a[2]));
}
static inline double ce_row_bce_default(const double *a){      /* y, p [, w] */
  return ce_bce(a[0], a[1], CE_LOG_DEFAULT_EPS);
}
static inline double ce_row_balanced_bce(const double *a){    /* y, p, beta */
  return ce_balanced_bce(a[0], a[1], a[2], CE_LOG_DEFAULT_EPS);
}
static inline double ce_row_focal(const double *a){  /* y, p, gamma, alpha */
  return ce_focal(a[0], a[1], a[2], a[3], CE_LOG_DEFAULT_EPS);
}
static inline double ce_row_bce_logits(const double *a){ /* y, z, pos_weight */
  return ce_bce_logits(a[0], a[1], a[2]);
}
static inline double ce_row_mean_logits(const double *a){     /* y, z [, w] */
  return ce_bce_logits(a[0], a[1], 1.0);
}
static inline double ce_row_focal_logits(const double *a){
  return ce_focal_logits(a[0], a[1], a[2], a[3]);
}
static inline double ce_row_categorical(const double *a){           /* y, p */
  return ce_categorical_term(a[0], a[1], CE_LOG_DEFAULT_EPS);
}
static inline double ce_row_entropy(const double *a){                  /* p */
  return ce_entropy_term(a[0]);
}
static inline double ce_row_kl(const double *a){                    /* p, q */
  return ce_kl_term(a[0], a[1]);
}
static inline double ce_row_brier(const double *a){           /* y, p [, w] */
  double miss = a[1] - a[0];
  return miss*miss;
}
static inline double ce_row_neg_logprob(const double *a){   /* logprob [, w] */
  return 0.0 - a[0];                              /* [K4] -0.0 is +0.0 */
}

/* ---- the signatures [P6] ------------------------------------------------ */

/* bce(y, p [, eps])  [P1][P2] */
static const ce_signature CE_SIG_BCE = {3, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0},
  {"eps", CE_RANGE_EPS, CE_DEFAULT_EPS}}, ce_row_bce};

/* mean_cross_entropy(y, p [, w]) and its _state  [P1][P3] */
static const ce_signature CE_SIG_MEAN_BCE = {3, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0},
  {"w", CE_RANGE_WEIGHT, 1.0}}, ce_row_bce_default};

/* balanced_bce(y, p, beta)  [P1] */
static const ce_signature CE_SIG_BALANCED_BCE = {3, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0},
  {"beta", CE_RANGE_UNIT, 0.0}}, ce_row_balanced_bce};

/* focal_loss(y, p [, gamma [, alpha]])  [P1][P3] */
static const ce_signature CE_SIG_FOCAL = {4, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0},
  {"gamma", CE_RANGE_WEIGHT, CE_FOCAL_GAMMA},
  {"alpha", CE_RANGE_ALPHA, CE_FOCAL_ALPHA}}, ce_row_focal};

/* bce_logits(y, z [, pos_weight])  [P3][P4] */
static const ce_signature CE_SIG_BCE_LOGITS = {3, {
  {"y", CE_RANGE_UNIT, 0.0}, {"z", CE_RANGE_ANY, 0.0},
  {"pos_weight", CE_RANGE_WEIGHT, 1.0}}, ce_row_bce_logits};

/* mean_bce_logits(y, z [, w]) and its _state  [P3][P4] */
static const ce_signature CE_SIG_MEAN_LOGITS = {3, {
  {"y", CE_RANGE_UNIT, 0.0}, {"z", CE_RANGE_ANY, 0.0},
  {"w", CE_RANGE_WEIGHT, 1.0}}, ce_row_mean_logits};

/* focal_loss_logits(y, z [, gamma [, alpha]])  [P3][P4] */
static const ce_signature CE_SIG_FOCAL_LOGITS = {4, {
  {"y", CE_RANGE_UNIT, 0.0}, {"z", CE_RANGE_ANY, 0.0},
  {"gamma", CE_RANGE_WEIGHT, CE_FOCAL_GAMMA},
  {"alpha", CE_RANGE_ALPHA, CE_FOCAL_ALPHA}}, ce_row_focal_logits};

/* categorical_ce(y, p): one class's term  [P1] */
static const ce_signature CE_SIG_CATEGORICAL = {2, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0}},
  ce_row_categorical};

/* entropy(p) and kl_divergence(p, q): one class's term  [P1] */
static const ce_signature CE_SIG_ENTROPY = {1, {
  {"p", CE_RANGE_PROB, 0.0}}, ce_row_entropy};
static const ce_signature CE_SIG_KL = {2, {
  {"p", CE_RANGE_PROB, 0.0}, {"q", CE_RANGE_PROB, 0.0}}, ce_row_kl};

/* softmax_ce(y, z): streamed (logit_kernels.h)  [P1][P4] */
static const ce_signature CE_SIG_SOFTMAX = {2, {
  {"y", CE_RANGE_UNIT, 0.0}, {"z", CE_RANGE_FINITE, 0.0}}, 0};

/* cross_entropy[_f32|_f64](target, probs) and softmax_cross_entropy[...]
** (target, logits [, label_smoothing]): the ranges are those of each
** element of the vectors (a target element is a label, so UNIT)  [P1][P5] */
static const ce_signature CE_SIG_VECTOR_CE = {2, {
  {"target", CE_RANGE_UNIT, 0.0}, {"probs", CE_RANGE_PROB, 0.0}}, 0};
static const ce_signature CE_SIG_VECTOR_SOFTMAX = {3, {
  {"target", CE_RANGE_UNIT, 0.0}, {"logits", CE_RANGE_ANY, 0.0},
  {"label_smoothing", CE_RANGE_UNIT, 0.0}}, 0};

/* brier_score(y, p [, w]): a mean of (p − y)²  [P1][P3] */
static const ce_signature CE_SIG_BRIER = {3, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0},
  {"w", CE_RANGE_WEIGHT, 1.0}}, ce_row_brier};

/* perplexity(logprob [, w]): exp of the mean of −logprob  [P3][P7] */
static const ce_signature CE_SIG_PERPLEXITY = {2, {
  {"logprob", CE_RANGE_LOGPROB, 0.0}, {"w", CE_RANGE_WEIGHT, 1.0}},
  ce_row_neg_logprob};

/* calibration_error(y, p [, w [, bins]])  [P1][P3][P7] */
static const ce_signature CE_SIG_CALIBRATION = {4, {
  {"y", CE_RANGE_UNIT, 0.0}, {"p", CE_RANGE_PROB, 0.0},
  {"w", CE_RANGE_WEIGHT, 1.0}, {"bins", CE_RANGE_BINS, 10.0}}, 0};

/* paired_loss_test(loss_a, loss_b): two finite losses of one item  [P7] */
static const ce_signature CE_SIG_PAIRED = {2, {
  {"loss_a", CE_RANGE_FINITE, 0.0}, {"loss_b", CE_RANGE_FINITE, 0.0}}, 0};

#endif /* CROSSENTROPY_SIGNATURES_H */
