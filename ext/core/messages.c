/*
** messages.c — the shared error sentences of messages.h ([M1]..[M3]).
*/
#include <stdio.h>
#include "messages.h"

void ce_arg_error_text(char *buf, size_t size, const char *func,
                       const char *name, int position, const char *rule,
                       const char *got, const char *hint){
  snprintf(buf, size, "%s(): %s (%s argument) %s, got %s%s", func, name,
           ce_ordinal(position), rule, got, hint);               /* [M1][M2] */
}

void ce_range_error_text(char *buf, size_t size, const char *func,
                         const char *name, int position, ce_range range,
                         double x){
  char number[CE_NUMBER_SIZE];
  ce_format_double(x, number, sizeof number);
  ce_arg_error_text(buf, size, func, name, position, ce_range_rule(range),
                    number, ce_range_hint(range, x));
}

void ce_mean_overflow_text(char *buf, size_t size, const char *func,
                           int weight_position){
  if( weight_position>0 ){                                           /* [M3] */
    snprintf(buf, size, "%s(): the weighted sum overflowed a double; scale "
             "the weights (%s argument) down", func,
             ce_ordinal(weight_position));
  }else{
    snprintf(buf, size, "%s(): the sum of the losses overflowed a double",
             func);
  }
}

void ce_spread_range_text(char *buf, size_t size, const char *func,
                          int weight_position){
  snprintf(buf, size, "%s(): the standard error needs the squares of the "
           "weights (%s argument), and some leave the range of doubles "
           "(w above 1e154 or below 1e-154); rescale the weights", func,
           ce_ordinal(weight_position));                             /* [M3] */
}

void ce_perplexity_overflow_text(char *buf, size_t size, const char *func,
                                 double mean){
  char number[CE_NUMBER_SIZE];
  ce_format_double(mean, number, sizeof number);
  snprintf(buf, size, "%s(): exp(%s) overflows a double (the mean logprob is "
           "below -709.78)", func, number);                        /* [M3] */
}

void ce_bins_changed_text(char *buf, size_t size, const char *func, int got,
                          int first){
  snprintf(buf, size, "%s(): bins (4th argument) must be the same on every "
           "row of a group, got %d after %d", func, got, first);
}

void ce_merge_overflow_text(char *buf, size_t size, const char *func){
  snprintf(buf, size, "%s(): the merged states hold more rows than a 64-bit "
           "count", func);
}

void ce_state_error_text(char *buf, size_t size, const char *func,
                         const char *aggregate, ce_state_status status,
                         int found, int64_t n){
  switch( status ){
    case CE_STATE_BAD_LENGTH:
      snprintf(buf, size, "%s(): state (1st argument) is not a %s state: bad "
               "length %lld bytes (a state is %d)", func, aggregate,
               (long long)n, found);
      break;
    case CE_STATE_BAD_VERSION:
      snprintf(buf, size, "%s(): state (1st argument) has format version %d; "
               "this build reads version %d", func, found,
               CE_STATE_VERSION);
      break;
    case CE_STATE_WRONG_KIND:
      snprintf(buf, size, "%s(): state (1st argument) is a state of %s, not "
               "of %s", func, ce_state_kind_name(found), aggregate);
      break;
    default:
      snprintf(buf, size, "%s(): state (1st argument) is not a %s state: %s",
               func, aggregate, status==CE_STATE_BAD_MAGIC ? "bad magic"
               : status==CE_STATE_BAD_HASH ? "bad checksum"
               : "impossible field values");
      break;
  }
}
