// parse_rate.cc — the JSON class-vector reader's parse rate against the
// best exact parsers, on the same strings (issue 17): ns per element of
//   ours        ce_vec_open + ce_vec_next over the array (ext/core/vector.c)
//   fast_float  fast_float::from_chars per element (Debian's header-only
//               libfast-float-dev; used here only, never in the library)
//   strtod      the C library's, per element
//   json_valid  SQLite's json_valid() of the whole array, in process
// for arrays of 10, 100 and 1000 elements, written as Python's json.dumps
// writes them ("[0.12345678901234567, ...]", the shortest repr, 17 digits at
// most) and as short literals ("0.1"). Each figure is the median of REPS
// passes over ~2M elements; the ratios are ours / each. It also checks that
// ours, fast_float and strtod read every element to the same double, and
// prints the count that differ (0 expected). Asserts nothing else.
extern "C" {
#include "vector.h"
#include <sqlite3.h>
}
#include <fast_float/fast_float.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Arrays of k elements, about total elements in all, in the given style.
std::vector<std::string> make_arrays(int k, long total, bool short_literals, std::mt19937_64 &rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::string> arrays;
  long count = std::max(1L, total / k);
  char buf[64];
  for (long a = 0; a < count; a++) {
    std::string s = "[";
    for (int i = 0; i < k; i++) {
      if (i) s += ", ";
      if (short_literals) {
        snprintf(buf, sizeof buf, "0.%d", (int)(rng() % 9) + 1);
        s += buf;
      } else {
        auto r = std::to_chars(buf, buf + sizeof buf, unit(rng));   // shortest repr
        s.append(buf, r.ptr);
      }
    }
    s += "]";
    arrays.push_back(std::move(s));
  }
  return arrays;
}

double sum_ours(const std::vector<std::string> &arrays, std::vector<double> *keep) {
  double sum = 0;
  for (const auto &s : arrays) {
    ce_vec_reader r;
    if (ce_vec_open(&r, CE_VEC_JSON, s.data(), (int64_t)s.size()) != CE_VEC_END) abort();
    double x;
    ce_vec_status st;
    while ((st = ce_vec_next(&r, &x)) == CE_VEC_ELEMENT) {
      sum += x;
      if (keep) keep->push_back(x);
    }
    if (st != CE_VEC_END) abort();
  }
  return sum;
}

// The element loop of a minimal reader around a per-number parser.
template <class Parse>
double sum_with(const std::vector<std::string> &arrays, Parse parse, std::vector<double> *keep) {
  double sum = 0;
  for (const auto &s : arrays) {
    const char *p = s.data() + 1, *end = s.data() + s.size() - 1;
    while (p < end) {
      double x;
      p = parse(p, end, &x);
      sum += x;
      if (keep) keep->push_back(x);
      while (p < end && (*p == ',' || *p == ' ')) p++;
    }
  }
  return sum;
}

const char *parse_fast_float(const char *p, const char *end, double *x) {
  return fast_float::from_chars(p, end, *x).ptr;
}
const char *parse_strtod(const char *p, const char *, double *x) {
  char *e;
  *x = strtod(p, &e);
  return e;
}

// An in-memory database and its prepared "SELECT json_valid(?1)".
bool open_json_valid(sqlite3 **db, sqlite3_stmt **stmt) {
  return sqlite3_open(":memory:", db) == SQLITE_OK &&
         sqlite3_prepare_v2(*db, "SELECT json_valid(?1)", -1, stmt, 0) == SQLITE_OK;
}

double sum_json_valid(const std::vector<std::string> &arrays, sqlite3_stmt *stmt) {
  double sum = 0;
  for (const auto &s : arrays) {
    sqlite3_bind_text(stmt, 1, s.data(), (int)s.size(), SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_ROW) abort();
    sum += sqlite3_column_int(stmt, 0);
    sqlite3_reset(stmt);
  }
  return sum;
}

template <class F>
double ns_per_element(F f, long elements, int reps) {
  std::vector<double> times;
  volatile double sink = 0;
  for (int r = 0; r < reps; r++) {
    auto t0 = Clock::now();
    sink = sink + f();
    auto t1 = Clock::now();
    times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / elements);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

// `parse_rate --count PARSER K STYLE` (PARSER ours, fast_float or json_valid, STYLE long
// or short): one pass of that parser over ~200,000 elements in arrays of K,
// for callgrind to count (bench/profile.sh; only the function count_pass
// is counted); prints the element count.
__attribute__((noinline)) double count_pass(const std::vector<std::string> &arrays, const char *parser,
                                            sqlite3_stmt *stmt) {
  if (strcmp(parser, "ours") == 0) return sum_ours(arrays, nullptr);
  if (strcmp(parser, "fast_float") == 0) return sum_with(arrays, parse_fast_float, nullptr);
  return sum_json_valid(arrays, stmt);
}

int count_mode(char **argv) {
  std::mt19937_64 rng(20261201);
  int k = atoi(argv[3]);
  auto arrays = make_arrays(k, 200000, strcmp(argv[4], "short") == 0, rng);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  if (!open_json_valid(&db, &stmt)) return 1;
  volatile double sink = count_pass(arrays, argv[2], stmt);
  (void)sink;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  printf("%ld\n", (long)arrays.size() * k);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "--count") == 0) return count_mode(argv);
  const char *reps_env = getenv("REPS");
  int reps = reps_env ? atoi(reps_env) : 5;
  long total = 2000000;
  std::mt19937_64 rng(20261201);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  if (!open_json_valid(&db, &stmt)) return 1;
  printf("| elements | literals | ours ns | fast_float ns | strtod ns | json_valid ns "
         "| ours / fast_float | ours / json_valid | differing |\n");
  printf("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (bool short_literals : {false, true}) {
    for (int k : {10, 100, 1000}) {
      auto arrays = make_arrays(k, total, short_literals, rng);
      long elements = (long)arrays.size() * k;
      std::vector<double> a, b, c;
      sum_ours(arrays, &a);
      sum_with(arrays, parse_fast_float, &b);
      sum_with(arrays, parse_strtod, &c);
      long differing = 0;
      for (size_t i = 0; i < a.size(); i++) {
        if (memcmp(&a[i], &b[i], sizeof(double)) || memcmp(&a[i], &c[i], sizeof(double))) differing++;
      }
      if (a.size() != b.size() || a.size() != c.size()) differing = -1;
      double ours = ns_per_element([&] { return sum_ours(arrays, nullptr); }, elements, reps);
      double ff = ns_per_element([&] { return sum_with(arrays, parse_fast_float, nullptr); }, elements, reps);
      double sd = ns_per_element([&] { return sum_with(arrays, parse_strtod, nullptr); }, elements, reps);
      double jv = ns_per_element([&] { return sum_json_valid(arrays, stmt); }, elements, reps);
      printf("| %d | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %ld |\n", k,
             short_literals ? "short (0.1)" : "json.dumps (17 digits)", ours, ff, sd, jv,
             ours / ff, ours / jv, differing);
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return 0;
}
