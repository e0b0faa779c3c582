/*
** eval_test.c — unit tests of the evaluation states and statistics alone
** (ext/core/eval_state.h, eval_stats.h, spread.h), with no SQLite:
**  1. merged parts equal one scan (log loss within 2 ulp, the rest 1e-12
**     relative), whatever the parts' shifts [B4][H3];
**  2. the byte form: written, read and written again is the same bytes;
**     every one-byte change refused; crafted impossible fields refused
**     with their status [B5];
**  3. a window: rows added and removed leave the state all zero [B2], and
**     a frame of equal losses has a standard error of exactly 0 [H2];
**  4. the spread against a two-pass long double reference, on losses that
**     are nearly equal and with an outlier as the shift [H1];
**  5. paired_loss_test's summary and its special cases [J7];
**  6. the JSON text exactly, under a comma-decimal locale too [J6].
** Prints "N passed, N failed".
*/
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "eval_stats.h"
#include "le_bytes.h"
#include "unit.h"

static void check_rel(const char *name, double got, double expected,
                      double tol){
  double err = fabs(got - expected);
  check(err<=tol*fabs(expected), name, got, expected);
}

/* How many doubles apart a and b are (both finite, same sign). */
static int64_t ulps(double a, double b){
  int64_t ia, ib;
  memcpy(&ia, &a, 8);
  memcpy(&ib, &b, 8);
  return ia>ib ? ia - ib : ib - ia;
}

#define N_ROWS 5000
static double ys[N_ROWS], ps[N_ROWS], ws[N_ROWS];

static void make_rows(void){
  uint64_t seed = 42;
  int i;
  for(i=0; i<N_ROWS; i++){
    ps[i] = uniform_random(&seed);
    ys[i] = uniform_random(&seed)<ps[i] ? 1.0 : 0.0;
    ws[i] = 0.1 + 4.9*uniform_random(&seed);
  }
  ps[0] = 1e-12; ys[0] = 1.0;        /* an outlier loss as the first shift */
  ps[7] = 1.0; ps[8] = 0.0; ws[9] = 0.0;
}

static void summary_of(const ce_eval *e, ce_eval_summary *s){
  if( ce_eval_summarize(e, s)!=CE_VALUE ) memset(s, 0, sizeof *s);
}

static void check_same(const char *name, const ce_eval_summary *a,
                       const ce_eval_summary *b){
  char label[80];
  snprintf(label, sizeof label, "%s log_loss 2 ulp", name);
  check(ulps(a->log_loss, b->log_loss)<=2, label, a->log_loss, b->log_loss);
  snprintf(label, sizeof label, "%s stderr", name);
  check_rel(label, a->log_loss_stderr, b->log_loss_stderr, 1e-12);
  snprintf(label, sizeof label, "%s base rate", name);
  check_rel(label, a->base_rate, b->base_rate, 1e-12);
  snprintf(label, sizeof label, "%s normalized entropy", name);
  check_rel(label, a->normalized_entropy, b->normalized_entropy, 1e-12);
  snprintf(label, sizeof label, "%s brier", name);
  check_rel(label, a->brier_score, b->brier_score, 1e-12);
  snprintf(label, sizeof label, "%s ece", name);
  check_rel(label, a->calibration_error, b->calibration_error, 1e-12);
  snprintf(label, sizeof label, "%s n", name);
  check(a->n==b->n, label, (double)a->n, (double)b->n);
}

/* 1. parts of 1, 7 and 1000 rows, weighted and not, merged. */
static void test_merge(void){
  static const int part_sizes[] = {1, 7, 1000};
  int weighted, k, i;
  for(weighted=0; weighted<2; weighted++){
    ce_eval all, merged, part;
    ce_eval_summary a, b;
    ce_eval_reset(&all);
    for(i=0; i<N_ROWS; i++){
      ce_eval_add(&all, ys[i], ps[i], weighted ? ws[i] : 1.0, weighted, +1);
    }
    summary_of(&all, &a);
    for(k=0; k<3; k++){
      char name[40];
      ce_eval_reset(&merged);
      ce_eval_reset(&part);
      for(i=N_ROWS-1; i>=0; i--){                  /* the other order too */
        ce_eval_add(&part, ys[i], ps[i], weighted ? ws[i] : 1.0, weighted, +1);
        if( i%part_sizes[k]==0 ){
          check(ce_eval_merge(&merged, &part, +1), "merge", 0, 0);
          ce_eval_reset(&part);
        }
      }
      summary_of(&merged, &b);
      snprintf(name, sizeof name, "merge w%d parts of %d", weighted,
               part_sizes[k]);
      check_same(name, &b, &a);
    }
  }
}

