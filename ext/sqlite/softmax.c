/*
** softmax.c — softmax cross-entropy over grouped rows:
**
**   softmax_ce(y, z)    aggregate and window function (frames that grow)
**
** One group is one observation, one row per class: z is that class's logit,
** y its target (a 0/1 indicator or a soft target). The result is
** Σ y·(lse - z), lse = ln Σ exp(z) over the group: PyTorch's
** cross_entropy(z, target) for one observation.
** Rules (cited as [X1]..[X3]):
**  [X1] y in [0,1]; z a finite number (signatures.h [P1][P4]).
**  [X2] Rows with a NULL in either argument are skipped; no usable rows gives
**       NULL; a group whose targets are all 0 gives 0.
**  [X3] One pass with a running maximum (logit_kernels.h). A maximum cannot
**       be undone, so as a window function it serves frames that only grow
**       (PARTITION BY without ORDER BY, or UNBOUNDED PRECEDING); a frame
**       that drops a row is an error, never a wrong number.
*/
#include "args.h"
#include "logit_kernels.h"

typedef struct softmax_state {
  ce_softmax softmax;
  int dropped;        /* a window frame has dropped a row [X3] */
} softmax_state;

void ce_softmax_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  double a[CE_MAX_PARAMS];                                            /* y, z */
  softmax_state *state;
  if( ce_args_read(ctx, argc, argv, ce_called(ctx)->sig, a)<=0 ){
    return;                                                      /* [X1][X2] */
  }
  state = sqlite3_aggregate_context(ctx, sizeof(*state));
  if( state==0 ){ sqlite3_result_error_nomem(ctx); return; }
  ce_softmax_add(&state->softmax, a[0], a[1]);
}

void ce_softmax_agg_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  softmax_state *state = sqlite3_aggregate_context(ctx, sizeof(*state));
  (void)argc; (void)argv;
  if( state ) state->dropped = 1;                                   /* [X3] */
}

/* xValue and xFinal alike. */
void ce_softmax_agg_value(sqlite3_context *ctx){
  softmax_state *state = sqlite3_aggregate_context(ctx, 0);
  if( state==0 ) return;                                            /* [X2] */
  if( state->dropped ){                                             /* [X3] */
    ce_result_errorf(ctx, "%s(): a window frame that drops rows is not "
        "supported (a running maximum cannot be undone); use GROUP BY, or a "
        "frame starting at UNBOUNDED PRECEDING", ce_called(ctx)->name);
    return;
  }
  if( state->softmax.n_rows==0 ) return;
  sqlite3_result_double(ctx, ce_softmax_value(&state->softmax));
}
