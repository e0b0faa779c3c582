#!/usr/bin/python3
"""Generate the reference tables for the extension's loss family.

Companion of make_reference.py (which covers bce, mean_cross_entropy and
categorical_ce); it reuses that script's formatting, file output and exact
rounding, and follows its conventions.  Tables written:

  tests/data/logits_cases.tsv          bce_logits(y, z [, pos_weight])
  tests/data/focal_cases.tsv           focal_loss / focal_loss_logits
  tests/data/balanced_cases.tsv        balanced_bce(y, p, beta)
  tests/data/softmax_rows.tsv          one row per (observation, class)
  tests/data/softmax_expected.tsv      expected softmax_ce per observation
  tests/data/entropy_rows.tsv          one row per (observation, p)
  tests/data/entropy_expected.tsv      expected entropy per observation
  tests/data/kl_rows.tsv               one row per (observation, p, q)
  tests/data/kl_expected.tsv           expected kl_divergence per observation
  tests/data/mean_logits_rows.tsv      rows of the mean_bce_logits test sets
  tests/data/mean_logits_expected.tsv  expected (weighted) means per set

Reference flavours:

  ref_exact        the contract below evaluated with mpmath at 60 digits on
                   the exact binary values of the float64 inputs, correctly
                   rounded to float64 (make_reference.to_double);
  ref_torch        the installed PyTorch (Debian 12: 1.13) in float64;
  ref_torchvision  torchvision.ops.sigmoid_focal_loss in float64;
  ref_scipy        scipy.special.entr / rel_entr, summed by numpy.

Contract (DEFAULT_EPS is the float64 machine epsilon; the "clamped log" is
max(ln x, ln DEFAULT_EPS); a term whose coefficient is exactly 0 is 0):

  bce_logits(y, z [, pw]) = -( pw*y*ln s(z) + (1-y)*ln(1 - s(z)) ),
      s the logistic function, pw = 1 when not given, no clamping;
      z = +inf gives 0 if y == 1 else +inf,
      z = -inf gives 0 if pw*y == 0 else +inf.
  focal_loss(y, p [, gamma [, alpha]]) and focal_loss_logits(y, z, ...):
      alpha_t * (1 - p_t)^gamma * CE  (torchvision's sigmoid_focal_loss),
      p_t = y*p + (1-y)*(1-p), alpha_t = y*alpha + (1-y)*(1-alpha), or 1
      when alpha < 0; defaults gamma = 2, alpha = 0.25; 0^0 = 1.  CE is
      bce(y, p) with clamped logs (probabilities) or bce_logits(y, z)
      (logits, p = s(z)).
  balanced_bce(y, p, beta) = -( beta*y*ln p + (1-beta)*(1-y)*ln(1-p) ),
      clamped logs.
  softmax_ce(y, z) = sum over the observation's rows of y*(lse - z),
      lse = ln sum exp(z) over the same rows.
  entropy(p) = -sum p*ln p, with 0*ln 0 = 0.
  kl_divergence(p, q) = sum p*(ln p - ln q): 0 where p = 0 (whatever q),
      +inf where p > 0 and q = 0.
  mean_bce_logits(y, z [, w]) = mean of bce_logits(y, z), or
      sum(w*loss)/sum(w).

Floats are repr() of the double, +infinity is "inf", "-" marks a reference
that does not apply.  All random draws use fixed seeds (one per table).

  /usr/bin/python3 tests/gen/make_reference_family.py
"""

import math
import sys
import warnings
from pathlib import Path

import mpmath
import numpy as np
import scipy.special

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_reference as base  # noqa: E402  (also sets mpmath.mp.dps = 60)

DEFAULT_EPS = base.DEFAULT_EPS
fmt = base.fmt
fmt_optional = base.fmt_optional

# Distinct from make_reference.py's seeds (20261123..20261125).
SEED_LOGITS = 20261126
SEED_FOCAL = 20261127
SEED_BALANCED = 20261128
SEED_SOFTMAX = 20261129
SEED_ENTROPY = 20261130
SEED_KL = 20261131
SEED_MEAN_LOGITS = 20261132

INF = math.inf
MP_INF = mpmath.mpf("inf")

# Documented values met while writing the tables: (label, exact, quoted).
DOCUMENTED = []


# --------------------------------------------------------------------------
# Exact (mpmath) evaluation of the contract
# --------------------------------------------------------------------------

