/*
** checks.h — what an argument may be and how an error shows it, in plain C
** (no SQLite or PostgreSQL types): the ranges, the rule each one states,
** ordinals, the hint for a probability given as a percentage, and how a
** number is written. The SQLite glue (args.h) and the PostgreSQL glue
** (postgres/crossentropy_pg.c) word their errors from these, so both engines
** say the same thing:
**   "bce(): p (2nd argument) must be in [0,1], got 90.0 (a percentage?
**    divide by 100)".
*/
#ifndef CROSSENTROPY_CHECKS_H
#define CROSSENTROPY_CHECKS_H

#include <float.h>
#include <stddef.h>

typedef enum ce_range {
  CE_RANGE_UNIT,    /* [0,1]: labels, beta, label_smoothing */
  CE_RANGE_PROB,    /* [0,1] as UNIT, for a probability: its errors add
                    ** the percentage hint of ce_range_hint() */
  CE_RANGE_EPS,     /* [0,0.5): the log clamp */
  CE_RANGE_WEIGHT,  /* [0,+Inf), finite: weights, pos_weight, gamma */
  CE_RANGE_ALPHA,   /* (-Inf,1], finite: focal alpha, negative = off */
  CE_RANGE_FINITE,  /* any finite number: logits of softmax_ce */
  CE_RANGE_ANY      /* any number, +-Inf included: logits of bce_logits */
} ce_range;

/* Whether x is in range; written so that NaN never is. */
static inline int ce_in_range(double x, ce_range range){
  switch( range ){
    case CE_RANGE_UNIT:
    case CE_RANGE_PROB:   return x>=0.0 && x<=1.0;
    case CE_RANGE_EPS:    return x>=0.0 && x<0.5;
    case CE_RANGE_WEIGHT: return x>=0.0 && x<=DBL_MAX;
    case CE_RANGE_ALPHA:  return x>=-DBL_MAX && x<=1.0;
    case CE_RANGE_FINITE: return x>=-DBL_MAX && x<=DBL_MAX;
    default:              return x==x;
  }
}

/* The rule a range states in an error: "must be in [0,1]". */
const char *ce_range_rule(ce_range range);

/* What an error adds after the value x that broke the range, where the
** likely cause is plain: for a value of [0,1] (CE_RANGE_UNIT or _PROB) at
** most 1e-6 outside it, " (a rounding error? clip to [0,1])"; for a
** probability (CE_RANGE_PROB) in (1 + 1e-6, 100], " (a percentage? divide
** by 100)", the most common bad input; otherwise "". */
const char *ce_range_hint(ce_range range, double x);

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

#endif /* CROSSENTROPY_CHECKS_H */
