/*
** static_app.c — an application with the extension compiled in, for hosts
** whose SQLite cannot load extensions (built with
** SQLITE_OMIT_LOAD_EXTENSION, or with loading switched off): the extension's
** sources are compiled with -DSQLITE_CORE into the program, and
** sqlite3_auto_extension() registers the functions on every connection it
** opens. `make build/static_app`, then:
**
**   build/static_app DATABASE "SELECT mean_cross_entropy(y, p) FROM t"
**
** prints each result row, columns separated by '|'. The same program could
** instead call sqlite3_crossentropy_init(db, &err, 0) on one connection.
*/
#include <stdio.h>
#include <sqlite3.h>

int sqlite3_crossentropy_init(sqlite3*, char**, const sqlite3_api_routines*);

static int print_row(void *unused, int n, char **values, char **names){
  int i;
  (void)unused; (void)names;
  for(i=0; i<n; i++) printf("%s%s", i ? "|" : "", values[i] ? values[i] : "");
  printf("\n");
  return 0;
}

int main(int argc, char **argv){
  sqlite3 *db;
  char *err = 0;
  int rc;
  if( argc!=3 ){
    fprintf(stderr, "usage: %s DATABASE SQL\n", argv[0]);
    return 2;
  }
  sqlite3_auto_extension((void(*)(void))sqlite3_crossentropy_init);
  if( sqlite3_open(argv[1], &db)!=SQLITE_OK ){
    fprintf(stderr, "static_app: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
  }
  rc = sqlite3_exec(db, argv[2], print_row, 0, &err);
  if( rc!=SQLITE_OK ){
    fprintf(stderr, "static_app: %s\n", err);
    sqlite3_free(err);
  }
  sqlite3_close(db);
  return rc!=SQLITE_OK;
}
