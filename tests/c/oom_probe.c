/*
** oom_probe.c — out-of-memory paths: every allocation a query makes fails
** in turn, and each failure must surface as SQLITE_NOMEM, never as a crash,
** a leak (build with -fsanitize=address), a wrong error or a wrong result.
**
** SQLite's allocator is replaced (SQLITE_CONFIG_MALLOC) by a wrapper of the
** default one that fails the Nth allocation after it is armed. For each
** query, N = 1, 2, ... until a run completes with no failure injected:
** every run must give either the result of an undisturbed run or
** SQLITE_NOMEM (an error the query gives undisturbed, such as "bce(): y
** ... must be in [0,1]", counts as its result). The extension is compiled
** in (-DSQLITE_CORE). Prints
** "N passed, N failed".
*/
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

int sqlite3_crossentropy_init(sqlite3*, char**, const sqlite3_api_routines*);

static sqlite3_mem_methods base;
static long countdown = -1;          /* allocations left before the failure */
static int injected;

static void *failing_malloc(int n){
  if( countdown>=0 && countdown--==0 ){ injected = 1; return 0; }
  return base.xMalloc(n);
}
static void *failing_realloc(void *p, int n){
  if( countdown>=0 && countdown--==0 ){ injected = 1; return 0; }
  return base.xRealloc(p, n);
}

static int n_pass, n_fail;
static void check(int ok, const char *what, const char *sql, long n, const char *detail){
  if( ok ){ n_pass++; return; }
  n_fail++;
  printf("FAILED %s: %s (allocation %ld): %s\n", what, sql, n, detail);
}

/* Runs sql; its rows as text into out (truncated), the return code. */
static int run(sqlite3 *db, const char *sql, char *out, size_t size){
  sqlite3_stmt *stmt;
  size_t len = 0;
  int rc, i;
  out[0] = 0;
  rc = sqlite3_prepare_v2(db, sql, -1, &stmt, 0);
  if( rc!=SQLITE_OK ) return rc;
  while( (rc = sqlite3_step(stmt))==SQLITE_ROW ){
    for(i=0; i<sqlite3_column_count(stmt); i++){
      const unsigned char *v;
      int type = sqlite3_column_type(stmt, i);
      if( type==SQLITE_BLOB ){
        len += (size_t)snprintf(out + len, size - len, "blob%d|", sqlite3_column_bytes(stmt, i));
      }else if( type==SQLITE_FLOAT ){
        len += (size_t)snprintf(out + len, size - len, "%.17g|", sqlite3_column_double(stmt, i));
      }else{
        v = sqlite3_column_text(stmt, i);
        if( v==0 && type!=SQLITE_NULL ){ rc = SQLITE_NOMEM; break; }
        len += (size_t)snprintf(out + len, size - len, "%s|", v ? (const char*)v : "NULL");
      }
      if( len>=size ) len = size - 1;
    }
    if( rc==SQLITE_NOMEM ) break;
  }
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  else if( rc!=SQLITE_NOMEM ){                  /* an error is a result too */
    len += (size_t)snprintf(out + len, size - len, "error %d %s", rc, sqlite3_errmsg(db));
  }
  sqlite3_finalize(stmt);
  return rc;
}