static void rehash(unsigned char *bytes){
  ce_put_le32(bytes + CE_EVAL_STATE_BYTES - 4,
              ce_fnv1a(bytes, CE_EVAL_STATE_BYTES - 4));
}

/* 2. the byte form */
static void test_bytes(void){
  ce_eval e, back;
  unsigned char bytes[CE_EVAL_STATE_BYTES], again[CE_EVAL_STATE_BYTES];
  unsigned char copy[CE_EVAL_STATE_BYTES];
  ce_state_status st;
  int i, found, refused = 0, bit;
  ce_eval_reset(&e);
  for(i=0; i<300; i++) ce_eval_add(&e, ys[i], ps[i], ws[i], 1, +1);
  ce_eval_write(&e, bytes);
  check(memcmp(bytes, "CEev", 4)==0 && bytes[4]==1 && bytes[5]==3
        && bytes[6]==1 && bytes[7]==10, "header bytes", bytes[5], 3);
  check((int64_t)ce_get_le64(bytes + 8)==300, "n_rows at 8",
        (double)ce_get_le64(bytes + 8), 300);
  check(ce_get_le_f64(bytes + 144)==e.spread.shift, "shift at 144",
        ce_get_le_f64(bytes + 144), e.spread.shift);
  st = ce_eval_read(bytes, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_OK, "read", st, CE_STATE_OK);
  ce_eval_write(&back, again);
  check(memcmp(bytes, again, CE_EVAL_STATE_BYTES)==0, "round trip", 0, 0);
  for(i=0; i<CE_EVAL_STATE_BYTES; i++){         /* every byte, one bit each */
    for(bit=0; bit<8; bit+=3){
      memcpy(copy, bytes, sizeof copy);
      copy[i] ^= (unsigned char)(1<<bit);
      if( ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found)!=CE_STATE_OK ){
        refused++;
      }
    }
  }
  check(refused==3*CE_EVAL_STATE_BYTES, "every changed byte refused",
        refused, 3*CE_EVAL_STATE_BYTES);
  st = ce_eval_read(bytes, CE_EVAL_STATE_BYTES - 1, &back, &found);
  check(st==CE_STATE_BAD_LENGTH && found==CE_EVAL_STATE_BYTES, "length",
        st, CE_STATE_BAD_LENGTH);
  st = ce_eval_read(bytes, 2, &back, &found);
  check(st==CE_STATE_BAD_MAGIC, "too short", st, CE_STATE_BAD_MAGIC);
  /* crafted, with a valid hash */
  memcpy(copy, bytes, sizeof copy); copy[4] = 2; rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_BAD_VERSION && found==2, "version", st, 0);
  memcpy(copy, bytes, sizeof copy); copy[5] = 1; rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_WRONG_KIND && found==1, "kind", st, 0);
  memcpy(copy, bytes, sizeof copy); copy[7] = 11; rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "bin count", st, CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy); copy[6] = 4; rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "flags", st, CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy);
  ce_put_le64(copy + 8, (uint64_t)-1); rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "negative rows", st, CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy);
  ce_put_le64(copy + 8, 301); rehash(copy);         /* bins hold 300 rows */
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "bins short of rows", st, CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy);
  ce_put_le_f64(copy + 144, NAN); rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "shift NaN", st, CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy);
  ce_put_le_f64(copy + 80, INFINITY); rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "infinite part", st, CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy);
  ce_put_le64(copy + 280 + 32, 1); rehash(copy);     /* bin 0: +Inf terms */
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "+Inf terms", st, CE_STATE_IMPOSSIBLE);
  {                       /* [B7] a weight whose square overflows */
    ce_eval big, sum;
    ce_eval_summary bs;
    ce_eval_reset(&big);
    ce_eval_add(&big, 1.0, 0.5, 1e200, 1, +1);
    ce_eval_write(&big, again);
    check(again[6]==(1|4), "spread overflow flag", again[6], 5);
    st = ce_eval_read(again, CE_EVAL_STATE_BYTES, &back, &found);
    check(st==CE_STATE_OK, "spread overflow read", st, CE_STATE_OK);
    ce_eval_write(&back, copy);
    check(memcmp(copy, again, CE_EVAL_STATE_BYTES)==0,
          "spread overflow round trip", 0, 0);
    ce_eval_reset(&sum);
    for(i=0; i<20; i++) ce_eval_add(&sum, ys[i], ps[i], ws[i], 1, +1);
    check(ce_eval_merge(&sum, &back, +1)
          && ce_eval_summarize(&sum, &bs)==CE_VALUE && bs.stderr_overflow
          && !bs.has_stderr && bs.has_entropy,
          "merged: the stderr overflows, the rest is there [J5]", 0, 0);
    check(ce_eval_merge(&sum, &back, -1)
          && ce_eval_summarize(&sum, &bs)==CE_VALUE && bs.has_stderr
          && !bs.stderr_overflow, "removed: usable again", 0, 0);
  }
  memcpy(copy, bytes, sizeof copy);                 /* forged: Σ w < 0 */
  ce_put_le_f64(copy + 48, -4.0); rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "forged negative weight", st,
        CE_STATE_IMPOSSIBLE);
  memcpy(copy, bytes, sizeof copy);                 /* forged: Σ w·y > Σ w */
  ce_put_le_f64(copy + 80, 2.0*ce_get_le_f64(bytes + 48)); rehash(copy);
  st = ce_eval_read(copy, CE_EVAL_STATE_BYTES, &back, &found);
  check(st==CE_STATE_IMPOSSIBLE, "forged base rate above 1", st,
        CE_STATE_IMPOSSIBLE);
  {                    /* [H4] a weight whose square underflows, alone */
    ce_eval tiny, sum, plain;
    ce_eval_summary ts, pls;
    ce_eval_reset(&tiny);
    ce_eval_add(&tiny, 0.0, 0.5, 1e-300, 1, +1);
    ce_eval_write(&tiny, again);
    st = ce_eval_read(again, CE_EVAL_STATE_BYTES, &back, &found);
    ce_eval_write(&back, copy);
    check(st==CE_STATE_OK && memcmp(copy, again, CE_EVAL_STATE_BYTES)==0,
          "underflowed weight: round trip", st, CE_STATE_OK);
    ce_eval_reset(&sum);
    ce_eval_reset(&plain);
    for(i=0; i<50; i++){
      ce_eval_add(&sum, ys[i], ps[i], ws[i], 1, +1);
      ce_eval_add(&plain, ys[i], ps[i], ws[i], 1, +1);
    }
    ce_eval_add(&plain, 0.0, 0.5, 1e-300, 1, +1);     /* one scan, same rows */
    check(ce_eval_merge(&sum, &back, +1)
          && ce_eval_summarize(&sum, &ts)==CE_VALUE && ts.has_stderr
          && ce_eval_summarize(&plain, &pls)==CE_VALUE,
          "underflowed weight merged: a stderr", 0, 0);
    check_rel("underflowed weight merged: one scan's stderr",
              ts.log_loss_stderr, pls.log_loss_stderr, 1e-12);
    check(ce_eval_summarize(&back, &ts)==CE_VALUE && !ts.has_stderr,
          "underflowed weight alone: n = 1, no stderr", 0, 0);
  }
  {                 /* [H3] merge order: a state of one weight-0 row first */
    ce_eval zero_row, rest, ab, ba;
    ce_eval_summary sa, sb;
    ce_eval_reset(&zero_row);
    ce_eval_reset(&rest);
    ce_eval_add(&zero_row, 1.0, 0.0, 0.0, 1, +1);
    for(i=0; i<20; i++) ce_eval_add(&rest, 1.0, 0.5 + 1e-6*i, 1.0, 1, +1);
    ab = zero_row; ba = rest;
    check(ce_eval_merge(&ab, &rest, +1) && ce_eval_merge(&ba, &zero_row, +1)
          && ce_eval_summarize(&ab, &sa)==CE_VALUE
          && ce_eval_summarize(&ba, &sb)==CE_VALUE, "merge order", 0, 0);
    check_rel("merge order: the same stderr", sa.log_loss_stderr,
              sb.log_loss_stderr, 1e-12);
  }
  {                                                 /* a mean state */
    ce_state m;
    unsigned char mean_bytes[CE_STATE_BYTES];
    memset(&m, 0, sizeof m);
    ce_state_add(&m, 0.5, 1.0, 0, +1);
    ce_state_write(&m, CE_STATE_MEAN_CE, mean_bytes);
    st = ce_eval_read(mean_bytes, CE_STATE_BYTES, &back, &found);
    check(st==CE_STATE_WRONG_KIND && found==CE_STATE_MEAN_CE, "mean state",
          st, CE_STATE_WRONG_KIND);
    st = ce_state_read(bytes, CE_EVAL_STATE_BYTES, CE_STATE_MEAN_CE, &m,
                       &found);
    check(st==CE_STATE_WRONG_KIND && found==CE_STATE_EVAL,
          "an eval state read as a mean state", st, CE_STATE_WRONG_KIND);
  }
}

