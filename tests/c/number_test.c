/*
** number_test.c — the JSON reader's conversion of numbers (json_number.c,
** rules [V5]..[V8] of vector.h, through its reader) against glibc's strtod, which rounds correctly, on
** over 10,000,000 decimal strings: each must read as the very same double,
** bit for bit (so -0.0 is not +0.0), and one that overflows must be
** CE_VEC_NOT_FINITE ([V2]) with the infinity strtod gives. The strings come
** from fixed splitmix64 streams (unit.h), so every run tests the same ones:
**
**   1. random significands of 1..19 digits, a point or none, exponents that
**      put the value anywhere in 1e-330..1e310 (subnormals, underflow to 0,
**      overflow), either sign;
**   2. random doubles (any finite bits, uniform and log-uniform
**      probabilities) printed with %.17g, %.16g and %.15g, read 1000 to an
**      array "[a, b, ...]";
**   3. the exact halfway point between two neighbouring doubles, written out
**      in full by a small big-integer conversion (exact_decimal), and strings
**      just below and just above it; halfway integers between 2^53 and 2^64;
**   4. long numbers, 20 to 400 characters (the reader's limit), and 401
**      characters, which the reader refuses (CE_VEC_NOT_NUMBER);
**   5. edge literals: zeros of both signs, DBL_MAX, DBL_MIN, the subnormals
**      and the halfway points at the ends of the range;
**   6. the fast path itself (ce_decimal_fast): that it takes every 15 to
**      17-digit probability, as json.dumps writes them, and the exact
**      values (0.5, 0.25), so their speed does not rest on strtod; that it
**      leaves exact ties and out-of-range exponents to strtod; and that no
**      rounding mode changes what is read [V6].
**
** The generators check themselves: a halfway string must read (by strtod)
** as the even neighbour and those beside it as the lower and upper one, and
** each class must reach its count and the ranges it is meant to reach, so a
** broken generator cannot pass vacuously. The test runs in the "C" locale.
** Prints "N passed, N failed".
**
** Build: make build/number_test (the core's .c files, -lm)
*/
#include <fenv.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_number.h"
#include "vector.h"
#include "unit.h"

/* A longer number is refused [V7]. */
#define NUMBER_CHARS CE_MAX_NUMBER_CHARS
/* Longer than any string made: 2^-1075 written out is 758 characters. */
#define TEXT_MAX 1200

/* How many strings each class compares (their sum is at least 10^7). */
#define RANDOM_COUNT    3600000    /* class 1 */
#define PRINTED_DOUBLES 1000000    /* class 2: 3 strings each */
#define ARRAY_SIZE      1000
#define HALFWAY_DOUBLES 500000     /* class 3: 3 strings each */
#define HALFWAY_INTS    300000     /* class 3: 7 strings each */
#define LONG_COUNT      400000     /* class 4 */
#define MIN_TOTAL       10000000

/* One way a string went wrong: how often, and the first time. */
typedef struct failure {
  int64_t count;
  char text[TEXT_MAX];
  int got_status, want_status;
  double got, want;
} failure;

typedef struct number_class {
  const char *name;
  int64_t compared;
  /* what strtod made of the strings: the ranges a class must reach */
  int64_t zero, subnormal, normal, overflow, refused, at_limit;
  failure mismatch;         /* the reader differs from strtod */
  failure generator;        /* a string is not what its generator meant */
} number_class;

static int64_t total_compared;

static int same_bits(double a, double b){
  return memcmp(&a, &b, sizeof a)==0;
}

