/*
** store.c — the database side of crossentropy-report: opening the user's
** file (never creating one), the user's relations it reads, the job's own
** tables it creates on first use and migrates from 0.1.0, and the template
** view `init` prints. Rules (cited as [Z1]..[Z5]):
**  [Z1] --db names an existing SQLite database: it is opened read-write
**       without SQLITE_OPEN_CREATE, so a typo is an error and no file
**       appears; a file that is not a database is an error too.
**  [Z2] The job writes only its own tables: loss_daily, loss_daily_segments,
**       loss_parts, loss_runs, loss_legacy_runs and loss_run_errors (docs/reporting.md gives
**       each column). Everything else it reads.
**  [Z3] The database is put in WAL mode (once; it persists) so that the
**       scan, a read transaction, never blocks a writer; where that cannot
**       be done (another connection holds it, a read-only medium) the job
**       goes on in the mode the file has and says so.
**  [Z4] A 0.1.0 store migrates in place in one transaction: loss_daily
**       gains eval_state, kind, legacy_state and legacy_n (legacy_state is
**       the 0.1.0 state, kept as reported: its days keep their log loss and
**       have no other statistics); loss_runs gains n_rows (NULL for runs
**       0.1.0 folded: their rows were counted by 0.1.0, whose contribution
**       cannot be told apart, so they are not re-checked) and takes run ids
**       of any type; those runs are listed in loss_legacy_runs, which the
**       fold never folds again, even when their loss_runs rows are deleted
**       (their rows are in their days' legacy states already).
**  [Z5] ce_predictions (binary) or ce_class_predictions (long multi-class)
**       must exist, as a table or a view, with the columns the job reads;
**       a missing one is an error naming it and saying how to make it.
*/
#include <stdlib.h>
#include <string.h>
#include "report.h"

/* What to do about the two errors a scheduled job meets most. */
static const char *error_hint(sqlite3 *db){
  switch( sqlite3_errcode(db) ){
    case SQLITE_BUSY:
      return " (another connection held the write lock longer than "
             "--busy-timeout; nothing was folded: the next run folds it)";
    case SQLITE_READONLY:
      return " (the job keeps its tables in --db, so the file and its "
             "directory must be writable; a WAL database needs its directory "
             "writable even to be read)";
    default:
      return "";
  }
}

char *report_db_error(sqlite3 *db, const char *what){
  return report_format_text("%s: %s%s", what, sqlite3_errmsg(db),
                            error_hint(db));
}

int report_exec(sqlite3 *db, const char *sql, char **error){
  char *message = 0;
  if( sqlite3_exec(db, sql, 0, 0, &message)!=SQLITE_OK ){
    *error = report_format_text("%s%s", message ? message : sqlite3_errmsg(db),
                                error_hint(db));
    sqlite3_free(message);
    return 0;
  }
  return 1;
}

