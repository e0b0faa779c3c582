/*
** fold.c — the fold of crossentropy-report: the runs not yet reported, and
** those whose rows changed, read from the user's ce_predictions and
** ce_class_predictions and folded into loss_parts and loss_daily. Rules
** (cited as [Q1]..[Q8]):
**  [Q1] Plan and scan run in one read transaction (one snapshot): rows per
**       run are counted, compared with loss_runs, and only the runs to fold
**       are read again, row by row, into binary_eval's state (the core's
**       eval_state.h, the same code as the SQL aggregate). The job's temp
**       tables live in the temp database, so no write lock is taken.
**  [Q2] The states are written in one short write transaction after the
**       scan (BEGIN IMMEDIATE, waiting --busy-timeout for other writers).
**  [Q3] That transaction first re-reads each run's loss_runs row: a run
**       that another job folded (or re-folded) since this job's snapshot is
**       left as that job wrote it, so two jobs at once never count a run
**       twice. The summary is printed only after the commit.
**  [Q4] A run with a bad row is not folded, and every other run is: the
**       first bad row (in the order the view returns them; for multi-class
**       runs, read by obs_id, in obs_id order), its column, value and what
**       is wrong go to loss_run_errors and the output, with the count of bad
**       rows (bad observations, for multi-class); the run is read again
**       every night until it is clean. A run folded before keeps its last
**       good contribution meanwhile.
**  [Q5] A run whose row count differs from the count it was folded with is
**       folded again: its parts are replaced, never added to, and the days
**       it touched (before and after) are merged again from their parts.
**       A run whose rows are all gone keeps its contribution (teams prune
**       old predictions; the report is the history).
**  [Q6] A run is one dataset, model, split and day: a row of another is a
**       bad row. A binary row needs label and prob in [0,1] (and weight, a
**       column the view may have, finite >= 0); a multi-class observation
**       needs is_true 0 or 1, exactly one true class, prob in [0,1] and
**       probabilities that sum to 1 within 1e-5. NULL in any column the job
**       reads is a bad row: a job does not guess.
**  [Q7] day is text YYYY-MM-DD naming a real date (leap years included).
**  [Q8] A segment (ce_segments, when it exists) is folded per run like the
**       run itself, for the runs that are good; NULL and '' segments are
**       not segments.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "report.h"

/* ---- [Q7] dates ---------------------------------------------------- */
int report_is_date(const char *t, double *julian){
  static const int days_in[12] = {31,28,31,30,31,30,31,31,30,31,30,31};
  int i, y, m, d, leap, a, yy, mm;
  if( !t || strlen(t)!=10 || t[4]!='-' || t[7]!='-' ) return 0;
  for(i=0; i<10; i++){
    if( i!=4 && i!=7 && (t[i]<'0' || t[i]>'9') ) return 0;
  }
  y = atoi(t); m = atoi(t+5); d = atoi(t+8);
  leap = (y%4==0 && y%100!=0) || y%400==0;
  if( m<1 || m>12 || d<1 || d>days_in[m-1] + (m==2 && leap) ) return 0;
  /* the Julian day number (Fliegel and Van Flandern's formula) */
  a = (14 - m)/12;
  yy = y + 4800 - a;
  mm = m + 12*a - 3;
  if( julian ){
    *julian = d + (153*mm + 2)/5 + 365.0*yy + yy/4 - yy/100 + yy/400 - 32045;
  }
  return 1;
}

/* Whether t starts with a date and goes on as a time: "2026-11-03T10:00". */
static int report_is_date_prefix(const char *t){
  char day[11];
  memcpy(day, t, 10);
  day[10] = 0;
  return (t[10]=='T' || t[10]==' ') && report_is_date(day, 0);
}

/* ---- one run being folded ------------------------------------------ */
typedef struct segment_acc {
  char *segment;
  ce_eval eval;
  int64_t n_obs;
} segment_acc;

typedef struct run_acc {
  sqlite3_value *run_id;       /* the run's id, bound back as it came */
  char *shown;                 /* as text, for messages */
  const char *kind;            /* "binary", "multiclass", "both" */
  int was_folded, has_old_rows;
  int64_t old_rows, n_rows;    /* loss_runs.n_rows, and the rows now */
  char *dataset, *model, *split, *day;   /* the run's, from its first row */
  ce_eval eval;
  int64_t n_obs;
  int64_t bad_rows;
  report_rejection bad;        /* the first bad row [Q4] */
  report_array segments;       /* segment_acc */
} run_acc;

#define FOLD_STATEMENTS 16   /* more than the write uses */

typedef struct fold_ctx {
  sqlite3 *db;
  report_array runs;           /* run_acc */
  report_map by_segment;       /* "run index 0x1f segment" → segment index + 1 */
  int has_weight, has_class, has_binary, has_segments;
  int n_cached;                /* the write's statements, prepared once */
  char *cached_sql[FOLD_STATEMENTS];
  sqlite3_stmt *cached[FOLD_STATEMENTS];
} fold_ctx;

/* The run of a scan's row, by the idx of ce_fold it was joined with. */
static run_acc *run_of(fold_ctx *c, sqlite3_stmt *st){
  sqlite3_int64 idx = sqlite3_column_int64(st, 0);
  return idx>=1 && idx<=c->runs.count ? &((run_acc*)c->runs.items)[idx - 1] : 0;
}

