/*
** eval_stats.c — the statistics and JSON of binary_eval and
** paired_loss_test (eval_stats.h has the definitions [J1]..[J7]).
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "compiler.h"
#include "eval_stats.h"

/* x·ln x with 0·ln 0 = 0 [K3]; ln x through log1p(-(1 − x)) when x is the
** larger one [J3], so that 1 − r tiny keeps its digits. */
static double x_log_x(double x, double one_minus_x){
  if( x==0.0 ) return 0.0;
  return x*(x>0.5 ? log1p(-one_minus_x) : log(x));
}

/* (a − b) of two compensated sums, their parts subtracted pairwise. */
static double sum_difference(const ce_sum *a, const ce_sum *b){
  ce_sum d = {0.0, 0.0};
  ce_sum_add(&d, a->hi);
  ce_sum_add(&d, -b->hi);
  ce_sum_add(&d, a->lo);
  ce_sum_add(&d, -b->lo);
  return ce_sum_value(&d);
}

ce_status ce_calibration_value(const ce_eval_bin *bins, int n_bins,
                               double *out){
  ce_sum weight = {0.0, 0.0}, gap = {0.0, 0.0};
  double w;
  int i;
  for(i=0; i<n_bins; i++){
    if( bins[i].weight.n_nonzero==0 ) continue;            /* [J4] no weight */
    ce_sum_add(&weight, ce_sum_value(&bins[i].weight.sum));
    ce_sum_add(&gap, fabs(sum_difference(&bins[i].label.sum,
                                         &bins[i].prob.sum)));
  }
  w = ce_sum_value(&weight);
  if( w==0.0 ) return CE_EMPTY;
  if( !isfinite(w) || !isfinite(ce_sum_value(&gap)) ) return CE_OVERFLOW;
  *out = ce_sum_value(&gap)/w;
  return CE_VALUE;
}

ce_status ce_eval_summarize(const ce_eval *e, ce_eval_summary *s){
  const ce_mean *mean = &e->mean.mean;
  ce_sum n_sum = {(double)mean->n_rows, 0.0};
  const ce_sum *weight = e->mean.weighted ? &mean->weight.sum : &n_sum;
  double w, q, r, one_minus_r, h, spread;
  ce_status status;
  memset(s, 0, sizeof *s);
  status = ce_mean_value(mean, e->mean.weighted, &s->log_loss);
  if( status!=CE_VALUE ) return status;                        /* [J1][J5] */
  s->n = mean->n_rows;
  w = ce_sum_value(weight);
  one_minus_r = sum_difference(weight, &e->label.sum)/w;
  s->weight = w;
  r = ce_counted_sum_value(&e->label)/w;                             /* [J3] */
  if( !isfinite(r) || !isfinite(one_minus_r)
   || !isfinite(ce_counted_sum_value(&e->brier)) ) return CE_OVERFLOW;
  if( r>1.0 ) r = 1.0;
  if( one_minus_r<0.0 ) one_minus_r = 0.0;
  s->base_rate = r;
  h = 0.0 - (x_log_x(r, one_minus_r) + x_log_x(one_minus_r, r));
  if( h>0.0 ){
    s->has_entropy = 1;
    s->normalized_entropy = s->log_loss/h;
    s->d2_log_loss = 1.0 - s->normalized_entropy;
    if( !isfinite(s->normalized_entropy) ) return CE_OVERFLOW;      /* [J5] */
  }
  s->brier_score = ce_counted_sum_nonnegative(&e->brier)/w;          /* [J4] */
  status = ce_calibration_value(e->bin, CE_EVAL_BINS, &s->calibration_error);
  if( status==CE_OVERFLOW ) return CE_OVERFLOW;
  if( s->n>=2 ){                                                     /* [J2] */
    if( !ce_spread_centered(&e->spread, w, &spread) ){
      s->stderr_overflow = 1;                                        /* [J5] */
    }else{
      q = (double)s->n/(double)(s->n - 1)*spread;
      s->log_loss_stderr = sqrt(q)/w;
      s->has_stderr = 1;
    }
  }
  return CE_VALUE;
}

ce_status ce_paired_summarize(const ce_paired *p, ce_paired_summary *s){
  double n = (double)p->n_rows, spread, mean;
  memset(s, 0, sizeof *s);
  if( p->n_rows<2 ) return CE_EMPTY;                                 /* [J7] */
  mean = ce_counted_sum_value(&p->diff)/n;
  if( !isfinite(mean)
   || !ce_spread_centered(&p->spread, n, &spread) ){
    return CE_OVERFLOW;
  }
  s->n = p->n_rows;
  s->mean_diff = mean;
  s->stderr_diff = sqrt(spread/(n - 1.0)/n);
  if( s->stderr_diff>0.0 ){
    s->has_z = 1;
    s->z = mean/s->stderr_diff;
    s->p_value = erfc(fabs(s->z)/sqrt(2.0));
  }else{
    s->p_value = mean==0.0 ? 1.0 : 0.0;
  }
  return CE_VALUE;
}

