/*
** eval_state.h — the mergeable states of the evaluation statistics, in
** plain C: binary_eval's (log loss, its standard error, base rate, Brier
** score and ten calibration bins, all from one scan), calibration_error's
** (any number of bins) and paired_loss_test's; how a row goes in and out,
** how states merge, and binary_eval's portable byte form, the BLOB that
** binary_eval_state() returns and PostgreSQL's workers pass
** (docs/binary_eval_state.md). eval_stats.h turns a state into numbers and
** JSON. No engine types: tests/c/eval_test.c tests this alone.
**
** The byte form, version 1: CE_EVAL_STATE_BYTES = 1324 bytes, integers and
** doubles little-endian whatever the host. A "counted sum" is 32 bytes:
** high part, low part (doubles), non-zero terms, +Inf terms (int64s), as
** in the mean state (state.h).
**
**   offset  size  field
**      0     4    magic "CEev"
**      4     1    version (1)
**      5     1    kind: 3 binary_eval
**      6     1    flags: bit 0 weighted, bit 1 overflow, bit 2 the spread
**                 overflowed (w² beyond doubles); other bits 0
**      7     1    calibration bins (10)
**      8     8    n_rows                            int64
**     16    32    Σ w·loss                          counted sum
**     48    32    Σ w (all 0 when not weighted)     counted sum
**     80    32    Σ w·y                             counted sum
**    112    32    Σ w·(p − y)²                      counted sum
**    144     8    K, the spread's shift             double
**    152    32    Σ w²                              counted sum
**    184    32    Σ w²·(loss − K)                   counted sum, whose
**                 +Inf-terms field counts rows whose w² underflowed [H4]
**    216    32    Σ w²·(loss − K)²                  counted sum
**    248    32    Σ w·(loss − K)                    counted sum [H5]
**    280  1040    10 bins of 104 bytes: rows int64, then Σ w, Σ w·p, Σ w·y
**                 as counted sums
**   1320     4    FNV-1a 32-bit hash of bytes 0..1319
**
** Rules (cited as [B1]..[B7]):
**  [B1] A row's loss is bce(y, p) with the default clamp, and the log-loss
**       part of the state is mean_cross_entropy's own (state.h): the same
**       rows give binary_eval's log_loss and mean_cross_entropy bit for
**       bit.
**  [B2] Every sum is compensated and counted [K5][K6]; a row of weight 0
**       counts as a row (n, and its bin's n) and adds nothing else. When a
**       window removes its last row, the state is all zero again.
**  [B3] The bin of p among b equal-width bins is min(floor(p·b), b − 1),
**       p·b computed in double: p = 1 is in the last bin.
**  [B4] Merging adds every sum (state.c [S1], spread.h [H3]) and the bins
**       bin by bin; a weighted and an unweighted state merge as if the
**       unweighted rows had w = 1 [S2]. Removing a state subtracts it.
**  [B5] Reading checks the magic, length, version, hash, kind, flags, bin
**       count and that the fields are possible (counts >= 0, no more
**       non-zero terms than rows, finite parts, empty sums 0, no +Inf terms
**       but the count of rows whose w² underflowed (at 184, spread.h [H4]),
**       bins that hold all the rows, a finite shift, and sums real rows
**       give: Σ w > 0, sums of terms >= 0 not negative, Σ w·y at most Σ w,
**       in each bin Σ w·p and Σ w·y at most its Σ w): a corrupt, foreign
**       or forged BLOB is refused with the mean state's statuses (state.h),
**       never read as numbers. A mean state given here is WRONG_KIND.
**  [B6] calibration_error's bins are 1 to CE_CALIBRATION_MAX_BINS, fixed
**       for a group by its first row; its state is the bins alone.
**  [B7] A weight above about 1e154 has a square no double holds: the
**       spread's sums then hold +Inf (or are no longer finite), and the
**       standard error (so binary_eval over two rows or more; not the
**       other statistics) is an overflow error while that row is in the
**       state (eval_stats.h [J5]). Written, such a
**       spread is flag bit 2, its +Inf terms dropped; read back, the flag
**       is one +Inf term, so a merge that holds the state says the same,
**       and one that removes it again is usable.
*/
#ifndef CROSSENTROPY_EVAL_STATE_H
#define CROSSENTROPY_EVAL_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "kernels.h"
#include "spread.h"
#include "state.h"

#define CE_EVAL_BINS 10
#define CE_EVAL_STATE_BYTES 1324
#define CE_EVAL_VERSION 1
#define CE_STATE_BINARY_EVAL 3          /* the kind byte, after state.h's */
#define CE_CALIBRATION_MAX_BINS 10000
#define CE_EVAL_BIN_BYTES 104           /* a bin in a byte form [B5] */

/* One calibration bin: its rows and their weighted sums. */
typedef struct ce_eval_bin {
  int64_t n_rows;
  ce_counted_sum weight;    /* Σ w */
  ce_counted_sum prob;      /* Σ w·p */
  ce_counted_sum label;     /* Σ w·y */
} ce_eval_bin;

/* binary_eval's state. */
typedef struct ce_eval {
  ce_state mean;            /* [B1] n_rows, Σ w·loss, Σ w, weighted */
  ce_counted_sum label;     /* Σ w·y */
  ce_counted_sum brier;     /* Σ w·(p − y)² */
  ce_spread spread;         /* of the losses, v = w² */
  ce_eval_bin bin[CE_EVAL_BINS];
} ce_eval;

/* Σ w of the rows: the row count when unweighted. */
static inline double ce_eval_weight(const ce_eval *e){
  return e->mean.weighted ? ce_sum_value(&e->mean.mean.weight.sum)
                          : (double)e->mean.mean.n_rows;
}