/* 3. a window */
static void test_window(void){
  static const ce_eval zero;
  ce_eval e;
  ce_eval_summary s;
  int i;
  ce_eval_reset(&e);
  for(i=0; i<500; i++) ce_eval_add(&e, ys[i], ps[i], ws[i], 1, +1);
  for(i=0; i<500; i++) ce_eval_add(&e, ys[i], ps[i], ws[i], 1, -1);
  check(memcmp(&e, &zero, sizeof e)==0, "emptied window is zero", 0, 0);
  for(i=0; i<500; i++) ce_eval_add(&e, ys[i], ps[i], ws[i], 1, +1);
  for(i=0; i<5; i++) ce_eval_add(&e, 1.0, 0.25, 2.0, 1, +1);
  for(i=0; i<500; i++) ce_eval_add(&e, ys[i], ps[i], ws[i], 1, -1);
  check(ce_eval_summarize(&e, &s)==CE_VALUE && s.has_stderr, "frame value",
        0, 0);
  check(s.log_loss_stderr==0.0, "equal losses: stderr exactly 0",
        s.log_loss_stderr, 0.0);
  check(s.n==5 && s.base_rate==1.0 && !s.has_entropy, "one class: no NE",
        s.base_rate, 1.0);
  check(s.brier_score==0.5625, "brier of the frame", s.brier_score, 0.5625);
}

