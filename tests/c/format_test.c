/*
** format_test.c — unit tests of ext/core/checks.c alone, with no SQLite: how an
** error writes a number (ce_format_double, Python's repr(float) rules, under
** the C locale and a comma locale, into buffers big and small), the
** percentage hint (ce_range_hint) and CE_RANGE_PROB, which must accept
** exactly what CE_RANGE_UNIT does. The whole of Python's repr as an oracle,
** on thousands of doubles, is tests/reliability.test with
** tests/data/repr_cases.tsv; here the cases the rules name, and a round trip
** of 200,000 random doubles. Prints "N passed, N failed".
**
** Build: cc -Iext/core tests/c/format_test.c ext/core/checks.c -lm
*/
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "unit.h"

/* A condition with no number to show. */
static void check_ok(int ok, const char *name){
  if( ok ){
    n_pass++;
  }else{
    n_fail++;
    printf("FAILED %s\n", name);
  }
}

/* Each value with repr(value) from Python 3.11. */
static const struct { double x; const char *text; } CASES[] = {
  {90.0, "90.0"}, {100.0, "100.0"}, {100.5, "100.5"}, {1.5, "1.5"},
  {2.0, "2.0"}, {0.0, "0.0"}, {-0.0, "-0.0"}, {1.0, "1.0"}, {-1.0, "-1.0"},
  {0.5, "0.5"}, {-0.25, "-0.25"}, {0.1 + 0.2, "0.30000000000000004"},
  {0.0001, "0.0001"}, {0.00012, "0.00012"}, {1e-05, "1e-05"},
  {1.5e-05, "1.5e-05"}, {9.999999999999999e-05, "9.999999999999999e-05"},
  {0.00010000000000000002, "0.00010000000000000002"},
  {0.0001234567890123456, "0.0001234567890123456"},
  {-0.0001234567890123456, "-0.0001234567890123456"},
  {-1e-09, "-1e-09"}, {1e15, "1000000000000000.0"},
  {1e16, "1e+16"}, {9999999999999998.0, "9999999999999998.0"},
  {-9999999999999998.0, "-9999999999999998.0"},
  {1234567890123456.8, "1234567890123456.8"},
  {12345678901234567.0, "1.2345678901234568e+16"},
  {1e22, "1e+22"}, {1e+300, "1e+300"}, {-1e+300, "-1e+300"},
  {1.7976931348623157e308, "1.7976931348623157e+308"},
  {-1.2345678901234567e-308, "-1.2345678901234567e-308"},
  {2.2250738585072014e-308, "2.2250738585072014e-308"},
  {5e-324, "5e-324"}, {-5e-324, "-5e-324"}, {1e-323, "1e-323"},
  {9007199254740993.0, "9007199254740992.0"},
  {0x1p574, "6.183260036827614e+172"},     /* a neighbour of the nearest */
  {0x1p-1022, "2.2250738585072014e-308"},
  {1.0/3.0, "0.3333333333333333"}, {2.0/3.0, "0.6666666666666666"},
  {INFINITY, "Inf"}, {-INFINITY, "-Inf"}, {NAN, "NaN"},
};

static void test_cases(const char *where){
  char buf[CE_NUMBER_SIZE], name[120];
  size_t i;
  for(i=0; i<sizeof CASES/sizeof CASES[0]; i++){
    ce_format_double(CASES[i].x, buf, sizeof buf);
    snprintf(name, sizeof name, "format %s %s", CASES[i].text, where);
    check_text(name, buf, CASES[i].text);
  }
}

/* The result reads back as x, has at most 17 significant digits and fits in
** 24 characters, for doubles of every exponent; and the buffer is only
** written as far as the terminating 0. */
static void test_round_trip(void){
  uint64_t state = 20240611, bits;
  char buf[CE_NUMBER_SIZE + 8];
  int i, bad = 0, long_one = 0, overrun = 0;
  double x;
  for(i=0; i<200000; i++){
    bits = next_random(&state);
    memcpy(&x, &bits, sizeof x);
    if( isnan(x) || isinf(x) ) continue;
    memset(buf, 'z', sizeof buf);
    ce_format_double(x, buf, CE_NUMBER_SIZE);
    if( strtod(buf, 0)!=x || signbit(strtod(buf, 0))!=signbit(x) ) bad++;
    if( strlen(buf)>24 ) long_one++;
    if( buf[CE_NUMBER_SIZE]!='z' ) overrun++;
  }
  check_ok(bad==0, "a million random doubles read back");
  check_ok(long_one==0, "no result longer than 24 characters");
  check_ok(overrun==0, "nothing written past the buffer");
}

