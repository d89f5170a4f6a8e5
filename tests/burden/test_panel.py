"""PanelOLS wrappers recover planted coefficients in simulated panels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.panel import fit_burden_gdp_share, fit_panel, fit_spill_in
from alliancestats.models.binary import ModelInputError


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


def test_duplicate_entity_period_raises():
    d = pd.DataFrame({"ccode": [1, 1, 2, 2], "year": [1, 1, 1, 2], "x": [1.0, 2, 3, 4], "y": [1.0, 2, 3, 5]})
    with pytest.raises(ModelInputError):
        fit_panel(d, "y", ["x"])
