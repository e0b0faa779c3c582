/*
** eval_state.c — merging the evaluation states and binary_eval's byte form
** (eval_state.h has the layout and the rules [B1]..[B6]).
*/
#include <math.h>
#include <string.h>
#include "eval_state.h"
#include "le_bytes.h"

#define FLAG_WEIGHTED 1
#define FLAG_OVERFLOW 2
#define FLAG_SPREAD_OVERFLOW 4
#define HASHED_BYTES (CE_EVAL_STATE_BYTES - 4)

int ce_eval_bins_merge(ce_eval_bin *a, const ce_eval_bin *b, int n_bins,
                       int sign){
  int i;
  for(i=0; i<n_bins; i++){
    if( !ce_count_add(&a[i].n_rows, b[i].n_rows, sign)
     || !ce_counted_sum_merge(&a[i].weight, &b[i].weight, sign)
     || !ce_counted_sum_merge(&a[i].prob, &b[i].prob, sign)
     || !ce_counted_sum_merge(&a[i].label, &b[i].label, sign) ) return 0;
  }
  return 1;
}

int ce_eval_merge(ce_eval *a, const ce_eval *b, int sign){
  ce_eval r = *a;
  if( !ce_state_merge(&r.mean, &b->mean, sign)                  /* [B4][S2] */
   || !ce_counted_sum_merge(&r.label, &b->label, sign)
   || !ce_counted_sum_merge(&r.brier, &b->brier, sign)
   || !ce_spread_merge(&r.spread, &b->spread, sign, ce_eval_weight(a),
                       ce_eval_weight(b))                            /* [H3] */
   || !ce_eval_bins_merge(r.bin, b->bin, CE_EVAL_BINS, sign) ) return 0;
  if( r.mean.mean.n_rows==0 ) ce_eval_reset(&r);                     /* [B2] */
  *a = r;
  return 1;
}

int ce_paired_merge(ce_paired *a, const ce_paired *b, int sign){
  ce_paired r = *a;
  if( !ce_count_add(&r.n_rows, b->n_rows, sign)
   || !ce_counted_sum_merge(&r.diff, &b->diff, sign)
   || !ce_spread_merge(&r.spread, &b->spread, sign, (double)a->n_rows,
                       (double)b->n_rows) ) return 0;
  if( r.n_rows==0 ) ce_paired_reset(&r);
  *a = r;
  return 1;
}

/* ---- the byte form --------------------------------------------------- */

static int sums_finite(const ce_eval *e){
  return ce_counted_sum_finite(&e->mean.mean.wloss) && ce_counted_sum_finite(&e->mean.mean.weight)
      && ce_counted_sum_finite(&e->label) && ce_counted_sum_finite(&e->brier);
}

/* [B7] The spread of weights whose squares overflowed: +Inf terms or sums
** that are no longer finite. */
static int spread_overflowed(const ce_spread *s){
  return s->weight.n_inf>0 || s->dev_sq.n_inf>0
      || s->first.n_inf>0 || !ce_counted_sum_finite(&s->weight)
      || !ce_counted_sum_finite(&s->first) || !ce_counted_sum_finite(&s->dev)
      || !ce_counted_sum_finite(&s->dev_sq);
}

/* A part that left the range of doubles is written as 0, and +Inf terms
** as none: the overflow flags make the state's value an error (state.h
** [S4], [B7]). */
static void write_sum(unsigned char *out, const ce_counted_sum *c){
  ce_counted_sum finite = *c;
  if( !isfinite(finite.sum.hi) || !isfinite(finite.sum.lo) ){
    finite.sum.hi = finite.sum.lo = 0.0;
  }
  finite.n_inf = 0;
  ce_counted_sum_write(out, &finite);
}

