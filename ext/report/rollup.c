/*
** rollup.c — what crossentropy-report prints, from the states the fold
** stored (no prediction is read again but for --baseline).
** Rules (cited as [I1]..[I6]):
**  [I1] For each dataset, model and split (and segment), the periods are
**       its last day L, the 7 days up to it (days d with L − 7 < d <= L)
**       and all days: each the merge of its days' binary_eval states, so
**       each number is what one scan of the period's rows gives.
**  [I2] A period that holds a day folded by 0.1.0 (no binary_eval state,
**       store.c [Z4]) has its log loss (merged from the mean states) and no
**       other statistic. A multi-class period has no Brier score nor
**       calibration error: its state is of −ln p(true class) only.
**  [I3] The 95 % interval is log_loss ± 1.959963984540054 · stderr.
**  [I4] An alert (--max-increase PCT): the last day's log loss m_L exceeds
**       that of the 7 days before it (L − 7 <= d < L), m_P, by more than
**       PCT percent of m_P and by more than twice sqrt(se_L² + se_P²), the
**       standard error of the difference of two independent means.
**  [I5] A segment's period of fewer than --min-slice observations is not
**       reported (counted in slices_hidden).
**  [I6] --baseline B: for each other model M of a dataset and split, on M's
**       last day, the paired test of bce(M) − bce(B) over the obs_ids both
**       have that day (folded runs only); when an obs_id repeats for either
**       model that day the pairing is ambiguous, and the comparison says
**       so instead of guessing. Weights are not used.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checks.h"
#include "report.h"

typedef struct day_entry {
  double julian;
  char day[11];
  int64_t n;
  ce_state mean;
  ce_eval eval;
  int has_eval, multiclass;
} day_entry;

/* [I1][I2] The merge of days[lo..hi) as a roll-up row; [I3] is the
** writers' (output.c), from its stderr. */
static void summarize(const day_entry *days, int lo, int hi, report_rollup *out){
  ce_state mean;
  ce_eval eval;
  int i;
  double loss = 0.0;
  memset(&mean, 0, sizeof(mean));
  ce_eval_reset(&eval);
  out->has_eval = 1;
  out->days = hi - lo;
  memset(&out->s, 0, sizeof(out->s));
  for(i=lo; i<hi; i++){
    ce_state_merge(&mean, &days[i].mean, 1);
    if( days[i].has_eval ) ce_eval_merge(&eval, &days[i].eval, 1);
    else out->has_eval = 0;
    out->multiclass |= days[i].multiclass;
    out->s.n += days[i].n;
  }
  memcpy(out->first_day, days[lo].day, 11);
  memcpy(out->last_day, days[hi-1].day, 11);
  if( out->has_eval ){
    int64_t n = out->s.n;
    out->has_loss = ce_eval_summarize(&eval, &out->s)==CE_VALUE;
    out->s.n = n;
  }else{
    out->has_loss = ce_mean_value(&mean.mean, mean.weighted, &loss)==CE_VALUE;
    out->s.log_loss = loss;
  }
}

static char *text_column(sqlite3_stmt *st, int i){
  return report_strdup((const char*)sqlite3_column_text(st, i));
}

static void add_series(report_result *r, const day_entry *days, int n,
                       const report_rollup *last7, const ce_eval *bins_of,
                       const char *dataset, const char *model,
                       const char *split){
  report_series *s = report_array_push(&r->series, sizeof(*s));
  int i;
  s->dataset = report_strdup(dataset);
  s->model = report_strdup(model);
  s->split = report_strdup(split);
  s->multiclass = last7->multiclass;
  for(i=0; i<n; i++){
    report_rollup one;
    report_point *p = report_array_push(&s->points, sizeof(*p));
    memset(&one, 0, sizeof(one));
    summarize(days, i, i+1, &one);
    p->julian = days[i].julian;
    p->log_loss = one.has_loss ? one.s.log_loss : NAN;
    p->has_band = one.has_loss && one.has_eval && one.s.has_stderr;
    p->low = p->has_band ? one.s.log_loss - CE_Z_975*one.s.log_loss_stderr : NAN;
    p->high = p->has_band ? one.s.log_loss + CE_Z_975*one.s.log_loss_stderr : NAN;
  }
  if( bins_of && !s->multiclass ){
    for(i=0; i<CE_EVAL_BINS; i++){
      const ce_eval_bin *b = &bins_of->bin[i];
      double w = ce_counted_sum_value(&b->weight);
      s->bin_rows[i] = b->n_rows;
      s->mean_p[i] = w>0 ? ce_counted_sum_value(&b->prob)/w : NAN;
      s->frac_pos[i] = w>0 ? ce_counted_sum_value(&b->label)/w : NAN;
    }
    s->n_bins = CE_EVAL_BINS;
  }
}

