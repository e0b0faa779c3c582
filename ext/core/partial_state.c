/*
** partial_state.c — the byte forms of partial_state.h ([W1]..[W4]).
*/
#include <math.h>
#include <string.h>
#include "le_bytes.h"
#include "partial_state.h"
#include "state.h"


static void put_sum(unsigned char *out, const ce_sum *s){
  ce_put_le_f64(out, s->hi);
  ce_put_le_f64(out + 8, s->lo);
}

static void get_sum(const unsigned char *in, ce_sum *s){
  s->hi = ce_get_le_f64(in);
  s->lo = ce_get_le_f64(in + 8);
}

static int all_zero(const unsigned char *p, int n){
  int i;
  for(i=0; i<n; i++){
    if( p[i]!=0 ) return 0;
  }
  return 1;
}

static int sum_finite(const ce_sum *s){
  return isfinite(s->hi) && isfinite(s->lo);
}

void ce_total_write(const ce_total *t, unsigned char *out){
  ce_put_le64(out, (uint64_t)t->n_rows);
  put_sum(out + 8, &t->sum.sum);
  ce_put_le64(out + 24, (uint64_t)t->sum.n_nonzero);
  ce_put_le64(out + 32, (uint64_t)t->sum.n_inf);
}

int ce_total_read(const unsigned char *in, int64_t n, ce_total *t){
  static const ce_total zero;
  ce_total r;
  *t = zero;
  if( n!=CE_TOTAL_BYTES ) return 0;
  r.n_rows = (int64_t)ce_get_le64(in);
  get_sum(in + 8, &r.sum.sum);
  r.sum.n_nonzero = (int64_t)ce_get_le64(in + 24);
  r.sum.n_inf = (int64_t)ce_get_le64(in + 32);
  if( r.n_rows<0 || r.sum.n_nonzero<0 || r.sum.n_inf<0                /* [W2] */
   || r.sum.n_nonzero > r.n_rows || r.sum.n_inf > r.n_rows - r.sum.n_nonzero
   || !sum_finite(&r.sum.sum)
   || (r.sum.n_nonzero==0 && (r.sum.sum.hi!=0.0 || r.sum.sum.lo!=0.0)) ){
    return 0;                                                        /* [W3] */
  }
  *t = r;                                                            /* [W1] */
  return 1;
}

void ce_softmax_write(const ce_softmax *s, unsigned char *out){
  ce_put_le_f64(out, s->max_z);
  put_sum(out + 8, &s->others);
  put_sum(out + 24, &s->gap);
  put_sum(out + 40, &s->target);
  ce_put_le64(out + 56, (uint64_t)s->n_rows);
  ce_put_le64(out + 64, (uint64_t)s->infinite);
}

int ce_softmax_read(const unsigned char *in, int64_t n, ce_softmax *s){
  static const ce_softmax zero;
  ce_softmax r;
  uint64_t infinite;
  *s = zero;
  if( n!=CE_SOFTMAX_BYTES ) return 0;
  r.max_z = ce_get_le_f64(in);
  get_sum(in + 8, &r.others);
  get_sum(in + 24, &r.gap);
  get_sum(in + 40, &r.target);
  r.n_rows = (int64_t)ce_get_le64(in + 56);
  infinite = ce_get_le64(in + 64);
  r.infinite = infinite==1;
  /* [W2] the gap may have overflowed to +Inf (the loss is then +Inf, and
  ** its low part -Inf or NaN); every other part is a finite sum of terms
  ** >= 0, and an empty state is written as all zero bytes */
  if( r.n_rows<0 || infinite>1 || !isfinite(r.max_z)
   || !sum_finite(&r.others) || !(ce_sum_value(&r.others)>=0.0)
   || !sum_finite(&r.target) || !(ce_sum_value(&r.target)>=0.0)
   || (r.gap.hi!=INFINITY
       && (!sum_finite(&r.gap) || !(ce_sum_value(&r.gap)>=0.0)))
   || (r.n_rows==0 && !all_zero(in, CE_SOFTMAX_BYTES)) ){
    return 0;                                                        /* [W3] */
  }
  *s = r;                                                            /* [W1] */
  return 1;
}

/* ---- calibration_error's bins and paired_loss_test's sums ------------- */

/* A counted sum of at most `rows` terms [W2]. */
static int read_counted(const unsigned char *in, ce_counted_sum *c,
                        int64_t rows){
  return ce_counted_sum_read(in, c) && c->n_nonzero<=rows
      && c->n_inf<=rows - c->n_nonzero;
}

/* [W4] The overflow the written zeros stand for, back as +Inf. */
static void mark_overflow(ce_counted_sum *c){
  c->sum.hi = INFINITY;
  c->sum.lo = 0.0;
}

void ce_calibration_write(const ce_calibration *c, unsigned char *out){
  unsigned char *at = out + 8;
  int i, overflow = 0;
  ce_put_le32(out, (uint32_t)c->n_bins);
  for(i=0; i<c->n_bins; i++, at+=CE_EVAL_BIN_BYTES){
    const ce_eval_bin *b = &c->bin[i];
    if( overflow==0 && (!ce_counted_sum_finite(&b->weight)           /* [W4] */
                        || !ce_counted_sum_finite(&b->prob)
                        || !ce_counted_sum_finite(&b->label)) ) overflow = i + 1;
    ce_eval_bin_write(at, b);                       /* 0 when not finite */
  }
  ce_put_le32(out + 4, (uint32_t)overflow);
}

