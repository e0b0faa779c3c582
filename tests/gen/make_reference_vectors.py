#!/usr/bin/python3
"""Generate the reference tables for the vector-valued cross-entropies.

Companion of make_reference.py; it reuses that script's formatting, file
output and exact rounding, and follows its conventions.  Here one row is one
observation and the whole class vector sits in one SQL value:

  tests/data/vector_ce_cases.tsv       cross_entropy(target, probs)
  tests/data/vector_softmax_cases.tsv  softmax_cross_entropy(target, logits
                                       [, label_smoothing])

A target is either a 0-based class index (an integer) or a target vector of
the same length as the class vector (one-hot or soft).  Vectors are written
as JSON arrays of repr() floats; the tests store them as JSON text or as
packed little-endian float32/float64 BLOBs.  The dtype column says which
precision a row is meant for: for "f32" rows every vector value written is
already a float32 (np.float32(x), widened exactly to float64), and every
reference is computed from those rounded values.

Reference flavours:

  ref_exact    the contract below evaluated with mpmath at 60 digits on the
               exact binary values of the vectors, correctly rounded to
               float64 (make_reference.to_double);
  ref_sklearn  sklearn.metrics.log_loss([t], [probs], labels=range(C)) for
               class-index targets whose f64 probabilities sum to 1 within
               1e-9 (log_loss renormalises, the contract does not; it also
               clips at 1 - eps and needs C >= 2);
  ref_torch    torch.nn.functional.cross_entropy(z[None], target,
               label_smoothing=eps) of the installed PyTorch (Debian 12:
               1.13) on float64 tensors: a class index as a LongTensor of
               shape [1], a target vector as shape [1, C].

Contract (DEFAULT_EPS is the float64 machine epsilon, no renormalisation):

  cross_entropy(t, p) = -max(ln p[t], ln DEFAULT_EPS) for an index t,
      -sum t_i*max(ln p_i, ln DEFAULT_EPS) for a vector (t_i == 0 gives 0).
  softmax_cross_entropy(t, z [, e]) = sum y'_i*(lse - z_i),
      lse = ln sum exp(z_j), y' = (1 - e)*y + e/C with y the one-hot vector
      of an index or the target vector as given; e = 0 when not passed.

Floats are repr() of the double, +infinity is "inf", "-" marks a reference
(or a label_smoothing) that does not apply.  All random draws use fixed
seeds (one per table).

  /usr/bin/python3 tests/gen/make_reference_vectors.py
"""

import json
import math
import struct
import sys
import warnings
from pathlib import Path

import mpmath
import numpy as np
from sklearn.metrics import log_loss

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_reference as base  # noqa: E402  (also sets mpmath.mp.dps = 60)

fmt = base.fmt
fmt_optional = base.fmt_optional
to_double = base.to_double

# Distinct from make_reference.py's (20261123..20261125) and
# make_reference_family.py's (20261126..20261132) seeds.
SEED_VECTOR_CE = 20261133
SEED_VECTOR_SOFTMAX = 20261134

# label_smoothing values spread over the random rows (None: not passed).
SMOOTHINGS = [None, 0.0, 0.1, 0.5, 1.0]

# How far a library's value may be from ref_exact before it is reported:
# both more than ABS_TOL apart and more than ULP_TOL doubles apart.
ABS_TOL = 1e-15
ULP_TOL = 2


# --------------------------------------------------------------------------
# Inputs and formatting
# --------------------------------------------------------------------------

def as_dtype(values, dtype):
    """The vector as Python floats: as is (f64) or float32-rounded (f32)."""
    if dtype == "f32":
        return [float(np.float32(v)) for v in values]
    return [float(v) for v in values]


def fmt_vector(values):
    """A JSON array of repr() floats, e.g. [0.775, 0.116, 0.039, 0.07]."""
    for v in values:
        if not math.isfinite(v):
            raise ValueError("vectors must be finite to be written as JSON")
    text = "[" + ", ".join(fmt(v) for v in values) + "]"
    assert json.loads(text) == values  # the file round-trips exactly
    return text


def fmt_target(target):
    return str(target) if isinstance(target, int) else fmt_vector(target)


