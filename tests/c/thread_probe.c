/*
** thread_probe.c — the extension holds no mutable global state: 8 reader
** threads, each with its own connection, compute the aggregates over one
** file database in WAL mode while a writer thread appends rows. Inside a
** read transaction (one snapshot) each reader computes
**   mean_cross_entropy(y, p), mean_cross_entropy(y, p, w), the merged
**   per-group states, and softmax_ce per observation,
** then fetches the same snapshot's rows and recomputes the first with the
** kernels on this thread (ce_bce, ce_mean in row order): the SQL result must
** equal it to the bit, and the merged states must match within 1 ulp-ish.
** Built with the extension compiled in; `make test` runs it, and the CI
** runs it once more built with -fsanitize=thread. Prints
** "N passed, N failed".
**
**   thread_probe DATABASE_FILE
*/
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "kernels.h"

int sqlite3_crossentropy_init(sqlite3*, char**, const sqlite3_api_routines*);

#define READERS 8
#define ROUNDS 25
#define BATCHES 60
#define BATCH_ROWS 500

static const char *path;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int n_pass, n_fail;
static int writer_done;              /* under lock */

static int is_writer_done(void){
  int done;
  pthread_mutex_lock(&lock);
  done = writer_done;
  pthread_mutex_unlock(&lock);
  return done;
}

static void check(int ok, const char *what, double got, double expected){
  pthread_mutex_lock(&lock);
  if( ok ) n_pass++;
  else{
    n_fail++;
    printf("FAILED %s: got %.17g, expected %.17g\n", what, got, expected);
  }
  pthread_mutex_unlock(&lock);
}

static sqlite3 *open_db(void){
  sqlite3 *db;
  if( sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE
                      |SQLITE_OPEN_NOMUTEX, 0)!=SQLITE_OK
   || sqlite3_crossentropy_init(db, 0, 0)!=SQLITE_OK ){
    printf("thread_probe: cannot open %s\n", path);
    exit(1);
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

static double one_double(sqlite3 *db, const char *sql){
  sqlite3_stmt *stmt;
  double v = NAN;
  if( sqlite3_prepare_v2(db, sql, -1, &stmt, 0)==SQLITE_OK
   && sqlite3_step(stmt)==SQLITE_ROW ){
    v = sqlite3_column_double(stmt, 0);
  }else{
    printf("thread_probe: %s: %s\n", sql, sqlite3_errmsg(db));
  }
  sqlite3_finalize(stmt);
  return v;
}

static void *writer(void *unused){
  sqlite3 *db = open_db();
  sqlite3_stmt *insert;
  int b, i;
  unsigned x = 12345;
  (void)unused;
  sqlite3_prepare_v2(db, "INSERT INTO t(g, y, p, w) VALUES (?, ?, ?, ?)", -1,
                     &insert, 0);
  for(b=0; b<BATCHES; b++){
    sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0);
    for(i=0; i<BATCH_ROWS; i++){
      x = x*1103515245u + 12345u;
      sqlite3_bind_int(insert, 1, (int)(x>>8) % 7);
      sqlite3_bind_int(insert, 2, (int)(x>>16) & 1);
      sqlite3_bind_double(insert, 3, ((x>>4) % 999 + 1)/1000.0);
      sqlite3_bind_double(insert, 4, ((x>>12) % 5)/2.0);
      sqlite3_step(insert);
      sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT", 0, 0, 0);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  pthread_mutex_lock(&lock);
  writer_done = 1;
  pthread_mutex_unlock(&lock);
  return 0;
}

static void *reader(void *unused){
  sqlite3 *db = open_db();
  int round;
  (void)unused;
  /* at least ROUNDS snapshots, and on until the writer has finished */
  for(round=0; round<ROUNDS || !is_writer_done(); round++){
    sqlite3_stmt *rows;
    ce_mean m;
    double sql_mean, sql_weighted, merged, expected;
    sqlite3_exec(db, "BEGIN", 0, 0, 0);              /* one snapshot from here */
    sql_mean = one_double(db, "SELECT mean_cross_entropy(y, p) FROM t");
    sql_weighted = one_double(db, "SELECT mean_cross_entropy(y, p, w) FROM t");
    merged = one_double(db, "SELECT mean_cross_entropy_value(mean_cross_entropy_merge(s)) "
                            "FROM (SELECT mean_cross_entropy_state(y, p, w) AS s FROM t GROUP BY g)");
    (void)one_double(db, "SELECT max(l) FROM (SELECT softmax_ce(y, p) AS l FROM t GROUP BY g)");
    ce_mean_reset(&m);
    sqlite3_prepare_v2(db, "SELECT y, p FROM t", -1, &rows, 0);
    while( sqlite3_step(rows)==SQLITE_ROW ){
      ce_mean_update(&m, ce_bce(sqlite3_column_double(rows, 0),
                                sqlite3_column_double(rows, 1),
                                CE_LOG_DEFAULT_EPS), +1);
    }
    sqlite3_finalize(rows);
    sqlite3_exec(db, "COMMIT", 0, 0, 0);
    if( ce_mean_value(&m, 0, &expected)!=CE_VALUE ) continue;  /* no rows yet */
    check(sql_mean==expected, "mean_cross_entropy = this snapshot's own sum",
          sql_mean, expected);
    check(fabs(merged - sql_weighted)<=4e-16*sql_weighted,
          "merged states = one weighted scan", merged, sql_weighted);
  }
  sqlite3_close(db);
  return 0;
}

int main(int argc, char **argv){
  pthread_t w, r[READERS];
  sqlite3 *db;
  int i;
  if( argc!=2 ){ fprintf(stderr, "usage: %s DATABASE_FILE\n", argv[0]); return 2; }
  path = argv[1];
  remove(path);
  db = open_db();
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; "
               "CREATE TABLE t(g INTEGER, y INTEGER, p REAL, w REAL);"
               "INSERT INTO t VALUES (0, 1, 0.5, 1);", 0, 0, 0);
  sqlite3_close(db);
  pthread_create(&w, 0, writer, 0);
  for(i=0; i<READERS; i++) pthread_create(&r[i], 0, reader, 0);
  pthread_join(w, 0);
  for(i=0; i<READERS; i++) pthread_join(r[i], 0);
  check(is_writer_done(), "the writer finished", is_writer_done(), 1);
  db = open_db();
  check(one_double(db, "SELECT count(*) FROM t")==BATCHES*BATCH_ROWS + 1,
        "every row written", one_double(db, "SELECT count(*) FROM t"),
        BATCHES*BATCH_ROWS + 1);
  sqlite3_close(db);
  remove(path);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