int ce_calibration_read_bins(const unsigned char *in, int64_t n){
  int32_t bins;
  if( n<8 ) return -1;
  bins = (int32_t)ce_get_le32(in);
  if( bins<0 || bins>CE_CALIBRATION_MAX_BINS                          /* [W2] */
   || n!=(int64_t)ce_calibration_bytes(bins) ) return -1;
  return bins;
}

int ce_calibration_read(const unsigned char *in, int64_t n, ce_calibration *c){
  int bins = ce_calibration_read_bins(in, n), i;
  uint32_t overflow;
  const unsigned char *at = in + 8;
  c->n_bins = 0;
  if( bins<0 ) return 0;                                             /* [W3] */
  memset(c->bin, 0, (size_t)bins*sizeof(c->bin[0]));
  overflow = ce_get_le32(in + 4);
  if( overflow>(uint32_t)bins ) return 0;
  for(i=0; i<bins; i++, at+=CE_EVAL_BIN_BYTES){
    ce_eval_bin *b = &c->bin[i];
    if( !ce_eval_bin_read(at, b)                                     /* [W2] */
     || (overflow==(uint32_t)i + 1 && b->weight.n_nonzero==0) ){   /* [W4] */
      memset(c->bin, 0, (size_t)bins*sizeof(c->bin[0]));
      return 0;                                                      /* [W3] */
    }
  }
  if( overflow>0 ) mark_overflow(&c->bin[overflow - 1].weight);      /* [W4] */
  c->n_bins = bins;                                                  /* [W1] */
  return 1;
}

/* paired's parts in the overflow field's bit order [W4]. */
#define PAIRED_DIFF 1
#define PAIRED_SHIFT 2
#define PAIRED_WEIGHT 4
#define PAIRED_DEV 8
#define PAIRED_DEV_SQ 16

void ce_paired_write(const ce_paired *p, unsigned char *out){
  int overflow = (ce_counted_sum_finite(&p->diff) ? 0 : PAIRED_DIFF)        /* [W4] */
               | (isfinite(p->spread.shift) ? 0 : PAIRED_SHIFT)
               | (ce_counted_sum_finite(&p->spread.weight) ? 0 : PAIRED_WEIGHT)
               | (ce_counted_sum_finite(&p->spread.dev) ? 0 : PAIRED_DEV)
               | (ce_counted_sum_finite(&p->spread.dev_sq) ? 0 : PAIRED_DEV_SQ);
  ce_put_le64(out, (uint64_t)p->n_rows);
  ce_put_le64(out + 8, (uint64_t)overflow);
  ce_counted_sum_write(out + 16, &p->diff);         /* 0 when not finite */
  ce_put_le_f64(out + 48, isfinite(p->spread.shift) ? p->spread.shift : 0.0);
  ce_counted_sum_write(out + 56, &p->spread.weight);
  ce_counted_sum_write(out + 88, &p->spread.dev);
  ce_counted_sum_write(out + 120, &p->spread.dev_sq);
}

/* [W4] A part the overflow field names: +Inf, if it holds terms (0
** otherwise: refused). */
static int overflowed(uint64_t overflow, int bit, ce_counted_sum *c){
  if( (overflow & (uint64_t)bit)==0 ) return 1;
  if( c->n_nonzero==0 ) return 0;
  mark_overflow(c);
  return 1;
}

int ce_paired_read(const unsigned char *in, int64_t n, ce_paired *p){
  static const ce_paired zero;
  ce_paired r;
  uint64_t overflow;
  int64_t rows;
  *p = zero;
  if( n!=CE_PAIRED_BYTES ) return 0;
  rows = r.n_rows = (int64_t)ce_get_le64(in);
  overflow = ce_get_le64(in + 8);
  r.spread.shift = ce_get_le_f64(in + 48);
  if( rows<0 || overflow>31                                          /* [W2] */
   || !read_counted(in + 16, &r.diff, rows)
   || !isfinite(r.spread.shift)
   || !read_counted(in + 56, &r.spread.weight, rows)
   || r.spread.weight.n_nonzero!=rows || r.spread.weight.n_inf!=0
   || !read_counted(in + 88, &r.spread.dev, rows)
   || !read_counted(in + 120, &r.spread.dev_sq, rows)
   || (rows==0 && !all_zero(in, CE_PAIRED_BYTES))
   || !overflowed(overflow, PAIRED_DIFF, &r.diff)                    /* [W4] */
   || !overflowed(overflow, PAIRED_WEIGHT, &r.spread.weight)
   || !overflowed(overflow, PAIRED_DEV, &r.spread.dev)
   || !overflowed(overflow, PAIRED_DEV_SQ, &r.spread.dev_sq)
   || ((overflow & PAIRED_SHIFT)
       && (r.spread.shift!=0.0 || signbit(r.spread.shift))) ){
    return 0;                                                        /* [W3] */
  }
  if( overflow & PAIRED_SHIFT ) r.spread.shift = INFINITY;
  r.spread.first = r.spread.dev;        /* w = v = 1: the same sum (spread.h) */
  *p = r;                                                            /* [W1] */
  return 1;
}
