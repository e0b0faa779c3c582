#!/usr/bin/python3
"""Generate the reference tables of the evaluation statistics.

The SQL functions binary_eval, mean_cross_entropy_stderr, normalized_entropy,
d2_log_loss, brier_score, calibration_error, perplexity and paired_loss_test
are checked against values computed here, independently of the C code:

  tests/data/eval_rows.tsv            rows (set, y, p, w) of the binary sets
  tests/data/eval_expected.tsv        every statistic per (set, weighted)
  tests/data/eval_bins_expected.tsv   binary_eval's calibration bins
  tests/data/perplexity_rows.tsv      rows (set, seq, lp, w)
  tests/data/perplexity_expected.tsv  perplexity per (set, weighted)
  tests/data/paired_rows.tsv          rows (set, loss_a, loss_b)
  tests/data/paired_expected.tsv      paired_loss_test's fields per set

The contract (docs, /work/notes/eval_spec.md), evaluated with mpmath at 60
significant digits on the exact binary values of the float64 inputs
(mpmath.mpf(float) is exact), then correctly rounded to float64:

  loss(y, p)  = -( y*max(ln p, LNEPS) + (1-y)*max(ln(1-p), LNEPS) ), a term
                whose coefficient is exactly 0 contributing 0, LNEPS being
                the double -36.04365338911715 (CE_LOG_DEFAULT_EPS, the double
                nearest ln DBL_EPSILON) used as an exact number;
  W           = sum w (unweighted: w = 1 on every row, the w column ignored);
  log_loss    = m = sum w*loss / W;
  stderr      = sqrt(n/(n-1) * sum w^2 (loss - m)^2) / W, n counting the rows
                of weight 0 too; null for n < 2;
  ci95        = m -+ 1.959963984540054 * stderr;
  base_rate   = r = sum w*y / W;  H(r) = -(r ln r + (1-r) ln(1-r)), 0 ln 0 = 0;
  normalized_entropy = m / H(r), d2_log_loss = 1 - m / H(r), null if H = 0;
  brier_score = sum w (p - y)^2 / W;
  calibration_error(bins) = sum_b |sum_b w*y - sum_b w*p| / W, the bin of p
                being min(floor(p*bins), bins-1) with p*bins rounded to double
                (Python's float product is the same IEEE operation);
  perplexity  = exp(sum w*(-lp) / sum w);
  paired_loss_test: d = a - b (exact), mean_diff = mean d, stderr = sd(d,
                ddof 1)/sqrt n, z = mean_diff/stderr, p_value =
                erfc(|z|/sqrt 2); when stderr = 0, z is null and p_value is
                1 if every d is 0, else 0.

One exception, for the standard error only: it is a statistic of the row
losses as bce() returns them, i.e. doubles.  Its reference is computed
exactly from each row's loss correctly rounded to double.  For every set but
near_constant this is the same as using the exact losses (the generator
checks that the two agree within 1e-13); in near_constant the losses agree
to 9 digits, so half an ulp of rounding in one loss moves the standard error
by ~1e-8 relative: no double implementation could be within 1e-11 of the
exact-loss value, while it can be of this one.  near_constant also keeps only
rows whose platform log (math.log, the same libm as the extension's) is the
correctly rounded one, so that the test measures the summation, not libm.

References from scikit-learn 1.2 (Debian's python3-sklearn):
  sklearn_log_loss  log_loss(y, p, labels=[0, 1], sample_weight=...): only for
                    hard labels and only where its clipping of p to
                    [eps, 1-eps] changes no input (a set with some p < eps or
                    p > 1-eps has "-": there sklearn computes another value);
  sklearn_brier     brier_score_loss(y, p, sample_weight=...), hard labels;
  sklearn_d2        d2_log_loss_score as scikit-learn 1.5 defines it (1.2 has
                    no such function): 1 - log_loss(y, p) / log_loss(y, r),
                    r = np.average(y, weights=w) predicted for every row, both
                    by 1.2's log_loss; where sklearn_log_loss applies and both
                    classes occur.

Floats are written as repr() of the double ("inf" for +infinity), "null"
where the SQL value is NULL and "-" where a reference does not apply.  The
output is deterministic: all random draws use fixed seeds.

  /usr/bin/python3 tests/gen/make_reference_eval.py
"""

