/*
** crossentropy.c — the extension's entry point: one table of every SQL
** function, registered in one loop that stops at the first failure.
**
** Loading: the library file crossentropy.so (.dylib, .dll) makes SQLite look
** for sqlite3_crossentropy_init, so `.load ./dist/crossentropy` needs no
** entry-point argument. A renamed file needs
** load_extension('path', 'sqlite3_crossentropy_init').
** Built with -DSQLITE_CORE, the same code links into an application that
** registers it with sqlite3_auto_extension().
*/
#include <stddef.h>
#include <string.h>
#include "glue.h"
#include "version.h"

SQLITE_EXTENSION_INIT1

static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, CROSSENTROPY_VERSION, -1, SQLITE_STATIC);
}

typedef void (*ce_xfunc)(sqlite3_context*, int, sqlite3_value**);
typedef void (*ce_xfinal)(sqlite3_context*);

/* A scalar has x_func; an aggregate has x_step, x_value (also its xFinal)
** and x_inverse, and is registered as a window function. */
static const struct ce_function {
  const char *name;
  int n_arg;
  ce_xfunc x_func;
  ce_xfunc x_step;
  ce_xfinal x_value;
  ce_xfunc x_inverse;
} ce_functions[] = {
  {"crossentropy_version", 0, version_func, 0, 0, 0},
  {"crossentropy_debug",   0, ce_debug_func, 0, 0, 0},
  {"bce",                  2, ce_bce_func, 0, 0, 0},
  {"bce",                  3, ce_bce_func, 0, 0, 0},
  {"mean_cross_entropy",   2, 0, ce_mean_ce_step, ce_mean_ce_value,
                              ce_mean_ce_inverse},
  {"mean_cross_entropy",   3, 0, ce_mean_ce_step, ce_mean_ce_value,
                              ce_mean_ce_inverse},
  {"categorical_ce",       2, 0, ce_categorical_step, ce_categorical_value,
                              ce_categorical_inverse},
  {"balanced_bce",         3, ce_balanced_bce_func, 0, 0, 0},
  {"focal_loss",           2, ce_focal_func, 0, 0, 0},
  {"focal_loss",           3, ce_focal_func, 0, 0, 0},
  {"focal_loss",           4, ce_focal_func, 0, 0, 0},
  {"bce_logits",           2, ce_bce_logits_func, 0, 0, 0},
  {"bce_logits",           3, ce_bce_logits_func, 0, 0, 0},
  {"focal_loss_logits",    2, ce_focal_logits_func, 0, 0, 0},
  {"focal_loss_logits",    3, ce_focal_logits_func, 0, 0, 0},
  {"focal_loss_logits",    4, ce_focal_logits_func, 0, 0, 0},
  {"mean_bce_logits",      2, 0, ce_mean_logits_step, ce_mean_logits_value,
                              ce_mean_logits_inverse},
  {"mean_bce_logits",      3, 0, ce_mean_logits_step, ce_mean_logits_value,
                              ce_mean_logits_inverse},
  {"mean_cross_entropy_state", 2, 0, ce_mean_ce_state_step,
                              ce_mean_ce_state_value, ce_mean_ce_state_inverse},
  {"mean_cross_entropy_state", 3, 0, ce_mean_ce_state_step,
                              ce_mean_ce_state_value, ce_mean_ce_state_inverse},
  {"mean_cross_entropy_merge", 1, 0, ce_mean_ce_merge_step,
                              ce_mean_ce_merge_value, ce_mean_ce_merge_inverse},
  {"mean_cross_entropy_value", 1, ce_mean_ce_value_func, 0, 0, 0},
  {"mean_bce_logits_state", 2, 0, ce_mean_logits_state_step,
                              ce_mean_logits_state_value,
                              ce_mean_logits_state_inverse},
  {"mean_bce_logits_state", 3, 0, ce_mean_logits_state_step,
                              ce_mean_logits_state_value,
                              ce_mean_logits_state_inverse},
  {"mean_bce_logits_merge", 1, 0, ce_mean_logits_merge_step,
                              ce_mean_logits_merge_value,
                              ce_mean_logits_merge_inverse},
  {"mean_bce_logits_value", 1, ce_mean_logits_value_func, 0, 0, 0},
  {"softmax_ce",           2, 0, ce_softmax_ce_step, ce_softmax_ce_value,
                              ce_softmax_ce_inverse},
  {"entropy",              1, 0, ce_entropy_step, ce_entropy_value,
                              ce_entropy_inverse},
  {"kl_divergence",        2, 0, ce_kl_step, ce_kl_value, ce_kl_inverse},
  {"cross_entropy",        2, ce_cross_entropy_func, 0, 0, 0},
  {"cross_entropy_f32",    2, ce_cross_entropy_f32_func, 0, 0, 0},
  {"cross_entropy_f64",    2, ce_cross_entropy_f64_func, 0, 0, 0},
  {"softmax_cross_entropy", 2, ce_softmax_cross_entropy_func, 0, 0, 0},
  {"softmax_cross_entropy", 3, ce_softmax_cross_entropy_func, 0, 0, 0},
  {"softmax_cross_entropy_f32", 2, ce_softmax_cross_entropy_f32_func, 0, 0, 0},
  {"softmax_cross_entropy_f32", 3, ce_softmax_cross_entropy_f32_func, 0, 0, 0},
  {"softmax_cross_entropy_f64", 2, ce_softmax_cross_entropy_f64_func, 0, 0, 0},
  {"softmax_cross_entropy_f64", 3, ce_softmax_cross_entropy_f64_func, 0, 0, 0},
};

/*
** Whether this very version is already registered on db. Loading twice must
** be harmless, but SQLite refuses to redefine a function while a statement
** runs, as it does when the second load is SELECT load_extension(...).
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
    const struct ce_function *f = &ce_functions[i];
    int rc;
    if( f->x_func ){
      /* crossentropy_debug() describes the process, not its arguments:
      ** neither deterministic nor innocuous, and kept out of schemas */
      int flags = f->x_func==ce_debug_func ? CE_DEBUG_FLAGS : CE_FUNCTION_FLAGS;
      rc = sqlite3_create_function_v2(db, f->name, f->n_arg, flags,
                                      0, f->x_func, 0, 0, 0);
    }else{
      rc = sqlite3_create_window_function(db, f->name, f->n_arg,
                                          CE_FUNCTION_FLAGS, 0, f->x_step,
                                          f->x_value, f->x_value,
                                          f->x_inverse, 0);
    }
    if( rc!=SQLITE_OK ){
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
