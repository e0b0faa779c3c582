/*
** messages.h — the sentences an error says, where both front-ends say the
** same: a bad argument, a sum that overflowed, a merge whose counts would
** overflow, a state BLOB refused. Each writes into a caller's buffer (always
** terminated, cut short if it is too small); CE_MESSAGE_SIZE holds any of
** them. The SQLite front-end returns the text with sqlite3_result_error, the
** PostgreSQL one with ereport, so both engines word an error alike.
**
** Rules (cited as [M1]..[M3]):
**  [M1] An error starts with the SQL function's name, "bce(): ", and names
**       the argument by name and position: "p (2nd argument)".
**  [M2] A bad value is shown after "got", with the hint of checks.h after
**       it: "must be in [0,1], got 90.0 (a percentage? divide by 100)".
**  [M3] An overflow says what overflowed and, where the user can act, what
**       to do: "scale the weights (3rd argument) down".
*/
#ifndef CROSSENTROPY_MESSAGES_H
#define CROSSENTROPY_MESSAGES_H

#include <stddef.h>
#include <stdint.h>
#include "checks.h"
#include "state.h"

#define CE_MESSAGE_SIZE 400

/* "func(): name (2nd argument) must be in [0,1], got 90.0 (a percentage?
** divide by 100)": rule from ce_range_rule() (or "must be a number"), got
** the value as written for the user, hint from ce_range_hint() or "". */
void ce_arg_error_text(char *buf, size_t size, const char *func,
                       const char *name, int position, const char *rule,
                       const char *got, const char *hint);

/* The error of a number x outside range, x written as [C2] writes it. */
void ce_range_error_text(char *buf, size_t size, const char *func,
                         const char *name, int position, ce_range range,
                         double x);

/* A mean whose Σ w·loss or Σ w left the range of doubles [M3]; the
** weights are the argument at weight_position (0: not weighted). */
void ce_mean_overflow_text(char *buf, size_t size, const char *func,
                           int weight_position);

/* A standard error whose squared weights left the doubles (spread.h [H4]):
** the weights are the argument at weight_position. */
void ce_spread_range_text(char *buf, size_t size, const char *func,
                          int weight_position);

/* perplexity's exp(mean) beyond the doubles, mean the mean of −logprob
** (finite: an infinite one is the Inf a −Inf logprob gives). */
void ce_perplexity_overflow_text(char *buf, size_t size, const char *func,
                                 double mean);

/* calibration_error's bins changed within a group: got, after first. */
void ce_bins_changed_text(char *buf, size_t size, const char *func, int got,
                          int first);

/* Merged states whose row count would leave a 64-bit integer. */
void ce_merge_overflow_text(char *buf, size_t size, const char *func);

/* A state argument that ce_state_read refused with status: "FUNC(): state
** (1st argument) is not a AGGREGATE state: bad magic"; found and n (the
** length) as ce_state_read left them. */
void ce_state_error_text(char *buf, size_t size, const char *func,
                         const char *aggregate, ce_state_status status,
                         int found, int64_t n);

#endif /* CROSSENTROPY_MESSAGES_H */
