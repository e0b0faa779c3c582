/*
** fuzz_sql.c — libFuzzer harness for the whole SQL surface: every function
** the extension registers, called with fuzzed values of every SQLite type
** (NULL; integers; any 64-bit double, NaN, ±Inf, -0.0 and denormals
** included; TEXT, invalid UTF-8 included; BLOBs of any length; valid and
** damaged state BLOBs) as a scalar, or as an aggregate over fuzzed rows,
** grouped, and as a window function over growing and sliding frames.
** The extension is compiled in (-DSQLITE_CORE, with the sanitizers); SQLite
** is the system library. Besides "no crash, no undefined behaviour, no
** leak", it checks two promises: a result is never NaN, and every error is
** the function's own, "NAME(): ...".
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

int sqlite3_crossentropy_init(sqlite3*, char**, const sqlite3_api_routines*);

#define REQUIRE(x) do{ if( !(x) ){ fprintf(stderr, "REQUIRE failed: %s\n", #x); \
                                     __builtin_trap(); } }while(0)
#define MAX_FUNCS 64
#define MAX_ARGS 4
#define MAX_ROWS 8
#define N_QUERIES 4

static sqlite3 *db;
static int n_funcs;
static struct { char name[64]; int n_arg; int aggregate; } funcs[MAX_FUNCS];
static sqlite3_stmt *scalar_stmt[MAX_FUNCS];
static sqlite3_stmt *agg_stmt[MAX_FUNCS][N_QUERIES];
static sqlite3_stmt *insert_stmt, *clear_stmt;
static unsigned char good_state[84];

/* The input, read front to back; past its end every read is 0. */
typedef struct input { const uint8_t *at, *end; } input;
static unsigned take(input *in){ return in->at<in->end ? *in->at++ : 0; }
static size_t take_bytes(input *in, size_t n, const uint8_t **p){
  size_t left = (size_t)(in->end - in->at);
  if( n>left ) n = left;
  *p = in->at;
  in->at += n;
  return n;
}

static const double specials[] = {
  0.0, -0.0, 1.0, 0.5, 0.25, 1e-300, 5e-324, 1.0 - 0x1p-53, 1e308, -1e308,
  INFINITY, -INFINITY, NAN, 2.0, -1.0, 36.04365338911715, 0x1p-1074, 1e-16
};

/* Binds one fuzzed value of any type to parameter i of stmt. */
static void bind_value(sqlite3_stmt *stmt, int i, input *in){
  const uint8_t *p;
  size_t n;
  uint64_t bits = 0;
  double d;
  unsigned k;
  switch( take(in) % 9 ){
    case 0: sqlite3_bind_null(stmt, i); break;
    case 1:
      for(k=0; k<8; k++) bits = bits<<8 | take(in);
      sqlite3_bind_int64(stmt, i, (sqlite3_int64)bits);
      break;
    case 2:
      for(k=0; k<8; k++) bits = bits<<8 | take(in);
      memcpy(&d, &bits, sizeof d);
      sqlite3_bind_double(stmt, i, d);
      break;
    case 3:
      sqlite3_bind_double(stmt, i, specials[take(in) % (sizeof specials/sizeof specials[0])]);
      break;
    case 4:
      n = take_bytes(in, take(in) % 80, &p);
      sqlite3_bind_text(stmt, i, (const char*)p, (int)n, SQLITE_TRANSIENT);
      break;
    case 5:
      n = take_bytes(in, take(in) % 160, &p);
      sqlite3_bind_blob(stmt, i, p, (int)n, SQLITE_TRANSIENT);
      break;
    case 6: sqlite3_bind_int(stmt, i, (int)(take(in) % 12) - 2); break;
    case 7: {                         /* a state, perhaps with one byte changed */
      unsigned char state[84];
      memcpy(state, good_state, sizeof state);
      k = take(in);
      if( k<168 ) state[k % 84] ^= (unsigned char)take(in);
      sqlite3_bind_blob(stmt, i, state, sizeof state, SQLITE_TRANSIENT);
      break;
    }
    default:
      sqlite3_bind_double(stmt, i, (take(in) % 65)/64.0);      /* in [0,1] */
      break;
  }
}

