/*
** state.h — the mergeable partial state of the mean aggregates, in plain C:
** merging two states (ce_mean of kernels.h) and their portable byte form,
** the BLOB that mean_cross_entropy_state() returns and the _merge() and
** _value() functions read, and PostgreSQL's parallel workers pass. No
** engine types: tests/c/kernels_test.c tests it alone, and both engines
** read and write the same bytes.
**
** The byte form, version 1: CE_STATE_BYTES bytes, integers and doubles
** little-endian whatever the host (docs/states.md):
**
**   offset  size  field
**      0     4    magic "CEst"
**      4     1    version (1)
**      5     1    kind: 1 mean_cross_entropy, 2 mean_bce_logits (4
**                 brier_score and 5 perplexity: PostgreSQL's workers only)
**      6     1    flags: bit 0 weighted, bit 1 overflow; other bits 0
**      7     1    reserved, 0
**      8     8    n_rows                  int64
**     16     8    Σ w·loss, high part     double  (compensated sum [K5])
**     24     8    Σ w·loss, low part      double
**     32     8    non-zero terms in it    int64   [K6]
**     40     8    +Inf terms in it        int64   [K7]
**     48    32    Σ w, the same four fields (all 0 when not weighted)
**     80     4    FNV-1a 32-bit hash of bytes 0..79
**
** Rules (cited as [S1]..[S4]):
**  [S1] Merging adds the compensated sums' parts and the counts, so a
**       merge of per-part states equals, within an ulp or so, one scan of
**       all the rows; removing a state (a window's inverse) subtracts them.
**  [S2] A weighted and an unweighted state merge as if the unweighted rows
**       had w = 1: its Σ w is its row count.
**  [S3] Reading checks the length, magic, version, kind, hash and that the
**       fields are possible (counts >= 0, finite parts, a sum with no
**       non-zero terms is 0), so a corrupt or foreign BLOB is refused, not
**       read as a number.
**  [S4] A sum that overflowed a double is written as 0 with the overflow
**       flag set: the state's value is then an error, as the aggregate's is.
**       Read back, the flag counts as one overflowed row, so a window that
**       merges the state and later removes it is usable again.
*/
#ifndef CROSSENTROPY_STATE_H
#define CROSSENTROPY_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "kernels.h"

#define CE_STATE_BYTES 84
#define CE_STATE_VERSION 1

typedef enum ce_state_kind {
  CE_STATE_MEAN_CE = 1,       /* mean_cross_entropy */
  CE_STATE_MEAN_LOGITS = 2,   /* mean_bce_logits */
  CE_STATE_EVAL = 3,          /* binary_eval: its own form, eval_state.h */
  CE_STATE_BRIER = 4,         /* brier_score, between PostgreSQL's workers */
  CE_STATE_PERPLEXITY = 5     /* perplexity, likewise */
} ce_state_kind;

/* The magic of the mean states and of binary_eval's (eval_state.h). */
extern const unsigned char CE_STATE_MAGIC[4];
extern const unsigned char CE_EVAL_MAGIC[4];

/* FNV-1a, 32 bits, of n bytes: the states' checksum. Cheap, and any one
** changed byte changes it. */
uint32_t ce_fnv1a(const unsigned char *p, int n);

/* A counted sum as 32 bytes (hi, lo, non-zero terms, +Inf terms), and read
** back [S3]: 0 when its fields are impossible (negative counts, parts not
** finite, an empty sum that is not +0.0). */
void ce_counted_sum_write(unsigned char *out, const ce_counted_sum *c);
int ce_counted_sum_read(const unsigned char *in, ce_counted_sum *c);

typedef enum ce_state_status {
  CE_STATE_OK = 0,
  CE_STATE_BAD_LENGTH,        /* not CE_STATE_BYTES long */
  CE_STATE_BAD_MAGIC,         /* not a state at all */
  CE_STATE_BAD_VERSION,       /* a version this build does not read */
  CE_STATE_WRONG_KIND,        /* another aggregate's state */
  CE_STATE_BAD_HASH,          /* bytes changed since it was written */
  CE_STATE_IMPOSSIBLE         /* fields no state can hold */
} ce_state_status;

/* A state with its form: the mean and whether it is weighted. */
typedef struct ce_state {
  ce_mean mean;
  int weighted;
} ce_state;

/* Writes s as kind into out[CE_STATE_BYTES]. */
void ce_state_write(const ce_state *s, ce_state_kind kind, unsigned char *out);

/* Reads n bytes into *s, expecting kind; on CE_STATE_WRONG_KIND and
** CE_STATE_BAD_VERSION, *found is the kind or version the bytes hold, on
** CE_STATE_BAD_LENGTH the length a state has (CE_STATE_BYTES). */
ce_state_status ce_state_read(const unsigned char *bytes, int64_t n,
                              ce_state_kind kind, ce_state *s, int *found);

/* *a += sign*b for a count: 1, or 0 (and *a unchanged) if the result would
** leave int64_t: only crafted states hold counts anywhere near that. */
int ce_count_add(int64_t *a, int64_t b, int sign);

/* [S1] a ± b for two counted sums (kernels.h), the sum exactly 0 when no
** non-zero term is left [K6]: 1, or 0 with a unchanged when a count would
** leave int64_t. */
int ce_counted_sum_merge(ce_counted_sum *a, const ce_counted_sum *b, int sign);

/* Adds (sign = +1) or removes (sign = -1) state b to or from a [S1][S2]:
** 1, or 0 with a unchanged when a count would leave int64_t (only crafted
** states come near). */
int ce_state_merge(ce_state *a, const ce_state *b, int sign);

/* The SQL name of the aggregate whose states are of this kind ("an unknown
** aggregate" for a kind no build writes). */
const char *ce_state_kind_name(int kind);

/* One row's loss into (sign = +1) or out of (sign = -1) an aggregate's
** state, weight w when weighted: the one update both front-ends run per
** row of a mean aggregate. Inline: it is on every row's path. */
static inline void ce_state_add(ce_state *s, double loss, double w,
                                int weighted, int sign){
  if( weighted ){
    s->weighted = 1;
    ce_mean_update_weighted(&s->mean, loss, w, sign);
  }else{
    ce_mean_update(&s->mean, loss, sign);
  }
}

#endif /* CROSSENTROPY_STATE_H */
