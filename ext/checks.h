/*
** checks.h — what an argument may be and how an error shows it, in plain C
** (no SQLite or PostgreSQL types): the ranges, the rule each one states,
** ordinals and the shortest form of a number. The SQLite glue (args.h) and
** the PostgreSQL glue (postgres/crossentropy_pg.c) word their errors from
** these, so both engines say the same thing:
**   "bce(): p (2nd argument) must be in [0,1], got 1.5".
*/
#ifndef CROSSENTROPY_CHECKS_H
#define CROSSENTROPY_CHECKS_H

#include <float.h>
#include <stddef.h>

typedef enum ce_range {
  CE_RANGE_UNIT,    /* [0,1]: labels, probabilities, beta */
  CE_RANGE_EPS,     /* [0,0.5): the log clamp */
  CE_RANGE_WEIGHT,  /* [0,+Inf), finite: weights, pos_weight, gamma */
  CE_RANGE_ALPHA,   /* (-Inf,1], finite: focal alpha, negative = off */
  CE_RANGE_FINITE,  /* any finite number: logits of softmax_ce */
  CE_RANGE_ANY      /* any number, +-Inf included: logits of bce_logits */
} ce_range;

/* Whether x is in range; written so that NaN never is. */
static inline int ce_in_range(double x, ce_range range){
  switch( range ){
    case CE_RANGE_UNIT:   return x>=0.0 && x<=1.0;
    case CE_RANGE_EPS:    return x>=0.0 && x<0.5;
    case CE_RANGE_WEIGHT: return x>=0.0 && x<=DBL_MAX;
    case CE_RANGE_ALPHA:  return x>=-DBL_MAX && x<=1.0;
    case CE_RANGE_FINITE: return x>=-DBL_MAX && x<=DBL_MAX;
    default:              return x==x;
  }
}

/* The rule a range states in an error: "must be in [0,1]". */
const char *ce_range_rule(ce_range range);

/* "1st", "2nd", "3rd", "4th" */
const char *ce_ordinal(int position);

/* The shortest decimal that reads back as x ("1.5", "Inf"), locale-free. */
void ce_format_double(double x, char *buf, size_t size);

#endif /* CROSSENTROPY_CHECKS_H */