/* Two-pass reference of the standard error, in long double. */
static double reference_stderr(int n, const double *loss, const double *w){
  long double sw = 0, swl = 0, m, q = 0;
  int i;
  for(i=0; i<n; i++){ sw += w[i]; swl += w[i]*loss[i]; }
  m = swl/sw;
  for(i=0; i<n; i++) q += (long double)w[i]*w[i]*(loss[i]-m)*(loss[i]-m);
  return (double)(sqrtl((long double)n/(n - 1)*q)/sw);
}

/* 4. the spread on nearly equal losses, and after an outlier shift */
static void test_spread(void){
  static double loss[2000], w[2000];
  uint64_t seed = 7;
  int trial, i;
  for(trial=0; trial<2; trial++){
    ce_eval e;
    ce_eval_summary s;
    ce_eval_reset(&e);
    for(i=0; i<2000; i++){
      double p = trial==0 ? 0.5 + 1e-9*uniform_random(&seed)
                          : (i==0 ? 1e-12 : 0.2 + 0.6*uniform_random(&seed));
      w[i] = 0.5 + uniform_random(&seed);
      loss[i] = ce_bce(1.0, p, CE_LOG_DEFAULT_EPS);
      ce_eval_add(&e, 1.0, p, w[i], 1, +1);
    }
    summary_of(&e, &s);
    check_rel(trial==0 ? "stderr, nearly equal losses"
                       : "stderr, an outlier as the shift",
              s.log_loss_stderr, reference_stderr(2000, loss, w), 1e-11);
  }
}

/* 4b. [H6] an outlier first, then 2000000 rows that agree to 9 digits:
** without re-centring the error grows as n·u·(outlier distance)²/Q, 2.7e-10
** at this n. The reference: the losses take 8 values, so a two-pass sum
** over the counts in long double. */
static void test_recentre(void){
  enum { N = 2000000 };
  long double value[8], count[8] = {0}, n = 0, sum = 0, m, q = 0;
  ce_eval e;
  ce_eval_summary s;
  int i, k;
  ce_eval_reset(&e);
  value[7] = ce_bce(1.0, 0.0, CE_LOG_DEFAULT_EPS);
  ce_eval_add(&e, 1.0, 0.0, 1.0, 0, +1);
  count[7] = 1;
  for(k=0; k<7; k++) value[k] = ce_bce(1.0, 0.9 + k*1e-9, CE_LOG_DEFAULT_EPS);
  for(i=1; i<=N; i++){
    ce_eval_add(&e, 1.0, 0.9 + (i%7)*1e-9, 1.0, 0, +1);
    count[i%7] += 1;
  }
  for(k=0; k<8; k++){ n += count[k]; sum += count[k]*value[k]; }
  m = sum/n;
  for(k=0; k<8; k++) q += count[k]*(value[k] - m)*(value[k] - m);
  summary_of(&e, &s);
  check_rel("stderr, an outlier first and 2000000 close rows",
            s.log_loss_stderr, (double)(sqrtl(q/(n - 1))/sqrtl(n)), 1e-11);
}

