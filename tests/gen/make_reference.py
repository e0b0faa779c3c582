#!/usr/bin/python3
"""Generate the reference tables used by the sqlite-crossentropy tests.

The extension's SQL functions are checked against values computed here,
independently of the C code:

  tests/data/bce_cases.tsv             single binary cross-entropy cases
  tests/data/mean_rows.tsv             rows of the mean_cross_entropy test sets
  tests/data/mean_expected.tsv         expected (weighted) means per set
  tests/data/categorical_rows.tsv      one row per (observation, class)
  tests/data/categorical_expected.tsv  expected categorical_ce per observation

Every expected value comes in up to three flavours:

  ref_exact    the extension's contract evaluated with mpmath at 60 digits
               on the exact binary values of the float64 inputs, then
               correctly rounded (to nearest, ties to even) to float64;
  ref_sklearn  scikit-learn's log_loss where it computes the same quantity;
  ref_torch    PyTorch's BCELoss (eps = exp(-100)) as PyTorch >= 2.0 computes
               it on the CPU, (y-1)*max(log1p(-p),-100) - y*max(log(p),-100),
               evaluated in float64 with the platform's libm (math module);
  ref_torch_1_13  torch.nn.functional.binary_cross_entropy of the installed
               PyTorch (Debian 12 ships 1.13, which still used log(1-p)).

Contract (DEFAULT_EPS is the float64 machine epsilon):

  bce(y, p, eps) = -( y*max(ln p, ln eps) + (1-y)*max(ln(1-p), ln eps) )
      ln 0 = -inf; a term whose coefficient is exactly 0 contributes 0;
      eps = 0 disables clamping, so the result may be +inf.
  mean_cross_entropy = mean of bce(.., DEFAULT_EPS), or sum(w*bce)/sum(w).
  categorical_ce     = -sum over the observation's rows of
                       y*max(ln p, ln DEFAULT_EPS), rows with y == 0 skipped.

Floats are written as repr() of the double (shortest round-trip form) and
+infinity as "inf"; "-" marks a reference that does not apply.  The output
is deterministic: all random draws use fixed seeds.

Run from anywhere (Debian's python3 has numpy, scikit-learn, mpmath, torch):

  /usr/bin/python3 tests/gen/make_reference.py
"""

import math
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
from sklearn.metrics import log_loss

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

DEFAULT_EPS = float(np.finfo(np.float64).eps)  # 2.220446049250313e-16
TORCH_EPS = math.exp(-100)  # PyTorch clamps its logs at -100
NOT_APPLICABLE = "-"

# One seed per table, so changing one table never reshuffles another.
SEED_BCE = 20261123
SEED_MEAN = 20261124
SEED_CATEGORICAL = 20261125

# 60 significant digits (~199 bits) leave a wide margin before the final
# rounding to 53 bits, so the double rounding cannot change the result in
# practice (a tie would need the exact value to sit on a midpoint).
mpmath.mp.dps = 60


# --------------------------------------------------------------------------
# Formatting and file output
# --------------------------------------------------------------------------

def fmt(x):
    """Format a float as the files require: repr() or inf/-inf."""
    x = float(x)
    if math.isnan(x):
        raise ValueError("NaN has no place in the reference data")
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def fmt_eps(eps):
    """The eps column: 'default' for DEFAULT_EPS, the double otherwise."""
    return "default" if eps == DEFAULT_EPS else fmt(eps)


def fmt_optional(x):
    return NOT_APPLICABLE if x is None else fmt(x)


def write_tsv(name, header, rows):
    """Write header + rows (lists of str) as TSV and print a summary."""
    lines = ["\t".join(header)] + ["\t".join(row) for row in rows]
    path = DATA_DIR / name
    # newline="\n" keeps the line endings fixed whatever the platform.
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path.relative_to(DATA_DIR.parent.parent)}: {len(rows)} rows")


# --------------------------------------------------------------------------
# Exact (mpmath) evaluation of the contract
# --------------------------------------------------------------------------

def to_double(v):
    """Round an mpmath value to the nearest float64 (ties to even).

    float(mpf) is not used because it rounds to 53 bits and then again to
    the subnormal grid, which double-rounds tiny results.  Converting the
    exact binary value to a Fraction and letting Python's correctly rounded
    int/int division do the work avoids that.
    """
    if mpmath.isinf(v):
        return math.inf if v > 0 else -math.inf
    return float(exact_fraction(v))


def exact_fraction(v):
    """The exact value of a finite mpf as a Fraction (mpf.man_exp gives the
    magnitude only: the sign is in _mpf_[0])."""
    sign, mantissa, exponent, _ = v._mpf_
    f = Fraction(mantissa) * Fraction(2) ** exponent
    return -f if sign else f


