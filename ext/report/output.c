/*
** output.c — crossentropy-report's report in its four formats
** (docs/reporting.md gives every field). Rules (cited as [O1]..[O4]):
**  [O1] json: one object {"fold", "rollups", "alerts", "rejected",
**       "comparisons", "slices_hidden", "generated_at"}; numbers with 17
**       significant digits (a double read back is the same double), null
**       where a value does not exist, never NaN or Infinity.
**  [O2] csv: the roll-ups alone, one header line, numbers as in json, so
**       that a spreadsheet or a loader reads one table.
**  [O3] table and markdown: for people, numbers to 6 significant digits;
**       the sections that have rows: roll-ups, comparisons, alerts,
**       rejected runs.
**  [O4] Text is written as it is (csv quotes a field with a comma, quote
**       or line break; json escapes; markdown escapes '|' and, as HTML
**       does, '<', '>' and '&').
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "report.h"

void report_json_number(FILE *out, double x, int has){
  if( has && isfinite(x) ) fprintf(out, "%.17g", x);
  else fputs("null", out);
}

void report_json_string(FILE *out, const char *s){
  const unsigned char *p = (const unsigned char*)s;
  if( !s ){ fputs("null", out); return; }
  fputc('"', out);
  for(; *p; p++){
    if( *p=='"' || *p=='\\' ) fprintf(out, "\\%c", *p);
    else if( *p=='\n' ) fputs("\\n", out);
    else if( *p=='\t' ) fputs("\\t", out);
    else if( *p<0x20 ) fprintf(out, "\\u%04x", *p);
    else fputc(*p, out);
  }
  fputc('"', out);
}

/* ---- cells: every section as rows of text ----------------------------- */
typedef struct table {
  int columns;
  report_array cells;          /* char*, row by row */
} table;

static void cell(table *t, char *text){
  *(char**)report_array_push(&t->cells, sizeof(char*)) = text ? text
                                                              : report_strdup("");
}

static char *number(double x, int has, int precise){
  if( !has || !isfinite(x) ) return report_strdup("");
  return report_format_text(precise ? "%.17g" : "%.6g", x);
}

static table rollup_table(const report_result *r, int precise){
  static const char *const head[] = {"dataset", "model", "split", "segment",
      "period", "first_day", "last_day", "n", "log_loss", "log_loss_stderr",
      "ci95_low", "ci95_high", "brier_score", "calibration_error"};
  table t = {14, {0, 0, 0}};
  int i;
  for(i=0; i<14; i++) cell(&t, report_strdup(head[i]));
  for(i=0; i<r->rollups.count; i++){
    const report_rollup *x = &((report_rollup*)r->rollups.items)[i];
    int se = x->has_loss && x->has_eval && x->s.has_stderr;
    int binary = x->has_loss && x->has_eval && !x->multiclass;
    cell(&t, report_strdup(x->dataset));
    cell(&t, report_strdup(x->model));
    cell(&t, report_strdup(x->split));
    cell(&t, report_strdup(x->segment));
    cell(&t, report_strdup(x->period));
    cell(&t, report_strdup(x->first_day));
    cell(&t, report_strdup(x->last_day));
    cell(&t, report_format_text("%lld", (long long)x->s.n));
    cell(&t, number(x->s.log_loss, x->has_loss, precise));
    cell(&t, number(x->s.log_loss_stderr, se, precise));
    cell(&t, number(x->s.log_loss - CE_Z_975*x->s.log_loss_stderr, se, precise));
    cell(&t, number(x->s.log_loss + CE_Z_975*x->s.log_loss_stderr, se, precise));
    cell(&t, number(x->s.brier_score, binary, precise));
    cell(&t, number(x->s.calibration_error, binary, precise));
  }
  return t;
}