static const char *const queries[] = {
  "SELECT mean_cross_entropy(y, p) FROM t",
  "SELECT mean_cross_entropy(y, p, w) FROM t",
  "SELECT mean_cross_entropy(CAST(y AS TEXT), CAST(p AS TEXT)) FROM t",
  "SELECT g, categorical_ce(y, p), softmax_ce(y, z) FROM t GROUP BY g",
  "SELECT mean_bce_logits(y, z), entropy(p), kl_divergence(p, 0.5) FROM t",
  "SELECT mean_cross_entropy(y, p) OVER (ORDER BY i ROWS 3 PRECEDING) FROM t",
  "SELECT bce(y, p), bce_logits(y, z, 2), focal_loss(y, p), balanced_bce(y, p, 0.3) FROM t",
  "SELECT bce(2, 0.5)",
  "SELECT bce('not a number', 0.5)",
  "SELECT bce(x'00ff', 0.5)",
  "SELECT mean_cross_entropy(y, p + 1) FROM t",
  "SELECT cross_entropy(1, '[0.25, 0.5, 0.25]'), cross_entropy('[0,1,0]', '[0.25, 0.5, 0.25]')",
  "SELECT cross_entropy_f64(1, x'000000000000d03f000000000000e03f')",
  "SELECT softmax_cross_entropy(2, '[1.5, -0.5, 3]', 0.1)",
  "SELECT cross_entropy(1, '[0.25, 1.5]')",
  "SELECT cross_entropy(1, '[0.25, oops]')",
  "SELECT cross_entropy(7, '[0.25, 0.75]')",
  "SELECT length(mean_cross_entropy_state(y, p, w)) FROM t",
  "SELECT mean_cross_entropy_value(mean_cross_entropy_merge(s)) FROM "
    "(SELECT mean_cross_entropy_state(y, p) AS s FROM t GROUP BY g)",
  "SELECT mean_cross_entropy_value(x'00')",
  "SELECT mean_cross_entropy_value('text')",
  "SELECT crossentropy_debug() LIKE '{\"version\":%}'",
  "SELECT binary_eval(y, p, w), mean_cross_entropy_stderr(y, p) FROM t",
  "SELECT g, normalized_entropy(y, p), d2_log_loss(y, p, w), brier_score(y, p) "
    "FROM t GROUP BY g",
  "SELECT calibration_error(y, p), calibration_error(y, p, w, 7), "
    "perplexity(-p, w), paired_loss_test(p, z) FROM t",
  "SELECT binary_eval(binary_eval_merge(s)) FROM "
    "(SELECT binary_eval_state(y, p) AS s FROM t GROUP BY g)",
  "SELECT binary_eval(y, p) OVER (ORDER BY i ROWS 3 PRECEDING) FROM t",
  "SELECT binary_eval('text'), binary_eval(x'00')",
  "SELECT calibration_error(y, p, 1, 2.5) FROM t",
};

int main(void){
  sqlite3 *db;
  char expected[4096], got[4096];
  size_t q;
  static sqlite3_mem_methods wrapped;
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &base);
  wrapped = base;
  wrapped.xMalloc = failing_malloc;
  wrapped.xRealloc = failing_realloc;
  if( sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped)!=SQLITE_OK ){
    printf("oom_probe: cannot replace the allocator\n");
    return 1;
  }
  sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);    /* every allocation counts */
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK
   || sqlite3_crossentropy_init(db, 0, 0)!=SQLITE_OK
   || sqlite3_exec(db,
        "CREATE TABLE t(i INTEGER PRIMARY KEY, g, y, p, z, w);"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<40)"
        "INSERT INTO t SELECT i, i%4, i%2, (i%9+1)/10.0, i/7.0-3, i%3 FROM c;",
        0, 0, 0)!=SQLITE_OK ){
    printf("oom_probe: setup failed: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  for(q=0; q<sizeof queries/sizeof queries[0]; q++){
    long n;
    int expected_rc = run(db, queries[q], expected, sizeof expected), rc;
    check(expected_rc!=SQLITE_NOMEM, "undisturbed run", queries[q], 0, expected);
    for(n=0; ; n++){
      injected = 0;
      countdown = n;
      rc = run(db, queries[q], got, sizeof got);
      countdown = -1;
      if( !injected ){
        check(rc==expected_rc && strcmp(got, expected)==0, "final run",
              queries[q], n, got);
        break;
      }
      check(rc==SQLITE_NOMEM || (rc==expected_rc && strcmp(got, expected)==0),
            "failed allocation is SQLITE_NOMEM or harmless", queries[q], n, got);
      if( n>100000 ){ check(0, "allocations never end", queries[q], n, ""); break; }
    }
  }
  sqlite3_close(db);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
