/*
** checks.c — the rules and number formatting of checks.h.
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
    case CE_RANGE_UNIT:   return "must be in [0,1]";
    case CE_RANGE_EPS:    return "must be in [0,0.5)";
    case CE_RANGE_WEIGHT: return "must be a finite number >= 0";
    case CE_RANGE_ALPHA:  return "must be in [0,1] (or negative for none)";
    default:              return "must be a finite number";
  }
}

/*
** The shortest decimal that reads back as x, so "got 1.5" and not
** "got 1.50000000000000000". snprintf/strtod follow LC_NUMERIC, which a host
** may have set to a comma locale: the round trip is still consistent, and the
** separator is put back to '.' afterwards.
*/
void ce_format_double(double x, char *buf, size_t size){
  int precision;
  char *c;
  if( isnan(x) ){ snprintf(buf, size, "NaN"); return; }
  if( isinf(x) ){ snprintf(buf, size, x>0 ? "Inf" : "-Inf"); return; }
  for(precision=1; precision<17; precision++){
    snprintf(buf, size, "%.*g", precision, x);
    if( strtod(buf, 0)==x ) break;
  }
  if( precision==17 ) snprintf(buf, size, "%.17g", x);
  for(c=buf; *c; c++){
    if( strchr("0123456789+-eE", *c)==0 ) *c = '.';
  }
}