/* Records a bad row of run r [Q4]: the first one in full, then a count. */
static void bad_row(run_acc *r, sqlite3_value *obs, const char *column,
                    char *value, char *message){
  if( r->bad_rows++==0 ){
    r->bad.run_id = report_strdup(r->shown);
    r->bad.obs_id = obs ? report_value_text(obs, 0) : 0;
    r->bad.column = report_strdup(column);
    r->bad.value = value;
    r->bad.message = message;
  }else{
    free(value);
    free(message);
  }
}

/* [Q6] A number in range, or a bad row; 1 when good. */
static int read_number(run_acc *r, sqlite3_value *obs, sqlite3_value *v,
                       const char *column, ce_range range, double *out){
  char number[CE_NUMBER_SIZE];
  int type = sqlite3_value_numeric_type(v);
  double x;
  if( type==SQLITE_NULL ){
    bad_row(r, obs, column, report_strdup("NULL"),
            report_format_text("%s is NULL", column));
    return 0;
  }
  if( type!=SQLITE_INTEGER && type!=SQLITE_FLOAT ){
    char *shown = report_value_text(v, 1);
    bad_row(r, obs, column, report_strdup(shown),
            report_format_text("%s must be a number, got %s", column, shown));
    free(shown);
    return 0;
  }
  x = sqlite3_value_double(v);
  if( !ce_in_range(x, range) ){
    if( type==SQLITE_INTEGER ){                 /* 2, as it was written */
      snprintf(number, sizeof(number), "%lld", (long long)sqlite3_value_int64(v));
    }else{
      ce_format_double(x, number, sizeof(number));
    }
    bad_row(r, obs, column, report_strdup(number),
            report_format_text("%s %s, got %s%s", column, ce_range_rule(range),
                               number, ce_range_hint(range, x)));
    return 0;
  }
  *out = x;
  return 1;
}

/* [Q6][Q7] dataset, model, split and day: present, day a date, and the
** same as the run's first row. 1 when good. */
static int read_key(run_acc *r, sqlite3_value *obs, sqlite3_stmt *st,
                    int first_column){
  static const char *const names[4] = {"dataset", "model", "split", "day"};
  char **mine[4];
  int i;
  mine[0] = &r->dataset; mine[1] = &r->model;
  mine[2] = &r->split;   mine[3] = &r->day;
  for(i=0; i<4; i++){
    sqlite3_value *v = sqlite3_column_value(st, first_column+i);
    int type = sqlite3_value_type(v);     /* before the text conversion */
    const char *t;
    if( type==SQLITE_BLOB ){
      char *shown = report_value_text(v, 1);
      bad_row(r, obs, names[i], report_strdup(shown),
              report_format_text("%s must be text, got %s", names[i], shown));
      free(shown);
      return 0;
    }
    t = (const char*)sqlite3_value_text(v);
    if( type==SQLITE_NULL ){
      bad_row(r, obs, names[i], report_strdup("NULL"),
              report_format_text("%s is NULL", names[i]));
      return 0;
    }
    if( i==3 && (type!=SQLITE_TEXT || !report_is_date(t, 0)) ){
      char *shown = report_value_text(v, 1);
      int stamp = t && strlen(t)>10 && report_is_date_prefix(t);
      bad_row(r, obs, "day", report_strdup(shown),
              report_format_text("day must be a date YYYY-MM-DD, got %s%s",
                                 shown, stamp ? " (a timestamp? the view can "
                                 "map it with date(...))" : ""));
      free(shown);
      return 0;
    }
    if( !*mine[i] ){
      *mine[i] = report_strdup(t);
    }else if( strcmp(*mine[i], t) ){
      char *shown = report_value_text(v, 1);
      bad_row(r, obs, names[i], report_strdup(shown),
              report_format_text("%s is %s but the run's other rows have '%s' "
                                 "(a run is one dataset, model, split and day)",
                                 names[i], shown, *mine[i]));
      free(shown);
      return 0;
    }
  }
  return 1;
}

static int prepare(fold_ctx *c, sqlite3_stmt **st, const char *sql,
                   char **error){
  if( sqlite3_prepare_v2(c->db, sql, -1, st, 0)!=SQLITE_OK ){
    *error = report_db_error(c->db, "the fold cannot read the predictions");
    return 0;
  }
  return 1;
}

static int step_error(fold_ctx *c, int rc, char **error){
  if( rc==SQLITE_DONE ) return 0;
  *error = report_db_error(c->db, "reading the predictions");
  return 1;
}

