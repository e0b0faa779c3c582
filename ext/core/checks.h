/*
** checks.h — what an argument may be and how an error shows it, in plain C
** (no SQLite or PostgreSQL types): the ranges, the rule each one states,
** ordinals, the hints for a probability given as a percentage or a hair
** outside [0,1], how a number is written, and how much of a text is quoted.
** Both front-ends word their errors from these (the sentences themselves
** are in messages.h), so both engines say the same thing:
**   "bce(): p (2nd argument) must be in [0,1], got 90.0 (a percentage?
**    divide by 100)".
**
** Rules (cited as [C1]..[C3]):
**  [C1] A range is a closed interval [lo, hi] of doubles; a half-open one
**       ends at the double below its bound. NaN is in none.
**  [C2] A number is written exactly as Python's repr(float) writes it
**       (ce_format_double), under any locale.
**  [C3] A quoted text is cut at a fixed number of bytes, on a UTF-8
**       character boundary, and the cut is marked "...".
*/
#ifndef CROSSENTROPY_CHECKS_H
#define CROSSENTROPY_CHECKS_H

#include <float.h>
#include <math.h>
#include <stddef.h>

typedef enum ce_range {
  CE_RANGE_UNIT,    /* [0,1]: labels, beta, label_smoothing */
  CE_RANGE_PROB,    /* [0,1] as UNIT, for a probability: its errors add
                    ** the percentage hint of ce_range_hint() */
  CE_RANGE_EPS,     /* [0,0.5): the log clamp */
  CE_RANGE_WEIGHT,  /* [0,+Inf), finite: weights, pos_weight, gamma */
  CE_RANGE_ALPHA,   /* (-Inf,1], finite: focal alpha, negative = off */
  CE_RANGE_FINITE,  /* any finite number: logits of softmax_ce */
  CE_RANGE_ANY,     /* any number, +-Inf included: logits of bce_logits */
  CE_RANGE_LOGPROB, /* [-Inf,0]: a natural log of a probability (perplexity) */
  CE_RANGE_BINS,    /* [1,10000]: calibration bins, a whole number (the
                    ** caller checks that part) */
  CE_RANGE_COUNT    /* how many there are: the size of CE_RANGE_BOUNDS */
} ce_range;

/* [C1] Each range's closed interval, by name (a range added above without
** its row here would be [0,0]: tests/c/messages_test.c checks each). */
typedef struct ce_bounds { double lo, hi; } ce_bounds;
static const ce_bounds CE_RANGE_BOUNDS[CE_RANGE_COUNT] = {
  [CE_RANGE_UNIT]   = {0.0, 1.0},
  [CE_RANGE_PROB]   = {0.0, 1.0},
  [CE_RANGE_EPS]    = {0.0, 0.49999999999999994},  /* the double below 0.5 */
  [CE_RANGE_WEIGHT] = {0.0, DBL_MAX},
  [CE_RANGE_ALPHA]  = {-DBL_MAX, 1.0},
  [CE_RANGE_FINITE] = {-DBL_MAX, DBL_MAX},
  [CE_RANGE_ANY]    = {-HUGE_VAL, HUGE_VAL},
  [CE_RANGE_LOGPROB] = {-HUGE_VAL, 0.0},
  [CE_RANGE_BINS]   = {1.0, 10000.0},
};

/*
** Whether x is in range [C1]: two compares, false for NaN. With a constant
** range (a static const signature) the compiler folds the bounds into the
** compares; with a range read at run time (a registration row's data) it is
** two loads more, never a branch on the range.
*/
static inline int ce_in_range(double x, ce_range range){
  return x>=CE_RANGE_BOUNDS[range].lo && x<=CE_RANGE_BOUNDS[range].hi;
}

/* The rule a range states in an error: "must be in [0,1]". */
const char *ce_range_rule(ce_range range);

/* What an error adds after the value x that broke the range, where the
** likely cause is plain: for a value of [0,1] (CE_RANGE_UNIT or _PROB) at
** most 1e-6 outside it, " (a rounding error? clip to [0,1])"; for a
** probability (CE_RANGE_PROB) in (1 + 1e-6, 100], " (a percentage? divide
** by 100)", the most common bad input; for a log-probability
** (CE_RANGE_LOGPROB) in (0,1e-6], " (a rounding error? clip at 0)", in
** (1e-6,1], " (a probability? take its ln)";
** otherwise "". */
const char *ce_range_hint(ce_range range, double x);

/* What an error adds after a BLOB of n bytes given where a number belongs:
** for 4 or 8 bytes, " (a NumPy scalar? pass float(x) or int(x))", since
** Python's sqlite3 binds np.float32, np.int64 and the like by their bytes
** (they are not float or int, but offer the buffer protocol); otherwise "".
** Only SQLite lets a BLOB reach a numeric argument. */
const char *ce_blob_number_hint(int n_bytes);

/* "1st", "2nd", "3rd", "4th" */
const char *ce_ordinal(int position);

/*
** x as an error shows it, exactly as Python's repr(float): the fewest
** significant digits that read back as x; positional when the decimal
** exponent e of those digits is in [-4,16), with ".0" on a whole number
** ("90.0", "0.0001", "-0.0", "1000000000000000.0"), else exponent form
** with at least two exponent digits ("1e-05", "1.5e+16", "5e-324");
** "Inf", "-Inf", "NaN". Locale-free. The longest result is 24 characters
** ("-1.2345678901234567e-308"); a buffer of CE_NUMBER_SIZE always holds
** it, a smaller one gets it cut short (always terminated, if size > 0).
*/
#define CE_NUMBER_SIZE 32
void ce_format_double(double x, char *buf, size_t size);

/* How many of the bytes from p to end an error quotes [C3]: at most limit,
** cut back to a UTF-8 character boundary. The caller adds "..." when that
** is less than all of them. Two limits: a whole argument's value is quoted
** up to CE_QUOTE_VALUE_BYTES; the vector functions quote less, up to
** CE_QUOTE_VECTOR_BYTES, both the text where a vector's parse stopped and
** a target that is neither a class index nor a vector, so that their
** longer messages stay on a line. */
#define CE_QUOTE_VALUE_BYTES 40
#define CE_QUOTE_VECTOR_BYTES 24
int ce_quote_length(const unsigned char *p, const unsigned char *end,
                    int limit);

#endif /* CROSSENTROPY_CHECKS_H */
