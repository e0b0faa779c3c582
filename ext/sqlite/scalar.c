/*
** scalar.c — every scalar loss of one prediction, from its signature
** (signatures.h) and kernel:
**
**   bce(y, p [, eps])                          binary cross-entropy
**   balanced_bce(y, p, beta)                   class-balanced
**   focal_loss(y, p [, gamma [, alpha]])       torchvision's defaults
**   bce_logits(y, z [, pos_weight])            from a logit
**   focal_loss_logits(y, z [, gamma [, alpha]])
**
** Rules (cited as [F1]..[F4]):
**  [F1] NULL in any argument gives NULL, before any validation.
**  [F2] Each argument is read and checked as its signature says ([P1]..[P4]
**       of signatures.h, [A1]..[A6] of args.h); an omitted trailing one
**       takes the signature's default.
**  [F3] The result is the signature's kernel of the arguments (kernels.h,
**       logit_kernels.h hold the numerics).
**  [F4] One C entry per kernel names its signature as a constant, as the
**       mean aggregates' steps do (mean.c [E5]): the common call's range
**       checks fold and the kernel is inlined, so avg(bce(y, p)) costs what
**       a hand-written bce() did (docs/performance.md). Every SQL name and
**       arity over a kernel is a row of the table.
*/
#include "args.h"

/* The common call, two REAL or INTEGER arguments in range, takes the
** inline fast path of the aggregates (args.h); anything else is read again
** from the start by ce_args_read. */
CE_ALWAYS_INLINE void scalar(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv, const ce_signature *sig){
  double a[CE_MAX_PARAMS];
  if( argc==2 && ce_args_fast(argv, 2, sig, a) ){
    a[2] = sig->param[2].omitted;        /* [F2]; 0.0 past n_params, unused */
    a[3] = sig->param[3].omitted;
  }else if( ce_args_read(ctx, argc, argv, sig, a)<=0 ){
    return;                                                      /* [F1][F2] */
  }
  sqlite3_result_double(ctx, sig->loss(a));                         /* [F3] */
}

/* [F4] One entry per kernel, naming its signature as a constant. */
void ce_bce_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  scalar(ctx, argc, argv, &CE_SIG_BCE);
}
void ce_balanced_bce_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  scalar(ctx, argc, argv, &CE_SIG_BALANCED_BCE);
}
void ce_focal_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  scalar(ctx, argc, argv, &CE_SIG_FOCAL);
}
void ce_bce_logits_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  scalar(ctx, argc, argv, &CE_SIG_BCE_LOGITS);
}
void ce_focal_logits_func(sqlite3_context *ctx, int argc,
                          sqlite3_value **argv){
  scalar(ctx, argc, argv, &CE_SIG_FOCAL_LOGITS);
}
