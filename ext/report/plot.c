/*
** plot.c — crossentropy-report's pictures: one PNG drawn by gnuplot, for
** --plot and for the page of --html. Rules (cited as (1)..(4)):
**  (1) One row per dataset and split: the log loss per day of each model
**       with its 95 % band (left), and the reliability diagram of each
**       model's last 7 days, mean predicted probability against the
**       fraction of positives in binary_eval's ten bins (right; none for
**       multi-class).
**  (2) Ticks: at most 10 dates on the time axis, at a step of 1, 2, 3, 7,
**       14, 30, 61, 91, 182 or 365 days (the first that fits), rotated, so
**       that 1 to 400 days (and more) stay readable; one day is drawn with
**       half a day on either side.
**  (3) Names reach gnuplot only in single-quoted strings (a quote doubled)
**       and the data only as numbers, in data blocks of the script itself.
**       gnuplot runs as a child process with the script's path as its only
**       argument: no shell.
**  (4) CE_REPORT_PLOT_SCRIPT, when set, names a file the script is copied
**       to (for the tests, which check the ticks).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void quoted(FILE *out, const char *s){
  fputc('\'', out);
  for(; *s; s++){
    if( *s=='\'' ) fputc('\'', out);
    if( *s!='\n' && *s!='\r' ) fputc(*s, out);
  }
  fputc('\'', out);
}

/* The Julian day number as Unix time (seconds), which gnuplot reads. */
static double unix_time(double julian){ return (julian - 2440588.0)*86400.0; }

/* (2) */
static double tick_days(double span_days){
  static const int steps[] = {1, 2, 3, 7, 14, 30, 61, 91, 182, 365};
  int i;
  for(i=0; i<(int)(sizeof(steps)/sizeof(steps[0])) - 1; i++){
    if( span_days/steps[i]<=9.0 ) return steps[i];
  }
  return ceil(span_days/9.0/365.0)*365.0;
}

static int same_panel(const report_series *a, const report_series *b){
  return strcmp(a->dataset, b->dataset)==0 && strcmp(a->split, b->split)==0;
}

static void write_script(FILE *gp, const report_result *r, const char *png){
  const report_series *s = r->series.items;
  int n = r->series.count, rows = 0, i, j, k;
  for(i=0; i<n; i++) if( i==0 || !same_panel(&s[i-1], &s[i]) ) rows++;
  fprintf(gp, "set terminal pngcairo noenhanced size 1200,%d font ',9'\n",
          60 + 380*rows);
  fputs("set output ", gp); quoted(gp, png); fputc('\n', gp);
  for(i=0; i<n; i++){                                                /* (3) */
    const report_point *p = s[i].points.items;
    fprintf(gp, "$loss%d << EOD\n", i);
    for(j=0; j<s[i].points.count; j++){
      fprintf(gp, "%.0f %.17g %.17g %.17g\n", unix_time(p[j].julian),
              p[j].log_loss, p[j].has_band ? p[j].low : NAN,
              p[j].has_band ? p[j].high : NAN);
    }
    fprintf(gp, "EOD\n$bins%d << EOD\n", i);
    for(k=0; k<s[i].n_bins; k++){
      if( s[i].bin_rows[k]>0 && isfinite(s[i].mean_p[k]) ){
        fprintf(gp, "%.17g %.17g\n", s[i].mean_p[k], s[i].frac_pos[k]);
      }
    }
    fputs("EOD\n", gp);
  }
  fprintf(gp, "set multiplot layout %d,2 title 'crossentropy-report: log loss "
          "per day (95 %% band), and reliability of the last 7 days'\n", rows);
  fputs("set grid; set key outside right top; set bars small\n", gp);
  for(i=0; i<n; ){
    double first = 1e300, last = -1e300;
    int end = i;
    double step;
    while( end<n && same_panel(&s[i], &s[end]) ){
      const report_point *p = s[end].points.items;
      for(j=0; j<s[end].points.count; j++){
        if( p[j].julian<first ) first = p[j].julian;
        if( p[j].julian>last ) last = p[j].julian;
      }
      end++;
    }
    step = tick_days(last - first);
    fputs("set title ", gp);
    quoted(gp, s[i].dataset); fputs(" . ' / ' . ", gp); quoted(gp, s[i].split);
    fputs(" . ': log loss per day'\n", gp);
    fputs("set xdata time; set timefmt '%s'; set format x '%Y-%m-%d'\n", gp);
    fprintf(gp, "set xrange [%.0f:%.0f]\n", unix_time(first) - 43200.0,
            unix_time(last) + 43200.0);
    fprintf(gp, "set xtics %.0f, %.0f rotate by 45 right\n", unix_time(first),
            step*86400.0);
    fputs("set ylabel 'log loss'; set xlabel ''; set autoscale y\n", gp);
    fputs("plot ", gp);
    for(j=i; j<end; j++){
      int days = s[j].points.count;
      /* a band needs two days; one or two show theirs as error bars, and
      ** past 60 days the markers would merge into a line anyway */
      fprintf(gp, "%s$loss%d using 1:3:4 with filledcurves fs transparent solid "
              "0.18 noborder lc %d notitle, ", j>i ? ", " : "", j, j-i+1);
      if( days<3 ){
        fprintf(gp, "$loss%d using 1:2:3:4 with yerrorbars lc %d notitle, ",
                j, j-i+1);
      }
      fprintf(gp, "$loss%d using 1:2 with %s lw 2 lc %d title ", j,
              days>60 ? "lines" : "linespoints pt 7 ps 0.6", j-i+1);
      quoted(gp, s[j].model);
    }
    fputs("\nset xdata; set format x '%g'; set xtics autofreq norotate\n", gp);
    fputs("set title ", gp);
    quoted(gp, s[i].dataset); fputs(" . ' / ' . ", gp); quoted(gp, s[i].split);
    fputs(" . ': reliability, last 7 days'\n", gp);
    fputs("set xrange [0:1]; set yrange [0:1]; set xlabel 'mean predicted "
          "probability'; set ylabel 'fraction of positives'\n", gp);
    if( s[i].multiclass ){
      fputs("set label 1 'multi-class: no reliability diagram' at graph 0.5,0.5 "
            "center\n", gp);
    }
    fputs("plot x with lines dt 2 lc 'gray' title 'perfect'", gp);
    for(j=i; j<end; j++){
      if( s[j].n_bins==0 ) continue;
      fprintf(gp, ", $bins%d using 1:2 with linespoints lw 2 pt 7 lc %d title ",
              j, j-i+1);
      quoted(gp, s[j].model);
    }
    fputs("\nset autoscale y; unset label 1\n", gp);
    i = end;
  }
  fputs("unset multiplot\n", gp);
}

