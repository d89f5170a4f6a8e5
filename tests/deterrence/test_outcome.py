"""The initiation outcome and the sample rules on the hand-built deterrence world (conftest.py)."""
import pandas as pd
import pytest

import alliancestats as als
from alliancestats.deterrence import add_initiation, estimation_sample
from det_world import det_world  # noqa: F401  (the hand-built world fixture)
from alliancestats.errors import OptionError


def frame(world, start=1900, end=1910, **kw):
    return add_initiation(als.create_dyad_years(True, start, end, data_dir=world), **kw)


def row(d, c1, c2, y):
    r = d[(d["ccode1"] == c1) & (d["ccode2"] == c2) & (d["year"] == y)]
    assert len(r) == 1, (c1, c2, y)
    return r.iloc[0]


def test_originator_vs_originator_default(det_world):
    d = frame(det_world)
    r = row(d, 2, 200, 1902)
    assert r["initiation"] == 1 and r["initiation_dispnum"] == 10
    assert r["initiation_date"] == pd.Timestamp("1902-03-01")
    assert row(d, 2, 20, 1902)["initiation"] == 0  # 20 joined side B: not a target (Leeds 2003)
    assert row(d, 200, 2, 1902)["initiation"] == 0  # the target did not initiate
    assert int(d["initiation"].sum()) == 4  # 2->200 1902, 300->200 and 300->400 1904, 2->400 1905


def test_joiner_target_variant(det_world):
    d = frame(det_world, target="side_b")
    r = row(d, 2, 20, 1902)
    assert r["initiation"] == 1 and r["initiation_date"] == pd.Timestamp("1902-04-01")  # the day 20 joined
    assert int(d["initiation"].sum()) == 5


def test_multiparty_dispute_participants_vs_maoz(det_world):
    gml = frame(det_world)
    assert row(gml, 300, 200, 1904)["initiation"] == 1 and row(gml, 300, 400, 1904)["initiation"] == 1
    maoz = frame(det_world, source="maoz")
    # Maoz lists only the dyad that confronted each other
    assert row(maoz, 300, 200, 1904)["initiation"] == 1 and row(maoz, 300, 400, 1904)["initiation"] == 0
    assert row(maoz, 2, 20, 1902)["initiation"] == 0  # role 4: a target-side joiner
    assert row(frame(det_world, source="maoz", target="side_b"), 2, 20, 1902)["initiation"] == 1
    assert int(maoz["initiation"].sum()) == 3


def test_carried_over_dispute_years(det_world):
    d = frame(det_world)
    assert row(d, 2, 400, 1905)["dispute_carried"] == 0 and row(d, 2, 400, 1906)["dispute_carried"] == 1
    assert row(d, 400, 2, 1906)["dispute_carried"] == 1 and row(d, 2, 400, 1906)["initiation"] == 0
    s, dropped = estimation_sample(d)
    assert dropped == {"outcome_missing": 0, "dispute_carried_over": 2}
    assert len(s) == len(d) - 2
    s, dropped = estimation_sample(d, ongoing="keep")
    assert len(s) == len(d) and "dispute_carried_over" not in dropped


def test_state_at_war_on_1_january(det_world):
    d = frame(det_world)
    # 200's war runs 1903-06-01 .. 1905-03-01: at war on 1 January 1904 and 1905 only
    assert row(d, 2, 200, 1903)["at_war"] == 0
    assert row(d, 2, 200, 1904)["at_war"] == 1 and row(d, 200, 300, 1905)["at_war"] == 1
    assert row(d, 2, 200, 1906)["at_war"] == 0 and row(d, 2, 20, 1904)["at_war"] == 0
    s, dropped = estimation_sample(d, at_war="drop")
    assert dropped["state_at_war_on_1_january"] == 2 * 2 * 4  # 200 with four others, both directions, two years
    assert not ((s["year"].isin([1904, 1905])) & ((s["ccode1"] == 200) | (s["ccode2"] == 200))).any()


def test_world_war_years_and_coverage(det_world):
    d = frame(det_world, 1913, 1915)
    assert d.groupby("year")["world_war"].max().to_dict() == {1913: 0, 1914: 1, 1915: 1}
    s, dropped = estimation_sample(d, world_wars="drop")
    assert set(s["year"]) == {1913} and dropped["world_war_years"] == 2 * 20
    late = frame(det_world, 2008, 2011)
    # COW wars end in 2007 and GML in 2010: NA there, never 0
    assert late["at_war"].isna().all()
    assert late.loc[late["year"] == 2011, "initiation"].isna().all()
    assert (late.loc[late["year"] == 2010, "initiation"] == 0).all()


def test_bad_options_name_the_valid_values(det_world):
    with pytest.raises(OptionError, match="'gml', 'cow', 'maoz'"):
        frame(det_world, source="mida")
    with pytest.raises(OptionError, match="side_b"):
        frame(det_world, target="joiner")
    with pytest.raises(OptionError, match="'drop', 'keep'"):
        estimation_sample(frame(det_world), ongoing="yes")


def test_replication_years_outside_the_data(det_world):
    from alliancestats.deterrence.replications import bremer_dangerous_dyads, johnson_leeds2011, leeds2003

    with pytest.raises(OptionError, match="outside the replication's data 1816-2010"):
        leeds2003(det_world, start=1800)
    with pytest.raises(als.AllianceStatsError, match="choose years inside"):
        johnson_leeds2011(det_world, end=2015)
    with pytest.raises(als.AllianceStatsError, match="1816-2010"):
        bremer_dangerous_dyads(det_world, start=1790)
