"""Size and power by simulation; the numpy estimator equals PanelOLS; the spill-in identity cannot come back."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden._within import within_ols
from alliancestats.burden.panel import fit_panel, fit_spill_in, spill_in_is_identity
from alliancestats.burden.shares import spill_in
from alliancestats.burden.simulate import rejection_rate, simulate_alliance
from alliancestats.errors import ModelInputError, OptionError


def _unbalanced(seed=3):
    rng = np.random.default_rng(seed)
    d = pd.DataFrame({"ccode": np.repeat(np.arange(12), 15), "year": np.tile(np.arange(1990, 2005), 12)})
    d = d.sample(frac=0.85, random_state=seed).sort_index()
    d["x"] = rng.normal(size=len(d)) + 0.1 * d["ccode"]
    d["z"] = rng.normal(size=len(d))
    d["y"] = 0.7 * d["x"] - 0.2 * d["z"] + 0.3 * d["ccode"] + 0.05 * (d["year"] - 1990) + rng.normal(size=len(d))
    return d


@pytest.mark.parametrize("se,cluster,te", [("cluster", "entity", True), ("cluster_time", "time", False)])
def test_numpy_within_estimator_equals_panelols(se, cluster, te):
    d = _unbalanced()
    ref = fit_panel(d, "y", ["x", "z"], se=se, time_effects=te)
    b, V, df = within_ols(d["y"], d[["x", "z"]], d["ccode"], d["year"], time_effects=te, cluster=cluster)
    np.testing.assert_allclose(b, ref.params.to_numpy(), rtol=1e-8)
    # CR1: PanelOLS's small-sample factors differ by under 1 %
    np.testing.assert_allclose(np.sqrt(np.diag(V)), ref.bse.to_numpy(), rtol=0.01)
    assert df == ref.df_resid


@pytest.mark.parametrize("se,te", [("cr2", True), ("cr2_time", False)])
def test_both_engines_give_the_same_cr2_fit(se, te):
    from alliancestats.burden.panel import Design, fit_design

    d = _unbalanced()
    des = Design(d, "y", ("x", "z"), "t", time_effects=te, se=se)
    a, b = fit_design(des), fit_design(des, engine="numpy")
    np.testing.assert_allclose(a.params, b.params, rtol=1e-9)
    np.testing.assert_allclose(a.bse, b.bse, rtol=1e-9)
    assert a.df_resid == b.df_resid and a.n_obs == b.n_obs == len(d)
    assert a.se_type.endswith("CR2")


def test_cr2_with_singleton_clusters_is_hc2():
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = X @ [1.0, -1.0] + rng.normal(size=40) * (1 + np.abs(X[:, 0]))
    b, V, _ = within_ols(y, X, np.arange(40), np.zeros(40), entity_effects=False, cluster="entity", vcov="cr2")
    ref = sm.OLS(y, X).fit(cov_type="HC2")
    np.testing.assert_allclose(b, ref.params, rtol=1e-10)
    np.testing.assert_allclose(np.sqrt(np.diag(V)), ref.bse, rtol=1e-8)


def test_spill_in_on_one_alliance_is_the_own_share_identity():
    mem, _ = simulate_alliance(8, 25, seed=2)
    d = spill_in(mem)
    tot = d.groupby("year")["milex"].transform("sum")
    d = d.assign(log_milex=np.log(d["milex"]), log_spill_in=np.log(d["spill_in"]),
                 log_one_minus_share=np.log(1 - d["milex"] / tot))
    a = fit_panel(d, "log_milex", ["log_spill_in"])
    b = fit_panel(d, "log_milex", ["log_one_minus_share"])
    # log S = log total + log(1 - share); the year effects absorb log total: the SAME estimate
    assert a.params.iat[0] == pytest.approx(b.params.iat[0], rel=1e-9)
    assert spill_in_is_identity(d)
    with pytest.raises(ModelInputError, match="accounting identity"):
        fit_spill_in(d.assign(threat=0.0))
    # allies' spending from other ally sets (e.g. weights that differ by member): not an identity
    w = np.random.default_rng(1).uniform(0.5, 1.5, len(d))
    assert not spill_in_is_identity(d.assign(spill_in=d["spill_in"] * w))


def test_leader_follower_has_nominal_size_and_detects_planted_free_riding():
    null = rejection_rate("leader_follower", n_sims=300, n_members=8, n_years=25, seed=11)
    assert null["rejection_rate"] <= 0.10
    assert abs(null["mean_estimate"]) < 0.02
    alt = rejection_rate("leader_follower", n_sims=100, n_members=8, n_years=25, seed=11, free_riding=-0.3)
    assert alt["rejection_rate"] >= 0.7
    assert alt["mean_estimate"] == pytest.approx(-0.3, abs=0.03)


def test_old_spill_in_rejects_far_above_nominal_under_the_null():
    # why the contemporaneous spill-in is not estimated: 'free riding' found on independent paths
    r = rejection_rate("spill_in_contemporaneous", n_sims=100, n_members=8, n_years=25, seed=11)
    assert r["rejection_rate"] > 0.10 and r["mean_estimate"] < -1


def test_gdp_share_model_detects_a_planted_slope():
    r = rejection_rate("burden_gdp_share", n_sims=60, n_members=8, n_years=25, seed=5, gdp_share_slope=8.0)
    assert r["rejection_rate"] >= 0.5 and r["mean_estimate"] == pytest.approx(8.0, abs=1.5)
    with pytest.raises(OptionError, match="leader_follower"):
        rejection_rate("nope", n_sims=2)
