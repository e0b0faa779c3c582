/*
** kernels_test.c — unit tests of the numeric kernels (ext/core/kernels.h, logit_ and divergence_kernels.h)
** alone, with no SQLite:
** the constants, the no-NaN and +0.0 rules, compensated summation, the
** window remove step, and 64-bit counts past 2^31 (which no SQL test can
** reach in reasonable time). Prints "N passed, N failed".
*/
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "divergence_kernels.h"
#include "kernels.h"
#include "le_bytes.h"
#include "logit_kernels.h"
#include "state.h"
#include "vector.h"
#include "unit.h"

/* Bit-identical, so that +0.0 and -0.0 differ and NaN never passes. */
static void check_same(const char *name, double got, double expected){
  check(got==expected && signbit(got)==signbit(expected), name, got, expected);
}

static void test_constants(void){
  check_same("default eps is DBL_EPSILON", CE_DEFAULT_EPS, DBL_EPSILON);
  check_same("log of default eps", CE_LOG_DEFAULT_EPS, log(DBL_EPSILON));
  check_same("ce_log_eps(default)", ce_log_eps(CE_DEFAULT_EPS), log(DBL_EPSILON));
  check_same("ce_log_eps(0)", ce_log_eps(0.0), -INFINITY);
  check_same("exp(-100) constant", CE_TORCH_EPS, exp(-100.0));
  check_same("its log is exactly -100", log(CE_TORCH_EPS), -100.0);
  check_same("ce_log_eps(exp(-100)) is -100", ce_log_eps(exp(-100.0)), -100.0);
  check_same("ce_log_eps(1e-7) is log(1e-7)", ce_log_eps(1e-7), log(1e-7));
}

/* [K3] no NaN from 0 * -Inf, and [K4] +0.0 for perfect predictions. */
static void test_edges(void){
  static const double labels[] = {0.0, 1.0, 0.5};
  static const double probs[] = {0.0, 1.0, 5e-324, 0.5};
  char name[80];
  size_t i, j;
  for(i=0; i<sizeof labels/sizeof labels[0]; i++){
    for(j=0; j<sizeof probs/sizeof probs[0]; j++){
      double loss = ce_bce(labels[i], probs[j], -INFINITY);
      snprintf(name, sizeof name, "bce(%g,%g,eps=0) is not NaN",
               labels[i], probs[j]);
      check(!isnan(loss) && loss>=0.0, name, loss, 0.0);
    }
  }
  check_same("bce(1,1) is +0", ce_bce(1.0, 1.0, CE_LOG_DEFAULT_EPS), 0.0);
  check_same("bce(0,0) is +0", ce_bce(0.0, 0.0, CE_LOG_DEFAULT_EPS), 0.0);
  check_same("bce(1,0,eps=0) is Inf", ce_bce(1.0, 0.0, -INFINITY), INFINITY);
  check_same("bce(0,1,eps=0) is Inf", ce_bce(0.0, 1.0, -INFINITY), INFINITY);
  check_same("bce(1,0) clamps", ce_bce(1.0, 0.0, CE_LOG_DEFAULT_EPS),
             36.04365338911715);
  check_same("bce(0,1) clamps", ce_bce(0.0, 1.0, CE_LOG_DEFAULT_EPS),
             36.04365338911715);
  /* log1p keeps ln(1-p) ~ -p for tiny p, where log(1-p) would give 0 */
  check_same("bce(0,1e-20) uses log1p", ce_bce(0.0, 1e-20, CE_LOG_DEFAULT_EPS),
             1e-20);
  check_same("term with y=0 is +0", ce_categorical_term(0.0, 0.0, -INFINITY), 0.0);
  check_same("term with p=1 is +0", ce_categorical_term(1.0, 1.0, -INFINITY), 0.0);
}

static void test_sum(void){
  ce_sum s = {0.0, 0.0};
  double naive = 0.0;
  int i;
  ce_sum_add(&s, 1e16); ce_sum_add(&s, 1.0); ce_sum_add(&s, -1e16);
  check_same("1e16 + 1 - 1e16", ce_sum_value(&s), 1.0);
  s.hi = s.lo = 0.0;
  ce_sum_add(&s, 1.0);
  naive = 1.0;
  for(i=0; i<1000000; i++){ ce_sum_add(&s, 1e-16); naive += 1e-16; }
  /* exact: 1 + 1e-10 (1e-16 is not exact in binary; 1e6 copies of it round
  ** to within an ulp of 1.0000000001 in the compensated sum) */
  check(fabs(ce_sum_value(&s) - 1.0000000001) <= 2.3e-16,
        "1 + 1e6 * 1e-16 compensated", ce_sum_value(&s), 1.0000000001);
  check_same("the same sum done naively stays 1", naive, 1.0);
}

