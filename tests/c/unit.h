/*
** unit.h — what the core's C unit tests share: the pass/fail counts,
** check() that reports a failure with both numbers and check_text() for a
** text, and a fixed stream of
** pseudo-random numbers (splitmix64), so that every run tests the same
** values. Each test is one file that includes this once and ends with
**   printf("%d passed, %d failed\n", n_pass, n_fail);
*/
#ifndef CROSSENTROPY_TEST_UNIT_H
#define CROSSENTROPY_TEST_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int n_pass, n_fail;

static inline void check(int ok, const char *name, double got, double expected){
  if( ok ){
    n_pass++;
  }else{
    n_fail++;
    printf("FAILED %s: got %.17g, expected %.17g\n", name, got, expected);
  }
}

/* A text result, compared exactly. */
static inline void check_text(const char *name, const char *got,
                              const char *expected){
  if( strcmp(got, expected)==0 ){
    n_pass++;
  }else{
    n_fail++;
    printf("FAILED %s: got \"%s\", expected \"%s\"\n", name, got, expected);
  }
}

/* splitmix64: a fixed stream of pseudo-random numbers, and one in [0,1). */
static inline uint64_t next_random(uint64_t *state){
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z>>30))*0xBF58476D1CE4E5B9ull;
  z = (z ^ (z>>27))*0x94D049BB133111EBull;
  return z ^ (z>>31);
}
static inline double uniform_random(uint64_t *state){
  return (double)(next_random(state)>>11)*0x1.0p-53;
}

#endif /* CROSSENTROPY_TEST_UNIT_H */
