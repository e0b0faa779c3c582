/*
** vectors.c — SQL glue for losses of one observation whose class vector is
** stored in one value (vector.h reads it):
**
**   cross_entropy(target, probs)                         JSON text
**   cross_entropy_f32(target, probs)                     float32 BLOB or JSON
**   cross_entropy_f64(target, probs)                     float64 BLOB or JSON
**   softmax_cross_entropy[_f32|_f64](target, logits [, label_smoothing])
**
** Requirements:
**  (1) target is a 0-based class index (an INTEGER, or a REAL or TEXT
**      holding an integer) or a vector of the same length as probs/logits
**      (one-hot or soft targets), in the same encodings.
**  (2) A BLOB's element type is never guessed: the plain functions refuse
**      BLOBs and name the _f32/_f64 functions; those take their own type.
**  (3) probs and target elements must be in [0,1]; logits finite. Errors
**      name the function, the argument, the 0-based element index and the
**      value (written as args.h [A5], with the hints of [A6]: a probs
**      element in (1,100] is taken for a percentage, a target element is
**      not, it is a label; either a hair outside [0,1] for rounding);
**      vectors of different lengths, empty vectors, class indexes out of
**      range and malformed encodings are errors.
**  (4) cross_entropy: -ln probs[target] or -Σ t·ln p, each ln clamped at
**      ln(DBL_EPSILON) as in bce; no renormalisation.
**  (5) softmax_cross_entropy: Σ t'·(lse - z), t' = (1-ε)·t + ε/C (PyTorch's
**      cross_entropy with label_smoothing ε in [0,1], default 0), in one
**      pass with a running maximum.
**  (6) A NULL argument gives NULL (an ignored observation: avg() skips it).
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "args.h"
#include "kernels.h"
#include "logit_kernels.h"
#include "vector.h"

#define CE_NO_BLOB (-1)                    /* the plain functions (2) */
#define CE_QUOTE_BYTES 24                  /* text quoted in an error */

/* A vector argument being read, with what its errors need to say. */
typedef struct vec_arg {
  ce_vec_reader r;
  const char *func;
  const char *name;
  int position;
} vec_arg;

/* Up to CE_QUOTE_BYTES of text at p, cut on a UTF-8 boundary. */
static int quote_length(const unsigned char *p, const unsigned char *end){
  int n = (int)(end - p);
  if( n>CE_QUOTE_BYTES ){
    n = CE_QUOTE_BYTES;
    while( n>0 && (p[n]&0xC0)==0x80 ) n--;
  }
  return n;
}

/* Reports a reader error of a (3). */
static void report_reader(sqlite3_context *ctx, const vec_arg *a,
                          ce_vec_status status){
  const ce_vec_reader *r = &a->r;
  const char *ord = ce_ordinal(a->position);
  int n = quote_length(r->at, r->end);
  const char *more = r->at + n<r->end ? "..." : "";
  char value[CE_NUMBER_SIZE];
  switch( status ){
    case CE_VEC_NOT_ARRAY:
      ce_result_errorf(ctx, "%s(): %s (%s argument) must be a JSON array of "
          "numbers, got text '%.*q%s'", a->func, a->name, ord, n, r->at, more);
      break;
    case CE_VEC_NOT_NUMBER:
      if( n==0 ){
        ce_result_errorf(ctx, "%s(): %s (%s argument) ends before element "
            "%lld", a->func, a->name, ord, (long long)r->index);
      }else{
        ce_result_errorf(ctx, "%s(): %s (%s argument) element %lld is not a "
            "number: '%.*q%s'", a->func, a->name, ord, (long long)r->index, n,
            r->at, more);
      }
      break;
    case CE_VEC_SYNTAX:
      ce_result_errorf(ctx, "%s(): %s (%s argument) expected ',' or ']' after "
          "element %lld, got '%.*q%s'", a->func, a->name, ord,
          (long long)r->index - 1, n, r->at, more);
      break;
    case CE_VEC_TRAILING:
      ce_result_errorf(ctx, "%s(): %s (%s argument) has text after the "
          "array: '%.*q%s'", a->func, a->name, ord, n, r->at, more);
      break;
    case CE_VEC_NOT_FINITE:
      ce_format_double(r->bad, value, sizeof value);
      ce_result_errorf(ctx, "%s(): %s (%s argument) element %lld must be "
          "finite, got %s", a->func, a->name, ord, (long long)r->index - 1,
          value);
      break;
    case CE_VEC_BAD_LENGTH:
      ce_result_errorf(ctx, "%s(): %s (%s argument) is a BLOB of %lld bytes, "
          "not a whole number of %d-byte %s elements", a->func, a->name, ord,
          (long long)(r->end - r->at), ce_vec_element_size(r->kind),
          r->kind==CE_VEC_F32 ? "float32" : "float64");
      break;
    default:
      break;
  }
}

