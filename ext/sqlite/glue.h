/*
** glue.h — what every source file of the SQLite front-end shares: the
** SQLite extension API, the function flags, the registration row (whose
** data the shared C functions read), and the C functions that
** crossentropy.c's table registers.
*/
#ifndef CROSSENTROPY_GLUE_H
#define CROSSENTROPY_GLUE_H

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT3

#include "compiler.h"
#include "signatures.h"
#include "state.h"
#include "eval_state.h"

/* Older SQLite headers lack SQLITE_INNOCUOUS (3.31); the flag is then a no-op. */
#ifndef SQLITE_INNOCUOUS
# define SQLITE_INNOCUOUS 0
#endif

/* Older headers lack SQLITE_DIRECTONLY (3.30); the flag is then a no-op. */
#ifndef SQLITE_DIRECTONLY
# define SQLITE_DIRECTONLY 0
#endif

/* Every loss function is a pure function of its arguments: deterministic,
** and innocuous (no side effects, nothing read but its arguments), so views,
** triggers and CHECK constraints of an untrusted schema may use it. */
#define CE_FUNCTION_FLAGS (SQLITE_UTF8|SQLITE_INNOCUOUS|SQLITE_DETERMINISTIC)

/* crossentropy_debug() reads the build and the process, not arguments: not
** innocuous, and direct-only, so no schema can call it. */
#define CE_DEBUG_FLAGS (SQLITE_UTF8|SQLITE_DIRECTONLY)
/* The functions that return JSON give it SQLite's JSON subtype, so that
** json_object('m', binary_eval(y, p)) nests the object, not a string;
** SQLite 3.45 and later want that declared (SQLITE_RESULT_SUBTYPE).
** Older headers lack the flag (3.45); its value is defined here so that a
** build against them still declares it to a newer library, which an older
** one ignores. */
#ifndef SQLITE_RESULT_SUBTYPE
# define SQLITE_RESULT_SUBTYPE 0x001000000
#endif
#define CE_JSON_FLAGS (CE_FUNCTION_FLAGS|SQLITE_RESULT_SUBTYPE)
#define CE_JSON_SUBTYPE 'J'

typedef void (*ce_xfunc)(sqlite3_context*, int, sqlite3_value**);
typedef void (*ce_xfinal)(sqlite3_context*);

/*
** One row of the registration table (crossentropy.c): one SQL name and
** arity. A scalar has x_func; an aggregate has x_step, x_value (also its
** xFinal) and x_inverse, and is registered as a window function. The row
** itself is the function's user data, so one C function serves every SQL
** name that differs only by this data: the name (for errors), the
** argument signature, and aux, a BLOB kind (vectors.c), a state kind
** (states.c) or a sum's sign rule (sum.c).
*/
typedef struct ce_function {
  const char *name;
  int n_arg;
  int flags;
  ce_xfunc x_func;
  ce_xfunc x_step;
  ce_xfinal x_value;
  ce_xfunc x_inverse;
  const ce_signature *sig;
  int aux;
} ce_function;

/* The registration row of the SQL function being called. */
static inline const ce_function *ce_called(sqlite3_context *ctx){
  return (const ce_function*)sqlite3_user_data(ctx);
}

/* aux of a sum whose terms have either sign (kl_divergence): its value is
** not clamped at 0 (sum.c). */
#define CE_SUM_SIGNED 1

/* aux of the vector functions that take no BLOB (vectors.c); the others
** take their ce_vec_kind. */
#define CE_NO_BLOB (-1)

/* debug.c */
void ce_debug_func(sqlite3_context*, int, sqlite3_value**);

/* scalar.c: the scalar losses, one entry per kernel */
void ce_bce_func(sqlite3_context*, int, sqlite3_value**);
void ce_balanced_bce_func(sqlite3_context*, int, sqlite3_value**);
void ce_focal_func(sqlite3_context*, int, sqlite3_value**);
void ce_bce_logits_func(sqlite3_context*, int, sqlite3_value**);
void ce_focal_logits_func(sqlite3_context*, int, sqlite3_value**);

/* mean.c: the mean aggregates, one step per kernel; xValue from the row */
void ce_mean_bce_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_bce_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_mean_agg_value(sqlite3_context*);
void ce_brier_step(sqlite3_context*, int, sqlite3_value**);
void ce_brier_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_perplexity_step(sqlite3_context*, int, sqlite3_value**);
void ce_perplexity_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_perplexity_agg_value(sqlite3_context*);
/* the mean a state holds as the result, errors naming func and, for a
** weighted state, the weights' argument position (states.c too);
** exponentiate: the result is exp(mean), perplexity's */
void ce_mean_result(sqlite3_context*, const ce_state*, const char *func,
                    int weight_position, int exponentiate);

/* sum.c: aggregates of one observation's per-class terms */
void ce_sum_agg_step(sqlite3_context*, int, sqlite3_value**);
void ce_sum_agg_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_sum_agg_value(sqlite3_context*);

/* softmax.c */
void ce_softmax_agg_step(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_agg_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_agg_value(sqlite3_context*);

/* vectors.c: aux is the BLOB kind */
void ce_vector_ce_func(sqlite3_context*, int, sqlite3_value**);
void ce_vector_softmax_func(sqlite3_context*, int, sqlite3_value**);

/* states.c: aux is the state kind */
void ce_state_agg_value(sqlite3_context*);
void ce_merge_step(sqlite3_context*, int, sqlite3_value**);
void ce_merge_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_state_value_func(sqlite3_context*, int, sqlite3_value**);
/* the BLOB of a state argument: 1 with *bytes, *n set, 0 for NULL, -1 after
** an error naming the function and the state kind of its row's aux */
int ce_state_blob(sqlite3_context*, sqlite3_value*,
                  const unsigned char **bytes, int *n);
/* the error for a state its reader refused (status, found as it left them) */
void ce_state_refused(sqlite3_context*, ce_state_status, int found, int n);
/* evaluation.c: binary_eval and the statistics over its state (aux: what
** the row returns), calibration_error, paired_loss_test */
#define CE_EVAL_JSON 0
#define CE_EVAL_STDERR 1
#define CE_EVAL_NORMALIZED_ENTROPY 2
#define CE_EVAL_STATE CE_STATE_EVAL    /* a BLOB; its kind, for the errors
                                       ** of binary_eval_merge */
#define CE_EVAL_D2 5
void ce_eval_step(sqlite3_context*, int, sqlite3_value**);
void ce_eval_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_eval_agg_value(sqlite3_context*);
void ce_eval_merge_step(sqlite3_context*, int, sqlite3_value**);
void ce_eval_merge_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_eval_state_func(sqlite3_context*, int, sqlite3_value**);
void ce_calibration_step(sqlite3_context*, int, sqlite3_value**);
void ce_calibration_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_calibration_agg_value(sqlite3_context*);
void ce_paired_step(sqlite3_context*, int, sqlite3_value**);
void ce_paired_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_paired_agg_value(sqlite3_context*);

#endif /* CROSSENTROPY_GLUE_H */
