/*
** json_number.c — ce_json_number() of json_number.h: the grammar and the
** digits in one pass (eight digits at a time where eight are there), a fast
** exact conversion in integer arithmetic, and strtod for what it leaves.
**
** The fast path [V8], after Lemire, "Number Parsing at a Gigabyte per
** Second" (Software: Practice and Experience 51(8), 2021), derived here for
** a table of truncated powers (scripts/gen_pow5_table.py):
**  1. The decimal is w·10^q with w exact (at most 19 significant digits).
**     Shift w left until its top bit is set: u = w·2^s, 2^63 <= u < 2^64.
**  2. 10^q = 5^q·2^q and 5^q = (M + d)·2^E from the table, 0 <= d < 1. So
**     the value is P·2^(E+q-s) with P = u·(M + d). X = u·M is computed
**     exactly (192 bits, two 64x64 multiplications), and P - X = u·d lies
**     in [0, 2^64): X is P to within less than one unit of its third word.
**  3. P lies in [2^190, 2^192); the double's 53 bits are its top 53 bits
**     and the bits below decide the rounding. Rounding X gives P's rounding
**     unless X's remainder lies within 2^64 below the halfway point (P may
**     be above it) or is exactly halfway (P may be above it, or on it).
**     Those cases, about 2^-74 of all inputs (exact ties like
**     9007199254740993 among them), go to strtod. Just below the next
**     multiple is no such case: X rounds up, and P, above half or past the
**     multiple, rounds to the same double. (Exact values with q < 0, such
**     as 0.5 = 5·10^-1, land there: the table's 5^-1 is truncated.)
**  4. A result outside the normal range (subnormal, 0, Inf) goes to strtod.
** No floating-point operation is involved, so neither the rounding mode
** nor the x87 precision control changes the result [V6].
*/
#include <fenv.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "compiler.h"
#include "digits.h"
#include "json_number.h"
#include "pow5_table.h"