/* Opens a TEXT or BLOB value as a vector: 1, or 0 after an error (2)(3). */
static int open_vector(sqlite3_context *ctx, sqlite3_value *v, int blob_kind,
                       vec_arg *a){
  ce_vec_status status;
  switch( sqlite3_value_type(v) ){
    case SQLITE_TEXT: {
      const unsigned char *text = sqlite3_value_text(v);
      if( text==0 ){ sqlite3_result_error_nomem(ctx); return 0; }
      status = ce_vec_open(&a->r, CE_VEC_JSON, text, sqlite3_value_bytes(v));
      break;
    }
    case SQLITE_BLOB:
      if( blob_kind==CE_NO_BLOB ){
        ce_result_errorf(ctx, "%s(): %s (%s argument) is a BLOB: use "
            "%s_f32() or %s_f64() to say whether it holds float32 or float64 "
            "values", a->func, a->name, ce_ordinal(a->position), a->func,
            a->func);
        return 0;
      }
      {
        const void *blob = sqlite3_value_blob(v);
        int n = sqlite3_value_bytes(v);
        if( blob==0 && n>0 ){ sqlite3_result_error_nomem(ctx); return 0; }
        status = ce_vec_open(&a->r, (ce_vec_kind)blob_kind, blob, n);
      }
      break;
    default: {
      char value[5 + CE_NUMBER_SIZE];                /* "real " and a number */
      if( sqlite3_value_type(v)==SQLITE_INTEGER ){
        snprintf(value, sizeof value, "integer %lld",
                 (long long)sqlite3_value_int64(v));
      }else{
        memcpy(value, "real ", 5);
        ce_format_double(sqlite3_value_double(v), value + 5, sizeof value - 5);
      }
      ce_result_errorf(ctx, "%s(): %s (%s argument) must be a vector (a JSON "
          "array%s), got %s", a->func, a->name, ce_ordinal(a->position),
          blob_kind==CE_NO_BLOB ? "" : " or a BLOB", value);
      return 0;
    }
  }
  if( status==CE_VEC_END ) return 1;
  report_reader(ctx, a, status);
  return 0;
}

/* Whether x is a whole number usable as a class index. */
static int integral(double x, sqlite3_int64 *index){
  if( !(x==floor(x) && fabs(x)<9.2e18) ) return 0;
  *index = (sqlite3_int64)x;
  return 1;
}

/* The target (1): 1 for a class index in *index, 2 for a vector opened into
** a, 0 after an error. */
static int open_target(sqlite3_context *ctx, sqlite3_value *v, int blob_kind,
                       vec_arg *a, sqlite3_int64 *index){
  int type = sqlite3_value_type(v);
  if( type==SQLITE_TEXT ){
    const unsigned char *z = sqlite3_value_text(v);
    if( z==0 ){ sqlite3_result_error_nomem(ctx); return 0; }
    while( *z==' ' || *z=='\t' || *z=='\n' || *z=='\r' ) z++;
    if( *z=='[' ) return open_vector(ctx, v, blob_kind, a) ? 2 : 0;
    type = sqlite3_value_numeric_type(v);
  }
  if( type==SQLITE_BLOB ) return open_vector(ctx, v, blob_kind, a) ? 2 : 0;
  if( type==SQLITE_INTEGER ){
    *index = sqlite3_value_int64(v);
    return 1;
  }
  if( type==SQLITE_FLOAT && integral(sqlite3_value_double(v), index) ) return 1;
  if( type==SQLITE_FLOAT ){
    char value[CE_NUMBER_SIZE];
    ce_format_double(sqlite3_value_double(v), value, sizeof value);
    ce_result_errorf(ctx, "%s(): target (1st argument) must be a class index "
        "(an integer) or a vector, got %s", a->func, value);
  }else{
    const unsigned char *z = sqlite3_value_text(v);
    const unsigned char *end;
    int n;
    if( z==0 ){ sqlite3_result_error_nomem(ctx); return 0; }
    end = z + sqlite3_value_bytes(v);
    n = quote_length(z, end);
    ce_result_errorf(ctx, "%s(): target (1st argument) must be a class index "
        "(an integer) or a vector, got text '%.*q%s'", a->func, n, z,
        z + n<end ? "..." : "");
  }
  return 0;
}