static uint64_t bits_of(double x){
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

static double double_of(uint64_t b){
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
}

static void note_failure(failure *f, const char *text, size_t n,
                         int got_status, double got,
                         int want_status, double want){
  if( f->count++==0 ){
    if( n>=TEXT_MAX ) n = TEXT_MAX - 1;
    memcpy(f->text, text, n);
    f->text[n] = 0;
    f->got_status = got_status;
    f->got = got;
    f->want_status = want_status;
    f->want = want;
  }
}

static void print_failure(const char *name, const char *what,
                          const failure *f, int64_t of){
  printf("  %s: %lld of %lld %s; the first, %d characters:\n    \"%s\"\n"
         "    read: status %d, %.17g (bits %016llx)\n"
         "    want: status %d, %.17g (bits %016llx)\n",
         name, (long long)f->count, (long long)of, what, (int)strlen(f->text),
         f->text, f->got_status, f->got, (unsigned long long)bits_of(f->got),
         f->want_status, f->want, (unsigned long long)bits_of(f->want));
}

/*
** strtod's reading of the n characters at text (which a character that is
** not part of a number follows), and the reader's status that goes with it:
** refused when too long, not finite when it overflows. Counts the ranges.
*/
static double oracle(number_class *c, const char *text, size_t n,
                     int *status){
  char *end;
  double want = strtod(text, &end);
  if( end!=text+n ){
    note_failure(&c->generator, text, n, 0, 0.0, 0, want);
  }
  if( n>NUMBER_CHARS ){
    *status = CE_VEC_NOT_NUMBER;
    c->refused++;
    return want;
  }
  if( n==NUMBER_CHARS ) c->at_limit++;
  if( isinf(want) ){
    *status = CE_VEC_NOT_FINITE;
    c->overflow++;
  }else{
    *status = CE_VEC_ELEMENT;
    if( want==0.0 ) c->zero++;
    else if( fabs(want)<DBL_MIN ) c->subnormal++;
    else c->normal++;
  }
  return want;
}

/* The number text (NUL-terminated) read alone, "[text]"; returns strtod's. */
static double compare_one(number_class *c, const char *text){
  char json[TEXT_MAX + 4];
  size_t n = strlen(text);
  ce_vec_reader r;
  double want, got = 0.0, after;
  int want_status, status;
  want = oracle(c, text, n, &want_status);
  json[0] = '[';
  memcpy(json + 1, text, n);
  json[n + 1] = ']';
  status = ce_vec_open(&r, CE_VEC_JSON, json, (int64_t)n + 2);
  if( status==CE_VEC_END ) status = ce_vec_next(&r, &got);
  if( status==CE_VEC_NOT_FINITE ) got = r.bad;
  if( status==CE_VEC_NOT_NUMBER ) got = 0.0;
  c->compared++;
  if( status!=want_status
   || (status!=CE_VEC_NOT_NUMBER && !same_bits(got, want))
   || (status==CE_VEC_ELEMENT && ce_vec_next(&r, &after)!=CE_VEC_END) ){
    note_failure(&c->mismatch, text, n, status, got, want_status, want);
  }
  return want;
}

/*
** count numbers read in one array, json (len bytes); number i is the size[i]
** characters at json + start[i]. Every one must be finite to strtod.
*/
static void compare_array(number_class *c, const char *json, size_t len,
                          const size_t *start, const size_t *size, int count,
                          double *want){
  ce_vec_reader r;
  double got;
  int i, status;
  for(i=0; i<count; i++){
    want[i] = oracle(c, json + start[i], size[i], &status);
    if( status!=CE_VEC_ELEMENT ){
      note_failure(&c->generator, json + start[i], size[i], status, 0.0,
                   CE_VEC_ELEMENT, want[i]);
    }
  }
  status = ce_vec_open(&r, CE_VEC_JSON, json, (int64_t)len);
  for(i=0; i<count && status==CE_VEC_END; i++){
    got = 0.0;
    status = ce_vec_next(&r, &got);
    c->compared++;
    if( status!=CE_VEC_ELEMENT || !same_bits(got, want[i]) ){
      note_failure(&c->mismatch, json + start[i], size[i],
                   status, status==CE_VEC_NOT_FINITE ? r.bad : got,
                   CE_VEC_ELEMENT, want[i]);
    }
    if( status==CE_VEC_ELEMENT ) status = CE_VEC_END;
  }
  if( status==CE_VEC_END ) status = ce_vec_next(&r, &got);
  if( status!=CE_VEC_END || r.index!=count ){
    note_failure(&c->mismatch, "(the end of an array)", 21, status,
                 (double)r.index, CE_VEC_END, (double)count);
  }
}

/* Each class's checks: no mismatch, no bad string, its full count. */
static void report(number_class *c, int64_t planned){
  char name[200];
  if( c->mismatch.count ){
    print_failure(c->name, "differ from strtod", &c->mismatch, c->compared);
  }
  snprintf(name, sizeof name, "%s: the reader equals strtod", c->name);
  check(c->mismatch.count==0, name, c->mismatch.got, c->mismatch.want);
  if( c->generator.count ){
    print_failure(c->name, "strings not what the generator meant",
                  &c->generator, c->compared);
  }
  snprintf(name, sizeof name, "%s: the generator's own checks", c->name);
  check(c->generator.count==0, name, c->generator.got, c->generator.want);
  snprintf(name, sizeof name, "%s: compared %lld strings", c->name,
           (long long)planned);
  check(c->compared==planned, name, (double)c->compared, (double)planned);
  if( c->mismatch.count || c->generator.count || c->compared!=planned ){
    printf("  %s: %lld strings (%lld zero, %lld subnormal, %lld normal, "
           "%lld overflow, %lld refused; %lld of 400 characters)\n",
           c->name, (long long)c->compared, (long long)c->zero,
           (long long)c->subnormal, (long long)c->normal,
           (long long)c->overflow, (long long)c->refused,
           (long long)c->at_limit);
  }
  total_compared += c->compared;
}

/* A range the class must have reached: at least min strings in it. */
static void check_reached(const number_class *c, const char *range,
                          int64_t got, int64_t min){
  char name[200];
  snprintf(name, sizeof name, "%s: at least %lld strings %s", c->name,
           (long long)min, range);
  check(got>=min, name, (double)got, (double)min);
}

static char random_digit(uint64_t *s){
  return (char)('0' + next_random(s)%10);
}

static char random_nonzero_digit(uint64_t *s){
  return (char)('1' + next_random(s)%9);
}

/* Writes the exponent e after a number: 'e' or 'E', '+' or not, a leading
** zero or not, as the bits of style say. */
static char *write_exponent(char *p, int e, uint64_t style){
  char digits[16];
  int n = 0;
  unsigned v = (unsigned)(e<0 ? -e : e);
  *p++ = style&1 ? 'E' : 'e';
  if( e<0 ) *p++ = '-';
  else if( style&2 ) *p++ = '+';
  if( (style&12)==12 ) *p++ = '0';
  do{ digits[n++] = (char)('0' + v%10); v /= 10; }while( v );
  while( n ) *p++ = digits[--n];
  return p;
}

/* ---------------------------------------------------------------------------
** Exact decimal expansions.
*/

/*
** The exact value m·2^e (m < 2^63) as decimal digits: writes them to digits
** (no leading zero, no trailing zero, NUL-terminated) and returns how many;
** *exp10 is set so that the value is digits × 10^*exp10. The big integer is
** m·2^e (e >= 0) or m·5^-e (e < 0, then *exp10 = e before the trailing zeros
** go) in base 10^9, least significant limb first.
*/
#define LIMBS 128               /* 10^1152: m·5^1075 has 768 digits */
static int exact_decimal(uint64_t m, int e, char *digits, int *exp10){
  uint32_t limb[LIMBS];
  int n = 0, i, k, step;
  int len = 0;
  uint64_t factor;
  *exp10 = 0;
  if( m==0 ){ digits[0] = '0'; digits[1] = 0; return 1; }
  while( m ){ limb[n++] = (uint32_t)(m%1000000000u); m /= 1000000000u; }
  k = e<0 ? -e : e;
  if( e<0 ) *exp10 = e;
  while( k>0 ){
    uint64_t carry = 0;
    if( e>=0 ){                     /* limb·2^28 + carry < 2^58 */
      step = k<28 ? k : 28;
      factor = (uint64_t)1<<step;
    }else{                          /* limb·5^13 + carry < 2^61 */
      step = k<13 ? k : 13;
      for(factor=1, i=0; i<step; i++) factor *= 5;
    }
    k -= step;
    for(i=0; i<n; i++){
      uint64_t v = (uint64_t)limb[i]*factor + carry;
      limb[i] = (uint32_t)(v%1000000000u);
      carry = v/1000000000u;
    }
    while( carry ){ limb[n++] = (uint32_t)(carry%1000000000u); carry /= 1000000000u; }
  }
  len = sprintf(digits, "%u", (unsigned)limb[n - 1]);
  for(i=n-2; i>=0; i--) len += sprintf(digits + len, "%09u", (unsigned)limb[i]);
  while( len>1 && digits[len - 1]=='0' ){ len--; (*exp10)++; }
  digits[len] = 0;
  return len;
}

/* The length write_decimal gives in positional form. */
static int positional_length(int negative, int n, int x){
  if( x>=0 ) return negative + n + x;
  if( n + x>0 ) return negative + n + 1;
  return negative + 2 + (-(n + x)) + n;
}

/*
** Writes the digits d[0..n-1] × 10^x: in positional form (1234.5, 0.00012,
** 12300) or scientific (1.2345e3, with the exponent written as style says).
** Returns the length.
*/
static int write_decimal(char *out, int negative, const char *d, int n, int x,
                         int positional, uint64_t style){
  char *p = out;
  int i;
  if( negative ) *p++ = '-';
  if( positional ){
    if( x>=0 ){
      memcpy(p, d, (size_t)n); p += n;
      for(i=0; i<x; i++) *p++ = '0';
    }else if( n + x>0 ){
      memcpy(p, d, (size_t)(n + x)); p += n + x;
      *p++ = '.';
      memcpy(p, d + n + x, (size_t)-x); p += -x;
    }else{
      *p++ = '0'; *p++ = '.';
      for(i=0; i<-(n + x); i++) *p++ = '0';
      memcpy(p, d, (size_t)n); p += n;
    }
  }else{
    *p++ = d[0];
    if( n>1 ){
      *p++ = '.';
      memcpy(p, d + 1, (size_t)(n - 1)); p += n - 1;
    }
    p = write_exponent(p, x + n - 1, style);
  }
  *p = 0;
  return (int)(p - out);
}

/* Adds one unit in the last place of d[0..n-1] × 10^*x (a carry out of the
** first digit makes 10..0, written as 1 and *x one higher). */
static void increment_digits(char *d, int n, int *x){
  int i = n - 1;
  while( i>=0 && d[i]=='9' ) d[i--] = '0';
  if( i>=0 ){
    d[i]++;
  }else{
    d[0] = '1';
    (*x)++;
  }
}

/* The generator's own check that strtod read text as expected. */
static void check_oracle(number_class *c, const char *text, double read,
                         double expected){
  if( !same_bits(read, expected) ){
    note_failure(&c->generator, text, strlen(text), 0, read, 0, expected);
  }
}

/* ---------------------------------------------------------------------------
** 1. Random significands of 1..19 digits, values in 1e-330..1e310.
*/
static int random_decimal(uint64_t *s, char *out){
  char *p = out;
  uint64_t z = next_random(s);
  int digits = 1 + (int)(z%19), form = (int)((z>>5)%8);
  int t, lead, i;
  if( (z>>8)&1 ) *p++ = '-';
  switch( (z>>9)%5 ){                   /* the value is about 10^t */
    case 0: case 1: t = -330 + (int)((z>>12)%641); break;   /* everywhere */
    case 2: t = -330 + (int)((z>>12)%36); break;   /* subnormals, 0, DBL_MIN */
    case 3: t = 295 + (int)((z>>12)%16); break;    /* DBL_MAX, overflow */
    default: t = -30 + (int)((z>>12)%31); break;   /* probabilities */
  }
  if( form==0 ){                        /* 0.000ddd */
    int zeros = (int)((z>>24)%6);
    *p++ = '0'; *p++ = '.';
    for(i=0; i<zeros; i++) *p++ = '0';
    for(i=0; i<digits; i++) *p++ = i ? random_digit(s) : random_nonzero_digit(s);
    lead = -zeros - 1;
  }else{
    /* digits before the point: any split, or no point at all */
    int point = form<=4 && digits>1 ? 1 + (int)((z>>24)%(uint64_t)(digits - 1))
                                    : digits;
    for(i=0; i<digits; i++){
      if( i==point ) *p++ = '.';
      *p++ = i ? random_digit(s) : random_nonzero_digit(s);
    }
    lead = point - 1;
  }
  if( (z>>32)%8!=0 ){                   /* else no exponent: about 10^lead */
    p = write_exponent(p, t - lead, z>>40);
  }
  *p = 0;
  return (int)(p - out);
}

static void test_random_decimals(void){
  static number_class c = {.name = "1. random 1..19 digits, 1e-330..1e310"};
  uint64_t state = 0x6E756D6265723031ull;
  char text[64];
  int64_t i;
  for(i=0; i<RANDOM_COUNT; i++){
    random_decimal(&state, text);
    compare_one(&c, text);
  }
  report(&c, RANDOM_COUNT);
  check_reached(&c, "that underflow to 0", c.zero, RANDOM_COUNT/200);
  check_reached(&c, "subnormal", c.subnormal, RANDOM_COUNT/200);
  check_reached(&c, "that overflow", c.overflow, RANDOM_COUNT/200);
  check_reached(&c, "normal", c.normal, RANDOM_COUNT/2);
}

/* ---------------------------------------------------------------------------
** 2. Random doubles printed with %.17g, %.16g and %.15g, 1000 to an array.
*/
static void test_printed_doubles(void){
  static number_class c = {.name = "2. doubles printed %.17g %.16g %.15g"};
  static const char *formats[] = {"%.17g", "%.16g", "%.15g"};
  static char json[ARRAY_SIZE*40 + 4];
  static size_t start[ARRAY_SIZE], size[ARRAY_SIZE];
  static double want[ARRAY_SIZE];
  uint64_t state = 0x6E756D6265723032ull;
  char text[64];
  size_t len = 1;
  int in_array = 0, f, bad_print = 0;
  int64_t i;
  json[0] = '[';
  for(i=0; i<PRINTED_DOUBLES; i++){
    uint64_t z = next_random(&state);
    double x;
    switch( i%3 ){
      case 0:  x = double_of(z & 0x7FEFFFFFFFFFFFFFull); break; /* any finite */
      case 1:  x = (double)(z>>11)*0x1.0p-53; break;            /* [0,1) */
      default: x = pow(10.0, -330.0*((double)(z>>11)*0x1.0p-53)); break;
    }
    if( z>>63 ) x = -x;
    for(f=0; f<3; f++){
      int n = snprintf(text, sizeof text, formats[f], x);
      double read = strtod(text, 0);
      if( n<=0 || n>=(int)sizeof text || strstr(text, "inf") || strstr(text, "nan") ){
        bad_print++;
        continue;
      }
      if( isinf(read) ){                /* %.15g of a value near DBL_MAX */
        compare_one(&c, text);
        continue;
      }
      if( in_array ){ json[len++] = ','; json[len++] = ' '; }
      start[in_array] = len;
      size[in_array] = (size_t)n;
      memcpy(json + len, text, (size_t)n);
      len += (size_t)n;
      if( ++in_array==ARRAY_SIZE ){
        json[len++] = ']';
        json[len] = 0;
        compare_array(&c, json, len, start, size, in_array, want);
        in_array = 0;
        len = 1;
      }
    }
  }
  if( in_array ){
    json[len++] = ']';
    json[len] = 0;
    compare_array(&c, json, len, start, size, in_array, want);
  }
  report(&c, 3*(int64_t)PRINTED_DOUBLES);
  check(bad_print==0, "2. every double printed as a number", bad_print, 0);
  check_reached(&c, "subnormal", c.subnormal, PRINTED_DOUBLES/1000);
  check_reached(&c, "normal", c.normal, 2*PRINTED_DOUBLES);
}

/* ---------------------------------------------------------------------------
** 3. Halfway points between neighbouring doubles.
*/

/* The exact decimal strings of some known values (exact_decimal's check). */
static void test_exact_decimal(void){
  char d[TEXT_MAX], text[TEXT_MAX], name[80];
  int x, n;
  n = exact_decimal(1, -1, d, &x);
  check(n==1 && d[0]=='5' && x==-1, "exact_decimal(2^-1) is 5e-1", n, 1);
  n = exact_decimal(3, 3, d, &x);
  check_text("exact_decimal(3*2^3) is 24", d, "24");
  n = exact_decimal(5, 1, d, &x);
  check(n==1 && d[0]=='1' && x==1, "exact_decimal(5*2) is 1e1", n, 1);
  n = exact_decimal(1, -1074, d, &x);
  check(n==751 && x==-1074 && d[750]=='5', "2^-1074 has 751 digits", n, 751);
  d[17] = 0;
  check_text("2^-1074 starts 4.9406564584124654", d, "49406564584124654");
  n = exact_decimal(0x1FFFFFFFFFFFFFull, 971, d, &x);
  check(n==309 && x==0 && strcmp(d + 303, "858368")==0,
        "DBL_MAX has 309 digits, the last 858368", n, 309);
  d[17] = 0;
  check_text("DBL_MAX starts 1.7976931348623157", d, "17976931348623157");
  n = exact_decimal(123456789012345ull, 40, d, &x);
  write_decimal(text, 0, d, n, x, 1, 0);
  snprintf(name, sizeof name, "%.0f", ldexp(123456789012345.0, 40));
  check_text("exact_decimal(123456789012345*2^40)", text, name);
}

/* The halfway point of a double and the one above, the two beside it. */
typedef struct neighbours {
  double lower, upper, even;          /* the sign of the strings applied */
} neighbours;

/*
** Writes the halfway point digits d[0..n-1] × 10^x, and the strings just
** below and just above it, and compares the three; the halfway string must
** read as nb->even, the others as nb->lower and nb->upper. A halfway point
** too long to write in NUMBER_CHARS is still compared (refused) and the two
** beside it are then truncations of it: the longest that fits, or shorter.
*/
static void compare_halfway(number_class *c, uint64_t *s, const char *d, int n,
                            int x, int negative, const neighbours *nb){
  char text[TEXT_MAX], digits[TEXT_MAX];
  uint64_t z = next_random(s);
  int positional = 0, len, k, i, m, y;
  double read;
  if( z%10<3 && positional_length(negative, n, x)<=NUMBER_CHARS - 10 ){
    positional = 1;
  }
  len = write_decimal(text, negative, d, n, x, positional, z>>4);
  read = compare_one(c, text);
  check_oracle(c, text, read, nb->even);
  if( len<=NUMBER_CHARS - 10 ){
    /* Room for k more digits, a point and a longer exponent (>= 6). The
    ** strings have at least 18 digits (kmin), so that the unit of their
    ** last digit is below half an ulp (2^-54 of the value): the halfway
    ** point may have fewer, its trailing zeros taken off. */
    int room = NUMBER_CHARS - 4 - len, kmin = n<18 ? 18 - n : 0;
    int kmax = room<30 ? room : 30;
    if( kmax<kmin + 1 ) kmax = kmin + 1;
    /* below: the last digit one less (it is not 0), then k nines; when the
    ** halfway point is 1 digit (10^23 is one), 0.99..e23, not 099.. */
    k = kmin + 1 + (int)((z>>10)%(uint64_t)(kmax - kmin));
    memcpy(digits, d, (size_t)n);
    digits[n - 1]--;
    for(i=0; i<k; i++) digits[n + i] = '9';
    len = write_decimal(text, negative, digits, n + k, x - k, positional && n>1,
                        z>>4);
    read = compare_one(c, text);
    check_oracle(c, text, read, nb->lower);
    if( len>NUMBER_CHARS ) note_failure(&c->generator, text, (size_t)len, 0, 0, 0, 0);
    /* above: k zeros, then a digit that is not 0 */
    k = kmin + (int)((z>>20)%(uint64_t)(kmax - kmin));
    memcpy(digits, d, (size_t)n);
    for(i=0; i<k; i++) digits[n + i] = '0';
    digits[n + k] = random_nonzero_digit(s);
    len = write_decimal(text, negative, digits, n + k + 1, x - k - 1, positional,
                        z>>4);
    read = compare_one(c, text);
    check_oracle(c, text, read, nb->upper);
    if( len>NUMBER_CHARS ) note_failure(&c->generator, text, (size_t)len, 0, 0, 0, 0);
  }else{
    /* truncated to m digits (scientific): below; one unit more: above */
    int one_digit = write_decimal(text, negative, d, 1, x + n - 1, 0, z>>4);
    int longest = NUMBER_CHARS - one_digit;      /* m digits: one_digit + m */
    m = (z>>10)%2 ? longest : 20 + (int)((z>>11)%(uint64_t)(longest - 19));
    if( m>n - 1 ) m = n - 1;
    memcpy(digits, d, (size_t)m);
    y = x + n - m;
    len = write_decimal(text, negative, digits, m, y, 0, z>>4);
    read = compare_one(c, text);
    check_oracle(c, text, read, nb->lower);
    increment_digits(digits, m, &y);
    while( m>1 && digits[m - 1]=='0' ){ m--; y++; }
    len = write_decimal(text, negative, digits, m, y, 0, z>>4);
    read = compare_one(c, text);
    check_oracle(c, text, read, nb->upper);
    if( len>NUMBER_CHARS ) note_failure(&c->generator, text, (size_t)len, 0, 0, 0, 0);
  }
}

/* The halfway point above the positive finite double of these bits (below
** DBL_MAX): its digits, and the neighbours with the sign applied. */
static int halfway_of(uint64_t bits, int negative, char *d, int *x,
                      neighbours *nb){
  uint64_t m = bits & 0xFFFFFFFFFFFFFull;
  int biased = (int)(bits>>52), e;
  double sign = negative ? -1.0 : 1.0;
  if( biased ){ m |= 1ull<<52; e = biased - 1075; }else{ e = -1074; }
  nb->lower = sign*double_of(bits);
  nb->upper = sign*double_of(bits + 1);
  nb->even = bits&1 ? nb->upper : nb->lower;
  return exact_decimal(2*m + 1, e - 1, d, x);    /* (m + 1/2)·2^e */
}

static void test_halfway_doubles(void){
  static number_class c = {.name = "3. halfway between doubles, and beside"};
  uint64_t state = 0x6E756D6265723033ull;
  char d[TEXT_MAX];
  int64_t i;
  for(i=0; i<HALFWAY_DOUBLES; i++){
    uint64_t z = next_random(&state), bits;
    neighbours nb;
    int n, x, negative = (int)(z>>63);
    switch( i%10 ){
      case 0:                           /* subnormal, of any size */
        bits = (z & 0xFFFFFFFFFFFFFull)>>(next_random(&state)%52);
        break;
      case 1: case 2: case 3:           /* probabilities, 1e-30..1 */
        bits = (uint64_t)(1022 - (int)(next_random(&state)%100))<<52
             | (z & 0xFFFFFFFFFFFFFull);
        break;
      default:                          /* any exponent */
        bits = (uint64_t)(1 + next_random(&state)%2046)<<52
             | (z & 0xFFFFFFFFFFFFFull);
        break;
    }
    if( bits==0x7FEFFFFFFFFFFFFFull ) bits--;  /* DBL_MAX: class 5 */
    n = halfway_of(bits, negative, d, &x, &nb);
    compare_halfway(&c, &state, d, n, x, negative, &nb);
  }
  report(&c, 3*(int64_t)HALFWAY_DOUBLES);
  check_reached(&c, "subnormal", c.subnormal, HALFWAY_DOUBLES/20);
  check_reached(&c, "refused (halfway points over 400 characters)",
                c.refused, HALFWAY_DOUBLES/10);
  check_reached(&c, "of 400 characters", c.at_limit, HALFWAY_DOUBLES/20);
  check_reached(&c, "normal", c.normal, HALFWAY_DOUBLES);
}

/*
** Integers between 2^53 and 2^64 halfway between two doubles, n·2^s +
** 2^(s-1), in decimal: the halfway integer, one less, one more, the halfway
** value written with a point and an exponent, times 10^k (two ways), and a
** random odd integer. The conversion of a uint64_t to double (which rounds
** to nearest even) checks the generator.
*/
static void test_halfway_integers(void){
  static number_class c = {.name = "3. halfway integers 2^53..2^64"};
  uint64_t state = 0x6E756D6265723034ull;
  char text[64], digits[32];
  int64_t i;
  for(i=0; i<HALFWAY_INTS; i++){
    uint64_t z = next_random(&state);
    int s = 1 + (int)(z%11), negative = (int)(z>>63), k = 1 + (int)((z>>4)%5);
    uint64_t m = (next_random(&state)>>11) | 1ull<<52;     /* 53 bits */
    uint64_t half = m<<s | 1ull<<(s - 1), odd;
    double sign = negative ? -1.0 : 1.0, lower, upper, read;
    int n, point, j;
    const char *minus = negative ? "-" : "";
    lower = sign*ldexp((double)m, s);
    upper = sign*ldexp((double)(m + 1), s);
    check_oracle(&c, "(uint64_t to double)", sign*(double)half,
                 m&1 ? upper : lower);
    n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)half);
    snprintf(text, sizeof text, "%s%s", minus, digits);
    read = compare_one(&c, text);
    check_oracle(&c, text, read, m&1 ? upper : lower);
    snprintf(text, sizeof text, "%s%llu", minus, (unsigned long long)(half - 1));
    read = compare_one(&c, text);
    check_oracle(&c, text, read, lower);
    snprintf(text, sizeof text, "%s%llu", minus, (unsigned long long)(half + 1));
    read = compare_one(&c, text);
    check_oracle(&c, text, read, upper);
    /* the same halfway value: digits.digits e+p */
    point = 1 + (int)((z>>8)%(uint64_t)(n - 1));
    snprintf(text, sizeof text, "%s%.*s.%se%s%d", minus, point, digits,
             digits + point, (z>>12)&1 ? "+" : "", n - point);
    read = compare_one(&c, text);
    check_oracle(&c, text, read, m&1 ? upper : lower);
    /* times 10^k, with k zeros and as an exponent */
    snprintf(text, sizeof text, "%s%s", minus, digits);
    for(j=0; j<k; j++) strcat(text, "0");
    compare_one(&c, text);
    snprintf(text, sizeof text, "%s%s%s%d", minus, digits,
             (z>>13)&1 ? "E" : "e", k);
    compare_one(&c, text);
    /* a random odd integer at least 2^53 */
    odd = (next_random(&state)>>(z>>16)%11) | 1ull<<53 | 1;
    snprintf(text, sizeof text, "%s%llu", minus, (unsigned long long)odd);
    read = compare_one(&c, text);
    check_oracle(&c, text, read, sign*(double)odd);
  }
  report(&c, 7*(int64_t)HALFWAY_INTS);
}