/* a·b = hi·2^64 + lo */
#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 ce_uint128;
static void multiply_64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo){
  ce_uint128 product = (ce_uint128)a*b;
  *hi = (uint64_t)(product>>64);
  *lo = (uint64_t)product;
}
#else
static void multiply_64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo){
  uint64_t a0 = a & 0xFFFFFFFFu, a1 = a>>32, b0 = b & 0xFFFFFFFFu, b1 = b>>32;
  uint64_t p00 = a0*b0, p01 = a0*b1, p10 = a1*b0, p11 = a1*b1;
  uint64_t middle = (p00>>32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
  *lo = (middle<<32) | (p00 & 0xFFFFFFFFu);
  *hi = p11 + (p01>>32) + (p10>>32) + (middle>>32);
}
#endif

static int leading_zeros(uint64_t x){                       /* x != 0 */
#if defined(__GNUC__)
  return __builtin_clzll(x);
#else
  int n = 0;
  while( !(x>>63) ){ x <<= 1; n++; }
  return n;
#endif
}

/* The double mantissa·2^exponent (2^52 <= mantissa < 2^53): 1, or 0 when
** that is not a normal double. */
static int normal_double(uint64_t mantissa, int exponent, int negative,
                         double *out){
  uint64_t bits;
  exponent += 52 + 1023;                          /* the biased exponent */
  if( exponent<1 || exponent>2046 ) return 0;
  bits = (uint64_t)negative<<63 | (uint64_t)exponent<<52
       | (mantissa & ((1ull<<52) - 1));
  memcpy(out, &bits, sizeof bits);
  return 1;
}

CE_ALWAYS_INLINE int decimal_fast(uint64_t w, int q, int negative, double *out){
  const struct ce_pow5 *power;
  uint64_t u, low_hi, low_lo, high_hi, high_lo, x1, x2;
  uint64_t mantissa, rest, half;
  int s, dropped, exponent;
  if( q<CE_POW5_MIN_Q || q>CE_POW5_MAX_Q ) return 0;
  power = &ce_pow5_table[q - CE_POW5_MIN_Q];
  s = leading_zeros(w);
  u = w<<s;
  multiply_64(u, power->lo, &low_hi, &low_lo);               /* step 2 */
  multiply_64(u, power->hi, &high_hi, &high_lo);
  x1 = high_lo + low_hi;                       /* X = x2·2^128 + x1·2^64 + low_lo */
  x2 = high_hi + (x1<high_lo);
  /* step 3: X's top bit is bit 63 or 62 of x2; keep 53 bits, drop the rest */
  dropped = (int)(x2>>63) + 10;
  mantissa = x2>>dropped;
  rest = x2 & ((1ull<<dropped) - 1);
  half = 1ull<<(dropped - 1);
  if( x1==UINT64_MAX && rest==half - 1 ) return 0;
  if( rest==half && x1==0 && low_lo==0 ) return 0;
  mantissa += rest>=half;
  exponent = dropped + 128 + power->e + q - s;     /* value = mantissa·2^exponent */
  if( mantissa==(1ull<<53) ){ mantissa >>= 1; exponent++; }
  return normal_double(mantissa, exponent, negative, out);      /* step 4 */
}

int ce_decimal_fast(uint64_t w, int q, int negative, double *out){
  return decimal_fast(w, q, negative, out);
}

/*
** The general conversion [V6]: strtod, given the current locale's decimal
** point in place of '.', so that a host that set LC_NUMERIC to a comma
** locale still reads "0.5" as one half, and run in round-to-nearest (glibc's
** strtod rounds in the current mode, which a host may have changed).
*/
static double convert_with_strtod(const unsigned char *p, int64_t n){
  char buf[CE_MAX_NUMBER_CHARS + 8];
  const char *point = localeconv()->decimal_point;
  size_t point_len = strlen(point);
  int64_t i;
  size_t k = 0;
  int mode = fegetround();
  double x;
  for(i=0; i<n; i++){
    if( p[i]=='.' && point_len>0 && point_len<=4 ){
      memcpy(buf + k, point, point_len);
      k += point_len;
    }else{
      buf[k++] = (char)p[i];
    }
  }
  buf[k] = 0;
  if( mode!=FE_TONEAREST ) fesetround(FE_TONEAREST);
  x = strtod(buf, 0);
  if( mode!=FE_TONEAREST ) fesetround(mode);
  return x;
}

/* The value of eight digits d0..d7 (d0 the lowest byte), in three steps of
** pairs of lanes: bytes 10·d[i]+d[i+1], then 16-bit lanes of 4 digits. No
** lane carries into the next (99 < 2^8, 9999 < 2^16). */
static uint64_t eight_digits_value(uint64_t v){
  v -= 0x3030303030303030ull;
  v = v*10 + (v>>8);
  v = (v & 0x00FF00FF00FF00FFull)*100 + ((v>>16) & 0x00FF00FF00FF00FFull);
  return (v & 0xFFFF)*10000 + ((v>>32) & 0xFFFF);
}

/*
** Reads the digits [0-9]* at p, appending them to *w and counting them in
** *digits; zeros before the first nonzero digit of the number are skipped
** uncounted. Past 19 digits *w wraps and the caller no longer uses it.
*/
CE_ALWAYS_INLINE const unsigned char *read_digits(const unsigned char *p,
                                        const unsigned char *end,
                                        uint64_t *w, int *digits){
  uint64_t value = *w;
  int count = *digits;
  if( count==0 ){
    while( p<end && *p=='0' ) p++;
  }
  while( end - p>=8 ){
    uint64_t v = ce_get_le64(p);
    if( !ce_eight_digits(v) ) break;
    value = value*100000000u + eight_digits_value(v);
    count += 8;
    p += 8;
  }
  while( p<end && *p>='0' && *p<='9' ){
    value = value*10 + (uint64_t)(*p - '0');
    count++;
    p++;
  }
  *w = value;
  *digits = count;
  return p;
}

int64_t ce_json_number(const unsigned char *p, const unsigned char *end,
                       double *out){
  const unsigned char *at = p, *fraction;
  uint64_t w = 0;
  int digits = 0, negative = 0, q = 0, exponent = 0, exponent_negative = 0;
  int64_t n;
  end = ce_json_number_end(p, end);
  if( at<end && *at=='-' ){ negative = 1; at++; }              /* [V5] */
  if( !ce_is_digit(at, end) ) return 0;
  if( *at=='0' ) at++;
  else at = read_digits(at, end, &w, &digits);
  if( at<end && *at=='.' ){
    fraction = ++at;
    at = read_digits(at, end, &w, &digits);
    if( at==fraction ) return 0;
    q = -(int)(at - fraction);                /* at most 401 (end is cut) */
  }
  if( at<end && (*at=='e' || *at=='E') ){
    at++;
    if( at<end && (*at=='+' || *at=='-') ){ exponent_negative = *at=='-'; at++; }
    if( !ce_is_digit(at, end) ) return 0;
    for(; ce_is_digit(at, end); at++){
      if( exponent<100000 ) exponent = exponent*10 + (*at - '0');  /* saturates */
    }
    q += exponent_negative ? -exponent : exponent;
  }
  n = at - p;
  if( n>CE_MAX_NUMBER_CHARS ) return 0;                         /* [V7] */
  if( digits==0 ){
    *out = negative ? -0.0 : 0.0;
  }else if( digits>19 || !decimal_fast(w, q, negative, out) ){
    *out = convert_with_strtod(p, n);
  }
  return n;
}
