/*
** mean.c — the mean aggregates, aggregate and window functions:
**
**   mean_cross_entropy(y, p [, w])   Σ w·bce / Σ w (w = 1 when omitted)
**   mean_bce_logits(y, z [, w])      the same from logits
**   ..._state(y, p|z [, w])          the same rows, the result a state BLOB
**                                    (its xValue is in states.c)
**   brier_score(y, p [, w])          Σ w·(p − y)² / Σ w
**   perplexity(logprob [, w])        exp(Σ w·(−logprob) / Σ w)
**
** Rules (cited as [E1]..[E5]):
**  [E1] Each row is read and checked as the signature says (signatures.h
**       [P1]..[P4]); an error names the SQL function of the row called.
**  [E2] Rows with a NULL in any argument are skipped, as avg() skips them;
**       no usable rows, or a total weight of 0, gives NULL.
**  [E3] A weighted sum that overflows a double is an error, not Inf or NaN;
**       an infinite loss (mean_bce_logits at z = -+Inf) makes the mean +Inf
**       while its row is in the frame.
**  [E4] The window inverse step removes exactly what the step added.
**  [E5] The common row, every argument a REAL or INTEGER in range, takes
**       the inline fast path: with the signature, argc and sign constants
**       it costs a few compares before the kernel, which is inlined
**       (docs/performance.md). Any other row is read again from the start,
**       NULLs first, by ce_args_read.
*/
#include <math.h>
#include "args.h"
#include "messages.h"

/* One row, in the step (sign = +1) or the window inverse step (sign = -1). */
CE_ALWAYS_INLINE void mean_row(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv, int sign,
                               const ce_signature *sig){
  double a[CE_MAX_PARAMS];                                    /* y, p|z [, w] */
  ce_state *state;
  if( !ce_args_fast(argv, argc, sig, a)                              /* [E5] */
   && ce_args_read(ctx, argc, argv, sig, a)<=0 ) return;         /* [E1][E2] */
  state = sqlite3_aggregate_context(ctx, sizeof(*state));
  if( state==0 ){ sqlite3_result_error_nomem(ctx); return; }
  /* the weight is the last parameter, given or not */
  ce_state_add(state, sig->loss(a), argc==sig->n_params ? a[argc-1] : 1.0,
               argc==sig->n_params, sign);
}

/* argc is a constant in each call, so each form compiles to its own
** straight path [E5]. */
CE_ALWAYS_INLINE void mean_rows(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv, int sign,
                                const ce_signature *sig){
  if( argc==2 ) mean_row(ctx, 2, argv, sign, sig);
  else if( argc==3 ) mean_row(ctx, 3, argv, sign, sig);
  else mean_row(ctx, 1, argv, sign, sig);
}

/* One step and one inverse per kernel: the signature must be a constant
** here for [E5]. The SQL names over each kernel are rows of the table. */
void ce_mean_bce_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_rows(ctx, argc, argv, +1, &CE_SIG_MEAN_BCE);
}
void ce_mean_bce_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_rows(ctx, argc, argv, -1, &CE_SIG_MEAN_BCE);                 /* [E4] */
}
void ce_mean_logits_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_rows(ctx, argc, argv, +1, &CE_SIG_MEAN_LOGITS);
}
void ce_mean_logits_inverse(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv){
  mean_rows(ctx, argc, argv, -1, &CE_SIG_MEAN_LOGITS);              /* [E4] */
}

void ce_brier_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_rows(ctx, argc, argv, +1, &CE_SIG_BRIER);
}
void ce_brier_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_rows(ctx, argc, argv, -1, &CE_SIG_BRIER);                    /* [E4] */
}
void ce_perplexity_step(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  mean_rows(ctx, argc, argv, +1, &CE_SIG_PERPLEXITY);
}
void ce_perplexity_inverse(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv){
  mean_rows(ctx, argc, argv, -1, &CE_SIG_PERPLEXITY);               /* [E4] */
}

void ce_mean_result(sqlite3_context *ctx, const ce_state *state,
                    const char *func, int weight_position, int exponentiate){
  char message[CE_MESSAGE_SIZE];
  double mean;
  switch( ce_mean_value(&state->mean, state->weighted, &mean) ){
    case CE_VALUE:
      if( exponentiate && isfinite(mean) && exp(mean)==HUGE_VAL ){
        ce_perplexity_overflow_text(message, sizeof message, func, mean);
        sqlite3_result_error(ctx, message, -1);
      }else{
        sqlite3_result_double(ctx, exponentiate ? exp(mean) : mean);
      }
      break;
    case CE_EMPTY:
      sqlite3_result_null(ctx);                                     /* [E2] */
      break;
    case CE_OVERFLOW:
      ce_mean_overflow_text(message, sizeof message, func,
                            state->weighted ? weight_position : 0);
      sqlite3_result_error(ctx, message, -1);                       /* [E3] */
      break;
  }
}

/* xValue and xFinal alike (neither changes the state). */
void ce_mean_agg_value(sqlite3_context *ctx){
  ce_state *state = sqlite3_aggregate_context(ctx, 0);
  if( state!=0 ) ce_mean_result(ctx, state, ce_called(ctx)->name, 3, 0); /* [E2] */
}

/* perplexity's xValue: exp of the mean of −logprob, +Inf while a row of
** logprob −Inf (and weight > 0) is in the frame [E3]; its weights are the
** 2nd argument. */
void ce_perplexity_agg_value(sqlite3_context *ctx){
  ce_state *state = sqlite3_aggregate_context(ctx, 0);
  if( state!=0 ) ce_mean_result(ctx, state, ce_called(ctx)->name, 2, 1);
}
