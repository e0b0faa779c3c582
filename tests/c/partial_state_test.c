/*
** partial_state_test.c — unit tests of the partial states that PostgreSQL's
** parallel workers pass to each other (ext/core/partial_state.h: ce_total
** of categorical_ce, 40 bytes, ce_softmax of softmax_ce, 72 bytes,
** ce_calibration of calibration_error, 8 + 104 per bin, and ce_paired of
** paired_loss_test, 152 bytes) alone, with no SQLite: [W1] a state written
** and read back is the same to the bit; the parallel plan (halves written,
** read and merged) gives the serial value; the documented little-endian
** layout; [W2][W3] every impossible state refused, leaving a zero state;
** and [W4] an overflowed sum read back as the overflow it was. Prints "N
** passed, N failed".
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "eval_state.h"
#include "eval_stats.h"
#include "kernels.h"
#include "le_bytes.h"
#include "logit_kernels.h"
#include "partial_state.h"
#include "state.h"
#include "unit.h"


/* The 64 bits at off, composed byte by byte (not with le_bytes.h, so that
** the layout is checked independently of the code that wrote it). */
static uint64_t le64_at(const unsigned char *b, int off){
  uint64_t u = 0;
  int i;
  for(i=7; i>=0; i--) u = u<<8 | b[off + i];
  return u;
}
static double le_f64_at(const unsigned char *b, int off){
  uint64_t u = le64_at(b, off);
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

/* Patches a 64-bit field of a copy of a written state. */
static void patch_i64(unsigned char *b, int off, int64_t v){
  ce_put_le64(b + off, (uint64_t)v);
}
static void patch_f64(unsigned char *b, int off, double v){
  ce_put_le_f64(b + off, v);
}
static void patch_i32(unsigned char *b, int off, int32_t v){
  ce_put_le32(b + off, (uint32_t)v);
}

/* Field by field to the bit (ce_softmax has padding, so no memcmp of the
** whole struct): +0.0 and -0.0 differ, and a NaN equals only its own bits. */
#define SAME_FIELD(a, b, f) (memcmp(&(a)->f, &(b)->f, sizeof (a)->f)==0)

static int total_same(const ce_total *a, const ce_total *b){
  return SAME_FIELD(a, b, n_rows) && SAME_FIELD(a, b, sum.sum.hi)
      && SAME_FIELD(a, b, sum.sum.lo) && SAME_FIELD(a, b, sum.n_nonzero)
      && SAME_FIELD(a, b, sum.n_inf);
}

static int softmax_same(const ce_softmax *a, const ce_softmax *b){
  return SAME_FIELD(a, b, max_z) && SAME_FIELD(a, b, others.hi)
      && SAME_FIELD(a, b, others.lo) && SAME_FIELD(a, b, gap.hi)
      && SAME_FIELD(a, b, gap.lo) && SAME_FIELD(a, b, target.hi)
      && SAME_FIELD(a, b, target.lo) && SAME_FIELD(a, b, n_rows)
      && SAME_FIELD(a, b, infinite);
}

static int total_is_zero(const ce_total *t){
  static const ce_total zero;
  return total_same(t, &zero);
}

static int softmax_is_zero(const ce_softmax *s){
  static const ce_softmax zero;
  return softmax_same(s, &zero);
}

/* [W1] written, read (1) and written again: the same fields and bytes. */
static void round_trip_total(const char *name, const ce_total *t){
  unsigned char bytes[CE_TOTAL_BYTES], again[CE_TOTAL_BYTES];
  ce_total back;
  char label[120];
  int ok;
  memset(&back, 0x5A, sizeof back);
  ce_total_write(t, bytes);
  ok = ce_total_read(bytes, CE_TOTAL_BYTES, &back);
  snprintf(label, sizeof label, "total round trip, %s: read", name);
  check(ok==1, label, ok, 1);
  snprintf(label, sizeof label, "total round trip, %s: same fields", name);
  check(total_same(&back, t), label, back.sum.sum.hi, t->sum.sum.hi);
  ce_total_write(&back, again);
  snprintf(label, sizeof label, "total round trip, %s: same bytes", name);
  check(memcmp(bytes, again, sizeof bytes)==0, label, 0, 0);
}

static void round_trip_softmax(const char *name, const ce_softmax *s){
  unsigned char bytes[CE_SOFTMAX_BYTES], again[CE_SOFTMAX_BYTES];
  ce_softmax back;
  char label[120];
  int ok;
  memset(&back, 0x5A, sizeof back);
  ce_softmax_write(s, bytes);
  ok = ce_softmax_read(bytes, CE_SOFTMAX_BYTES, &back);
  snprintf(label, sizeof label, "softmax round trip, %s: read", name);
  check(ok==1, label, ok, 1);
  snprintf(label, sizeof label, "softmax round trip, %s: same fields", name);
  check(softmax_same(&back, s), label, back.gap.hi, s->gap.hi);
  ce_softmax_write(&back, again);
  snprintf(label, sizeof label, "softmax round trip, %s: same bytes", name);
  check(memcmp(bytes, again, sizeof bytes)==0, label, 0, 0);
}

/* [W2][W3] n bytes refused: 0, and the output zero though it held garbage. */
static void refused_total(const char *name, const unsigned char *b, int64_t n){
  ce_total t;
  char label[120];
  int ok;
  memset(&t, 0x5A, sizeof t);
  ok = ce_total_read(b, n, &t);
  snprintf(label, sizeof label, "total refused: %s", name);
  check(ok==0, label, ok, 0);
  snprintf(label, sizeof label, "total refused: %s: state zero", name);
  check(total_is_zero(&t), label, t.sum.sum.hi, 0.0);
}

static void refused_softmax(const char *name, const unsigned char *b,
                            int64_t n){
  ce_softmax s;
  char label[120];
  int ok;
  memset(&s, 0x5A, sizeof s);
  ok = ce_softmax_read(b, n, &s);
  snprintf(label, sizeof label, "softmax refused: %s", name);
  check(ok==0, label, ok, 0);
  snprintf(label, sizeof label, "softmax refused: %s: state zero", name);
  check(softmax_is_zero(&s), label, s.max_z, 0.0);
}

/* Accepted, and read to the bit as written. */
static void accepted_softmax(const char *name, const unsigned char *b){
  ce_softmax s;
  unsigned char again[CE_SOFTMAX_BYTES];
  char label[120];
  int ok;
  memset(&s, 0x5A, sizeof s);
  ok = ce_softmax_read(b, CE_SOFTMAX_BYTES, &s);
  snprintf(label, sizeof label, "softmax accepted: %s", name);
  check(ok==1, label, ok, 1);
  ce_softmax_write(&s, again);
  snprintf(label, sizeof label, "softmax accepted: %s: same bytes", name);
  check(memcmp(b, again, CE_SOFTMAX_BYTES)==0, label, 0, 0);
}

static void accepted_total(const char *name, const unsigned char *b){
  ce_total t;
  unsigned char again[CE_TOTAL_BYTES];
  char label[120];
  int ok;
  memset(&t, 0x5A, sizeof t);
  ok = ce_total_read(b, CE_TOTAL_BYTES, &t);
  snprintf(label, sizeof label, "total accepted: %s", name);
  check(ok==1, label, ok, 1);
  ce_total_write(&t, again);
  snprintf(label, sizeof label, "total accepted: %s: same bytes", name);
  check(memcmp(b, again, CE_TOTAL_BYTES)==0, label, 0, 0);
}

/* ---- data ---------------------------------------------------------------- */

#define N_ROWS 300

/* N_ROWS (y, p) rows of categorical_ce: a label 0 half the time, 1 a quarter,
** soft otherwise; p in [0,1), now and then exactly 0 (an infinite term when
** log_eps is -Inf, the clamp ln eps otherwise). */
static void categorical_rows(double *y, double *p){
  uint64_t state = 20240607;
  int i;
  for(i=0; i<N_ROWS; i++){
    uint64_t r = next_random(&state)%4;
    y[i] = r<2 ? 0.0 : r==2 ? 1.0 : uniform_random(&state);
    p[i] = next_random(&state)%23==0 ? 0.0 : uniform_random(&state);
  }
}

static void total_of(ce_total *t, const double *y, const double *p, int from,
                     int to, double log_eps){
  static const ce_total zero;
  int i;
  *t = zero;
  for(i=from; i<to; i++) ce_total_update(t, ce_categorical_term(y[i], p[i], log_eps), +1);
}

static void softmax_of(ce_softmax *s, const double *y, const double *z,
                       int from, int to){
  static const ce_softmax zero;
  int i;
  *s = zero;
  for(i=from; i<to; i++) ce_softmax_add(s, y[i], z[i]);
}

#define N_CLASSES 120

/* Logits of one observation: moderate ones (spread 0), or a mix that takes
** in +-700 and values near them (spread 1); labels one-hot or soft. */
static void softmax_rows(double *y, double *z, int spread, int one_hot,
                         uint64_t seed){
  uint64_t state = seed;
  int i, hot = (int)(next_random(&state)%N_CLASSES);
  for(i=0; i<N_CLASSES; i++){
    if( spread==0 ){
      z[i] = 10.0*(2.0*uniform_random(&state) - 1.0);
    }else{
      switch( next_random(&state)%4 ){
        case 0:  z[i] = 700.0; break;
        case 1:  z[i] = -700.0; break;
        case 2:  z[i] = 700.0 - 5.0*uniform_random(&state); break;
        default: z[i] = 20.0*(2.0*uniform_random(&state) - 1.0); break;
      }
    }
    y[i] = one_hot ? (i==hot) : (next_random(&state)%3==0 ? 0.0
                                  : uniform_random(&state));
  }
}

/* ---- [W1] round trips ---------------------------------------------------- */

static void test_round_trip(void){
  static const ce_total zero_total;
  static const ce_softmax zero_softmax;
  double y[N_ROWS], p[N_ROWS], sy[N_CLASSES], sz[N_CLASSES];
  ce_total t;
  ce_softmax s;
  int i;

  categorical_rows(y, p);
  round_trip_total("empty", &zero_total);
  total_of(&t, y, p, 0, N_ROWS, CE_LOG_DEFAULT_EPS);
  check(t.sum.n_nonzero>100 && t.sum.sum.lo!=0.0,
        "total from data: many terms, a non-zero low part",
        (double)t.sum.n_nonzero, 100);
  round_trip_total("default eps", &t);
  total_of(&t, y, p, 0, N_ROWS, -INFINITY);
  check(t.sum.n_inf>0, "total with eps 0 holds infinite terms",
        (double)t.sum.n_inf, 1);
  round_trip_total("eps 0, infinite terms", &t);
  total_of(&t, y, p, 0, N_ROWS, -100.0);
  for(i=0; i<N_ROWS; i+=3) ce_total_update(&t, ce_categorical_term(y[i], p[i], -100.0), -1);
  round_trip_total("after removals", &t);

  round_trip_softmax("empty", &zero_softmax);
  softmax_rows(sy, sz, 0, 1, 11);
  softmax_of(&s, sy, sz, 0, N_CLASSES);
  round_trip_softmax("moderate logits, one-hot", &s);
  softmax_rows(sy, sz, 1, 0, 12);
  softmax_of(&s, sy, sz, 0, N_CLASSES);
  check(s.max_z==700.0 && s.others.hi>0.0 && s.gap.hi>1000.0,
        "softmax of +-700: max 700, a gap past 1000", s.gap.hi, 1000.0);
  round_trip_softmax("logits +-700, soft labels", &s);
  /* one class: no others, no gap */
  s = zero_softmax;
  ce_softmax_add(&s, 1.0, -700.0);
  round_trip_softmax("one class", &s);
  /* -700 then 700: the old maximum's share exp(-1400) is 0 */
  ce_softmax_add(&s, 0.0, 700.0);
  check(s.others.hi==0.0 && s.gap.hi==1400.0, "softmax of -700, 700",
        s.gap.hi, 1400.0);
  round_trip_softmax("-700 then 700", &s);
  /* logits 2·DBL_MAX apart: the term overflows, the flag is set */
  s = zero_softmax;
  ce_softmax_add(&s, 0.0, DBL_MAX);
  ce_softmax_add(&s, 1.0, -DBL_MAX);
  check(s.infinite==1 && ce_softmax_value(&s)==INFINITY,
        "softmax flag set by an overflowed term", s.infinite, 1);
  round_trip_softmax("infinite flag", &s);
  /* finite terms whose sum overflows: gap +Inf, then its low part -Inf,
  ** then NaN (the legitimate overflowed gap of partial_state.c) */
  s = zero_softmax;
  ce_softmax_add(&s, 0.0, 1e308);
  for(i=0; i<3; i++) ce_softmax_add(&s, 0.6, -1e308);
  check(s.gap.hi==INFINITY && isnan(s.gap.lo) && !s.infinite,
        "softmax gap overflowed: +Inf, low part NaN", s.gap.lo, NAN);
  round_trip_softmax("overflowed gap, NaN low part", &s);
}

/* ---- the parallel plan -------------------------------------------------- */

/* A half's state as the worker sends it and the leader reads it. */
static void via_bytes_total(const ce_total *t, ce_total *out){
  unsigned char bytes[CE_TOTAL_BYTES];
  ce_total_write(t, bytes);
  check(ce_total_read(bytes, CE_TOTAL_BYTES, out)==1, "a half's total reads",
        0, 1);
}

static void via_bytes_softmax(const ce_softmax *s, ce_softmax *out){
  unsigned char bytes[CE_SOFTMAX_BYTES];
  ce_softmax_write(s, bytes);
  check(ce_softmax_read(bytes, CE_SOFTMAX_BYTES, out)==1,
        "a half's softmax reads", 0, 1);
}

/* The combine step of categorical_ce (ext/postgres). */
static int merge_total(ce_total *a, const ce_total *b){
  if( !ce_counted_sum_merge(&a->sum, &b->sum, +1) ) return 0;
  a->n_rows += b->n_rows;
  return 1;
}

static void test_parallel_total(void){
  static const double log_eps[] = {CE_LOG_DEFAULT_EPS, -100.0};
  static const int cuts[] = {N_ROWS/2, 1, N_ROWS - 7};
  double y[N_ROWS], p[N_ROWS];
  char label[120];
  size_t e, c;
  categorical_rows(y, p);
  for(e=0; e<sizeof log_eps/sizeof log_eps[0]; e++){
    for(c=0; c<sizeof cuts/sizeof cuts[0]; c++){
      ce_total whole, a, b, ra, rb, ab, ba;
      double v_whole = -1.0, v_ab = -2.0, v_ba = -3.0;
      int ok;
      total_of(&whole, y, p, 0, N_ROWS, log_eps[e]);
      total_of(&a, y, p, 0, cuts[c], log_eps[e]);
      total_of(&b, y, p, cuts[c], N_ROWS, log_eps[e]);
      via_bytes_total(&a, &ra);
      via_bytes_total(&b, &rb);
      ab = ra;
      ba = rb;
      ok = merge_total(&ab, &rb) && merge_total(&ba, &ra);
      ce_total_value(&whole, &v_whole);
      ce_total_value(&ab, &v_ab);
      ce_total_value(&ba, &v_ba);
      snprintf(label, sizeof label, "parallel total (log eps %g, cut %d): counts",
               log_eps[e], cuts[c]);
      check(ok && ab.n_rows==N_ROWS && ab.sum.n_nonzero==whole.sum.n_nonzero
            && ab.sum.n_inf==whole.sum.n_inf, label, (double)ab.n_rows, N_ROWS);
      /* both are compensated sums, each within about an ulp of the exact
      ** sum; 4e-16·n relative leaves room to spare */
      snprintf(label, sizeof label,
               "parallel total (log eps %g, cut %d) = serial within 4e-16*n",
               log_eps[e], cuts[c]);
      check(v_whole>0.0 && fabs(v_ab - v_whole)<=4e-16*N_ROWS*v_whole, label,
            v_ab, v_whole);
      snprintf(label, sizeof label,
               "parallel total (log eps %g, cut %d): either order, same value",
               log_eps[e], cuts[c]);
      check(memcmp(&v_ab, &v_ba, sizeof v_ab)==0, label, v_ba, v_ab);
    }
  }
  /* a worker that saw no rows: its zero state, through bytes, changes nothing */
  {
    static const ce_total zero;
    ce_total whole, r, merged;
    total_of(&whole, y, p, 0, N_ROWS, CE_LOG_DEFAULT_EPS);
    via_bytes_total(&zero, &r);
    merged = whole;
    check(merge_total(&merged, &r) && total_same(&merged, &whole),
          "parallel total: merging an empty worker's state is the identity",
          merged.sum.sum.hi, whole.sum.sum.hi);
  }
}

static void test_parallel_softmax(void){
  static const struct { int spread, one_hot; uint64_t seed; } data[] = {
    {0, 1, 21}, {0, 0, 22}, {1, 1, 23}, {1, 0, 24}, {1, 0, 25}
  };
  static const int cuts[] = {N_CLASSES/2, 1, N_CLASSES - 3};
  double y[N_CLASSES], z[N_CLASSES];
  char label[140];
  size_t d, c;
  for(d=0; d<sizeof data/sizeof data[0]; d++){
    softmax_rows(y, z, data[d].spread, data[d].one_hot, data[d].seed);
    for(c=0; c<sizeof cuts/sizeof cuts[0]; c++){
      ce_softmax whole, a, b, ra, rb, ab, ba;
      double v_whole, v_ab, v_ba;
      softmax_of(&whole, y, z, 0, N_CLASSES);
      softmax_of(&a, y, z, 0, cuts[c]);
      softmax_of(&b, y, z, cuts[c], N_CLASSES);
      via_bytes_softmax(&a, &ra);
      via_bytes_softmax(&b, &rb);
      ab = ra;
      ce_softmax_merge(&ab, &rb);
      ba = rb;
      ce_softmax_merge(&ba, &ra);
      v_whole = ce_softmax_value(&whole);
      v_ab = ce_softmax_value(&ab);
      v_ba = ce_softmax_value(&ba);
      snprintf(label, sizeof label,
               "parallel softmax (data %d, cut %d): rows and flag", (int)d,
               cuts[c]);
      check(ab.n_rows==N_CLASSES && ba.n_rows==N_CLASSES && !ab.infinite
            && !ba.infinite, label, (double)ab.n_rows, N_CLASSES);
      /* the merge rescales one side's others by exp(-d) and adds d·Σy to
      ** its gap: a few roundings of the loss's parts, far under 1e-14 */
      snprintf(label, sizeof label,
               "parallel softmax (data %d, cut %d) = serial within 1e-14",
               (int)d, cuts[c]);
      check(v_whole>0.0 && fabs(v_ab - v_whole)<=1e-14*v_whole, label, v_ab,
            v_whole);
      snprintf(label, sizeof label,
               "parallel softmax (data %d, cut %d), other order, within 1e-14",
               (int)d, cuts[c]);
      check(fabs(v_ba - v_whole)<=1e-14*v_whole, label, v_ba, v_whole);
    }
  }
  /* an empty worker's state (n_rows 0), through bytes, on either side */
  {
    static const ce_softmax zero;
    ce_softmax whole, r, left, right;
    softmax_rows(y, z, 1, 0, 26);
    softmax_of(&whole, y, z, 0, N_CLASSES);
    via_bytes_softmax(&zero, &r);
    left = whole;
    ce_softmax_merge(&left, &r);
    right = r;
    ce_softmax_merge(&right, &whole);
    check(softmax_same(&left, &whole) && softmax_same(&right, &whole),
          "parallel softmax: merging an empty worker's state is the identity",
          left.gap.hi, whole.gap.hi);
  }
}

/* ---- the byte layout ----------------------------------------------------- */

static void test_layout(void){
  static const ce_total zero_total;
  static const ce_softmax zero_softmax;
  /* every mantissa bit in use, and counts with every byte non-zero, so a
  ** field written short, rounded or at the wrong place shows */
  static const double f[] = {
    0x1.23456789abcdfp+3, -0x1.fedcba9876543p-60,          /* total's sum */
    -0x1.a0b1c2d3e4f57p+1,                                 /* max_z */
    0x1.8123456789abcp+0, 0x1.0fedcba987654p-53,           /* others */
    0x1.5e0123456789ap+10, -0x1.3579bdf02468ap-43,         /* gap */
    0x1.8abcdef012345p-1, 0x1.13579bdf02468p-54            /* target */
  };
  unsigned char b[CE_SOFTMAX_BYTES];
  ce_total t = zero_total;
  ce_softmax s = zero_softmax;
  int i, le_ok = 1;

  check(CE_TOTAL_BYTES==40 && CE_SOFTMAX_BYTES==72, "state sizes 40 and 72",
        CE_TOTAL_BYTES, 40);
  t.n_rows = 0x0102030405060708ll;
  t.sum.sum.hi = f[0];
  t.sum.sum.lo = f[1];
  t.sum.n_nonzero = 0x1112131415161718ll;
  t.sum.n_inf = 0x2122232425262728ll;
  ce_total_write(&t, b);
  for(i=0; i<8; i++) le_ok &= b[i]==8 - i;
  check(le_ok, "total: n_rows at 0, least significant byte first", b[0], 8);
  check(le64_at(b, 0)==(uint64_t)t.n_rows, "total: n_rows at 0",
        (double)le64_at(b, 0), (double)t.n_rows);
  check(le_f64_at(b, 8)==f[0], "total: sum high part at 8", le_f64_at(b, 8),
        f[0]);
  check(le_f64_at(b, 16)==f[1], "total: sum low part at 16", le_f64_at(b, 16),
        f[1]);
  check(le64_at(b, 24)==(uint64_t)t.sum.n_nonzero, "total: non-zero terms at 24",
        (double)le64_at(b, 24), (double)t.sum.n_nonzero);
  check(le64_at(b, 32)==(uint64_t)t.sum.n_inf, "total: infinite terms at 32",
        (double)le64_at(b, 32), (double)t.sum.n_inf);

  s.max_z = f[2];
  s.others.hi = f[3];     s.others.lo = f[4];
  s.gap.hi = f[5];        s.gap.lo = f[6];
  s.target.hi = f[7];     s.target.lo = f[8];
  s.n_rows = 0x0A0B0C0D0E0F1011ll;
  s.infinite = 1;
  ce_softmax_write(&s, b);
  check(le_f64_at(b, 0)==f[2], "softmax: max_z at 0", le_f64_at(b, 0), f[2]);
  check(b[7]==0xC0 && b[6]==0x0A && b[0]==0x57,
        "softmax: max_z's sign and exponent in byte 7, mantissa end in 0",
        b[7], 0xC0);
  check(le_f64_at(b, 8)==f[3] && le_f64_at(b, 16)==f[4],
        "softmax: others at 8, 16", le_f64_at(b, 8), f[3]);
  check(le_f64_at(b, 24)==f[5] && le_f64_at(b, 32)==f[6],
        "softmax: gap at 24, 32", le_f64_at(b, 24), f[5]);
  check(le_f64_at(b, 40)==f[7] && le_f64_at(b, 48)==f[8],
        "softmax: target at 40, 48", le_f64_at(b, 40), f[7]);
  check(le64_at(b, 56)==(uint64_t)s.n_rows && b[56]==0x11 && b[63]==0x0A,
        "softmax: n_rows at 56", (double)le64_at(b, 56), (double)s.n_rows);
  check(le64_at(b, 64)==1, "softmax: infinite flag at 64, as an int64",
        (double)le64_at(b, 64), 1);
  s.infinite = 0;
  ce_softmax_write(&s, b);
  check(le64_at(b, 64)==0, "softmax: flag 0 at 64", (double)le64_at(b, 64), 0);
  /* these full-precision fields are a possible state: read back to the bit */
  s.n_rows = 3;
  round_trip_softmax("every mantissa bit", &s);
  t.n_rows = 0x2122232425262728ll;
  t.sum.n_nonzero = 0x1112131415161718ll;
  t.sum.n_inf = 0x0F0E0D0C0B0A0908ll;
  t.sum.sum.lo = -f[1];
  round_trip_total("every mantissa bit, large counts", &t);
}

/* ---- [W2][W3] refusals -------------------------------------------------- */

static void test_refuse_total(void){
  static const ce_total zero_total;
  unsigned char good[CE_TOTAL_BYTES + 8], b[CE_TOTAL_BYTES + 8];
  ce_total t = zero_total;
  memset(good, 0, sizeof good);
  t.n_rows = 10;
  t.sum.sum.hi = 3.5;
  t.sum.sum.lo = 0x1p-60;
  t.sum.n_nonzero = 5;
  t.sum.n_inf = 2;
  ce_total_write(&t, good);
  accepted_total("the base state", good);

  refused_total("39 bytes", good, 39);
  refused_total("41 bytes", good, 41);
  refused_total("0 bytes", good, 0);
  refused_total("72 bytes", good, 72);
  refused_total("-40 bytes", good, -40);

#define PATCHED(kind, name, off, v) \
  memcpy(b, good, sizeof b); patch_##kind(b, off, v); \
  refused_total(name, b, CE_TOTAL_BYTES)
  PATCHED(i64, "negative n_rows", 0, -1);
  PATCHED(i64, "n_rows INT64_MIN", 0, INT64_MIN);
  PATCHED(i64, "n_nonzero > n_rows", 24, 11);
  PATCHED(i64, "negative n_nonzero", 24, -1);
  PATCHED(i64, "negative n_inf", 32, -1);
  PATCHED(i64, "n_inf > n_rows", 32, 11);
  PATCHED(i64, "n_nonzero + n_inf > n_rows", 32, 6);
  PATCHED(f64, "NaN high part", 8, NAN);
  PATCHED(f64, "+Inf high part", 8, INFINITY);
  PATCHED(f64, "-Inf high part", 8, -INFINITY);
  PATCHED(f64, "NaN low part", 16, NAN);
  PATCHED(f64, "Inf low part", 16, INFINITY);
#undef PATCHED
  memcpy(b, good, sizeof b);
  patch_i64(b, 24, 0);
  refused_total("non-zero sum with n_nonzero 0", b, CE_TOTAL_BYTES);
  patch_f64(b, 8, 0.0);
  refused_total("non-zero low part with n_nonzero 0", b, CE_TOTAL_BYTES);
  patch_f64(b, 16, 0.0);
  accepted_total("n_nonzero 0, sum +0 (only n_inf)", b);
  /* counts whose sum leaves int64_t: refused, not wrapped */
  memcpy(b, good, sizeof b);
  patch_i64(b, 0, INT64_MAX);
  patch_i64(b, 24, INT64_MAX);
  patch_i64(b, 32, INT64_MAX);
  refused_total("n_nonzero + n_inf past INT64_MAX", b, CE_TOTAL_BYTES);
  /* the edges that are possible */
  patch_i64(b, 32, 0);
  accepted_total("n_nonzero = n_rows = INT64_MAX", b);
  memcpy(b, good, sizeof b);
  patch_i64(b, 32, 5);
  accepted_total("n_nonzero + n_inf = n_rows", b);
}

static void test_refuse_softmax(void){
  static const ce_softmax zero_softmax;
  unsigned char good[CE_SOFTMAX_BYTES + 8], empty[CE_SOFTMAX_BYTES];
  unsigned char b[CE_SOFTMAX_BYTES + 8];
  double y[N_CLASSES], z[N_CLASSES];
  ce_softmax s;
  memset(good, 0, sizeof good);
  softmax_rows(y, z, 1, 0, 31);
  softmax_of(&s, y, z, 0, N_CLASSES);
  ce_softmax_write(&s, good);
  ce_softmax_write(&zero_softmax, empty);
  accepted_softmax("the base state", good);
  accepted_softmax("the empty state", empty);

  refused_softmax("71 bytes", good, 71);
  refused_softmax("73 bytes", good, 73);
  refused_softmax("0 bytes", good, 0);
  refused_softmax("40 bytes (a total's length)", good, CE_TOTAL_BYTES);
  refused_softmax("-72 bytes", good, -72);

#define PATCHED(kind, name, off, v) \
  memcpy(b, good, sizeof b); patch_##kind(b, off, v); \
  refused_softmax(name, b, CE_SOFTMAX_BYTES)
  PATCHED(i64, "infinite flag 2", 64, 2);
  PATCHED(i64, "infinite flag -1", 64, -1);
  PATCHED(i64, "infinite flag 2^32 + 1 (not read as an int)", 64,
          (int64_t)0x100000001ll);
  PATCHED(f64, "NaN max_z", 0, NAN);
  PATCHED(f64, "+Inf max_z", 0, INFINITY);
  PATCHED(f64, "-Inf max_z", 0, -INFINITY);
  PATCHED(f64, "negative others", 8, -1.0);
  PATCHED(f64, "NaN others", 8, NAN);
  PATCHED(f64, "+Inf others", 8, INFINITY);
  PATCHED(f64, "NaN others low part", 16, NAN);
  PATCHED(f64, "NaN target", 40, NAN);
  PATCHED(f64, "negative target", 40, -1.0);
  PATCHED(f64, "+Inf target", 40, INFINITY);
  PATCHED(f64, "NaN target low part", 48, NAN);
  PATCHED(f64, "NaN gap high part", 24, NAN);
  PATCHED(f64, "negative gap high part", 24, -1.0);
  PATCHED(f64, "-Inf gap high part", 24, -INFINITY);
  PATCHED(f64, "finite gap, NaN low part", 32, NAN);
  PATCHED(f64, "finite gap, Inf low part", 32, INFINITY);
  PATCHED(i64, "n_rows 0 with the fields of a non-empty state", 56, 0);
  PATCHED(i64, "negative n_rows", 56, -1);
  PATCHED(i64, "n_rows INT64_MIN", 56, INT64_MIN);
#undef PATCHED
  /* a high part >= 0 is not enough: the value hi + lo must be */
  memcpy(b, good, sizeof b);
  patch_f64(b, 8, 0.0);
  patch_f64(b, 16, -1.0);
  refused_softmax("others +0 + -1", b, CE_SOFTMAX_BYTES);
  memcpy(b, good, sizeof b);
  patch_f64(b, 24, 0.0);
  patch_f64(b, 32, -5.0);
  refused_softmax("gap +0 + -5 (a negative loss)", b, CE_SOFTMAX_BYTES);

#define EMPTY_WITH(name, off, v) \
  memcpy(b, empty, CE_SOFTMAX_BYTES); patch_f64(b, off, v); \
  refused_softmax(name, b, CE_SOFTMAX_BYTES)
  EMPTY_WITH("n_rows 0, max_z 1", 0, 1.0);
  EMPTY_WITH("n_rows 0, others 1", 8, 1.0);
  EMPTY_WITH("n_rows 0, gap 1", 24, 1.0);
  EMPTY_WITH("n_rows 0, target 1", 40, 1.0);
  EMPTY_WITH("n_rows 0, max_z -0.0", 0, -0.0);
  EMPTY_WITH("n_rows 0, a low part", 16, 1e-20);
#undef EMPTY_WITH
  memcpy(b, empty, CE_SOFTMAX_BYTES);
  patch_i64(b, 64, 1);
  refused_softmax("n_rows 0, infinite flag 1", b, CE_SOFTMAX_BYTES);

  /* an overflowed gap is legitimate (partial_state.c): +Inf, low part NaN
  ** or -Inf, on the base state and alone */
  memcpy(b, good, sizeof b);
  patch_f64(b, 24, INFINITY);
  patch_f64(b, 32, NAN);
  accepted_softmax("gap +Inf with a NaN low part", b);
  patch_f64(b, 32, -INFINITY);
  accepted_softmax("gap +Inf with a -Inf low part", b);
  memcpy(b, good, sizeof b);
  patch_i64(b, 64, 1);
  accepted_softmax("infinite flag 1", b);
  {
    ce_softmax r;
    memcpy(b, good, sizeof b);
    patch_f64(b, 24, INFINITY);
    patch_f64(b, 32, NAN);
    check(ce_softmax_read(b, CE_SOFTMAX_BYTES, &r)==1
          && ce_softmax_value(&r)==INFINITY,
          "an overflowed gap reads as a loss of +Inf", ce_softmax_value(&r),
          INFINITY);
  }
}

/* ==== calibration_error's bins and paired_loss_test's sums =============== */

static int counted_same(const ce_counted_sum *a, const ce_counted_sum *b){
  return SAME_FIELD(a, b, sum.hi) && SAME_FIELD(a, b, sum.lo)
      && SAME_FIELD(a, b, n_nonzero) && SAME_FIELD(a, b, n_inf);
}

static int calibration_same(const ce_calibration *a, const ce_calibration *b){
  int i;
  if( a->n_bins!=b->n_bins ) return 0;
  for(i=0; i<a->n_bins; i++){
    const ce_eval_bin *x = &a->bin[i], *y = &b->bin[i];
    if( x->n_rows!=y->n_rows || !counted_same(&x->weight, &y->weight)
     || !counted_same(&x->prob, &y->prob)
     || !counted_same(&x->label, &y->label) ) return 0;
  }
  return 1;
}

static int paired_same(const ce_paired *a, const ce_paired *b){
  return SAME_FIELD(a, b, n_rows) && counted_same(&a->diff, &b->diff)
      && SAME_FIELD(a, b, spread.shift)
      && counted_same(&a->spread.weight, &b->spread.weight)
      && counted_same(&a->spread.dev, &b->spread.dev)
      && counted_same(&a->spread.dev_sq, &b->spread.dev_sq);
}

static int paired_is_zero(const ce_paired *p){
  static const ce_paired zero;
  return paired_same(p, &zero);
}

/* Zero bins, none of them holding anything (the state a refusal leaves). */
static int bins_zero(const ce_calibration *c, int room){
  static const ce_eval_bin zero;
  int i;
  for(i=0; i<room; i++){
    if( memcmp(&c->bin[i], &zero, sizeof zero)!=0 ) return 0;
  }
  return 1;
}

/* A state of n_bins bins with garbage in it (the read must set it all). */
static ce_calibration *garbage_calibration(int n_bins){
  size_t size = ce_calibration_size(n_bins>0 ? n_bins : 0);
  ce_calibration *c = malloc(size);
  if( c==0 ){ printf("out of memory\n"); exit(2); }
  memset(c, 0x5A, size);
  return c;
}

static ce_calibration *new_calibration(int n_bins){
  ce_calibration *c = garbage_calibration(n_bins);
  memset(c, 0, ce_calibration_size(n_bins));
  c->n_bins = n_bins;
  return c;
}

/* N_ROWS (y, p, w) rows: labels 0, 1 or soft, p in [0,1] with exact 0, 1
** and bin edges now and then, weights in [0,2) with some 0. */
static void calibration_rows(double *y, double *p, double *w, uint64_t seed){
  uint64_t state = seed;
  int i;
  for(i=0; i<N_ROWS; i++){
    uint64_t r = next_random(&state)%4;
    y[i] = r<2 ? (double)r : uniform_random(&state);
    switch( next_random(&state)%17 ){
      case 0:  p[i] = 0.0; break;
      case 1:  p[i] = 1.0; break;
      case 2:  p[i] = 0.7; break;
      default: p[i] = uniform_random(&state); break;
    }
    w[i] = next_random(&state)%11==0 ? 0.0 : 2.0*uniform_random(&state);
  }
}

static void calibration_of(ce_calibration *c, const double *y,
                           const double *p, const double *w, int from,
                           int to){
  int i;
  memset(c->bin, 0, (size_t)c->n_bins*sizeof(c->bin[0]));
  for(i=from; i<to; i++) ce_calibration_add(c, y[i], p[i], w[i], +1);
}

/* [W1] written, read (1) and written again: the same fields and bytes. */
static void round_trip_calibration(const char *name, const ce_calibration *c){
  size_t n = ce_calibration_bytes(c->n_bins);
  unsigned char *bytes = malloc(n), *again = malloc(n);
  ce_calibration *back = garbage_calibration(c->n_bins);
  char label[120];
  int ok;
  ce_calibration_write(c, bytes);
  snprintf(label, sizeof label, "calibration round trip, %s: bins read",
           name);
  check(ce_calibration_read_bins(bytes, (int64_t)n)==c->n_bins, label,
        ce_calibration_read_bins(bytes, (int64_t)n), c->n_bins);
  ok = ce_calibration_read(bytes, (int64_t)n, back);
  snprintf(label, sizeof label, "calibration round trip, %s: read", name);
  check(ok==1, label, ok, 1);
  snprintf(label, sizeof label, "calibration round trip, %s: same fields",
           name);
  check(calibration_same(back, c), label, back->n_bins, c->n_bins);
  ce_calibration_write(back, again);
  snprintf(label, sizeof label, "calibration round trip, %s: same bytes",
           name);
  check(memcmp(bytes, again, n)==0, label, 0, 0);
  free(bytes);
  free(again);
  free(back);
}

static void round_trip_paired(const char *name, const ce_paired *p){
  unsigned char bytes[CE_PAIRED_BYTES], again[CE_PAIRED_BYTES];
  ce_paired back;
  char label[120];
  int ok;
  memset(&back, 0x5A, sizeof back);
  ce_paired_write(p, bytes);
  ok = ce_paired_read(bytes, CE_PAIRED_BYTES, &back);
  snprintf(label, sizeof label, "paired round trip, %s: read", name);
  check(ok==1, label, ok, 1);
  snprintf(label, sizeof label, "paired round trip, %s: same fields", name);
  check(paired_same(&back, p), label, back.diff.sum.hi, p->diff.sum.hi);
  ce_paired_write(&back, again);
  snprintf(label, sizeof label, "paired round trip, %s: same bytes", name);
  check(memcmp(bytes, again, sizeof bytes)==0, label, 0, 0);
}

/* [W2][W3] n bytes refused: 0, n_bins 0 and the room for `room` bins zero. */
static void refused_calibration(const char *name, const unsigned char *b,
                                int64_t n, int room){
  ce_calibration *c = garbage_calibration(room);
  char label[120];
  int ok = ce_calibration_read(b, n, c);
  snprintf(label, sizeof label, "calibration refused: %s", name);
  check(ok==0, label, ok, 0);
  snprintf(label, sizeof label, "calibration refused: %s: state zero", name);
  check(c->n_bins==0 && bins_zero(c, room), label, c->n_bins, 0);
  free(c);
}

static void accepted_calibration(const char *name, const unsigned char *b,
                                 int64_t n){
  int bins = ce_calibration_read_bins(b, n);
  ce_calibration *c = garbage_calibration(bins);
  unsigned char *again = malloc((size_t)n);
  char label[120];
  int ok = bins>=0 && ce_calibration_read(b, n, c);
  snprintf(label, sizeof label, "calibration accepted: %s", name);
  check(ok==1, label, ok, 1);
  if( ok ){
    ce_calibration_write(c, again);
    snprintf(label, sizeof label, "calibration accepted: %s: same bytes",
             name);
    check(memcmp(b, again, (size_t)n)==0, label, 0, 0);
  }
  free(again);
  free(c);
}

static void refused_paired(const char *name, const unsigned char *b,
                           int64_t n){
  ce_paired p;
  char label[120];
  int ok;
  memset(&p, 0x5A, sizeof p);
  ok = ce_paired_read(b, n, &p);
  snprintf(label, sizeof label, "paired refused: %s", name);
  check(ok==0, label, ok, 0);
  snprintf(label, sizeof label, "paired refused: %s: state zero", name);
  check(paired_is_zero(&p), label, p.diff.sum.hi, 0.0);
}

static void accepted_paired(const char *name, const unsigned char *b){
  ce_paired p;
  unsigned char again[CE_PAIRED_BYTES];
  char label[120];
  int ok;
  memset(&p, 0x5A, sizeof p);
  ok = ce_paired_read(b, CE_PAIRED_BYTES, &p);
  snprintf(label, sizeof label, "paired accepted: %s", name);
  check(ok==1, label, ok, 1);
  ce_paired_write(&p, again);
  snprintf(label, sizeof label, "paired accepted: %s: same bytes", name);
  check(memcmp(b, again, CE_PAIRED_BYTES)==0, label, 0, 0);
}

/* N_ROWS pairs of losses: in [0,5), now and then equal (d = 0). */
static void paired_rows(double *a, double *b, uint64_t seed){
  uint64_t state = seed;
  int i;
  for(i=0; i<N_ROWS; i++){
    a[i] = 5.0*uniform_random(&state);
    b[i] = next_random(&state)%9==0 ? a[i] : 5.0*uniform_random(&state);
  }
}

static void paired_of(ce_paired *p, const double *a, const double *b,
                      int from, int to){
  int i;
  ce_paired_reset(p);
  for(i=from; i<to; i++) ce_paired_add(p, a[i], b[i], +1);
}

/* ---- [W1][W4] round trips ------------------------------------------------ */

static void test_round_trip_eval(void){
  static const int bins[] = {10, 7, 1, 3, CE_CALIBRATION_MAX_BINS};
  static const ce_paired zero_paired;
  double y[N_ROWS], p[N_ROWS], w[N_ROWS], a[N_ROWS], b[N_ROWS];
  ce_calibration *c;
  ce_paired s;
  size_t k;
  int i;
  char name[80];
  unsigned char bytes[CE_PAIRED_BYTES];

  c = new_calibration(0);
  round_trip_calibration("no bins (no row yet)", c);
  free(c);
  c = new_calibration(10);
  round_trip_calibration("10 empty bins", c);
  free(c);
  calibration_rows(y, p, w, 41);
  for(k=0; k<sizeof bins/sizeof bins[0]; k++){
    c = new_calibration(bins[k]);
    calibration_of(c, y, p, w, 0, N_ROWS);
    snprintf(name, sizeof name, "%d bins", bins[k]);
    round_trip_calibration(name, c);
    free(c);
  }
  c = new_calibration(10);
  calibration_of(c, y, p, w, 0, N_ROWS);
  check(c->bin[7].weight.sum.lo!=0.0 || c->bin[3].weight.sum.lo!=0.0,
        "calibration from data: a non-zero low part", c->bin[7].weight.sum.lo,
        1);
  for(i=0; i<N_ROWS; i+=3) ce_calibration_add(c, y[i], p[i], w[i], -1);
  round_trip_calibration("after removals", c);

  /* [W4] weights near DBL_MAX: bin 9's Σ w overflows, written as 0 with
  ** the flag; read back, the value is the overflow again, and the bytes
  ** the same */
  {
    unsigned char *again = malloc(ce_calibration_bytes(10));
    unsigned char *out = malloc(ce_calibration_bytes(10));
    ce_calibration *back = garbage_calibration(10);
    double v;
    ce_calibration_add(c, 1.0, 0.95, DBL_MAX, +1);
    ce_calibration_add(c, 1.0, 0.97, DBL_MAX, +1);
    check(!isfinite(c->bin[9].weight.sum.hi)
          && ce_calibration_value(c->bin, 10, &v)==CE_OVERFLOW,
          "calibration: two weights of DBL_MAX overflow bin 9",
          c->bin[9].weight.sum.hi, INFINITY);
    ce_calibration_write(c, out);
    check(le64_at(out, 0)>>32==10 && le_f64_at(out, 8 + 9*104 + 8)==0.0,
          "calibration overflow: flag 10 (bin 9), the sum written as 0",
          (double)(le64_at(out, 0)>>32), 10);
    check(ce_calibration_read(out, (int64_t)ce_calibration_bytes(10), back)==1
          && ce_calibration_value(back->bin, 10, &v)==CE_OVERFLOW,
          "calibration overflow read back: the value is the overflow",
          back->n_bins, 10);
    ce_calibration_write(back, again);
    check(memcmp(out, again, ce_calibration_bytes(10))==0,
          "calibration overflow read back: same bytes", 0, 0);
    free(again);
    free(out);
    free(back);
  }
  free(c);

  round_trip_paired("empty", &zero_paired);
  paired_rows(a, b, 51);
  paired_of(&s, a, b, 0, 1);
  round_trip_paired("one row", &s);
  paired_of(&s, a, b, 0, N_ROWS);
  check(s.diff.sum.lo!=0.0 && s.spread.dev_sq.sum.lo!=0.0,
        "paired from data: non-zero low parts", s.diff.sum.lo, 1);
  round_trip_paired("from data", &s);
  for(i=0; i<N_ROWS; i+=3) ce_paired_add(&s, a[i], b[i], -1);
  round_trip_paired("after removals", &s);
  for(i=0; i<N_ROWS; i++) if( i%3!=0 ) ce_paired_add(&s, a[i], b[i], -1);
  check(s.n_rows==0, "paired: every row removed", (double)s.n_rows, 0);
  round_trip_paired("every row removed", &s);

  /* [W4] differences near DBL_MAX: Σ d overflows */
  {
    ce_paired back;
    ce_paired_summary sum;
    unsigned char again[CE_PAIRED_BYTES];
    ce_paired_reset(&s);
    ce_paired_add(&s, DBL_MAX, 0.0, +1);
    ce_paired_add(&s, DBL_MAX, 0.0, +1);
    check(!isfinite(s.diff.sum.hi)
          && ce_paired_summarize(&s, &sum)==CE_OVERFLOW,
          "paired: two differences of DBL_MAX overflow", s.diff.sum.hi,
          INFINITY);
    ce_paired_write(&s, bytes);
    check(le64_at(bytes, 8)==1 && le_f64_at(bytes, 16)==0.0,
          "paired overflow: flag 1 (Σ d), Σ d written as 0",
          (double)le64_at(bytes, 8), 1);
    check(ce_paired_read(bytes, CE_PAIRED_BYTES, &back)==1
          && ce_paired_summarize(&back, &sum)==CE_OVERFLOW,
          "paired overflow read back: the value is the overflow",
          back.diff.sum.hi, INFINITY);
    ce_paired_write(&back, again);
    check(memcmp(bytes, again, sizeof bytes)==0,
          "paired overflow read back: same bytes", 0, 0);
    /* a difference of +Inf (DBL_MAX − −DBL_MAX) is a +Inf term of Σ d and
    ** the shift: flag 1, and Σ d is +Inf read back */
    ce_paired_reset(&s);
    ce_paired_add(&s, DBL_MAX, -DBL_MAX, +1);
    ce_paired_add(&s, 1.0, 0.5, +1);
    ce_paired_write(&s, bytes);
    check((le64_at(bytes, 8) & 2)!=0 && le64_at(bytes, 40)==1
          && le_f64_at(bytes, 48)==0.0,
          "paired +Inf difference: the shift's flag, one +Inf term, shift 0",
          (double)le64_at(bytes, 8), 2);
    check(ce_paired_read(bytes, CE_PAIRED_BYTES, &back)==1
          && ce_paired_summarize(&back, &sum)==CE_OVERFLOW,
          "paired +Inf difference read back: the value is the overflow",
          back.diff.sum.hi, 0);
    ce_paired_write(&back, again);
    check(memcmp(bytes, again, sizeof bytes)==0,
          "paired +Inf difference read back: same bytes", 0, 0);
  }
}

/* ---- the parallel plan -------------------------------------------------- */

static void test_parallel_eval(void){
  static const int cuts[] = {N_ROWS/2, 1, N_ROWS - 7};
  double y[N_ROWS], p[N_ROWS], w[N_ROWS], a[N_ROWS], b[N_ROWS];
  size_t n = ce_calibration_bytes(7);
  unsigned char *bytes = malloc(n);
  char label[120];
  size_t k;
  calibration_rows(y, p, w, 61);
  paired_rows(a, b, 62);
  for(k=0; k<sizeof cuts/sizeof cuts[0]; k++){
    ce_calibration *whole = new_calibration(7), *half = new_calibration(7);
    ce_calibration *ra = garbage_calibration(7), *rb = garbage_calibration(7);
    ce_paired pw, pa, pb, qa, qb;
    ce_paired_summary sw, sm;
    double v_whole = -1.0, v_merged = -2.0;
    int ok;
    calibration_of(whole, y, p, w, 0, N_ROWS);
    calibration_of(half, y, p, w, 0, cuts[k]);
    ce_calibration_write(half, bytes);
    ok = ce_calibration_read(bytes, (int64_t)n, ra);
    calibration_of(half, y, p, w, cuts[k], N_ROWS);
    ce_calibration_write(half, bytes);
    ok = ok && ce_calibration_read(bytes, (int64_t)n, rb)
         && ce_eval_bins_merge(ra->bin, rb->bin, 7, +1);
    ce_calibration_value(whole->bin, 7, &v_whole);
    ce_calibration_value(ra->bin, 7, &v_merged);
    snprintf(label, sizeof label,
             "parallel calibration (cut %d) = serial within 1e-15", cuts[k]);
    check(ok && v_whole>0.0 && fabs(v_merged - v_whole)<=1e-15, label,
          v_merged, v_whole);
    free(whole); free(half); free(ra); free(rb);

    paired_of(&pw, a, b, 0, N_ROWS);
    paired_of(&pa, a, b, 0, cuts[k]);
    paired_of(&pb, a, b, cuts[k], N_ROWS);
    ce_paired_write(&pa, bytes);
    ok = ce_paired_read(bytes, CE_PAIRED_BYTES, &qa);
    ce_paired_write(&pb, bytes);
    ok = ok && ce_paired_read(bytes, CE_PAIRED_BYTES, &qb)
         && ce_paired_merge(&qa, &qb, +1);
    ok = ok && ce_paired_summarize(&pw, &sw)==CE_VALUE
         && ce_paired_summarize(&qa, &sm)==CE_VALUE;
    snprintf(label, sizeof label,
             "parallel paired (cut %d) = serial: mean 1e-15, stderr 1e-13",
             cuts[k]);
    check(ok && sm.n==N_ROWS && fabs(sm.mean_diff - sw.mean_diff)<=1e-15
          && fabs(sm.stderr_diff - sw.stderr_diff)<=1e-13*sw.stderr_diff,
          label, sm.stderr_diff, sw.stderr_diff);
  }
  /* an empty worker's states, through bytes */
  {
    ce_paired zero, r, merged;
    ce_calibration *none = new_calibration(0), *back = garbage_calibration(0);
    ce_paired_reset(&zero);
    paired_of(&merged, a, b, 0, N_ROWS);
    r = merged;
    ce_paired_write(&zero, bytes);
    check(ce_paired_read(bytes, CE_PAIRED_BYTES, &zero)
          && ce_paired_merge(&merged, &zero, +1) && paired_same(&merged, &r),
          "parallel paired: merging an empty worker's state is the identity",
          merged.diff.sum.hi, r.diff.sum.hi);
    ce_calibration_write(none, bytes);
    check(ce_calibration_read(bytes, 8, back)==1 && back->n_bins==0,
          "parallel calibration: a worker of no rows sends 8 bytes, 0 bins",
          back->n_bins, 0);
    free(none);
    free(back);
  }
  free(bytes);
}

/* ---- the byte layout ----------------------------------------------------- */

static void test_layout_eval(void){
  static const double f[] = {
    0x1.23456789abcdfp+3, -0x1.fedcba9876543p-60,
    0x1.8123456789abcp+0, 0x1.0fedcba987654p-53,
    0x1.5e0123456789ap+10, -0x1.3579bdf02468ap-43,
    -0x1.a0b1c2d3e4f57p+1
  };
  unsigned char b[CE_PAIRED_BYTES];
  unsigned char *cb = malloc(ce_calibration_bytes(3));
  ce_calibration *c = new_calibration(3);
  ce_paired s;
  int at;
  check(CE_PAIRED_BYTES==152 && ce_calibration_bytes(10)==1048
        && ce_calibration_bytes(0)==8,
        "state sizes: paired 152, calibration 8 + 104 per bin",
        CE_PAIRED_BYTES, 152);
  c->bin[2].n_rows = 0x1112131415161718ll;
  c->bin[2].weight.sum.hi = f[0];
  c->bin[2].weight.sum.lo = f[1];
  c->bin[2].weight.n_nonzero = 0x0102030405060708ll;
  c->bin[2].prob.sum.hi = f[2];
  c->bin[2].prob.n_nonzero = 3;
  c->bin[2].label.sum.hi = f[4];
  c->bin[2].label.sum.lo = f[5];
  c->bin[2].label.n_nonzero = 2;
  ce_calibration_write(c, cb);
  at = 8 + 2*104;
  check(cb[0]==3 && cb[1]==0 && cb[2]==0 && cb[3]==0,
        "calibration: n_bins at 0, an int32, least significant byte first",
        cb[0], 3);
  check(le64_at(cb, 0)>>32==0, "calibration: overflow flag 0 at 4",
        (double)(le64_at(cb, 0)>>32), 0);
  check(le64_at(cb, at)==(uint64_t)c->bin[2].n_rows,
        "calibration: bin 2's rows at 216", (double)le64_at(cb, at),
        (double)c->bin[2].n_rows);
  check(le_f64_at(cb, at + 8)==f[0] && le_f64_at(cb, at + 16)==f[1]
        && le64_at(cb, at + 24)==(uint64_t)c->bin[2].weight.n_nonzero
        && le64_at(cb, at + 32)==0,
        "calibration: bin 2's Σ w at 224", le_f64_at(cb, at + 8), f[0]);
  check(le_f64_at(cb, at + 40)==f[2] && le64_at(cb, at + 56)==3,
        "calibration: bin 2's Σ w·p at 256", le_f64_at(cb, at + 40), f[2]);
  check(le_f64_at(cb, at + 72)==f[4] && le_f64_at(cb, at + 80)==f[5]
        && le64_at(cb, at + 88)==2,
        "calibration: bin 2's Σ w·y at 288", le_f64_at(cb, at + 72), f[4]);
  check(le64_at(cb, 8)==0 && le64_at(cb, 8 + 104)==0,
        "calibration: bins 0 and 1 empty", (double)le64_at(cb, 8), 0);
  round_trip_calibration("every mantissa bit", c);
  free(c);
  free(cb);

  ce_paired_reset(&s);
  s.n_rows = 0x0A0B0C0D0E0F1011ll;
  s.diff.sum.hi = f[0];           s.diff.sum.lo = f[1];
  s.diff.n_nonzero = 0x0102030405060708ll;
  s.diff.n_inf = 5;
  s.spread.shift = f[6];
  s.spread.weight.sum.hi = f[2];  s.spread.weight.n_nonzero = s.n_rows;
  s.spread.dev.sum.hi = f[4];     s.spread.dev.sum.lo = f[5];
  s.spread.dev.n_nonzero = 7;
  s.spread.dev_sq.sum.hi = f[3];  s.spread.dev_sq.n_nonzero = 9;
  s.spread.dev_sq.n_inf = 1;
  ce_paired_write(&s, b);
  check(le64_at(b, 0)==(uint64_t)s.n_rows && b[0]==0x11 && b[7]==0x0A,
        "paired: n_rows at 0", (double)le64_at(b, 0), (double)s.n_rows);
  check(le64_at(b, 8)==0, "paired: overflow flag 0 at 8",
        (double)le64_at(b, 8), 0);
  check(le_f64_at(b, 16)==f[0] && le_f64_at(b, 24)==f[1]
        && le64_at(b, 32)==(uint64_t)s.diff.n_nonzero && le64_at(b, 40)==5,
        "paired: Σ d at 16", le_f64_at(b, 16), f[0]);
  check(le_f64_at(b, 48)==f[6], "paired: the shift at 48", le_f64_at(b, 48),
        f[6]);
  check(le_f64_at(b, 56)==f[2] && le64_at(b, 72)==(uint64_t)s.n_rows,
        "paired: Σ v at 56", le_f64_at(b, 56), f[2]);
  check(le_f64_at(b, 88)==f[4] && le_f64_at(b, 96)==f[5]
        && le64_at(b, 104)==7,
        "paired: Σ v(d − K) at 88", le_f64_at(b, 88), f[4]);
  check(le_f64_at(b, 120)==f[3] && le64_at(b, 136)==9 && le64_at(b, 144)==1,
        "paired: Σ v(d − K)² at 120", le_f64_at(b, 120), f[3]);
  round_trip_paired("every mantissa bit, large counts", &s);
}

/* ---- [W2][W3][W4] refusals ---------------------------------------------- */

static void test_refuse_calibration(void){
  enum { BINS = 4 };
  double y[N_ROWS], p[N_ROWS], w[N_ROWS];
  int64_t n = (int64_t)ce_calibration_bytes(BINS);
  size_t big_n = ce_calibration_bytes(CE_CALIBRATION_MAX_BINS + 1);
  /* room for the longer lengths the refusals claim */
  unsigned char *good = calloc(1, (size_t)n + 104);
  unsigned char *b = malloc((size_t)n + 104);
  unsigned char *big = calloc(1, big_n);
  ce_calibration *c = new_calibration(BINS);
  int k;
  char name[100];
  calibration_rows(y, p, w, 71);
  calibration_of(c, y, p, w, 0, N_ROWS);
  ce_calibration_write(c, good);
  for(k=0; k<BINS; k++){
    if( c->bin[k].weight.n_nonzero<2 || c->bin[k].prob.n_nonzero<1 ){
      printf("FAILED calibration refusals: bin %d of the base state is thin\n",
             k);
      n_fail++;
    }
  }
  accepted_calibration("the base state", good, n);

  refused_calibration("7 bytes", good, 7, 0);
  refused_calibration("0 bytes", good, 0, 0);
  refused_calibration("-8 bytes", good, -8, 0);
  refused_calibration("one byte short", good, n - 1, 0);
  refused_calibration("one byte more", good, n + 1, 0);
  refused_calibration("a bin more", good, n + 104, 0);
  memcpy(b, good, (size_t)n);
  patch_i32(b, 0, BINS - 1);
  refused_calibration("n_bins one less than the bins", b, n, 0);
  patch_i32(b, 0, -1);
  refused_calibration("n_bins -1", b, n, 0);
  patch_i32(b, 0, INT32_MIN);
  refused_calibration("n_bins INT32_MIN", b, 8, 0);
  patch_i32(b, 0, 0);
  refused_calibration("n_bins 0 with bins after it", b, n, 0);
  refused_calibration("n_bins 0, 9 bytes", b, 9, 0);
  patch_i32(big, 0, CE_CALIBRATION_MAX_BINS + 1);
  refused_calibration("10001 bins, the length of 10001", big, (int64_t)big_n,
                      0);
  patch_i32(big, 0, CE_CALIBRATION_MAX_BINS);
  accepted_calibration("10000 empty bins", big,
                       (int64_t)ce_calibration_bytes(CE_CALIBRATION_MAX_BINS));
  memset(big, 0, 8);
  accepted_calibration("no bins", big, 8);
  patch_i32(big, 4, 1);
  refused_calibration("no bins, overflow flag 1", big, 8, 0);

#define PATCHED(kind, what, off, v) \
  memcpy(b, good, (size_t)n); patch_##kind(b, off, v); \
  refused_calibration(what, b, n, BINS)
  PATCHED(i32, "overflow flag past the last bin", 4, BINS + 1);
  PATCHED(i32, "overflow flag -1", 4, -1);
  /* each field of the first and the last bin */
  for(k=0; k<BINS; k+=BINS - 1){
    int at = 8 + 104*k, s;
    static const char *sums[] = {"Σ w", "Σ w·p", "Σ w·y"};
    snprintf(name, sizeof name, "bin %d: negative rows", k);
    PATCHED(i64, name, at, -1);
    snprintf(name, sizeof name, "bin %d: rows INT64_MIN", k);
    PATCHED(i64, name, at, INT64_MIN);
    snprintf(name, sizeof name, "bin %d: fewer rows than weighted terms", k);
    PATCHED(i64, name, at, c->bin[k].weight.n_nonzero - 1);
    snprintf(name, sizeof name, "bin %d: more Σ w·p terms than Σ w's", k);
    PATCHED(i64, name, at + 56, c->bin[k].weight.n_nonzero + 1);
    snprintf(name, sizeof name, "bin %d: more Σ w·y terms than Σ w's", k);
    PATCHED(i64, name, at + 88, c->bin[k].weight.n_nonzero + 1);
    for(s=0; s<3; s++){
      int sum = at + 8 + 32*s;
      snprintf(name, sizeof name, "bin %d: %s NaN high part", k, sums[s]);
      PATCHED(f64, name, sum, NAN);
      snprintf(name, sizeof name, "bin %d: %s +Inf high part", k, sums[s]);
      PATCHED(f64, name, sum, INFINITY);
      snprintf(name, sizeof name, "bin %d: %s -Inf high part", k, sums[s]);
      PATCHED(f64, name, sum, -INFINITY);
      snprintf(name, sizeof name, "bin %d: %s NaN low part", k, sums[s]);
      PATCHED(f64, name, sum + 8, NAN);
      snprintf(name, sizeof name, "bin %d: %s Inf low part", k, sums[s]);
      PATCHED(f64, name, sum + 8, INFINITY);
      snprintf(name, sizeof name, "bin %d: %s negative terms", k, sums[s]);
      PATCHED(i64, name, sum + 16, -1);
      snprintf(name, sizeof name, "bin %d: %s a +Inf term", k, sums[s]);
      PATCHED(i64, name, sum + 24, 1);
      snprintf(name, sizeof name, "bin %d: %s negative +Inf terms", k,
               sums[s]);
      PATCHED(i64, name, sum + 24, -1);
      /* no terms but a non-zero sum, or an empty sum of -0.0 */
      memcpy(b, good, (size_t)n);
      patch_i64(b, sum + 16, 0);
      if( s==0 ) memset(b + at + 40, 0, 64);   /* no w, so no w·p, w·y */
      snprintf(name, sizeof name, "bin %d: %s non-zero with no terms", k,
               sums[s]);
      refused_calibration(name, b, n, BINS);
      patch_f64(b, sum, -0.0);
      patch_f64(b, sum + 8, 0.0);
      snprintf(name, sizeof name, "bin %d: %s -0.0 with no terms", k,
               sums[s]);
      refused_calibration(name, b, n, BINS);
      patch_f64(b, sum, 0.0);
      snprintf(name, sizeof name, "bin %d: %s emptied: +0.0, no terms", k,
               sums[s]);
      accepted_calibration(name, b, n);
    }
  }
#undef PATCHED
  /* [W4] the flag on a state with a weighed bin: read as an overflow */
  {
    ce_calibration *r = garbage_calibration(BINS);
    double v;
    memcpy(b, good, (size_t)n);
    patch_i32(b, 4, 1);
    check(ce_calibration_read(b, n, r)==1
          && r->bin[0].weight.sum.hi==INFINITY
          && ce_calibration_value(r->bin, BINS, &v)==CE_OVERFLOW,
          "calibration: overflow flag 1 reads as the overflow, in bin 0",
          r->bin[0].weight.sum.hi, INFINITY);
    patch_i32(b, 4, BINS);
    check(ce_calibration_read(b, n, r)==1
          && r->bin[BINS - 1].weight.sum.hi==INFINITY
          && ce_calibration_value(r->bin, BINS, &v)==CE_OVERFLOW,
          "calibration: overflow flag 4 reads as the overflow, in bin 3",
          r->bin[BINS - 1].weight.sum.hi, INFINITY);
    /* a bin with no weight, or only empty bins: it stands for nothing */
    memset(b + 8 + 104 + 8, 0, 96);
    patch_i32(b, 4, 2);
    refused_calibration("overflow flag naming a bin of no weight", b, n,
                        BINS);
    memset(b + 8, 0, (size_t)n - 8);
    patch_i32(b, 4, 1);
    refused_calibration("overflow flag 1 on empty bins", b, n, BINS);
    patch_i32(b, 4, 0);
    accepted_calibration("empty bins", b, n);
    free(r);
  }
  free(good);
  free(b);
  free(big);
  free(c);
}

static void test_refuse_paired(void){
  double a[N_ROWS], d[N_ROWS];
  unsigned char good[CE_PAIRED_BYTES + 8], empty[CE_PAIRED_BYTES];
  unsigned char b[CE_PAIRED_BYTES + 8];
  ce_paired s;
  int k;
  char name[100];
  static const char *sums[] = {
    "Σ d", "Σ v", "Σ v(d − K)", "Σ v(d − K)²"
  };
  static const int at[] = {16, 56, 88, 120};
  memset(good, 0, sizeof good);
  paired_rows(a, d, 81);
  paired_of(&s, a, d, 0, 20);
  ce_paired_write(&s, good);
  ce_paired_reset(&s);
  ce_paired_write(&s, empty);
  accepted_paired("the base state", good);
  accepted_paired("the empty state", empty);

  refused_paired("151 bytes", good, 151);
  refused_paired("153 bytes", good, 153);
  refused_paired("0 bytes", good, 0);
  refused_paired("40 bytes (a total's length)", good, CE_TOTAL_BYTES);
  refused_paired("-152 bytes", good, -152);

#define PATCHED(kind, what, off, v) \
  memcpy(b, good, sizeof b); patch_##kind(b, off, v); \
  refused_paired(what, b, CE_PAIRED_BYTES)
  PATCHED(i64, "negative n_rows", 0, -1);
  PATCHED(i64, "n_rows INT64_MIN", 0, INT64_MIN);
  PATCHED(i64, "n_rows one less than Σ v's terms", 0, 19);
  PATCHED(i64, "n_rows one more than Σ v's terms", 0, 21);
  PATCHED(i64, "overflow flag 32 (no such part)", 8, 32);
  PATCHED(i64, "overflow flag -1", 8, -1);
  memcpy(b, good, sizeof b);
  patch_i64(b, 8, 2);
  patch_f64(b, 48, 0.5);
  refused_paired("overflow flag 2 (the shift), a shift not 0", b,
                 CE_PAIRED_BYTES);
  PATCHED(f64, "NaN shift", 48, NAN);
  PATCHED(f64, "+Inf shift", 48, INFINITY);
  PATCHED(f64, "-Inf shift", 48, -INFINITY);
  PATCHED(i64, "Σ v with one term too few", 72, 19);
  PATCHED(i64, "Σ v with a +Inf term", 80, 1);
  for(k=0; k<4; k++){
    snprintf(name, sizeof name, "%s NaN high part", sums[k]);
    PATCHED(f64, name, at[k], NAN);
    snprintf(name, sizeof name, "%s +Inf high part", sums[k]);
    PATCHED(f64, name, at[k], INFINITY);
    snprintf(name, sizeof name, "%s NaN low part", sums[k]);
    PATCHED(f64, name, at[k] + 8, NAN);
    snprintf(name, sizeof name, "%s -Inf low part", sums[k]);
    PATCHED(f64, name, at[k] + 8, -INFINITY);
    snprintf(name, sizeof name, "%s negative terms", sums[k]);
    PATCHED(i64, name, at[k] + 16, -1);
    snprintf(name, sizeof name, "%s more terms than rows", sums[k]);
    PATCHED(i64, name, at[k] + 16, 21);
    snprintf(name, sizeof name, "%s negative +Inf terms", sums[k]);
    PATCHED(i64, name, at[k] + 24, -1);
    snprintf(name, sizeof name, "%s more terms and +Inf terms than rows",
             sums[k]);
    PATCHED(i64, name, at[k] + 24, 21 - (int64_t)le64_at(good, at[k] + 16));
    memcpy(b, good, sizeof b);
    patch_i64(b, at[k] + 16, 0);
    snprintf(name, sizeof name, "%s non-zero with no terms", sums[k]);
    refused_paired(name, b, CE_PAIRED_BYTES);
  }
#undef PATCHED
#define EMPTY_WITH(kind, what, off, v) \
  memcpy(b, empty, CE_PAIRED_BYTES); patch_##kind(b, off, v); \
  refused_paired(what, b, CE_PAIRED_BYTES)
  EMPTY_WITH(f64, "n_rows 0, shift 1", 48, 1.0);
  EMPTY_WITH(f64, "n_rows 0, shift -0.0", 48, -0.0);
  EMPTY_WITH(i64, "n_rows 0, overflow flag 1", 8, 1);
  EMPTY_WITH(i64, "n_rows 0, Σ d +Inf terms", 40, 1);
#undef EMPTY_WITH
  /* the +Inf terms a difference of +Inf makes are possible */
  memcpy(b, good, sizeof b);
  patch_i64(b, 40, 20 - (int64_t)le64_at(good, 32));
  accepted_paired("Σ d: terms and +Inf terms = rows", b);
  /* [W4] the flag: Σ d holds terms, so it reads as the overflow; on a Σ d
  ** of no terms and no +Inf term (every d 0) it stands for nothing */
  {
    ce_paired r;
    ce_paired_summary sum;
    memcpy(b, good, sizeof b);
    patch_i64(b, 8, 1);
    check(ce_paired_read(b, CE_PAIRED_BYTES, &r)==1
          && r.diff.sum.hi==INFINITY
          && ce_paired_summarize(&r, &sum)==CE_OVERFLOW,
          "paired: overflow flag 1 reads as the overflow", r.diff.sum.hi,
          INFINITY);
    ce_paired_reset(&s);
    ce_paired_add(&s, 1.0, 1.0, +1);
    ce_paired_add(&s, 2.0, 2.0, +1);
    ce_paired_write(&s, b);
    accepted_paired("every d 0", b);
    patch_i64(b, 8, 1);
    refused_paired("every d 0, overflow flag 1", b, CE_PAIRED_BYTES);
    /* each part named, on a state whose parts all hold terms: +Inf read
    ** back, the overflow again, the same bytes written again */
    for(k=0; k<5; k++){
      memcpy(b, good, sizeof b);
      patch_i64(b, 8, 1 << k);
      if( k==1 ){
        patch_f64(b, 48, 0.0);
      }else{                      /* both parts, as the writer zeroes them */
        patch_f64(b, k==0 ? 16 : at[k - 1], 0.0);
        patch_f64(b, (k==0 ? 16 : at[k - 1]) + 8, 0.0);
      }
      snprintf(name, sizeof name, "overflow flag %d", 1 << k);
      accepted_paired(name, b);
      check(ce_paired_read(b, CE_PAIRED_BYTES, &r)==1
            && ce_paired_summarize(&r, &sum)==CE_OVERFLOW,
            name, r.spread.shift, INFINITY);
    }
    memcpy(b, good, sizeof b);
    patch_i64(b, 8, 2);
    patch_f64(b, 48, -0.0);
    refused_paired("overflow flag 2 (the shift), a shift of -0.0", b,
                   CE_PAIRED_BYTES);
  }
}

int main(void){
  test_round_trip();
  test_parallel_total();
  test_parallel_softmax();
  test_layout();
  test_refuse_total();
  test_refuse_softmax();
  test_round_trip_eval();
  test_parallel_eval();
  test_layout_eval();
  test_refuse_calibration();
  test_refuse_paired();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