# Far outside the double range: to nearest, these round to 0 and to inf.
UNDERFLOW = mpmath.ldexp(1, -1100)
OVERFLOW = mpmath.ldexp(1, 1100)


def to_double(v):
    """base.to_double, for values of any magnitude.

    mpmath's exponents are unbounded (bce_logits(1, 1e300) = e^-1e300), and
    base.to_double would build 2**exponent as an exact Fraction; values
    far beyond the double range are rounded here instead.
    """
    if not mpmath.isinf(v) and v != 0:
        if abs(v) < UNDERFLOW:
            return math.copysign(0.0, v)
        if abs(v) > OVERFLOW:
            return math.copysign(math.inf, v)
    return base.to_double(v)


def exact_mul(a, b):
    """The exact product of doubles or mpf values (no mpf() re-rounding)."""
    return mpmath.fmul(a, b, exact=True)


def exact_one_minus(x):
    """1 - x for the double x, with every bit kept."""
    return mpmath.fsub(1, mpmath.mpf(x), exact=True)


def exact_softplus(x):
    """ln(1 + e^x) for the double x, accurate at both ends.

    Written so that nothing cancels: for x > 0 it is x + ln(1 + e^-x),
    and mpmath's exponent range makes e^-x representable even for 1e300.
    """
    x = mpmath.mpf(x)
    if mpmath.isinf(x):
        return MP_INF if x > 0 else mpmath.mpf(0)
    if x > 0:
        return x + mpmath.log1p(mpmath.exp(-x))
    return mpmath.log1p(mpmath.exp(x))


def exact_sigmoid(x):
    """s(x) = 1/(1 + e^-x) for the finite double x."""
    return 1 / (1 + mpmath.exp(-mpmath.mpf(x)))


def exact_bce_logits(y, z, pw=None):
    """bce_logits(y, z [, pw]) as an mpmath value (may be +inf).

    -ln s(z) = softplus(-z) and -ln(1 - s(z)) = softplus(z), so both terms
    are non-negative and the sum cannot cancel.  Zero-coefficient terms are
    skipped, which gives the contract's limits at z = +-inf.
    """
    coef_pos = exact_mul(1.0 if pw is None else pw, y)
    coef_neg = exact_one_minus(y)
    loss = mpmath.mpf(0)
    if coef_pos != 0:
        loss += coef_pos * exact_softplus(-z)
    if coef_neg != 0:
        loss += coef_neg * exact_softplus(z)
    return loss


def exact_clamped_bce(y, p):
    """bce(y, p) with logs clamped at ln DEFAULT_EPS (base's contract)."""
    return base.exact_bce(y, p, DEFAULT_EPS)


FOCAL_GAMMA = 2.0
FOCAL_ALPHA = 0.25


def exact_focal(form, y, x, gamma=None, alpha=None):
    """focal_loss (form 'prob', x = p) or focal_loss_logits ('logit', x = z).

    1 - p_t is computed as y*(1-p) + (1-y)*p, which is exact for the
    probability form and, with 1 - s(z) = s(-z), free of cancellation for
    the logit form.
    """
    gamma = FOCAL_GAMMA if gamma is None else gamma
    alpha = FOCAL_ALPHA if alpha is None else alpha
    one_minus_y = exact_one_minus(y)
    if form == "prob":
        ce = exact_clamped_bce(y, x)
        one_minus_pt = mpmath.fadd(exact_mul(y, exact_one_minus(x)),
                                   exact_mul(one_minus_y, x), exact=True)
    else:
        ce = exact_bce_logits(y, x)
        one_minus_pt = (mpmath.mpf(y) * exact_sigmoid(-x)
                        + one_minus_y * exact_sigmoid(x))
    # mpmath has 0**0 == 1, as the contract wants.
    modulation = mpmath.power(one_minus_pt, mpmath.mpf(gamma))
    if alpha < 0:
        alpha_t = mpmath.mpf(1)
    else:
        alpha_t = mpmath.fadd(exact_mul(y, alpha),
                              exact_mul(one_minus_y, exact_one_minus(alpha)),
                              exact=True)
    return alpha_t * modulation * ce