def ln_or_minus_inf(x):
    """mpmath ln of x (an mpf, used as is), with ln 0 = -inf."""
    if x == 0:
        return mpmath.mpf("-inf")
    return mpmath.log(x)


def exact_ln(x):
    """ln of the exact value of the double x (mpf(float) is exact)."""
    return ln_or_minus_inf(mpmath.mpf(x))


def exact_ln_one_minus(x):
    """ln(1 - x) for the exact double x, without rounding 1 - x first.

    fsub(exact=True) keeps every bit of 1 - x (1 - 5e-324 needs ~1075 bits)
    and the value goes to log() unwrapped, because mpf(...) would round it
    back to the working precision, i.e. to 1 for tiny x.
    """
    return ln_or_minus_inf(mpmath.fsub(1, mpmath.mpf(x), exact=True))


def exact_bce(y, p, eps):
    """The contract's bce(y, p, eps) as an mpmath value (may be +inf)."""
    ln_eps = exact_ln(eps)  # eps == 0 gives -inf, i.e. no clamping
    loss = mpmath.mpf(0)
    # Skip zero-coefficient terms: they are 0 by definition, never 0*inf.
    if y != 0.0:
        loss -= mpmath.mpf(y) * max(exact_ln(p), ln_eps)
    one_minus_y = mpmath.fsub(1, mpmath.mpf(y), exact=True)
    if one_minus_y != 0:
        loss -= one_minus_y * max(exact_ln_one_minus(p), ln_eps)
    return loss


def exact_mean_bce(ys, ps, ws=None):
    """Mean (or weighted mean) of bce(.., DEFAULT_EPS), rounded to double."""
    losses = [exact_bce(y, p, DEFAULT_EPS) for y, p in zip(ys, ps)]
    if ws is None:
        return to_double(mpmath.fsum(losses) / len(losses))
    weights = [mpmath.mpf(w) for w in ws]
    weighted = mpmath.fsum(w * loss for w, loss in zip(weights, losses))
    return to_double(weighted / mpmath.fsum(weights))


def exact_categorical(ys, ps):
    """categorical_ce over one observation's stored rows, as a double."""
    ln_eps = exact_ln(DEFAULT_EPS)
    loss = mpmath.mpf(0)
    for y, p in zip(ys, ps):
        if y != 0.0:
            loss -= mpmath.mpf(y) * max(exact_ln(p), ln_eps)
    return to_double(loss)


# --------------------------------------------------------------------------
# Third-party references
# --------------------------------------------------------------------------

def is_hard(y):
    return y in (0.0, 1.0)


def sklearn_bce(y, p, eps):
    """sklearn's log_loss for one row, where it matches the contract.

    sklearn clips p to [DEFAULT_EPS, 1 - DEFAULT_EPS] and only accepts
    class labels, so it applies to hard labels with the default eps.
    """
    if not (is_hard(y) and eps == DEFAULT_EPS):
        return None
    return log_loss([int(y)], np.array([p], dtype=np.float64), labels=[0, 1])


def load_torch():
    """Import torch if available; the torch column is optional."""
    try:
        import torch
    except ImportError:
        print("warning: torch is not importable; ref_torch will be '-'",
              file=sys.stderr)
        return None
    return torch


def torch_formula_bce(y, p, eps):
    """PyTorch >= 2.0's CPU BCELoss expression (aten/src/ATen/native/Loss.cpp),
    operation for operation, in float64 with libm's log and log1p."""
    if eps != TORCH_EPS:
        return None
    log_p = math.log(p) if p > 0.0 else -math.inf
    log_1mp = math.log1p(-p) if p < 1.0 else -math.inf
    return (y - 1.0) * max(log_1mp, -100.0) - y * max(log_p, -100.0)


def torch_bce(torch, y, p, eps):
    """The installed PyTorch's binary_cross_entropy (float64)."""
    if torch is None or eps != TORCH_EPS:
        return None
    prob = torch.tensor([p], dtype=torch.float64)
    target = torch.tensor([y], dtype=torch.float64)
    return torch.nn.functional.binary_cross_entropy(prob, target).item()


# --------------------------------------------------------------------------
# Shared helpers for drawing random inputs
# --------------------------------------------------------------------------

def sigmoid(logits):
    # The plain formula is deliberate: with |logit| up to 40 it neither
    # overflows nor underflows, and it lets p round to exactly 1.0 for
    # large logits, which is one of the extremes we want covered.
    return 1.0 / (1.0 + np.exp(-logits))


def softmax(logits):
    shifted = np.exp(logits - logits.max())  # shift to avoid overflow
    return shifted / shifted.sum()


# --------------------------------------------------------------------------
# Table 1: single-row binary cross-entropy cases
# --------------------------------------------------------------------------

