/*
** vector.c — the class-vector reader of vector.h: a strict streaming JSON
** array parser and the float32/float64 BLOB decoders.
*/
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "le_bytes.h"
#include "vector.h"

/* A JSON number longer than this is refused rather than truncated. */
#define CE_MAX_NUMBER_CHARS 400

int ce_vec_element_size(ce_vec_kind kind){
  return kind==CE_VEC_F32 ? 4 : kind==CE_VEC_F64 ? 8 : 0;
}

static void skip_space(ce_vec_reader *r){
  while( r->at<r->end
      && (*r->at==' ' || *r->at=='\t' || *r->at=='\n' || *r->at=='\r') ){
    r->at++;
  }
}

static int is_digit(const unsigned char *p, const unsigned char *end){
  return p<end && *p>='0' && *p<='9';
}

/* Length of the JSON number at p (RFC 8259 grammar), 0 if there is none. */
static int64_t number_length(const unsigned char *p, const unsigned char *end){
  const unsigned char *q = p;
  if( q<end && *q=='-' ) q++;
  if( !is_digit(q, end) ) return 0;
  if( *q=='0' ) q++;
  else while( is_digit(q, end) ) q++;
  if( q<end && *q=='.' ){
    q++;
    if( !is_digit(q, end) ) return 0;
    while( is_digit(q, end) ) q++;
  }
  if( q<end && (*q=='e' || *q=='E') ){
    q++;
    if( q<end && (*q=='+' || *q=='-') ) q++;
    if( !is_digit(q, end) ) return 0;
    while( is_digit(q, end) ) q++;
  }
  return q - p;
}

/*
** [V1] The general conversion of a validated JSON number: strtod, given the
** current locale's decimal point in place of '.', so that a host that set
** LC_NUMERIC to a comma locale still reads "0.5" as one half.
*/
static double convert_with_strtod(const unsigned char *p, int64_t n){
  char buf[CE_MAX_NUMBER_CHARS + 8];
  const char *point = localeconv()->decimal_point;
  size_t point_len = strlen(point);
  int64_t i;
  size_t k = 0;
  for(i=0; i<n; i++){
    if( p[i]=='.' && point_len>0 && point_len<=4 ){
      memcpy(buf + k, point, point_len);
      k += point_len;
    }else{
      buf[k++] = (char)p[i];
    }
  }
  buf[k] = 0;
  return strtod(buf, 0);
}

/* The fast path reads the x87 80-bit format's explicit 64-bit significand
** and 15-bit exponent directly. */
#if LDBL_MANT_DIG==64 && (defined(__x86_64__) || defined(__i386__))
# define CE_FAST_JSON_NUMBERS 1
#endif

#ifdef CE_FAST_JSON_NUMBERS
static const long double powers_of_ten[] = {
  1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L,
  1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L,
  1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};

/*
** The fast exact path, where long double has a 64-bit significand (x86):
** a number of at most 19 significant digits is w·10^q with w < 2^64 exact,
** and 10^|q| is exact for |q| <= 27, so one multiplication or division
** gives w·10^q rounded once, to 64 bits. Rounding that to a double is the
** correctly rounded result unless the 64-bit value sits within one unit of
** a 53-bit halfway point (low 11 bits 0x3FF..0x401); then, and for
** exponents out of reach or results out of the normal range, it returns 0
** and the caller uses strtod.
*/
/* Whether long double arithmetic runs at its full 64-bit precision: a host
** (or a library it loaded) may have set the x87 precision control lower. */
static int x87_full_precision(void){
  volatile long double one = 1.0L, tiny = 0x1p-60L;
  return one + tiny!=one;
}

static int convert_fast(const unsigned char *p, int64_t n, double *out){
  uint64_t w = 0;
  int digits = 0, q = 0, negative = 0, exp_sign = 1, exp_value = 0;
  int64_t i = 0;
  long double r;
  unsigned char bytes[sizeof(long double)];
  uint64_t significand;
  int exponent;
  if( p[0]=='-' ){ negative = 1; i = 1; }
  for(; i<n && p[i]>='0' && p[i]<='9'; i++){
    if( w==0 && p[i]=='0' ) continue;                /* leading zeros */
    if( ++digits>19 ) return 0;
    w = w*10 + (uint64_t)(p[i] - '0');
  }
  if( i<n && p[i]=='.' ){
    for(i++; i<n && p[i]>='0' && p[i]<='9'; i++){
      q--;
      if( w==0 && p[i]=='0' ) continue;
      if( ++digits>19 ) return 0;
      w = w*10 + (uint64_t)(p[i] - '0');
    }
  }
  if( i<n && (p[i]=='e' || p[i]=='E') ){
    i++;
    if( p[i]=='-' ){ exp_sign = -1; i++; }else if( p[i]=='+' ) i++;
    for(; i<n; i++){
      if( exp_value>100000 ) return 0;
      exp_value = exp_value*10 + (p[i] - '0');
    }
  }
  q += exp_sign*exp_value;
  if( w==0 ){ *out = negative ? -0.0 : 0.0; return 1; }
  if( q<-27 || q>27 ) return 0;
  r = q>=0 ? (long double)w*powers_of_ten[q] : (long double)w/powers_of_ten[-q];
  memcpy(bytes, &r, sizeof bytes);
  memcpy(&significand, bytes, 8);                    /* x86 is little-endian */
  exponent = ((bytes[9] & 0x7F)<<8 | bytes[8]) - 16383;      /* r = 1.f·2^e */
  if( exponent<-1022 || exponent>1023 ) return 0;    /* subnormal or huge */
  significand &= 0x7FF;
  if( significand>=0x3FF && significand<=0x401 ) return 0;  /* near halfway */
  *out = negative ? -(double)r : (double)r;
  return 1;
}
#endif /* CE_FAST_JSON_NUMBERS */

