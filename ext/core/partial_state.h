/*
** partial_state.h — the byte forms of the two aggregate states that only
** PostgreSQL's parallel workers pass to each other (its SERIALFUNC and
** DESERIALFUNC): the sum of categorical_ce (ce_total, kernels.h) and the
** streaming softmax of softmax_ce (ce_softmax, logit_kernels.h). Unlike the
** mean state (state.h) no user stores them, so they carry no magic, version
** or checksum; but they are read back as carefully. No engine types.
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
** Rules (cited as [W1]..[W3]):
**  [W1] Written and read, a state is the same to the bit: a parallel plan's
**       result equals a serial one's as ce_counted_sum_merge and
**       ce_softmax_merge make it.
**  [W2] Reading checks the length and that the fields are possible: counts
**       >= 0 and no more terms than rows, finite parts, an empty sum 0;
**       for softmax, its three sums not negative (but for an overflowed
**       gap, +Inf), a running maximum that is a finite number, a flag that
**       is 0 or 1, an empty state all zero bytes. A ce_total's sign is not
**       checked: its value is clamped at 0 when read (ce_total_value).
**  [W3] A state that fails [W2] is refused (0), never read as a number.
*/
#ifndef CROSSENTROPY_PARTIAL_STATE_H
#define CROSSENTROPY_PARTIAL_STATE_H

#include <stdint.h>
#include "kernels.h"
#include "logit_kernels.h"

#define CE_TOTAL_BYTES 40
#define CE_SOFTMAX_BYTES 72

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

#endif /* CROSSENTROPY_PARTIAL_STATE_H */
