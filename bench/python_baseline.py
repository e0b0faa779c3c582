#!/usr/bin/python3
"""python_baseline.py — what users do today, against the one query.

    bench/python_baseline.py DATABASE EXTENSION

DATABASE is a file written by `build/bench EXTENSION N --save DATABASE`
(table bin(id, y, p, z, w)); EXTENSION the library path as SQLite's
load_extension takes it (dist/crossentropy). Times, on one connection of
Python's sqlite3 module with the extension loaded:

  (a) fetching y and p into numpy arrays and calling scikit-learn's
      log_loss, end to end (query, fetch, arrays, log_loss);
  (b) SELECT mean_cross_entropy(y, p) FROM bin.

Each runs once to warm up, then 5 times; prints the medians, their ratio and
the relative difference of the two losses (it should be below 1e-12). It
asserts no timing. Without numpy or scikit-learn it prints a note and exits 0.
"""
import sqlite3
import statistics
import sys
import time

RUNS = 5

try:
    import numpy as np
    from sklearn.metrics import log_loss
    import sklearn
except ImportError as e:
    print(f"python_baseline: skipped, {e.name or e} is not installed "
          "(Debian: apt-get install python3-sklearn)")
    sys.exit(0)


def python_route(con):
    rows = con.execute("SELECT y, p FROM bin").fetchall()
    arr = np.array(rows, dtype=np.float64)
    return float(log_loss(arr[:, 0], arr[:, 1]))


def sql_route(con):
    return con.execute("SELECT mean_cross_entropy(y, p) FROM bin").fetchone()[0]


def median_time(fn, con):
    value = fn(con)                      # warm-up
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        value = fn(con)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), value


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} DATABASE EXTENSION", file=sys.stderr)
        return 2
    db_path, ext_path = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(db_path)
    if not hasattr(con, "enable_load_extension"):
        print("python_baseline: skipped, this Python's sqlite3 cannot load "
              "extensions (use /usr/bin/python3)")
        return 0
    con.enable_load_extension(True)
    con.load_extension(ext_path)
    con.enable_load_extension(False)
    n = con.execute("SELECT count(*) FROM bin").fetchone()[0]

    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"scikit-learn {sklearn.__version__}, SQLite {sqlite3.sqlite_version}; "
          f"{n} rows, median of {RUNS} runs after a warm-up")
    t_py, v_py = median_time(python_route, con)
    t_sql, v_sql = median_time(sql_route, con)
    rel = abs(v_py - v_sql) / abs(v_py)
    print(f"  fetch into numpy + sklearn log_loss   {t_py*1e3:10.1f} ms   "
          f"loss {v_py!r}")
    print(f"  SELECT mean_cross_entropy(y, p)       {t_sql*1e3:10.1f} ms   "
          f"loss {v_sql!r}")
    print(f"  ratio (Python / SQL)                  {t_py/t_sql:10.2f}x")
    print(f"  relative difference of the losses     {rel:10.3g}   "
          f"({'within' if rel <= 1e-12 else 'NOT within'} 1e-12)")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
