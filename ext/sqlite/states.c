/*
** states.c — the mergeable partial states of the mean aggregates (the byte
** form and the merging are in state.h / state.c); the registration row's
** aux is the state kind:
**
**   mean_cross_entropy_state(y, p [, w])   aggregate: the state as a BLOB
**   mean_cross_entropy_merge(state)        aggregate: states merged, a BLOB
**   mean_cross_entropy_value(state)        scalar: the mean a state holds
**   mean_bce_logits_state / _merge / _value    the same for mean_bce_logits
**
** Rules (cited as [T1]..[T4]):
**  [T1] value(merge(state(rows) over parts)) equals the aggregate over all
**       the rows, within an ulp or so [S1]; the _state step is the
**       aggregate's own (mean.c), so its rows are checked the same way.
**  [T2] NULL follows SQL: a _state or _merge of no rows, and _value(NULL),
**       are NULL; _merge skips NULL states.
**  [T3] A state that is not a BLOB, or a BLOB that is not a state of this
**       aggregate (length, magic, version, kind, checksum, field values
**       [S3]), is an error naming the function, the argument and the problem.
**  [T4] _merge is also a window function: the inverse step removes a state.
*/
#include "args.h"
#include "messages.h"

/* glue.h: the BLOB of a state argument [T2][T3]. */
int ce_state_blob(sqlite3_context *ctx, sqlite3_value *v,
                  const unsigned char **bytes, int *n){
  const ce_function *f = ce_called(ctx);
  switch( sqlite3_value_type(v) ){
    case SQLITE_NULL:
      return 0;
    case SQLITE_BLOB:
      break;
    default: {
      char *got = ce_describe_value(v);
      if( got==0 ){ sqlite3_result_error_nomem(ctx); return -1; }
      ce_result_errorf(ctx, "%s(): state (1st argument) must be a BLOB from "
                       "%s_state(), got %s", f->name,
                       ce_state_kind_name(f->aux), got);
      sqlite3_free(got);
      return -1;
    }
  }
  *bytes = sqlite3_value_blob(v);
  *n = sqlite3_value_bytes(v);
  if( *bytes==0 && *n>0 ){ sqlite3_result_error_nomem(ctx); return -1; }
  return 1;
}

/* glue.h: a state refused by its reader [T3]. */
void ce_state_refused(sqlite3_context *ctx, ce_state_status status,
                      int found, int n){
  const ce_function *f = ce_called(ctx);
  char message[CE_MESSAGE_SIZE];
  ce_state_error_text(message, sizeof message, f->name,
                      ce_state_kind_name(f->aux), status, found, n);
  sqlite3_result_error(ctx, message, -1);
}

/* Reads the state argument v of the function called: 1 with *s set, 0 for
** NULL [T2], -1 after setting an error [T3]. */
static int read_state(sqlite3_context *ctx, sqlite3_value *v, ce_state *s){
  const unsigned char *bytes = 0;
  int n = 0, found = 0, got = ce_state_blob(ctx, v, &bytes, &n);
  ce_state_status status;
  if( got<=0 ) return got;
  status = ce_state_read(bytes, n, (ce_state_kind)ce_called(ctx)->aux, s,
                         &found);
  if( status==CE_STATE_OK ) return 1;
  ce_state_refused(ctx, status, found, n);
  return -1;
}

/* xValue and xFinal of _state and _merge: the state as a BLOB; NULL when no
** row was added [T2]. */
void ce_state_agg_value(sqlite3_context *ctx){
  ce_state *s = sqlite3_aggregate_context(ctx, 0);
  unsigned char bytes[CE_STATE_BYTES];
  if( s==0 || s->mean.n_rows==0 ) return;
  ce_state_write(s, (ce_state_kind)ce_called(ctx)->aux, bytes);
  sqlite3_result_blob(ctx, bytes, CE_STATE_BYTES, SQLITE_TRANSIENT);
}

/* One state into or out of (sign) the merge aggregate [T4]. */
static void merge_update(sqlite3_context *ctx, sqlite3_value *v, int sign){
  ce_state part, *sum;
  char message[CE_MESSAGE_SIZE];
  if( read_state(ctx, v, &part)<=0 ) return;
  sum = sqlite3_aggregate_context(ctx, sizeof(*sum));
  if( sum==0 ){ sqlite3_result_error_nomem(ctx); return; }
  if( !ce_state_merge(sum, &part, sign) ){
    ce_merge_overflow_text(message, sizeof message, ce_called(ctx)->name);
    sqlite3_result_error(ctx, message, -1);
  }
}

void ce_merge_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc;
  merge_update(ctx, argv[0], +1);
}

void ce_merge_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc;
  merge_update(ctx, argv[0], -1);                                   /* [T4] */
}

/* _value(state): the mean it holds [T1]. */
void ce_state_value_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  ce_state s;
  (void)argc;
  if( read_state(ctx, argv[0], &s)<=0 ) return;
  ce_mean_result(ctx, &s, ce_called(ctx)->name, 3, 0);
}
