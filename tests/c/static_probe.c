/*
** static_probe.c — the extension compiled into a program (-DSQLITE_CORE) and
** registered with sqlite3_auto_extension(), as an application whose SQLite
** cannot load extensions would use it: every new connection opens cleanly
** and has the functions; then sqlite3_crossentropy_init() called directly on
** one connection. Prints "N passed, N failed".
*/
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

int sqlite3_crossentropy_init(sqlite3*, char**, const sqlite3_api_routines*);

static int n_pass, n_fail;

static void check(int ok, const char *name, const char *detail){
  if( ok ) n_pass++;
  else{ n_fail++; printf("FAILED %s: %s\n", name, detail); }
}

int main(void){
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int i, rc;
  rc = sqlite3_auto_extension((void(*)(void))sqlite3_crossentropy_init);
  check(rc==SQLITE_OK, "auto_extension registered", "");
  for(i=0; i<2; i++){                       /* two connections, one process */
    rc = sqlite3_open(":memory:", &db);
    check(rc==SQLITE_OK, "open with the auto-extension", sqlite3_errmsg(db));
    rc = sqlite3_prepare_v2(db, "SELECT bce(1, 0), crossentropy_version()", -1,
                            &stmt, 0);
    check(rc==SQLITE_OK, "prepare a call", sqlite3_errmsg(db));
    if( rc==SQLITE_OK ){
      check(sqlite3_step(stmt)==SQLITE_ROW
            && sqlite3_column_double(stmt, 0)==36.04365338911715,
            "bce(1, 0) in a static build", sqlite3_errmsg(db));
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
  }
  /* without the auto-extension: the entry point called on one connection */
  sqlite3_reset_auto_extension();
  rc = sqlite3_open(":memory:", &db);
  check(rc==SQLITE_OK, "open without the auto-extension", sqlite3_errmsg(db));
  rc = sqlite3_prepare_v2(db, "SELECT bce(1, 0)", -1, &stmt, 0);
  check(rc!=SQLITE_OK, "no functions before the entry point is called", "");
  {
    char *err = 0;
    rc = sqlite3_crossentropy_init(db, &err, 0);
    check(rc==SQLITE_OK && err==0, "sqlite3_crossentropy_init called directly",
          err ? err : "");
    sqlite3_free(err);
  }
  rc = sqlite3_prepare_v2(db, "SELECT bce(1, 0)", -1, &stmt, 0);
  check(rc==SQLITE_OK && sqlite3_step(stmt)==SQLITE_ROW
        && sqlite3_column_double(stmt, 0)==36.04365338911715,
        "bce(1, 0) after a direct call", sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail>0;
}