static double convert_number(const ce_vec_reader *r, const unsigned char *p,
                             int64_t n){
#ifdef CE_FAST_JSON_NUMBERS
  double x;
  if( r->fast && convert_fast(p, n, &x) ) return x;
#else
  (void)r;
#endif
  return convert_with_strtod(p, n);
}

const char *ce_vec_number_path(void){
#ifdef CE_FAST_JSON_NUMBERS
  return x87_full_precision() ? "x87 exact, strtod near halfway"
                              : "strtod (x87 precision lowered)";
#else
  return "strtod";
#endif
}

ce_vec_status ce_vec_open(ce_vec_reader *r, ce_vec_kind kind,
                          const void *data, int64_t n){
  r->at = (const unsigned char*)data;
  r->end = data ? r->at + n : r->at;          /* x'' gives a NULL pointer */
  r->kind = kind;
  r->index = 0;
  r->closed = 0;
  r->bad = 0.0;
#ifdef CE_FAST_JSON_NUMBERS
  r->fast = kind==CE_VEC_JSON && x87_full_precision();
#else
  r->fast = 0;
#endif
  if( kind!=CE_VEC_JSON ){
    return n % ce_vec_element_size(kind) ? CE_VEC_BAD_LENGTH : CE_VEC_END; /* [V3] */
  }
  skip_space(r);
  if( r->at>=r->end || *r->at!='[' ) return CE_VEC_NOT_ARRAY;
  r->at++;
  skip_space(r);
  if( r->at<r->end && *r->at==']' ){       /* [] */
    r->at++;
    r->closed = 1;
  }
  return CE_VEC_END;
}

/* [V4] le_bytes.h reads little-endian whatever the host. */
static double read_f32(const unsigned char *b){ return ce_get_le_f32(b); }
static double read_f64(const unsigned char *b){ return ce_get_le_f64(b); }

int64_t ce_vec_blob_unit_pick(const ce_vec_reader *r, int64_t index,
                              double *picked){
  int size = ce_vec_element_size(r->kind);
  int64_t n = (int64_t)(r->end - r->at)/size, i;
  int all_in_unit = 1;
  if( size==8 ){
    for(i=0; i<n; i++){
      double x = read_f64(r->at + 8*i);
      all_in_unit &= x>=0.0 && x<=1.0;                  /* false for NaN too */
    }
  }else{
    for(i=0; i<n; i++){
      double x = read_f32(r->at + 4*i);
      all_in_unit &= x>=0.0 && x<=1.0;
    }
  }
  if( !all_in_unit ) return -1;
  if( index>=0 && index<n ){
    *picked = size==8 ? read_f64(r->at + 8*index) : read_f32(r->at + 4*index);
  }
  return n;
}

static ce_vec_status finite_element(ce_vec_reader *r, double x, double *out){
  r->index++;
  if( !isfinite(x) ){ r->bad = x; return CE_VEC_NOT_FINITE; }     /* [V2] */
  *out = x;
  return CE_VEC_ELEMENT;
}

ce_vec_status ce_vec_next(ce_vec_reader *r, double *out){
  int64_t n;
  double x;
  if( r->kind!=CE_VEC_JSON ){
    int size = ce_vec_element_size(r->kind);
    if( r->at>=r->end ) return CE_VEC_END;
    x = size==4 ? read_f32(r->at) : read_f64(r->at);
    r->at += size;
    return finite_element(r, x, out);
  }
  if( r->closed ){
    skip_space(r);
    return r->at<r->end ? CE_VEC_TRAILING : CE_VEC_END;
  }
  n = number_length(r->at, r->end);
  if( n==0 || n>CE_MAX_NUMBER_CHARS ) return CE_VEC_NOT_NUMBER;
  x = convert_number(r, r->at, n);
  r->at += n;
  skip_space(r);
  if( r->at<r->end && *r->at==',' ){
    r->at++;
    skip_space(r);
  }else if( r->at<r->end && *r->at==']' ){
    r->at++;
    r->closed = 1;
  }else{
    r->index++;
    return CE_VEC_SYNTAX;
  }
  return finite_element(r, x, out);
}
