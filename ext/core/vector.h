/*
** vector.h — reading a class vector stored in one value, in plain C: a
** JSON array of numbers (TEXT), or packed little-endian float32 or float64
** (a BLOB, as numpy's tobytes() writes predict_proba output). Elements are
** read one at a time; nothing is allocated, so a vector of any length costs
** constant memory. No SQLite types: tests/c/kernels_test.c tests it alone.
**
** Rules (cited as [V1]..[V8]):
**  [V1] JSON is parsed strictly (RFC 8259 numbers, whitespace, no nesting);
**       each number is read to the correctly rounded double, independently
**       of the C locale and the floating-point environment (json_number.h).
**  [V2] NaN and +-Inf elements are errors (JSON numbers that overflow, too).
**  [V3] A BLOB's length must be a whole number of elements.
**  [V4] Float bytes are little-endian whatever the host's byte order.
**  [V5] A JSON number is RFC 8259's -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?
**       [0-9]+)? and nothing is read past the end given (no terminator is
**       needed): json_number.h reads it.
**  [V6] It reads as the double nearest its decimal value, ties to even,
**       whatever the C locale, the floating-point rounding mode or the x87
**       precision control: the fast path is integer arithmetic only, and
**       strtod runs in round-to-nearest.
**  [V7] A number longer than CE_MAX_NUMBER_CHARS (400) bytes is refused,
**       not truncated.
**  [V8] The fast path (Eisel–Lemire: at most 19 significant digits, a
**       normal result, not within its error bound below a halfway point
**       or on one) is checked against strtod on ten million strings by
**       tests/c/number_test.c; every other number goes to strtod.
*/
#ifndef CROSSENTROPY_VECTOR_H
#define CROSSENTROPY_VECTOR_H

#include <stdint.h>

typedef enum ce_vec_kind {
  CE_VEC_JSON,
  CE_VEC_F32,
  CE_VEC_F64
} ce_vec_kind;

typedef enum ce_vec_status {
  CE_VEC_ELEMENT = 1,       /* *out holds element r->index - 1 */
  CE_VEC_END = 0,           /* no more elements */
  CE_VEC_NOT_ARRAY = -1,    /* JSON text that does not open with '[' */
  CE_VEC_NOT_NUMBER = -2,   /* element r->index is not a JSON number; r->at */
  CE_VEC_SYNTAX = -3,       /* neither ',' nor ']' after element r->index-1 */
  CE_VEC_TRAILING = -4,     /* text after the closing ']', at r->at */
  CE_VEC_NOT_FINITE = -5,   /* element r->index - 1 is r->bad (NaN, +-Inf) */
  CE_VEC_BAD_LENGTH = -6,   /* BLOB length not a multiple of the element size */
  CE_VEC_CONVERT = -7       /* ce_vec_skip_units only: read it with ce_vec_next */
} ce_vec_status;

typedef struct ce_vec_reader {
  const unsigned char *at;    /* next byte to read */
  const unsigned char *end;
  ce_vec_kind kind;
  int64_t index;              /* elements read so far */
  int closed;                 /* JSON: the closing ']' has been read */
  double bad;                 /* the value of a CE_VEC_NOT_FINITE element */
} ce_vec_reader;

/* Bytes per element of a BLOB kind (0 for JSON). */
int ce_vec_element_size(ce_vec_kind kind);

/* Starts reading n bytes at data; CE_VEC_END when ready, else an error. */
ce_vec_status ce_vec_open(ce_vec_reader *r, ce_vec_kind kind,
                          const void *data, int64_t n);

/* The next element, CE_VEC_END after the last, or an error. */
ce_vec_status ce_vec_next(ce_vec_reader *r, double *out);

/*
** Reads past the JSON elements whose form alone puts them in [0,1] (0.ddd,
** 0, 1, 4.0e-05: json_number.h) without converting them, while r->index
** is below limit, as a caller that needs only one element's value reads
** the others. CE_VEC_ELEMENT when r->index reached limit; CE_VEC_CONVERT
** when it stopped before an element it does not read past (or at the end,
** or in a BLOB): read that one with ce_vec_next; CE_VEC_SYNTAX as
** ce_vec_next says it.
*/
ce_vec_status ce_vec_skip_units(ce_vec_reader *r, int64_t limit);

/* How JSON numbers are converted in this process, for crossentropy_debug(). */
const char *ce_vec_number_path(void);

/*
** A whole float BLOB in one pass, for the common call with a class index:
** when every element of the vector opened in r (F32 or F64, not yet read)
** is in [0,1], returns the element count and sets *picked to the element at
** index (left alone when index is not below the count); otherwise -1, and
** the caller reads the vector with ce_vec_next to report the bad element.
** The loop has no early exit, so the compiler can vectorize it.
*/
int64_t ce_vec_blob_unit_pick(const ce_vec_reader *r, int64_t index,
                              double *picked);

#endif /* CROSSENTROPY_VECTOR_H */