/* The error of an element x of a outside its range (3): -1. */
static int element_out_of_range(sqlite3_context *ctx, const vec_arg *a,
                                ce_range range, double x){
  char value[CE_NUMBER_SIZE];
  ce_format_double(x, value, sizeof value);
  ce_result_errorf(ctx, "%s(): %s (%s argument) element %lld %s, got %s%s",
      a->func, a->name, ce_ordinal(a->position), (long long)a->r.index - 1,
      ce_range_rule(range), value, ce_range_hint(range, x));
  return -1;
}

/* The next element of a, checked to be in range: CE_RANGE_UNIT for a
** target, CE_RANGE_PROB for probs, CE_RANGE_ANY for logits (the reader has
** refused what is not finite). 1 with *x set, 0 at the end, -1 after an
** error (3). Inline, and every caller passes a constant range, so the
** check of ce_in_range folds to two compares (or none) per element. */
CE_ALWAYS_INLINE int next_value(sqlite3_context *ctx, vec_arg *a,
                                ce_range range, double *x){
  ce_vec_status status = ce_vec_next(&a->r, x);
  if( status==CE_VEC_END ) return 0;
  if( status!=CE_VEC_ELEMENT ){ report_reader(ctx, a, status); return -1; }
  if( !ce_in_range(*x, range) ) return element_out_of_range(ctx, a, range, *x);
  return 1;
}

/* Counts what is left of a, for a length error; -1 after a reader error. */
static int64_t count_rest(sqlite3_context *ctx, vec_arg *a){
  double x;
  int step;
  while( (step = next_value(ctx, a, CE_RANGE_ANY, &x))==1 ){}
  return step<0 ? -1 : a->r.index;
}

/* The next pair (target element, value element): 1, 0 at the end of both,
** -1 after an error (including different lengths). */
CE_ALWAYS_INLINE int next_pair(sqlite3_context *ctx, vec_arg *t, vec_arg *x,
                               ce_range x_range, double *tv, double *xv){
  int st = next_value(ctx, t, CE_RANGE_UNIT, tv), sx;
  if( st<0 ) return -1;
  sx = next_value(ctx, x, x_range, xv);
  if( sx<0 ) return -1;
  if( st!=sx ){
    int64_t nt = st ? count_rest(ctx, t) : t->r.index;
    int64_t nx = sx ? count_rest(ctx, x) : x->r.index;
    if( nt<0 || nx<0 ) return -1;
    ce_result_errorf(ctx, "%s(): target (1st argument) has %lld elements and "
        "%s (2nd argument) %lld", t->func, (long long)nt, x->name,
        (long long)nx);
    return -1;
  }
  return st;
}

/* After the whole vector: not empty, and the class index in range (3). */
static int check_size(sqlite3_context *ctx, const vec_arg *x, int is_index,
                      sqlite3_int64 index){
  int64_t n = x->r.index;
  if( n==0 ){
    ce_result_errorf(ctx, "%s(): %s (2nd argument) is empty", x->func, x->name);
    return 0;
  }
  if( is_index && (index<0 || index>=n) ){
    ce_result_errorf(ctx, "%s(): target (1st argument) class index %lld is "
        "out of range [0,%lld] for %lld classes", x->func, (long long)index,
        (long long)(n - 1), (long long)n);
    return 0;
  }
  return 1;
}

static int any_null(int argc, sqlite3_value **argv){
  int i;
  for(i=0; i<argc; i++){
    if( sqlite3_value_type(argv[i])==SQLITE_NULL ) return 1;
  }
  return 0;
}

static void cross_entropy(sqlite3_context *ctx, sqlite3_value **argv,
                          const char *func, int blob_kind){
  vec_arg target = {{0}, 0, "target", 1}, probs = {{0}, 0, "probs", 2};
  sqlite3_int64 index = 0;
  double t, p, p_target = 0.0;
  ce_sum loss = {0.0, 0.0};
  int form, step;
  target.func = probs.func = func;
  form = open_target(ctx, argv[0], blob_kind, &target, &index);
  if( form==0 || !open_vector(ctx, argv[1], blob_kind, &probs) ) return;
  if( form==1 && probs.r.kind!=CE_VEC_JSON ){
    /* a float BLOB of valid probabilities and a valid index: one pass */
    int64_t n = ce_vec_blob_unit_pick(&probs.r, index, &p_target);
    if( n>0 && index>=0 && index<n ){
      sqlite3_result_double(ctx,
          ce_categorical_term(1.0, p_target, CE_LOG_DEFAULT_EPS));  /* (4) */
      return;
    }                             /* else the loop below reports the error */
  }
  if( form==1 ){
    while( (step = next_value(ctx, &probs, CE_RANGE_PROB, &p))==1 ){
      if( probs.r.index - 1==index ) p_target = p;
    }
    if( step<0 || !check_size(ctx, &probs, 1, index) ) return;
    sqlite3_result_double(ctx,
        ce_categorical_term(1.0, p_target, CE_LOG_DEFAULT_EPS));   /* (4) */
    return;
  }
  while( (step = next_pair(ctx, &target, &probs, CE_RANGE_PROB, &t,
                           &p))==1 ){
    ce_sum_add(&loss, ce_categorical_term(t, p, CE_LOG_DEFAULT_EPS));
  }
  if( step<0 || !check_size(ctx, &probs, 0, 0) ) return;
  sqlite3_result_double(ctx, ce_sum_value(&loss) + 0.0);
}

