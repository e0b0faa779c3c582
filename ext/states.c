/*
** states.c — SQL glue for the mergeable partial states of the mean
** aggregates (the byte form and the merging are in state.h / state.c):
**
**   mean_cross_entropy_state(y, p [, w])   aggregate: the state as a BLOB
**   mean_cross_entropy_merge(state)        aggregate: states merged, a BLOB
**   mean_cross_entropy_value(state)        scalar: the mean a state holds
**   mean_bce_logits_state / _merge / _value    the same for mean_bce_logits
**
** Requirements:
**  (1) value(merge(state(rows) over parts)) equals the aggregate over all
**      the rows, within an ulp or so [S1]; the _state step is the aggregate's
**      own (binary.c, logits.c), so its rows are checked the same way.
**  (2) NULL follows SQL: a _state or _merge of no rows, and _value(NULL),
**      are NULL; _merge skips NULL states.
**  (3) A state that is not a BLOB, or a BLOB that is not a state of this
**      aggregate (length, magic, version, kind, checksum, field values
**      [S3]), is an error naming the function, the argument and the problem.
**  (4) _merge is also a window function: the inverse step removes a state.
*/
#include "args.h"
#include "mean_agg.h"

/* An aggregate's names, for reading its states and for the errors. */
typedef struct state_family {
  ce_state_kind kind;
  const char *aggregate;     /* "mean_cross_entropy" */
  const char *merge;
  const char *value;
} state_family;

static const state_family MEAN_CE = {
  CE_STATE_MEAN_CE, "mean_cross_entropy", "mean_cross_entropy_merge",
  "mean_cross_entropy_value"
};
static const state_family MEAN_LOGITS = {
  CE_STATE_MEAN_LOGITS, "mean_bce_logits", "mean_bce_logits_merge",
  "mean_bce_logits_value"
};

/* Reads the state argument v of func: 1 with *s set, 0 for NULL (2), -1
** after setting an error (3). */
static int read_state(sqlite3_context *ctx, sqlite3_value *v,
                      const state_family *f, const char *func, ce_state *s){
  const unsigned char *bytes;
  int n, found = 0;
  ce_state_status status;
  char message[200];
  switch( sqlite3_value_type(v) ){
    case SQLITE_NULL:
      return 0;
    case SQLITE_BLOB:
      break;
    default: {
      char *got = ce_describe_value(v);
      if( got==0 ){ sqlite3_result_error_nomem(ctx); return -1; }
      ce_result_errorf(ctx, "%s(): state (1st argument) must be a BLOB from "
                       "%s_state(), got %s", func, f->aggregate, got);
      sqlite3_free(got);
      return -1;
    }
  }
  bytes = sqlite3_value_blob(v);
  n = sqlite3_value_bytes(v);
  if( bytes==0 && n>0 ){ sqlite3_result_error_nomem(ctx); return -1; }
  status = ce_state_read(bytes, n, f->kind, s, &found);
  if( status==CE_STATE_OK ) return 1;
  ce_state_error_text(message, sizeof message, func, f->aggregate, status,
                      found, n);
  sqlite3_result_error(ctx, message, -1);
  return -1;
}

/* The aggregate's state as a BLOB; NULL when no row was added (2). */
static void state_result(sqlite3_context *ctx, const ce_state *s,
                         ce_state_kind kind){
  unsigned char bytes[CE_STATE_BYTES];
  ce_state_write(s, kind, bytes);
  sqlite3_result_blob(ctx, bytes, CE_STATE_BYTES, SQLITE_TRANSIENT);
}

static void agg_state_result(sqlite3_context *ctx, ce_state_kind kind){
  ce_mean_agg *s = sqlite3_aggregate_context(ctx, 0);
  if( s!=0 && s->mean.n_rows>0 ) state_result(ctx, s, kind);
}

/* One state into or out of (sign) the merge aggregate (4). */
static void merge_update(sqlite3_context *ctx, sqlite3_value *v,
                         const state_family *f, int sign){
  ce_state part, *sum;
  if( read_state(ctx, v, f, f->merge, &part)<=0 ) return;
  sum = sqlite3_aggregate_context(ctx, sizeof(*sum));
  if( sum==0 ){ sqlite3_result_error_nomem(ctx); return; }
  if( !ce_state_merge(sum, &part, sign) ){
    ce_result_errorf(ctx, "%s(): the merged states hold more rows than a "
                     "64-bit count", f->merge);
  }
}

static void value_func(sqlite3_context *ctx, sqlite3_value *v,
                       const state_family *f){
  ce_state s;
  if( read_state(ctx, v, f, f->value, &s)<=0 ) return;
  ce_mean_result(ctx, &s, f->value);
}

/* The SQL entry points. The merge aggregates take one argument. */
void ce_mean_ce_state_value(sqlite3_context *ctx){
  agg_state_result(ctx, CE_STATE_MEAN_CE);
}
void ce_mean_ce_merge_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc;
  merge_update(ctx, argv[0], &MEAN_CE, +1);
}
void ce_mean_ce_merge_inverse(sqlite3_context *ctx, int argc,
                              sqlite3_value **argv){
  (void)argc;
  merge_update(ctx, argv[0], &MEAN_CE, -1);
}
void ce_mean_ce_merge_value(sqlite3_context *ctx){
  agg_state_result(ctx, CE_STATE_MEAN_CE);
}
void ce_mean_ce_value_func(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv){
  (void)argc;
  value_func(ctx, argv[0], &MEAN_CE);
}

void ce_mean_logits_state_value(sqlite3_context *ctx){
  agg_state_result(ctx, CE_STATE_MEAN_LOGITS);
}
void ce_mean_logits_merge_step(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv){
  (void)argc;
  merge_update(ctx, argv[0], &MEAN_LOGITS, +1);
}
void ce_mean_logits_merge_inverse(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv){
  (void)argc;
  merge_update(ctx, argv[0], &MEAN_LOGITS, -1);
}
void ce_mean_logits_merge_value(sqlite3_context *ctx){
  agg_state_result(ctx, CE_STATE_MEAN_LOGITS);
}
void ce_mean_logits_value_func(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv){
  (void)argc;
  value_func(ctx, argv[0], &MEAN_LOGITS);
}