static void test_mean(void){
  ce_mean m;
  double v = -1.0;
  int i;
  ce_mean_reset(&m);
  check(ce_mean_value(&m, 0, &v)==CE_EMPTY, "empty mean", v, -1.0);
  for(i=0; i<10; i++) ce_mean_update(&m, 0.1*i, +1);
  check(ce_mean_value(&m, 0, &v)==CE_VALUE && fabs(v-0.45)<1e-16,
        "mean of 0..0.9", v, 0.45);
  for(i=0; i<10; i++) ce_mean_update(&m, 0.1*i, -1);
  check(ce_mean_value(&m, 0, &v)==CE_EMPTY, "all removed: empty", v, -1.0);
  check(m.wloss.sum.hi==0.0 && m.wloss.sum.lo==0.0, "all removed: exact zeros",
        m.wloss.sum.hi, 0.0);
  /* residue of removed rows never shows once only zero losses remain */
  ce_mean_reset(&m);
  ce_mean_update(&m, 2.7653905518086935e-17, +1);
  ce_mean_update(&m, 3.2155, +1);
  ce_mean_update(&m, 1.638166577036303e-8, +1);
  ce_mean_update(&m, 0.0, +1);
  ce_mean_update(&m, 2.7653905518086935e-17, -1);
  ce_mean_update(&m, 3.2155, -1);
  ce_mean_update(&m, 1.638166577036303e-8, -1);
  check(ce_mean_value(&m, 0, &v)==CE_VALUE && v==0.0 && !signbit(v),
        "frame of zero losses is +0 after removals", v, 0.0);

  /* weighted: zero total weight is empty, even with rows */
  ce_mean_reset(&m);
  ce_mean_update_weighted(&m, 36.0, 0.0, +1);
  check(ce_mean_value(&m, 1, &v)==CE_EMPTY && m.n_rows==1,
        "weight 0 only: empty", v, -1.0);
  ce_mean_update_weighted(&m, 2.0, 3.0, +1);
  ce_mean_update_weighted(&m, 4.0, 1.0, +1);
  check(ce_mean_value(&m, 1, &v)==CE_VALUE && v==2.5, "weighted mean", v, 2.5);
  ce_mean_update_weighted(&m, 2.0, 3.0, -1);
  ce_mean_update_weighted(&m, 4.0, 1.0, -1);
  check(ce_mean_value(&m, 1, &v)==CE_EMPTY && m.n_rows==1
        && m.weight.sum.hi==0.0 && m.wloss.sum.hi==0.0,
        "weighted rows removed: empty, exact zeros", v, -1.0);

  ce_mean_reset(&m);
  ce_mean_update_weighted(&m, 36.0, DBL_MAX, +1);
  check(ce_mean_value(&m, 1, &v)==CE_OVERFLOW, "w*loss overflows", v, -1.0);
  /* the overflowed row leaves (a window's inverse): the mean is usable again */
  ce_mean_update_weighted(&m, 0.5, 2.0, +1);
  ce_mean_update_weighted(&m, 36.0, DBL_MAX, -1);
  check(ce_mean_value(&m, 1, &v)==CE_VALUE && v==0.5,
        "overflowed row removed: the rest's mean", v, 0.5);

  /* 64-bit counts [K6]: a count past 2^31 and 2^32 divides correctly */
  ce_mean_reset(&m);
  m.n_rows = INT32_MAX;
  m.wloss.sum.hi = (double)INT32_MAX * 0.5;
  m.wloss.n_nonzero = INT32_MAX;
  ce_mean_update(&m, 0.5, +1);
  check(m.n_rows==(int64_t)INT32_MAX + 1 && ce_mean_value(&m, 0, &v)==CE_VALUE
        && v==0.5, "count crosses 2^31", v, 0.5);
  m.n_rows = ((int64_t)1<<33) + 1;
  m.wloss.sum.hi = (double)m.n_rows * 2.0;
  m.wloss.sum.lo = 0.0;
  check(ce_mean_value(&m, 0, &v)==CE_VALUE && v==2.0, "count 2^33+1", v, 2.0);
}

