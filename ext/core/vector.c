/*
** vector.c — the class-vector reader of vector.h: a strict streaming JSON
** array parser (each number read by json_number.c) and the float32/float64
** BLOB decoders.
*/
#include <math.h>
#include "compiler.h"
#include "json_number.h"
#include "le_bytes.h"
#include "vector.h"

int ce_vec_element_size(ce_vec_kind kind){
  return kind==CE_VEC_F32 ? 4 : kind==CE_VEC_F64 ? 8 : 0;
}

static int is_space(unsigned char c){
  return c==' ' || c=='\t' || c=='\n' || c=='\r';
}

static void skip_space(ce_vec_reader *r){
  while( r->at<r->end && is_space(*r->at) ) r->at++;
}

const char *ce_vec_number_path(void){
  return "exact (Eisel-Lemire), strtod near halfway";
}

ce_vec_status ce_vec_open(ce_vec_reader *r, ce_vec_kind kind,
                          const void *data, int64_t n){
  r->at = (const unsigned char*)data;
  r->end = data ? r->at + n : r->at;          /* x'' gives a NULL pointer */
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

/*
** Past the separator after an element that ends at at: the usual ", " is
** read without a loop. CE_VEC_ELEMENT, or CE_VEC_SYNTAX (r->at at the
** offending text) when neither ',' nor ']' follows.
*/
CE_ALWAYS_INLINE ce_vec_status after_element(ce_vec_reader *r, const unsigned char *at){
  const unsigned char *end = r->end;
  if( at<end && *at==',' ){
    at++;
    if( at<end && *at==' ' ) at++;
    r->at = at;
    if( at<end && is_space(*at) ) skip_space(r);
    return CE_VEC_ELEMENT;
  }
  r->at = at;
  skip_space(r);
  if( r->at<end && *r->at==',' ){
    r->at++;
    skip_space(r);
  }else if( r->at<end && *r->at==']' ){
    r->at++;
    r->closed = 1;
  }else{
    return CE_VEC_SYNTAX;
  }
  return CE_VEC_ELEMENT;
}

ce_vec_status ce_vec_skip_units(ce_vec_reader *r, int64_t limit){
  const unsigned char *at = r->at, *end = r->end;
  int64_t index = r->index, n;
  if( r->kind!=CE_VEC_JSON ) return CE_VEC_CONVERT;
  while( index<limit && !r->closed
      && (n = ce_json_unit_length(at, end))>0 ){        /* [V5] [V7] */
    index++;
    if( after_element(r, at + n)!=CE_VEC_ELEMENT ){
      r->index = index;
      return CE_VEC_SYNTAX;
    }
    at = r->at;
  }
  r->at = at;
  r->index = index;
  return index>=limit ? CE_VEC_ELEMENT : CE_VEC_CONVERT;
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
  n = ce_json_number(r->at, r->end, &x);                   /* [V1][V5]..[V7] */
  if( n==0 ) return CE_VEC_NOT_NUMBER;
  if( after_element(r, r->at + n)!=CE_VEC_ELEMENT ){
    r->index++;
    return CE_VEC_SYNTAX;
  }
  return finite_element(r, x, out);
}