import math
import warnings
from fractions import Fraction
from pathlib import Path

import sys

import mpmath
import numpy as np
from sklearn.metrics import brier_score_loss, log_loss

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the formatting and exact rounding of the other tables (mp.dps = 60 too)
from make_reference import exact_fraction, fmt, to_double, write_tsv  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

DEFAULT_EPS = 2.220446049250313e-16      # DBL_EPSILON
LNEPS = -36.04365338911715               # CE_LOG_DEFAULT_EPS, a double
Z_975 = 1.959963984540054                # CE_Z_975 as the spec gives it
NULL = "null"
NOT_APPLICABLE = "-"

SEED_EVAL = 20261201
SEED_PERPLEXITY = 20261202
SEED_PAIRED = 20261203

mpmath.mp.dps = 60


# --------------------------------------------------------------------------
# Formatting and output
# --------------------------------------------------------------------------

def fmt_or(x, missing):
    return missing if x is None else fmt(x)


# --------------------------------------------------------------------------
# Exact arithmetic
# --------------------------------------------------------------------------

def mp(x):
    return mpmath.mpf(float(x))          # exact for a double


def ln_or_minus_inf(x):
    return mpmath.mpf("-inf") if x == 0 else mpmath.log(x)


def exact_loss(y, p):
    """bce(y, p) with the default clamp, as an mpmath value."""
    lneps = mp(LNEPS)
    loss = mpmath.mpf(0)
    if y != 0.0:
        loss -= mp(y) * max(ln_or_minus_inf(mp(p)), lneps)
    one_minus_y = mpmath.fsub(1, mp(y), exact=True)
    if one_minus_y != 0:
        # 1 - p kept exact (fsub exact=True), not rounded to 60 digits first
        one_minus_p = mpmath.fsub(1, mp(p), exact=True)
        loss -= one_minus_y * max(ln_or_minus_inf(one_minus_p), lneps)
    return loss


def H(r):
    """Binary entropy of r (mpf in [0,1]), 0 ln 0 = 0."""
    h = mpmath.mpf(0)
    if r != 0:
        h -= r * mpmath.log(r)
    if r != 1:
        h -= (1 - r) * mpmath.log(1 - r)
    return h


def bin_of(p, bins):
    return min(math.floor(p * float(bins)), bins - 1)


# --------------------------------------------------------------------------
# Binary evaluation sets
# --------------------------------------------------------------------------

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def near_constant_rows(rng, n):
    """p = 0.5 + jitter ~1e-9, y = 1; only p whose libm log is correctly
    rounded (see the module comment)."""
    ps = []
    while len(ps) < n:
        p = float(0.5 + rng.uniform(-1e-9, 1e-9))
        if math.log(p) == to_double(mpmath.log(mp(p))):
            ps.append(p)
    return ps


def large_rows(rng, n):
    """20000 rows: 50 confident misses first (loss ~25-30), then rows whose
    losses mostly come from a few values (~1e-3): a naive running sum
    rounds many additions the same way and drifts (2e-13 relative
    unweighted, 5e-14 weighted); the generator checks that it stays above
    5e-14, so the 1e-14 test can fail for a naive sum."""
    head = 50
    ys = [1.0] * head
    ps = [float(v) for v in rng.uniform(1e-13, 1e-11, size=head)]
    bulk = [(1.0, 0.999), (0.0, 0.001), (1.0, 0.998), (0.0, 0.0015)]
    for k in rng.integers(0, len(bulk), size=n - head):
        y, p = bulk[int(k)]
        ys.append(y)
        ps.append(p)
    ws = [float(v) for v in rng.choice([0.5, 1.0, 1.5, 2.0], size=n)]
    # every 10th row of the bulk gets a random p and a random weight
    for i in range(head, n, 10):
        ps[i] = float(rng.uniform(0.0, 1.0))
        ws[i] = float(rng.uniform(0.1, 5.0))
    return ys, ps, ws