/* 5. paired_loss_test */
static void test_paired(void){
  ce_paired a, b, c;
  ce_paired_summary s, t;
  uint64_t seed = 9;
  int i;
  ce_paired_reset(&a); ce_paired_reset(&b); ce_paired_reset(&c);
  for(i=0; i<3000; i++){
    double x = uniform_random(&seed), y = x + 0.01*(uniform_random(&seed) - 0.4);
    ce_paired_add(&a, x, y, +1);
    ce_paired_add(i<1000 ? &b : &c, x, y, +1);
  }
  check(ce_paired_merge(&b, &c, +1), "paired merge", 0, 0);
  check(ce_paired_summarize(&a, &s)==CE_VALUE
        && ce_paired_summarize(&b, &t)==CE_VALUE, "paired values", 0, 0);
  check_rel("paired mean merged", t.mean_diff, s.mean_diff, 1e-13);
  check_rel("paired stderr merged", t.stderr_diff, s.stderr_diff, 1e-12);
  check_rel("paired z merged", t.z, s.z, 1e-12);
  check_rel("p_value = erfc(|z|/sqrt 2)", s.p_value,
            erfc(fabs(s.z)/sqrt(2.0)), 1e-15);
  ce_paired_reset(&a);
  ce_paired_add(&a, 1.0, 0.5, +1);
  check(ce_paired_summarize(&a, &s)==CE_EMPTY, "n = 1 is no value", 0, 0);
  ce_paired_add(&a, 2.0, 1.5, +1);
  check(ce_paired_summarize(&a, &s)==CE_VALUE && !s.has_z && s.p_value==0.0
        && s.stderr_diff==0.0 && s.mean_diff==0.5, "equal differences",
        s.p_value, 0.0);
  ce_paired_reset(&a);
  ce_paired_add(&a, 1.0, 1.0, +1);
  ce_paired_add(&a, 3.0, 3.0, +1);
  check(ce_paired_summarize(&a, &s)==CE_VALUE && !s.has_z && s.p_value==1.0,
        "no differences", s.p_value, 1.0);
}

/* 6. the JSON text */
static void test_json(void){
  static const char expected[] =
    "{\"n\":2,\"weight\":2,\"log_loss\":0.69314718055994529,"
    "\"log_loss_stderr\":0,\"log_loss_ci95\":[0.69314718055994529,"
    "0.69314718055994529],\"base_rate\":0.5,\"normalized_entropy\":1,"
    "\"d2_log_loss\":0,\"brier_score\":0.25,\"calibration_error\":0,"
    "\"calibration_bins\":[{\"bin\":5,\"lower\":0.5,\"upper\":"
    "0.59999999999999998,\"n\":2,\"weight\":2,\"mean_p\":0.5,"
    "\"frac_pos\":0.5}]}";
  static const char paired[] =
    "{\"n\":2,\"mean_diff\":0.25,\"stderr\":0.25,\"z\":1,"
    "\"p_value\":0.31731050786291415}";
  ce_eval e;
  ce_eval_summary s;
  ce_paired p;
  ce_paired_summary ps;
  char text[CE_EVAL_JSON_SIZE];
  int locale;
  ce_eval_reset(&e);
  ce_eval_add(&e, 1.0, 0.5, 1.0, 0, +1);
  ce_eval_add(&e, 0.0, 0.5, 1.0, 0, +1);
  ce_paired_reset(&p);
  ce_paired_add(&p, 1.0, 1.0, +1);
  ce_paired_add(&p, 1.0, 0.5, +1);
  for(locale=0; locale<2; locale++){
    if( locale==1 && setlocale(LC_NUMERIC, "de_DE.UTF-8")==0
        && setlocale(LC_NUMERIC, "fr_FR.UTF-8")==0 ){
      printf("note: no comma-decimal locale here; the C locale only\n");
      break;
    }
    ce_eval_summarize(&e, &s);
    ce_eval_json(&e, &s, text, sizeof text);
    check(strcmp(text, expected)==0, locale ? "json, comma locale" : "json",
          0, 0);
    if( strcmp(text, expected)!=0 ) printf("  got %s\n", text);
    ce_paired_summarize(&p, &ps);
    ce_paired_json(&ps, text, sizeof text);
    check(strcmp(text, paired)==0, "paired json", 0, 0);
    if( strcmp(text, paired)!=0 ) printf("  got %s\n", text);
  }
  setlocale(LC_NUMERIC, "C");
  check(ce_bin_of(1.0, 10)==9 && ce_bin_of(0.0, 10)==0 && ce_bin_of(1.0, 1)==0
        && ce_bin_of(0.999, 10000)==9990, "bins", 0, 0);
}

int main(void){
  make_rows();
  test_merge();
  test_bytes();
  test_window();
  test_spread();
  test_recentre();
  test_paired();
  test_json();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
