/*
** eval_stats.h — the evaluation statistics from their states
** (eval_state.h), and the JSON objects binary_eval() and paired_loss_test()
** return, in plain C: both engines print the same text from the same state.
**
** Rules (cited as [J1]..[J7]):
**  [J1] W is Σ w (the row count when unweighted); m = Σ w·loss / W is
**       mean_cross_entropy's value. No rows, or W = 0, is no value (NULL).
**  [J2] The standard error of m is sqrt(n/(n−1) · Σ w²(loss − m)²) / W,
**       n the rows (zero-weight rows included); none for n < 2.
**  [J3] The base rate r = Σ w·y / W, and 1 − r = (W − Σ w·y) / W from the
**       compensated sums; H(r) = −(r ln r + (1−r) ln(1−r)), a zero term 0,
**       each log taken of the larger of r, 1 − r through log1p of the
**       smaller. normalized_entropy = m / H(r) and d2_log_loss = 1 − m/H(r);
**       none when H(r) = 0 (one class only).
**  [J4] brier_score = Σ w(p − y)² / W. calibration_error =
**       Σ_b |Σ_b w·y − Σ_b w·p| / W, the difference of each bin's sums taken
**       of their compensated parts; bins with rows but no weight add 0.
**  [J5] A sum that left the range of doubles (weights near 1e308) makes the
**       value an error (CE_OVERFLOW), never Inf or NaN. Weights beyond
**       1e154, whose squares overflow, leave every statistic but the
**       standard error: the summary says stderr_overflow, and what reports
**       the standard error (binary_eval's JSON too) is the overflow error.
**  [J6] JSON numbers have 17 significant digits (printf's %.17g, which
**       reads back to the same double), under any locale; integers are
**       written as integers; a statistic with no value is null.
**  [J7] paired_loss_test: d = a − b per row, mean_diff = Σd/n, stderr =
**       sd(d)/√n (sd with n − 1), z = mean_diff/stderr and p_value =
**       erfc(|z|/√2), the two-sided normal p-value; none for n < 2. With
**       every d equal (stderr 0), z is null and p_value is 0, or 1 when
**       every d is 0 (the models agree on every row).
*/
#ifndef CROSSENTROPY_EVAL_STATS_H
#define CROSSENTROPY_EVAL_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "eval_state.h"

/* The normal quantile of 0.975: log_loss_ci95 is m ± this times stderr. */
#define CE_Z_975 1.959963984540054

/* What binary_eval reports; has_* say whether a value exists. */
typedef struct ce_eval_summary {
  int64_t n;
  double weight, log_loss, log_loss_stderr, base_rate;
  double normalized_entropy, d2_log_loss, brier_score, calibration_error;
  int has_stderr, has_entropy;
  int stderr_overflow;      /* [J5] no standard error: w² overflowed */
} ce_eval_summary;

/* [J1]..[J5]: CE_VALUE with *s filled, CE_EMPTY, or CE_OVERFLOW. */
ce_status ce_eval_summarize(const ce_eval *e, ce_eval_summary *s);

/* [J4] The expected calibration error of n_bins bins: CE_VALUE, or
** CE_EMPTY when they hold no weight, or CE_OVERFLOW. */
ce_status ce_calibration_value(const ce_eval_bin *bins, int n_bins,
                               double *out);

/* binary_eval's JSON object [J6] into buf (always terminated); the
** length. CE_EVAL_JSON_SIZE holds the longest. */
#define CE_EVAL_JSON_SIZE 4096
size_t ce_eval_json(const ce_eval *e, const ce_eval_summary *s, char *buf,
                    size_t size);

/* What paired_loss_test reports [J7]. */
typedef struct ce_paired_summary {
  int64_t n;
  double mean_diff, stderr_diff, z, p_value;
  int has_z;
} ce_paired_summary;

/* CE_VALUE, CE_EMPTY (n < 2) or CE_OVERFLOW. */
ce_status ce_paired_summarize(const ce_paired *p, ce_paired_summary *s);

/* paired_loss_test's JSON object [J6][J7]. */
#define CE_PAIRED_JSON_SIZE 256
size_t ce_paired_json(const ce_paired_summary *s, char *buf, size_t size);

#endif /* CROSSENTROPY_EVAL_STATS_H */
