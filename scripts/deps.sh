#!/bin/sh
# deps.sh — what each make target needs: checked, and installed from Debian
# where that is allowed.
#
#   sh scripts/deps.sh [--check] NEED...
#
#   build     a C compiler and SQLite's headers        (plain `make`, --check)
#   test      build + tclsh + Tcl's sqlite3 package     (make test)
#   report    build + the sqlite3 shell                 (make report)
#   plot      gnuplot                                   (make report-plot)
#   demo      report + plot                             (make demo)
#   asan      the compiler's AddressSanitizer and UBSan runtimes
#   tsan      the compiler's ThreadSanitizer runtime
#   valgrind  valgrind
#   fuzz      clang with libFuzzer and the sanitizers
#   postgres  PostgreSQL 15 and its server headers (PGXS)
#   fresh     mmdebstrap                                (make test-fresh)
#   wheel     build + PYTHON (default Debian's /usr/bin/python3) with
#             setuptools, wheel and pip (make wheel)
#   pytests   Debian's /usr/bin/python3 with setuptools, wheel, pip, venv,
#             pytest, scikit-learn, pandas and APSW, and sqlite-utils: the
#             Python package's tests (tests/python.test asks with --check)
#   bench     build + a C++ compiler with Debian's header-only fast_float
#             (bench/parse_rate.cc) + PYTHON with scikit-learn (the Python
#             route of bench/python_baseline.py)             (make bench)
#
# Rules, cited in the code as (1)..(5):
#  (1) Each check's answer is an exit status that really reports the thing
#      missing. (tclsh reading a script from standard input exits 0 even
#      when a command in it fails, so the Tcl check exits with the value of
#      its own [catch].) tests/deps.test runs every check on a stand-in
#      machine that lacks its thing and proves that it fails.
#  (2) What is missing is named by its Debian package, on one line that can
#      be pasted: "sudo apt-get install -y PKG..." ("apt-get ..." for root).
#  (3) As root, with apt-get, and without --check, the missing packages are
#      installed, then every check runs again: a package that did not bring
#      its thing is an error, not a silent pass.
#  (4) Otherwise (--check, not root, or no apt-get) nothing is installed:
#      the line of (2) is printed and the exit status is 1.
#  (5) Optional extras, that a few tests need and skip without (a de_DE.UTF-8
#      locale, for the test that JSON parsing ignores LC_NUMERIC; Debian's
#      /usr/bin/python3, for the Python host tests and the browser check;
#      gnuplot, for crossentropy-report's plots; Debian's chromium, to render
#      its HTML page; the need pytests, for the Python package's tests),
#      are installed under (3), in an apt-get run of their own whose failure
#      is a note (the tests that need them skip), and otherwise not asked
#      for.
set -u
cc=${CC:-cc}
fuzz_cc=${FUZZ_CC:-clang}
cxx=${CXX:-g++}
install=1
# make wheel's Python (the Makefile passes PYTHON); the tests' is Debian's.
python=${PYTHON:-/usr/bin/python3}
debian_python=/usr/bin/python3
if [ "${1:-}" = --check ]; then install=0; shift; fi
[ $# -gt 0 ] || set -- build
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ce-deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# ---- the checks (1): each exits 0 only when its thing works -------------
has_sqlite_h()   { printf '#include <sqlite3ext.h>\n' | $cc -E -x c - >/dev/null 2>&1; }
has_tclsh()      { command -v tclsh >/dev/null 2>&1; }
has_tcl_sqlite() { echo 'exit [catch {package require sqlite3}]' | tclsh >/dev/null 2>&1; }
has_shell()      { sqlite3 -version >/dev/null 2>&1; }
has_gnuplot()    { gnuplot --version >/dev/null 2>&1; }
has_valgrind()   { valgrind --version >/dev/null 2>&1; }
has_mmdebstrap() { mmdebstrap --version >/dev/null 2>&1; }
# A program built with these flags (none: the compiler alone) runs.
links_with()     { printf 'int main(void){return 0;}\n' > "$tmp/s.c" &&
                   $cc "$@" -o "$tmp/s" "$tmp/s.c" >/dev/null 2>&1 && "$tmp/s"; }
has_cc()         { links_with; }
# make test-asan preloads the runtime by the path the compiler reports.
has_asan()       { links_with -fsanitize=address,undefined &&
                   [ -f "$($cc -print-file-name=libasan.so)" ]; }
has_tsan()       { links_with -fsanitize=thread; }
has_clang()      { $fuzz_cc --version >/dev/null 2>&1; }
has_cxx()        { printf 'int main(){return 0;}\n' > "$tmp/s.cc" &&
                   $cxx -o "$tmp/sx" "$tmp/s.cc" >/dev/null 2>&1 && "$tmp/sx"; }
has_fast_float() { printf '#include <fast_float/fast_float.h>\nint main(){return 0;}\n' > "$tmp/f.cc" &&
                   $cxx -std=c++17 -fsyntax-only "$tmp/f.cc" >/dev/null 2>&1; }
has_libfuzzer()  { printf 'int LLVMFuzzerTestOneInput(const char *d, long n){ return (int)(d==0)+(int)n*0; }\n' > "$tmp/f.c" &&
                   $fuzz_cc -fsanitize=fuzzer -o "$tmp/f" "$tmp/f.c" >/dev/null 2>&1; }
has_pg_server()  { command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; }
# (pgxs.mk comes with the client package; the server headers are the -dev's.)
has_pg_headers() { command -v pg_config >/dev/null 2>&1 && [ -f "$(pg_config --pgxs)" ] &&
                   [ -f "$(pg_config --includedir-server)/postgres.h" ]; }
has_python()     { [ -x /usr/bin/python3 ]; }
# PYTHON and its modules, each named by its Debian package (which serves
# Debian's own python3 only: another PYTHON is told so below).
imports()        { "$python" -c "import $1" >/dev/null 2>&1; }
has_py()         { "$python" -c '' >/dev/null 2>&1; }
has_py_setuptools() { imports setuptools; }
has_py_wheel()   { imports wheel; }
has_py_pip()     { imports pip; }
has_py_venv()    { imports ensurepip; }
has_py_pytest()  { imports pytest; }
has_py_sklearn() { imports sklearn; }
has_py_pandas()  { imports pandas; }
has_py_apsw()    { imports apsw; }
has_sqlite_utils() { [ -x /usr/bin/sqlite-utils ]; }
has_chromium()   { [ -x /usr/bin/chromium ]; }
has_de_locale()  { locale -a 2>/dev/null | grep -qi '^de_DE\.utf-*8$'; }

# The sanitizer runtimes come with the compiler's own development package,
# named by its major version (Debian 12's gcc 12 and clang 14 when the
# compiler itself is missing).
sanitizer_pkg() {
  v=$($1 -dumpversion 2>/dev/null | cut -d. -f1)
  if [ "$1" = "$fuzz_cc" ] || $1 --version 2>/dev/null | grep -qi clang; then
    echo "libclang-rt-${v:-14}-dev"
  else echo "libgcc-${v:-12}-dev"; fi
}

# ---- what each need is made of: "check package" pairs --------------------
checks_for() {
  case $1 in
    build)    echo "has_cc build-essential has_sqlite_h libsqlite3-dev" ;;
    test)     checks_for build; echo "has_tclsh tcl has_tcl_sqlite libsqlite3-tcl" ;;
    report)   checks_for build; echo "has_shell sqlite3" ;;
    plot)     echo "has_gnuplot gnuplot-nox" ;;
    demo)     checks_for report; checks_for plot ;;
    asan)     echo "has_asan $(sanitizer_pkg "$cc")" ;;
    tsan)     echo "has_tsan $(sanitizer_pkg "$cc")" ;;
    valgrind) echo "has_valgrind valgrind" ;;
    fuzz)     echo "has_clang clang has_libfuzzer $(sanitizer_pkg "$fuzz_cc")" ;;
    postgres) echo "has_pg_server postgresql-15 has_pg_headers postgresql-server-dev-15" ;;
    fresh)    echo "has_mmdebstrap mmdebstrap" ;;
    wheel)    checks_for build
              echo "has_py python3 has_py_setuptools python3-setuptools has_py_wheel python3-wheel" \
                   "has_py_pip python3-pip" ;;
    pytests)  checks_for wheel
              echo "has_py_venv python3-venv has_py_pytest python3-pytest" \
                   "has_py_sklearn python3-sklearn has_py_pandas python3-pandas" \
                   "has_py_apsw python3-apsw has_sqlite_utils sqlite-utils" ;;
    bench)    checks_for build
              echo "has_cxx g++ has_fast_float libfast-float-dev has_py python3" \
                   "has_py_sklearn python3-sklearn" ;;
    *)        echo "deps.sh: unknown need '$1'; the needs are: build test report plot demo" \
                   "asan tsan valgrind fuzz postgres fresh wheel pytests bench" \
                   "(usage: scripts/deps.sh [--check] NEED...)" >&2
              exit 2 ;;
  esac
}
pairs=""
for need in "$@"; do pairs="$pairs $(checks_for "$need")" || exit 2; done