static void test_total(void){
  ce_total t = {{{0.0, 0.0}, 0, 0}, 0};
  double v = -1.0;
  check(ce_total_value(&t, &v)==CE_EMPTY, "empty total", v, -1.0);
  ce_total_update(&t, 0.0, +1);
  check(ce_total_value(&t, &v)==CE_VALUE && v==0.0 && !signbit(v),
        "total of one zero term is +0", v, 0.0);
  ce_total_update(&t, 0.3, +1);
  ce_total_update(&t, 0.0, -1);
  ce_total_update(&t, 0.3, -1);
  check(ce_total_value(&t, &v)==CE_EMPTY && t.sum.sum.hi==0.0,
        "total emptied by removal", v, -1.0);
  /* [K7] an infinite term is +Inf while present, and leaves no NaN */
  ce_total_update(&t, 1.5, +1);
  ce_total_update(&t, INFINITY, +1);
  check(ce_total_value(&t, &v)==CE_VALUE && v==INFINITY, "total with Inf", v,
        INFINITY);
  ce_total_update(&t, INFINITY, -1);
  check(ce_total_value(&t, &v)==CE_VALUE && v==1.5, "Inf removed again", v, 1.5);
}

/* [L2][L4] logits: documented values, limits at +-Inf, never NaN. */
static void test_logits(void){
  static const double labels[] = {0.0, 1.0, 0.5};
  static const double logits[] = {-INFINITY, -1000.0, -40.0, 0.0, 40.0,
                                  1000.0, INFINITY};
  static const double pos_weights[] = {0.0, 1.0, 3.0};
  char name[96];
  size_t i, j, k;
  check_same("bce_logits(1,40)", ce_bce_logits(1.0, 40.0, 1.0),
             4.248354255291589e-18);
  check_same("bce_logits(1,-1000)", ce_bce_logits(1.0, -1000.0, 1.0), 1000.0);
  check_same("bce_logits(0,1000)", ce_bce_logits(0.0, 1000.0, 1.0), 1000.0);
  check_same("bce_logits(1,+Inf)", ce_bce_logits(1.0, INFINITY, 1.0), 0.0);
  check_same("bce_logits(0,-Inf)", ce_bce_logits(0.0, -INFINITY, 1.0), 0.0);
  check_same("bce_logits(0,+Inf)", ce_bce_logits(0.0, INFINITY, 1.0), INFINITY);
  check_same("bce_logits(1,-Inf,pw=0)", ce_bce_logits(1.0, -INFINITY, 0.0), 0.0);
  for(i=0; i<sizeof labels/sizeof labels[0]; i++){
    for(j=0; j<sizeof logits/sizeof logits[0]; j++){
      for(k=0; k<sizeof pos_weights/sizeof pos_weights[0]; k++){
        double y = labels[i], z = logits[j], pw = pos_weights[k];
        double loss = ce_bce_logits(y, z, pw);
        double focal = ce_focal_logits(y, z, 2.0, 0.25);
        snprintf(name, sizeof name, "bce_logits(%g,%g,%g) >= 0, no NaN", y, z, pw);
        check(loss>=0.0 && !signbit(loss), name, loss, 0.0);
        snprintf(name, sizeof name, "focal_loss_logits(%g,%g) >= 0, no NaN", y, z);
        check(focal>=0.0 && !signbit(focal), name, focal, 0.0);
      }
    }
  }
  /* the sigmoid form and the probability form agree for moderate z */
  check(fabs(ce_bce_logits(1.0, 2.0, 1.0) - ce_bce(1.0, ce_sigmoid(2.0),
        CE_LOG_DEFAULT_EPS)) < 1e-15, "bce_logits = bce(sigmoid)",
        ce_bce_logits(1.0, 2.0, 1.0), 0.0);
  /* focal with gamma 0 and no alpha is bce; with alpha 1 and y 0 it is 0 */
  check_same("focal(gamma 0, no alpha) = bce", ce_focal(1.0, 0.3, 0.0, -1.0,
             CE_LOG_DEFAULT_EPS), ce_bce(1.0, 0.3, CE_LOG_DEFAULT_EPS));
  check_same("focal_logits(0,+Inf,alpha 1) = 0",
             ce_focal_logits(0.0, INFINITY, 2.0, 1.0), 0.0);
  check_same("balanced(beta 0.5) = bce / 2",
             ce_balanced_bce(1.0, 0.3, 0.5, CE_LOG_DEFAULT_EPS),
             0.5*ce_bce(1.0, 0.3, CE_LOG_DEFAULT_EPS));
}