def target_vector(target, n_classes):
    """The target as a vector: one-hot for an index, as given otherwise."""
    if isinstance(target, int):
        return base.one_hot(n_classes, target).tolist()
    return target


# --------------------------------------------------------------------------
# Exact (mpmath) evaluation of the contract
# --------------------------------------------------------------------------

def exact_cross_entropy(target, probs):
    """cross_entropy as a double: make_reference's categorical_ce over the
    observation's whole vector (terms with t_i == 0 skipped)."""
    return base.exact_categorical(target_vector(target, len(probs)), probs)


def exact_softmax_cross_entropy(target, logits, smoothing):
    """softmax_cross_entropy as an mpmath value.

    With m = z_k the largest logit, lse - z_i = (m - z_i) + ln(1 + S),
    S = sum over j != k of e^(z_j - m).  Both parts are non-negative and the
    differences are exact, so nothing cancels however the logits spread,
    and the log is taken once per observation (C = 1000 stays cheap).
    """
    n_classes = len(logits)
    k = max(range(n_classes), key=lambda i: logits[i])
    m = logits[k]
    rest = mpmath.fsum(mpmath.exp(mpmath.fsub(z, m, exact=True))
                       for j, z in enumerate(logits) if j != k)
    log_sum = mpmath.log1p(rest)
    eps = mpmath.mpf(0 if smoothing is None else smoothing)
    keep = mpmath.fsub(1, eps, exact=True)
    spread = eps / n_classes
    loss = mpmath.mpf(0)
    for y, z in zip(target_vector(target, n_classes), logits):
        y_smooth = keep * mpmath.mpf(y) + spread
        if y_smooth != 0:
            loss += y_smooth * (mpmath.fsub(m, z, exact=True) + log_sum)
    return loss


# --------------------------------------------------------------------------
# Third-party references and their comparison with ref_exact
# --------------------------------------------------------------------------

def sklearn_cross_entropy(dtype, target, probs):
    if (dtype != "f64" or not isinstance(target, int) or len(probs) < 2
            or abs(math.fsum(probs) - 1.0) > 1e-9):
        return None
    return log_loss([target], np.array([probs], dtype=np.float64),
                    labels=list(range(len(probs))))


def torch_softmax_cross_entropy(torch, target, logits, smoothing):
    if torch is None:
        return None
    z = torch.tensor([logits], dtype=torch.float64)
    if isinstance(target, int):
        labels = torch.tensor([target], dtype=torch.int64)
    else:
        labels = torch.tensor([target], dtype=torch.float64)
    kwargs = {} if smoothing is None else {"label_smoothing": smoothing}
    value = torch.nn.functional.cross_entropy(z, labels, **kwargs).item()
    return None if math.isnan(value) else value


def ordinal(x):
    """Doubles in order as integers (both zeros map to 0)."""
    n = struct.unpack("<q", struct.pack("<d", x))[0]
    return n if n >= 0 else -(n & 0x7FFFFFFFFFFFFFFF)


def ulps_apart(a, b):
    return abs(ordinal(a) - ordinal(b))


class Disagreements:
    """Library values further from ref_exact than ABS_TOL and ULP_TOL."""

    def __init__(self, library):
        self.library = library
        self.compared = 0
        self.cases = []

    def check(self, case, value, exact):
        if value is None:
            return
        self.compared += 1
        if math.isinf(value) or math.isinf(exact):
            if value != exact:
                self.cases.append((case, value, exact, math.inf))
            return
        if abs(value - exact) > ABS_TOL:
            ulps = ulps_apart(value, exact)
            if ulps > ULP_TOL:
                self.cases.append((case, value, exact, ulps))

    def report(self, shown=5):
        print(f"  {self.library} values written: {self.compared}, "
              f"beyond {ABS_TOL!r} and {ULP_TOL} ulp of ref_exact: "
              f"{len(self.cases)}")
        worst = sorted(self.cases, key=lambda c: -c[3])[:shown]
        for case, value, exact, ulps in worst:
            print(f"    {case}: {self.library} {fmt(value)}, exact "
                  f"{fmt(exact)} ({ulps} ulp, "
                  f"{abs(value - exact):.3g} apart)")


# Documented values met while writing the tables: (label, exact, quoted).
DOCUMENTED = []


