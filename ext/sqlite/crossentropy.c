/*
** crossentropy.c — the SQLite front-end's entry point: THE table of every
** SQL function, registered in one loop that stops at the first failure.
**
** Loading: the library file crossentropy.so (.dylib, .dll) makes SQLite look
** for sqlite3_crossentropy_init, so `.load ./dist/crossentropy` needs no
** entry-point argument. A renamed file needs
** load_extension('path', 'sqlite3_crossentropy_init').
** Built with -DSQLITE_CORE, the same code links into an application that
** registers it with sqlite3_auto_extension().
**
** Rules (cited as [R1]..[R4]):
**  [R1] Each row is one SQL name and arity; its C functions find their
**       data (name, signature, aux) in the row, which is the user data.
**       The scalars' entries and the mean aggregates' steps, one per
**       kernel, name their signature as a constant instead (scalar.c
**       [F4], mean.c [E5]), so their rows carry none: a row holds only
**       what its C functions read.
**  [R2] Every loss is CE_FUNCTION_FLAGS, those returning JSON
**       CE_JSON_FLAGS (the same, plus the subtype's where SQLite wants
**       it); only crossentropy_debug() is CE_DEBUG_FLAGS. Aggregates are
**       window functions.
**  [R3] Loading again is harmless: a second load of this very version
**       registers nothing.
**  [R4] A registration that fails stops the load with an error naming the
**       function and arity.
*/
#include <stddef.h>
#include <string.h>
#include "glue.h"
#include "vector.h"
#include "version.h"

SQLITE_EXTENSION_INIT1

static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, CROSSENTROPY_VERSION, -1, SQLITE_STATIC);
}

/* Row shapes [R2]: a scalar, and an aggregate that is a window function. */
#define SCALAR(name, n_arg, x_func, sig, aux)                                 \
  {name, n_arg, CE_FUNCTION_FLAGS, x_func, 0, 0, 0, sig, aux}
#define WINDOW(name, n_arg, x_step, x_value, x_inverse, sig, aux)             \
  {name, n_arg, CE_FUNCTION_FLAGS, 0, x_step, x_value, x_inverse, sig, aux}

/* [R1] A sum of per-class terms (sum.c), from its signature's kernel: */
#define SUM(name, n_arg, sig, aux)                                          \
  WINDOW(name, n_arg, ce_sum_agg_step, ce_sum_agg_value, ce_sum_agg_inverse, \
         sig, aux)

/* [R1] The mean aggregates, their states and merges, as rows: */
#define MEAN_AGGREGATE(name, step, inverse)                                 \
  WINDOW(name, 2, step, ce_mean_agg_value, inverse, 0, 0),                  \
  WINDOW(name, 3, step, ce_mean_agg_value, inverse, 0, 0)
#define MEAN_STATES(prefix, step, inverse, kind)                            \
  WINDOW(prefix "_state", 2, step, ce_state_agg_value, inverse, 0, kind),   \
  WINDOW(prefix "_state", 3, step, ce_state_agg_value, inverse, 0, kind),   \
  WINDOW(prefix "_merge", 1, ce_merge_step, ce_state_agg_value,             \
         ce_merge_inverse, 0, kind),                                        \
  SCALAR(prefix "_value", 1, ce_state_value_func, 0, kind)

/* [R1] The aggregates over binary_eval's state: aux says what each returns
** (evaluation.c); the JSON ones carry the JSON subtype's flag [R2]. */
#define EVAL_AGGREGATE(name, flags, aux)                                    \
  {name, 2, flags, 0, ce_eval_step, ce_eval_agg_value, ce_eval_inverse, 0,  \
   aux},                                                                    \
  {name, 3, flags, 0, ce_eval_step, ce_eval_agg_value, ce_eval_inverse, 0, aux}

