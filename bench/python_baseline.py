#!/usr/bin/python3
"""python_baseline.py — what users do today, against the one query.

    bench/python_baseline.py DATABASE EXTENSION

DATABASE is a file written by `build/bench EXTENSION N --save DATABASE`
(table bin(id, y, p, z, w)); EXTENSION the library path as SQLite's
load_extension takes it (dist/crossentropy). On one connection of Python's
sqlite3 module with the extension loaded, it times

  SELECT mean_cross_entropy(y, p) FROM bin           (the baseline)
  fetch only: the rows into a NumPy array             (the floor of (b), (c))
  (b) fetch + NumPy: -mean(y·ln p + (1-y)·ln(1-p)), log1p for ln(1-p)
  (c) fetch + scikit-learn's log_loss
  and the same three for the weighted mean (w as sample_weight).

Like bench.c, the runs are interleaved (one warm-up of each, then RUNS
rounds each running every route once) and each ratio is the median of the
per-round ratios to the baseline. It prints the relative difference of each
route's loss from the query's (below 1e-12 expected). It asserts no timing.
Without NumPy or scikit-learn it prints a note and exits 0.
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


def fetch(con, columns):
    rows = con.execute(f"SELECT {columns} FROM bin").fetchall()
    return np.array(rows, dtype=np.float64)


def numpy_loss(a):
    y, p = a[:, 0], a[:, 1]
    loss = -(y * np.log(p) + (1.0 - y) * np.log1p(-p))
    return float(np.mean(loss)) if a.shape[1] == 2 else \
        float(np.average(loss, weights=a[:, 2]))


def sklearn_loss(a):
    w = a[:, 2] if a.shape[1] == 3 else None
    return float(log_loss(a[:, 0], a[:, 1], sample_weight=w))


def routes(weighted):
    cols = "y, p, w" if weighted else "y, p"
    sql = f"SELECT mean_cross_entropy({cols}) FROM bin"
    return [
        (f"SELECT mean_cross_entropy({cols})",
         lambda con: con.execute(sql).fetchone()[0]),
        ("fetch only: rows into a NumPy array",
         lambda con: float(fetch(con, cols).shape[0])),
        ("fetch + NumPy (log, log1p, mean)",
         lambda con: numpy_loss(fetch(con, cols))),
        ("fetch + scikit-learn log_loss",
         lambda con: sklearn_loss(fetch(con, cols))),
    ]


def run_group(con, title, group, n):
    values = [fn(con) for _, fn in group]                    # warm-up
    times = [[] for _ in group]
    for _ in range(RUNS):
        for i, (_, fn) in enumerate(group):
            t0 = time.perf_counter()
            fn(con)
            times[i].append(time.perf_counter() - t0)
    print(f"\n{title} ({n} rows; ns per row, ratio to the query)")
    for i, (label, _) in enumerate(group):
        ratio = statistics.median(t / b for t, b in zip(times[i], times[0]))
        ns = statistics.median(times[i]) * 1e9 / n
        print(f"  {label:<58} {ns:9.1f} ns  {ratio:6.2f}x")
    for i in (2, 3):
        rel = abs(values[i] - values[0]) / abs(values[0])
        label = "loss vs the query's, " + group[i][0].split(" (")[0]
        print(f"  {label:<58} {rel:9.2g} rel  "
              f"({'within' if rel <= 1e-12 else 'NOT within'} 1e-12)")


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
    print(f"\nThe Python route: Python {sys.version.split()[0]}, numpy "
          f"{np.__version__}, scikit-learn {sklearn.__version__}, SQLite "
          f"{sqlite3.sqlite_version}; median of {RUNS} rounds after a warm-up")
    run_group(con, "Binary log loss", routes(False), n)
    run_group(con, "Weighted log loss", routes(True), n)
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