static table comparison_table(const report_result *r){
  static const char *const head[] = {"dataset", "split", "day", "model",
      "baseline", "n", "mean_diff", "stderr", "z", "p_value", "note"};
  table t = {11, {0, 0, 0}};
  int i;
  for(i=0; i<11; i++) cell(&t, report_strdup(head[i]));
  for(i=0; i<r->comparisons.count; i++){
    const report_comparison *x = &((report_comparison*)r->comparisons.items)[i];
    cell(&t, report_strdup(x->dataset));
    cell(&t, report_strdup(x->split));
    cell(&t, report_strdup(x->day));
    cell(&t, report_strdup(x->model));
    cell(&t, report_strdup(x->baseline));
    cell(&t, report_format_text("%lld", (long long)x->s.n));
    cell(&t, number(x->s.mean_diff, x->has_value, 0));
    cell(&t, number(x->s.stderr_diff, x->has_value, 0));
    cell(&t, number(x->s.z, x->has_value && x->s.has_z, 0));
    cell(&t, number(x->s.p_value, x->has_value, 0));
    cell(&t, report_strdup(x->note));
  }
  return t;
}

static table message_table(const report_result *r, int alerts){
  table t = {1, {0, 0, 0}};
  int i;
  cell(&t, report_strdup(alerts ? "alert" : "rejected run"));
  if( alerts ){
    for(i=0; i<r->alerts.count; i++){
      cell(&t, report_strdup(((report_alert*)r->alerts.items)[i].message));
    }
  }else{
    for(i=0; i<r->fold.rejected.count; i++){
      const report_rejection *x = &((report_rejection*)r->fold.rejected.items)[i];
      cell(&t, x->obs_id
          ? report_format_text("run %s, obs %s: %s", x->run_id, x->obs_id,
                               x->message)
          : report_format_text("run %s: %s", x->run_id, x->message));
    }
  }
  return t;
}

static void table_free(table *t){
  int i;
  for(i=0; i<t->cells.count; i++) free(((char**)t->cells.items)[i]);
  report_array_free(&t->cells);
}

/* [O3] A column no row fills (segment, in a store without ce_segments) is
** left out of the tables for people. */
static void drop_empty_column(table *t, int column){
  char **c = t->cells.items;
  int rows = t->cells.count/t->columns, i, j, k = 0;
  for(i=1; i<rows; i++) if( c[i*t->columns+column][0] ) return;
  for(i=0; i<rows; i++){
    for(j=0; j<t->columns; j++){
      if( j==column ) free(c[i*t->columns+j]);
      else c[k++] = c[i*t->columns+j];
    }
  }
  t->cells.count = k;
  t->columns--;
}

/* [O4] */
static void put_field(FILE *out, const char *s, report_format f){
  if( f==FORMAT_CSV && strpbrk(s, ",\"\n\r") ){
    fputc('"', out);
    for(; *s; s++){ if( *s=='"' ) fputc('"', out); fputc(*s, out); }
    fputc('"', out);
  }else if( f==FORMAT_MARKDOWN ){         /* | escaped, and HTML's three */
    for(; *s; s++){
      if( *s=='<' ) fputs("&lt;", out);
      else if( *s=='>' ) fputs("&gt;", out);
      else if( *s=='&' ) fputs("&amp;", out);
      else{ if( *s=='|' ) fputc('\\', out); fputc(*s, out); }
    }
  }else{
    fputs(s, out);
  }
}

/* [O2][O3] */
static void print_table(FILE *out, const char *title, table *t,
                        report_format f){
  char **c = t->cells.items;
  int rows = t->cells.count/t->columns, i, j;
  int width[16];
  if( rows<=1 ) return;
  if( title && f==FORMAT_MARKDOWN ) fprintf(out, "## %s\n\n", title);
  if( title && f==FORMAT_TABLE ) fprintf(out, "%s\n", title);
  for(j=0; j<t->columns; j++){
    width[j] = 0;
    for(i=0; i<rows; i++){
      int n = (int)strlen(c[i*t->columns+j]);
      if( n>width[j] ) width[j] = n;
    }
  }
  for(i=0; i<rows; i++){
    if( f==FORMAT_MARKDOWN ) fputs("| ", out);
    for(j=0; j<t->columns; j++){
      const char *s = c[i*t->columns+j];
      if( f==FORMAT_CSV ){
        if( j ) fputc(',', out);
        put_field(out, s, f);
        continue;
      }
      put_field(out, s, f);
      if( f==FORMAT_MARKDOWN ) fputs(j+1<t->columns ? " | " : " |", out);
      else if( j+1<t->columns ) fprintf(out, "%*s", width[j] - (int)strlen(s) + 2, "");
    }
    fputc('\n', out);
    if( i==0 && f==FORMAT_MARKDOWN ){
      fputc('|', out);
      for(j=0; j<t->columns; j++) fputs("---|", out);
      fputc('\n', out);
    }
  }
  if( f!=FORMAT_CSV ) fputc('\n', out);
}