/* [B3] */
static inline int ce_bin_of(double p, int bins){
  int b = (int)floor(p*(double)bins);
  return b<bins ? b : bins - 1;
}

static inline void ce_eval_bin_add(ce_eval_bin *b, double y, double p,
                                   double w, int sign){
  b->n_rows += sign;
  if( w>0.0 ){
    ce_counted_sum_update(&b->weight, w, sign);
    ce_counted_sum_update(&b->prob, w*p, sign);
    ce_counted_sum_update(&b->label, w*y, sign);
  }
}

static inline void ce_eval_reset(ce_eval *e){
  static const ce_eval zero;
  *e = zero;
}

/*
** One validated row (y, p in [0,1], w finite >= 0; w = 1 and weighted = 0
** for the unweighted form) into (sign = +1) or out of (sign = -1) e. Inline:
** it is every row's path of binary_eval and the statistics over it.
*/
static inline void ce_eval_add(ce_eval *e, double y, double p, double w,
                               int weighted, int sign){
  double loss = ce_bce(y, p, CE_LOG_DEFAULT_EPS);                    /* [B1] */
  if( e->mean.mean.n_rows==0 && sign>0 ) ce_eval_reset(e);
  ce_state_add(&e->mean, loss, w, weighted, sign);
  if( w>0.0 ){                                                       /* [B2] */
    double miss = p - y;
    ce_counted_sum_update(&e->label, w*y, sign);
    ce_counted_sum_update(&e->brier, w*miss*miss, sign);
    ce_spread_add(&e->spread, loss, w, w*w, sign);
  }
  ce_eval_bin_add(&e->bin[ce_bin_of(p, CE_EVAL_BINS)], y, p, w, sign);
  if( e->mean.mean.n_rows==0 ){
    ce_eval_reset(e);                                                /* [B2] */
  }else if( sign>0 && ce_spread_checkpoint(e->mean.mean.n_rows) ){
    ce_spread_recentre(&e->spread, ce_eval_weight(e));               /* [H6] */
  }
}

/* Adds (sign = +1) or removes (-1) state b to or from a [B4]: 1, or 0 (a
** unchanged) when a count would leave int64_t. */
int ce_eval_merge(ce_eval *a, const ce_eval *b, int sign);

/* Writes e into out[CE_EVAL_STATE_BYTES]. */
void ce_eval_write(const ce_eval *e, unsigned char *out);

/* Reads n bytes into *e [B5]; on CE_STATE_WRONG_KIND and _BAD_VERSION,
** *found is the kind or version the bytes hold, on _BAD_LENGTH the length
** a state has. */
ce_state_status ce_eval_read(const unsigned char *bytes, int64_t n,
                             ce_eval *e, int *found);

/* A bin as CE_EVAL_BIN_BYTES bytes: rows, then Σ w, Σ w·p, Σ w·y as
** counted sums (a part that is not finite written as 0); and read back:
** 1, or 0 when it is not a bin [B5] (rows < 0, more weighted terms than
** rows, more terms of p or y than of w, +Inf terms). Both states with bins
** (binary_eval's, calibration_error's) use these. */
void ce_eval_bin_write(unsigned char *out, const ce_eval_bin *b);
int ce_eval_bin_read(const unsigned char *in, ce_eval_bin *b);

/* Merges bin arrays of the same length [B4]: 1, or 0 on a count overflow
** (a unchanged only in the bins not yet merged: callers merge into a
** copy). */
int ce_eval_bins_merge(ce_eval_bin *a, const ce_eval_bin *b, int n_bins,
                       int sign);

/* ---- calibration_error: any number of bins [B6] ------------------------ */

typedef struct ce_calibration {
  int n_bins;
  ce_eval_bin bin[1];       /* n_bins of them: allocate ce_calibration_size */
} ce_calibration;

static inline size_t ce_calibration_size(int n_bins){
  return offsetof(ce_calibration, bin) + (size_t)n_bins*sizeof(ce_eval_bin);
}

static inline void ce_calibration_add(ce_calibration *c, double y, double p,
                                      double w, int sign){
  ce_eval_bin_add(&c->bin[ce_bin_of(p, c->n_bins)], y, p, w, sign);
}

/* ---- paired_loss_test ---------------------------------------------------- */

typedef struct ce_paired {
  int64_t n_rows;
  ce_counted_sum diff;      /* Σ (a − b) */
  ce_spread spread;         /* of the differences, v = 1 */
} ce_paired;

static inline void ce_paired_reset(ce_paired *s){
  static const ce_paired zero;
  *s = zero;
}

/* One pair of finite losses into (sign = +1) or out of (-1) s. */
static inline void ce_paired_add(ce_paired *s, double a, double b, int sign){
  double d = a - b;
  if( s->n_rows==0 && sign>0 ) ce_paired_reset(s);
  s->n_rows += sign;
  ce_counted_sum_update(&s->diff, d, sign);
  ce_spread_add(&s->spread, d, 1.0, 1.0, sign);
  if( s->n_rows==0 ){
    ce_paired_reset(s);
  }else if( sign>0 && ce_spread_checkpoint(s->n_rows) ){
    ce_spread_recentre(&s->spread, (double)s->n_rows);               /* [H6] */
  }
}

/* Adds or removes b [H3]: 1, or 0 (a unchanged) on a count overflow. */
int ce_paired_merge(ce_paired *a, const ce_paired *b, int sign);

#endif /* CROSSENTROPY_EVAL_STATE_H */
