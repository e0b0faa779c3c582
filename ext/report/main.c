/*
** main.c — crossentropy-report's command line (docs/reporting.md):
**
**   crossentropy-report --db FILE [--format table|csv|json|markdown]
**       [--max-increase PCT] [--baseline MODEL] [--min-slice N]
**       [--plot FILE.png] [--html FILE.html] [--busy-timeout MS]
**       [--no-fold] [--quiet]
**   crossentropy-report init --db FILE
**   crossentropy-report --help | --version
**
** Rules (cited as (1)..(4)):
**  (1) There is no default database: --db is required, and names a file
**       that exists (store.c [Z1]).
**  (2) The fold (fold.c) commits before anything is printed; its summary
**       goes to stderr (unless --quiet), the report to stdout in --format.
**  (3) Every rejected run and every alert is also a line on stderr, so
**       that a cron mail shows them whatever the format.
**  (4) The exit status: 0 every run folded and no alert; 3 alerts; 4 runs
**       rejected (4 wins over 3); 1 a usage or database error (nothing is
**       printed on stdout then, and nothing was folded), or, after the
**       fold's commit and the report, a --baseline that names no model of
**       the report or a plot or page that could not be written.
*/
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"
#include "version.h"

void *report_array_push(report_array *a, size_t item_size){
  char *slot;
  if( a->count==a->capacity ){
    int capacity = a->capacity ? a->capacity*2 : 16;
    void *bigger = realloc(a->items, (size_t)capacity*item_size);
    if( !bigger ){
      fprintf(stderr, "crossentropy-report: out of memory\n");
      exit(REPORT_FAILED);
    }
    a->items = bigger;
    a->capacity = capacity;
  }
  slot = (char*)a->items + (size_t)a->count++*item_size;
  memset(slot, 0, item_size);
  return slot;
}

void report_array_free(report_array *a){
  free(a->items);
  memset(a, 0, sizeof(*a));
}

