#!/bin/sh
# deps.sh — checks that what a make target needs is installed, and installs
# the missing Debian packages when run as root with apt-get; otherwise prints
# the command to run and fails.
#
#   sh scripts/deps.sh build   SQLite headers and a C compiler
#   sh scripts/deps.sh test    + tclsh with Tcl's sqlite3 package
#   sh scripts/deps.sh report  + the sqlite3 shell
#   sh scripts/deps.sh plot    + gnuplot
#   sh scripts/deps.sh demo    + both
#   sh scripts/deps.sh fuzz    + clang with libFuzzer and the sanitizers
set -u
what=${1:-build}
missing=""

have_header() {
  printf '#include <sqlite3ext.h>\n' | ${CC:-cc} -E -x c - >/dev/null 2>&1
}

have_header || missing="$missing libsqlite3-dev"
if [ "$what" = test ]; then
  command -v tclsh >/dev/null 2>&1 || missing="$missing tcl"
  echo 'package require sqlite3' | tclsh >/dev/null 2>&1 || missing="$missing libsqlite3-tcl"
fi
if [ "$what" = fuzz ]; then
  printf 'int LLVMFuzzerTestOneInput(const char *d, long n){ return (int)(d==0)+(int)n*0; }\n' |
    ${FUZZ_CC:-clang} -fsanitize=fuzzer -x c - -o /tmp/ce-deps-fuzz.$$ >/dev/null 2>&1 ||
    missing="$missing clang libclang-rt-14-dev"
  rm -f /tmp/ce-deps-fuzz.$$
fi
if [ "$what" = demo ] || [ "$what" = report ]; then
  command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
fi
if [ "$what" = demo ] || [ "$what" = plot ]; then
  command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
fi
# A comma-decimal locale lets the tests show JSON parsing ignores LC_NUMERIC;
# without one (and not root) that single check is skipped, with a note.
if [ "$what" = test ] && ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-*8$'; then
  if [ "$(id -u)" = 0 ] && command -v localedef >/dev/null 2>&1; then
    localedef -i de_DE -f UTF-8 de_DE.UTF-8 >/dev/null 2>&1 || true
  fi
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: installing$missing" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2 && exit 0
  echo "deps.sh: apt-get failed" >&2
  exit 1
fi
echo "deps.sh: missing$missing. Install with:" >&2
echo "    sudo apt-get install -y$missing" >&2
echo "(macOS: brew install sqlite tcl-tk; then see README.md)" >&2
exit 1