def eval_sets():
    """[(name, ys, ps, ws)], all lists of floats."""
    rng = np.random.default_rng(SEED_EVAL)
    sets = []

    n = 1000
    ys = rng.integers(0, 2, size=n).astype(np.float64)
    ps = rng.uniform(0.0, 1.0, size=n)
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("random1000", ys, ps, ws))

    n = 500
    ys = rng.uniform(0.0, 1.0, size=n)
    ps = sigmoid(rng.uniform(-6.0, 6.0, size=n))
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("soft500", ys, ps, ws))

    # (y, p, w): p exactly 0 and 1 right and wrong, the clamp's edges,
    # tiny weights, weight-0 rows (one of them confidently wrong).
    extremes = [
        (1.0, 0.0, 1.0), (0.0, 0.0, 2.0), (1.0, 1.0, 0.5), (0.0, 1.0, 3.0),
        (1.0, 1e-300, 1.5), (0.0, 1e-300, 1.0),
        (1.0, 1.0 - 1e-16, 2.5), (0.0, 1.0 - 1e-16, 1.0),
        (1.0, DEFAULT_EPS, 1.0), (0.0, 1.0 - DEFAULT_EPS, 0.75),
        (1.0, 5e-324, 1e-12), (0.0, 0.5, 1e-300), (1.0, 0.5, 4.0),
        (0.0, 1.0, 0.0), (1.0, 0.0, 0.0), (1.0, 0.9, 0.0),
        (0.0, 0.1, 2.0), (1.0, 0.999999, 1.0), (0.0, 1e-10, 1.25),
        (1.0, 1.0 - 1e-10, 0.125),
        (0.0, 0.75, 0.0),           # alone in its bin: weight 0, null means
    ]
    sets.append(("extremes", *zip(*extremes)))

    n = 50
    ps = rng.uniform(0.2, 1.0, size=n)
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("one_class", [1.0] * n, ps, ws))

    n = 60
    ps = rng.uniform(0.3, 0.4, size=n)
    ys = (rng.uniform(0.0, 1.0, size=n) < 0.35).astype(np.float64)
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("one_bin", ys, ps, ws))

    ys, ps, ws = large_rows(rng, 20000)
    sets.append(("large_n", ys, ps, ws))

    n = 100
    ps = near_constant_rows(rng, n)
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("near_constant", [1.0] * n, ps, ws))

    n = 2000
    ys = rng.integers(0, 2, size=n).astype(np.float64)
    ps = sigmoid(rng.uniform(-4.0, 4.0, size=n))
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("outlier_first", [1.0] + list(ys), [1e-12] + list(ps),
                 [1.0] + list(ws)))

    sets.append(("single", [1.0], [0.8], [2.5]))

    out = []
    for name, ys, ps, ws in sets:
        ys, ps, ws = ([float(v) for v in col] for col in (ys, ps, ws))
        for p in ps:
            assert 0.0 <= p <= 1.0
        out.append((name, ys, ps, ws))
    return out