/* Steps stmt to the end, checking each result and any error. */
static void run(sqlite3_stmt *stmt, const char *func){
  int rc, i;
  size_t len = strlen(func);
  while( (rc = sqlite3_step(stmt))==SQLITE_ROW ){
    for(i=0; i<sqlite3_column_count(stmt); i++){
      if( sqlite3_column_type(stmt, i)==SQLITE_FLOAT ){
        REQUIRE(!isnan(sqlite3_column_double(stmt, i)));
      }
    }
  }
  if( rc!=SQLITE_DONE ){
    const char *msg = sqlite3_errmsg(db);
    if( strncmp(msg, func, len)!=0 || strncmp(msg + len, "(): ", 4)!=0 ){
      fprintf(stderr, "unexpected error from %s: %s\n", func, msg);
      REQUIRE(0);
    }
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
}

static sqlite3_stmt *prepare(const char *sql){
  sqlite3_stmt *stmt = 0;
  if( sqlite3_prepare_v2(db, sql, -1, &stmt, 0)!=SQLITE_OK ){
    fprintf(stderr, "fuzz_sql: %s\n  in %s\n", sqlite3_errmsg(db), sql);
    exit(1);
  }
  return stmt;
}

static void setup(void){
  static const char *const frames[N_QUERIES] = {
    "SELECT %s(%s) FROM t",
    "SELECT %s(%s) FROM t GROUP BY g",
    "SELECT %s(%s) OVER (ORDER BY rowid) FROM t",
    "SELECT %s(%s) OVER (ORDER BY rowid ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t",
  };
  static const char *const cols[] = {"", "a", "a, b", "a, b, c", "a, b, c, d"};
  static const char *const params[] = {"", "?1", "?1, ?2", "?1, ?2, ?3", "?1, ?2, ?3, ?4"};
  sqlite3 *plain;
  sqlite3_stmt *stmt;
  char *err = 0;
  int i, q;
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK
   || sqlite3_crossentropy_init(db, &err, 0)!=SQLITE_OK ){
    fprintf(stderr, "fuzz_sql: cannot set up: %s\n", err ? err : "");
    exit(1);
  }
  sqlite3_open(":memory:", &plain);
  sqlite3_exec(db, "CREATE TABLE t(g, a, b, c, d)", 0, 0, 0);
  /* the extension's functions: the connection's, minus a plain one's */
  sqlite3_exec(db, "ATTACH ':memory:' AS aux", 0, 0, 0);
  stmt = prepare("SELECT name, narg, type FROM pragma_function_list "
                 "WHERE name NOT LIKE 'sqlite%' ORDER BY name, narg");
  while( sqlite3_step(stmt)==SQLITE_ROW && n_funcs<MAX_FUNCS ){
    const char *name = (const char*)sqlite3_column_text(stmt, 0);
    sqlite3_stmt *probe;
    char *sql = sqlite3_mprintf("SELECT 1 FROM pragma_function_list "
                                "WHERE name = %Q", name);
    int builtin;
    sqlite3_prepare_v2(plain, sql, -1, &probe, 0);
    builtin = sqlite3_step(probe)==SQLITE_ROW;
    sqlite3_finalize(probe);
    sqlite3_free(sql);
    if( builtin || sqlite3_column_int(stmt, 1)<0
     || sqlite3_column_int(stmt, 1)>MAX_ARGS ) continue;
    snprintf(funcs[n_funcs].name, sizeof funcs[n_funcs].name, "%s", name);
    funcs[n_funcs].n_arg = sqlite3_column_int(stmt, 1);
    funcs[n_funcs].aggregate = strcmp((const char*)sqlite3_column_text(stmt, 2), "s")!=0;
    n_funcs++;
  }
  sqlite3_finalize(stmt);
  sqlite3_close(plain);
  REQUIRE(n_funcs>30);
  for(i=0; i<n_funcs; i++){
    char *sql;
    if( !funcs[i].aggregate ){
      sql = sqlite3_mprintf("SELECT %s(%s)", funcs[i].name, params[funcs[i].n_arg]);
      scalar_stmt[i] = prepare(sql);
      sqlite3_free(sql);
      continue;
    }
    for(q=0; q<N_QUERIES; q++){
      sql = sqlite3_mprintf(frames[q], funcs[i].name, cols[funcs[i].n_arg]);
      agg_stmt[i][q] = prepare(sql);
      sqlite3_free(sql);
    }
  }
  insert_stmt = prepare("INSERT INTO t VALUES (?1 % 3, ?2, ?3, ?4, ?5)");
  clear_stmt = prepare("DELETE FROM t");
  stmt = prepare("SELECT mean_cross_entropy_state(1, 0.25, 2)");
  REQUIRE(sqlite3_step(stmt)==SQLITE_ROW && sqlite3_column_bytes(stmt, 0)==84);
  memcpy(good_state, sqlite3_column_blob(stmt, 0), 84);
  sqlite3_finalize(stmt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  input in = {data, data + size};
  int f, rows, r, a, q;
  if( db==0 ) setup();
  f = (int)(take(&in) % (unsigned)n_funcs);
  rows = 1 + (int)(take(&in) % MAX_ROWS);
  if( !funcs[f].aggregate ){
    for(r=0; r<rows; r++){
      for(a=1; a<=funcs[f].n_arg; a++) bind_value(scalar_stmt[f], a, &in);
      run(scalar_stmt[f], funcs[f].name);
    }
    return 0;
  }
  run(clear_stmt, "DELETE");
  for(r=0; r<rows; r++){
    sqlite3_bind_int(insert_stmt, 1, r);
    for(a=1; a<=MAX_ARGS; a++){
      if( a<=funcs[f].n_arg ) bind_value(insert_stmt, a + 1, &in);
      else sqlite3_bind_null(insert_stmt, a + 1);
    }
    REQUIRE(sqlite3_step(insert_stmt)==SQLITE_DONE);
    sqlite3_reset(insert_stmt);
    sqlite3_clear_bindings(insert_stmt);
  }
  for(q=0; q<N_QUERIES; q++) run(agg_stmt[f][q], funcs[f].name);
  return 0;
}