static int copy_file(const char *from, const char *to){
  FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : 0;
  char buffer[8192];
  size_t n;
  int ok = in && out;
  while( ok && (n = fread(buffer, 1, sizeof(buffer), in))>0 ){
    ok = fwrite(buffer, 1, n, out)==n;
  }
  if( in ) fclose(in);
  if( out && fclose(out)!=0 ) ok = 0;
  return ok;
}

static void show_file(const char *path){
  FILE *in = fopen(path, "r");
  char line[512];
  if( !in ) return;
  while( fgets(line, sizeof(line), in) ) fputs(line, stderr);
  fclose(in);
}

int report_plot(const report_result *r, const char *png_path, char **error){
  char script[] = "/tmp/crossentropy-report-XXXXXX";
  char messages[sizeof(script) + 4];
  const char *copy = getenv("CE_REPORT_PLOT_SCRIPT");
  FILE *gp;
  pid_t child;
  int fd, status = -1;
  if( r->series.count==0 ){
    *error = report_strdup("--plot: loss_daily has no days to plot yet");
    return 0;
  }
  fd = mkstemp(script);
  if( fd<0 || !(gp = fdopen(fd, "w")) ){
    if( fd>=0 ){ close(fd); unlink(script); }
    *error = report_strdup("--plot: cannot write a temporary gnuplot script");
    return 0;
  }
  write_script(gp, r, png_path);
  if( fclose(gp)!=0 ){
    unlink(script);
    *error = report_strdup("--plot: cannot write a temporary gnuplot script");
    return 0;
  }
  if( copy ) copy_file(script, copy);                                /* (4) */
  /* gnuplot's messages go to a file, shown only when it fails: its
  ** warnings (a model with no point to draw) are not the job's news */
  strcpy(messages, script);
  strcat(messages, ".err");
  fflush(stdout);
  fflush(stderr);
  child = fork();
  if( child==0 ){
    int err = open(messages, O_WRONLY|O_CREAT|O_EXCL, 0600);
    if( err>=0 ) dup2(err, 2);
    execlp("gnuplot", "gnuplot", script, (char*)0);
    _exit(127);
  }
  if( child>0 ) waitpid(child, &status, 0);
  unlink(script);
  if( child<0 || !WIFEXITED(status) || WEXITSTATUS(status)!=0 ){
    show_file(messages);
  }
  unlink(messages);
  if( child<0 || !WIFEXITED(status) || WEXITSTATUS(status)!=0 ){
    *error = report_strdup(WIFEXITED(status) && WEXITSTATUS(status)==127
        ? "--plot and --html need gnuplot (Debian: apt-get install gnuplot-nox)"
        : "gnuplot failed to draw the plot (its messages are above)");
    return 0;
  }
  return 1;
}
