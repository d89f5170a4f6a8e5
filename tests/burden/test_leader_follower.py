"""Leader-follower growth model (Plumper & Neumayer 2015) on hand-built and simulated panels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.leader_follower import (first_difference, fit_leader_follower, leader_follower_panel,
                                                  log_growth, member_responses, rival_excess_growth)
from alliancestats.burden.simulate import model_design, simulate_alliance
from alliancestats.errors import JoinError, ModelInputError, OptionError


def test_log_growth_by_hand_gaps_and_row_order():
    d = pd.DataFrame({"ccode": [1, 1, 1, 1, 2, 2], "year": [2000, 2001, 2003, 2004, 2000, 2001],
                      "x": [1.0, 2.0, 4.0, 0.0, 5.0, 10.0]})
    g = log_growth(d, "x")
    exp = [np.nan, np.log(2), np.nan, np.nan, np.nan, np.log(2)]  # 2003: 2002 missing; 2004: x = 0
    np.testing.assert_allclose(g.to_numpy(), exp)
    sh = d.sample(frac=1, random_state=3)
    np.testing.assert_allclose(log_growth(sh, "x").reindex(d.index).to_numpy(), exp)
    np.testing.assert_allclose(first_difference(d, "x").to_numpy(), [np.nan, 1, np.nan, -4, np.nan, 5])
    with pytest.raises(JoinError, match="more than one row"):
        log_growth(pd.concat([d, d.head(1)]), "x")


def test_rival_excess_growth_by_hand():
    nom = pd.DataFrame({"ccode": [2, 2, 2, 365, 365, 365], "year": [1960, 1961, 1962] * 2,
                        "value": [100.0, 110.0, 99.0, 50.0, 60.0, 66.0]})
    r = rival_excess_growth(nom).set_index("year")
    assert np.isnan(r.loc[1960, "threat_excess"])
    # 1961: gR = log 1.2 > gL = log 1.1 -> excess log(1.2/1.1); 1962: gR = log 1.1, gL = log 0.9 -> excess > 0
    assert r.loc[1961, "threat_excess"] == pytest.approx(np.log(1.2 / 1.1))
    assert r.loc[1962, "threat_excess"] == pytest.approx(np.log(1.1) - np.log(0.9))
    nom.loc[nom["ccode"] == 365, "value"] = [50.0, 51.0, 52.0]  # rival grows slower: no excess
    assert rival_excess_growth(nom).set_index("year").loc[1961, "threat_excess"] == 0.0
    with pytest.raises(ModelInputError):
        rival_excess_growth(nom[nom["ccode"] == 2])


def test_panel_rows_are_followers_with_the_leaders_growth():
    m = pd.DataFrame({"alliance": "a", "ccode": [2, 2, 2, 20, 20, 20, 200, 200],
                      "year": [1960, 1961, 1962, 1960, 1961, 1962, 1961, 1962],
                      "milex": [100.0, 200, 100, 10, 10, 20, 5, 5], "gdp": [1.0] * 8})
    p = leader_follower_panel(m, leader=2)
    assert set(p["ccode"]) == {20, 200}
    row = p[(p["ccode"] == 20) & (p["year"] == 1962)].iloc[0]
    assert row["g_own"] == pytest.approx(np.log(2)) and row["g_leader"] == pytest.approx(np.log(0.5))
    lag = leader_follower_panel(m, leader=2, lag=1)
    assert lag.loc[(lag["ccode"] == 20) & (lag["year"] == 1962), "g_leader"].iat[0] == pytest.approx(np.log(2))
    with pytest.raises(ModelInputError):
        leader_follower_panel(m, leader=999)
    with pytest.raises(OptionError, match="lag"):
        leader_follower_panel(m, leader=2, lag=-1)


def test_fit_recovers_planted_free_riding_and_is_centred_under_the_null():
    mem, nom = simulate_alliance(12, 40, seed=4, free_riding=-0.5)
    des, _ = model_design("leader_follower", mem, nom)
    res = fit_leader_follower(des.data, period=None)
    b, se = res.params["g_leader"], res.bse["g_leader"]
    assert abs(b + 0.5) < 3 * se and b / se < -3
    assert res.se_type == "clustered by year, CR2" and res.df_resid == res.n_periods - 1
    fast = fit_leader_follower(des.data, period=None, engine="numpy")
    assert fast.params["g_leader"] == pytest.approx(b, rel=1e-9)
    assert fast.bse["g_leader"] == pytest.approx(se, rel=1e-9)
    mem0, nom0 = simulate_alliance(12, 40, seed=4)
    res0 = fit_leader_follower(model_design("leader_follower", mem0, nom0)[0].data, period=None)
    assert abs(res0.params["g_leader"]) < 3 * res0.bse["g_leader"]
    mr = member_responses(des.data, period=None)
    assert len(mr) == 11 and mr["beta_leader"].median() == pytest.approx(-0.5, abs=0.25)


def test_period_and_missing_threat_are_clear_errors():
    mem, nom = simulate_alliance(5, 10, seed=1)
    d = model_design("leader_follower", mem, nom)[0].data
    with pytest.raises(ModelInputError, match="no follower-years"):
        fit_leader_follower(d, period=(1900, 1910))
    with pytest.raises(ModelInputError, match="threat"):
        fit_leader_follower(d.drop(columns="threat_excess"), period=None)