/* [L3] streaming softmax: the documented value, and extreme logits. */
static void test_softmax(void){
  ce_softmax s = {0.0, {0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}, 0, 0};
  ce_softmax big = s, tie = s, late = s;
  double v;
  ce_softmax_add(&s, 1.0, 2.0);
  ce_softmax_add(&s, 0.0, 1.0);
  ce_softmax_add(&s, 0.0, 0.1);
  v = ce_softmax_value(&s);
  check(fabs(v - 0.41703001627783354) <= 1.2e-16, "softmax [2,1,0.1] target 0",
        v, 0.41703001627783354);
  ce_softmax_add(&big, 0.0, 1000.0);
  ce_softmax_add(&big, 1.0, 0.0);
  ce_softmax_add(&big, 0.0, -1000.0);
  check_same("softmax [1000,0,-1000] target 1", ce_softmax_value(&big), 1000.0);
  ce_softmax_add(&tie, 1.0, 5.0);
  ce_softmax_add(&tie, 0.0, 5.0);
  check(fabs(ce_softmax_value(&tie) - log(2.0)) <= 1.2e-16,
        "softmax of a tie is ln 2", ce_softmax_value(&tie), log(2.0));
  /* the maximum arrives last: earlier gaps grow with it */
  ce_softmax_add(&late, 1.0, 0.1);
  ce_softmax_add(&late, 0.0, 1.0);
  ce_softmax_add(&late, 0.0, 2.0);
  v = ce_softmax_value(&late);
  check(fabs(v - 2.3170300162778335) <= 4.5e-16, "softmax, max last",
        v, 2.3170300162778335);
}

static void test_divergence(void){
  check_same("entropy term of 0", ce_entropy_term(0.0), 0.0);
  check_same("entropy term of 1", ce_entropy_term(1.0), 0.0);
  check_same("kl term p=0", ce_kl_term(0.0, 0.0), 0.0);
  check_same("kl term q=0", ce_kl_term(0.5, 0.0), INFINITY);
  check_same("kl term p=q", ce_kl_term(0.3, 0.3), 0.0);
  /* nearly equal p and q: log1p form, vs ln p - ln q which rounds */
  {
    /* p(ln p - ln q) = d + O(d^2) for p = q + d; the naive form is off by
    ** about 1e-17 absolute here, the log1p form by about 1e-28 */
    double q = 0.5, p = q + 1e-12, d = p - q;      /* d is exact */
    check(fabs(ce_kl_term(p, q) - d) < 1e-23, "kl term of nearly equal p, q",
          ce_kl_term(p, q), d);
  }
}

/* Reads a whole JSON vector; returns the status that ended it. */
static ce_vec_status read_json(const char *text, double *out, int max, int *n){
  ce_vec_reader r;
  ce_vec_status status = ce_vec_open(&r, CE_VEC_JSON, text, (int64_t)strlen(text));
  *n = 0;
  if( status!=CE_VEC_END ) return status;
  while( *n<max && (status = ce_vec_next(&r, &out[*n]))==CE_VEC_ELEMENT ) (*n)++;
  return status;
}

/* [V1]..[V4] the vector reader, under the C locale and a comma locale. */
static void test_vector(void){
  static const unsigned char f32[] = {0x00,0x00,0x80,0x3F, 0x00,0x00,0x00,0x3F};
  static const unsigned char f64[] = {0,0,0,0,0,0,0xF8,0x3F, 0,0,0,0,0,0,0xF8,0x7F};
  static const char *comma_locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8"};
  const char *text = " [0.5, 1e-3 ,-2.5E+2,0,\n0.1]  ";
  double v[8], x = 0.0;
  int n = 0;
  ce_vec_status st;
  size_t i;
  ce_vec_reader r;
  st = read_json(text, v, 8, &n);
  check(st==CE_VEC_END && n==5 && v[0]==0.5
        && v[1]==1e-3 && v[2]==-250.0 && v[3]==0.0 && v[4]==0.1,
        "JSON vector read", n, 5);
  for(i=0; i<sizeof comma_locales/sizeof comma_locales[0]; i++){
    if( setlocale(LC_NUMERIC, comma_locales[i]) ) break;
  }
  if( i<sizeof comma_locales/sizeof comma_locales[0] ){
    st = read_json(text, v, 8, &n);
    check(st==CE_VEC_END && n==5 && v[0]==0.5
          && v[4]==0.1, "JSON vector read under a comma locale", v[0], 0.5);
    setlocale(LC_NUMERIC, "C");
  }else{
    printf("note: no comma locale (de_DE.UTF-8) installed; that check skipped\n");
  }
  st = read_json("[1,]", v, 8, &n);
  check(st==CE_VEC_NOT_NUMBER, "trailing comma", n, 0);
  st = read_json("[1 2]", v, 8, &n);
  check(st==CE_VEC_SYNTAX, "missing comma", n, 0);
  st = read_json("[[1]]", v, 8, &n);
  check(st==CE_VEC_NOT_NUMBER, "nested", n, 0);
  st = read_json("[1] 2", v, 8, &n);
  check(st==CE_VEC_TRAILING, "trailing text", n, 0);
  st = read_json("1", v, 8, &n);
  check(st==CE_VEC_NOT_ARRAY, "not an array", n, 0);
  st = read_json("[01]", v, 8, &n);
  check(st==CE_VEC_SYNTAX, "leading zero", n, 0);
  st = read_json("[.5]", v, 8, &n);
  check(st==CE_VEC_NOT_NUMBER, "bare fraction", n, 0);
  st = read_json("[1e400]", v, 8, &n);
  check(st==CE_VEC_NOT_FINITE, "overflow", n, 0);
  st = read_json("[]", v, 8, &n);
  check(st==CE_VEC_END && n==0, "empty", n, 0);
  check(ce_vec_open(&r, CE_VEC_F32, f32, 8)==CE_VEC_END
        && ce_vec_next(&r, &x)==CE_VEC_ELEMENT && x==1.0
        && ce_vec_next(&r, &x)==CE_VEC_ELEMENT && x==0.5
        && ce_vec_next(&r, &x)==CE_VEC_END, "float32 little-endian", x, 0.5);
  check(ce_vec_open(&r, CE_VEC_F64, f64, 16)==CE_VEC_END
        && ce_vec_next(&r, &x)==CE_VEC_ELEMENT && x==1.5
        && ce_vec_next(&r, &x)==CE_VEC_NOT_FINITE && isnan(r.bad),
        "float64 little-endian, NaN refused", x, 1.5);
  check(ce_vec_open(&r, CE_VEC_F64, f64, 12)==CE_VEC_BAD_LENGTH,
        "float64 blob of 12 bytes", 12, 16);
}

