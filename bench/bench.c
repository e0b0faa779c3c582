/*
** bench.c — `make bench`: the speed of the extension's queries against
** their baselines, timed inside one process with the SQLite API (so the
** time is the query's, not process start-up's). Not a test: it asserts
** nothing and prints medians and ratios measured in the same run.
**
**   bench EXTENSION [N] [--tsv FILE] [--rss ROWS] [--save FILE] [--only SECTION]
**
** It builds its own data from a fixed seed in an in-memory database: N
** binary predictions, N one-row-per-class rows (10 classes per observation)
** and N/10 wide observations (10 classes, JSON and float BLOBs), and N/1000
** wide observations of 1000 classes. Each query runs once to warm up, then
** REPS times, the queries of a group interleaved round by round; the table
** gives the median ns per input row (per observation for the wide vectors)
** and the median of its per-round ratios to the group's first (baseline)
** query.
** --tsv appends "n<TAB>group<TAB>query<TAB>ns_per_row" lines to FILE.
** --rss ROWS runs one mean_cross_entropy over ROWS generated rows and prints
** the process's peak RSS in KiB (the memory check runs it in new processes).
** --only SECTION runs one section: binary, evaluation, grouped, layout, logits,
** wide10, wide1000 or window.
** --save FILE builds the data, writes the database to FILE (VACUUM INTO,
** replacing FILE) and exits without timing anything.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <sqlite3.h>

#define REPS 7

static sqlite3 *db;
static long n_rows;
static FILE *tsv;
static const char *only;        /* --only SECTION: run that section alone */

/* Whether the section (binary, evaluation, grouped, layout, logits, wide10,
** wide1000, window)
** is to run. */
static int section(const char *name){
  return only==0 || strcmp(only, name)==0;
}

static void die(const char *what){
  fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  exit(1);
}

static void exec(const char *sql){
  char *err = 0;
  if( sqlite3_exec(db, sql, 0, 0, &err)!=SQLITE_OK ){
    fprintf(stderr, "bench: %s\n  in: %.200s\n", err, sql);
    exit(1);
  }
}

/* splitmix64: a fixed, portable stream of pseudo-random numbers. */
static uint64_t rng_state = 20261123;
static uint64_t next_u64(void){
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z>>30))*0xBF58476D1CE4E5B9ull;
  z = (z ^ (z>>27))*0x94D049BB133111EBull;
  return z ^ (z>>31);
}
static double uniform(void){ return (next_u64()>>11)*0x1.0p-53; }
static double normal(void){
  double u = uniform(), v = uniform();
  return sqrt(-2.0*log(u + 0x1.0p-60))*cos(6.283185307179586*v);
}
static double sigmoid(double z){ return 1.0/(1.0 + exp(-z)); }

static double now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec*1e-9;
}

/* Runs sql to completion, stepping every row. */
static double run_once(const char *sql){
  sqlite3_stmt *stmt;
  double t0, t1;
  int rc;
  if( sqlite3_prepare_v2(db, sql, -1, &stmt, 0)!=SQLITE_OK ) die(sql);
  t0 = now();
  while( (rc = sqlite3_step(stmt))==SQLITE_ROW ){}
  t1 = now();
  if( rc!=SQLITE_DONE ) die(sql);
  sqlite3_finalize(stmt);
  return t1 - t0;
}

static int cmp_double(const void *a, const void *b){
  double x = *(const double*)a, y = *(const double*)b;
  return x<y ? -1 : x>y;
}

/*
** A group: queries timed against the first, the baseline. The runs are
** interleaved (one warm-up of each, then REPS rounds each running every
** query once), and each ratio is the median of the per-round ratios, so a
** slow spell of this shared machine weighs on both sides of a ratio alike.
*/
#define MAX_GROUP 12
static struct {
  const char *name;                   /* the --tsv group name */
  int n;
  char *label[MAX_GROUP];
  char *sql[MAX_GROUP];
  double units[MAX_GROUP];            /* ns are per this many rows */
  double ns[MAX_GROUP][REPS];         /* per round, once run */
} group;

static void group_begin(const char *name){
  int q;
  for(q=0; q<group.n; q++){
    sqlite3_free(group.label[q]);
    sqlite3_free(group.sql[q]);
  }
  group.name = name;
  group.n = 0;
}

/* Adds a query (the first one added is the baseline); takes label, sql. */
static void group_add(char *label, char *sql, double units){
  if( group.n==MAX_GROUP ) die("too many queries in a group");
  group.label[group.n] = label;
  group.sql[group.n] = sql;
  group.units[group.n] = units;
  group.n++;
}

