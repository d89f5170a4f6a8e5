"""The linear-programming separation test (Konis 2007) and how the estimators use it.

Hand-built worlds where the answer is known by construction (Albert & Anderson 1984):
a separating direction exists iff (2y - 1) x'b >= 0 for all rows with one > 0.
"""
import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from alliancestats.models import SeparationError, detect_separation, fit_binary, fit_firth


def _continuous_quasi(rng, n=300):
    """y = 1 for x > 0, y = 0 for x < 0, both outcomes at the tied value x = 0: quasi-complete separation."""
    x = np.round(rng.normal(size=n), 1)
    tie = np.flatnonzero(x == 0)
    assert len(tie) >= 4
    y = (x > 0).astype(float)
    y[tie] = np.arange(len(tie)) % 2  # both outcomes at the boundary: no strict separating hyperplane
    z = rng.normal(size=n)  # an irrelevant covariate
    return pd.DataFrame({"y": y, "x": x, "z": z})


def test_quasi_separation_from_a_continuous_regressor():
    d = _continuous_quasi(np.random.default_rng(1))
    chk = detect_separation(d, "y", ["x", "z"])
    assert chk.separated
    assert chk.infinite["x"] == np.inf and chk.infinite["z"] == 0
    assert chk.diverging[-1] == "x" and "z" not in chk.diverging
    # every row off the boundary is predicted perfectly, the tied rows are not
    assert chk.n_perfect == int((d.x != 0).sum())
    # the cheap 0/1 check cannot see it; the default fit finds it through the LP once Newton fails
    with pytest.raises(SeparationError, match=r"x -> \+inf"):
        fit_binary(d, "y", ["x", "z"])
    with pytest.raises(SeparationError, match="Konis"):
        fit_binary(d, "y", ["x", "z"], separation="lp")
    # Firth still gives finite estimates
    assert np.isfinite(fit_firth(d, "y", ["x", "z"]).params).all()


def test_separation_from_a_combination_of_regressors():
    # y = 1 iff x1 + x2 > 0: neither covariate separates alone, their sum does
    rng = np.random.default_rng(2)
    n = 400
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    d = pd.DataFrame({"x1": x1, "x2": x2, "y": (x1 + x2 > 0).astype(float)})
    for c in ("x1", "x2"):
        assert not detect_separation(d, "y", [c]).separated
    chk = detect_separation(d, "y", ["x1", "x2"])
    assert chk.separated and chk.infinite["x1"] == np.inf and chk.infinite["x2"] == np.inf
    # the direction found separates: every row on its side of the hyperplane
    X = np.c_[np.ones(n), x1, x2]
    margin = (2 * d.y.to_numpy() - 1) * (X @ chk.direction[["const", "x1", "x2"]].to_numpy())
    assert margin.min() > -1e-9 and chk.n_perfect == int((margin > 1e-6).sum()) > n / 2
    with pytest.raises(SeparationError):
        fit_binary(d, "y", ["x1", "x2"])


def test_quasi_separation_from_a_combination_with_binary_covariates():
    # d1 = d2 = 1 -> always an event, other cells mixed: no single 0/1 covariate separates
    rng = np.random.default_rng(3)
    n = 800
    d1, d2 = rng.integers(0, 2, n).astype(float), rng.integers(0, 2, n).astype(float)
    y = np.where((d1 == 1) & (d2 == 1), 1.0, (rng.random(n) < 0.4).astype(float))
    d = pd.DataFrame({"y": y, "d1": d1, "d2": d2, "both": d1 * d2})
    assert not detect_separation(d, "y", ["d1", "d2"]).separated  # without the interaction: ML exists
    chk = detect_separation(d, "y", ["d1", "d2", "both"])
    assert chk.separated and chk.diverging == ["both"] and chk.infinite["both"] == np.inf
    assert chk.n_perfect == int(((d1 == 1) & (d2 == 1)).sum())
    assert chk.n_lp_rows == 7  # 3 mixed covariate cells x 2 outcomes + the all-event cell: distinct rows only


def test_not_separated_and_estimates_unchanged():
    rng = np.random.default_rng(4)
    n = 2000
    d = pd.DataFrame({"x": rng.normal(size=n), "z": rng.integers(0, 3, n).astype(float)})
    d["y"] = (rng.random(n) < expit(-0.5 + d.x - 0.3 * d.z)).astype(float)
    chk = detect_separation(d, "y", ["x", "z"])
    assert not chk.separated and chk.diverging == [] and chk.n_perfect == 0
    a = fit_binary(d, "y", ["x", "z"], separation="lp")
    b = fit_binary(d, "y", ["x", "z"], separation="none")
    c = fit_binary(d, "y", ["x", "z"])
    assert a.params.equals(b.params) and b.params.equals(c.params)


def test_negative_direction_and_separation_option_errors():
    rng = np.random.default_rng(5)
    x = rng.normal(size=200)
    d = pd.DataFrame({"x": x, "y": (x < 0.3).astype(float)})
    assert detect_separation(d, "y", ["x"]).infinite["x"] == -np.inf
    with pytest.raises(ValueError, match="auto"):
        fit_binary(d, "y", ["x"], separation="yes")


@pytest.mark.parametrize("world", ["continuous", "combination", "none"])
def test_constraint_generation_gives_the_full_lp_answer(world):
    # large samples are solved on a growing subset of rows; force that path with a small max_rows
    from alliancestats.models.binary import design
    from alliancestats.models.separation import lp_separation
    rng = np.random.default_rng(6)
    n = 3000
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    if world == "continuous":
        d = _continuous_quasi(rng, n)
        covs = ["x", "z"]
    elif world == "combination":
        d = pd.DataFrame({"x1": x1, "x2": x2, "y": (x1 + 0.5 * x2 > 0.2).astype(float)})
        covs = ["x1", "x2"]
    else:
        d = pd.DataFrame({"x1": x1, "x2": x2, "y": (rng.random(n) < expit(x1 - x2)).astype(float)})
        covs = ["x1", "x2"]
    y, X, _ = design(d, "y", covs)
    full = lp_separation(y.to_numpy(), X.to_numpy(), list(X.columns))
    part = lp_separation(y.to_numpy(), X.to_numpy(), list(X.columns), max_rows=200)
    assert part.separated == full.separated == (world != "none")
    assert part.n_lp_rows < n  # the subset path really ran
    if full.separated:
        assert set(part.diverging) >= {c for c in covs if c != "const"} - {"z"}
        Xt = X.to_numpy() * (2 * y.to_numpy() - 1)[:, None]
        assert (Xt @ part.direction.to_numpy()).min() > -1e-8  # a valid separating direction of all rows