/* ---- [O1] json ---------------------------------------------------------- */
static void json_rollups(FILE *out, const report_result *r){
  int i;
  fputs("\"rollups\":[", out);
  for(i=0; i<r->rollups.count; i++){
    const report_rollup *x = &((report_rollup*)r->rollups.items)[i];
    int se = x->has_loss && x->has_eval && x->s.has_stderr;
    int binary = x->has_loss && x->has_eval && !x->multiclass;
    fputs(i ? ",\n{" : "\n{", out);
    fputs("\"dataset\":", out); report_json_string(out, x->dataset);
    fputs(",\"model\":", out); report_json_string(out, x->model);
    fputs(",\"split\":", out); report_json_string(out, x->split);
    fputs(",\"segment\":", out); report_json_string(out, x->segment);
    fputs(",\"period\":", out); report_json_string(out, x->period);
    fprintf(out, ",\"first_day\":\"%s\",\"last_day\":\"%s\",\"days\":%d",
            x->first_day, x->last_day, x->days);
    fprintf(out, ",\"kind\":\"%s\",\"n\":%lld",
            x->multiclass ? "multiclass" : "binary", (long long)x->s.n);
    fputs(",\"log_loss\":", out);
    report_json_number(out, x->s.log_loss, x->has_loss);
    fputs(",\"log_loss_stderr\":", out);
    report_json_number(out, x->s.log_loss_stderr, se);
    fputs(",\"log_loss_ci95\":", out);
    if( se ){
      fputc('[', out);
      report_json_number(out, x->s.log_loss - CE_Z_975*x->s.log_loss_stderr, 1);
      fputc(',', out);
      report_json_number(out, x->s.log_loss + CE_Z_975*x->s.log_loss_stderr, 1);
      fputc(']', out);
    }else{
      fputs("null", out);
    }
    fputs(",\"brier_score\":", out);
    report_json_number(out, x->s.brier_score, binary);
    fputs(",\"calibration_error\":", out);
    report_json_number(out, x->s.calibration_error, binary);
    fprintf(out, ",\"log_loss_only\":%s}", x->has_eval ? "false" : "true");
  }
  fputs("]", out);
}

