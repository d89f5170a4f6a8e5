"""Firth's penalized logit against hand-computed cases (Firth 1993; Heinze & Schemper 2002)."""
import numpy as np
import pandas as pd
import pytest
from scipy.special import expit, logit

from alliancestats.models import SeparationError, fit_binary, fit_firth


def test_intercept_only_is_jeffreys_estimate():
    # with a constant only, U* = 0 gives pi = (s + 1/2) / (n + 1)
    y = np.r_[np.ones(3), np.zeros(17)]
    r = fit_firth(pd.DataFrame({"y": y}), "y", [])
    assert r.params["const"] == pytest.approx(logit(3.5 / 21), abs=1e-9)
    # classical variance = 1 / (n pi (1 - pi))
    p = 3.5 / 21
    assert r.bse["const"] == pytest.approx(np.sqrt(1 / (20 * p * (1 - p))), rel=1e-8)


@pytest.mark.parametrize("s1,n1,s0,n0", [(4, 10, 2, 15), (10, 10, 3, 12)])  # second: complete separation on x=1
def test_binary_covariate_is_log_odds_ratio_with_half_added(s1, n1, s0, n0):
    # saturated 2-group model: each group's hat values sum to 1, so pi_g = (s_g + 1/2)/(n_g + 1)
    y = np.r_[np.ones(s1), np.zeros(n1 - s1), np.ones(s0), np.zeros(n0 - s0)]
    x = np.r_[np.ones(n1), np.zeros(n0)]
    d = pd.DataFrame({"y": y, "x": x})
    r = fit_firth(d, "y", ["x"])
    assert r.params["const"] == pytest.approx(logit((s0 + 0.5) / (n0 + 1)), abs=1e-8)
    assert r.params["x"] == pytest.approx(logit((s1 + 0.5) / (n1 + 1)) - logit((s0 + 0.5) / (n0 + 1)), abs=1e-8)
    assert np.isfinite(r.bse).all()
    if s1 == n1:
        with pytest.raises(SeparationError, match="fit_firth"):
            fit_binary(d, "y", ["x"])


def test_classical_cov_is_inverse_information_and_llf_unpenalized():
    rng = np.random.default_rng(1)
    n = 200
    x = rng.normal(size=n)
    y = (rng.random(n) < expit(-1 + 0.8 * x)).astype(float)
    r = fit_firth(pd.DataFrame({"y": y, "x": x}), "y", ["x"])
    X = np.c_[np.ones(n), x]
    p = expit(X @ r.params.to_numpy())
    info = X.T @ (X * (p * (1 - p))[:, None])
    np.testing.assert_allclose(r.cov.to_numpy(), np.linalg.inv(info), rtol=1e-6)
    h = (p * (1 - p)) * np.einsum("ij,jk,ik->i", X, np.linalg.inv(info), X)
    np.testing.assert_allclose(X.T @ (y - p + h * (0.5 - p)), 0, atol=1e-7)  # modified score is zero
    assert r.llf == pytest.approx(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-10)
    assert r.extra["penalized_llf"] == pytest.approx(r.llf + 0.5 * np.linalg.slogdet(info)[1], rel=1e-10)


def test_firth_shrinks_ml_bias_in_small_samples():
    # known result: ML logit slopes are biased away from 0 in small samples; Firth's removes the O(1/n) term
    rng = np.random.default_rng(7)
    b = np.array([-1.0, 1.0])
    ml, fi = [], []
    for _ in range(300):
        x = rng.normal(size=40)
        y = (rng.random(40) < expit(b[0] + b[1] * x)).astype(float)
        d = pd.DataFrame({"y": y, "x": x})
        try:
            ml.append(fit_binary(d, "y", ["x"]).params["x"])
        except Exception:
            continue
        fi.append(fit_firth(d, "y", ["x"]).params["x"])
    assert abs(np.mean(fi) - 1) < abs(np.mean(ml) - 1)
    assert abs(np.mean(fi) - 1) < 0.08


def test_firth_cluster_se_uses_modified_scores():
    rng = np.random.default_rng(3)
    n = 120
    d = pd.DataFrame({"x": rng.normal(size=n), "g": np.repeat(np.arange(12), 10)})
    d["y"] = (rng.random(n) < expit(-0.5 + d["x"])).astype(float)
    r = fit_firth(d, "y", ["x"], se="cluster", cluster="g")
    X = np.c_[np.ones(n), d["x"]]
    p = expit(X @ r.params.to_numpy())
    info = X.T @ (X * (p * (1 - p))[:, None])
    inv = np.linalg.inv(info)
    h = (p * (1 - p)) * np.einsum("ij,jk,ik->i", X, inv, X)
    s = X * (d["y"].to_numpy() - p + h * (0.5 - p))[:, None]
    S = np.vstack([s[d["g"].to_numpy() == g].sum(0) for g in range(12)])
    hand = 12 / 11 * (n - 1) / (n - 2) * inv @ (S.T @ S) @ inv
    np.testing.assert_allclose(r.cov.to_numpy(), hand, rtol=1e-8)
    assert r.n_clusters == 12