/* ---- [Q1] the plan -------------------------------------------------- */
static int plan(fold_ctx *c, report_fold *f, char **error){
  sqlite3_stmt *st;
  int rc;
  if( !report_exec(c->db,
        "DROP TABLE IF EXISTS temp.ce_seen; DROP TABLE IF EXISTS temp.ce_fold;"
        "CREATE TEMP TABLE ce_seen(run_id PRIMARY KEY, kind TEXT, n_rows INTEGER);"
        "CREATE TEMP TABLE ce_fold(idx INTEGER PRIMARY KEY, run_id UNIQUE,"
        "  kind TEXT, n_rows INTEGER, old_rows INTEGER, was_folded INTEGER)",
        error) ) return 0;
  if( c->has_binary && !report_exec(c->db,
        "INSERT INTO temp.ce_seen SELECT run_id, 'binary', count(*)"
        "  FROM main.ce_predictions WHERE run_id IS NOT NULL GROUP BY run_id",
        error) ) return 0;
  if( c->has_class && !report_exec(c->db,
        "INSERT INTO temp.ce_seen SELECT run_id, 'multiclass', count(*)"
        "  FROM main.ce_class_predictions WHERE run_id IS NOT NULL"
        "  GROUP BY run_id"
        "  ON CONFLICT(run_id) DO UPDATE SET kind = 'both',"
        "     n_rows = n_rows + excluded.n_rows", error) ) return 0;
  /* runs 0.1.0 folded are in their days' legacy states: never again [Z4] */
  if( !report_exec(c->db,
        "INSERT INTO temp.ce_fold(run_id, kind, n_rows, old_rows, was_folded)"
        "  SELECT s.run_id, s.kind, s.n_rows, r.n_rows, r.run_id IS NOT NULL"
        "    FROM temp.ce_seen AS s LEFT JOIN main.loss_runs AS r"
        "      ON r.run_id = s.run_id"
        "   WHERE (r.run_id IS NULL"
        "          OR (r.n_rows IS NOT NULL AND r.n_rows <> s.n_rows))"
        "     AND s.run_id NOT IN (SELECT run_id FROM main.loss_legacy_runs)",
        error) ){
    return 0;
  }
  /* The scans join the user's rows with ce_fold in SQL, so a run is what
  ** SQL's = says (1 and 1.0 are one run, as GROUP BY counted them), and
  ** name it by idx: runs[idx - 1]. */
  if( !prepare(c, &st, "SELECT idx, run_id, kind, n_rows, old_rows, was_folded"
                       "  FROM temp.ce_fold ORDER BY idx", error) ) return 0;
  while( (rc = sqlite3_step(st))==SQLITE_ROW ){
    run_acc *r;
    const char *kind = (const char*)sqlite3_column_text(st, 2);
    if( sqlite3_column_int64(st, 0)!=c->runs.count + 1 ){
      sqlite3_finalize(st);
      *error = report_strdup("the fold's run numbering is not 1..n");
      return 0;
    }
    r = report_array_push(&c->runs, sizeof(run_acc));
    r->run_id = sqlite3_value_dup(sqlite3_column_value(st, 1));
    r->shown = report_value_text(r->run_id, 0);
    r->kind = strcmp(kind, "binary")==0 ? "binary"
            : strcmp(kind, "multiclass")==0 ? "multiclass" : "both";
    r->n_rows = sqlite3_column_int64(st, 3);
    r->has_old_rows = sqlite3_column_type(st, 4)!=SQLITE_NULL;
    r->old_rows = sqlite3_column_int64(st, 4);
    r->was_folded = sqlite3_column_int(st, 5);
    if( strcmp(r->kind, "both")==0 ){
      bad_row(r, 0, "run_id", report_strdup(r->shown),
              report_strdup("the run has rows in both ce_predictions and "
                            "ce_class_predictions"));
    }
  }
  sqlite3_finalize(st);
  if( step_error(c, rc, error) ) return 0;
  f->null_run_rows = 0;
  if( c->has_binary ){
    if( !prepare(c, &st, "SELECT count(*) FROM main.ce_predictions"
                         " WHERE run_id IS NULL", error) ) return 0;
    if( sqlite3_step(st)==SQLITE_ROW ) f->null_run_rows += sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  if( c->has_class ){
    if( !prepare(c, &st, "SELECT count(*) FROM main.ce_class_predictions"
                         " WHERE run_id IS NULL", error) ) return 0;
    if( sqlite3_step(st)==SQLITE_ROW ) f->null_run_rows += sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  return 1;
}

/* ---- [Q1][Q6] the scans ---------------------------------------------- */
static int scan_binary(fold_ctx *c, char **error){
  sqlite3_stmt *st;
  int rc;
  if( !prepare(c, &st, c->has_weight
        ? "SELECT f.idx, p.obs_id, p.dataset, p.model, p.split, p.day, p.label,"
          "       p.prob, p.weight"
          "  FROM main.ce_predictions AS p JOIN temp.ce_fold AS f"
          "    ON f.run_id = p.run_id"
        : "SELECT f.idx, p.obs_id, p.dataset, p.model, p.split, p.day, p.label,"
          "       p.prob"
          "  FROM main.ce_predictions AS p JOIN temp.ce_fold AS f"
          "    ON f.run_id = p.run_id", error) ){
    return 0;
  }
  while( (rc = sqlite3_step(st))==SQLITE_ROW ){
    run_acc *r = run_of(c, st);
    sqlite3_value *obs = sqlite3_column_value(st, 1);
    double y, p, w = 1.0;
    if( !r || strcmp(r->kind, "binary") ) continue;
    if( sqlite3_value_type(obs)==SQLITE_NULL ){
      bad_row(r, 0, "obs_id", report_strdup("NULL"),
              report_strdup("obs_id is NULL"));
      continue;
    }
    if( !read_key(r, obs, st, 2) ) continue;
    if( !read_number(r, obs, sqlite3_column_value(st, 6), "label",
                     CE_RANGE_UNIT, &y) ) continue;
    if( !read_number(r, obs, sqlite3_column_value(st, 7), "prob",
                     CE_RANGE_PROB, &p) ) continue;
    if( c->has_weight && !read_number(r, obs, sqlite3_column_value(st, 8),
                                      "weight", CE_RANGE_WEIGHT, &w) ) continue;
    if( r->bad_rows ) continue;
    ce_eval_add(&r->eval, y, p, w, c->has_weight, +1);
    r->n_obs++;
  }
  sqlite3_finalize(st);
  return !step_error(c, rc, error);
}

/* One observation of a multi-class run, its rows seen [Q6]. */
typedef struct class_obs {
  run_acc *run;
  sqlite3_value *obs;
  char *key;                   /* value_key of obs */
  int n_true, bad;
  double p_true, sum_p;
} class_obs;

static void end_class_obs(class_obs *o){
  run_acc *r = o->run;
  if( r && !o->bad && !r->bad_rows ){
    if( o->n_true!=1 ){
      bad_row(r, o->obs, "is_true", report_format_text("%d", o->n_true),
              report_format_text("the observation has %d rows with is_true = 1 "
                                 "(one class must be true)", o->n_true));
    }else if( fabs(o->sum_p - 1.0)>1e-5 ){
      char number[CE_NUMBER_SIZE];
      ce_format_double(o->sum_p, number, sizeof(number));
      bad_row(r, o->obs, "prob", report_strdup(number),
              report_format_text("the observation's probabilities sum to %s, "
                                 "not 1 (within 1e-5)", number));
    }else{
      ce_eval_add(&r->eval, 1.0, o->p_true, 1.0, 0, +1);
      r->n_obs++;
    }
  }
  sqlite3_value_free(o->obs);
  free(o->key);
  memset(o, 0, sizeof(*o));
}

static int scan_classes(fold_ctx *c, char **error){
  sqlite3_stmt *st;
  class_obs cur;
  int rc;
  memset(&cur, 0, sizeof(cur));
  if( !prepare(c, &st,
        "SELECT f.idx, p.obs_id, p.dataset, p.model, p.split, p.day, p.class,"
        "       p.is_true, p.prob"
        "  FROM main.ce_class_predictions AS p JOIN temp.ce_fold AS f"
        "    ON f.run_id = p.run_id"
        " ORDER BY f.idx, p.obs_id", error) ) return 0;
  while( (rc = sqlite3_step(st))==SQLITE_ROW ){
    run_acc *r = run_of(c, st);
    sqlite3_value *obs = sqlite3_column_value(st, 1);
    char *key;
    double is_true, p;
    if( !r || strcmp(r->kind, "multiclass") ) continue;
    if( sqlite3_value_type(obs)==SQLITE_NULL ){
      bad_row(r, 0, "obs_id", report_strdup("NULL"),
              report_strdup("obs_id is NULL"));
      continue;
    }
    key = report_value_key(obs);
    if( cur.run!=r || !cur.key || strcmp(cur.key, key) ){
      end_class_obs(&cur);
      cur.run = r;
      cur.obs = sqlite3_value_dup(obs);
      cur.key = key;
    }else{
      free(key);
    }
    if( cur.bad ) continue;
    cur.bad = 1;
    if( !read_key(r, obs, st, 2) ) continue;
    if( sqlite3_column_type(st, 6)==SQLITE_NULL ){
      bad_row(r, obs, "class", report_strdup("NULL"),
              report_strdup("class is NULL"));
      continue;
    }
    if( !read_number(r, obs, sqlite3_column_value(st, 7), "is_true",
                     CE_RANGE_ANY, &is_true) ) continue;
    if( is_true!=0.0 && is_true!=1.0 ){
      char *number = report_value_text(sqlite3_column_value(st, 7), 1);
      bad_row(r, obs, "is_true", report_strdup(number),
              report_format_text("is_true must be 0 or 1, got %s", number));
      free(number);
      continue;
    }
    if( !read_number(r, obs, sqlite3_column_value(st, 8), "prob",
                     CE_RANGE_PROB, &p) ) continue;
    cur.bad = 0;
    cur.sum_p += p;
    if( is_true==1.0 ){ cur.n_true++; cur.p_true = p; }
  }
  end_class_obs(&cur);
  sqlite3_finalize(st);
  return !step_error(c, rc, error);
}

static segment_acc *segment_of(fold_ctx *c, run_acc *r, const char *segment){
  char *full = report_format_text("%lld\x1f%s",
      (long long)(r - (run_acc*)c->runs.items), segment);
  void **slot = report_map_slot(&c->by_segment, full, 1);
  segment_acc *s;
  free(full);
  if( !*slot ){
    s = report_array_push(&r->segments, sizeof(segment_acc));
    s->segment = report_strdup(segment);
    *slot = (void*)(intptr_t)r->segments.count;
  }
  return &((segment_acc*)r->segments.items)[(intptr_t)*slot - 1];
}

/* [Q8] */
static int scan_segments(fold_ctx *c, char **error){
  static const char *const sql[3] = {
    "SELECT f.idx, s.segment, p.label, p.prob FROM main.ce_predictions AS p"
    "  JOIN temp.ce_fold AS f ON f.run_id = p.run_id"
    "  JOIN (SELECT DISTINCT obs_id, segment FROM main.ce_segments) AS s"
    "    ON s.obs_id = p.obs_id",
    "SELECT f.idx, s.segment, p.label, p.prob, p.weight"
    "  FROM main.ce_predictions AS p"
    "  JOIN temp.ce_fold AS f ON f.run_id = p.run_id"
    "  JOIN (SELECT DISTINCT obs_id, segment FROM main.ce_segments) AS s"
    "    ON s.obs_id = p.obs_id",
    "SELECT f.idx, s.segment, 1, p.prob FROM main.ce_class_predictions AS p"
    "  JOIN temp.ce_fold AS f ON f.run_id = p.run_id"
    "  JOIN (SELECT DISTINCT obs_id, segment FROM main.ce_segments) AS s"
    "    ON s.obs_id = p.obs_id"
    " WHERE p.is_true + 0 = 1"};
  int pass, rc;
  for(pass=0; pass<2; pass++){
    sqlite3_stmt *st;
    int weighted = pass==0 && c->has_weight;
    if( pass==0 ? !c->has_binary : !c->has_class ) continue;
    if( !prepare(c, &st, sql[pass==0 ? weighted : 2], error) ) return 0;
    while( (rc = sqlite3_step(st))==SQLITE_ROW ){
      run_acc *r = run_of(c, st);
      const char *segment = (const char*)sqlite3_column_text(st, 1);
      double y = sqlite3_column_double(st, 2), p = sqlite3_column_double(st, 3);
      double w = weighted ? sqlite3_column_double(st, 4) : 1.0;
      segment_acc *s;
      if( !r || r->bad_rows || !segment || !segment[0] ) continue;
      if( strcmp(r->kind, pass==0 ? "binary" : "multiclass") ) continue;
      if( !ce_in_range(y, CE_RANGE_UNIT) || !ce_in_range(p, CE_RANGE_PROB)
          || !ce_in_range(w, CE_RANGE_WEIGHT) ) continue;  /* changed since */
      s = segment_of(c, r, segment);
      ce_eval_add(&s->eval, y, p, w, weighted, +1);
      s->n_obs++;
    }
    sqlite3_finalize(st);
    if( step_error(c, rc, error) ) return 0;
  }
  return 1;
}

/* ---- [Q2][Q5] the write -------------------------------------------- */

/* The (dataset, model, split, day, segment) rows to merge again. */
typedef struct day_key { char *dataset, *model, *split, *day, *segment; } day_key;

static void touch(report_array *keys, report_map *seen, const char *dataset,
                  const char *model, const char *split, const char *day,
                  const char *segment){
  char *joined = report_format_text("%s\x1f%s\x1f%s\x1f%s\x1f%s", dataset,
                                    model, split, day, segment);
  void **slot = report_map_slot(seen, joined, 1);
  free(joined);
  if( !*slot ){
    day_key *k = report_array_push(keys, sizeof(day_key));
    k->dataset = report_strdup(dataset);
    k->model = report_strdup(model);
    k->split = report_strdup(split);
    k->day = report_strdup(day);
    k->segment = report_strdup(segment);
    *slot = (void*)1;
  }
}

static const char NOW[] = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/* [Q2] The write transaction runs the same few statements for every run:
** each is prepared once, then reset and bound again, so that the write
** lock is held for the writes, not for compiling SQL. */
static int cached(fold_ctx *c, const char *sql, sqlite3_stmt **out){
  int i, rc;
  for(i=0; i<c->n_cached; i++){
    if( strcmp(c->cached_sql[i], sql)==0 ){
      sqlite3_reset(c->cached[i]);
      sqlite3_clear_bindings(c->cached[i]);
      *out = c->cached[i];
      return SQLITE_OK;
    }
  }
  if( c->n_cached==FOLD_STATEMENTS ) return SQLITE_INTERNAL;   /* not reached */
  rc = sqlite3_prepare_v2(c->db, sql, -1, out, 0);
  if( rc==SQLITE_OK ){
    c->cached_sql[c->n_cached] = report_strdup(sql);
    c->cached[c->n_cached++] = *out;
  }
  return rc;
}

static void finalize_cached(fold_ctx *c){
  int i;
  for(i=0; i<c->n_cached; i++){
    sqlite3_finalize(c->cached[i]);
    free(c->cached_sql[i]);
  }
  c->n_cached = 0;
}

/* sql with the run's id as ?1 (and count as ?2 when count >= 0), run once. */
static int run_sql_count(fold_ctx *c, const char *sql, sqlite3_value *run,
                         int64_t count, char **error){
  sqlite3_stmt *st;
  int rc;
  if( cached(c, sql, &st)!=SQLITE_OK ){
    *error = report_db_error(c->db, "writing the states");
    return 0;
  }
  sqlite3_bind_value(st, 1, run);
  if( count>=0 ) sqlite3_bind_int64(st, 2, count);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if( rc!=SQLITE_DONE && rc!=SQLITE_ROW ){
    *error = report_db_error(c->db, "writing the states");
    return 0;
  }
  return 1;
}

static int run_sql(fold_ctx *c, const char *sql, sqlite3_value *run,
                   char **error){
  return run_sql_count(c, sql, run, -1, error);
}

static int insert_part(fold_ctx *c, run_acc *r, const char *segment,
                       const ce_eval *e, int64_t n_obs, char **error){
  unsigned char bytes[CE_EVAL_STATE_BYTES];
  sqlite3_stmt *st;
  int rc;
  if( cached(c, "INSERT INTO loss_parts(run_id, segment, dataset,"
        " model, split, day, kind, n_obs, eval_state)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st)!=SQLITE_OK ){
    *error = report_db_error(c->db, "writing the states");
    return 0;
  }
  ce_eval_write(e, bytes);
  sqlite3_bind_value(st, 1, r->run_id);
  sqlite3_bind_text(st, 2, segment, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, r->dataset, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, r->model, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, r->split, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, r->day, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, r->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 8, n_obs);
  sqlite3_bind_blob(st, 9, bytes, sizeof(bytes), SQLITE_TRANSIENT);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if( rc!=SQLITE_DONE ){
    *error = report_db_error(c->db, "writing the states");
    return 0;
  }
  return 1;
}

static void bind_key(sqlite3_stmt *st, const day_key *k, int with_segment){
  sqlite3_bind_text(st, 1, k->dataset, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, k->model, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, k->split, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, k->day, -1, SQLITE_STATIC);
  if( with_segment ) sqlite3_bind_text(st, 5, k->segment, -1, SQLITE_STATIC);
}

/* [Q5] One day's row (of loss_daily, or of loss_daily_segments) merged
** again from its parts, and a 0.1.0 day's legacy state [Z4]. */
static int merge_day(fold_ctx *c, const day_key *k, int *written, char **error){
  sqlite3_stmt *st;
  ce_eval all, part;
  ce_state mean;
  int64_t n_obs = 0, legacy_n = 0;
  int parts = 0, multiclass = 0, has_legacy = 0, found, rc;
  int whole = k->segment[0]==0;
  unsigned char eval_bytes[CE_EVAL_STATE_BYTES], mean_bytes[CE_STATE_BYTES];
  char sql[512];
  ce_eval_reset(&all);
  if( cached(c, "SELECT eval_state, n_obs, kind FROM loss_parts"
        " WHERE dataset = ?1 AND model = ?2 AND split = ?3 AND day = ?4"
        "   AND segment = ?5", &st)!=SQLITE_OK ) goto failed;
  bind_key(st, k, 1);
  while( (rc = sqlite3_step(st))==SQLITE_ROW ){
    if( ce_eval_read(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0),
                     &part, &found)!=CE_STATE_OK || !ce_eval_merge(&all, &part, 1) ){
      sqlite3_reset(st);
      *error = report_format_text("loss_parts holds a corrupt state for %s, "
                                  "%s, %s, %s", k->dataset, k->model, k->split,
                                  k->day);
      return 0;
    }
    n_obs += sqlite3_column_int64(st, 1);
    multiclass |= strcmp((const char*)sqlite3_column_text(st, 2), "binary")!=0;
    parts++;
  }
  sqlite3_reset(st);
  if( rc!=SQLITE_DONE ) goto failed;
  mean = all.mean;
  if( whole ){
    if( cached(c, "SELECT legacy_state, legacy_n FROM loss_daily"
          " WHERE dataset = ?1 AND model = ?2 AND split = ?3 AND day = ?4"
          "   AND legacy_state IS NOT NULL", &st)!=SQLITE_OK ) goto failed;
    bind_key(st, k, 0);
    if( sqlite3_step(st)==SQLITE_ROW ){
      ce_state legacy;
      if( ce_state_read(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0),
                        CE_STATE_MEAN_CE, &legacy, &found)!=CE_STATE_OK
          || !ce_state_merge(&mean, &legacy, 1) ){
        sqlite3_reset(st);
        *error = report_format_text("loss_daily holds a corrupt 0.1.0 state "
                                    "for %s, %s, %s, %s", k->dataset, k->model,
                                    k->split, k->day);
        return 0;
      }
      has_legacy = 1;
      legacy_n = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
  }
  if( parts==0 && !has_legacy ){
    snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE dataset = ?1 AND model = ?2"
             " AND split = ?3 AND day = ?4%s",
             whole ? "loss_daily" : "loss_daily_segments",
             whole ? "" : " AND segment = ?5");
  }else if( whole ){
    snprintf(sql, sizeof(sql), "INSERT INTO loss_daily(dataset, model, split, day,"
             " n_obs, state, updated_at, eval_state, kind)"
             " VALUES(?1, ?2, ?3, ?4, ?6, ?7, %s, ?8, ?9)"
             " ON CONFLICT(dataset, model, split, day) DO UPDATE SET"
             " n_obs = excluded.n_obs, state = excluded.state,"
             " updated_at = excluded.updated_at,"
             " eval_state = excluded.eval_state, kind = excluded.kind", NOW);
  }else{
    snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO loss_daily_segments("
             "dataset, model, split, day, segment, n_obs, eval_state, kind,"
             " updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?8, ?9, %s)", NOW);
  }
  if( cached(c, sql, &st)!=SQLITE_OK ) goto failed;
  bind_key(st, k, !whole);
  if( parts>0 || has_legacy ){
    ce_state_write(&mean, CE_STATE_MEAN_CE, mean_bytes);
    ce_eval_write(&all, eval_bytes);
    sqlite3_bind_int64(st, 6, n_obs + legacy_n);
    if( whole ) sqlite3_bind_blob(st, 7, mean_bytes, sizeof(mean_bytes),
                                  SQLITE_TRANSIENT);
    if( !has_legacy ) sqlite3_bind_blob(st, 8, eval_bytes, sizeof(eval_bytes),
                                        SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, multiclass ? "multiclass" : "binary", -1,
                      SQLITE_STATIC);
  }
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if( rc!=SQLITE_DONE ) goto failed;
  (*written)++;
  return 1;
failed:
  *error = report_db_error(c->db, "writing the states");
  return 0;
}

static int old_keys(fold_ctx *c, run_acc *r, report_array *keys, report_map *seen,
                    char **error){
  sqlite3_stmt *st;
  int rc;
  if( cached(c, "SELECT dataset, model, split, day, segment"
        " FROM loss_parts WHERE run_id = ?1", &st)!=SQLITE_OK ){
    *error = report_db_error(c->db, "writing the states");
    return 0;
  }
  sqlite3_bind_value(st, 1, r->run_id);
  while( (rc = sqlite3_step(st))==SQLITE_ROW ){
    touch(keys, seen, (const char*)sqlite3_column_text(st, 0),
          (const char*)sqlite3_column_text(st, 1),
          (const char*)sqlite3_column_text(st, 2),
          (const char*)sqlite3_column_text(st, 3),
          (const char*)sqlite3_column_text(st, 4));
  }
  sqlite3_reset(st);
  if( rc!=SQLITE_DONE ){
    *error = report_db_error(c->db, "writing the states");
    return 0;
  }
  return 1;
}

/* [Q3] Whether loss_runs still says what the snapshot said of run r: 1
** yes, 0 no (another job folded it meanwhile), -1 the query failed. */
static int unchanged_since_plan(fold_ctx *c, run_acc *r){
  sqlite3_stmt *st;
  int same, rc;
  if( cached(c, "SELECT n_rows FROM loss_runs WHERE run_id = ?1", &st)
      !=SQLITE_OK ) return -1;
  sqlite3_bind_value(st, 1, r->run_id);
  rc = sqlite3_step(st);
  if( rc==SQLITE_ROW ){
    same = r->was_folded && r->has_old_rows
           && sqlite3_column_type(st, 0)!=SQLITE_NULL
           && sqlite3_column_int64(st, 0)==r->old_rows;
  }else{
    same = rc==SQLITE_DONE ? !r->was_folded : -1;
  }
  sqlite3_reset(st);
  return same;
}

static int record_rejection(fold_ctx *c, run_acc *r, char **error){
  sqlite3_stmt *st;
  char sql[300];
  int rc;
  snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO loss_run_errors(run_id,"
           " obs_id, column_name, value, message, bad_rows, seen_at)"
           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, %s)", NOW);
  if( cached(c, sql, &st)!=SQLITE_OK ){
    *error = report_db_error(c->db, "recording a rejected run");
    return 0;
  }
  sqlite3_bind_value(st, 1, r->run_id);
  sqlite3_bind_text(st, 2, r->bad.obs_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, r->bad.column, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, r->bad.value, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, r->bad.message, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 6, r->bad_rows);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if( rc!=SQLITE_DONE ){
    *error = report_db_error(c->db, "recording a rejected run");
    return 0;
  }
  return 1;
}

static int write_folds(fold_ctx *c, report_fold *f, char **error){
  report_array keys = {0, 0, 0};
  report_map seen = {0, 0, 0, 0};
  char sql[300];
  int i, ok = 1;
  if( !report_exec(c->db, "BEGIN IMMEDIATE", error) ) return 0;       /* [Q2] */
  for(i=0; ok && i<c->runs.count; i++){
    run_acc *r = &((run_acc*)c->runs.items)[i];
    int j, same = unchanged_since_plan(c, r);                            /* [Q3] */
    if( same<0 ){
      *error = report_db_error(c->db, "re-reading loss_runs");
      ok = 0;
      break;
    }
    if( !same ){
      f->folded_elsewhere++;
      continue;
    }
    if( r->bad_rows ){                                                /* [Q4] */
      report_rejection *x = report_array_push(&f->rejected, sizeof(*x));
      ok = record_rejection(c, r, error);
      *x = r->bad;
      x->bad_rows = r->bad_rows;
      memset(&r->bad, 0, sizeof(r->bad));
      continue;
    }
    if( r->n_obs==0 ) continue;         /* its rows went between the scans */
    if( r->was_folded ){                                              /* [Q5] */
      report_refold *x = report_array_push(&f->refolded, sizeof(*x));
      x->run_id = report_strdup(r->shown);
      x->old_rows = r->old_rows;
      x->new_rows = r->n_rows;
    }
    ok = ok && old_keys(c, r, &keys, &seen, error)
            && run_sql(c, "DELETE FROM loss_parts WHERE run_id = ?1",
                       r->run_id, error)
            && insert_part(c, r, "", &r->eval, r->n_obs, error);
    touch(&keys, &seen, r->dataset, r->model, r->split, r->day, "");
    for(j=0; ok && j<r->segments.count; j++){
      segment_acc *s = &((segment_acc*)r->segments.items)[j];
      ok = insert_part(c, r, s->segment, &s->eval, s->n_obs, error);
      touch(&keys, &seen, r->dataset, r->model, r->split, r->day, s->segment);
    }
    snprintf(sql, sizeof(sql), "INSERT INTO loss_runs(run_id, n_rows, folded_at)"
             " VALUES(?1, ?2, %s) ON CONFLICT(run_id) DO UPDATE SET"
             " n_rows = excluded.n_rows, folded_at = excluded.folded_at", NOW);
    ok = ok && run_sql_count(c, sql, r->run_id, r->n_rows, error)
            && run_sql(c, "DELETE FROM loss_run_errors WHERE run_id = ?1",
                       r->run_id, error);
    f->runs_folded++;
  }
  for(i=0; ok && i<keys.count; i++){
    ok = merge_day(c, &((day_key*)keys.items)[i], &f->states_written, error);
  }
  for(i=0; i<keys.count; i++){
    day_key *k = &((day_key*)keys.items)[i];
    free(k->dataset); free(k->model); free(k->split); free(k->day);
    free(k->segment);
  }
  report_array_free(&keys);
  report_map_free(&seen);
  finalize_cached(c);
  if( ok && sqlite3_exec(c->db, "COMMIT", 0, 0, 0)==SQLITE_OK ) return 1;
  if( ok ) *error = report_db_error(c->db, "committing the fold");
  sqlite3_exec(c->db, "ROLLBACK", 0, 0, 0);
  return 0;
}

static void free_runs(fold_ctx *c){
  int i, j;
  for(i=0; i<c->runs.count; i++){
    run_acc *r = &((run_acc*)c->runs.items)[i];
    sqlite3_value_free(r->run_id);
    free(r->shown); free(r->dataset); free(r->model); free(r->split);
    free(r->day);
    free(r->bad.run_id); free(r->bad.obs_id); free(r->bad.column);
    free(r->bad.value); free(r->bad.message);
    for(j=0; j<r->segments.count; j++){
      free(((segment_acc*)r->segments.items)[j].segment);
    }
    report_array_free(&r->segments);
  }
  report_array_free(&c->runs);
  report_map_free(&c->by_segment);
}

static const char *const binary_columns[] = {"run_id", "obs_id", "dataset",
    "model", "split", "day", "label", "prob", 0};
static const char *const class_columns[] = {"run_id", "obs_id", "dataset",
    "model", "split", "day", "class", "is_true", "prob", 0};
static const char *const segment_columns[] = {"obs_id", "segment", 0};

/* [Z5] Before anything is written: the user's relations and columns. */
int report_check_inputs(sqlite3 *db, char **error){
  int has_weight;
  int has_binary = report_has_relation(db, "ce_predictions");
  int has_class = report_has_relation(db, "ce_class_predictions");
  if( !has_binary && !has_class ){
    *error = report_strdup("the database has no view or table ce_predictions "
        "(nor ce_class_predictions): the job reads your predictions through "
        "it. `crossentropy-report init --db FILE` prints a template "
        "CREATE VIEW to edit and run (docs/reporting.md)");
    return 0;
  }
  return (!has_binary || report_columns(db, "ce_predictions", binary_columns,
                                        &has_weight, error))
      && (!has_class || report_columns(db, "ce_class_predictions",
                                       class_columns, 0, error))
      && (!report_has_relation(db, "ce_segments")
          || report_columns(db, "ce_segments", segment_columns, 0, error));
}

int report_fold_runs(sqlite3 *db, report_fold *f,
                     char **error){
  fold_ctx c;
  int ok;
  memset(&c, 0, sizeof(c));
  c.db = db;
  c.has_binary = report_has_relation(db, "ce_predictions");
  c.has_class = report_has_relation(db, "ce_class_predictions");
  c.has_segments = report_has_relation(db, "ce_segments");
  /* (the caller ran report_check_inputs; only the weight column is asked) */
  if( c.has_binary && !report_columns(db, "ce_predictions", binary_columns,
                                      &c.has_weight, error) ){
    return 0;
  }
  ok = report_exec(db, "BEGIN", error);                              /* [Q1] */
  ok = ok && plan(&c, f, error);
  ok = ok && (!c.has_binary || scan_binary(&c, error));
  ok = ok && (!c.has_class || scan_classes(&c, error));
  ok = ok && (!c.has_segments || scan_segments(&c, error));
  sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", 0, 0, 0);
  sqlite3_exec(db, "DROP TABLE IF EXISTS temp.ce_seen;"
                   "DROP TABLE IF EXISTS temp.ce_fold", 0, 0, 0);
  ok = ok && write_folds(&c, f, error);
  free_runs(&c);
  return ok;
}

void report_fold_free(report_fold *f){
  int i;
  for(i=0; i<f->rejected.count; i++){
    report_rejection *x = &((report_rejection*)f->rejected.items)[i];
    free(x->run_id); free(x->obs_id); free(x->column); free(x->value);
    free(x->message);
  }
  for(i=0; i<f->refolded.count; i++){
    free(((report_refold*)f->refolded.items)[i].run_id);
  }
  report_array_free(&f->rejected);
  report_array_free(&f->refolded);
}
