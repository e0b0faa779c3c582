/*
** digits.h — runs of ASCII digits, eight bytes at a time (one 64-bit word,
** first byte lowest, whatever the host: le_bytes.h), for the JSON number
** reader: json_number.c converts runs, and json_number.h's inline
** ce_json_unit_length reads past them on the vector reader's hot path.
** No reads past the end given.
*/
#ifndef CROSSENTROPY_DIGITS_H
#define CROSSENTROPY_DIGITS_H

#include <stdint.h>
#include "compiler.h"
#include "le_bytes.h"

static inline int ce_trailing_zeros(uint64_t x){            /* x != 0 */
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(x);
#else
  int n = 0;
  while( !(x & 1) ){ x >>= 1; n++; }
  return n;
#endif
}

static inline int ce_is_digit(const unsigned char *p, const unsigned char *end){
  return p<end && *p>='0' && *p<='9';
}

/* The high bit of each byte of v that is not an ASCII digit, 0 when all
** eight are: a byte b is a digit when x = b ^ '0' is below 10, and
** ((x & 0x7F) + 0x76) | x has its high bit set exactly when x >= 10, with
** no carry from one byte into the next (0x7F + 0x76 < 2^8). */
static inline uint64_t ce_non_digits(uint64_t v){
  uint64_t x = v ^ 0x3030303030303030ull;
  return (((x & 0x7F7F7F7F7F7F7F7Full) + 0x7676767676767676ull) | x)
         & 0x8080808080808080ull;
}

/* Whether all eight bytes of v are ASCII digits: each byte's high nibble
** is 3, and still 3 after adding 6 (which rules out ':'..'?'). Cheaper than
** ce_non_digits where most words fail at the first test. */
static inline int ce_eight_digits(uint64_t v){
  return (v & 0xF0F0F0F0F0F0F0F0ull)==0x3030303030303030ull
      && ((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull)
         ==0x3030303030303030ull;
}

/* Past the digits at p: the first word that holds a non-digit says where
** the run ends; byte by byte within the last seven bytes before end. */
CE_ALWAYS_INLINE const unsigned char *ce_skip_digits(const unsigned char *p,
                                                     const unsigned char *end){
  while( end - p>=8 ){
    uint64_t mask = ce_non_digits(ce_get_le64(p));
    if( mask ) return p + (ce_trailing_zeros(mask)>>3);
    p += 8;
  }
  while( ce_is_digit(p, end) ) p++;
  return p;
}

/* Whether the bytes from p to end are all '0'. */
static inline int ce_all_zeros(const unsigned char *p, const unsigned char *end){
  while( p<end && *p=='0' ) p++;
  return p==end;
}

#endif /* CROSSENTROPY_DIGITS_H */
