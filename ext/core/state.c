/*
** state.c — merging and the byte form of the mean aggregates' partial
** state (state.h has the layout and the rules [S1]..[S4]).
*/
#include <math.h>
#include <string.h>
#include "le_bytes.h"
#include "state.h"

const unsigned char CE_STATE_MAGIC[4] = {'C', 'E', 's', 't'};
const unsigned char CE_EVAL_MAGIC[4] = {'C', 'E', 'e', 'v'};

#define FLAG_WEIGHTED 1
#define FLAG_OVERFLOW 2

/* state.h */
uint32_t ce_fnv1a(const unsigned char *p, int n){
  uint32_t h = 2166136261u;
  int i;
  for(i=0; i<n; i++){
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

/* A part that left the range of doubles is written as 0: the state's
** overflow flag, set by the caller, already makes its value an error. */
static double finite_or_zero(double x){
  return isfinite(x) ? x : 0.0;
}

void ce_counted_sum_write(unsigned char *out, const ce_counted_sum *c){
  ce_put_le_f64(out, finite_or_zero(c->sum.hi));
  ce_put_le_f64(out + 8, finite_or_zero(c->sum.lo));
  ce_put_le64(out + 16, (uint64_t)c->n_nonzero);
  ce_put_le64(out + 24, (uint64_t)c->n_inf);
}

void ce_state_write(const ce_state *s, ce_state_kind kind, unsigned char *out){
  int overflow = s->mean.n_overflow>0 || !ce_counted_sum_finite(&s->mean.wloss)
              || (s->weighted && !ce_counted_sum_finite(&s->mean.weight));     /* [S4] */
  memcpy(out, CE_STATE_MAGIC, 4);
  out[4] = CE_STATE_VERSION;
  out[5] = (unsigned char)kind;
  out[6] = (unsigned char)((s->weighted ? FLAG_WEIGHTED : 0)
                           | (overflow ? FLAG_OVERFLOW : 0));
  out[7] = 0;
  ce_put_le64(out + 8, (uint64_t)s->mean.n_rows);
  ce_counted_sum_write(out + 16, &s->mean.wloss);
  if( s->weighted ){
    ce_counted_sum_write(out + 48, &s->mean.weight);
  }else{
    memset(out + 48, 0, 32);
  }
  ce_put_le32(out + 80, ce_fnv1a(out, 80));
}

/* state.h: [S3] */
int ce_counted_sum_read(const unsigned char *in, ce_counted_sum *c){
  c->sum.hi = ce_get_le_f64(in);
  c->sum.lo = ce_get_le_f64(in + 8);
  c->n_nonzero = (int64_t)ce_get_le64(in + 16);
  c->n_inf = (int64_t)ce_get_le64(in + 24);
  if( c->n_nonzero<0 || c->n_inf<0 ) return 0;
  if( !isfinite(c->sum.hi) || !isfinite(c->sum.lo) ) return 0;
  if( c->n_nonzero==0 && (c->sum.hi!=0.0 || c->sum.lo!=0.0
                          || signbit(c->sum.hi) || signbit(c->sum.lo)) ){
    return 0;                       /* an empty sum is +0.0, as written */
  }
  return 1;
}

ce_state_status ce_state_read(const unsigned char *bytes, int64_t n,
                              ce_state_kind kind, ce_state *s, int *found){
  static const ce_state zero;
  int flags;
  *s = zero;
  if( n>=6 && memcmp(bytes, CE_EVAL_MAGIC, 4)==0 ){   /* binary_eval's */
    *found = bytes[5];
    return CE_STATE_WRONG_KIND;
  }
  if( n>=4 && memcmp(bytes, CE_STATE_MAGIC, 4)!=0 ) return CE_STATE_BAD_MAGIC;
  if( n!=CE_STATE_BYTES ){
    *found = CE_STATE_BYTES;
    return n<4 ? CE_STATE_BAD_MAGIC : CE_STATE_BAD_LENGTH;
  }
  if( bytes[4]!=CE_STATE_VERSION ){ *found = bytes[4]; return CE_STATE_BAD_VERSION; }
  if( ce_get_le32(bytes + 80)!=ce_fnv1a(bytes, 80) ) return CE_STATE_BAD_HASH;
  if( bytes[5]!=kind ){ *found = bytes[5]; return CE_STATE_WRONG_KIND; }
  flags = bytes[6];
  if( (flags & ~(FLAG_WEIGHTED|FLAG_OVERFLOW))!=0 || bytes[7]!=0 ){
    return CE_STATE_IMPOSSIBLE;
  }
  s->weighted = (flags & FLAG_WEIGHTED)!=0;
  s->mean.n_overflow = (flags & FLAG_OVERFLOW)!=0;  /* one, as far as we know */
  s->mean.n_rows = (int64_t)ce_get_le64(bytes + 8);
  if( s->mean.n_rows<0
   || !ce_counted_sum_read(bytes + 16, &s->mean.wloss)
   || !ce_counted_sum_read(bytes + 48, &s->mean.weight)
   || s->mean.wloss.n_nonzero > s->mean.n_rows
   || s->mean.wloss.n_inf > s->mean.n_rows - s->mean.wloss.n_nonzero
   || s->mean.weight.n_nonzero > s->mean.n_rows
   || s->mean.weight.n_inf!=0
   || (!s->weighted && s->mean.weight.n_nonzero!=0)
      /* weights are > 0, so a sum of some is too (unless it overflowed,
      ** written as 0 [S4]) */
   || (s->mean.weight.n_nonzero>0 && s->mean.n_overflow==0
       && !(ce_sum_value(&s->mean.weight.sum)>0.0)) ){
    return CE_STATE_IMPOSSIBLE;
  }
  return CE_STATE_OK;
}

/* [S2] The Σ w of an unweighted state: its row count, each row w = 1. */
static ce_counted_sum row_count_weight(const ce_state *s){
  ce_counted_sum c = {{0.0, 0.0}, 0, 0};
  c.sum.hi = (double)s->mean.n_rows;
  c.n_nonzero = s->mean.n_rows;
  return c;
}

/* state.h */
int ce_count_add(int64_t *a, int64_t b, int sign){
  if( sign<0 ){
    if( b==INT64_MIN ) return 0;
    b = -b;
  }
  if( (b>0 && *a>INT64_MAX - b) || (b<0 && *a<INT64_MIN - b) ) return 0;
  *a += b;
  return 1;
}

/* state.h: [S1] */
int ce_counted_sum_merge(ce_counted_sum *a, const ce_counted_sum *b, int sign){
  ce_counted_sum r = *a;
  if( !ce_count_add(&r.n_nonzero, b->n_nonzero, sign)
   || !ce_count_add(&r.n_inf, b->n_inf, sign) ) return 0;
  if( r.n_nonzero==0 ){
    r.sum.hi = r.sum.lo = 0.0;
  }else{
    ce_sum_add(&r.sum, sign*b->sum.hi);
    r.sum.lo += sign*b->sum.lo;
  }
  *a = r;
  return 1;
}

int ce_state_merge(ce_state *a, const ce_state *b, int sign){
  ce_state r = *a;
  ce_counted_sum w;
  if( b->weighted && !r.weighted ){                /* [S2] r becomes weighted */
    r.mean.weight = row_count_weight(&r);
    r.weighted = 1;
  }
  if( r.weighted ){
    w = b->weighted ? b->mean.weight : row_count_weight(b);
    if( !ce_counted_sum_merge(&r.mean.weight, &w, sign) ) return 0;
  }
  if( !ce_counted_sum_merge(&r.mean.wloss, &b->mean.wloss, sign)
   || !ce_count_add(&r.mean.n_rows, b->mean.n_rows, sign) ) return 0;
  r.mean.n_overflow += sign*b->mean.n_overflow;    /* 0 or 1 per state read */
  *a = r;
  return 1;
}

const char *ce_state_kind_name(int kind){
  switch( kind ){
    case CE_STATE_MEAN_CE:     return "mean_cross_entropy";
    case CE_STATE_MEAN_LOGITS: return "mean_bce_logits";
    case CE_STATE_BRIER:       return "brier_score";
    case CE_STATE_PERPLEXITY:  return "perplexity";
    case CE_STATE_EVAL:        return "binary_eval";
    default:                   return "an unknown aggregate";
  }
}