def exact_stats(ys, ps, ws):
    """Every statistic of one (set, weighting), as doubles or None."""
    n = len(ys)
    W = mpmath.fsum(mp(w) for w in ws)
    losses = [exact_loss(y, p) for y, p in zip(ys, ps)]
    m = mpmath.fsum(mp(w) * l for w, l in zip(ws, losses)) / W
    s = {"n": n, "weight": to_double(W), "log_loss": to_double(m)}

    def stderr_of(ls):
        mm = mpmath.fsum(mp(w) * l for w, l in zip(ws, ls)) / W
        q = mpmath.fsum(mp(w) ** 2 * (l - mm) ** 2 for w, l in zip(ws, ls))
        return mpmath.sqrt(mpmath.mpf(n) / (n - 1) * q) / W

    if n >= 2:
        rounded = [mp(to_double(l)) for l in losses]   # see module comment
        se = stderr_of(rounded)
        se_exact = stderr_of(losses)
        s["stderr_exact_losses"] = to_double(se_exact)
        s["log_loss_stderr"] = to_double(se)
        s["ci95_lower"] = to_double(m - mp(Z_975) * se)
        s["ci95_upper"] = to_double(m + mp(Z_975) * se)
    else:
        s["stderr_exact_losses"] = None
        s["log_loss_stderr"] = s["ci95_lower"] = s["ci95_upper"] = None
    r = mpmath.fsum(mp(w) * mp(y) for w, y in zip(ws, ys)) / W
    s["base_rate"] = to_double(r)
    h = H(r)
    if h == 0:
        s["normalized_entropy"] = s["d2_log_loss"] = None
    else:
        s["normalized_entropy"] = to_double(m / h)
        s["d2_log_loss"] = to_double(1 - m / h)
    s["brier_score"] = to_double(mpmath.fsum(
        mp(w) * (mp(p) - mp(y)) ** 2 for w, y, p in zip(ws, ys, ps)) / W)
    for bins, key in ((10, "calibration_error"), (7, "calibration_error_7")):
        gap = [mpmath.mpf(0)] * bins
        for y, p, w in zip(ys, ps, ws):
            gap[bin_of(p, bins)] += mp(w) * (mp(y) - mp(p))
        s[key] = to_double(mpmath.fsum(abs(g) for g in gap) / W)
    return s, losses


def exact_bins(ys, ps, ws):
    """binary_eval's 10 bins that hold rows: (bin, n, weight, mean_p,
    frac_pos), mean_p/frac_pos None when the bin's weight is 0."""
    rows = []
    for b in range(10):
        members = [(y, p, w) for y, p, w in zip(ys, ps, ws) if bin_of(p, 10) == b]
        if not members:
            continue
        wb = mpmath.fsum(mp(w) for _, _, w in members)
        if wb == 0:
            rows.append((b, len(members), 0.0, None, None))
            continue
        mean_p = mpmath.fsum(mp(w) * mp(p) for _, p, w in members) / wb
        frac = mpmath.fsum(mp(w) * mp(y) for y, _, w in members) / wb
        rows.append((b, len(members), to_double(wb), to_double(mean_p),
                     to_double(frac)))
    return rows


def is_hard(y):
    return y in (0.0, 1.0)


def sklearn_refs(ys, ps, ws):
    """(log_loss, brier, d2) from scikit-learn, None where not applicable."""
    if not all(is_hard(y) for y in ys):
        return None, None, None
    labels = np.array(ys).astype(int)
    probs = np.array(ps, dtype=np.float64)
    weights = np.array(ws, dtype=np.float64)
    brier = brier_score_loss(labels, probs, sample_weight=weights)
    if any(p < DEFAULT_EPS or p > 1.0 - DEFAULT_EPS for p in ps):
        return None, brier, None            # sklearn's clip changes inputs
    ll = log_loss(labels, probs, eps=DEFAULT_EPS, labels=[0, 1],
                  sample_weight=weights)
    d2 = None
    if len(set(labels.tolist())) == 2:
        # sklearn 1.5's d2_log_loss_score, on 1.2's log_loss
        null = np.average(np.stack([1 - labels, labels], axis=1), axis=0,
                          weights=weights)
        null = np.tile(null, (len(labels), 1))
        d2 = 1.0 - ll / log_loss(labels, null, eps=DEFAULT_EPS,
                                 labels=[0, 1], sample_weight=weights)
    return ll, brier, d2


def naive_mean(ys, ps, ws):
    """A running double sum of w*loss / a running sum of w, in row order."""
    s = sw = 0.0
    for y, p, w in zip(ys, ps, ws):
        s += w * to_double(exact_loss(y, p))
        sw += w
    return s / sw


