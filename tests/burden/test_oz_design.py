"""O&Z as O&Z ran it: member rule (armed forces), source choices, sensitivity, leave-one-out, bad input."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancestats.burden.economics import Economics
from alliancestats.burden.oz import oz_test, spearman
from alliancestats.burden.oz_design import (BURDEN_SOURCES, SIZE_SOURCES, armed_forces_status, excluded_spells,
                                            oz_leave_one_out, oz_member_data, oz_rank_test, oz_sensitivity)
from alliancestats.errors import ModelInputError, OptionError

# five members in 1964: 395 ("Iceland") has no armed forces and zero spending, so a derived burden 0
GDP = {2: 600.0, 200: 100.0, 220: 90.0, 325: 60.0, 395: 1.0}
BURDEN = {2: 0.08, 200: 0.06, 220: 0.05, 325: 0.03, 395: 0.0}
MILEX = {c: GDP[c] * BURDEN[c] for c in GDP}


def _econ() -> Economics:
    rows = []
    for c in GDP:
        rows.append((c, 1964, "gdp_current_usd_m", "wdi2018_gdp_current_usd", GDP[c]))
        rows.append((c, 1964, "milex_current_usd_m", "sipri_current_usd_m", MILEX[c]))
        if c == 395:
            rows.append((c, 1964, "burden", "derived_milex_over_gdp", 0.0))
        else:
            rows.append((c, 1964, "burden", "sipri_share_of_gdp", BURDEN[c]))
            # a second burden source that reverses two members
            rows.append((c, 1964, "burden", "wdi2022_milex_pct_gdp", {2: 0.03, 200: 0.06, 220: 0.05, 325: 0.08}[c]))
    d = pd.DataFrame(rows, columns=["ccode", "year", "concept", "series", "value"])
    d = d.assign(source="x", unit="u", flag=pd.array([None] * len(d), dtype="string"))
    d["ccode"] = d["ccode"].astype("Int16")
    d["year"] = d["year"].astype("Int16")
    return Economics(d[["ccode", "year", "concept", "series", "source", "unit", "value", "flag"]],
                     pd.DataFrame())


def _members(year=1964):
    return pd.DataFrame({"alliance": "nato", "ccode": list(GDP), "year": year})


PERSONNEL = pd.DataFrame({"ccode": [2, 200, 220, 325, 395], "year": 1964, "milper": [2700.0, 400, 500, 300, 0]})


def test_armed_forces_status_by_hand():
    sp = pd.DataFrame({"ccode": [2, 395, 20], "year": [1964, 1964, 1964], "value": [10.0, 0.0, 5.0]})
    m = pd.DataFrame({"alliance": "a", "ccode": [2, 395, 20, 99], "year": 1964})
    pe = pd.DataFrame({"ccode": [2, 395], "year": [1964, 1964], "milper": [10.0, 0.0]})
    s = armed_forces_status(m, sp, pe).set_index("ccode")
    assert bool(s.loc[2, "has_armed_forces"]) and not bool(s.loc[395, "has_armed_forces"])
    assert s.loc[395, "armed_forces_basis"] == "NMC military personnel = 0"
    # no NMC record: spending decides; neither: unknown (NA, kept by the rule)
    assert bool(s.loc[20, "has_armed_forces"]) and s.loc[20, "armed_forces_basis"].startswith("no NMC record")
    assert pd.isna(s.loc[99, "has_armed_forces"]) and s.loc[99, "armed_forces_basis"].startswith("unknown")


def test_rank_test_leaves_out_members_without_armed_forces():
    e = _econ()
    r = oz_rank_test(_members(), e, personnel=PERSONNEL, n_perm=99)
    t = r.table.iloc[0]
    assert t["n"] == 4 and t["n_members"] == 4
    # the four with forces are perfectly concordant: GDP and burden ranks agree
    assert t["spearman"] == pytest.approx(1.0)
    assert r.excluded["ccode"].tolist() == [395]
    assert "no armed forces" in r.excluded["reason"].iat[0]
    every = oz_rank_test(_members(), e, personnel=PERSONNEL, member_rule="all", n_perm=99).table.iloc[0]
    # with the zero-burden member (smallest GDP, smallest burden) still concordant, n = 5
    assert every["n"] == 5 and every["spearman"] == pytest.approx(1.0)
    # the spending rule reaches the same exclusion without NMC
    sp = oz_rank_test(_members(), e, member_rule="positive_spending", n_perm=99)
    assert sp.excluded["ccode"].tolist() == [395]
    spells = excluded_spells(r.excluded)
    assert spells == [{"alliance": "nato", "ccode": 395, "first_year": 1964, "last_year": 1964, "n_years": 1,
                       "reason": r.excluded["reason"].iat[0]}]


def test_burden_source_choice_changes_the_ranking():
    r = oz_rank_test(_members(), _econ(), burden="wdi2022", personnel=PERSONNEL, n_perm=99).table.iloc[0]
    # ranks by GDP: 2 > 200 > 220 > 325; WDI burden: 325 > 200 > 220 > 2
    assert r["spearman"] == pytest.approx(spearman([600, 100, 90, 60], [0.03, 0.06, 0.05, 0.08]))
    assert r["spearman"] < 0


def test_unknown_names_raise_listing_valid_ones():
    with pytest.raises(OptionError, match="'best', 'sipri'"):
        oz_member_data(_members(), _econ(), burden="sipri2030")
    with pytest.raises(OptionError, match="wdi2018"):
        oz_member_data(_members(), _econ(), size="gnp")
    with pytest.raises(OptionError, match="armed_forces"):
        oz_member_data(_members(), _econ(), member_rule="navy_only")
    with pytest.raises(OptionError):
        oz_sensitivity(_members(), _econ(), sizes=["best", "nope"])


def test_sensitivity_table_covers_every_combination_and_reports_missing_sources():
    s = oz_sensitivity(_members(), _econ(), sizes=["best", "nato"], burdens=["sipri", "wdi2022"],
                       personnel=PERSONNEL, n_perm=99)
    assert len(s) == 2 * 2 * 2
    ok = s[s["status"] == "ok"]
    assert set(ok["size_source"]) == {"best"}  # no NATO GDP in 1964
    assert s.loc[s["size_source"] == "nato", "status"].str.startswith("skipped").all()
    row = ok[(ok["burden_source"] == "sipri") & (ok["member_rule"] == "armed_forces")].iloc[0]
    assert row["n"] == 4 and row["n_excluded"] == 1 and row["spearman"] == pytest.approx(1.0)
    assert set(SIZE_SOURCES) >= {"best", "wdi2018", "nato", "sipri_implied", "maddison_ppp"}
    assert set(BURDEN_SOURCES) >= {"best", "sipri", "nato", "wdi2022", "wdi2018", "derived"}


def test_fewer_than_three_members_is_a_reported_skip():
    d = pd.DataFrame({"alliance": ["a", "a", "a"], "year": 1990, "gdp": [1.0, 2.0, np.nan],
                      "burden": [0.1, 0.2, 0.3]})
    r = oz_test(d)
    assert np.isnan(r.table["spearman"].iat[0])
    assert r.table["status"].iat[0].startswith("skipped: 2 member(s)")
    assert any("skipped" in n for n in r.notes)
    assert r.stats_dict()["oz_status_a_1990"].startswith("skipped")


def test_leave_one_out_by_hand_and_sign_flip():
    d = pd.DataFrame({"ccode": [1, 2, 3, 4, 5], "size": [1.0, 2, 3, 4, 100], "burden": [5.0, 4, 3, 2, 50]})
    loo = oz_leave_one_out(d)
    # size ranks 1..5, burden ranks 4,3,2,1,5: sum d^2 = 9+1+1+9+0 = 20, rho = 1 - 6*20/(5*24) = 0
    assert loo["spearman"].iat[0] == pytest.approx(0.0)
    # without member 5 the other four are perfectly discordant: rho = -1
    by = loo.iloc[1:].set_index("dropped")
    assert by.loc[5, "spearman"] == pytest.approx(-1.0)
    # without member 1: size 2,3,4,100 vs burden 4,3,2,50 -> ranks 1..4 vs 3,2,1,4: d^2 = 4+0+4+0, rho = 0.2
    assert by.loc[1, "spearman"] == pytest.approx(1 - 6 * 8 / (4 * 15))
    with pytest.raises(ModelInputError):
        oz_leave_one_out(d.head(3))
