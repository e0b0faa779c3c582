/*
** vectors.c — losses of one observation whose class vector is stored in one
** value (vector.h reads it); the registration row's aux is the BLOB kind
** a function takes (CE_NO_BLOB, CE_VEC_F32, CE_VEC_F64):
**
**   cross_entropy(target, probs)                         JSON text
**   cross_entropy_f32(target, probs)                     float32 BLOB or JSON
**   cross_entropy_f64(target, probs)                     float64 BLOB or JSON
**   softmax_cross_entropy[_f32|_f64](target, logits [, label_smoothing])
**
** Rules (cited as [Y1]..[Y6]):
**  [Y1] target is a 0-based class index (an INTEGER, or a REAL or TEXT
**       holding an integer) or a vector of the same length as probs/logits
**       (one-hot or soft targets), in the same encodings.
**  [Y2] A BLOB's element type is never guessed: the plain functions refuse
**       BLOBs and name the _f32/_f64 functions; those take their own type.
**  [Y3] probs and target elements must be in [0,1]; logits finite. Errors
**       name the function, the argument, the 0-based element index and the
**       value (written as args.h [A5], with the hints of [A6]: a probs
**       element in (1,100] is taken for a percentage, a target element is
**       not, it is a label; either a hair outside [0,1] for rounding);
**       vectors of different lengths, empty vectors, class indexes out of
**       range and malformed encodings are errors.
**  [Y4] cross_entropy: -ln probs[target] or -Σ t·ln p, each ln clamped at
**       ln(DBL_EPSILON) as in bce; no renormalisation.
**  [Y5] softmax_cross_entropy: Σ t'·(lse - z), t' = (1-ε)·t + ε/C (PyTorch's
**       cross_entropy with label_smoothing ε in [0,1], default 0), in one
**       pass with a running maximum.
**  [Y6] A NULL argument gives NULL (an ignored observation: avg() skips it).
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "args.h"
#include "kernels.h"
#include "logit_kernels.h"
#include "vector.h"

/* A vector argument being read, with what its errors need to say. */
typedef struct vec_arg {
  ce_vec_reader r;
  const char *func;
  const char *name;
  int position;
} vec_arg;

/* Argument i of the function called (its registration row f), as the
** row's signature names it. */
static void vec_arg_init(vec_arg *a, const ce_function *f, int i){
  static const ce_vec_reader unread;
  a->r = unread;
  a->func = f->name;
  a->name = f->sig->param[i].name;
  a->position = i + 1;
}

/* The text of a vector an error quotes, from p [C3]. */
static int quote_length(const unsigned char *p, const unsigned char *end){
  return ce_quote_length(p, end, CE_QUOTE_VECTOR_BYTES);
}

/* Reports a reader error of a [Y3]. */
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

/* Opens a TEXT or BLOB value as a vector: 1, or 0 after an error [Y2][Y3]. */
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

/* The target [Y1]: 1 for a class index in *index, 2 for a vector opened into
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

/* The error of an element x of a outside its range [Y3]: -1. */
static int element_out_of_range(sqlite3_context *ctx, const vec_arg *a,
                                ce_range range, double x){
  char value[CE_NUMBER_SIZE];
  ce_format_double(x, value, sizeof value);
  ce_result_errorf(ctx, "%s(): %s (%s argument) element %lld %s, got %s%s",
      a->func, a->name, ce_ordinal(a->position), (long long)a->r.index - 1,
      ce_range_rule(range), value, ce_range_hint(range, x));
  return -1;
}

/* The ranges of the elements, as the signatures give them: a constant
** for the compiler, which reads a static const signature at compile time. */
#define TARGET_RANGE (CE_SIG_VECTOR_CE.param[0].range)       /* UNIT */
#define PROBS_RANGE  (CE_SIG_VECTOR_CE.param[1].range)       /* PROB */
#define LOGITS_RANGE (CE_SIG_VECTOR_SOFTMAX.param[1].range)  /* ANY */

/* The next element of a, checked to be in range: TARGET_RANGE for a
** target, PROBS_RANGE for probs, LOGITS_RANGE for logits (the reader has
** refused what is not finite). 1 with *x set, 0 at the end, -1 after an
** error [Y3]. Inline, and every caller passes a constant range, so the
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
  int st = next_value(ctx, t, TARGET_RANGE, tv), sx;
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

/* After the whole vector: not empty, and the class index in range [Y3]. */
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

