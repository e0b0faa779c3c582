/*
** json_number.h — one JSON number (RFC 8259 grammar) read to the correctly
** rounded double, in one pass over its bytes. No SQLite types, no
** allocation; the vector reader (vector.c) calls it once per element.
**
** It keeps the reader's rules on numbers, [V5]..[V8] of vector.h (the
** grammar, the rounding, the length limit, the fast path and its check);
** json_number.c says how.
*/
#ifndef CROSSENTROPY_JSON_NUMBER_H
#define CROSSENTROPY_JSON_NUMBER_H

#include <stdint.h>
#include "compiler.h"
#include "digits.h"

#define CE_MAX_NUMBER_CHARS 400

/*
** Reads the number that starts at p (before end): returns its length in
** bytes and sets *out, or returns 0 (and leaves *out alone) when no JSON
** number starts at p or it is longer than CE_MAX_NUMBER_CHARS.
*/
int64_t ce_json_number(const unsigned char *p, const unsigned char *end,
                       double *out);

/* The end of what a number at p may span: one byte past the longest number
** read, so that a longer one is seen to be too long [V7] and no count made
** while reading can grow past it. */
static inline const unsigned char *ce_json_number_end(const unsigned char *p,
                                                      const unsigned char *end){
  return end - p>CE_MAX_NUMBER_CHARS + 1 ? p + CE_MAX_NUMBER_CHARS + 1 : end;
}

/*
** The length of the JSON number at p when its form alone puts it in [0,1],
** read without converting it: 0, 1, 0.ddd, 1.000, -0, -0.000, and one digit
** with a negative exponent, d[.ddd]e-k with k >= 1 (repr's 4.0e-05); 0 for
** any other number or text, which ce_json_number then reads. Inline: the
** vector reader calls it once per element it reads past.
*/
CE_ALWAYS_INLINE int64_t ce_json_unit_length(const unsigned char *p,
                                             const unsigned char *end){
  const unsigned char *at = p, *fraction = 0, *exponent;
  int negative = 0, digit;
  end = ce_json_number_end(p, end);
  if( at<end && *at=='-' ){ negative = 1; at++; }
  if( !ce_is_digit(at, end) ) return 0;
  digit = *at++ - '0';
  if( ce_is_digit(at, end) ) return 0;   /* 12.5, or 01 (an error): converted */
  if( at<end && *at=='.' ){
    fraction = ++at;
    at = ce_skip_digits(at, end);
    if( at==fraction ) return 0;                /* "0." is no number: say so */
  }
  if( at<end && (*at=='e' || *at=='E') ){
    /* d.ddd·10^-k with k >= 1 is below 10·10^-1 = 1: repr's 4.0e-05 */
    if( negative || at + 1>=end || at[1]!='-' ) return 0;
    exponent = at + 2;
    at = ce_skip_digits(exponent, end);
    if( at==exponent || ce_all_zeros(exponent, at) ) return 0;
  }else if( digit>1 || ((negative || digit==1) && fraction
                        && !ce_all_zeros(fraction, at)) ){
    return 0;                           /* above 1, or below 0: converted */
  }else if( negative && digit==1 ){
    return 0;                                                     /* -1 */
  }
  if( at - p>CE_MAX_NUMBER_CHARS ) return 0;                      /* [V7] */
  return at - p;
}

/*
** The fast path alone, for the tests: the double nearest w·10^q (w != 0),
** negated when negative; returns 1 and sets *out when it can prove that
** value, 0 when the caller must use the general conversion.
*/
int ce_decimal_fast(uint64_t w, int q, int negative, double *out);

#endif /* CROSSENTROPY_JSON_NUMBER_H */