# --------------------------------------------------------------------------
# Table 1: cross_entropy(target, probs)
# --------------------------------------------------------------------------

def ce_cases():
    """Return [(case, dtype, target, probs)]; probs already in dtype."""
    rng = np.random.default_rng(SEED_VECTOR_CE)
    cases = []

    def add(case, dtype, target, probs):
        cases.append((case, dtype, target, as_dtype(probs, dtype)))

    seed_probs = [0.775, 0.116, 0.039, 0.070]  # the project's seed example
    add("seed-index", "f64", 0, seed_probs)
    add("seed-vector", "f64", [1.0, 0.0, 0.0, 0.0], seed_probs)

    for dtype, count in (("f64", 300), ("f32", 100)):
        for i in range(count):
            n_classes = int(rng.integers(2, 13))
            probs = base.softmax(rng.normal(0.0, 3.0, size=n_classes))
            add(f"rand-{dtype}-{i + 1}", dtype,
                int(rng.integers(n_classes)), probs)

    for i in range(100):
        n_classes = int(rng.integers(2, 13))
        probs = base.softmax(rng.normal(0.0, 3.0, size=n_classes))
        add(f"soft-{i + 1}", "f64",
            rng.dirichlet(np.ones(n_classes)).tolist(), probs)

    for i in range(5):
        probs = base.softmax(rng.normal(0.0, 3.0, size=1000))
        add(f"c1000-{i + 1}", "f64", int(rng.integers(1000)), probs)

    # p = 0 exactly at the target: only the clamp keeps the loss finite,
    # -ln DEFAULT_EPS = 36.04365338911715.  The others sum to exactly 1.
    zero_probs = [0.5, 0.25, 0.0, 0.25]
    add("zero-index", "f64", 2, zero_probs)
    add("zero-vector", "f64", [0.0, 0.0, 1.0, 0.0], zero_probs)
    add("zero-soft", "f64", [0.5, 0.0, 0.5, 0.0], zero_probs)
    add("zero-index-f32", "f32", 2, zero_probs)

    # A probability of 1e-300 (far below eps: clamped) at and off the target.
    tiny_probs = [1e-300, 0.75, 0.25]
    add("tiny-index", "f64", 0, tiny_probs)
    add("tiny-vector", "f64", [1.0, 0.0, 0.0], tiny_probs)
    add("tiny-off-target", "f64", 1, tiny_probs)
    add("tiny-soft", "f64", [0.5, 0.25, 0.25], tiny_probs)

    add("one-class-index", "f64", 0, [1.0])  # loss 0
    add("one-class-vector", "f64", [1.0], [1.0])
    return cases


def write_ce_cases():
    rows = []
    sklearn_diffs = Disagreements("ref_sklearn")
    for case, dtype, target, probs in ce_cases():
        ref_exact = exact_cross_entropy(target, probs)
        ref_sklearn = sklearn_cross_entropy(dtype, target, probs)
        sklearn_diffs.check(case, ref_sklearn, ref_exact)
        if case == "seed-index":
            DOCUMENTED.append(("cross_entropy(0, [0.775, 0.116, 0.039, "
                               "0.070])", ref_exact, None))
        if case == "zero-index":
            DOCUMENTED.append(("cross_entropy(2, [0.5, 0.25, 0.0, 0.25])",
                               ref_exact, 36.04365338911715))
        if case == "one-class-index":
            DOCUMENTED.append(("cross_entropy(0, [1.0])", ref_exact, 0.0))
        rows.append([case, dtype, fmt_target(target), fmt_vector(probs),
                     fmt(ref_exact), fmt_optional(ref_sklearn)])
    base.write_tsv("vector_ce_cases.tsv",
                   ["case", "dtype", "target", "probs", "ref_exact",
                    "ref_sklearn"], rows)
    sklearn_diffs.report()


# --------------------------------------------------------------------------
# Table 2: softmax_cross_entropy(target, logits [, label_smoothing])
# --------------------------------------------------------------------------

