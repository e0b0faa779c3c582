/*
** messages_test.c — unit tests of ext/core/messages.c alone, with no SQLite
** or PostgreSQL: the sentences both front-ends say ([M1]..[M3]), word for
** word as the SQL tests of each engine expect them, and that a buffer too
** small gets a terminated, shortened text. ce_range_error_text is the one
** the PostgreSQL front-end reports every bad argument with; the SQLite one
** builds the same sentence from ce_arg_error_text (tests/bce.test and the
** other suites check it there). Prints "N passed, N failed".
**
** Build: cc -Iext/core tests/c/messages_test.c ext/core/messages.c
**        ext/core/checks.c ext/core/state.c -lm
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "messages.h"
#include "unit.h"


int main(void){
  char buf[CE_MESSAGE_SIZE];

  /* [M1][M2] a number out of range, with each hint of checks.h */
  ce_range_error_text(buf, sizeof buf, "bce", "p", 2, CE_RANGE_PROB, 90.0);
  check_text("range, percentage", buf, "bce(): p (2nd argument) must be in "
             "[0,1], got 90.0 (a percentage? divide by 100)");
  ce_range_error_text(buf, sizeof buf, "bce", "y", 1, CE_RANGE_UNIT,
                      1.0000000000000002);
  check_text("range, rounding", buf, "bce(): y (1st argument) must be in "
             "[0,1], got 1.0000000000000002 (a rounding error? clip to "
             "[0,1])");
  ce_range_error_text(buf, sizeof buf, "bce", "eps", 3, CE_RANGE_EPS, 0.5);
  check_text("range, eps", buf, "bce(): eps (3rd argument) must be in "
             "[0,0.5), got 0.5");
  ce_range_error_text(buf, sizeof buf, "mean_cross_entropy", "w", 3,
                      CE_RANGE_WEIGHT, -INFINITY);
  check_text("range, weight", buf, "mean_cross_entropy(): w (3rd argument) "
             "must be a finite number >= 0, got -Inf");
  ce_range_error_text(buf, sizeof buf, "focal_loss", "alpha", 4,
                      CE_RANGE_ALPHA, NAN);
  check_text("range, alpha", buf, "focal_loss(): alpha (4th argument) must "
             "be in [0,1] (or negative for none), got NaN");
  ce_arg_error_text(buf, sizeof buf, "bce", "p", 2, "must be a number",
                    "text 'abc'", "");
  check_text("not a number", buf,
             "bce(): p (2nd argument) must be a number, got text 'abc'");

  /* [M3] overflows */
  ce_mean_overflow_text(buf, sizeof buf, "mean_cross_entropy", 3);
  check_text("weighted overflow", buf, "mean_cross_entropy(): the weighted "
             "sum overflowed a double; scale the weights (3rd argument) down");
  ce_mean_overflow_text(buf, sizeof buf, "mean_bce_logits", 0);
  check_text("overflow", buf,
             "mean_bce_logits(): the sum of the losses overflowed a double");
  ce_merge_overflow_text(buf, sizeof buf, "mean_cross_entropy_merge");
  check_text("merge overflow", buf, "mean_cross_entropy_merge(): the merged "
             "states hold more rows than a 64-bit count");

  /* the state refusals, as tests/states.test expects them */
  ce_state_error_text(buf, sizeof buf, "mean_cross_entropy_value",
                      "mean_cross_entropy", CE_STATE_BAD_LENGTH, 84, 83);
  check_text("state length", buf, "mean_cross_entropy_value(): state (1st "
             "argument) is not a mean_cross_entropy state: bad length 83 "
             "bytes (a state is 84)");
  ce_state_error_text(buf, sizeof buf, "mean_cross_entropy_merge",
                      "mean_cross_entropy", CE_STATE_BAD_VERSION, 2, 84);
  check_text("state version", buf, "mean_cross_entropy_merge(): state (1st "
             "argument) has format version 2; this build reads version 1");
  ce_state_error_text(buf, sizeof buf, "mean_cross_entropy_merge",
                      "mean_cross_entropy", CE_STATE_WRONG_KIND,
                      CE_STATE_MEAN_LOGITS, 84);
  check_text("state kind", buf, "mean_cross_entropy_merge(): state (1st "
             "argument) is a state of mean_bce_logits, not of "
             "mean_cross_entropy");
  ce_state_error_text(buf, sizeof buf, "mean_bce_logits_value",
                      "mean_bce_logits", CE_STATE_WRONG_KIND, 9, 84);
  check_text("state kind unknown", buf, "mean_bce_logits_value(): state (1st "
             "argument) is a state of an unknown aggregate, not of "
             "mean_bce_logits");
  ce_state_error_text(buf, sizeof buf, "f", "mean_bce_logits",
                      CE_STATE_BAD_MAGIC, 0, 84);
  check_text("state magic", buf, "f(): state (1st argument) is not a "
             "mean_bce_logits state: bad magic");
  ce_state_error_text(buf, sizeof buf, "f", "mean_bce_logits",
                      CE_STATE_BAD_HASH, 0, 84);
  check_text("state hash", buf, "f(): state (1st argument) is not a "
             "mean_bce_logits state: bad checksum");
  ce_state_error_text(buf, sizeof buf, "f", "mean_bce_logits",
                      CE_STATE_IMPOSSIBLE, 0, 84);
  check_text("state fields", buf, "f(): state (1st argument) is not a "
             "mean_bce_logits state: impossible field values");

  /* [C1] every range has its interval (checks.h's table), and its rule */
  {
    int r;
    for(r=0; r<CE_RANGE_COUNT; r++){
      const ce_bounds *b = &CE_RANGE_BOUNDS[r];
      snprintf(buf, sizeof buf, "range %d", r);
      check_text(buf, b->hi>b->lo && ce_in_range(b->lo, (ce_range)r)
                      && ce_in_range(b->hi, (ce_range)r)
                      && !ce_in_range(NAN, (ce_range)r)
                      && strncmp(ce_range_rule((ce_range)r), "must be ", 8)==0
                      ? "ok" : "bad", "ok");
    }
  }

  /* a buffer too small: cut short, always terminated */
  {
    char small[12];
    memset(small, 'x', sizeof small);
    ce_range_error_text(small, sizeof small, "bce", "p", 2, CE_RANGE_PROB,
                        90.0);
    check_text("small buffer", small, "bce(): p (2");
  }

  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail!=0;
}
