/*
** memory_probe.c — measures SQLite's heap high-water mark while one
** aggregate runs over N generated rows, for tests/memory.test.
**
**   memory_probe EXTENSION N...
**
** For each query and each N it prints "query<TAB>N<TAB>highwater<TAB>result".
** Rows come from a recursive CTE, which keeps one row in flight, so any
** growth of the high-water mark with N would be the aggregate's own.
** (Window queries are left out: SQLite itself buffers a window's partition.)
*/
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>

static const char *const queries[][2] = {
  {"mean_cross_entropy",
   "SELECT mean_cross_entropy(i%2, 0.05 + (i%9)/10.0) FROM c"},
  {"mean_cross_entropy_weighted",
   "SELECT mean_cross_entropy(i%2, 0.05 + (i%9)/10.0, i%3) FROM c"},
  {"categorical_ce",
   "SELECT categorical_ce(i%2, 0.05 + (i%9)/10.0) FROM c"},
  {"mean_cross_entropy_state",
   "SELECT mean_cross_entropy_value(mean_cross_entropy_state(i%2, "
   "0.05 + (i%9)/10.0, i%3)) FROM c"},
  {"mean_cross_entropy_merge",
   "SELECT mean_cross_entropy_value(mean_cross_entropy_merge("
   "(SELECT mean_cross_entropy_state(1, 0.25, 2)))) FROM c"},
};

static int run(sqlite3 *db, const char *label, const char *select, long n){
  sqlite3_stmt *stmt;
  sqlite3_int64 current, highwater;
  /* N is bound, not printed, so every N prepares the very same statement;
  ** i counts from 2^40 so that the CTE's queued record has one size
  ** whatever N (a small integer takes fewer bytes in a record). */
  char *sql = sqlite3_mprintf("WITH RECURSIVE c(i) AS (SELECT 1099511627776 "
                              "UNION ALL SELECT i+1 FROM c "
                              "WHERE i<1099511627775+?1) %s", select);
  int rc;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highwater, 1);
  rc = sqlite3_prepare_v2(db, sql, -1, &stmt, 0);
  sqlite3_free(sql);
  if( rc!=SQLITE_OK ){ fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
  sqlite3_bind_int64(stmt, 1, n);
  if( sqlite3_step(stmt)!=SQLITE_ROW ){
    fprintf(stderr, "%s\n", sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    return 1;
  }
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highwater, 0);
  printf("%s\t%ld\t%lld\t%.17g\n", label, n, (long long)highwater,
         sqlite3_column_double(stmt, 0));
  sqlite3_finalize(stmt);
  return 0;
}

int main(int argc, char **argv){
  sqlite3 *db;
  char *err = 0;
  size_t q;
  int i;
  if( argc<3 ){ fprintf(stderr, "usage: %s EXTENSION N...\n", argv[0]); return 2; }
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK ) return 1;
  sqlite3_enable_load_extension(db, 1);
  if( sqlite3_load_extension(db, argv[1], 0, &err)!=SQLITE_OK ){
    fprintf(stderr, "%s\n", err);
    sqlite3_free(err);
    return 1;
  }
  for(q=0; q<sizeof queries/sizeof queries[0]; q++){
    for(i=2; i<argc; i++){
      if( run(db, queries[q][0], queries[q][1], atol(argv[i])) ) return 1;
    }
  }
  sqlite3_close(db);
  return 0;
}
