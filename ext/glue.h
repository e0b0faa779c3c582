/*
** glue.h — what every SQLite-facing source file of the extension shares:
** the SQLite extension API, the function flags, and the SQL functions'
** entry points that crossentropy.c registers.
*/
#ifndef CROSSENTROPY_GLUE_H
#define CROSSENTROPY_GLUE_H

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT3

/* Older SQLite headers lack SQLITE_INNOCUOUS (3.31); the flag is then a no-op. */
#ifndef SQLITE_INNOCUOUS
# define SQLITE_INNOCUOUS 0
#endif

/* For the per-row paths, where a call the compiler chose not to inline
** costs a measurable share of a row (docs/performance.md). */
#if defined(__GNUC__) || defined(__clang__)
# define CE_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
# define CE_ALWAYS_INLINE static inline
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

/* debug.c */
void ce_debug_func(sqlite3_context*, int, sqlite3_value**);

/* binary.c */
void ce_bce_func(sqlite3_context*, int, sqlite3_value**);
void ce_balanced_bce_func(sqlite3_context*, int, sqlite3_value**);
void ce_focal_func(sqlite3_context*, int, sqlite3_value**);
void ce_mean_ce_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_ce_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_mean_ce_value(sqlite3_context*);
void ce_mean_ce_state_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_ce_state_inverse(sqlite3_context*, int, sqlite3_value**);

/* categorical.c */
void ce_categorical_step(sqlite3_context*, int, sqlite3_value**);
void ce_categorical_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_categorical_value(sqlite3_context*);

/* logits.c */
void ce_bce_logits_func(sqlite3_context*, int, sqlite3_value**);
void ce_focal_logits_func(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_value(sqlite3_context*);
void ce_mean_logits_state_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_state_inverse(sqlite3_context*, int, sqlite3_value**);

/* states.c */
void ce_mean_ce_state_value(sqlite3_context*);
void ce_mean_ce_merge_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_ce_merge_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_mean_ce_merge_value(sqlite3_context*);
void ce_mean_ce_value_func(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_state_value(sqlite3_context*);
void ce_mean_logits_merge_step(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_merge_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_mean_logits_merge_value(sqlite3_context*);
void ce_mean_logits_value_func(sqlite3_context*, int, sqlite3_value**);

/* softmax.c */
void ce_softmax_ce_step(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_ce_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_ce_value(sqlite3_context*);

/* divergence.c */
void ce_entropy_step(sqlite3_context*, int, sqlite3_value**);
void ce_entropy_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_entropy_value(sqlite3_context*);
void ce_kl_step(sqlite3_context*, int, sqlite3_value**);
void ce_kl_inverse(sqlite3_context*, int, sqlite3_value**);
void ce_kl_value(sqlite3_context*);

/* vectors.c */
void ce_cross_entropy_func(sqlite3_context*, int, sqlite3_value**);
void ce_cross_entropy_f32_func(sqlite3_context*, int, sqlite3_value**);
void ce_cross_entropy_f64_func(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_cross_entropy_func(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_cross_entropy_f32_func(sqlite3_context*, int, sqlite3_value**);
void ce_softmax_cross_entropy_f64_func(sqlite3_context*, int, sqlite3_value**);

#endif /* CROSSENTROPY_GLUE_H */