/* ---------------------------------------------------------------------------
** 4. Long numbers: 20 to 400 characters, and 401.
*/

/* A number of exactly L characters, in one of four forms. */
static int long_number(uint64_t *s, char *out, int L){
  uint64_t z = next_random(s);
  char *p = out, *end = out + L;
  int negative = (int)(z&1), i;
  if( negative ) *p++ = '-';
  switch( (z>>1)%4 ){
    case 0: {                           /* 0.000...0ddd... */
      int room = L - negative - 3, zeros = (int)((z>>3)%(uint64_t)(room<346 ? room : 346));
      *p++ = '0'; *p++ = '.';
      for(i=0; i<zeros; i++) *p++ = '0';
      *p++ = random_nonzero_digit(s);
      while( p<end ) *p++ = random_digit(s);
      break;
    }
    case 1: {                           /* ddd.ddd...e±N, about 10^t */
      int point = 1 + (int)((z>>3)%(uint64_t)(L/2<30 ? L/2 : 30));
      int t = -340 + (int)((z>>9)%661);
      char exponent[16];
      int elen = (int)(write_exponent(exponent, t - (point - 1), z>>20) - exponent);
      *p++ = random_nonzero_digit(s);
      for(i=1; i<point; i++) *p++ = random_digit(s);
      *p++ = '.';
      while( p<end - elen ) *p++ = random_digit(s);
      memcpy(p, exponent, (size_t)elen);
      p += elen;
      break;
    }
    case 2: {                           /* a short decimal, 0s, a last digit */
      int digits = 1 + (int)((z>>3)%17);
      if( (z>>8)&1 ){ *p++ = '0'; *p++ = '.'; }
      else{ *p++ = random_nonzero_digit(s); *p++ = '.'; }
      for(i=0; i<digits && p<end - 1; i++) *p++ = random_digit(s);
      while( p<end - 1 ) *p++ = '0';
      *p++ = (z>>9)%3 ? random_nonzero_digit(s) : '0';
      break;
    }
    default: {                          /* an integer (overflows past 309) */
      int fraction = (z>>3)%2 ? (int)((z>>4)%(uint64_t)(L - negative - 2)) : 0;
      *p++ = random_nonzero_digit(s);
      while( p<end - fraction - (fraction ? 1 : 0) ) *p++ = random_digit(s);
      if( fraction ){
        *p++ = '.';
        while( p<end ) *p++ = (z>>14)%2 ? '0' : random_digit(s);
      }
      break;
    }
  }
  *p = 0;
  return (int)(p - out);
}

