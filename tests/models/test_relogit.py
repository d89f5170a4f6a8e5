"""King & Zeng (2001) rare-events logit against its formulas."""
import numpy as np
import pandas as pd
import pytest
from scipy.special import expit, logit

from alliancestats.models import SeparationError, fit_binary, fit_relogit


def test_intercept_only_closed_form():
    # bias = (2 ybar - 1) / (2 n ybar (1 - ybar)) with one constant
    y = np.r_[np.ones(3), np.zeros(17)]
    r = fit_relogit(pd.DataFrame({"y": y}), "y", [])
    yb, n = 0.15, 20
    assert r.params["const"] == pytest.approx(logit(yb) - (2 * yb - 1) / (2 * n * yb * (1 - yb)), abs=1e-10)
    ml = fit_binary(pd.DataFrame({"y": y}), "y", [])
    assert r.bse["const"] == pytest.approx(ml.bse["const"] * n / (n + 1), rel=1e-10)


def test_bias_equals_explicit_matrix_formula():
    rng = np.random.default_rng(5)
    n = 60
    d = pd.DataFrame({"x": rng.normal(size=n), "z": rng.integers(0, 2, n).astype(float)})
    d["y"] = (rng.random(n) < expit(-2 + d["x"] + 0.5 * d["z"])).astype(float)
    ml = fit_binary(d, "y", ["x", "z"])
    r = fit_relogit(d, "y", ["x", "z"])
    X = np.c_[np.ones(n), d["x"], d["z"]]
    p = expit(X @ ml.params.to_numpy())
    W = np.diag(p * (1 - p))
    Q = X @ np.linalg.inv(X.T @ W @ X) @ X.T
    xi = 0.5 * np.diag(Q) * (2 * p - 1)
    bias = np.linalg.inv(X.T @ W @ X) @ X.T @ W @ xi
    np.testing.assert_allclose(r.params.to_numpy(), ml.params.to_numpy() - bias, rtol=1e-9)
    np.testing.assert_allclose(r.cov.to_numpy(), ml.cov.to_numpy() * (n / (n + 3)) ** 2, rtol=1e-12)


def test_prior_correction_shifts_intercept_only():
    rng = np.random.default_rng(2)
    d = pd.DataFrame({"x": rng.normal(size=400)})
    d["y"] = (rng.random(400) < expit(-1 + d["x"])).astype(float)
    a = fit_relogit(d, "y", ["x"])
    b = fit_relogit(d, "y", ["x"], tau=0.01)
    yb = d["y"].mean()
    assert b.params["const"] == pytest.approx(a.params["const"] - np.log(0.99 / 0.01 * yb / (1 - yb)), abs=1e-12)
    assert b.params["x"] == a.params["x"]


def test_bias_correction_reduces_rare_event_bias():
    rng = np.random.default_rng(11)
    est_ml, est_kz = [], []
    for _ in range(200):
        x = rng.normal(size=400)
        y = (rng.random(400) < expit(-4 + 1.0 * x)).astype(float)
        d = pd.DataFrame({"y": y, "x": x})
        try:
            m = fit_binary(d, "y", ["x"])
        except Exception:
            continue
        est_ml.append(m.params.to_numpy())
        est_kz.append(fit_relogit(d, "y", ["x"]).params.to_numpy())
    est_ml, est_kz = np.array(est_ml), np.array(est_kz)
    bias_ml = np.abs(est_ml.mean(0) - [-4, 1])
    bias_kz = np.abs(est_kz.mean(0) - [-4, 1])
    mc_se = est_kz.std(0) / np.sqrt(len(est_kz))
    assert bias_kz[0] < bias_ml[0]  # the intercept's rare-event bias (K&Z 2001, sec. 4) shrinks
    assert (bias_kz < 3 * mc_se).all()  # and no coefficient is biased beyond Monte Carlo error


def test_separation_is_refused():
    d = pd.DataFrame({"y": [1, 1, 0, 0, 0, 0.0], "x": [1, 1, 0, 0, 0, 0.0]})
    with pytest.raises(SeparationError):
        fit_relogit(d, "y", ["x"])