def exact_balanced_bce(y, p, beta):
    """balanced_bce(y, p, beta) with clamped logs."""
    ln_eps = base.exact_ln(DEFAULT_EPS)
    coef_pos = exact_mul(beta, y)
    coef_neg = exact_mul(exact_one_minus(beta), exact_one_minus(y))
    loss = mpmath.mpf(0)
    if coef_pos != 0:
        loss -= coef_pos * max(base.exact_ln(p), ln_eps)
    if coef_neg != 0:
        loss -= coef_neg * max(base.exact_ln_one_minus(p), ln_eps)
    return loss


def exact_softmax_ce(ys, zs):
    """softmax_ce over one observation's rows.

    lse - z_k = ln(1 + sum_{j != k} e^(z_j - z_k)) with the differences
    taken exactly: no cancellation even when z_k dominates the group.
    """
    loss = mpmath.mpf(0)
    for k, (y, z_k) in enumerate(zip(ys, zs)):
        if y == 0.0:
            continue
        rest = mpmath.fsum(
            mpmath.exp(mpmath.fsub(z_j, z_k, exact=True))
            for j, z_j in enumerate(zs) if j != k)
        loss += mpmath.mpf(y) * mpmath.log1p(rest)
    return loss


def exact_entropy(ps):
    loss = mpmath.mpf(0)
    for p in ps:
        if p != 0.0:
            loss -= mpmath.mpf(p) * mpmath.log(p)
    return loss


def exact_kl(ps, qs):
    """kl_divergence; 120 digits because the p ~ q sets cancel ~24 digits."""
    with mpmath.workdps(120):
        terms = []
        for p, q in zip(ps, qs):
            if p == 0.0:
                continue
            if q == 0.0:
                return MP_INF
            terms.append(mpmath.mpf(p) * (mpmath.log(p) - mpmath.log(q)))
        return mpmath.fsum(terms)


def exact_mean_bce_logits(ys, zs, ws=None):
    losses = [exact_bce_logits(y, z) for y, z in zip(ys, zs)]
    if ws is None:
        return mpmath.fsum(losses) / len(losses)
    weights = [mpmath.mpf(w) for w in ws]
    return (mpmath.fsum(w * loss for w, loss in zip(weights, losses))
            / mpmath.fsum(weights))


# --------------------------------------------------------------------------
# Third-party references
# --------------------------------------------------------------------------

def load_torchvision():
    """Import torchvision.ops if available; its column is optional."""
    try:
        import torchvision.ops
    except ImportError:
        print("warning: torchvision is not importable (Debian: "
              "python3-torchvision); ref_torchvision will be '-'",
              file=sys.stderr)
        return None
    return torchvision.ops


def tensor(torch, values):
    return torch.tensor(values, dtype=torch.float64)


def none_if_nan(x):
    """A library's result, or None when it is NaN (no reference)."""
    return None if math.isnan(x) else x


def torch_bce_logits(torch, y, z, pw):
    if torch is None:
        return None
    return none_if_nan(torch.nn.functional.binary_cross_entropy_with_logits(
        tensor(torch, [z]), tensor(torch, [y]),
        pos_weight=None if pw is None else tensor(torch, [pw])).item())


def torchvision_focal(torch, ops, y, z, gamma, alpha):
    if torch is None or ops is None:
        return None
    kwargs = {"reduction": "none"}
    if gamma is not None:
        kwargs["gamma"] = gamma
    if alpha is not None:
        kwargs["alpha"] = alpha
    return none_if_nan(ops.sigmoid_focal_loss(
        tensor(torch, [z]), tensor(torch, [y]), **kwargs).item())


# --------------------------------------------------------------------------
# Table 1: bce_logits
# --------------------------------------------------------------------------

LOGITS_GRID_Y = [0.0, 1.0, 0.25, 0.5, 0.999]
LOGITS_GRID_Z = [0.0] + [s * v for v in (1e-20, 0.5, 1.0, 10.0, 30.0, 40.0,
                                          100.0, 700.0, 1000.0, 1e300, INF)
                         for s in (1.0, -1.0)]
LOGITS_GRID_PW = [None, 1.0, 0.5, 3.0, 0.0]


