/*
** partial_state_test.c — unit tests of the partial states that PostgreSQL's
** parallel workers pass to each other (ext/core/partial_state.h: ce_total
** of categorical_ce, 40 bytes, and ce_softmax of softmax_ce, 72 bytes)
** alone, with no SQLite: [W1] a state written and read back is the same to
** the bit; the parallel plan (halves written, read and merged) gives the
** serial value; the documented little-endian layout; and [W2][W3] every
** impossible state refused, leaving a zero state. Prints "N passed, N failed".
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "kernels.h"
#include "le_bytes.h"
#include "logit_kernels.h"
#include "partial_state.h"
#include "state.h"

static int n_pass, n_fail;

static void check(int ok, const char *name, double got, double expected){
  if( ok ){
    n_pass++;
  }else{
    n_fail++;
    printf("FAILED %s: got %.17g, expected %.17g\n", name, got, expected);
  }
}

/* splitmix64: a fixed stream of pseudo-random numbers, and one in [0,1). */
static uint64_t next_random(uint64_t *state){
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z>>30))*0xBF58476D1CE4E5B9ull;
  z = (z ^ (z>>27))*0x94D049BB133111EBull;
  return z ^ (z>>31);
}
static double uniform_random(uint64_t *state){
  return (double)(next_random(state)>>11)*0x1.0p-53;
}

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

int main(void){
  test_round_trip();
  test_parallel_total();
  test_parallel_softmax();
  test_layout();
  test_refuse_total();
  test_refuse_softmax();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
