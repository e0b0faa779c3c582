/*
** mean_agg.h — the SQLite side of the mean aggregates (mean_cross_entropy,
** mean_bce_logits): their aggregate state and the shared xValue/xFinal.
*/
#ifndef CROSSENTROPY_MEAN_AGG_H
#define CROSSENTROPY_MEAN_AGG_H

#include "glue.h"
#include "kernels.h"
#include "state.h"

/* The aggregate state: the mean kernel plus which form (weighted or not) it
** holds; the same struct the state BLOBs carry (state.h). */
typedef ce_state ce_mean_agg;

/* Adds (sign = +1) or removes (sign = -1) one row's loss, weight w when
** weighted; sets SQLITE_NOMEM on ctx if the state cannot be allocated.
** Inline: it is on every row's path. */
CE_ALWAYS_INLINE void ce_mean_agg_update(sqlite3_context *ctx, double loss,
                                         double w, int weighted, int sign){
  ce_mean_agg *state = sqlite3_aggregate_context(ctx, sizeof(*state));
  if( state==0 ){ sqlite3_result_error_nomem(ctx); return; }
  if( weighted ){
    state->weighted = 1;
    ce_mean_update_weighted(&state->mean, loss, w, sign);
  }else{
    ce_mean_update(&state->mean, loss, sign);
  }
}

/* The xStep and xInverse of one SQL name of a mean aggregate, from its
** inline row function row(ctx, argc, argv, sign, specs): argc is a
** constant in each call, so each form compiles to its own straight path;
** specs name this SQL function in errors. */
#define CE_MEAN_STEPS(step, inverse, row, specs)                              \
  void step(sqlite3_context *ctx, int argc, sqlite3_value **argv){           \
    if( argc==2 ) row(ctx, 2, argv, +1, specs);                              \
    else row(ctx, 3, argv, +1, specs);                                       \
  }                                                                          \
  void inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){        \
    if( argc==2 ) row(ctx, 2, argv, -1, specs);                              \
    else row(ctx, 3, argv, -1, specs);                                       \
  }

/* The mean of state as the SQL result: NULL when there is none, or an error
** naming func when a weighted sum overflowed. */
void ce_mean_result(sqlite3_context *ctx, const ce_state *state,
                    const char *func);

/* xValue and xFinal alike (neither changes the state): ce_mean_result of
** the aggregate's state, NULL when no row was added. */
void ce_mean_agg_result(sqlite3_context *ctx, const char *func);

#endif /* CROSSENTROPY_MEAN_AGG_H */
