# Makefile — builds the sqlite-crossentropy extension, runs its tests and demo.
#
#   make            dist/crossentropy.so (.dylib on macOS)
#   make test       the whole test suite; ends with "N passed, N failed"
#   make test-asan  the suite again on an AddressSanitizer+UBSan build
#   make docs-check the examples in docs/ against the library (in make test)
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (default 60)
#   make test-tsan  the threaded test under ThreadSanitizer
#   make test-valgrind  the Tcl suite under valgrind (memcheck, leaks)
#   make coverage   line and branch coverage of ext/ by the tests (gcov)
#   make test-postgres  the PostgreSQL extension (ext/postgres) on a real server
#   make test-sharded  the extension over a sharded PostgreSQL (postgres_fdw)
#   make test-fresh the README's two commands on a brand-new Debian 12 root
#   make demo       load the bundled sample data and print the loss report
#   make bench      time the queries against their baselines (N=rows)
#   make bench-sweep  the benchmark at N = 10^4..10^7, memory, Python, plot
#   make bench-profile  instructions per row by query (valgrind's callgrind)
#   make report DB=eval.db [ARGS="--format csv"]  dist/crossentropy-report on DB
#   make install [PREFIX=/usr] [DESTDIR=]  the library where `.load crossentropy`
#                   finds it, and crossentropy-report in $(PREFIX)/bin
#   make wheel      the Python package: dist/sqlite_crossentropy-*.whl and its
#                   sdist, offline (PYTHON=, default Debian's /usr/bin/python3)
#   make reference  regenerate tests/data/ (needs Debian's python3-sklearn)
#
# What a target needs is checked by scripts/deps.sh. A plain `make` only
# checks, and names the command to install what is missing; `make demo`,
# `make test` and the targets that need extra tools install it themselves
# with apt-get when run as root on Debian/Ubuntu (and otherwise name it),
# before they build. Warnings are errors when CI is set.

CC      ?= cc
# CFLAGS, the warnings, the library's sources and LIBS: ext/flags.mk, which
# python/setup.py reads too (the wheel's library is built the same way).
include ext/flags.mk
WARN    := $(WARN_FLAGS) $(if $(CI),$(CI_WARN_FLAGS))

UNAME_S := $(shell uname -s)
ifeq ($(UNAME_S),Darwin)
  EXT_SUFFIX := dylib
  SHARED     := -dynamiclib
  PREFIX     ?= /usr/local
  RM_TREE    := rm -rf
else
  EXT_SUFFIX := so
  SHARED     := -shared
  PREFIX     ?= /usr
  # never into a mount that an interrupted test-fresh left in build/fresh/
  RM_TREE    := rm -rf --one-file-system
endif
# make install: where `.load crossentropy` (no directory) finds the library.
# The loader looks there by name: /usr/lib on Linux (not /usr/local/lib,
# which only holds lib*.so files it finds through ldconfig), /usr/local/lib
# on macOS. With another PREFIX, load the full path or set LD_LIBRARY_PATH.
LIBDIR ?= $(PREFIX)/lib