def write_eval_tables():
    row_lines, expected_lines, bin_lines = [], [], []
    for name, ys, ps, ws in eval_sets():
        for y, p, w in zip(ys, ps, ws):
            row_lines.append([name, fmt(y), fmt(p), fmt(w)])
        for weighted in (0, 1):
            weights = ws if weighted else [1.0] * len(ys)
            s, losses = exact_stats(ys, ps, weights)
            if s["log_loss_stderr"] is not None and name != "near_constant":
                a, b = s["log_loss_stderr"], s["stderr_exact_losses"]
                assert abs(a - b) <= 1e-13 * abs(b), (name, a, b)
            if name == "near_constant":
                print(f"  near_constant/{weighted}: stderr of the double "
                      f"losses {s['log_loss_stderr']!r}, of the exact losses "
                      f"{s['stderr_exact_losses']!r}")
            if name == "large_n":
                naive = naive_mean(ys, ps, weights)
                err = abs(naive - s["log_loss"]) / s["log_loss"]
                print(f"  large_n/{weighted}: a naive sum is {err:.2g} "
                      f"relative off")
                assert err > 5e-14, "large_n no longer defeats a naive sum"
            ll, brier, d2 = sklearn_refs(ys, ps, weights)
            expected_lines.append(
                [name, str(weighted), str(s["n"]), fmt(s["weight"]),
                 fmt(s["log_loss"])]
                + [fmt_or(s[k], NULL) for k in (
                    "log_loss_stderr", "ci95_lower", "ci95_upper",
                    "base_rate", "normalized_entropy", "d2_log_loss")]
                + [fmt(s["brier_score"]), fmt(s["calibration_error"]),
                   fmt(s["calibration_error_7"]),
                   fmt_or(ll, NOT_APPLICABLE), fmt_or(brier, NOT_APPLICABLE),
                   fmt_or(d2, NOT_APPLICABLE)])
            for b, nb, wb, mean_p, frac in exact_bins(ys, ps, weights):
                bin_lines.append([name, str(weighted), str(b), str(nb),
                                  fmt(wb), fmt_or(mean_p, NULL),
                                  fmt_or(frac, NULL)])
    write_tsv("eval_rows.tsv", ["set", "y", "p", "w"], row_lines)
    write_tsv("eval_expected.tsv",
              ["set", "weighted", "n", "weight", "log_loss",
               "log_loss_stderr", "ci95_lower", "ci95_upper", "base_rate",
               "normalized_entropy", "d2_log_loss", "brier_score",
               "calibration_error", "calibration_error_7",
               "sklearn_log_loss", "sklearn_brier", "sklearn_d2"],
              expected_lines)
    write_tsv("eval_bins_expected.tsv",
              ["set", "weighted", "bin", "n", "weight", "mean_p", "frac_pos"],
              bin_lines)


# --------------------------------------------------------------------------
# Perplexity
# --------------------------------------------------------------------------