char *report_format_text(const char *fmt, ...){
  va_list ap;
  char *out;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(0, 0, fmt, ap);
  va_end(ap);
  out = malloc((size_t)n + 1);
  if( !out ){
    fprintf(stderr, "crossentropy-report: out of memory\n");
    exit(REPORT_FAILED);
  }
  va_start(ap, fmt);
  vsnprintf(out, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return out;
}

char *report_strdup(const char *s){
  return s ? report_format_text("%s", s) : 0;
}

static const char USAGE[] =
"usage: crossentropy-report --db FILE [options]   fold new runs, print the report\n"
"       crossentropy-report init --db FILE        print a template ce_predictions view\n"
"\n"
"  --db FILE             an existing SQLite database with a view (or table)\n"
"                        ce_predictions(run_id, obs_id, dataset, model, split,\n"
"                        day, label, prob [, weight]) and/or ce_class_predictions\n"
"                        (run_id, obs_id, dataset, model, split, day, class,\n"
"                        is_true, prob); ce_segments(obs_id, segment) optional\n"
"  --format F            table (default), csv, json or markdown\n"
"  --max-increase PCT    alert when a model's last day is PCT % worse than its\n"
"                        7 days before, and by more than 2 standard errors\n"
"  --baseline MODEL      paired comparison of each model's last day with MODEL\n"
"  --min-slice N         hide segment rows of fewer than N observations (100)\n"
"  --plot FILE.png       loss per day with its 95% band, reliability (gnuplot)\n"
"  --html FILE.html      one self-contained page: the tables and the plots\n"
"  --busy-timeout MS     how long the write waits for other writers (60000)\n"
"  --no-fold             report from what is folded, read nothing new\n"
"  --quiet               no fold summary on stderr\n"
"\n"
"exit status: 0 all folded, no alert; 3 alerts; 4 runs rejected; 1 error\n";

static int usage_error(const char *fmt, const char *arg){
  fprintf(stderr, "crossentropy-report: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(crossentropy-report --help for the options)\n");
  return REPORT_FAILED;
}

static int parse_number(const char *text, double lo, double *out){
  char *end;
  double x;
  errno = 0;
  x = strtod(text, &end);
  if( errno || end==text || *end || !(x>=lo) || x>1e300 ) return 0;
  *out = x;
  return 1;
}

static int parse_options(int argc, char **argv, int *init,
                         report_options *o){
  int i;
  memset(o, 0, sizeof(*o));
  o->max_increase = -1;
  o->min_slice = 100;
  o->busy_timeout_ms = 60000;
  for(i=1; i<argc; i++){
    const char *a = argv[i];
    const char *v = i+1<argc ? argv[i+1] : 0;
    double x;
    if( i==1 && strcmp(a, "init")==0 ){ *init = 1; continue; }
    if( strcmp(a, "--no-fold")==0 ){ o->no_fold = 1; continue; }
    if( strcmp(a, "--quiet")==0 ){ o->quiet = 1; continue; }
    if( a[0]!='-' || a[1]!='-' ) return usage_error("unknown argument '%s'", a);
    if( !v ) return usage_error("%s needs a value", a);
    i++;
    if( strcmp(a, "--db")==0 ){
      o->db_path = v;
    }else if( strcmp(a, "--format")==0 ){
      if( strcmp(v, "table")==0 ) o->format = FORMAT_TABLE;
      else if( strcmp(v, "csv")==0 ) o->format = FORMAT_CSV;
      else if( strcmp(v, "json")==0 ) o->format = FORMAT_JSON;
      else if( strcmp(v, "markdown")==0 ) o->format = FORMAT_MARKDOWN;
      else return usage_error("--format must be table, csv, json or "
                              "markdown, got '%s'", v);
    }else if( strcmp(a, "--max-increase")==0 ){
      if( !parse_number(v, 0, &o->max_increase) ){
        return usage_error("--max-increase must be a number of percent >= 0, "
                           "got '%s'", v);
      }
    }else if( strcmp(a, "--min-slice")==0 ){
      if( !parse_number(v, 0, &x) || x!=floor(x) || x>9e18 ){
        return usage_error("--min-slice must be a whole number >= 0, got '%s'", v);
      }
      o->min_slice = (int64_t)x;
    }else if( strcmp(a, "--busy-timeout")==0 ){
      if( !parse_number(v, 0, &x) || x!=floor(x) || x>2e9 ){
        return usage_error("--busy-timeout must be a whole number of "
                           "milliseconds, got '%s'", v);
      }
      o->busy_timeout_ms = (int)x;
    }else if( strcmp(a, "--baseline")==0 ){
      o->baseline = v;
    }else if( strcmp(a, "--plot")==0 ){
      o->plot_path = v;
    }else if( strcmp(a, "--html")==0 ){
      o->html_path = v;
    }else{
      return usage_error("unknown option '%s'", a);
    }
  }
  if( !o->db_path ){                                                 /* (1) */
    return usage_error("%s", "--db FILE is required (there is no default "
                       "database)");
  }
  return REPORT_OK;
}

static int fail(sqlite3 *db, char *error){
  fprintf(stderr, "crossentropy-report: %s\n", error);
  free(error);
  sqlite3_close(db);
  return REPORT_FAILED;
}

/* (2)(3) The fold's summary, after its commit. */
static void print_fold(const report_options *o, const report_fold *f){
  int i;
  if( !o->quiet ){
    fprintf(stderr, "crossentropy-report: runs folded: %d (%d re-folded), "
            "states written: %d, runs rejected: %d", f->runs_folded,
            f->refolded.count, f->states_written, f->rejected.count);
    if( f->folded_elsewhere ){
      fprintf(stderr, ", folded meanwhile by another job: %d",
              f->folded_elsewhere);
    }
    fprintf(stderr, "\n");
    for(i=0; i<f->refolded.count; i++){
      const report_refold *x = &((report_refold*)f->refolded.items)[i];
      fprintf(stderr, "run %s: re-folded, %lld rows now (%lld when folded)\n",
              x->run_id, (long long)x->new_rows, (long long)x->old_rows);
    }
  }
  for(i=0; i<f->rejected.count; i++){
    const report_rejection *x = &((report_rejection*)f->rejected.items)[i];
    if( x->obs_id ){
      fprintf(stderr, "run %s, obs %s: %s", x->run_id, x->obs_id, x->message);
    }else{
      fprintf(stderr, "run %s: %s", x->run_id, x->message);
    }
    if( x->bad_rows>1 ){
      fprintf(stderr, " (and %lld more bad rows)", (long long)x->bad_rows - 1);
    }
    fprintf(stderr, "\n");
  }
  if( f->null_run_rows ){
    fprintf(stderr, "crossentropy-report: %d rows have a NULL run_id and "
            "are not folded\n", f->null_run_rows);
  }
}

static int has_model(const report_result *r, const char *model){
  int i;
  for(i=0; i<r->rollups.count; i++){
    if( strcmp(((report_rollup*)r->rollups.items)[i].model, model)==0 ) return 1;
  }
  return 0;
}

/* The models of the report, each once, for a message (static storage). */
static const char *model_list(const report_result *r){
  static char list[512];
  size_t used = 0;
  int i, j;
  list[0] = 0;
  for(i=0; i<r->rollups.count && used<sizeof(list)-64; i++){
    const char *m = ((report_rollup*)r->rollups.items)[i].model;
    for(j=0; j<i && strcmp(((report_rollup*)r->rollups.items)[j].model, m); j++){}
    if( j<i ) continue;
    used += (size_t)snprintf(list+used, sizeof(list)-used, "%s%s",
                             used ? ", " : "", m);
  }
  return used ? list : "none yet";
}

int main(int argc, char **argv){
  report_options o;
  report_result r;
  sqlite3 *db = 0;
  char *error = 0;
  int init = 0, status, i;
  if( argc==2 && (strcmp(argv[1], "--help")==0 || strcmp(argv[1], "-h")==0) ){
    fputs(USAGE, stdout);
    return REPORT_OK;
  }
  if( argc==2 && strcmp(argv[1], "--version")==0 ){
    printf("crossentropy-report %s (SQLite %s)\n", CROSSENTROPY_VERSION,
           sqlite3_libversion());
    return REPORT_OK;
  }
  if( parse_options(argc, argv, &init, &o)!=REPORT_OK ) return REPORT_FAILED;
  if( !report_open(o.db_path, !init && !o.no_fold, &db, &error) ){
    return fail(db, error);
  }
  if( init ){
    report_print_template(db, stdout);
    sqlite3_close(db);
    return REPORT_OK;
  }
  sqlite3_busy_timeout(db, o.busy_timeout_ms);
  memset(&r, 0, sizeof(r));
  if( !o.no_fold ){
    if( !report_check_inputs(db, &error)
        || !report_prepare_tables(db, o.quiet, &error)
        || !report_fold_runs(db, &r.fold, &error) ){
      report_fold_free(&r.fold);
      return fail(db, error);
    }
    print_fold(&o, &r.fold);
  }else if( !report_has_relation(db, "loss_daily") ){
    return fail(db, report_strdup("--no-fold: the database has no loss_daily "
                                  "yet (run the job once without --no-fold)"));
  }
  if( !report_rollups(db, &o, &r, &error) ){
    report_result_free(&r);
    return fail(db, error);
  }
  for(i=0; i<r.alerts.count; i++){                                   /* (3) */
    fprintf(stderr, "alert: %s\n", ((report_alert*)r.alerts.items)[i].message);
  }
  report_write(stdout, &o, &r);
  status = r.fold.rejected.count ? REPORT_REJECTED                   /* (4) */
         : r.alerts.count ? REPORT_ALERTS : REPORT_OK;
  /* (4) After the commit and the report, what can still fail is said and
  ** makes the status 1: a --baseline that names no model, the pictures. */
  if( o.baseline && !has_model(&r, o.baseline) ){
    error = report_format_text("--baseline %s: the report has no model of "
                               "that name (its models: %s)", o.baseline,
                               model_list(&r));
  }
  if( !error && ((o.plot_path && !report_plot(&r, o.plot_path, &error))
                 || (o.html_path && !report_html(&o, &r, o.html_path, &error))) ){
    if( !error ) error = report_strdup("the plot or the page failed");
  }
  if( error ){
    fflush(stdout);
    report_result_free(&r);
    return fail(db, error);
  }
  report_result_free(&r);
  sqlite3_close(db);
  if( fflush(stdout)!=0 ){
    fprintf(stderr, "crossentropy-report: cannot write the report: %s\n",
            strerror(errno));
    return REPORT_FAILED;
  }
  return status;
}