/* ce_vec_blob_unit_pick: the one-pass form agrees with reading element by
** element, and refuses (-1) any vector with an element outside [0,1]. */
static void test_blob_pick(void){
  static const double bad[] = {-0.5, 1.0000000000000002, INFINITY, -INFINITY,
                               NAN, -1e-300};
  static const unsigned char f32[] = {0x00,0x00,0x80,0x3E, 0x00,0x00,0x40,0x3F};
  unsigned char blob[8*7];
  double probs[7] = {0.0, 0.125, 1.0, 5e-324, 0.5, -0.0, 0.999};
  double picked;
  int64_t n;
  size_t b;
  int i, at;
  ce_vec_reader r;
  for(i=0; i<7; i++) ce_put_le_f64(blob + 8*i, probs[i]);
  for(i=-1; i<=7; i++){
    picked = 42.0;
    ce_vec_open(&r, CE_VEC_F64, blob, sizeof blob);
    n = ce_vec_blob_unit_pick(&r, i, &picked);
    check(n==7 && (i>=0 && i<7 ? picked==probs[i] : picked==42.0),
          "float64 pick by index (42 = left alone out of range)", picked,
          i>=0 && i<7 ? probs[i] : 42.0);
  }
  ce_vec_open(&r, CE_VEC_F32, f32, sizeof f32);
  check(ce_vec_blob_unit_pick(&r, 1, &picked)==2 && picked==0.75,
        "float32 pick", picked, 0.75);
  ce_vec_open(&r, CE_VEC_F64, blob, 0);
  check(ce_vec_blob_unit_pick(&r, 0, &picked)==0, "empty BLOB: no elements",
        picked, 0.75);
  for(b=0; b<sizeof bad/sizeof bad[0]; b++){
    for(at=0; at<7; at+=3){                 /* first, middle and last element */
      ce_put_le_f64(blob + 8*at, bad[b]);
      ce_vec_open(&r, CE_VEC_F64, blob, sizeof blob);
      n = ce_vec_blob_unit_pick(&r, 1, &picked);
      check(n==-1, "element outside [0,1] refused", (double)n, -1.0);
      ce_put_le_f64(blob + 8*at, probs[at]);
    }
  }
}

