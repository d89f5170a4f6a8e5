"""Leave-one-member-out and period splits find the member that drives a pooled estimate."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.influence import influence_summary, leave_one_out, period_split
from alliancestats.burden.panel import drop_small_groups, fit_burden_gdp_share, fit_panel
from alliancestats.errors import ModelInputError


def _world(seed=1):
    """Ten members with y = -x; member 1 has y = +20 x with a large spread in x: it drives the pooled sign."""
    rng = np.random.default_rng(seed)
    d = pd.DataFrame({"ccode": np.repeat(np.arange(1, 11), 20), "year": np.tile(np.arange(1980, 2000), 10)})
    d["x"] = rng.normal(size=len(d)) * np.where(d["ccode"] == 1, 5.0, 0.5)
    slope = np.where(d["ccode"] == 1, 20.0, -1.0)
    d["y"] = slope * d["x"] + 0.2 * rng.normal(size=len(d))
    return d


def test_leave_one_out_flags_the_member_that_flips_the_sign():
    d = _world()
    fit = (lambda x: fit_panel(x, "y", ["x"]))
    tab = leave_one_out(fit, d, "x")
    assert tab["estimate"].iat[0] > 0
    flips = tab.loc[tab["sign_flip"].astype(bool), "dropped"].tolist()
    assert flips == [1]
    assert tab.set_index("dropped").loc[1, "estimate"] == pytest.approx(-1.0, abs=0.1)
    s = influence_summary(tab, labels={1: "USA"})
    assert s["sign_flips"] == ["USA"] and s["loo_min_dropped"] == "USA" and s["sign_flip_flag"]
    assert s["n_loo"] == 10


def test_period_split_and_unestimable_periods():
    d = _world()
    d.loc[d["year"] >= 1990, "y"] = -d.loc[d["year"] >= 1990, "y"]
    fit = (lambda x: fit_panel(x, "y", ["x"]))
    p = period_split(fit, d, "x", [(1980, 1989), (1990, 1999), (2050, 2060)], base=1.0)
    assert p["estimate"].iat[0] > 0 and p["estimate"].iat[1] < 0
    assert p["sign_flip"].tolist() == [False, True, False]
    assert np.isnan(p["estimate"].iat[2]) and p["note"].iat[2]
    assert influence_summary(p)["period_sign_flips"] == ["1990-1999"]


def test_alliance_years_with_fewer_than_three_members_are_skipped_and_reported():
    rng = np.random.default_rng(0)
    d = pd.DataFrame({"alliance": "a", "ccode": np.repeat([1, 2, 3], 6), "year": np.tile(np.arange(2000, 2006), 3),
                      "burden": rng.uniform(0.01, 0.05, 18), "share_gdp": rng.uniform(0.1, 0.5, 18)})
    d.loc[(d["ccode"] == 3) & (d["year"] == 2005), "burden"] = np.nan  # 2005: two members with data
    kept, skipped = drop_small_groups(d, ["burden", "share_gdp"])
    assert skipped.to_dict("records") == [{"alliance": "a", "year": 2005, "n_with_data": 2}]
    assert 2005 not in set(kept["year"])
    res = fit_burden_gdp_share(d)
    assert any("fewer than 3 members" in n for n in res.notes) and res.n_periods == 5
    with pytest.raises(ModelInputError, match="at least 3"):
        drop_small_groups(d[d["ccode"] != 3], ["burden", "share_gdp"])