void ce_eval_write(const ce_eval *e, unsigned char *out){
  int overflow = e->mean.mean.n_overflow>0 || !sums_finite(e);
  unsigned char *at;
  int i;
  memcpy(out, CE_EVAL_MAGIC, 4);
  out[4] = CE_EVAL_VERSION;
  out[5] = CE_STATE_EVAL;
  out[6] = (unsigned char)((e->mean.weighted ? FLAG_WEIGHTED : 0)
                           | (overflow ? FLAG_OVERFLOW : 0)
                           | (spread_overflowed(&e->spread)
                              ? FLAG_SPREAD_OVERFLOW : 0));
  out[7] = CE_EVAL_BINS;
  ce_put_le64(out + 8, (uint64_t)e->mean.mean.n_rows);
  write_sum(out + 16, &e->mean.mean.wloss);
  if( e->mean.weighted ){
    write_sum(out + 48, &e->mean.mean.weight);
  }else{
    memset(out + 48, 0, 32);
  }
  write_sum(out + 80, &e->label);
  write_sum(out + 112, &e->brier);
  ce_put_le_f64(out + 144, isfinite(e->spread.shift) ? e->spread.shift : 0.0);
  write_sum(out + 152, &e->spread.weight);
  write_sum(out + 184, &e->spread.dev);
  ce_put_le64(out + 184 + 24, (uint64_t)e->spread.dev.n_inf);  /* [H4] rows
                                                    ** whose w² underflowed */
  write_sum(out + 216, &e->spread.dev_sq);
  write_sum(out + 248, &e->spread.first);
  for(i=0, at=out + 280; i<CE_EVAL_BINS; i++, at+=CE_EVAL_BIN_BYTES){
    ce_eval_bin_write(at, &e->bin[i]);
  }
  ce_put_le32(out + HASHED_BYTES, ce_fnv1a(out, HASHED_BYTES));
}

/* [B5] A counted sum with no +Inf terms and no more non-zero terms than
** rows. */
static int read_sum(const unsigned char *in, ce_counted_sum *c,
                    int64_t n_rows){
  return ce_counted_sum_read(in, c) && c->n_inf==0
      && c->n_nonzero<=n_rows;
}

/* eval_state.h */
void ce_eval_bin_write(unsigned char *out, const ce_eval_bin *b){
  ce_put_le64(out, (uint64_t)b->n_rows);
  write_sum(out + 8, &b->weight);
  write_sum(out + 40, &b->prob);
  write_sum(out + 72, &b->label);
}

int ce_eval_bin_read(const unsigned char *in, ce_eval_bin *b){
  b->n_rows = (int64_t)ce_get_le64(in);
  return b->n_rows>=0
      && read_sum(in + 8, &b->weight, b->n_rows)
      && read_sum(in + 40, &b->prob, b->weight.n_nonzero)
      && read_sum(in + 72, &b->label, b->weight.n_nonzero);
}

/* [B5] A sum of terms >= 0 that a state can hold: >= 0 (in both parts'
** sum), and 0 when it has no terms. */
static int nonnegative(const ce_counted_sum *c){
  return ce_sum_value(&c->sum)>=0.0;
}

/* [B5] What the sums of real rows always are: Σ w > 0 when any row has
** weight, every sum of non-negative terms >= 0, Σ w·y and Σ w·p at most
** Σ w (y, p <= 1; a relative 1e-9 of slack for the roundings). */
static int plausible(const ce_eval *e){
  const ce_counted_sum *w = &e->mean.mean.weight;
  double total = e->mean.weighted ? ce_sum_value(&w->sum)
                                  : (double)e->mean.mean.n_rows;
  int i;
  if( e->mean.weighted && w->n_nonzero>0 && !(total>0.0) ) return 0;
  if( !nonnegative(&e->mean.mean.wloss) || !nonnegative(&e->label)
   || !nonnegative(&e->brier) || !nonnegative(&e->spread.weight)
   || !nonnegative(&e->spread.dev_sq) ) return 0;
  if( ce_sum_value(&e->label.sum)>total*(1.0 + 1e-9) ) return 0;
  for(i=0; i<CE_EVAL_BINS; i++){
    const ce_eval_bin *b = &e->bin[i];
    double bw = ce_sum_value(&b->weight.sum);
    if( !nonnegative(&b->weight) || !nonnegative(&b->prob)
     || !nonnegative(&b->label)
     || ce_sum_value(&b->prob.sum)>bw*(1.0 + 1e-9)
     || ce_sum_value(&b->label.sum)>bw*(1.0 + 1e-9) ) return 0;
  }
  return 1;
}

