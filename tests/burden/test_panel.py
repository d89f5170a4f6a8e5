"""PanelOLS wrappers recover planted coefficients in simulated panels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.panel import fit_burden_gdp_share, fit_panel, fit_spill_in
from alliancestats.errors import ModelInputError, OptionError


def _panel(n=40, t=30, seed=7):
    rng = np.random.default_rng(seed)
    e = np.repeat(np.arange(n), t)
    y = np.tile(np.arange(1960, 1960 + t), n)
    alpha = rng.normal(0, 2, n)[e]
    gamma = rng.normal(0, 1, t)[y - 1960]
    return rng, e, y, alpha, gamma


def test_two_way_fe_recovers_planted_slope_despite_correlated_effects():
    rng, e, y, alpha, gamma = _panel()
    x = 0.5 * alpha + 0.5 * gamma + rng.normal(size=len(e))  # x correlated with both effects
    u = rng.normal(size=len(e))
    d = pd.DataFrame({"ccode": e, "year": y, "x": x, "out": 2.5 * x + alpha + gamma + u})
    res = fit_panel(d, "out", ["x"])
    b, se = res.params["x"], res.bse["x"]
    assert abs(b - 2.5) < 4 * se and abs(b - 2.5) < 0.1
    assert res.n_entities == 40 and res.n_periods == 30 and res.n_obs == 1200
    pooled = np.polyfit(x, d["out"], 1)[0]
    assert abs(pooled - 2.5) > 0.3  # the effects matter: pooled OLS is biased
    tab = res.coef_table()
    assert tab["conf_low"].iat[0] < 2.5 < tab["conf_high"].iat[0]
    assert "PanelOLS" in res.summary() and "coefficients" in res.stats_dict()


def test_burden_gdp_share_model_recovers_beta_in_percent():
    rng, e, y, alpha, gamma = _panel(n=30, t=40, seed=11)
    share = np.clip(0.1 + 0.05 * rng.normal(size=len(e)) + 0.02 * alpha, 0.001, None)
    burden_pct = 3.0 * share + 0.1 * alpha + 0.05 * gamma + 0.02 * rng.normal(size=len(e))
    d = pd.DataFrame({"ccode": e, "year": y, "share_gdp": share, "burden": burden_pct / 100})
    res = fit_burden_gdp_share(d)
    assert res.outcome == "burden_pct"
    assert res.params["share_gdp"] == pytest.approx(3.0, abs=4 * res.bse["share_gdp"])
    assert abs(res.params["share_gdp"] - 3.0) < 0.1


def test_spill_in_model_recovers_elasticities():
    rng, e, y, alpha, gamma = _panel(n=30, t=40, seed=5)
    lg = 10 + alpha + 0.3 * rng.normal(size=len(e))
    ls = 8 + 0.5 * gamma + rng.normal(size=len(e))
    thr = np.exp(5 + rng.normal(size=len(e))) - 1
    lm = -0.4 * ls + 0.2 * np.log1p(thr) + 0.8 * lg + alpha + gamma + 0.1 * rng.normal(size=len(e))
    d = pd.DataFrame({"ccode": e, "year": y, "milex": np.exp(lm), "spill_in": np.exp(ls), "threat": thr,
                      "gdp": np.exp(lg)})
    d.loc[0, "milex"] = 0.0  # non-positive: dropped and noted
    res = fit_spill_in(d)
    for term, true in (("log_spill_in", -0.4), ("log1p_threat", 0.2), ("log_gdp", 0.8)):
        assert abs(res.params[term] - true) < 4 * res.bse[term], term
    assert res.n_obs == len(d) - 1
    assert any("non-positive" in n for n in res.notes)


def test_same_condition_same_error_class_in_every_panel_verb():
    # issue 15: a duplicate entity-period is a JoinError and an unknown se an OptionError, whichever verb
    from alliancestats.burden.panel import Design, fit_design, quick_fit
    from alliancestats.errors import JoinError

    d = pd.DataFrame({"ccode": [1, 1, 2, 2], "year": [1, 1, 1, 2], "x": [1.0, 2, 3, 4], "y": [1.0, 2, 3, 5]})
    with pytest.raises(JoinError, match="not unique"):
        fit_panel(d, "y", ["x"])
    with pytest.raises(JoinError, match="not unique"):
        fit_design(Design(d, "y", ("x",), "m"), engine="numpy")
    ok = d.drop_duplicates(["ccode", "year"])
    with pytest.raises(OptionError, match="cr2"):
        fit_panel(ok, "y", ["x"], se="hc3")
    with pytest.raises(OptionError, match="cr2"):
        fit_design(Design(ok, "y", ("x",), "m", se="hc3"), engine="numpy")
    with pytest.raises(OptionError, match="clustered"):
        quick_fit(Design(ok, "y", ("x",), "m", se="robust"), "x")
    with pytest.raises(OptionError, match="numpy"):
        fit_design(Design(ok, "y", ("x",), "m"), engine="stata")
    with pytest.raises(ModelInputError, match="columns not in data"):
        fit_panel(ok, "y", ["nope"])


def test_results_api_matches_linearmodels_and_the_t_reference():
    # issue 13/15: PanelResult on the shared CoefficientResults base. Anchors: linearmodels' own estimates and
    # standard errors (res.raw), and t statistics / p-values / intervals on G - 1 df computed here by hand.
    from scipy import stats

    rng, e, y, alpha, gamma = _panel(n=20, t=15, seed=3)
    x = rng.normal(size=len(e)) + 0.5 * alpha
    d = pd.DataFrame({"ccode": e, "year": y, "x": x, "z": rng.normal(size=len(e)),
                      "out": 0.3 * x + alpha + gamma + rng.normal(size=len(e))})
    res = fit_panel(d, "out", ["x", "z"], se="cluster")
    np.testing.assert_allclose(res.params, res.raw.params, rtol=1e-12)
    np.testing.assert_allclose(res.bse, res.raw.std_errors, rtol=1e-12)
    assert res.nobs == 300 and res.df_resid == 19 and res.use_t
    t = res.params / res.bse
    np.testing.assert_allclose(res.tvalues, t, rtol=1e-12)
    np.testing.assert_allclose(res.pvalues, 2 * stats.t.sf(np.abs(t), 19), rtol=1e-12)
    q = stats.t.ppf(0.95, 19)
    ci = res.conf_int(0.1)
    np.testing.assert_allclose(ci[0], res.params - q * res.bse, rtol=1e-12)
    np.testing.assert_allclose(ci[1], res.params + q * res.bse, rtol=1e-12)
    tab = res.coef_table(0.9)
    assert list(tab.columns) == ["term", "estimate", "std_error", "t", "p_value", "conf_low", "conf_high"]
    np.testing.assert_allclose(tab["conf_low"], ci[0].to_numpy(), rtol=1e-12)
    s = res.summary()
    assert str(s).startswith("Panel model: PanelOLS of out\nN = 300")
    assert "<table" in s.as_html() and "<table" in res._repr_html_() and "\\begin{table}" in s.as_latex()
    assert res.stats_dict()["coefficients"]["x"]["p_value"] == pytest.approx(res.pvalues["x"], rel=1e-12)


def test_panel_results_go_into_the_side_by_side_table():
    from alliancestats.models.tables import compare

    rng, e, y, alpha, gamma = _panel(n=15, t=10, seed=9)
    x = rng.normal(size=len(e))
    d = pd.DataFrame({"ccode": e, "year": y, "x": x, "out": 0.3 * x + alpha + rng.normal(size=len(e))})
    a, b = fit_panel(d, "out", ["x"], se="cluster"), fit_panel(d, "out", ["x"], se="cr2")
    frame = compare({"CR1": a, "CR2": b}).to_frame()
    assert frame.loc[("x", "se"), "CR2"] == f"({b.bse['x']:.3f})"
    assert frame.loc[("N", ""), "CR1"] == "150"