/* [I4] */
static void check_alert(report_result *r, const report_options *o,
                        const day_entry *days, int n, const report_rollup *day,
                        const char *dataset, const char *model,
                        const char *split){
  report_rollup prev;
  report_alert *a;
  int lo = n - 1, i;
  double se, diff, pct;
  for(i=n-2; i>=0 && days[i].julian>=days[n-1].julian - 7; i--) lo = i;
  if( o->max_increase<0 || lo==n-1 || !day->has_loss ) return;
  memset(&prev, 0, sizeof(prev));
  summarize(days, lo, n-1, &prev);
  if( !prev.has_loss || !prev.has_eval || !day->has_eval
      || !prev.s.has_stderr || !day->s.has_stderr || !(prev.s.log_loss>0) ){
    return;
  }
  diff = day->s.log_loss - prev.s.log_loss;
  se = sqrt(day->s.log_loss_stderr*day->s.log_loss_stderr
            + prev.s.log_loss_stderr*prev.s.log_loss_stderr);
  pct = 100.0*diff/prev.s.log_loss;
  if( !(pct>o->max_increase) || !(diff>2.0*se) ) return;
  a = report_array_push(&r->alerts, sizeof(*a));
  a->dataset = report_strdup(dataset);
  a->model = report_strdup(model);
  a->split = report_strdup(split);
  memcpy(a->day, day->last_day, 11);
  memcpy(a->prev_first, prev.first_day, 11);
  memcpy(a->prev_last, prev.last_day, 11);
  a->day_loss = day->s.log_loss;
  a->prev_loss = prev.s.log_loss;
  a->increase_pct = pct;
  a->diff = diff;
  a->diff_stderr = se;
  a->message = report_format_text("%s %s %s: log loss %.6g on %s is %.1f %% "
      "above %.6g of %s..%s (difference %.3g, %.1f standard errors)",
      dataset, model, split, a->day_loss, a->day, pct, a->prev_loss,
      a->prev_first, a->prev_last, diff, se>0 ? diff/se : INFINITY);
}

/* One group's days are read: its three periods, and for a whole group (no
** segment) its series and alert. */
static void finish_group(report_result *r, const report_options *o,
                         day_entry *days, int n, const char *dataset,
                         const char *model, const char *split,
                         const char *segment){
  static const char *const periods[3] = {"day", "7 days", "all"};
  report_rollup rows[3];
  ce_eval last7;
  int lo7 = n - 1, i, k;
  if( n==0 ) return;
  for(i=n-2; i>=0 && days[i].julian>days[n-1].julian - 7; i--) lo7 = i;
  memset(rows, 0, sizeof(rows));
  summarize(days, n-1, n, &rows[0]);
  summarize(days, lo7, n, &rows[1]);
  summarize(days, 0, n, &rows[2]);
  for(k=0; k<3; k++){
    report_rollup *out;
    if( segment && rows[k].s.n<o->min_slice ){                       /* [I5] */
      r->slices_hidden++;
      continue;
    }
    out = report_array_push(&r->rollups, sizeof(*out));
    *out = rows[k];
    out->dataset = report_strdup(dataset);
    out->model = report_strdup(model);
    out->split = report_strdup(split);
    out->segment = report_strdup(segment);
    out->period = periods[k];
  }
  if( segment ) return;
  ce_eval_reset(&last7);
  for(i=lo7; i<n; i++) if( days[i].has_eval ) ce_eval_merge(&last7, &days[i].eval, 1);
  add_series(r, days, n, &rows[1], rows[1].has_eval ? &last7 : 0, dataset,
             model, split);
  check_alert(r, o, days, n, &rows[0], dataset, model, split);
}

static int same(const char *a, const char *b){
  return (a==0 && b==0) || (a && b && strcmp(a, b)==0);
}

