"""Pledge applicability rules on the hand-built deterrence world (conftest.py): one case per rule."""
import pandas as pd
import pytest

import alliancestats as als
from alliancestats.deterrence import add_initiation, deterrence_frame, repledge
from det_world import det_world  # noqa: F401  (the hand-built world fixture)
from alliancestats.errors import AllianceStatsError, OptionError


def pledges(world, start=1900, end=1910, **rules):
    return als.add_challenger_alliances(als.create_dyad_years(True, start, end, data_dir=world), **rules)


def val(d, c1, c2, y, col="target_defense"):
    r = d[(d["ccode1"] == c1) & (d["ccode2"] == c2) & (d["year"] == y)]
    assert len(r) == 1, (c1, c2, y)
    return int(r[col].iloc[0])


def with_events(world, **rules):
    """Default panel values, then the event rows re-evaluated on their dispute's start date."""
    d = add_initiation(pledges(world))
    return repledge(d, **rules) if rules else repledge(d)


def test_pledge_signed_after_the_dispute_began(det_world):
    d = with_events(det_world)
    # MID 10 began 1902-03-01; 20's pledge to 200 was signed 1902-06-01: it did not exist for that dispute
    assert val(d, 2, 200, 1902) == 0
    # ... but other dyad-years of 1902 are evaluated on 1 July, when it was in force
    assert val(d, 300, 200, 1902) == 1 and val(d, 2, 200, 1903) == 1
    # the year-overlap rule counts it for the whole year, the dispute included
    assert val(with_events(det_world, timing="year"), 2, 200, 1902) == 1
    # a 1 January reference day would not count it for the non-event rows of 1902
    assert val(pledges(det_world, reference_day="01-01"), 300, 200, 1902) == 0
    ex = als.explain_challenger_alliances(2, 200, 1902, date="1902-03-01", data_dir=det_world)
    assert ex.values["target_defense"] == 0
    assert "not in force on 1902-03-01" in ex.obligations.loc[ex.obligations["atopid"] == 3001, "rule"].iloc[0]


def test_intra_alliance_pledges(det_world):
    d = with_events(det_world)
    # 300 -> 400 (MID 11): 2's pledge to 400 comes from pact 3002, of which 300 is a member too
    assert val(d, 300, 400, 1904) == 0
    assert val(d, 200, 400, 1904) == 1  # an outsider faces 2's and 300's pledges
    assert val(with_events(det_world, intra_alliance="include"), 300, 400, 1904) == 1
    ex = als.explain_challenger_alliances(300, 400, 1904, data_dir=det_world)
    rules = ex.obligations.loc[ex.obligations["variable"] == "target_defense"].set_index("ally")["rule"]
    assert "intra-alliance" in rules[2] and "opposing state itself" in rules[300]


def test_location_limited_defense_pledge(det_world):
    # 20 defends 2 only in a location: a challenge to 2 itself is on 2's territory ("homeland", default)
    d = pledges(det_world)
    assert val(d, 400, 2, 1903) == 1 and val(d, 400, 2, 1903, "target_defense_cond") == 0
    d = pledges(det_world, location="unknown")
    assert val(d, 400, 2, 1903) == 1 and val(d, 400, 2, 1903, "target_defense_cond") == 1
    assert val(pledges(det_world, location="unknown", conditional="exclude"), 400, 2, 1903) == 0
    assert val(pledges(det_world, location="fails"), 400, 2, 1903) == 0
    # an offense pledge's location is not the ally's own territory: it stays undecided
    d = pledges(det_world)
    assert val(d, 300, 2, 1903, "challenger_offense") == 1 and val(d, 300, 2, 1903, "challenger_offense_cond") == 1
    assert val(pledges(det_world, conditional="exclude"), 300, 2, 1903, "challenger_offense") == 0


def test_non_provocation_condition(det_world):
    d = pledges(det_world)
    # 200 defends 300 unless 300 provoked: void for 300 as the challenger, valid for 300 as the target
    assert val(d, 300, 20, 1908, "challenger_defense") == 0
    assert val(d, 20, 300, 1908) == 1 and val(d, 20, 300, 1908, "target_defense_cond") == 0
    assert val(pledges(det_world, provocation="satisfied"), 300, 20, 1908, "challenger_defense") == 1


def test_wartime_alliances(det_world):
    assert val(pledges(det_world), 2, 20, 1909) == 1
    assert val(pledges(det_world, wartime="exclude"), 2, 20, 1909) == 0
    ex = als.explain_challenger_alliances(2, 20, 1909, data_dir=det_world, wartime="exclude")
    assert "wartime" in ex.obligations.loc[ex.obligations["atopid"] == 3005, "rule"].iloc[0]


def test_explain_matches_frame_for_every_row(det_world):
    d = pledges(det_world)
    for r in d[d["year"].isin([1902, 1904, 1908])].itertuples():
        ex = als.explain_challenger_alliances(r.ccode1, r.ccode2, r.year, data_dir=det_world)
        for k in ("target_defense", "challenger_defense", "challenger_offense", "target_defense_cond"):
            assert ex.values[k] == int(getattr(r, k)), (r.ccode1, r.ccode2, r.year, k)


def test_bad_rules_name_the_valid_values(det_world):
    with pytest.raises(OptionError, match="'homeland', 'unknown', 'satisfied', 'fails'"):
        pledges(det_world, location="inside")
    with pytest.raises(AllianceStatsError, match="unknown rule"):
        pledges(det_world, locaton="homeland")
    with pytest.raises(AllianceStatsError, match="MM-DD"):
        pledges(det_world, reference_day="June 30")


def test_deterrence_frame_years_outside_the_panel(det_world):
    panel = pledges(det_world).pipe(als.add_disputes, source="gml").pipe(als.add_peace_years, event="gmlmidongoing")
    d = deterrence_frame(det_world, start=1900, end=1910, panel=panel)
    assert val(d, 2, 200, 1902) == 0 and val(d, 300, 200, 1902) == 1  # event row re-evaluated on its start date
    assert pd.api.types.is_float_dtype(d["peace_t2"].dtype) or str(d["peace_t2"].dtype) == "Float64"
    with pytest.raises(OptionError, match="outside the panel's 1900-1910"):
        deterrence_frame(det_world, start=1890, end=1905, panel=panel)


def test_warm_started_fit_reaches_the_same_maximum():
    """fit_binary(start=...) (used by the robustness table) converges to the cold-start estimates."""
    import numpy as np

    from alliancestats.models import fit_binary

    rng = np.random.default_rng(5)
    n = 20_000
    x = rng.normal(size=n)
    z = rng.binomial(1, 0.4, size=n)
    y = rng.binomial(1, 1 / (1 + np.exp(-(-2.0 + 0.8 * x - 0.5 * z))))
    d = pd.DataFrame({"y": y, "x": x, "z": z})
    cold = fit_binary(d, "y", ["x", "z"])
    warm = fit_binary(d, "y", ["x", "z"], start=pd.Series({"const": -1.0, "x": 1.5}))
    assert np.allclose(cold.params, warm.params, atol=1e-8) and np.allclose(cold.bse, warm.bse, atol=1e-8)
    assert abs(cold.params["x"] - 0.8) < 0.1  # and it recovers the simulated slope