static void test_long_numbers(void){
  static number_class c = {.name = "4. long numbers, 20..401 characters"};
  uint64_t state = 0x6E756D6265723035ull;
  char text[TEXT_MAX], d[TEXT_MAX];
  int64_t i, made = 0, refused_made = 0;
  for(i=0; made<LONG_COUNT; i++){
    uint64_t z = next_random(&state);
    int L, len;
    if( i%8==7 ){
      /* a halfway point with a long tail: 0s (still halfway), 0s and a
      ** digit (above) or one less and 9s (below), up to L characters */
      neighbours nb;
      int x, n, k, tail = (int)(z%3), positional;
      double read, expected;
      uint64_t bits = (uint64_t)(1 + next_random(&state)%2046)<<52
                    | (next_random(&state) & 0xFFFFFFFFFFFFFull);
      if( bits==0x7FEFFFFFFFFFFFFFull ) bits--;
      if( (z>>2)%2 ) bits = (uint64_t)(1022 - (int)((z>>3)%60))<<52 | (bits & 0xFFFFFFFFFFFFFull);
      n = halfway_of(bits, (int)(z>>63), d, &x, &nb);
      if( n<2 ) continue;                     /* no 1-digit one to lessen */
      L = 20 + (int)((z>>10)%381);
      positional = (z>>20)%2 && positional_length(1, n, x)<=NUMBER_CHARS - 30;
      len = write_decimal(text, (int)(z>>63), d, n, x, positional, z>>24);
      if( len>NUMBER_CHARS - 30 ) continue;   /* no room for a tail */
      k = L - len - 2;                        /* 18 digits at least, as */
      if( k<1 ) k = 1 + (int)((z>>30)%8);     /* in compare_halfway */
      if( n + k<18 ) k = 18 - n;
      if( tail==0 ){
        memset(d + n, '0', (size_t)k);
        expected = nb.even;
      }else if( tail==1 ){
        memset(d + n, '0', (size_t)k);
        d[n + k - 1] = random_nonzero_digit(&state);
        expected = nb.upper;
      }else{
        d[n - 1]--;
        memset(d + n, '9', (size_t)k);
        expected = nb.lower;
      }
      len = write_decimal(text, (int)(z>>63), d, n + k, x - k, positional, z>>24);
      if( len>NUMBER_CHARS ) continue;
      read = compare_one(&c, text);
      check_oracle(&c, text, read, expected);
      made++;
      continue;
    }
    switch( z%50 ){
      case 0: case 1: L = NUMBER_CHARS; break;
      case 2: L = NUMBER_CHARS + 1; refused_made++; break;
      default: L = 20 + (int)((z>>8)%381); break;
    }
    len = long_number(&state, text, L);
    if( len!=L ) note_failure(&c.generator, text, (size_t)len, 0, len, 0, L);
    compare_one(&c, text);
    made++;
  }
  report(&c, LONG_COUNT);
  check(c.refused==refused_made, "4. every number of 401 characters refused",
        (double)c.refused, (double)refused_made);
  check_reached(&c, "of 401 characters", c.refused, LONG_COUNT/100);
  check_reached(&c, "of 400 characters", c.at_limit, LONG_COUNT/50);
  check_reached(&c, "that overflow", c.overflow, LONG_COUNT/100);
  check_reached(&c, "that underflow to 0", c.zero, LONG_COUNT/1000);
  check_reached(&c, "subnormal", c.subnormal, LONG_COUNT/1000);
}