static void json_report(FILE *out, const report_result *r){
  int i;
  fputs("{\"fold\":{", out);
  fprintf(out, "\"runs_folded\":%d,\"states_written\":%d,"
          "\"folded_by_another_job\":%d,\"null_run_id_rows\":%d,\"refolded\":[",
          r->fold.runs_folded, r->fold.states_written,
          r->fold.folded_elsewhere, r->fold.null_run_rows);
  for(i=0; i<r->fold.refolded.count; i++){
    const report_refold *x = &((report_refold*)r->fold.refolded.items)[i];
    fputs(i ? ",{\"run_id\":" : "{\"run_id\":", out);
    report_json_string(out, x->run_id);
    fprintf(out, ",\"rows_when_folded\":%lld,\"rows\":%lld}",
            (long long)x->old_rows, (long long)x->new_rows);
  }
  fputs("]},\n", out);
  json_rollups(out, r);
  fputs(",\n\"alerts\":[", out);
  for(i=0; i<r->alerts.count; i++){
    const report_alert *x = &((report_alert*)r->alerts.items)[i];
    fputs(i ? ",\n{\"dataset\":" : "\n{\"dataset\":", out);
    report_json_string(out, x->dataset);
    fputs(",\"model\":", out); report_json_string(out, x->model);
    fputs(",\"split\":", out); report_json_string(out, x->split);
    fprintf(out, ",\"day\":\"%s\",\"previous_first_day\":\"%s\","
            "\"previous_last_day\":\"%s\",\"log_loss\":", x->day,
            x->prev_first, x->prev_last);
    report_json_number(out, x->day_loss, 1);
    fputs(",\"previous_log_loss\":", out); report_json_number(out, x->prev_loss, 1);
    fputs(",\"increase_pct\":", out); report_json_number(out, x->increase_pct, 1);
    fputs(",\"difference\":", out); report_json_number(out, x->diff, 1);
    fputs(",\"difference_stderr\":", out);
    report_json_number(out, x->diff_stderr, 1);
    fputs(",\"message\":", out); report_json_string(out, x->message);
    fputc('}', out);
  }
  fputs("],\n\"rejected\":[", out);
  for(i=0; i<r->fold.rejected.count; i++){
    const report_rejection *x = &((report_rejection*)r->fold.rejected.items)[i];
    fputs(i ? ",\n{\"run_id\":" : "\n{\"run_id\":", out);
    report_json_string(out, x->run_id);
    fputs(",\"obs_id\":", out); report_json_string(out, x->obs_id);
    fputs(",\"column\":", out); report_json_string(out, x->column);
    fputs(",\"value\":", out); report_json_string(out, x->value);
    fputs(",\"message\":", out); report_json_string(out, x->message);
    fprintf(out, ",\"bad_rows\":%lld}", (long long)x->bad_rows);
  }
  fputs("],\n\"comparisons\":[", out);
  for(i=0; i<r->comparisons.count; i++){
    const report_comparison *x = &((report_comparison*)r->comparisons.items)[i];
    fputs(i ? ",\n{\"dataset\":" : "\n{\"dataset\":", out);
    report_json_string(out, x->dataset);
    fputs(",\"split\":", out); report_json_string(out, x->split);
    fprintf(out, ",\"day\":\"%s\",\"model\":", x->day);
    report_json_string(out, x->model);
    fputs(",\"baseline\":", out); report_json_string(out, x->baseline);
    fprintf(out, ",\"n\":%lld,\"mean_diff\":", (long long)x->s.n);
    report_json_number(out, x->s.mean_diff, x->has_value);
    fputs(",\"stderr\":", out); report_json_number(out, x->s.stderr_diff, x->has_value);
    fputs(",\"z\":", out); report_json_number(out, x->s.z, x->has_value && x->s.has_z);
    fputs(",\"p_value\":", out); report_json_number(out, x->s.p_value, x->has_value);
    fputs(",\"note\":", out); report_json_string(out, x->note);
    fputc('}', out);
  }
  fprintf(out, "],\n\"slices_hidden\":%lld,\"generated_at\":\"%s\"}\n",
          (long long)r->slices_hidden, r->generated_at);
}

void report_write(FILE *out, const report_options *o, const report_result *r){
  table t;
  char *title;
  if( o->format==FORMAT_JSON ){
    json_report(out, r);
    return;
  }
  t = rollup_table(r, o->format==FORMAT_CSV);
  if( o->format!=FORMAT_CSV ) drop_empty_column(&t, 3);
  print_table(out, "Log loss by dataset, model and split: the last day, the "
              "7 days to it, all days", &t, o->format);
  table_free(&t);
  if( o->format==FORMAT_CSV ) return;                                /* [O2] */
  if( r->slices_hidden ){
    fprintf(out, "(%lld segment rows of fewer than %lld observations not "
            "shown: --min-slice)\n\n", (long long)r->slices_hidden,
            (long long)o->min_slice);
  }
  title = report_format_text("Paired comparison with the baseline %s "
                             "(mean_diff < 0: the model's loss is lower)",
                             o->baseline ? o->baseline : "");
  t = comparison_table(r);
  print_table(out, title, &t, o->format);
  table_free(&t);
  free(title);
  t = message_table(r, 1);
  print_table(out, "Alerts", &t, o->format);
  table_free(&t);
  t = message_table(r, 0);
  print_table(out, "Rejected runs (not folded)", &t, o->format);
  table_free(&t);
}

/* ---- the page of --html: the tables, the plot embedded --------------- */
static void html_text(FILE *out, const char *s){
  for(; *s; s++){
    switch( *s ){
      case '<': fputs("&lt;", out); break;
      case '>': fputs("&gt;", out); break;
      case '&': fputs("&amp;", out); break;
      case '"': fputs("&quot;", out); break;
      default: fputc(*s, out);
    }
  }
}