# ext/core is engine-neutral (docs/architecture.md); ext/sqlite is the SQLite
# front-end over it; ext/postgres builds with PGXS from the same core.
CORE_SOURCES := $(wildcard ext/core/*.c)
SOURCES      := $(foreach d,$(LIBRARY_DIRS),$(wildcard $(d)/*.c))
HEADERS      := $(foreach d,$(LIBRARY_DIRS),$(wildcard $(d)/*.h))
INCLUDES     := $(addprefix -I,$(LIBRARY_DIRS))
LIB          := dist/crossentropy.$(EXT_SUFFIX)
# crossentropy-report (ext/report): a program with the extension compiled in.
REPORT_SOURCES := $(wildcard ext/report/*.c)
REPORT         := dist/crossentropy-report
BINDIR         ?= $(PREFIX)/bin

# The sanitizer build: its own directory, same library name so that the
# entry point is the same.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ASAN_LIB   := dist/asan/crossentropy.$(EXT_SUFFIX)
ASAN_REPORT := dist/asan/crossentropy-report

# crossentropy_debug() reports the flags it was built with.
FLAGS_DEF = -DCE_BUILD_FLAGS='"$(strip $(1))"'

TEST_BINS := build/kernels_test build/memory_probe build/static_probe \
             build/static_app build/oom_probe build/thread_probe build/format_test \
             build/partial_state_test build/messages_test build/eval_test \
             build/number_test

.PHONY: all deps test test-asan test-fresh demo bench bench-sweep bench-profile bench-postgres reference \
        docs-check fuzz test-tsan test-valgrind test-postgres test-sharded bench-sharded bench-postgres-spill bench-parse coverage install \
        uninstall report wheel clean

all: deps $(LIB) $(REPORT)

# A recipe that installs what it needs runs NEEDS first (scripts/deps.sh,
# which installs as root), then BUILD_LIB builds what it uses, without the
# check of `all` (`+` marks it as a sub-make, for -j and -n). At the top
# level the goals run one at a time: two would build the library at once,
# and two deps.sh would both run apt-get.
NEEDS     = @CC="$(CC)" CXX="$(CXX)" FUZZ_CC="$(FUZZ_CC)" PYTHON="$(PYTHON)" sh scripts/deps.sh
BUILD_LIB = +@$(MAKE) --no-print-directory
ifeq ($(MAKELEVEL),0)
.NOTPARALLEL:
endif
deps:
	$(NEEDS) --check build

# Every C program and library here is one compile of its prerequisites'
# .c files: $(call COMPILE,flags[,libraries]).
define COMPILE
@mkdir -p $(@D)
$(CC) $(1) $(WARN) $(INCLUDES) -o $@ $(filter %.c,$^) $(2) $(LIBS)
endef
LOADABLE = $(call FLAGS_DEF,$(1) $(WARN)) $(1) $(LOADABLE_FLAGS) $(SHARED)
COMPILED_IN = -DSQLITE_CORE $(1)

$(LIB): $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call LOADABLE,$(CFLAGS)))

# The nightly report as a program: the core, the SQLite front-end compiled
# in (SQLITE_CORE) and ext/report; it links the system's libsqlite3 only.
$(REPORT): $(REPORT_SOURCES) ext/report/report.h $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call FLAGS_DEF,$(CFLAGS) $(WARN) -DSQLITE_CORE) $(call COMPILED_IN,$(CFLAGS) $(THREADS)) -Iext/report,-lsqlite3)

$(ASAN_LIB): $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call LOADABLE,$(ASAN_FLAGS)))

$(ASAN_REPORT): $(REPORT_SOURCES) ext/report/report.h $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call COMPILED_IN,$(ASAN_FLAGS) $(THREADS)) -Iext/report,-lsqlite3)

# The core alone: kernels, vector reader, states (plain C, no SQLite).
build/kernels_test: tests/c/kernels_test.c tests/c/unit.h $(CORE_SOURCES) $(HEADERS)
	$(call COMPILE,$(CFLAGS))

# The JSON reader's numbers against strtod, on 10^7 strings (the core alone).
build/number_test: tests/c/number_test.c tests/c/unit.h $(CORE_SOURCES) $(HEADERS)
	$(call COMPILE,$(CFLAGS))

# The partial states of PostgreSQL's parallel plans (partial_state.h) and
# the shared error sentences (messages.h), alone (plain C, no SQLite).
build/partial_state_test: tests/c/partial_state_test.c tests/c/unit.h $(CORE_SOURCES) $(HEADERS)
	$(call COMPILE,$(CFLAGS))

build/messages_test: tests/c/messages_test.c tests/c/unit.h $(CORE_SOURCES) $(HEADERS)
	$(call COMPILE,$(CFLAGS))

# The evaluation statistics' states, byte form and JSON (eval_state.h,
# eval_stats.h), alone (plain C, no SQLite).
build/eval_test: tests/c/eval_test.c tests/c/unit.h $(CORE_SOURCES) $(HEADERS)
	$(call COMPILE,$(CFLAGS))

# The number formatter and rules of checks.c, alone (plain C, C and comma
# locales).
build/format_test: tests/c/format_test.c tests/c/unit.h ext/core/checks.c $(HEADERS)
	$(call COMPILE,$(CFLAGS))

# The extension linked into a program, registered as an auto-extension;
# examples/static_app.c is an application with the functions compiled in.
build/static_probe: tests/c/static_probe.c
build/static_app: examples/static_app.c
build/static_probe build/static_app: $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call FLAGS_DEF,$(CFLAGS) $(WARN) -DSQLITE_CORE) $(call COMPILED_IN,$(CFLAGS)),-lsqlite3)

# Allocation failures (always with ASan+UBSan, so that a leak on a failure
# path is an error) and threads, with the extension compiled in.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined
THREADS   := -D_POSIX_C_SOURCE=200809L
build/oom_probe: tests/c/oom_probe.c $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call COMPILED_IN,$(SAN_FLAGS)),-lsqlite3)

build/thread_probe: tests/c/thread_probe.c $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call COMPILED_IN,$(CFLAGS) $(THREADS)),-lsqlite3 -lpthread)

build/tsan/thread_probe: tests/c/thread_probe.c $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call COMPILED_IN,-O1 -g -fsanitize=thread $(THREADS)),-lsqlite3 -lpthread)

build/memory_probe: tests/c/memory_probe.c
	$(call COMPILE,$(CFLAGS),-lsqlite3)

test:
	$(NEEDS) test
	$(BUILD_LIB) $(LIB) $(REPORT) $(TEST_BINS)
	CE_EXT=dist/crossentropy tclsh tests/run.tcl

# The README's two commands on a brand-new Debian 12 root (mmdebstrap,
# chroot; root): scripts/test_fresh.sh says how.
test-fresh:
	$(NEEDS) fresh
	@sh scripts/test_fresh.sh

# Every ```sql example in docs/ run and checked against the built library
# (tests/docs.test, also part of `make test`).
docs-check:
	$(NEEDS) test
	$(BUILD_LIB) $(LIB)
	CE_EXT=dist/crossentropy tclsh tests/docs.test

# tclsh itself is not instrumented, so the ASan runtime is preloaded.
test-asan:
	$(NEEDS) test asan
	$(BUILD_LIB) $(ASAN_LIB) $(ASAN_REPORT) $(TEST_BINS)
	CE_EXT=dist/asan/crossentropy CE_REPORT=$(ASAN_REPORT) CE_SKIP_SLOW=1 \
	  LD_PRELOAD="$$($(CC) -print-file-name=libasan.so)" \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  tclsh tests/run.tcl

# The threaded test under ThreadSanitizer (which exits non-zero on a race).
test-tsan:
	$(NEEDS) build tsan
	$(BUILD_LIB) build/tsan/thread_probe
	TSAN_OPTIONS=halt_on_error=1 ./build/tsan/thread_probe build/tsan/thread_probe.db

# The Tcl suite with every suite's tclsh under valgrind's memcheck: no
# invalid access and no leak of ours (tests/valgrind.supp explains what is
# suppressed: Tcl's and libc's own blocks). Valgrind runs x87 long double
# arithmetic at double precision, and SQLite converts decimal text to
# doubles with it, so under valgrind some SQL literals read 1 ulp (or more)
# off: the four suites whose expected values hinge on such literals are
# left out here (they run under ASan+UBSan in test-asan).
VALGRIND_SKIP := bce_logits.test cross_entropy.test docs.test sample.test
# crossentropy-report runs under memcheck too (report.test): its own leaks
# and invalid accesses fail the suite through the exit status.
VALGRIND_REPORT := valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99
test-valgrind:
	$(NEEDS) test valgrind
	$(BUILD_LIB) $(LIB) $(REPORT) $(TEST_BINS)
	CE_EXT=dist/crossentropy CE_SKIP_SLOW=1 CE_SKIP_SUITES="$(VALGRIND_SKIP)" \
	  CE_REPORT_RUNNER="$(VALGRIND_REPORT)" \
	  CE_RUNNER="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --suppressions=tests/valgrind.supp" \
	  tclsh tests/run.tcl

# The PostgreSQL extension (ext/postgres, PGXS) on a throwaway server:
# pg_regress and tests/postgres.test. Installs PostgreSQL 15 (root).
test-postgres:
	$(NEEDS) test postgres
	$(BUILD_LIB) $(LIB)
	@sh scripts/postgres_test.sh

# The extension over a sharded PostgreSQL: a coordinator and two shards
# (postgres_fdw), tests/sharded.test (scripts/sharded_test.sh; root).
test-sharded:
	$(NEEDS) test postgres
	$(BUILD_LIB) $(LIB)
	@sh scripts/sharded_test.sh

# The figures of docs/postgres.md's "Sharded": rows scanned and bytes
# shipped, sharded against one server, at SHARD_N rows (bench/sharded.sh).
bench-sharded:
	$(NEEDS) test postgres
	$(BUILD_LIB) $(LIB)
	sh bench/sharded.sh

# Line and branch coverage of ext/ by the suite and the C probes (gcov).
coverage:
	$(NEEDS) test
	$(BUILD_LIB) $(LIB)
	@sh scripts/coverage.sh

demo:
	$(NEEDS) demo
	$(BUILD_LIB) $(LIB) $(REPORT)
	@rm -f build/sample.db && mkdir -p build
	@sqlite3 build/sample.db < sql/sample.sql
	@sqlite3 build/sample.db -cmd ".load ./dist/crossentropy" < sql/report.sql
	@sh sql/report/demo.sh

# The nightly report (crossentropy-report, docs/reporting.md) on the
# evaluation store DB, which must exist: there is no default.
report:
	$(NEEDS) build
	$(BUILD_LIB) $(REPORT)
	@[ -n "$(DB)" ] || { echo "make report: DB=FILE is required (an existing database; docs/reporting.md)"; exit 1; }
	./$(REPORT) --db "$(DB)" $(ARGS)

# The Python package (python/, docs/python.md): its sdist, and the wheel pip
# builds from that sdist, in dist/; offline, with PYTHON's setuptools, wheel
# and pip (scripts/build_wheel.sh).
PYTHON ?= $(if $(wildcard /usr/bin/python3),/usr/bin/python3,python3)
wheel:
	$(NEEDS) wheel
	@PYTHON="$(PYTHON)" LIBRARY_DIRS="$(LIBRARY_DIRS)" sh scripts/build_wheel.sh

# libFuzzer harnesses (tests/fuzz/): the vector and state readers, and the
# whole SQL surface; each runs FUZZ_SECONDS from the committed seeds.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
build/fuzz/fuzz_vector: tests/fuzz/fuzz_vector.c $(CORE_SOURCES) $(HEADERS)
	$(call COMPILE,$(FUZZ_FLAGS))

build/fuzz/fuzz_sql: tests/fuzz/fuzz_sql.c $(SOURCES) $(HEADERS)
	$(call COMPILE,$(call COMPILED_IN,$(FUZZ_FLAGS)),-lsqlite3)

build/fuzz/%: CC = $(FUZZ_CC)

fuzz:
	$(NEEDS) build fuzz
	@$(MAKE) -s build/fuzz/fuzz_vector build/fuzz/fuzz_sql
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# The benchmark: medians and ratios, never asserted; not part of `make
# test`. N rows (default 1000000): N=10000000 make bench. It runs
#   bench/bench.c             the queries, as ratios in one run;
#   bench/parse_rate.cc       the JSON reader's parse rate against fast_float,
#                             strtod and SQLite's json_valid on the same
#                             arrays (Debian's header-only libfast-float-dev,
#                             used by this benchmark only, never the library);
#   bench/python_baseline.py  the Python route (fetch + NumPy, fetch +
#                             scikit-learn) against the query, on the same rows.
N ?= 1000000
build/bench: bench/bench.c
	$(call COMPILE,-O2 $(THREADS),-lsqlite3)

PARSE_RATE_C := ext/core/vector.c ext/core/json_number.c ext/core/checks.c
build/parse_rate: bench/parse_rate.cc $(PARSE_RATE_C) $(HEADERS)
	@mkdir -p build/parse_rate.o.d
	for f in $(PARSE_RATE_C); do \
	  $(CC) $(CFLAGS) $(WARN) -Iext/core -c $$f -o build/parse_rate.o.d/$$(basename $$f .c).o || exit 1; \
	done
	$(CXX) -O2 -std=c++17 -Wall -Wextra -Iext/core -o $@ bench/parse_rate.cc \
	  $(patsubst ext/core/%.c,build/parse_rate.o.d/%.o,$(PARSE_RATE_C)) -lsqlite3 -lm

bench:
	$(NEEDS) bench
	$(BUILD_LIB) $(LIB) build/bench build/parse_rate
	./build/bench dist/crossentropy $(N)
	@echo
	@echo "JSON class vectors: ns per element, parse rate (bench/parse_rate.cc)"
	./build/parse_rate
	./build/bench dist/crossentropy $(N) --save build/bench.db >/dev/null
	$(PYTHON) bench/python_baseline.py build/bench.db dist/crossentropy

# The parse-rate table alone.
bench-parse:
	$(NEEDS) bench
	$(BUILD_LIB) build/parse_rate
	./build/parse_rate

# bench/sweep.sh: N = 10^4..10^7 (SWEEP_N="..." for others), the peak-RSS
# check, the Python baseline and docs/performance.png (several minutes).
bench-sweep: all build/bench
	sh bench/sweep.sh

# bench/postgres.sh: the PostgreSQL extension, serial and parallel, against
# PostgreSQL's own aggregates (a throwaway server; root; PG_N rows).
bench-postgres:
	$(NEEDS) build postgres
	$(BUILD_LIB) $(LIB)
	sh bench/postgres.sh

# bench/postgres_spill.sh: whether categorical_ce's GROUP BY over 10M long
# rows fits its HashAggregate in work_mem, against PostgreSQL's pure SQL.
bench-postgres-spill:
	$(NEEDS) build postgres
	$(BUILD_LIB) $(LIB)
	sh bench/postgres_spill.sh

# bench/profile.sh: instructions per row (callgrind), split into SQLite, the
# extension and libm; deterministic where timings are noisy. Needs valgrind.
bench-profile:
	$(NEEDS) report valgrind bench
	$(BUILD_LIB) $(LIB) build/bench build/parse_rate
	sh bench/profile.sh

reference:
	/usr/bin/python3 tests/gen/make_reference.py
	/usr/bin/python3 tests/gen/make_reference_family.py
	/usr/bin/python3 tests/gen/make_reference_vectors.py
	/usr/bin/python3 tests/gen/make_reference_eval.py
	/usr/bin/python3 tests/gen/make_repr_cases.py
	/usr/bin/python3 sql/make_sample.py

# crossentropy-report needs only the system's libsqlite3 (and gnuplot for
# --plot and --html): the extension is compiled into it.
install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(BINDIR)
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/crossentropy.$(EXT_SUFFIX)
	install -m 755 $(REPORT) $(DESTDIR)$(BINDIR)/crossentropy-report
	@echo "installed $(DESTDIR)$(LIBDIR)/crossentropy.$(EXT_SUFFIX) and $(DESTDIR)$(BINDIR)/crossentropy-report"

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/crossentropy.$(EXT_SUFFIX) $(DESTDIR)$(BINDIR)/crossentropy-report

clean:
	$(RM_TREE) dist build