/* ---------------------------------------------------------------------------
** 5. Edge literals, each with the double it must be (strtod's reading is
** checked against it too).
*/
typedef struct edge {
  const char *text;
  double value;                 /* what it reads as (an infinity: overflow) */
} edge;

static void test_edges(void){
  static number_class c = {.name = "5. edge literals"};
  static const edge edges[] = {
    {"0", 0.0}, {"-0", -0.0}, {"0e0", 0.0}, {"-0e0", -0.0}, {"0.0", 0.0},
    {"-0.0", -0.0}, {"0.0e-999", 0.0}, {"-0.0e-999", -0.0}, {"0E+0", 0.0},
    {"0.000e+000", 0.0}, {"0e99999999999999999999", 0.0},
    {"1e-400", 0.0}, {"-1e-400", -0.0}, {"1e-99999999999999999999", 0.0},
    {"1e99999999999999999999", INFINITY}, {"-1e400", -INFINITY},
    {"1", 1.0}, {"-1", -1.0}, {"0.5", 0.5}, {"0.1", 0.1}, {"0.2", 0.2},
    {"0.3", 0.3}, {"1E5", 1e5}, {"1e+5", 1e5}, {"1E-5", 1e-5}, {"1e-05", 1e-5},
    {"1E+308", 1e308}, {"-1E+308", -1e308}, {"1e309", INFINITY},
    {"-1e309", -INFINITY},
    {"0.000001", 1e-6}, {"0.0000000000000000000000000000001234", 1.234e-31},
    {"0.00000000000000000000000000000000000000000000000000000000000000001e65", 1.0},
    {"1.7976931348623157e308", DBL_MAX}, {"-1.7976931348623157e308", -DBL_MAX},
    {"1.7976931348623158e308", DBL_MAX}, {"1.7976931348623158079e308", DBL_MAX},
    {"1.7976931348623159e308", INFINITY}, {"-1.7976931348623159e308", -INFINITY},
    {"2.2250738585072014e-308", DBL_MIN}, {"2.2250738585072014E-308", DBL_MIN},
    {"2.2250738585072011e-308", 0x0.fffffffffffffp-1022},
    {"2.2250738585072012e-308", DBL_MIN},
    {"4.9406564584124654e-324", 0x1p-1074}, {"5e-324", 0x1p-1074},
    {"-4.9406564584124654e-324", -0x1p-1074},
    {"2.4703282292062327e-324", 0.0},   /* just below 2^-1075 */
    {"2.4703282292062328e-324", 0x1p-1074},
    {"2.4703282292062327208828439644e-324", 0x1p-1074},
    {"2.4703282292062327208828439643e-324", 0.0},
    {"9007199254740993", 9007199254740992.0},
    {"9007199254740995", 9007199254740996.0},
    {"9007199254740993.0000000000000000000001", 9007199254740994.0},
    {"4503599627370496.5", 4503599627370496.0},
    {"4503599627370497.5", 4503599627370498.0},
    {"1.00000000000000011102230246251565404236316680908203125", 1.0},
    {"1.00000000000000011102230246251565404236316680908203126", 1.0 + DBL_EPSILON},
    {"1.00000000000000011102230246251565404236316680908203124", 1.0},
    {"1.00000000000000033306690738754696212708950042724609375", 1.0 + 2*DBL_EPSILON},
    {"0.50000000000000000000000000001", 0.5},
    {"0.500000000000000055511151231257827021181583404541015625", 0.5},
    {"0.500000000000000055511151231257827021181583404541015626", 0.5 + DBL_EPSILON/2},
    {"123456789012345678901234567890", 123456789012345678901234567890.0},
    {"1e23", 1e23}, {"8.589973e9", 8.589973e9}, {"0.0001000", 1e-4},
    {"1.0E-0010", 1e-10}, {"10000000000000000000000e-22", 1.0},
  };
  char text[TEXT_MAX], d[TEXT_MAX], name[TEXT_MAX + 80];
  int n, m, x, bad = 0;
  size_t i;
  double read;
  for(i=0; i<sizeof edges/sizeof edges[0]; i++){
    read = compare_one(&c, edges[i].text);
    if( !same_bits(read, edges[i].value) ){
      snprintf(name, sizeof name, "5. strtod(\"%s\") is the value written down",
               edges[i].text);
      check(0, name, read, edges[i].value);
      bad++;
    }
  }
  check(bad==0, "5. strtod reads every edge literal as written down", bad, 0);
  /* DBL_MAX written out: 309 digits */
  n = exact_decimal(0x1FFFFFFFFFFFFFull, 971, d, &x);
  write_decimal(text, 0, d, n, x, 1, 0);
  check_oracle(&c, text, compare_one(&c, text), DBL_MAX);
  write_decimal(text, 1, d, n, x, 0, 0);
  check_oracle(&c, text, compare_one(&c, text), -DBL_MAX);
  /* halfway between DBL_MAX and 2^1024: even is 2^1024, an overflow */
  n = exact_decimal(0x3FFFFFFFFFFFFFull, 970, d, &x);
  write_decimal(text, 0, d, n, x, 1, 0);
  check_oracle(&c, text, compare_one(&c, text), INFINITY);
  d[n - 1]--;
  write_decimal(text, 0, d, n, x, 1, 0);
  check_oracle(&c, text, compare_one(&c, text), DBL_MAX);
  /* 10^23, halfway between two doubles with 1 digit, and beside it */
  {
    uint64_t state = 23;
    neighbours nb;
    n = halfway_of(bits_of(99999999999999991611392.0), 0, d, &x, &nb);
    check(n==1 && d[0]=='1' && x==23, "5. 10^23 is a halfway point", n, 1);
    compare_halfway(&c, &state, d, n, x, 0, &nb);
  }
  /* 2^-1075, halfway between 0 and the least subnormal: 758 characters,
  ** refused; strtod rounds it to even, 0. Its first 400 characters: below
  ** (0; -0 with the sign); one unit more: above (2^-1074). */
  n = exact_decimal(1, -1075, d, &x);
  write_decimal(text, 0, d, n, x, 0, 0);
  check(strlen(text)>NUMBER_CHARS, "5. 2^-1075 is longer than 400 characters",
        strlen(text), NUMBER_CHARS);
  check_oracle(&c, text, compare_one(&c, text), 0.0);
  m = NUMBER_CHARS - write_decimal(text, 0, d, 1, x + n - 1, 0, 0);
  x += n - m;                                 /* the m digits that fit */
  write_decimal(text, 0, d, m, x, 0, 0);
  check(strlen(text)==NUMBER_CHARS, "5. 2^-1075 truncated is 400 characters",
        strlen(text), NUMBER_CHARS);
  check_oracle(&c, text, compare_one(&c, text), 0.0);
  write_decimal(text, 1, d, m - 1, x + 1, 0, 0);
  check_oracle(&c, text, compare_one(&c, text), -0.0);
  increment_digits(d, m, &x);
  write_decimal(text, 0, d, m, x, 0, 0);
  check_oracle(&c, text, compare_one(&c, text), 0x1p-1074);
  report(&c, (int64_t)(sizeof edges/sizeof edges[0]) + 11);
  check(c.at_limit==3, "5. three edge literals of 400 characters", c.at_limit, 3);
}