static const ce_arg SMOOTHING[] = {
  {"softmax_cross_entropy", "label_smoothing", 3, CE_RANGE_UNIT},
  {"softmax_cross_entropy_f32", "label_smoothing", 3, CE_RANGE_UNIT},
  {"softmax_cross_entropy_f64", "label_smoothing", 3, CE_RANGE_UNIT},
};

static void softmax_cross_entropy(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv, const char *func,
                                  int blob_kind){
  vec_arg target = {{0}, 0, "target", 1}, logits = {{0}, 0, "logits", 2};
  sqlite3_int64 index = 0;
  double t, z, smoothing = 0.0, loss;
  ce_softmax given, uniform;                 /* Σ t(lse-z) and Σ (lse-z) */
  static const ce_softmax zero;
  int form, step;
  given = uniform = zero;
  target.func = logits.func = func;
  if( argc>2 ){
    const ce_arg *spec = &SMOOTHING[blob_kind==CE_NO_BLOB ? 0
                                    : blob_kind==CE_VEC_F32 ? 1 : 2];
    if( !ce_arg_number(ctx, argv[2], sqlite3_value_type(argv[2]), spec,
                       &smoothing) ) return;
  }
  form = open_target(ctx, argv[0], blob_kind, &target, &index);
  if( form==0 || !open_vector(ctx, argv[1], blob_kind, &logits) ) return;
  for(;;){
    if( form==1 ){
      step = next_value(ctx, &logits, CE_RANGE_ANY, &z);
      t = logits.r.index - 1==index ? 1.0 : 0.0;
    }else{
      step = next_pair(ctx, &target, &logits, CE_RANGE_ANY, &t, &z);
    }
    if( step!=1 ) break;
    ce_softmax_add(&given, t, z);
    if( smoothing>0.0 ) ce_softmax_add(&uniform, 1.0, z);
  }
  if( step<0 || !check_size(ctx, &logits, form==1, index) ) return;
  /* (5); a weight of exactly 0 drops its term, so no 0·Inf */
  loss = smoothing<1.0 ? (1.0 - smoothing)*ce_softmax_value(&given) : 0.0;
  if( smoothing>0.0 ){
    loss += smoothing/(double)logits.r.index*ce_softmax_value(&uniform);
  }
  sqlite3_result_double(ctx, loss);
}

/* The SQL entry points: one per name, differing in the BLOB type (2). */
void ce_cross_entropy_func(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv){
  if( any_null(argc, argv) ) return;                                 /* (6) */
  cross_entropy(ctx, argv, "cross_entropy", CE_NO_BLOB);
}

void ce_cross_entropy_f32_func(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv){
  if( any_null(argc, argv) ) return;
  cross_entropy(ctx, argv, "cross_entropy_f32", CE_VEC_F32);
}

void ce_cross_entropy_f64_func(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv){
  if( any_null(argc, argv) ) return;
  cross_entropy(ctx, argv, "cross_entropy_f64", CE_VEC_F64);
}

void ce_softmax_cross_entropy_func(sqlite3_context *ctx, int argc,
                                   sqlite3_value **argv){
  if( any_null(argc, argv) ) return;
  softmax_cross_entropy(ctx, argc, argv, "softmax_cross_entropy", CE_NO_BLOB);
}

void ce_softmax_cross_entropy_f32_func(sqlite3_context *ctx, int argc,
                                       sqlite3_value **argv){
  if( any_null(argc, argv) ) return;
  softmax_cross_entropy(ctx, argc, argv, "softmax_cross_entropy_f32",
                        CE_VEC_F32);
}

void ce_softmax_cross_entropy_f64_func(sqlite3_context *ctx, int argc,
                                       sqlite3_value **argv){
  if( any_null(argc, argv) ) return;
  softmax_cross_entropy(ctx, argc, argv, "softmax_cross_entropy_f64",
                        CE_VEC_F64);
}
