/*
** partial_state.h — the byte forms of the aggregate states that only
** PostgreSQL's parallel workers pass to each other (its SERIALFUNC and
** DESERIALFUNC): the sum of categorical_ce (ce_total, kernels.h), the
** streaming softmax of softmax_ce (ce_softmax, logit_kernels.h), and the
** bins of calibration_error and the sums of paired_loss_test (ce_calibration
** and ce_paired, eval_state.h). Unlike the mean state (state.h) no user
** stores them, so they carry no magic, version or checksum; but they are
** read back as carefully. No engine types.
**
** The layouts, integers and doubles little-endian whatever the host:
**
**   ce_total, CE_TOTAL_BYTES = 40      ce_softmax, CE_SOFTMAX_BYTES = 72
**   offset  field                      offset  field
**      0    n_rows       int64            0    max_z         double
**      8    Σ, high part double           8    others hi, lo doubles
**     16    Σ, low part  double          24    gap hi, lo    doubles
**     24    non-zero terms int64         40    target hi, lo doubles
**     32    +Inf terms   int64           56    n_rows        int64
**                                        64    infinite      int64 (0, 1)
**
** A counted sum below is state.h's 32 bytes (ce_counted_sum_write: high
** part, low part, non-zero terms, +Inf terms).
**
**   ce_calibration, ce_calibration_bytes(b) = 8 + 104·b bytes
**   offset  field
**      0    n_bins       int32: 0 (no row yet) to CE_CALIBRATION_MAX_BINS
**      4    overflow     int32: 0, or 1 + the first bin whose sums left
**                        the range of doubles [W4]
**      8    b bins of 104 bytes: rows int64, then Σ w, Σ w·p, Σ w·y as
**           counted sums
**
**   ce_paired, CE_PAIRED_BYTES = 152
**   offset  field
**      0    n_rows       int64
**      8    overflow     int64: the parts that left the range of doubles
**                        [W4], bit 0 Σ d, 1 K, 2..4 the spread's sums
**     16    Σ d          counted sum (d = loss_a − loss_b)
**     48    K, the spread's shift   double
**     56    Σ v, Σ v·(d − K), Σ v·(d − K)²   counted sums (v = 1)
**
** Rules (cited as [W1]..[W4]):
**  [W1] Written and read, a state is the same to the bit: a parallel plan's
**       result equals a serial one's as ce_counted_sum_merge,
**       ce_softmax_merge, ce_eval_bins_merge and ce_paired_merge make it.
**  [W2] Reading checks the length and that the fields are possible: counts
**       >= 0 and no more terms than rows, finite parts, an empty sum 0;
**       for softmax, its three sums not negative (but for an overflowed
**       gap, +Inf), a running maximum that is a finite number, a flag that
**       is 0 or 1, an empty state all zero bytes. A ce_total's sign is not
**       checked: its value is clamped at 0 when read (ce_total_value).
**       For calibration, a bin count in range whose bins fill the length,
**       no +Inf terms (weights are finite), no more weighted terms of p or
**       y than of w in a bin. For paired, a finite shift, one Σ v term per
**       row, an empty state all zero bytes.
**  [W3] A state that fails [W2] is refused (0), never read as a number.
**  [W4] A part that left the range of doubles (weights near 1e308, losses
**       near it) is written as 0 and named by the overflow field, as
**       state.h [S4] flags one; read back, the part named is +Inf (for
**       calibration, the Σ w of the bin named), so the value is the
**       overflow error again, and the state written again is the same
**       bytes. A part named that holds no terms is refused.
*/
#ifndef CROSSENTROPY_PARTIAL_STATE_H
#define CROSSENTROPY_PARTIAL_STATE_H

#include <stdint.h>
#include <stddef.h>
#include "eval_state.h"
#include "kernels.h"
#include "logit_kernels.h"

#define CE_TOTAL_BYTES 40
#define CE_SOFTMAX_BYTES 72
#define CE_PAIRED_BYTES 152

/* Writes t into out[CE_TOTAL_BYTES]. */
void ce_total_write(const ce_total *t, unsigned char *out);

/* Reads n bytes into *t: 1, or 0 (and *t zero) when they are not a state
** [W2][W3]. */
int ce_total_read(const unsigned char *in, int64_t n, ce_total *t);

/* Writes s into out[CE_SOFTMAX_BYTES]. */
void ce_softmax_write(const ce_softmax *s, unsigned char *out);

/* Reads n bytes into *s: 1, or 0 (and *s zero) when they are not a state
** [W2][W3]. */
int ce_softmax_read(const unsigned char *in, int64_t n, ce_softmax *s);

/* The length of the byte form of a ce_calibration of n_bins bins. */
static inline size_t ce_calibration_bytes(int n_bins){
  return 8 + (size_t)n_bins*CE_EVAL_BIN_BYTES;
}

/* Writes c into out[ce_calibration_bytes(c->n_bins)]. */
void ce_calibration_write(const ce_calibration *c, unsigned char *out);

/* The bins that n bytes of a ce_calibration form hold (0 to
** CE_CALIBRATION_MAX_BINS), or -1 when n is not the length of a form with
** the bin count they start with [W2]: the caller sizes the state to read
** into with ce_calibration_size of it. */
int ce_calibration_read_bins(const unsigned char *in, int64_t n);

/* Reads n bytes into *c, which has room for ce_calibration_read_bins(in, n)
** bins: 1, or 0 (c->n_bins 0 and every bin it has room for zero) when they
** are not a state [W2][W3][W4]. */
int ce_calibration_read(const unsigned char *in, int64_t n, ce_calibration *c);

/* Writes p into out[CE_PAIRED_BYTES]. */
void ce_paired_write(const ce_paired *p, unsigned char *out);

/* Reads n bytes into *p: 1, or 0 (and *p zero) when they are not a state
** [W2][W3][W4]. */
int ce_paired_read(const unsigned char *in, int64_t n, ce_paired *p);

#endif /* CROSSENTROPY_PARTIAL_STATE_H */