def perplexity_sets():
    """[(name, seqs, lps, ws)]: every row belongs to a sequence."""
    rng = np.random.default_rng(SEED_PERPLEXITY)
    sets = []

    n = 600
    lps = np.log(rng.uniform(0.0, 1.0, size=n))
    seqs = rng.integers(1, 9, size=n)
    ws = rng.uniform(0.1, 5.0, size=n)
    sets.append(("random", seqs, lps, ws))

    # token sequences of several lengths: ln of softmax probabilities
    seqs, lps, ws = [], [], []
    for seq in range(1, 13):
        length = int(rng.integers(1, 60))
        for _ in range(length):
            logits = rng.normal(0.0, 2.5, size=50)
            logits -= logits.max()
            logp = logits - math.log(float(np.exp(logits).sum()))
            lps.append(float(logp[int(rng.integers(0, 50))]))
            seqs.append(seq)
            ws.append(float(rng.integers(1, 4)))   # token counts as weights
    sets.append(("tokens", seqs, lps, ws))

    # lp = 0 (certain tokens), -0.0, tiny and very negative values
    extremes = [0.0, -0.0, -5e-324, -1e-300, -1e-12, -700.0, -36.0, -0.5,
                -2.0, -100.0, 0.0, -1e-3, -300.0, -1.0, -0.0625, 0.0]
    ws = [1.0, 2.0, 0.5, 1.0, 3.0, 0.25, 1.0, 1.0, 2.0, 0.125, 4.0, 1.0,
          0.5, 1.5, 1.0, 0.0]
    seqs = [1 + i % 3 for i in range(len(extremes))]
    sets.append(("extremes", seqs, extremes, ws))

    # a certain sequence: perplexity exactly 1
    sets.append(("all_zero", [1, 1, 1, 2], [0.0, 0.0, -0.0, 0.0],
                 [1.0, 2.0, 3.0, 0.5]))

    # a -inf row of weight 0: adds nothing weighted, makes it inf unweighted
    sets.append(("neg_inf_zero_weight", [1, 1, 2, 2, 2],
                 [-0.25, -math.inf, -1.5, -0.75, -3.0],
                 [1.0, 0.0, 2.0, 1.0, 0.5]))

    sets.append(("single", [1], [-2.5], [3.0]))

    out = []
    for name, seqs, lps, ws in sets:
        out.append((name, [int(s) for s in seqs], [float(v) for v in lps],
                    [float(v) for v in ws]))
    return out


def exact_perplexity(lps, ws):
    """exp(sum w*(-lp) / sum w) as a double (None if sum w = 0)."""
    W = mpmath.fsum(mp(w) for w in ws)
    if W == 0:
        return None
    terms = []
    for lp, w in zip(lps, ws):
        if w == 0:
            continue                      # a -inf row of weight 0: nothing
        if math.isinf(lp):
            return math.inf
        terms.append(mp(w) * -mp(lp))
    return to_double(mpmath.exp(mpmath.fsum(terms) / W))


def write_perplexity_tables():
    row_lines, expected_lines = [], []
    for name, seqs, lps, ws in perplexity_sets():
        for s, lp, w in zip(seqs, lps, ws):
            row_lines.append([name, str(s), fmt(lp), fmt(w)])
        for weighted in (0, 1):
            weights = ws if weighted else [1.0] * len(lps)
            pp = exact_perplexity(lps, weights)
            per_seq = []
            for s in sorted(set(seqs)):
                idx = [i for i, v in enumerate(seqs) if v == s]
                v = exact_perplexity([lps[i] for i in idx],
                                     [weights[i] for i in idx])
                if v is not None:
                    per_seq.append(v)
            # the mean of the (double) per-sequence perplexities
            if any(math.isinf(v) for v in per_seq):
                seq_mean = math.inf
            else:
                seq_mean = to_double(mpmath.fsum(mp(v) for v in per_seq)
                                     / len(per_seq))
            expected_lines.append([name, str(weighted), str(len(lps)),
                                   str(len(per_seq)), fmt_or(pp, NULL),
                                   fmt(seq_mean)])
    write_tsv("perplexity_rows.tsv", ["set", "seq", "lp", "w"], row_lines)
    write_tsv("perplexity_expected.tsv",
              ["set", "weighted", "n", "n_seq", "perplexity",
               "seq_mean_perplexity"], expected_lines)


# --------------------------------------------------------------------------
# Paired loss test
# --------------------------------------------------------------------------

def exact_difference_rows(pairs):
    """Keep pairs whose a - b is exact in double (Sterbenz), so that the
    reference's exact d is the extension's d."""
    out = []
    for a, b in pairs:
        if Fraction(a) - Fraction(b) == Fraction(a - b):
            out.append((a, b))
    return out


