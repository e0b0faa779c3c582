"""test_sqlite_utils.py: sqlite-utils, Debian's (/usr/bin/sqlite-utils, on
/usr/bin/python3), with --load-extension given loadable_path(); and its
Python API over a connection load() prepared."""
import json
import subprocess

import sqlite_utils

import sqlite_crossentropy

SQLITE_UTILS = "/usr/bin/sqlite-utils"
QUERY = ("SELECT model, mean_cross_entropy(label, prob) AS log_loss FROM preds "
         "JOIN runs USING (run_id) WHERE split = 'test' GROUP BY model ORDER BY model")


def run(*args):
    return subprocess.run([SQLITE_UTILS, *args], capture_output=True, text=True)


def test_query_with_load_extension_gives_json_rows(sample_path, con):
    out = run("query", sample_path, QUERY, "--load-extension", sqlite_crossentropy.loadable_path())
    assert out.returncode == 0, out.stderr
    got = [(r["model"], r["log_loss"]) for r in json.loads(out.stdout)]
    assert len(got) == 3
    assert got == con.execute(QUERY).fetchall()          # JSON floats read back exactly


def test_query_csv(sample_path):
    out = run("query", sample_path, "SELECT bce(1, 0.9) AS loss", "--csv",
              "--load-extension", sqlite_crossentropy.loadable_path())
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["loss", "0.10536051565782628"]


def test_an_error_reaches_the_terminal(sample_path):
    out = run("query", sample_path, "SELECT bce(label, prob * 100) FROM preds",
              "--load-extension", sqlite_crossentropy.loadable_path())
    assert out.returncode != 0
    assert "bce(): p (2nd argument) must be in [0,1], got " in out.stderr
    assert "(a percentage? divide by 100)" in out.stderr


def test_the_python_api_over_a_loaded_connection(con):
    db = sqlite_utils.Database(con)
    rows = list(db.query(QUERY))
    assert [(r["model"], r["log_loss"]) for r in rows] == con.execute(QUERY).fetchall()