GRID_Y = [0.0, 1.0, 0.25, 0.5, 0.9, 0.001]
GRID_P = [0.0, 1.0, DEFAULT_EPS, 1.0 - DEFAULT_EPS, 1e-300, 0.5, 5e-324,
          1.0 - 2.0 ** -53, 0.1, 0.9, 1e-10, 1.0 - 1e-10, 0.775, 0.116]
GRID_EPS = [DEFAULT_EPS, TORCH_EPS, 0.0, 1e-7]


def grid_cases():
    """Full cross product of the hand-picked y, p and eps values."""
    cases = []
    for y in GRID_Y:
        for p in GRID_P:
            for eps in GRID_EPS:
                cases.append((f"grid-{len(cases) + 1}", y, p, eps))
    return cases


def random_cases(n=1000, n_torch=300):
    """n random rows: half hard labels, half soft; logits span [-40, 40]."""
    rng = np.random.default_rng(SEED_BCE)
    n_hard = n // 2
    hard = rng.integers(0, 2, size=n_hard).astype(np.float64)
    soft = rng.uniform(0.0, 1.0, size=n - n_hard)
    ys = np.concatenate([hard, soft])
    ps = sigmoid(rng.uniform(-40.0, 40.0, size=n))
    torch_rows = set(rng.permutation(n)[:n_torch].tolist())
    return [(f"rand-{i + 1}", float(ys[i]), float(ps[i]),
             TORCH_EPS if i in torch_rows else DEFAULT_EPS)
            for i in range(n)]


def write_bce_cases(torch):
    rows = []
    n_torch = 0
    for case, y, p, eps in grid_cases() + random_cases():
        ref_torch = torch_bce(torch, y, p, eps)
        n_torch += ref_torch is not None
        rows.append([case, fmt(y), fmt(p), fmt_eps(eps),
                     fmt(to_double(exact_bce(y, p, eps))),
                     fmt_optional(sklearn_bce(y, p, eps)),
                     fmt_optional(torch_formula_bce(y, p, eps)),
                     fmt_optional(ref_torch)])
    write_tsv("bce_cases.tsv",
              ["case", "y", "p", "eps", "ref_exact", "ref_sklearn",
               "ref_torch", "ref_torch_1_13"], rows)
    print(f"  ref_torch values written: {n_torch}")


# --------------------------------------------------------------------------
# Table 2: sets for mean_cross_entropy (plain and weighted)
# --------------------------------------------------------------------------

EXTREME_P = [0.0, 1.0, DEFAULT_EPS, 1.0 - DEFAULT_EPS, 1e-300, 5e-324,
             1.0 - 2.0 ** -53, 0.5, 1e-10, 1.0 - 1e-10]
EXTREME_W = [0.5, 2.0, 3.0]


def mean_sets():
    """Return [(name, ys, ps, ws, forms)], forms = weighted flags to emit."""
    rng = np.random.default_rng(SEED_MEAN)
    sets = []

    n = 1000
    ys = rng.integers(0, 2, size=n).astype(np.float64)
    ps = sigmoid(rng.uniform(-8.0, 8.0, size=n))
    ws = rng.uniform(0.0, 5.0, size=n)
    sets.append(("random1000", ys, ps, ws, (0, 1)))

    # Every extreme probability with both labels; weights cycle so the
    # weighted mean differs from the plain one.
    pairs = [(y, p) for p in EXTREME_P for y in (0.0, 1.0)]
    ys = [y for y, _ in pairs]
    ps = [p for _, p in pairs]
    ws = [EXTREME_W[i % len(EXTREME_W)] for i in range(len(pairs))]
    sets.append(("extremes", ys, ps, ws, (0, 1)))

    n = 200
    ys = rng.uniform(0.0, 1.0, size=n)
    ps = sigmoid(rng.uniform(-10.0, 10.0, size=n))
    ws = rng.uniform(0.0, 5.0, size=n)
    sets.append(("soft200", ys, ps, ws, (0, 1)))

    sets.append(("single", [1.0], [0.8], [2.5], (0, 1)))

    # The zero-weight row would cost -ln(eps) ~ 36 if it were counted.
    sets.append(("zero_weight_row", [0.0, 1.0, 1.0], [0.2, 0.0, 0.7],
                 [1.0, 0.0, 2.0], (1,)))
    return sets


def sklearn_mean(ys, ps, ws):
    if not all(is_hard(y) for y in ys):
        return None
    labels = np.array(ys, dtype=np.float64).astype(int)
    return log_loss(labels, np.array(ps, dtype=np.float64),
                    sample_weight=None if ws is None else np.array(ws),
                    labels=[0, 1])