# The packages whose checks fail, each named once: of the pairs given, or
# of the needs asked for.
missing_of() {
  out=""
  set -- $1
  while [ $# -ge 2 ]; do
    if ! "$1"; then
      case " $out " in *" $2 "*) ;; *) out="$out $2" ;; esac
    fi
    shift 2
  done
  echo "$out"
}
missing_packages() { missing_of "$pairs"; }

# The Debian packages of python3-* serve Debian's own Python only.
python_hint() {
  case "$1" in *python3-*)
    [ "$python" = "$debian_python" ] ||
      echo "(those serve Debian's $debian_python; for PYTHON=$python: $python -m pip install setuptools wheel)" >&2 ;;
  esac
}

can_install() { [ "$install" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

updated=0
apt_install() {
  echo "deps.sh: installing$1" >&2
  if [ "$updated" = 0 ]; then apt-get update -qq >&2 || return 1; updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $1 >/dev/null
}

# (5) The optional extras of `test`, installed after what is missing; the
# locale is generated once its data is there.
extras=""
wants_extras=0
case " $* " in *" test "*) can_install && wants_extras=1 ;; esac
if [ "$wants_extras" = 1 ]; then
  has_de_locale || [ -d /usr/share/i18n/locales ] || extras="$extras locales"
  has_python || extras="$extras python3"
  has_gnuplot || extras="$extras gnuplot-nox"
  has_chromium || extras="$extras chromium"
  wheel_python=$python; python=$debian_python
  for p in $(missing_of "$(checks_for pytests)"); do
    case " $extras " in *" $p "*) ;; *) extras="$extras $p" ;; esac
  done
  python=$wheel_python