static const ce_function ce_functions[] = {
  {"crossentropy_version", 0, CE_FUNCTION_FLAGS, version_func, 0, 0, 0, 0, 0},
  {"crossentropy_debug", 0, CE_DEBUG_FLAGS, ce_debug_func, 0, 0, 0, 0, 0},

  SCALAR("bce",               2, ce_bce_func, 0, 0),
  SCALAR("bce",               3, ce_bce_func, 0, 0),
  SCALAR("balanced_bce",      3, ce_balanced_bce_func, 0, 0),
  SCALAR("focal_loss",        2, ce_focal_func, 0, 0),
  SCALAR("focal_loss",        3, ce_focal_func, 0, 0),
  SCALAR("focal_loss",        4, ce_focal_func, 0, 0),
  SCALAR("bce_logits",        2, ce_bce_logits_func, 0, 0),
  SCALAR("bce_logits",        3, ce_bce_logits_func, 0, 0),
  SCALAR("focal_loss_logits", 2, ce_focal_logits_func, 0, 0),
  SCALAR("focal_loss_logits", 3, ce_focal_logits_func, 0, 0),
  SCALAR("focal_loss_logits", 4, ce_focal_logits_func, 0, 0),

  MEAN_AGGREGATE("mean_cross_entropy", ce_mean_bce_step, ce_mean_bce_inverse),
  MEAN_AGGREGATE("mean_bce_logits", ce_mean_logits_step,
                 ce_mean_logits_inverse),
  MEAN_STATES("mean_cross_entropy", ce_mean_bce_step, ce_mean_bce_inverse,
              CE_STATE_MEAN_CE),
  MEAN_STATES("mean_bce_logits", ce_mean_logits_step, ce_mean_logits_inverse,
              CE_STATE_MEAN_LOGITS),

  MEAN_AGGREGATE("brier_score", ce_brier_step, ce_brier_inverse),
  WINDOW("perplexity", 1, ce_perplexity_step, ce_perplexity_agg_value,
         ce_perplexity_inverse, 0, 0),
  WINDOW("perplexity", 2, ce_perplexity_step, ce_perplexity_agg_value,
         ce_perplexity_inverse, 0, 0),

  EVAL_AGGREGATE("binary_eval", CE_JSON_FLAGS, CE_EVAL_JSON),
  EVAL_AGGREGATE("mean_cross_entropy_stderr", CE_FUNCTION_FLAGS,
                 CE_EVAL_STDERR),
  EVAL_AGGREGATE("normalized_entropy", CE_FUNCTION_FLAGS,
                 CE_EVAL_NORMALIZED_ENTROPY),
  EVAL_AGGREGATE("d2_log_loss", CE_FUNCTION_FLAGS, CE_EVAL_D2),
  EVAL_AGGREGATE("binary_eval_state", CE_FUNCTION_FLAGS, CE_EVAL_STATE),
  WINDOW("binary_eval_merge", 1, ce_eval_merge_step, ce_eval_agg_value,
         ce_eval_merge_inverse, 0, CE_EVAL_STATE),
  {"binary_eval", 1, CE_JSON_FLAGS, ce_eval_state_func, 0, 0, 0, 0,
   CE_STATE_EVAL},
  WINDOW("calibration_error", 2, ce_calibration_step, ce_calibration_agg_value,
         ce_calibration_inverse, 0, 0),
  WINDOW("calibration_error", 3, ce_calibration_step, ce_calibration_agg_value,
         ce_calibration_inverse, 0, 0),
  WINDOW("calibration_error", 4, ce_calibration_step, ce_calibration_agg_value,
         ce_calibration_inverse, 0, 0),
  {"paired_loss_test", 2, CE_JSON_FLAGS, 0, ce_paired_step,
   ce_paired_agg_value, ce_paired_inverse, 0, 0},

  SUM("categorical_ce", 2, &CE_SIG_CATEGORICAL, 0),
  SUM("entropy", 1, &CE_SIG_ENTROPY, 0),
  SUM("kl_divergence", 2, &CE_SIG_KL, CE_SUM_SIGNED),
  WINDOW("softmax_ce",     2, ce_softmax_agg_step, ce_softmax_agg_value,
         ce_softmax_agg_inverse, &CE_SIG_SOFTMAX, 0),

  SCALAR("cross_entropy",     2, ce_vector_ce_func, &CE_SIG_VECTOR_CE,
         CE_NO_BLOB),
  SCALAR("cross_entropy_f32", 2, ce_vector_ce_func, &CE_SIG_VECTOR_CE,
         CE_VEC_F32),
  SCALAR("cross_entropy_f64", 2, ce_vector_ce_func, &CE_SIG_VECTOR_CE,
         CE_VEC_F64),
  SCALAR("softmax_cross_entropy",     2, ce_vector_softmax_func,
         &CE_SIG_VECTOR_SOFTMAX, CE_NO_BLOB),
  SCALAR("softmax_cross_entropy",     3, ce_vector_softmax_func,
         &CE_SIG_VECTOR_SOFTMAX, CE_NO_BLOB),
  SCALAR("softmax_cross_entropy_f32", 2, ce_vector_softmax_func,
         &CE_SIG_VECTOR_SOFTMAX, CE_VEC_F32),
  SCALAR("softmax_cross_entropy_f32", 3, ce_vector_softmax_func,
         &CE_SIG_VECTOR_SOFTMAX, CE_VEC_F32),
  SCALAR("softmax_cross_entropy_f64", 2, ce_vector_softmax_func,
         &CE_SIG_VECTOR_SOFTMAX, CE_VEC_F64),
  SCALAR("softmax_cross_entropy_f64", 3, ce_vector_softmax_func,
         &CE_SIG_VECTOR_SOFTMAX, CE_VEC_F64),
};