/* The median of REPS values (x is left as it is). */
static double median(const double *x){
  double sorted[REPS];
  memcpy(sorted, x, sizeof sorted);
  qsort(sorted, REPS, sizeof sorted[0], cmp_double);
  return sorted[REPS/2];
}

/* The median over the rounds of query a's time over query b's. */
static double median_ratio(int a, int b){
  double ratio[REPS];
  int r;
  for(r=0; r<REPS; r++) ratio[r] = group.ns[a][r]/group.ns[b][r];
  return median(ratio);
}

static void group_run(void){
  int q, r;
  for(q=0; q<group.n; q++) run_once(group.sql[q]);
  for(r=0; r<REPS; r++){
    for(q=0; q<group.n; q++){
      group.ns[q][r] = run_once(group.sql[q])*1e9/group.units[q];
    }
  }
  for(q=0; q<group.n; q++){
    double ns = median(group.ns[q]);
    printf("  %-58s %9.1f ns  %6.2fx\n", group.label[q], ns, median_ratio(q, 0));
    if( tsv ) fprintf(tsv, "%ld\t%s\t%s\t%.2f\n", n_rows, group.name,
                      group.label[q], ns);
  }
  fflush(stdout);
}

/* After group_run: a ratio between two queries other than the baseline. */
static void group_ratio(const char *text, int a, int b){
  printf("  %-58s %12s %6.2fx\n", text, "", median_ratio(a, b));
}

/* group_add with printf-style SQL and a fixed label. */
#define ADD(label, units, ...) \
  group_add(sqlite3_mprintf("%s", label), sqlite3_mprintf(__VA_ARGS__), \
            (double)(units))
/* "SELECT expr FROM bin", labelled "SELECT expr", per row of bin. */
#define ADD_BIN(expr) ADD("SELECT " expr, n_rows, "SELECT " expr " FROM bin")

static void build_binary(long n){
  sqlite3_stmt *stmt;
  long i;
  exec("CREATE TABLE bin(id INTEGER PRIMARY KEY, y INTEGER, p REAL, z REAL, w REAL)");
  if( sqlite3_prepare_v2(db, "INSERT INTO bin VALUES (?,?,?,?,?)", -1, &stmt, 0) ) die("prepare");
  exec("BEGIN");
  for(i=1; i<=n; i++){
    double z = 3.0*normal(), p = sigmoid(z);
    if( p<=0.0 || p>=1.0 ) p = 0.5;               /* keep ln(p), ln(1-p) finite */
    sqlite3_bind_int64(stmt, 1, i);
    sqlite3_bind_int(stmt, 2, uniform()<p);
    sqlite3_bind_double(stmt, 3, p);
    sqlite3_bind_double(stmt, 4, z);
    sqlite3_bind_double(stmt, 5, 0.5 + uniform());
    if( sqlite3_step(stmt)!=SQLITE_DONE ) die("insert");
    sqlite3_reset(stmt);
  }
  exec("COMMIT");
  sqlite3_finalize(stmt);
  /* the same rows, y = 0 first: the branch on y (ln p or ln(1-p)) becomes
  ** predictable, which shows what its mispredictions cost */
  exec("CREATE TABLE bin_by_y AS SELECT y, p FROM bin ORDER BY y, id");
}

/* One observation's probabilities and logits over k classes. */
static void softmax_draw(int k, double *z, double *p){
  double max = -1e300, sum = 0.0;
  int j;
  for(j=0; j<k; j++){ z[j] = 2.0*normal(); if( z[j]>max ) max = z[j]; }
  for(j=0; j<k; j++){ p[j] = exp(z[j] - max); sum += p[j]; }
  for(j=0; j<k; j++) p[j] /= sum;
}

static void build_classes(long n){
  sqlite3_stmt *stmt;
  double z[10], p[10];
  long obs;
  int j;
  exec("CREATE TABLE cat(obs INTEGER, class INTEGER, y INTEGER, p REAL, z REAL)");
  if( sqlite3_prepare_v2(db, "INSERT INTO cat VALUES (?,?,?,?,?)", -1, &stmt, 0) ) die("prepare");
  exec("BEGIN");
  for(obs=0; obs<n/10; obs++){
    int label = (int)(next_u64()%10);
    softmax_draw(10, z, p);
    for(j=0; j<10; j++){
      sqlite3_bind_int64(stmt, 1, obs);
      sqlite3_bind_int(stmt, 2, j);
      sqlite3_bind_int(stmt, 3, j==label);
      sqlite3_bind_double(stmt, 4, p[j]);
      sqlite3_bind_double(stmt, 5, z[j]);
      if( sqlite3_step(stmt)!=SQLITE_DONE ) die("insert");
      sqlite3_reset(stmt);
    }
  }
  exec("COMMIT");
  sqlite3_finalize(stmt);
}