def logits_cases(n_random=500):
    cases = []
    for y in LOGITS_GRID_Y:
        for z in LOGITS_GRID_Z:
            for pw in LOGITS_GRID_PW:
                cases.append((f"grid-{len(cases) + 1}", y, z, pw))
    rng = np.random.default_rng(SEED_LOGITS)
    n_hard = n_random // 2
    ys = np.concatenate([rng.integers(0, 2, size=n_hard).astype(np.float64),
                         rng.uniform(0.0, 1.0, size=n_random - n_hard)])
    zs = rng.normal(0.0, 15.0, size=n_random)
    pws = rng.uniform(0.0, 5.0, size=n_random)
    with_pw = set(rng.permutation(n_random)[:n_random // 2].tolist())
    for i in range(n_random):
        cases.append((f"rand-{i + 1}", float(ys[i]), float(zs[i]),
                      float(pws[i]) if i in with_pw else None))
    return cases


def write_logits_cases(torch):
    rows = []
    n_torch = 0
    for case, y, z, pw in logits_cases():
        ref_torch = torch_bce_logits(torch, y, z, pw)
        n_torch += ref_torch is not None
        rows.append([case, fmt(y), fmt(z), fmt_optional(pw),
                     fmt(to_double(exact_bce_logits(y, z, pw))),
                     fmt_optional(ref_torch)])
    base.write_tsv("logits_cases.tsv",
                   ["case", "y", "z", "pos_weight", "ref_exact", "ref_torch"],
                   rows)
    print(f"  ref_torch values written: {n_torch}")


# --------------------------------------------------------------------------
# Table 2: focal_loss and focal_loss_logits
# --------------------------------------------------------------------------

FOCAL_GRID_Y = [0.0, 1.0, 0.3]
FOCAL_GRID_P = [0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0 - 1e-10, 1.0]
FOCAL_GRID_Z = [-1000.0, -40.0, -5.0, -0.5, 0.0, 0.5, 5.0, 40.0, 1000.0]
# (gamma, alpha) as passed; None = not passed (alpha needs gamma).
FOCAL_GRID_ARGS = [(None, None), (2.0, None), (0.0, None), (0.5, None),
                   (2.0, 0.25), (2.0, -1.0), (3.0, 0.75), (0.0, 0.5)]


def focal_cases(n_random=300):
    cases = []
    for form, xs in (("prob", FOCAL_GRID_P), ("logit", FOCAL_GRID_Z)):
        for y in FOCAL_GRID_Y:
            for x in xs:
                for gamma, alpha in FOCAL_GRID_ARGS:
                    cases.append((f"grid-{len(cases) + 1}", form, y, x,
                                  gamma, alpha))
    rng = np.random.default_rng(SEED_FOCAL)
    n_rand = 0
    for form in ("prob", "logit"):
        n_hard = n_random // 2
        ys = np.concatenate([
            rng.integers(0, 2, size=n_hard).astype(np.float64),
            rng.uniform(0.0, 1.0, size=n_random - n_hard)])
        if form == "prob":
            xs = base.sigmoid(rng.uniform(-30.0, 30.0, size=n_random))
        else:
            xs = rng.normal(0.0, 10.0, size=n_random)
        # 0: no optional argument, 1: gamma, 2: gamma and alpha in [0, 1],
        # 3: gamma and alpha = -1 (no alpha_t factor).
        shapes = rng.integers(0, 4, size=n_random)
        gammas = rng.uniform(0.0, 5.0, size=n_random)
        alphas = rng.uniform(0.0, 1.0, size=n_random)
        for i in range(n_random):
            gamma = None if shapes[i] == 0 else float(gammas[i])
            alpha = {0: None, 1: None, 2: float(alphas[i]),
                     3: -1.0}[int(shapes[i])]
            n_rand += 1
            cases.append((f"rand-{n_rand}", form, float(ys[i]), float(xs[i]),
                          gamma, alpha))
    return cases


def write_focal_cases(torch, ops):
    rows = []
    n_tv = 0
    for case, form, y, x, gamma, alpha in focal_cases():
        ref_tv = (torchvision_focal(torch, ops, y, x, gamma, alpha)
                  if form == "logit" else None)
        n_tv += ref_tv is not None
        rows.append([case, form, fmt(y), fmt(x), fmt_optional(gamma),
                     fmt_optional(alpha),
                     fmt(to_double(exact_focal(form, y, x, gamma, alpha))),
                     fmt_optional(ref_tv)])
    base.write_tsv("focal_cases.tsv",
                   ["case", "form", "y", "x", "gamma", "alpha", "ref_exact",
                    "ref_torchvision"], rows)
    print(f"  ref_torchvision values written: {n_tv}")


# --------------------------------------------------------------------------
# Table 3: balanced_bce
# --------------------------------------------------------------------------

BALANCED_GRID_Y = [0.0, 1.0, 0.5]
BALANCED_GRID_P = [0.0, 1e-300, 0.1, 0.5, 0.9, 1.0]
BALANCED_GRID_BETA = [0.0, 0.25, 0.5, 0.9, 1.0]


def balanced_cases(n_random=200):
    cases = []
    for y in BALANCED_GRID_Y:
        for p in BALANCED_GRID_P:
            for beta in BALANCED_GRID_BETA:
                cases.append((f"grid-{len(cases) + 1}", y, p, beta))
    rng = np.random.default_rng(SEED_BALANCED)
    n_hard = n_random // 2
    ys = np.concatenate([rng.integers(0, 2, size=n_hard).astype(np.float64),
                         rng.uniform(0.0, 1.0, size=n_random - n_hard)])
    ps = base.sigmoid(rng.uniform(-40.0, 40.0, size=n_random))
    betas = rng.uniform(0.0, 1.0, size=n_random)
    for i in range(n_random):
        cases.append((f"rand-{i + 1}", float(ys[i]), float(ps[i]),
                      float(betas[i])))
    return cases


def write_balanced_cases():
    rows = [[case, fmt(y), fmt(p), fmt(beta),
             fmt(to_double(exact_balanced_bce(y, p, beta)))]
            for case, y, p, beta in balanced_cases()]
    base.write_tsv("balanced_cases.tsv",
                   ["case", "y", "p", "beta", "ref_exact"], rows)


# --------------------------------------------------------------------------
# Table 4: softmax_ce per observation
# --------------------------------------------------------------------------

def softmax_observations():
    """Return [(ys, zs, torch_target)] in obs-id order (from 1).

    torch_target is a class index (hard one-hot), "soft" (pass ys as
    probabilities) or None when torch has no equivalent.
    """
    rng = np.random.default_rng(SEED_SOFTMAX)
    obs = []

    def hard(zs, true_class):
        obs.append((base.one_hot(len(zs), true_class), zs, true_class))

    hard([2.0, 1.0, 0.1], 0)  # the documented example
    for true_class in range(3):
        hard([1000.0, 0.0, -1000.0], true_class)
    hard([-1000.0, -1000.0, -999.0], 2)
    hard([0.0] * 5, 0)  # all-equal logits: ln 5
    hard([3.5], 0)  # a single-row group: lse == z, loss 0

    for _ in range(200):
        n_classes = int(rng.integers(3, 11))
        hard(rng.normal(0.0, 5.0, size=n_classes),
             int(rng.integers(n_classes)))
    for _ in range(50):
        n_classes = int(rng.integers(3, 11))
        zs = rng.normal(0.0, 5.0, size=n_classes)
        obs.append((rng.dirichlet(np.ones(n_classes)), zs, "soft"))
    for _ in range(10):
        n_classes = int(rng.integers(3, 11))
        hard(rng.uniform(-700.0, 700.0, size=n_classes),
             int(rng.integers(n_classes)))

    # Targets that are not a distribution (sum 0.75): the contract still
    # sums y*(lse - z); torch's probability targets assume a distribution.
    obs.append(([0.5, 0.25, 0.0], [1.0, -2.0, 0.5], None))
    return obs


def torch_softmax_ce(torch, ys, zs, target):
    if torch is None or target is None:
        return None
    logits = tensor(torch, [list(zs)])
    if target == "soft":
        labels = tensor(torch, [list(ys)])
    else:
        labels = torch.tensor([target], dtype=torch.int64)
    return none_if_nan(
        torch.nn.functional.cross_entropy(logits, labels).item())


def write_softmax_tables(torch):
    row_lines = []
    expected_lines = []
    for obs_id, (ys, zs, target) in enumerate(softmax_observations(),
                                              start=1):
        ys = [float(y) for y in ys]
        zs = [float(z) for z in zs]
        for cls, (y, z) in enumerate(zip(ys, zs)):
            row_lines.append([str(obs_id), str(cls), fmt(y), fmt(z)])
        ref_exact = to_double(exact_softmax_ce(ys, zs))
        if obs_id == 1:
            DOCUMENTED.append(("softmax_ce(obs 1: [2, 1, 0.1], class 0)",
                               ref_exact, 0.41703001627783354))
        expected_lines.append([str(obs_id), str(len(ys)), fmt(ref_exact),
                               fmt_optional(torch_softmax_ce(torch, ys, zs,
                                                             target))])
    base.write_tsv("softmax_rows.tsv", ["obs", "class", "y", "z"], row_lines)
    base.write_tsv("softmax_expected.tsv",
                   ["obs", "n_rows", "ref_exact", "ref_torch"],
                   expected_lines)


# --------------------------------------------------------------------------
# Table 5: entropy per observation
# --------------------------------------------------------------------------

def entropy_observations():
    rng = np.random.default_rng(SEED_ENTROPY)
    obs = [
        [0.25, 0.25, 0.25, 0.25],  # uniform: ln 4
        [0.0, 1.0, 0.0, 0.0],  # one-hot: 0
        [0.5, 0.0, 0.3, 0.2, 0.0],  # zeros contribute 0
    ]
    for _ in range(100):
        obs.append(rng.dirichlet(np.ones(int(rng.integers(3, 11)))))
    obs.append([1.0, 1e-300, 5e-324])  # tiny probabilities
    obs.append([0.2, 0.2])  # not normalised: summed as is
    return obs


def write_entropy_tables():
    row_lines = []
    expected_lines = []
    for obs_id, ps in enumerate(entropy_observations(), start=1):
        ps = [float(p) for p in ps]
        for p in ps:
            row_lines.append([str(obs_id), fmt(p)])
        ref_scipy = float(scipy.special.entr(np.array(ps)).sum())
        expected_lines.append([str(obs_id), str(len(ps)),
                               fmt(to_double(exact_entropy(ps))),
                               fmt(ref_scipy)])
    base.write_tsv("entropy_rows.tsv", ["obs", "p"], row_lines)
    base.write_tsv("entropy_expected.tsv",
                   ["obs", "n_rows", "ref_exact", "ref_scipy"],
                   expected_lines)


# --------------------------------------------------------------------------
# Table 6: kl_divergence per observation
# --------------------------------------------------------------------------

def kl_observations():
    rng = np.random.default_rng(SEED_KL)
    obs = []
    p = rng.dirichlet(np.ones(5))
    obs.append((p, p.copy()))  # identical: exactly 0

    for _ in range(3):  # p ~ q, differences about 1e-12
        n_classes = int(rng.integers(3, 11))
        p = rng.dirichlet(np.ones(n_classes))
        delta = rng.normal(0.0, 1e-12, size=n_classes)
        obs.append((p, p + (delta - delta.mean())))

    for _ in range(100):
        n_classes = int(rng.integers(3, 11))
        obs.append((rng.dirichlet(np.ones(n_classes)),
                    rng.dirichlet(np.ones(n_classes))))

    obs.append(([0.5, 0.0, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25]))  # p zeros
    obs.append(([0.5, 0.0, 0.5], [0.5, 0.0, 0.5]))  # p = q = 0 somewhere
    obs.append(([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]))  # q = 0 < p: inf
    obs.append(([0.5, 0.5], [1.0, 0.0]))  # the same without p = q = 0
    obs.append(([0.5, 0.5, 1e-300, 5e-324],  # tiny values
                [0.25, 0.75, 5e-324, 1e-300]))
    obs.append(([1e-300, 1.0], [0.5, 0.5]))
    return obs


def torch_kl(torch, ps, qs, exact):
    """F.kl_div(log q, p, reduction="sum"); None where torch disagrees on
    what an infinite or undefined term means (NaN, or inf vs finite)."""
    if torch is None:
        return None
    value = torch.nn.functional.kl_div(
        torch.log(tensor(torch, qs)), tensor(torch, ps),
        reduction="sum").item()
    if math.isnan(value) or (math.isinf(value) != math.isinf(exact)):
        return None
    return value


def write_kl_tables(torch):
    row_lines = []
    expected_lines = []
    for obs_id, (ps, qs) in enumerate(kl_observations(), start=1):
        ps = [float(p) for p in ps]
        qs = [float(q) for q in qs]
        for p, q in zip(ps, qs):
            row_lines.append([str(obs_id), fmt(p), fmt(q)])
        ref_exact = to_double(exact_kl(ps, qs))
        ref_scipy = float(scipy.special.rel_entr(np.array(ps),
                                                 np.array(qs)).sum())
        expected_lines.append([str(obs_id), str(len(ps)), fmt(ref_exact),
                               fmt(ref_scipy),
                               fmt_optional(torch_kl(torch, ps, qs,
                                                     ref_exact))])
    base.write_tsv("kl_rows.tsv", ["obs", "p", "q"], row_lines)
    base.write_tsv("kl_expected.tsv",
                   ["obs", "n_rows", "ref_exact", "ref_scipy", "ref_torch"],
                   expected_lines)


# --------------------------------------------------------------------------
# Table 7: sets for mean_bce_logits (plain and weighted)
# --------------------------------------------------------------------------

EXTREME_Z = [40.0, -40.0, 1000.0, -1000.0, 0.0]


def mean_logits_sets():
    rng = np.random.default_rng(SEED_MEAN_LOGITS)
    sets = []
    n = 1000
    sets.append(("random1000",
                 rng.integers(0, 2, size=n).astype(np.float64),
                 rng.normal(0.0, 8.0, size=n),
                 rng.uniform(0.0, 5.0, size=n)))
    n = 200
    sets.append(("soft200", rng.uniform(0.0, 1.0, size=n),
                 rng.normal(0.0, 8.0, size=n),
                 rng.uniform(0.0, 5.0, size=n)))
    pairs = [(y, z) for z in EXTREME_Z for y in (0.0, 1.0)]
    sets.append(("extremes", [y for y, _ in pairs], [z for _, z in pairs],
                 [base.EXTREME_W[i % len(base.EXTREME_W)]
                  for i in range(len(pairs))]))
    sets.append(("single", [1.0], [1.5], [2.5]))
    return sets


def write_mean_logits_tables(torch):
    row_lines = []
    expected_lines = []
    for name, ys, zs, ws in mean_logits_sets():
        ys, zs, ws = ([float(v) for v in col] for col in (ys, zs, ws))
        for y, z, w in zip(ys, zs, ws):
            row_lines.append([name, fmt(y), fmt(z), fmt(w)])
        ref_torch = None
        if torch is not None:
            ref_torch = torch.nn.functional.binary_cross_entropy_with_logits(
                tensor(torch, zs), tensor(torch, ys), reduction="mean").item()
        for weighted in (0, 1):
            expected_lines.append([
                name, str(weighted), str(len(ys)),
                fmt(to_double(exact_mean_bce_logits(
                    ys, zs, ws if weighted else None))),
                # torch's weight= divides by n, not by sum(w).
                fmt_optional(None if weighted else ref_torch)])
    base.write_tsv("mean_logits_rows.tsv", ["set", "y", "z", "w"], row_lines)
    base.write_tsv("mean_logits_expected.tsv",
                   ["set", "weighted", "n", "ref_exact", "ref_torch"],
                   expected_lines)


# --------------------------------------------------------------------------
# Documented values
# --------------------------------------------------------------------------

def ulps_apart(a, b):
    """How many doubles lie between a and b (both finite, same sign)."""
    n = 0
    while a != b and n <= 16:
        a = math.nextafter(a, b)
        n += 1
    return n


def check_documented():
    """Print the values quoted in the docs next to the exact reference.

    A quoted value may be 1 ulp from the correctly rounded one (the docs
    show what the extension prints); anything further stops the script.
    """
    values = [(f"bce_logits({fmt(y)}, {fmt(z)})",
               to_double(exact_bce_logits(y, z)), documented)
              for y, z, documented in [(1.0, 40.0, 4.248354255291589e-18),
                                       (1.0, -1000.0, 1000.0),
                                       (0.0, 1000.0, 1000.0)]]
    failed = False
    for label, got, documented in values + DOCUMENTED:
        ulps = ulps_apart(got, documented)
        failed |= ulps > 1
        note = ("" if ulps == 0 else
                f"  (documented {fmt(documented)}: {ulps} ulp away)")
        print(f"documented {label}: exact {fmt(got)}{note}")
    if failed:
        sys.exit("documented values disagree with the exact reference")


def main():
    torch = base.load_torch()
    ops = load_torchvision() if torch is not None else None
    # As in make_reference.py: a library warning means doubtful values.
    warnings.simplefilter("error")
    base.DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_logits_cases(torch)
    write_focal_cases(torch, ops)
    write_balanced_cases()
    write_softmax_tables(torch)
    write_entropy_tables()
    write_kl_tables(torch)
    write_mean_logits_tables(torch)
    check_documented()


if __name__ == "__main__":
    main()