/* The spread's Σ v·(loss − K), whose +Inf-terms field counts the rows
** left out for a w² below the normal doubles [H4]. */
static int read_dev(const unsigned char *in, ce_counted_sum *c,
                    int64_t n_rows){
  unsigned char copy[32];
  int64_t left_out = (int64_t)ce_get_le64(in + 24);
  memcpy(copy, in, 32);
  memset(copy + 24, 0, 8);
  if( left_out<0 || left_out>n_rows || !read_sum(copy, c, n_rows) ) return 0;
  c->n_inf = left_out;
  return 1;
}

ce_state_status ce_eval_read(const unsigned char *bytes, int64_t n,
                             ce_eval *e, int *found){
  const unsigned char *at;
  int64_t rows, in_bins = 0;
  int flags, i;
  ce_eval_reset(e);
  if( n>=6 && memcmp(bytes, CE_STATE_MAGIC, 4)==0 ){    /* a mean state */
    *found = bytes[5];
    return CE_STATE_WRONG_KIND;
  }
  if( n<4 || memcmp(bytes, CE_EVAL_MAGIC, 4)!=0 ) return CE_STATE_BAD_MAGIC;
  if( n!=CE_EVAL_STATE_BYTES ){
    *found = CE_EVAL_STATE_BYTES;
    return CE_STATE_BAD_LENGTH;
  }
  if( bytes[4]!=CE_EVAL_VERSION ){ *found = bytes[4]; return CE_STATE_BAD_VERSION; }
  if( ce_get_le32(bytes + HASHED_BYTES)!=ce_fnv1a(bytes, HASHED_BYTES) ){
    return CE_STATE_BAD_HASH;
  }
  if( bytes[5]!=CE_STATE_EVAL ){ *found = bytes[5]; return CE_STATE_WRONG_KIND; }
  flags = bytes[6];
  if( (flags & ~(FLAG_WEIGHTED|FLAG_OVERFLOW|FLAG_SPREAD_OVERFLOW))!=0
   || bytes[7]!=CE_EVAL_BINS ) return CE_STATE_IMPOSSIBLE;
  e->mean.weighted = (flags & FLAG_WEIGHTED)!=0;
  e->mean.mean.n_overflow = (flags & FLAG_OVERFLOW)!=0;          /* [S4] */
  rows = e->mean.mean.n_rows = (int64_t)ce_get_le64(bytes + 8);
  e->spread.shift = ce_get_le_f64(bytes + 144);
  if( rows<0
   || !read_sum(bytes + 16, &e->mean.mean.wloss, rows)
   || !read_sum(bytes + 48, &e->mean.mean.weight, rows)
   || (!e->mean.weighted && e->mean.mean.weight.n_nonzero!=0)
   || !read_sum(bytes + 80, &e->label, rows)
   || !read_sum(bytes + 112, &e->brier, rows)
   || !(isfinite(e->spread.shift) && e->spread.shift>-1.0)
   || !read_sum(bytes + 152, &e->spread.weight, rows)
   || !read_dev(bytes + 184, &e->spread.dev, rows)
   || !read_sum(bytes + 216, &e->spread.dev_sq, rows)
   || !read_sum(bytes + 248, &e->spread.first, rows) ){
    return CE_STATE_IMPOSSIBLE;
  }
  for(i=0, at=bytes + 280; i<CE_EVAL_BINS; i++, at+=CE_EVAL_BIN_BYTES){
    if( !ce_eval_bin_read(at, &e->bin[i])
     || e->bin[i].n_rows>rows - in_bins ) return CE_STATE_IMPOSSIBLE;
    in_bins += e->bin[i].n_rows;
  }
  if( in_bins!=rows || !plausible(e) ) return CE_STATE_IMPOSSIBLE;
  /* [B7] read back as one +Inf term: the standard error is an error while
  ** the state is in a merge, and removing the state removes it */
  if( flags & FLAG_SPREAD_OVERFLOW ) e->spread.weight.n_inf = 1;
  return CE_STATE_OK;
}
