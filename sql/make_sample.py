#!/usr/bin/python3
"""Generate the sample evaluation database for sqlite-crossentropy.

Writes two files:

  sql/sample.sql                 schema + data, load with
                                 `sqlite3 sample.db < sql/sample.sql`
  tests/data/sample_expected.tsv scikit-learn's log_loss for every
                                 (dataset, model, split, day) group and for
                                 every (dataset, model, split) over all days

The data are real model outputs rather than synthetic numbers: predicted
probabilities of three simple scikit-learn models on two datasets that ship
inside scikit-learn (nothing is downloaded):

  breast_cancer  binary (label 1 = benign)   -> table preds
  iris           three classes               -> table class_probs

Each model is cross-validated with 5 stratified folds; every fold's
predictions on its training part and on its held-out part form one run, and
fold k is dated 2026-11-0{k+1} as if each fold were one day's evaluation.
GaussianNB is included on purpose: it predicts probabilities of exactly 0
and 1 for some rows, which exercises the eps clamping.

The output is deterministic (fixed fold seed, single-threaded BLAS).
Run from anywhere:

  /usr/bin/python3 sql/make_sample.py
"""

import math
import os

# Multi-threaded BLAS may sum in a different order from run to run, which
# could change the last bit of a fitted coefficient and so the output bytes.
# This must happen before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sqlite3  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.naive_bayes import GaussianNB  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SQL_PATH = REPO / "sql" / "sample.sql"
EXPECTED_PATH = REPO / "tests" / "data" / "sample_expected.tsv"

N_FOLDS = 5
FOLD_SEED = 0
ROWS_PER_INSERT = 500
ALL_DAYS = "*"

# name -> (loader, kind); kind decides the table the runs go to.
DATASETS = {
    "breast_cancer": (load_breast_cancer, "binary"),
    "iris": (load_iris, "multiclass"),
}


def logistic_regression(c):
    return Pipeline([("scale", StandardScaler()),
                     ("clf", LogisticRegression(C=c, max_iter=5000))])


def gaussian_nb():
    # Naive Bayes fits each feature separately, so scaling adds nothing.
    return Pipeline([("clf", GaussianNB())])


MODELS = {
    "logreg": lambda: logistic_regression(1.0),
    "logreg_c0.01": lambda: logistic_regression(0.01),
    "gaussian_nb": gaussian_nb,
}

SCHEMA = """\
CREATE TABLE runs(run_id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, model TEXT NOT NULL, split TEXT NOT NULL, fold INTEGER NOT NULL, day TEXT NOT NULL);
-- binary predictions: prob is P(label = 1)
CREATE TABLE preds(run_id INTEGER NOT NULL REFERENCES runs, obs_id INTEGER NOT NULL, label INTEGER NOT NULL, prob REAL NOT NULL, PRIMARY KEY(run_id, obs_id));
-- multi-class predictions: one row per (observation, class)
CREATE TABLE class_probs(run_id INTEGER NOT NULL REFERENCES runs, obs_id INTEGER NOT NULL, class INTEGER NOT NULL, is_true INTEGER NOT NULL, prob REAL NOT NULL, PRIMARY KEY(run_id, obs_id, class));
"""


@dataclass
class Run:
    run_id: int
    dataset: str
    kind: str          # "binary" or "multiclass"
    model: str
    split: str         # "train" or "test"
    fold: int
    obs_ids: np.ndarray
    labels: np.ndarray
    probs: np.ndarray  # binary: P(label = 1) per row; multiclass: n x C

    @property
    def day(self):
        return day_of_fold(self.fold)


def day_of_fold(fold):
    return f"2026-11-{fold + 1:02d}"


# --------------------------------------------------------------------------
# Producing the runs
# --------------------------------------------------------------------------

def dataset_runs(name, first_run_id):
    """Cross-validate every model on one dataset; return its runs in
    (model, fold, split) order."""
    loader, kind = DATASETS[name]
    features, labels = loader(return_X_y=True)
    folds = list(StratifiedKFold(n_splits=N_FOLDS, shuffle=True,
                                 random_state=FOLD_SEED).split(features,
                                                               labels))
    runs = []
    for model_name, make_model in MODELS.items():
        for fold, (train, test) in enumerate(folds):
            model = make_model().fit(features[train], labels[train])
            # predict_proba's columns follow classes_; the tables rely on
            # column c being class c.
            assert list(model.classes_) == list(range(len(model.classes_)))
            for split, rows in (("train", train), ("test", test)):
                probs = model.predict_proba(features[rows])
                if kind == "binary":
                    probs = probs[:, 1]
                runs.append(Run(first_run_id + len(runs), name, kind,
                                model_name, split, fold, rows, labels[rows],
                                probs))
    return runs


def all_runs():
    runs = []
    for name in DATASETS:
        runs += dataset_runs(name, first_run_id=len(runs) + 1)
    return runs


# --------------------------------------------------------------------------
# sample.sql
# --------------------------------------------------------------------------

def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


def sql_real(x):
    # repr() is the shortest string that reads back as the same double.
    return repr(float(x))


def insert_statements(table, columns, tuples):
    """Multi-row INSERTs of at most ROWS_PER_INSERT rows each."""
    head = f"INSERT INTO {table}({','.join(columns)}) VALUES\n"
    statements = []
    for start in range(0, len(tuples), ROWS_PER_INSERT):
        chunk = tuples[start:start + ROWS_PER_INSERT]
        body = ",\n".join("(" + ",".join(t) + ")" for t in chunk)
        statements.append(head + body + ";\n")
    return statements