/*
** [R3] Whether this very version is already registered on db. Loading twice
** must be harmless, but SQLite refuses to redefine a function while a
** statement runs, as it does when the second load is SELECT
** load_extension(...).
*/
static int already_registered(sqlite3 *db){
  sqlite3_stmt *stmt;
  int same = 0;
  /* With no statement running, registering again always works; probing then
  ** would leave "no such function" as the connection's error, which makes
  ** sqlite3_open() fail when this runs as an auto-extension. */
  if( sqlite3_next_stmt(db, 0)==0 ) return 0;
  if( sqlite3_prepare_v2(db, "SELECT crossentropy_version()", -1, &stmt, 0)
      !=SQLITE_OK ){
    return 0;                                   /* no such function yet */
  }
  if( sqlite3_step(stmt)==SQLITE_ROW ){
    const unsigned char *v = sqlite3_column_text(stmt, 0);
    same = v!=0 && strcmp((const char*)v, CROSSENTROPY_VERSION)==0;
  }
  sqlite3_finalize(stmt);
  return same;
}

static int register_all(sqlite3 *db, char **pzErrMsg){
  size_t i;
  if( already_registered(db) ) return SQLITE_OK;
  for(i=0; i<sizeof(ce_functions)/sizeof(ce_functions[0]); i++){
    const ce_function *f = &ce_functions[i];
    void *row = (void*)f;                         /* [R1] the user data */
    int rc;
    if( f->x_func ){
      rc = sqlite3_create_function_v2(db, f->name, f->n_arg, f->flags, row,
                                      f->x_func, 0, 0, 0);
    }else{
      rc = sqlite3_create_window_function(db, f->name, f->n_arg, f->flags,
                                          row, f->x_step, f->x_value,
                                          f->x_value, f->x_inverse, 0);
    }
    if( rc!=SQLITE_OK ){                                             /* [R4] */
      if( pzErrMsg ){
        *pzErrMsg = sqlite3_mprintf("crossentropy: cannot register %s/%d: %s",
                                    f->name, f->n_arg, sqlite3_errmsg(db));
      }
      return rc;
    }
  }
  return SQLITE_OK;
}

#ifdef _WIN32
__declspec(dllexport)
#elif defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int sqlite3_crossentropy_init(sqlite3 *db, char **pzErrMsg,
                              const sqlite3_api_routines *pApi){
  SQLITE_EXTENSION_INIT2(pApi);
  return register_all(db, pzErrMsg);
}
