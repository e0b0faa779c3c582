"""test_sklearn.py: the functions, loaded through the package, against
scikit-learn on the bundled sample (sql/sample.sql).

Tolerances: a mean over rows within 1e-14 relative of log_loss (ours sums
with Neumaier's compensation, scikit-learn with NumPy's pairwise sum; both
are within a few ulp of the exact mean). One row's bce within 2 ulp plus
2 eps (4.4e-16) absolute: scikit-learn forms 1 - p before its log (an
absolute error up to eps/2 that a small loss feels, where bce uses log1p)
and divides each row of [1 - p, p] by its sum. For losses below 1 the
absolute term is the larger (some 2000 ulp at a loss of 1e-3): that is
scikit-learn's error, not ours, whose exactness (against mpmath) is the
C kernels' tests'; and it clips p itself into
[eps, 1 - eps], so a perfect prediction costs -ln(1 - eps) = 2.2e-16 there (within
an ulp) and 0.0 here (docs/numerics.md). The multi-class mean, an avg()
over categorical_ce per observation, within 1e-14 relative.
"""
import math

import numpy as np
from sklearn.metrics import brier_score_loss, log_loss

EPS = np.finfo(np.float64).eps

GROUPS = "SELECT DISTINCT dataset, model, split FROM runs ORDER BY 1, 2, 3"


def rows(con, sql, *params):
    return con.execute(sql, params).fetchall()


def test_mean_cross_entropy_is_log_loss_per_model_and_split(con):
    groups = rows(con, "SELECT DISTINCT model, split FROM runs JOIN preds USING (run_id)")
    assert len(groups) == 6
    for model, split in groups:
        (ours,), = rows(con, "SELECT mean_cross_entropy(label, prob) FROM preds JOIN runs "
                             "USING (run_id) WHERE model = ? AND split = ?", model, split)
        y, p = zip(*rows(con, "SELECT label, prob FROM preds JOIN runs USING (run_id) "
                              "WHERE model = ? AND split = ?", model, split))
        assert math.isclose(ours, log_loss(y, p, labels=[0, 1]), rel_tol=1e-14, abs_tol=0)


def test_weighted_mean_is_log_loss_with_sample_weight(con):
    (ours,), = rows(con, "SELECT mean_cross_entropy(label, prob, 1 + obs_id % 4) FROM preds")
    y, p, w = zip(*rows(con, "SELECT label, prob, 1 + obs_id % 4 FROM preds"))
    assert math.isclose(ours, log_loss(y, p, sample_weight=w, labels=[0, 1]),
                        rel_tol=1e-14, abs_tol=0)


def test_each_row_s_bce_is_its_log_loss(con):
    worst, perfect = 0, 0
    data = rows(con, "SELECT label, prob, bce(label, prob) FROM preds")
    assert len(data) == 8535
    for y, p, ours in data:
        theirs = log_loss([y], [p], labels=[0, 1])
        if ours == 0.0:
            perfect += 1
            # -ln(1 - eps) = eps + eps^2/2 + ..., a hair above the halfway
            # point between eps and the next double: either is a good log
            assert p == y and abs(theirs - EPS) <= math.ulp(EPS)
        else:
            worst = max(worst, (abs(ours - theirs) - 2 * EPS) / math.ulp(theirs))
    assert worst <= 2
    assert 0 < perfect < len(data)


def test_multiclass_mean_is_log_loss_per_model_and_split(con):
    groups = rows(con, "SELECT DISTINCT model, split FROM runs JOIN class_probs USING (run_id)")
    assert len(groups) >= 2
    for model, split in groups:
        (ours,), = rows(con, """
            SELECT avg(ce) FROM (
              SELECT categorical_ce(is_true, prob) AS ce FROM class_probs JOIN runs USING (run_id)
              WHERE model = ? AND split = ? GROUP BY run_id, obs_id)""", model, split)
        data = rows(con, "SELECT run_id, obs_id, class, is_true, prob FROM class_probs "
                         "JOIN runs USING (run_id) WHERE model = ? AND split = ? "
                         "ORDER BY run_id, obs_id, class", model, split)
        probs = np.array([r[4] for r in data]).reshape(-1, 3)
        truth = np.array([r[2] for r in data if r[3] == 1])
        assert len(truth) == len(probs)
        assert math.isclose(ours, log_loss(truth, probs, labels=[0, 1, 2]),
                            rel_tol=1e-14, abs_tol=0)


def test_brier_score_is_brier_score_loss(con):
    (ours,), = rows(con, "SELECT brier_score(label, prob) FROM preds")
    y, p = zip(*rows(con, "SELECT label, prob FROM preds"))
    assert math.isclose(ours, brier_score_loss(y, p), rel_tol=1e-14, abs_tol=0)