static void html_table(FILE *out, const char *title, table *t){
  char **c = t->cells.items;
  int rows = t->cells.count/t->columns, i, j;
  if( rows<=1 ) return;
  fputs("<h2>", out); html_text(out, title); fputs("</h2>\n<table>\n", out);
  for(i=0; i<rows; i++){
    fputs("<tr>", out);
    for(j=0; j<t->columns; j++){
      fputs(i ? "<td>" : "<th>", out);
      html_text(out, c[i*t->columns+j]);
      fputs(i ? "</td>" : "</th>", out);
    }
    fputs("</tr>\n", out);
  }
  fputs("</table>\n", out);
}

/* The file's bytes as base64, for a data: URL. */
static int base64_file(FILE *out, const char *path){
  static const char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  FILE *in = fopen(path, "rb");
  unsigned char b[3];
  size_t n;
  if( !in ) return 0;
  while( (n = fread(b, 1, 3, in))>0 ){
    unsigned v = (unsigned)b[0]<<16 | (n>1 ? (unsigned)b[1]<<8 : 0)
               | (n>2 ? b[2] : 0);
    fputc(digits[v>>18 & 63], out);
    fputc(digits[v>>12 & 63], out);
    fputc(n>1 ? digits[v>>6 & 63] : '=', out);
    fputc(n>2 ? digits[v & 63] : '=', out);
  }
  fclose(in);
  return 1;
}

int report_html(const report_options *o, const report_result *r,
                const char *html_path, char **error){
  char png[] = "/tmp/crossentropy-report-png-XXXXXX";
  const char *picture = o->plot_path;
  FILE *out;
  table t;
  int fd, i, ok;
  if( !picture && r->series.count ){
    if( (fd = mkstemp(png))<0 ){
      *error = report_strdup("--html: cannot make a temporary file");
      return 0;
    }
    close(fd);
    if( !report_plot(r, png, error) ){ unlink(png); return 0; }
    picture = png;
  }
  if( !(out = fopen(html_path, "w")) ){
    *error = report_format_text("--html: cannot write %s", html_path);
    if( picture==png ) unlink(png);
    return 0;
  }
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n"
        "<title>Cross-entropy report</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
        "table{border-collapse:collapse;margin-bottom:1.5em;font-size:13px}\n"
        "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
        "th{background:#eef2f7} tr:nth-child(even) td{background:#fafafa}\n"
        ".alert{color:#a00000;font-weight:bold} img{max-width:100%}\n"
        "</style></head><body>\n<h1>Cross-entropy report</h1>\n<p>", out);
  html_text(out, o->db_path);
  fprintf(out, ", generated %s. Runs folded tonight: %d, rejected: %d; "
          "alerts: %d.</p>\n", r->generated_at, r->fold.runs_folded,
          r->fold.rejected.count, r->alerts.count);
  for(i=0; i<r->alerts.count; i++){
    fputs("<p class=\"alert\">Alert: ", out);
    html_text(out, ((report_alert*)r->alerts.items)[i].message);
    fputs("</p>\n", out);
  }
  t = message_table(r, 0);
  html_table(out, "Rejected runs (not folded)", &t);
  table_free(&t);
  t = rollup_table(r, 0);
  drop_empty_column(&t, 3);
  html_table(out, "Log loss by dataset, model and split", &t);
  table_free(&t);
  t = comparison_table(r);
  html_table(out, "Paired comparison with the baseline", &t);
  table_free(&t);
  if( picture ){
    fputs("<h2>Per day, and reliability</h2>\n<img alt=\"log loss per day and "
          "reliability diagrams\" src=\"data:image/png;base64,", out);
    if( !base64_file(out, picture) ){
      *error = report_format_text("--html: cannot read the plot %s", picture);
    }
    fputs("\">\n", out);
  }
  fputs("</body></html>\n", out);
  ok = fclose(out)==0 && !*error;
  if( picture==png ) unlink(png);
  if( !ok && !*error ) *error = report_format_text("--html: cannot write %s",
                                                   html_path);
  return ok;
}