static int read_days(sqlite3 *db, const report_options *o, report_result *r,
                     char **error){
  sqlite3_stmt *st;
  report_array days = {0, 0, 0};
  char *dataset = 0, *model = 0, *split = 0, *segment = 0;
  int rc, found;
  if( sqlite3_prepare_v2(db,
        "SELECT dataset, model, split, segment, day, n_obs, state, eval_state,"
        "       kind FROM ("
        "  SELECT dataset, model, split, NULL AS segment, day, n_obs, state,"
        "         eval_state, kind FROM loss_daily"
        "  UNION ALL"
        "  SELECT dataset, model, split, segment, day, n_obs, NULL, eval_state,"
        "         kind FROM loss_daily_segments)"
        " ORDER BY dataset, split, model, segment IS NOT NULL, segment, day",
        -1, &st, 0)!=SQLITE_OK ){
    *error = report_db_error(db, "reading loss_daily");
    return 0;
  }
  while( (rc = sqlite3_step(st))==SQLITE_ROW ){
    const char *seg = (const char*)sqlite3_column_text(st, 3);
    day_entry *d;
    if( !same(dataset, (const char*)sqlite3_column_text(st, 0))
        || !same(model, (const char*)sqlite3_column_text(st, 1))
        || !same(split, (const char*)sqlite3_column_text(st, 2))
        || !same(segment, seg) ){
      finish_group(r, o, days.items, days.count, dataset, model, split, segment);
      free(dataset); free(model); free(split); free(segment);
      dataset = text_column(st, 0);
      model = text_column(st, 1);
      split = text_column(st, 2);
      segment = report_strdup(seg);
      days.count = 0;
    }
    d = report_array_push(&days, sizeof(*d));
    snprintf(d->day, sizeof(d->day), "%s", (const char*)sqlite3_column_text(st, 4));
    if( !report_is_date(d->day, &d->julian) ) d->julian = 0;
    d->n = sqlite3_column_int64(st, 5);
    d->multiclass = sqlite3_column_type(st, 8)!=SQLITE_NULL
                    && strcmp((const char*)sqlite3_column_text(st, 8), "binary");
    d->has_eval = sqlite3_column_type(st, 7)!=SQLITE_NULL;
    if( d->has_eval && ce_eval_read(sqlite3_column_blob(st, 7),
                                    sqlite3_column_bytes(st, 7), &d->eval,
                                    &found)!=CE_STATE_OK ){
      *error = report_format_text("loss_daily holds a corrupt eval_state for "
                                  "%s, %s, %s, %s", dataset, model, split, d->day);
      break;
    }
    if( sqlite3_column_type(st, 6)!=SQLITE_NULL ){
      if( ce_state_read(sqlite3_column_blob(st, 6), sqlite3_column_bytes(st, 6),
                        CE_STATE_MEAN_CE, &d->mean, &found)!=CE_STATE_OK ){
        *error = report_format_text("loss_daily holds a corrupt state for "
                                    "%s, %s, %s, %s", dataset, model, split,
                                    d->day);
        break;
      }
    }else{
      d->mean = d->eval.mean;
    }
  }
  if( !*error ) finish_group(r, o, days.items, days.count, dataset, model,
                             split, segment);
  sqlite3_finalize(st);
  free(dataset); free(model); free(split); free(segment);
  report_array_free(&days);
  if( !*error && rc!=SQLITE_DONE ){
    *error = report_db_error(db, "reading loss_daily");
  }
  return *error==0;
}

/* One model's rows of the comparison's day, folded runs only; its losses by
** obs_id into a map (when pairs is NULL) or paired with the map's (when
** not). 0, with c->note said, when an obs_id repeats or the query fails. */
typedef struct paired_row { double loss; int used; } paired_row;

static int read_losses(sqlite3 *db, report_comparison *c, int multiclass,
                       const char *model, report_map *losses, ce_paired *pairs){
  static const char *const sql[2] = {
    "SELECT obs_id, label, prob FROM main.ce_predictions"
    " WHERE dataset = ?1 AND split = ?2 AND day = ?3 AND model = ?4"
    "   AND run_id IN (SELECT run_id FROM main.loss_runs)"
    "   AND run_id NOT IN (SELECT run_id FROM main.loss_run_errors)",
    "SELECT obs_id, 1, prob FROM main.ce_class_predictions"
    " WHERE dataset = ?1 AND split = ?2 AND day = ?3 AND model = ?4"
    "   AND is_true + 0 = 1"
    "   AND run_id IN (SELECT run_id FROM main.loss_runs)"
    "   AND run_id NOT IN (SELECT run_id FROM main.loss_run_errors)"};
  sqlite3_stmt *st;
  report_map seen = {0, 0, 0, 0};
  if( sqlite3_prepare_v2(db, sql[multiclass], -1, &st, 0)!=SQLITE_OK ){
    c->note = report_strdup(sqlite3_errmsg(db));
    return 0;
  }
  sqlite3_bind_text(st, 1, c->dataset, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, c->split, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, c->day, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, model, -1, SQLITE_STATIC);
  while( !c->note && sqlite3_step(st)==SQLITE_ROW ){
    char *key = report_value_key(sqlite3_column_value(st, 0));
    double y = sqlite3_column_double(st, 1), p = sqlite3_column_double(st, 2);
    void **slot;
    if( !key ) continue;
    slot = report_map_slot(pairs ? &seen : losses, key, 1);
    if( *slot ){
      c->note = report_format_text("obs_id %s repeats for %s on %s: the pairs "
                                   "are ambiguous", key + 1, model, c->day);
    }else if( ce_in_range(y, CE_RANGE_UNIT) && ce_in_range(p, CE_RANGE_PROB) ){
      double loss = ce_bce(y, p, CE_LOG_DEFAULT_EPS);
      if( pairs ){
        void **other = report_map_slot(losses, key, 0);
        *slot = (void*)1;
        if( other && *other ) ce_paired_add(pairs, loss, *(double*)*other, +1);
      }else{
        double *kept = malloc(sizeof(double));
        if( !kept ){
          fprintf(stderr, "crossentropy-report: out of memory\n");
          exit(REPORT_FAILED);
        }
        *kept = loss;
        *slot = kept;
      }
    }else{
      *slot = pairs ? (void*)1 : 0;       /* a row changed since it was folded */
    }
    free(key);
  }
  sqlite3_finalize(st);
  report_map_free(&seen);
  return c->note==0;
}