/* ce_softmax_merge: one observation's classes split into parts (as
** parallel workers see them) merge to the one-pass loss, for logits spread
** up to ±300 and targets one-hot or soft. The bound: 4 ulp, plus what exp()
** does to the rounding of a logit difference d in either order of work,
** d·2^-53 relative (2·spread·2^-53): a loss of 2.6e-68 from logits 155
** apart differs in its 32nd ulp, one near 1 in its last. */
static void test_softmax_merge(void){
  uint64_t state = 7;
  int trial, outside = 0, counts_ok = 1;
  double worst_ulps = 0.0;
  for(trial=0; trial<2000; trial++){
    ce_softmax whole, merged, part;
    double z[40], y[40], v_whole, v_merged, spread = trial%3==0 ? 300.0 : 8.0;
    double bound;
    int n = 2 + (int)(next_random(&state) % 38), i;
    memset(&whole, 0, sizeof whole);
    memset(&merged, 0, sizeof merged);
    memset(&part, 0, sizeof part);
    for(i=0; i<n; i++){
      z[i] = spread*(2.0*uniform_random(&state) - 1.0);
      y[i] = trial%2 ? (i==trial%n) : uniform_random(&state)/n;
      ce_softmax_add(&whole, y[i], z[i]);
    }
    for(i=0; i<n; i++){
      ce_softmax_add(&part, y[i], z[i]);
      if( next_random(&state)%4==0 || i==n-1 ){      /* a worker's share ends */
        ce_softmax_merge(&merged, &part);
        memset(&part, 0, sizeof part);
      }
    }
    v_whole = ce_softmax_value(&whole);
    v_merged = ce_softmax_value(&merged);
    bound = (4.0 + 2.0*spread/2.0)*DBL_EPSILON*v_whole;
    if( fabs(v_merged - v_whole)>bound ) outside++;
    if( v_whole>1e-3 && fabs(v_merged - v_whole)/(DBL_EPSILON*v_whole)>worst_ulps ){
      worst_ulps = fabs(v_merged - v_whole)/(DBL_EPSILON*v_whole);
    }
    counts_ok &= merged.n_rows==n;
  }
  check(outside==0 && counts_ok, "softmax merge = one pass within the bound",
        outside, 0);
  check(worst_ulps<=4.0, "softmax merge, losses > 1e-3: within 4 ulp",
        worst_ulps, 4.0);
}

/* Counts are 64-bit: a mean over more than 2^31 (and 2^32) rows, reached by
** merging states (a row at a time would take minutes), divides by the true
** count, and removing rows counts back down through 2^31. */
static void test_large_counts(void){
  static const ce_state zero;
  ce_state part = zero, total = zero;
  double v = 0.0;
  int i, merged = 1;
  for(i=0; i<1000; i++) ce_mean_update(&part.mean, 0.5, +1);       /* 1000 rows */
  part.mean.n_rows = 3000000;                      /* 3e6 rows, 1000 of loss .5 */
  for(i=0; i<1500; i++) merged &= ce_state_merge(&total, &part, +1);
  check(merged, "1500 merges", merged, 1);
  check(total.mean.n_rows==INT64_C(4500000000), "n_rows past 2^32",
        (double)total.mean.n_rows, 4.5e9);
  ce_mean_value(&total.mean, 0, &v);
  check_same("mean over 4.5e9 rows", v, 1500*1000*0.5/4.5e9);
  for(i=0; i<800; i++) ce_state_merge(&total, &part, -1);
  check(total.mean.n_rows==INT64_C(2100000000) && total.mean.wloss.n_nonzero==700000,
        "back below 2^31", (double)total.mean.n_rows, 2.1e9);
  ce_mean_value(&total.mean, 0, &v);
  check_same("mean over 2.1e9 rows", v, 700*1000*0.5/2.1e9);
}

