/*
** checks.c — the rule texts, hints, quoting and number formatting of
** checks.h ([C1]..[C3]).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

const char *ce_ordinal(int position){
  switch( position ){
    case 1: return "1st";
    case 2: return "2nd";
    case 3: return "3rd";
    default: return "4th";
  }
}

const char *ce_range_rule(ce_range range){
  switch( range ){
    case CE_RANGE_UNIT:
    case CE_RANGE_PROB:   return "must be in [0,1]";
    case CE_RANGE_EPS:    return "must be in [0,0.5)";
    case CE_RANGE_WEIGHT: return "must be a finite number >= 0";
    case CE_RANGE_ALPHA:  return "must be in [0,1] (or negative for none)";
    case CE_RANGE_LOGPROB: return "must be <= 0 (a natural log of a "
                                  "probability)";
    case CE_RANGE_BINS:   return "must be a whole number in [1,10000]";
    default:              return "must be a finite number";
  }
}

int ce_quote_length(const unsigned char *p, const unsigned char *end,
                    int limit){
  int n = (int)(end - p);
  if( n>limit ){
    n = limit;
    while( n>0 && (p[n]&0xC0)==0x80 ) n--;         /* [C3] UTF-8 boundary */
  }
  return n;
}

/* A value a hair outside [0,1] is float rounding, not a percentage: a
** probability or a soft label computed in float32 (a softmax, 1 - p) lands
** a few float32 ulps (1.2e-7 at 1) outside; a percentage between 1% and
** 1.000001% is not a thing anyone stores. */
#define CE_ROUNDING_SLACK 1e-6

const char *ce_range_hint(ce_range range, double x){
  if( range==CE_RANGE_LOGPROB && x>0.0 && x<=CE_ROUNDING_SLACK ){
    return " (a rounding error? clip at 0)";
  }
  if( range==CE_RANGE_LOGPROB && x>0.0 && x<=1.0 ){
    return " (a probability? take its ln)";
  }
  if( range!=CE_RANGE_UNIT && range!=CE_RANGE_PROB ) return "";
  if( (x<0.0 && x>=-CE_ROUNDING_SLACK) || (x>1.0 && x<=1.0+CE_ROUNDING_SLACK) ){
    return " (a rounding error? clip to [0,1])";
  }
  return range==CE_RANGE_PROB && x>1.0 && x<=100.0
       ? " (a percentage? divide by 100)" : "";
}

const char *ce_blob_number_hint(int n_bytes){
  return n_bytes==4 || n_bytes==8 ? " (a NumPy scalar? pass float(x) or int(x))" : "";
}

/* Adds step (+1 or -1) to the last digit of a "%.*e" text, with carry:
** the next decimal of as many digits away from or towards zero. 0 when that
** changes the number of digits (a carry out of the first, or a first 0). */
static int step_last_digit(char *text, int step){
  char *first = text + (text[0]=='-');
  char *c = strchr(text, 'e');
  if( c==0 ) return 0;
  while( c-- > first ){
    if( *c<'0' || *c>'9' ) continue;                   /* the decimal point */
    if( step>0 ? *c<'9' : *c>'0' ){
      *c = (char)(*c + step);
      return !(c==first && *c=='0');
    }
    *c = step>0 ? '0' : '9';
  }
  return 0;
}

/* The significant digits of x and its decimal exponent, as Python's repr
** finds them: the fewest that read back as x, and of those the nearest.
** "%.*e" gives the nearest decimal of each length; when that does not read
** back, a neighbour of it still may where x is a power of two, as the
** doubles just below it are twice as close as those above: 2^574 is
** 6.18326003682761335e+172, 6.183260036827613e+172 reads back as another
** double and 6.183260036827614e+172 as 2^574. The 17 digits of precision
** 16 always read back. snprintf and strtod both follow LC_NUMERIC, which a
** host may have set to a comma locale, so the round trip is consistent;
** only digits and the exponent are taken from the text. Returns the number
** of digits put in digits[] (1 to 17, no trailing zero but for x = 0), with
** *negative and *exponent set. */
static int shortest_digits(double x, char *digits, int *negative,
                           int *exponent){
  char text[40], other[40];                  /* "-d.ddddddddddddddde-308" */
  const char *c = text;
  int precision, step, n = 0;
  for(precision=0; precision<16 && c==text; precision++){
    snprintf(text, sizeof text, "%.*e", precision, x);
    if( strtod(text, 0)==x ) break;
    for(step=+1; step>=-1 && c==text; step-=2){
      memcpy(other, text, sizeof text);
      if( step_last_digit(other, step) && strtod(other, 0)==x ) c = other;
    }
  }
  if( precision==16 && c==text ) snprintf(text, sizeof text, "%.16e", x);
  *negative = *c=='-';
  if( *negative ) c++;
  for(; *c && *c!='e'; c++){
    if( *c>='0' && *c<='9' && n<17 ) digits[n++] = *c;
  }
  *exponent = *c ? atoi(c + 1) : 0;            /* "+05", "-324": no locale */
  while( n>1 && digits[n-1]=='0' ) n--;
  return n;
}

/*
** [C2] checks.h describes the result; the layout is Python's float_repr_style
** "short" (repr switches to exponent form at decpt <= -4 or decpt > 16,
** decpt = e + 1). Built in a buffer that always fits, then copied.
*/
void ce_format_double(double x, char *buf, size_t size){
  char digits[17];
  char out[CE_NUMBER_SIZE];
  int n, negative, e, i, o = 0;
  size_t len;
  if( size==0 ) return;
  if( isnan(x) ){
    memcpy(out, "NaN", 4);
  }else if( isinf(x) ){
    memcpy(out, x>0 ? "Inf" : "-Inf", x>0 ? 4 : 5);
  }else{
    n = shortest_digits(x, digits, &negative, &e);
    if( negative ) out[o++] = '-';
    if( e<-4 || e>=16 ){                         /* 1e-05, 1.5e+16, 5e-324 */
      int a = e<0 ? -e : e;
      out[o++] = digits[0];
      if( n>1 ){
        out[o++] = '.';
        for(i=1; i<n; i++) out[o++] = digits[i];
      }
      out[o++] = 'e';
      out[o++] = e<0 ? '-' : '+';
      if( a>=100 ) out[o++] = (char)('0' + a/100);
      out[o++] = (char)('0' + a/10%10);
      out[o++] = (char)('0' + a%10);
    }else if( e<0 ){                             /* 0.0001, 0.25 */
      out[o++] = '0';
      out[o++] = '.';
      for(i=-1; i>e; i--) out[o++] = '0';
      for(i=0; i<n; i++) out[o++] = digits[i];
    }else{                                       /* 90.0, 1.5, 1e15 whole */
      for(i=0; i<=e; i++) out[o++] = i<n ? digits[i] : '0';
      out[o++] = '.';
      if( n<=e+1 ) out[o++] = '0';
      for(i=e+1; i<n; i++) out[o++] = digits[i];
    }
    out[o] = 0;
  }
  len = strlen(out);
  if( len>=size ) len = size - 1;
  memcpy(buf, out, len);
  buf[len] = 0;
}
