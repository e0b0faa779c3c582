/*
** report.h — crossentropy-report, the nightly loss report as a program
** (docs/reporting.md): the options, the outcome of a fold, the roll-ups and
** what the output writers share. The program is a third front-end over the
** engine-neutral core (ext/core): it computes binary_eval's states with the
** core's own functions (eval_state.h) while it reads the user's rows, and
** has the SQLite extension compiled in for the SQL it runs on the stored
** states. Files:
**   main.c     the command line, the exit status (1)..(4)
**   values.c   a hash map, and values as keys and as text
**   store.c    opening the database, the job's tables and their migration
**   fold.c     the fold: plan and scan in a read transaction, one short write
**              transaction [Q1]..[Q8]
**   rollup.c   roll-ups, alerts and paired comparisons from the stored states
**   output.c   table, csv, json and markdown
**   plot.c     the PNG (gnuplot) and the HTML page
*/
#ifndef CROSSENTROPY_REPORT_H
#define CROSSENTROPY_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>
#include "eval_state.h"
#include "eval_stats.h"

/* (4) The exit statuses: 4 wins over 3. */
#define REPORT_OK        0
#define REPORT_FAILED    1   /* usage, or the database */
#define REPORT_ALERTS    3
#define REPORT_REJECTED  4

typedef enum report_format {
  FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_MARKDOWN
} report_format;

typedef struct report_options {
  const char *db_path;
  report_format format;
  const char *plot_path;      /* --plot FILE.png, or NULL */
  const char *html_path;      /* --html FILE.html, or NULL */
  const char *baseline;       /* --baseline MODEL, or NULL */
  double max_increase;        /* --max-increase PCT; < 0: no alerts */
  int64_t min_slice;          /* --min-slice N */
  int busy_timeout_ms;        /* --busy-timeout MS */
  int no_fold;                /* --no-fold: report only */
  int quiet;                  /* --quiet: no summary on stderr */
} report_options;

/* A growable array of anything (size of one element given at each call). */
typedef struct report_array {
  void *items;
  int count, capacity;
} report_array;
void *report_array_push(report_array *a, size_t item_size);
void report_array_free(report_array *a);

/* values.c: a string-keyed hash map; a key's value is the caller's. */
typedef struct report_map {
  char **keys;
  void **values;
  size_t size, used;
} report_map;
/* The slot of key (inserted, NULL-valued, when insert is set and it is new;
** NULL when it is not there and insert is not set). */
void **report_map_slot(report_map *m, const char *key, int insert);
void report_map_free(report_map *m);
/* A value as a key that keeps its type apart (5 is not '5'); NULL for NULL. */
char *report_value_key(sqlite3_value *v);
/* A value as a person reads it: numbers as Python writes them, text cut at
** CE_QUOTE_VALUE_BYTES (quoted when quote is set), a BLOB as x'..'. */
char *report_value_text(sqlite3_value *v, int quote);

/* Text that the report keeps: malloc'd copies. */
char *report_strdup(const char *s);
/* printf into a fresh malloc'd string. */
char *report_format_text(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 1, 2)))
#endif
  ;

/* A run that the fold did not take, and why [Q4]. */
typedef struct report_rejection {
  char *run_id;        /* as text */
  char *obs_id;        /* the first bad row's obs_id, or NULL */
  char *column;
  char *value;         /* the value as text (quoted when text), or NULL */
  char *message;       /* "prob must be in [0,1], got 80.0" */
  int64_t bad_rows;
} report_rejection;

/* A run folded again because its row count changed [Q5]. */
typedef struct report_refold {
  char *run_id;
  int64_t old_rows, new_rows;
} report_refold;

/* What a fold did; printed only after its commit [Q3]. */
typedef struct report_fold {
  int runs_folded;             /* new and re-folded */
  int states_written;          /* loss_daily and loss_daily_segments rows */
  int folded_elsewhere;        /* folded meanwhile by another job [Q3] */
  int null_run_rows;           /* rows with a NULL run_id */
  report_array rejected;       /* report_rejection */
  report_array refolded;       /* report_refold */
} report_fold;

/* One roll-up row: a period of one (dataset, model, split[, segment]). */
typedef struct report_rollup {
  char *dataset, *model, *split, *segment;   /* segment NULL: all rows */
  const char *period;                        /* "day", "7 days", "all" */
  char first_day[11], last_day[11];
  int days;                                  /* days with rows */
  int multiclass;
  int has_loss;            /* a log loss exists (some weight) */
  int has_eval;            /* 0: a 0.1.0 day in the period, log loss only */
  ce_eval_summary s;
} report_rollup;

/* A point of the per-day plot, and a reliability bin. */
typedef struct report_point {
  double julian;
  double log_loss, low, high;
  int has_band;
} report_point;

typedef struct report_series {
  char *dataset, *model, *split;
  int multiclass;
  report_array points;        /* report_point, by day */
  int n_bins;                 /* reliability bins of the last 7 days */
  double mean_p[CE_EVAL_BINS], frac_pos[CE_EVAL_BINS];
  int64_t bin_rows[CE_EVAL_BINS];
} report_series;

typedef struct report_alert {
  char *dataset, *model, *split;
  char day[11], prev_first[11], prev_last[11];
  double day_loss, prev_loss, increase_pct, diff, diff_stderr;
  char *message;
} report_alert;

typedef struct report_comparison {
  char *dataset, *split, *model, *baseline;
  char day[11];
  int has_value;
  ce_paired_summary s;
  char *note;                  /* why there is no value, or NULL */
} report_comparison;

typedef struct report_result {
  report_fold fold;
  report_array rollups;        /* report_rollup */
  report_array series;         /* report_series */
  report_array alerts;         /* report_alert */
  report_array comparisons;    /* report_comparison */
  int64_t slices_hidden;       /* segment rows below --min-slice */
  char generated_at[32];
} report_result;

/* store.c */
int report_open(const char *path, int writable, sqlite3 **db,
                char **error);
int report_has_relation(sqlite3 *db, const char *name);
int report_prepare_tables(sqlite3 *db, int quiet, char **error);
int report_columns(sqlite3 *db, const char *relation, const char *const *need,
                   int *has_weight, char **error);
int report_exec(sqlite3 *db, const char *sql, char **error);
char *report_db_error(sqlite3 *db, const char *what);
void report_print_template(sqlite3 *db, FILE *out);

/* fold.c */
int report_check_inputs(sqlite3 *db, char **error);
int report_fold_runs(sqlite3 *db, report_fold *f,
                     char **error);
void report_fold_free(report_fold *f);
/* 1 when text is a real date YYYY-MM-DD [Q7]; *julian its day number. */
int report_is_date(const char *text, double *julian);

/* rollup.c */
int report_rollups(sqlite3 *db, const report_options *o, report_result *r,
                   char **error);
void report_result_free(report_result *r);

/* output.c */
void report_write(FILE *out, const report_options *o, const report_result *r);
void report_json_number(FILE *out, double x, int has);
void report_json_string(FILE *out, const char *s);

/* plot.c */
int report_plot(const report_result *r, const char *png_path, char **error);
int report_html(const report_options *o, const report_result *r,
                const char *html_path, char **error);

#endif /* CROSSENTROPY_REPORT_H */
