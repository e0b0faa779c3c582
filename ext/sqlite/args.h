/*
** args.h — reading and validating SQL arguments.
**
** Rules (cited as [A1]..[A7]):
**  [A1] INTEGER and REAL values are taken as they are; TEXT that SQLite itself
**       reads as a number ('0.25', ' 1e-3 ') is converted, as SQLite's math
**       functions do; other TEXT and BLOBs are an error.
**  [A2] A value outside its range (NaN and ±Inf included) is an error.
**  [A3] Every error names the function (from the registration row), the
**       argument (name and position, from the signature) and the offending
**       value: "bce(): y (1st argument) must be in [0,1], got 1.5"
**       (messages.h [M1][M2]).
**  [A4] NULL is the caller's business (scalars return NULL, aggregates skip
**       the row); these readers are never given a NULL.
**  [A5] The value is written so that a person reads it at a glance: an
**       INTEGER exactly as an integer ("got 90", "got 9223372036854775807"),
**       a REAL exactly as Python's repr(float) (ce_format_double in
**       checks.h [C2]): the shortest digits that read back as it, positional for
**       a decimal exponent in [-4,16) with ".0" on a whole number ("90.0",
**       "0.0001", "-0.0"), exponent form otherwise ("1e-05", "1e+16",
**       "5e-324"); "Inf", "-Inf", "NaN". The same under any locale.
**  [A6] A probability (CE_RANGE_PROB; not a label, beta, eps or weight) in
**       (1,100] is most likely a percentage, and the error says so after
**       the value: "got 90.0 (a percentage? divide by 100)"; but any value
**       of [0,1] at most 1e-6 outside it is float rounding, and the error
**       says that instead: "got 1.0000000000000002 (a rounding error? clip
**       to [0,1])".
**  [A7] A BLOB of 4 or 8 bytes where a number belongs is most likely a
**       NumPy scalar that Python's sqlite3 bound by its bytes, and the error
**       says so: "got blob X'6666663F' (a NumPy scalar? pass float(x) or
**       int(x))" (ce_blob_number_hint in checks.h).
**
** The reader is inline so that the common case, a REAL or INTEGER already
** in range, costs one type test and two compares; everything else goes
** through ce_arg_slow() in args.c. An argument is given as a signature
** (signatures.h) and its index in it; the function's name comes from the
** registration row only when an error needs it.
*/
#ifndef CROSSENTROPY_ARGS_H
#define CROSSENTROPY_ARGS_H

#include "checks.h"
#include "glue.h"

/* The general path for argument i of sig: conversion and errors. Returns 1
** with *out set, or 0 after setting an error on ctx. */
int ce_arg_slow(sqlite3_context *ctx, sqlite3_value *v,
                const ce_signature *sig, int i, double *out);

/* Sets an SQL error built from a printf-style format (SQLite's printf). */
void ce_result_errorf(sqlite3_context *ctx, const char *format, ...);

/* Any value as an error message shows it: "integer 7", "real 0.5",
** "text 'abc'", "blob X'0A0B'" (quoted, cut short if long [C3]);
** sqlite3_malloc'd, 0 when out of memory. */
char *ce_describe_value(sqlite3_value *v);

/* Reads all argc arguments into out[], as sig describes them, and sets the
** omitted trailing ones (argc up to sig->n_params) to their defaults: 1
** when all are read, 0 when one is NULL (checked first, before any
** validation [A4]; nothing is set on ctx), -1 after setting an error. */
int ce_args_read(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                 const ce_signature *sig, double *out);


/* Whether a value of this sqlite3_value_type() is a REAL or an INTEGER. */
static inline int ce_is_number_type(int type){
  return type==SQLITE_FLOAT || type==SQLITE_INTEGER;
}

/* The fast path: a REAL or INTEGER already in range costs one type test and
** two compares. `type` is sqlite3_value_type(v), which the caller has from
** its NULL check. With `sig` a static const signature, the compiler folds
** the range's bounds into the compares. */
static inline int ce_arg_number(sqlite3_context *ctx, sqlite3_value *v,
                                int type, const ce_signature *sig, int i,
                                double *out){
  if( ce_is_number_type(type) ){
    double x = sqlite3_value_double(v);
    if( ce_in_range(x, sig->param[i].range) ){ *out = x; return 1; }
  }
  return ce_arg_slow(ctx, v, sig, i, out);
}

/*
** The per-row fast path of the aggregates (and of a two-argument scalar
** call): when all n (1, 2 or 3)
** arguments are REAL or INTEGER and in their ranges, reads them into out[]
** and returns 1. Otherwise returns 0 having set nothing on ctx, and the
** caller reads the row again with ce_args_read(), which skips NULLs and
** reports errors. With n a constant and sig a static const signature this
** is n type tests and 2n compares, no calls but SQLite's; it is unrolled by
** hand because compilers keep a loop with an early exit.
*/
CE_ALWAYS_INLINE int ce_args_fast(sqlite3_value **argv, int n,
                                  const ce_signature *sig, double *out){
  if( !ce_is_number_type(sqlite3_value_type(argv[0]))
   || (n>1 && !ce_is_number_type(sqlite3_value_type(argv[1])))
   || (n>2 && !ce_is_number_type(sqlite3_value_type(argv[2]))) ) return 0;
  out[0] = sqlite3_value_double(argv[0]);
  if( n>1 ) out[1] = sqlite3_value_double(argv[1]);
  if( n>2 ) out[2] = sqlite3_value_double(argv[2]);
  return ce_in_range(out[0], sig->param[0].range)
      && (n<2 || ce_in_range(out[1], sig->param[1].range))
      && (n<3 || ce_in_range(out[2], sig->param[2].range));
}

#endif /* CROSSENTROPY_ARGS_H */