def write_mean_tables():
    row_lines = []
    expected_lines = []
    for name, ys, ps, ws, forms in mean_sets():
        ys, ps, ws = ([float(v) for v in col] for col in (ys, ps, ws))
        for y, p, w in zip(ys, ps, ws):
            row_lines.append([name, fmt(y), fmt(p), fmt(w)])
        for weighted in forms:
            weights = ws if weighted else None
            expected_lines.append([
                name, str(weighted), str(len(ys)),
                fmt(exact_mean_bce(ys, ps, weights)),
                fmt_optional(sklearn_mean(ys, ps, weights))])
    write_tsv("mean_rows.tsv", ["set", "y", "p", "w"], row_lines)
    write_tsv("mean_expected.tsv",
              ["set", "weighted", "n", "ref_exact", "ref_sklearn"],
              expected_lines)


# --------------------------------------------------------------------------
# Table 3: categorical cross-entropy per observation
# --------------------------------------------------------------------------

def one_hot(n_classes, true_class):
    target = np.zeros(n_classes)
    target[true_class] = 1.0
    return target


def observations():
    """Return [(classes, ys, ps, sklearn_spec)] in obs-id order (from 1).

    sklearn_spec is (true_class, full probability vector) when sklearn's
    log_loss computes the same value, else None.
    """
    rng = np.random.default_rng(SEED_CATEGORICAL)
    obs = []

    # The seed example from the project description.
    probs = np.array([0.775, 0.116, 0.039, 0.070])
    obs.append((range(4), one_hot(4, 0), probs, (0, probs)))

    for _ in range(200):  # hard one-hot targets
        n_classes = int(rng.integers(3, 11))
        probs = softmax(rng.normal(0.0, 3.0, size=n_classes))
        true_class = int(rng.integers(n_classes))
        obs.append((range(n_classes), one_hot(n_classes, true_class), probs,
                     (true_class, probs)))

    for _ in range(50):  # soft targets: sklearn only takes class labels
        n_classes = int(rng.integers(3, 11))
        probs = softmax(rng.normal(0.0, 3.0, size=n_classes))
        target = rng.dirichlet(np.ones(n_classes))
        obs.append((range(n_classes), target, probs, None))

    # Partial observations: only some classes' rows are stored (always the
    # true one).  sklearn would renormalise the stored probabilities; the
    # contract sums what is there, so there is no sklearn reference.
    for _ in range(10):
        n_classes = int(rng.integers(4, 9))
        probs = softmax(rng.normal(0.0, 3.0, size=n_classes))
        true_class = int(rng.integers(n_classes))
        n_stored = int(rng.integers(2, n_classes))
        others = [c for c in range(n_classes) if c != true_class]
        stored = sorted([true_class] + rng.choice(
            others, size=n_stored - 1, replace=False).tolist())
        target = one_hot(n_classes, true_class)
        obs.append((stored, target[stored], probs[stored], None))

    # A single stored row (the true class) at the extremes of p.
    for p in [1.0, 0.5, 0.0, 1e-300, 5e-324]:
        obs.append(([0], [1.0], [p], None))

    # The true class has p = 0 exactly, so only the eps clamp keeps the loss
    # finite; the other probabilities sum to exactly 1.
    probs = np.array([0.5, 0.25, 0.0, 0.25])
    obs.append((range(4), one_hot(4, 2), probs, (2, probs)))
    return obs


def sklearn_categorical(spec):
    if spec is None:
        return None
    true_class, probs = spec
    return log_loss([true_class], np.array([probs], dtype=np.float64),
                    labels=list(range(len(probs))))


def write_categorical_tables():
    row_lines = []
    expected_lines = []
    for obs_id, (classes, ys, ps, spec) in enumerate(observations(), start=1):
        ys = [float(y) for y in ys]
        ps = [float(p) for p in ps]
        for cls, y, p in zip(classes, ys, ps):
            row_lines.append([str(obs_id), str(int(cls)), fmt(y), fmt(p)])
        expected_lines.append([str(obs_id), str(len(ys)),
                               fmt(exact_categorical(ys, ps)),
                               fmt_optional(sklearn_categorical(spec))])
    write_tsv("categorical_rows.tsv", ["obs", "class", "y", "p"], row_lines)
    write_tsv("categorical_expected.tsv",
              ["obs", "n_rows", "ref_exact", "ref_sklearn"], expected_lines)


def main():
    torch = load_torch()
    # Any library warning would hint at an input the references were not
    # meant to exercise; fail loudly instead of writing doubtful values.
    # (Set after importing torch, whose import may warn harmlessly.)
    warnings.simplefilter("error")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_bce_cases(torch)
    write_mean_tables()
    write_categorical_tables()


if __name__ == "__main__":
    main()