/* ---- JSON text [J6] ------------------------------------------------------ */

typedef struct json_out {
  char *buf;
  size_t size, len;
} json_out;

/* An empty text in buf; 0 when there is no room even for that. */
static int json_begin(json_out *o, char *buf, size_t size){
  o->buf = buf;
  o->size = size;
  o->len = 0;
  if( size==0 ) return 0;
  buf[0] = 0;
  return 1;
}

static void put(json_out *o, const char *format, ...) CE_PRINTF_LIKE(2, 3);
static void put(json_out *o, const char *format, ...){
  va_list ap;
  int n;
  if( o->len>=o->size ) return;
  va_start(ap, format);
  n = vsnprintf(o->buf + o->len, o->size - o->len, format, ap);
  va_end(ap);
  if( n<0 ) return;
  o->len += (size_t)n;
  if( o->len>=o->size ) o->len = o->size - 1;
}

/* %.17g with a '.' whatever the locale's decimal point is: every byte that
** is not part of a C-locale number is the locale's point, one run of them
** at most, which becomes '.'. */
static void put_number(json_out *o, double x){
  char raw[64], clean[64];
  int i, j = 0, in_point = 0;
  if( !isfinite(x) ){ put(o, "null"); return; }
  snprintf(raw, sizeof raw, "%.17g", x);
  for(i=0; raw[i]; i++){
    char c = raw[i];
    if( (c>='0' && c<='9') || c=='-' || c=='+' || c=='e' ){
      clean[j++] = c;
      in_point = 0;
    }else if( !in_point ){
      clean[j++] = '.';
      in_point = 1;
    }
  }
  clean[j] = 0;
  put(o, "%s", clean);
}

static void put_field(json_out *o, const char *name, double x, int has){
  put(o, ",\"%s\":", name);
  if( has ) put_number(o, x); else put(o, "null");
}

static void put_bins(json_out *o, const ce_eval_bin *bins, int n_bins){
  int i, first = 1;
  put(o, ",\"calibration_bins\":[");
  for(i=0; i<n_bins; i++){
    const ce_eval_bin *b = &bins[i];
    double w = ce_counted_sum_value(&b->weight);
    int weighed = b->weight.n_nonzero>0;
    if( b->n_rows==0 ) continue;
    put(o, "%s{\"bin\":%d", first ? "" : ",", i);
    first = 0;
    put_field(o, "lower", (double)i/n_bins, 1);
    put_field(o, "upper", (double)(i + 1)/n_bins, 1);
    put(o, ",\"n\":%lld", (long long)b->n_rows);
    put_field(o, "weight", weighed ? w : 0.0, 1);
    put_field(o, "mean_p", ce_counted_sum_value(&b->prob)/w, weighed);
    put_field(o, "frac_pos", ce_counted_sum_value(&b->label)/w, weighed);
    put(o, "}");
  }
  put(o, "]");
}

size_t ce_eval_json(const ce_eval *e, const ce_eval_summary *s, char *buf,
                    size_t size){
  json_out o;
  double half = CE_Z_975*s->log_loss_stderr;
  if( !json_begin(&o, buf, size) ) return 0;
  put(&o, "{\"n\":%lld", (long long)s->n);
  put_field(&o, "weight", s->weight, 1);
  put_field(&o, "log_loss", s->log_loss, 1);
  put_field(&o, "log_loss_stderr", s->log_loss_stderr, s->has_stderr);
  put(&o, ",\"log_loss_ci95\":");
  if( s->has_stderr ){
    put(&o, "[");
    put_number(&o, s->log_loss - half);
    put(&o, ",");
    put_number(&o, s->log_loss + half);
    put(&o, "]");
  }else{
    put(&o, "null");
  }
  put_field(&o, "base_rate", s->base_rate, 1);
  put_field(&o, "normalized_entropy", s->normalized_entropy, s->has_entropy);
  put_field(&o, "d2_log_loss", s->d2_log_loss, s->has_entropy);
  put_field(&o, "brier_score", s->brier_score, 1);
  put_field(&o, "calibration_error", s->calibration_error, 1);
  put_bins(&o, e->bin, CE_EVAL_BINS);
  put(&o, "}");
  return o.len;
}

size_t ce_paired_json(const ce_paired_summary *s, char *buf, size_t size){
  json_out o;
  if( !json_begin(&o, buf, size) ) return 0;
  put(&o, "{\"n\":%lld", (long long)s->n);
  put_field(&o, "mean_diff", s->mean_diff, 1);
  put_field(&o, "stderr", s->stderr_diff, 1);
  put_field(&o, "z", s->z, s->has_z);
  put_field(&o, "p_value", s->p_value, 1);
  put(&o, "}");
  return o.len;
}