int report_has_relation(sqlite3 *db, const char *name){
  sqlite3_stmt *st;
  int found = 0;
  if( sqlite3_prepare_v2(db, "SELECT 1 FROM main.sqlite_master WHERE "
        "type IN ('table','view') AND name = ?1 COLLATE NOCASE", -1, &st, 0)
      !=SQLITE_OK ) return 0;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step(st)==SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

int sqlite3_crossentropy_init(sqlite3*, char**, const sqlite3_api_routines*);

int report_open(const char *path, int writable, sqlite3 **out, char **error){
  sqlite3 *db = 0;
  int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
  char *message = 0;
  *out = 0;
  if( sqlite3_open_v2(path, &db, flags, 0)!=SQLITE_OK ){             /* [Z1] */
    *error = report_format_text("cannot open --db %s: %s (it must be an "
                                "existing SQLite database)", path,
                                db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return 0;
  }
  if( sqlite3_exec(db, "SELECT count(*) FROM main.sqlite_master", 0, 0,
                   &message)!=SQLITE_OK ){
    *error = sqlite3_errcode(db)==SQLITE_NOTADB
      ? report_format_text("--db %s is not a SQLite database: %s", path,
                           message ? message : sqlite3_errmsg(db))
      : report_format_text("cannot read --db %s: %s%s", path,
                           message ? message : sqlite3_errmsg(db),
                           error_hint(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return 0;
  }
  if( sqlite3_crossentropy_init(db, &message, 0)!=SQLITE_OK ){
    *error = report_format_text("cannot register the functions: %s",
                                message ? message : "?");
    sqlite3_free(message);
    sqlite3_close(db);
    return 0;
  }
  *out = db;
  return 1;
}

/* [Z5] Checks that relation has every column of need (a NULL-ended list);
** *has_weight says whether it has a "weight" column too. */
int report_columns(sqlite3 *db, const char *relation, const char *const *need,
                   int *has_weight, char **error){
  sqlite3_stmt *st;
  char *sql = report_format_text("SELECT * FROM main.\"%s\" LIMIT 0", relation);
  int i, j, n;
  if( sqlite3_prepare_v2(db, sql, -1, &st, 0)!=SQLITE_OK ){
    *error = report_format_text("%s cannot be read: %s", relation,
                                sqlite3_errmsg(db));
    free(sql);
    return 0;
  }
  free(sql);
  n = sqlite3_column_count(st);
  if( has_weight ) *has_weight = 0;
  for(j=0; j<n; j++){
    if( has_weight && sqlite3_stricmp(sqlite3_column_name(st, j), "weight")==0 ){
      *has_weight = 1;
    }
  }
  for(i=0; need[i]; i++){
    for(j=0; j<n && sqlite3_stricmp(sqlite3_column_name(st, j), need[i]); j++){}
    if( j==n ){
      char list[256] = "";
      size_t used = 0;
      for(j=0; need[j] && used<sizeof(list)-40; j++){
        used += (size_t)snprintf(list+used, sizeof(list)-used, "%s%s",
                                 j ? ", " : "", need[j]);
      }
      *error = report_format_text("%s has no column %s (the job reads %s%s; "
          "`crossentropy-report init --db FILE` prints a template view)",
          relation, need[i], list, has_weight ? " [, weight]" : "");
      sqlite3_finalize(st);
      return 0;
    }
  }
  sqlite3_finalize(st);
  return 1;
}

static int has_column(sqlite3 *db, const char *table, const char *column){
  sqlite3_stmt *st;
  int found = 0;
  if( sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) "
                             "WHERE name = ?2", -1, &st, 0)!=SQLITE_OK ){
    return 0;
  }
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  found = sqlite3_step(st)==SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

/* [Z2] The job's tables. loss_parts holds one binary_eval state per run
** (segment '') and per (run, segment): every loss_daily row is the merge of
** its parts, so a run folded again replaces its part [Q5]. */
static const char JOB_TABLES[] =
  "CREATE TABLE IF NOT EXISTS loss_daily("
  "  dataset TEXT NOT NULL, model TEXT NOT NULL, split TEXT NOT NULL,"
  "  day TEXT NOT NULL, n_obs INTEGER NOT NULL,"
  "  state BLOB NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  eval_state BLOB, kind TEXT, legacy_state BLOB, legacy_n INTEGER,"
  "  PRIMARY KEY(dataset, model, split, day)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS loss_daily_segments("
  "  dataset TEXT NOT NULL, model TEXT NOT NULL, split TEXT NOT NULL,"
  "  segment TEXT NOT NULL, day TEXT NOT NULL, n_obs INTEGER NOT NULL,"
  "  eval_state BLOB NOT NULL, kind TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  PRIMARY KEY(dataset, model, split, segment, day)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS loss_parts("
  "  run_id NOT NULL, segment TEXT NOT NULL,"
  "  dataset TEXT NOT NULL, model TEXT NOT NULL, split TEXT NOT NULL,"
  "  day TEXT NOT NULL, kind TEXT NOT NULL, n_obs INTEGER NOT NULL,"
  "  eval_state BLOB NOT NULL,"
  "  PRIMARY KEY(run_id, segment));"
  "CREATE INDEX IF NOT EXISTS loss_parts_by_day"
  "  ON loss_parts(dataset, model, split, day, segment);"
  "CREATE TABLE IF NOT EXISTS loss_runs("
  "  run_id PRIMARY KEY, n_rows INTEGER, folded_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS loss_legacy_runs(run_id PRIMARY KEY);"
  "CREATE TABLE IF NOT EXISTS loss_run_errors("
  "  run_id PRIMARY KEY, obs_id, column_name TEXT, value TEXT,"
  "  message TEXT NOT NULL, bad_rows INTEGER NOT NULL, seen_at TEXT NOT NULL);";

/* [Z4] 0.1.0's loss_daily had no eval_state; its loss_runs no n_rows. */
static const char MIGRATE_DAILY[] =
  "ALTER TABLE loss_daily ADD COLUMN eval_state BLOB;"
  "ALTER TABLE loss_daily ADD COLUMN kind TEXT;"
  "ALTER TABLE loss_daily ADD COLUMN legacy_state BLOB;"
  "ALTER TABLE loss_daily ADD COLUMN legacy_n INTEGER;"
  "UPDATE loss_daily SET legacy_state = state, legacy_n = n_obs;";
static const char MIGRATE_RUNS[] =
  "CREATE TABLE loss_runs_v2("
  "  run_id PRIMARY KEY, n_rows INTEGER, folded_at TEXT NOT NULL);"
  "INSERT INTO loss_runs_v2 SELECT run_id, NULL, reported_at FROM loss_runs;"
  "CREATE TABLE IF NOT EXISTS loss_legacy_runs(run_id PRIMARY KEY);"
  "INSERT OR IGNORE INTO loss_legacy_runs SELECT run_id FROM loss_runs;"
  "DROP TABLE loss_runs;"
  "ALTER TABLE loss_runs_v2 RENAME TO loss_runs;";

int report_prepare_tables(sqlite3 *db, int quiet, char **error){
  sqlite3_stmt *st;
  const char *mode = "";
  int ok, wal = 0;
  if( sqlite3_prepare_v2(db, "PRAGMA main.journal_mode", -1, &st, 0)==SQLITE_OK ){
    if( sqlite3_step(st)==SQLITE_ROW ){
      wal = sqlite3_stricmp((const char*)sqlite3_column_text(st, 0), "wal")==0;
    }
    sqlite3_finalize(st);
  }
  if( !wal ){                                                        /* [Z3] */
    if( sqlite3_prepare_v2(db, "PRAGMA main.journal_mode=WAL", -1, &st, 0)
        ==SQLITE_OK && sqlite3_step(st)==SQLITE_ROW ){
      mode = (const char*)sqlite3_column_text(st, 0);
      wal = mode && sqlite3_stricmp(mode, "wal")==0;
    }
    if( !quiet || !wal ) fprintf(stderr, wal
      ? "crossentropy-report: the database is now in WAL mode, so that "
        "writers are not blocked while the job reads (once; it persists)\n"
      : "crossentropy-report: could not switch the database to WAL mode; "
        "writers may wait while the job reads\n");
    sqlite3_finalize(st);
  }
  if( has_column(db, "loss_daily", "eval_state")
      && has_column(db, "loss_runs", "n_rows")
      && report_has_relation(db, "loss_daily_segments")
      && report_has_relation(db, "loss_parts")
      && report_has_relation(db, "loss_run_errors")
      && report_has_relation(db, "loss_legacy_runs") ){
    return 1;                   /* every night but the first: no write here */
  }
  if( !report_exec(db, "BEGIN IMMEDIATE", error) ) return 0;
  ok = 1;
  if( ok && report_has_relation(db, "loss_daily")
      && !has_column(db, "loss_daily", "eval_state") ){
    ok = report_exec(db, MIGRATE_DAILY, error);
    if( ok && !quiet ) fprintf(stderr, "crossentropy-report: migrated loss_daily from "
                     "0.1.0 (its days keep the log loss reported)\n");
  }
  if( ok && report_has_relation(db, "loss_runs")
      && !has_column(db, "loss_runs", "n_rows") ){
    ok = report_exec(db, MIGRATE_RUNS, error);
  }
  if( ok ) ok = report_exec(db, JOB_TABLES, error);
  if( ok ) return report_exec(db, "COMMIT", error);
  sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
  return 0;
}

/* `init`: the template view, with the file's own tables listed so that the
** user sees what to map. Printed, never run. */
void report_print_template(sqlite3 *db, FILE *out){
  sqlite3_stmt *st;
  fputs("-- crossentropy-report reads these views (docs/reporting.md). Edit\n"
        "-- the SELECTs to map your tables, then run this file once:\n"
        "--   sqlite3 YOUR.db < this-file.sql\n"
        "-- Tables in this database (name: columns):\n", out);
  if( sqlite3_prepare_v2(db,
        "SELECT m.name, group_concat(p.name, ', ') FROM main.sqlite_master m,"
        " pragma_table_info(m.name) p WHERE m.type IN ('table','view') AND"
        " m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'loss%'"
        " GROUP BY m.name ORDER BY m.name", -1, &st, 0)==SQLITE_OK ){
    while( sqlite3_step(st)==SQLITE_ROW ){
      fprintf(out, "--   %s: %s\n", sqlite3_column_text(st, 0),
              sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
  }
  fputs(
"\n"
"-- Binary predictions: one row per (run, observation).\n"
"CREATE VIEW ce_predictions AS\n"
"SELECT run_id,   -- one evaluation run: one dataset, model, split and day\n"
"       obs_id,   -- the example; the same example keeps its id across models\n"
"       dataset,  -- e.g. 'churn'\n"
"       model,    -- e.g. 'gbm-v3'\n"
"       split,    -- e.g. 'test'\n"
"       day,      -- 'YYYY-MM-DD' (date(your_timestamp) makes one)\n"
"       label,    -- 0 or 1 (a soft label in [0,1] is taken too)\n"
"       prob      -- P(label = 1), in [0,1]\n"
"       -- , weight  -- optional: a sample weight >= 0\n"
"  FROM your_predictions;\n"
"\n"
"-- Optional, multi-class predictions in long format: one row per\n"
"-- (run, observation, class); is_true is 1 on the true class's row.\n"
"-- CREATE VIEW ce_class_predictions AS\n"
"-- SELECT run_id, obs_id, dataset, model, split, day, class, is_true, prob\n"
"--   FROM your_class_probabilities;\n"
"\n"
"-- Optional, segments to report separately (an observation may be in\n"
"-- several): --min-slice N hides the small ones.\n"
"-- CREATE VIEW ce_segments AS\n"
"-- SELECT obs_id, segment FROM your_metadata;\n", out);
}