/* [V6] What is read does not depend on the rounding mode: neither the fast
** path (integer arithmetic) nor strtod (run in round-to-nearest). */
static void test_rounding_modes(void){
  static const char *json = "[9007199254740993, 0.1, 0.30000000000000000000001,"
      " 1e-310, 2.2250738585072011e-308, 0.12345678901234567, 7e-1]";
  static const int modes[] = {FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  double nearest[8], x;
  size_t m;
  int n = 0, same = 1;
  ce_vec_reader r;
  ce_vec_open(&r, CE_VEC_JSON, json, (int64_t)strlen(json));
  while( n<8 && ce_vec_next(&r, &nearest[n])==CE_VEC_ELEMENT ) n++;
  for(m=0; m<sizeof modes/sizeof modes[0]; m++){
    int i = 0;
    fesetround(modes[m]);
    ce_vec_open(&r, CE_VEC_JSON, json, (int64_t)strlen(json));
    while( i<n && ce_vec_next(&r, &x)==CE_VEC_ELEMENT ){
      same &= memcmp(&x, &nearest[i], sizeof x)==0;
      i++;
    }
    same &= i==n && fegetround()==modes[m];       /* the mode is left as set */
    fesetround(FE_TONEAREST);
  }
  check(n==7 && same, "the rounding mode changes no number read", n, 7);
}

/* 6. What the fast path takes and what it leaves to strtod. */
static void test_fast_path(void){
  uint64_t state = 20261201;
  int64_t taken = 0, wrong = 0, i;
  char text[64];
  double x;
  for(i=0; i<1000000; i++){
    int digits = 15 + (int)(i%3);                    /* 0.ddd...d, 15..17 digits */
    uint64_t w = next_random(&state)%100000000000000000ull;
    double want;
    if( w==0 ) w = 1;
    snprintf(text, sizeof text, "%llue-%d", (unsigned long long)w, digits);
    want = strtod(text, 0);
    if( ce_decimal_fast(w, -digits, 0, &x) ){
      taken++;
      if( memcmp(&x, &want, sizeof x)!=0 && !wrong++ ){
        printf("  fast path: %s read as %.17g\n", text, x);
      }
    }
  }
  check(wrong==0, "the fast path's probabilities equal strtod's", (double)wrong, 0);
  check(taken==1000000, "the fast path takes every 15..17-digit probability",
        (double)taken, 1000000);
  for(i=1; i<=27; i++){     /* 5^i·10^-i = 2^-i exactly, just below a multiple */
    uint64_t w = 1;
    int k;
    for(k=0; k<i; k++) w *= 5;
    taken = ce_decimal_fast(w, (int)-i, 0, &x);
    if( !taken || x!=ldexp(1.0, (int)-i) ) break;
  }
  check(i==28, "the fast path reads 5^i·10^-i as 2^-i, i = 1..27", (double)i, 28);
  test_rounding_modes();
  check(ce_decimal_fast(75, -2, 1, &x) && x==-0.75, "-75e-2 is -0.75", x, -0.75);
  check(ce_decimal_fast(9007199254740993ull, 0, 0, &x)==0,
        "an exact tie (2^53 + 1) is left to strtod", 1, 0);
  check(ce_decimal_fast(1, -343, 0, &x)==0 && ce_decimal_fast(1, 309, 0, &x)==0,
        "exponents outside the table are left to strtod", 1, 0);
  check(ce_decimal_fast(1, -310, 0, &x)==0, "a subnormal result is left to strtod", 1, 0);
  check(ce_decimal_fast(18, 307, 0, &x)==0, "an overflow is left to strtod", 1, 0);
}

int main(void){
  char name[80];
  setlocale(LC_ALL, "C");
  test_exact_decimal();
  test_edges();
  test_random_decimals();
  test_printed_doubles();
  test_halfway_doubles();
  test_halfway_integers();
  test_long_numbers();
  test_fast_path();
  snprintf(name, sizeof name, "%lld strings compared in all, at least %d",
           (long long)total_compared, MIN_TOTAL);
  check(total_compared>=MIN_TOTAL, name, (double)total_compared, MIN_TOTAL);
  printf("%lld strings compared with strtod\n", (long long)total_compared);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
