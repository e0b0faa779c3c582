/*
** args.c — the slow path of argument reading: numeric conversion of TEXT and
** the error messages of rules [A1]..[A6] in args.h.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "messages.h"

/* How much of an offending BLOB an error message shows, in hex. */
#define CE_QUOTE_BLOB_BYTES 16

/* "text 'abc'" or "blob X'0A0B'", quoted SQL-style and cut short if long
** [C3]. */
static char *describe_non_number(sqlite3_value *v){
  if( sqlite3_value_type(v)==SQLITE_BLOB ){
    const unsigned char *blob = sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v), shown = n, i;
    char hex[2*CE_QUOTE_BLOB_BYTES + 1];
    if( blob==0 && n>0 ) return 0;                       /* out of memory */
    if( shown>CE_QUOTE_BLOB_BYTES ) shown = CE_QUOTE_BLOB_BYTES;
    for(i=0; i<shown; i++) snprintf(hex + 2*i, 3, "%02X", blob[i]);
    hex[2*shown] = 0;
    return sqlite3_mprintf("blob X'%s%s'", hex, shown<n ? "..." : "");
  }else{
    const unsigned char *text = sqlite3_value_text(v);
    int n = sqlite3_value_bytes(v), shown;
    if( text==0 ) return 0;
    shown = ce_quote_length(text, text + n, CE_QUOTE_VALUE_BYTES);
    return sqlite3_mprintf("text '%.*q%s'", shown, (const char*)text,
                           shown<n ? "..." : "");
  }
}

char *ce_describe_value(sqlite3_value *v){
  char number[CE_NUMBER_SIZE];
  switch( sqlite3_value_type(v) ){
    case SQLITE_INTEGER:
      return sqlite3_mprintf("integer %lld", (long long)sqlite3_value_int64(v));
    case SQLITE_FLOAT:
      ce_format_double(sqlite3_value_double(v), number, sizeof number);
      return sqlite3_mprintf("real %s", number);
    case SQLITE_NULL:
      return sqlite3_mprintf("NULL");
    default:
      return describe_non_number(v);
  }
}

/* [A3], with hint after the value: ce_range_hint()'s, or "". */
static void report(sqlite3_context *ctx, const ce_signature *sig, int i,
                   const char *rule, const char *got, const char *hint){
  char message[CE_MESSAGE_SIZE];
  if( got==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_arg_error_text(message, sizeof message, ce_called(ctx)->name,
                    sig->param[i].name, i + 1, rule, got, hint);
  sqlite3_result_error(ctx, message, -1);
}

int ce_arg_slow(sqlite3_context *ctx, sqlite3_value *v,
                const ce_signature *sig, int i, double *out){
  ce_range range = sig->param[i].range;
  char number[CE_NUMBER_SIZE];
  char *described;
  double x;
  /* [A1] converts TEXT that reads as a number, in place, as ln('0.5') does */
  switch( sqlite3_value_numeric_type(v) ){
    case SQLITE_INTEGER: {
      sqlite3_int64 n = sqlite3_value_int64(v);
      x = (double)n;
      if( ce_in_range(x, range) ){ *out = x; return 1; }
      snprintf(number, sizeof number, "%lld", (long long)n);      /* [A5] */
      break;
    }
    case SQLITE_FLOAT:
      x = sqlite3_value_double(v);
      if( ce_in_range(x, range) ){ *out = x; return 1; }
      ce_format_double(x, number, sizeof number);                 /* [A5] */
      break;
    default:
      described = describe_non_number(v);
      report(ctx, sig, i, "must be a number", described,           /* [A3] */
             sqlite3_value_type(v)==SQLITE_BLOB                    /* [A7] */
               ? ce_blob_number_hint(sqlite3_value_bytes(v)) : "");
      sqlite3_free(described);
      return 0;
  }
  report(ctx, sig, i, ce_range_rule(range), number,
         ce_range_hint(range, x));                             /* [A2] [A6] */
  return 0;
}

int ce_args_read(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                 const ce_signature *sig, double *out){
  int types[CE_MAX_PARAMS];
  int i;
  for(i=0; i<argc; i++){
    types[i] = sqlite3_value_type(argv[i]);
    if( types[i]==SQLITE_NULL ) return 0;                          /* [A4] */
  }
  for(i=0; i<argc; i++){
    if( !ce_arg_number(ctx, argv[i], types[i], sig, i, &out[i]) ) return -1;
  }
  for(; i<sig->n_params; i++) out[i] = sig->param[i].omitted;
  return 1;
}

void ce_result_errorf(sqlite3_context *ctx, const char *format, ...){
  va_list ap;
  char *msg;
  va_start(ap, format);
  msg = sqlite3_vmprintf(format, ap);
  va_end(ap);
  if( msg==0 ){ sqlite3_result_error_nomem(ctx); return; }
  sqlite3_result_error(ctx, msg, -1);
  sqlite3_free(msg);
}
