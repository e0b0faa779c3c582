/*
** mean_agg.c — the result of the mean aggregates (their update is inline
** in mean_agg.h). NULL and empty rules: no rows, or a total weight of 0, is
** NULL; a weighted sum that overflows a double is an error, not Inf.
*/
#include "mean_agg.h"

void ce_mean_agg_result(sqlite3_context *ctx, const char *func){
  ce_mean_agg *state = sqlite3_aggregate_context(ctx, 0);
  if( state!=0 ) ce_mean_result(ctx, state, func);          /* no rows: NULL */
}

void ce_mean_result(sqlite3_context *ctx, const ce_state *state,
                    const char *func){
  double mean;
  char *msg;
  switch( ce_mean_value(&state->mean, state->weighted, &mean) ){
    case CE_VALUE:
      sqlite3_result_double(ctx, mean);
      break;
    case CE_EMPTY:
      sqlite3_result_null(ctx);
      break;
    case CE_OVERFLOW:
      msg = state->weighted
        ? sqlite3_mprintf("%s(): the weighted sum overflowed a double; "
                          "scale the weights (3rd argument) down", func)
        : sqlite3_mprintf("%s(): the sum of the losses overflowed a double",
                          func);
      if( msg==0 ){ sqlite3_result_error_nomem(ctx); return; }
      sqlite3_result_error(ctx, msg, -1);
      sqlite3_free(msg);
      break;
  }
}