/* [S1]..[S4] the partial states: merging precision, the byte round trip,
** and every refusal of a bad BLOB. */
static void test_states(void){
  static const ce_state zero;
  ce_state whole = zero, merged = zero, part, back;
  unsigned char bytes[CE_STATE_BYTES], copy[CE_STATE_BYTES];
  double v_whole = 0.0, v_merged = 0.0, x;
  int i, k, found = 0;
  /* one large loss, then 10^6 tiny ones, in 7 parts of uneven size: the
  ** parts' low halves carry what a plain sum of the parts would lose */
  part = zero;
  for(i=0, k=0; i<=1000000; i++){
    x = i==0 ? 36.04365338911715 : 1e-17*(1 + i%13);
    ce_mean_update(&whole.mean, x, +1);
    ce_mean_update(&part.mean, x, +1);
    if( i==k*k*20000 || i==1000000 ){              /* a cut: merge the part */
      ce_state_write(&part, CE_STATE_MEAN_CE, bytes);
      check(ce_state_read(bytes, CE_STATE_BYTES, CE_STATE_MEAN_CE, &back,
                          &found)==CE_STATE_OK, "part state reads back", k, 0);
      ce_state_merge(&merged, &back, +1);
      part = zero;
      k++;
    }
  }
  check(k==9, "nine parts (cuts at 0, 20000·k², 10^6)", k, 9);
  ce_mean_value(&whole.mean, 0, &v_whole);
  ce_mean_value(&merged.mean, 0, &v_merged);
  check_same("merged parts = one scan, 10^6 tiny terms", v_merged, v_whole);
  check(merged.mean.n_rows==1000001 && merged.mean.wloss.n_nonzero==1000001,
        "merged counts", (double)merged.mean.n_rows, 1000001.0);
  /* removing every part again leaves an exact zero [K6] */
  ce_state_merge(&merged, &whole, -1);
  check(merged.mean.n_rows==0 && merged.mean.wloss.sum.hi==0.0
        && merged.mean.wloss.sum.lo==0.0, "all removed: exact zero",
        merged.mean.wloss.sum.hi, 0.0);
  /* [S2] unweighted into weighted: Σ w gains the row count */
  part = zero;
  part.weighted = 1;
  ce_mean_update_weighted(&part.mean, 2.0, 3.0, +1);         /* w·loss 6, w 3 */
  merged = zero;
  ce_mean_update(&merged.mean, 1.0, +1);
  ce_mean_update(&merged.mean, 0.5, +1);                     /* 2 rows, Σ 1.5 */
  ce_state_merge(&merged, &part, +1);
  ce_mean_value(&merged.mean, merged.weighted, &x);
  check_same("weighted + unweighted: (6 + 1.5) / (3 + 2)", x, 7.5/5.0);
  /* [S4] an overflowed sum is written as 0 with the overflow flag */
  part = zero;
  part.weighted = 1;
  ce_mean_update_weighted(&part.mean, 0.5, 1.5e308, +1);
  ce_mean_update_weighted(&part.mean, 0.5, 1.5e308, +1);    /* Σ w = Inf */
  ce_state_write(&part, CE_STATE_MEAN_LOGITS, bytes);
  check(ce_state_read(bytes, CE_STATE_BYTES, CE_STATE_MEAN_LOGITS, &back,
                      &found)==CE_STATE_OK && back.mean.n_overflow==1
        && ce_mean_value(&back.mean, 1, &x)==CE_OVERFLOW,
        "overflowed state: readable, value is an overflow", 0, 0);
  /* [S3] refusals, each from a good state changed in one place */
  ce_state_write(&whole, CE_STATE_MEAN_CE, bytes);
  check(ce_state_read(bytes, 83, CE_STATE_MEAN_CE, &back, &found)
        ==CE_STATE_BAD_LENGTH, "short", 83, 84);
  check(ce_state_read(bytes, 3, CE_STATE_MEAN_CE, &back, &found)
        ==CE_STATE_BAD_MAGIC, "three bytes", 3, 84);
  check(ce_state_read(bytes, CE_STATE_BYTES, CE_STATE_MEAN_LOGITS, &back,
                      &found)==CE_STATE_WRONG_KIND && found==1,
        "another aggregate's state", found, 1);
  for(i=0; i<CE_STATE_BYTES; i++){
    ce_state_status st;
    memcpy(copy, bytes, sizeof copy);
    copy[i] ^= 0x10;
    st = ce_state_read(copy, CE_STATE_BYTES, CE_STATE_MEAN_CE, &back, &found);
    check(st==(i<4 ? CE_STATE_BAD_MAGIC : i==4 ? CE_STATE_BAD_VERSION
               : CE_STATE_BAD_HASH), "one changed byte is refused", i, st);
  }
}

/* [V1] JSON numbers read exactly as strtod reads them: 17, 16 and 15
** significant digits of random doubles across the exponent range, and
** short decimals, including halfway-looking cases. */
static void test_json_numbers(void){
  static const char *formats[] = {"%.17g", "%.16g", "%.15g", "%.3g", "%.19g"};
  uint64_t state = 20261123;
  int mismatches = 0, checked = 0, i;
  size_t f;
  char text[64], json[80];
  double first_bad = 0.0;
  for(i=0; i<200000; i++){
    uint64_t z = next_random(&state), bits;
    double x, got, want;
    if( i%2 ){
      /* probabilities: uniform in [0,1) and log-uniform down to 1e-30 */
      x = (double)(z>>11)*0x1.0p-53;
      if( i%4==1 ) x = pow(10.0, -30.0*x);
    }else{
      bits = z & 0x7FEFFFFFFFFFFFFFull;                /* any finite double */
      memcpy(&x, &bits, sizeof x);
    }
    for(f=0; f<sizeof formats/sizeof formats[0]; f++){
      ce_vec_reader r;
      snprintf(text, sizeof text, formats[f], x);
      snprintf(json, sizeof json, "[%s]", text);
      want = strtod(text, 0);
      if( ce_vec_open(&r, CE_VEC_JSON, json, (int64_t)strlen(json))!=CE_VEC_END
          || ce_vec_next(&r, &got)!=CE_VEC_ELEMENT ){
        if( isfinite(want) ){ if( !mismatches++ ) first_bad = want; }
        continue;
      }
      checked++;
      if( memcmp(&got, &want, sizeof got)!=0 ){
        if( !mismatches++ ){ first_bad = want; printf("  first mismatch: %s\n", text); }
      }
    }
  }
  check(mismatches==0 && checked>900000, "JSON numbers equal strtod's",
        first_bad, 0.0);
}