/* [I6] One comparison: model against the baseline on day. The baseline's
** losses are read into a map by obs_id, then the model's are paired with
** them as they come: two scans of the day's rows, whatever indexes the
** user's tables have (a join would let the planner pair every row of one
** model with every row of the other). */
static void compare(sqlite3 *db, report_comparison *c, int multiclass){
  report_map baseline = {0, 0, 0, 0};
  ce_paired p;
  size_t i;
  ce_paired_reset(&p);
  if( read_losses(db, c, multiclass, c->baseline, &baseline, 0)
      && read_losses(db, c, multiclass, c->model, &baseline, &p) ){
    c->has_value = ce_paired_summarize(&p, &c->s)==CE_VALUE;
    if( !c->has_value ){
      c->s.n = p.n_rows;
      c->note = report_format_text("%lld shared obs_id (2 or more needed)",
                                   (long long)p.n_rows);
    }
  }
  for(i=0; i<baseline.size; i++) if( baseline.keys[i] ) free(baseline.values[i]);
  report_map_free(&baseline);
}

static void comparisons(sqlite3 *db, const report_options *o, report_result *r){
  int i, j;
  if( !o->baseline ) return;
  for(i=0; i<r->rollups.count; i++){
    const report_rollup *m = &((report_rollup*)r->rollups.items)[i];
    int has_baseline = 0;
    report_comparison *c;
    if( m->segment || strcmp(m->period, "day") || strcmp(m->model, o->baseline)==0 ){
      continue;
    }
    for(j=0; j<r->rollups.count && !has_baseline; j++){
      const report_rollup *b = &((report_rollup*)r->rollups.items)[j];
      has_baseline = !b->segment && strcmp(b->model, o->baseline)==0
                     && strcmp(b->dataset, m->dataset)==0
                     && strcmp(b->split, m->split)==0;
    }
    if( !has_baseline ) continue;
    c = report_array_push(&r->comparisons, sizeof(*c));
    c->dataset = report_strdup(m->dataset);
    c->split = report_strdup(m->split);
    c->model = report_strdup(m->model);
    c->baseline = report_strdup(o->baseline);
    memcpy(c->day, m->last_day, 11);
    compare(db, c, m->multiclass);
  }
}

int report_rollups(sqlite3 *db, const report_options *o, report_result *r,
                   char **error){
  time_t now = time(0);
  int ok;
  strftime(r->generated_at, sizeof(r->generated_at), "%Y-%m-%dT%H:%M:%SZ",
           gmtime(&now));
  if( !report_exec(db, "BEGIN", error) ) return 0;
  ok = read_days(db, o, r, error);
  if( ok ) comparisons(db, o, r);
  sqlite3_exec(db, "COMMIT", 0, 0, 0);
  return ok;
}

void report_result_free(report_result *r){
  int i;
  report_fold_free(&r->fold);
  for(i=0; i<r->rollups.count; i++){
    report_rollup *x = &((report_rollup*)r->rollups.items)[i];
    free(x->dataset); free(x->model); free(x->split); free(x->segment);
  }
  for(i=0; i<r->series.count; i++){
    report_series *x = &((report_series*)r->series.items)[i];
    free(x->dataset); free(x->model); free(x->split);
    report_array_free(&x->points);
  }
  for(i=0; i<r->alerts.count; i++){
    report_alert *x = &((report_alert*)r->alerts.items)[i];
    free(x->dataset); free(x->model); free(x->split); free(x->message);
  }
  for(i=0; i<r->comparisons.count; i++){
    report_comparison *x = &((report_comparison*)r->comparisons.items)[i];
    free(x->dataset); free(x->split); free(x->model); free(x->baseline);
    free(x->note);
  }
  report_array_free(&r->rollups);
  report_array_free(&r->series);
  report_array_free(&r->alerts);
  report_array_free(&r->comparisons);
}