def paired_sets():
    rng = np.random.default_rng(SEED_PAIRED)
    sets = []

    n = 300
    a = -np.log(rng.uniform(0.0, 1.0, size=n))
    b = -np.log(rng.uniform(0.0, 1.0, size=n))
    sets.append(("random", list(zip(a, b))))

    # model b is a little worse than a on the same rows: significant
    n = 400
    a = -np.log(rng.uniform(0.05, 1.0, size=n))
    b = a + rng.normal(0.01, 0.03, size=n)
    sets.append(("correlated", list(zip(a, b))))

    n = 50
    a = -np.log(rng.uniform(0.0, 1.0, size=n))
    sets.append(("identical", list(zip(a, a))))

    # multiples of 1/1024 minus 1/8: every difference is exactly 0.125
    k = rng.integers(512, 4096, size=60)
    a = k / 1024.0
    sets.append(("constant_diff", list(zip(a, a - 0.125))))

    # differences of 1 + jitter 1e-9 between losses near 2.5: the spread is
    # 1e-9 of the mean (cancellation), a - b exact by Sterbenz
    n = 200
    b = rng.uniform(1.5, 2.0, size=n)
    a = b + 1.0 + rng.uniform(-1e-9, 1e-9, size=n)
    sets.append(("near_constant_diff",
                 exact_difference_rows(list(zip(a, b)))))

    # large losses, tiny differences: a - b cancels, exactly
    n = 150
    a = rng.uniform(1e6, 2e6, size=n)
    b = a + rng.normal(-2e-7, 1e-6, size=n)
    sets.append(("large_values", exact_difference_rows(list(zip(a, b)))))

    # negative losses are allowed (any finite number); outlier first
    n = 120
    a = rng.normal(0.0, 1.0, size=n)
    b = rng.normal(-0.3, 1.0, size=n)
    a[0], b[0] = 1e3, -1e3
    sets.append(("negative_and_outlier", list(zip(a, b))))

    sets.append(("two", [(1.0, 0.5), (0.25, 0.5)]))

    return [(name, [(float(x), float(y)) for x, y in pairs])
            for name, pairs in sets]


def exact_paired(pairs):
    n = len(pairs)
    ds = [mp(a) - mp(b) for a, b in pairs]     # exact: 60 digits suffice
    for (a, b), d in zip(pairs, ds):
        assert Fraction(a) - Fraction(b) == exact_fraction(d)
    mean = mpmath.fsum(ds) / n
    ss = mpmath.fsum((d - mean) ** 2 for d in ds)
    se = mpmath.sqrt(ss / (n - 1) / n)
    out = {"n": n, "mean_diff": to_double(mean), "stderr": to_double(se)}
    if se == 0:
        out["z"] = None
        out["p_value"] = 1.0 if all(d == 0 for d in ds) else 0.0
    else:
        z = mean / se
        out["z"] = to_double(z)
        if abs(z) < 40:
            out["p_value"] = to_double(mpmath.erfc(abs(z) / mpmath.sqrt(2)))
        else:
            # erfc(|z|/sqrt 2) < erfc(28.28) ~ 1e-349 rounds to 0.0 (mpmath
            # would spend a huge precision on exp(-z^2/2) for z ~ 1e10)
            out["p_value"] = 0.0
    return out


def write_paired_tables():
    row_lines, expected_lines = [], []
    for name, pairs in paired_sets():
        for a, b in pairs:
            row_lines.append([name, fmt(a), fmt(b)])
        e = exact_paired(pairs)
        expected_lines.append([name, str(e["n"]), fmt(e["mean_diff"]),
                               fmt(e["stderr"]), fmt_or(e["z"], NULL),
                               fmt(e["p_value"])])
        print(f"  paired {name}: n={e['n']} z={e['z']} p={e['p_value']}")
    write_tsv("paired_rows.tsv", ["set", "loss_a", "loss_b"], row_lines)
    write_tsv("paired_expected.tsv",
              ["set", "n", "mean_diff", "stderr", "z", "p_value"],
              expected_lines)


def main():
    warnings.simplefilter("error")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_eval_tables()
    write_perplexity_tables()
    write_paired_tables()


if __name__ == "__main__":
    main()
