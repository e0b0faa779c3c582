/*
** vector.c — the class-vector reader of vector.h: a strict streaming JSON
** array parser and the float32/float64 BLOB decoders.
*/
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
** [V1] Converts a validated JSON number with strtod, writing the current
** locale's decimal point in place of '.': a host that set LC_NUMERIC to a
** comma locale still reads "0.5" as one half, correctly rounded.
*/
static double convert_number(const unsigned char *p, int64_t n){
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

ce_vec_status ce_vec_open(ce_vec_reader *r, ce_vec_kind kind,
                          const void *data, int64_t n){
  r->at = (const unsigned char*)data;
  r->end = r->at + (data ? n : 0);
  r->kind = kind;
  r->index = 0;
  r->closed = 0;
  r->bad = 0.0;
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

/* [V4] */
static double read_f32(const unsigned char *b){
  uint32_t bits = (uint32_t)b[0] | (uint32_t)b[1]<<8 | (uint32_t)b[2]<<16
                | (uint32_t)b[3]<<24;
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

static double read_f64(const unsigned char *b){
  uint64_t bits = 0;
  double d;
  int i;
  for(i=7; i>=0; i--) bits = bits<<8 | b[i];
  memcpy(&d, &bits, sizeof d);
  return d;
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
  x = convert_number(r->at, n);
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