def softmax_cases():
    """Return [(case, dtype, target, logits, smoothing)]."""
    rng = np.random.default_rng(SEED_VECTOR_SOFTMAX)
    cases = []

    def add(case, dtype, target, logits, smoothing=None):
        cases.append((case, dtype, target, as_dtype(logits, dtype),
                      smoothing))

    add("doc", "f64", 0, [2.0, 1.0, 0.1])  # the documented example
    for t in range(3):
        add(f"wide-{t}", "f64", t, [1000.0, 0.0, -1000.0])
    add("one-class", "f64", 0, [3.5])  # lse == z: loss 0
    add("one-class-smoothed", "f64", 0, [3.5], 0.5)

    # ε cycles through SMOOTHINGS, so each value covers 1/5 of the rows.
    for i in range(300):
        n_classes = int(rng.integers(2, 13))
        logits = rng.normal(0.0, 5.0, size=n_classes)
        add(f"rand-f64-{i + 1}", "f64", int(rng.integers(n_classes)),
            logits, SMOOTHINGS[i % len(SMOOTHINGS)])

    for i in range(100):
        n_classes = int(rng.integers(2, 13))
        logits = rng.normal(0.0, 5.0, size=n_classes)
        add(f"rand-f32-{i + 1}", "f32", int(rng.integers(n_classes)),
            logits)

    for i in range(100):
        n_classes = int(rng.integers(2, 13))
        logits = rng.normal(0.0, 5.0, size=n_classes)
        add(f"soft-{i + 1}", "f64",
            rng.dirichlet(np.ones(n_classes)).tolist(), logits,
            SMOOTHINGS[i % len(SMOOTHINGS)])

    for i in range(5):
        logits = rng.normal(0.0, 5.0, size=1000)
        add(f"c1000-{i + 1}", "f64", int(rng.integers(1000)), logits,
            SMOOTHINGS[i % len(SMOOTHINGS)])

    # Logits spanning +-700: e^z alone would overflow or underflow.
    add("span700-0", "f64", 0, [700.0, -700.0])
    add("span700-1", "f64", 1, [700.0, -700.0])
    for i in range(10):
        n_classes = int(rng.integers(3, 13))  # C = 2 is covered above
        logits = rng.uniform(-700.0, 700.0, size=n_classes)
        logits[0], logits[-1] = 700.0, -700.0
        add(f"span700-rand-{i + 1}", "f64", int(rng.integers(n_classes)),
            logits, SMOOTHINGS[i % len(SMOOTHINGS)])
    return cases


def write_softmax_cases(torch):
    rows = []
    torch_diffs = Disagreements("ref_torch")
    for case, dtype, target, logits, smoothing in softmax_cases():
        ref_exact = to_double(exact_softmax_cross_entropy(target, logits,
                                                          smoothing))
        ref_torch = torch_softmax_cross_entropy(torch, target, logits,
                                                smoothing)
        torch_diffs.check(case, ref_torch, ref_exact)
        if case == "doc":
            DOCUMENTED.append(("softmax_cross_entropy(0, [2, 1, 0.1])",
                               ref_exact, 0.41703001627783354))
        rows.append([case, dtype, fmt_target(target), fmt_vector(logits),
                     fmt_optional(smoothing), fmt(ref_exact),
                     fmt_optional(ref_torch)])
    base.write_tsv("vector_softmax_cases.tsv",
                   ["case", "dtype", "target", "logits", "label_smoothing",
                    "ref_exact", "ref_torch"], rows)
    torch_diffs.report()


# --------------------------------------------------------------------------
# Documented values
# --------------------------------------------------------------------------

def check_documented():
    """Print the documented values next to the exact reference; a quoted
    value may be 1 ulp off (the docs show what the extension prints)."""
    failed = False
    for label, got, documented in DOCUMENTED:
        note = ""
        if documented is not None:
            ulps = ulps_apart(got, documented)
            failed |= ulps > 1
            if ulps:
                note = f"  (documented {fmt(documented)}: {ulps} ulp away)"
        print(f"documented {label}: exact {fmt(got)}{note}")
    if failed:
        sys.exit("documented values disagree with the exact reference")


def main():
    torch = base.load_torch()
    # As in make_reference.py: a library warning means doubtful values.
    warnings.simplefilter("error")
    base.DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_ce_cases()
    write_softmax_cases(torch)
    check_documented()


if __name__ == "__main__":
    main()