def run_tuples(runs):
    return [(str(r.run_id), sql_text(r.dataset), sql_text(r.model),
             sql_text(r.split), str(r.fold), sql_text(r.day)) for r in runs]


def pred_tuples(runs):
    return [(str(r.run_id), str(obs), str(label), sql_real(prob))
            for r in runs if r.kind == "binary"
            for obs, label, prob in zip(r.obs_ids, r.labels, r.probs)]


def class_prob_tuples(runs):
    return [(str(r.run_id), str(obs), str(cls), str(int(cls == label)),
             sql_real(prob))
            for r in runs if r.kind == "multiclass"
            for obs, label, row in zip(r.obs_ids, r.labels, r.probs)
            for cls, prob in enumerate(row)]


def sql_header():
    return (
        "-- Sample evaluation data for sqlite-crossentropy.\n"
        "-- Generated by sql/make_sample.py (scikit-learn "
        f"{sklearn.__version__}); do not edit by hand.\n"
        "-- Predicted probabilities of logistic regression (C=1, C=0.01)"
        " and Gaussian naive Bayes\n"
        "-- on scikit-learn's bundled breast_cancer (binary, table preds)"
        " and iris (3 classes,\n"
        "-- table class_probs) datasets, 5-fold stratified cross-validation."
        " Each run is one\n"
        "-- (dataset, model, fold, split) with split 'train' or 'test';"
        " fold k is dated 2026-11-0{k+1}.\n"
        "-- obs_id is the row index in the original dataset."
        " Expected log losses: tests/data/sample_expected.tsv.\n"
    )


def write_sql(runs):
    parts = [sql_header(), "\n", SCHEMA, "\nBEGIN;\n"]
    parts += insert_statements(
        "runs", ["run_id", "dataset", "model", "split", "fold", "day"],
        run_tuples(runs))
    parts += insert_statements("preds", ["run_id", "obs_id", "label", "prob"],
                               pred_tuples(runs))
    parts += insert_statements(
        "class_probs", ["run_id", "obs_id", "class", "is_true", "prob"],
        class_prob_tuples(runs))
    parts.append("COMMIT;\n")
    with open(SQL_PATH, "w", encoding="ascii", newline="\n") as f:
        f.write("".join(parts))


def check_sql(runs):
    """Load sample.sql into memory and check the row counts and the stored
    probabilities.

    Returns ({table: rows}, number of probabilities read back as a neighbour
    of the written double).  SQLite's text-to-float conversion is not
    always correctly rounded (3.40 misreads a few 16-17 digit literals by
    one ulp), so a one-ulp difference is counted, anything more is fatal.
    """
    db = sqlite3.connect(":memory:")
    db.executescript(SQL_PATH.read_text(encoding="ascii"))
    counts = {}
    misread = 0
    for table, expected in (("runs", run_tuples(runs)),
                            ("preds", pred_tuples(runs)),
                            ("class_probs", class_prob_tuples(runs))):
        stored = db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        if len(stored) != len(expected):
            raise SystemExit(f"{table}: {len(stored)} rows loaded, "
                             f"{len(expected)} written")
        if table != "runs":
            for row, text in zip(stored, expected):
                written = float(text[-1])
                if row[-1] == written:
                    continue
                if abs(row[-1] - written) > math.ulp(written):
                    raise SystemExit(f"{table}: {text[-1]} read back as "
                                     f"{row[-1]!r}")
                misread += 1
        counts[table] = len(stored)
    db.close()
    return counts, misread


# --------------------------------------------------------------------------
# sample_expected.tsv
# --------------------------------------------------------------------------

def group_log_loss(runs):
    """sklearn's log_loss over the concatenated rows of some runs."""
    labels = np.concatenate([r.labels for r in runs])
    probs = np.concatenate([r.probs for r in runs])
    n_classes = 2 if runs[0].kind == "binary" else probs.shape[1]
    return log_loss(labels, probs, labels=list(range(n_classes)))


def expected_lines(runs):
    """One line per (dataset, model, split) over all days, then per day."""
    lines = []
    for dataset in DATASETS:
        for model in MODELS:
            for split in ("train", "test"):
                group = [r for r in runs if (r.dataset, r.model, r.split)
                         == (dataset, model, split)]
                days = [ALL_DAYS] + [day_of_fold(k) for k in range(N_FOLDS)]
                for day in days:
                    selected = [r for r in group
                                if day in (ALL_DAYS, r.day)]
                    n_obs = sum(len(r.labels) for r in selected)
                    lines.append([dataset, model, split, day, str(n_obs),
                                  repr(float(group_log_loss(selected)))])
    return lines


def write_expected(runs):
    header = ["dataset", "model", "split", "day", "n_obs", "log_loss"]
    lines = [header] + expected_lines(runs)
    with open(EXPECTED_PATH, "w", encoding="ascii", newline="\n") as f:
        f.write("".join("\t".join(line) + "\n" for line in lines))
    return len(lines) - 1


def main():
    runs = all_runs()
    write_sql(runs)
    counts, misread = check_sql(runs)
    size = SQL_PATH.stat().st_size
    print(f"sql/sample.sql: {size} bytes; rows: " +
          ", ".join(f"{table} {n}" for table, n in counts.items()))
    if misread:
        print(f"  note: SQLite {sqlite3.sqlite_version} reads {misread} "
              "probabilities back one ulp away from the written double")
    n_expected = write_expected(runs)
    print(f"tests/data/sample_expected.tsv: {n_expected} rows")


if __name__ == "__main__":
    main()