/* Little-endian bytes of a float or double, whatever the host. */
static void put_f32(unsigned char *b, float f){
  uint32_t u; int i;
  memcpy(&u, &f, 4);
  for(i=0; i<4; i++) b[i] = (unsigned char)(u>>(8*i));
}
static void put_f64(unsigned char *b, double d){
  uint64_t u; int i;
  memcpy(&u, &d, 8);
  for(i=0; i<8; i++) b[i] = (unsigned char)(u>>(8*i));
}

static void build_wide(const char *table, long n_obs, int k){
  sqlite3_stmt *stmt;
  double *z = malloc(sizeof(double)*k), *p = malloc(sizeof(double)*k);
  unsigned char *f32 = malloc(4*(size_t)k), *f64 = malloc(8*(size_t)k);
  char *json = malloc(26*(size_t)k + 4), *short_json = malloc(26*(size_t)k + 4), *sql;
  long obs;
  int j;
  if( !z || !p || !f32 || !f64 || !json || !short_json ) die("out of memory");
  /* probs_json as %.17g writes them; probs_short with 3 digits, the way a
  ** team that rounds its exports writes them ("0.00166, 4.01e-05") */
  sql = sqlite3_mprintf("CREATE TABLE %s(obs INTEGER PRIMARY KEY, label INTEGER,"
                        " probs_json TEXT, f32 BLOB, f64 BLOB, probs_short TEXT)", table);
  exec(sql);
  sqlite3_free(sql);
  sql = sqlite3_mprintf("INSERT INTO %s VALUES (?,?,?,?,?,?)", table);
  if( sqlite3_prepare_v2(db, sql, -1, &stmt, 0) ) die("prepare");
  sqlite3_free(sql);
  exec("BEGIN");
  for(obs=0; obs<n_obs; obs++){
    size_t len = 0, short_len = 0;
    softmax_draw(k, z, p);
    json[len++] = '[';
    short_json[short_len++] = '[';
    for(j=0; j<k; j++){
      len += (size_t)snprintf(json + len, 26, "%s%.17g", j ? "," : "", p[j]);
      short_len += (size_t)snprintf(short_json + short_len, 26, "%s%.3g",
                                    j ? ", " : "", p[j]);
      put_f32(f32 + 4*j, (float)p[j]);
      put_f64(f64 + 8*j, p[j]);
    }
    json[len++] = ']';
    short_json[short_len++] = ']';
    sqlite3_bind_int64(stmt, 1, obs);
    sqlite3_bind_int(stmt, 2, (int)(next_u64()%(uint64_t)k));
    sqlite3_bind_text(stmt, 3, json, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_blob(stmt, 4, f32, 4*k, SQLITE_TRANSIENT);
    sqlite3_bind_blob(stmt, 5, f64, 8*k, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, short_json, (int)short_len, SQLITE_TRANSIENT);
    if( sqlite3_step(stmt)!=SQLITE_DONE ) die("insert");
    sqlite3_reset(stmt);
  }
  exec("COMMIT");
  sqlite3_finalize(stmt);
  free(z); free(p); free(f32); free(f64); free(json); free(short_json);
}

static void bench_wide(const char *table, long n_obs, int k){
  char label[96];
  printf("\n%d classes, one row per observation (%ld rows; ns per observation)\n",
         k, n_obs);
#define WIDE(text, ...) \
  snprintf(label, sizeof label, text, k); \
  group_add(sqlite3_mprintf("%s", label), sqlite3_mprintf(__VA_ARGS__), \
            (double)n_obs)
  group_begin(k==10 ? "wide10" : "wide1000");
  WIDE("json_each route, %d classes",
       "SELECT avg(l) FROM (SELECT (SELECT -ln(max(value, 2.220446049250313e-16))"
       " FROM json_each(w.probs_json) WHERE key = w.label) AS l FROM %s AS w)", table);
  WIDE("floor: avg(length(f64)), a scalar call per row, %d classes",
       "SELECT avg(length(f64)) FROM %s", table);
  WIDE("avg(cross_entropy(label, json)), %d classes",
       "SELECT avg(cross_entropy(label, probs_json)) FROM %s", table);
  WIDE("avg(cross_entropy_f32(label, f32)), %d classes",
       "SELECT avg(cross_entropy_f32(label, f32)) FROM %s", table);
  WIDE("avg(cross_entropy_f64(label, f64)), %d classes",
       "SELECT avg(cross_entropy_f64(label, f64)) FROM %s", table);
  WIDE("avg(softmax_cross_entropy_f64(label, f64)), %d classes",
       "SELECT avg(softmax_cross_entropy_f64(label, f64)) FROM %s", table);
  WIDE("json_each route, short literals (%%.3g), %d classes",
       "SELECT avg(l) FROM (SELECT (SELECT -ln(max(value, 2.220446049250313e-16))"
       " FROM json_each(w.probs_short) WHERE key = w.label) AS l FROM %s AS w)", table);
  WIDE("avg(cross_entropy(label, short json)), %d classes",
       "SELECT avg(cross_entropy(label, probs_short)) FROM %s", table);
  group_run();
  group_ratio("json_each route / cross_entropy_f64", 0, 4);
  group_ratio("json_each route / cross_entropy_f32", 0, 3);
  group_ratio("cross_entropy (JSON) / cross_entropy_f64", 2, 4);
  group_ratio("json_each route / cross_entropy (JSON, %.17g)", 0, 2);
  group_ratio("json_each route / cross_entropy (JSON, %.3g)", 6, 7);
#undef WIDE
}

static void bench_window(long n){
  static const int frames[] = {10, 100, 1000, 10000};
  size_t i;
  printf("\nSliding windows over %ld rows (ns per row; ratio to avg(p) over the "
         "same frame)\n", n);
  for(i=0; i<sizeof frames/sizeof frames[0]; i++){
    group_begin("window");
    group_add(sqlite3_mprintf("avg(p) OVER %d rows", frames[i]),
        sqlite3_mprintf("SELECT max(m) FROM (SELECT avg(p) OVER (ORDER BY id ROWS "
        "BETWEEN %d PRECEDING AND CURRENT ROW) AS m FROM bin WHERE id <= %ld)",
        frames[i] - 1, n), (double)n);
    group_add(sqlite3_mprintf("mean_cross_entropy OVER %d rows", frames[i]),
        sqlite3_mprintf("SELECT max(m) FROM (SELECT mean_cross_entropy(y, p) OVER "
        "(ORDER BY id ROWS BETWEEN %d PRECEDING AND CURRENT ROW) AS m FROM bin "
        "WHERE id <= %ld)", frames[i] - 1, n), (double)n);
    if( frames[i]==1000 ){
      /* the same frame without a window function: a correlated subquery */
      group_add(sqlite3_mprintf("correlated subquery, 1000 rows (on n/10 rows)"),
          sqlite3_mprintf("SELECT max(m) FROM (SELECT (SELECT "
          "mean_cross_entropy(y, p) FROM bin AS b WHERE b.id BETWEEN a.id - 999 "
          "AND a.id) AS m FROM bin AS a WHERE a.id <= %ld)", n/10),
          (double)(n/10));
    }
    group_run();
  }
}

static long peak_rss_kib(void){
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
#ifdef __APPLE__
  return ru.ru_maxrss/1024;
#else
  return ru.ru_maxrss;
#endif
}

int main(int argc, char **argv){
  char *err = 0;
  long rss_rows = 0;
  const char *save = 0;
  int i;
  if( argc<2 ){
    fprintf(stderr, "usage: %s EXTENSION [N] [--tsv FILE] [--rss ROWS] [--save FILE]"
            " [--only SECTION]\n",
            argv[0]);
    return 2;
  }
  n_rows = 1000000;
  for(i=2; i<argc; i++){
    if( strcmp(argv[i], "--tsv")==0 && i+1<argc ){
      tsv = fopen(argv[++i], "a");
      if( !tsv ){ perror("bench: --tsv"); return 1; }
    }else if( strcmp(argv[i], "--rss")==0 && i+1<argc ){
      rss_rows = atol(argv[++i]);
    }else if( strcmp(argv[i], "--save")==0 && i+1<argc ){
      save = argv[++i];
    }else if( strcmp(argv[i], "--only")==0 && i+1<argc ){
      only = argv[++i];
    }else{
      n_rows = atol(argv[i]);
    }
  }
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK ) die("open");
  sqlite3_enable_load_extension(db, 1);
  if( sqlite3_load_extension(db, argv[1], 0, &err)!=SQLITE_OK ){
    fprintf(stderr, "bench: %s\n", err);
    return 1;
  }
  if( rss_rows>0 ){
    char *sql = sqlite3_mprintf("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
        "SELECT i+1 FROM c WHERE i<%ld) SELECT mean_cross_entropy(i%%2, "
        "0.05 + (i%%9)/10.0) FROM c", rss_rows);
    run_once(sql);
    sqlite3_free(sql);
    printf("%ld\n", peak_rss_kib());
    return 0;
  }

  printf("sqlite-crossentropy benchmark: SQLite %s, N = %ld rows, median of %d runs\n",
         sqlite3_libversion(), n_rows, REPS);
  build_binary(n_rows);
  build_classes(n_rows);
  if( section("layout") ){
    exec("CREATE TABLE cat_by_obs(obs INTEGER, class INTEGER, y INTEGER, p REAL,"
         " z REAL, PRIMARY KEY (obs, class)) WITHOUT ROWID");
    exec("INSERT INTO cat_by_obs SELECT * FROM cat");
    exec("CREATE TABLE cat_indexed AS SELECT * FROM cat");
    exec("CREATE INDEX cat_indexed_obs ON cat_indexed(obs)");
  }
  build_wide("wide10", n_rows/10, 10);
  build_wide("wide1000", n_rows/1000 > 0 ? n_rows/1000 : 1, 1000);
  if( save ){
    char *sql = sqlite3_mprintf("VACUUM INTO %Q", save);
    remove(save);                                 /* VACUUM INTO will not overwrite */
    exec(sql);
    sqlite3_free(sql);
    printf("saved %ld rows per table to %s\n", n_rows, save);
    sqlite3_close(db);
    return 0;
  }

  if( section("binary") ){
  printf("\nBinary, probabilities (%ld rows; ns per row, ratio to sum(p))\n", n_rows);
  group_begin("binary");
  ADD_BIN("sum(p)");
  ADD("floor: SELECT sum(ln(p)) (built-in aggregate + one log)", n_rows,
      "SELECT sum(ln(p)) FROM bin");
  ADD_BIN("mean_cross_entropy(y, p)");
  ADD_BIN("mean_cross_entropy(y, p, w)");
  ADD_BIN("avg(bce(y, p))");
  ADD("pure SQL: avg(-(y*ln(p)+(1-y)*ln(1-p)))", n_rows,
      "SELECT avg(-(y*ln(p)+(1-y)*ln(1-p))) FROM bin");
  ADD("diagnostic: mean_cross_entropy(y, p), rows sorted by y", n_rows,
      "SELECT mean_cross_entropy(y, p) FROM bin_by_y");
  group_run();
  group_ratio("pure SQL / mean_cross_entropy(y, p)", 5, 2);
  group_ratio("mean_cross_entropy(y, p) / floor sum(ln(p))", 2, 1);

  /* What a weight costs, split: SQLite reading a third column, (y, p, w)
  ** against a constant weight (y, p, 1.0), which SQLite passes without
  ** reading a column; and the kernel's weighted sums, (y, p, 1.0) against
  ** (y, p). */
  printf("\nWeighted means (%ld rows; ns per row, ratio to sum(p))\n", n_rows);
  group_begin("weighted");
  ADD_BIN("sum(p)");
  ADD_BIN("mean_cross_entropy(y, p)");
  ADD("SELECT mean_cross_entropy(y, p, 1.0) (constant weight)", n_rows,
      "SELECT mean_cross_entropy(y, p, 1.0) FROM bin");
  ADD_BIN("mean_cross_entropy(y, p, w)");
  ADD_BIN("mean_bce_logits(y, z)");
  ADD_BIN("mean_bce_logits(y, z, w)");
  group_run();
  group_ratio("mean_cross_entropy(y, p, w) / (y, p)", 3, 1);
  group_ratio("mean_bce_logits(y, z, w) / (y, z)", 5, 4);
  group_ratio("the kernel's part: (y, p, 1.0) / (y, p)", 2, 1);
  group_ratio("SQLite's part, reading w: (y, p, w) / (y, p, 1.0)", 3, 2);
  }

  if( section("evaluation") ){
  printf("\nEvaluation statistics (%ld rows; ns per row, ratio to sum(p))\n", n_rows);
  group_begin("evaluation");
  ADD_BIN("sum(p)");
  ADD_BIN("brier_score(y, p)");
  ADD_BIN("binary_eval(y, p)");
  ADD_BIN("binary_eval(y, p, w)");
  ADD_BIN("mean_cross_entropy_stderr(y, p)");
  ADD_BIN("calibration_error(y, p)");
  ADD_BIN("perplexity(-z*z)");
  ADD_BIN("paired_loss_test(p, z)");
  ADD_BIN("normalized_entropy(y, p)");
  ADD_BIN("d2_log_loss(y, p)");
  ADD_BIN("length(binary_eval_state(y, p))");
  ADD_BIN("mean_cross_entropy(y, p)");
  group_run();
  }

  if( section("grouped") ){
  printf("\nGrouped, 10 classes per observation (%ld rows; ratio to GROUP BY sum(p))\n", n_rows);
  group_begin("grouped");
  ADD("GROUP BY obs: sum(p)", n_rows, "SELECT obs, sum(p) FROM cat GROUP BY obs");
  ADD("GROUP BY obs: categorical_ce(y, p)", n_rows,
      "SELECT obs, categorical_ce(y, p) FROM cat GROUP BY obs");
  ADD("GROUP BY obs: pure SQL -sum(y*ln(p))", n_rows,
      "SELECT obs, -sum(y*ln(p)) FROM cat GROUP BY obs");
  group_run();
  }

  if( section("layout") ){
  /* docs/performance.md "Laying out a long-format table": the same rows
  ** unindexed (GROUP BY sorts them), keyed on (obs, class), and read
  ** through one-hot labels' y = 1 rows alone. */
  long n_obs = n_rows/10 > 0 ? n_rows/10 : 1;
  printf("\nLong format, 10 classes (%ld rows; ns per observation, ratio to the "
         "unindexed table)\n", n_rows);
  group_begin("layout");
  ADD("unindexed: GROUP BY obs, categorical_ce(y, p)", n_obs,
      "SELECT max(l) FROM (SELECT obs, categorical_ce(y, p) AS l FROM cat GROUP BY obs)");
  ADD("WITHOUT ROWID, PRIMARY KEY (obs, class): the same", n_obs,
      "SELECT max(l) FROM (SELECT obs, categorical_ce(y, p) AS l FROM cat_by_obs GROUP BY obs)");
  ADD("index on (obs): the same", n_obs,
      "SELECT max(l) FROM (SELECT obs, categorical_ce(y, p) AS l FROM cat_indexed GROUP BY obs)");
  ADD("one-hot: WHERE y = 1, per observation -ln(p)", n_obs,
      "SELECT max(l) FROM (SELECT obs, bce(1, p) AS l FROM cat WHERE y = 1)");
  ADD("unindexed: mean over observations (GROUP BY, then avg)", n_obs,
      "SELECT avg(l) FROM (SELECT categorical_ce(y, p) AS l FROM cat GROUP BY obs)");
  ADD("one-hot: WHERE y = 1, mean_cross_entropy(1, p)", n_obs,
      "SELECT mean_cross_entropy(1, p) FROM cat WHERE y = 1");
  group_run();
  }

  if( section("logits") ){
  printf("\nLogits (%ld rows; ratio to the pure-SQL equivalent)\n", n_rows);
  group_begin("logits");
  ADD("pure SQL: avg(max(z,0) - z*y + ln(1+exp(-abs(z))))", n_rows,
      "SELECT avg(max(z,0) - z*y + ln(1 + exp(-abs(z)))) FROM bin");
  ADD_BIN("mean_bce_logits(y, z)");
  group_run();
  group_begin("logits");
  ADD("pure SQL softmax CE: GROUP BY obs, 10 classes", n_rows,
      "SELECT obs, ln(sum(exp(z - m))) + m - sum(y*z) FROM "
      "(SELECT obs, y, z, max(z) OVER (PARTITION BY obs) AS m FROM cat) GROUP BY obs");
  ADD("GROUP BY obs: softmax_ce(y, z)", n_rows,
      "SELECT obs, softmax_ce(y, z) FROM cat GROUP BY obs");
  group_run();
  }

  if( section("wide10") ) bench_wide("wide10", n_rows/10, 10);
  if( section("wide1000") ){
    bench_wide("wide1000", n_rows/1000 > 0 ? n_rows/1000 : 1, 1000);
  }
  if( section("window") ) bench_window(n_rows<100000 ? n_rows : 100000);
  if( tsv ) fclose(tsv);
  sqlite3_close(db);
  return 0;
}
