"""test_pandas.py: pandas.read_sql of grouped loss queries on a connection
the package loaded, against pandas' own groupby with scikit-learn's
log_loss per group (within 1e-14 relative, as in test_sklearn.py)."""
import math

import pandas as pd
from sklearn.metrics import log_loss


def test_read_sql_of_a_grouped_loss_query(con):
    report = pd.read_sql("""
        SELECT model, day, count(*) AS n, mean_cross_entropy(label, prob) AS log_loss
        FROM preds JOIN runs USING (run_id)
        WHERE split = ?
        GROUP BY model, day ORDER BY model, day""", con, params=("test",))
    assert list(report.columns) == ["model", "day", "n", "log_loss"]
    assert str(report["log_loss"].dtype) == "float64"
    assert str(report["n"].dtype) == "int64"
    raw = pd.read_sql("SELECT model, day, label, prob FROM preds JOIN runs USING (run_id) "
                      "WHERE split = 'test'", con)
    expected = {key: (len(g), log_loss(g["label"], g["prob"], labels=[0, 1]))
                for key, g in raw.groupby(["model", "day"])}
    assert len(report) == len(expected) == 15
    for row in report.itertuples(index=False):
        n, loss = expected[(row.model, row.day)]
        assert row.n == n
        assert math.isclose(row.log_loss, loss, rel_tol=1e-14, abs_tol=0)


def test_read_sql_of_per_observation_losses(con):
    losses = pd.read_sql("SELECT obs_id, label, prob, bce(label, prob) AS loss FROM preds "
                         "WHERE run_id = 2 ORDER BY loss DESC", con)
    assert len(losses) == 114
    worst = losses.iloc[0]
    assert math.isclose(worst["loss"], log_loss([worst["label"]], [worst["prob"]], labels=[0, 1]),
                        rel_tol=1e-15, abs_tol=0)
    assert math.isclose(losses["loss"].mean(),
                        con.execute("SELECT mean_cross_entropy(label, prob) FROM preds "
                                    "WHERE run_id = 2").fetchone()[0],
                        rel_tol=1e-14, abs_tol=0)