fi

missing=$(missing_packages)
if [ -n "$missing" ] && can_install; then                             # (3)
  if ! apt_install "$missing"; then
    echo "deps.sh: apt-get install failed:$missing" >&2
    exit 1
  fi
fi
if [ -n "$extras" ] && ! apt_install "$extras"; then                  # (5)
  echo "deps.sh: the test extras did not install ($extras ); the tests that need them skip, each with a note" >&2
fi
if [ "$wants_extras" = 1 ] && ! has_de_locale; then
  localedef -i de_DE -f UTF-8 de_DE.UTF-8 >/dev/null 2>&1 || true
fi
[ -z "$missing" ] && exit 0

if can_install; then                                                  # (3)
  still=$(missing_packages)
  [ -z "$still" ] && exit 0
  echo "deps.sh: installed, but still not working:$still" >&2
  python_hint "$still"
  exit 1
fi

sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo "                         # (2)(4)
echo "deps.sh: missing$missing (for: $*). Install with:" >&2
echo "    ${sudo}apt-get install -y$missing" >&2
if [ "$install" = 0 ]; then
  echo "(make demo and make test install what they need themselves when run as root)" >&2
fi
python_hint "$missing"
[ "$(uname -s)" = Darwin ] && echo "(macOS: brew install sqlite tcl-tk; then see README.md)" >&2
exit 1
