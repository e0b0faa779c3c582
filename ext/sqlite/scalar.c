/*
** scalar.c — every scalar loss of one prediction, from its registration
** row's signature (signatures.h) and kernel:
**
**   bce(y, p [, eps])                          binary cross-entropy
**   balanced_bce(y, p, beta)                   class-balanced
**   focal_loss(y, p [, gamma [, alpha]])       torchvision's defaults
**   bce_logits(y, z [, pos_weight])            from a logit
**   focal_loss_logits(y, z [, gamma [, alpha]])
**
** Rules (cited as [F1]..[F3]):
**  [F1] NULL in any argument gives NULL, before any validation.
**  [F2] Each argument is read and checked as its signature says ([P1]..[P4]
**       of signatures.h, [A1]..[A6] of args.h); an omitted trailing one
**       takes the signature's default.
**  [F3] The result is the signature's kernel of the arguments (kernels.h,
**       logit_kernels.h hold the numerics).
*/
#include "args.h"

/* The common call, two REAL or INTEGER arguments in range, takes the
** inline fast path of the aggregates (args.h), its ranges read from the
** row; anything else is read again from the start by ce_args_read. */
void ce_scalar_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  const ce_signature *sig = ce_called(ctx)->sig;
  double a[CE_MAX_PARAMS];
  if( argc==2 && ce_args_fast(argv, 2, sig, a) ){
    a[2] = sig->param[2].omitted;        /* [F2]; 0.0 past n_params, unused */
    a[3] = sig->param[3].omitted;
  }else if( ce_args_read(ctx, argc, argv, sig, a)<=0 ){
    return;                                                      /* [F1][F2] */
  }
  sqlite3_result_double(ctx, sig->loss(a));                         /* [F3] */
}