/* A buffer too small gets the text cut short, always terminated. */
static void test_small_buffers(void){
  char buf[8];
  memset(buf, 'z', sizeof buf);
  ce_format_double(90.0, buf, 0);
  check_ok(buf[0]=='z', "size 0 writes nothing");
  ce_format_double(90.0, buf, 1);
  check_text("size 1", buf, "");
  ce_format_double(90.0, buf, 4);
  check_text("size 4", buf, "90.");
  ce_format_double(-1e+300, buf, 5);
  check_text("size 5", buf, "-1e+");
  ce_format_double(-1e+300, buf, 8);
  check_text("size 8", buf, "-1e+300");
  ce_format_double(-INFINITY, buf, 3);
  check_text("size 3, -Inf", buf, "-I");
}

static void test_hint(void){
  static const char hint[] = " (a percentage? divide by 100)";
  static const char rounding[] = " (a rounding error? clip to [0,1])";
  static const double inside[] = {1.5, 2.0, 90.0, 100.0, 1.000001000001};
  static const double outside[] = {1.0, 0.5, 0.0, -0.0, -1.0, -90.0,
                                   -1.000001e-6, 100.00000000000001, 100.5,
                                   1e300, INFINITY, -INFINITY, NAN};
  /* a hair outside [0,1]: float64 and float32 rounding, up to 1e-6 out */
  static const double hair[] = {1.0000000000000002, 1.00000011920928955,
                                1.000001, -1.1102230246251565e-16,
                                -5.9604645e-08, -1e-6, -5e-324};
  static const double all[] = {-1.0, -0.0, 0.0, 5e-324, 0.5, 1.0,
                               1.0000000000000002, 90.0, INFINITY, NAN};
  size_t i;
  char name[80];
  for(i=0; i<sizeof inside/sizeof inside[0]; i++){
    snprintf(name, sizeof name, "hint for p = %.17g", inside[i]);
    check_text(name, ce_range_hint(CE_RANGE_PROB, inside[i]), hint);
    snprintf(name, sizeof name, "no hint for a label = %.17g", inside[i]);
    check_text(name, ce_range_hint(CE_RANGE_UNIT, inside[i]), "");
    snprintf(name, sizeof name, "no hint for eps = %.17g", inside[i]);
    check_text(name, ce_range_hint(CE_RANGE_EPS, inside[i]), "");
  }
  for(i=0; i<sizeof outside/sizeof outside[0]; i++){
    snprintf(name, sizeof name, "no hint for p = %.17g", outside[i]);
    check_text(name, ce_range_hint(CE_RANGE_PROB, outside[i]), "");
  }
  for(i=0; i<sizeof hair/sizeof hair[0]; i++){
    snprintf(name, sizeof name, "rounding hint for p = %.17g", hair[i]);
    check_text(name, ce_range_hint(CE_RANGE_PROB, hair[i]), rounding);
    snprintf(name, sizeof name, "rounding hint for a label = %.17g", hair[i]);
    check_text(name, ce_range_hint(CE_RANGE_UNIT, hair[i]), rounding);
    snprintf(name, sizeof name, "no rounding hint for a weight = %.17g", hair[i]);
    check_text(name, ce_range_hint(CE_RANGE_WEIGHT, hair[i]), "");
  }
  for(i=0; i<sizeof all/sizeof all[0]; i++){
    snprintf(name, sizeof name, "PROB accepts as UNIT: %.17g", all[i]);
    check_ok(ce_in_range(all[i], CE_RANGE_PROB)==ce_in_range(all[i], CE_RANGE_UNIT),
          name);
  }
  check_text("PROB's rule", ce_range_rule(CE_RANGE_PROB), "must be in [0,1]");
}

/* A BLOB's size decides its hint: 4 and 8 bytes, a NumPy scalar's. */
static void test_blob_hint(void){
  static const int sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 84};
  size_t i;
  char name[80];
  for(i=0; i<sizeof sizes/sizeof sizes[0]; i++){
    snprintf(name, sizeof name, "blob hint for %d bytes", sizes[i]);
    check_text(name, ce_blob_number_hint(sizes[i]), sizes[i]==4 || sizes[i]==8
               ? " (a NumPy scalar? pass float(x) or int(x))" : "");
  }
}

int main(void){
  static const char *comma_locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8"};
  size_t i;
  test_cases("(C locale)");
  for(i=0; i<sizeof comma_locales/sizeof comma_locales[0]; i++){
    if( setlocale(LC_NUMERIC, comma_locales[i]) ) break;
  }
  if( i<sizeof comma_locales/sizeof comma_locales[0] ){
    test_cases("(comma locale)");
    setlocale(LC_NUMERIC, "C");
  }else{
    printf("note: no comma locale (de_DE.UTF-8) installed; that check skipped\n");
  }
  test_round_trip();
  test_small_buffers();
  test_hint();
  test_blob_hint();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
