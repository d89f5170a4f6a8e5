"""Every standard-error type against statsmodels, and the Stata convention against a hand computation.

Conventions (alliancestats/models/binary.py docstring):
- classical: (-H)^-1                    = statsmodels ``cov_type="nonrobust"``
- robust, "statsmodels": HC0, no factor = statsmodels ``cov_type="HC0"`` (discrete models)
- cluster, "statsmodels": G/(G-1) (n-1)/(n-k) = statsmodels ``cov_type="cluster"`` (default correction)
- robust, "stata": n/(n-1) HC0; cluster, "stata": G/(G-1) (Stata's ``_robust`` for ML commands)
"""
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from scipy.special import expit

from alliancestats.errors import OptionError
from alliancestats.models import ModelInputError, fit_binary, fit_firth, fit_relogit, with_se


def _world(link, n=600, seed=11):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x": rng.normal(size=n), "d": rng.integers(0, 2, n).astype(float),
                       "g": rng.integers(0, 25, n)})
    eta = -0.8 + 0.7 * df.x - 0.5 * df.d
    p = expit(eta) if link == "logit" else stats.norm.cdf(eta)
    df["y"] = (rng.random(n) < p).astype(float)
    return df


@pytest.mark.parametrize("link,Model", [("logit", sm.Logit), ("probit", sm.Probit)])
@pytest.mark.parametrize("se,cov_type", [("classical", "nonrobust"), ("robust", "HC0"), ("cluster", "cluster")])
def test_each_se_type_equals_statsmodels(link, Model, se, cov_type):
    df = _world(link)
    X = sm.add_constant(df[["x", "d"]])
    kw = {"cov_kwds": {"groups": df["g"].to_numpy()}} if se == "cluster" else {}
    ref = Model(df.y, X).fit(disp=0, cov_type=cov_type, **kw)
    ours = fit_binary(df, "y", ["x", "d"], link=link, se=se, cluster="g" if se == "cluster" else None)
    np.testing.assert_allclose(ours.cov.to_numpy(), ref.cov_params().to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(ours.pvalues.to_numpy(), ref.pvalues.to_numpy(), rtol=1e-6)


def _hand_pieces(df, b, link):
    """Bread (X'WX)^-1 and per-observation scores, written out from the textbook formulas."""
    X = np.c_[np.ones(len(df)), df["x"], df["d"]]
    y = df["y"].to_numpy()
    eta = X @ b
    if link == "logit":
        p = expit(eta)
        s = (y - p)[:, None] * X
        w = p * (1 - p)
    else:  # probit: score (y - Phi) phi / (Phi (1 - Phi)); observed information weights
        Phi, phi = stats.norm.cdf(eta), stats.norm.pdf(eta)
        s = ((y - Phi) * phi / (Phi * (1 - Phi)))[:, None] * X
        q = 2 * y - 1
        lam = q * stats.norm.pdf(q * eta) / stats.norm.cdf(q * eta)
        w = lam * (lam + eta)
    bread = np.linalg.inv(X.T @ (X * w[:, None]))
    return X, s, bread


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_stata_convention_by_hand(link):
    df = _world(link, n=300, seed=5)
    n, k = len(df), 3
    r = fit_binary(df, "y", ["x", "d"], link=link, se="robust", se_convention="stata")
    X, s, bread = _hand_pieces(df, r.params.to_numpy(), link)
    hand = n / (n - 1) * bread @ (s.T @ s) @ bread
    np.testing.assert_allclose(r.cov.to_numpy(), hand, rtol=1e-7)

    c = fit_binary(df, "y", ["x", "d"], link=link, se="cluster", cluster="g", se_convention="stata")
    S = np.vstack([s[df["g"].to_numpy() == g].sum(0) for g in np.unique(df["g"])])
    G = len(S)
    np.testing.assert_allclose(c.cov.to_numpy(), G / (G - 1) * bread @ (S.T @ S) @ bread, rtol=1e-7)
    # the two conventions differ by exactly their factors
    sm_ = fit_binary(df, "y", ["x", "d"], link=link, se="cluster", cluster="g")
    np.testing.assert_allclose(sm_.cov.to_numpy() / c.cov.to_numpy(), (n - 1) / (n - k), rtol=1e-10)
    hc0 = fit_binary(df, "y", ["x", "d"], link=link, se="robust")
    np.testing.assert_allclose(r.cov.to_numpy() / hc0.cov.to_numpy(), n / (n - 1), rtol=1e-10)


def test_robust_is_hc0_without_the_old_n_over_n_minus_k_factor():
    # issue 15: the old code multiplied HC0 by n/(n-k) (1.0152 at n=200, k=3) while claiming statsmodels
    df = _world("logit", n=200, seed=3)
    r = fit_binary(df, "y", ["x", "d"], se="robust")
    X, s, bread = _hand_pieces(df, r.params.to_numpy(), "logit")
    np.testing.assert_allclose(r.cov.to_numpy(), bread @ (s.T @ s) @ bread, rtol=1e-7)


def test_conventions_pass_through_with_se_firth_and_relogit():
    df = _world("logit", n=400, seed=8)
    base = fit_binary(df, "y", ["x", "d"], se="classical")
    a = with_se(base, df, ["x", "d"], se="robust", se_convention="stata")
    b = fit_binary(df, "y", ["x", "d"], se="robust", se_convention="stata")
    np.testing.assert_allclose(a.cov.to_numpy(), b.cov.to_numpy(), rtol=1e-10)
    f1 = fit_firth(df, "y", ["x", "d"], se="cluster", cluster="g")
    f2 = fit_firth(df, "y", ["x", "d"], se="cluster", cluster="g", se_convention="stata")
    n, k = len(df), 3
    np.testing.assert_allclose(f1.cov.to_numpy() / f2.cov.to_numpy(), (n - 1) / (n - k), rtol=1e-10)
    r = fit_relogit(df, "y", ["x", "d"], se="robust", se_convention="stata")
    assert r.se_convention == "stata"
    with pytest.raises(ModelInputError, match="se_convention"):
        fit_relogit(df, "y", ["x", "d"], se="robust", ml=fit_binary(df, "y", ["x", "d"], se="robust"),
                    se_convention="stata")


def test_bad_options_name_the_valid_values():
    df = _world("logit", n=100)
    with pytest.raises(OptionError, match="statsmodels"):
        fit_binary(df, "y", ["x"], se="robust", se_convention="R")
    with pytest.raises(OptionError, match="classical"):
        fit_firth(df, "y", ["x"], se="hc1")
    with pytest.raises(ValueError, match="cluster="):  # ModelInputError is a ValueError: old callers still catch it
        fit_binary(df, "y", ["x"], se="cluster")