/* cross_entropy[_f32|_f64](target, probs) */
void ce_vector_ce_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  const ce_function *f = ce_called(ctx);     /* once per call, not per use */
  int blob_kind = f->aux;
  vec_arg target, probs;
  sqlite3_int64 index = 0;
  double t, p, p_target = 0.0;
  ce_sum loss = {0.0, 0.0};
  int form, step;
  if( any_null(argc, argv) ) return;                                /* [Y6] */
  vec_arg_init(&target, f, 0);
  vec_arg_init(&probs, f, 1);
  form = open_target(ctx, argv[0], blob_kind, &target, &index);
  if( form==0 || !open_vector(ctx, argv[1], blob_kind, &probs) ) return;
  if( form==1 && probs.r.kind!=CE_VEC_JSON ){
    /* a float BLOB of valid probabilities and a valid index: one pass */
    int64_t n = ce_vec_blob_unit_pick(&probs.r, index, &p_target);
    if( n>0 && index>=0 && index<n ){
      sqlite3_result_double(ctx,
          ce_categorical_term(1.0, p_target, CE_LOG_DEFAULT_EPS));  /* [Y4] */
      return;
    }                             /* else the loop below reports the error */
  }
  if( form==1 ){
    /* JSON with a class index: only the indexed element's value is needed;
    ** the others are only checked, and one whose form puts it in [0,1]
    ** (0.ddd) is read past without converting it [Y3]. */
    for(;;){
      if( probs.r.index!=index ){         /* up to the index, or to the end */
        ce_vec_status skip = ce_vec_skip_units(&probs.r,
            probs.r.index<index ? index : INT64_MAX);
        if( skip==CE_VEC_ELEMENT ) continue;
        if( skip!=CE_VEC_CONVERT ){ report_reader(ctx, &probs, skip); return; }
      }
      if( (step = next_value(ctx, &probs, PROBS_RANGE, &p))!=1 ) break;
      if( probs.r.index - 1==index ) p_target = p;
    }
    if( step<0 || !check_size(ctx, &probs, 1, index) ) return;
    sqlite3_result_double(ctx,
        ce_categorical_term(1.0, p_target, CE_LOG_DEFAULT_EPS));  /* [Y4] */
    return;
  }
  while( (step = next_pair(ctx, &target, &probs, PROBS_RANGE, &t,
                           &p))==1 ){
    ce_sum_add(&loss, ce_categorical_term(t, p, CE_LOG_DEFAULT_EPS));
  }
  if( step<0 || !check_size(ctx, &probs, 0, 0) ) return;
  sqlite3_result_double(ctx, ce_sum_value(&loss) + 0.0);
}

/* softmax_cross_entropy[_f32|_f64](target, logits [, label_smoothing]) */
void ce_vector_softmax_func(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv){
  const ce_function *f = ce_called(ctx);
  int blob_kind = f->aux;
  vec_arg target, logits;
  sqlite3_int64 index = 0;
  double t, z, smoothing = f->sig->param[2].omitted, loss;
  ce_softmax given, uniform;                 /* Σ t(lse-z) and Σ (lse-z) */
  static const ce_softmax zero;
  int form, step;
  if( any_null(argc, argv) ) return;                                /* [Y6] */
  given = uniform = zero;
  vec_arg_init(&target, f, 0);
  vec_arg_init(&logits, f, 1);
  if( argc>2 && !ce_arg_number(ctx, argv[2], sqlite3_value_type(argv[2]),
                               f->sig, 2, &smoothing) ) return;     /* [Y5] */
  form = open_target(ctx, argv[0], blob_kind, &target, &index);
  if( form==0 || !open_vector(ctx, argv[1], blob_kind, &logits) ) return;
  for(;;){
    if( form==1 ){
      step = next_value(ctx, &logits, LOGITS_RANGE, &z);
      t = logits.r.index - 1==index ? 1.0 : 0.0;
    }else{
      step = next_pair(ctx, &target, &logits, LOGITS_RANGE, &t, &z);
    }
    if( step!=1 ) break;
    ce_softmax_add(&given, t, z);
    if( smoothing>0.0 ) ce_softmax_add(&uniform, 1.0, z);
  }
  if( step<0 || !check_size(ctx, &logits, form==1, index) ) return;
  /* [Y5]; a weight of exactly 0 drops its term, so no 0·Inf */
  loss = smoothing<1.0 ? (1.0 - smoothing)*ce_softmax_value(&given) : 0.0;
  if( smoothing>0.0 ){
    loss += smoothing/(double)logits.r.index*ce_softmax_value(&uniform);
  }
  sqlite3_result_double(ctx, loss);
}
