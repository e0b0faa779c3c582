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

#define CE_MAX_NUMBER_CHARS 400

/*
** Reads the number that starts at p (before end): returns its length in
** bytes and sets *out, or returns 0 (and leaves *out alone) when no JSON
** number starts at p or it is longer than CE_MAX_NUMBER_CHARS.
*/
int64_t ce_json_number(const unsigned char *p, const unsigned char *end,
                       double *out);

/*
** The length of the JSON number at p when its form alone puts it in [0,1],
** read without converting it: 0, 1, 0.ddd, 1.000, -0, -0.000, and one digit
** with a negative exponent, d[.ddd]e-k with k >= 1 (repr's 4.0e-05); 0 for
** any other number or text, which ce_json_number then reads.
*/
int64_t ce_json_unit_length(const unsigned char *p, const unsigned char *end);

/*
** The fast path alone, for the tests: the double nearest w·10^q (w != 0),
** negated when negative; returns 1 and sets *out when it can prove that
** value, 0 when the caller must use the general conversion.
*/
int ce_decimal_fast(uint64_t w, int q, int negative, double *out);

#endif /* CROSSENTROPY_JSON_NUMBER_H */