/* ce_vec_skip_units: which forms are read past unconverted, and the rest
** left to ce_vec_next, in the one array. */
static void test_skip_unit(void){
  static const struct { const char *text; int skipped; } cases[] = {
    {"0", 1}, {"1", 1}, {"0.5", 1}, {"0.12345678901234567", 1}, {"1.000", 1},
    {"-0", 1}, {"-0.000", 1}, {"0.0000000000000000000000001", 1},
    {"5e-1", 1}, {"4.0127852987965848e-05", 1}, {"9.99E-1", 1}, {"0e-7", 1},
    {"1.5", 0}, {"-0.5", 0}, {"-1", 0}, {"0.5E0", 0}, {"2", 0}, {"5e-0", 0},
    {"5e-00", 0}, {"5e1", 0}, {"5e+1", 0}, {"-5e-1", 0}, {"12e-3", 0},
    {"5e-", 0}, {"5e", 0}, {"0.", 0}, {"01", 0}, {".5", 0}, {"10", 0},
  };
  size_t i;
  for(i=0; i<sizeof cases/sizeof cases[0]; i++){
    char json[80], name[120];
    ce_vec_reader r, next;
    ce_vec_status skip, st;
    double x = -1.0;
    snprintf(json, sizeof json, "[%s, 0.25]", cases[i].text);
    ce_vec_open(&r, CE_VEC_JSON, json, (int64_t)strlen(json));
    next = r;
    skip = ce_vec_skip_units(&r, r.index + 1);
    st = ce_vec_next(&next, &x);
    snprintf(name, sizeof name, "ce_vec_skip_units of %s", cases[i].text);
    if( cases[i].skipped ){
      /* read past to where ce_vec_next gets, whose value is in [0,1] */
      check(skip==CE_VEC_ELEMENT && st==CE_VEC_ELEMENT && r.at==next.at
            && r.index==1 && x>=0.0 && x<=1.0, name, skip, CE_VEC_ELEMENT);
      check(ce_vec_skip_units(&r, r.index + 1)==CE_VEC_ELEMENT && r.closed
            && ce_vec_skip_units(&r, r.index + 1)==CE_VEC_CONVERT
            && ce_vec_next(&r, &x)==CE_VEC_END, "... then 0.25 and the end",
            (double)r.index, 2);
    }else{
      check(skip==CE_VEC_CONVERT && r.index==0 && r.at==(const unsigned char*)json + 1,
            name, skip, CE_VEC_CONVERT);
    }
  }
  {
    /* whole runs: up to an element it does not read past, then on */
    ce_vec_reader r;
    const char *run = "[0.5, 0.25,2e-1 , 5e0, 0.125,\n 1]";
    double x = 0.0;
    ce_vec_open(&r, CE_VEC_JSON, run, (int64_t)strlen(run));
    check(ce_vec_skip_units(&r, INT64_MAX)==CE_VEC_CONVERT && r.index==3
          && *r.at=='5', "ce_vec_skip_units stops before 5e0", (double)r.index, 3);
    check(ce_vec_next(&r, &x)==CE_VEC_ELEMENT && x==5.0
          && ce_vec_skip_units(&r, 5)==CE_VEC_ELEMENT && r.index==5
          && ce_vec_skip_units(&r, INT64_MAX)==CE_VEC_CONVERT && r.index==6
          && r.closed && ce_vec_next(&r, &x)==CE_VEC_END,
          "... then reads it, stops at its limit, and at the end", (double)r.index, 6);
  }
  {
    ce_vec_reader r;
    const char *bad = "[0.5 x]";
    ce_vec_open(&r, CE_VEC_JSON, bad, (int64_t)strlen(bad));
    check(ce_vec_skip_units(&r, r.index + 1)==CE_VEC_SYNTAX && r.index==1 && *r.at=='x',
          "ce_vec_skip_units: no ',' or ']' after an element", (double)r.index, 1);
  }
}

int main(void){
  test_constants();
  test_edges();
  test_sum();
  test_mean();
  test_total();
  test_logits();
  test_softmax();
  test_divergence();
  test_vector();
  test_blob_pick();
  test_states();
  test_large_counts();
  test_softmax_merge();
  test_json_numbers();
  test_skip_unit();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
